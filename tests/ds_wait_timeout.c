// SPDX-License-Identifier: GPL-2.0
/*
 * Blocking pop and push with timeouts: a relative (DS_WAIT_TIMEOUT) or
 * absolute CLOCK_MONOTONIC (DS_WAIT_ABSTIME) timeout expires with ETIMEDOUT
 * within a tolerance and changes nothing; a past deadline fails at once; an
 * item or room arriving before the deadline ends the wait with success; a
 * non-blocking descriptor (DS_NONBLOCK, O_NONBLOCK by fcntl) or call
 * (DS_WAIT_NONBLOCK) never waits; invalid wait flags are rejected.
 */
#include "helpers.h"

#define T_MS	200

/* A timed-out call took at least T_MS, and not far more. */
static void check_elapsed(const char *what, int64_t t0)
{
	int64_t dt = t_now_ns() - t0;

	printf("%s: ETIMEDOUT after %.1f ms (timeout %d ms)\n", what, dt / 1e6, T_MS);
	CHECK(dt >= T_MS * NSEC_PER_MSEC, "%s returned early, %.1f ms", what, dt / 1e6);
	CHECK(dt < t_tol_ns(2 * NSEC_PER_SEC), "%s returned late, %.1f ms", what, dt / 1e6);
}

struct later {
	int fd;
	int pop;		/* pop (make room) instead of push */
	long ms;
};

static void *do_later(void *arg)
{
	struct later *l = arg;
	char buf[64];
	uint32_t size = sizeof(buf);

	t_sleep_ms(l->ms);
	if (l->pop)
		CHECK(t_pop(l->fd, buf, &size) == 0, "later pop");
	else
		CHECK(t_push(l->fd, "late", 4) == 0, "later push");
	return NULL;
}

int main(void)
{
	char buf[64];
	uint32_t size;
	struct ds_info info;
	int64_t t0;
	int fd, nb;

	t_deadline(30);
	fd = t_create_ex(NULL, 1, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create max_items=1");

	/* Pop, relative timeout. */
	t0 = t_now_ns();
	size = sizeof(buf);
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_TIMEOUT, T_MS * NSEC_PER_MSEC), ETIMEDOUT);
	check_elapsed("pop relative", t0);
	CHECK(size == 0, "ETIMEDOUT sets size 0, got %u", size);

	/* The structure keeps its relative timeout when the call just expires. */
	{
		struct ds_pop p = { .buf = uptr(buf), .size = sizeof(buf),
				    .flags = DS_WAIT_TIMEOUT, .timeout_ns = 50 * NSEC_PER_MSEC };

		CHECK_ERR(ioctl(fd, DS_IOC_POP, &p), ETIMEDOUT);
		CHECK(p.flags == DS_WAIT_TIMEOUT && p.timeout_ns == 50 * NSEC_PER_MSEC,
		      "not rewritten: flags %#x timeout %lld", p.flags, (long long)p.timeout_ns);
	}

	/* Pop, absolute CLOCK_MONOTONIC deadline. */
	t0 = t_now_ns();
	size = sizeof(buf);
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_ABSTIME, t0 + T_MS * NSEC_PER_MSEC),
		  ETIMEDOUT);
	check_elapsed("pop absolute", t0);

	/* Zero and past deadlines: ETIMEDOUT at once (not EAGAIN). */
	t0 = t_now_ns();
	size = sizeof(buf);
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_TIMEOUT, 0), ETIMEDOUT);
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_ABSTIME, t0 - NSEC_PER_SEC), ETIMEDOUT);
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_ABSTIME, 0), ETIMEDOUT);
	CHECK(t_now_ns() - t0 < t_tol_ns(NSEC_PER_SEC), "past deadlines took %.1f ms",
	      (t_now_ns() - t0) / 1e6);

	/* An item arriving before the deadline ends the wait. */
	{
		struct later l = { .fd = fd, .ms = 100 };
		pthread_t th;

		CHECK(pthread_create(&th, NULL, do_later, &l) == 0, "thread");
		t0 = t_now_ns();
		size = sizeof(buf);
		CHECK(t_pop_wait(fd, buf, &size, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC) == 0,
		      "pop before the timeout");
		CHECK(size == 4 && !memcmp(buf, "late", 4), "item");
		printf("pop with timeout got an item pushed after %.1f ms\n", (t_now_ns() - t0) / 1e6);
		pthread_join(th, NULL);
	}

	/* Push to a full object: relative and absolute timeouts, nothing pushed. */
	CHECK(t_push(fd, "full", 4) == 0, "fill");
	t0 = t_now_ns();
	CHECK_ERR(t_push_ex(fd, "no", 2, DS_WAIT_TIMEOUT, T_MS * NSEC_PER_MSEC), ETIMEDOUT);
	check_elapsed("push relative", t0);
	t0 = t_now_ns();
	CHECK_ERR(t_push_ex(fd, "no", 2, DS_WAIT_ABSTIME, t0 + T_MS * NSEC_PER_MSEC), ETIMEDOUT);
	check_elapsed("push absolute", t0);
	CHECK_ERR(t_push_ex(fd, "no", 2, DS_WAIT_TIMEOUT, 0), ETIMEDOUT);
	info = t_info(fd);
	CHECK(info.count == 1 && info.bytes == 4 && info.pushes == 2, "nothing pushed: count %llu",
	      (unsigned long long)info.count);
	CHECK(t_stat("items") == 1, "timed-out pushes freed their items: %ld", t_stat("items"));

	/* Room made before the deadline ends the wait. */
	{
		struct later l = { .fd = fd, .pop = 1, .ms = 100 };
		pthread_t th;

		CHECK(pthread_create(&th, NULL, do_later, &l) == 0, "thread");
		CHECK(t_push_ex(fd, "room", 4, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC) == 0,
		      "push before the timeout");
		pthread_join(th, NULL);
		size = sizeof(buf);
		CHECK(t_pop(fd, buf, &size) == 0 && size == 4 && !memcmp(buf, "room", 4), "room");
	}

	/* DS_WAIT_NONBLOCK never waits, even with a timeout. */
	t0 = t_now_ns();
	size = sizeof(buf);
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_NONBLOCK, 0), EAGAIN);
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_NONBLOCK | DS_WAIT_TIMEOUT,
			     5 * NSEC_PER_SEC), EAGAIN);
	CHECK(size == 0, "EAGAIN sets size 0");
	CHECK(t_push(fd, "f", 1) == 0, "fill");
	CHECK_ERR(t_push_ex(fd, "x", 1, DS_WAIT_NONBLOCK | DS_WAIT_ABSTIME,
			    t_now_ns() + 5 * NSEC_PER_SEC), EAGAIN);
	CHECK(t_now_ns() - t0 < t_tol_ns(NSEC_PER_SEC), "non-blocking calls waited");
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "clear");

	/* A DS_NONBLOCK descriptor: ioctl, read and write never wait. */
	nb = t_create_ex(NULL, 1, 0, 0, 0600, DS_NONBLOCK, 0, NULL);
	CHECK(nb >= 0, "create DS_NONBLOCK");
	CHECK(fcntl(nb, F_GETFL) & O_NONBLOCK, "O_NONBLOCK set");
	t0 = t_now_ns();
	size = sizeof(buf);
	CHECK_ERR(t_pop_wait(nb, buf, &size, 0, 0), EAGAIN);
	CHECK_ERR(t_pop_wait(nb, buf, &size, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC), EAGAIN);
	CHECK_ERR(read(nb, buf, sizeof(buf)), EAGAIN);
	CHECK(write(nb, "a", 1) == 1, "write");
	CHECK_ERR(write(nb, "b", 1), EAGAIN);
	CHECK_ERR(t_push_ex(nb, "b", 1, 0, 0), EAGAIN);
	CHECK_ERR(t_push_ex(nb, "b", 1, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC), EAGAIN);
	CHECK(t_now_ns() - t0 < t_tol_ns(NSEC_PER_SEC), "DS_NONBLOCK descriptor waited");
	/* Cleared by fcntl: it waits again. */
	CHECK(fcntl(nb, F_SETFL, 0) == 0, "fcntl clear O_NONBLOCK");
	t0 = t_now_ns();
	CHECK_ERR(t_push_ex(nb, "b", 1, DS_WAIT_TIMEOUT, T_MS * NSEC_PER_MSEC), ETIMEDOUT);
	check_elapsed("push after fcntl(~O_NONBLOCK)", t0);
	/* And set by fcntl on a blocking one. */
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0, "fcntl set O_NONBLOCK");
	size = sizeof(buf);
	CHECK_ERR(t_pop_wait(fd, buf, &size, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC), EAGAIN);
	CHECK_ERR(read(fd, buf, sizeof(buf)), EAGAIN);
	CHECK(fcntl(fd, F_SETFL, 0) == 0, "fcntl");

	/* Invalid wait flags and timeouts; nothing happens. */
	size = sizeof(buf);
	CHECK_ERR(t_pop_wait(nb, buf, &size, DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME, 0), EINVAL);
	CHECK_ERR(t_pop_wait(nb, buf, &size, DS_WAIT_TIMEOUT, -1), EINVAL);
	CHECK_ERR(t_pop_wait(nb, buf, &size, DS_WAIT_ABSTIME, -1), EINVAL);
	CHECK_ERR(t_pop_wait(nb, buf, &size, 0x08, 0), EINVAL);
	CHECK_ERR(t_pop_ex(nb, buf, &size, DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME, 0, DS_IOC_PEEK),
		  EINVAL);
	CHECK_ERR(t_push_ex(fd, "x", 1, DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME, 0), EINVAL);
	CHECK_ERR(t_push_ex(fd, "x", 1, DS_WAIT_TIMEOUT, -5), EINVAL);
	CHECK_ERR(t_push_ex(fd, "x", 1, 0x80000000u, 0), EINVAL);
	info = t_info(nb);
	CHECK(info.count == 1, "invalid calls popped nothing");
	info = t_info(fd);
	CHECK(info.count == 0, "invalid calls pushed nothing");

	close(nb);
	close(fd);
	t_expect_all_freed();
	return 0;
}
