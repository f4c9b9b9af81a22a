#!/bin/bash
# examples/article (the articles' test program in C, unchanged logic): of
# two instances started together, the one that creates MyDataStack (stored
# folded, as mydatastack) pushes
# for six seconds and the one that opens it pops every item exactly once.
# Both start at once, since a slow exec (seconds on a loaded debug kernel)
# could otherwise miss the pusher's six seconds; the kernel decides which
# one creates.  (Pop order depends on timing; datastack-demo is the
# deterministic one.)
. "$(dirname "$0")/lib/tool-test.sh"	# the examples' output: not on slow kernels
set -u
build=${DS_BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build}
prog=$build/examples/article
fail() { echo "FAIL: $*"; exit 1; }
grep -q " /dev/datastack datastack " /proc/mounts || { echo "SKIP: no DataStack instance at /dev/datastack"; exit 77; }
[ -x "$prog" ] || { echo "SKIP: $prog not built"; exit 77; }
[ -e /dev/datastack/mydatastack ] && { echo "SKIP: MyDataStack is in use"; exit 77; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$prog" >"$dir/a" 2>&1 &
a=$!
"$prog" >"$dir/b" 2>&1 &
b=$!
wait $a || fail "instance a: $(cat "$dir/a")"
wait $b || fail "instance b: $(cat "$dir/b")"

opened='Opened an existing object... will pop elements'
if [ "$(sed -n 2p "$dir/a")" = "$opened" ]; then
	pusher=$dir/b popper=$dir/a
else
	pusher=$dir/a popper=$dir/b
fi
[ "$(sed -n 2p "$popper")" = "$opened" ] ||
	fail "neither instance opened the other's object: $(cat "$dir/a" "$dir/b")"
[ "$(wc -l <"$pusher")" = 1 ] || fail "the pusher printed: $(cat "$pusher")"
grep -q '^Handle created: 0x' "$pusher" || fail "pusher: $(cat "$pusher")"
got=$(grep '^Popped' "$popper" | sort)
want=$( (printf 'Popped 4 bytes: %d\n' $(seq 10)
	echo 'Popped 19 bytes: Hello, data stack!'
	echo 'Popped 26 bytes: Pushing another string...') | sort)
[ "$got" = "$want" ] || fail "popped:"$'\n'"$got"$'\n'"want:"$'\n'"$want"
echo ok
