// SPDX-License-Identifier: GPL-2.0
/* ds_clear: removes every item and returns how many. */
#include "libtest.h"

int main(void)
{
	struct ds_info in;
	char buf[8];
	size_t n = sizeof(buf);
	int fd, i;

	lib_require();
	fd = ds_create(NULL, DS_CLOEXEC, 0600, NULL);
	CHECK(fd >= 0, "create: %d", fd);
	CHECK_RET(ds_clear(fd), 0);
	for (i = 0; i < 10; i++)
		CHECK_RET(ds_push(fd, "item", 4, 0), 0);
	CHECK_RET(ds_clear(fd), 10);
	CHECK_RET(ds_query(fd, &in), 0);
	CHECK(in.count == 0 && in.bytes == 0 && in.top_size == 0, "empty");
	CHECK(in.pushes == 10 && in.pops == 0, "cleared items are not pops");
	CHECK_RET(ds_pop(fd, buf, &n, DS_WAIT_NONBLOCK), -EAGAIN);
	close(fd);
	CHECK_RET(ds_clear(fd), -EBADF);
	return 0;
}
