// SPDX-License-Identifier: GPL-2.0
/*
 * kstack (the tool): kernel frames.  From /dev/kstack (kstack.ko) when it
 * can be opened: the thread's context and its return addresses, symbolized
 * with /proc/kallsyms.  Otherwise from /proc/PID/task/TID/stack, which
 * gives names but no addresses.  Either way this runs before the thread is
 * stopped for its user frames, so it shows where the thread really waits.
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

enum ksource kframes_open(void)
{
	kfd = open("/dev/kstack", O_RDONLY | O_CLOEXEC);
	if (kfd >= 0)
		return ksrc = KSRC_KSTACK;
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

void kframes_close(void)
{
	if (kfd >= 0)
		close(kfd);
	kfd = -1;
}

static int from_kstack(struct thread_report *t)
{
	struct kstack_thread_ctx ctx = { .size = sizeof(ctx), .tid = t->tid };
	uint64_t ents[KSTACK_MAX_ENTRIES];
	struct kstack_trace tr = {
		.size = sizeof(tr),
		.tid = t->tid,
		.max_entries = KSTACK_MAX_ENTRIES,
		.entries = (uintptr_t)ents,
	};
	uint32_t i;

	if (ioctl(kfd, KSTACK_IOC_THREAD_CONTEXT, &ctx) < 0)
		return -errno;
	if (ioctl(kfd, KSTACK_IOC_STACK_TRACE, &tr) < 0)
		return -errno;

	t->have_kctx = true;
	t->state = ctx.state;
	snprintf(t->name, sizeof(t->name), "%.*s", KSTACK_COMM_LEN, ctx.comm);
	t->kinfo = ctx.info | tr.info;
	t->cpu = ctx.cpu;
	t->resume_ip = ctx.resume_ip;
	t->kernel_sp = ctx.kernel_sp;
	t->user_ip = ctx.user_ip;
	t->user_sp = ctx.user_sp;
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
 * Kernel frames (and, from the driver, the saved context) of one thread.
 * Returns 0, -ESRCH when the thread is gone, -EACCES/-EPERM when not
 * permitted.
 */
int kframes_capture(pid_t tgid, struct thread_report *t)
{
	int ret;

	if (ksrc == KSRC_KSTACK) {
		ret = from_kstack(t);
		if (ret != -ENOTTY && ret != -EINVAL)
			return ret;
		/* A driver of another ABI: fall back. */
	}
	ret = from_proc(tgid, t);
	if (ret == -ENOENT)
		ret = -ESRCH;
	return ret;
}
