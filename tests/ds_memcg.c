// SPDX-License-Identifier: GPL-2.0
/*
 * A user who pushes until memory runs out, inside a small memory cgroup
 * (item memory is charged to the pusher's cgroup), is stopped by an error
 * (ENOMEM, or EDQUOT from the per-user cap), not the OOM killer, and the
 * kernel and other users are unharmed; everything is freed after.
 */
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "helpers.h"

#define CG "/sys/fs/cgroup"

static int put(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	if (fputs(val, f) < 0) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

int main(void)
{
	static char item[4096];
	char dir[128], path[192], pid[32];
	long pushed = 0;
	int st, fd, p[2];
	pid_t child;

	ctl();
	if (access(CG "/cgroup.subtree_control", W_OK))
		test_skip("no cgroup v2");
	put(CG "/cgroup.subtree_control", "+memory");
	snprintf(dir, sizeof(dir), CG "/dstest-%d", getpid());
	if (mkdir(dir, 0755))
		test_skip("cannot make a cgroup");
	snprintf(path, sizeof(path), "%s/memory.max", dir);
	if (put(path, "16M"))
		test_skip("no memory controller");
	CHECK(pipe(p) == 0, "pipe");

	child = fork();
	if (child == 0) {
		snprintf(pid, sizeof(pid), "%d", getpid());
		snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
		CHECK(put(path, pid) == 0, "join cgroup");
		CHECK(setgroups(0, NULL) == 0 && setresgid(65534, 65534, 65534) == 0 &&
		      setresuid(65534, 65534, 65534) == 0, "become nobody");
		fd = t_create(NULL, 0);
		CHECK(fd >= 0, "create");
		for (;;) {
			if (t_push(fd, item, sizeof(item)) < 0)
				break;
			pushed++;
			if (write(p[1], "x", 1) != 1)
				_exit(3);
		}
		_exit(errno == ENOMEM ? 10 : errno == EDQUOT ? 11 : 12);
	}
	close(p[1]);
	while (read(p[0], item, 1) == 1)
		pushed++;
	CHECK(waitpid(child, &st, 0) == child, "wait");
	printf("pusher stopped after %ld items of 4 KiB (%ld KiB) by %s\n", pushed, pushed * 4,
	       WIFSIGNALED(st) ? "the cgroup's OOM kill" :
	       WEXITSTATUS(st) == 10 ? "ENOMEM" : WEXITSTATUS(st) == 11 ? "EDQUOT" : "?");
	CHECK(WIFEXITED(st) && (WEXITSTATUS(st) == 10 || WEXITSTATUS(st) == 11),
	      "stopped by an error, not killed (status %#x)", st);
	CHECK(pushed > 100 && pushed < 16 * 1024 / 4, "the cgroup limit bounded it: %ld", pushed);

	/* Others are unharmed: root outside the cgroup pushes fine. */
	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "create after");
	for (int i = 0; i < 1000; i++)
		CHECK(t_push(fd, item, sizeof(item)) == 0, "push %d after", i);
	close(fd);
	usleep(200000);
	t_expect_all_freed();
	rmdir(dir);
	return 0;
}
