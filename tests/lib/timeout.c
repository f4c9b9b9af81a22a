// SPDX-License-Identifier: GPL-2.0
/* Waiting push and pop: timeouts expire, a push wakes a waiting pop and a
 * pop a waiting push. */
#include "libtest.h"

static int fd;

static void *late_push(void *arg)
{
	usleep(200 * 1000);
	ds_push(fd, arg, strlen(arg), 0);
	return NULL;
}

static void *late_pop(void *arg)
{
	char buf[16];
	size_t n = sizeof(buf);

	(void)arg;
	usleep(200 * 1000);
	ds_pop(fd, buf, &n, 0);
	return NULL;
}

int main(void)
{
	struct ds_limits l = limits(1, 0, 0);
	pthread_t t;
	long long t0, dt;
	char buf[16];
	size_t n;

	lib_require();
	fd = ds_create(NULL, DS_CLOEXEC, 0600, &l);
	CHECK(fd >= 0, "create: %d", fd);

	/* An empty pop waits out its timeout. */
	t0 = (t_now_ns() / NSEC_PER_MSEC);
	n = sizeof(buf);
	CHECK_RET(ds_pop_timeout(fd, buf, &n, 300 * 1000000LL), -ETIMEDOUT);
	dt = (t_now_ns() / NSEC_PER_MSEC) - t0;
	CHECK(dt >= 290, "waited only %lld ms", dt);
	CHECK(n == 0, "size 0 after the timeout");

	/* A pop without a time limit is woken by a push. */
	CHECK(pthread_create(&t, NULL, late_push, "wake") == 0, "thread");
	n = sizeof(buf);
	CHECK_RET(ds_pop(fd, buf, &n, 0), 0);
	CHECK(n == 4 && !memcmp(buf, "wake", 4), "woken with the item");
	pthread_join(t, NULL);

	/* ... and one with a time limit before it expires. */
	CHECK(pthread_create(&t, NULL, late_push, "soon") == 0, "thread");
	n = sizeof(buf);
	CHECK_RET(ds_pop_timeout(fd, buf, &n, 30000 * 1000000LL), 0);
	CHECK(n == 4 && !memcmp(buf, "soon", 4), "woken before the timeout");
	pthread_join(t, NULL);

	/* A full push waits out its timeout, or is woken by a pop. */
	CHECK_RET(ds_push(fd, "a", 1, 0), 0);
	t0 = (t_now_ns() / NSEC_PER_MSEC);
	CHECK_RET(ds_push_timeout(fd, "b", 1, 200 * 1000000LL), -ETIMEDOUT);
	dt = (t_now_ns() / NSEC_PER_MSEC) - t0;
	CHECK(dt >= 190, "push waited only %lld ms", dt);
	CHECK(pthread_create(&t, NULL, late_pop, NULL) == 0, "thread");
	CHECK_RET(ds_push_timeout(fd, "c", 1, DS_TIMEOUT_INFINITE), 0);
	pthread_join(t, NULL);
	n = sizeof(buf);
	CHECK_RET(ds_pop(fd, buf, &n, 0), 0);
	CHECK(n == 1 && buf[0] == 'c', "the waiting push went in");
	close(fd);
	return 0;
}
