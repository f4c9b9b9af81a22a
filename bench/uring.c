// SPDX-License-Identifier: GPL-2.0
/*
 * ipcbench's io_uring contenders: DataStack through IORING_OP_READ/WRITE
 * (datastack_uring) and through its uring_cmd push and pop
 * (datastack_uring_cmd; datastack_uring_cmdv: PUSHV/POPV), and packet-mode
 * pipes through READ/WRITE (pipe_uring), on the pair, stream and batch
 * workloads, and an event loop: one thread, 1,000 channels, a pop pending
 * on each in one ring, the items written by another process.  Built only
 * where liburing is installed; without it these workloads print nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "bench.h"

#if __has_include(<liburing.h>)
#include <datastack.h>
#include <datastack/uring.h>

#define QD	32	/* pairs per submit in the pair workload */
#define LOOP_N	1000	/* channels (and pending pops) of the event loop */

struct ring_contender {
	const char *name;
	int max_size;
	void (*make)(int fd[2], int size);	/* send side, receive side */
	void (*prep_send)(struct io_uring_sqe *sqe, int fd, const void *buf, int len);
	void (*prep_recv)(struct io_uring_sqe *sqe, int fd, void *buf, int len);
	int share;	/* runs 1/share of the iterations: for a slow path */
};

static void ds_ring_make(int fd[2], int size)
{
	(void)size;
	fd[0] = fd[1] = ds_make_obj(NULL, DS_CREATE_FIFO, DEPTH);
}

static void rw_send(struct io_uring_sqe *sqe, int fd, const void *buf, int len)
{
	io_uring_prep_write(sqe, fd, buf, len, 0);
}

static void rw_recv(struct io_uring_sqe *sqe, int fd, void *buf, int len)
{
	io_uring_prep_read(sqe, fd, buf, len, 0);
}

static void cmd_send(struct io_uring_sqe *sqe, int fd, const void *buf, int len)
{
	ds_prep_push(sqe, fd, buf, len, 0);
}

static void cmd_recv(struct io_uring_sqe *sqe, int fd, void *buf, int len)
{
	ds_prep_pop(sqe, fd, buf, len, 0);
}

/*
 * On 6.1 a pipe's WRITE is punted to an io-wq worker (pipes gained
 * FMODE_NOWAIT writes later), about 100x DataStack's cost per pair: it runs
 * an eighth of the iterations so that the bench ends in its time.
 */
static const struct ring_contender ring_contenders[] = {
	{ "datastack_uring", MAX_SIZE, ds_ring_make, rw_send, rw_recv, 1 },
	{ "datastack_uring_cmd", MAX_SIZE, ds_ring_make, cmd_send, cmd_recv, 1 },
	{ "pipe_uring", 4096, packet_pipe, rw_send, rw_recv, 8 },
};

#define FOR_EACH_RING(k)						\
	for (k = ring_contenders;					\
	     k < ring_contenders + sizeof(ring_contenders) / sizeof(ring_contenders[0]); k++) \
		if (!only || !strcmp(only, k->name))

static void close_pair(int fd[2])
{
	close(fd[0]);
	if (fd[1] != fd[0])
		close(fd[1]);
}

static void ring_init(struct io_uring *ring, unsigned int entries)
{
	struct io_uring_params p = { .flags = IORING_SETUP_CQSIZE, .cq_entries = 2 * entries };
	int err = io_uring_queue_init_params(entries, ring, &p);

	if (err) {
		errno = -err;
		die("io_uring_queue_init");
	}
}

static struct io_uring_sqe *sqe_of(struct io_uring *ring, uint64_t data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		fail("the submission queue is full");
	sqe->user_data = data;
	return sqe;
}

/* Waits for n completions and hands each to fn; fails on an error result. */
static void reap_cqes(struct io_uring *ring, unsigned int n,
		      void (*fn)(void *ctx, uint64_t data, int res), void *ctx)
{
	struct io_uring_cqe *cqe;
	unsigned int head, seen;
	int err;

	while (n) {
		err = io_uring_wait_cqe(ring, &cqe);
		if (err == -EINTR)
			continue;
		if (err) {
			errno = -err;
			die("io_uring_wait_cqe");
		}
		seen = 0;
		io_uring_for_each_cqe(ring, head, cqe) {
			if (cqe->res < 0) {
				errno = -cqe->res;
				die("an io_uring completion");
			}
			fn(ctx, cqe->user_data, cqe->res);
			if (++seen == n)
				break;
		}
		io_uring_cq_advance(ring, seen);
		n -= seen;
	}
}

/*
 * Sends carry user data 0; receives their slot + 1.  Each round's QD items
 * must each arrive once and intact: a pipe's WRITE that io_uring retries
 * later may land after the next one, so the order is not checked.
 */
struct pair_ctx {
	char *in;
	int size;
	uint32_t base, seen;
};

static void pair_check(void *ctx, uint64_t data, int res)
{
	struct pair_ctx *c = ctx;
	uint32_t i;

	if (!data)
		return;
	i = unstamp(c->in + (data - 1) * c->size, c->size) - c->base;
	if (res != c->size || i >= QD || (c->seen & (1u << i)))
		fail("uring pair: an item lost, duplicated or corrupted");
	c->seen |= 1u << i;
}

/* 1: QD sends then QD receives, one submit and one wait per round. */
static void ring_pair(const struct ring_contender *k, int size)
{
	static char out[QD * 4096], in[QD * 4096];
	long i, rounds = size_iters(20000, size) / k->share / QD + 1;
	char *ob = size <= 4096 ? out : malloc((size_t)QD * size);
	char *ib = size <= 4096 ? in : malloc((size_t)QD * size);
	struct pair_ctx c = { .in = ib, .size = size };
	struct io_uring ring;
	uint64_t t;
	int fd[2], j;

	if (!ob || !ib)
		die("malloc");
	k->make(fd, size);
	ring_init(&ring, 2 * QD);
	t = now_ns();
	for (i = 0; i < rounds; i++) {
		c.base = i * QD;
		c.seen = 0;
		for (j = 0; j < QD; j++) {
			stamp(ob + j * size, size, c.base + j);
			k->prep_send(sqe_of(&ring, 0), fd[0], ob + j * size, size);
		}
		for (j = 0; j < QD; j++)
			k->prep_recv(sqe_of(&ring, j + 1), fd[1], ib + j * size, size);
		if (io_uring_submit(&ring) != 2 * QD)
			fail("uring pair submit");
		reap_cqes(&ring, 2 * QD, pair_check, &c);
	}
	row(k->name, "pair", size, "ns_per_pair", (double)(now_ns() - t) / (rounds * QD));
	io_uring_queue_exit(&ring);
	close_pair(fd);
	if (ob != out) {
		free(ob);
		free(ib);
	}
}

/* Each of n items arrives once: a shared map of what was seen. */
struct seen_ctx {
	unsigned char *seen;
	char *buf;
	int size;
	long n, got;
};

static void seen_check(void *ctx, uint64_t data, int res)
{
	struct seen_ctx *c = ctx;
	uint32_t i = unstamp(c->buf + data * c->size, c->size);

	if (res != c->size || i >= c->n || c->seen[i]++)
		fail("uring stream: an item lost, duplicated or corrupted");
	c->got++;
}

static void nothing(void *ctx, uint64_t data, int res)
{
	(void)ctx, (void)data, (void)res;
}

/*
 * 2: a producer process and a consumer process, each with its own ring
 * and QD operations in flight (pending in the ring while they cannot be
 * done); every item is checked to arrive once and intact.
 */
static void ring_stream(const struct ring_contender *k, int size)
{
	long n = size_iters(20000, size) / k->share / QD * QD + QD, i, sent;
	struct seen_ctx c = { .size = size, .n = n };
	struct io_uring ring;
	int fd[2], j;
	uint64_t t;
	pid_t pid;

	c.seen = calloc(n, 1);
	c.buf = malloc((size_t)QD * size);
	if (!c.seen || !c.buf)
		die("malloc");
	k->make(fd, size);
	t = now_ns();
	pid = fork();
	if (pid == 0) {
		ring_init(&ring, QD);
		for (sent = 0; sent < n; sent += QD) {
			for (j = 0; j < QD; j++) {
				stamp(c.buf + j * size, size, sent + j);
				k->prep_send(sqe_of(&ring, j), fd[0], c.buf + j * size, size);
			}
			io_uring_submit(&ring);
			reap_cqes(&ring, QD, nothing, NULL);
		}
		_exit(0);
	}
	ring_init(&ring, QD);
	for (j = 0; j < QD; j++)
		k->prep_recv(sqe_of(&ring, j), fd[1], c.buf + j * size, size);
	for (i = QD; c.got < n; ) {
		struct io_uring_cqe *cqe;
		unsigned int head, seen = 0;

		if (io_uring_submit_and_wait(&ring, 1) < 0)
			die("io_uring_submit_and_wait");
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->res < 0) {
				errno = -cqe->res;
				die("uring stream receive");
			}
			seen_check(&c, cqe->user_data, cqe->res);
			if (i++ < n)
				k->prep_recv(sqe_of(&ring, cqe->user_data), fd[1],
					     c.buf + cqe->user_data * size, size);
			seen++;
		}
		io_uring_cq_advance(&ring, seen);
	}
	t = now_ns() - t;
	reap(pid);
	row(k->name, "stream", size, "ns_per_item", (double)t / n);
	row(k->name, "stream", size, "items_per_s", n * 1e9 / t);
	io_uring_queue_exit(&ring);
	close_pair(fd);
	free(c.seen);
	free(c.buf);
}

/* 5: 64 8-byte items a submit, as 64 sends and 64 receives, or 2 batches. */
static void batch_round(struct io_uring *ring, const struct ring_contender *k,
			const int fd[2], uint64_t *out, uint64_t *in,
			struct ds_iovec *iov)
{
	int j;

	if (!k) {
		for (j = 0; j < 64; j++)
			iov[j] = (struct ds_iovec){ .base = (uintptr_t)&out[j], .len = 8 };
		for (j = 0; j < 64; j++)
			iov[64 + j] = (struct ds_iovec){ .base = (uintptr_t)&in[j], .len = 8 };
		ds_prep_pushv(sqe_of(ring, 0), fd[0], iov, 64, 0);
		ds_prep_popv(sqe_of(ring, 1), fd[1], iov + 64, 64, 0);
		io_uring_submit(ring);
		reap_cqes(ring, 2, nothing, NULL);
		return;
	}
	for (j = 0; j < 64; j++)
		k->prep_send(sqe_of(ring, 0), fd[0], &out[j], 8);
	for (j = 0; j < 64; j++)
		k->prep_recv(sqe_of(ring, j + 1), fd[1], &in[j], 8);
	io_uring_submit(ring);
	reap_cqes(ring, 128, nothing, NULL);
}

static void ring_batch(const struct ring_contender *k, const char *name)
{
	uint64_t out[64], in[64], t;
	struct ds_iovec iov[128];
	long i, j, n = iters(4000) / (k ? k->share : 1) + 1;
	struct io_uring ring;
	int fd[2];

	if (k)
		k->make(fd, 8);
	else
		ds_ring_make(fd, 8);
	ring_init(&ring, 128);
	t = now_ns();
	for (i = 0; i < n; i++) {
		for (j = 0; j < 64; j++)
			out[j] = i * 64 + j;
		memset(in, 0, sizeof(in));
		batch_round(&ring, k, fd, out, in, iov);
		/* As in the pair workload, a pipe's order is not checked. */
		qsort(in, 64, sizeof(in[0]), cmp_u64);
		if (memcmp(in, out, sizeof(in)))
			fail("uring batch: an item lost, duplicated or corrupted");
	}
	t = now_ns() - t;
	row(name, "batch64", 8, "ns_per_item", (double)t / (n * 64));
	row(name, "batch64", 8, "items_per_s", n * 64 * 1e9 / t);
	io_uring_queue_exit(&ring);
	close_pair(fd);
}

/* The tasks of this process: all of them, and io_uring's io-wq workers. */
static void count_tasks(long *tasks, long *workers)
{
	char path[300], comm[64];
	struct dirent *e;
	DIR *d = opendir("/proc/self/task");
	FILE *f;

	if (!d)
		die("/proc/self/task");
	*tasks = *workers = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		++*tasks;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (f && fgets(comm, sizeof(comm), f) && !strncmp(comm, "iou-wrk", 7))
			++*workers;
		if (f)
			fclose(f);
	}
	closedir(d);
}

/*
 * 6: one thread, LOOP_N channels with a receive pending on each in one
 * ring; another process writes m items round robin (plain write(2)), each
 * channel's in order.  Each completion is checked and its receive re-armed.
 * Reports completions per second and the tasks the process had meanwhile:
 * one (this thread), none an io-wq worker, whatever is pending.
 */
static void ring_event_loop(const struct ring_contender *k)
{
	static int fds[LOOP_N][2];
	static uint64_t bufs[LOOP_N];
	long m = iters(100000) / k->share / LOOP_N * LOOP_N + LOOP_N, got = 0, i;
	long tasks, workers, max_tasks = 0, max_workers = 0;
	uint32_t *next = calloc(LOOP_N, sizeof(*next));
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	uint64_t t;
	pid_t pid;
	int j;

	if (!next)
		die("calloc");
	for (j = 0; j < LOOP_N; j++)
		k->make(fds[j], 8);
	ring_init(&ring, LOOP_N + 24);
	for (j = 0; j < LOOP_N; j++)
		k->prep_recv(sqe_of(&ring, j), fds[j][1], &bufs[j], 8);
	if (io_uring_submit(&ring) != LOOP_N)
		fail("event loop: arming the receives");
	t = now_ns();
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < m; i++) {
			uint64_t v = i;

			if (write(fds[i % LOOP_N][0], &v, 8) != 8)
				_exit(1);
		}
		_exit(0);
	}
	while (got < m) {
		unsigned int head, seen = 0;

		if (io_uring_submit_and_wait(&ring, 1) < 0)
			die("event loop: io_uring_submit_and_wait");
		io_uring_for_each_cqe(&ring, head, cqe) {
			j = cqe->user_data;
			if (cqe->res != 8 || bufs[j] != (uint64_t)next[j] * LOOP_N + j)
				fail("event loop: an item lost, reordered or corrupted");
			next[j]++;
			k->prep_recv(sqe_of(&ring, j), fds[j][1], &bufs[j], 8);
			seen++;
		}
		io_uring_cq_advance(&ring, seen);
		if ((got + seen) / (m / 4) != got / (m / 4)) {
			count_tasks(&tasks, &workers);
			max_tasks = tasks > max_tasks ? tasks : max_tasks;
			max_workers = workers > max_workers ? workers : max_workers;
		}
		got += seen;
	}
	io_uring_submit(&ring);		/* the last re-armed receives */
	t = now_ns() - t;
	reap(pid);
	count_tasks(&tasks, &workers);	/* LOOP_N receives still pending */
	max_tasks = tasks > max_tasks ? tasks : max_tasks;
	max_workers = workers > max_workers ? workers : max_workers;
	row(k->name, "event_loop", 8, "completions_per_s", m * 1e9 / t);
	row(k->name, "event_loop", 8, "pending", LOOP_N);
	row(k->name, "event_loop", 8, "tasks", max_tasks);
	row(k->name, "event_loop", 8, "iou_wrk", max_workers);
	io_uring_queue_exit(&ring);
	for (j = 0; j < LOOP_N; j++)
		close_pair(fds[j]);
	free(next);
}

/* The floor: one IORING_OP_NOP, 64 a submit (io_uring's own cost per SQE). */
void uring_floor(void)
{
	long i, j, n = iters(4000);
	struct io_uring ring;
	uint64_t t;

	ring_init(&ring, 64);
	t = now_ns();
	for (i = 0; i < n; i++) {
		for (j = 0; j < 64; j++)
			io_uring_prep_nop(sqe_of(&ring, j));
		io_uring_submit(&ring);
		reap_cqes(&ring, 64, nothing, NULL);
	}
	row("floor", "uring_nop", 0, "ns_per_call", (double)(now_ns() - t) / (n * 64));
	io_uring_queue_exit(&ring);
}

void uring_pair(int size)
{
	const struct ring_contender *k;

	FOR_EACH_RING(k)
		if (size <= k->max_size)
			ring_pair(k, size);
}

void uring_stream(int size)
{
	const struct ring_contender *k;

	FOR_EACH_RING(k)
		if (size <= k->max_size)
			ring_stream(k, size);
}

void uring_batch(void)
{
	const struct ring_contender *k;

	FOR_EACH_RING(k)
		ring_batch(k, k->name);
	if (!only || !strcmp(only, "datastack_uring_cmdv"))
		ring_batch(NULL, "datastack_uring_cmdv");
}

void uring_event_loop(void)
{
	const struct ring_contender *k;

	FOR_EACH_RING(k) {
		pid_t pid;

		/*
		 * In a process of its own: io-wq workers belong to a task, and
		 * 6.1 keeps a task's last one until it exits, so one an earlier
		 * workload started (pipe_uring's) would be counted here.
		 */
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			ring_event_loop(k);
			fflush(stdout);
			_exit(0);
		}
		reap(pid);
	}
}

#else /* no liburing */

void uring_floor(void) { }
void uring_pair(int size) { (void)size; }
void uring_stream(int size) { (void)size; }
void uring_batch(void) { }
void uring_event_loop(void) { }

#endif
