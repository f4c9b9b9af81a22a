// SPDX-License-Identifier: GPL-2.0
/*
 * Access to an instance's directory: on one mounted mode=0755 only its
 * owner creates objects, named or unnamed (EACCES for others, who may still
 * open what they are allowed to); on one mounted read-only a free name
 * cannot be created (EROFS) while existing objects open, push and pop.
 */
#include <sys/mount.h>
#include "helpers.h"

static int nobody_creates(void *arg)
{
	const char *dir = arg;
	int fd;

	t_use_instance(dir);
	CHECK_ERR(t_create(NULL, 0), EACCES);
	CHECK_ERR(t_create("theirs", 0), EACCES);
	fd = t_open("shared", DS_RIGHT_POP | DS_RIGHT_QUERY, 0);
	CHECK(fd >= 0, "nobody opens the 0644 object for reading");
	close(fd);
	return 0;
}

int main(void)
{
	const char *dir;
	unsigned int result;
	int fd, again;

	ctl();
	dir = t_mount_instance("mode=0755");
	CHECK(dir, "mount mode=0755");
	t_use_instance(dir);
	fd = t_create_ex("shared", 0, 0, 0, 0644, DS_CREATE_PERSISTENT, 0, NULL);
	CHECK(fd >= 0, "the owner creates");
	close(fd);
	if (can_be_nobody())
		CHECK(as_nobody(nobody_creates, (void *)dir) == 0, "nobody");

	CHECK(mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0, "remount ro");
	CHECK_ERR(t_create("new", 0), EROFS);
	again = t_create_ex("shared", 0, 0, 0, 0600, DS_CREATE_OPEN_IF_EXISTS, 0, &result);
	CHECK(again >= 0 && result == DS_EXISTED, "open-if-exists on a read-only instance");
	CHECK(t_push(again, "x", 1) == 0, "push on a read-only instance");
	CHECK(t_info(again).count == 1, "pushed");
	close(again);
	CHECK(t_create(NULL, 0) >= 0 || errno == EROFS, "unnamed: %s", strerror(errno));
	t_use_instance(t_instance_dir());
	return 0;
}
