# User-space build: library, tools, tests (64-bit and 32-bit).
SRC := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
B := $(BUILD)

TESTS := $(basename $(notdir $(wildcard $(SRC)/tests/*.c)))

all: $(TESTS:%=$(B)/tests/%) $(TESTS:%=$(B)/tests32/%)

$(B)/tests/%: $(SRC)/tests/%.c $(wildcard $(SRC)/tests/*.h) $(wildcard $(SRC)/include/uapi/linux/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< -lpthread

$(B)/tests32/%: $(SRC)/tests/%.c $(wildcard $(SRC)/tests/*.h) $(wildcard $(SRC)/include/uapi/linux/*.h)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< -lpthread
