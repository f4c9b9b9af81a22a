// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: the filesystem type.  Each mount of "datastack" is a new,
 * independent instance (binderfs' model): its own root directory, names,
 * limits and charges.  FS_USERNS_MOUNT lets a process that owns its user
 * and mount namespaces mount a private one.
 *
 * Locking: the limits are written by mount and remount (under the
 * superblock's s_umount) and read with READ_ONCE; the charges are atomics,
 * ordered against a remount's new limits as ds_reconfigure() says.
 * Lifetime: the instance is the superblock's s_fs_info, freed after the
 * superblock is killed, which happens once its last mount is gone and no
 * open file (each holds a mount) refers to it; killing it evicts every
 * inode, so every object and item goes with it.
 */
#include <linux/ctype.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/user_namespace.h>
#include "datastack.h"

enum ds_opt { OPT_MAX_OBJECTS, OPT_MAX_BYTES, OPT_MAX_ITEM_SIZE, OPT_MODE,
	      OPT_UID, OPT_GID };

static const struct fs_parameter_spec ds_fs_parameters[] = {
	fsparam_u64("max_objects",	OPT_MAX_OBJECTS),
	fsparam_string("max_bytes",	OPT_MAX_BYTES),
	fsparam_string("max_item_size",	OPT_MAX_ITEM_SIZE),
	fsparam_u32oct("mode",		OPT_MODE),
	fsparam_u32("uid",		OPT_UID),
	fsparam_u32("gid",		OPT_GID),
	{}
};

/* What a mount or remount asked for; limits 0 until given. */
struct ds_mount_opts {
	u64 max_objects, max_bytes, max_item_size;
	umode_t mode;
	kuid_t uid;
	kgid_t gid;
};

/* ---- charges ---- */

int ds_charge_object(struct ds_instance *inst)
{
	if (atomic_long_inc_return(&inst->objects) <= READ_ONCE(inst->max_objects))
		return 0;
	atomic_long_dec(&inst->objects);
	return -ENOSPC;
}

void ds_uncharge_object(struct ds_instance *inst)
{
	atomic_long_dec(&inst->objects);
}

/* ---- options ---- */

/*
 * A size: decimal digits and an optional K, M, G, T, P or E (binary
 * multiples), from 1 to 2^64 - 1 bytes.  memparse() would wrap silently
 * (and read 010 as octal, 0x10 as hex).
 */
static int ds_parse_size(struct fs_context *fc, struct fs_parameter *param,
			 u64 *out)
{
	static const char units[] = "KMGTPE";
	size_t len = strlen(param->string);
	unsigned int shift = 0;
	const char *unit;
	char digits[24];
	size_t i;
	u64 v;

	if (!len || len >= sizeof(digits))
		goto bad;
	memcpy(digits, param->string, len + 1);
	unit = strchr(units, toupper(digits[len - 1]));
	if (unit) {
		shift = 10 * (unit - units + 1);
		digits[--len] = '\0';
	}
	for (i = 0; i < len; i++)
		if (!isdigit(digits[i]))
			goto bad;
	if (!len || kstrtou64(digits, 10, &v) || !v || v > U64_MAX >> shift)
		goto bad;
	*out = v << shift;
	return 0;
bad:
	return invalfc(fc, "Bad value '%s' for '%s' (%s)", param->string, param->key,
		       "1 to 2^64-1 bytes: digits and an optional K, M, G, T, P or E");
}

static int ds_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct ds_mount_opts *o = fc->fs_private;
	struct fs_parse_result r;
	int opt = fs_parse(fc, ds_fs_parameters, param, &r);

	if (opt < 0)
		return opt;
	switch (opt) {
	case OPT_MAX_OBJECTS:
		if (!r.uint_64)
			return invalfc(fc, "Bad value for 'max_objects' (above 0)");
		o->max_objects = r.uint_64;
		return 0;
	case OPT_MAX_BYTES:
		return ds_parse_size(fc, param, &o->max_bytes);
	case OPT_MAX_ITEM_SIZE:
		return ds_parse_size(fc, param, &o->max_item_size);
	case OPT_MODE:
		if (r.uint_32 & ~07777)
			return invalfc(fc, "Bad value for 'mode' (octal, at most 07777)");
		o->mode = r.uint_32;
		return 0;
	case OPT_UID:
		o->uid = make_kuid(fc->user_ns, r.uint_32);
		if (!uid_valid(o->uid))
			return invalfc(fc, "Bad value for 'uid' (not mapped for the mounter)");
		return 0;
	case OPT_GID:
		o->gid = make_kgid(fc->user_ns, r.uint_32);
		if (!gid_valid(o->gid))
			return invalfc(fc, "Bad value for 'gid' (not mapped for the mounter)");
		return 0;
	}
	return -EINVAL;
}

/*
 * A limit as mounted: the option, else the module parameter; outside the
 * initial user namespace no more than the module parameter.
 */
static u64 ds_limit(struct fs_context *fc, u64 opt, u64 param)
{
	if (!opt)
		return param;
	if (fc->user_ns != &init_user_ns)
		return min(opt, param);
	return opt;
}

static void ds_apply_limits(struct fs_context *fc, struct ds_instance *inst)
{
	struct ds_mount_opts *o = fc->fs_private;

	WRITE_ONCE(inst->max_objects,
		   ds_limit(fc, o->max_objects, READ_ONCE(ds_param_max_objects)));
	WRITE_ONCE(inst->max_bytes,
		   ds_limit(fc, o->max_bytes, READ_ONCE(ds_param_max_bytes)));
	WRITE_ONCE(inst->max_item_size,
		   ds_limit(fc, o->max_item_size, READ_ONCE(ds_param_max_item_size)));
}

/* ---- the superblock ---- */

static int ds_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct ds_instance *inst = DS_INST(dentry->d_sb);
	u64 max_bytes = READ_ONCE(inst->max_bytes);
	u64 used = atomic_long_read(&inst->bytes);
	u64 max_objects = READ_ONCE(inst->max_objects);
	u64 objects = atomic_long_read(&inst->objects);

	buf->f_type = DATASTACK_SUPER_MAGIC;
	buf->f_bsize = PAGE_SIZE;
	buf->f_namelen = DS_NAME_MAX;
	buf->f_blocks = max_bytes >> PAGE_SHIFT;
	buf->f_bfree = used < max_bytes ? (max_bytes - used) >> PAGE_SHIFT : 0;
	buf->f_bavail = buf->f_bfree;
	buf->f_files = max_objects;
	buf->f_ffree = objects < max_objects ? max_objects - objects : 0;
	return 0;
}

static int ds_show_options(struct seq_file *m, struct dentry *root)
{
	struct ds_instance *inst = DS_INST(root->d_sb);
	struct user_namespace *ns = root->d_sb->s_user_ns;
	struct inode *dir = d_inode(root);

	seq_printf(m, ",mode=%o,uid=%u,gid=%u", dir->i_mode & 07777,
		   from_kuid_munged(ns, dir->i_uid), from_kgid_munged(ns, dir->i_gid));
	seq_printf(m, ",max_objects=%llu,max_bytes=%llu,max_item_size=%llu",
		   READ_ONCE(inst->max_objects), READ_ONCE(inst->max_bytes),
		   READ_ONCE(inst->max_item_size));
	return 0;
}

static const struct super_operations ds_super_ops = {
	.alloc_inode	= ds_alloc_inode,
	.free_inode	= ds_free_inode,
	.evict_inode	= ds_evict_inode,
	.statfs		= ds_statfs,
	.show_options	= ds_show_options,
};

static int ds_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct ds_mount_opts *o = fc->fs_private;
	struct ds_instance *inst;
	struct inode *root;

	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return -ENOMEM;
	sb->s_fs_info = inst;
	ds_apply_limits(fc, inst);
	inst->root_mode = o->mode;
	inst->root_uid = o->uid;
	inst->root_gid = o->gid;

	sb->s_iflags |= SB_I_NOEXEC | SB_I_NODEV;
	sb->s_magic = DATASTACK_SUPER_MAGIC;
	sb->s_op = &ds_super_ops;
	sb->s_time_gran = 1;
	sb->s_maxbytes = MAX_LFS_FILESIZE;

	root = new_inode(sb);
	if (!root)
		return -ENOMEM;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | inst->root_mode;
	root->i_uid = inst->root_uid;
	root->i_gid = inst->root_gid;
	root->i_op = &ds_dir_inode_ops;
	root->i_fop = &ds_dir_fops;
	ds_touch_all(root);
	set_nlink(root, 2);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static int ds_get_tree(struct fs_context *fc)
{
	return get_tree_nodev(fc, ds_fill_super);
}

static void ds_set_limits(struct ds_instance *inst, u64 max_objects,
			  u64 max_bytes, u64 max_item_size)
{
	WRITE_ONCE(inst->max_objects, max_objects);
	WRITE_ONCE(inst->max_bytes, max_bytes);
	WRITE_ONCE(inst->max_item_size, max_item_size);
}

/*
 * A limit may not fall below what the instance holds.  The lower of each
 * old and new limit is published first and the charges read after a full
 * barrier: a charge (a fully ordered atomic, then the limit read) that
 * races with us either sees that limit or is seen here, so none slips past
 * a lowered limit, and none can get in above the old one meanwhile.  Then
 * the new limits go in, or, if the check failed, the old ones go back.  A
 * charge made in between may have failed against the lower limit
 * (ENOSPC), or been seen for the instant it was being refused, failing
 * the remount (EINVAL).
 */
static int ds_reconfigure(struct fs_context *fc)
{
	struct ds_instance *inst = DS_INST(fc->root->d_sb);
	struct ds_mount_opts *o = fc->fs_private;
	struct ds_instance old = {
		.max_objects = READ_ONCE(inst->max_objects),
		.max_bytes = READ_ONCE(inst->max_bytes),
		.max_item_size = READ_ONCE(inst->max_item_size),
	}, next = { };
	long objects, bytes;

	sync_filesystem(fc->root->d_sb);
	ds_apply_limits(fc, &next);
	if (!o->max_objects)
		next.max_objects = old.max_objects;
	if (!o->max_bytes)
		next.max_bytes = old.max_bytes;
	if (!o->max_item_size)
		next.max_item_size = old.max_item_size;
	ds_set_limits(inst, min(old.max_objects, next.max_objects),
		      min(old.max_bytes, next.max_bytes),
		      min(old.max_item_size, next.max_item_size));
	smp_mb();	/* pairs with the charges' fully ordered atomics */
	objects = atomic_long_read(&inst->objects);
	bytes = atomic_long_read(&inst->bytes);
	if (next.max_objects >= objects && next.max_bytes >= bytes) {
		ds_set_limits(inst, next.max_objects, next.max_bytes, next.max_item_size);
		return 0;
	}
	ds_set_limits(inst, old.max_objects, old.max_bytes, old.max_item_size);
	if (next.max_objects < objects)
		return invalfc(fc, "max_objects=%llu is below the %ld objects held",
			       next.max_objects, objects);
	return invalfc(fc, "max_bytes=%llu is below the %ld bytes held",
		       next.max_bytes, bytes);
}

static void ds_free_fc(struct fs_context *fc)
{
	kfree(fc->fs_private);
}

static const struct fs_context_operations ds_context_ops = {
	.free		= ds_free_fc,
	.parse_param	= ds_parse_param,
	.get_tree	= ds_get_tree,
	.reconfigure	= ds_reconfigure,
};

static int ds_init_fs_context(struct fs_context *fc)
{
	struct ds_mount_opts *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return -ENOMEM;
	o->mode = 01777;
	o->uid = current_fsuid();
	o->gid = current_fsgid();
	fc->fs_private = o;
	fc->ops = &ds_context_ops;
	return 0;
}

/* Evicts every inode (every object and item), then frees the instance. */
static void ds_kill_sb(struct super_block *sb)
{
	struct ds_instance *inst = DS_INST(sb);

	kill_litter_super(sb);
	if (inst)
		WARN_ON_ONCE(atomic_long_read(&inst->objects) ||
			     atomic_long_read(&inst->bytes));
	kfree(inst);
}

struct file_system_type ds_fs_type = {
	.owner			= THIS_MODULE,
	.name			= "datastack",
	.init_fs_context	= ds_init_fs_context,
	.parameters		= ds_fs_parameters,
	.kill_sb		= ds_kill_sb,
	.fs_flags		= FS_USERNS_MOUNT,
};
MODULE_ALIAS_FS("datastack");
