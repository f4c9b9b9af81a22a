// SPDX-License-Identifier: GPL-2.0
/*
 * kstack: thread-stack inspector (placeholder until the KStack driver lands).
 */
#include <linux/module.h>

static int __init kstack_init(void)
{
	return 0;
}

static void __exit kstack_exit(void)
{
}

module_init(kstack_init);
module_exit(kstack_exit);
MODULE_DESCRIPTION("KStack: thread context, kernel stack traces and safe kernel reads");
MODULE_LICENSE("GPL");
