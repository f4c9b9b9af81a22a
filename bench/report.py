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
CONTENDERS = ["datastack", "datastack_ioctl", "datastack_uring", "datastack_uring_cmd",
              "posix_mq", "sysv_msg", "pipe", "pipe_uring", "unix_seqpacket"]
PEERS = ["posix_mq", "sysv_msg", "pipe", "unix_seqpacket"]
MEMORY_SIZES = [8, 513, 1024, 1025, 2049, 4096, 4097, 8193, 16384, 16385, 32769, 65536]
BATCHERS = [("datastack", "DS_IOC_PUSHV + DS_IOC_POPV, 2 syscalls"),
            ("datastack_uring_cmdv", "uring_cmd PUSHV + POPV, 2 SQEs"),
            ("datastack_uring_cmd", "64 uring_cmd PUSH + 64 POP SQEs"),
            ("datastack_uring", "64 WRITE + 64 READ SQEs"),
            ("pipe_uring", "64 WRITE + 64 READ SQEs on a pipe")]


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


def size_header(out, title, note):
    out.append(f"\n### {title}\n")
    if note:
        out.append(note + "\n")
    out.append("| contender | " + " | ".join(f"{s} B" for s in SIZES) + " |")
    out.append("|---|" + "---:|" * len(SIZES))


def table(out, title, rows, workload, metric, note=""):
    size_header(out, title, note)
    for c in CONTENDERS:
        vals = [rows.get((c, workload, s, metric)) for s in SIZES]
        if any(v is not None for v in vals):
            out.append(f"| {c} | " + " | ".join(fmt(v) for v in vals) + " |")


def spread_table(out, title, rows, workload, note=""):
    """Median of the runs, and [min–max] when there were several."""
    size_header(out, title, note)
    for c in CONTENDERS:
        cells = []
        for s in SIZES:
            v = rows.get((c, workload, s, "items_per_s"))
            lo = rows.get((c, workload, s, "items_per_s_min"))
            hi = rows.get((c, workload, s, "items_per_s_max"))
            cell = fmt(v)
            if v is not None and lo is not None and hi is not None and hi > lo:
                cell += f" [{fmt(lo)}–{fmt(hi)}]"
            cells.append(cell)
        if any(c != "–" for c in cells):
            out.append(f"| {c} | " + " | ".join(cells) + " |")


def best_peer(rows, workload, size, metric, low=True):
    vals = [(rows.get((p, workload, size, metric)), p) for p in PEERS]
    vals = [v for v in vals if v[0] is not None]
    if not vals:
        return None, None
    return min(vals) if low else max(vals)


def mark(ok):
    return "yes" if ok else "**no**"


def target_lines(ic, wall):
    lines = ["\n### Targets (guest instructions, `-icount shift=0`, unless noted)\n",
             "| target | measured | met |", "|---|---|---|"]
    floor = ic.get(("floor", "getppid", 0, "ns_per_call"))
    pair = ic.get(("datastack", "pair", 8, "ns_per_pair"))
    best, who = best_peer(ic, "pair", 8, "ns_per_pair")
    rd = ic.get(("floor", "ds_read_empty", 0, "ns_per_call"))
    if pair and best and floor and rd:
        lines.append(f"| push+pop pair, 8 B, write/read: ≤ 1,650 | {pair:,.0f} ({pair / best:.2f}× "
                     f"the best peer, {who} {best:,.0f}; two bare syscalls cost "
                     f"{2 * floor:,.0f}, two empty reads {2 * rd:,.0f}) | {mark(pair <= 1650)} |")
    rings = [(ic.get((c, "pair", 8, "ns_per_pair")), c)
             for c in ("datastack_uring", "datastack_uring_cmd")]
    rings = [r for r in rings if r[0] is not None]
    nop = ic.get(("floor", "uring_nop", 0, "ns_per_call"))
    if rings:
        v, c = min(rings)
        lines.append(f"| push+pop pair, 8 B, through io_uring (32 pairs a submit): ≤ 1,000; "
                     f"moonshot ≤ 700 | {v:,.0f} ({c}; two IORING_OP_NOPs cost "
                     f"{fmt(2 * nop) if nop else '–'}) | {mark(v <= 1000)} |")
    for wl, metric, what, limit, low in (
            ("pingpong", "rtt_median_ns", "ping-pong median ≤ 0.9× POSIX mq", 0.9, True),
            ("stream", "items_per_s", "producer→consumer ≥ 1.1× POSIX mq's rate", 1.1, False)):
        got, missed = [], []
        for s in SIZES:
            d = ic.get(("datastack", wl, s, metric))
            m = ic.get(("posix_mq", wl, s, metric))
            if d is None or m is None:
                continue
            r = d / m
            got.append(f"{s} B {r:.2f}×")
            if (r > limit) if low else (r < limit):
                missed.append(s)
        if got:
            lines.append(f"| {what}, every size | {', '.join(got)} | "
                         f"{mark(not missed)} |")
    for rows, what, limit in ((ic, "icount, 1 vCPU: ≥ 1.2×", 1.2),
                              (wall, "wall clock, 2 vCPUs: ≥ 1.0×", 1.0)):
        got, missed = [], []
        for s in SIZES:
            d = rows.get(("datastack", "contention", s, "items_per_s"))
            b, who = best_peer(rows, "contention", s, "items_per_s", low=False)
            if d is None or b is None:
                continue
            got.append(f"{s} B {d / b:.2f}× ({who})")
            if d / b < limit:
                missed.append(s)
        if got:
            lines.append(f"| 4 + 4 contention, {what} the best peer, every size (medians) | "
                         f"{', '.join(got)} | {mark(not missed)} |")
    for c in ("datastack_uring_cmd", "datastack_uring"):
        p = ic.get((c, "event_loop", 8, "pending"))
        if p is None:
            continue
        t = ic.get((c, "event_loop", 8, "tasks"))
        w = ic.get((c, "event_loop", 8, "iou_wrk"))
        lines.append(f"| event loop ({c}): 1,000 pending pops, 0 threads blocked, 0 io-wq "
                     f"workers | {p:,.0f} pending, {t - 1:,.0f} other threads, {w:,.0f} "
                     f"iou-wrk | {mark(p >= 1000 and t == 1 and w == 0)} |")
    m = ic.get(("datastack", "memory", 8, "bytes_per_item"))
    q = ic.get(("posix_mq", "memory", 8, "bytes_per_item"))
    if m is not None:
        # A memory cgroup charges each slab object its size plus its own
        # 8-byte object-cgroup pointer; the item is what remains.
        lines.append(f"| kernel memory per queued 8-byte item ≤ 32 B | {m:.1f} B charged, "
                     f"{m - 8:.1f} B of it the item's (8 B is the memcg's per-object "
                     f"pointer); POSIX mq {fmt(q)} B | {mark(m - 8 <= 32)} |")
    for sizes, limit in (((4096, 16384, 65536), 1.1), ((1024,), 1.25)):
        got = [(ic.get(("datastack", "memory", s, "bytes_per_item")), s) for s in sizes]
        got = [(v / s, s) for v, s in got if v is not None]
        if got:
            lines.append(f"| memory ≤ {limit}× payload at "
                         f"{', '.join(f'{s // 1024} KiB' for _, s in got)} | "
                         f"{', '.join(f'{r:.2f}×' for r, _ in got)} | "
                         f"{mark(all(r <= limit for r, _ in got))} |")
    between = [(ic.get(("datastack", "memory", s, "bytes_per_item")), s)
               for s in MEMORY_SIZES if s > 8]
    between = [(v / s, s) for v, s in between if v is not None]
    if between:
        r, s = max(between)
        lines.append(f"| memory: the worst size measured from 513 B to 64 KiB (reported) | "
                     f"{s:,} B: {r:.2f}× payload | – |")
    return lines


def memory_table(out, ic):
    have = [s for s in MEMORY_SIZES if ("datastack", "memory", s, "bytes_per_item") in ic]
    if not have:
        return
    out.append("\n### Kernel memory per queued item (bytes; × payload)\n")
    out.append("What the memory cgroup of the pushing process is charged per item queued "
               "(pages and slab objects alike; each slab object's charge includes an "
               "8-byte memcg pointer).\n")
    out.append("| item size | datastack | posix_mq |")
    out.append("|---:|---:|---:|")
    for s in have:
        cells = []
        for c in ("datastack", "posix_mq"):
            v = ic.get((c, "memory", s, "bytes_per_item"))
            cells.append("–" if v is None else f"{fmt(v)} ({v / s:.2f}×)")
        out.append(f"| {s:,} B | " + " | ".join(cells) + " |")


def uring_tables(out, ic):
    rows = [(c, what, ic.get((c, "batch64", 8, "ns_per_item"))) for c, what in BATCHERS]
    if any(v is not None for _, _, v in rows):
        out.append("\n### 64 8-byte items pushed and popped per round (instructions per item)\n")
        out.append("| contender | how | per item |")
        out.append("|---|---|---:|")
        for c, what, v in rows:
            if v is not None:
                out.append(f"| {c} | {what} | {fmt(v)} |")
    loops = [c for c in CONTENDERS if (c, "event_loop", 8, "pending") in ic]
    if loops:
        out.append("\n### Event loop: one thread, 1,000 channels, a pop pending on each in one "
                   "ring, items written by another process\n")
        out.append("| contender | completions per guest-second | pending | tasks of the "
                   "process (most seen) | iou-wrk threads |")
        out.append("|---|---:|---:|---:|---:|")
        for c in loops:
            g = lambda m: fmt(ic.get((c, "event_loop", 8, m)))
            out.append(f"| {c} | {g('completions_per_s')} | {g('pending')} | {g('tasks')} | "
                       f"{g('iou_wrk')} |")


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
               f"{fmt(rd)} (the read/write path's own floor); one IORING_OP_NOP, 64 a "
               f"submit, {fmt(ic.get(('floor', 'uring_nop', 0, 'ns_per_call')))}. "
               f"`datastack` uses write(2)/read(2) on the object descriptor, "
               f"`datastack_ioctl` DS_IOC_PUSH/DS_IOC_POP, `datastack_uring` IORING_OP_WRITE/"
               f"READ and `datastack_uring_cmd` its uring_cmd PUSH/POP (32 pairs a submit); "
               f"`pipe_uring` is a packet-mode pipe through WRITE/READ.")
    out.extend(target_lines(ic, wall))
    table(out, "Push+pop pair, one thread (instructions per pair)", ic, "pair", "ns_per_pair")
    table(out, "Producer → consumer process (instructions per item)", ic, "stream", "ns_per_item")
    table(out, "Ping-pong round trip, median (instructions)", ic, "pingpong", "rtt_median_ns")
    table(out, "Ping-pong round trip, p99 (instructions)", ic, "pingpong", "rtt_p99_ns")
    spread_table(out, "4 producers + 4 consumers, icount, 1 vCPU (items per guest-second)",
                 ic, "contention", "Median of the runs [lowest–highest].")
    spread_table(out, "4 producers + 4 consumers, wall clock, 2 vCPUs (items per second)",
                 wall, "contention", "Median of the runs [lowest–highest]; noisy.")
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
    uring_tables(out, ic)
    memory_table(out, ic)
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
