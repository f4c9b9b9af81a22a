// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: module entry and the /dev/datastack control device.
 *
 * Locking: none here; the control device holds no state of its own.
 * Lifetime: the misc device exists from module init to module exit; an
 * open descriptor pins the module through fops->owner, so rmmod is refused
 * while one is open.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

static long ds_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct file_operations ds_ctl_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ds_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice ds_ctl_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "datastack",
	.fops	= &ds_ctl_fops,
	.mode	= 0666,
};

static int __init ds_init(void)
{
	return misc_register(&ds_ctl_dev);
}

static void __exit ds_exit(void)
{
	misc_deregister(&ds_ctl_dev);
}

module_init(ds_init);
module_exit(ds_exit);
MODULE_DESCRIPTION("DataStack: bounded stacks of binary items shared by name or descriptor");
MODULE_LICENSE("GPL");
