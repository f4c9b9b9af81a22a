// SPDX-License-Identifier: GPL-2.0
/*
 * SIGSTOP/SIGCONT of a process blocked in pop (or push) does not make the
 * call fail: it resumes waiting and completes when an item (room) comes
 * later, with or without a relative timeout.  A relative timeout is still
 * counted from the original call: stopped past its deadline and continued,
 * the pop fails with ETIMEDOUT at once, not after a fresh full timeout.
 */
#include "helpers.h"

struct result {
	int64_t t_call, t_ret, t_cont;
	int err;
	uint32_t flags;
	int64_t timeout_ns;
	char item[16];
};

/* Waits until pid is stopped (a stop report from waitpid). */
static void wait_stopped(pid_t pid)
{
	int st;

	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "child stopped");
}

static pid_t start(const char *name, struct result *r, int push, uint32_t flags, int64_t tmo)
{
	pid_t pid = fork();

	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		int o = t_open(name, DS_RIGHT_ALL, 0);
		struct ds_pop p = { .buf = uptr(r->item), .size = sizeof(r->item),
				    .flags = flags, .timeout_ns = tmo };
		struct ds_push q = { .data = uptr("pushed"), .size = 6,
				     .flags = flags, .timeout_ns = tmo };
		int ret;

		CHECK(o >= 0, "open");
		r->t_call = t_now_ns();
		ret = ioctl(o, push ? DS_IOC_PUSH : DS_IOC_POP, push ? (void *)&q : (void *)&p);
		r->t_ret = t_now_ns();
		r->err = ret ? errno : 0;
		r->flags = push ? q.flags : p.flags;
		r->timeout_ns = push ? q.timeout_ns : p.timeout_ns;
		_exit(0);
	}
	return pid;
}

/* Stops the blocked child, keeps it stopped ms, continues it. */
static void stop_cont(int fd, pid_t pid, struct result *r, long ms)
{
	t_wait_waiters(fd, 1);
	CHECK(kill(pid, SIGSTOP) == 0, "SIGSTOP");
	wait_stopped(pid);
	t_wait_waiters(fd, 0);		/* stopped: out of the wait */
	t_sleep_ms(ms);
	r->t_cont = t_now_ns();
	CHECK(kill(pid, SIGCONT) == 0, "SIGCONT");
}

int main(void)
{
	const char *name = t_name("stop");
	struct result *r = t_shared(sizeof(*r));
	char buf[16];
	uint32_t size;
	int fd, rc;
	pid_t pid;

	t_deadline(60);
	fd = t_create_ex(name, 1, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create");

	/* Pop without timeout: stopped, continued, then an item. */
	pid = start(name, r, 0, 0, 0);
	stop_cont(fd, pid, r, 100);
	t_wait_waiters(fd, 1);		/* waiting again */
	CHECK(t_push(fd, "item1", 5) == 0, "push");
	CHECK(t_wait_child(pid, 5000) == 0, "child");
	CHECK(r->err == 0 && !memcmp(r->item, "item1", 5), "pop after stop/cont: err %d", r->err);

	/* Pop with a relative timeout: the item comes before the deadline. */
	memset(r, 0, sizeof(*r));
	pid = start(name, r, 0, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC);
	stop_cont(fd, pid, r, 100);
	t_wait_waiters(fd, 1);
	CHECK(t_push(fd, "item2", 5) == 0, "push");
	CHECK(t_wait_child(pid, 5000) == 0, "child");
	CHECK(r->err == 0 && !memcmp(r->item, "item2", 5), "timed pop after stop/cont: err %d",
	      r->err);
	/* The restart saw the relative timeout rewritten as the deadline. */
	CHECK(r->flags == DS_WAIT_ABSTIME && r->timeout_ns >= r->t_call + 5 * NSEC_PER_SEC &&
	      r->timeout_ns < r->t_call + 6 * NSEC_PER_SEC,
	      "restart with the original deadline: flags %#x, deadline - call %lld ns",
	      r->flags, (long long)(r->timeout_ns - r->t_call));

	/* An item pushed while the popper is stopped is taken on continue. */
	memset(r, 0, sizeof(*r));
	pid = start(name, r, 0, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC);
	t_wait_waiters(fd, 1);
	CHECK(kill(pid, SIGSTOP) == 0, "SIGSTOP");
	wait_stopped(pid);
	CHECK(t_push(fd, "item3", 5) == 0, "push while stopped");
	CHECK(kill(pid, SIGCONT) == 0, "SIGCONT");
	CHECK(t_wait_child(pid, 5000) == 0, "child");
	CHECK(r->err == 0 && !memcmp(r->item, "item3", 5), "pop after stop, push, cont");

	/* Stopped past its deadline: ETIMEDOUT promptly after SIGCONT. */
	memset(r, 0, sizeof(*r));
	pid = start(name, r, 0, DS_WAIT_TIMEOUT, 1 * NSEC_PER_SEC);
	stop_cont(fd, pid, r, 2000);
	rc = t_wait_child(pid, 10000);
	CHECK(rc == 0, "child");
	printf("pop, 1 s timeout, stopped 2 s: returned %.1f ms after SIGCONT, %.1f ms after the call\n",
	       (r->t_ret - r->t_cont) / 1e6, (r->t_ret - r->t_call) / 1e6);
	CHECK(r->err == ETIMEDOUT, "err %d (%s), want ETIMEDOUT", r->err, strerror(r->err));
	CHECK(r->t_ret - r->t_call >= NSEC_PER_SEC, "returned before the deadline");
	CHECK(r->t_ret - r->t_cont < t_tol_ns(500 * NSEC_PER_MSEC),
	      "not prompt: %.1f ms after SIGCONT (a fresh timeout restarted?)",
	      (r->t_ret - r->t_cont) / 1e6);

	/* Stopped before its deadline: the rest of the timeout still applies. */
	memset(r, 0, sizeof(*r));
	pid = start(name, r, 0, DS_WAIT_TIMEOUT, 1500 * NSEC_PER_MSEC);
	stop_cont(fd, pid, r, 500);
	CHECK(t_wait_child(pid, 10000) == 0, "child");
	printf("pop, 1.5 s timeout, stopped 0.5 s: ETIMEDOUT after %.1f ms\n",
	       (r->t_ret - r->t_call) / 1e6);
	CHECK(r->err == ETIMEDOUT, "err %d", r->err);
	CHECK(r->t_ret - r->t_call >= 1500 * NSEC_PER_MSEC &&
	      r->t_ret - r->t_call < 1500 * NSEC_PER_MSEC + t_tol_ns(NSEC_PER_SEC),
	      "timeout counted from the call: %.1f ms", (r->t_ret - r->t_call) / 1e6);

	/* A blocked push: stopped, continued, completes when room is made. */
	CHECK(t_push(fd, "full", 4) == 0, "fill");
	memset(r, 0, sizeof(*r));
	pid = start(name, r, 1, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC);
	stop_cont(fd, pid, r, 100);
	t_wait_waiters(fd, 1);
	size = sizeof(buf);
	CHECK(t_pop(fd, buf, &size) == 0 && size == 4, "pop makes room");
	CHECK(t_wait_child(pid, 5000) == 0, "child");
	CHECK(r->err == 0, "push after stop/cont: err %d", r->err);
	size = sizeof(buf);
	CHECK(t_pop(fd, buf, &size) == 0 && size == 6 && !memcmp(buf, "pushed", 6), "pushed item");

	munmap(r, sizeof(*r));
	close(fd);
	t_expect_all_freed();
	return 0;
}
