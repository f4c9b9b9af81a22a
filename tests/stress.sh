#!/bin/bash
# Short stress run (make stress runs the long one): producers, consumers,
# clears, kill -9, passed descriptors, dropped objects; see ds_stress.c.
set -eu
duration=${DS_STRESS_DURATION:-8}
[ -n "${DS_SLOW:-}" ] && duration=${DS_STRESS_DURATION:-15}
exec "$DS_BUILD/stress/ds_stress" --duration "$duration" --objects 4 \
	--producers 3 --consumers 3 --seed "${DS_STRESS_SEED:-$$}"
