// SPDX-License-Identifier: GPL-2.0
/*
 * Absolute timeouts are on the caller's CLOCK_MONOTONIC, also in a time
 * namespace whose monotonic clock is offset from the host's (as futex,
 * clock_nanosleep and timerfd do): a deadline 200 ms ahead of the caller's
 * clock expires in about 200 ms, and a relative timeout interrupted by a
 * signal is rewritten into a deadline on the caller's clock.
 */
#include <sched.h>
#include "helpers.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif

#define OFFSET_S	100000		/* the namespace's clock is ahead by this */

static void on_usr1(int sig)
{
	(void)sig;
}

/* Runs in the time namespace. */
static int child(int fd)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	char buf[16];
	uint32_t size = sizeof(buf);
	int64_t t0, dt;

	/* An absolute deadline 200 ms ahead on this namespace's clock. */
	t0 = t_now_ns();
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_ABSTIME, t0 + 200 * NSEC_PER_MSEC),
		  ETIMEDOUT);
	dt = t_now_ns() - t0;
	printf("time namespace: absolute 200 ms deadline expired after %.1f ms\n", dt / 1e6);
	CHECK(dt >= 200 * NSEC_PER_MSEC && dt < t_tol_ns(2 * NSEC_PER_SEC), "%.1f ms", dt / 1e6);

	/* A relative timeout cut by a signal comes back as our deadline. */
	sigaction(SIGUSR1, &sa, NULL);
	{
		struct ds_pop p = { .buf = uptr(buf), .size = sizeof(buf),
				    .flags = DS_WAIT_TIMEOUT, .timeout_ns = 10 * NSEC_PER_SEC };
		int64_t t1;

		t0 = t_now_ns();
		if (fork() == 0) {
			t_sleep_ms(200);
			kill(getppid(), SIGUSR1);
			_exit(0);
		}
		CHECK_ERR(ioctl(fd, DS_IOC_POP, &p), EINTR);
		t1 = t_now_ns();
		wait(NULL);
		printf("time namespace: rewritten deadline - call time = %.3f s (want 10 s)\n",
		       (p.timeout_ns - t0) / 1e9);
		CHECK(p.flags == DS_WAIT_ABSTIME, "flags %#x", p.flags);
		CHECK(p.timeout_ns >= t0 + 10 * NSEC_PER_SEC &&
		      p.timeout_ns <= t1 + 10 * NSEC_PER_SEC,
		      "deadline %lld not on this namespace's clock [%lld, %lld]",
		      (long long)p.timeout_ns, (long long)(t0 + 10 * NSEC_PER_SEC),
		      (long long)(t1 + 10 * NSEC_PER_SEC));
	}
	return 0;
}

int main(void)
{
	char off[64];
	int fd, wfd, rc;
	int64_t host0;
	pid_t pid;

	t_deadline(30);
	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "create");
	if (unshare(CLONE_NEWTIME) != 0)
		test_skip("unshare(CLONE_NEWTIME) not available");
	/* Offsets apply to children, and only before one has joined. */
	wfd = open("/proc/self/timens_offsets", O_WRONLY);
	CHECK(wfd >= 0, "open timens_offsets");
	snprintf(off, sizeof(off), "monotonic %d 0\n", OFFSET_S);
	CHECK(write(wfd, off, strlen(off)) == (ssize_t)strlen(off), "set offset");
	close(wfd);
	host0 = t_now_ns();
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		CHECK(t_now_ns() - host0 > (OFFSET_S - 10) * NSEC_PER_SEC,
		      "the child's clock is offset");
		_exit(child(fd));
	}
	/* A deadline read as a host time would be OFFSET_S seconds away. */
	rc = t_wait_child(pid, 5000);
	CHECK(rc == 0, "child failed (%d): absolute deadlines ignore the time namespace", rc);
	close(fd);
	t_expect_all_freed();
	return 0;
}
