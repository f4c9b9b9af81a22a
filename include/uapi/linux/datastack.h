/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * DataStack: a kernel object holding a bounded stack (or queue) of
 * variable-size binary items, shared between processes by name or by
 * descriptor.  This header is the one definition of the ABI; the module,
 * libdatastack, the tools and the tests all include it.
 *
 * Two kinds of descriptor:
 *  - the control device /dev/datastack (mode 0666): DS_IOC_CREATE,
 *    DS_IOC_OPEN, DS_IOC_UNLINK, DS_IOC_NOP;
 *  - an object descriptor, returned by CREATE and OPEN: DS_IOC_PUSH,
 *    DS_IOC_POP, DS_IOC_PEEK, DS_IOC_CLEAR, DS_IOC_QUERY, DS_IOC_PUSHV,
 *    DS_IOC_POPV, plus read(2) (pop one item), write(2) (push one item),
 *    poll/select/epoll, and close(2).
 *
 * Every structure has fixed-width fields, __u64 for pointers and the same
 * layout for 32-bit and 64-bit callers (compat_ioctl is the same code).
 * Unknown flag bits are rejected with EINVAL; the `size` field of the
 * structures that carry one lets them grow.
 *
 * Errors are negative errno values from ioctl(2) (-1 and errno in C).  Each
 * cause has its own errno; the tables below list every errno of every call.
 *
 * Names: 1..DS_NAME_MAX bytes, given as pointer + length, no '/' and no NUL.
 * They live in the caller's IPC namespace (as POSIX message queues do).
 *
 * Rights: each descriptor carries the rights granted when it was created or
 * opened; an operation without its right fails with EACCES and changes
 * nothing.  Opening by name checks the rights asked for against the object's
 * owner, group and mode the way System V IPC does (CAP_IPC_OWNER bypasses):
 *   read  permission (r) grants DS_RIGHT_QUERY, DS_RIGHT_POP, DS_RIGHT_WAIT
 *   write permission (w) grants DS_RIGHT_PUSH, DS_RIGHT_CLEAR
 * The execute bits are meaningless and rejected in a mode.
 */
#ifndef _UAPI_LINUX_DATASTACK_H
#define _UAPI_LINUX_DATASTACK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DS_IOC_MAGIC		0xD5
#define DS_NAME_MAX		255

/* Access rights of a descriptor (the article's four, plus SYNCHRONIZE). */
#define DS_RIGHT_QUERY		0x01	/* DS_IOC_QUERY */
#define DS_RIGHT_PUSH		0x02	/* DS_IOC_PUSH, DS_IOC_PUSHV, write(2) */
#define DS_RIGHT_POP		0x04	/* DS_IOC_POP, DS_IOC_POPV, DS_IOC_PEEK, read(2) */
#define DS_RIGHT_CLEAR		0x08	/* DS_IOC_CLEAR */
#define DS_RIGHT_WAIT		0x10	/* poll, select, epoll */
#define DS_RIGHT_ALL		0x1f

/* Descriptor flags, accepted by DS_IOC_CREATE and DS_IOC_OPEN. */
#define DS_CLOEXEC		0x0100	/* close-on-exec (O_CLOEXEC) */
#define DS_NONBLOCK		0x0200	/* calls never block (O_NONBLOCK) */

/* DS_IOC_CREATE flags (with DS_CLOEXEC and DS_NONBLOCK). */
#define DS_CREATE_OPEN_IF_EXISTS 0x01	/* open a same-named object */
#define DS_CREATE_EXCLUSIVE	0x02	/* EEXIST if the name exists */
#define DS_CREATE_PERSISTENT	0x04	/* outlive its descriptors until unlink */
#define DS_CREATE_FIFO		0x08	/* a queue: pop takes the oldest item */

/* Limits: 0 means no limit (the module's max_item_size still applies). */
struct ds_limits {
	__u64 max_item_size;	/* largest item, bytes */
	__u64 max_items;	/* most items held */
	__u64 max_bytes;	/* most item bytes held */
};

/*
 * DS_IOC_CREATE on /dev/datastack: create a named or unnamed object (or open
 * the existing same-named one with DS_CREATE_OPEN_IF_EXISTS).  Returns the
 * new descriptor.  Limits and mode of an existing object are not changed.
 *
 *   EINVAL       size too small, unknown flags, OPEN_IF_EXISTS with
 *                EXCLUSIVE, PERSISTENT without a name, bad name (empty,
 *                '/' or NUL in it), mode bits outside 0666, unknown rights
 *   ENAMETOOLONG name_len > DS_NAME_MAX
 *   EEXIST       the name exists and OPEN_IF_EXISTS is not given
 *   EACCES       the existing object's mode denies the rights asked for
 *   EFAULT       the structure or the name is not readable, or the
 *                structure not writable
 *   ENOMEM       out of memory
 *   EMFILE, ENFILE  out of descriptors
 *   EDQUOT       the caller's user holds its maximum of objects
 *                (module parameter max_objects_per_user)
 */
struct ds_create {
	__u32 size;		/* in: sizeof(struct ds_create) */
	__u32 flags;		/* DS_CREATE_*, DS_CLOEXEC, DS_NONBLOCK */
	__u64 name;		/* in: pointer to the name, 0 for unnamed */
	__u32 name_len;		/* in: bytes in name, 0 for unnamed */
	__u32 mode;		/* in: permission bits (0666 at most), umask applies */
	__u32 rights;		/* in: rights of the descriptor, 0 = DS_RIGHT_ALL */
	__u32 result;		/* out: DS_CREATED or DS_EXISTED */
	struct ds_limits limits;	/* in */
};

#define DS_CREATED		1	/* a new object was made */
#define DS_EXISTED		2	/* an existing object was opened */

/*
 * DS_IOC_OPEN on /dev/datastack: open an existing named object with the
 * given rights.  Returns the new descriptor.
 *
 *   EINVAL       size too small, unknown flags, rights 0 or unknown, bad name
 *   ENAMETOOLONG name_len > DS_NAME_MAX
 *   ENOENT       no object of that name in the caller's IPC namespace
 *   EACCES       the object's mode denies a right asked for
 *   EFAULT       the structure or the name is not readable
 *   ENOMEM, EMFILE, ENFILE
 */
struct ds_open {
	__u32 size;		/* in: sizeof(struct ds_open) */
	__u32 flags;		/* DS_CLOEXEC, DS_NONBLOCK */
	__u64 name;		/* in: pointer to the name */
	__u32 name_len;		/* in: bytes in name */
	__u32 rights;		/* in: DS_RIGHT_* wanted, not 0 */
};

/*
 * DS_IOC_UNLINK on /dev/datastack: remove a name (as mq_unlink).  Open
 * descriptors keep the object; a persistent object with none open is freed.
 *
 *   EINVAL, ENAMETOOLONG, EFAULT  as for DS_IOC_OPEN (flags must be 0)
 *   ENOENT       no such name
 *   EPERM        the caller is neither the owner nor the creator, and
 *                lacks CAP_IPC_OWNER
 */
struct ds_unlink {
	__u64 name;
	__u32 name_len;
	__u32 flags;		/* must be 0 */
};

/*
 * Per-call wait flags for push and pop.  Without DS_WAIT_NONBLOCK, and on a
 * descriptor without DS_NONBLOCK, a pop of an empty object or a push to a
 * full one waits: forever, or until timeout_ns (relative nanoseconds with
 * DS_WAIT_TIMEOUT; an absolute CLOCK_MONOTONIC time with DS_WAIT_ABSTIME).
 * A signal whose handler runs ends the wait with EINTR; a stop and continue
 * restart it transparently, its timeout still counted from the first call
 * (a relative timeout is rewritten in the caller's structure into the
 * absolute deadline, with DS_WAIT_ABSTIME, before the call is restarted or
 * fails with EINTR).
 */
#define DS_WAIT_NONBLOCK	0x01
#define DS_WAIT_TIMEOUT		0x02
#define DS_WAIT_ABSTIME		0x04

/*
 * DS_IOC_PUSH on an object descriptor: copy one item onto the object.
 *
 *   EACCES       descriptor lacks DS_RIGHT_PUSH
 *   EINVAL       size 0, unknown flags, TIMEOUT with ABSTIME, negative timeout
 *   EMSGSIZE     size above the object's max_item_size or the module's
 *                max_item_size parameter
 *   ENOBUFS      size alone exceeds the object's max_bytes (can never fit)
 *   EAGAIN       full (max_items or max_bytes reached) and not waiting
 *   ETIMEDOUT    still full when the timeout expired
 *   EINTR        a signal handler ran while waiting
 *   EFAULT       the structure or the data is not readable (nothing pushed)
 *   ENOMEM       out of memory (the memory cgroup's limit included)
 *   EDQUOT       the caller's user has max_bytes_per_user queued
 */
struct ds_push {
	__u64 data;		/* in: pointer to the item */
	__u32 size;		/* in: item size, bytes */
	__u32 flags;		/* DS_WAIT_* */
	__s64 timeout_ns;	/* in (and rewritten, see above) */
};

/*
 * DS_IOC_POP / DS_IOC_PEEK on an object descriptor: copy the top item (the
 * oldest for a FIFO object) into buf and remove it (POP) or leave it (PEEK).
 * size is the buffer size in, the item size out.  POP with size 0 in returns
 * the top item's size and removes nothing.
 *
 *   EACCES       descriptor lacks DS_RIGHT_POP
 *   EINVAL       unknown flags, TIMEOUT with ABSTIME, negative timeout
 *   EAGAIN       empty and not waiting (size set to 0)
 *   ETIMEDOUT    still empty when the timeout expired (size set to 0)
 *   EINTR        a signal handler ran while waiting
 *   EMSGSIZE     buffer smaller than the item: size set to the item's size,
 *                the item stays on top
 *   EFAULT       the structure or the buffer is not writable: the item stays
 */
struct ds_pop {
	__u64 buf;		/* in: pointer to the buffer */
	__u32 size;		/* in: buffer size; out: item size */
	__u32 flags;		/* DS_WAIT_* */
	__s64 timeout_ns;	/* in (and rewritten, see above) */
};

/*
 * DS_IOC_PUSHV / DS_IOC_POPV: up to DS_BATCH_MAX items in one call, all on
 * one object.  PUSHV pushes items in array order; POPV pops into the
 * buffers in order, setting each len to the item size.  Only the first item
 * may wait (as for PUSH/POP); the call stops at the first item that does
 * not fit or finds the object empty/full, and returns how many items were
 * done.  The errors of PUSH/POP apply to the first item only; a later
 * item's error ends the batch with the count done so far.
 *
 *   EINVAL       count 0 or above DS_BATCH_MAX, unknown flags
 */
#define DS_BATCH_MAX		1024
struct ds_iovec {
	__u64 base;		/* item data (PUSHV) or buffer (POPV) */
	__u32 len;		/* item size (PUSHV); buffer size in, item size out (POPV) */
	__u32 reserved;		/* must be 0 */
};

struct ds_batch {
	__u64 iov;		/* pointer to count struct ds_iovec */
	__u32 count;		/* number of entries */
	__u32 flags;		/* DS_WAIT_* (for the first item) */
	__s64 timeout_ns;
};

/*
 * DS_IOC_QUERY on an object descriptor: fill struct ds_info.  size is the
 * caller's sizeof(struct ds_info) in, and the number of bytes the kernel
 * filled out (a later, longer version keeps this prefix).
 *
 *   EACCES       descriptor lacks DS_RIGHT_QUERY
 *   EINVAL       size smaller than DS_INFO_SIZE_V1
 *   EFAULT       the structure is not writable
 */
struct ds_info {
	__u32 size;		/* in: caller's size; out: bytes filled */
	__u32 flags;		/* DS_CREATE_FIFO, DS_CREATE_PERSISTENT, DS_INFO_NAMED */
	__u64 id;		/* stable object id, unique until module unload */
	__u64 count;		/* items held */
	__u64 bytes;		/* item bytes held */
	struct ds_limits limits;
	__u32 mode;		/* permission bits */
	__u32 uid;		/* owner, in the caller's user namespace */
	__u32 gid;
	__u32 creator_pid;	/* in the caller's pid namespace, 0 if gone */
	__u32 open_fds;		/* open file descriptions (dup and fork share one) */
	__u32 waiters;		/* tasks blocked in push or pop */
	__u64 peak_count;	/* highest count since creation */
	__u64 peak_bytes;	/* highest bytes since creation */
	__u64 pushes;		/* items pushed since creation */
	__u64 pops;		/* items popped since creation (not cleared ones) */
	__u64 top_size;		/* size of the item a pop would take, 0 if empty */
	__u32 rights;		/* rights of this descriptor */
	__u32 name_len;		/* 0 for unnamed */
	char name[DS_NAME_MAX + 1];	/* NUL-terminated */
};

#define DS_INFO_NAMED		0x100	/* flags: the object has a name */
#define DS_INFO_SIZE_V1		384	/* sizeof(struct ds_info) in version 1 */

/*
 * ioctl numbers.  The kernel matches them on type, number and direction
 * only: the size bits may differ, so that a later, longer structure (its
 * own size field says which version it is) keeps working with this ABI.
 */
#define DS_IOC_CREATE	_IOWR(DS_IOC_MAGIC, 0x01, struct ds_create)
#define DS_IOC_OPEN	_IOW(DS_IOC_MAGIC, 0x02, struct ds_open)
#define DS_IOC_UNLINK	_IOW(DS_IOC_MAGIC, 0x03, struct ds_unlink)
#define DS_IOC_NOP	_IO(DS_IOC_MAGIC, 0x04)	/* does nothing: the syscall floor */

#define DS_IOC_PUSH	_IOWR(DS_IOC_MAGIC, 0x10, struct ds_push)
#define DS_IOC_POP	_IOWR(DS_IOC_MAGIC, 0x11, struct ds_pop)
#define DS_IOC_PEEK	_IOWR(DS_IOC_MAGIC, 0x12, struct ds_pop)
/* Removes every item; returns how many.  EACCES without DS_RIGHT_CLEAR. */
#define DS_IOC_CLEAR	_IO(DS_IOC_MAGIC, 0x13)
#define DS_IOC_QUERY	_IOWR(DS_IOC_MAGIC, 0x14, struct ds_info)
#define DS_IOC_PUSHV	_IOWR(DS_IOC_MAGIC, 0x15, struct ds_batch)
#define DS_IOC_POPV	_IOWR(DS_IOC_MAGIC, 0x16, struct ds_batch)

/*
 * read(2) pops one item (EMSGSIZE, item kept, if count is too small);
 * write(2) pushes the buffer as one item.  Both block unless the
 * descriptor is DS_NONBLOCK, and fail as POP and PUSH do, with EACCES when
 * the descriptor lacks DS_RIGHT_POP or DS_RIGHT_PUSH.
 *
 * poll: EPOLLIN while not empty, EPOLLOUT while not full; EPOLLERR without
 * DS_RIGHT_WAIT.  Level- and edge-triggered epoll both work.
 *
 * Any other ioctl: ENOTTY.
 *
 * /proc/datastack (readable by everyone) lists the objects of the reader's
 * IPC namespace: a header line naming the columns
 *   id name count bytes max_items max_item_size max_bytes mode uid gid fds
 *   waiters type
 * then one line per object (name with space, tab, newline and backslash as
 * \ooo octal escapes, "(unnamed)" when it has none or was unlinked; mode
 * in octal; uid/gid in the reader's user namespace; type "lifo" or "fifo",
 * with ",persistent"), and last "total objects N items N bytes N" summed
 * over those lines (the module-wide figures are root's, in
 * /sys/module/datastack/stats/).  The column names are stable; new
 * columns go at the end.
 *
 * After DS_IOC_UNLINK, DS_IOC_QUERY of an open descriptor reports neither
 * DS_INFO_NAMED nor the name, as /proc/datastack shows "(unnamed)": the
 * name may already belong to another object.
 */

#endif /* _UAPI_LINUX_DATASTACK_H */
