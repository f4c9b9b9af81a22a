#!/bin/bash
# The kstack tool against a process with a thread blocked in a kernel wait
# (tests/kstack_blocked.c --hold; built 64-bit, 32-bit, and a stripped copy):
#  - the blocked thread's kernel frames show the wait function and, less
#    the scheduler's own frames, the same functions as
#    /proc/PID/task/TID/stack; its user frames show the test's functions
#    (for the stripped copy: the object file and an offset);
#  - --json parses (python3), --kernel-only and --user-only do what they say;
#  - the target is left as it was: its threads sleep on, a stopped process
#    stays stopped, the blocked read completes with the data (no EINTR), no
#    signal is added, and signals sent during inspection all arrive;
#  - errors: no such process, not permitted, bad arguments (exit codes);
#  - without kstack.ko the kernel frames come from /proc, and it says so.
# The held target blocks in a pipe read (its release is a write to the pipe).
export KSTACK_BLOCKER=pipe
set -u
KSTACK=$DS_BUILD/bin/kstack
ko=$DS_KMOD/kernel/kstack/kstack.ko
tmp=$(mktemp -d /tmp/kstack_tool.XXXXXX)
T_PID=

cleanup() {
	[ -n "$T_PID" ] && kill -KILL "$T_PID" 2>/dev/null
	grep -q '^kstack ' /proc/modules || insmod "$ko" 2>/dev/null
	rm -rf "$tmp"
}
fail() { echo "FAIL: $*"; cleanup; exit 1; }
trap cleanup EXIT

[ -x "$KSTACK" ] || { echo "SKIP: $KSTACK not built"; exit 77; }
[ -c /dev/kstack ] || { echo "SKIP: /dev/kstack absent"; exit 77; }

# Starts BINARY --hold; sets pid, tid (the blocked thread), fn (its kernel
# wait function).
start_target() {
	coproc T { "$1" --hold 2>&1; }
	read -r -t 120 word pid tid fn <&"${T[0]}" || fail "$1 did not start"
	[ "$word" = READY ] || fail "$1 said: $word $pid $tid $fn"
}

# Releases the target; it must report the read completed normally.
finish_target() {
	local want_rt=$1 result rc
	echo go >&"${T[1]}"
	read -r -t 120 result <&"${T[0]}" || fail "no RESULT from the target"
	wait "$T_PID"
	rc=$?
	T_PID=
	echo "  target: $result"
	case "$result" in
	"RESULT read=4 errno=0 data=ping unexpected=0 rt=$want_rt") ;;
	*) fail "target after inspection: $result (want rt=$want_rt)" ;;
	esac
	[ "$rc" = 0 ] || fail "target exited $rc"
}

# Builtins only where it loops: every exec is slow on a debug kernel.
mkfifo "$tmp/never" && exec 9<>"$tmp/never"
nap() { read -r -t "$1" -u 9 _; }
slow=${DS_SLOW:-}
say() { echo "[${SECONDS}s] $*"; }

# Every thread of pid is in state $1.
all_in_state() {
	local f line s
	for f in /proc/"$pid"/task/*/stat; do
		read -r line <"$f" || return 1
		s=${line##*) }
		[ "${s%% *}" = "$1" ] || return 1
	done
}

wait_state() {
	local i
	for ((i = 0; i < 400; i++)); do
		all_in_state "$1" && return 0
		nap 0.05
	done
	return 1
}

# The JSON checks are queued in $plan and run by one python3 at the end
# (a python3 start takes seconds on a debug kernel).  For the blocked
# thread's frames, /proc/PID/task/TID/stack is saved while it still blocks.
plan=$tmp/plan
nplan=0
: >"$plan"
grep -E ' (__sched_text_start|__sched_text_end|__lock_text_start|__lock_text_end)$' \
	/proc/kallsyms >"$tmp/sched"
# check_json JSON KSOURCE OBJECT USER_FUNCS...
check_json() {
	local n=$((nplan++)) l
	while IFS= read -r l; do
		echo "$l"
	done <"/proc/$pid/task/$tid/stack" >"$tmp/procstack.$n" ||
		fail "read /proc/$pid/task/$tid/stack"
	echo "thread $1 $2 $3 $tmp/procstack.$n $pid $tid $fn ${*:4}" >>"$plan"
}

verify_plan() {
	python3 - "$plan" "$tmp/sched" <<'PY' || fail "JSON checks"
import json, sys
plan, schedfile = sys.argv[1:3]
sym = {}
for line in open(schedfile):
    a, _, n = line.split()[:3]
    sym[n] = int(a, 16)
ranges = [(sym.get("__sched_text_start", 0), sym.get("__sched_text_end", 0)),
          (sym.get("__lock_text_start", 0), sym.get("__lock_text_end", 0))]

# /proc/PID/stack leaves out the scheduler's frames (in_sched_functions).
def sched(f):
    if f["addr"] is None:
        return False
    a = int(f["addr"], 16)
    return any(lo <= a < hi for lo, hi in ranges)

def check_thread(path, ksource, obj, procstack, pid, tid, fn, *want_user):
    pid, tid = int(pid), int(tid)
    d = json.load(open(path))
    assert d["kernel_frames_from"] == ksource, d["kernel_frames_from"]
    p = [p for p in d["processes"] if p["pid"] == pid][0]
    t = [t for t in p["threads"] if t["tid"] == tid][0]
    assert t["state"] == "S", t["state"]
    assert t["name"] == "kst-reader", t["name"]
    kf, uf = t["kernel_frames"], t["user_frames"]
    assert [f["n"] for f in kf + uf] == list(range(len(kf) + len(uf)))
    names = [f["function"] for f in kf]
    assert fn in names, names
    kept = [f["function"] for f in kf if not sched(f)]
    proc = [l.split("] ", 1)[1].split("+")[0] for l in open(procstack)]
    assert kept == proc, (kept, proc)
    ufuncs = [f["function"] for f in uf]
    for w in want_user:
        hits = [f for f in uf if f["function"] == w]
        assert hits, (w, ufuncs)
        assert all(f["object"] == obj for f in hits), hits
    if not want_user:
        # Stripped: the object file and an offset, no name.
        hits = [f for f in uf if f["object"] == obj]
        assert hits and all(f["function"] is None for f in hits), uf
        assert any(f["function"] in ("read", "__libc_read", "__read")
                   for f in uf), ufuncs
    print("  %s: kernel: %s" % (path.split("/")[-1], " ".join(names)))
    print("  %s: user:   %s" % (path.split("/")[-1],
                                " ".join(str(f) for f in ufuncs)))

def kernel_only(path):
    for t in json.load(open(path))["processes"][0]["threads"]:
        assert t["kernel_frames"] and not t["user_frames"], t

def user_only(path):
    d = json.load(open(path))
    assert d["kernel_frames_from"] is None
    for t in d["processes"][0]["threads"]:
        assert t["user_frames"] and not t["kernel_frames"], t

def mixed(path, missing):
    d = json.load(open(path))
    assert d["errors"] == [{"target": int(missing),
                            "error": "no such process"}], d["errors"]
    assert len(d["processes"]) == 1

# A thread name that is not UTF-8 (and has a quote and a backslash): the
# JSON is still valid, each stray byte U+FFFD.
def odd_name(path):
    t = json.load(open(path))["processes"][0]["threads"][0]
    assert t["name"] == "\ufffd\ufffdq\"b\\", repr(t["name"])

for line in open(plan):
    what, *args = line.split()
    try:
        {"thread": check_thread, "kernel_only": kernel_only,
         "user_only": user_only, "mixed": mixed, "odd_name": odd_name}[what](*args)
    except Exception as e:
        print("check failed:", line.strip(), repr(e))
        sys.exit(1)
PY
}

# inspect BINARY KIND: the checks that need a live target.
inspect() {
	local bin=$1 kind=$2 out rc
	start_target "$bin"
	wait_state S || fail "$kind: target threads not all sleeping"
	say "$kind target $pid, blocked thread $tid in $fn"

	out=$tmp/$kind.txt
	"$KSTACK" "$pid" >"$out" 2>"$tmp/err"
	rc=$?
	[ $rc = 0 ] || fail "$kind: kstack exited $rc: $(cat "$tmp/err")"
	[ -s "$tmp/err" ] && fail "$kind: unexpected stderr: $(cat "$tmp/err")"
	grep -q "^  TID $tid kst-reader  state S (sleeping)" "$out" ||
		fail "$kind: no line for thread $tid: $(cat "$out")"
	grep -Eq "^    #[0-9]+ +$fn\+0x[0-9a-f]+$" "$out" ||
		fail "$kind: no $fn frame: $(cat "$out")"
	all_in_state S || fail "$kind: threads not sleeping after kstack"

	"$KSTACK" --json "$pid" >"$tmp/$kind.json" ||
		fail "$kind: kstack --json failed"
	if [ "$kind" = stripped ]; then
		check_json "$tmp/$kind.json" kstack "$bin"
		grep -Eq "^    #[0-9]+ +\?\?\+0x[0-9a-f]+ \($bin\)$" "$out" ||
			fail "stripped: no ??+0x... ($bin) frame: $(cat "$out")"
	else
		check_json "$tmp/$kind.json" kstack "$bin" \
			kstack_blocked_wait kstack_blocked_reader
		grep -Eq "^    #[0-9]+ +kstack_blocked_wait\+0x[0-9a-f]+ \($bin\)$" "$out" ||
			fail "$kind: no kstack_blocked_wait frame: $(cat "$out")"
	fi
	finish_target 0
}

inspect "$DS_BUILD/tests/kstack_blocked" m64
# What only exercises the tool's user-space side (32-bit and stripped
# targets, argument errors, the /proc fallback) is left to the fast run on
# a slow (debug) kernel.
[ -z "$slow" ] && [ -x "$DS_BUILD/tests32/kstack_blocked" ] &&
	inspect "$DS_BUILD/tests32/kstack_blocked" m32
if [ -z "$slow" ] && command -v strip >/dev/null; then
	strip -o "$tmp/kstack_blocked_stripped" "$DS_BUILD/tests/kstack_blocked" ||
		fail "strip"
	inspect "$tmp/kstack_blocked_stripped" stripped
fi

bin=$DS_BUILD/tests/kstack_blocked
start_target "$bin"
wait_state S || fail "target threads not all sleeping"

# --kernel-only never stops the target; --user-only has no kernel frames.
"$KSTACK" --kernel-only --json "$pid" >"$tmp/k.json" || fail "--kernel-only"
"$KSTACK" --user-only --json "$pid" >"$tmp/u.json" || fail "--user-only"
echo "kernel_only $tmp/k.json" >>"$plan"
echo "user_only $tmp/u.json" >>"$plan"

# Signals sent while kstack inspects the process all arrive, once each.
runs=3
[ -n "$slow" ] && runs=1
for i in $(seq $runs); do "$KSTACK" "$pid" >/dev/null || fail "kstack #$i"; done &
kpid=$!
sent=0
while kill -0 $kpid 2>/dev/null && [ $sent -lt 500 ]; do
	kill -s RTMIN+1 "$pid" || fail "kill -s RTMIN+1"
	sent=$((sent + 1))
	nap 0.02
done
wait $kpid || fail "kstack during signals"
say "$sent signals sent during $runs kstack runs"
all_in_state S || fail "threads not sleeping after kstack"

# A stopped process stays stopped.
kill -STOP "$pid"
wait_state T || fail "target did not stop"
"$KSTACK" "$pid" >"$tmp/stopped.txt" || fail "kstack on a stopped process"
grep -q "kstack_blocked_wait+0x" "$tmp/stopped.txt" ||
	fail "no user frames for a stopped process: $(cat "$tmp/stopped.txt")"
nap 0.2
all_in_state T || fail "the stopped process was resumed"
kill -CONT "$pid"
wait_state S || fail "target did not continue"
say "a stopped process stayed stopped"

# Errors and exit codes (tools/common/exitcode.h): 4 no such process, 1 not
# permitted, 2 usage.
"$KSTACK" 2147483 >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 4 ] || fail "missing process: exit $rc"
grep -qx "kstack: 2147483: no such process" "$tmp/err" ||
	fail "missing process: $(cat "$tmp/err")"
if [ -z "$slow" ]; then
	"$KSTACK" --json 2147483 "$pid" >"$tmp/mixed.json" 2>/dev/null
	[ $? = 4 ] || fail "a missing target among others: exit status"
	echo "mixed $tmp/mixed.json 2147483" >>"$plan"
	"$KSTACK" 12abc >/dev/null 2>&1
	[ $? = 2 ] || fail "bad argument: exit status"
	"$KSTACK" >/dev/null 2>&1
	[ $? = 2 ] || fail "no argument: exit status"
	"$KSTACK" --kernel-only --user-only 1 >/dev/null 2>&1
	[ $? = 2 ] || fail "conflicting options: exit status"
	"$KSTACK" --help | grep -q '^Usage: kstack' || fail "--help"
fi
# A thread may rename only itself: a subshell renames itself and waits.
(printf '\xff\xfeq"b\\' >/proc/self/comm; read -r -u 9 _) &
odd=$!
for _ in $(seq 100); do
	read -r c <"/proc/$odd/comm" && [ "$c" != bash ] && break
	nap 0.05
done
"$KSTACK" --json --kernel-only "$odd" >"$tmp/odd.json" || fail "kstack on an odd name"
kill "$odd"; wait "$odd" 2>/dev/null
echo "odd_name $tmp/odd.json" >>"$plan"
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	--bounding-set=-all "$KSTACK" "$pid" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "unprivileged: exit $rc"
grep -qx "kstack: $pid: not permitted" "$tmp/err" ||
	fail "unprivileged: $(cat "$tmp/err")"
all_in_state S || fail "threads not sleeping after the failed attempts"
say "errors checked"

# Without the module: /proc/PID/task/TID/stack, and a note saying so.
if [ -z "$slow" ]; then
	rmmod kstack || fail "rmmod kstack"
	"$KSTACK" --json "$pid" >"$tmp/proc.json" 2>"$tmp/err" ||
		fail "kstack without the module"
	grep -q "kstack.ko not loaded" "$tmp/err" ||
		fail "no note: $(cat "$tmp/err")"
	check_json "$tmp/proc.json" proc "$bin" kstack_blocked_wait
	insmod "$ko" || fail "insmod kstack"
fi

finish_target $sent
verify_plan
say ok
