// SPDX-License-Identifier: GPL-2.0
/* ds_peek / ds_peek_timeout: the top item, left in place. */
#include "libtest.h"

int main(void)
{
	char buf[16];
	size_t n;
	int fd;

	lib_require();
	fd = ds_create(NULL, DS_CLOEXEC, 0600, NULL);
	CHECK(fd >= 0, "create: %d", fd);

	n = sizeof(buf);
	CHECK_RET(ds_peek(fd, buf, &n, DS_WAIT_NONBLOCK), -EAGAIN);
	CHECK(n == 0, "size 0 when empty");
	n = sizeof(buf);
	CHECK_RET(ds_peek_timeout(fd, buf, &n, 50 * 1000000LL), -ETIMEDOUT);

	CHECK_RET(ds_push(fd, "bottom", 6, 0), 0);
	CHECK_RET(ds_push(fd, "top", 3, 0), 0);
	for (int i = 0; i < 3; i++) {
		n = sizeof(buf);
		CHECK_RET(ds_peek(fd, buf, &n, 0), 0);
		CHECK(n == 3 && !memcmp(buf, "top", 3), "peek sees the top");
	}
	n = 1;
	CHECK_RET(ds_peek(fd, buf, &n, 0), -EMSGSIZE);
	CHECK(n == 3, "peek reports the size");
	n = sizeof(buf);
	CHECK_RET(ds_peek_timeout(fd, buf, &n, DS_TIMEOUT_INFINITE), 0);
	n = sizeof(buf);
	CHECK_RET(ds_pop(fd, buf, &n, 0), 0);
	CHECK(n == 3 && !memcmp(buf, "top", 3), "pop takes what peek showed");
	n = sizeof(buf);
	CHECK_RET(ds_peek(fd, buf, &n, 0), 0);
	CHECK(n == 6 && !memcmp(buf, "bottom", 6), "then the next");
	close(fd);
	return 0;
}
