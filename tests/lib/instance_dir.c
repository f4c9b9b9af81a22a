// SPDX-License-Identifier: GPL-2.0
/*
 * The library's instance: $DATASTACK_DIR, default /dev/datastack; -ENODEV
 * from every call when nothing (or another filesystem) is mounted there;
 * a private instance named by $DATASTACK_DIR holds the objects made
 * through it; names the instance cannot hold are -EINVAL; ds_stat().
 */
#include <stdlib.h>
#include "libtest.h"

static void expect_nodev(const char *dir)
{
	struct ds_info info;

	setenv("DATASTACK_DIR", dir, 1);
	CHECK(!strcmp(ds_instance_dir(), dir), "ds_instance_dir() %s", ds_instance_dir());
	CHECK_RET(ds_create(NULL, 0, 0600, NULL), -ENODEV);
	CHECK_RET(ds_create("x", 0, 0600, NULL), -ENODEV);
	CHECK_RET(ds_open("x", DS_RIGHT_ALL, 0), -ENODEV);
	CHECK_RET(ds_unlink("x"), -ENODEV);
	CHECK_RET(ds_stat("x", &info), -ENODEV);
}

int main(void)
{
	const char *dir, *name = t_name("instdir");
	struct ds_info info;
	int fd;

	unsetenv("DATASTACK_DIR");
	CHECK(!strcmp(ds_instance_dir(), DS_DEFAULT_DIR), "default %s", ds_instance_dir());
	lib_require();
	expect_nodev("/tmp");
	expect_nodev("/nonexistent/dir");

	dir = t_mount_instance(NULL);
	CHECK(dir, "a private instance");
	setenv("DATASTACK_DIR", dir, 1);
	fd = ds_create(name, DS_CREATE_PERSISTENT, 0600, NULL);
	CHECK(fd >= 0, "create in $DATASTACK_DIR: %d", fd);
	CHECK_RET(ds_push(fd, "abc", 3, 0), 0);
	close(fd);
	CHECK_RET(ds_stat(name, &info), 0);
	CHECK(info.count == 1 && (info.flags & DS_INFO_COUNTERS) && info.pushes == 1 &&
	      info.rights == 0, "stat: count %llu flags %#x",
	      (unsigned long long)info.count, info.flags);
	unsetenv("DATASTACK_DIR");
	CHECK_RET(ds_stat(name, &info), -ENOENT);	/* not in the system instance */
	setenv("DATASTACK_DIR", dir, 1);

	CHECK_RET(ds_create(".", 0, 0600, NULL), -EINVAL);
	CHECK_RET(ds_open("..", DS_RIGHT_ALL, 0), -EINVAL);
	CHECK_RET(ds_open("a/b", DS_RIGHT_ALL, 0), -EINVAL);
	CHECK_RET(ds_open("", DS_RIGHT_ALL, 0), -EINVAL);
	CHECK_RET(ds_unlink("."), -EINVAL);
	CHECK_RET(ds_open(name, DS_RIGHT_ALL, 0x4), -EINVAL);
	CHECK_RET(ds_unlink(name), 0);
	unsetenv("DATASTACK_DIR");
	return 0;
}
