// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: an object's inode — allocation, attributes (what stat(2)
 * shows), the identity part of DS_IOC_QUERY, and teardown.
 *
 * An object and its inode are one allocation (struct datastack embeds the
 * inode), from one slab cache charged to the memory cgroup.  The inode is
 * S_IFIFO: not a regular file, so the VFS gives it no FMODE_ATOMIC_POS
 * (threads sharing a descriptor are not serialised) and io_uring does not
 * retry a short read (which would merge items); and a FIFO is what it acts
 * like, end of file included.
 *
 * Locking: the inode's attributes follow the VFS's rules (setattr under
 * the inode lock); st_size and st_blocks are read from the object under
 * ds->lock.  Lifetime: the inode lives while a dentry (the name: pinned
 * for a persistent object, see dir.c) or an open file refers to it; its
 * eviction frees the object, every item it holds, and its charges.
 */
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>
#include "datastack.h"

static struct kmem_cache *ds_inode_cache;

static const struct inode_operations ds_object_inode_ops;

struct inode *ds_alloc_inode(struct super_block *sb)
{
	struct datastack *ds = alloc_inode_sb(sb, ds_inode_cache, GFP_KERNEL);

	if (!ds)
		return NULL;
	memset(ds, 0, offsetof(struct datastack, vfs_inode));
	spin_lock_init(&ds->lock);
	init_waitqueue_head(&ds->pop_wq);
	init_waitqueue_head(&ds->push_wq);
	INIT_LIST_HEAD(&ds->pop_waiters);
	INIT_LIST_HEAD(&ds->push_waiters);
	return &ds->vfs_inode;
}

void ds_free_inode(struct inode *inode)
{
	kmem_cache_free(ds_inode_cache, DS(inode));
}

void ds_evict_inode(struct inode *inode)
{
	struct datastack *ds = DS(inode);

	clear_inode(inode);
	if (!ds->is_object)
		return;
	ds_object_destroy(ds);
	ds_uncharge_object(ds->inst);
}

/*
 * A new object's inode in sb, owned as creat(2) would own a file in dir
 * (or by the caller, for an unnamed object: dir NULL), charged to the
 * instance.  Returns it with one reference, or an ERR_PTR.
 */
struct inode *ds_new_object(struct super_block *sb, const struct inode *dir,
			    umode_t mode, const struct ds_new *n)
{
	struct ds_instance *inst = DS_INST(sb);
	struct inode *inode;
	int err;

	err = ds_charge_object(inst);
	if (err)
		return ERR_PTR(err);
	inode = new_inode(sb);
	if (!inode) {
		ds_uncharge_object(inst);
		return ERR_PTR(-ENOMEM);
	}
	inode->i_ino = get_next_ino();
	mode = S_IFIFO | (mode & 0777);
	if (dir) {
		inode_init_owner(DS_NOP_IDMAP, inode, dir, mode);
	} else {
		inode->i_mode = mode;
		inode->i_uid = current_fsuid();
		inode->i_gid = current_fsgid();
	}
	inode->i_op = &ds_object_inode_ops;
	inode->i_fop = dir ? &ds_file_fops : &ds_unnamed_fops;
	ds_touch_all(inode);
	ds_object_init(DS(inode), inst, n);
	return inode;
}

/* st_size: the item bytes held; st_blocks: the memory charged for them. */
static int ds_getattr(struct ds_idmap *idmap, const struct path *path,
		      struct kstat *stat, u32 request_mask, unsigned int flags)
{
	struct inode *inode = d_inode(path->dentry);
	struct datastack *ds = DS(inode);

	ds_fillattr(idmap, request_mask, inode, stat);
	spin_lock(&ds->lock);
	stat->size = ds->bytes;
	spin_unlock(&ds->lock);
	stat->blocks = DIV_ROUND_UP(ds_charged(ds), 512);
	stat->blksize = PAGE_SIZE;
	return 0;
}

/* chmod and chown as for any file; an object has no size to set. */
static int ds_setattr(struct ds_idmap *idmap, struct dentry *dentry,
		      struct iattr *attr)
{
	struct datastack *ds = DS(d_inode(dentry));

	if (attr->ia_valid & ATTR_SIZE)
		return -EINVAL;
	/* The next push or pop stamps its time over one set here. */
	WRITE_ONCE(ds->pushed_tick, jiffies - 1);
	WRITE_ONCE(ds->popped_tick, jiffies - 1);
	return simple_setattr(idmap, dentry, attr);
}

static const struct inode_operations ds_object_inode_ops = {
	.getattr	= ds_getattr,
	.setattr	= ds_setattr,
};

/*
 * The identity part of struct ds_info: mode, owner (in the caller's user
 * namespace) and, while dentry still names the object, the name.
 */
void ds_fill_identity(struct dentry *dentry, struct ds_info *info)
{
	struct user_namespace *uns = current_user_ns();
	struct inode *inode = d_inode(dentry);
	struct name_snapshot name;

	info->mode = inode->i_mode & 07777;
	info->uid = from_kuid_munged(uns, inode->i_uid);
	info->gid = from_kgid_munged(uns, inode->i_gid);
	if (d_unhashed(dentry) || IS_ROOT(dentry) || !inode->i_nlink)
		return;
	take_dentry_name_snapshot(&name, dentry);
	info->flags |= DS_INFO_NAMED;
	info->name_len = min_t(u32, name.name.len, DS_NAME_MAX);
	memcpy(info->name, name.name.name, info->name_len);
	release_dentry_name_snapshot(&name);
}

static void ds_inode_init_once(void *p)
{
	struct datastack *ds = p;

	inode_init_once(&ds->vfs_inode);
}

int ds_inode_cache_init(void)
{
	ds_inode_cache = kmem_cache_create("datastack_inode",
					   sizeof(struct datastack), 0,
					   SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT,
					   ds_inode_init_once);
	return ds_inode_cache ? 0 : -ENOMEM;
}

void ds_inode_cache_exit(void)
{
	/* free_inode runs after an RCU grace period: wait for the last. */
	rcu_barrier();
	kmem_cache_destroy(ds_inode_cache);
}
