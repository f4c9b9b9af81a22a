// SPDX-License-Identifier: GPL-2.0
/*
 * Instances: two mounts of "datastack" side by side share no names; the
 * system instance does not see either's objects; a descriptor keeps its
 * instance alive after a lazy unmount (and the instance goes with it).
 */
#include <sys/mount.h>
#include "helpers.h"

static void push_in(const char *dir, const char *name, const char *what)
{
	int fd;

	t_use_instance(dir);
	fd = t_create(name, DS_CREATE_PERSISTENT | DS_CREATE_EXCLUSIVE);
	CHECK(fd >= 0, "create %s in %s", name, dir);
	CHECK(t_push(fd, what, strlen(what)) == 0, "push");
	close(fd);
}

static void expect_top(const char *dir, const char *name, const char *want)
{
	char buf[32];
	uint32_t size = sizeof(buf);
	int fd;

	t_use_instance(dir);
	fd = t_open(name, DS_RIGHT_POP, 0);
	CHECK(fd >= 0, "open %s in %s", name, dir);
	CHECK(t_peek(fd, buf, &size) == 0 && size == strlen(want) &&
	      !memcmp(buf, want, size), "%s in %s holds its own item", name, dir);
	close(fd);
}

int main(void)
{
	const char *name = t_name("inst"), *a, *b;
	long objects0 = t_stat("objects");
	int fd;

	ctl();		/* SKIP without the module */
	a = t_mount_instance(NULL);
	b = t_mount_instance(NULL);
	CHECK(a && b, "mount two instances");

	push_in(a, name, "from a");
	push_in(b, name, "from b");	/* same name, EXCLUSIVE: another object */
	expect_top(a, name, "from a");
	expect_top(b, name, "from b");

	/* The system instance (a third) has none of them. */
	t_use_instance(t_instance_dir());
	CHECK_ERR(t_open(name, DS_RIGHT_QUERY, 0), ENOENT);

	/* A descriptor holds its instance through a lazy unmount. */
	t_use_instance(b);
	fd = t_open(name, DS_RIGHT_ALL, 0);
	CHECK(fd >= 0, "open in b");
	t_use_instance(a);
	CHECK(umount2(b, MNT_DETACH) == 0, "lazy umount of b");
	CHECK(t_push(fd, "after", 5) == 0, "b works after its unmount");
	CHECK(t_info(fd).count == 2, "b's object kept its items");
	close(fd);

	t_use_instance(t_instance_dir());	/* nothing of ours in a */
	CHECK(umount(a) == 0, "umount a");
	for (int i = 0; i < 100 && t_stat("objects") != objects0; i++)
		t_sleep_ms(10);
	CHECK(t_stat("objects") == objects0, "objects %ld after both instances went, want %ld",
	      t_stat("objects"), objects0);
	t_expect_all_freed();
	return 0;
}
