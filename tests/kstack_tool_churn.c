// SPDX-License-Identifier: GPL-2.0
/*
 * The kstack tool against a process whose threads come and go: threads
 * created and exiting during the walk are reported or noted as exited,
 * never an error (exit status 0); a process that exits in the middle of
 * the walk gives status 0 (it was inspected) or 4 (gone before), never a
 * crash or another status.  Any kernel report fails the run (vm-run).
 * Ten rounds of each (two on slow kernels, twenty with DS_LONG): odd
 * rounds walk the churning process with --json.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "helpers.h"

static char tool[400];

static void *short_lived(void *arg)
{
	long us = (long)arg;

	usleep((useconds_t)us);
	return NULL;
}

/* Creates threads that live 0-2 ms, forever (or for ms, then exits). */
static void churn(long ms)
{
	struct timespec t0, t;
	pthread_attr_t attr;
	pthread_t th;
	long i = 0;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;; i++) {
		if (pthread_create(&th, &attr, short_lived, (void *)((i * 7919) % 2000)))
			usleep(1000);
		if (i % 8 == 0)
			usleep(200);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (ms && (t.tv_sec - t0.tv_sec) * 1000 +
			  (t.tv_nsec - t0.tv_nsec) / 1000000 > ms)
			_exit(0);
	}
}

static pid_t start(long ms)
{
	pid_t pid = fork();

	CHECK(pid >= 0, "fork");
	if (!pid)
		churn(ms);
	return pid;
}

/* Runs the tool on pid; returns its exit status (128 + signal). */
static int run(pid_t pid, const char *args)
{
	char cmd[600];
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s %d >/dev/null 2>/tmp/kstack_tool_churn.err",
		 tool, args, pid);
	st = system(cmd);
	CHECK(st != -1, "system");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
	long rounds = t_slow() ? 2 : t_long() ? 20 : 10, i;
	int st, gone = 0, seen = 0;
	pid_t pid;

	if (geteuid() != 0)
		test_skip("needs root");
	kst_tool(tool, sizeof(tool), false);

	pid = start(0);
	usleep(100000);
	for (i = 0; i < rounds; i++) {
		st = run(pid, i % 2 ? "--json" : "--group");
		CHECK(st == 0, "round %ld: kstack exited %d on a churning process",
		      i, st);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	/* Processes that exit while being walked. */
	for (i = 0; i < rounds; i++) {
		pid = start(20 + i * 10);
		st = run(pid, "");
		CHECK(st == 0 || st == 4, "round %ld: a process exiting mid-walk: status %d",
		      i, st);
		seen += st == 0;
		gone += st == 4;
		waitpid(pid, NULL, 0);
	}
	printf("churning process: %ld walks; exiting processes: %d inspected, %d gone first\n",
	       rounds, seen, gone);
	return 0;
}
