// SPDX-License-Identifier: GPL-2.0
/*
 * Bad user pointers: EFAULT, no oops, nothing pushed, the item stays on top
 * when the pop buffer is bad, no item taken by a POPV whose array cannot be
 * written, and no object left behind by a create whose structure or name
 * is unreadable.
 */
#include <sys/mman.h>
#include "helpers.h"

/*
 * POPV whose iovec array can be read but not written: the lengths cannot
 * reach the caller, so no item may be taken (EFAULT, all still there).
 */
static void popv_readonly_array(void)
{
	char bufs[3][8], *page;
	struct ds_iovec *iov;
	struct ds_info info;
	int fd = t_create(NULL, 0), i;

	CHECK(fd >= 0, "create");
	for (i = 0; i < 3; i++)
		CHECK(t_push(fd, "item", 4) == 0, "push");
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED, "mmap");
	iov = (struct ds_iovec *)page;
	for (i = 0; i < 3; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(bufs[i]), .len = sizeof(bufs[i]) };
	CHECK(mprotect(page, 4096, PROT_READ) == 0, "mprotect");
	CHECK_ERR(t_batch(fd, DS_IOC_POPV, iov, 3, DS_WAIT_NONBLOCK, 0), EFAULT);
	CHECK(t_query(fd, &info) == 0 && info.count == 3 && info.pops == 0,
	      "POPV into a read-only array took items: count %llu pops %llu",
	      (unsigned long long)info.count, (unsigned long long)info.pops);
	munmap(page, 4096);
	close(fd);
}

int main(void)
{
	const char *name = t_name("efault");
	void *volatile bad = (void *)16;
	struct ds_create c;
	struct ds_info info;
	char buf[16], *ro;
	uint32_t size;
	int fd;

	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "mmap");

	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "create");
	CHECK_ERR(t_push(fd, bad, 8), EFAULT);
	CHECK_ERR(ioctl(fd, DS_IOC_PUSH, bad), EFAULT);
	CHECK(t_query(fd, &info) == 0 && info.count == 0, "nothing pushed");

	CHECK(t_push(fd, "topitem", 7) == 0, "push");
	size = sizeof(buf);
	CHECK_ERR(t_pop(fd, bad, &size), EFAULT);
	size = sizeof(buf);
	CHECK_ERR(t_pop(fd, ro, &size), EFAULT);
	CHECK_ERR(read(fd, bad, 16), EFAULT);
	CHECK_ERR(ioctl(fd, DS_IOC_POP, bad), EFAULT);
	CHECK_ERR(ioctl(fd, DS_IOC_POP, ro), EFAULT);	/* read-only struct */
	CHECK_ERR(ioctl(fd, DS_IOC_QUERY, bad), EFAULT);
	size = sizeof(buf);
	CHECK(t_pop(fd, buf, &size) == 0 && size == 7 && !memcmp(buf, "topitem", 7),
	      "the item stayed on top");
	close(fd);

	/* create: unreadable structure, unreadable name, unwritable result. */
	CHECK_ERR(ioctl(ctl(), DS_IOC_CREATE, bad), EFAULT);
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.name = uptr(bad);
	c.name_len = 5;
	CHECK_ERR(ioctl(ctl(), DS_IOC_CREATE, &c), EFAULT);
	{
		struct ds_create *rc;
		char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		CHECK(page != MAP_FAILED, "mmap rw");
		rc = (struct ds_create *)page;
		memset(rc, 0, sizeof(*rc));
		rc->size = sizeof(*rc);
		rc->flags = DS_CREATE_PERSISTENT;
		strcpy(page + 512, name);
		rc->name = uptr(page + 512);
		rc->name_len = strlen(name);
		rc->mode = 0600;
		CHECK(mprotect(page, 4096, PROT_READ) == 0, "mprotect");
		CHECK_ERR(ioctl(ctl(), DS_IOC_CREATE, rc), EFAULT);
		munmap(page, 4096);
	}
	CHECK_ERR(t_open(name, DS_RIGHT_ALL, 0), ENOENT);
	CHECK_ERR(ioctl(ctl(), DS_IOC_STAT, bad), EFAULT);
	{
		struct ds_stat st = { .name = uptr(name), .name_len = strlen(name),
				      .info = uptr(bad) };

		CHECK_ERR(ioctl(ctl(), DS_IOC_STAT, &st), EFAULT);
	}
	munmap(ro, 4096);
	popv_readonly_array();
	t_expect_all_freed();
	return 0;
}
