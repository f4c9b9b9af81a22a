/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libdatastack: the C interface to DataStack kernel objects.
 *
 * A thin layer over <linux/datastack.h>: one function per operation of the
 * ABI, names passed as NUL-terminated C strings.  An object is an ordinary
 * file descriptor; close it with close(2).
 *
 * Error convention (as liburing): every function returns a negative errno
 * value on failure (-EAGAIN, -ENOENT, ...) and never touches errno's meaning
 * The errno values of each call are listed in
 * <linux/datastack.h> and in the manual pages; the library adds one:
 *   -ENODEV   no DataStack instance is mounted at ds_instance_dir()
 *
 * Objects live in a DataStack instance, a mounted "datastack" filesystem:
 * the library uses the one at $DATASTACK_DIR, or /dev/datastack (the
 * system instance) when that is unset.
 *
 * Man pages: datastack(7), ds_create(3), ds_push(3), ds_pop(3),
 * ds_clear(3), ds_query(3), ds_pushv(3), datastack_win32(3).
 */
#ifndef LIBDATASTACK_H
#define LIBDATASTACK_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <linux/datastack.h>
#include <datastack/version.h>	/* LIBDATASTACK_VERSION, _MAJOR, _MINOR */

#ifdef __cplusplus
extern "C" {
#endif

/* Where the system instance is mounted: the default ds_instance_dir(). */
#define DS_DEFAULT_DIR		"/dev/datastack"
#define DS_CONTROL_DEVICE	DS_DEFAULT_DIR	/* before 1.1: the control device */

/* The instance the library uses: $DATASTACK_DIR, else DS_DEFAULT_DIR. */
const char *ds_instance_dir(void);

/* Timeouts of ds_push_timeout() and ds_pop_timeout(), in nanoseconds. */
#define DS_TIMEOUT_INFINITE	(-1LL)	/* wait as long as it takes */
#define DS_TIMEOUT_NONE		0LL	/* do not wait at all */

/*
 * Create a data stack (ds_create(3)).  name: NULL for an unnamed object,
 * else 1..DS_NAME_MAX bytes without '/'.  flags: DS_CREATE_*, DS_CLOEXEC,
 * DS_NONBLOCK.  mode: permission bits (umask applies).  limits: NULL for
 * none.  Returns the new descriptor (all rights).
 */
int ds_create(const char *name, unsigned int flags, unsigned int mode,
	      const struct ds_limits *limits);

/*
 * As ds_create(), with the descriptor's rights (0 = DS_RIGHT_ALL) and, in
 * *result when result is not NULL, DS_CREATED or DS_EXISTED.
 */
int ds_create_ex(const char *name, unsigned int flags, unsigned int mode,
		 unsigned int rights, const struct ds_limits *limits,
		 unsigned int *result);

/* Open an existing named object with rights DS_RIGHT_*; flags DS_CLOEXEC,
 * DS_NONBLOCK.  Returns the descriptor: open(2) of its path, with the
 * access mode that grants the rights, narrowed to them. */
int ds_open(const char *name, unsigned int rights, unsigned int flags);

/* Remove a name (the object lives on while descriptors are open). */
int ds_unlink(const char *name);

/* Fill *info for a named object without opening it (DS_IOC_STAT): the
 * counters only when the caller may read it (DS_INFO_COUNTERS).  Returns 0. */
int ds_stat(const char *name, struct ds_info *info);

/*
 * Push one item of size bytes (ds_push(3)).  flags: 0 (wait while full,
 * unless the descriptor is DS_NONBLOCK) or DS_WAIT_NONBLOCK.  Returns 0.
 */
int ds_push(int fd, const void *data, size_t size, unsigned int flags);

/* Push, waiting at most timeout_ns while full (DS_TIMEOUT_INFINITE: no
 * limit, DS_TIMEOUT_NONE: no wait): -ETIMEDOUT when it expired. */
int ds_push_timeout(int fd, const void *data, size_t size,
		    long long timeout_ns);

/*
 * Pop the top item (the oldest of a FIFO object) into buf (ds_pop(3)).
 * *size: the buffer size in, the item size out.  A buffer too small fails
 * with -EMSGSIZE, *size set to the item size and the item left in place;
 * *size 0 in asks for the top item's size and removes nothing.  Empty:
 * waits as ds_push(), or fails with -EAGAIN and *size 0.  Returns 0.
 */
int ds_pop(int fd, void *buf, size_t *size, unsigned int flags);

/* Pop, waiting at most timeout_ns while empty: -ETIMEDOUT when it expired. */
int ds_pop_timeout(int fd, void *buf, size_t *size, long long timeout_ns);

/* As ds_pop() and ds_pop_timeout(), but the item stays on top. */
int ds_peek(int fd, void *buf, size_t *size, unsigned int flags);
int ds_peek_timeout(int fd, void *buf, size_t *size, long long timeout_ns);

/*
 * Batches (ds_pushv(3)): up to DS_BATCH_MAX items in one call.  ds_pushv()
 * pushes iov[0..count) in order; ds_popv() pops into the buffers in order and
 * sets each iov_len to the item size.  Only the first item waits (flags as
 * ds_push()).  Return the number of items done (>= 1), or -errno when the
 * first item failed.
 */
int ds_pushv(int fd, const struct iovec *iov, unsigned int count,
	     unsigned int flags);
int ds_popv(int fd, struct iovec *iov, unsigned int count,
	    unsigned int flags);

/* Remove every item (ds_clear(3)).  Returns how many were removed. */
int ds_clear(int fd);

/* Fill *info (ds_query(3)).  Returns 0. */
int ds_query(int fd, struct ds_info *info);

/*
 * Wait until the object is not empty (poll(2), POLLIN), or read(2) would
 * see end of file (POLLHUP: empty, and no descriptor holding DS_RIGHT_PUSH
 * open), at most timeout_ms milliseconds (-1: no limit).  Returns 1 then,
 * 0 on timeout, -EACCES without DS_RIGHT_WAIT.
 */
int ds_wait(int fd, int timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* LIBDATASTACK_H */
