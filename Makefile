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
	test-modules bench stress fuzz reliability-report install uninstall dkms-source install-dkms uninstall-dkms

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

# Benchmarks in the guest: build/bench/results.{csv,md,png} (see bench/).
bench: all
	@$(CURDIR)/bench/run-bench $(if $(QUICK),--quick)

# Long runs, in the guest, on the debug kernel unless KERNEL=debian|rt:
#   make stress DURATION=600     make fuzz ITER=1000000 [SEED=n]
KERNEL ?= debug
GUEST = $(CURDIR)/scripts/vm-run $(if $(filter debug,$(KERNEL)),--kernel $(DEBUG_KERNEL) --kmemleak,$(if $(filter rt,$(KERNEL)),--release $$($(CURDIR)/scripts/kernel-flavour rt)))
stress: all $(if $(filter debug,$(KERNEL)),debug-kernel)
	$(GUEST) -- $(BUILD)/stress/ds_stress --duration $(or $(DURATION),600) \
		--objects 6 --producers 4 --consumers 4 $(if $(SEED),--seed $(SEED))

fuzz: all $(if $(filter debug,$(KERNEL)),debug-kernel)
	$(GUEST) -- sh -c '$(BUILD)/fuzz/ds_fuzz --iterations $(or $(ITER),200000) \
		--seed $(or $(SEED),1) && $(BUILD)/fuzz/ds_fuzz32 \
		--iterations $(or $(ITER),200000) --seed $(or $(SEED),2)'

# docs/reliability.md from a run on the debug kernel (DURATION=, ITER=).
reliability-report: all debug-kernel
	@$(CURDIR)/scripts/reliability-report

clean:
	rm -rf $(BUILD)

# ---- installation ---------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=...]: libdatastack (shared and
# static), its headers and the uapi header, dsctl, the man pages and the
# pkg-config file.  make install-dkms: the module sources for DKMS, the udev
# rule and the modules-load.d entry (see README.md).
VERSION := 1.0.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DKMS_SRC := /usr/src/datastack-$(VERSION)
UDEVRULESDIR ?= /etc/udev/rules.d
MODULESLOADDIR ?= /etc/modules-load.d
MANPAGES := $(wildcard $(CURDIR)/man/man[137]/*.[137])
SOLIB := libdatastack.so.$(VERSION)

install: user
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/datastack $(DESTDIR)$(INCLUDEDIR)/linux \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BUILD)/bin/dsctl $(DESTDIR)$(BINDIR)/dsctl
	install -m 755 $(BUILD)/lib/$(SOLIB) $(DESTDIR)$(LIBDIR)/$(SOLIB)
	ln -sf $(SOLIB) $(DESTDIR)$(LIBDIR)/libdatastack.so.1
	ln -sf libdatastack.so.1 $(DESTDIR)$(LIBDIR)/libdatastack.so
	install -m 644 $(BUILD)/lib/libdatastack.a $(DESTDIR)$(LIBDIR)/libdatastack.a
	install -m 644 lib/include/datastack.h $(DESTDIR)$(INCLUDEDIR)/datastack.h
	install -m 644 lib/include/datastack/win32.h $(DESTDIR)$(INCLUDEDIR)/datastack/win32.h
	install -m 644 include/uapi/linux/datastack.h $(DESTDIR)$(INCLUDEDIR)/linux/datastack.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		lib/datastack.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/datastack.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/datastack.pc
	for m in $(MANPAGES); do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dsctl $(DESTDIR)$(LIBDIR)/$(SOLIB) \
		$(DESTDIR)$(LIBDIR)/libdatastack.so.1 $(DESTDIR)$(LIBDIR)/libdatastack.so \
		$(DESTDIR)$(LIBDIR)/libdatastack.a $(DESTDIR)$(PKGCONFIGDIR)/datastack.pc \
		$(DESTDIR)$(INCLUDEDIR)/datastack.h $(DESTDIR)$(INCLUDEDIR)/datastack/win32.h \
		$(DESTDIR)$(INCLUDEDIR)/linux/datastack.h
	-rmdir $(DESTDIR)$(INCLUDEDIR)/datastack
	for m in $(MANPAGES); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$m); done
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; fi

# The module sources as DKMS wants them: kernel/ beside include/uapi/, as
# Kbuild's -I$(src)/../../include/uapi expects, and dkms.conf on top.
dkms-source:
	rm -rf $(DESTDIR)$(DKMS_SRC)
	install -d $(DESTDIR)$(DKMS_SRC)/include/uapi/linux
	cd kernel && find . \( -name Kbuild -o -name Makefile -o -name '*.[ch]' \) ! -name '*.mod.c' | \
		while read -r f; do \
			install -D -m 644 "$$f" "$(DESTDIR)$(DKMS_SRC)/kernel/$$f" || exit 1; \
		done
	install -m 644 include/uapi/linux/*.h $(DESTDIR)$(DKMS_SRC)/include/uapi/linux/
	sed 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="$(VERSION)"/' packaging/dkms.conf \
		>$(DESTDIR)$(DKMS_SRC)/dkms.conf

install-dkms: dkms-source
	install -D -m 644 packaging/99-datastack.rules $(DESTDIR)$(UDEVRULESDIR)/99-datastack.rules
	install -D -m 644 packaging/modules-load.conf $(DESTDIR)$(MODULESLOADDIR)/datastack.conf

uninstall-dkms:
	rm -rf $(DESTDIR)$(DKMS_SRC)
	rm -f $(DESTDIR)$(UDEVRULESDIR)/99-datastack.rules $(DESTDIR)$(MODULESLOADDIR)/datastack.conf
