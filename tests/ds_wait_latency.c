// SPDX-License-Identifier: GPL-2.0
/*
 * A popper blocked in another process wakes within milliseconds of a push:
 * each item carries its push time (CLOCK_MONOTONIC), the popper measures
 * push-to-return for every item it took from a blocked pop.  The same for
 * a pusher blocked on a full object, woken by a pop.  Prints the figures;
 * asserts only a generous median.
 */
#include "helpers.h"

#define MEDIAN_MAX_MS	50

struct shared {
	int64_t lat[1000];
	int n;
};

int main(void)
{
	const char *name = t_name("latency");
	int n = t_iters(200), fd, rc;
	struct shared *sh = t_shared(sizeof(*sh));
	int64_t med;
	pid_t pid;

	t_deadline(60);
	fd = t_create_ex(name, 1, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create");

	/* Blocked popper in a child process. */
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		int o = t_open(name, DS_RIGHT_POP, 0);

		CHECK(o >= 0, "child open");
		for (int i = 0; i < n; i++) {
			int64_t stamp;
			uint32_t size = sizeof(stamp);

			CHECK(t_pop_wait(o, &stamp, &size, DS_WAIT_TIMEOUT, 10 * NSEC_PER_SEC) == 0,
			      "blocked pop %d", i);
			sh->lat[i] = t_now_ns() - stamp;
		}
		_exit(0);
	}
	for (int i = 0; i < n; i++) {
		int64_t stamp;

		t_wait_state(fd, 0, 1);		/* the child took the last, sleeps in pop */
		stamp = t_now_ns();
		CHECK(t_push(fd, &stamp, sizeof(stamp)) == 0, "push %d", i);
	}
	rc = t_wait_child(pid, 20000);
	CHECK(rc == 0, "popper child failed: %d", rc);
	med = t_report_latency("blocked pop, push in another process -> pop returns",
			       sh->lat, n);
	CHECK(med < t_tol_ns(MEDIAN_MAX_MS * NSEC_PER_MSEC), "median wake latency %.1f ms",
	      med / 1e6);

	/* Blocked pusher in a child process, woken by a pop here. */
	CHECK(t_push(fd, "full", 4) == 0, "fill");
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		int o = t_open(name, DS_RIGHT_PUSH, 0);

		CHECK(o >= 0, "child open");
		for (int i = 0; i < n; i++) {
			int64_t now;

			CHECK(t_push_ex(o, "p", 1, DS_WAIT_TIMEOUT, 10 * NSEC_PER_SEC) == 0,
			      "blocked push %d", i);
			now = t_now_ns();
			/* The popper's stamp is in the slot it wrote before popping. */
			sh->lat[i] = now - __atomic_load_n(&sh->lat[i], __ATOMIC_ACQUIRE);
		}
		_exit(0);
	}
	for (int i = 0; i < n; i++) {
		char buf[8];
		uint32_t size = sizeof(buf);

		t_wait_state(fd, 1, 1);		/* the child pushed, sleeps in push */
		__atomic_store_n(&sh->lat[i], t_now_ns(), __ATOMIC_RELEASE);
		CHECK(t_pop(fd, buf, &size) == 0, "pop %d", i);
	}
	rc = t_wait_child(pid, 20000);
	CHECK(rc == 0, "pusher child failed: %d", rc);
	med = t_report_latency("blocked push on a full object, pop in another process -> push returns",
			       sh->lat, n);
	CHECK(med < t_tol_ns(MEDIAN_MAX_MS * NSEC_PER_MSEC), "median wake latency %.1f ms",
	      med / 1e6);
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "clear");

	munmap(sh, sizeof(*sh));
	close(fd);
	t_expect_all_freed();
	return 0;
}
