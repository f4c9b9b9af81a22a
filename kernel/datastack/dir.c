// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: an instance's root directory — the names.  Named objects are
 * its entries: looked up, listed (readdir), created and unlinked by the
 * VFS like any file's, with its permission checks, LSM hooks and fsnotify;
 * and its ioctls create objects with limits (DS_IOC_CREATE) and show an
 * object's state by name (DS_IOC_STAT).
 *
 * Lifetime of a name: the dcache is the directory.  A persistent object's
 * dentry is pinned (an extra reference, dropped by unlink, or by
 * kill_litter_super at unmount) as ramfs pins its files.  A non-persistent
 * named object's dentry is not: open files hold it, and when the last
 * reference goes, ->d_delete says not to keep it, so the name and then the
 * object go with the last descriptor.
 *
 * Locking: the VFS's.  DS_IOC_CREATE takes the directory's inode lock
 * around lookup, create and open, as mq_open() does; DS_IOC_STAT looks up
 * without it.  Nothing here takes a module-wide lock.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "datastack.h"

#define DS_FD_FLAGS	(DS_CLOEXEC | DS_NONBLOCK)
#define DS_CREATE_FLAGS	(DS_CREATE_OPEN_IF_EXISTS | DS_CREATE_EXCLUSIVE | \
			 DS_CREATE_PERSISTENT | DS_CREATE_FIFO | DS_FD_FLAGS)

/* A persistent object's dentry is kept; every other one goes when unused. */
static int ds_d_delete(const struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);

	return !inode || !(DS(inode)->flags & DS_CREATE_PERSISTENT);
}

static const struct dentry_operations ds_dentry_ops = {
	.d_delete	= ds_d_delete,
};

static struct dentry *ds_lookup(struct inode *dir, struct dentry *dentry,
				unsigned int flags)
{
	if (dentry->d_name.len > DS_NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	d_set_d_op(dentry, &ds_dentry_ops);
	d_add(dentry, NULL);
	return NULL;
}

/* Makes a named object for a negative dentry of the root directory. */
static int ds_make_named(struct inode *dir, struct dentry *dentry,
			 umode_t mode, const struct ds_new *n)
{
	struct inode *inode = ds_new_object(dir->i_sb, dir, mode, n);

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	ds_touch_mtime(dir);
	d_instantiate(dentry, inode);
	if (n->flags & DS_CREATE_PERSISTENT)
		dget(dentry);		/* the pin, see above */
	return 0;
}

/* open(2) with O_CREAT of a free name: a persistent LIFO, no limits. */
static int ds_create(struct ds_idmap *idmap, struct inode *dir,
		     struct dentry *dentry, umode_t mode, bool excl)
{
	static const struct ds_new n = { .flags = DS_CREATE_PERSISTENT };

	return ds_make_named(dir, dentry, mode, &n);
}

static int ds_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);

	ds_touch_ctime(inode);
	ds_touch_mtime(dir);
	drop_nlink(inode);
	if (DS(inode)->flags & DS_CREATE_PERSISTENT)
		dput(dentry);		/* the pin */
	return 0;
}

const struct inode_operations ds_dir_inode_ops = {
	.lookup		= ds_lookup,
	.create		= ds_create,
	.unlink		= ds_unlink,
};

/* 1..DS_NAME_MAX bytes, no '/' and no NUL, neither "." nor "..". */
int ds_check_name(const char *name, u32 len)
{
	if (!len || strnlen(name, len) != len || memchr(name, '/', len))
		return -EINVAL;
	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return -EINVAL;
	return 0;
}

static char *ds_name_from_user(u64 uname, u32 len)
{
	char *name;
	int err;

	if (len > DS_NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	if (!len)
		return ERR_PTR(-EINVAL);
	name = memdup_user_nul(u64_to_user_ptr(uname), len);
	if (IS_ERR(name))
		return name;
	err = ds_check_name(name, len);
	if (err) {
		kfree(name);
		return ERR_PTR(err);
	}
	return name;
}

/* May the caller open inode with these rights (the mode's r and w bits)? */
int ds_may_open(struct inode *inode, u32 rights)
{
	int mask = 0;

	if (rights & (DS_RIGHT_QUERY | DS_RIGHT_POP))
		mask |= MAY_READ;
	if (rights & (DS_RIGHT_PUSH | DS_RIGHT_CLEAR))
		mask |= MAY_WRITE;
	if (!mask)
		mask = MAY_READ;	/* DS_RIGHT_WAIT alone */
	return inode_permission(DS_NOP_IDMAP, inode, mask | MAY_OPEN);
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
	if ((req->rights & ~DS_RIGHT_ALL) || (req->mode & ~0666))
		return -EINVAL;
	if (!req->name_len && req->name)
		return -EINVAL;
	return 0;
}

/* The fs-side vfs_mkobj() callback: the object, with the request's limits. */
static int ds_mkobj(struct dentry *dentry, umode_t mode, void *arg)
{
	return ds_make_named(d_inode(dentry->d_parent), dentry, mode, arg);
}

/*
 * Looks name up in the root (locked) and creates the object if it is free,
 * or checks that an existing one may be opened as asked.  Returns the
 * dentry (referenced) with *result set, or an ERR_PTR.
 */
static struct dentry *ds_find_or_make(struct dentry *root, const char *name,
				      const struct ds_create *req, int ro,
				      u32 *result)
{
	struct ds_new n = { .flags = req->flags, .limits = req->limits };
	struct dentry *dentry = lookup_one_len(name, root, req->name_len);
	int err;

	if (IS_ERR(dentry))
		return dentry;
	if (d_really_is_positive(dentry)) {
		*result = DS_EXISTED;
		err = -EEXIST;
		if (req->flags & DS_CREATE_OPEN_IF_EXISTS)
			err = ds_may_open(d_inode(dentry), req->rights);
	} else {
		*result = DS_CREATED;
		err = ro ? ro : vfs_mkobj(dentry, (req->mode & 0666) & ~current_umask(),
					  ds_mkobj, &n);
	}
	if (err) {
		dput(dentry);
		return ERR_PTR(err);
	}
	return dentry;
}

/*
 * Takes back a name this call made, when the call fails after making it
 * (the directory locked).  Only a persistent name needs it: any other goes
 * with its dentry's last reference.
 */
static void ds_unmake(struct inode *dir, struct dentry *dentry)
{
	if (d_unhashed(dentry) || d_really_is_negative(dentry) ||
	    !(DS(d_inode(dentry))->flags & DS_CREATE_PERSISTENT))
		return;
	/*
	 * A reference of our own across the unlink: d_delete() then only
	 * unhashes the dentry, and an open file keeps its inode.
	 */
	dget(dentry);
	ds_unlink(dir, dentry);
	d_delete(dentry);
	dput(dentry);
}

/* A named object's file: created or found under the directory's lock. */
static struct file *ds_create_named(struct file *dir, const char *name,
				    struct ds_create *req, u32 *result)
{
	struct dentry *root = dir->f_path.dentry;
	struct path path = { .mnt = dir->f_path.mnt };
	struct file *file;
	int ro;

	/* As mq_open(): write access is needed only to create. */
	ro = mnt_want_write(path.mnt);
	inode_lock(d_inode(root));
	path.dentry = ds_find_or_make(root, name, req, ro, result);
	if (IS_ERR(path.dentry)) {
		file = ERR_CAST(path.dentry);
	} else {
		file = dentry_open(&path, ds_open_flags(req->rights), current_cred());
		if (IS_ERR(file) && *result == DS_CREATED)
			ds_unmake(d_inode(root), path.dentry);
		dput(path.dentry);
	}
	inode_unlock(d_inode(root));
	if (!ro)
		mnt_drop_write(path.mnt);
	return file;
}

/* Needs write and search permission on the directory, as O_TMPFILE does. */
static struct file *ds_create_unnamed(struct file *dir, struct ds_create *req)
{
	struct ds_new n = { .flags = req->flags, .limits = req->limits };
	struct inode *inode;
	struct file *file;
	int err;

	err = inode_permission(DS_NOP_IDMAP, file_inode(dir), MAY_WRITE | MAY_EXEC);
	if (err)
		return ERR_PTR(err);
	inode = ds_new_object(dir->f_path.dentry->d_sb, NULL,
			      req->mode & ~current_umask(), &n);
	if (IS_ERR(inode))
		return ERR_CAST(inode);
	file = ds_open_unnamed(dir->f_path.mnt, inode, req->rights);
	if (IS_ERR(file))
		iput(inode);
	return file;
}

static int ds_copy_create(struct ds_create *req, struct ds_create __user *ureq)
{
	u32 usize;
	int err;

	if (get_user(usize, &ureq->size))
		return -EFAULT;
	if (usize < sizeof(*req))
		return -EINVAL;
	err = copy_struct_from_user(req, sizeof(*req), ureq, usize);
	if (err)
		return err;
	err = ds_create_validate(req);
	if (!req->rights)
		req->rights = DS_RIGHT_ALL;
	return err;
}

/*
 * The result field is tried before anything is made and written before
 * the descriptor is installed.  Should that write still fail, the file is
 * dropped, which takes a new object with it, and a new persistent name
 * is unlinked, so that nothing stays behind.
 */
static void ds_undo_create(struct file *file)
{
	struct dentry *dentry = file->f_path.dentry;
	struct inode *dir = d_inode(dentry->d_parent);

	inode_lock_nested(dir, I_MUTEX_PARENT);
	ds_unmake(dir, dentry);
	inode_unlock(dir);
}

static long ds_ioc_create(struct file *dir, struct ds_create __user *ureq)
{
	struct ds_create req;
	u32 result = DS_CREATED;
	struct file *file;
	char *name = NULL;
	int fd, err;

	err = ds_copy_create(&req, ureq);
	if (err)
		return err;
	if (put_user(0, &ureq->result))
		return -EFAULT;
	if (req.name_len) {
		name = ds_name_from_user(req.name, req.name_len);
		if (IS_ERR(name))
			return PTR_ERR(name);
	}
	fd = get_unused_fd_flags((req.flags & DS_CLOEXEC) ? O_CLOEXEC : 0);
	if (fd < 0) {
		kfree(name);
		return fd;
	}
	file = name ? ds_create_named(dir, name, &req, &result) :
		      ds_create_unnamed(dir, &req);
	kfree(name);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	ds_set_rights(file, req.rights);
	if (req.flags & DS_NONBLOCK)
		file->f_flags |= O_NONBLOCK;
	if (put_user(result, &ureq->result)) {
		if (result == DS_CREATED && (req.flags & DS_CREATE_PERSISTENT))
			ds_undo_create(file);
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	return fd;
}

static long ds_ioc_stat(struct file *dir, struct ds_stat __user *ureq)
{
	struct ds_info __user *uinfo;
	struct ds_stat req;
	struct ds_info *info;
	struct dentry *dentry;
	u32 usize;
	char *name;
	long err;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.flags)
		return -EINVAL;
	uinfo = u64_to_user_ptr(req.info);
	if (get_user(usize, &uinfo->size))
		return -EFAULT;
	if (usize < DS_INFO_SIZE_V1)
		return -EINVAL;
	name = ds_name_from_user(req.name, req.name_len);
	if (IS_ERR(name))
		return PTR_ERR(name);
	dentry = lookup_one_len_unlocked(name, dir->f_path.dentry, req.name_len);
	kfree(name);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	err = -ENOENT;
	info = d_really_is_positive(dentry) ? kzalloc(sizeof(*info), GFP_KERNEL) : NULL;
	if (info) {
		bool readable = !inode_permission(DS_NOP_IDMAP, d_inode(dentry), MAY_READ);

		ds_fill_info(DS(d_inode(dentry)), info, readable);
		if (readable)
			info->flags |= DS_INFO_COUNTERS;
		ds_fill_identity(dentry, info);
		err = copy_to_user(uinfo, info, sizeof(*info)) ? -EFAULT : 0;
		kfree(info);
	} else if (d_really_is_positive(dentry)) {
		err = -ENOMEM;
	}
	dput(dentry);
	return err;
}

static long ds_dir_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (DS_NOSIZE(cmd)) {
	case DS_NOSIZE(DS_IOC_CREATE):
		return ds_ioc_create(file, argp);
	case DS_NOSIZE(DS_IOC_STAT):
		return ds_ioc_stat(file, argp);
	case DS_NOSIZE(DS_IOC_NOP):
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations ds_dir_fops = {
	.owner		= THIS_MODULE,
	.open		= dcache_dir_open,
	.release	= dcache_dir_close,
	.llseek		= dcache_dir_lseek,
	.read		= generic_read_dir,
	.iterate_shared	= dcache_readdir,
	.fsync		= noop_fsync,
	.unlocked_ioctl	= ds_dir_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};
