// SPDX-License-Identifier: GPL-2.0
/*
 * kstack's views of many threads, on a child with 50 threads blocked at
 * the same place (a pipe read in same_wait), 3 elsewhere (other_wait) and
 * one in D state (vfork_wait: a vfork parent waits killable):
 *  - --group prints the 50 as one stack with count 50 and their TIDs (and
 *    "count": 50 in --json);
 *  - --match PATTERN shows only threads with a matching frame;
 *  - --state D shows only the vfork thread, --state S the others;
 *  - --folded: one line per distinct stack, outermost first, kernel frames
 *    marked _[k], with its count -- read back here, the counts add up to
 *    the threads; with --watch 1 --count 3, to three times that;
 *  - --watch: the second sample of an unchanged process shows no thread.
 */
#include <dirent.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "helpers.h"

#define SAME	50
#define OTHER	3
#define ALL	(SAME + OTHER + 2)	/* and vfork_wait, and main */

static int pipefd[2];
static char tool[400];
static pid_t target;

/* A failed check exits: take the target (and its vfork child) along. */
static void kill_target(void)
{
	if (target > 0)
		kill(-target, SIGKILL);
}

__attribute__((noinline)) void same_wait(void)
{
	char c;

	while (read(pipefd[0], &c, 1) < 0)
		;
}

__attribute__((noinline)) void other_wait(void)
{
	for (;;)
		nanosleep(&(struct timespec){ .tv_sec = 600 }, NULL);
}

__attribute__((noinline)) void vfork_wait(void)
{
	/* The child only makes a raw system call on the shared stack. */
	if (vfork() == 0)
		for (;;)
			syscall(SYS_pause);
}

static void *thread_main(void *arg)
{
	long kind = (long)arg;

	if (kind == 0)
		same_wait();
	else if (kind == 1)
		other_wait();
	else
		vfork_wait();
	return NULL;
}

/* How many of pid's threads are in state st, by /proc. */
static int count_state(pid_t pid, char st)
{
	char path[64];
	struct dirent *d;
	int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	CHECK(dir, "opendir %s", path);
	while ((d = readdir(dir)))
		if (atoi(d->d_name) > 0 &&
		    kst_proc_state(pid, atoi(d->d_name)) == st)
			n++;
	closedir(dir);
	return n;
}

static pid_t start_target(void)
{
	pid_t pid;
	long i;

	CHECK(pipe(pipefd) == 0, "pipe");
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (!pid) {
		pthread_t th;

		target = 0;
		setpgid(0, 0);
		for (i = 0; i < SAME + OTHER + 1; i++)
			CHECK(pthread_create(&th, NULL, thread_main,
					     (void *)(long)(i < SAME ? 0 : i < SAME + OTHER ? 1 : 2)) == 0,
			      "pthread_create");
		for (;;)
			pause();
	}
	for (i = 0; i < 20000; i++) {
		if (count_state(pid, 'S') == ALL - 1 && count_state(pid, 'D') == 1)
			break;
		usleep(1000);
	}
	CHECK(count_state(pid, 'D') == 1, "the vfork thread is not in D state");
	return pid;
}

/* Runs kstack with args on pid; returns its output (malloc'ed). */
static char *run(const char *args, pid_t pid)
{
	char cmd[1024], *out = malloc(1 << 22);
	size_t n = 0, r;
	FILE *f;

	CHECK(out, "malloc");
	snprintf(cmd, sizeof(cmd), "%s %s %d", tool, args, pid);
	f = popen(cmd, "r");
	CHECK(f, "popen");
	while ((r = fread(out + n, 1, (1 << 22) - 1 - n, f)) > 0)
		n += r;
	out[n] = '\0';
	CHECK(pclose(f) == 0, "%s failed:\n%s", cmd, out);
	return out;
}

static int count_lines(const char *out, const char *prefix)
{
	const char *p = out;
	int n = 0;

	while (p && *p) {
		if (!strncmp(p, prefix, strlen(prefix)))
			n++;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return n;
}

static void test_group(pid_t pid)
{
	char *out = run("--group", pid), *g, *end;
	int tids = 0;

	g = strstr(out, "\n  50 threads  state S (sleeping)  TID ");
	CHECK(g, "no group of 50:\n%s", out);
	end = strchr(g + 1, '\n');
	CHECK(end, "group line");
	for (g = strstr(g, "TID") + 3; g < end; tids++) {
		CHECK(strtol(g, &g, 10) > pid, "a TID in the group");
		while (*g == ' ')
			g++;
	}
	CHECK(tids == SAME, "group of 50 lists %d TIDs", tids);
	/* Its stack: up to the next group's line ("  N thread..."). */
	for (g = end; (g = strstr(g + 1, "\n  ")) && g[3] == ' ';)
		;
	if (g)
		*g = '\0';
	CHECK(strstr(end, "same_wait+"), "group stack has no same_wait:\n%s", end);
	if (g)
		*g = '\n';
	CHECK(strstr(out, "\n  3 threads  state S (sleeping)  TID "),
	      "no group of 3:\n%s", out);
	CHECK(count_lines(out, "  ") - count_lines(out, "    ") == 4,
	      "groups: want 4 (50, 3, vfork, main):\n%s", out);
	free(out);

	out = run("--group --json", pid);
	CHECK(strstr(out, "\"count\": 50,"), "json: no group of 50:\n%s", out);
	CHECK(!strstr(out, "\"threads\""), "json --group has threads");
	free(out);
}

static void test_filters(pid_t pid)
{
	char *out;

	out = run("--match same_wait", pid);
	CHECK(count_lines(out, "  TID ") == SAME, "--match same_wait: %d threads",
	      count_lines(out, "  TID "));
	free(out);
	out = run("--match 'other_*'", pid);
	CHECK(count_lines(out, "  TID ") == OTHER, "--match 'other_*': %d threads",
	      count_lines(out, "  TID "));
	free(out);
	out = run("--match no_such_function_anywhere", pid);
	CHECK(count_lines(out, "  TID ") == 0, "--match nothing: some threads");
	free(out);
	out = run("--state D", pid);
	CHECK(count_lines(out, "  TID ") == 1 && strstr(out, "vfork_wait+"),
	      "--state D:\n%s", out);
	free(out);
	out = run("--state SD", pid);
	CHECK(count_lines(out, "  TID ") == ALL, "--state SD: %d threads",
	      count_lines(out, "  TID "));
	free(out);
}

/* Reads the folded lines back; returns the sum of counts. */
static long read_folded(char *out, long want_same)
{
	char *line, *save = NULL, *sp;
	long sum = 0, c;
	bool same = false;

	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		sp = strrchr(line, ' ');
		CHECK(sp, "folded line without a count: %s", line);
		c = strtol(sp + 1, NULL, 10);
		CHECK(c > 0, "folded count: %s", line);
		CHECK(!strncmp(line, "kstack_views", 12), "folded line does not start with the process name: %s",
		      line);
		CHECK(strstr(line, "_[k]"), "no kernel frame: %s", line);
		if (strstr(line, ";same_wait;")) {
			CHECK(c == want_same, "same_wait stack counted %ld", c);
			/* Outermost first: its caller before same_wait. */
			CHECK(strstr(line, ";thread_main;same_wait;"),
			      "not outermost first: %s", line);
			same = true;
		}
		sum += c;
	}
	CHECK(same, "no same_wait line");
	return sum;
}

static void test_folded(pid_t pid)
{
	char *out = run("--folded", pid);

	CHECK(read_folded(out, SAME) == ALL, "folded counts do not add up to %d",
	      ALL);
	free(out);
	out = run("--folded --watch 1 --count 3", pid);
	CHECK(read_folded(out, 3 * SAME) == 3 * ALL,
	      "3 samples: counts do not add up to %d", 3 * ALL);
	free(out);
}

static void test_watch(pid_t pid)
{
	char *out = run("--watch 1 --count 2", pid), *second;

	second = strstr(out, "== sample 2 at ");
	CHECK(second && strstr(out, "== sample 1 at "), "watch:\n%s", out);
	CHECK(count_lines(out, "  TID ") == ALL, "sample 1 shows %d threads",
	      count_lines(out, "  TID "));
	CHECK(!strstr(second, "  TID "), "unchanged threads shown again:\n%s",
	      second);
	free(out);
}

int main(void)
{
	pid_t pid;

	if (geteuid() != 0)
		test_skip("needs root");
	kst_tool(tool, sizeof(tool), true);
	atexit(kill_target);
	pid = start_target();
	target = pid;
	setpgid(pid, pid);	/* also here: the child may not have run yet */
	test_group(pid);
	test_filters(pid);
	test_folded(pid);
	test_watch(pid);
	kill(-pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}
