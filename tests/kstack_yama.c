// SPDX-License-Identifier: GPL-2.0
/*
 * Yama's ptrace_scope decides who may inspect a thread through
 * /dev/kstack, because the driver answers only to a tracer and Yama rules
 * the attach.  The caller is uid 65534 holding a descriptor root opened
 * (so only ptrace stands in its way); its targets are its own child and a
 * sibling, both uid 65534:
 *   0  both may be seized, and then inspected;
 *   1  only the descendant (the sibling: EPERM);
 *   2  neither without CAP_SYS_PTRACE; root, which has it, may;
 *   3  nobody, root included -- only with DS_KSTACK_YAMA3=1, since the
 *      setting cannot be undone until reboot (tests/host/kstack-oneway.sh
 *      runs it in a guest of its own).
 * SKIP where the kernel has no Yama (the debug kernel).  The setting is
 * put back as it was, except after 3, which must refuse being undone.
 */
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "helpers.h"

#define SCOPE "/proc/sys/kernel/yama/ptrace_scope"

static int fd;

static int get_scope(void)
{
	char buf[16] = "";
	int f = open(SCOPE, O_RDONLY);

	if (f < 0)
		return -1;
	CHECK(read(f, buf, sizeof(buf) - 1) > 0, "read " SCOPE);
	close(f);
	return atoi(buf);
}

static int set_scope(int v)
{
	char c = (char)('0' + v);
	int f = open(SCOPE, O_WRONLY), r;

	CHECK(f >= 0, "open " SCOPE);
	r = write(f, &c, 1) == 1 ? 0 : -errno;
	close(f);
	return r;
}

/* A uid change leaves a process undumpable, which ptrace refuses. */
static void dumpable(void)
{
	CHECK(prctl(PR_SET_DUMPABLE, 1) == 0, "PR_SET_DUMPABLE");
}

static void become_nobody(void)
{
	CHECK(setresgid(65534, 65534, 65534) == 0, "setresgid");
	CHECK(setresuid(65534, 65534, 65534) == 0, "setresuid");
	dumpable();
}

/* Seizes tid and asks for its context: 0, or the errno of the refusal. */
static int inspect(pid_t tid)
{
	struct kstack_thread_ctx c;

	if (ptrace(PTRACE_SEIZE, tid, NULL, NULL) < 0) {
		int err = errno;

		/* Not the tracer: the driver must refuse too. */
		CHECK(kst_ctx(fd, tid, &c) < 0 && errno == EPERM,
		      "THREAD_CONTEXT of %d served without a seize", tid);
		return err;
	}
	CHECK(kst_ctx(fd, tid, &c) == 0, "THREAD_CONTEXT of a seized %d: %s",
	      tid, strerror(errno));
	CHECK(c.tgid == tid, "tgid %d", c.tgid);
	return 0;
}

/*
 * As uid 65534: inspects its own child and the sibling; exits with
 * 10 * (child refused) + (sibling refused).
 */
static int nobody_inspects(pid_t sibling)
{
	pid_t pid = fork(), child;
	int status;

	CHECK(pid >= 0, "fork");
	if (!pid) {
		become_nobody();
		child = kst_sleeper(NULL);
		status = 10 * !!inspect(child) + !!inspect(sibling);
		kill(child, SIGKILL);
		waitpid(child, NULL, __WALL);
		_exit(status);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status), "nobody");
	return WEXITSTATUS(status);
}

/* Root (CAP_SYS_PTRACE): 1 when refused. */
static int root_inspects(pid_t target)
{
	pid_t pid = fork();
	int status;

	CHECK(pid >= 0, "fork");
	if (!pid)
		_exit(!!inspect(target));
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status), "root");
	return WEXITSTATUS(status);
}

static void check_scope(int scope, int nobody_want, int root_want)
{
	pid_t sibling = kst_sleeper(become_nobody);
	int got;

	CHECK(set_scope(scope) == 0, "ptrace_scope %d", scope);
	got = nobody_inspects(sibling);
	CHECK(got == nobody_want, "ptrace_scope %d: uid 65534 refused child %d, sibling %d; want %d, %d",
	      scope, got / 10, got % 10, nobody_want / 10, nobody_want % 10);
	got = root_inspects(sibling);
	CHECK(got == root_want, "ptrace_scope %d: root %s", scope,
	      got ? "refused" : "served");
	kill(sibling, SIGKILL);
	waitpid(sibling, NULL, 0);
	printf("ptrace_scope %d: as expected\n", scope);
}

int main(void)
{
	int saved;

	if (geteuid() != 0)
		test_skip("needs root");
	saved = get_scope();
	if (saved < 0)
		test_skip("no Yama in this kernel (no " SCOPE ")");
	fd = kst_open();
	check_scope(0, 0, 0);
	check_scope(1, 1, 0);
	check_scope(2, 11, 0);
	/* Last: once 3, the setting stays until reboot. */
	if (getenv("DS_KSTACK_YAMA3") && !strcmp(getenv("DS_KSTACK_YAMA3"), "1")) {
		check_scope(3, 11, 1);
		CHECK(set_scope(saved) == -EINVAL, "ptrace_scope 3 was undone");
	} else {
		CHECK(set_scope(saved) == 0, "restore ptrace_scope %d", saved);
	}
	close(fd);
	return 0;
}
