// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: the control device /dev/datastack — create, open and unlink
 * objects by name, and a no-op call that measures the system-call floor.
 *
 * Locking: none of its own (see names.c and object.c).  Lifetime: a
 * created or opened object is handed to a new file (file.c), which owns
 * the reference; every error path drops what it took and leaves no object
 * or name behind.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/miscdevice.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "datastack.h"

#define DS_FD_FLAGS	(DS_CLOEXEC | DS_NONBLOCK)
#define DS_CREATE_FLAGS	(DS_CREATE_OPEN_IF_EXISTS | DS_CREATE_EXCLUSIVE | \
			 DS_CREATE_PERSISTENT | DS_CREATE_FIFO | DS_FD_FLAGS)

/* Copies a name in: 1..DS_NAME_MAX bytes, no '/' and no NUL. */
static char *ds_name_from_user(u64 uname, u32 len)
{
	char *name;

	if (!len)
		return ERR_PTR(-EINVAL);
	if (len > DS_NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	name = memdup_user_nul(u64_to_user_ptr(uname), len);
	if (IS_ERR(name))
		return name;
	if (strlen(name) != len || memchr(name, '/', len)) {
		kfree(name);
		return ERR_PTR(-EINVAL);
	}
	return name;
}

static struct ipc_namespace *ds_current_ns(void)
{
	return current->nsproxy->ipc_ns;
}

/*
 * Installs a file for ds in the reserved fd; the file takes over the
 * caller's reference.  On failure the caller still owns both.
 */
static int ds_install(int fd, struct datastack *ds, u32 rights, u32 flags)
{
	struct file *file = ds_file_create(ds, rights, flags);

	if (IS_ERR(file))
		return PTR_ERR(file);
	fd_install(fd, file);
	return fd;
}

static int ds_reserve_fd(u32 flags)
{
	return get_unused_fd_flags((flags & DS_CLOEXEC) ? O_CLOEXEC : 0);
}

/*
 * Copies in a request that starts with its own size: EINVAL when the
 * caller's structure is shorter than the kernel's (a longer one is fine).
 */
static int ds_copy_sized(void *req, const void __user *ureq, size_t ksize)
{
	u32 usize;

	if (get_user(usize, (const u32 __user *)ureq))
		return -EFAULT;
	if (usize < ksize)
		return -EINVAL;
	return copy_from_user(req, ureq, ksize) ? -EFAULT : 0;
}

static int ds_create_validate(const struct ds_create *req)
{
	if (req->flags & ~DS_CREATE_FLAGS)
		return -EINVAL;
	if ((req->flags & DS_CREATE_OPEN_IF_EXISTS) &&
	    (req->flags & DS_CREATE_EXCLUSIVE))
		return -EINVAL;
	if ((req->flags & DS_CREATE_PERSISTENT) && !req->name_len)
		return -EINVAL;
	if (req->rights & ~DS_RIGHT_ALL)
		return -EINVAL;
	if (req->mode & ~0666)
		return -EINVAL;
	if (!req->name_len && req->name)
		return -EINVAL;
	return 0;
}

/*
 * The result is written before the descriptor is installed; if that write
 * fails, a new object is taken back out of the name table so nothing stays.
 */
static long ds_ctl_create(struct ds_create __user *ureq)
{
	struct datastack *ds, *old;
	struct ds_create req;
	u32 result = DS_CREATED;
	char *name = NULL;
	long err;
	int fd, err2;

	err = ds_copy_sized(&req, ureq, sizeof(req));
	if (err)
		return err;
	err = ds_create_validate(&req);
	if (err)
		return err;
	if (!req.rights)
		req.rights = DS_RIGHT_ALL;
	if (req.name_len) {
		name = ds_name_from_user(req.name, req.name_len);
		if (IS_ERR(name))
			return PTR_ERR(name);
	}
	fd = ds_reserve_fd(req.flags);
	if (fd < 0) {
		kfree(name);
		return fd;
	}
	ds = ds_alloc(&req, name, &err2);
	if (!ds) {
		kfree(name);
		put_unused_fd(fd);
		return err2;
	}
	err = ds_names_insert(ds, &old);
	if (err == -EEXIST) {
		ds_put(ds);
		ds = old;
		result = DS_EXISTED;
		if (!(req.flags & DS_CREATE_OPEN_IF_EXISTS))
			goto fail;
		err = ds_permission(ds, req.rights);
		if (err)
			goto fail;
	}
	err = -EFAULT;
	if (put_user(result, &ureq->result))
		goto fail;
	err = ds_install(fd, ds, req.rights, req.flags);
	if (err >= 0)
		return err;
fail:
	if (result == DS_CREATED)
		ds_names_remove(ds);
	ds_put(ds);
	put_unused_fd(fd);
	return err;
}

static long ds_ctl_open(struct ds_open __user *ureq)
{
	struct datastack *ds;
	struct ds_open req;
	char *name;
	long err;
	int fd;

	err = ds_copy_sized(&req, ureq, sizeof(req));
	if (err)
		return err;
	if ((req.flags & ~DS_FD_FLAGS) || !req.rights ||
	    (req.rights & ~DS_RIGHT_ALL))
		return -EINVAL;
	name = ds_name_from_user(req.name, req.name_len);
	if (IS_ERR(name))
		return PTR_ERR(name);
	ds = ds_names_lookup(ds_current_ns(), name, req.name_len);
	kfree(name);
	if (!ds)
		return -ENOENT;
	err = ds_permission(ds, req.rights);
	if (!err) {
		fd = ds_reserve_fd(req.flags);
		err = fd < 0 ? fd : ds_install(fd, ds, req.rights, req.flags);
		if (err >= 0)
			return err;
		if (fd >= 0)
			put_unused_fd(fd);
	}
	ds_put(ds);
	return err;
}

static long ds_ctl_unlink(struct ds_unlink __user *ureq)
{
	struct ds_unlink req;
	struct datastack *ds;
	char *name;
	int err;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.flags)
		return -EINVAL;
	name = ds_name_from_user(req.name, req.name_len);
	if (IS_ERR(name))
		return PTR_ERR(name);
	ds = ds_names_unlink(ds_current_ns(), name, req.name_len, &err);
	kfree(name);
	if (ds)
		ds_put(ds);
	return err;
}

static long ds_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (DS_NOSIZE(cmd)) {
	case DS_NOSIZE(DS_IOC_CREATE):
		return ds_ctl_create(argp);
	case DS_NOSIZE(DS_IOC_OPEN):
		return ds_ctl_open(argp);
	case DS_NOSIZE(DS_IOC_UNLINK):
		return ds_ctl_unlink(argp);
	case DS_NOSIZE(DS_IOC_NOP):
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ds_ctl_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ds_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

struct miscdevice ds_ctl_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "datastack",
	.fops	= &ds_ctl_fops,
	.mode	= 0666,
};
