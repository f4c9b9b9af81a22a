#!/bin/bash
# dsctl: --help on every command, --version, usage errors (exit 2, one line
# on stderr).  Needs no kernel object.
set -u
. "$(dirname "$0")/lib/dsctl-common.sh"

# --- usage, help, version
expect 0 'dsctl (datastack) *' '' -- --version
expect 0 'Usage: dsctl COMMAND*' '' -- --help
for c in create push pop peek clear stat ls rm watch; do
	expect 0 "Usage: dsctl $c*" '' -- $c --help
done
expect 2 '' "dsctl: unknown command 'frob'*" -- frob
expect 2 '' 'dsctl: pop: missing NAME*' -- pop
expect 2 '' "dsctl: create: invalid name 'a/b'*" -- create a/b
expect 2 '' "dsctl: create: invalid size '12X'*" -- create "$n" --max-bytes 12X
expect 2 '' "dsctl: create: invalid mode '0755'*" -- create "$n" --mode 0755
expect 2 '' "dsctl: pop: invalid --wait 'soon'*" -- pop "$n" --wait=soon

expect 2 '' "dsctl: watch: invalid --interval '0'*" -- watch --interval 0
expect 2 '' "dsctl: push: give DATA or -f FILE, not both*" -- push x a -f /dev/null
expect 2 '' "dsctl: ls: unexpected argument 'x'*" -- ls x

# --- nothing mounted where $DATASTACK_DIR says: exit 5, the mount command
DATASTACK_DIR=/tmp expect 5 '' "dsctl: ls: no DataStack instance is mounted at /tmp (mount -t datastack none /tmp;*" -- ls
DATASTACK_DIR=/tmp expect 5 '' "dsctl: pop $n: no DataStack instance is mounted at /tmp*" -- pop "$n"
echo ok
