#!/bin/bash
# kstack's eu-stack details on a C++ target (built here with g++ -g):
# demangled names (raw with -r), inlined functions as frames of their own
# (-i; the caller's line is then the call site), source file:line (-s), the object's path
# and load base (-m, checked against /proc/PID/maps), its build ID (-b,
# checked against readelf's), a frame limit (-n, kernel frames first), and
# the same in --json (parsed by python3).
set -u
. "$(dirname "$0")/lib/tool-test.sh"	# user-space work: not on slow kernels
KSTACK=$DS_BUILD/bin/kstack
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$KSTACK" ] || { echo "SKIP: $KSTACK not built"; exit 77; }
command -v g++ >/dev/null || { echo "SKIP: no g++"; exit 77; }
tmp=$(mktemp -d /tmp/kstack_detail.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; rm -rf "$tmp"' EXIT
cat >"$tmp/target.cpp" <<'CPP'
#include <unistd.h>
static inline __attribute__((always_inline)) void inner() { pause(); }
namespace deep {
__attribute__((noinline)) int waiter(int n) {
	inner();
	return n;
}
}
int main() { return deep::waiter(3); }
CPP
g++ -O0 -g -Wl,--build-id -o "$tmp/target" "$tmp/target.cpp" || fail "g++"
"$tmp/target" &
pid=$!
for _ in $(seq 200); do
	grep -q 'pause\|sigsuspend\|do_sys_pause' "/proc/$pid/wchan" 2>/dev/null && break
	[ "$(cut -d' ' -f3 "/proc/$pid/stat")" = S ] && break
	sleep 0.05
done

out=$("$KSTACK" -u -s -m -b "$pid") || fail "kstack: $out"
line=$(grep 'deep::waiter(int)+0x' <<<"$out") || fail "no demangled frame:"$'\n'"$out"
grep -q "at $tmp/target.cpp:2" <<<"$line" || fail "no source line: $line"
base=$(awk -v f="$tmp/target" '$6 == f { split($1, r, "-"); print r[1]; exit }' "/proc/$pid/maps")
grep -q "base 0x$base " <<<"$line" || fail "base, want 0x$base: $line"
bid=$(readelf -n "$tmp/target" | sed -n 's/.*Build ID: //p')
grep -q "build-id $bid" <<<"$line" || fail "build ID, want $bid: $line"

grep -q 'inlined' <<<"$out" && fail "inlined frames without -i"
out=$("$KSTACK" -u -i -s "$pid")
grep -A1 "inner (inlined) ($tmp/target) at $tmp/target.cpp:2" <<<"$out" |
	grep -q "deep::waiter(int)+0x.* at $tmp/target.cpp:5" ||
	fail "-i: no inlined frame before its caller's call site:"$'\n'"$out"

raw=$("$KSTACK" -u -r "$pid")
grep -q '_ZN4deep6waiterEi+0x' <<<"$raw" || fail "-r: no raw name:"$'\n'"$raw"
grep -q 'deep::waiter' <<<"$raw" && fail "-r demangled"

n=$("$KSTACK" -n 2 "$pid" | grep -c '^    #') || true
[ "$n" = 2 ] || fail "-n 2 printed $n frames"
"$KSTACK" -n 0 "$pid" >/dev/null 2>&1
[ $? = 2 ] || fail "-n 0 is not a usage error"

"$KSTACK" -u -j -s -m -b "$pid" | python3 -c '
import json, sys
d = json.load(sys.stdin)
f = [f for f in d["processes"][0]["threads"][0]["user_frames"]
     if (f["function"] or "").startswith("deep::waiter")]
assert f and f[0]["source"].endswith("target.cpp:2"), f
assert f[0]["build_id"] == sys.argv[1] and f[0]["base"].startswith("0x"), f
' "$bid" || fail "--json details"
echo ok
