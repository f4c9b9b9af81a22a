#!/usr/bin/env python3
"""Turns kstack-bench CSV into build/bench/kstack.md.

  kstack_report.py KSTACK.csv OUT.md [--title TEXT]
"""
import csv
import statistics
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    title = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--title" else ""
    runs, timing = {}, []
    with open(src) as f:
        for r in csv.DictReader(f):
            if r["tool"] == "timing":
                timing.append((float(r["ms"]), r["lines"]))
            else:
                runs.setdefault(r["tool"], []).append((float(r["ms"]), int(r["lines"])))
    out = ["# kstack against eu-stack", "", title, "",
           "A 100-thread process (a third blocked in read, a third in poll, a third in "
           "nanosleep, one spinning), wall clock per run, the tools interleaved.", "",
           "| tool | runs | min ms | median ms | max ms | lines | vs eu-stack (median) |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    base = statistics.median(m for m, _ in runs.get("eu-stack", [(0, 0)])) or None
    for tool in ["eu-stack", "kstack", "kstack-kernel", "kstack-user"]:
        if tool not in runs:
            continue
        ms = [m for m, _ in runs[tool]]
        med = statistics.median(ms)
        ratio = f"{med / base:.2f}x" if base else "–"
        out.append(f"| `{tool}` | {len(ms)} | {min(ms):,.0f} | {med:,.0f} | {max(ms):,.0f} | "
                   f"{runs[tool][-1][1]} | {ratio} |")
    if timing:
        out += ["", "Where `kstack PID`'s time goes (`kstack --timing`, one run):", "",
                "| ms | what |", "|---:|---|"]
        out += [f"| {ms:,.1f} | {what} |" for ms, what in timing]
    open(dst, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
