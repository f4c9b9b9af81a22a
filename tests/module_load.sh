#!/bin/bash
# datastack.ko loads and unloads cleanly, creates and removes /dev/datastack,
# and cannot be unloaded while a descriptor is open (module reference count).
set -u
ko=$DS_BUILD/kmod/$(uname -r)/kernel/datastack/datastack.ko
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$ko" ] || { echo "SKIP: $ko not built"; exit 77; }

grep -q '^datastack ' /proc/modules && { rmmod datastack || fail "initial rmmod"; }
[ -e /dev/datastack ] && fail "/dev/datastack left behind after unload"
for i in 1 2 3; do
	insmod "$ko" || fail "insmod #$i"
	[ -c /dev/datastack ] || fail "/dev/datastack missing after load #$i"
	rmmod datastack || fail "rmmod #$i"
	[ -e /dev/datastack ] && fail "/dev/datastack left after unload #$i"
done

insmod "$ko" || fail "insmod"
exec 3</dev/datastack || fail "open"
refs=$(awk '$1 == "datastack" { print $3 }' /proc/modules)
[ "$refs" = 1 ] || fail "an open descriptor should hold one module reference, have '$refs'"
rmmod datastack 2>/dev/null && fail "rmmod succeeded with a descriptor open"
exec 3<&-
rmmod datastack || fail "rmmod after close"
insmod "$ko" || fail "final insmod"
echo ok
