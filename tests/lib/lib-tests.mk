# libdatastack tests: tests/lib/NAME.c -> build/tests/lib_NAME (the shared
# library) and build/tests32/lib_NAME (the 32-bit static library).
LIBTESTS := $(basename $(notdir $(wildcard $(SRC)/tests/lib/*.c)))
$(foreach t,$(LIBTESTS),$(eval $(call program,64,$(B)/tests/lib_$(t),tests/lib/$(t).c,$(HELPERS_64) $(LIBDS_DEP),$(LIBDS_LINK) -lpthread)))
$(foreach t,$(LIBTESTS),$(eval $(call program,32,$(B)/tests32/lib_$(t),tests/lib/$(t).c,$(HELPERS_32) $(LIBDS32_A),-lpthread)))
