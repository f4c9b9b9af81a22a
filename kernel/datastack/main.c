// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: module entry, exit and parameters.
 *
 * Locking: none here.  Lifetime: the filesystem type, the inode cache and
 * the stats group exist from init to exit.  A mounted instance pins the
 * module (the filesystem type's owner), and so does an open descriptor
 * (fops->owner): rmmod needs every instance unmounted and every
 * descriptor closed.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include "datastack.h"

/*
 * The defaults of every instance's limits, and their ceilings for an
 * instance mounted outside the initial user namespace.  Changing one
 * affects the instances mounted afterwards.
 */
#define DS_ITEM_SIZE_CAP	(64U << 20)
unsigned int ds_param_max_item_size = 1U << 20;
unsigned long ds_param_max_objects = 4096;
unsigned long ds_param_max_bytes = 256UL << 20;

static int ds_set_max_item_size(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, DS_ITEM_SIZE_CAP);
}

static const struct kernel_param_ops ds_max_item_size_ops = {
	.set	= ds_set_max_item_size,
	.get	= param_get_uint,
};
module_param_cb(max_item_size, &ds_max_item_size_ops, &ds_param_max_item_size, 0644);
MODULE_PARM_DESC(max_item_size, "largest item of an instance, bytes (default 1 MiB, 1..64 MiB)");

module_param_named(max_objects, ds_param_max_objects, ulong, 0644);
MODULE_PARM_DESC(max_objects, "objects alive in an instance (default 4096)");

module_param_named(max_bytes, ds_param_max_bytes, ulong, 0644);
MODULE_PARM_DESC(max_bytes, "item memory held in an instance, bytes (default 256 MiB)");

static int __init ds_init(void)
{
	int err;

	err = ds_stats_init();
	if (err)
		return err;
	err = ds_inode_cache_init();
	if (err)
		goto out_stats;
	err = register_filesystem(&ds_fs_type);
	if (err)
		goto out_cache;
	return 0;

out_cache:
	ds_inode_cache_exit();
out_stats:
	ds_stats_exit();
	return err;
}

static void __exit ds_exit(void)
{
	unregister_filesystem(&ds_fs_type);
	ds_uring_exit();
	ds_inode_cache_exit();
	ds_stats_exit();
}

module_init(ds_init);
module_exit(ds_exit);
MODULE_DESCRIPTION("DataStack: bounded stacks of binary items, a filesystem of them per mount");
MODULE_LICENSE("GPL");
