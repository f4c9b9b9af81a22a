/* SPDX-License-Identifier: GPL-2.0 */
/*
 * datastack_kernel.h: DataStack's API for other kernel code (kernel/
 * datastack/kapi.c), in the spirit of eventfd_ctx_fdget()/eventfd_signal():
 * a driver is handed a DataStack descriptor by user space, takes a
 * reference on the object's file, pushes, pops, clears and queries it, and
 * drops the reference.  The descriptor's rights apply as they do to its
 * user.  Exported GPL; build against datastack.ko's Module.symvers
 * (KBUILD_EXTRA_SYMBOLS) with include/uapi and kernel/include on the path.
 * docs/kernel-api.md has the details.
 *
 * Context: every call but datastack_put() may sleep (they allocate, wait
 * and take the object's lock); none may be made from atomic context.
 * datastack_put() may be called from any context (fput() defers).
 */
#ifndef DATASTACK_KERNEL_H
#define DATASTACK_KERNEL_H

#include <linux/types.h>
#include <linux/datastack.h>

struct file;

/*
 * The object behind descriptor fd of the current task, with a reference:
 * ERR_PTR(-EBADF) for no open descriptor, ERR_PTR(-EINVAL) for one that is
 * not a DataStack object.  The reference keeps the object, its instance
 * and datastack.ko alive, whatever user space closes or unmounts.
 */
struct file *datastack_fget(int fd);
/* Another reference on a file that is a DataStack object, or ERR_PTR(-EINVAL). */
struct file *datastack_file_get(struct file *file);
void datastack_put(struct file *ds);

/*
 * Push size bytes as one item.  flags: DS_WAIT_NONBLOCK, DS_WAIT_TIMEOUT
 * or DS_WAIT_ABSTIME (timeout_ns as DS_IOC_PUSH takes it); 0 blocks until
 * there is room.  Returns 0 or the ioctl's errno (negative): EACCES (no
 * DS_RIGHT_PUSH), EINVAL, EMSGSIZE, EAGAIN, ETIMEDOUT, ENOSPC, ENOMEM,
 * EDQUOT, EINTR (a signal, for a kernel thread that allows them).
 */
long datastack_push(struct file *ds, const void *data, u32 size, u32 flags,
		    s64 timeout_ns);
/*
 * Pop the top item into buf (bufsize bytes); *size gets its size.  As
 * DS_IOC_POP: bufsize 0 asks the top item's size and takes nothing
 * (waiting for one as flags say); EMSGSIZE leaves a too-big item, *size
 * its size.
 * Errors: EACCES (no DS_RIGHT_POP), EINVAL, EMSGSIZE, EAGAIN, ETIMEDOUT,
 * EINTR.
 */
long datastack_pop(struct file *ds, void *buf, u32 bufsize, u32 *size,
		   u32 flags, s64 timeout_ns);
/* Remove every item: the count removed, or -EACCES (no DS_RIGHT_CLEAR). */
long datastack_clear(struct file *ds);
/* What DS_IOC_QUERY reports, into *info; -EACCES (no DS_RIGHT_QUERY). */
int datastack_query(struct file *ds, struct ds_info *info);

#endif /* DATASTACK_KERNEL_H */
