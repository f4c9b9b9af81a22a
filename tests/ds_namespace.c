// SPDX-License-Identifier: GPL-2.0
/*
 * Names are per IPC namespace: a process in a new IPC namespace does not
 * see the parent's objects and may reuse their names.
 */
#include <sched.h>
#include <sys/wait.h>
#include "helpers.h"

int main(void)
{
	const char *name = t_name("ns");
	int fd, st;
	pid_t pid;

	fd = t_create(name, 0);
	CHECK(fd >= 0, "create");
	pid = fork();
	if (pid == 0) {
		int o;

		if (unshare(CLONE_NEWIPC) != 0)
			_exit(TEST_SKIP);
		CHECK_ERR(t_open(name, DS_RIGHT_ALL, 0), ENOENT);
		o = t_create(name, DS_CREATE_EXCLUSIVE);
		CHECK(o >= 0, "same name in the new namespace");
		CHECK(t_push(o, "child", 5) == 0, "push");
		close(o);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	if (WIFEXITED(st) && WEXITSTATUS(st) == TEST_SKIP)
		test_skip("unshare(CLONE_NEWIPC) not permitted");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child");
	{
		struct ds_info info;

		CHECK(t_query(fd, &info) == 0 && info.count == 0,
		      "the child's object is another one");
	}
	close(fd);
	t_expect_all_freed();
	return 0;
}
