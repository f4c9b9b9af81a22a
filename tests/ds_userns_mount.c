// SPDX-License-Identifier: GPL-2.0
/*
 * An unprivileged user (nobody) in a user namespace and mount namespace of
 * its own (unshare -Urm) mounts a private instance and uses it; the limits
 * it asks for are clamped to the module parameters; its objects are not
 * in the host's system instance.
 */
#include <sched.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include "helpers.h"

static const char *name;	/* chosen by the parent, seen by the child */

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text),
	      "write %s", path);
	close(fd);
}

/* In the child, as nobody: the user namespace, then the instance. */
static int child(void *arg)
{
	const char *dir = arg;
	char map[64], buf[16];
	struct statfs sf;
	uint32_t size = sizeof(buf);
	int fd;

	/* Becoming nobody made it undumpable: its /proc files root's. */
	prctl(PR_SET_DUMPABLE, 1);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS))
		return TEST_SKIP;
	snprintf(map, sizeof(map), "0 %d 1", T_NOBODY);
	write_file("/proc/self/setgroups", "deny");
	write_file("/proc/self/uid_map", map);
	write_file("/proc/self/gid_map", map);
	CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0, "private /");
	CHECK(mount("none", dir, "datastack", 0, "max_objects=1000000000") == 0,
	      "mount in the user namespace");
	CHECK(statfs(dir, &sf) == 0 && sf.f_files == (uint64_t)t_read_long(
	      "/sys/module/datastack/parameters/max_objects"),
	      "max_objects not clamped to the module parameter: %llu",
	      (unsigned long long)sf.f_files);
	t_use_instance(dir);
	fd = t_create(name, DS_CREATE_PERSISTENT);
	CHECK(fd >= 0, "create in the private instance");
	CHECK(t_push(fd, "mine", 4) == 0, "push");
	CHECK(t_pop(fd, buf, &size) == 0 && size == 4, "pop");
	CHECK(t_push(fd, "kept", 4) == 0, "push");
	close(fd);
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/ds-userns.XXXXXX";
	int rc;

	ctl();
	name = t_name("userns");
	if (!can_be_nobody())
		test_skip("needs root to become nobody");
	CHECK(mkdtemp(dir) && chmod(dir, 0777) == 0, "mkdtemp");
	rc = as_nobody(child, dir);
	rmdir(dir);
	if (rc == TEST_SKIP)
		test_skip("unshare(CLONE_NEWUSER | CLONE_NEWNS) not permitted for nobody");
	CHECK(rc == 0, "child: %d", rc);
	CHECK_ERR(t_open(name, DS_RIGHT_QUERY, 0), ENOENT);
	/* The child's instance went with its mount namespace. */
	for (int i = 0; i < 100 && t_stat("objects"); i++)
		t_sleep_ms(10);
	t_expect_all_freed();
	return 0;
}
