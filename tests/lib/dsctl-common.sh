# Sourced by tests/dsctl_*.sh (not a test itself: run-suite runs tests/*.sh).
# Sets build, dsctl, dir (removed at exit) and n (a process-unique name).
. "$(dirname "${BASH_SOURCE[0]}")/tool-test.sh"
build=${DS_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build}
dsctl=$build/bin/dsctl
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$dsctl" ] || { echo "SKIP: $dsctl not built"; exit 77; }
need_module() {
	grep -q " /dev/datastack datastack " /proc/mounts || { echo "SKIP: no DataStack instance at /dev/datastack"; exit 77; }
}
dir=$(mktemp -d)
n=dsctl_test.$$
cleanup() {
	"$dsctl" rm "$n" 2>/dev/null
	"$dsctl" rm "$n.q" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# expect STATUS STDOUT-PATTERN STDERR-PATTERN -- ARGS...: runs dsctl ARGS;
# the status must match, the outputs match the glob patterns, and stderr
# hold one line at most.
expect() {
	local want=$1 out=$2 err=$3 rc
	shift 4
	"$dsctl" "$@" >"$dir/out" 2>"$dir/err"
	rc=$?
	[ $rc = "$want" ] || fail "dsctl $*: exit $rc, want $want; stderr: $(cat "$dir/err")"
	# shellcheck disable=SC2053
	[[ "$(cat "$dir/out")" == $out ]] || fail "dsctl $*: stdout '$(cat "$dir/out")', want '$out'"
	# shellcheck disable=SC2053
	[[ "$(cat "$dir/err")" == $err ]] || fail "dsctl $*: stderr '$(cat "$dir/err")', want '$err'"
	[ "$(wc -l <"$dir/err")" -le 1 ] || fail "dsctl $*: more than one line on stderr"
}
