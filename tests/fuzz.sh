#!/bin/bash
# Short fuzz run, 64-bit then 32-bit (make fuzz ITER=N runs a long one).
set -eu
iter=${DS_FUZZ_ITER:-20000}
[ -n "${DS_SLOW:-}" ] && iter=${DS_FUZZ_ITER:-2000}
seed=${DS_FUZZ_SEED:-$(date +%s)}
"$DS_BUILD/fuzz/ds_fuzz" --iterations "$iter" --seed "$seed"
"$DS_BUILD/fuzz/ds_fuzz32" --iterations "$iter" --seed "$((seed + 1))"
