// SPDX-License-Identifier: GPL-2.0
/* Test helpers: skipping, the slow-kernel policy, names, time, children. */
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "common/clock.h"
#include "../helpers.h"

int t_failures;

void test_skip(const char *why)
{
	printf("SKIP: %s\n", why);
	exit(TEST_SKIP);
}

int t_open_device(const char *path, int flags, const char *module)
{
	int fd = open(path, flags | O_CLOEXEC);
	char why[128];

	if (fd < 0 && (errno == ENOENT || errno == ENODEV || errno == ENXIO)) {
		snprintf(why, sizeof(why), "%s is absent (%s not loaded)", path, module);
		test_skip(why);
	}
	CHECK(fd >= 0, "open %s", path);
	return fd;
}

int t_slow_factor(void)
{
	const char *slow = getenv("DS_SLOW");

	return slow && *slow ? 10 : 1;
}

bool t_slow(void)
{
	return t_slow_factor() > 1;
}

bool t_long(void)
{
	const char *l = getenv("DS_LONG");

	return l && *l;
}

long t_iters(long normal)
{
	long n = normal / t_slow_factor();

	return n > 0 ? n : 1;
}

int64_t t_tol_ns(int64_t normal)
{
	return normal * t_slow_factor();
}

void t_deadline(unsigned int seconds)
{
	alarm(seconds * (unsigned int)t_slow_factor());
}

const char *t_name(const char *base)
{
	static char buf[8][96];
	static int next;
	char *b = buf[next++ & 7];

	snprintf(b, sizeof(buf[0]), "%s.%d", base, (int)getpid());
	return b;
}

int64_t t_now_ns(void)
{
	return mono_ns();
}

void t_sleep_ms(long ms)
{
	struct timespec ts = ns_to_timespec(ms * NSEC_PER_MSEC);

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int t_wait_flag(int *flag, long ms)
{
	int64_t end = t_now_ns() + t_tol_ns(ms * NSEC_PER_MSEC);

	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE) && t_now_ns() < end)
		usleep(500);
	return __atomic_load_n(flag, __ATOMIC_ACQUIRE);
}

int t_wait_child(pid_t pid, long ms)
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

void *t_shared(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap %zu", size);
	memset(p, 0, size);
	return p;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Prints min/median/p99/max of n samples (ns) in us; returns the median. */
int64_t t_report_latency(const char *what, int64_t *ns, int n)
{
	qsort(ns, n, sizeof(*ns), cmp_i64);
	printf("%s: n=%d min %.1f us, median %.1f us, p99 %.1f us, max %.1f us\n",
	       what, n, ns[0] / 1e3, ns[n / 2] / 1e3, ns[(n * 99) / 100] / 1e3,
	       ns[n - 1] / 1e3);
	return ns[n / 2];
}

long t_read_long(const char *path)
{
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

void t_become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(T_NOBODY, T_NOBODY, T_NOBODY) ||
	    setresuid(T_NOBODY, T_NOBODY, T_NOBODY)) {
		perror("become nobody");
		_exit(99);
	}
}

int as_nobody(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		t_become_nobody();
		_exit(fn(arg));
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	CHECK(WIFEXITED(st), "child died (status %#x)", st);
	return WEXITSTATUS(st);
}

bool can_be_nobody(void)
{
	return geteuid() == 0;
}
