# Test programs: tests/*.c, each one feature, built twice (64- and 32-bit),
# linked with the helpers (tests/helpers/*.c) compiled once per width.
HELPER_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/tests/helpers/*.c))
HELPERS_64 := $(B)/obj64/tests/libhelpers.a
HELPERS_32 := $(B)/obj32/tests/libhelpers.a
$(eval $(call archive,64,$(HELPERS_64),$(HELPER_SRCS)))
$(eval $(call archive,32,$(HELPERS_32),$(HELPER_SRCS)))

TESTS := $(basename $(notdir $(wildcard $(SRC)/tests/*.c)))
$(foreach t,$(TESTS),$(eval $(call program,64,$(B)/tests/$(t),tests/$(t).c,$(HELPERS_64),-lpthread)))
$(foreach t,$(TESTS),$(eval $(call program,32,$(B)/tests32/$(t),tests/$(t).c,$(HELPERS_32),-lpthread)))
