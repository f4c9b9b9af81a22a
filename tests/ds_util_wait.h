/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the waiting / querying / listing tests (ds_wait_*, ds_epoll,
 * ds_query, ds_proc, ds_fifo, ds_batch): the monotonic clock, batch calls,
 * waiting until an object has N blocked tasks, children with a time limit.
 */
#ifndef DS_UTIL_WAIT_H
#define DS_UTIL_WAIT_H

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include "ds_util.h"

#define NSEC_PER_MSEC	1000000LL
#define NSEC_PER_SEC	1000000000LL

/* A check that reports and lets the test go on; the test fails at its end. */
static int t_failures __attribute__((unused));
#define SOFT_CHECK(cond, ...) ({					\
	int _ok = !!(cond);						\
	if (!_ok) {							\
		fprintf(stderr, "%s:%d: check failed: %s: ",		\
			__FILE__, __LINE__, #cond);			\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		t_failures++;						\
	}								\
	_ok;								\
})

/* True on a slow (debug) kernel: DS_SLOW set. */
static inline int t_slow(void)
{
	const char *s = getenv("DS_SLOW");

	return s && *s;
}

/* A generous bound: ten times wider on a slow kernel. */
static inline int64_t t_tol_ns(int64_t normal)
{
	return t_slow() ? normal * 10 : normal;
}

static inline int64_t t_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static inline void t_sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * NSEC_PER_MSEC };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Kills the test (a FAIL, not a suite time-out) if it runs past s seconds. */
static inline void t_deadline(unsigned int s)
{
	alarm(t_slow() ? s * 10 : s);
}

/* DS_IOC_PUSHV / DS_IOC_POPV; returns what ioctl(2) returns. */
static inline int t_batch(int fd, unsigned long cmd, struct ds_iovec *iov,
			  uint32_t count, uint32_t flags, int64_t timeout_ns)
{
	struct ds_batch b = {
		.iov = uptr(iov), .count = count, .flags = flags,
		.timeout_ns = timeout_ns,
	};

	return ioctl(fd, cmd, &b);
}

/* A blocking pop (optionally with timeout flags) into buf. */
static inline int t_pop_wait(int fd, void *buf, uint32_t *size, uint32_t flags,
			     int64_t timeout_ns)
{
	return t_pop_ex(fd, buf, size, flags, timeout_ns, DS_IOC_POP);
}

static inline struct ds_info t_info(int fd)
{
	struct ds_info info;

	CHECK(t_query(fd, &info) == 0, "query fd %d", fd);
	return info;
}

/* Waits (10 s at most, 100 s when slow) until the object has n waiters. */
static inline void t_wait_waiters(int fd, uint32_t n)
{
	int64_t end = t_now_ns() + t_tol_ns(10 * NSEC_PER_SEC);
	struct ds_info info;

	for (;;) {
		info = t_info(fd);
		if (info.waiters == n)
			return;
		CHECK(t_now_ns() < end, "waiters %u, want %u", info.waiters, n);
		usleep(500);
	}
}

/* Waits (10 s at most, 100 s when slow) until count and waiters are as given. */
static inline void t_wait_state(int fd, uint64_t count, uint32_t waiters)
{
	int64_t end = t_now_ns() + t_tol_ns(10 * NSEC_PER_SEC);
	struct ds_info info;

	for (;;) {
		info = t_info(fd);
		if (info.count == count && info.waiters == waiters)
			return;
		CHECK(t_now_ns() < end, "count %llu waiters %u, want %llu and %u",
		      (unsigned long long)info.count, info.waiters,
		      (unsigned long long)count, waiters);
		usleep(500);
	}
}

/* Waits up to ms (x10 when slow) for *flag to become nonzero; returns it. */
static inline int t_wait_flag(int *flag, long ms)
{
	int64_t end = t_now_ns() + t_tol_ns(ms * NSEC_PER_MSEC);

	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE) && t_now_ns() < end)
		usleep(500);
	return __atomic_load_n(flag, __ATOMIC_ACQUIRE);
}

/* Waits for a child; kills it and fails after ms.  Returns its exit code. */
static inline int t_wait_child(pid_t pid, long ms)
{
	int64_t end = t_now_ns() + t_tol_ns(ms * NSEC_PER_MSEC);
	int st;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		CHECK(r >= 0, "waitpid %d", (int)pid);
		if (r == pid)
			break;
		if (t_now_ns() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			CHECK(0, "child %d still running after %ld ms", (int)pid, ms);
		}
		usleep(1000);
	}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/* Shared anonymous memory, visible to forked children. */
static inline void *t_shared(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap %zu", size);
	memset(p, 0, size);
	return p;
}

static inline int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Prints min/median/p99/max of n samples (ns) in microseconds; returns the median. */
static inline int64_t t_report_latency(const char *what, int64_t *ns, int n)
{
	qsort(ns, n, sizeof(*ns), cmp_i64);
	printf("%s: n=%d min %.1f us, median %.1f us, p99 %.1f us, max %.1f us\n",
	       what, n, ns[0] / 1e3, ns[n / 2] / 1e3, ns[(n * 99) / 100] / 1e3,
	       ns[n - 1] / 1e3);
	return ns[n / 2];
}

#endif
