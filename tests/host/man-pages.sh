#!/bin/bash
# Every man page renders with man -l without a warning.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
command -v man >/dev/null || { echo "SKIP: no man"; exit 77; }
cd "$repo/man" || exit 1
bad=0 n=0
for page in man[1-8]/*.[1-8]; do
	n=$((n + 1))
	err=$(MANWIDTH=80 man -l --warnings "$page" 2>&1 >/dev/null)
	if [ -n "$err" ]; then
		echo "FAIL: $page:"
		echo "$err"
		bad=1
	fi
	# A .so link must point at a page that exists.
	target=$(sed -n 's/^\.so //p' "$page")
	[ -z "$target" ] || [ -f "$target" ] || { echo "FAIL: $page: .so $target is missing"; bad=1; }
done
[ $n -ge 10 ] || { echo "FAIL: only $n pages"; exit 1; }
[ $bad = 0 ] && echo "ok ($n pages)"
exit $bad
