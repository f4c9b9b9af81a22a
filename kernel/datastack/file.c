// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: the object descriptor — ioctl, read, write, poll, fdinfo.
 *
 * A descriptor is a file of the object's inode, opened through its name
 * (open(2), dentry_open() for DS_IOC_CREATE) or, for an unnamed object,
 * made on a pseudo dentry of the instance (alloc_file_pseudo()), so that
 * every file holds its instance's mount.  Its rights are private_data: set
 * from the access mode at open, only ever narrowed afterwards.  dup() and
 * fork() share one file, and so its rights.
 *
 * Locking: rights change by cmpxchg; everything else is object.c's.
 * Lifetime: each file holds its inode (through its dentry), hence the
 * object; the VFS holds the file for the duration of each call.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include "datastack.h"

#define DS_RIGHTS_READ	(DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT)
#define DS_RIGHTS_WRITE	(DS_RIGHT_PUSH | DS_RIGHT_CLEAR | DS_RIGHT_WAIT)

static struct datastack *ds_of(struct file *file)
{
	return DS(file_inode(file));
}

/* The rights an access mode grants (O_ACCMODE 3: query and wait only). */
static u32 ds_rights_of_mode(fmode_t mode)
{
	u32 rights = 0;

	if (mode & FMODE_READ)
		rights |= DS_RIGHTS_READ;
	if (mode & FMODE_WRITE)
		rights |= DS_RIGHTS_WRITE;
	return rights ? rights : DS_RIGHT_QUERY | DS_RIGHT_WAIT;
}

/* The access mode that grants rights, with as little as it takes. */
int ds_open_flags(u32 rights)
{
	bool r = rights & (DS_RIGHT_QUERY | DS_RIGHT_POP);
	bool w = rights & (DS_RIGHT_PUSH | DS_RIGHT_CLEAR);

	return r && w ? O_RDWR : w ? O_WRONLY : O_RDONLY;
}

static void ds_file_setup(struct file *file)
{
	struct datastack *ds = ds_of(file);
	u32 rights = ds_rights_of_mode(file->f_mode);

	file->private_data = (void *)(uintptr_t)rights;
	file->f_mode |= FMODE_NOWAIT;
	atomic_inc(&ds->open_files);
	if (rights & DS_RIGHT_PUSH)
		atomic_inc(&ds->pushers);
}

static void ds_drop_pusher(struct datastack *ds)
{
	if (atomic_dec_and_test(&ds->pushers))
		ds_pushers_gone(ds);
}

/* Narrows the file's rights to want; -EPERM if it would widen them. */
static int ds_narrow_rights(struct file *file, u32 want)
{
	void *old, *seen = READ_ONCE(file->private_data);

	do {
		old = seen;
		if (want & ~(u32)(uintptr_t)old)
			return -EPERM;
		seen = cmpxchg(&file->private_data, old, (void *)(uintptr_t)want);
	} while (seen != old);
	if (((uintptr_t)old & DS_RIGHT_PUSH) && !(want & DS_RIGHT_PUSH))
		ds_drop_pusher(ds_of(file));
	return 0;
}

/* For DS_IOC_CREATE: rights within what the file was opened with. */
void ds_set_rights(struct file *file, u32 rights)
{
	WARN_ON_ONCE(ds_narrow_rights(file, rights));
}

static int ds_file_open(struct inode *inode, struct file *file)
{
	ds_file_setup(file);
	return stream_open(inode, file);
}

/*
 * alloc_file_pseudo() takes no module reference, but the file's release
 * drops one (fops->owner): take it here, as anon_inode_getfile() does.
 * The caller runs in this module's code, so the module is alive.
 */
struct file *ds_open_unnamed(struct vfsmount *mnt, struct inode *inode,
			     u32 rights)
{
	struct file *file;

	__module_get(THIS_MODULE);
	file = alloc_file_pseudo(inode, mnt, "datastack", ds_open_flags(rights),
				 &ds_file_fops);
	if (IS_ERR(file)) {
		module_put(THIS_MODULE);
		return file;
	}
	file->f_mode |= FMODE_STREAM;
	file->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	ds_file_setup(file);
	return file;
}

static int ds_file_release(struct inode *inode, struct file *file)
{
	struct datastack *ds = DS(inode);

	if (ds_file_rights(file) & DS_RIGHT_PUSH)
		ds_drop_pusher(ds);
	atomic_dec(&ds->open_files);
	return 0;
}

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

static long ds_ioc_push(struct file *file, struct ds_push __user *ureq)
{
	struct ds_waitspec w;
	struct ds_push req;
	long err;

	if (!(ds_file_rights(file) & DS_RIGHT_PUSH))
		return -EACCES;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	err = ds_waitspec_user(&w, file, req.flags, req.timeout_ns,
			       &ureq->flags, &ureq->timeout_ns);
	if (!err) {
		struct ds_buf src = { .user = u64_to_user_ptr(req.data) };

		err = ds_push(ds_of(file), &src, req.size, &w);
	}
	return err;
}

/*
 * The size field is tried before the pop; an item that is taken has its
 * size written by ds_pop() before it counts as delivered.
 */
static long ds_ioc_pop(struct file *file, struct ds_pop __user *ureq, bool peek)
{
	struct ds_waitspec w;
	struct ds_buf dst;
	struct ds_pop req;
	u32 size;
	long err;

	if (!(ds_file_rights(file) & DS_RIGHT_POP))
		return -EACCES;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	dst = (struct ds_buf){ .user = u64_to_user_ptr(req.buf) };
	err = ds_waitspec_user(&w, file, req.flags, req.timeout_ns,
			       &ureq->flags, &ureq->timeout_ns);
	if (err)
		return err;
	if (put_user(req.size, &ureq->size))
		return -EFAULT;
	err = ds_pop(ds_of(file), &dst, req.size, peek ? NULL : &ureq->size, &size,
		     &w, peek);
	if (err == -ERESTARTNOHAND || err == -EFAULT)
		return err;
	if (!err && !peek && req.size)
		return 0;
	return put_user(size, &ureq->size) ? -EFAULT : err;
}

static long ds_ioc_batch(struct file *file, struct ds_batch __user *ureq,
			 bool push)
{
	struct ds_iovec __user *uiov;
	struct ds_iovec *iov;
	struct ds_waitspec w;
	struct ds_batch req;
	long ret;

	if (!(ds_file_rights(file) & (push ? DS_RIGHT_PUSH : DS_RIGHT_POP)))
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
	if (push)
		ret = ds_pushv(ds_of(file), iov, req.count, &w);
	else
		ret = ds_popv(ds_of(file), iov, uiov, req.count, &w);
	kfree(iov);
	return ret;
}

/* What DS_IOC_QUERY and datastack_query() report. */
int ds_file_query(struct file *file, struct ds_info *info)
{
	if (!(ds_file_rights(file) & DS_RIGHT_QUERY))
		return -EACCES;
	memset(info, 0, sizeof(*info));
	ds_fill_info(ds_of(file), info, true);
	ds_fill_identity(file->f_path.dentry, info);
	info->rights = ds_file_rights(file);
	return 0;
}

static long ds_ioc_query(struct file *file, struct ds_info __user *uinfo)
{
	struct ds_info *info;
	u32 usize;
	long err;

	if (!(ds_file_rights(file) & DS_RIGHT_QUERY))
		return -EACCES;
	if (get_user(usize, &uinfo->size))
		return -EFAULT;
	if (usize < DS_INFO_SIZE_V1)
		return -EINVAL;
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	err = ds_file_query(file, info);
	if (!err && copy_to_user(uinfo, info, sizeof(*info)))
		err = -EFAULT;
	kfree(info);
	return err;
}

static long ds_ioc_set_rights(struct file *file, unsigned long rights)
{
	if (!rights || (rights & ~(unsigned long)DS_RIGHT_ALL))
		return -EINVAL;
	return ds_narrow_rights(file, rights);
}

static long ds_file_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (DS_NOSIZE(cmd)) {
	case DS_NOSIZE(DS_IOC_PUSH):
		return ds_ioc_push(file, argp);
	case DS_NOSIZE(DS_IOC_POP):
		return ds_ioc_pop(file, argp, false);
	case DS_NOSIZE(DS_IOC_PEEK):
		return ds_ioc_pop(file, argp, true);
	case DS_NOSIZE(DS_IOC_PUSHV):
		return ds_ioc_batch(file, argp, true);
	case DS_NOSIZE(DS_IOC_POPV):
		return ds_ioc_batch(file, argp, false);
	case DS_NOSIZE(DS_IOC_CLEAR):
		if (!(ds_file_rights(file) & DS_RIGHT_CLEAR))
			return -EACCES;
		return ds_clear(ds_of(file));
	case DS_NOSIZE(DS_IOC_QUERY):
		return ds_ioc_query(file, argp);
	case DS_NOSIZE(DS_IOC_SET_RIGHTS):
		return ds_ioc_set_rights(file, arg);
	default:
		return -ENOTTY;
	}
}

/*
 * read(2) and read_iter: pop one whole item; a too-small buffer keeps it
 * (EMSGSIZE).  Empty with no descriptor holding DS_RIGHT_PUSH open: end of
 * file.
 */
static ssize_t ds_read_item(struct file *file, const struct ds_buf *dst,
			    size_t count, bool nowait)
{
	struct ds_waitspec w;
	u32 size;
	long err;

	if (!(ds_file_rights(file) & DS_RIGHT_POP))
		return -EACCES;
	if (!count)
		return 0;
	ds_waitspec_plain(&w, nowait || ds_file_nonblock(file));
	w.eof = true;
	err = ds_pop(ds_of(file), dst, min_t(size_t, count, U32_MAX), NULL, &size,
		     &w, false);
	return err ? err : size;
}

/* write(2) and write_iter: push the buffer as one item. */
static ssize_t ds_write_item(struct file *file, const struct ds_buf *src,
			     size_t count, bool nowait)
{
	struct ds_waitspec w;
	long err;

	if (!(ds_file_rights(file) & DS_RIGHT_PUSH))
		return -EACCES;
	if (!count)
		return 0;	/* as a FIFO's: no item */
	if (count > U32_MAX)
		return -EMSGSIZE;
	ds_waitspec_plain(&w, nowait || ds_file_nonblock(file));
	err = ds_push(ds_of(file), src, count, &w);
	return err ? err : count;
}

/* The plain system calls keep their own entry: no iov_iter to set up. */
static ssize_t ds_file_read(struct file *file, char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct ds_buf dst = { .user = buf };

	return ds_read_item(file, &dst, count, false);
}

static ssize_t ds_file_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct ds_buf src = { .user = (void __user *)buf };

	return ds_write_item(file, &src, count, false);
}

/*
 * io_uring (and readv/writev) come here: IOCB_NOWAIT makes the call
 * non-blocking, so that io_uring completes it inline or parks it on poll,
 * never on an io-wq worker (FMODE_NOWAIT, set at open).
 */
static ssize_t ds_file_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct ds_buf dst = { .iter = to };

	return ds_read_item(iocb->ki_filp, &dst, iov_iter_count(to),
			    iocb->ki_flags & IOCB_NOWAIT);
}

static ssize_t ds_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct ds_buf src = { .iter = from };

	return ds_write_item(iocb->ki_filp, &src, iov_iter_count(from),
			     iocb->ki_flags & IOCB_NOWAIT);
}

static __poll_t ds_file_poll(struct file *file, struct poll_table_struct *pt)
{
	struct datastack *ds = ds_of(file);

	if (!(ds_file_rights(file) & DS_RIGHT_WAIT))
		return EPOLLERR;
	poll_wait(file, &ds->pop_wq, pt);
	poll_wait(file, &ds->push_wq, pt);
	return ds_poll_mask(ds);
}

/* A name, each control byte, space, backslash and DEL as \ooo. */
static void ds_seq_name(struct seq_file *m, const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++) {
		if (*p <= ' ' || *p == '\\' || *p == 0x7f)
			seq_printf(m, "\\%03o", *p);
		else
			seq_putc(m, *p);
	}
}

/* /proc/PID/fdinfo/FD, as eventfd shows its count. */
static void ds_file_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct ds_info *info = kzalloc(sizeof(*info), GFP_KERNEL);

	if (!info)
		return;
	ds_fill_info(ds_of(file), info, false);
	ds_fill_identity(file->f_path.dentry, info);
	seq_printf(m, "ds-id:\t%llu\nds-name:\t", info->id);
	if (info->flags & DS_INFO_NAMED)
		ds_seq_name(m, info->name);
	else
		seq_puts(m, "(unnamed)");
	seq_printf(m, "\nds-count:\t%llu\nds-bytes:\t%llu\n", info->count,
		   info->bytes);
	seq_printf(m, "ds-max-items:\t%llu\nds-max-item-size:\t%llu\nds-max-bytes:\t%llu\n",
		   info->limits.max_items, info->limits.max_item_size,
		   info->limits.max_bytes);
	seq_printf(m, "ds-rights:\t%#x\n", ds_file_rights(file));
	kfree(info);
}

/*
 * An unnamed object's inode refuses open(2): reopening its descriptor
 * through /proc/PID/fd would grant rights by access mode, undoing a
 * narrowing; it is reached only by passing the descriptor on.
 */
static int ds_refuse_open(struct inode *inode, struct file *file)
{
	return -ENXIO;
}

const struct file_operations ds_unnamed_fops = {
	.owner		= THIS_MODULE,
	.open		= ds_refuse_open,
};

const struct file_operations ds_file_fops = {
	.owner		= THIS_MODULE,
	.open		= ds_file_open,
	.read		= ds_file_read,
	.write		= ds_file_write,
	.read_iter	= ds_file_read_iter,
	.write_iter	= ds_file_write_iter,
	.poll		= ds_file_poll,
	.unlocked_ioctl	= ds_file_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.release	= ds_file_release,
	.show_fdinfo	= ds_file_show_fdinfo,
	.uring_cmd	= ds_uring_cmd,
};
