# io_uring tests (tests/uring/NAME.c -> build/tests/uring_NAME), 64-bit and
# only where liburing's header is installed (Debian's liburing-dev; no
# 32-bit liburing is installed, so no -m32 copy).
ifneq ($(wildcard /usr/include/liburing.h),)
URING_TESTS := $(basename $(notdir $(wildcard $(SRC)/tests/uring/*.c)))
$(foreach t,$(URING_TESTS),$(eval $(call program,64,$(B)/tests/uring_$(t),tests/uring/$(t).c,$(HELPERS_64),-luring -lpthread)))
endif
