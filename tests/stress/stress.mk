# Stress program (run by tests/stress.sh in make check, and by make stress).
ALL += $(B)/stress/ds_stress

$(B)/stress/ds_stress: $(SRC)/tests/stress/ds_stress.c $(SRC)/tests/ds_util.h $(SRC)/tests/test.h $(UAPI)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< -lpthread
