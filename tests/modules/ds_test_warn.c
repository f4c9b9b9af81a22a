// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: WARNs at load, to prove that the guest runner's
 * kernel-log check fails a run that produced a kernel report.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init ds_test_warn_init(void)
{
	WARN(1, "ds_test_warn: deliberate warning\n");
	return 0;
}

static void __exit ds_test_warn_exit(void)
{
}

module_init(ds_test_warn_init);
module_exit(ds_test_warn_exit);
MODULE_DESCRIPTION("datastack test: deliberate WARN at load");
MODULE_LICENSE("GPL");
