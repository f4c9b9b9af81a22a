# Benchmarks: build/bench/ipcbench (run by `make bench` in the guest).
ALL += $(B)/bench/ipcbench

$(B)/bench/ipcbench: $(SRC)/bench/ipcbench.c $(UAPI)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< -lrt
