// SPDX-License-Identifier: GPL-2.0
/* Test helpers for the libdatastack tests (tests/lib/libtest.h). */
#include "../lib/libtest.h"

void lib_require(void)
{
	int fd = ds_create(NULL, DS_CLOEXEC, 0600, NULL);

	if (fd == -ENODEV)
		test_skip("DataStack is unavailable (datastack.ko not loaded)");
	if (fd == -ENOTTY)
		test_skip("the kernel lacks DS_IOC_CREATE");
	CHECK(fd >= 0, "ds_create unnamed: %d", fd);
	close(fd);
}

struct ds_limits limits(uint64_t items, uint64_t item_size, uint64_t bytes)
{
	struct ds_limits l;

	l.max_items = items;
	l.max_item_size = item_size;
	l.max_bytes = bytes;
	return l;
}
