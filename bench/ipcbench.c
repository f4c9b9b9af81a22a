// SPDX-License-Identifier: GPL-2.0
/*
 * ipcbench: DataStack against POSIX message queues, System V message
 * queues, pipes and AF_UNIX SOCK_SEQPACKET sockets, on the same workloads.
 * Prints CSV rows:  contender,workload,size,metric,value
 * Times come from CLOCK_MONOTONIC; under QEMU's -icount shift=0 a guest
 * nanosecond is one executed instruction, so "ns" figures are then
 * instruction counts.  Every workload checks that what was received is
 * what was sent (count and content) and exits 1 if not.
 *
 *   ipcbench [--scale F] [--only CONTENDER] [--workloads LIST] [--size N]
 *            [--memory-items N] [--memory-mb N] [--runs N]
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <mqueue.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <datastack.h>

#include "common/clock.h"
#include "bench.h"

double scale = 1.0;
static long memory_items = 1000000;
static long memory_mb = 64;	/* of payload, per item size above 8 B */
const char *only;
static const char *workloads =
	"floor,pair,stream,pingpong,contention,batch,event_loop,names,memory,listing";
static int runs = 5;		/* of the contention workload, per size */
static int ctl_fd = -1;

void die(const char *what)
{
	fprintf(stderr, "ipcbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

void fail(const char *what)
{
	fprintf(stderr, "ipcbench: check failed: %s\n", what);
	exit(1);
}

uint64_t now_ns(void)
{
	return (uint64_t)mono_ns();
}

long iters(long n)
{
	long v = (long)(n * scale);

	return v < 4 ? 4 : v;
}

void row(const char *who, const char *workload, long size,
		const char *metric, double value)
{
	printf("%s,%s,%ld,%s,%.1f\n", who, workload, size, metric, value);
	fflush(stdout);
}

/* ---- contenders: one-directional message channels ---- */

struct chan {
	int fd[2];		/* send side, receive side (same for objects) */
	mqd_t mq;
	int msqid;
	char name[64];
};

struct contender {
	const char *name;
	int max_size;		/* largest message it carries here */
	void (*make)(struct chan *c, int size);
	void (*send)(struct chan *c, const void *buf, int len);
	int (*recv)(struct chan *c, void *buf, int len);
	void (*destroy)(struct chan *c);
};

/*
 * The bench's own instance, in a private mount namespace, with limits for
 * its 100,000 names and 1,000,000 items: the system instance's defaults
 * are smaller, and nothing it holds is disturbed.
 */
static char bench_dir[] = "/tmp/ipcbench.XXXXXX";

static void bench_instance(void)
{
	if (!mkdtemp(bench_dir))
		die("mkdtemp");
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		die("a private mount namespace (run as root)");
	if (mount("none", bench_dir, "datastack", 0,
		  "max_objects=1000000,max_bytes=4G,max_item_size=1M"))
		die("mount the bench's instance");
	setenv("DATASTACK_DIR", bench_dir, 1);
}

static void ds_ctl_reset(void)
{
	if (ctl_fd >= 0)
		close(ctl_fd);
	ctl_fd = -1;
}

static int ds_ctl(void)
{
	if (ctl_fd < 0) {
		ctl_fd = open(ds_instance_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (ctl_fd < 0)
			die("open the instance's directory");
	}
	return ctl_fd;
}

/* DataStack goes through libdatastack: each call is one ioctl. */
int ds_make_obj(const char *name, unsigned int flags, uint64_t max_items)
{
	struct ds_limits l = { .max_items = max_items };
	int fd = ds_create(name, flags, 0600, &l);

	if (fd < 0) {
		errno = -fd;
		die("ds_create");
	}
	return fd;
}

static void ds_make(struct chan *c, int size)
{
	(void)size;
	c->fd[0] = c->fd[1] = ds_make_obj(NULL, DS_CREATE_FIFO, DEPTH);
}

static void ds_send(struct chan *c, const void *buf, int len)
{
	int ret;

	while ((ret = ds_push(c->fd[0], buf, len, 0)) < 0)
		if (ret != -EINTR) {
			errno = -ret;
			die("ds_push");
		}
}

static int ds_recv(struct chan *c, void *buf, int len)
{
	size_t size;
	int ret;

	do {
		size = len;
		ret = ds_pop(c->fd[1], buf, &size, 0);
	} while (ret == -EINTR);
	if (ret < 0) {
		errno = -ret;
		die("ds_pop");
	}
	return (int)size;
}

static void fd_destroy(struct chan *c)
{
	close(c->fd[0]);
	if (c->fd[1] != c->fd[0])
		close(c->fd[1]);
}

static void mq_make(struct chan *c, int size)
{
	struct mq_attr a = { .mq_maxmsg = DEPTH, .mq_msgsize = size };
	static int seq;

	snprintf(c->name, sizeof(c->name), "/ipcbench-%d-%d", getpid(), seq++);
	c->mq = mq_open(c->name, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
	if (c->mq == (mqd_t)-1)
		die("mq_open");
	mq_unlink(c->name);
}

static void mq_send_(struct chan *c, const void *buf, int len)
{
	while (mq_send(c->mq, buf, len, 0) < 0)
		if (errno != EINTR)
			die("mq_send");
}

static int mq_recv_(struct chan *c, void *buf, int len)
{
	ssize_t n;

	while ((n = mq_receive(c->mq, buf, len, NULL)) < 0)
		if (errno != EINTR)
			die("mq_receive");
	return n;
}

static void mq_destroy(struct chan *c)
{
	mq_close(c->mq);
}

struct sysv_msg {
	long mtype;
	char data[MAX_SIZE];
};

static void sysv_make(struct chan *c, int size)
{
	struct msqid_ds ds;

	c->msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (c->msqid < 0)
		die("msgget");
	if (msgctl(c->msqid, IPC_STAT, &ds) < 0)
		die("IPC_STAT");
	ds.msg_qbytes = (unsigned long)DEPTH * size;
	if (msgctl(c->msqid, IPC_SET, &ds) < 0)
		die("IPC_SET");
}

static void sysv_send(struct chan *c, const void *buf, int len)
{
	static __thread struct sysv_msg m;

	m.mtype = 1;
	memcpy(m.data, buf, len);
	while (msgsnd(c->msqid, &m, len, 0) < 0)
		if (errno != EINTR)
			die("msgsnd");
}

static int sysv_recv(struct chan *c, void *buf, int len)
{
	static __thread struct sysv_msg m;
	ssize_t n;

	while ((n = msgrcv(c->msqid, &m, len, 0, 0)) < 0)
		if (errno != EINTR)
			die("msgrcv");
	memcpy(buf, m.data, n);
	return n;
}

static void sysv_destroy(struct chan *c)
{
	msgctl(c->msqid, IPC_RMID, NULL);
}

/* Packet-mode pipe: each write is one message (up to PIPE_BUF). */
void packet_pipe(int fd[2], int size)
{
	int r;

	if (pipe2(fd, O_DIRECT) < 0)
		die("pipe2");
	/* fd[0] reads, fd[1] writes: swap to send/receive order. */
	r = fd[0];
	fd[0] = fd[1];
	fd[1] = r;
	if (fcntl(fd[0], F_SETPIPE_SZ, DEPTH * (size < 4096 ? 4096 : size)) < 0)
		die("F_SETPIPE_SZ");
}

static void pipe_make(struct chan *c, int size)
{
	packet_pipe(c->fd, size);
}

static void fd_send(struct chan *c, const void *buf, int len)
{
	ssize_t n;

	while ((n = write(c->fd[0], buf, len)) < 0)
		if (errno != EINTR)
			die("write");
	if (n != len)
		fail("short write");
}

static int fd_recv(struct chan *c, void *buf, int len)
{
	ssize_t n;

	while ((n = read(c->fd[1], buf, len)) < 0)
		if (errno != EINTR)
			die("read");
	return n;
}

static void seqpacket_make(struct chan *c, int size)
{
	int buf = DEPTH * (size + 512);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, c->fd) < 0)
		die("socketpair");
	setsockopt(c->fd[0], SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	setsockopt(c->fd[1], SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
}

static const struct contender contenders[] = {
	{ "datastack", MAX_SIZE, ds_make, fd_send, fd_recv, fd_destroy },
	{ "datastack_ioctl", MAX_SIZE, ds_make, ds_send, ds_recv, fd_destroy },
	{ "posix_mq", MAX_SIZE, mq_make, mq_send_, mq_recv_, mq_destroy },
	{ "sysv_msg", MAX_SIZE, sysv_make, sysv_send, sysv_recv, sysv_destroy },
	{ "pipe", 4096, pipe_make, fd_send, fd_recv, fd_destroy },
	{ "unix_seqpacket", MAX_SIZE, seqpacket_make, fd_send, fd_recv, fd_destroy },
};

static const int sizes[] = { 8, 64, 1024, 16384, 65536 };
static int only_size;

static bool wanted(const char *list, const char *name)
{
	const char *p = strstr(list, name);
	size_t n = strlen(name);

	return p && (p == list || p[-1] == ',') && (p[n] == ',' || !p[n]);
}

/* Message i of a run: its number, then a fill derived from it. */
void stamp(char *buf, int len, uint32_t i)
{
	memset(buf, (char)i, len);
	memcpy(buf, &i, len < 4 ? len : 4);
}

uint32_t unstamp(const char *buf, int len)
{
	uint32_t i = 0;

	memcpy(&i, buf, len < 4 ? len : 4);
	if (len > 4 && buf[len - 1] != (char)i)
		fail("message content");
	return i;
}

long size_iters(long n, int size)
{
	if (size >= 65536)
		n /= 40;
	else if (size >= 16384)
		n /= 10;
	return iters(n);
}

void reap(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		fail("child process");
}

/* ---- workloads ---- */

static void floor_syscalls(void)
{
	long i, n = iters(200000);
	uint64_t t;

	t = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	row("floor", "getppid", 0, "ns_per_call", (double)(now_ns() - t) / n);
	t = now_ns();
	for (i = 0; i < n; i++)
		ioctl(ds_ctl(), DS_IOC_NOP);
	row("floor", "ds_nop_ioctl", 0, "ns_per_call", (double)(now_ns() - t) / n);

	/* read(2) of an empty object: the whole read path but no item. */
	{
		int fd = ds_make_obj(NULL, DS_NONBLOCK, 0);
		char b[8];

		t = now_ns();
		for (i = 0; i < n; i++)
			if (read(fd, b, sizeof(b)) != -1 || errno != EAGAIN)
				fail("read of an empty object");
		row("floor", "ds_read_empty", 0, "ns_per_call", (double)(now_ns() - t) / n);
		close(fd);
	}
}

/* 1: one thread, send then receive: the cost of one pair. */
static void pair(const struct contender *k, int size)
{
	static char in[MAX_SIZE], out[MAX_SIZE];
	long i, n = size_iters(20000, size);
	struct chan c;
	uint64_t t;

	k->make(&c, size);
	t = now_ns();
	for (i = 0; i < n; i++) {
		stamp(out, size, i);
		k->send(&c, out, size);
		if (k->recv(&c, in, size) != size || unstamp(in, size) != (uint32_t)i)
			fail("pair");
	}
	row(k->name, "pair", size, "ns_per_pair", (double)(now_ns() - t) / n);
	k->destroy(&c);
}

/* 2: one producer process, one consumer process, blocking. */
static void stream(const struct contender *k, int size)
{
	static char buf[MAX_SIZE];
	long i, n = size_iters(20000, size);
	struct chan c;
	uint64_t t;
	pid_t pid;

	k->make(&c, size);
	t = now_ns();
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < n; i++) {
			stamp(buf, size, i);
			k->send(&c, buf, size);
		}
		_exit(0);
	}
	for (i = 0; i < n; i++)
		if (k->recv(&c, buf, size) != size || unstamp(buf, size) != (uint32_t)i)
			fail("stream order");
	t = now_ns() - t;
	reap(pid);
	row(k->name, "stream", size, "ns_per_item", (double)t / n);
	row(k->name, "stream", size, "items_per_s", n * 1e9 / t);
	k->destroy(&c);
}

int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* 3: ping-pong between two processes over two channels. */
static void pingpong(const struct contender *k, int size)
{
	static char buf[MAX_SIZE];
	long i, n = size_iters(5000, size);
	struct chan ab, ba;
	uint64_t *rt, t;
	pid_t pid;

	rt = calloc(n, sizeof(*rt));
	if (!rt)
		die("calloc");
	k->make(&ab, size);
	k->make(&ba, size);
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < n; i++) {
			if (k->recv(&ab, buf, size) != size)
				_exit(1);
			k->send(&ba, buf, size);
		}
		_exit(0);
	}
	for (i = 0; i < n; i++) {
		stamp(buf, size, i);
		t = now_ns();
		k->send(&ab, buf, size);
		if (k->recv(&ba, buf, size) != size || unstamp(buf, size) != (uint32_t)i)
			fail("pingpong");
		rt[i] = now_ns() - t;
	}
	reap(pid);
	qsort(rt, n, sizeof(*rt), cmp_u64);
	row(k->name, "pingpong", size, "rtt_median_ns", rt[n / 2]);
	row(k->name, "pingpong", size, "rtt_p99_ns", rt[n * 99 / 100]);
	free(rt);
	k->destroy(&ab);
	k->destroy(&ba);
}

/* 4: four producers and four consumers on one channel: items per second. */
static double contention_run(const struct contender *k, int size)
{
	static char buf[MAX_SIZE];
	long n = size_iters(80000, size) / 4 * 4, i;
	atomic_long *claimed;
	unsigned char *seen;
	pid_t pids[8];
	struct chan c;
	uint64_t t;
	int p;

	claimed = mmap(NULL, 4096 + n, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (claimed == MAP_FAILED)
		die("mmap");
	seen = (unsigned char *)claimed + 4096;
	atomic_store(claimed, 0);
	k->make(&c, size);
	t = now_ns();
	for (p = 0; p < 8; p++) {
		pids[p] = fork();
		if (pids[p])
			continue;
		if (p < 4) {
			for (i = p; i < n; i += 4) {
				stamp(buf, size, i);
				k->send(&c, buf, size);
			}
		} else {
			/* Claim a message before receiving it: exactly n receives. */
			while (atomic_fetch_add(claimed, 1) < n) {
				if (k->recv(&c, buf, size) != size)
					_exit(1);
				i = unstamp(buf, size);
				if (i >= n || __atomic_add_fetch(&seen[i], 1, __ATOMIC_RELAXED) != 1)
					_exit(2);
			}
		}
		_exit(0);
	}
	for (p = 0; p < 8; p++)
		reap(pids[p]);
	t = now_ns() - t;
	for (i = 0; i < n; i++)
		if (seen[i] != 1)
			fail("contention: a message lost or duplicated");
	k->destroy(&c);
	munmap(claimed, 4096 + n);
	return n * 1e9 / t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The rate of one run moves with where the scheduler happens to put the
 * eight processes: report the median of several runs, and their spread.
 */
static void contention(const struct contender *k, int size)
{
	double rate[64];
	int r, n = runs < 1 ? 1 : runs > 64 ? 64 : runs;

	for (r = 0; r < n; r++)
		rate[r] = contention_run(k, size);
	qsort(rate, n, sizeof(rate[0]), cmp_double);
	row(k->name, "contention", size, "items_per_s", rate[n / 2]);
	row(k->name, "contention", size, "items_per_s_min", rate[0]);
	row(k->name, "contention", size, "items_per_s_max", rate[n - 1]);
	row(k->name, "contention", size, "runs", n);
}

/* 5: DataStack's batch calls against one at a time, 8-byte items. */
static void batch(void)
{
	enum { B = 64 };
	struct iovec iov[B];
	uint64_t out[B], in[B];
	long i, j, n = iters(4000);
	uint64_t t;
	int fd;

	fd = ds_make_obj(NULL, DS_CREATE_FIFO, 0);
	t = now_ns();
	for (i = 0; i < n; i++) {
		for (j = 0; j < B; j++) {
			out[j] = i * B + j;
			iov[j] = (struct iovec){ .iov_base = &out[j], .iov_len = 8 };
		}
		if (ds_pushv(fd, iov, B, 0) != B)
			fail("ds_pushv");
		for (j = 0; j < B; j++)
			iov[j] = (struct iovec){ .iov_base = &in[j], .iov_len = 8 };
		if (ds_popv(fd, iov, B, 0) != B)
			fail("ds_popv");
		for (j = 0; j < B; j++)
			if (in[j] != out[j] || iov[j].iov_len != 8)
				fail("batch content");
	}
	t = now_ns() - t;
	row("datastack", "batch64", 8, "ns_per_item", (double)t / (n * B));
	row("datastack", "batch64", 8, "items_per_s", n * B * 1e9 / t);
	close(fd);
}

/* 6: create+close of a named object; open of a name among 10,000. */
static void names(void)
{
	long i, n = iters(5000), many = scale < 1 ? 1000 : 10000;
	char name[64];
	uint64_t t;
	int fd;
	mqd_t q;
	struct mq_attr a = { .mq_maxmsg = 1, .mq_msgsize = 8 };

	t = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "bench-%ld", i);
		close(ds_make_obj(name, DS_CREATE_EXCLUSIVE, 0));
	}
	row("datastack", "create_close", 8, "ns_per_op", (double)(now_ns() - t) / n);
	t = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/bench-%ld", i);
		q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
		if (q == (mqd_t)-1)
			die("mq_open");
		mq_close(q);
		mq_unlink(name);
	}
	row("posix_mq", "create_close", 8, "ns_per_op", (double)(now_ns() - t) / n);

	for (i = 0; i < many; i++) {
		snprintf(name, sizeof(name), "many-%ld", i);
		close(ds_make_obj(name, DS_CREATE_PERSISTENT | DS_CREATE_EXCLUSIVE, 0));
		snprintf(name, sizeof(name), "/many-%ld", i);
		q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
		if (q == (mqd_t)-1)
			die("mq_open many");
		mq_close(q);
	}
	t = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "many-%ld", (i * 7919) % many);
		fd = ds_open(name, DS_RIGHT_ALL, 0);
		if (fd < 0)
			fail("ds_open");
		close(fd);
	}
	row("datastack", "open_among_many", 8, "ns_per_op", (double)(now_ns() - t) / n);
	t = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/many-%ld", (i * 7919) % many);
		q = mq_open(name, O_RDWR);
		if (q == (mqd_t)-1)
			die("mq_open existing");
		mq_close(q);
	}
	row("posix_mq", "open_among_many", 8, "ns_per_op", (double)(now_ns() - t) / n);
	for (i = 0; i < many; i++) {
		snprintf(name, sizeof(name), "many-%ld", i);
		if (ds_unlink(name) < 0)
			fail("ds_unlink");
		snprintf(name, sizeof(name), "/many-%ld", i);
		mq_unlink(name);
	}
}

/* One full listing of the instance: readdir and ds_stat() of each name. */
static long list_once(const char *dir)
{
	struct ds_info info;
	struct dirent *e;
	DIR *d = opendir(dir);
	long n = 0;

	if (!d)
		die("opendir");
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && ds_stat(e->d_name, &info) == 0)
			n++;
	closedir(d);
	return n;
}

/*
 * 8: creates among many objects while another process lists the instance
 * in a loop: the worst create latency shows what the listing holds (no
 * module-wide lock; only the directory's own, per getdents call).  In a
 * private instance of this process's own mount namespace.
 */
static void listing(void)
{
	long i, many = scale >= 0.25 ? 100000 : scale >= 0.05 ? 10000 : 1000;
	long n = iters(2000), passes = 0;
	char dir[] = "/tmp/ipcbench-list.XXXXXX", opts[64], name[32];
	uint64_t t, *lat = calloc(n, sizeof(*lat));
	atomic_long *stop;
	pid_t pid;
	int fd;

	stop = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!lat || stop == MAP_FAILED || !mkdtemp(dir))
		die("listing setup");
	snprintf(opts, sizeof(opts), "max_objects=%ld", 2 * many + n);
	if (mount("none", dir, "datastack", 0, opts))
		die("mount a private instance");
	setenv("DATASTACK_DIR", dir, 1);
	ds_ctl_reset();
	for (i = 0; i < many; i++) {
		snprintf(name, sizeof(name), "obj-%ld", i);
		fd = ds_create(name, DS_CREATE_PERSISTENT, 0600, NULL);
		if (fd < 0)
			fail("listing: create");
		close(fd);
	}
	t = now_ns();
	if (list_once(dir) != many)
		fail("listing: not every object listed");
	row("datastack", "list", many, "ns_per_listing", now_ns() - t);
	pid = fork();
	if (pid == 0) {
		while (!atomic_load(stop)) {
			list_once(dir);
			atomic_fetch_add(stop + 1, 1);
		}
		_exit(0);
	}
	while (atomic_load(stop + 1) == 0)
		usleep(1000);	/* the lister is under way */
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "new-%ld", i);
		t = now_ns();
		fd = ds_create(name, DS_CREATE_PERSISTENT, 0600, NULL);
		lat[i] = now_ns() - t;
		if (fd < 0)
			fail("listing: create while listing");
		close(fd);
	}
	atomic_store(stop, 1);
	reap(pid);
	passes = atomic_load(stop + 1);
	qsort(lat, n, sizeof(*lat), cmp_u64);
	row("datastack", "create_while_listing", many, "median_ns", lat[n / 2]);
	row("datastack", "create_while_listing", many, "p99_ns", lat[n * 99 / 100]);
	row("datastack", "create_while_listing", many, "max_ns", lat[n - 1]);
	row("datastack", "create_while_listing", many, "listings_meanwhile", passes);
	setenv("DATASTACK_DIR", bench_dir, 1);
	ds_ctl_reset();
	umount(dir);	/* every object goes with the instance */
	rmdir(dir);
	free(lat);
	munmap(stop, 4096);
}

#define MEM_CG	"/sys/fs/cgroup/ipcbench-memory"

static bool put_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	bool ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * The kernel memory queued items take, as their memory cgroup is charged
 * for it: every item and message here is charged (__GFP_ACCOUNT), exactly
 * but for the per-CPU charge stock (at most 64 pages a CPU).  The free
 * page count is no measure: pages freed to the per-CPU lists (megabytes
 * of them) are not counted free until drained.
 */
static long memory_bytes(void)
{
	char buf[64];
	long v = -1;
	int fd = open(MEM_CG "/memory.current", O_RDONLY);
	ssize_t len = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (len > 0) {
		buf[len] = 0;
		v = atol(buf);
	}
	if (v < 0)
		fail("memory: cannot read " MEM_CG "/memory.current");
	return v;
}

static double ds_memory(int size, long n)
{
	static char v[MAX_SIZE];
	long i, before;
	int fd = ds_make_obj(NULL, 0, 0);

	before = memory_bytes();
	for (i = 0; i < n; i++)
		if (ds_push(fd, v, size, DS_WAIT_NONBLOCK) < 0)
			fail("memory push");
	before = memory_bytes() - before;
	if (ds_clear(fd) != n)
		fail("memory: clear count");
	close(fd);
	return (double)before / n;
}

static double mq_memory(int size, long n)
{
	long i, before, per_q = n < 65536 ? n : 65536, nq = (n + per_q - 1) / per_q;
	struct mq_attr a = { .mq_maxmsg = per_q, .mq_msgsize = size };
	static char v[MAX_SIZE];
	char name[64];
	mqd_t qs[64];

	if (nq > 64)
		fail("memory: too many queues");
	for (i = 0; i < nq; i++) {
		snprintf(name, sizeof(name), "/mem-%ld", i);
		qs[i] = mq_open(name, O_RDWR | O_CREAT | O_NONBLOCK, 0600, &a);
		if (qs[i] == (mqd_t)-1)
			die("mq_open memory (raise fs.mqueue.msg_max)");
		mq_unlink(name);
	}
	before = memory_bytes();
	for (i = 0; i < n; i++)
		if (mq_send(qs[i / per_q], v, size, 0) < 0)
			die("mq_send memory");
	before = memory_bytes() - before;
	for (i = 0; i < nq; i++)
		mq_close(qs[i]);
	return (double)before / n;
}

/*
 * 7: kernel memory per queued item: 8-byte items (memory_items of them),
 * and at 1 KiB to 64 KiB, with the sizes just past each allocation step in
 * between (memory_mb of payload each).
 */
static void memory(void)
{
	static const int msizes[] = { 8, 513, 1024, 1025, 2049, 4096, 4097,
				      8193, 16384, 16385, 32769, 65536 };
	char self[32];
	size_t i;
	pid_t pid;
	long n;

	put_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	rmdir(MEM_CG);
	if (mkdir(MEM_CG, 0755) && errno != EEXIST) {
		fprintf(stderr, "ipcbench: no memory cgroup (%s): memory workload left out\n",
			strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		snprintf(self, sizeof(self), "%d", getpid());
		if (!put_file(MEM_CG "/cgroup.procs", self))
			fail("memory: cannot join " MEM_CG);
		for (i = 0; i < sizeof(msizes) / sizeof(msizes[0]); i++) {
			n = msizes[i] == 8 ? memory_items : memory_mb * 1048576 / msizes[i];
			if (n < 16)
				n = 16;
			row("datastack", "memory", msizes[i], "bytes_per_item",
			    ds_memory(msizes[i], n));
			row("posix_mq", "memory", msizes[i], "bytes_per_item",
			    mq_memory(msizes[i], n));
		}
		fflush(stdout);
		_exit(0);
	}
	reap(pid);
	rmdir(MEM_CG);
}

static void raise_limits(void)
{
	struct rlimit inf = { RLIM_INFINITY, RLIM_INFINITY };
	struct rlimit files = { 65536, 65536 };
	static const char *const sysctls[][2] = {
		{ "/proc/sys/fs/mqueue/msg_max", "65536" },
		{ "/proc/sys/fs/mqueue/msgsize_max", "65536" },
		{ "/proc/sys/fs/mqueue/queues_max", "100000" },
		{ "/proc/sys/kernel/msgmax", "65536" },
		{ "/proc/sys/kernel/msgmnb", "4194304" },
	};
	size_t i;

	setrlimit(RLIMIT_MSGQUEUE, &inf);
	setrlimit(RLIMIT_NOFILE, &files);
	for (i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++) {
		FILE *f = fopen(sysctls[i][0], "w");

		if (f) {
			fputs(sysctls[i][1], f);
			fclose(f);
		}
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scale", required_argument, NULL, 's' },
		{ "only", required_argument, NULL, 'o' },
		{ "workloads", required_argument, NULL, 'w' },
		{ "size", required_argument, NULL, 'z' },
		{ "memory-items", required_argument, NULL, 'm' },
		{ "runs", required_argument, NULL, 'r' },
		{ "memory-mb", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	size_t k, s;
	int c;

	while ((c = getopt_long(argc, argv, "s:o:w:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': scale = atof(optarg); break;
		case 'o': only = optarg; break;
		case 'w': workloads = optarg; break;
		case 'z': only_size = atoi(optarg); break;
		case 'm': memory_items = atol(optarg); break;
		case 'r': runs = atoi(optarg); break;
		case 'M': memory_mb = atol(optarg); break;
		default:
			printf("usage: ipcbench [--scale F] [--only CONTENDER] [--workloads LIST] [--size N] [--memory-items N] [--memory-mb N] [--runs N]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	raise_limits();
	bench_instance();
	printf("contender,workload,size,metric,value\n");
	if (wanted(workloads, "floor")) {
		floor_syscalls();
		uring_floor();
	}
	for (k = 0; k < sizeof(contenders) / sizeof(contenders[0]); k++) {
		const struct contender *ct = &contenders[k];

		if (only && strcmp(only, ct->name))
			continue;
		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			if (sizes[s] > ct->max_size || (only_size && sizes[s] != only_size))
				continue;
			if (wanted(workloads, "pair"))
				pair(ct, sizes[s]);
			if (wanted(workloads, "stream"))
				stream(ct, sizes[s]);
			if (wanted(workloads, "pingpong"))
				pingpong(ct, sizes[s]);
			if (wanted(workloads, "contention"))
				contention(ct, sizes[s]);
		}
	}
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		if (only_size && sizes[s] != only_size)
			continue;
		if (wanted(workloads, "pair"))
			uring_pair(sizes[s]);
		if (wanted(workloads, "stream"))
			uring_stream(sizes[s]);
	}
	if (wanted(workloads, "batch") && (!only || !strcmp(only, "datastack")))
		batch();
	if (wanted(workloads, "batch"))
		uring_batch();
	if (wanted(workloads, "event_loop"))
		uring_event_loop();
	if (wanted(workloads, "names"))
		names();
	if (wanted(workloads, "memory"))
		memory();
	if (wanted(workloads, "listing"))
		listing();
	ds_ctl_reset();
	umount(bench_dir);
	rmdir(bench_dir);
	return 0;
}
