#!/bin/bash
# The guest runner: exit status passes through, a host-built program runs at
# its own path, one under a path the guest does not share is refused with a
# clear message, --icount refuses several vCPUs, and a kernel WARNING fails
# the run.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }

dir=$repo/build/host-tests
mkdir -p "$dir"
printf '#include <stdio.h>\nint main(void) { puts("built on the host"); return 0; }\n' >"$dir/hello.c"
gcc -o "$dir/hello" "$dir/hello.c" || fail "cannot compile"

out=$("$repo/scripts/vm-run" -- sh -c "'$dir/hello' && exit 7")
rc=$?
[ $rc = 7 ] || fail "exit status: want 7, got $rc"
[ "$out" = "built on the host" ] || fail "program output: '$out'"

err=$("$repo/scripts/vm-run" -- /var/tmp/hello 2>&1 >/dev/null)
rc=$?
[ $rc = 2 ] || fail "a program under /var/tmp: want exit 2, got $rc"
case "$err" in *"/var/tmp/hello is not shared with the guest"*) ;;
*) fail "a program under /var/tmp: '$err'" ;; esac
err=$("$repo/scripts/vm-run" --icount --smp 2 -- true 2>&1 >/dev/null)
rc=$?
[ $rc = 2 ] || fail "--icount --smp 2: want exit 2, got $rc"
case "$err" in *"--icount needs one vCPU"*) ;; *) fail "--icount --smp 2: '$err'" ;; esac
out=$("$repo/scripts/vm-run" --icount -- sh -c 'grep -c ^processor /proc/cpuinfo')
[ "$out" = 1 ] || fail "--icount: $out vCPUs, want 1"

kmod=$("$repo/scripts/kmod-dir" "$("$repo/scripts/default-kdir")")
warn=$repo/build/kmod/$kmod/tests/modules/ds_test_warn.ko
"$repo/scripts/vm-run" -- insmod "$warn" >"$dir/warn.log" 2>&1
rc=$?
[ $rc = 125 ] || fail "a WARN at load must fail the run (125), got $rc"
grep -q "ds_test_warn: deliberate warning" "$dir/warn.log" ||
	fail "the report excerpt is missing"
echo "ok"
