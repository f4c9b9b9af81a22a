// SPDX-License-Identifier: GPL-2.0
/*
 * open(2) flags on an object path: O_CREAT makes a persistent LIFO object
 * without limits, mode from open's and the umask, owned by the caller;
 * O_EXCL fails on an existing name; O_TRUNC and O_APPEND change nothing
 * (items stay); O_NONBLOCK makes the descriptor non-blocking; the path is
 * not seekable (ESPIPE) and a second O_CREAT opens the same object.
 */
#include <sys/stat.h>
#include "helpers.h"

int main(void)
{
	const char *name = t_name("oflags");
	struct ds_info info;
	char buf[16];
	int fd, fd2;

	umask(022);
	fd = openat(ctl(), name, O_RDWR | O_CREAT | O_EXCL, 0666);
	CHECK(fd >= 0, "O_CREAT | O_EXCL of a free name");
	info = t_info(fd);
	CHECK(info.flags == (DS_CREATE_PERSISTENT | DS_INFO_NAMED) &&
	      info.limits.max_items == 0 && info.limits.max_bytes == 0 &&
	      info.mode == 0644 && info.uid == geteuid(),
	      "flags %#x mode %o uid %u", info.flags, info.mode, info.uid);
	CHECK(write(fd, "one", 3) == 3 && write(fd, "two", 3) == 3, "write");
	CHECK(write(fd, "", 0) == 0 && t_info(fd).count == 2, "write of 0 bytes: no item");
	CHECK_ERR(openat(ctl(), name, O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
	CHECK_ERR(lseek(fd, 0, SEEK_SET), ESPIPE);
	CHECK_ERR(pread(fd, buf, 3, 0), ESPIPE);

	fd2 = openat(ctl(), name, O_WRONLY | O_TRUNC | O_APPEND | O_CREAT, 0600);
	CHECK(fd2 >= 0, "O_TRUNC | O_APPEND | O_CREAT of an existing name");
	CHECK(t_info(fd).id == info.id && t_info(fd).count == 2,
	      "the same object, items kept: count %llu",
	      (unsigned long long)t_info(fd).count);
	close(fd2);

	fd2 = openat(ctl(), name, O_RDONLY | O_NONBLOCK);
	CHECK(fd2 >= 0, "O_NONBLOCK");
	CHECK(read(fd2, buf, sizeof(buf)) == 3 && !memcmp(buf, "two", 3), "LIFO");
	CHECK(read(fd2, buf, sizeof(buf)) == 3 && !memcmp(buf, "one", 3), "LIFO");
	CHECK_ERR(read(fd2, buf, sizeof(buf)), EAGAIN);	/* fd is a pusher */
	close(fd2);
	close(fd);
	CHECK(t_unlink(name) == 0, "unlink");
	t_expect_all_freed();
	return 0;
}
