#!/bin/bash
# The benchmark runs correctly with a tiny iteration count: every contender
# and workload reports (ipcbench itself checks that every message received
# is the one sent, none lost or duplicated), and the report is produced.
. "$(dirname "$0")/lib/tool-test.sh"
set -eu
out=$(mktemp -d /tmp/bench.XXXXXX)
"$DS_BUILD/bench/ipcbench" --scale 0.01 --memory-items 5000 --memory-mb 1 --runs 2 >"$out/run.csv"
for c in datastack datastack_ioctl posix_mq sysv_msg pipe unix_seqpacket; do
	for w in pair stream pingpong contention; do
		grep -q "^$c,$w,8," "$out/run.csv" || { echo "FAIL: no $c $w row"; exit 1; }
	done
done
for w in batch64 create_close open_among_many memory create_while_listing; do
	grep -q "^datastack,$w," "$out/run.csv" || { echo "FAIL: no datastack $w row"; exit 1; }
done
# The contention workload's spread over several runs, memory at each size.
grep -q "^datastack,contention,8,runs,2" "$out/run.csv" || { echo "FAIL: contention runs"; exit 1; }
for s in 1024 4096 16384 65536; do
	grep -q "^datastack,memory,$s," "$out/run.csv" || { echo "FAIL: no memory $s row"; exit 1; }
done
# The io_uring contenders, where ipcbench was built with liburing.
if grep -q "^floor,uring_nop," "$out/run.csv"; then
	for c in datastack_uring datastack_uring_cmd pipe_uring; do
		for w in pair stream batch64 event_loop; do
			grep -q "^$c,$w,8," "$out/run.csv" || { echo "FAIL: no $c $w row"; exit 1; }
		done
	done
	grep -q "^datastack_uring_cmdv,batch64,8," "$out/run.csv" || { echo "FAIL: no cmdv row"; exit 1; }
	# No io-wq worker while DataStack's 1,000 pops are pending.
	for c in datastack_uring datastack_uring_cmd; do
		grep -q "^$c,event_loop,8,iou_wrk,0.0$" "$out/run.csv" ||
			{ echo "FAIL: $c event loop had io-wq workers"; exit 1; }
	done
else
	echo "SKIP-part: ipcbench built without liburing"
fi
python3 "$DS_REPO/bench/report.py" "$out" "$out/run.csv" "$out/run.csv"
for f in results.csv results.md results.png; do
	[ -s "$out/$f" ] || { echo "FAIL: $f not produced"; exit 1; }
done
for t in "push+pop pair, 8 B" "4 + 4 contention" "memory ≤ 1.1× payload"; do
	grep -q "$t" "$out/results.md" || { echo "FAIL: no '$t' target"; exit 1; }
done
# The kstack section: one run of each tool, and its report.
rc=0
RUNS=1 "$DS_REPO/bench/kstack-bench" >"$out/kstack.csv" || rc=$?
if [ $rc = 77 ]; then
	echo "SKIP-part: no eu-stack"
else
	[ $rc = 0 ] || { echo "FAIL: kstack-bench exit $rc"; exit 1; }
	for t in eu-stack kstack kstack-kernel kstack-user; do
		grep -q "^$t,1,[0-9]*,[1-9]" "$out/kstack.csv" || { echo "FAIL: no $t run"; cat "$out/kstack.csv"; exit 1; }
	done
	grep -q "^timing,0,.*unwinding user frames" "$out/kstack.csv" || { echo "FAIL: no timing"; exit 1; }
	python3 "$DS_REPO/bench/kstack_report.py" "$out/kstack.csv" "$out/kstack.md"
	grep -q '| `kstack` | 1 |' "$out/kstack.md" || { echo "FAIL: kstack.md"; exit 1; }
fi
echo ok
