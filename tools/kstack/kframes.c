// SPDX-License-Identifier: GPL-2.0
/*
 * kstack (the tool): kernel frames.  From /dev/kstack (kstack.ko) when it
 * can be opened: the thread's context and its return addresses, symbolized
 * with /proc/kallsyms.  Otherwise from /proc/PID/task/TID/stack, which
 * gives names but no addresses.  Either way this runs before the thread is
 * stopped for its user frames, so it shows where the thread really waits.
 * The driver's context also gives the user registers and the context
 * switch count that let capture.c unwind a blocked thread unstopped.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kstack.h>

#include "kstack.h"

/* Kernel frames a thread may have: all, or --frames N. */
static size_t kframes_room(void)
{
	return detail.max_frames ? (size_t)detail.max_frames : KSTACK_MAX_FRAMES;
}

static int kfd = -1;
static enum ksource ksrc = KSRC_NONE;

/* quiet: kernel frames are not wanted, only the driver's registers. */
enum ksource kframes_open(bool quiet)
{
	kfd = open("/dev/kstack", O_RDONLY | O_CLOEXEC);
	if (kfd >= 0)
		return ksrc = KSRC_KSTACK;
	if (quiet)
		return ksrc = KSRC_PROC;
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		fputs("kstack: kstack.ko not loaded (no /dev/kstack): kernel frames from /proc/PID/task/TID/stack\n",
		      stderr);
	else if (errno == EACCES || errno == EPERM)
		fputs("kstack: /dev/kstack: not permitted (needs CAP_SYS_ADMIN): kernel frames from /proc/PID/task/TID/stack\n",
		      stderr);
	else
		fprintf(stderr, "kstack: /dev/kstack: %s: kernel frames from /proc/PID/task/TID/stack\n",
			strerror(errno));
	return ksrc = KSRC_PROC;
}

/* The driver's descriptor, or -1. */
int kframes_fd(void)
{
	return kfd;
}

void kframes_close(void)
{
	if (kfd >= 0)
		close(kfd);
	kfd = -1;
}

static int get_ctx(pid_t tid, struct kstack_thread_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->size = sizeof(*ctx);
	ctx->tid = tid;
	return ioctl(kfd, KSTACK_IOC_THREAD_CONTEXT, ctx) < 0 ? -errno : 0;
}

static int from_kstack(struct thread_report *t, bool trace)
{
	struct kstack_thread_ctx ctx;
	uint64_t ents[KSTACK_MAX_ENTRIES];
	struct kstack_trace tr = {
		.size = sizeof(tr),
		.tid = t->tid,
		.max_entries = KSTACK_MAX_ENTRIES,
		.entries = (uintptr_t)ents,
	};
	uint32_t i;
	int ret;

	ret = get_ctx(t->tid, &ctx);
	if (ret)
		return ret;
	if (trace && ioctl(kfd, KSTACK_IOC_STACK_TRACE, &tr) < 0)
		return -errno;

	t->have_kctx = true;
	/* The state seen before the seize (which moves a stopped thread to 't'). */
	if (t->state == '?')
		t->state = ctx.state;
	snprintf(t->name, sizeof(t->name), "%.*s", KSTACK_COMM_LEN, ctx.comm);
	t->kinfo = ctx.info | tr.info;
	t->cpu = ctx.cpu;
	t->resume_ip = ctx.resume_ip;
	t->kernel_sp = ctx.kernel_sp;
	t->user_ip = ctx.user_ip;
	t->user_sp = ctx.user_sp;
	t->switches = ctx.switches;
	t->regs = ctx.regs;
	/* An older driver's context ends before the registers. */
	t->have_regs = ctx.size >= KSTACK_THREAD_CTX_SIZE_VER1 &&
		       !(ctx.info & (KSTACK_INFO_KTHREAD | KSTACK_INFO_EXITING));
	if (!trace)
		return 0;
	t->ksource = "kstack";

	for (i = 0; i < tr.nr_entries && t->nk < kframes_room(); i++) {
		struct frame *f = &t->kframes[t->nk++];

		f->addr = ents[i];
		ksyms_lookup(ents[i], true, f);
	}
	if (t->kinfo & KSTACK_INFO_EXITING)
		note(t, "exiting: kernel stack gone");
	else if (t->kinfo & KSTACK_INFO_SELF)
		note(t, "this is kstack itself");
	else if (t->kinfo & KSTACK_INFO_ON_CPU)
		note(t, "running on CPU %d: no saved kernel stack", t->cpu);
	if (t->kinfo & KSTACK_INFO_TRUNCATED)
		note(t, "kernel stack truncated at %u frames", tr.nr_entries);
	if ((t->kinfo & KSTACK_INFO_UNRELIABLE) &&
	    !(t->kinfo & KSTACK_INFO_ON_CPU))
		note(t, "kernel unwinder reported an error: frames may be missing");
	return 0;
}

/* Lines look like "[<0>] pipe_read+0x2f9/0x3e0 [module]". */
static int from_proc(pid_t tgid, struct thread_report *t)
{
	char path[64], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", tgid, t->tid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	t->ksource = "proc";
	while (fgets(line, sizeof(line), f) && t->nk < kframes_room()) {
		char func[256], module[128];
		unsigned long long off = 0;
		char *p = strchr(line, ']');
		struct frame *fr;
		int n;

		if (!p)
			continue;
		module[0] = '\0';
		n = sscanf(p + 1, " %255[^+ \n]+%llx/%*x [%127[^]]]", func,
			   &off, module);
		if (n < 1)
			continue;
		fr = &t->kframes[t->nk++];
		fr->func = xstrdup(func);
		fr->offset = off;
		fr->object = module[0] ? xstrdup(module) : NULL;
	}
	if (ferror(f)) {
		int err = errno;

		fclose(f);
		return -err;
	}
	fclose(f);
	return 0;
}

/*
 * Kernel frames (with trace; without, only the driver's context) of one
 * thread.  Returns 0, -ESRCH when the thread is gone, -EACCES/-EPERM when
 * not permitted.  /proc/PID/stack is the fallback when the driver is absent
 * or refuses: it asks for ptrace access, not for being the tracer, so it
 * serves a thread another debugger traces.
 */
int kframes_capture(pid_t tgid, struct thread_report *t, bool trace)
{
	int ret;

	if (ksrc == KSRC_KSTACK) {
		ret = from_kstack(t, trace);
		if (ret != -ENOTTY && ret != -EINVAL && ret != -EPERM)
			return ret;
		/* Refused, or a driver of another ABI: fall back. */
	}
	if (!trace)
		return 0;
	ret = from_proc(tgid, t);
	if (ret == -ENOENT)
		ret = -ESRCH;
	return ret;
}

/*
 * After an unstopped unwind: 1 when the thread has not run since its
 * context was taken (off CPU both times, the same switch count), so its
 * registers and the stack read belong together; 0 when it may have run;
 * -errno when the driver cannot tell.
 */
int kframes_unmoved(const struct thread_report *t)
{
	struct kstack_thread_ctx ctx;
	int ret = get_ctx(t->tid, &ctx);

	if (ret)
		return ret;
	return !(ctx.info & KSTACK_INFO_ON_CPU) && ctx.switches == t->switches;
}
