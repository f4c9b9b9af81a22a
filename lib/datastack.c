// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * libdatastack: the native API, one system call per function.  No state:
 * the instance's root directory ($DATASTACK_DIR, default /dev/datastack)
 * is opened for each create and stat and closed again, and an object is
 * opened and unlinked by its path, so the library holds no descriptor of
 * its own (safe across fork, exec and closefrom()).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "datastack.h"
#include "internal.h"

const char *ds_instance_dir(void)
{
	const char *dir = secure_getenv("DATASTACK_DIR");

	return dir && *dir ? dir : DS_DEFAULT_DIR;
}

/* -ENODEV unless the directory is a DataStack instance's root. */
static int check_instance(const char *dir)
{
	struct statfs st;

	if (statfs(dir, &st) < 0 || st.f_type != DATASTACK_SUPER_MAGIC)
		return -ENODEV;
	return 0;
}

/* An errno from a call on the instance: -ENODEV when there is none. */
static int instance_error(const char *dir, int err)
{
	if (err == ENOENT || err == ENOTDIR || err == ENOTTY)
		return check_instance(dir) ? -ENODEV : -err;
	return -err;
}

/* ioctl on an instance's root directory; returns its result or -errno. */
static int dir_ioctl(const char *dir, unsigned long cmd, void *arg)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret, err;

	if (fd < 0)
		return instance_error(dir, errno);
	ret = ioctl(fd, cmd, arg);
	err = errno;
	close(fd);
	return ret < 0 ? instance_error(dir, err) : ret;
}

/* Length of a name, or -errno when it cannot be one. */
static long name_length(const char *name)
{
	size_t len;

	if (!name)
		return -EINVAL;
	len = strnlen(name, DS_NAME_MAX + 1);
	if (len > DS_NAME_MAX)
		return -ENAMETOOLONG;
	if (!len || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	return (long)len;
}

/* DIR/NAME of a valid name, into path[PATH_MAX]. */
static int object_path(const char *dir, const char *name, char *path)
{
	long len = name_length(name);

	if (len < 0)
		return (int)len;
	if (snprintf(path, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

static inline __u64 ptr64(const void *p)
{
	return (__u64)(uintptr_t)p;
}

int ds_create_in(const char *dir, const char *name, unsigned int flags,
		 unsigned int mode, unsigned int rights,
		 const struct ds_limits *limits, unsigned int *result)
{
	struct ds_create c;
	int fd;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.flags = flags;
	c.mode = mode;
	c.rights = rights;
	if (name) {
		/* name_len 0 means unnamed to the kernel: "" is a bad name. */
		long len = name_length(name);

		if (len < 0)
			return (int)len;
		c.name = ptr64(name);
		c.name_len = (__u32)len;
	}
	if (limits)
		c.limits = *limits;
	fd = dir_ioctl(dir, DS_IOC_CREATE, &c);
	if (fd >= 0 && result)
		*result = c.result;
	return fd;
}

int ds_create_ex(const char *name, unsigned int flags, unsigned int mode,
		 unsigned int rights, const struct ds_limits *limits,
		 unsigned int *result)
{
	return ds_create_in(ds_instance_dir(), name, flags, mode, rights,
			    limits, result);
}

int ds_create(const char *name, unsigned int flags, unsigned int mode,
	      const struct ds_limits *limits)
{
	return ds_create_ex(name, flags, mode, 0, limits, NULL);
}

/* The access mode that grants rights with as little as it takes. */
static int open_mode(unsigned int rights)
{
	int r = rights & (DS_RIGHT_QUERY | DS_RIGHT_POP);
	int w = rights & (DS_RIGHT_PUSH | DS_RIGHT_CLEAR);

	return r && w ? O_RDWR : w ? O_WRONLY : O_RDONLY;
}

/* What open(2) grants for an access mode (see <linux/datastack.h>). */
static unsigned int mode_rights(int mode)
{
	switch (mode) {
	case O_RDONLY:	return DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT;
	case O_WRONLY:	return DS_RIGHT_PUSH | DS_RIGHT_CLEAR | DS_RIGHT_WAIT;
	default:	return DS_RIGHT_ALL;
	}
}

int ds_open_in(const char *dir, const char *name, unsigned int rights,
	       unsigned int flags)
{
	char path[PATH_MAX];
	int mode = open_mode(rights), fd, err;

	err = object_path(dir, name, path);
	if (err)
		return err;
	if (!rights || (rights & ~DS_RIGHT_ALL) ||
	    (flags & ~(DS_CLOEXEC | DS_NONBLOCK)))
		return -EINVAL;
	fd = open(path, mode | O_NOCTTY | O_NOFOLLOW |
		  ((flags & DS_CLOEXEC) ? O_CLOEXEC : 0) |
		  ((flags & DS_NONBLOCK) ? O_NONBLOCK : 0));
	if (fd < 0)
		return instance_error(dir, errno);
	if (rights != mode_rights(mode) &&
	    ioctl(fd, DS_IOC_SET_RIGHTS, (unsigned long)rights) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int ds_open(const char *name, unsigned int rights, unsigned int flags)
{
	return ds_open_in(ds_instance_dir(), name, rights, flags);
}

int ds_unlink(const char *name)
{
	char path[PATH_MAX];
	int err = object_path(ds_instance_dir(), name, path);

	if (err)
		return err;
	return unlink(path) < 0 ? instance_error(ds_instance_dir(), errno) : 0;
}

int ds_stat(const char *name, struct ds_info *info)
{
	struct ds_stat st;
	long len = name_length(name);

	if (len < 0)
		return (int)len;
	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	memset(&st, 0, sizeof(st));
	st.name = ptr64(name);
	st.name_len = (__u32)len;
	st.info = ptr64(info);
	return dir_ioctl(ds_instance_dir(), DS_IOC_STAT, &st);
}

static int do_push(int fd, const void *data, size_t size, unsigned int flags,
		   long long timeout_ns)
{
	struct ds_push p;

	if (size > UINT32_MAX)
		return -EMSGSIZE;
	memset(&p, 0, sizeof(p));
	p.data = ptr64(data);
	p.size = (__u32)size;
	p.flags = flags;
	p.timeout_ns = timeout_ns;
	return ioctl(fd, DS_IOC_PUSH, &p) < 0 ? -errno : 0;
}

int ds_push(int fd, const void *data, size_t size, unsigned int flags)
{
	return do_push(fd, data, size, flags, 0);
}

/* The DS_WAIT_* flags that express a library timeout. */
static unsigned int timeout_flags(long long timeout_ns)
{
	if (timeout_ns < 0)
		return 0;
	if (timeout_ns == 0)
		return DS_WAIT_NONBLOCK;
	return DS_WAIT_TIMEOUT;
}

int ds_push_timeout(int fd, const void *data, size_t size,
		    long long timeout_ns)
{
	return do_push(fd, data, size, timeout_flags(timeout_ns),
		       timeout_ns > 0 ? timeout_ns : 0);
}

static int do_pop(int fd, unsigned long cmd, void *buf, size_t *size,
		  unsigned int flags, long long timeout_ns)
{
	struct ds_pop p;
	int ret;

	if (!size)
		return -EINVAL;
	memset(&p, 0, sizeof(p));
	p.buf = ptr64(buf);
	p.size = *size > UINT32_MAX ? UINT32_MAX : (__u32)*size;
	p.flags = flags;
	p.timeout_ns = timeout_ns;
	ret = ioctl(fd, cmd, &p) < 0 ? -errno : 0;
	/* The kernel sets size on success, EMSGSIZE, EAGAIN and ETIMEDOUT. */
	if (ret == 0 || ret == -EMSGSIZE || ret == -EAGAIN || ret == -ETIMEDOUT)
		*size = p.size;
	return ret;
}

int ds_pop(int fd, void *buf, size_t *size, unsigned int flags)
{
	return do_pop(fd, DS_IOC_POP, buf, size, flags, 0);
}

int ds_pop_timeout(int fd, void *buf, size_t *size, long long timeout_ns)
{
	return do_pop(fd, DS_IOC_POP, buf, size, timeout_flags(timeout_ns),
		      timeout_ns > 0 ? timeout_ns : 0);
}

int ds_peek(int fd, void *buf, size_t *size, unsigned int flags)
{
	return do_pop(fd, DS_IOC_PEEK, buf, size, flags, 0);
}

int ds_peek_timeout(int fd, void *buf, size_t *size, long long timeout_ns)
{
	return do_pop(fd, DS_IOC_PEEK, buf, size, timeout_flags(timeout_ns),
		      timeout_ns > 0 ? timeout_ns : 0);
}

/* Small batches use the stack, large ones the heap. */
#define BATCH_ON_STACK	32

static int do_batch(int fd, unsigned long cmd, struct iovec *iov,
		    unsigned int count, unsigned int flags, int push)
{
	struct ds_iovec small[BATCH_ON_STACK], *v = small;
	struct ds_batch b;
	unsigned int i;
	int ret;

	if (count == 0 || count > DS_BATCH_MAX || !iov)
		return -EINVAL;
	if (count > BATCH_ON_STACK) {
		v = calloc(count, sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	for (i = 0; i < count; i++) {
		size_t len = iov[i].iov_len;

		if (len > UINT32_MAX) {
			if (push) {
				ret = -EMSGSIZE;
				goto out;
			}
			len = UINT32_MAX;
		}
		v[i].base = ptr64(iov[i].iov_base);
		v[i].len = (__u32)len;
		v[i].reserved = 0;
	}
	memset(&b, 0, sizeof(b));
	b.iov = ptr64(v);
	b.count = count;
	b.flags = flags;
	ret = ioctl(fd, cmd, &b);
	if (ret < 0) {
		ret = -errno;
	} else if (!push) {
		for (i = 0; i < (unsigned int)ret && i < count; i++)
			iov[i].iov_len = v[i].len;
	}
out:
	if (v != small)
		free(v);
	return ret;
}

int ds_pushv(int fd, const struct iovec *iov, unsigned int count,
	     unsigned int flags)
{
	/* Not written through: push only reads the vector. */
	return do_batch(fd, DS_IOC_PUSHV, (struct iovec *)iov, count, flags, 1);
}

int ds_popv(int fd, struct iovec *iov, unsigned int count, unsigned int flags)
{
	return do_batch(fd, DS_IOC_POPV, iov, count, flags, 0);
}

int ds_clear(int fd)
{
	int ret = ioctl(fd, DS_IOC_CLEAR);

	return ret < 0 ? -errno : ret;
}

int ds_query(int fd, struct ds_info *info)
{
	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, DS_IOC_QUERY, info) < 0 ? -errno : 0;
}

int ds_wait(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int ret = poll(&p, 1, timeout_ms < 0 ? -1 : timeout_ms);

	if (ret < 0)
		return -errno;
	if (ret == 0)
		return 0;
	if (p.revents & POLLNVAL)
		return -EBADF;
	if (p.revents & (POLLIN | POLLHUP))
		return 1;	/* an item, or end of file: a read will not block */
	/* EPOLLERR: the descriptor lacks DS_RIGHT_WAIT. */
	return -EACCES;
}
