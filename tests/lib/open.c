// SPDX-License-Identifier: GPL-2.0
/* ds_open: existing names only, the rights asked for, the mode checks. */
#include <fcntl.h>
#include "libtest.h"

static const char *shared;

static int nobody_opens(void *arg)
{
	int mode = *(int *)arg;
	int fd;

	/* Mode 0600 (root's): nothing; 0644: read rights only. */
	fd = ds_open(shared, DS_RIGHT_QUERY, DS_CLOEXEC);
	if (mode == 0600)
		return fd == -EACCES ? 0 : 10;
	if (fd < 0)
		return 11;
	close(fd);
	if (ds_open(shared, DS_RIGHT_POP | DS_RIGHT_WAIT, DS_CLOEXEC) < 0)
		return 12;
	if (ds_open(shared, DS_RIGHT_PUSH, DS_CLOEXEC) != -EACCES)
		return 13;
	if (ds_open(shared, DS_RIGHT_CLEAR | DS_RIGHT_QUERY, DS_CLOEXEC) != -EACCES)
		return 14;
	return 0;
}

int main(void)
{
	const char *name = t_name("lib_open");
	struct ds_info in;
	char buf[8];
	size_t n;
	int fd, o, mode;

	lib_require();
	CHECK_RET(ds_open(name, DS_RIGHT_ALL, 0), -ENOENT);

	fd = ds_create(name, DS_CLOEXEC, 0600, NULL);
	CHECK(fd >= 0, "create: %d", fd);

	/* Each right alone allows its operation and nothing else. */
	o = ds_open(name, DS_RIGHT_PUSH, DS_CLOEXEC);
	CHECK(o >= 0, "open push: %d", o);
	CHECK(fcntl(o, F_GETFD) & FD_CLOEXEC, "DS_CLOEXEC");
	CHECK_RET(ds_push(o, "ab", 2, 0), 0);
	n = sizeof(buf);
	CHECK_RET(ds_pop(o, buf, &n, DS_WAIT_NONBLOCK), -EACCES);
	n = sizeof(buf);
	CHECK_RET(ds_peek(o, buf, &n, DS_WAIT_NONBLOCK), -EACCES);
	CHECK_RET(ds_clear(o), -EACCES);
	CHECK_RET(ds_query(o, &in), -EACCES);
	CHECK_RET(ds_wait(o, 0), -EACCES);
	close(o);

	o = ds_open(name, DS_RIGHT_QUERY, 0);
	CHECK(o >= 0, "open query: %d", o);
	CHECK(!(fcntl(o, F_GETFD) & FD_CLOEXEC), "no DS_CLOEXEC");
	CHECK_RET(ds_query(o, &in), 0);
	CHECK(in.rights == DS_RIGHT_QUERY && in.count == 1, "rights %#x", in.rights);
	CHECK_RET(ds_push(o, "ab", 2, 0), -EACCES);
	close(o);

	o = ds_open(name, DS_RIGHT_POP | DS_RIGHT_WAIT, DS_CLOEXEC | DS_NONBLOCK);
	CHECK(o >= 0, "open pop: %d", o);
	CHECK_RET(ds_wait(o, 0), 1);
	n = sizeof(buf);
	CHECK_RET(ds_pop(o, buf, &n, 0), 0);
	CHECK(n == 2 && !memcmp(buf, "ab", 2), "popped");
	/* DS_NONBLOCK given at open: no wait on the empty object. */
	n = sizeof(buf);
	CHECK_RET(ds_pop(o, buf, &n, 0), -EAGAIN);
	close(o);

	o = ds_open(name, DS_RIGHT_CLEAR, DS_CLOEXEC);
	CHECK(o >= 0, "open clear: %d", o);
	CHECK_RET(ds_clear(o), 0);
	close(o);

	/* Bad arguments. */
	CHECK_RET(ds_open(name, 0, 0), -EINVAL);
	CHECK_RET(ds_open(name, 0x20, 0), -EINVAL);
	CHECK_RET(ds_open(name, DS_RIGHT_QUERY, 0x1), -EINVAL);
	CHECK_RET(ds_open(NULL, DS_RIGHT_QUERY, 0), -EINVAL);
	CHECK_RET(ds_open("", DS_RIGHT_QUERY, 0), -EINVAL);
	CHECK_RET(ds_open("a/b", DS_RIGHT_QUERY, 0), -EINVAL);
	{
		char longname[DS_NAME_MAX + 2];

		memset(longname, 'n', sizeof(longname) - 1);
		longname[DS_NAME_MAX + 1] = '\0';
		CHECK_RET(ds_open(longname, DS_RIGHT_QUERY, 0), -ENAMETOOLONG);
	}

	/* Another user: the mode decides. */
	if (can_be_nobody()) {
		close(fd);
		shared = name;
		mode = 0600;
		fd = ds_create(name, DS_CLOEXEC, 0600, NULL);
		CHECK(fd >= 0, "create 0600");
		CHECK(as_nobody(nobody_opens, &mode) == 0, "nobody vs 0600");
		close(fd);
		umask(0);
		mode = 0644;
		fd = ds_create(name, DS_CLOEXEC, 0644, NULL);
		CHECK(fd >= 0, "create 0644");
		CHECK(as_nobody(nobody_opens, &mode) == 0, "nobody vs 0644");
	}
	close(fd);
	return 0;
}
