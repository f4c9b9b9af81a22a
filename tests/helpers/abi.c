// SPDX-License-Identifier: GPL-2.0
/*
 * Test helpers: the DataStack ABI, raw.  Each wrapper returns what the
 * system call returns (-1 and errno on failure), so that the tests see the
 * kernel's own errors, without the library's checks in front of them.
 */
#include "../helpers.h"

int test_ctl_open(void)
{
	return t_open_device("/dev/datastack", O_RDWR, "datastack.ko");
}

static int ctl_fd = -1;

int ctl(void)
{
	if (ctl_fd < 0)
		ctl_fd = test_ctl_open();
	return ctl_fd;
}

void ctl_forget(void)
{
	ctl_fd = -1;
}

int t_create_ex(const char *name, uint64_t max_items, uint64_t max_item_size,
		uint64_t max_bytes, unsigned int mode, unsigned int flags,
		unsigned int rights, unsigned int *result)
{
	struct ds_create c;
	int fd;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.flags = flags;
	c.name = name ? uptr(name) : 0;
	c.name_len = name ? strlen(name) : 0;
	c.mode = mode;
	c.rights = rights;
	c.limits.max_items = max_items;
	c.limits.max_item_size = max_item_size;
	c.limits.max_bytes = max_bytes;
	fd = ioctl(ctl(), DS_IOC_CREATE, &c);
	if (fd >= 0 && result)
		*result = c.result;
	return fd;
}

int t_create(const char *name, unsigned int flags)
{
	return t_create_ex(name, 0, 0, 0, 0600, flags, 0, NULL);
}

int t_open(const char *name, unsigned int rights, unsigned int flags)
{
	struct ds_open o;

	memset(&o, 0, sizeof(o));
	o.size = sizeof(o);
	o.flags = flags;
	o.name = uptr(name);
	o.name_len = strlen(name);
	o.rights = rights;
	return ioctl(ctl(), DS_IOC_OPEN, &o);
}

int t_unlink(const char *name)
{
	struct ds_unlink u;

	memset(&u, 0, sizeof(u));
	u.name = uptr(name);
	u.name_len = strlen(name);
	return ioctl(ctl(), DS_IOC_UNLINK, &u);
}

int t_push_ex(int fd, const void *data, uint32_t size, uint32_t flags,
	      int64_t timeout_ns)
{
	struct ds_push p = {
		.data = uptr(data), .size = size, .flags = flags,
		.timeout_ns = timeout_ns,
	};

	return ioctl(fd, DS_IOC_PUSH, &p);
}

int t_push(int fd, const void *data, uint32_t size)
{
	return t_push_ex(fd, data, size, DS_WAIT_NONBLOCK, 0);
}

/* Pops into buf; *size in = buffer size, out = item size. */
int t_pop_ex(int fd, void *buf, uint32_t *size, uint32_t flags,
	     int64_t timeout_ns, unsigned long cmd)
{
	struct ds_pop p = {
		.buf = uptr(buf), .size = *size, .flags = flags,
		.timeout_ns = timeout_ns,
	};
	int r = ioctl(fd, cmd, &p);

	*size = p.size;
	return r;
}

int t_pop(int fd, void *buf, uint32_t *size)
{
	return t_pop_ex(fd, buf, size, DS_WAIT_NONBLOCK, 0, DS_IOC_POP);
}

int t_peek(int fd, void *buf, uint32_t *size)
{
	return t_pop_ex(fd, buf, size, DS_WAIT_NONBLOCK, 0, DS_IOC_PEEK);
}

int t_pop_wait(int fd, void *buf, uint32_t *size, uint32_t flags,
	       int64_t timeout_ns)
{
	return t_pop_ex(fd, buf, size, flags, timeout_ns, DS_IOC_POP);
}

int t_batch(int fd, unsigned long cmd, struct ds_iovec *iov, uint32_t count,
	    uint32_t flags, int64_t timeout_ns)
{
	struct ds_batch b = {
		.iov = uptr(iov), .count = count, .flags = flags,
		.timeout_ns = timeout_ns,
	};

	return ioctl(fd, cmd, &b);
}

int t_query(int fd, struct ds_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, DS_IOC_QUERY, info);
}

struct ds_info t_info(int fd)
{
	struct ds_info info;

	CHECK(t_query(fd, &info) == 0, "query fd %d", fd);
	return info;
}

long t_stat(const char *what)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/datastack/stats/%s", what);
	return t_read_long(path);
}

void t_expect_all_freed(void)
{
	CHECK(t_stat("objects") == 0 && t_stat("items") == 0 && t_stat("bytes") == 0,
	      "module still holds objects=%ld items=%ld bytes=%ld",
	      t_stat("objects"), t_stat("items"), t_stat("bytes"));
}

/* Waits (10 s at most, times the slow factor) until fd has n waiters. */
void t_wait_waiters(int fd, uint32_t n)
{
	int64_t end = t_now_ns() + t_tol_ns(10 * NSEC_PER_SEC);
	struct ds_info info;

	for (;;) {
		info = t_info(fd);
		if (info.waiters == n)
			return;
		CHECK(t_now_ns() < end, "waiters %u, want %u", info.waiters, n);
		usleep(500);
	}
}

/* Waits (as t_wait_waiters) until count and waiters are as given. */
void t_wait_state(int fd, uint64_t count, uint32_t waiters)
{
	int64_t end = t_now_ns() + t_tol_ns(10 * NSEC_PER_SEC);
	struct ds_info info;

	for (;;) {
		info = t_info(fd);
		if (info.count == count && info.waiters == waiters)
			return;
		CHECK(t_now_ns() < end, "count %llu waiters %u, want %llu and %u",
		      (unsigned long long)info.count, info.waiters,
		      (unsigned long long)count, waiters);
		usleep(500);
	}
}
