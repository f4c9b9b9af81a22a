/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * DataStack: a kernel object holding a bounded stack (or queue) of
 * variable-size binary items, shared between processes by name or by
 * descriptor.  This header is the one definition of the ABI; the module,
 * libdatastack, the tools and the tests all include it.
 *
 * Instances.  DataStack is a filesystem type, "datastack".  Each mount is an
 * independent instance (its own names, limits and objects), mountable in a
 * user namespace that owns the caller's mount namespace:
 *     mount -t datastack [-o OPTIONS] none DIR
 * The system instance is mounted at /dev/datastack.  Everything in an
 * instance is freed once its last mount is gone and no descriptor refers
 * to it.  Mount options (remountable with -o remount, except mode, uid
 * and gid, which only set the root directory at mount):
 *     max_objects=N     most objects alive in the instance
 *     max_bytes=SIZE    most item memory held (charged as allocated: an
 *                       item's slab or page size, not its payload)
 *     max_item_size=SIZE  largest item
 *     mode=OCTAL, uid=N, gid=N   of the root directory (default 1777 and
 *                       the mounter's ids)
 * SIZE is decimal digits (no sign, hex or octal) with an optional K, M,
 * G, T, P or E suffix (binary multiples), 1 to 2^64 - 1 bytes.  Defaults
 * and, for instances mounted outside the initial user namespace, ceilings
 * are the module parameters of the same names.  A bad value (a size past
 * 2^64 - 1 included) fails the mount with EINVAL and a message in the
 * kernel log; a remount cannot set a limit below what the instance
 * already holds (EINVAL, the limits left as they were; while it runs, the
 * lower of each old and new limit applies).
 *
 * Objects.  A named object is a file in the instance's root directory
 * (S_IFIFO: a FIFO's non-regular semantics, without its pipe): ls -l shows
 * its owner, group and mode, st_size the item bytes it holds and st_blocks
 * (512-byte units) the memory charged for them; rm unlinks it, chmod and
 * chown follow the usual rules, and the root directory is sticky, so only
 * an object's owner (or CAP_FOWNER) removes it.  Pushes change the
 * modification time, pops the access time.  Names are 1..DS_NAME_MAX
 * bytes, no '/' and no NUL, neither "." nor "..".  Rename, links and
 * subdirectories are refused (EPERM).  An unnamed object is an unlinked
 * inode of its instance, made as O_TMPFILE makes one (the directory's write
 * and search permission), and reachable only through its descriptors.
 *
 * Lifetime: a named object created without DS_CREATE_PERSISTENT loses its
 * name and is freed with its last descriptor (as the articles' objects
 * are); a persistent one lives until unlinked or until its instance ends;
 * an unnamed one with its last descriptor.  Every item goes with it.
 *
 * Descriptors:
 *  - the instance root directory, opened with open(2) (O_RDONLY |
 *    O_DIRECTORY): DS_IOC_CREATE, DS_IOC_STAT, DS_IOC_NOP;
 *  - an object descriptor, from open(2) of DIR/NAME or from DS_IOC_CREATE:
 *    DS_IOC_PUSH, DS_IOC_POP, DS_IOC_PEEK, DS_IOC_CLEAR, DS_IOC_QUERY,
 *    DS_IOC_PUSHV, DS_IOC_POPV, DS_IOC_SET_RIGHTS, read(2) (pop one item),
 *    write(2) (push one item), poll/select/epoll, and close(2).
 *
 * Rights: each object descriptor carries rights; an operation without its
 * right fails with EACCES and changes nothing.  open(2) grants them by the
 * access mode, after the usual permission check of the object's mode
 * (inode_permission(): owner, group, others, capabilities, LSMs):
 *   O_RDONLY  DS_RIGHT_QUERY, DS_RIGHT_POP, DS_RIGHT_WAIT
 *   O_WRONLY  DS_RIGHT_PUSH, DS_RIGHT_CLEAR, DS_RIGHT_WAIT
 *   O_RDWR    DS_RIGHT_ALL
 * DS_IOC_SET_RIGHTS narrows them.  open(2) flags on an object path:
 * O_CREAT makes a persistent LIFO object without limits (the instance's
 * own apply) when the name is free, its mode from open's mode and the
 * umask; O_EXCL with it fails with EEXIST when the name exists; O_TRUNC
 * and O_APPEND are ignored (as for a FIFO: the shell's > and >> push);
 * O_NONBLOCK makes every call of the descriptor non-blocking.  An unnamed
 * object cannot be opened again through /proc/PID/fd (ENXIO): it is reached
 * only by passing its descriptor on, with the rights it has.
 *
 * End of file: read(2) of an empty object returns 0 when no descriptor
 * holding DS_RIGHT_PUSH is open on it, as a FIFO's read does when no writer
 * is left (a blocked read(2) is woken to return 0 when the last one
 * closes); while one is open it waits (or fails with EAGAIN).  An item
 * another pop has taken but not yet copied out holds end of file off
 * until it is delivered: were the copy to fail, it would come back.  Not
 * an item handed to an io_uring POP, whose copy waits for its task (on
 * some rings, until it enters the ring): should that copy fail, the item
 * comes back as new data.  The POP calls never see end of file: they
 * wait as documented below.
 *
 * Every structure has fixed-width fields, __u64 for pointers and the same
 * layout for 32-bit and 64-bit callers (compat_ioctl is the same code).
 * Unknown flag bits are rejected with EINVAL.  Growth: a structure that
 * starts with a 'size' field (ds_create, ds_info) may grow at its end; the
 * kernel accepts a longer one whose extra bytes are all zero (else E2BIG)
 * and rejects a shorter one than its first version (EINVAL).  The other
 * structures (ds_push, ds_pop, ds_batch, ds_iovec, ds_stat) are fixed: a
 * new field means a new ioctl number.
 *
 * Errors are negative errno values from ioctl(2) (-1 and errno in C).  Each
 * cause has its own errno; the tables below list every errno of every call.
 */
#ifndef _UAPI_LINUX_DATASTACK_H
#define _UAPI_LINUX_DATASTACK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DS_IOC_MAGIC		0xD5
#define DS_NAME_MAX		255
#define DATASTACK_SUPER_MAGIC	0x44537466	/* statfs f_type: "DStf" */

/* Access rights of a descriptor (the article's four, plus SYNCHRONIZE). */
#define DS_RIGHT_QUERY		0x01	/* DS_IOC_QUERY */
#define DS_RIGHT_PUSH		0x02	/* DS_IOC_PUSH, DS_IOC_PUSHV, write(2) */
#define DS_RIGHT_POP		0x04	/* DS_IOC_POP, DS_IOC_POPV, DS_IOC_PEEK, read(2) */
#define DS_RIGHT_CLEAR		0x08	/* DS_IOC_CLEAR */
#define DS_RIGHT_WAIT		0x10	/* poll, select, epoll */
#define DS_RIGHT_ALL		0x1f

/* Descriptor flags, accepted by DS_IOC_CREATE. */
#define DS_CLOEXEC		0x0100	/* close-on-exec (O_CLOEXEC) */
#define DS_NONBLOCK		0x0200	/* calls never block (O_NONBLOCK) */

/* DS_IOC_CREATE flags (with DS_CLOEXEC and DS_NONBLOCK). */
#define DS_CREATE_OPEN_IF_EXISTS 0x01	/* open a same-named object */
#define DS_CREATE_EXCLUSIVE	0x02	/* EEXIST if the name exists */
#define DS_CREATE_PERSISTENT	0x04	/* outlive its descriptors until unlink */
#define DS_CREATE_FIFO		0x08	/* a queue: pop takes the oldest item */

/* Limits: 0 means no limit (the instance's max_item_size still applies). */
struct ds_limits {
	__u64 max_item_size;	/* largest item, bytes */
	__u64 max_items;	/* most items held */
	__u64 max_bytes;	/* most item bytes held */
};

/*
 * DS_IOC_CREATE on an instance's root directory: create a named or unnamed
 * object (or open the existing same-named one with
 * DS_CREATE_OPEN_IF_EXISTS, looked up before anything is charged).
 * Returns the new descriptor, with the rights asked for.  Limits and mode
 * of an existing object are not changed.  A named object is created as
 * creat(2) creates a file (the directory's write and search permission,
 * the LSM's inode-create hook, fsnotify), its mode from the umask.
 *
 *   EINVAL       size too small, unknown flags, OPEN_IF_EXISTS with
 *                EXCLUSIVE, PERSISTENT without a name, bad name (empty,
 *                '/' or NUL in it, "." or ".."), mode bits outside 0666,
 *                unknown rights
 *   E2BIG        size larger than this structure, extra bytes not zero
 *   ENAMETOOLONG name_len > DS_NAME_MAX
 *   EEXIST       the name exists and OPEN_IF_EXISTS is not given
 *   EACCES       the directory denies creating (write and search
 *                permission, for an unnamed object too), or the existing
 *                object's mode denies the rights asked for
 *   ENOTTY       not an instance's root directory
 *   EROFS        the instance is mounted read-only and the name is free
 *   EFAULT       the structure or the name is not readable, or the
 *                structure not writable
 *   ENOSPC       the instance holds max_objects objects
 *   ENOMEM       out of memory
 *   EMFILE, ENFILE  out of descriptors
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
 * DS_IOC_STAT on an instance's root directory: the state of the named
 * object, without opening it, as stat(2) gives a file's (the directory's
 * search permission is needed).  info points to a struct ds_info whose
 * size field is set, filled as DS_IOC_QUERY fills it, except that its
 * counters (peak_count, peak_bytes, pushes, pops, top_size) are filled,
 * and DS_INFO_COUNTERS set, only when the caller may read the object; rights
 * is 0.  This is what listings (dsctl ls, watch) read for each name that
 * readdir(3) of the directory returns.
 *
 *   EINVAL       flags not 0, bad name, info->size below DS_INFO_SIZE_V1
 *   ENAMETOOLONG name_len > DS_NAME_MAX
 *   ENOENT       no such object
 *   EACCES       no search permission on the directory
 *   ENOTTY       not an instance's root directory
 *   EFAULT       the structure, the name or info is not accessible
 */
struct ds_stat {
	__u64 name;		/* in: pointer to the name */
	__u32 name_len;		/* in: bytes in name */
	__u32 flags;		/* in: 0 */
	__u64 info;		/* in: pointer to struct ds_info */
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
 *   EMSGSIZE     size above the object's or the instance's max_item_size
 *   ENOBUFS      size alone exceeds the object's max_bytes (can never fit)
 *   EAGAIN       full (max_items or max_bytes reached) and not waiting
 *   ETIMEDOUT    still full when the timeout expired
 *   EINTR        a signal handler ran while waiting
 *   EFAULT       the structure or the data is not readable (nothing pushed)
 *   ENOSPC       the instance holds max_bytes of item memory (checked when
 *                the item is linked: a pusher waiting for room holds none)
 *   ENOMEM       out of memory (the memory cgroup's limit included)
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
 * the top item's size and removes nothing.  An item is removed only once it
 * and its size have reached the caller: when either cannot be written, it
 * goes back on top and the call fails with EFAULT.
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
 * item's error ends the batch with the count done so far.  POPV removes
 * only the items whose data and len reached the caller: when the array
 * cannot be written, nothing is popped (EFAULT), or the count of those
 * that were is returned.
 *
 *   EINVAL       count 0 or above DS_BATCH_MAX, unknown flags, a reserved
 *                field not 0
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
	__u32 flags;		/* DS_CREATE_FIFO, DS_CREATE_PERSISTENT, DS_INFO_* */
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
	__u32 rights;		/* rights of this descriptor (0 from DS_IOC_STAT) */
	__u32 name_len;		/* 0 for unnamed */
	char name[DS_NAME_MAX + 1];	/* NUL-terminated */
};

#define DS_INFO_NAMED		0x100	/* flags: the object has a name */
#define DS_INFO_COUNTERS	0x200	/* DS_IOC_STAT: peak_*, pushes, pops, top_size set */
#define DS_INFO_SIZE_V1		384	/* sizeof(struct ds_info) in version 1 */

/*
 * ioctl numbers.  The kernel matches them on type, number and direction
 * only: the size bits may differ, so that a later, longer structure (its
 * own size field says which version it is) keeps working with this ABI.
 * 0x02 (OPEN) and 0x03 (UNLINK) were the control device's: open(2) and
 * unlink(2) of the object's path do their work now.
 */
#define DS_IOC_CREATE	_IOWR(DS_IOC_MAGIC, 0x01, struct ds_create)
#define DS_IOC_NOP	_IO(DS_IOC_MAGIC, 0x04)	/* does nothing: the syscall floor */
#define DS_IOC_STAT	_IOW(DS_IOC_MAGIC, 0x05, struct ds_stat)

#define DS_IOC_PUSH	_IOWR(DS_IOC_MAGIC, 0x10, struct ds_push)
#define DS_IOC_POP	_IOWR(DS_IOC_MAGIC, 0x11, struct ds_pop)
#define DS_IOC_PEEK	_IOWR(DS_IOC_MAGIC, 0x12, struct ds_pop)
/* Removes every item; returns how many.  EACCES without DS_RIGHT_CLEAR. */
#define DS_IOC_CLEAR	_IO(DS_IOC_MAGIC, 0x13)
#define DS_IOC_QUERY	_IOWR(DS_IOC_MAGIC, 0x14, struct ds_info)
#define DS_IOC_PUSHV	_IOWR(DS_IOC_MAGIC, 0x15, struct ds_batch)
#define DS_IOC_POPV	_IOWR(DS_IOC_MAGIC, 0x16, struct ds_batch)
/*
 * Narrows the descriptor's rights to the DS_RIGHT_* given as the argument
 * (an integer, not a pointer).  Every descriptor sharing the open file
 * description (dup, fork) is narrowed with it.
 *   EINVAL  0 or unknown bits
 *   EPERM   a right the descriptor does not hold
 */
#define DS_IOC_SET_RIGHTS _IO(DS_IOC_MAGIC, 0x17)

/*
 * io_uring: IORING_OP_URING_CMD on an object descriptor, sqe->cmd_op one
 * of DS_URING_*, the 16 command bytes of a 64-byte SQE (sqe->cmd) a
 * struct ds_uring_cmd.  The result (cqe->res):
 *   DS_URING_PUSH    push the len bytes at addr: 0
 *   DS_URING_POP     pop into the len-byte buffer at addr: the item's size
 *   DS_URING_PUSHV   as DS_IOC_PUSHV of the len ds_iovec at addr: the count
 *   DS_URING_POPV    as DS_IOC_POPV: the count (each len set)
 * or a negative errno, those of the ioctl of the same name.  A command is
 * done at once in the submitting task when it can be.  Without
 * DS_WAIT_NONBLOCK (and on a descriptor without O_NONBLOCK) a POP of an
 * empty object, or a PUSH to a full one, stays pending in the ring, no
 * thread blocked, queued with the blocked tasks in arrival order, until a
 * push (a pop) serves it; it completes with -ECANCELED if its ring closes
 * or its task exits first (holding no item meanwhile).  PUSHV and POPV do
 * not wait (-EAGAIN).  Timeouts: link an IORING_OP_LINK_TIMEOUT (from 6.7,
 * which cancels pending commands), or use the ioctls; flags other than
 * DS_WAIT_NONBLOCK are EINVAL.  A POP whose buffer is too small fails with
 * -EMSGSIZE, the item left on top; on a ring set up with
 * IORING_SETUP_CQE32 the item's size is in the CQE's big_cqe[0] (the
 * first extra word), on others DS_IOC_PEEK or DS_IOC_QUERY's top_size
 * tell it.  Unknown cmd_op: EOPNOTSUPP.
 */
#define DS_URING_PUSH		0x01
#define DS_URING_POP		0x02
#define DS_URING_PUSHV		0x03
#define DS_URING_POPV		0x04

struct ds_uring_cmd {
	__u64 addr;		/* the item, buffer or ds_iovec array */
	__u32 len;		/* its size, or the array's count */
	__u32 flags;		/* DS_WAIT_NONBLOCK */
};

/*
 * read(2) pops one item (EMSGSIZE, item kept, if count is too small; 0 at
 * end of file, above); write(2) pushes the buffer as one item (0 bytes:
 * nothing, as for a FIFO, and returns 0).  Both block
 * unless the descriptor is O_NONBLOCK, and fail as POP and PUSH do, with
 * EACCES when the descriptor lacks DS_RIGHT_POP or DS_RIGHT_PUSH (EBADF,
 * from the VFS, when it was opened without read or write access).
 *
 * poll: EPOLLIN while not empty, EPOLLOUT while not full, EPOLLHUP at
 * end of file (read(2) would return 0, above); EPOLLERR without
 * DS_RIGHT_WAIT.  Level- and edge-triggered epoll both work.
 *
 * /proc/PID/fdinfo/FD of an object descriptor adds the lines
 *   ds-id, ds-name (escaped, "(unnamed)" when it has none), ds-count,
 *   ds-bytes, ds-max-items, ds-max-item-size, ds-max-bytes, ds-rights
 * (rights in hex).
 *
 * Any other ioctl: ENOTTY.
 *
 * After unlink, DS_IOC_QUERY of an open descriptor reports neither
 * DS_INFO_NAMED nor the name: the name may already belong to another
 * object.
 */

#endif /* _UAPI_LINUX_DATASTACK_H */
