#!/bin/bash
# examples/datastack-demo (the articles' scenario, Win32-style API): two
# instances; the one that opens the other's object pops 10..1 and then the
# two strings, each with the count and size left.  Both outputs are checked
# line by line.  Both start at once, since a slow exec (seconds on a loaded
# debug kernel) could otherwise miss the pusher's five-second delay; the
# kernel decides which one creates.
. "$(dirname "$0")/lib/tool-test.sh"	# the examples' output: not on slow kernels
set -u
build=${DS_BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build}
demo=$build/examples/datastack-demo
fail() { echo "FAIL: $*"; exit 1; }
grep -q " /dev/datastack datastack " /proc/mounts || { echo "SKIP: no DataStack instance at /dev/datastack"; exit 77; }
[ -x "$demo" ] || { echo "SKIP: $demo not built"; exit 77; }

name=example_demo.$$
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$demo" "$name" >"$dir/a" 2>&1 &
a=$!
"$demo" "$name" >"$dir/b" 2>&1 &
b=$!
wait $a || fail "instance a exit status $?: $(cat "$dir/a")"
wait $b || fail "instance b exit status $?: $(cat "$dir/b")"
if grep -qx 'Opened an existing object... will pop elements' "$dir/a"; then
	mv "$dir/a" "$dir/popper" && mv "$dir/b" "$dir/pusher"
else
	mv "$dir/a" "$dir/pusher" && mv "$dir/b" "$dir/popper"
fi

check() {	# check FILE EXPECTED
	local got want i=0
	mapfile -t got <"$1"
	mapfile -t want <<<"$2"
	[ ${#got[@]} = ${#want[@]} ] ||
		fail "$(basename "$1"): ${#got[@]} lines, want ${#want[@]}:"$'\n'"$(cat "$1")"
	for ((i = 0; i < ${#want[@]}; i++)); do
		# shellcheck disable=SC2053
		[[ "${got[i]}" == ${want[i]} ]] ||
			fail "$(basename "$1") line $((i + 1)): '${got[i]}', want '${want[i]}'"
	done
}

check "$dir/pusher" 'Handle created: 0x*
Created a new data stack: pushing in 5000 ms
Pushed "Hello, data stack!" (19 bytes)
Pushed "Pushing another string..." (26 bytes)
Pushed 1
Pushed 2
Pushed 3
Pushed 4
Pushed 5
Pushed 6
Pushed 7
Pushed 8
Pushed 9
Pushed 10
Done: 12 items, 85 bytes held'

check "$dir/popper" 'Handle created: 0x*
Opened an existing object... will pop elements
Waiting for the data stack to be signalled
Signalled: waiting for the pusher to close its handle
Popped 4 bytes: 10  (11 items, 81 bytes left)
Popped 4 bytes: 9  (10 items, 77 bytes left)
Popped 4 bytes: 8  (9 items, 73 bytes left)
Popped 4 bytes: 7  (8 items, 69 bytes left)
Popped 4 bytes: 6  (7 items, 65 bytes left)
Popped 4 bytes: 5  (6 items, 61 bytes left)
Popped 4 bytes: 4  (5 items, 57 bytes left)
Popped 4 bytes: 3  (4 items, 53 bytes left)
Popped 4 bytes: 2  (3 items, 49 bytes left)
Popped 4 bytes: 1  (2 items, 45 bytes left)
Popped 26 bytes: Pushing another string...  (1 item, 19 bytes left)
Popped 19 bytes: Hello, data stack!  (0 items, 0 bytes left)
Empty for 1000 ms: done'

[ -e "/dev/datastack/$name" ] && fail "$name outlived its handles"
echo ok
