/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kstack (the tool): shared types.  A report is built per thread by
 * capture.c -- kernel frames first, then user frames, unwound without
 * stopping the thread when it is blocked -- and printed as text or JSON
 * once the whole process has been inspected.
 */
#ifndef KSTACK_TOOL_H
#define KSTACK_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/kstack.h>

#define KSTACK_MAX_FRAMES 256

#include "common/exitcode.h"
#include "common/xalloc.h"

struct frame {
	uint64_t addr;		/* 0 when unknown (/proc/PID/stack hides it) */
	char *func;		/* symbol (demangled unless --raw), or NULL */
	uint64_t offset;	/* from func, or from the object's start */
	char *object;		/* kernel: module or NULL; user: file path */
	/* User frames, as asked for (-m, -b, -s): */
	uint64_t base;		/* the object's load address, 0 if not known */
	char *build_id;		/* hex, or NULL */
	char *source;		/* "file:line", or NULL */
	bool inlined;		/* -i: a function inlined at addr (no frame of its own) */
};

/* What the user frames carry (the options of eu-stack's names). */
struct frame_detail {
	bool module;		/* -m: object path and base */
	bool build_id;		/* -b */
	bool source;		/* -s: file:line from debug info */
	bool raw;		/* -r: symbols as in the ELF file, not demangled */
	bool inlines;		/* -i: inlined functions as frames of their own */
	int max_frames;		/* -n: frames per thread (kernel, then user) */
};
extern struct frame_detail detail;

struct thread_report {
	pid_t tid;
	char name[64];
	char state;			/* letter as in /proc/PID/stat */
	bool have_kctx;			/* the driver's context below is set */
	uint32_t kinfo;			/* KSTACK_INFO_* */
	int cpu;
	uint64_t resume_ip, kernel_sp, user_ip, user_sp;
	uint64_t switches;		/* the driver's context switch count */
	bool have_regs;			/* regs below are the driver's */
	struct kstack_user_regs regs;	/* user registers, saved at kernel entry */
	bool kdenied, udenied;		/* kernel / user frames not permitted */
	bool shown;			/* printed (views.c and --watch decide) */
	const char *how;		/* user frames: "unstopped", "stopped" */
	const char *ksource;		/* "kstack", "proc" or NULL */
	struct frame kframes[KSTACK_MAX_FRAMES];
	size_t nk;
	struct frame uframes[KSTACK_MAX_FRAMES];
	size_t nu;
	char *notes[8];
	size_t nnotes;
};

struct process_report {
	pid_t pid;
	char name[64];
	struct thread_report *threads;
	size_t nthreads;
};

/* util.c */
void note(struct thread_report *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void frame_clear(struct frame *f);
void thread_clear(struct thread_report *t);
int thread_stat(pid_t tgid, pid_t tid, char *state, char *name, size_t len,
		unsigned long *flags);	/* 0, or -errno */

/* ksyms.c: /proc/kallsyms */
bool ksyms_lookup(uint64_t addr, bool return_address, struct frame *f);
void ksyms_reset(void);

/* kframes.c: kernel frames from /dev/kstack or /proc/PID/task/TID/stack */
enum ksource { KSRC_NONE, KSRC_KSTACK, KSRC_PROC };
enum ksource kframes_open(bool quiet);
void kframes_close(void);
int kframes_fd(void);
int kframes_capture(pid_t tgid, struct thread_report *t, bool trace);
int kframes_unmoved(const struct thread_report *t);

/* uframes.c: user frames, unwound by libdw from given registers */
struct usession;
struct usession *uframes_begin(pid_t tgid, int *err);
int uframes_unwind(struct usession *s, struct thread_report *t,
		   const struct kstack_user_regs *regs, bool compat);
void uframes_end(struct usession *s);

/* views.c: which threads are shown, and how many threads are read */
struct view_opts {
	const char *match;	/* --match: a frame's function matches (fnmatch) */
	const char *states;	/* --state: state letters shown */
	bool group;		/* --group */
	bool folded;		/* --folded */
};
extern struct view_opts view;

struct group {
	size_t first;		/* index of its first thread */
	size_t count;
	pid_t *tids;
};

bool view_selected(const struct thread_report *t);
char *stack_key(const struct thread_report *t);
size_t group_threads(const struct process_report *p, struct group **out);
void groups_free(struct group *g, size_t n);
void folded_add(const char *comm, const struct thread_report *t);
void folded_print(void);

/* capture.c: each thread's frames, from a helper thread that traces it */
struct capture_opts {
	bool kernel, user;
};

/* --timing: where the time went, summed over every process and sample. */
struct capture_stats {
	double list_ms;		/* listing threads, reading /proc */
	double report_ms;	/* libdwfl: the process's modules reported */
	double helper_ms;	/* helper threads: create, seize, join */
	double kernel_ms;	/* kernel frames: the driver (or /proc), symbols */
	double unwind_ms;	/* user frames: libdwfl unwinds, symbols, reads */
	double stop_ms;		/* stopping threads and waiting for the stop */
	unsigned long threads, unstopped, stopped, retries;
};
extern struct capture_stats stats;
double now_ms(void);
void capture_process(pid_t tgid, struct thread_report *threads, size_t n,
		     bool kthread, const struct capture_opts *o);

#endif /* KSTACK_TOOL_H */
