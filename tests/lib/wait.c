// SPDX-License-Identifier: GPL-2.0
/* ds_wait: poll(2) for "not empty", with and without a time limit. */
#include "libtest.h"

static int fd;

static void *late_push(void *arg)
{
	(void)arg;
	usleep(200 * 1000);
	ds_push(fd, "x", 1, 0);
	return NULL;
}

int main(void)
{
	pthread_t t;
	long long t0, dt;
	int ro;

	lib_require();
	fd = ds_create(NULL, DS_CLOEXEC, 0600, NULL);
	CHECK(fd >= 0, "create: %d", fd);

	CHECK_RET(ds_wait(fd, 0), 0);
	t0 = (t_now_ns() / NSEC_PER_MSEC);
	CHECK_RET(ds_wait(fd, 200), 0);
	dt = (t_now_ns() / NSEC_PER_MSEC) - t0;
	CHECK(dt >= 190, "waited only %lld ms", dt);

	CHECK(pthread_create(&t, NULL, late_push, NULL) == 0, "thread");
	CHECK_RET(ds_wait(fd, -1), 1);
	pthread_join(t, NULL);
	CHECK_RET(ds_wait(fd, 0), 1);
	CHECK_RET(ds_clear(fd), 1);
	CHECK_RET(ds_wait(fd, 0), 0);
	close(fd);
	CHECK_RET(ds_wait(fd, 0), -EBADF);

	/* Without DS_RIGHT_WAIT: EACCES (poll reports POLLERR). */
	{
		const char *name = t_name("lib_wait");

		fd = ds_create(name, DS_CLOEXEC, 0600, NULL);
		CHECK(fd >= 0, "create: %d", fd);
		CHECK_RET(ds_push(fd, "x", 1, 0), 0);
		ro = ds_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP, DS_CLOEXEC);
		CHECK(ro >= 0, "open: %d", ro);
		CHECK_RET(ds_wait(ro, 0), -EACCES);
		close(ro);
		close(fd);
	}
	return 0;
}
