#!/bin/bash
# kstack.ko loads and unloads cleanly, creates /dev/kstack (mode 0600) and
# removes it, and cannot be unloaded while a descriptor is open.
set -u
ko=$DS_KMOD/kernel/kstack/kstack.ko
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$ko" ] || { echo "SKIP: $ko not built"; exit 77; }

grep -q '^kstack ' /proc/modules && { rmmod kstack || fail "initial rmmod"; }
[ -e /dev/kstack ] && fail "/dev/kstack left behind after unload"
for i in 1 2 3; do
	insmod "$ko" || fail "insmod #$i"
	[ -c /dev/kstack ] || fail "/dev/kstack missing after load #$i"
	mode=$(stat -c %a /dev/kstack)
	[ "$mode" = 600 ] || fail "/dev/kstack mode $mode, want 600"
	rmmod kstack || fail "rmmod #$i"
	[ -e /dev/kstack ] && fail "/dev/kstack left after unload #$i"
done

insmod "$ko" || fail "insmod"
exec 3</dev/kstack || fail "open"
refs=$(awk '$1 == "kstack" { print $3 }' /proc/modules)
[ "$refs" = 1 ] || fail "an open descriptor should hold one module reference, have '$refs'"
rmmod kstack 2>/dev/null && fail "rmmod succeeded with a descriptor open"
exec 3<&-
rmmod kstack || fail "rmmod after close"
insmod "$ko" || fail "final insmod"
echo ok
