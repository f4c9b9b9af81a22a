/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels the modules build for (Debian 12's 6.1
 * and 6.12), in one place, so that no #if is scattered through the
 * sources.  Each helper names the release that changed the interface.
 * (checkpatch's LINUX_VERSION_CODE warning is what this file is for.)
 */
#ifndef DS_COMPAT_H
#define DS_COMPAT_H

#include <linux/fs.h>
#include <linux/version.h>

/* 6.3: the VFS's idmapping argument became struct mnt_idmap. */
#if KERNEL_VERSION(6, 3, 0) <= LINUX_VERSION_CODE
#define ds_idmap		mnt_idmap
#define DS_NOP_IDMAP		(&nop_mnt_idmap)
#else
#define ds_idmap		user_namespace
#define DS_NOP_IDMAP		(&init_user_ns)
#endif

/* 6.6: generic_fillattr() takes the request mask. */
static inline void ds_fillattr(struct ds_idmap *idmap, u32 request_mask,
			       struct inode *inode, struct kstat *stat)
{
#if KERNEL_VERSION(6, 6, 0) <= LINUX_VERSION_CODE
	generic_fillattr(idmap, request_mask, inode, stat);
#else
	generic_fillattr(idmap, inode, stat);
#endif
}

/* 6.6: ctime behind accessors; 6.7: atime and mtime too. */
static inline void ds_touch_mtime(struct inode *inode)
{
#if KERNEL_VERSION(6, 7, 0) <= LINUX_VERSION_CODE
	inode_set_mtime_to_ts(inode, inode_set_ctime_current(inode));
#elif KERNEL_VERSION(6, 6, 0) <= LINUX_VERSION_CODE
	inode->i_mtime = inode_set_ctime_current(inode);
#else
	inode->i_mtime = current_time(inode);
	inode->i_ctime = inode->i_mtime;
#endif
}

static inline void ds_touch_atime(struct inode *inode)
{
#if KERNEL_VERSION(6, 7, 0) <= LINUX_VERSION_CODE
	inode_set_atime_to_ts(inode, current_time(inode));
#else
	inode->i_atime = current_time(inode);
#endif
}

static inline void ds_touch_ctime(struct inode *inode)
{
#if KERNEL_VERSION(6, 6, 0) <= LINUX_VERSION_CODE
	inode_set_ctime_current(inode);
#else
	inode->i_ctime = current_time(inode);
#endif
}

/* A new inode: all three times now. */
static inline void ds_touch_all(struct inode *inode)
{
	ds_touch_mtime(inode);
	ds_touch_atime(inode);
}

#endif /* DS_COMPAT_H */
