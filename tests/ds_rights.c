// SPDX-License-Identifier: GPL-2.0
/*
 * Every right is enforced on every operation: a descriptor without it gets
 * EACCES (EBADF from the VFS for read(2) and write(2) when its access mode
 * lacks the direction) and the object is unchanged.  open(2) grants rights
 * by access mode; DS_IOC_SET_RIGHTS only narrows them.
 */
#include <poll.h>
#include "helpers.h"

static uint64_t count_of(int fd)
{
	struct ds_info info;

	CHECK(t_query(fd, &info) == 0, "query");
	return info.count;
}

int main(void)
{
	const char *name = t_name("rights");
	struct ds_info info;
	char buf[16];
	uint32_t size;
	int all, fd;
	unsigned int r;

	all = t_create_ex(name, 0, 0, 0, 0600, 0, 0, NULL);
	CHECK(all >= 0, "create");
	CHECK(t_push(all, "a", 1) == 0, "push");

	for (r = 1; r <= DS_RIGHT_ALL; r++) {
		fd = t_open(name, r, 0);
		CHECK(fd >= 0, "open rights %#x", r);
		if (!(r & DS_RIGHT_PUSH)) {
			CHECK_ERR(t_push(fd, "b", 1), EACCES);
			CHECK_ERR(write(fd, "b", 1),
				  t_open_mode(r) == O_RDONLY ? EBADF : EACCES);
		}
		if (!(r & DS_RIGHT_POP)) {
			size = sizeof(buf);
			CHECK_ERR(t_pop(fd, buf, &size), EACCES);
			size = sizeof(buf);
			CHECK_ERR(t_peek(fd, buf, &size), EACCES);
			CHECK_ERR(read(fd, buf, sizeof(buf)),
				  t_open_mode(r) == O_WRONLY ? EBADF : EACCES);
		}
		if (!(r & DS_RIGHT_CLEAR))
			CHECK_ERR(ioctl(fd, DS_IOC_CLEAR), EACCES);
		if (!(r & DS_RIGHT_QUERY)) {
			CHECK_ERR(t_query(fd, &info), EACCES);
		} else {
			CHECK(t_query(fd, &info) == 0 && info.rights == r, "rights %#x", info.rights);
		}
		if (!(r & DS_RIGHT_WAIT)) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLERR), "poll without WAIT");
		}
		CHECK(count_of(all) == 1, "object unchanged with rights %#x", r);
		close(fd);
	}
	/* open(2) grants by access mode; O_ACCMODE 3 queries and waits. */
	{
		static const int mode[] = { O_RDONLY, O_WRONLY, O_RDWR, 3 };
		static const unsigned int want[] = {
			DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT,
			DS_RIGHT_PUSH | DS_RIGHT_CLEAR | DS_RIGHT_WAIT,
			DS_RIGHT_ALL, DS_RIGHT_QUERY | DS_RIGHT_WAIT,
		};

		for (r = 0; r < 4; r++) {
			fd = openat(ctl(), name, mode[r]);
			CHECK(fd >= 0, "open mode %d", mode[r]);
			CHECK(r == 1 || (t_query(fd, &info) == 0 && info.rights == want[r]),
			      "mode %d: rights %#x, want %#x", mode[r], info.rights, want[r]);
			close(fd);
		}
	}

	/* Rights narrow only; 0 and unknown bits are invalid. */
	fd = t_open(name, DS_RIGHT_QUERY | DS_RIGHT_PUSH, 0);
	CHECK(fd >= 0, "open");
	CHECK_ERR(ioctl(fd, DS_IOC_SET_RIGHTS, 0), EINVAL);
	CHECK_ERR(ioctl(fd, DS_IOC_SET_RIGHTS, 0x20), EINVAL);
	CHECK_ERR(ioctl(fd, DS_IOC_SET_RIGHTS, DS_RIGHT_ALL), EPERM);
	CHECK(ioctl(fd, DS_IOC_SET_RIGHTS, DS_RIGHT_QUERY) == 0, "narrow");
	CHECK(t_query(fd, &info) == 0 && info.rights == DS_RIGHT_QUERY, "narrowed");
	CHECK_ERR(ioctl(fd, DS_IOC_SET_RIGHTS, DS_RIGHT_QUERY | DS_RIGHT_PUSH), EPERM);
	close(fd);
	CHECK_ERR(t_create_ex(NULL, 0, 0, 0, 0600, 0, 0x40, NULL), EINVAL);

	/* A created descriptor may be limited too. */
	fd = t_create_ex(NULL, 0, 0, 0, 0600, 0, DS_RIGHT_PUSH, NULL);
	CHECK(fd >= 0, "create push-only");
	CHECK(t_push(fd, "x", 1) == 0, "push");
	CHECK_ERR(t_query(fd, &info), EACCES);
	close(fd);
	close(all);
	t_expect_all_freed();
	return 0;
}
