// SPDX-License-Identifier: GPL-2.0
/*
 * kstack: kernel symbols by address, so a stack walker need not read all
 * of /proc/kallsyms (some 100,000 lines the kernel formats on every read)
 * to name a handful of return addresses.
 *
 * Locking and lifetime: none of ours.  sprint_symbol() (the one kallsyms
 * lookup exported to modules) searches the core kernel's table and, for
 * module text, the module list under its own RCU read lock, and copies the
 * names into our buffer before it returns; nothing it found is used after.
 */
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "kstack.h"

/*
 * Splits sprint_symbol()'s "name+0xoff/0xsize [module]" (the module part
 * only for module text) into @sym; -ENOENT for a bare "0xaddr", which
 * means no symbol.
 */
static int kstack_parse_symbol(char *buf, struct kstack_symbol *sym,
			       unsigned long *off)
{
	char *mod = strstr(buf, " [");
	unsigned long size;
	char *plus;

	if (mod) {
		*mod = '\0';
		mod += 2;
		mod[strcspn(mod, "] ")] = '\0';
	}
	plus = strrchr(buf, '+');
	if (!plus || plus == buf || sscanf(plus, "+%lx/%lx", off, &size) != 2)
		return -ENOENT;
	*plus = '\0';
	strscpy(sym->name, buf, sizeof(sym->name));
	strscpy(sym->module, mod ? mod : "", sizeof(sym->module));
	sym->symbol_size = size;
	return 0;
}

int kstack_symbol(struct kstack_symbol *sym)
{
	bool ret_addr = sym->flags & KSTACK_SYMBOL_RETURN_ADDRESS;
	unsigned long addr = sym->addr, off;
	char *buf;
	int ret;

	if (sym->flags & ~KSTACK_SYMBOL_RETURN_ADDRESS)
		return -EINVAL;
	if (addr != sym->addr || (ret_addr && !addr))
		return -ENOENT;
	buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset_after(sym, 0, addr);
	sprint_symbol(buf, ret_addr ? addr - 1 : addr);
	ret = kstack_parse_symbol(buf, sym, &off);
	if (!ret)
		sym->offset = off + ret_addr;
	kfree(buf);
	return ret;
}
