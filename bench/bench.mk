# Benchmarks: build/bench/ipcbench (run by `make bench` in the guest); its
# io_uring contenders only where liburing is installed (bench/uring.c).
BENCH_URING := $(if $(wildcard /usr/include/liburing.h),-luring)
$(eval $(call program,64,$(B)/bench/ipcbench,bench/ipcbench.c bench/uring.c $(COMMON_SRCS),$(LIBDS_A),-lrt -lpthread $(BENCH_URING)))
# The kstack section's target: 100 blocked threads and a spinning one.
$(eval $(call program,64,$(B)/bench/kstack_target,bench/kstack_target.c,,-lpthread))
