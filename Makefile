# datastack — top-level build.  `make` builds the modules and all user space;
# `make check` runs the whole suite in QEMU guests (see README.md).

SHELL := /bin/bash
BUILD := $(CURDIR)/build
VERSION := $(shell cat $(CURDIR)/VERSION)

# Kernel build tree the modules are built against (override: make KDIR=...).
# Recursive variables, expanded only when a recipe runs: on a fresh machine
# the tree exists only once the `setup` prerequisite has installed it.
KDIR ?= $(shell $(CURDIR)/scripts/default-kdir)
KREL = $(shell $(CURDIR)/scripts/kernel-release $(KDIR))
KOUT = $(BUILD)/kmod/$(shell $(CURDIR)/scripts/kmod-dir $(KDIR))

CC ?= gcc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
CPPFLAGS := -I$(CURDIR)/include/uapi -I$(CURDIR)/lib/include -I$(BUILD)/include \
	-I$(CURDIR)/tools -D_GNU_SOURCE
export CC CFLAGS WARN CPPFLAGS BUILD

# The guest kernel of `make check`, `stress`, `fuzz`: debian (the default
# for check; all of the below by default, see scripts/check), debug, kcsan,
# rt or 6.12 (scripts/guest-kernel knows each one's settings).
KERNEL ?=

.PHONY: all modules user setup sparse checkpatch check demo clean debug-kernel \
	bench stress fuzz reliability-report linearizability fresh-machine-test \
	install uninstall dkms-source install-dkms uninstall-dkms

all: modules user

setup:
	@$(CURDIR)/scripts/setup

# Kbuild writes objects beside the sources, so it runs on a mirror of the
# kernel sources (symlinks) inside build/, one per kernel release.
define mirror_sources
	@test -n "$(KREL)" || { echo "no kernel build tree at '$(KDIR)'"; exit 1; }
	@mkdir -p $(1)
	@cp -rsfT $(CURDIR)/kernel $(1)/kernel
	@cp -rsfT $(CURDIR)/include $(1)/include
	@mkdir -p $(1)/tests && cp -rsfT $(CURDIR)/tests/modules $(1)/tests/modules
endef

modules: setup
	$(call mirror_sources,$(KOUT))
	$(MAKE) -C $(KDIR) M=$(KOUT)/kernel W=1 modules
	$(MAKE) -C $(KDIR) M=$(KOUT)/tests/modules \
		KBUILD_EXTRA_SYMBOLS=$(KOUT)/kernel/Module.symvers modules
	$(call mirror_sources,$(KOUT)/seeded)
	$(MAKE) -C $(KDIR) M=$(KOUT)/seeded/kernel/datastack \
		KCFLAGS=-DDS_SEED_ORDER_BUG modules

# sparse gets a tree of its own, so it never races a module build.
sparse: setup
	$(call mirror_sources,$(BUILD)/sparse/$(KREL))
	$(MAKE) -C $(KDIR) M=$(BUILD)/sparse/$(KREL)/kernel C=1 CF="-D__CHECK_ENDIAN__" \
		modules 2>&1 | tee $(BUILD)/sparse.log
	@! grep -E "warning:|error:" $(BUILD)/sparse.log

CHECKPATCH := /usr/src/linux-source-6.1/scripts/checkpatch.pl
CHECKPATCH_FLAGS := --strict --no-tree --terse --show-types --ignore SPDX_LICENSE_TAG
checkpatch: setup
	@find kernel include tests/modules -name '*.[ch]' ! -name ds_compat.h | sort | \
		xargs $(CHECKPATCH) $(CHECKPATCH_FLAGS) -f
	@$(CHECKPATCH) $(CHECKPATCH_FLAGS) --ignore LINUX_VERSION_CODE -f kernel/include/ds_compat.h

user: setup
	@$(MAKE) -s -f $(CURDIR)/mk/user.mk

# Unpacks the debug kernel (build/kernels/debug) without booting it.
debug-kernel:
	@$(CURDIR)/scripts/guest-kernel debug >/dev/null

check: all
	@KERNEL=$(KERNEL) $(CURDIR)/scripts/check

demo: all
	@$(CURDIR)/scripts/vm-run -- $(CURDIR)/examples/demo.sh

# Benchmarks in the guest: build/bench/results.{csv,md,png} (see bench/).
bench: all
	@$(CURDIR)/bench/run-bench $(if $(QUICK),--quick)

# Long runs, in the guest, on the debug kernel unless KERNEL= says another:
#   make stress DURATION=600     make fuzz ITER=1000000 [SEED=n]
GUEST = $(CURDIR)/scripts/vm-run --flavour $(or $(KERNEL),debug)
stress: all
	$(GUEST) -- $(BUILD)/stress/ds_stress --duration $(or $(DURATION),600) \
		--objects 6 --producers 4 --consumers 4 $(if $(SEED),--seed $(SEED))

fuzz: all
	$(GUEST) -- sh -c '$(BUILD)/fuzz/ds_fuzz --iterations $(or $(ITER),200000) \
		--seed $(or $(SEED),1) && $(BUILD)/fuzz/ds_fuzz32 \
		--iterations $(or $(ITER),200000) --seed $(or $(SEED),2)'

# docs/reliability.md from a run on the debug kernel (DURATION=, ITER=).
reliability-report: all
	@$(CURDIR)/scripts/reliability-report

# Many long concurrent histories, checked (docs/linearizability.md).
linearizability: all
	@KERNEL=$(KERNEL) $(CURDIR)/scripts/linearizability

# The README's two commands on a fresh Debian 12 root (debootstrap, chroot).
fresh-machine-test:
	@$(CURDIR)/scripts/fresh-machine-test

clean:
	rm -rf $(BUILD)

# ---- installation ---------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=...]: libdatastack (shared and
# static), its headers and the uapi headers, dsctl and kstack, the man pages
# and the pkg-config file.  make install-dkms: the module sources for DKMS,
# the systemd mount unit of the system instance and the modules-load.d entry
# (see README.md).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DKMS_SRC := /usr/src/datastack-$(VERSION)
SYSTEMDUNITDIR ?= /etc/systemd/system
MODULESLOADDIR ?= /etc/modules-load.d
MANPAGES := $(wildcard $(CURDIR)/man/man[137]/*.[137])
SOLIB := libdatastack.so.$(VERSION)
SONAME := libdatastack.so.$(firstword $(subst ., ,$(VERSION)))
PROGRAMS := dsctl kstack
HEADERS := datastack.h datastack/wintypes.h datastack/native.h datastack/win32.h datastack/uring.h
UAPI_HEADERS := datastack.h kstack.h

install: user
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/datastack $(DESTDIR)$(INCLUDEDIR)/linux \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	for p in $(PROGRAMS); do install -m 755 $(BUILD)/bin/$$p $(DESTDIR)$(BINDIR)/$$p; done
	install -m 755 $(BUILD)/lib/$(SOLIB) $(DESTDIR)$(LIBDIR)/$(SOLIB)
	ln -sf $(SOLIB) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libdatastack.so
	install -m 644 $(BUILD)/lib/libdatastack.a $(DESTDIR)$(LIBDIR)/libdatastack.a
	for h in $(HEADERS); do install -m 644 lib/include/$$h $(DESTDIR)$(INCLUDEDIR)/$$h; done
	install -m 644 $(BUILD)/include/datastack/version.h $(DESTDIR)$(INCLUDEDIR)/datastack/version.h
	for h in $(UAPI_HEADERS); do \
		install -m 644 include/uapi/linux/$$h $(DESTDIR)$(INCLUDEDIR)/linux/$$h; done
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		lib/datastack.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/datastack.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/datastack.pc
	for m in $(MANPAGES); do \
		s=$${m##*.}; sed '/^\.TH /s/"datastack"/"datastack $(VERSION)"/' $$m \
			>$(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
		chmod 644 $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; fi

uninstall:
	for p in $(PROGRAMS); do rm -f $(DESTDIR)$(BINDIR)/$$p; done
	rm -f $(DESTDIR)$(LIBDIR)/$(SOLIB) $(DESTDIR)$(LIBDIR)/$(SONAME) \
		$(DESTDIR)$(LIBDIR)/libdatastack.so $(DESTDIR)$(LIBDIR)/libdatastack.a \
		$(DESTDIR)$(PKGCONFIGDIR)/datastack.pc \
		$(DESTDIR)$(INCLUDEDIR)/datastack/version.h
	for h in $(HEADERS); do rm -f $(DESTDIR)$(INCLUDEDIR)/$$h; done
	for h in $(UAPI_HEADERS); do rm -f $(DESTDIR)$(INCLUDEDIR)/linux/$$h; done
	-rmdir $(DESTDIR)$(INCLUDEDIR)/datastack
	for m in $(MANPAGES); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
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
	sed 's/@VERSION@/$(VERSION)/' packaging/dkms.conf >$(DESTDIR)$(DKMS_SRC)/dkms.conf
	install -m 755 packaging/dkms-post-build $(DESTDIR)$(DKMS_SRC)/dkms-post-build

install-dkms: dkms-source
	install -D -m 644 packaging/dev-datastack.mount $(DESTDIR)$(SYSTEMDUNITDIR)/dev-datastack.mount
	install -D -m 644 packaging/modules-load.conf $(DESTDIR)$(MODULESLOADDIR)/datastack.conf

uninstall-dkms:
	rm -rf $(DESTDIR)$(DKMS_SRC)
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/dev-datastack.mount $(DESTDIR)$(MODULESLOADDIR)/datastack.conf
