# Benchmarks: build/bench/ipcbench (run by `make bench` in the guest).
$(eval $(call program,64,$(B)/bench/ipcbench,bench/ipcbench.c $(COMMON_SRCS),$(LIBDS_A),-lrt -lpthread))
