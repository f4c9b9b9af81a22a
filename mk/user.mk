# User-space build: one compile rule and one link rule for everything, for
# 64-bit and (-m32) 32-bit objects, with generated header dependencies.
# Each component's fragment (lib/*.mk, tools/*/*.mk, tests/*.mk, ...) only
# says which programs it makes from which sources.
SRC := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
B := $(BUILD)
VERSION := $(shell cat $(SRC)/VERSION)
VERSION_MAJOR := $(word 1,$(subst ., ,$(VERSION)))
VERSION_MINOR := $(word 2,$(subst ., ,$(VERSION)))
VERSION_H := $(B)/include/datastack/version.h

# Components add their outputs to ALL; program and archive add their
# objects to OBJS, whose .d files are read at the end.
ALL :=
OBJS :=

WIDTH_64 :=
WIDTH_32 := -m32

# objs WIDTH, SOURCES: the object files of SOURCES (paths below SRC).
objs = $(patsubst %.c,$(B)/obj$(1)/%.o,$(2))

define compile_rule
$(B)/obj$(1)/%.o: $(SRC)/%.c | $(VERSION_H)
	@mkdir -p $$(@D)
	$$(CC) $(WIDTH_$(1)) $$(CFLAGS) $$(WARN) $$(CPPFLAGS) -fPIC -MMD -MP -c -o $$@ $$<
endef
$(foreach w,64 32,$(eval $(call compile_rule,$(w))))

# $(call program,WIDTH,OUTPUT,SOURCES,PREREQUISITES,LDLIBS): links OUTPUT
# from SOURCES' objects and the archives (.a) among PREREQUISITES.
define program
ALL += $(2)
OBJS += $(call objs,$(1),$(3))
$(2): $(call objs,$(1),$(3)) $(4)
	@mkdir -p $$(@D)
	$$(CC) $(WIDTH_$(1)) $$(CFLAGS) -o $$@ $$(filter %.o %.a,$$^) $(5)
endef

# $(call archive,WIDTH,OUTPUT,SOURCES): a static library.
define archive
ALL += $(2)
OBJS += $(call objs,$(1),$(3))
$(2): $(call objs,$(1),$(3))
	@mkdir -p $$(@D)
	rm -f $$@
	ar rcs $$@ $$^
endef

$(VERSION_H): $(SRC)/VERSION
	@mkdir -p $(@D)
	printf '%s\n' '/* Generated from VERSION by the build. */' \
		'#define LIBDATASTACK_VERSION "$(VERSION)"' \
		'#define LIBDATASTACK_VERSION_MAJOR $(VERSION_MAJOR)' \
		'#define LIBDATASTACK_VERSION_MINOR $(VERSION_MINOR)' >$@

# The library's fragment comes first: the others name its variables in
# their prerequisites, which make expands as it reads them.
FRAGMENTS := $(sort $(wildcard $(SRC)/lib/*.mk)) $(SRC)/tools/common/common.mk \
	$(sort $(wildcard $(SRC)/tests/*.mk)) \
	$(filter-out $(SRC)/tools/common/common.mk,$(sort $(wildcard $(SRC)/tools/*/*.mk \
	$(SRC)/examples/*.mk $(SRC)/bench/*.mk $(SRC)/tests/*/*.mk)))
include $(FRAGMENTS)

.DEFAULT_GOAL := all
all: $(ALL)
	@rm -f $(filter-out $(ALL),$(wildcard $(B)/tests/* $(B)/tests32/*))

-include $(OBJS:.o=.d)
