#!/bin/bash
# dsctl: stat --json and ls --json (parsed and checked with python3), the ls
# table, watch with --interval and --iterations (frames, rows, rates).
set -u
. "$(dirname "$0")/lib/dsctl-common.sh"
need_module

# --- stat --json of a new object, with limits given with suffixes
expect 0 '' '' -- create "$n" --max-items 5 --max-item-size 1K --max-bytes 2K --mode 0640
"$dsctl" stat "$n" --json >"$dir/stat1.json" || fail "stat --json"
# --- after 4 pushes, a batch of 2 stopped after 1 (max_items), 1 pop
expect 0 '' '' -- push "$n" "first item" "from stdin" 'binary' 'int'
expect 3 '' "dsctl: push $n: stack is full*" -- push "$n" one two
expect 0 'one' '' -- pop "$n"
"$dsctl" stat "$n" --json >"$dir/stat2.json" || fail "stat --json"
expect 0 '' '' -- clear "$n"
expect 0 'name: *' '' -- stat "$n"

# --- clear, a FIFO, ls --json, watch
expect 0 '' '' -- create "$n.q" --fifo
expect 0 '' '' -- push "$n.q" one two three
expect 0 'one' '' -- pop "$n.q"
"$dsctl" ls --json >"$dir/ls.json" || fail "ls --json"
"$dsctl" ls >"$dir/ls" || fail "ls"
grep -q "^$n  *lifo,persistent  *0 " "$dir/ls" || fail "ls: $(cat "$dir/ls")"
grep -q "^$n.q  *fifo,persistent  *2  *8 " "$dir/ls" || fail "ls: $(cat "$dir/ls")"

"$dsctl" watch "$n.q" --interval 0.2 --iterations 3 >"$dir/watch" || fail "watch NAME"
[ "$(grep -c '^dsctl watch: 1 object, 2 items, 8 bytes' "$dir/watch")" = 3 ] ||
	fail "watch NAME: $(cat "$dir/watch")"
[ "$(grep -c "^$n.q  *fifo,persistent  *2  *8 " "$dir/watch")" = 3 ] ||
	fail "watch NAME rows: $(cat "$dir/watch")"
# Rates: the second and third frames have numbers, the first '-'.
[ "$(grep "^$n.q " "$dir/watch" | awk '{print $6}' | tr '\n' ' ')" = "- 0.0 0.0 " ] ||
	fail "watch rates: $(cat "$dir/watch")"
"$dsctl" watch --interval 0.2 --iterations 2 >"$dir/watch" || fail "watch"
[ "$(grep -c '^NAME ' "$dir/watch")" = 2 ] || fail "watch: $(cat "$dir/watch")"
grep -q "^$n " "$dir/watch" && grep -q "^$n.q " "$dir/watch" || fail "watch rows: $(cat "$dir/watch")"

expect 0 '' '' -- rm "$n.q"
expect 0 '' '' -- rm "$n"

# --- a name that is not UTF-8 still gives valid JSON (U+FFFD for the byte)
odd="$n."$'\xff'
expect 0 '' '' -- create "$odd"
"$dsctl" ls --json >"$dir/odd-ls.json" || fail "ls --json, odd name"
"$dsctl" stat --json "$odd" >"$dir/odd-stat.json" || fail "stat --json, odd name"
expect 0 '' '' -- rm "$odd"

# --- the JSON, checked in one python3 run (each start costs seconds in TCG)
python3 - "$dir" "$n" <<'PY' || fail "JSON: $(cat "$dir"/*.json)"
import json, sys
d, n = sys.argv[1], sys.argv[2]
def check(what, got, want):
    bad = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
    assert not bad, (what, bad)
# Just created: limits with suffixes, mode, persistent, empty.
check("stat1", json.load(open(d + "/stat1.json")),
      {"name": n, "type": "lifo", "persistent": True, "count": 0, "bytes": 0,
       "max_items": 5, "max_item_size": 1024, "max_bytes": 2048, "mode": "0640",
       "open_fds": 0, "pushes": 0, "pops": 0, "top_size": 0})
# 4 pushed, a batch of 2 stopped after 1 at max_items, 1 popped.
check("stat2", json.load(open(d + "/stat2.json")),
      {"count": 4, "bytes": 29, "pushes": 5, "pops": 1, "peak_count": 5,
       "peak_bytes": 32, "top_size": 3})
ls = json.load(open(d + "/ls.json"))
objs = {o["name"]: o for o in ls["objects"]}
check("ls stack", objs[n], {"count": 0, "type": "lifo", "persistent": True,
      "max_items": 5, "max_item_size": 1024, "max_bytes": 2048, "mode": "0640"})
check("ls fifo", objs[n + ".q"], {"count": 2, "bytes": 8, "type": "fifo",
      "persistent": True, "max_items": 0})
assert ls["total"]["objects"] >= 2 and ls["total"]["items"] >= 2, ls["total"]
odd = n + ".\ufffd"
assert odd in [o["name"] for o in json.load(open(d + "/odd-ls.json"))["objects"]]
assert json.load(open(d + "/odd-stat.json"))["name"] == odd
PY
[ -e "${DATASTACK_DIR:-/dev/datastack}/$n" ] && fail "$n still listed"
echo ok
