#!/bin/bash
# /dev/kstack is refused (EPERM) once the kernel is locked down for
# confidentiality.  Lockdown cannot be lifted until reboot and stops later
# tests from loading modules, so this runs only when asked:
#   DS_KSTACK_LOCKDOWN=1 scripts/vm-run -- tests/run-suite --only kstack_lockdown
set -u
fail() { echo "FAIL: $*"; exit 1; }
[ "${DS_KSTACK_LOCKDOWN:-}" = 1 ] || { echo "SKIP: set DS_KSTACK_LOCKDOWN=1 (locks the guest down)"; exit 77; }
lock=/sys/kernel/security/lockdown
[ -e "$lock" ] || mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
[ -w "$lock" ] || { echo "SKIP: no $lock"; exit 77; }
[ -c /dev/kstack ] || { echo "SKIP: /dev/kstack absent"; exit 77; }

exec 3</dev/kstack || fail "open before lockdown"
echo confidentiality >"$lock" || fail "cannot lock down"
grep -q '\[confidentiality\]' "$lock" || fail "lockdown: $(cat "$lock")"
err=$( { exec 4</dev/kstack; } 2>&1 ) && fail "opened while locked down"
case "$err" in
*"Operation not permitted"*) ;;
*) fail "want EPERM, got: $err" ;;
esac
exec 3<&-
echo ok
