// SPDX-License-Identifier: GPL-2.0
/*
 * Limits: each one with its own errno, 0 = no limit for all three (the
 * article's max-count-0 bug), the module's max_item_size cap, and bad
 * arguments (size 0, unknown flags) changing nothing.
 */
#include "helpers.h"

static char big[2 << 20];

static uint64_t count_of(int fd)
{
	struct ds_info info;

	CHECK(t_query(fd, &info) == 0, "query");
	return info.count;
}

int main(void)
{
	char buf[64];
	int fd, i;

	/* max_items = 3 */
	fd = t_create_ex(NULL, 3, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create");
	for (i = 0; i < 3; i++)
		CHECK(t_push(fd, "x", 1) == 0, "push %d", i);
	CHECK_ERR(t_push(fd, "x", 1), EAGAIN);
	CHECK(count_of(fd) == 3, "count stays 3");
	close(fd);

	/* max_item_size = 8: 8 fits, 9 is EMSGSIZE */
	fd = t_create_ex(NULL, 0, 8, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create");
	CHECK(t_push(fd, "12345678", 8) == 0, "8 bytes");
	CHECK_ERR(t_push(fd, "123456789", 9), EMSGSIZE);
	CHECK(count_of(fd) == 1, "count 1");
	close(fd);

	/* max_bytes = 10: 6 + 4 fit, 1 more is EAGAIN, 11 alone is ENOBUFS */
	fd = t_create_ex(NULL, 0, 0, 10, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create");
	CHECK(t_push(fd, "123456", 6) == 0, "6");
	CHECK(t_push(fd, "1234", 4) == 0, "4");
	CHECK_ERR(t_push(fd, "1", 1), EAGAIN);
	CHECK_ERR(t_push(fd, "12345678901", 11), ENOBUFS);
	CHECK(count_of(fd) == 2, "count 2");
	close(fd);

	/* 0 = unlimited: many items, a 1 MiB item (the module default cap). */
	fd = t_create_ex(NULL, 0, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create");
	for (i = 0; i < 2000; i++)
		CHECK(t_push(fd, &i, sizeof(i)) == 0, "unlimited push %d", i);
	CHECK(t_push(fd, big, 1 << 20) == 0, "1 MiB item");
	CHECK_ERR(t_push(fd, big, (1 << 20) + 1), EMSGSIZE);
	CHECK(count_of(fd) == 2001, "count 2001");

	/* Bad arguments change nothing. */
	CHECK_ERR(t_push(fd, buf, 0), EINVAL);
	CHECK_ERR(t_push_ex(fd, buf, 1, 0x80, 0), EINVAL);
	CHECK_ERR(t_push_ex(fd, buf, 1, DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME, 0), EINVAL);
	CHECK_ERR(t_push_ex(fd, buf, 1, DS_WAIT_TIMEOUT, -1), EINVAL);
	{
		uint32_t size = sizeof(buf);

		CHECK_ERR(t_pop_ex(fd, buf, &size, 0x80, 0, DS_IOC_POP), EINVAL);
	}
	CHECK(count_of(fd) == 2001, "count unchanged");
	close(fd);
	t_expect_all_freed();
	return 0;
}
