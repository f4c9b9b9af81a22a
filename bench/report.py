#!/usr/bin/env python3
"""Turns ipcbench CSV output into results.csv, results.md and results.png.

  report.py OUTDIR WALL.csv ICOUNT.csv [--title TEXT]

Figures from the icount run are guest instructions (one guest nanosecond
per executed instruction); figures from the wall run are noisy wall-clock
nanoseconds under QEMU's emulation, given for shape only.
"""
import csv
import os
import subprocess
import sys

SIZES = [8, 64, 1024, 16384, 65536]
CONTENDERS = ["datastack", "datastack_ioctl", "posix_mq", "sysv_msg", "pipe",
              "unix_seqpacket"]


def load(path):
    rows = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            rows[(r["contender"], r["workload"], int(r["size"]), r["metric"])] = float(r["value"])
    return rows


def fmt(v):
    if v is None:
        return "–"
    return f"{v:,.0f}" if abs(v) >= 10 else f"{v:.1f}"


def table(out, title, rows, workload, metric, note=""):
    out.append(f"\n### {title}\n")
    if note:
        out.append(note + "\n")
    out.append("| contender | " + " | ".join(f"{s} B" for s in SIZES) + " |")
    out.append("|---|" + "---:|" * len(SIZES))
    for c in CONTENDERS:
        vals = [rows.get((c, workload, s, metric)) for s in SIZES]
        if any(v is not None for v in vals):
            out.append(f"| {c} | " + " | ".join(fmt(v) for v in vals) + " |")


def target_lines(ic):
    lines = ["\n### Targets (guest instructions, `-icount shift=0`)\n",
             "| target | measured | met |", "|---|---|---|"]
    floor = ic.get(("floor", "getppid", 0, "ns_per_call"))
    pair = ic.get(("datastack", "pair", 8, "ns_per_pair"))
    peers = [ic.get((c, "pair", 8, "ns_per_pair")) for c in
             ("posix_mq", "sysv_msg", "pipe", "unix_seqpacket")]
    peers = [p for p in peers if p]
    if pair and peers:
        best = min(peers)
        lines.append(f"| push+pop pair, 8 B: at most 1,650 (0.7× best peer {best:,.0f}); "
                     f"aim 1,000 (1.5× the 2-syscall floor {2 * floor:,.0f}) | {pair:,.0f} "
                     f"({pair / best:.2f}× best peer, {pair / (2 * floor):.2f}× floor) | "
                     f"{'yes' if pair <= 1650 else 'no'} |")
    b = ic.get(("datastack", "batch64", 8, "items_per_s"))
    mq = ic.get(("posix_mq", "pair", 8, "ns_per_pair"))
    if b and mq:
        mq_ips = 1e9 / mq
        lines.append(f"| batch push/pop, 8 B: ≥ 5× POSIX mq items/s | {b / mq_ips:.1f}× "
                     f"({b:,.0f} vs {mq_ips:,.0f}) | {'yes' if b >= 5 * mq_ips else 'no'} |")
    for wl, metric, what in (("stream", "ns_per_item", "producer→consumer"),
                             ("pingpong", "rtt_median_ns", "ping-pong median")):
        worse = []
        for s in SIZES:
            d = ic.get(("datastack", wl, s, metric))
            m = ic.get(("posix_mq", wl, s, metric))
            if d is not None and m is not None and d > m:
                worse.append(f"{s} B ({d / m:.2f}×)")
        lines.append(f"| {what}: no worse than POSIX mq at any size | "
                     f"{'worse at ' + ', '.join(worse) if worse else 'never worse'} | "
                     f"{'no' if worse else 'yes'} |")
    m = ic.get(("datastack", "memory", 8, "bytes_per_item"))
    q = ic.get(("posix_mq", "memory", 8, "bytes_per_item"))
    if m is not None:
        lines.append(f"| kernel memory per queued 8-byte item ≤ 32 B | {m:.1f} B "
                     f"(POSIX mq {q:.1f} B) | {'yes' if m <= 32 else 'no'} |")
    return lines


def main():
    outdir, wall_csv, icount_csv = sys.argv[1:4]
    title = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--title" else ""
    wall, ic = load(wall_csv), load(icount_csv)
    os.makedirs(outdir, exist_ok=True)

    with open(os.path.join(outdir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["measure", "contender", "workload", "size", "metric", "value"])
        for name, rows in (("icount", ic), ("wall", wall)):
            for (c, wl, s, m), v in sorted(rows.items()):
                w.writerow([name, c, wl, s, m, v])

    out = ["## Benchmark results", ""]
    if title:
        out.append(title + "\n")
    fl = ic.get(("floor", "getppid", 0, "ns_per_call"))
    nop = ic.get(("floor", "ds_nop_ioctl", 0, "ns_per_call"))
    rd = ic.get(("floor", "ds_read_empty", 0, "ns_per_call"))
    out.append(f"Floor: one `getppid()` {fmt(fl)} instructions; one no-op DataStack "
               f"ioctl {fmt(nop)}; one read(2) of an empty non-blocking object "
               f"{fmt(rd)} (the read/write path's own floor). `datastack` uses "
               f"write(2)/read(2) on the object descriptor, `datastack_ioctl` "
               f"DS_IOC_PUSH/DS_IOC_POP.")
    out.extend(target_lines(ic))
    table(out, "Push+pop pair, one thread (instructions per pair)", ic, "pair", "ns_per_pair")
    table(out, "Producer → consumer process (instructions per item)", ic, "stream", "ns_per_item")
    table(out, "Ping-pong round trip, median (instructions)", ic, "pingpong", "rtt_median_ns")
    table(out, "Ping-pong round trip, p99 (instructions)", ic, "pingpong", "rtt_p99_ns")
    table(out, "4 producers + 4 consumers (items per guest-second, icount)", ic,
          "contention", "items_per_s")
    table(out, "Push+pop pair, wall clock (ns, noisy: shape only)", wall, "pair", "ns_per_pair")
    table(out, "Producer → consumer, wall clock (items/s)", wall, "stream", "items_per_s")
    out.append("\n### Batches, names and memory (instructions unless noted)\n")
    out.append("| figure | datastack | posix_mq |")
    out.append("|---|---:|---:|")
    out.append(f"| 8 B items in 64-item PUSHV/POPV batches, per item | "
               f"{fmt(ic.get(('datastack', 'batch64', 8, 'ns_per_item')))} | "
               f"{fmt(ic.get(('posix_mq', 'pair', 8, 'ns_per_pair')))} (one pair) |")
    for wl, what in (("create_close", "create + close of a named object"),
                     ("open_among_many", "open of an existing name among 10,000")):
        out.append(f"| {what} | {fmt(ic.get(('datastack', wl, 8, 'ns_per_op')))} | "
                   f"{fmt(ic.get(('posix_mq', wl, 8, 'ns_per_op')))} |")
    out.append(f"| kernel memory per queued 8-byte item (bytes, slab) | "
               f"{fmt(ic.get(('datastack', 'memory', 8, 'bytes_per_item')))} | "
               f"{fmt(ic.get(('posix_mq', 'memory', 8, 'bytes_per_item')))} |")
    lst = [k for k in ic if k[1] == "create_while_listing" and k[3] == "max_ns"]
    if lst:
        many = lst[0][2]
        g = lambda w, m: ic.get(("datastack", w, many, m))
        out.append(f"\n### Creating among {many:,} objects while another process lists "
                   f"them in a loop (instructions)\n")
        out.append("| one full listing (readdir + DS_IOC_STAT each) | create: median | "
                   "p99 | worst | listings meanwhile |")
        out.append("|---:|---:|---:|---:|---:|")
        out.append(f"| {fmt(g('list', 'ns_per_listing'))} | "
                   f"{fmt(g('create_while_listing', 'median_ns'))} | "
                   f"{fmt(g('create_while_listing', 'p99_ns'))} | "
                   f"{fmt(g('create_while_listing', 'max_ns'))} | "
                   f"{fmt(g('create_while_listing', 'listings_meanwhile'))} |")
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write("\n".join(out) + "\n")

    data = os.path.join(outdir, "pair.dat")
    with open(data, "w") as f:
        for c in CONTENDERS:
            f.write(f'"{c}"\n')
            for s in SIZES:
                v = ic.get((c, "pair", s, "ns_per_pair"))
                if v is not None:
                    f.write(f"{s} {v}\n")
            f.write("\n\n")
    n = len(CONTENDERS)
    plot = (f'set terminal pngcairo size 900,560\nset output "{outdir}/results.png"\n'
            'set logscale xy\nset xlabel "item size (bytes)"\n'
            'set ylabel "guest instructions per push+pop pair"\n'
            'set title "Cost per operation by item size (QEMU -icount, lower is better)"\n'
            'set key top left\nset grid\n'
            f'plot for [i=0:{n - 1}] "{data}" index i using 1:2 with linespoints '
            'title columnheader(1) lw 2\n')
    subprocess.run(["gnuplot"], input=plot, text=True, check=True)


if __name__ == "__main__":
    main()
