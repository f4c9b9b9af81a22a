# Stress program (run by tests/stress.sh in make check, and by make stress).
$(eval $(call program,64,$(B)/stress/ds_stress,tests/stress/ds_stress.c,$(HELPERS_64),-lpthread))
