// SPDX-License-Identifier: GPL-2.0
/*
 * Per-target permission: every command that names a thread answers only
 * for the caller's own threads, for kernel threads to CAP_SYS_ADMIN, and
 * for any other thread to its tracer -- the thread that seized it, not
 * its process, and not whoever holds the descriptor:
 *  - another process's thread, untraced: EPERM for all three commands;
 *  - seized (PTRACE_SEIZE, which stops nothing) by this thread: served,
 *    and the target was not stopped; once detached: EPERM again;
 *  - seized by another thread of this process: EPERM;
 *  - a child holding the descriptor, not the tracer: EPERM;
 *  - a kernel thread: served with CAP_SYS_ADMIN, EPERM without it;
 *  - uid 65534 in a user namespace of its own, holding the descriptor:
 *    its namespace's CAP_SYS_ADMIN is not enough for a kernel thread, it
 *    cannot seize root's process, so EPERM; in a pid namespace of its
 *    own the host's threads are not there at all (ESRCH).
 */
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include "helpers.h"

static int fd;

/* The three commands on tid; each must give err (0: served). */
static void expect(pid_t tid, int err, const char *what)
{
	struct kstack_thread_ctx c;
	__u64 ent[8];
	unsigned char byte;
	uint32_t copied;
	int r;

	r = kst_ctx(fd, tid, &c);
	CHECK(err ? r < 0 && errno == err : r == 0,
	      "%s: THREAD_CONTEXT: %s", what, r ? strerror(errno) : "served");
	r = kst_trace(fd, tid, ent, 8, NULL);
	CHECK(err ? r < 0 && errno == err : r >= 0,
	      "%s: STACK_TRACE: %s", what, r < 0 ? strerror(errno) : "served");
	if (!err) {
		CHECK(kst_read(fd, tid, c.stack_base, &byte, 1, &copied) == 0,
		      "%s: READ_MEMORY: %s", what, strerror(errno));
		return;
	}
	r = kst_read(fd, tid, 0xffffffff81000000ull, &byte, 1, &copied);
	CHECK(r < 0 && errno == err && copied == 0,
	      "%s: READ_MEMORY: %s", what, r ? strerror(errno) : "served");
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, NULL, __WALL) == pid, "waitpid");
}

static pid_t seize_tid;
static pthread_barrier_t seized, checked;

static void *seize_from_thread(void *arg)
{
	CHECK(ptrace(PTRACE_SEIZE, seize_tid, NULL, NULL) == 0, "seize");
	/* The tracer is this thread: it may ask. */
	expect(seize_tid, 0, "seized by this (helper) thread");
	pthread_barrier_wait(&seized);
	/* Still the tracer while the main thread is refused. */
	pthread_barrier_wait(&checked);
	return arg;
}

static void test_tracer(void)
{
	pid_t pid = kst_sleeper(NULL);
	pthread_t th;

	expect(pid, EPERM, "untraced process");
	CHECK(ptrace(PTRACE_SEIZE, pid, NULL, NULL) == 0, "PTRACE_SEIZE");
	expect(pid, 0, "seized");
	CHECK(kst_proc_state(pid, pid) == 'S', "the seize stopped the target");

	/* Detach needs a stop: interrupt, collect it, detach. */
	CHECK(ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) == 0, "interrupt");
	CHECK(waitpid(pid, NULL, __WALL) == pid, "wait for the stop");
	CHECK(ptrace(PTRACE_DETACH, pid, NULL, NULL) == 0, "detach");
	expect(pid, EPERM, "detached");

	/* Being the tracer is per thread: the helper may, we may not. */
	seize_tid = pid;
	pthread_barrier_init(&seized, NULL, 2);
	pthread_barrier_init(&checked, NULL, 2);
	CHECK(pthread_create(&th, NULL, seize_from_thread, NULL) == 0, "thread");
	pthread_barrier_wait(&seized);
	expect(pid, EPERM, "seized by another thread of this process");
	pthread_barrier_wait(&checked);
	pthread_join(th, NULL);
	reap(pid);
}

/* A descriptor holder that is not the tracer gets nothing. */
static void test_holder(void)
{
	pid_t target = kst_sleeper(NULL), child;
	int status;

	CHECK(ptrace(PTRACE_SEIZE, target, NULL, NULL) == 0, "seize");
	child = fork();
	CHECK(child >= 0, "fork");
	if (!child) {
		expect(target, EPERM, "a descriptor holder, not the tracer");
		expect(getppid(), EPERM, "the holder's parent");
		_exit(0);
	}
	CHECK(waitpid(child, &status, 0) == child && status == 0,
	      "descriptor holder");
	expect(target, 0, "the tracer, meanwhile");
	reap(target);
}

/* kthreadd is pid 2 in the initial pid namespace. */
static void test_kthread(void)
{
	struct kstack_thread_ctx c;
	pid_t child;
	int status;

	if (kst_ctx(fd, 2, &c) < 0 || !(c.info & KSTACK_INFO_KTHREAD)) {
		printf("pid 2 is not a kernel thread here: kernel thread case left out\n");
		return;
	}
	expect(2, 0, "kernel thread, CAP_SYS_ADMIN");
	child = fork();
	CHECK(child >= 0, "fork");
	if (!child) {
		kst_drop_cap(CAP_SYS_ADMIN);
		expect(2, EPERM, "kernel thread without CAP_SYS_ADMIN");
		/* Its own threads it may always see. */
		expect((pid_t)syscall(SYS_gettid), 0, "itself without CAP_SYS_ADMIN");
		_exit(0);
	}
	CHECK(waitpid(child, &status, 0) == child && status == 0,
	      "without CAP_SYS_ADMIN");
}

static void test_userns(void)
{
	pid_t target = kst_sleeper(NULL), child, grandchild;
	int status;

	child = fork();
	CHECK(child >= 0, "fork");
	if (!child) {
		CHECK(setresgid(65534, 65534, 65534) == 0, "setresgid");
		CHECK(setresuid(65534, 65534, 65534) == 0, "setresuid");
		if (unshare(CLONE_NEWUSER | CLONE_NEWPID) < 0) {
			printf("no user namespaces for uid 65534 (%s): case left out\n",
			       strerror(errno));
			_exit(0);
		}
		/* CAP_SYS_ADMIN in its own namespace is not the host's. */
		expect(2, EPERM, "kernel thread from a user namespace's root");
		/* Root in its namespace, nobody to the host's root process. */
		CHECK(ptrace(PTRACE_SEIZE, target, NULL, NULL) < 0 &&
		      errno == EPERM, "userns root seized root's process");
		expect(target, EPERM, "userns root, the host's process");
		grandchild = fork();
		CHECK(grandchild >= 0, "fork into the pid namespace");
		if (!grandchild) {
			CHECK(getpid() == 1, "not pid 1 in the new pid namespace");
			expect(target, ESRCH, "the host's process from a pid namespace");
			_exit(0);
		}
		CHECK(waitpid(grandchild, &status, 0) == grandchild && status == 0,
		      "pid namespace child");
		_exit(0);
	}
	CHECK(waitpid(child, &status, 0) == child && status == 0, "userns child");
	reap(target);
}

int main(void)
{
	if (geteuid() != 0)
		test_skip("needs root");
	fd = kst_open();
	expect((pid_t)syscall(SYS_gettid), 0, "itself");
	test_tracer();
	test_holder();
	test_kthread();
	test_userns();
	close(fd);
	return 0;
}
