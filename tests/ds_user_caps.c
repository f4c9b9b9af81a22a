// SPDX-License-Identifier: GPL-2.0
/*
 * Per-user caps (module parameters max_objects_per_user and
 * max_bytes_per_user): EDQUOT past them for an ordinary user, charges
 * returned when objects and items go, CAP_SYS_RESOURCE bypasses.
 */
#include <grp.h>
#include <sys/wait.h>
#include "helpers.h"

#define PARAM "/sys/module/datastack/parameters/"

static long get_param(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), PARAM "%s", name);
	return t_read_long(path);
}

static void set_param(const char *name, long v)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), PARAM "%s", name);
	f = fopen(path, "w");
	CHECK(f && fprintf(f, "%ld\n", v) > 0 && fclose(f) == 0, "set %s", name);
}

static int nobody(void)
{
	int fds[4], fd, i;
	char buf[64] = "";
	uint32_t size;

	CHECK(setgroups(0, NULL) == 0 && setresgid(65534, 65534, 65534) == 0 &&
	      setresuid(65534, 65534, 65534) == 0, "become nobody");
	for (i = 0; i < 3; i++) {
		fds[i] = t_create(NULL, 0);
		CHECK(fds[i] >= 0, "object %d", i);
	}
	CHECK_ERR(t_create(NULL, 0), EDQUOT);
	close(fds[2]);
	fds[2] = t_create(NULL, 0);
	CHECK(fds[2] >= 0, "the closed object's charge came back");

	fd = fds[0];
	CHECK(t_push(fd, buf, 60) == 0, "60 bytes");
	CHECK_ERR(t_push(fd, buf, 41), EDQUOT);
	CHECK(t_push(fds[1], buf, 40) == 0, "40 more in another object");
	CHECK_ERR(t_push(fds[1], buf, 1), EDQUOT);
	size = sizeof(buf);
	CHECK(t_pop(fd, buf, &size) == 0 && size == 60, "pop");
	CHECK(t_push(fd, buf, 50) == 0, "popped bytes came back");
	CHECK(ioctl(fds[1], DS_IOC_CLEAR) == 1, "clear");
	CHECK(t_push(fd, buf, 40) == 0, "cleared bytes came back");
	for (i = 0; i < 3; i++)
		close(fds[i]);
	return 0;
}

int main(void)
{
	long objs, bytes;
	int st, fds[5], i;
	pid_t pid;

	ctl();
	objs = get_param("max_objects_per_user");
	bytes = get_param("max_bytes_per_user");
	CHECK(objs > 0 && bytes > 0, "parameters readable");
	set_param("max_objects_per_user", 3);
	set_param("max_bytes_per_user", 100);

	pid = fork();
	if (pid == 0)
		_exit(nobody());
	CHECK(waitpid(pid, &st, 0) == pid, "wait");

	/* root holds CAP_SYS_RESOURCE: not capped */
	for (i = 0; i < 5; i++)
		CHECK((fds[i] = t_create(NULL, 0)) >= 0, "root object %d", i);
	for (i = 0; i < 5; i++)
		close(fds[i]);

	set_param("max_objects_per_user", objs);
	set_param("max_bytes_per_user", bytes);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "nobody's checks");
	t_expect_all_freed();
	return 0;
}
