// SPDX-License-Identifier: GPL-2.0
/*
 * Teardown: 100 persistent objects holding items in a private instance,
 * no descriptor left, then unmount: every object and item is freed and
 * the module's counters are back where they were (kmemleak, on the debug
 * kernel, checks that nothing else stays).
 */
#include <sys/mount.h>
#include "helpers.h"

#define N	100

int main(void)
{
	long objects0 = t_stat("objects"), items0 = t_stat("items"), bytes0 = t_stat("bytes");
	const char *dir;
	char name[32], item[200];
	int i, fd;

	ctl();
	dir = t_mount_instance(NULL);
	CHECK(dir, "mount");
	t_use_instance(dir);
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		fd = t_create(name, DS_CREATE_PERSISTENT | (i & 1 ? DS_CREATE_FIFO : 0));
		CHECK(fd >= 0, "create %s", name);
		memset(item, i, sizeof(item));
		CHECK(t_push(fd, item, 1 + i) == 0 && t_push(fd, item, 200 - i) == 0, "push");
		close(fd);
	}
	CHECK(t_stat("objects") == objects0 + N && t_stat("items") == items0 + 2 * N,
	      "objects %ld items %ld held", t_stat("objects"), t_stat("items"));
	t_use_instance("/");	/* nothing of ours keeps the instance busy */
	CHECK(umount(dir) == 0, "umount");
	CHECK(t_stat("objects") == objects0 && t_stat("items") == items0 &&
	      t_stat("bytes") == bytes0, "after unmount: objects %ld items %ld bytes %ld",
	      t_stat("objects"), t_stat("items"), t_stat("bytes"));
	t_expect_all_freed();
	return 0;
}
