#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Linearizability checker for DataStack histories (docs/linearizability.md).

A history is what ds_history prints: a header line

    # object lifo|fifo max_items N max_bytes N

and one line per completed operation,

    CLIENT OP VALUE SIZE RESULT CALL_NS RETURN_NS

with OP one of push, pop, peek, clear, query; RESULT ok or full (push),
a value or empty (pop, peek), a count (clear, query).  The check is the
Wing-Gong search with Lowe's memoisation (as Knossos and Porcupine do it):
a depth-first search for an order of the operations that respects real
time (an operation that returned before another was called comes first)
and that the sequential specification accepts, caching each (set of
operations placed, object state) already explored.  A search that needs
more than --budget steps is reported "unknown", not guessed.

Usage: check.py [--budget N] [--quiet] FILE...   exit 0 if every history
       is linearizable or unknown, 1 if one is not, 2 on bad input
       check.py --self-test                     the checker's own tests
"""
import argparse
import sys


class Op:
    __slots__ = ("client", "op", "value", "size", "result", "call", "ret", "index")

    def __init__(self, client, op, value, size, result, call, ret):
        self.client, self.op, self.value, self.size = client, op, value, size
        self.result, self.call, self.ret = result, call, ret
        self.index = -1

    def __repr__(self):
        v = "" if self.op in ("clear", "query", "pop", "peek") else " %d" % self.value
        return "c%d %s%s -> %s [%d, %d]" % (self.client, self.op, v, self.result,
                                           self.call, self.ret)


class Spec:
    """The sequential specification: the items bottom..top (LIFO) or
    oldest..newest (FIFO), as (value, size) pairs."""

    def __init__(self, fifo=False, max_items=0, max_bytes=0):
        self.fifo, self.max_items, self.max_bytes = fifo, max_items, max_bytes

    def step(self, state, op):
        """The state after op, or None if op's result is impossible here."""
        if op.op == "push":
            used = sum(s for _, s in state)
            full = ((self.max_items and len(state) >= self.max_items) or
                    (self.max_bytes and used + op.size > self.max_bytes))
            if full:
                return state if op.result == "full" else None
            return state + ((op.value, op.size),) if op.result == "ok" else None
        if op.op in ("pop", "peek"):
            if not state:
                return state if op.result == "empty" else None
            top = state[0] if self.fifo else state[-1]
            if op.result != top[0]:
                return None
            if op.op == "peek":
                return state
            return state[1:] if self.fifo else state[:-1]
        if op.op == "clear":
            return () if op.result == len(state) else None
        if op.op == "query":
            return state if op.result == len(state) else None
        raise ValueError("unknown operation %r" % op.op)


def check(ops, spec, budget=200000):
    """'ok', 'unknown' or 'violation', and for a violation the deepest
    point the search reached: (ops placed in order, state, ops that could
    not be placed next)."""
    ops = sorted(ops, key=lambda o: o.call)
    for i, o in enumerate(ops):
        o.index = i
    n = len(ops)
    full = (1 << n) - 1
    seen = set()
    steps = 0
    deepest = (-1, None)
    # Each frame: (placed mask, state, order so far, candidates, next try)
    stack = [(0, (), [], None, 0)]
    while stack:
        mask, state, order, cands, nxt = stack.pop()
        if mask == full:
            return "ok", None
        if cands is None:
            pending = [o for o in ops if not mask >> o.index & 1]
            limit = min(o.ret for o in pending)
            cands = [o for o in pending if o.call <= limit]
        if nxt >= len(cands):
            if len(order) > deepest[0]:
                deepest = (len(order), (list(order), state, cands))
            continue
        stack.append((mask, state, order, cands, nxt + 1))
        steps += 1
        if steps > budget:
            return "unknown", None
        o = cands[nxt]
        after = spec.step(state, o)
        if after is None:
            continue
        m2 = mask | 1 << o.index
        if (m2, after) in seen:
            continue
        seen.add((m2, after))
        stack.append((m2, after, order + [o], None, 0))
    return "violation", deepest[1]


def parse(lines):
    """(Spec, [Op]) of a history's lines."""
    spec, ops = None, []
    for no, line in enumerate(lines, 1):
        f = line.split()
        if not f:
            continue
        if f[0] == "#":
            if len(f) >= 7 and f[1] == "object":
                spec = Spec(f[2] == "fifo", int(f[4]), int(f[6]))
            continue
        if len(f) != 7:
            raise ValueError("line %d: %r" % (no, line))
        client, op, value, size, result, call, ret = f
        if op in ("clear", "query") or (op in ("pop", "peek") and result != "empty"):
            result = int(result)
        ops.append(Op(int(client), op, int(value), int(size), result, int(call), int(ret)))
    if spec is None:
        raise ValueError("no '# object' header")
    return spec, ops


def minimise(ops, spec, budget):
    """A shorter violation: the shortest prefix by invocation (closed over
    the pushes of the values it pops) that is still not linearizable."""
    ops = sorted(ops, key=lambda o: o.call)
    pushed_at = {o.value: i for i, o in enumerate(ops) if o.op == "push"}
    for k in range(1, len(ops) + 1):
        prefix = ops[:k]
        if any(o.op in ("pop", "peek") and o.result != "empty" and
               pushed_at.get(o.result, k) >= k for o in prefix):
            continue
        if check(prefix, spec, budget)[0] == "violation":
            return prefix
    return ops


def report(name, ops, spec, budget, quiet):
    verdict, where = check(ops, spec, budget)
    if verdict == "violation":
        short = minimise(ops, spec, budget)
        _, where = check(short, spec, budget)
        order, state, cands = where
        print("%s: NOT LINEARIZABLE (%d operations; a violation in the first %d):"
              % (name, len(ops), len(short)))
        for o in short:
            print("    " + repr(o))
        print("  placed in order: " + "; ".join(repr(o) for o in order))
        print("  the state then (%s): %s" % ("oldest first" if spec.fifo else "bottom first",
                                             [v for v, _ in state]))
        print("  none of these fits next: " + "; ".join(repr(o) for o in cands))
    elif not quiet:
        print("%s: %s (%d operations)" % (name, verdict, len(ops)))
    return verdict


def self_test():
    def h(*rows):
        return [Op(c, op, v, 8, r, t0, t1) for c, op, v, r, t0, t1 in rows]
    lifo, fifo = Spec(), Spec(fifo=True)
    one = Spec(max_items=1)
    cases = [
        ("sequential LIFO", lifo, "ok",
         h((0, "push", 1, "ok", 0, 1), (0, "push", 2, "ok", 2, 3),
           (0, "pop", 0, 2, 4, 5), (0, "pop", 0, 1, 6, 7), (0, "pop", 0, "empty", 8, 9))),
        ("LIFO popped in FIFO order", lifo, "violation",
         h((0, "push", 1, "ok", 0, 1), (0, "push", 2, "ok", 2, 3), (0, "pop", 0, 1, 4, 5))),
        ("sequential FIFO", fifo, "ok",
         h((0, "push", 1, "ok", 0, 1), (0, "push", 2, "ok", 2, 3), (0, "pop", 0, 1, 4, 5))),
        ("FIFO popped in LIFO order", fifo, "violation",
         h((0, "push", 1, "ok", 0, 1), (0, "push", 2, "ok", 2, 3), (0, "pop", 0, 2, 4, 5))),
        ("pop overlapping its push", lifo, "ok",
         h((0, "push", 1, "ok", 0, 10), (1, "pop", 0, 1, 5, 6))),
        ("pop returning before its push was called", lifo, "violation",
         h((1, "pop", 0, 1, 0, 1), (0, "push", 1, "ok", 2, 3))),
        ("concurrent pushes, either order", lifo, "ok",
         h((0, "push", 1, "ok", 0, 10), (1, "push", 2, "ok", 0, 10),
           (0, "pop", 0, 1, 11, 12), (0, "pop", 0, 2, 13, 14))),
        ("an item popped twice", lifo, "violation",
         h((0, "push", 1, "ok", 0, 1), (0, "pop", 0, 1, 2, 3), (1, "pop", 0, 1, 2, 4))),
        ("a lost item", lifo, "violation",
         h((0, "push", 1, "ok", 0, 1), (0, "pop", 0, "empty", 2, 3))),
        ("count limit", one, "ok",
         h((0, "push", 1, "ok", 0, 1), (0, "push", 2, "full", 2, 3))),
        ("a push past the count limit", one, "violation",
         h((0, "push", 1, "ok", 0, 1), (0, "push", 2, "ok", 2, 3))),
        ("full while it was not", one, "violation",
         h((0, "push", 1, "full", 0, 1))),
        ("byte limit", Spec(max_bytes=12), "ok",
         h((0, "push", 1, "ok", 0, 1), (0, "push", 2, "full", 2, 3))),
        ("clear before a concurrent push", lifo, "ok",
         h((0, "push", 1, "ok", 0, 10), (1, "clear", 0, 0, 1, 2), (1, "query", 0, 1, 11, 12))),
        ("clear that removed the item it then still counts", lifo, "violation",
         h((0, "push", 1, "ok", 0, 10), (1, "clear", 0, 1, 1, 2), (1, "query", 0, 1, 11, 12))),
        ("peek leaves the item", lifo, "ok",
         h((0, "push", 1, "ok", 0, 1), (0, "peek", 0, 1, 2, 3), (0, "pop", 0, 1, 4, 5))),
        ("peek of a popped item", lifo, "violation",
         h((0, "push", 1, "ok", 0, 1), (0, "pop", 0, 1, 2, 3), (0, "peek", 0, 1, 4, 5))),
    ]
    bad = 0
    for name, spec, want, ops in cases:
        got, _ = check(ops, spec)
        if got != want:
            print("FAIL: %s: %s, want %s" % (name, got, want))
            bad += 1
    # A history too large for the budget is unknown, not guessed.
    many = h(*[(c, "push", c * 100 + i, "ok", 0, 1000) for c in range(6) for i in range(1)] +
             [(6, "query", 0, 6, 1001, 1002)])
    got, _ = check(many, lifo, budget=5)
    if got != "unknown":
        print("FAIL: budget: %s, want unknown" % got)
        bad += 1
    # The minimised violation is the short prefix that shows it.
    ops = h((0, "push", 1, "ok", 0, 1), (0, "push", 2, "ok", 2, 3), (0, "pop", 0, 1, 4, 5),
            (0, "push", 3, "ok", 6, 7), (0, "pop", 0, 3, 8, 9))
    if len(minimise(ops, lifo, 1000)) != 3:
        print("FAIL: minimise")
        bad += 1
    # Round trip through the text form.
    spec, parsed = parse(["# object fifo max_items 3 max_bytes 0",
                          "0 push 5 8 ok 0 1", "1 pop 0 8 5 2 3", "1 pop 0 8 empty 4 5",
                          "0 clear 0 0 0 6 7"])
    if not spec.fifo or spec.max_items != 3 or check(parsed, spec)[0] != "ok":
        print("FAIL: parse")
        bad += 1
    print("%d checker cases, %d failed" % (len(cases) + 3, bad))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=int, default=200000,
                    help="search steps per history before 'unknown' (default 200000)")
    ap.add_argument("--quiet", action="store_true", help="print violations only")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    counts = {"ok": 0, "unknown": 0, "violation": 0}
    for path in a.files:
        try:
            with open(path) as f:
                spec, ops = parse(f)
        except (OSError, ValueError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            return 2
        counts[report(path, ops, spec, a.budget, a.quiet)] += 1
    print("%d histories: %d linearizable, %d unknown, %d not linearizable"
          % (len(a.files), counts["ok"], counts["unknown"], counts["violation"]))
    return 1 if counts["violation"] else 0


if __name__ == "__main__":
    sys.exit(main())
