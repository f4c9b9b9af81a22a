#!/bin/bash
# The kstack refusals that cannot be undone until reboot, in a guest of
# their own (Debian's kernel): lockdown=confidentiality refuses every
# command of a descriptor opened before it (kstack_lockdown), and Yama's
# ptrace_scope 3 refuses everyone, root included (kstack_yama with
# DS_KSTACK_YAMA3=1).  The lockdown test runs last: a locked-down guest
# loads no more modules.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$("$repo/scripts/vm-run" -- sh -c "DS_KSTACK_YAMA3=1 '$repo/tests/run-suite' --tag oneway --no-m32 --only kstack_yama && DS_KSTACK_LOCKDOWN=1 '$repo/tests/run-suite' --tag oneway --no-m32 --only kstack_lockdown" 2>&1)
rc=$?
echo "$out"
[ $rc = 0 ] || { echo "FAIL: guest exit $rc"; exit 1; }
case "$out" in *"SKIP  [oneway] kstack_"*) echo "SKIP: a one-way test skipped (see above)"; exit 77 ;; esac
echo "$out" | grep -q "PASS  \[oneway\] kstack_yama" || { echo "FAIL: kstack_yama did not pass"; exit 1; }
echo "$out" | grep -q "PASS  \[oneway\] kstack_lockdown" || { echo "FAIL: kstack_lockdown did not pass"; exit 1; }
echo ok
