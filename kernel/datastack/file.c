// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: the object descriptor.
 *
 * A descriptor is an anonymous-inode file ("[datastack]") whose private
 * data is a handle: the object and the rights granted at create/open.
 * Anonymous inodes suit a handle: no mount to manage, fork/dup/SCM_RIGHTS
 * and close-on-exec come from the VFS, and names are looked up through
 * /dev/datastack instead of a path.  dup() and fork() share one file, and
 * so one handle; every create/open makes a new one.
 *
 * Locking: none of its own; the handle is immutable.  Lifetime: each file
 * holds one object reference, dropped at release; fops->owner pins the
 * module while any descriptor is open.
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "datastack.h"

struct ds_handle {
	struct datastack *ds;
	u32 rights;
};

static bool ds_file_nonblock(struct file *file)
{
	return file->f_flags & O_NONBLOCK;
}

/* A call's wait flags and timeout, and where to rewrite them on restart. */
static int ds_waitspec_user(struct ds_waitspec *w, struct file *file, u32 flags,
			    s64 timeout_ns, u32 __user *uflags,
			    s64 __user *utimeout)
{
	int err = ds_waitspec_init(w, flags, timeout_ns, ds_file_nonblock(file));

	w->uflags = uflags;
	w->utimeout = utimeout;
	return err;
}

static long ds_ioc_push(struct file *file, struct ds_handle *h,
			struct ds_push __user *ureq)
{
	struct ds_waitspec w;
	struct ds_push req;
	long err;

	if (!(h->rights & DS_RIGHT_PUSH))
		return -EACCES;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	err = ds_waitspec_user(&w, file, req.flags, req.timeout_ns,
			       &ureq->flags, &ureq->timeout_ns);
	if (err)
		return err;
	return ds_push(h->ds, u64_to_user_ptr(req.data), req.size, &w);
}

static long ds_ioc_pop(struct file *file, struct ds_handle *h,
		       struct ds_pop __user *ureq, bool peek)
{
	struct ds_waitspec w;
	struct ds_pop req;
	u32 size;
	long err;

	if (!(h->rights & DS_RIGHT_POP))
		return -EACCES;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	err = ds_waitspec_user(&w, file, req.flags, req.timeout_ns,
			       &ureq->flags, &ureq->timeout_ns);
	if (err)
		return err;
	/* The size goes back after the pop: make sure it can, first. */
	if (put_user(req.size, &ureq->size))
		return -EFAULT;
	err = ds_pop(h->ds, u64_to_user_ptr(req.buf), req.size, &size, &w, peek);
	if (err == -ERESTARTNOHAND || err == -EFAULT)
		return err;
	if (put_user(size, &ureq->size))
		return -EFAULT;
	return err;
}

static long ds_ioc_batch(struct file *file, struct ds_handle *h,
			 struct ds_batch __user *ureq, bool push)
{
	struct ds_iovec __user *uiov;
	struct ds_iovec *iov;
	struct ds_waitspec w;
	struct ds_batch req;
	long ret, i;

	if (!(h->rights & (push ? DS_RIGHT_PUSH : DS_RIGHT_POP)))
		return -EACCES;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (!req.count || req.count > DS_BATCH_MAX)
		return -EINVAL;
	ret = ds_waitspec_user(&w, file, req.flags, req.timeout_ns,
			       &ureq->flags, &ureq->timeout_ns);
	if (ret)
		return ret;
	uiov = u64_to_user_ptr(req.iov);
	iov = memdup_user(uiov, array_size(req.count, sizeof(*iov)));
	if (IS_ERR(iov))
		return PTR_ERR(iov);
	if (push) {
		ret = ds_pushv(h->ds, iov, req.count, &w);
	} else {
		ret = ds_popv(h->ds, iov, req.count, &w);
		/* Item sizes back; -EMSGSIZE reports the first one's. */
		for (i = 0; i < (ret > 0 ? ret : ret == -EMSGSIZE); i++)
			if (put_user(iov[i].len, &uiov[i].len))
				ret = -EFAULT;
	}
	kfree(iov);
	return ret;
}

static long ds_ioc_query(struct ds_handle *h, struct ds_info __user *uinfo)
{
	struct ds_info *info;
	u32 usize;
	long err = 0;

	if (!(h->rights & DS_RIGHT_QUERY))
		return -EACCES;
	if (get_user(usize, &uinfo->size))
		return -EFAULT;
	if (usize < DS_INFO_SIZE_V1)
		return -EINVAL;
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	ds_fill_info(h->ds, info);
	info->rights = h->rights;
	if (copy_to_user(uinfo, info, sizeof(*info)))
		err = -EFAULT;
	kfree(info);
	return err;
}

static long ds_file_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct ds_handle *h = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (DS_NOSIZE(cmd)) {
	case DS_NOSIZE(DS_IOC_PUSH):
		return ds_ioc_push(file, h, argp);
	case DS_NOSIZE(DS_IOC_POP):
		return ds_ioc_pop(file, h, argp, false);
	case DS_NOSIZE(DS_IOC_PEEK):
		return ds_ioc_pop(file, h, argp, true);
	case DS_NOSIZE(DS_IOC_PUSHV):
		return ds_ioc_batch(file, h, argp, true);
	case DS_NOSIZE(DS_IOC_POPV):
		return ds_ioc_batch(file, h, argp, false);
	case DS_NOSIZE(DS_IOC_CLEAR):
		if (!(h->rights & DS_RIGHT_CLEAR))
			return -EACCES;
		return ds_clear(h->ds);
	case DS_NOSIZE(DS_IOC_QUERY):
		return ds_ioc_query(h, argp);
	default:
		return -ENOTTY;
	}
}

/* read(2): pop one whole item; a too-small buffer keeps it (EMSGSIZE). */
static ssize_t ds_file_read(struct file *file, char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct ds_handle *h = file->private_data;
	struct ds_waitspec w;
	u32 size;
	long err;

	if (!(h->rights & DS_RIGHT_POP))
		return -EACCES;
	if (!count)
		return 0;
	ds_waitspec_init(&w, 0, 0, ds_file_nonblock(file));
	err = ds_pop(h->ds, buf, min_t(size_t, count, U32_MAX), &size, &w,
		     false);
	return err ? err : size;
}

/* write(2): push the buffer as one item. */
static ssize_t ds_file_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct ds_handle *h = file->private_data;
	struct ds_waitspec w;
	long err;

	if (!(h->rights & DS_RIGHT_PUSH))
		return -EACCES;
	if (count > U32_MAX)
		return -EMSGSIZE;
	ds_waitspec_init(&w, 0, 0, ds_file_nonblock(file));
	err = ds_push(h->ds, buf, count, &w);
	return err ? err : count;
}

static __poll_t ds_file_poll(struct file *file, struct poll_table_struct *pt)
{
	struct ds_handle *h = file->private_data;

	if (!(h->rights & DS_RIGHT_WAIT))
		return EPOLLERR;
	poll_wait(file, &h->ds->pop_wq, pt);
	poll_wait(file, &h->ds->push_wq, pt);
	return ds_poll_mask(h->ds);
}

static int ds_file_release(struct inode *inode, struct file *file)
{
	struct ds_handle *h = file->private_data;

	atomic_dec(&h->ds->open_files);
	ds_put(h->ds);
	kfree(h);
	return 0;
}

static const struct file_operations ds_file_fops = {
	.owner		= THIS_MODULE,
	.read		= ds_file_read,
	.write		= ds_file_write,
	.poll		= ds_file_poll,
	.unlocked_ioctl	= ds_file_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.release	= ds_file_release,
};

/*
 * Makes a descriptor file for ds with the given rights; on success the file
 * owns the caller's reference on ds, on failure the caller keeps it.
 */
struct file *ds_file_create(struct datastack *ds, u32 rights, u32 flags)
{
	struct ds_handle *h;
	struct file *file;
	int oflags = O_RDWR;

	h = kmalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return ERR_PTR(-ENOMEM);
	h->ds = ds;
	h->rights = rights;
	if (flags & DS_NONBLOCK)
		oflags |= O_NONBLOCK;
	file = anon_inode_getfile("[datastack]", &ds_file_fops, h, oflags);
	if (IS_ERR(file)) {
		kfree(h);
		return file;
	}
	atomic_inc(&ds->open_files);
	return file;
}
