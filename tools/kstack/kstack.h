/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kstack (the tool): shared types.  A report is built per thread -- kernel
 * frames first, captured before any ptrace stop, then user frames -- and
 * printed as text or JSON once the whole process has been inspected.
 */
#ifndef KSTACK_TOOL_H
#define KSTACK_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

/* ksyms.c: /proc/kallsyms */
bool ksyms_lookup(uint64_t addr, bool return_address, struct frame *f);

/* kframes.c: kernel frames from /dev/kstack or /proc/PID/task/TID/stack */
enum ksource { KSRC_NONE, KSRC_KSTACK, KSRC_PROC };
enum ksource kframes_open(void);
void kframes_close(void);
int kframes_capture(pid_t tgid, struct thread_report *t);

/* uframes.c: user frames through ptrace and libdw */
int uframes_capture(pid_t tgid, struct thread_report *threads, size_t n);

#endif /* KSTACK_TOOL_H */
