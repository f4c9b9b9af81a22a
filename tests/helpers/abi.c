// SPDX-License-Identifier: GPL-2.0
/*
 * Test helpers: the DataStack ABI, raw, on the instance at
 * $DATASTACK_DIR (default /dev/datastack).  Each wrapper returns what the
 * system call returns (-1 and errno on failure), so that the tests see the
 * kernel's own errors, without the library's checks in front of them.
 */
#include <sched.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include "../helpers.h"

const char *t_instance_dir(void)
{
	const char *dir = getenv("DATASTACK_DIR");

	return dir && *dir ? dir : "/dev/datastack";
}

/* The root directory of the instance the tests use, or SKIP. */
int test_ctl_open(void)
{
	const char *dir = t_instance_dir();
	struct statfs st;
	char why[160];
	int fd;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstatfs(fd, &st) || st.f_type != DATASTACK_SUPER_MAGIC) {
		snprintf(why, sizeof(why), "no DataStack instance at %s (datastack.ko not loaded?)",
			 dir);
		test_skip(why);
	}
	return fd;
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

/* The access mode that grants rights (<linux/datastack.h>). */
int t_open_mode(unsigned int rights)
{
	int r = rights & (DS_RIGHT_QUERY | DS_RIGHT_POP);
	int w = rights & (DS_RIGHT_PUSH | DS_RIGHT_CLEAR);

	return r && w ? O_RDWR : w ? O_WRONLY : O_RDONLY;
}

/* openat(2) of the name in the instance, narrowed to rights if need be. */
int t_open(const char *name, unsigned int rights, unsigned int flags)
{
	static const unsigned int granted[] = {
		[O_RDONLY] = DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT,
		[O_WRONLY] = DS_RIGHT_PUSH | DS_RIGHT_CLEAR | DS_RIGHT_WAIT,
		[O_RDWR] = DS_RIGHT_ALL,
	};
	int mode = t_open_mode(rights), fd, err;

	fd = openat(ctl(), name, mode | ((flags & DS_CLOEXEC) ? O_CLOEXEC : 0) |
		    ((flags & DS_NONBLOCK) ? O_NONBLOCK : 0));
	if (fd < 0 || rights == granted[mode])
		return fd;
	if (ioctl(fd, DS_IOC_SET_RIGHTS, (unsigned long)rights) < 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

int t_unlink(const char *name)
{
	return unlinkat(ctl(), name, 0);
}

int t_stat_name(const char *name, struct ds_info *info)
{
	struct ds_stat st = { .name = uptr(name), .name_len = strlen(name),
			      .info = uptr(info) };

	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(ctl(), DS_IOC_STAT, &st);
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

static bool t_all_freed(void)
{
	return t_stat("objects") == 0 && t_stat("items") == 0 && t_stat("bytes") == 0;
}

void t_expect_all_freed(void)
{
	CHECK(t_all_freed(), "module still holds objects=%ld items=%ld bytes=%ld",
	      t_stat("objects"), t_stat("items"), t_stat("bytes"));
}

/* The same, allowing 10 s (x slow) for what the kernel releases later. */
void t_wait_all_freed(void)
{
	int64_t end = t_now_ns() + t_tol_ns(10 * NSEC_PER_SEC);

	while (!t_all_freed() && t_now_ns() < end)
		usleep(10000);
	t_expect_all_freed();
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

/* A mount namespace of this process's own, once: mounts stay private. */
static void t_private_mounts(void)
{
	static bool done;

	if (done)
		return;
	if (unshare(CLONE_NEWNS))
		test_skip("unshare(CLONE_NEWNS) not permitted");
	CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0, "make / private");
	done = true;
}

/*
 * Mounts a new instance with mount options opts (NULL: none) on a fresh
 * directory under /tmp, in this process's own mount namespace; returns the
 * directory, or NULL with errno when the mount fails.
 */
const char *t_mount_instance(const char *opts)
{
	static char dirs[4][64];
	static int next;
	char *dir = dirs[next++ & 3];

	t_private_mounts();
	snprintf(dir, sizeof(dirs[0]), "/tmp/ds-instance.XXXXXX");
	CHECK(mkdtemp(dir), "mkdtemp");
	if (mount("none", dir, "datastack", 0, opts) < 0) {
		int err = errno;

		rmdir(dir);
		errno = err;
		return NULL;
	}
	return dir;
}

/* Makes the instance at dir the one ctl() and the t_* helpers use. */
void t_use_instance(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	CHECK(fd >= 0, "open %s", dir);
	if (ctl_fd >= 0)
		close(ctl_fd);
	ctl_fd = fd;
}
