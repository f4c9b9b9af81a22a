// SPDX-License-Identifier: GPL-2.0
/* ds_unlink: removes the name, open descriptors keep the object. */
#include "libtest.h"

static const char *shared;

static int nobody_unlinks(void *arg)
{
	(void)arg;
	return ds_unlink(shared) == -EPERM ? 0 : 1;
}

int main(void)
{
	const char *name = t_name("lib_unlink");
	struct ds_info in;
	char buf[8];
	size_t n = sizeof(buf);
	int fd, fd2;

	lib_require();
	CHECK_RET(ds_unlink(name), -ENOENT);
	CHECK_RET(ds_unlink(NULL), -EINVAL);
	CHECK_RET(ds_unlink(""), -EINVAL);

	fd = ds_create(name, DS_CREATE_PERSISTENT | DS_CLOEXEC, 0666, NULL);
	CHECK(fd >= 0, "create: %d", fd);
	CHECK_RET(ds_push(fd, "kept", 4, 0), 0);

	if (can_be_nobody()) {
		shared = name;
		CHECK(as_nobody(nobody_unlinks, NULL) == 0, "nobody may not unlink root's");
	}

	CHECK_RET(ds_unlink(name), 0);
	CHECK_RET(ds_query(fd, &in), 0);
	CHECK(!(in.flags & DS_INFO_NAMED) && in.name_len == 0 && !in.name[0],
	      "unlinked: no name (flags %#x, name_len %u)", in.flags, in.name_len);
	CHECK_RET(ds_unlink(name), -ENOENT);
	CHECK_RET(ds_open(name, DS_RIGHT_QUERY, 0), -ENOENT);
	/* The descriptor still works, and the name is free for a new object. */
	fd2 = ds_create(name, DS_CREATE_EXCLUSIVE | DS_CLOEXEC, 0600, NULL);
	CHECK(fd2 >= 0, "name reusable: %d", fd2);
	CHECK_RET(ds_query(fd2, &in), 0);
	CHECK(in.count == 0, "a new object");
	CHECK_RET(ds_pop(fd, buf, &n, 0), 0);
	CHECK(n == 4 && !memcmp(buf, "kept", 4), "old object kept its item");
	close(fd);
	close(fd2);
	return 0;
}
