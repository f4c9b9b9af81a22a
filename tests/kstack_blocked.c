// SPDX-License-Identifier: GPL-2.0
/*
 * KStack against a thread blocked in a kernel wait.
 *
 *   kstack_blocked         self-test through the ioctls (the suite runs this)
 *   kstack_blocked --hold  for tests/kstack_tool.sh: blocks a thread, prints
 *                          "READY <pid> <tid> <kernel wait function>", waits
 *                          for a line on stdin, releases the thread, prints
 *                          "RESULT ..." and exits 0 when the blocked call
 *                          completed normally and no signal was added or lost
 *
 * The wait is a "blocker": today read() on an empty pipe.  When DataStack's
 * blocking pop exists, add an entry to blockers[] (setup: create a stack;
 * wait: the blocking pop; release: push one item; kernel_fn: its wait
 * function) and select it with KSTACK_BLOCKER=<name>; nothing else changes.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <linux/datastack.h>
#include "helpers.h"

struct blocker {
	const char *name;
	const char *kernel_fn;	/* must be on the blocked thread's stack */
	void (*setup)(void);	/* may test_skip() */
	ssize_t (*wait)(char *buf, size_t len);
	int (*release)(const char *msg, size_t len);
};

static int pipefd[2];

static void pipe_setup(void)
{
	CHECK(pipe(pipefd) == 0, "pipe");
}

static ssize_t pipe_wait(char *buf, size_t len)
{
	return read(pipefd[0], buf, len);
}

static int pipe_release(const char *msg, size_t len)
{
	return write(pipefd[1], msg, len) == (ssize_t)len ? 0 : -1;
}

/* A DataStack blocking pop: read(2) on an empty object descriptor. */
static int dsfd = -1;

static void ds_setup(void)
{
	dsfd = t_create(NULL, 0);
	CHECK(dsfd >= 0, "DS_IOC_CREATE");
}

static ssize_t ds_wait(char *buf, size_t len)
{
	return read(dsfd, buf, len);
}

static int ds_release(const char *msg, size_t len)
{
	return write(dsfd, msg, len) == (ssize_t)len ? 0 : -1;
}

static const struct blocker blockers[] = {
	{ "datastack", "ds_sleep", ds_setup, ds_wait, ds_release },
	{ "pipe", "pipe_read", pipe_setup, pipe_wait, pipe_release },
};

static const struct blocker *pick_blocker(void)
{
	const char *want = getenv("KSTACK_BLOCKER");
	size_t i;

	for (i = 0; i < sizeof(blockers) / sizeof(blockers[0]); i++)
		if (!want || !*want || !strcmp(want, blockers[i].name))
			return &blockers[i];
	test_skip("unknown KSTACK_BLOCKER");
	return NULL;
}

/* ---- the blocked thread ---- */

static _Atomic pid_t reader_tid;
static volatile uintptr_t reader_mark;	/* an address on its user stack */
static volatile ssize_t read_ret = -2;
static volatile int read_errno;
static char read_buf[64];

/* Named functions the user frames must show; not inlined, not tail calls. */
__attribute__((noinline, noclone))
ssize_t kstack_blocked_wait(const struct blocker *b)
{
	ssize_t r = b->wait(read_buf, sizeof(read_buf) - 1);

	__asm__ volatile("" ::: "memory");
	return r;
}

__attribute__((noinline, noclone))
void *kstack_blocked_reader(void *arg)
{
	char mark;
	ssize_t r;

	reader_mark = (uintptr_t)&mark;
	atomic_store(&reader_tid, (pid_t)syscall(SYS_gettid));
	r = kstack_blocked_wait(arg);
	read_errno = errno;
	read_ret = r;
	__asm__ volatile("" ::: "memory");
	return NULL;
}

/* Waits until the reader sleeps in the blocker's kernel function. */
static void wait_blocked(const struct blocker *b)
{
	char path[64], wchan[128], stack[4096];
	int i, fd;

	for (i = 0; i < 3000; i++) {
		pid_t tid = atomic_load(&reader_tid);
		ssize_t n = -1;

		if (tid && kst_proc_state(getpid(), tid) == 'S') {
			snprintf(path, sizeof(path), "/proc/self/task/%d/wchan",
				 tid);
			fd = open(path, O_RDONLY);
			if (fd >= 0) {
				n = read(fd, wchan, sizeof(wchan) - 1);
				close(fd);
			}
			if (n > 0) {
				wchan[n] = '\0';
				if (!strcmp(wchan, b->kernel_fn))
					return;
			}
			if (kst_proc_stack(getpid(), tid, stack,
					   sizeof(stack)) > 0 &&
			    strstr(stack, b->kernel_fn))
				return;
		}
		usleep(10000);
	}
	CHECK(0, "the reader never blocked in %s", b->kernel_fn);
}

static pthread_t start_reader(const struct blocker *b)
{
	pthread_t th;

	b->setup();
	CHECK(pthread_create(&th, NULL, kstack_blocked_reader, (void *)b) == 0,
	      "pthread_create");
	pthread_setname_np(th, "kst-reader");
	wait_blocked(b);
	return th;
}

static void finish_reader(const struct blocker *b, pthread_t th)
{
	CHECK(b->release("ping", 4) == 0, "release the blocked thread");
	CHECK(pthread_join(th, NULL) == 0, "join");
}

/* ---- --hold: a target for the kstack tool ---- */

static atomic_int unexpected, rt_count;

static void on_unexpected(int sig)
{
	(void)sig;
	atomic_fetch_add(&unexpected, 1);
}

static void on_rt(int sig)
{
	(void)sig;
	atomic_fetch_add(&rt_count, 1);
}

static int hold(const struct blocker *b)
{
	static const int watched[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGTRAP, SIGUSR1, SIGUSR2, SIGPIPE,
		SIGALRM, SIGTERM, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG,
		SIGWINCH, SIGIO,
	};
	struct sigaction sa = { .sa_handler = on_unexpected };
	char line[64];
	pthread_t th;
	ssize_t n;
	size_t i;

	/* No SA_RESTART: an added signal would turn a wait into EINTR. */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++)
		sigaction(watched[i], &sa, NULL);
	/* SIGRTMIN+1 is sent on purpose by the test; it must all arrive. */
	sa.sa_handler = on_rt;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGRTMIN + 1, &sa, NULL);

	th = start_reader(b);
	printf("READY %d %d %s\n", getpid(), atomic_load(&reader_tid),
	       b->kernel_fn);
	fflush(stdout);
	do {
		n = read(0, line, sizeof(line));
	} while (n < 0 && errno == EINTR);
	finish_reader(b, th);
	read_buf[read_ret > 0 ? read_ret : 0] = '\0';
	printf("RESULT read=%zd errno=%d data=%s unexpected=%d rt=%d\n",
	       (ssize_t)read_ret, read_ret < 0 ? read_errno : 0, read_buf,
	       atomic_load(&unexpected), atomic_load(&rt_count));
	fflush(stdout);
	return read_ret == 4 && !strcmp(read_buf, "ping") &&
	       !atomic_load(&unexpected) ? 0 : 1;
}

/* ---- the self-test ---- */

/* Is a an address in an executable mapping of this process? */
static int in_exec_mapping(__u64 a)
{
	unsigned long long lo, hi;
	char line[512], perm[8];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	CHECK(f, "open maps");
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx %7s", &lo, &hi, perm) == 3 &&
		    a >= lo && a < hi && perm[2] == 'x')
			found = 1;
	fclose(f);
	return found;
}

static int self_test(const struct blocker *b)
{
	struct kstack_thread_ctx c;
	__u64 ent[KSTACK_MAX_ENTRIES], word, text[8], text2[8];
	char names[4096], proc[4096];
	static unsigned char stackbuf[KSTACK_READ_MAX];
	uint32_t info, copied;
	__u64 base;
	pid_t tid;
	pthread_t th;
	int fd, n, m, i;

	fd = kst_open();
	CHECK(kst_load_syms() > 0, "/proc/kallsyms shows no addresses");
	th = start_reader(b);
	tid = atomic_load(&reader_tid);

	/* The saved context of a thread blocked in the kernel. */
	CHECK(kst_ctx(fd, tid, &c) == 0, "THREAD_CONTEXT");
	CHECK(c.size == sizeof(c), "size out %u", c.size);
	CHECK(c.state == 'S', "state %c", c.state);
	CHECK(c.tgid == getpid(), "tgid %d", c.tgid);
	CHECK(!strcmp(c.comm, "kst-reader"), "comm '%s'", c.comm);
	CHECK(!(c.info & (KSTACK_INFO_ON_CPU | KSTACK_INFO_KTHREAD |
			  KSTACK_INFO_EXITING | KSTACK_INFO_SELF)),
	      "info %#x", c.info);
	CHECK(!!(c.info & KSTACK_INFO_COMPAT) == (sizeof(long) == 4),
	      "compat bit, info %#x", c.info);
	CHECK(c.stack_size >= 8192 && !(c.stack_size & (c.stack_size - 1)),
	      "stack size %llu", c.stack_size);
	CHECK(c.kernel_sp >= c.stack_base &&
	      c.kernel_sp < c.stack_base + c.stack_size,
	      "kernel_sp %#llx outside its stack", c.kernel_sp);
	CHECK(c.resume_ip >= 0xffff800000000000ull, "resume_ip %#llx",
	      c.resume_ip);
	CHECK(in_exec_mapping(c.user_ip), "user_ip %#llx", c.user_ip);
	CHECK(c.user_sp <= reader_mark && reader_mark - c.user_sp < 65536,
	      "user_sp %#llx vs a local at %#lx", c.user_sp,
	      (unsigned long)reader_mark);

	/* The caller itself is on a CPU: no saved switch frame. */
	CHECK(kst_ctx(fd, (pid_t)syscall(SYS_gettid), &c) == 0, "ctx self");
	CHECK(c.state == 'R', "own state %c", c.state);
	CHECK((c.info & (KSTACK_INFO_SELF | KSTACK_INFO_ON_CPU)) ==
	      (KSTACK_INFO_SELF | KSTACK_INFO_ON_CPU), "own info %#x", c.info);
	CHECK(!c.kernel_sp && !c.resume_ip, "own kernel_sp/resume_ip set");
	CHECK(kst_ctx(fd, tid, &c) == 0, "THREAD_CONTEXT again");

	/* The kernel stack: the wait function, the same as /proc's. */
	n = kst_trace(fd, tid, ent, KSTACK_MAX_ENTRIES, &info);
	CHECK(n >= 3, "STACK_TRACE gave %d", n);
	CHECK(!(info & (KSTACK_INFO_TRUNCATED | KSTACK_INFO_UNRELIABLE)),
	      "trace info %#x", info);
	CHECK(ent[0] == c.resume_ip, "first frame %#llx != resume_ip",
	      ent[0]);
	names[0] = '\0';
	for (i = 0, m = 0; i < n; i++) {
		const struct kst_sym *s = kst_sym_of(ent[i]);

		printf("%s%s", i ? " " : "kernel stack: ", s ? s->name : "?");
		/* As /proc/PID/stack, without the scheduler's own frames. */
		if (kst_in_sched(ent[i]))
			continue;
		snprintf(names + strlen(names), sizeof(names) - strlen(names),
			 "%s%s", m++ ? " " : "", s ? s->name : "?");
	}
	printf("\n");
	CHECK(kst_in_sched(ent[0]), "the first frame is not the scheduler's");
	CHECK(strstr(names, b->kernel_fn), "no %s in '%s'", b->kernel_fn,
	      names);
	if (!strcmp(b->name, "datastack")) {
		/* The wait function is the module's: [datastack]. */
		for (i = 0; i < n; i++) {
			const struct kst_sym *s = kst_sym_of(ent[i]);

			if (s && !strcmp(s->name, "ds_sleep"))
				break;
		}
		CHECK(i < n && !strcmp(kst_sym_of(ent[i])->module, "datastack"),
		      "ds_sleep is not attributed to [datastack]");
	}
	CHECK(kst_proc_stack(getpid(), tid, proc, sizeof(proc)) == m,
	      "/proc stack '%s' vs '%s'", proc, names);
	CHECK(!strcmp(proc, names), "/proc stack '%s' vs '%s'", proc, names);
	CHECK(kst_trace(fd, tid, ent, 2, &info) == 2, "max_entries 2");
	CHECK(info & KSTACK_INFO_TRUNCATED, "no TRUNCATED, info %#x", info);

	/* Its stack: the switch frame's return address is resume_ip. */
	CHECK(kst_read(fd, tid, c.kernel_sp + 6 * 8, &word, 8, &copied) == 0,
	      "read the switch frame");
	CHECK(copied == 8 && word == c.resume_ip, "ret_addr %#llx", word);
	CHECK(kst_read(fd, tid, c.stack_base, stackbuf,
		       (uint32_t)c.stack_size, &copied) == 0, "read the stack");
	CHECK(copied == c.stack_size, "copied %u", copied);
	CHECK(!memcmp(stackbuf + (c.kernel_sp + 48 - c.stack_base), &word, 8),
	      "whole-stack read disagrees");
	CHECK_ERR(kst_read(fd, 0, c.kernel_sp, &word, 8, &copied), EPERM);
	CHECK_ERR(kst_read(fd, tid, c.stack_base + c.stack_size - 4, &word, 8,
			   &copied), EPERM);
	CHECK_ERR(kst_read(fd, tid, c.stack_base - 8, &word, 16, &copied),
		  EPERM);
	CHECK(copied == 0, "copied %u on EPERM", copied);

	/* Kernel text: the code the thread returns to. */
	CHECK(kst_read(fd, 0, ent[n / 2], text, sizeof(text), &copied) == 0,
	      "read text at %#llx", ent[n / 2]);
	CHECK(kst_read(fd, tid, ent[n / 2], text2, sizeof(text2), &copied) == 0,
	      "read text with a tid");
	CHECK(!memcmp(text, text2, sizeof(text)), "text changed");

	/* Released, the blocked read completes normally. */
	finish_reader(b, th);
	CHECK(read_ret == 4 && !memcmp(read_buf, "ping", 4),
	      "read returned %zd (errno %d)", (ssize_t)read_ret, read_errno);

	/* Gone (join returns before the exiting thread is reaped). */
	base = c.stack_base;
	for (i = 0; i < 1000 && kst_proc_state(getpid(), tid); i++)
		usleep(10000);
	CHECK_ERR(kst_ctx(fd, tid, &c), ESRCH);
	CHECK_ERR(kst_trace(fd, tid, ent, 8, &info), ESRCH);
	CHECK_ERR(kst_read(fd, tid, base, &word, 8, &copied), ESRCH);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const struct blocker *b = pick_blocker();

	if (argc > 1 && !strcmp(argv[1], "--hold"))
		return hold(b);
	return self_test(b);
}
