#!/bin/bash
# dsctl: create, push (arguments, a batch, stdin, file, hex), peek, pop
# (text, hex, raw, --wait in the background), clear, rm; exit codes 0/1/3/4
# and the one-line error messages.
set -u
. "$(dirname "$0")/lib/dsctl-common.sh"
need_module

# --- create (persistent), limits with suffixes, mode
expect 4 '' "dsctl: stat $n: no such data stack" -- stat "$n"
expect 0 '' '' -- create "$n" --max-items 5 --max-item-size 1K --max-bytes 2K --mode 0640
expect 1 '' "dsctl: create $n: a data stack of that name exists" -- create "$n"

# --- push: argument, several arguments (a batch), stdin, file, hex
expect 0 '' '' -- push "$n" "first item"
printf 'from stdin\n' | "$dsctl" push "$n" - || fail "push -"
printf 'binary\000\001\002' >"$dir/bin"
expect 0 '' '' -- push "$n" -f "$dir/bin"
expect 0 '' '' -- push "$n" --hex '0a000000'
expect 3 '' "dsctl: push $n: stack is full*" -- push "$n" one two
expect 0 '6f6e65' '' -- pop "$n" --hex
# LIFO: the hex-pushed int is on top; binary items print as hex.
expect 0 '0a000000' '' -- peek "$n"
expect 0 '0a000000' '' -- pop "$n"
expect 0 '62696e617279000102' '' -- peek "$n"
expect 0 '62696e617279000102' '' -- peek "$n" --hex
"$dsctl" pop "$n" --raw >"$dir/back" || fail "pop --raw"
cmp -s "$dir/bin" "$dir/back" || fail "pop --raw changed the bytes"
expect 0 'from stdin' '' -- pop "$n"
expect 0 'first item' '' -- pop "$n"
expect 3 '' "dsctl: pop $n: stack is empty" -- pop "$n"
expect 3 '' "dsctl: peek $n: stack is empty" -- peek "$n"
expect 3 '' "dsctl: pop $n: timed out: stack is still empty" -- pop "$n" --wait=0.3
expect 1 '' "dsctl: push $n: item larger than the stack's maximum item size" -- \
	push "$n" "$(head -c 1100 /dev/zero | tr '\0' x)"
expect 2 '' "dsctl: push $n: an item cannot be empty" -- push "$n" ""

# --- pop --wait in the background, then a push wakes it
"$dsctl" pop "$n" --wait >"$dir/waited" 2>&1 &
waiter=$!
for _ in $(seq 50); do
	"$dsctl" stat "$n" --json | grep -q '"waiters": 1' && break
	sleep 0.1
done
expect 0 '' '' -- push "$n" "wake up"
wait $waiter || fail "pop --wait: $(cat "$dir/waited")"
[ "$(cat "$dir/waited")" = "wake up" ] || fail "pop --wait printed '$(cat "$dir/waited")'"
"$dsctl" pop "$n" --wait=5 >"$dir/waited" 2>&1 &
waiter=$!
sleep 0.3
expect 0 '' '' -- push "$n" "in time"
wait $waiter || fail "pop --wait=5: $(cat "$dir/waited")"
[ "$(cat "$dir/waited")" = "in time" ] || fail "pop --wait=5 printed '$(cat "$dir/waited")'"

# --- clear
expect 0 '' '' -- push "$n" a b c
expect 0 '' '' -- clear "$n"
expect 3 '' "dsctl: pop $n: stack is empty" -- pop "$n"

# --- rm
expect 0 '' '' -- rm "$n"
expect 4 '' "dsctl: rm $n: no such data stack" -- rm "$n"
expect 4 '' "dsctl: pop $n: no such data stack" -- pop "$n"
[ -e "${DATASTACK_DIR:-/dev/datastack}/$n" ] && fail "$n still listed"
echo ok
