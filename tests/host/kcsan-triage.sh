#!/bin/bash
# scripts/kcsan-triage sorts KCSAN reports as vm-run needs: a race whose
# access is in our module is ours (fails the run); one wholly in the core
# kernel is "via" when our code called it and "core" when not; --strip
# leaves the rest of the log for the usual check, with no "BUG:" of KCSAN
# left in it; a console log's carriage returns do not split a report.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
bar='[    1.0] =================================================================='
{
	echo '[    0.5] booting'
	echo "$bar"
	echo '[    1.0] BUG: KCSAN: data-race in tick_nohz_idle_got_tick / tick_sched_do_timer'
	echo '[    1.0]  tick_sched_do_timer+0x1/0x2'
	echo "$bar"
	echo '[    2.0] between'
	echo "$bar"
	echo '[    3.0] BUG: KCSAN: data-race in hrtimer_wakeup / schedule_hrtimeout_range_clock'
	echo '[    3.0]  ds_sleep+0x112/0x2a0 [datastack]'
	echo "$bar"
	printf '%s\r\n' "$bar"
	printf '%s\r\n' '[    4.0] BUG: KCSAN: data-race in ds_file_ioctl [datastack] / ds_file_ioctl [datastack]'
	printf '%s\r\n' '[    4.0]  ds_file_ioctl+0x394/0x460 [datastack]'
	printf '%s\r\n' "$bar"
	echo '[    5.0] after'
} >"$log"
got=$("$repo/scripts/kcsan-triage" "$log" "$log")
want='core data-race in tick_nohz_idle_got_tick / tick_sched_do_timer
ours data-race in ds_file_ioctl [datastack] / ds_file_ioctl [datastack]
via data-race in hrtimer_wakeup / schedule_hrtimeout_range_clock'
[ "$got" = "$want" ] || fail "triage gave:
$got"
stripped=$("$repo/scripts/kcsan-triage" --strip "$log")
grep -q KCSAN <<<"$stripped" && fail "--strip left a report: $stripped"
for l in booting between after; do
	grep -q "$l" <<<"$stripped" || fail "--strip lost the line '$l'"
done
ours=$("$repo/scripts/kcsan-triage" --ours "$log")
[ "$(grep -c 'BUG: KCSAN' <<<"$ours")" = 1 ] && grep -q 'ds_file_ioctl+0x394' <<<"$ours" ||
	fail "--ours gave: $ours"
echo ok
