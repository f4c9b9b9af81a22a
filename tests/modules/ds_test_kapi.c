// SPDX-License-Identifier: GPL-2.0
/*
 * ds_test_kapi: a driver that uses DataStack's kernel API as another
 * driver would (built against datastack.ko's Module.symvers).  Each open
 * of /dev/ds_test_kapi holds at most one object, handed over by
 * DS_TEST_KAPI_HOLD; pushes run in a kernel thread of their own, pops,
 * clears and queries in the caller.  Test-only: never installed.
 *
 * Locking: a mutex per open file guards its object reference.
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <datastack_kernel.h>
#include "ds_test_kapi.h"

struct kapi_file {
	struct mutex lock;	/* guards ds */
	struct file *ds;	/* the held object, or NULL */
};

struct kapi_push {
	struct completion done;
	struct file *ds;
	void *data;
	struct ds_test_kapi_req req;
	long result;
};

static int kapi_open(struct inode *inode, struct file *file)
{
	struct kapi_file *kf = kzalloc(sizeof(*kf), GFP_KERNEL);

	if (!kf)
		return -ENOMEM;
	mutex_init(&kf->lock);
	file->private_data = kf;
	return 0;
}

static int kapi_release(struct inode *inode, struct file *file)
{
	struct kapi_file *kf = file->private_data;

	if (kf->ds)
		datastack_put(kf->ds);
	kfree(kf);
	return 0;
}

static int kapi_push_thread(void *arg)
{
	struct kapi_push *p = arg;

	p->result = datastack_push(p->ds, p->data, p->req.size, p->req.flags,
				   p->req.timeout_ns);
	complete(&p->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static long kapi_push(struct file *ds, const struct ds_test_kapi_req *req)
{
	struct kapi_push p = { .ds = ds, .req = *req };
	struct task_struct *t;

	if (req->size > DS_TEST_KAPI_MAX)
		return -EINVAL;
	p.data = memdup_user(u64_to_user_ptr(req->buf), req->size);
	if (IS_ERR(p.data))
		return PTR_ERR(p.data);
	init_completion(&p.done);
	t = kthread_run(kapi_push_thread, &p, "ds_test_kapi");
	if (IS_ERR(t)) {
		kfree(p.data);
		return PTR_ERR(t);
	}
	/* kthread_stop() of a thread not yet started would not run it. */
	wait_for_completion(&p.done);
	kthread_stop(t);
	kfree(p.data);
	return p.result;
}

static long kapi_pop(struct file *ds, struct ds_test_kapi_req __user *ureq)
{
	struct ds_test_kapi_req req;
	void *buf;
	u32 size;
	long err;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.size > DS_TEST_KAPI_MAX)
		return -EINVAL;
	buf = kvmalloc(req.size ? req.size : 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = datastack_pop(ds, buf, req.size, &size, req.flags, req.timeout_ns);
	if (!err && size && req.size &&
	    copy_to_user(u64_to_user_ptr(req.buf), buf, size))
		err = -EFAULT;	/* the item is lost: a test never faults here */
	if (put_user(size, &ureq->size))
		err = -EFAULT;
	kvfree(buf);
	return err;
}

static long kapi_query(struct file *ds, void __user *uinfo)
{
	struct ds_info *info = kmalloc(sizeof(*info), GFP_KERNEL);
	long err;

	if (!info)
		return -ENOMEM;
	err = datastack_query(ds, info);
	if (!err && copy_to_user(uinfo, info, sizeof(*info)))
		err = -EFAULT;
	kfree(info);
	return err;
}

static long kapi_hold(struct kapi_file *kf, struct ds_test_kapi_req __user *ureq)
{
	struct file *ds;
	s32 fd;

	if (get_user(fd, &ureq->fd))
		return -EFAULT;
	if (kf->ds)
		return -EBUSY;
	ds = datastack_fget(fd);
	if (IS_ERR(ds))
		return PTR_ERR(ds);
	kf->ds = ds;
	return 0;
}

static long kapi_call(struct kapi_file *kf, unsigned int cmd, void __user *arg)
{
	struct ds_test_kapi_req req;

	if (cmd == DS_TEST_KAPI_HOLD)
		return kapi_hold(kf, arg);
	if (!kf->ds)
		return -ENOENT;
	switch (cmd) {
	case DS_TEST_KAPI_PUSH:
		if (copy_from_user(&req, arg, sizeof(req)))
			return -EFAULT;
		return kapi_push(kf->ds, &req);
	case DS_TEST_KAPI_POP:
		return kapi_pop(kf->ds, arg);
	case DS_TEST_KAPI_CLEAR:
		return datastack_clear(kf->ds);
	case DS_TEST_KAPI_QUERY:
		return kapi_query(kf->ds, arg);
	case DS_TEST_KAPI_RELEASE:
		datastack_put(kf->ds);
		kf->ds = NULL;
		return 0;
	}
	return -ENOTTY;
}

static long kapi_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct kapi_file *kf = file->private_data;
	long ret;

	mutex_lock(&kf->lock);
	ret = kapi_call(kf, cmd, (void __user *)arg);
	mutex_unlock(&kf->lock);
	return ret;
}

static const struct file_operations kapi_fops = {
	.owner		= THIS_MODULE,
	.open		= kapi_open,
	.release	= kapi_release,
	.unlocked_ioctl	= kapi_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice kapi_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ds_test_kapi",
	.fops	= &kapi_fops,
	.mode	= 0666,
};

module_misc_device(kapi_dev);
MODULE_DESCRIPTION("A test user of DataStack's kernel API");
MODULE_LICENSE("GPL");
