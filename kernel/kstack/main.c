// SPDX-License-Identifier: GPL-2.0
/*
 * kstack: module entry and the /dev/kstack device.
 *
 * Locking: none here; the device keeps no state.  Each ioctl copies its
 * argument into a kernel structure, lets inspect.c do the work (its
 * locking rules are described there) and copies the result back; no lock
 * is held across any user copy.
 * Lifetime: the misc device exists from module init to module exit; an
 * open descriptor pins the module through fops->owner.  CAP_SYS_ADMIN is
 * checked when the device is opened and travels with the descriptor, as
 * for /dev/mem; lockdown is checked at open and on every command, and
 * inspect.c checks the caller against each thread a command names.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/security.h>
#include <linux/uaccess.h>

#include "kstack.h"

/* Kernel stacks and addresses are what lockdown keeps secret. */
static int kstack_locked_down(void)
{
	return security_locked_down(LOCKDOWN_KCORE);
}

static int kstack_open(struct inode *inode, struct file *file)
{
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = kstack_locked_down();
	if (ret)
		return ret;
	return nonseekable_open(inode, file);
}

/*
 * Copies an argument structure in.  Every structure starts with its size;
 * all fields of the first version (@minsize bytes) are required, fields
 * added since read as zero when the caller's structure is older, and a
 * larger structure from a newer header is accepted when its extra bytes
 * are zero.
 */
static int kstack_arg_in(void *karg, size_t ksize, size_t minsize,
			 const void __user *uarg, u32 *usize)
{
	u32 size;

	if (get_user(size, (const u32 __user *)uarg))
		return -EFAULT;
	if (size < minsize)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	*usize = size;
	return copy_struct_from_user(karg, ksize, uarg, size);
}

/* Copies the known part back, its size in the leading size field. */
static int kstack_arg_out(void __user *uarg, void *karg, size_t ksize,
			  u32 usize)
{
	u32 n = min_t(u32, usize, ksize);

	*(u32 *)karg = n;
	return copy_to_user(uarg, karg, n) ? -EFAULT : 0;
}

static long kstack_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	union {
		struct kstack_thread_ctx ctx;
		struct kstack_trace tr;
		struct kstack_read rd;
		struct kstack_symbol sym;
	} k;
	u32 usize;
	int ret, out;

	/* The size bits of cmd are ignored: the size field rules. */
	if (_IOC_TYPE(cmd) != KSTACK_IOC_MAGIC ||
	    _IOC_DIR(cmd) != (_IOC_READ | _IOC_WRITE))
		return -ENOTTY;
	ret = kstack_locked_down();
	if (ret)
		return ret;

	switch (_IOC_NR(cmd)) {
	case _IOC_NR(KSTACK_IOC_THREAD_CONTEXT):
		ret = kstack_arg_in(&k.ctx, sizeof(k.ctx),
				    KSTACK_THREAD_CTX_SIZE_VER0, uarg, &usize);
		if (!ret)
			ret = kstack_thread_context(&k.ctx);
		if (!ret)
			ret = kstack_arg_out(uarg, &k.ctx, sizeof(k.ctx), usize);
		return ret;
	case _IOC_NR(KSTACK_IOC_STACK_TRACE):
		ret = kstack_arg_in(&k.tr, sizeof(k.tr), KSTACK_TRACE_SIZE_VER0,
				    uarg, &usize);
		if (!ret)
			ret = kstack_stack_trace(&k.tr);
		if (!ret)
			ret = kstack_arg_out(uarg, &k.tr, sizeof(k.tr), usize);
		return ret;
	case _IOC_NR(KSTACK_IOC_READ_MEMORY):
		ret = kstack_arg_in(&k.rd, sizeof(k.rd), KSTACK_READ_SIZE_VER0,
				    uarg, &usize);
		if (ret)
			return ret;
		/* 'copied' goes back on failure too. */
		ret = kstack_read_memory(&k.rd);
		out = kstack_arg_out(uarg, &k.rd, sizeof(k.rd), usize);
		return ret ? ret : out;
	case _IOC_NR(KSTACK_IOC_SYMBOL):
		ret = kstack_arg_in(&k.sym, sizeof(k.sym),
				    KSTACK_SYMBOL_SIZE_VER0, uarg, &usize);
		if (!ret)
			ret = kstack_symbol(&k.sym);
		if (!ret)
			ret = kstack_arg_out(uarg, &k.sym, sizeof(k.sym), usize);
		return ret;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations kstack_fops = {
	.owner		= THIS_MODULE,
	.open		= kstack_open,
	.unlocked_ioctl	= kstack_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice kstack_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "kstack",
	.fops	= &kstack_fops,
	.mode	= 0600,
};

static int __init kstack_init(void)
{
	return misc_register(&kstack_dev);
}

static void __exit kstack_exit(void)
{
	misc_deregister(&kstack_dev);
}

module_init(kstack_init);
module_exit(kstack_exit);
MODULE_DESCRIPTION("KStack: thread context, kernel stack traces and safe kernel reads");
MODULE_LICENSE("GPL");
