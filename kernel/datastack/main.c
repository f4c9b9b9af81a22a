// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: module entry, exit and parameters.
 *
 * Locking: none here.  Lifetime: the control device, /proc/datastack and
 * the stats group exist from init to exit.  An open descriptor (control or
 * object) pins the module through fops->owner, so rmmod is refused while
 * one is open; persistent objects with no descriptor do not pin it and are
 * freed at unload.
 */
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include "datastack.h"

/* Largest item, whatever an object's own limit: 1 MiB, at most 64 MiB. */
#define DS_ITEM_SIZE_CAP	(64U << 20)
unsigned int ds_max_item_size = 1U << 20;

static int ds_set_max_item_size(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, DS_ITEM_SIZE_CAP);
}

static const struct kernel_param_ops ds_max_item_size_ops = {
	.set	= ds_set_max_item_size,
	.get	= param_get_uint,
};
module_param_cb(max_item_size, &ds_max_item_size_ops, &ds_max_item_size, 0644);
MODULE_PARM_DESC(max_item_size, "largest item in bytes, for every object (default 1 MiB, 1..64 MiB)");

unsigned int ds_max_objects_per_user = 1024;
module_param_named(max_objects_per_user, ds_max_objects_per_user, uint, 0644);
MODULE_PARM_DESC(max_objects_per_user, "objects one user may own (default 1024; CAP_SYS_RESOURCE bypasses)");

unsigned long ds_max_bytes_per_user = 64UL << 20;
module_param_named(max_bytes_per_user, ds_max_bytes_per_user, ulong, 0644);
MODULE_PARM_DESC(max_bytes_per_user, "item bytes queued in one user's objects (default 64 MiB; CAP_SYS_RESOURCE bypasses)");

static int __init ds_init(void)
{
	int err;

	err = ds_stats_init();
	if (err)
		return err;
	err = ds_proc_init();
	if (err)
		goto out_stats;
	err = misc_register(&ds_ctl_dev);
	if (err)
		goto out_proc;
	return 0;

out_proc:
	ds_proc_exit();
out_stats:
	ds_stats_exit();
	return err;
}

static void __exit ds_exit(void)
{
	misc_deregister(&ds_ctl_dev);
	ds_proc_exit();
	ds_names_destroy_all();
	ds_stats_exit();
}

module_init(ds_init);
module_exit(ds_exit);
MODULE_DESCRIPTION("DataStack: bounded stacks of binary items shared by name or descriptor");
MODULE_LICENSE("GPL");
