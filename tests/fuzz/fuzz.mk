# Fuzzer, 64-bit and 32-bit (run by tests/fuzz.sh in make check, and make fuzz).
$(eval $(call program,64,$(B)/fuzz/ds_fuzz,tests/fuzz/ds_fuzz.c,$(HELPERS_64),-lpthread))
$(eval $(call program,32,$(B)/fuzz/ds_fuzz32,tests/fuzz/ds_fuzz.c,$(HELPERS_32),-lpthread))
