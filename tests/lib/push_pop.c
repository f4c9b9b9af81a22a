// SPDX-License-Identifier: GPL-2.0
/* ds_push / ds_pop: order, sizes, short buffers, limits and their errors. */
#include <sys/mman.h>
#include "libtest.h"

int main(void)
{
	struct ds_limits l = limits(3, 8, 20);
	char buf[64], big[70000];
	size_t n;
	int fd, pipefd[2], i;

	lib_require();

	/* LIFO: the last pushed comes out first; sizes are kept. */
	fd = ds_create(NULL, DS_CLOEXEC, 0600, &l);
	CHECK(fd >= 0, "create: %d", fd);
	CHECK_RET(ds_push(fd, "one", 3, 0), 0);
	CHECK_RET(ds_push(fd, "two!", 4, 0), 0);
	CHECK_RET(ds_push(fd, "three", 5, 0), 0);
	/* Full (max_items 3): EAGAIN without waiting. */
	CHECK_RET(ds_push(fd, "four", 4, DS_WAIT_NONBLOCK), -EAGAIN);
	CHECK_RET(ds_push_timeout(fd, "four", 4, DS_TIMEOUT_NONE), -EAGAIN);

	/* A short buffer: EMSGSIZE, the item's size, the item stays. */
	n = 2;
	CHECK_RET(ds_pop(fd, buf, &n, 0), -EMSGSIZE);
	CHECK(n == 5, "item size reported: %zu", n);
	/* Size 0 asks for the top item's size. */
	n = 0;
	CHECK_RET(ds_pop(fd, NULL, &n, 0), 0);
	CHECK(n == 5, "top size: %zu", n);
	n = sizeof(buf);
	CHECK_RET(ds_pop(fd, buf, &n, 0), 0);
	CHECK(n == 5 && !memcmp(buf, "three", 5), "three");
	n = sizeof(buf);
	CHECK_RET(ds_pop(fd, buf, &n, 0), 0);
	CHECK(n == 4 && !memcmp(buf, "two!", 4), "two");
	n = 3;				/* an exact fit */
	CHECK_RET(ds_pop(fd, buf, &n, 0), 0);
	CHECK(n == 3 && !memcmp(buf, "one", 3), "one");
	/* Empty: EAGAIN and size 0. */
	n = sizeof(buf);
	CHECK_RET(ds_pop(fd, buf, &n, DS_WAIT_NONBLOCK), -EAGAIN);
	CHECK(n == 0, "size 0 when empty: %zu", n);
	n = sizeof(buf);
	CHECK_RET(ds_pop_timeout(fd, buf, &n, DS_TIMEOUT_NONE), -EAGAIN);

	/* Limits: item size, bytes. */
	CHECK_RET(ds_push(fd, "123456789", 9, 0), -EMSGSIZE);
	CHECK_RET(ds_push(fd, "12345678", 8, 0), 0);
	CHECK_RET(ds_push(fd, "12345678", 8, 0), 0);
	CHECK_RET(ds_push(fd, "12345", 5, DS_WAIT_NONBLOCK), -EAGAIN); /* 21 > 20 */
	CHECK_RET(ds_push(fd, "1234", 4, 0), 0);		/* 20 exactly */
	CHECK_RET(ds_push(fd, "", 0, 0), -EINVAL);
	CHECK_RET(ds_push(fd, "x", 1, 0x80), -EINVAL);
	n = sizeof(buf);
	CHECK_RET(ds_pop(fd, buf, &n, 0x80), -EINVAL);
	close(fd);

	l = limits(0, 0, 4);
	fd = ds_create(NULL, DS_CLOEXEC, 0600, &l);
	CHECK(fd >= 0, "create: %d", fd);
	CHECK_RET(ds_push(fd, "12345", 5, 0), -ENOBUFS);	/* can never fit */
	close(fd);

	/* FIFO: the oldest first. */
	fd = ds_create(NULL, DS_CREATE_FIFO | DS_CLOEXEC, 0600, NULL);
	CHECK(fd >= 0, "create fifo: %d", fd);
	for (i = 0; i < 5; i++)
		CHECK_RET(ds_push(fd, &i, sizeof(i), 0), 0);
	for (i = 0; i < 5; i++) {
		int v = -1;

		n = sizeof(v);
		CHECK_RET(ds_pop(fd, &v, &n, 0), 0);
		CHECK(v == i && n == sizeof(v), "fifo order: %d at %d", v, i);
	}

	/* A large item round trip. */
	for (i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)(i * 7);
	CHECK_RET(ds_push(fd, big, sizeof(big), 0), 0);
	{
		static char back[70000];

		n = sizeof(back);
		CHECK_RET(ds_pop(fd, back, &n, 0), 0);
		CHECK(n == sizeof(big) && !memcmp(back, big, n), "large item");
	}

	/* Unreadable data, unwritable buffer: EFAULT, nothing lost. */
	{
		void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		CHECK(bad != MAP_FAILED, "mmap");
		CHECK_RET(ds_push(fd, bad, 16, 0), -EFAULT);
		CHECK_RET(ds_push(fd, "kept", 4, 0), 0);
		n = 16;
		CHECK_RET(ds_pop(fd, bad, &n, 0), -EFAULT);
		n = sizeof(buf);
		CHECK_RET(ds_pop(fd, buf, &n, 0), 0);
		CHECK(n == 4 && !memcmp(buf, "kept", 4), "item kept after EFAULT");
		munmap(bad, 4096);
	}
	CHECK_RET(ds_pop(fd, buf, NULL, 0), -EINVAL);
	close(fd);

	/* Not a data stack: ENOTTY; not a descriptor: EBADF. */
	CHECK(pipe(pipefd) == 0, "pipe");
	CHECK_RET(ds_push(pipefd[0], "x", 1, 0), -ENOTTY);
	n = sizeof(buf);
	CHECK_RET(ds_pop(pipefd[0], buf, &n, 0), -ENOTTY);
	close(pipefd[0]);
	close(pipefd[1]);
	CHECK_RET(ds_push(fd, "x", 1, 0), -EBADF);
	n = sizeof(buf);
	CHECK_RET(ds_pop(-1, buf, &n, 0), -EBADF);
	return 0;
}
