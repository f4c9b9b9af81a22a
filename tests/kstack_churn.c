// SPDX-License-Identifier: GPL-2.0
/*
 * STACK_TRACE (with THREAD_CONTEXT and stack reads alongside) in a loop
 * for 10 s -- 3 s with DS_SLOW, 30 s with DS_LONG (the reliability report)
 * -- against threads that are continually created and exit: some exit at
 * once, some sleep, some spin on a CPU, some block in a pipe read; plus
 * short-lived child processes, which their parent thread seizes (the
 * driver answers only to a tracer) and inspects while they exit.  Any
 * oops or KASAN report fails the run (scripts/vm-run); here only ESRCH
 * (gone) is an acceptable error, and EPERM for a thread id that was
 * recycled meanwhile (for another process, or, for a stack read, another
 * thread).
 */
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "helpers.h"

#define RING		256
#define MAX_LIVE	48
#define TRACERS		2

static _Atomic pid_t ring[RING];
static atomic_uint ring_pos;
static atomic_int stop, live;
static atomic_long created, forked;
static int fd;
static int data_pipe[2];

static __thread uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void seed(void)
{
	rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)syscall(SYS_gettid) * 2654435761u;
}

static void publish(pid_t tid)
{
	atomic_store(&ring[atomic_fetch_add(&ring_pos, 1) % RING], tid);
}

static void *worker(void *arg)
{
	long kind = (long)arg;
	struct timespec ts = { 0, 0 };
	struct pollfd p = { .fd = data_pipe[0], .events = POLLIN };
	volatile unsigned long spin = 0;
	int i;

	publish((pid_t)syscall(SYS_gettid));
	switch (kind) {
	case 0:
		break;
	case 1:
		ts.tv_nsec = (long)(kind * 700000);
		nanosleep(&ts, NULL);
		break;
	case 2:
		for (i = 0; i < 200000; i++)
			spin += (unsigned long)i;
		break;
	case 3:
		for (i = 0; i < 20; i++)
			sched_yield();
		break;
	default:
		poll(&p, 1, 2);
		break;
	}
	atomic_fetch_sub(&live, 1);
	return NULL;
}

static void *spawner(void *arg)
{
	pthread_attr_t attr;
	pthread_t th;

	(void)arg;
	seed();
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 65536);
	while (!atomic_load(&stop)) {
		if (atomic_load(&live) >= MAX_LIVE) {
			sched_yield();
			continue;
		}
		atomic_fetch_add(&live, 1);
		if (pthread_create(&th, &attr, worker, (void *)(long)(rnd() % 5))) {
			atomic_fetch_sub(&live, 1);
			usleep(1000);
			continue;
		}
		atomic_fetch_add(&created, 1);
	}
	pthread_attr_destroy(&attr);
	return NULL;
}

struct counts {
	long trace_ok, trace_frames, trace_gone;
	long ctx_ok, ctx_gone, ctx_exiting;
	long read_ok, read_gone, read_recycled;
};

static struct counts child_counts;

/* EPERM for a thread id no longer ours (recycled for another process). */
static int gone(int err, pid_t tid, bool ours)
{
	if (err == ESRCH)
		return 1;
	return err == EPERM && ours &&
	       syscall(SYS_tgkill, getpid(), tid, 0) < 0;
}

/* The three commands once on tid; ours: a thread of this process. */
static void inspect_once(struct counts *c, pid_t tid, bool ours)
{
	__u64 ent[KSTACK_MAX_ENTRIES];
	unsigned char buf[512];
	struct kstack_thread_ctx x;
	uint32_t info, copied, len;
	__u64 addr;
	int n;

	n = kst_trace(fd, tid, ent, (uint32_t)(rnd() % KSTACK_MAX_ENTRIES) + 1,
		      &info);
	if (n >= 0) {
		c->trace_ok++;
		c->trace_frames += n;
	} else {
		CHECK(gone(errno, tid, ours), "STACK_TRACE of %d", tid);
		c->trace_gone++;
	}

	if (kst_ctx(fd, tid, &x) < 0) {
		CHECK(gone(errno, tid, ours), "THREAD_CONTEXT of %d", tid);
		c->ctx_gone++;
		return;
	}
	c->ctx_ok++;
	if (x.info & KSTACK_INFO_EXITING) {
		c->ctx_exiting++;
		return;
	}
	len = (uint32_t)(rnd() % sizeof(buf)) + 1;
	addr = x.kernel_sp ? x.kernel_sp : x.stack_base;
	if (addr + len > x.stack_base + x.stack_size)
		len = (uint32_t)(x.stack_base + x.stack_size - addr);
	if (kst_read(fd, tid, addr, buf, len, &copied) == 0) {
		CHECK(copied == len, "copied %u of %u", copied, len);
		c->read_ok++;
	} else if (errno == ESRCH) {
		c->read_gone++;
	} else {
		CHECK(errno == EPERM, "READ_MEMORY of %d's stack", tid);
		c->read_recycled++;
	}
}

static void *forker(void *arg)
{
	(void)arg;
	seed();
	while (!atomic_load(&stop)) {
		pid_t pid = fork();

		if (pid == 0) {
			if (rnd() & 1)
				usleep(500);
			_exit(0);
		}
		if (pid < 0) {
			usleep(1000);
			continue;
		}
		atomic_fetch_add(&forked, 1);
		/* Traced, so inspected by this thread, while it exits. */
		if (!ptrace(PTRACE_SEIZE, pid, NULL, NULL))
			inspect_once(&child_counts, pid, false);
		waitpid(pid, NULL, __WALL);
	}
	return NULL;
}

static void *tracer(void *arg)
{
	struct counts *c = arg;

	seed();
	while (!atomic_load(&stop)) {
		pid_t tid = atomic_load(&ring[rnd() % RING]);

		if (tid)
			inspect_once(c, tid, true);
	}
	return NULL;
}

int main(void)
{
	long seconds = t_slow() ? 3 : t_long() ? 30 : 10;
	pthread_t sp[2], fk, tr[TRACERS];
	struct counts c[TRACERS + 1], sum = { 0 };
	struct timespec t0, t1;
	int i;

	fd = kst_open();
	CHECK(pipe(data_pipe) == 0, "pipe");
	memset(c, 0, sizeof(c));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 2; i++)
		CHECK(pthread_create(&sp[i], NULL, spawner, NULL) == 0, "spawner");
	CHECK(pthread_create(&fk, NULL, forker, NULL) == 0, "forker");
	for (i = 0; i < TRACERS; i++)
		CHECK(pthread_create(&tr[i], NULL, tracer, &c[i]) == 0, "tracer");
	sleep((unsigned int)seconds);
	atomic_store(&stop, 1);
	for (i = 0; i < TRACERS; i++)
		pthread_join(tr[i], NULL);
	pthread_join(fk, NULL);
	for (i = 0; i < 2; i++)
		pthread_join(sp[i], NULL);
	while (atomic_load(&live) > 0)
		usleep(1000);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	c[TRACERS] = child_counts;
	for (i = 0; i <= TRACERS; i++) {
		sum.trace_ok += c[i].trace_ok;
		sum.trace_frames += c[i].trace_frames;
		sum.trace_gone += c[i].trace_gone;
		sum.ctx_ok += c[i].ctx_ok;
		sum.ctx_gone += c[i].ctx_gone;
		sum.ctx_exiting += c[i].ctx_exiting;
		sum.read_ok += c[i].read_ok;
		sum.read_gone += c[i].read_gone;
		sum.read_recycled += c[i].read_recycled;
	}
	printf("%.1f s: %ld threads created, %ld processes forked\n",
	       (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       atomic_load(&created), atomic_load(&forked));
	printf("STACK_TRACE: %ld calls, %ld ok (%ld frames), %ld ESRCH\n",
	       sum.trace_ok + sum.trace_gone, sum.trace_ok, sum.trace_frames,
	       sum.trace_gone);
	printf("THREAD_CONTEXT: %ld ok (%ld exiting), %ld ESRCH\n", sum.ctx_ok,
	       sum.ctx_exiting, sum.ctx_gone);
	printf("READ_MEMORY: %ld ok, %ld ESRCH, %ld EPERM (recycled ids)\n",
	       sum.read_ok, sum.read_gone, sum.read_recycled);
	CHECK(sum.trace_ok > 0 && sum.trace_frames > 0, "no trace succeeded");
	CHECK(child_counts.ctx_ok + child_counts.ctx_gone > 0,
	      "no child process was inspected");
	CHECK(atomic_load(&created) > 10, "too few threads created");
	close(fd);
	return 0;
}
