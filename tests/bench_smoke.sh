#!/bin/bash
# The benchmark runs correctly with a tiny iteration count: every contender
# and workload reports (ipcbench itself checks that every message received
# is the one sent, none lost or duplicated), and the report is produced.
. "$(dirname "$0")/lib/tool-test.sh"
set -eu
out=$(mktemp -d /tmp/bench.XXXXXX)
"$DS_BUILD/bench/ipcbench" --scale 0.01 --memory-items 5000 >"$out/run.csv"
for c in datastack datastack_ioctl posix_mq sysv_msg pipe unix_seqpacket; do
	for w in pair stream pingpong contention; do
		grep -q "^$c,$w,8," "$out/run.csv" || { echo "FAIL: no $c $w row"; exit 1; }
	done
done
for w in batch64 create_close open_among_many memory create_while_listing; do
	grep -q "^datastack,$w," "$out/run.csv" || { echo "FAIL: no datastack $w row"; exit 1; }
done
python3 "$DS_REPO/bench/report.py" "$out" "$out/run.csv" "$out/run.csv"
for f in results.csv results.md results.png; do
	[ -s "$out/$f" ] || { echo "FAIL: $f not produced"; exit 1; }
done
grep -q "push+pop pair, 8 B" "$out/results.md" || { echo "FAIL: no target table"; exit 1; }
echo ok
