// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI structures have one layout for 32-bit and 64-bit callers: the
 * sizes are fixed (this program is also built -m32) and the ioctl numbers
 * encode them.
 */
#include <stddef.h>
#include "helpers.h"

int main(void)
{
	CHECK(sizeof(struct ds_limits) == 24, "ds_limits %zu", sizeof(struct ds_limits));
	CHECK(sizeof(struct ds_create) == 56, "ds_create %zu", sizeof(struct ds_create));
	CHECK(sizeof(struct ds_stat) == 24, "ds_stat %zu", sizeof(struct ds_stat));
	CHECK(sizeof(struct ds_push) == 24, "ds_push %zu", sizeof(struct ds_push));
	CHECK(sizeof(struct ds_pop) == 24, "ds_pop %zu", sizeof(struct ds_pop));
	CHECK(sizeof(struct ds_iovec) == 16, "ds_iovec %zu", sizeof(struct ds_iovec));
	CHECK(sizeof(struct ds_batch) == 24, "ds_batch %zu", sizeof(struct ds_batch));
	CHECK(sizeof(struct ds_info) == 384, "ds_info %zu", sizeof(struct ds_info));
	CHECK(offsetof(struct ds_info, name) == 128, "ds_info.name at %zu",
	      offsetof(struct ds_info, name));
	CHECK(offsetof(struct ds_create, limits) == 32, "ds_create.limits");
	CHECK(_IOC_SIZE(DS_IOC_CREATE) == 56 && _IOC_SIZE(DS_IOC_QUERY) == 384 &&
	      _IOC_SIZE(DS_IOC_STAT) == 24, "ioctl sizes");
	return 0;
}
