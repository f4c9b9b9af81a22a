// SPDX-License-Identifier: GPL-2.0
/*
 * kstack (the tool): user frames, unwound with DWARF CFI by elfutils'
 * libdwfl from registers we give it.
 *
 * One Dwfl per process: its modules (dwfl_linux_proc_report) and their
 * CFI and symbols are loaded once and serve every thread.  The thread
 * state comes from our own callbacks (dwfl_attach_state), not libdwfl's
 * ptrace backend: set_initial_registers hands over the registers the
 * caller got (the driver's, saved when a blocked thread entered the
 * kernel, or PTRACE_GETREGSET's of a stopped one), and memory_read reads
 * the target with process_vm_readv, a page at a time through a small
 * cache that is emptied before each thread, since another thread's stack
 * may have changed meanwhile.  Nothing here stops anything: capture.c
 * decides whether a thread must be stopped first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>

#include "kstack.h"

#define PAGE		4096u
#define CACHE_PAGES	64u
#define SYM_SLOTS	4096u	/* a power of two */

/* A looked-up address: dwfl_module_addrinfo scans a module's symbols. */
struct sym_slot {
	Dwarf_Addr pc;		/* the address looked up; 0: empty */
	char *name;		/* the symbol (as in the ELF file), or NULL */
	GElf_Off offset;
};

struct usession {
	pid_t tgid;
	Dwfl *dwfl;
	bool attached;
	pid_t tid;				/* the thread being unwound */
	const struct kstack_user_regs *regs;	/* its initial registers */
	bool compat;				/* 32-bit user mode */
	struct {
		uint64_t addr;			/* page address, or 1: empty */
		unsigned char data[PAGE];
	} cache[CACHE_PAGES];
	/*
	 * Symbols by address, for the whole process: threads waiting at the
	 * same place share their frames, and a lookup costs a scan of the
	 * module's symbol table (most of an unwind's time without this).
	 */
	struct sym_slot syms[SYM_SLOTS];
	unsigned int nsyms;
};

/* The current unwind, for frame_cb. */
struct unwind_arg {
	struct usession *s;
	struct thread_report *t;
};

/*
 * dwfl_module_addrinfo, remembered per address.  Returns the name (owned
 * by the session) or NULL, and *off.
 */
static const char *symbol_at(struct usession *s, Dwfl_Module *mod,
			     Dwarf_Addr pc, GElf_Off *off)
{
	unsigned int i = (unsigned int)((pc * 0x9e3779b97f4a7c15ull) >> 52) &
			 (SYM_SLOTS - 1);
	const char *fn;
	GElf_Sym sym;

	for (; s->syms[i].pc; i = (i + 1) & (SYM_SLOTS - 1)) {
		if (s->syms[i].pc == pc) {
			*off = s->syms[i].offset;
			return s->syms[i].name;
		}
	}
	fn = dwfl_module_addrinfo(mod, pc, off, &sym, NULL, NULL, NULL);
	/* Keep the table at most half full: then a lookup ends soon. */
	if (pc && s->nsyms < SYM_SLOTS / 2) {
		s->syms[i] = (struct sym_slot){ pc, fn ? xstrdup(fn) : NULL, *off };
		s->nsyms++;
		return s->syms[i].name;
	}
	return fn;
}

static void cache_empty(struct usession *s)
{
	unsigned int i;

	for (i = 0; i < CACHE_PAGES; i++)
		s->cache[i].addr = 1;
}

/* The cached copy of the target's page at addr (page aligned), or NULL. */
static const unsigned char *cache_page(struct usession *s, uint64_t addr)
{
	unsigned int slot = (unsigned int)(addr / PAGE) % CACHE_PAGES;
	struct iovec local = { s->cache[slot].data, PAGE };
	struct iovec remote = { (void *)(uintptr_t)addr, PAGE };

	if (s->cache[slot].addr == addr)
		return s->cache[slot].data;
	s->cache[slot].addr = 1;
	if (process_vm_readv(s->tgid, &local, 1, &remote, 1, 0) != PAGE)
		return NULL;
	s->cache[slot].addr = addr;
	return s->cache[slot].data;
}

/* libdwfl's word reader: 8 bytes, or 4 for a 32-bit target (zero-extended). */
static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result,
			void *arg)
{
	struct usession *s = arg;
	unsigned int len = s->compat ? 4 : 8, i;
	uint64_t v = 0;

	(void)dwfl;
	for (i = 0; i < len; i++) {
		uint64_t a = addr + i;
		const unsigned char *p = cache_page(s, a & ~(uint64_t)(PAGE - 1));

		if (!p)
			return false;
		v |= (uint64_t)p[a % PAGE] << (8 * i);
	}
	*result = v;
	return true;
}

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	(void)dwfl;
	(void)arg;
	(void)thread_argp;
	return 0;	/* threads are asked for by id (get_thread) */
}

static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
	struct usession *s = arg;

	(void)dwfl;
	*thread_argp = s;
	return tid == s->tid;
}

/* The registers in the DWARF numbering of x86-64, or of i386 (compat). */
static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	const struct usession *s = arg;
	const struct kstack_user_regs *r = s->regs;

	if (s->compat) {
		const Dwarf_Word w[9] = {
			r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp,
			r->rsi, r->rdi, r->rip,
		};

		return dwfl_thread_state_registers(thread, 0, 9, w);
	} else {
		const Dwarf_Word w[17] = {
			r->rax, r->rdx, r->rcx, r->rbx, r->rsi, r->rdi,
			r->rbp, r->rsp, r->r8, r->r9, r->r10, r->r11,
			r->r12, r->r13, r->r14, r->r15, r->rip,
		};

		return dwfl_thread_state_registers(thread, 0, 17, w);
	}
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = next_thread,
	.get_thread = get_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

/* The C++ runtime's demangler (libstdc++, always installed with g++'s runtime). */
char *__cxa_demangle(const char *name, char *buf, size_t *len, int *status);

static char *symbol_name(const char *fn)
{
	char *d = NULL;
	int st = -1;

	if (!detail.raw && fn[0] == '_' && fn[1] == 'Z')
		d = __cxa_demangle(fn, NULL, NULL, &st);
	return d && !st ? d : xstrdup(fn);
}

static char *build_id_hex(Dwfl_Module *mod)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(mod, &bits, &vaddr), i;
	char *hex;

	if (n <= 0)
		return NULL;
	hex = xmalloc(2 * (size_t)n + 1);
	for (i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", bits[i]);
	return hex;
}

static char *source_line(Dwfl_Module *mod, Dwarf_Addr pc)
{
	Dwfl_Line *line = dwfl_module_getsrc(mod, pc);
	const char *file;
	char buf[4096];
	int lineno = 0;

	file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
	if (!file)
		return NULL;
	snprintf(buf, sizeof(buf), "%s:%d", file, lineno);
	return xstrdup(buf);
}

/* The details the options ask for, of the frame at pc_adj in mod. */
static void frame_detail(struct frame *f, Dwfl_Module *mod, Dwarf_Addr pc_adj,
			 Dwarf_Addr start)
{
	if (detail.module)
		f->base = start;
	if (detail.build_id)
		f->build_id = build_id_hex(mod);
	if (detail.source)
		f->source = source_line(mod, pc_adj);
}

/* An inlined subroutine's name: its linkage name (demangled), else its name. */
static char *inlined_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;
	const char *n;

	n = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name, &a));
	if (!n)
		n = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &a));
	return symbol_name(n ? n : "??");
}

/* A call site's "file:line" (DW_AT_call_file, DW_AT_call_line). */
static char *call_site(Dwarf_Die *cu, Dwarf_Die *die)
{
	Dwarf_Files *files;
	Dwarf_Word file, line;
	Dwarf_Attribute a;
	const char *name;
	char buf[4096];

	if (dwarf_formudata(dwarf_attr(die, DW_AT_call_file, &a), &file) ||
	    dwarf_formudata(dwarf_attr(die, DW_AT_call_line, &a), &line) ||
	    dwarf_getsrcfiles(cu, &files, NULL) ||
	    !(name = dwarf_filesrc(files, file, NULL, NULL)))
		return NULL;
	snprintf(buf, sizeof(buf), "%s:%llu", name, (unsigned long long)line);
	return xstrdup(buf);
}

/*
 * -i: the functions inlined at pc_adj, innermost first, as frames of their
 * own before the function they were inlined into (as eu-stack -i shows
 * them).  Returns the call site of the outermost one (the physical
 * frame's source line), or NULL.
 */
static char *inlined_frames(struct thread_report *t, Dwfl_Module *mod,
			    Dwarf_Addr pc, Dwarf_Addr pc_adj, const char *object)
{
	Dwarf_Die *cu, *scopes = NULL, cudie;
	char *site = NULL, *src;
	Dwarf_Addr bias;
	int n, i;

	cu = dwfl_module_addrdie(mod, pc_adj, &bias);
	if (!cu)
		return NULL;
	cudie = *cu;
	n = dwarf_getscopes(cu, pc_adj - bias, &scopes);
	src = detail.source ? source_line(mod, pc_adj) : NULL;
	for (i = 0; i < n && t->nu < KSTACK_MAX_FRAMES - 1; i++) {
		struct frame *f;

		if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
			continue;
		/* -n: keep room for the physical frame itself. */
		if (detail.max_frames &&
		    (int)(t->nk + t->nu) + 1 >= detail.max_frames)
			break;
		f = &t->uframes[t->nu++];
		f->addr = pc;
		f->inlined = true;
		f->func = inlined_name(&scopes[i]);
		f->object = object ? xstrdup(object) : NULL;
		f->source = site ? site : src;	/* the previous call site, or pc's line */
		src = NULL;
		site = detail.source ? call_site(&cudie, &scopes[i]) : NULL;
	}
	free(src);
	free(scopes);
	return site;
}

static int frame_cb(Dwfl_Frame *state, void *arg)
{
	Dwfl *dwfl = dwfl_thread_dwfl(dwfl_frame_thread(state));
	struct unwind_arg *ua = arg;
	struct thread_report *t = ua->t;
	Dwarf_Addr pc, pc_adj, start = 0, bias;
	const char *mname = NULL, *fn;
	char *site = NULL;
	bool activation;
	Dwfl_Module *mod;
	struct frame *f;
	GElf_Off off;

	if (!dwfl_frame_pc(state, &pc, &activation))
		return DWARF_CB_ABORT;
	if (detail.max_frames && (int)(t->nk + t->nu) >= detail.max_frames)
		return DWARF_CB_ABORT;	/* -n: enough */
	if (t->nu == KSTACK_MAX_FRAMES) {
		note(t, "user stack truncated at %d frames", KSTACK_MAX_FRAMES);
		return DWARF_CB_ABORT;
	}
	/* A return address belongs to the call before it. */
	pc_adj = activation ? pc : pc - 1;
	mod = dwfl_addrmodule(dwfl, pc_adj);
	if (mod)
		mname = dwfl_module_info(mod, NULL, &start, NULL, NULL, NULL,
					 NULL, NULL);
	if (mod && detail.inlines)
		site = inlined_frames(t, mod, pc, pc_adj, mname);
	f = &t->uframes[t->nu++];
	f->addr = pc;
	if (!mod)
		return DWARF_CB_OK;
	fn = symbol_at(ua->s, mod, pc_adj, &off);
	frame_detail(f, mod, pc_adj, start);
	if (site) {
		free(f->source);
		f->source = site;	/* where the inlined code was called */
	}
	if (fn) {
		f->func = symbol_name(fn);
		f->offset = off + (pc - pc_adj);
	} else if (dwfl_module_getelf(mod, &bias)) {
		f->offset = pc - bias;		/* the ELF file's address */
	} else {
		f->offset = pc - start;
	}
	if (mname)
		f->object = xstrdup(mname);
	return DWARF_CB_OK;
}

/*
 * A session for process tgid: its modules reported, its state ours.
 * Returns NULL with *err set (-errno) when the process cannot be read.
 */
struct usession *uframes_begin(pid_t tgid, int *err)
{
	static char *debuginfo_path;
	static const Dwfl_Callbacks cb = {
		.find_elf = dwfl_linux_proc_find_elf,
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.debuginfo_path = &debuginfo_path,
	};
	struct usession *s = xcalloc(1, sizeof(*s));
	int ret;

	s->tgid = tgid;
	s->dwfl = dwfl_begin(&cb);
	if (!s->dwfl) {
		free(s);
		*err = -ENOMEM;
		return NULL;
	}
	dwfl_report_begin(s->dwfl);
	ret = dwfl_linux_proc_report(s->dwfl, tgid);
	dwfl_report_end(s->dwfl, NULL, NULL);
	if (ret) {
		uframes_end(s);
		*err = ret > 0 ? -ret : -EIO;
		return NULL;
	}
	return s;
}

void uframes_end(struct usession *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < SYM_SLOTS; i++)
		free(s->syms[i].name);
	dwfl_end(s->dwfl);
	free(s);
}

/*
 * Unwinds thread t from regs (the 32-bit layout's values when compat),
 * appending its user frames.  The caller makes sure the thread does not
 * run meanwhile, or checks afterwards that it did not.  Returns 0, or
 * -EIO with a note when not even one frame came out.
 */
int uframes_unwind(struct usession *s, struct thread_report *t,
		   const struct kstack_user_regs *regs, bool compat)
{
	struct unwind_arg ua = { s, t };

	/* -n: the kernel frames may have used up the frames asked for. */
	if (detail.max_frames && (int)t->nk >= detail.max_frames)
		return 0;
	if (!s->attached) {
		if (!dwfl_attach_state(s->dwfl, NULL, s->tgid,
				       &thread_callbacks, s)) {
			note(t, "user frames: %s", dwfl_errmsg(-1));
			return -EIO;
		}
		s->attached = true;
	}
	cache_empty(s);
	s->tid = t->tid;
	s->regs = regs;
	s->compat = compat;
	if (dwfl_getthread_frames(s->dwfl, t->tid, frame_cb, &ua) != 0 &&
	    t->nu == 0) {
		note(t, "user frames: %s", dwfl_errmsg(-1));
		return -EIO;
	}
	return 0;
}
