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
#include <linux/sched.h>
#include <linux/uio.h>
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

/*
 * io_uring commands.  6.6: the command bytes are the SQE's (cmd->sqe);
 * 6.7: pending commands can be marked cancelable (IO_URING_F_CANCEL);
 * before that datastack's own monitor cancels them (uring.c).  The
 * declarations moved to <linux/io_uring/cmd.h> in 6.6.
 */
#if KERNEL_VERSION(6, 6, 0) <= LINUX_VERSION_CODE
#include <linux/io_uring/cmd.h>
#define ds_uring_cmd_bytes(c)	io_uring_sqe_cmd((c)->sqe)
#else
#include <linux/io_uring.h>
#define ds_uring_cmd_bytes(c)	((c)->cmd)
#endif

#if KERNEL_VERSION(6, 7, 0) <= LINUX_VERSION_CODE
#define DS_URING_CANCELABLE	1
#define ds_uring_cancelling(issue_flags)	((issue_flags) & IO_URING_F_CANCEL)
#else
#include <linux/io_uring_types.h>
#define DS_URING_CANCELABLE	0
#define ds_uring_cancelling(issue_flags)	false

/* The monitor's test: the command's task exits, or its ring is closing. */
static inline bool ds_uring_cmd_dying(struct io_uring_cmd *cmd)
{
	struct io_kiocb *req = cmd_to_io_kiocb(cmd);

	return (req->task->flags & PF_EXITING) || percpu_ref_is_dying(&req->ctx->refs);
}
#endif

/*
 * The user address the next n bytes of an iterator are at, when they are
 * one span of user memory (io_uring's READ and WRITE: one iovec in 6.1, a
 * ubuf from 6.4 on), or NULL.  6.4: the iovec behind iter_iov().
 */
static inline void __user *ds_iter_user_span(const struct iov_iter *i, size_t n)
{
#if KERNEL_VERSION(6, 4, 0) <= LINUX_VERSION_CODE
	const struct iovec *iov = iter_is_iovec(i) ? iter_iov(i) : NULL;
#else
	const struct iovec *iov = iter_is_iovec(i) ? i->iov : NULL;
#endif

	if (iter_is_ubuf(i) && i->count >= n)
		return i->ubuf + i->iov_offset;
	if (iov && i->count >= n && iov->iov_len - i->iov_offset >= n)
		return iov->iov_base + i->iov_offset;
	return NULL;
}

/*
 * Whether ->uring_cmd may return its result for io_uring to post with the
 * submission's other completions (cheaper than io_uring_cmd_done()): 6.12
 * posts any value; 6.1 only 0 and errors (a positive value would fail the
 * request).  Kernels between keep the 6.1 rule.
 */
static inline bool ds_uring_result_inline(long ret)
{
	return KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE || ret <= 0;
}

/* In a command's task work: no user memory to copy to any more. */
static inline bool ds_uring_task_dead(unsigned int issue_flags)
{
	return current->flags & (PF_EXITING | PF_KTHREAD);
}

#endif /* DS_COMPAT_H */
