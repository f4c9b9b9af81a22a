# libdatastack tests: tests/lib/NAME.c -> build/tests/lib_NAME (the shared
# library) and build/tests32/lib_NAME (the 32-bit static library).
LIBTESTS := $(basename $(notdir $(wildcard $(SRC)/tests/lib/*.c)))
ALL += $(LIBTESTS:%=$(B)/tests/lib_%) $(LIBTESTS:%=$(B)/tests32/lib_%)
LIBTEST_DEPS := $(wildcard $(SRC)/tests/lib/*.h) $(SRC)/tests/test.h $(LIB_HDRS)

$(B)/tests/lib_%: $(SRC)/tests/lib/%.c $(LIBTEST_DEPS) $(LIBDS_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< $(LIBDS_LINK) -lpthread

$(B)/tests32/lib_%: $(SRC)/tests/lib/%.c $(LIBTEST_DEPS) $(LIBDS32_A)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< $(LIBDS32_A) -lpthread
