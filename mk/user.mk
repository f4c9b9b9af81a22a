# User-space build: every component's fragment (lib/*.mk, tools/*/*.mk,
# tests/*.mk, ...) plus the test programs, 64-bit and 32-bit.
SRC := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
B := $(BUILD)
UAPI := $(wildcard $(SRC)/include/uapi/linux/*.h)

# Components add their outputs to ALL.
ALL :=

# Test programs: tests/*.c, each one feature, built twice (-m64 and -m32).
TESTS := $(basename $(notdir $(wildcard $(SRC)/tests/*.c)))
ALL += $(TESTS:%=$(B)/tests/%) $(TESTS:%=$(B)/tests32/%)

# The library's fragment comes first: the others name its variables in
# their prerequisites, which make expands as it reads them.
FRAGMENTS := $(sort $(wildcard $(SRC)/lib/*.mk)) \
	$(sort $(wildcard $(SRC)/tools/*/*.mk $(SRC)/examples/*.mk \
	$(SRC)/bench/*.mk $(SRC)/tests/*/*.mk))
include $(FRAGMENTS)

.DEFAULT_GOAL := all
all: $(ALL)

$(B)/tests/%: $(SRC)/tests/%.c $(wildcard $(SRC)/tests/*.h) $(UAPI)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< -lpthread

$(B)/tests32/%: $(SRC)/tests/%.c $(wildcard $(SRC)/tests/*.h) $(UAPI)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< -lpthread
