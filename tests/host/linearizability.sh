#!/bin/bash
# The linearizability checker's own tests (check.py --self-test): known
# linearizable and non-linearizable histories, limits, the search budget's
# "unknown", the minimised prefix, the history format.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
out=$(python3 "$repo/tests/linearizability/check.py" --self-test) || { echo "FAIL: $out"; exit 1; }
echo "ok ($out)"
