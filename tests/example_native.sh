#!/bin/bash
# examples/native (the native-API flow: NtCreateDataStack ... each
# NtQueryInformationDataStack class, the size-first pop, STATUS_PIPE_EMPTY)
# and examples/part4 (wait before each pop, query as it goes, destroy with
# the last handle): their outputs, line by line.
. "$(dirname "$0")/lib/tool-test.sh"	# the examples' output: not on slow kernels
set -u
build=${DS_BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build}
fail() { echo "FAIL: $*"; exit 1; }
grep -q " /dev/datastack datastack " /proc/mounts || { echo "SKIP: no DataStack instance at /dev/datastack"; exit 77; }
[ -x "$build/examples/native" ] && [ -x "$build/examples/part4" ] || { echo "SKIP: examples not built"; exit 77; }
[ -e /dev/datastack/mydatastack ] && { echo "SKIP: MyDataStack is in use"; exit 77; }

got=$(DATASTACK_DIR= "$build/examples/native" "Native_Example.$$") || fail "native: $got"
want="Created the data stack
Items: 3, total size: 42 bytes
Limits: item size 64, items 10, total 1024
Popped 14 bytes: item number 3
Popped 14 bytes: item number 2
Popped 14 bytes: item number 1
Empty: status 0xC00000D9 (STATUS_PIPE_EMPTY), error 232"
[ "$got" = "$want" ] || fail "native printed:"$'\n'"$got"$'\n'"want:"$'\n'"$want"
[ -e "/dev/datastack/native_example.$$" ] && fail "the native example's object outlived its handle"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Waits with builtins only (an exec can cost seconds on a loaded machine);
# the pusher holds its handle 4 s, for the popper's start.
mkfifo "$dir/never" && exec 9<>"$dir/never"
nap() { read -r -t "$1" -u 9 _; }
DATASTACK_DIR= "$build/examples/part4" push 4 >"$dir/push" 2>&1 &
pusher=$!
for ((end = SECONDS + 60; SECONDS < end; )); do
	[ -e /dev/datastack/mydatastack ] && break
	nap 0.05
done
[ -e /dev/datastack/mydatastack ] || fail "the pusher made no object (stored folded)"
# Its pushes are done before the popper looks: 11 items, 59 bytes held.
for ((end = SECONDS + 60; SECONDS < end; )); do
	[ "$(stat -c %s /dev/datastack/mydatastack)" = 59 ] && break
	nap 0.2
done
DATASTACK_DIR= "$build/examples/part4" pop >"$dir/pop" 2>&1 || fail "popper: $(cat "$dir/pop")"
wait $pusher || fail "pusher: $(cat "$dir/push")"
[ "$(sed -n 1p "$dir/push")" = "Created the data stack" ] || fail "pusher: $(cat "$dir/push")"
grep -qx 'Config: max item size 0, max items 100, max size 10485760; 11 items, 59 bytes' "$dir/push" ||
	fail "pusher's state: $(cat "$dir/push")"
[ "$(sed -n 1p "$dir/pop")" = "Opened the data stack" ] || fail "popper: $(cat "$dir/pop")"
got=$(grep '^Popped' "$dir/pop")
want=$( (for i in $(seq 10 -1 1); do echo "Popped 4 bytes: $i"; done
	echo 'Popped 19 bytes: Hello, data stack!'))
[ "$got" = "$want" ] || fail "popped:"$'\n'"$got"
[ "$(grep -c '^Config: ' "$dir/pop")" = 11 ] || fail "a query before each pop: $(cat "$dir/pop")"
grep -qx 'Config: max item size 0, max items 100, max size 10485760; 1 items, 19 bytes' "$dir/pop" ||
	fail "the last query: $(cat "$dir/pop")"
[ "$(tail -n 1 "$dir/pop")" = "No item for 5 seconds: done" ] || fail "popper's end: $(cat "$dir/pop")"
# Destroy: with the last handle the object and its items went.
[ -e /dev/datastack/mydatastack ] && fail "MyDataStack outlived its last handle"
echo ok
