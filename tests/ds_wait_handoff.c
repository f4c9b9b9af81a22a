// SPDX-License-Identifier: GPL-2.0
/*
 * A wake-up for a pushed item is not lost on a waiter that does not take
 * it: a blocked PEEK, a blocked pop-size query (size 0) or a blocked pop
 * whose buffer is too small (EMSGSIZE) returns while the item stays, so a
 * popper blocked behind it must still get the item.
 */
#include "helpers.h"

struct waiter {
	int fd;
	unsigned long cmd;
	uint32_t bufsize;
	int64_t timeout_ns;
	int ret, err, done;
	int64_t t_done;
	uint32_t size;
	char buf[64];
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->size = w->bufsize;
	w->ret = t_pop_ex(w->fd, w->buf, &w->size, DS_WAIT_TIMEOUT, w->timeout_ns, w->cmd);
	w->err = w->ret ? errno : 0;
	w->t_done = t_now_ns();
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* first blocks, then a popper behind it; one push; the popper must get it. */
static void handoff(int fd, const char *what, unsigned long cmd, uint32_t bufsize, int want_err)
{
	struct waiter first = { .fd = fd, .cmd = cmd, .bufsize = bufsize,
				.timeout_ns = t_tol_ns(NSEC_PER_SEC) + 4 * NSEC_PER_SEC };
	/* Its timeout is well past the 1 s (x10 slow) it is given to wake. */
	struct waiter popper = { .fd = fd, .cmd = DS_IOC_POP, .bufsize = 64,
				 .timeout_ns = t_tol_ns(NSEC_PER_SEC) + 4 * NSEC_PER_SEC };
	pthread_t t1, t2;
	int64_t t0;

	CHECK(pthread_create(&t1, NULL, wait_thread, &first) == 0, "thread");
	t_wait_waiters(fd, 1);
	CHECK(pthread_create(&t2, NULL, wait_thread, &popper) == 0, "thread");
	t_wait_waiters(fd, 2);
	t0 = t_now_ns();
	CHECK(t_push(fd, "the item", 8) == 0, "push");
	pthread_join(t1, NULL);
	CHECK(first.err == want_err && first.size == 8, "%s: err %d size %u", what, first.err,
	      first.size);
	/* The popper must wake now, not at its timeout (it looks once more then). */
	if (!SOFT_CHECK(t_wait_flag(&popper.done, 1000),
			"popper blocked behind a %s still blocked 1 s after the push, with "
			"%llu item(s) held: the wake-up went to the %s, which left the item",
			what, (unsigned long long)t_info(fd).count, what)) {
		/* Release it with a second push, which it takes (LIFO). */
		CHECK(t_push(fd, "the item", 8) == 0, "push");
		pthread_join(t2, NULL);
		CHECK(t_info(fd).count == 1 && ioctl(fd, DS_IOC_CLEAR) == 1, "clear");
		return;
	}
	pthread_join(t2, NULL);
	CHECK(popper.ret == 0, "popper: %s", strerror(popper.err));
	printf("%s, then a popper: the popper got the item %.1f us after the push\n", what,
	       (popper.t_done - t0) / 1e3);
	CHECK(popper.size == 8 && !memcmp(popper.buf, "the item", 8), "item");
	CHECK(t_info(fd).count == 0, "empty");
}

int main(void)
{
	int fd;

	t_deadline(60);
	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "create");

	handoff(fd, "PEEK", DS_IOC_PEEK, 64, 0);
	handoff(fd, "size query (POP with size 0)", DS_IOC_POP, 0, 0);
	handoff(fd, "POP with a too-small buffer", DS_IOC_POP, 4, EMSGSIZE);

	close(fd);
	t_expect_all_freed();
	CHECK(!t_failures, "%d checks failed", t_failures);
	return 0;
}
