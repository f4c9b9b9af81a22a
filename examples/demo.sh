#!/bin/bash
# make demo: the articles' scenario, run in the guest with datastack.ko
# loaded.  Two instances of examples/datastack-demo (Win32-style API): the
# first creates "MyDataStack" and pushes two strings and the integers 1..10,
# the second, started meanwhile, finds the object, waits on it and pops it
# empty (10..1, then the strings in reverse order).  Then dsctl shows the
# kernel's view.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${DS_BUILD:-$repo/build}
demo=$build/examples/datastack-demo
dsctl=$build/bin/dsctl
PATH=$build/bin:$PATH

grep -q " /dev/datastack datastack " /proc/mounts || { echo "demo: no DataStack instance at /dev/datastack" >&2; exit 1; }
[ -x "$demo" ] && [ -x "$dsctl" ] || { echo "demo: run 'make' first" >&2; exit 1; }

# Each instance's output, line by line as it comes, tagged with its role.
run() {	# run TAG
	set -o pipefail
	"$demo" 2>&1 | sed -u "s/^/[$1] /"
}

echo "== Instance 1 starts: it creates MyDataStack (100 items, 10 MiB)"
run "1 pusher" &
pusher=$!
for _ in $(seq 100); do
	[ -e /dev/datastack/mydatastack ] && break
	sleep 0.1
done

echo
echo "== dsctl ls, while instance 1 waits to push:"
dsctl ls
echo
echo "== Instance 2 starts: it finds MyDataStack existing"
run "2 popper" &
popper=$!

rc=0
wait $pusher || rc=$?
wait $popper || rc=$?
[ $rc = 0 ] || { echo "demo: an instance failed ($rc)" >&2; exit $rc; }

echo
echo "== Both handles are closed: the object is gone.  dsctl ls:"
dsctl ls
echo
echo "== A persistent FIFO made from the shell lives on without handles:"
echo "\$ dsctl create Jobs --fifo --max-items 10 --max-bytes 1M"
dsctl create Jobs --fifo --max-items 10 --max-bytes 1M
echo "\$ dsctl push Jobs first second third"
dsctl push Jobs first second third
echo "\$ dsctl ls"
dsctl ls
echo "\$ dsctl pop Jobs"
dsctl pop Jobs
echo "\$ dsctl stat Jobs --json"
dsctl stat Jobs --json
echo "\$ dsctl rm Jobs"
dsctl rm Jobs
echo "\$ dsctl ls"
dsctl ls
