// SPDX-License-Identifier: GPL-2.0
/*
 * kstack never stops a blocked thread.  A child blocks three threads in
 * calls that signal(7) lists as failing with EINTR after a stop -- which a
 * ptrace stop is -- even with no signal handler: epoll_wait, semop, and a
 * socket read with a timeout (SO_RCVTIMEO).  The tool inspects the child
 * 30 times (5 on slow kernels, 100 with DS_LONG); each time every blocked
 * thread must be unwound unstopped ("user_unwind": "unstopped" in --json)
 * through the function that blocks, and no call may ever return EINTR.  A control at
 * the end stops the epoll_wait thread once with PTRACE_INTERRUPT, which
 * must make it see EINTR: the check can fail.  Built 32-bit too, so the
 * 64-bit tool unwinds a 32-bit target.
 */
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "helpers.h"

enum { EPOLL, SEMOP, RECV, NBLOCKED };
static const char *const blocker[NBLOCKED] = {
	"blocked_in_epoll_wait", "blocked_in_semop", "blocked_in_recv",
};

struct shared {
	_Atomic int tid[NBLOCKED];
	_Atomic int eintr[NBLOCKED];
	_Atomic int other[NBLOCKED];	/* any other unexpected return */
};

static struct shared *sh;
static int epfd, semid, sock[2];

static void record(int which, long r)
{
	if (r < 0 && errno == EINTR)
		sh->eintr[which]++;
	else if (!(r < 0 && errno == EAGAIN) && r != 0)
		sh->other[which]++;
}

__attribute__((noinline)) void blocked_in_epoll_wait(void)
{
	struct epoll_event ev;

	for (;;)
		record(EPOLL, epoll_wait(epfd, &ev, 1, 600000));
}

__attribute__((noinline)) void blocked_in_semop(void)
{
	struct sembuf op = { .sem_num = 0, .sem_op = -1 };

	for (;;)
		record(SEMOP, semop(semid, &op, 1));
}

__attribute__((noinline)) void blocked_in_recv(void)
{
	struct timeval tv = { .tv_sec = 600 };
	char c;

	setsockopt(sock[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (;;)
		record(RECV, recv(sock[0], &c, 1, 0));
}

static void *blocked(void *arg)
{
	int which = (int)(long)arg;

	sh->tid[which] = (int)syscall(SYS_gettid);
	if (which == EPOLL)
		blocked_in_epoll_wait();
	else if (which == SEMOP)
		blocked_in_semop();
	else
		blocked_in_recv();
	return NULL;
}

static pid_t start_target(void)
{
	pid_t pid;
	int i;

	epfd = epoll_create1(0);
	semid = semget(IPC_PRIVATE, 1, 0600);
	CHECK(epfd >= 0 && semid >= 0, "epoll_create1/semget");
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sock) == 0, "socketpair");
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (!pid) {
		pthread_t th;

		for (i = 0; i < NBLOCKED; i++)
			CHECK(pthread_create(&th, NULL, blocked, (void *)(long)i) == 0,
			      "pthread_create");
		for (;;)
			pause();
	}
	for (i = 0; i < NBLOCKED; i++)
		while (!sh->tid[i] || kst_proc_state(pid, sh->tid[i]) != 'S')
			usleep(1000);
	return pid;
}

/* A copy of thread tid's JSON object in out (up to the next thread), or NULL. */
static char *thread_json(const char *out, int tid)
{
	const char *p, *end;
	char key[32];

	snprintf(key, sizeof(key), "\"tid\": %d,", tid);
	p = strstr(out, key);
	if (!p)
		return NULL;
	end = strstr(p + 1, "\"tid\": ");
	return strndup(p, end ? (size_t)(end - p) : strlen(p));
}

static void inspect(const char *tool, pid_t pid, int round)
{
	char cmd[512], *out = malloc(1 << 20), *t;
	size_t n = 0, r;
	int i, status;
	FILE *f;

	CHECK(out, "malloc");
	snprintf(cmd, sizeof(cmd), "%s --json %d", tool, pid);
	f = popen(cmd, "r");
	CHECK(f, "popen %s", cmd);
	while ((r = fread(out + n, 1, (1 << 20) - 1 - n, f)) > 0)
		n += r;
	out[n] = '\0';
	status = pclose(f);
	CHECK(status == 0, "round %d: %s: status %d", round, cmd, status);
	for (i = 0; i < NBLOCKED; i++) {
		t = thread_json(out, sh->tid[i]);
		CHECK(t, "round %d: no thread %d in the output", round, sh->tid[i]);
		CHECK(strstr(t, "\"user_unwind\": \"unstopped\""),
		      "round %d: %s thread not unwound unstopped:\n%s", round,
		      blocker[i], t);
		CHECK(strstr(t, blocker[i]), "round %d: no %s frame:\n%s", round,
		      blocker[i], t);
		free(t);
	}
	free(out);
}

/* The control: one ptrace stop of the epoll_wait thread gives EINTR. */
static void control(void)
{
	pid_t tid = sh->tid[EPOLL];
	int i;

	CHECK(ptrace(PTRACE_SEIZE, tid, NULL, NULL) == 0, "seize");
	CHECK(ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) == 0, "interrupt");
	CHECK(waitpid(tid, NULL, __WALL) == tid, "wait for the stop");
	CHECK(ptrace(PTRACE_DETACH, tid, NULL, NULL) == 0, "detach");
	for (i = 0; i < 2000 && !sh->eintr[EPOLL]; i++)
		usleep(1000);
	CHECK(sh->eintr[EPOLL] >= 1, "control: a ptrace stop gave epoll_wait %d EINTR",
	      sh->eintr[EPOLL]);
}

int main(void)
{
	long rounds = t_slow() ? 5 : t_long() ? 100 : 30, i;
	char tool[400];
	pid_t pid;
	int fd, w;

	if (geteuid() != 0)
		test_skip("needs root");
	fd = kst_open();	/* SKIP without kstack.ko */
	close(fd);
	kst_tool(tool, sizeof(tool), false);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap");
	pid = start_target();
	for (i = 0; i < rounds; i++)
		inspect(tool, pid, (int)i);
	/* A stopped call fails when its thread runs again: give it time. */
	usleep(300000);
	for (w = 0; w < NBLOCKED; w++) {
		CHECK(!sh->eintr[w], "%s saw EINTR %d times", blocker[w], sh->eintr[w]);
		CHECK(!sh->other[w], "%s returned early %d times", blocker[w],
		      sh->other[w]);
	}
	printf("%ld inspections: no EINTR in epoll_wait, semop or recv\n", rounds);
	control();
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	semctl(semid, 0, IPC_RMID);
	return 0;
}
