// SPDX-License-Identifier: GPL-2.0
/*
 * kstack (the tool): kernel symbols.  From kstack.ko (KSTACK_IOC_SYMBOL)
 * when it is loaded, one address at a time and remembered, since threads
 * share most of their kernel frames; else from /proc/kallsyms, loaded on
 * first use -- which costs the kernel a quarter of a second to format in
 * a QEMU guest.  Only text symbols count; module symbols carry their
 * module name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "common/fileio.h"
#include "kstack.h"

struct ksym {
	uint64_t addr;
	size_t line;		/* position in /proc/kallsyms */
	const char *name;	/* into text */
	const char *module;	/* into text; NULL for the core kernel */
};

static char *text;		/* all of /proc/kallsyms, split in place */
static struct ksym *syms;
static size_t nsyms;
static int loaded;		/* 0: not tried, 1: usable, -1: unusable */

/* A symbol farther than this from an address does not describe it. */
#define KSYM_MAX_OFFSET 0x100000

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Lines are "ADDRESS TYPE NAME" or "ADDRESS TYPE NAME\t[MODULE]"; parsed
 * by hand: sscanf() over some 150,000 lines is slow on a debug kernel.
 */
static void ksyms_load(void)
{
	size_t len, cap = 0;
	char *p, *end;

	loaded = -1;
	if (read_file("/proc/kallsyms", 1UL << 30, &text, &len))
		return;
	for (p = text, end = text + len; p < end; ) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *q, *name;
		const char *module = NULL;
		uint64_t addr;
		char type;

		if (!nl)
			nl = end;
		*nl = '\0';
		addr = strtoull(p, &q, 16);
		if (q[0] != ' ' || !q[1] || q[2] != ' ')
			goto next;
		type = q[1];
		name = q + 3;
		q = strchr(name, '\t');
		if (q) {
			*q++ = '\0';
			if (*q == '[') {
				module = q + 1;
				q = strchr(q, ']');
				if (q)
					*q = '\0';
			}
		}
		if (!addr || !strchr("tTwW", type))
			goto next;
		if (nsyms == cap) {
			struct ksym *ns;

			cap = cap ? cap * 2 : 65536;
			ns = realloc(syms, cap * sizeof(*syms));
			if (!ns)
				break;
			syms = ns;
		}
		syms[nsyms].addr = addr;
		syms[nsyms].line = nsyms;
		syms[nsyms].name = name;
		syms[nsyms].module = module;
		nsyms++;
next:
		p = nl + 1;
	}
	/* Without privilege every address reads as zero: nothing usable. */
	if (!nsyms)
		return;
	qsort(syms, nsyms, sizeof(*syms), ksym_cmp);
	loaded = 1;
}

#define DRV_SLOTS 1024u	/* a power of two */

/* The driver's answers, by address (and kind of address). */
static struct {
	bool used;
	bool return_address;
	uint64_t addr;
	char *name;		/* NULL: no symbol */
	char *module;
	uint64_t offset;
} drv[DRV_SLOTS];
static unsigned int ndrv;
static bool drv_broken;		/* it failed otherwise than ENOENT: not asked again */

/* Forgets the driver's answers (modules may come and go between samples). */
void ksyms_reset(void)
{
	unsigned int i;

	for (i = 0; i < DRV_SLOTS; i++) {
		free(drv[i].name);
		free(drv[i].module);
	}
	memset(drv, 0, sizeof(drv));
	ndrv = 0;
}

static int fill(struct frame *f, const char *name, const char *module,
		uint64_t offset)
{
	if (!name || !*name)
		return 0;
	f->func = xstrdup(name);
	f->offset = offset;
	f->object = module && *module ? xstrdup(module) : NULL;
	return 1;
}

/* Asks the driver; 1 found, 0 no symbol, -1 cannot ask. */
static int drv_lookup(uint64_t addr, bool return_address, struct frame *f)
{
	unsigned int i = (unsigned int)(((addr ^ return_address) *
					  0x9e3779b97f4a7c15ull) >> 54) &
			 (DRV_SLOTS - 1);
	struct kstack_symbol sym = {
		.size = sizeof(sym),
		.flags = return_address ? KSTACK_SYMBOL_RETURN_ADDRESS : 0,
		.addr = addr,
	};
	int fd = kframes_fd();

	for (; drv[i].used; i = (i + 1) & (DRV_SLOTS - 1))
		if (drv[i].addr == addr && drv[i].return_address == return_address)
			return fill(f, drv[i].name, drv[i].module, drv[i].offset);
	if (fd < 0 || drv_broken)
		return -1;
	if (ioctl(fd, KSTACK_IOC_SYMBOL, &sym) < 0) {
		if (errno != ENOENT) {
			drv_broken = true;	/* an older driver: /proc/kallsyms */
			return -1;
		}
		sym.name[0] = '\0';
	}
	sym.name[sizeof(sym.name) - 1] = '\0';
	sym.module[sizeof(sym.module) - 1] = '\0';
	/* Kept while the table is at most half full. */
	if (ndrv < DRV_SLOTS / 2) {
		drv[i].used = true;
		drv[i].return_address = return_address;
		drv[i].addr = addr;
		drv[i].name = sym.name[0] ? xstrdup(sym.name) : NULL;
		drv[i].module = sym.module[0] ? xstrdup(sym.module) : NULL;
		drv[i].offset = sym.offset;
		ndrv++;
	}
	return fill(f, sym.name, sym.module, sym.offset);
}

/*
 * Fills f->func, f->offset and f->object (module) for a kernel address.
 * A return address is looked up one byte back, as the kernel's %pB does,
 * so that a call at the very end of a function is not credited to the
 * next one; the offset printed is still the address's own.
 */
bool ksyms_lookup(uint64_t addr, bool return_address, struct frame *f)
{
	uint64_t key = return_address ? addr - 1 : addr;
	size_t lo = 0, hi;
	int ret = drv_lookup(addr, return_address, f);

	if (ret >= 0)
		return ret;
	if (!loaded)
		ksyms_load();
	if (loaded < 0)
		return false;
	hi = nsyms;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (syms[mid].addr <= key)
			lo = mid;
		else
			hi = mid;
	}
	if (syms[lo].addr > key || key - syms[lo].addr > KSYM_MAX_OFFSET)
		return false;
	/* Of aliases, the first listed wins, as in the kernel's lookup. */
	while (lo && syms[lo - 1].addr == syms[lo].addr)
		lo--;
	return fill(f, syms[lo].name, syms[lo].module, addr - syms[lo].addr);
}
