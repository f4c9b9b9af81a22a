#!/bin/bash
# The shell's view of an instance: echo > creates (O_CREAT: a persistent
# LIFO) and pushes, >> pushes, cat pops until empty and ends (no pusher
# left: end of file), ls -l shows a FIFO with its size, chmod and chown
# work, a user without write permission gets EACCES from open(2), the
# sticky root stops another user's rm (CAP_IPC_OWNER or not), rm removes,
# rename is refused; a bad mount option
# fails with a message in the kernel log.
set -u
d=${DATASTACK_DIR:-/dev/datastack}
n=shell.$$
fail() { echo "FAIL: $*"; rm -f "$d/$n"; exit 1; }
grep -q " $d datastack " /proc/mounts || { echo "SKIP: no instance at $d"; exit 77; }
other=(setpriv --reuid=1000 --regid=1000 --clear-groups)

echo job >"$d/$n" || fail "echo > a new name"
echo two >>"$d/$n" || fail "echo >>"
ls=$(ls -l "$d/$n") || fail "ls -l"
[[ "$ls" == p* ]] || fail "ls -l shows '$ls', want a FIFO"
read -r mode size owner <<<"$(stat -c '%a %s %U' "$d/$n")"
[ "$size" = 8 ] || fail "size $size, want 8 (two 4-byte items)"
[ "$owner" = root ] || fail "owner $owner"
out=$(timeout 10 cat "$d/$n") || fail "cat did not end"
[ "$out" = $'two\njob' ] || fail "cat gave '$out' (LIFO: two, then job)"
[ "$(stat -c %s "$d/$n")" = 0 ] || fail "not empty after cat"
timeout 10 cat "$d/$n" >/dev/null || fail "cat of an empty object did not end"

chmod 0644 "$d/$n" || fail chmod
[ "$(stat -c %a "$d/$n")" = 644 ] || fail "mode after chmod"
"${other[@]}" sh -c "echo x >'$d/$n'" 2>/dev/null && fail "a write without permission"
"${other[@]}" sh -c "exec 3>'$d/$n'" 2>/dev/null && fail "open for writing as another user"
"${other[@]}" cat "$d/$n" || fail "another user may read a 0644 object"
"${other[@]}" rm -f "$d/$n" 2>/dev/null
[ -e "$d/$n" ] || fail "the sticky root let another user remove it"
echo x >"$d/$n.ipc" || fail "create $n.ipc"
"${other[@]}" --inh-caps=+ipc_owner --ambient-caps=+ipc_owner rm -f "$d/$n.ipc" 2>/dev/null
[ -e "$d/$n.ipc" ] || fail "CAP_IPC_OWNER removed another user's object"
rm "$d/$n.ipc" || fail "rm $n.ipc"
chown 1000:1000 "$d/$n" || fail chown
[ "$(stat -c %u:%g "$d/$n")" = 1000:1000 ] || fail "owner after chown"
"${other[@]}" sh -c "echo mine >>'$d/$n'" || fail "the new owner writes"
"${other[@]}" rm "$d/$n" || fail "the owner removes"
[ -e "$d/$n" ] && fail "still there after rm"
touch "$d/$n" || fail "touch"
mv "$d/$n" "$d/$n.2" 2>/dev/null && fail "rename should be refused"
rm "$d/$n" || fail "rm"

mkdir -p /tmp/shell-bad.$$
mount -t datastack -o max_bytes=12Q none /tmp/shell-bad.$$ 2>/dev/null &&
	{ umount /tmp/shell-bad.$$; fail "a bad mount option was accepted"; }
rmdir /tmp/shell-bad.$$
dmesg | grep -q "datastack: Bad value '12Q' for 'max_bytes'" || fail "no kernel-log message: $(dmesg | tail -3)"
echo ok
