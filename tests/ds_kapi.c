// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel API (datastack_kernel.h), used by the test module
 * ds_test_kapi as another driver would: a descriptor handed to the module
 * is held by it; the module pushes from a kernel thread and pops what user
 * space pushed, in LIFO order; a too-small buffer keeps the item; query
 * and clear agree with the ioctls; the descriptor's rights still apply;
 * a descriptor that is not an object is refused; the module's reference
 * keeps the object (and datastack.ko) alive after user space closed it,
 * and dropping it frees everything.
 */
#include <sys/syscall.h>
#include "helpers.h"
#include "modules/ds_test_kapi.h"

#define DEV "/dev/ds_test_kapi"

static int open_dev = -1;

static void unload_module(void)
{
	if (open_dev >= 0)
		close(open_dev);	/* it holds the module, and maybe an object */
	syscall(SYS_delete_module, "ds_test_kapi", O_NONBLOCK);
}

static void load_module(void)
{
	const char *kmod = getenv("DS_KMOD");
	char path[512];
	int fd;

	if (!kmod)
		test_skip("DS_KMOD (the guest's module build) is not set");
	snprintf(path, sizeof(path), "%s/tests/modules/ds_test_kapi.ko", kmod);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		test_skip("ds_test_kapi.ko is not built for this kernel");
	CHECK(syscall(SYS_finit_module, fd, "", 0) == 0 || errno == EEXIST,
	      "load ds_test_kapi.ko");
	close(fd);
	atexit(unload_module);	/* a failed check too leaves it unloaded */
}

static long module_refs(void)
{
	char line[256];
	long refs = -1;
	FILE *f = fopen("/proc/modules", "r");

	CHECK(f, "/proc/modules");
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "datastack ", 10))
			sscanf(line, "%*s %*s %ld", &refs);
	fclose(f);
	return refs;
}

static int hold(int dev, int fd)
{
	struct ds_test_kapi_req req = { .fd = fd };

	return ioctl(dev, DS_TEST_KAPI_HOLD, &req);
}

static int kpush(int dev, const char *s, uint32_t flags)
{
	struct ds_test_kapi_req req = {
		.buf = uptr(s), .size = strlen(s), .flags = flags,
	};

	return ioctl(dev, DS_TEST_KAPI_PUSH, &req);
}

static int kpop(int dev, char *buf, uint32_t *size, uint32_t flags)
{
	struct ds_test_kapi_req req = { .buf = uptr(buf), .size = *size, .flags = flags };
	int ret = ioctl(dev, DS_TEST_KAPI_POP, &req);

	*size = req.size;
	return ret;
}

static void order_and_sizes(int dev, int fd)
{
	char buf[256];
	uint32_t size;

	CHECK(t_push(fd, "from user", 9) == 0, "user push");
	CHECK(kpush(dev, "from a kernel thread", DS_WAIT_NONBLOCK) == 0,
	      "kernel push: %s", strerror(errno));
	size = sizeof(buf);
	CHECK(t_pop(fd, buf, &size) == 0, "user pop");
	CHECK(size == 20 && !memcmp(buf, "from a kernel thread", 20),
	      "user pops the kernel's item first: %u bytes '%.*s'", size, (int)size, buf);
	size = sizeof(buf);
	CHECK(kpop(dev, buf, &size, DS_WAIT_NONBLOCK) == 0 && size == 9 &&
	      !memcmp(buf, "from user", 9), "kernel pops the user's item");
	size = sizeof(buf);
	CHECK_ERR(kpop(dev, buf, &size, DS_WAIT_NONBLOCK), EAGAIN);
	size = 0;
	CHECK_ERR(kpop(dev, buf, &size, DS_WAIT_NONBLOCK), EAGAIN);	/* size query, empty */
	CHECK(kpop(dev, buf, &size, 0x80) == -1 && errno == EINVAL, "unknown wait flag");

	memset(buf, 'x', 100);
	CHECK(t_push(fd, buf, 100) == 0, "push 100 bytes");
	size = 10;
	CHECK_ERR(kpop(dev, buf, &size, DS_WAIT_NONBLOCK), EMSGSIZE);
	CHECK(size == 100, "EMSGSIZE reports the size, %u", size);
	size = 0;
	CHECK(kpop(dev, buf, &size, DS_WAIT_NONBLOCK) == 0 && size == 100,
	      "the item stayed: size query %u", size);
	CHECK(t_info(fd).count == 1, "the item is still there");
	CHECK(kpush(dev, "a", DS_WAIT_TIMEOUT) == 0, "push with a timeout");
	CHECK(kpush(dev, "b", DS_WAIT_NONBLOCK) == 0, "push");
}

static void query_and_clear(int dev, int fd)
{
	struct ds_info info = { .size = sizeof(info) };

	CHECK(ioctl(dev, DS_TEST_KAPI_QUERY, &info) == 0, "kernel query");
	CHECK(info.count == 3 && info.count == t_info(fd).count,
	      "query count %llu", (unsigned long long)info.count);
	CHECK(info.rights == DS_RIGHT_ALL, "the held descriptor's rights %#x", info.rights);
	CHECK(ioctl(dev, DS_TEST_KAPI_CLEAR) == 3, "kernel clear removes 3");
	CHECK(t_info(fd).count == 0, "empty after the clear");
}

static void rights_apply(const char *name)
{
	int dev = t_open_device(DEV, O_RDWR, "ds_test_kapi");
	int fd = t_open(name, DS_RIGHT_POP, 0);
	struct ds_info info;
	char buf[16];
	uint32_t size = sizeof(buf);

	CHECK(fd >= 0, "open for pop only");
	CHECK(hold(dev, fd) == 0, "hold a pop-only descriptor");
	CHECK_ERR(hold(dev, fd), EBUSY);
	CHECK_ERR(kpush(dev, "no", DS_WAIT_NONBLOCK), EACCES);
	CHECK_ERR(ioctl(dev, DS_TEST_KAPI_CLEAR), EACCES);
	CHECK_ERR(ioctl(dev, DS_TEST_KAPI_QUERY, &info), EACCES);
	CHECK_ERR(kpop(dev, buf, &size, DS_WAIT_NONBLOCK), EAGAIN);
	close(fd);
	close(dev);
}

static void refused(int dev)
{
	int p[2];

	CHECK_ERR(ioctl(dev, DS_TEST_KAPI_CLEAR), ENOENT);
	CHECK_ERR(hold(dev, -1), EBADF);
	CHECK(pipe(p) == 0, "pipe");
	CHECK_ERR(hold(dev, p[0]), EINVAL);
	CHECK_ERR(hold(dev, dev), EINVAL);
	close(p[0]);
	close(p[1]);
}

/* The module's reference outlives the user's descriptor and the name. */
static void lifetime(int dev)
{
	const char *name = t_name("kapi-life");
	char buf[32];
	uint32_t size = sizeof(buf);
	long refs;
	int fd = t_create(name, 0);

	CHECK(fd >= 0, "create");
	CHECK(hold(dev, fd) == 0, "hold");
	CHECK(t_push(fd, "kept", 4) == 0, "push");
	refs = module_refs();
	close(fd);
	CHECK(t_unlink(name) == 0, "unlink");
	CHECK(module_refs() == refs, "the held file keeps its datastack.ko reference");
	CHECK(kpush(dev, "still", DS_WAIT_NONBLOCK) == 0, "push after close and unlink");
	CHECK(kpop(dev, buf, &size, DS_WAIT_NONBLOCK) == 0 && size == 5, "pop 'still'");
	size = sizeof(buf);
	CHECK(kpop(dev, buf, &size, DS_WAIT_NONBLOCK) == 0 && size == 4 &&
	      !memcmp(buf, "kept", 4), "the user's item outlived its descriptor");
	CHECK(ioctl(dev, DS_TEST_KAPI_RELEASE) == 0, "release");
	CHECK(module_refs() == refs - 1, "the reference went with the release: %ld, was %ld",
	      module_refs(), refs);
}

int main(void)
{
	const char *name = t_name("kapi");
	int dev, fd;

	t_deadline(120);
	load_module();
	dev = open_dev = t_open_device(DEV, O_RDWR, "ds_test_kapi");
	refused(dev);
	fd = t_create(name, 0);
	CHECK(fd >= 0, "create");
	CHECK(hold(dev, fd) == 0, "hold: %s", strerror(errno));
	order_and_sizes(dev, fd);
	query_and_clear(dev, fd);
	rights_apply(name);
	CHECK(ioctl(dev, DS_TEST_KAPI_RELEASE) == 0, "release");
	close(fd);
	t_unlink(name);
	lifetime(dev);
	close(dev);
	open_dev = -1;
	CHECK(syscall(SYS_delete_module, "ds_test_kapi", O_NONBLOCK) == 0,
	      "unload ds_test_kapi: %s", strerror(errno));
	t_expect_all_freed();
	printf("ok\n");
	return 0;
}
