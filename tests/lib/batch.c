// SPDX-License-Identifier: GPL-2.0
/* ds_pushv / ds_popv: batches in order, partial batches, their errors. */
#include "libtest.h"

int main(void)
{
	struct ds_limits l = limits(4, 0, 0);
	char a[] = "alpha", b[] = "be", c[] = "gamma!", out[3][16];
	struct iovec in[3] = {
		{ a, 5 }, { b, 2 }, { c, 6 },
	};
	struct iovec o[3];
	static struct iovec many[DS_BATCH_MAX + 1];
	static int vals[DS_BATCH_MAX];
	int fd, i;

	lib_require();
	fd = ds_create(NULL, DS_CLOEXEC, 0600, &l);
	CHECK(fd >= 0, "create: %d", fd);

	CHECK_RET(ds_pushv(fd, in, 3, 0), 3);
	for (i = 0; i < 3; i++) {
		o[i].iov_base = out[i];
		o[i].iov_len = sizeof(out[i]);
	}
	/* LIFO: gamma!, be, alpha; each iov_len becomes the item's size. */
	CHECK_RET(ds_popv(fd, o, 3, 0), 3);
	CHECK(o[0].iov_len == 6 && !memcmp(out[0], "gamma!", 6), "first");
	CHECK(o[1].iov_len == 2 && !memcmp(out[1], "be", 2), "second");
	CHECK(o[2].iov_len == 5 && !memcmp(out[2], "alpha", 5), "third");

	/* A batch stops where the object is full, or empty. */
	CHECK_RET(ds_pushv(fd, in, 3, 0), 3);
	CHECK_RET(ds_pushv(fd, in, 3, DS_WAIT_NONBLOCK), 1);	/* max_items 4 */
	CHECK_RET(ds_pushv(fd, in, 3, DS_WAIT_NONBLOCK), -EAGAIN);
	for (i = 0; i < 3; i++)
		o[i].iov_len = sizeof(out[i]);
	CHECK_RET(ds_popv(fd, o, 3, 0), 3);
	CHECK_RET(ds_popv(fd, o, 3, 0), 1);
	CHECK_RET(ds_popv(fd, o, 3, DS_WAIT_NONBLOCK), -EAGAIN);

	/* Counts: 0 and above DS_BATCH_MAX are invalid; DS_BATCH_MAX is fine. */
	CHECK_RET(ds_pushv(fd, in, 0, 0), -EINVAL);
	CHECK_RET(ds_pushv(fd, many, DS_BATCH_MAX + 1, 0), -EINVAL);
	CHECK_RET(ds_popv(fd, o, 0, 0), -EINVAL);
	CHECK_RET(ds_pushv(fd, NULL, 1, 0), -EINVAL);
	close(fd);

	fd = ds_create(NULL, DS_CREATE_FIFO | DS_CLOEXEC, 0600, NULL);
	CHECK(fd >= 0, "create: %d", fd);
	for (i = 0; i < DS_BATCH_MAX; i++) {
		vals[i] = i;
		many[i].iov_base = &vals[i];
		many[i].iov_len = sizeof(vals[i]);
	}
	CHECK_RET(ds_pushv(fd, many, DS_BATCH_MAX, 0), DS_BATCH_MAX);
	memset(vals, 0xff, sizeof(vals));
	CHECK_RET(ds_popv(fd, many, DS_BATCH_MAX, 0), DS_BATCH_MAX);
	for (i = 0; i < DS_BATCH_MAX; i++)
		CHECK(vals[i] == i && many[i].iov_len == sizeof(int), "fifo batch %d", i);

	/* A short buffer in a pop batch: the batch stops before it. */
	CHECK_RET(ds_pushv(fd, in, 3, 0), 3);
	o[0].iov_len = sizeof(out[0]);
	o[1].iov_len = 1;			/* "be" does not fit */
	CHECK_RET(ds_popv(fd, o, 2, 0), 1);
	CHECK(o[0].iov_len == 5 && !memcmp(out[0], "alpha", 5), "fifo first");
	o[0].iov_len = 1;
	CHECK_RET(ds_popv(fd, o, 1, 0), -EMSGSIZE);
	close(fd);
	return 0;
}
