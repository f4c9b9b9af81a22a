// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * libdatastack: the native API, one ioctl per function.  No state: the
 * control device is opened for each create, open and unlink and closed
 * again, so the library holds no descriptor of its own (safe across fork,
 * exec and closefrom()).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "datastack.h"

/* Descriptor of /dev/datastack, or -ENODEV when the module is absent. */
static int ctl_open(void)
{
	int fd = open(DS_CONTROL_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENXIO || errno == ENODEV)
		return -ENODEV;
	return -errno;
}

/* ioctl on the control device; returns its result or -errno. */
static int ctl_ioctl(unsigned long cmd, void *arg)
{
	int ctl = ctl_open();
	int ret;

	if (ctl < 0)
		return ctl;
	ret = ioctl(ctl, cmd, arg);
	if (ret < 0)
		ret = -errno;
	close(ctl);
	return ret;
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
	return (long)len;
}

static inline __u64 ptr64(const void *p)
{
	return (__u64)(uintptr_t)p;
}

int ds_create_ex(const char *name, unsigned int flags, unsigned int mode,
		 unsigned int rights, const struct ds_limits *limits,
		 unsigned int *result)
{
	struct ds_create c;
	int fd;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.flags = flags;
	c.mode = mode;
	c.rights = rights;
	if (name) {
		long len = name_length(name);

		if (len < 0)
			return (int)len;
		/* name_len 0 means unnamed to the kernel: "" is a bad name. */
		if (len == 0)
			return -EINVAL;
		c.name = ptr64(name);
		c.name_len = (__u32)len;
	}
	if (limits)
		c.limits = *limits;
	fd = ctl_ioctl(DS_IOC_CREATE, &c);
	if (fd >= 0 && result)
		*result = c.result;
	return fd;
}

int ds_create(const char *name, unsigned int flags, unsigned int mode,
	      const struct ds_limits *limits)
{
	return ds_create_ex(name, flags, mode, 0, limits, NULL);
}

int ds_open(const char *name, unsigned int rights, unsigned int flags)
{
	struct ds_open o;
	long len = name_length(name);

	if (len < 0)
		return (int)len;
	memset(&o, 0, sizeof(o));
	o.size = sizeof(o);
	o.flags = flags;
	o.name = ptr64(name);
	o.name_len = (__u32)len;
	o.rights = rights;
	return ctl_ioctl(DS_IOC_OPEN, &o);
}

int ds_unlink(const char *name)
{
	struct ds_unlink u;
	long len = name_length(name);

	if (len < 0)
		return (int)len;
	memset(&u, 0, sizeof(u));
	u.name = ptr64(name);
	u.name_len = (__u32)len;
	return ctl_ioctl(DS_IOC_UNLINK, &u);
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
	if (p.revents & POLLIN)
		return 1;
	/* EPOLLERR: the descriptor lacks DS_RIGHT_WAIT. */
	return -EACCES;
}
