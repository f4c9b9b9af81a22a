# Fuzzer, 64-bit and 32-bit (run by tests/fuzz.sh in make check, and make fuzz).
ALL += $(B)/fuzz/ds_fuzz $(B)/fuzz/ds_fuzz32

$(B)/fuzz/ds_fuzz: $(SRC)/tests/fuzz/ds_fuzz.c $(SRC)/tests/ds_util.h $(SRC)/tests/test.h $(UAPI)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< -lpthread

$(B)/fuzz/ds_fuzz32: $(SRC)/tests/fuzz/ds_fuzz.c $(SRC)/tests/ds_util.h $(SRC)/tests/test.h $(UAPI)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< -lpthread
