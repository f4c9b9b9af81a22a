// SPDX-License-Identifier: GPL-2.0
/* ds_create / ds_create_ex: names, flags, limits, modes, results, errors. */
#include <fcntl.h>
#include "libtest.h"

int main(void)
{
	struct ds_limits l = limits(7, 100, 1000);
	const char *name = t_name("lib_create");
	char longname[DS_NAME_MAX + 2];
	unsigned int result = 0;
	struct ds_info in;
	int fd, fd2, flags;

	lib_require();

	/* A new named object: DS_CREATED, limits and mode as given. */
	fd = ds_create_ex(name, DS_CLOEXEC, 0640, 0, &l, &result);
	CHECK(fd >= 0, "create: %d", fd);
	CHECK(result == DS_CREATED, "result %u", result);
	CHECK_RET(ds_query(fd, &in), 0);
	CHECK(in.limits.max_items == 7 && in.limits.max_item_size == 100 &&
	      in.limits.max_bytes == 1000, "limits");
	CHECK((in.mode & 0777) == (0640 & ~(unsigned)umask(022)), "mode %o", in.mode);
	CHECK(in.rights == DS_RIGHT_ALL, "rights %#x", in.rights);
	CHECK(!strcmp(in.name, name) && in.name_len == strlen(name), "name");
	flags = fcntl(fd, F_GETFD);
	CHECK(flags & FD_CLOEXEC, "DS_CLOEXEC sets FD_CLOEXEC");

	/* The same name again: EEXIST, or DS_EXISTED with OPEN_IF_EXISTS. */
	CHECK_RET(ds_create(name, 0, 0600, NULL), -EEXIST);
	CHECK_RET(ds_create(name, DS_CREATE_EXCLUSIVE, 0600, NULL), -EEXIST);
	fd2 = ds_create_ex(name, DS_CREATE_OPEN_IF_EXISTS, 0600, 0, NULL, &result);
	CHECK(fd2 >= 0, "open if exists: %d", fd2);
	CHECK(result == DS_EXISTED, "result %u", result);
	CHECK(!(fcntl(fd2, F_GETFD) & FD_CLOEXEC), "no DS_CLOEXEC, no FD_CLOEXEC");
	CHECK_RET(ds_push(fd2, "x", 1, 0), 0);
	CHECK_RET(ds_query(fd, &in), 0);
	CHECK(in.count == 1 && in.limits.max_items == 7, "same object, limits kept");
	close(fd2);
	close(fd);
	/* Not persistent: the name went with the last descriptor. */
	CHECK_RET(ds_open(name, DS_RIGHT_QUERY, 0), -ENOENT);

	/* Persistent: lives without descriptors until unlinked. */
	fd = ds_create(name, DS_CREATE_PERSISTENT | DS_CLOEXEC, 0600, NULL);
	CHECK(fd >= 0, "persistent: %d", fd);
	CHECK_RET(ds_push(fd, "abc", 3, 0), 0);
	close(fd);
	fd = ds_open(name, DS_RIGHT_QUERY, DS_CLOEXEC);
	CHECK(fd >= 0, "persistent reopened: %d", fd);
	CHECK_RET(ds_query(fd, &in), 0);
	CHECK(in.count == 1 && (in.flags & DS_CREATE_PERSISTENT), "kept its item");
	close(fd);
	CHECK_RET(ds_unlink(name), 0);

	/* Unnamed objects, rights of the new descriptor, DS_NONBLOCK. */
	fd = ds_create_ex(NULL, DS_CLOEXEC | DS_NONBLOCK, 0600, DS_RIGHT_PUSH, NULL, &result);
	CHECK(fd >= 0 && result == DS_CREATED, "unnamed with rights: %d", fd);
	{
		char b[4];
		size_t n = sizeof(b);

		CHECK_RET(ds_push(fd, "x", 1, 0), 0);
		CHECK_RET(ds_pop(fd, b, &n, 0), -EACCES);
		CHECK_RET(ds_query(fd, &in), -EACCES);
	}
	close(fd);
	fd = ds_create(NULL, DS_CLOEXEC | DS_NONBLOCK, 0600, NULL);
	CHECK(fd >= 0, "unnamed: %d", fd);
	{
		char b[4];
		size_t n = sizeof(b);

		/* DS_NONBLOCK: an empty pop fails at once instead of waiting. */
		CHECK_RET(ds_pop(fd, b, &n, 0), -EAGAIN);
	}
	CHECK_RET(ds_query(fd, &in), 0);
	CHECK(in.name_len == 0 && !(in.flags & DS_INFO_NAMED), "unnamed");
	close(fd);

	/* Bad arguments. */
	CHECK_RET(ds_create("", 0, 0600, NULL), -EINVAL);
	CHECK_RET(ds_create("a/b", 0, 0600, NULL), -EINVAL);
	CHECK_RET(ds_create(NULL, DS_CREATE_PERSISTENT, 0600, NULL), -EINVAL);
	CHECK_RET(ds_create(name, DS_CREATE_OPEN_IF_EXISTS | DS_CREATE_EXCLUSIVE, 0600, NULL),
		  -EINVAL);
	CHECK_RET(ds_create(name, 0x80000000u, 0600, NULL), -EINVAL);
	CHECK_RET(ds_create(name, 0, 0700, NULL), -EINVAL);
	CHECK_RET(ds_create_ex(name, 0, 0600, 0x40, NULL, NULL), -EINVAL);
	memset(longname, 'n', sizeof(longname));
	longname[DS_NAME_MAX + 1] = '\0';
	CHECK_RET(ds_create(longname, 0, 0600, NULL), -ENAMETOOLONG);
	longname[DS_NAME_MAX] = '\0';		/* 255 bytes: the longest */
	fd = ds_create(longname, DS_CLOEXEC, 0600, NULL);
	CHECK(fd >= 0, "255-byte name: %d", fd);
	close(fd);
	return 0;
}
