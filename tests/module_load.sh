#!/bin/bash
# datastack.ko loads and unloads cleanly and registers the "datastack"
# filesystem; it cannot be unloaded while an instance is mounted, nor while
# a descriptor is open (even after a lazy unmount: the descriptor holds the
# instance); the system instance is mounted again at the end.
set -u
ko=$DS_KMOD/kernel/datastack/datastack.ko
sys=/dev/datastack
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$ko" ] || { echo "SKIP: $ko not built"; exit 77; }
refs() { awk '$1 == "datastack" { print $3 }' /proc/modules; }
mounted() { grep -q " $1 datastack " /proc/mounts; }

mounted $sys && { umount $sys || fail "initial umount"; }
grep -q '^datastack ' /proc/modules && { rmmod datastack || fail "initial rmmod"; }
grep -qw datastack /proc/filesystems && fail "filesystem left registered after unload"
mkdir -p $sys
for i in 1 2 3; do
	insmod "$ko" || fail "insmod #$i"
	grep -qw datastack /proc/filesystems || fail "no datastack filesystem after load #$i"
	mount -t datastack none $sys || fail "mount #$i"
	rmmod datastack 2>/dev/null && fail "rmmod succeeded with an instance mounted"
	umount $sys || fail "umount #$i"
	rmmod datastack || fail "rmmod #$i"
done

insmod "$ko" || fail "insmod"
mount -t datastack none $sys || fail "mount"
exec 3>$sys/module_load.$$ || fail "open (O_CREAT) an object"
umount -l $sys || fail "lazy umount"
[ "$(refs)" -ge 1 ] || fail "an open descriptor should hold the module, refs '$(refs)'"
rmmod datastack 2>/dev/null && fail "rmmod succeeded with a descriptor open"
exec 3>&-
for _ in $(seq 50); do
	rmmod datastack 2>/dev/null && break
	sleep 0.1
done
grep -q '^datastack ' /proc/modules && fail "rmmod after the last close"
insmod "$ko" || fail "final insmod"
mount -t datastack none $sys || fail "final mount"
echo ok
