// SPDX-License-Identifier: GPL-2.0
/*
 * kstack (the tool): capturing each thread's frames.
 *
 * Permission.  The driver answers for a thread only to its tracer (see
 * <linux/kstack.h>), so each thread is captured by a helper thread of ours
 * that first makes itself the target's tracer with PTRACE_SEIZE, which
 * stops nothing.  That is where the kernel's ptrace policy (credentials,
 * Yama, LSMs) rules; a thread we may not trace gets neither the driver's
 * frames nor user frames (kernel frames then come from /proc, which asks
 * for less).  A seized thread cannot be detached while it runs
 * (PTRACE_DETACH wants a stopped tracee), but a tracer thread that exits
 * detaches everything it traces: so the helper exits when its thread is
 * done, and the seize lasts as long as that one capture.
 *
 * Never stopping a blocked thread.  A thread off CPU (blocked in a system
 * call, or preempted) keeps its user registers where it entered the kernel
 * and does not touch its user stack.  The driver gives those registers and
 * the thread's context switch count; libdwfl unwinds from them, reading the
 * stack with process_vm_readv; then the count is taken again.  If the
 * thread ran meanwhile (the count moved, or it is on a CPU), the capture
 * is made again, up to UNSTOPPED_TRIES times.  Only a thread that keeps
 * running, or whose registers the driver cannot give (no kstack.ko), is
 * stopped, and only for as long as its unwind takes:
 *   PTRACE_INTERRUPT puts it in a ptrace trap-stop.  A thread blocked in an
 *                    interruptible wait leaves the wait as for a signal
 *                    that is not delivered: the call restarts on resume,
 *                    but signal(7) lists calls (epoll_wait, semop, timed
 *                    socket reads...) that fail with EINTR instead -- which
 *                    is why blocked threads are not stopped;
 *   waitpid          collects the stop.  Should a real signal arrive
 *                    first, the stop is its signal-delivery-stop: we
 *                    unwind there and pass the signal on at detach;
 *   PTRACE_GETREGSET gives its registers;
 *   PTRACE_DETACH    lets it go; a thread of a stopped (T) process returns
 *                    to its group stop.
 */
#include <elf.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kstack.h"

/* PTRACE_EVENT_STOP is not in older glibc headers. */
#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

#define UNSTOPPED_TRIES 3
#define STOP_WAIT_MS	2000

struct job {
	pid_t tgid;
	struct thread_report *t;
	struct usession *us;		/* NULL: no user frames */
	const struct capture_opts *o;
	bool seized;
	bool gone;			/* exited: nothing more to capture */
};

static void detach(pid_t tid, int sig);

/* The signal a stop status stands for (0 for a ptrace trap or event stop). */
static int stop_signal(int status)
{
	return (status >> 16) == 0 ? WSTOPSIG(status) : 0;
}

/*
 * Waits up to ms milliseconds for seized thread tid's next stop.  Returns 0
 * with *sig the signal to pass on at detach, -ESRCH when it exited,
 * -EAGAIN when it did not stop in time (a thread in an uninterruptible or
 * killable wait stops only when the wait ends).  Meanwhile any other
 * seized thread that a signal stops is let go at once with its signal
 * (kstack has no children, only tracees, so waitpid(-1) sees only those);
 * tid 0 does only that.
 */
static int wait_stop(pid_t tid, int *sig, int ms)
{
	long waited_us = 0, nap_us = 20;
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(-1, &status, __WALL | WNOHANG);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return tid ? -ESRCH : 0;	/* ECHILD: no tracee left */
		if (r > 0 && r != tid) {
			if (WIFSTOPPED(status))
				detach(r, stop_signal(status));
			continue;
		}
		if (r == 0) {
			if (!tid || waited_us >= ms * 1000L)
				return -EAGAIN;
			/* A stop takes microseconds: poll from 20 us, up to 1 ms. */
			nanosleep(&(struct timespec){ .tv_nsec = nap_us * 1000 }, NULL);
			waited_us += nap_us;
			nap_us = nap_us < 1000 ? nap_us * 2 : 1000;
			continue;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return -ESRCH;
		if (WIFSTOPPED(status))
			break;
	}
	*sig = stop_signal(status);
	return 0;
}

static void detach(pid_t tid, int sig)
{
	ptrace(PTRACE_DETACH, tid, NULL, (void *)(long)sig);
}

/* A stopped thread's registers, in the 64-bit layout, and its mode. */
static int stopped_regs(pid_t tid, struct kstack_user_regs *r, bool *compat)
{
	union {
		struct user_regs_struct r64;
		uint32_t r32[17];	/* i386's user_regs_struct */
	} u;
	struct iovec iov = { &u, sizeof(u) };

	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	memset(r, 0, sizeof(*r));
	*compat = iov.iov_len == sizeof(u.r32);
	if (!*compat) {
		_Static_assert(sizeof(*r) <= sizeof(u.r64), "layout");
		memcpy(r, &u.r64, sizeof(*r));	/* the same order, up to ss */
		return 0;
	}
	/* ebx ecx edx esi edi ebp eax ds es fs gs orig_eax eip cs eflags esp ss */
	r->rbx = u.r32[0];
	r->rcx = u.r32[1];
	r->rdx = u.r32[2];
	r->rsi = u.r32[3];
	r->rdi = u.r32[4];
	r->rbp = u.r32[5];
	r->rax = u.r32[6];
	r->orig_rax = u.r32[11];
	r->rip = u.r32[12];
	r->cs = u.r32[13];
	r->eflags = u.r32[14];
	r->rsp = u.r32[15];
	r->ss = u.r32[16];
	return 0;
}

static int timed_unwind(struct job *j, const struct kstack_user_regs *regs,
			bool compat)
{
	double t0 = now_ms();
	int ret = uframes_unwind(j->us, j->t, regs, compat);

	stats.unwind_ms += now_ms() - t0;
	return ret;
}

static int timed_kframes(struct job *j, bool trace)
{
	double t0 = now_ms();
	int ret = kframes_capture(j->tgid, j->t, trace);

	stats.kernel_ms += now_ms() - t0;
	return ret;
}

/* Stops the seized thread, unwinds it, lets it go. */
static void unwind_stopped(struct job *j)
{
	struct thread_report *t = j->t;
	struct kstack_user_regs regs;
	double t0 = now_ms();
	bool compat = false;
	int sig = 0, ret;

	if (ptrace(PTRACE_INTERRUPT, t->tid, NULL, NULL) < 0) {
		if (errno == ESRCH)
			note(t, "exited during inspection");
		else
			note(t, "user frames: ptrace: %s", strerror(errno));
		return;
	}
	ret = wait_stop(t->tid, &sig, STOP_WAIT_MS);
	stats.stop_ms += now_ms() - t0;
	if (ret == -EAGAIN) {
		/* The helper's exit cancels the pending stop. */
		note(t, "user frames: the thread did not stop (uninterruptible wait)");
		return;
	}
	if (ret) {
		note(t, "exited during inspection");
		return;
	}
	ret = stopped_regs(t->tid, &regs, &compat);
	if (ret)
		note(t, "user frames: registers: %s", strerror(-ret));
	else if (!timed_unwind(j, &regs, compat))
		t->how = "stopped";
	detach(t->tid, sig);
	stats.stopped++;
}

/*
 * Unwinds a thread that is off CPU from the driver's registers, and keeps
 * the result if the thread did not run meanwhile.  Returns true when the
 * frames (or a note saying why there are none) are kept; false when the
 * thread must be stopped, with its kernel frames taken again first.
 */
static bool unwind_unstopped(struct job *j)
{
	struct thread_report *t = j->t;
	bool tried = false;
	int i, ret, failed;

	for (i = 0; i < UNSTOPPED_TRIES; i++) {
		if (i) {
			/* It ran, or runs: give it a moment to block again. */
			nanosleep(&(struct timespec){ .tv_nsec = 200000 }, NULL);
			thread_clear(t);
			stats.retries++;
			if (timed_kframes(j, j->o->kernel))
				break;
		}
		if (!t->have_regs)
			break;
		if (t->kinfo & KSTACK_INFO_ON_CPU)
			continue;
		tried = true;
		failed = timed_unwind(j, &t->regs, t->kinfo & KSTACK_INFO_COMPAT);
		ret = kframes_unmoved(t);
		if (ret > 0) {
			if (!failed)
				t->how = "unstopped";
			stats.unstopped++;
			return true;
		}
		if (ret < 0)
			break;
	}
	if (tried) {
		thread_clear(t);
		timed_kframes(j, j->o->kernel);
	}
	return false;
}

static void capture_kernel(struct job *j)
{
	struct thread_report *t = j->t;
	int ret = timed_kframes(j, j->o->kernel);

	if (!j->o->kernel && ret != -ESRCH)
		return;		/* only the context was asked for */
	if (ret == -ESRCH) {
		note(t, "exited during inspection");
		j->gone = true;
	} else if (ret == -EACCES || ret == -EPERM) {
		note(t, "kernel frames: not permitted");
		t->kdenied = true;
	} else if (ret) {
		note(t, "kernel frames: %s", strerror(-ret));
	}
}

static bool thread_skipped(const struct thread_report *t)
{
	return t->state == 'Z' || t->state == 'X' ||
	       (t->have_kctx && (t->kinfo & KSTACK_INFO_EXITING));
}

static void capture_user(struct job *j, int seize_err)
{
	struct thread_report *t = j->t;

	if (j->gone || thread_skipped(t))
		return;
	if (unwind_unstopped(j))
		return;
	if (j->seized && t->state == 'D') {
		/* A stop would wait for the end of the wait, and leave a trap. */
		note(t, "user frames: in an uninterruptible wait, not stopped");
	} else if (j->seized) {
		unwind_stopped(j);
	} else if (seize_err == ESRCH) {
		note(t, "exited during inspection");
	} else {
		note(t, "user frames: ptrace not permitted (or already traced)");
		t->udenied = true;
	}
}

/*
 * Seized threads already done stay seized until the helper exits (a
 * running tracee cannot be detached).  One that a signal stops meanwhile
 * (signal-delivery-stop, or group-stop) would wait for its tracer: let it
 * go at once with its signal; one that exits is reaped here.
 */
static void release_stopped(void)
{
	int sig;

	wait_stop(0, &sig, 0);
}

/* Is tid (still) a thread of tgid?  Ids are recycled. */
static bool in_process(pid_t tgid, pid_t tid)
{
	return !syscall(SYS_tgkill, tgid, tid, 0) || errno == EPERM;
}

/* A thread whose seize failed: gone or exiting (not a refusal)? */
static bool exited(pid_t tgid, pid_t tid)
{
	char state;

	return thread_stat(tgid, tid, &state, NULL, 0, NULL) || state == 'Z' || state == 'X';
}

static void capture_thread(struct job *j)
{
	int seize_err = 0;

	if (thread_skipped(j->t))
		return;
	j->seized = !ptrace(PTRACE_SEIZE, j->t->tid, NULL, NULL);
	if (!j->seized)
		seize_err = errno;
	if (seize_err == EPERM && exited(j->tgid, j->t->tid))
		seize_err = ESRCH;	/* an exiting thread cannot be seized */
	/* Seized, the id cannot be reaped and reused: check it is ours. */
	if (seize_err == ESRCH || !in_process(j->tgid, j->t->tid)) {
		note(j->t, "exited during inspection");
		return;
	}
	capture_kernel(j);
	if (j->us)
		capture_user(j, seize_err);
	stats.threads++;
}

struct helper {
	pid_t tgid;
	struct thread_report *threads;
	size_t n;
	bool kthread;
	struct usession *us;
	const struct capture_opts *o;
};

/* The helper thread: seizes and captures each thread in turn, then exits. */
static void *helper_main(void *arg)
{
	struct helper *h = arg;
	size_t i;

	for (i = 0; i < h->n; i++) {
		struct job j = {
			.tgid = h->tgid, .t = &h->threads[i], .us = h->us,
			.o = h->o,
		};

		if (h->kthread && h->o->user)
			note(j.t, "kernel thread: no user frames");
		capture_thread(&j);
		release_stopped();
	}
	return NULL;
}

/*
 * Each thread of process tgid, captured by one helper thread of ours
 * whose exit detaches every thread it seized (see above).
 */
void capture_process(pid_t tgid, struct thread_report *threads, size_t n,
		     bool kthread, const struct capture_opts *o)
{
	struct helper h = { tgid, threads, n, kthread, NULL, o };
	double t0, busy;
	int err = 0;
	pthread_t th;
	size_t i;

	if (o->user && !kthread) {
		t0 = now_ms();
		h.us = uframes_begin(tgid, &err);
		stats.report_ms += now_ms() - t0;
		if (!h.us)
			for (i = 0; i < n; i++) {
				note(&threads[i], "user frames: %s",
				     err == -EACCES || err == -EPERM ?
				     "not permitted" : strerror(-err));
				threads[i].udenied = err == -EACCES || err == -EPERM;
			}
	}
	t0 = now_ms();
	busy = stats.kernel_ms + stats.unwind_ms + stats.stop_ms;
	err = pthread_create(&th, NULL, helper_main, &h);
	if (err) {
		for (i = 0; i < n; i++)
			note(&threads[i], "cannot start a helper thread: %s",
			     strerror(err));
	} else {
		pthread_join(th, NULL);
	}
	/* What the helper spent besides the work timed inside it. */
	stats.helper_ms += now_ms() - t0 -
			   (stats.kernel_ms + stats.unwind_ms + stats.stop_ms - busy);
	uframes_end(h.us);
}
