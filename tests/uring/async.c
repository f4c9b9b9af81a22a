// SPDX-License-Identifier: GPL-2.0
/*
 * DataStack commands issued from io-wq workers (IOSQE_ASYNC), whose
 * pending pops and pushes can be served from another CPU while the worker
 * is still issuing them: rounds of waiting pops raced by a pushing thread,
 * and of waiting pushes raced by a popping thread, each item delivered
 * once; a ring closed with such commands pending; and a pending pop (push)
 * that completes later still sets the object's atime (mtime), as a
 * blocking pop (push) does.  The debug kernel's KASAN sees a command's
 * state used after it was freed.
 */
#include <pthread.h>
#include <sys/stat.h>
#include "uring.h"

#define ROUNDS	200
#define N	4

struct racer {
	int fd;
	bool push;		/* push N items a round, or pop them */
	volatile int round;
};

/* Pushes (pops) N items for each round the main thread starts. */
static void *race(void *arg)
{
	struct racer *r = arg;
	uint64_t v;
	uint32_t size;
	int seen = 0, i;

	while (seen < ROUNDS) {
		while (__atomic_load_n(&r->round, __ATOMIC_ACQUIRE) == seen)
			;
		for (i = 0; i < N; i++) {
			v = (uint64_t)seen * N + i;
			size = 8;
			if (r->push)
				CHECK(t_push(r->fd, &v, 8) == 0, "racing push");
			else
				CHECK(t_pop_wait(r->fd, &v, &size, 0, 0) == 0, "racing pop");
		}
		seen++;
	}
	return NULL;
}

/* Each round: N async pops, raced by N pushes; every item reaches one pop. */
static void pops_raced(int fd)
{
	struct racer r = { .fd = fd, .push = true };
	uint64_t got[N], data, seen;
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	pthread_t th;
	int round, i, res;

	u_init(&ring, 2 * N);
	CHECK(pthread_create(&th, NULL, race, &r) == 0, "thread");
	for (round = 0; round < ROUNDS; round++) {
		for (i = 0; i < N; i++) {
			got[i] = ~0ULL;
			sqe = u_sqe(&ring, i);
			ds_prep_pop(sqe, fd, &got[i], 8, 0);
			sqe->flags |= IOSQE_ASYNC;
		}
		CHECK(io_uring_submit(&ring) == N, "submit");
		__atomic_store_n(&r.round, round + 1, __ATOMIC_RELEASE);
		seen = 0;
		for (i = 0; i < N; i++) {
			res = u_wait(&ring, &data);
			CHECK(res == 8, "round %d: pop %llu: %d", round,
			      (unsigned long long)data, res);
			CHECK(got[data] / N == (uint64_t)round, "round %d: item %llu",
			      round, (unsigned long long)got[data]);
			seen |= 1ULL << (got[data] % N);
		}
		CHECK(seen == (1ULL << N) - 1, "round %d: each item once", round);
	}
	pthread_join(th, NULL);
	io_uring_queue_exit(&ring);
	CHECK(t_info(fd).count == 0 && t_info(fd).waiters == 0, "nothing left");
}

/* Each round: N async pushes to a full object, raced by N pops. */
static void pushes_raced(void)
{
	int fd = t_create_ex(NULL, 1, 0, 0, 0600, DS_CREATE_FIFO, 0, NULL), round, i, res;
	struct racer r = { .fd = fd, .push = false };
	uint64_t vals[N], one = 1;
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	uint32_t size = 8;
	pthread_t th;

	CHECK(fd >= 0 && t_push(fd, &one, 8) == 0, "a full object");
	u_init(&ring, 2 * N);
	CHECK(pthread_create(&th, NULL, race, &r) == 0, "thread");
	for (round = 0; round < ROUNDS; round++) {
		for (i = 0; i < N; i++) {
			vals[i] = i;
			sqe = u_sqe(&ring, i);
			ds_prep_push(sqe, fd, &vals[i], 8, 0);
			sqe->flags |= IOSQE_ASYNC;
		}
		CHECK(io_uring_submit(&ring) == N, "submit");
		__atomic_store_n(&r.round, round + 1, __ATOMIC_RELEASE);
		for (i = 0; i < N; i++) {
			res = u_wait(&ring, NULL);
			CHECK(res == 0, "round %d: push: %d", round, res);
		}
	}
	pthread_join(th, NULL);
	io_uring_queue_exit(&ring);
	CHECK(t_info(fd).count == 1 && t_pop(fd, &one, &size) == 0, "one item left");
	close(fd);
}

/* A ring closed with async pops pending: none hangs, none keeps an item. */
static void closed(int fd)
{
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	uint64_t got[N], v = 7;
	uint32_t size = 8;
	int i;

	for (int round = 0; round < 20; round++) {
		u_init(&ring, N);
		for (i = 0; i < N; i++) {
			sqe = u_sqe(&ring, i);
			ds_prep_pop(sqe, fd, &got[i], 8, 0);
			sqe->flags |= IOSQE_ASYNC;
		}
		CHECK(io_uring_submit(&ring) == N, "submit");
		if (round & 1)
			t_wait_waiters(fd, N);
		io_uring_queue_exit(&ring);
	}
	for (i = 0; i < 100 && t_info(fd).waiters; i++)
		t_sleep_ms(50);
	CHECK(t_info(fd).waiters == 0, "%u pops pending after their rings closed",
	      t_info(fd).waiters);
	CHECK(t_push(fd, &v, 8) == 0 && t_pop(fd, &got[0], &size) == 0 && got[0] == 7,
	      "an item pushed after is not lost");
}

static struct timespec t_time(int fd, bool modified)
{
	struct stat st;

	CHECK(fstat(fd, &st) == 0, "fstat");
	return modified ? st.st_mtim : st.st_atim;
}

static bool t_later(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* A pending pop that completes sets atime; a pending push, mtime. */
static void times(void)
{
	int fd = t_create_ex(NULL, 1, 0, 0, 0600, 0, 0, NULL), r;
	uint64_t v = 3, got;
	uint32_t size = 8;
	struct io_uring ring;
	struct timespec before;

	CHECK(fd >= 0, "create");
	u_init(&ring, 4);
	before = t_time(fd, false);
	t_sleep_ms(30);		/* past the coarse clock's next tick */
	ds_prep_pop(u_sqe(&ring, 1), fd, &got, 8, 0);
	io_uring_submit(&ring);
	t_wait_waiters(fd, 1);
	CHECK(write(fd, &v, 8) == 8, "write");
	CHECK((r = u_wait(&ring, NULL)) == 8 && got == 3, "pending pop: %d", r);
	CHECK(t_later(t_time(fd, false), before), "a pending pop set no atime");

	CHECK(t_push(fd, &v, 8) == 0, "a full object");
	ds_prep_push(u_sqe(&ring, 2), fd, &v, 8, 0);
	io_uring_submit(&ring);
	t_wait_waiters(fd, 1);
	before = t_time(fd, true);
	t_sleep_ms(30);
	CHECK(read(fd, &got, 8) == 8, "read");
	CHECK((r = u_wait(&ring, NULL)) == 0, "pending push: %d", r);
	CHECK(t_later(t_time(fd, true), before), "a pending push set no mtime");
	CHECK(t_pop(fd, &got, &size) == 0 && got == 3, "it got in");
	io_uring_queue_exit(&ring);
	close(fd);
}

int main(void)
{
	int fd;

	t_deadline(240);
	fd = t_create(NULL, DS_CREATE_FIFO);
	CHECK(fd >= 0, "create");
	{
		struct io_uring probe;

		u_init(&probe, 1);
		io_uring_queue_exit(&probe);
	}
	pops_raced(fd);
	pushes_raced();
	closed(fd);
	times();
	close(fd);
	t_expect_all_freed();
	return 0;
}
