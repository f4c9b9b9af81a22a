// SPDX-License-Identifier: GPL-2.0
/*
 * kstack (the tool): user frames, unwound with DWARF CFI by elfutils' libdw
 * (dwfl_linux_proc_report + dwfl_getthread_frames, as eu-stack does).
 *
 * Stopping the thread.  libdw's own attach (dwfl_linux_proc_attach with
 * assume_ptrace_stopped false) uses PTRACE_ATTACH, which sends the thread a
 * real SIGSTOP and then swallows it; if the thread was already stopped it
 * even sends another one.  We stop each thread ourselves instead and tell
 * libdw it is stopped:
 *   PTRACE_SEIZE    attaches without sending any signal;
 *   PTRACE_INTERRUPT puts the thread in a ptrace trap-stop.  A thread
 *                   blocked in an interruptible wait leaves it the way it
 *                   does for a signal that is not delivered: the system
 *                   call returns -ERESTARTSYS (or -ERESTART_RESTARTBLOCK)
 *                   and is restarted, invisibly, once the thread resumes;
 *   waitpid         collects the stop.  Should a real signal arrive first,
 *                   the stop is its signal-delivery-stop: we unwind there
 *                   and pass the signal on when detaching, so it is
 *                   delivered exactly as without us;
 *   PTRACE_DETACH   lets the thread go; a thread of a stopped (T) process
 *                   returns to its group stop.
 * One thread is stopped at a time, for as long as its unwind takes.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>
#include <linux/kstack.h>

#include "kstack.h"

/* PTRACE_EVENT_STOP is not in older glibc headers. */
#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

static void reap_if_gone(pid_t tid)
{
	int status, i;

	for (i = 0; i < 50; i++) {
		pid_t r = waitpid(tid, &status, __WALL | WNOHANG);

		if (r == tid || (r < 0 && errno != EINTR))
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	}
}

/*
 * Stops thread tid under ptrace.  Returns 0 with *sig set to the signal to
 * pass on at detach (0 for none), or -errno: -EPERM not permitted (or
 * already traced), -ESRCH gone.
 */
static int seize_stop(pid_t tid, int *sig)
{
	int status;
	pid_t r;

	*sig = 0;
	if (ptrace(PTRACE_SEIZE, tid, NULL, NULL) < 0)
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) < 0) {
		int err = errno;

		ptrace(PTRACE_DETACH, tid, NULL, NULL);
		return -err;
	}
	for (;;) {
		r = waitpid(tid, &status, __WALL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return -ESRCH;
		if (WIFSTOPPED(status))
			break;
	}
	/* A signal-delivery-stop: the signal goes on at detach. */
	if ((status >> 16) == 0)
		*sig = WSTOPSIG(status);
	return 0;
}

static void detach(pid_t tid, int sig)
{
	if (ptrace(PTRACE_DETACH, tid, NULL, (void *)(long)sig) < 0 &&
	    errno == ESRCH)
		reap_if_gone(tid);	/* killed while stopped */
}

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
	struct thread_report *t = arg;
	Dwarf_Addr pc, pc_adj, start = 0, bias;
	const char *mname = NULL, *fn;
	char *site = NULL;
	bool activation;
	Dwfl_Module *mod;
	struct frame *f;
	GElf_Off off;
	GElf_Sym sym;

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
	fn = dwfl_module_addrinfo(mod, pc_adj, &off, &sym, NULL, NULL, NULL);
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

static bool thread_skipped(const struct thread_report *t)
{
	return t->state == 'Z' || t->state == 'X' ||
	       (t->have_kctx && (t->kinfo & KSTACK_INFO_EXITING));
}

/*
 * User frames of threads[0..n) of process tgid.  Returns the number of
 * threads that could not be inspected because ptrace was not permitted,
 * or -errno when the process itself could not be read.
 */
int uframes_capture(pid_t tgid, struct thread_report *threads, size_t n)
{
	static char *debuginfo_path;
	const Dwfl_Callbacks cb = {
		.find_elf = dwfl_linux_proc_find_elf,
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.debuginfo_path = &debuginfo_path,
	};
	int denied = 0, err, sig;
	bool attached = false;
	Dwfl *dwfl;
	size_t i;

	dwfl = dwfl_begin(&cb);
	if (!dwfl)
		return -ENOMEM;
	dwfl_report_begin(dwfl);
	err = dwfl_linux_proc_report(dwfl, tgid);
	dwfl_report_end(dwfl, NULL, NULL);
	if (err) {
		dwfl_end(dwfl);
		return err > 0 ? -err : -EIO;
	}

	for (i = 0; i < n; i++) {
		struct thread_report *t = &threads[i];

		if (thread_skipped(t))
			continue;
		err = seize_stop(t->tid, &sig);
		if (err == -EPERM || err == -EACCES) {
			note(t, "user frames: ptrace not permitted (or already traced)");
			denied++;
			continue;
		}
		if (err == -ESRCH) {
			note(t, "exited during inspection");
			continue;
		}
		if (err) {
			note(t, "user frames: ptrace: %s", strerror(-err));
			continue;
		}
		if (!attached) {
			err = dwfl_linux_proc_attach(dwfl, tgid, true);
			if (err) {
				note(t, "user frames: %s",
				     err > 0 ? strerror(err) : dwfl_errmsg(-1));
				detach(t->tid, sig);
				break;
			}
			attached = true;
		}
		if (dwfl_getthread_frames(dwfl, t->tid, frame_cb, t) != 0 &&
		    t->nu == 0)
			note(t, "user frames: %s", dwfl_errmsg(-1));
		detach(t->tid, sig);
	}
	dwfl_end(dwfl);
	return denied;
}
