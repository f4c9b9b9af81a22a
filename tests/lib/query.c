// SPDX-License-Identifier: GPL-2.0
/* ds_query: every field of struct ds_info. */
#include "libtest.h"

int main(void)
{
	struct ds_limits l = limits(10, 100, 1000);
	const char *name = t_name("lib_query");
	struct ds_info in;
	char buf[16];
	size_t n;
	int fd, fd2;

	lib_require();
	umask(022);
	fd = ds_create(name, DS_CREATE_FIFO | DS_CLOEXEC, 0664, &l);
	CHECK(fd >= 0, "create: %d", fd);
	CHECK_RET(ds_push(fd, "12345", 5, 0), 0);
	CHECK_RET(ds_push(fd, "123", 3, 0), 0);
	CHECK_RET(ds_push(fd, "1234567", 7, 0), 0);
	n = sizeof(buf);
	CHECK_RET(ds_pop(fd, buf, &n, 0), 0);		/* the 5 (FIFO) */
	fd2 = ds_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP, DS_CLOEXEC);
	CHECK(fd2 >= 0, "open: %d", fd2);

	CHECK_RET(ds_query(fd, &in), 0);
	CHECK(in.size == DS_INFO_SIZE_V1, "size %u", in.size);
	CHECK(in.flags == (DS_CREATE_FIFO | DS_INFO_NAMED), "flags %#x", in.flags);
	CHECK(in.id != 0, "id");
	CHECK(in.count == 2 && in.bytes == 10, "count %llu bytes %llu",
	      (unsigned long long)in.count, (unsigned long long)in.bytes);
	CHECK(in.limits.max_items == 10 && in.limits.max_item_size == 100 &&
	      in.limits.max_bytes == 1000, "limits");
	CHECK(in.mode == 0644, "mode %o (0664 under umask 022)", in.mode);
	CHECK(in.uid == geteuid() && in.gid == getegid(), "owner");
	CHECK(in.creator_pid == (unsigned)getpid(), "creator %u", in.creator_pid);
	CHECK(in.open_fds == 2, "open_fds %u", in.open_fds);
	CHECK(in.waiters == 0, "waiters");
	CHECK(in.peak_count == 3 && in.peak_bytes == 15, "peaks");
	CHECK(in.pushes == 3 && in.pops == 1, "pushes %llu pops %llu",
	      (unsigned long long)in.pushes, (unsigned long long)in.pops);
	CHECK(in.top_size == 3, "top %llu", (unsigned long long)in.top_size);
	CHECK(in.rights == DS_RIGHT_ALL, "rights %#x", in.rights);
	CHECK(in.name_len == strlen(name) && !strcmp(in.name, name), "name");

	{
		struct ds_info in2;

		CHECK_RET(ds_query(fd2, &in2), 0);
		CHECK(in2.id == in.id && in2.rights == (DS_RIGHT_QUERY | DS_RIGHT_POP),
		      "second descriptor: same object, its own rights");
	}
	close(fd2);
	CHECK_RET(ds_query(fd, &in), 0);
	CHECK(in.open_fds == 1, "open_fds after close %u", in.open_fds);
	CHECK_RET(ds_query(fd, NULL), -EINVAL);
	close(fd);
	CHECK_RET(ds_query(fd, &in), -EBADF);
	return 0;
}
