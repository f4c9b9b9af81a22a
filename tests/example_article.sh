#!/bin/bash
# examples/article (the articles' test program in C, unchanged logic): the
# second instance polls for ten seconds and pops every item exactly once.
# (Its order depends on timing; datastack-demo is the deterministic one.)
set -u
build=${DS_BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build}
prog=$build/examples/article
fail() { echo "FAIL: $*"; exit 1; }
[ -c /dev/datastack ] || { echo "SKIP: /dev/datastack is absent"; exit 77; }
[ -x "$prog" ] || { echo "SKIP: $prog not built"; exit 77; }
grep -q ' MyDataStack ' /proc/datastack && { echo "SKIP: MyDataStack is in use"; exit 77; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$prog" >"$dir/first" 2>&1 &
first=$!
for _ in $(seq 100); do
	grep -q ' MyDataStack ' /proc/datastack && break
	sleep 0.1
done
"$prog" >"$dir/second" 2>&1 &
second=$!
wait $first || fail "first instance: $(cat "$dir/first")"
wait $second || fail "second instance: $(cat "$dir/second")"

[ "$(wc -l <"$dir/first")" = 1 ] || fail "first instance printed: $(cat "$dir/first")"
grep -q '^Handle created: 0x' "$dir/first" || fail "first: $(cat "$dir/first")"
sed -n 2p "$dir/second" | grep -qx 'Opened an existing object... will pop elements' ||
	fail "second: $(cat "$dir/second")"
got=$(grep '^Popped' "$dir/second" | sort)
want=$( (printf 'Popped 4 bytes: %d\n' $(seq 10)
	echo 'Popped 19 bytes: Hello, data stack!'
	echo 'Popped 26 bytes: Pushing another string...') | sort)
[ "$got" = "$want" ] || fail "popped:"$'\n'"$got"$'\n'"want:"$'\n'"$want"
echo ok
