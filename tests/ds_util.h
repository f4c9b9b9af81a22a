/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw-ABI helpers for the kernel tests: thin ioctl wrappers returning what
 * ioctl(2) returns (-1 and errno on failure), so the tests see the kernel's
 * errors exactly, and counters from /sys/module/datastack/stats.
 */
#ifndef DS_UTIL_H
#define DS_UTIL_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <linux/datastack.h>
#include "test.h"

static int ds_ctl = -1;

static inline int ctl(void)
{
	if (ds_ctl < 0)
		ds_ctl = test_ctl_open();
	return ds_ctl;
}

static inline uint64_t uptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Creates an object; name NULL for unnamed.  *result gets DS_CREATED/EXISTED. */
static inline int t_create_ex(const char *name, uint64_t max_items,
			      uint64_t max_item_size, uint64_t max_bytes,
			      unsigned int mode, unsigned int flags,
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

static inline int t_create(const char *name, unsigned int flags)
{
	return t_create_ex(name, 0, 0, 0, 0600, flags, 0, NULL);
}

static inline int t_open(const char *name, unsigned int rights, unsigned int flags)
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

static inline int t_unlink(const char *name)
{
	struct ds_unlink u;

	memset(&u, 0, sizeof(u));
	u.name = uptr(name);
	u.name_len = strlen(name);
	return ioctl(ctl(), DS_IOC_UNLINK, &u);
}

static inline int t_push_ex(int fd, const void *data, uint32_t size,
			    uint32_t flags, int64_t timeout_ns)
{
	struct ds_push p = {
		.data = uptr(data), .size = size, .flags = flags,
		.timeout_ns = timeout_ns,
	};

	return ioctl(fd, DS_IOC_PUSH, &p);
}

static inline int t_push(int fd, const void *data, uint32_t size)
{
	return t_push_ex(fd, data, size, DS_WAIT_NONBLOCK, 0);
}

/* Pops into buf; *size in = buffer size, out = item size. */
static inline int t_pop_ex(int fd, void *buf, uint32_t *size, uint32_t flags,
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

static inline int t_pop(int fd, void *buf, uint32_t *size)
{
	return t_pop_ex(fd, buf, size, DS_WAIT_NONBLOCK, 0, DS_IOC_POP);
}

static inline int t_peek(int fd, void *buf, uint32_t *size)
{
	return t_pop_ex(fd, buf, size, DS_WAIT_NONBLOCK, 0, DS_IOC_PEEK);
}

static inline int t_query(int fd, struct ds_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, DS_IOC_QUERY, info);
}

/* A number from a sysfs file; -1 when unreadable. */
static inline long t_read_long(const char *path)
{
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Module-wide counters; -1 when unreadable. */
static inline long t_stat(const char *what)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/datastack/stats/%s", what);
	return t_read_long(path);
}

/* Fails unless the module holds no object, item or byte. */
static inline void t_expect_all_freed(void)
{
	CHECK(t_stat("objects") == 0 && t_stat("items") == 0 && t_stat("bytes") == 0,
	      "module still holds objects=%ld items=%ld bytes=%ld",
	      t_stat("objects"), t_stat("items"), t_stat("bytes"));
}

/* A per-process unique name, so tests never collide. */
static inline const char *t_name(const char *base)
{
	static char buf[8][96];
	static int i;
	char *b = buf[i++ & 7];

	snprintf(b, 96, "%s-%d", base, (int)getpid());
	return b;
}

#endif
