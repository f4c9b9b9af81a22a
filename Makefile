# datastack — top-level build.  `make` builds the modules and all user space;
# `make check` runs the whole suite in QEMU guests (see README.md).

SHELL := /bin/bash
BUILD := $(CURDIR)/build

# Kernel build tree the modules are built against (override: make KDIR=...).
KDIR ?= $(shell $(CURDIR)/scripts/default-kdir)
KREL := $(shell $(CURDIR)/scripts/kernel-release $(KDIR))
KOUT := $(BUILD)/kmod/$(KREL)

CC ?= gcc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
CPPFLAGS := -I$(CURDIR)/include/uapi -I$(CURDIR)/lib/include -D_GNU_SOURCE
export CC CFLAGS WARN CPPFLAGS BUILD

# Debug guest kernel (KASAN, lockdep, kmemleak, ...), unpacked on first use.
DEBUG_TARBALL := $(CURDIR)/../shared/kernels/linux-6.1-debug.tar.xz
DEBUG_KERNEL := $(BUILD)/kernels/debug

.PHONY: all modules user setup sparse checkpatch check demo clean debug-kernel \
	test-modules

all: modules user

setup:
	@$(CURDIR)/scripts/setup

# Kbuild writes objects beside the sources, so it runs on a mirror of the
# kernel sources (symlinks) inside build/, one per kernel release.
define mirror_sources
	@mkdir -p $(KOUT)
	@cp -rsfT $(CURDIR)/kernel $(KOUT)/kernel
	@cp -rsfT $(CURDIR)/include $(KOUT)/include
	@mkdir -p $(KOUT)/tests && cp -rsfT $(CURDIR)/tests/modules $(KOUT)/tests/modules
endef

modules: setup
	@test -n "$(KREL)" || { echo "no kernel build tree at '$(KDIR)'"; exit 1; }
	$(mirror_sources)
	$(MAKE) -C $(KDIR) M=$(KOUT)/kernel W=1 modules
	$(MAKE) -C $(KDIR) M=$(KOUT)/tests/modules modules

# sparse gets a tree of its own, so it never races a module build.
sparse: KOUT := $(BUILD)/sparse/$(KREL)
sparse: setup
	$(mirror_sources)
	$(MAKE) -C $(KDIR) M=$(KOUT)/kernel C=1 CF="-D__CHECK_ENDIAN__" modules 2>&1 | \
		tee $(BUILD)/sparse.log
	@! grep -E "warning:|error:" $(BUILD)/sparse.log

CHECKPATCH := /usr/src/linux-source-6.1/scripts/checkpatch.pl
checkpatch: setup
	@find kernel include tests/modules -name '*.[ch]' | sort | \
		xargs $(CHECKPATCH) --strict --no-tree --terse --show-types \
		--ignore SPDX_LICENSE_TAG -f

user:
	@$(MAKE) -s -f $(CURDIR)/mk/user.mk

debug-kernel: $(DEBUG_KERNEL)/vmlinuz
$(DEBUG_KERNEL)/vmlinuz:
	@mkdir -p $(DEBUG_KERNEL)
	tar -C $(DEBUG_KERNEL) -xJf $(DEBUG_TARBALL)
	@touch $@

check: all
	@$(CURDIR)/scripts/check

demo: all
	@$(CURDIR)/scripts/vm-run -- $(CURDIR)/examples/demo.sh

clean:
	rm -rf $(BUILD)
