// SPDX-License-Identifier: GPL-2.0
/*
 * Names and creation flags: bad names, too long, EEXIST, OPEN_IF_EXISTS
 * reporting DS_EXISTED (the article's ERROR_ALREADY_EXISTS), EXCLUSIVE,
 * limits of an existing object unchanged, ENOENT, unknown flags, the name
 * going with the last descriptor, PERSISTENT surviving until unlink.
 */
#include "helpers.h"

static int create_raw(const void *name, uint32_t len, uint32_t flags)
{
	struct ds_create c;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.flags = flags;
	c.name = uptr(name);
	c.name_len = len;
	c.mode = 0600;
	return ioctl(ctl(), DS_IOC_CREATE, &c);
}

int main(void)
{
	const char *name = t_name("names");
	char longname[300];
	struct ds_info info;
	unsigned int result;
	struct ds_create c;
	int a, b, fd;

	/* Bad names. */
	CHECK_ERR(create_raw("a/b", 3, 0), EINVAL);
	CHECK_ERR(create_raw("a\0b", 3, 0), EINVAL);
	CHECK_ERR(create_raw("x", 0, 0), EINVAL);
	memset(longname, 'n', sizeof(longname));
	CHECK_ERR(create_raw(longname, 256, 0), ENAMETOOLONG);
	fd = create_raw(longname, 255, 0);
	CHECK(fd >= 0, "255-byte name");
	close(fd);
	CHECK_ERR(create_raw(".", 1, 0), EINVAL);
	CHECK_ERR(create_raw("..", 2, 0), EINVAL);
	fd = create_raw("...", 3, 0);
	CHECK(fd >= 0, "\"...\" is a name");
	close(fd);
	/* A path: the VFS walks it, and finds no directory "a". */
	CHECK_ERR(t_open("a/b", DS_RIGHT_ALL, 0), ENOENT);

	/* Unknown and contradictory flags, bad mode, size. */
	CHECK_ERR(t_create_ex(name, 0, 0, 0, 0600, 0x10000, 0, NULL), EINVAL);
	CHECK_ERR(t_create_ex(name, 0, 0, 0, 0600,
			      DS_CREATE_OPEN_IF_EXISTS | DS_CREATE_EXCLUSIVE, 0, NULL), EINVAL);
	CHECK_ERR(t_create_ex(NULL, 0, 0, 0, 0600, DS_CREATE_PERSISTENT, 0, NULL), EINVAL);
	CHECK_ERR(t_create_ex(name, 0, 0, 0, 0700, 0, 0, NULL), EINVAL);
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c) - 8;
	CHECK_ERR(ioctl(ctl(), DS_IOC_CREATE, &c), EINVAL);

	/* Create, then EEXIST / OPEN_IF_EXISTS / EXCLUSIVE. */
	CHECK_ERR(t_open(name, DS_RIGHT_ALL, 0), ENOENT);
	a = t_create_ex(name, 5, 0, 0, 0600, 0, 0, &result);
	CHECK(a >= 0 && result == DS_CREATED, "create");
	CHECK_ERR(t_create(name, 0), EEXIST);
	CHECK_ERR(t_create(name, DS_CREATE_EXCLUSIVE), EEXIST);
	b = t_create_ex(name, 99, 0, 0, 0600, DS_CREATE_OPEN_IF_EXISTS, 0, &result);
	CHECK(b >= 0 && result == DS_EXISTED, "open-if-exists gives DS_EXISTED (%u)", result);
	CHECK(t_query(b, &info) == 0 && info.limits.max_items == 5,
	      "limits of the existing object unchanged: %llu",
	      (unsigned long long)info.limits.max_items);
	CHECK(t_push(a, "shared", 6) == 0, "push through a");
	CHECK(t_query(b, &info) == 0 && info.count == 1, "seen through b");

	/* The name goes with the last descriptor. */
	close(a);
	fd = t_open(name, DS_RIGHT_ALL, 0);
	CHECK(fd >= 0, "still open through b");
	close(fd);
	close(b);
	CHECK_ERR(t_open(name, DS_RIGHT_ALL, 0), ENOENT);

	/* Persistent: survives its descriptors until unlink. */
	a = t_create(name, DS_CREATE_PERSISTENT);
	CHECK(a >= 0, "create persistent");
	CHECK(t_push(a, "kept", 4) == 0, "push");
	close(a);
	b = t_open(name, DS_RIGHT_ALL, 0);
	CHECK(b >= 0, "reopen persistent");
	CHECK(t_query(b, &info) == 0 && info.count == 1 &&
	      (info.flags & DS_CREATE_PERSISTENT), "item kept");
	CHECK(t_unlink(name) == 0, "unlink");
	CHECK_ERR(t_unlink(name), ENOENT);
	CHECK_ERR(t_open(name, DS_RIGHT_ALL, 0), ENOENT);
	CHECK(t_query(b, &info) == 0 && info.count == 1, "open descriptor keeps the object");
	/* The name can be reused at once. */
	a = t_create(name, 0);
	CHECK(a >= 0, "name reused");
	close(a);
	close(b);

	/* Unlink of a plain named object removes only the name. */
	a = t_create(name, 0);
	CHECK(a >= 0, "create");
	CHECK(t_unlink(name) == 0, "unlink plain");
	CHECK_ERR(t_open(name, DS_RIGHT_ALL, 0), ENOENT);
	CHECK(t_push(a, "x", 1) == 0, "object lives on");
	close(a);
	t_expect_all_freed();
	return 0;
}
