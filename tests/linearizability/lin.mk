# The history recorder of the linearizability check (tests/linearizability.sh
# in make check, scripts/linearizability for make linearizability).
$(eval $(call program,64,$(B)/linearizability/ds_history,tests/linearizability/ds_history.c,$(HELPERS_64),-lpthread))
