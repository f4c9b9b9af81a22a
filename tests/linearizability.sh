#!/bin/bash
# Linearizability, short form (make linearizability runs many long ones):
# concurrent histories of pushes, pops, peeks, clears and queries on LIFO
# and FIFO objects, with and without limits, blocking and not, each checked
# against the sequential specification (docs/linearizability.md) by
# tests/linearizability/check.py; none may be non-linearizable.  Then the
# checker proves itself on real histories: with the test build of the
# module that links every fifth LIFO push under the top item
# (DS_SEED_ORDER_BUG), it must find a violation.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${DS_BUILD:-$repo/build}
rec=$build/linearizability/ds_history
check="python3 $repo/tests/linearizability/check.py"
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$rec" ] || { echo "SKIP: $rec not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
grep -q '^datastack ' /proc/modules || { echo "SKIP: datastack.ko not loaded"; exit 77; }
n=${DS_LIN_HISTORIES:-16}
[ -n "${DS_SLOW:-}" ] && n=${DS_LIN_HISTORIES:-8}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
seed=${DS_LIN_SEED:-$$}
mkdir "$dir/real"
"$rec" --histories "$n" --clients 3 --ops 24 --seed "$seed" --out "$dir/real" ||
	fail "recording (seed $seed)"
$check --quiet "$dir"/real/h-*.txt || fail "a history is not linearizable (seed $seed)"

# The seeded bug: the test build of datastack.ko, swapped in for the run.
ko=$DS_KMOD/seeded/kernel/datastack/datastack.ko
[ -f "$ko" ] || { echo "ok (no seeded build at $ko: its part skipped)"; exit 0; }
mounted=
grep -q ' /dev/datastack datastack ' /proc/mounts && mounted=1
swap() {	# swap KO: the module in use becomes KO
	[ -n "$mounted" ] && { umount /dev/datastack || return 1; }
	rmmod datastack || return 1
	insmod "$1" || return 1
	[ -z "$mounted" ] || mount -t datastack none /dev/datastack
}
normal=$DS_KMOD/kernel/datastack/datastack.ko
swap "$ko" || fail "cannot load the seeded build (is an object open?)"
mkdir "$dir/seeded"
"$rec" --histories 8 --clients 2 --ops 24 --seed "$seed" --out "$dir/seeded"
rc=$?
swap "$normal" || fail "cannot put the module back"
[ $rc = 0 ] || fail "recording on the seeded build"
# Only the LIFO histories (even numbers) can show it.
out=$($check --quiet "$dir"/seeded/h-000[0246].txt)
[ $? = 1 ] || fail "the checker missed the seeded ordering bug:"$'\n'"$out"
echo "$out" | grep -m1 -A3 'NOT LINEARIZABLE'
echo "ok ($n histories linearizable; the seeded bug found)"
