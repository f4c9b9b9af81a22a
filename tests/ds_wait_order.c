// SPDX-License-Identifier: GPL-2.0
/*
 * Waiters are served in arrival order, the item handed to a waiting popper
 * by the push itself (a newcomer's pop right after it finds nothing): N poppers, each queued only once
 * the waiter count shows the one before it asleep, receive N items pushed
 * one at a time in that order (LIFO and FIFO); N pushers blocked on a full
 * object get in in that order as pops make room.  Then hand-offs race
 * timeouts, signals and closes: every item pushed is received exactly
 * once or still held, and the object's counters add up.
 */
#include <signal.h>
#include "helpers.h"

#define N	8

struct popper {
	int fd, got, err;
	pthread_t t;
};

static void *pop_thread(void *arg)
{
	struct popper *p = arg;
	uint32_t size = sizeof(p->got);

	if (t_pop_wait(p->fd, &p->got, &size, DS_WAIT_TIMEOUT, t_tol_ns(20 * NSEC_PER_SEC)))
		p->err = errno;
	return NULL;
}

/* A newcomer's pop right after the push finds nothing: it was handed over. */
static void no_newcomer(void)
{
	struct popper p;
	int fd = t_create(NULL, 0), v = 42, got;
	uint32_t size = sizeof(got);

	CHECK(fd >= 0, "create");
	p = (struct popper){ .fd = fd, .got = -1 };
	CHECK(pthread_create(&p.t, NULL, pop_thread, &p) == 0, "thread");
	t_wait_waiters(fd, 1);
	CHECK(t_push(fd, &v, sizeof(v)) == 0, "push");
	CHECK_ERR(t_pop(fd, &got, &size), EAGAIN);
	pthread_join(p.t, NULL);
	CHECK(!p.err && p.got == 42, "the waiter got %d (err %d)", p.got, p.err);
	close(fd);
}

static void poppers_in_order(unsigned int flags)
{
	struct popper p[N];
	int fd = t_create(NULL, flags), i;

	CHECK(fd >= 0, "create");
	for (i = 0; i < N; i++) {
		p[i] = (struct popper){ .fd = fd, .got = -1 };
		CHECK(pthread_create(&p[i].t, NULL, pop_thread, &p[i]) == 0, "thread");
		t_wait_waiters(fd, i + 1);
	}
	for (i = 0; i < N; i++) {
		CHECK(t_push(fd, &i, sizeof(i)) == 0, "push %d", i);
		t_wait_waiters(fd, N - 1 - i);	/* served at once: no newcomer between */
	}
	for (i = 0; i < N; i++) {
		pthread_join(p[i].t, NULL);
		CHECK(!p[i].err && p[i].got == i, "%s: popper %d got item %d (err %d)",
		      flags ? "FIFO" : "LIFO", i, p[i].got, p[i].err);
	}
	CHECK(t_info(fd).pops == N && t_info(fd).pushes == N && t_info(fd).count == 0,
	      "a hand-off counts as a push and a pop");
	CHECK(t_info(fd).peak_count == 1, "peak %llu", (unsigned long long)t_info(fd).peak_count);
	close(fd);
}

struct pusher {
	int fd, v, err;
	pthread_t t;
};

static void *push_thread(void *arg)
{
	struct pusher *p = arg;

	if (t_push_ex(p->fd, &p->v, sizeof(p->v), DS_WAIT_TIMEOUT, t_tol_ns(20 * NSEC_PER_SEC)))
		p->err = errno;
	return NULL;
}

static void pushers_in_order(void)
{
	struct pusher p[N];
	int fd = t_create_ex(NULL, 1, 0, 0, 0600, DS_CREATE_FIFO, 0, NULL), i, got;
	uint32_t size;

	CHECK(fd >= 0, "create");
	i = -1;
	CHECK(t_push(fd, &i, sizeof(i)) == 0, "fill");
	for (i = 0; i < N; i++) {
		p[i] = (struct pusher){ .fd = fd, .v = i };
		CHECK(pthread_create(&p[i].t, NULL, push_thread, &p[i]) == 0, "thread");
		t_wait_waiters(fd, i + 1);
	}
	for (i = -1; i < N; i++) {
		size = sizeof(got);
		CHECK(t_pop_wait(fd, &got, &size, DS_WAIT_TIMEOUT, t_tol_ns(5 * NSEC_PER_SEC)) == 0,
		      "pop");
		CHECK(got == i, "pushers in order: got %d, want %d", got, i);
	}
	for (i = 0; i < N; i++) {
		pthread_join(p[i].t, NULL);
		CHECK(!p[i].err, "pusher %d: %s", i, strerror(p[i].err));
	}
	close(fd);
}

/* ---- races ---- */

#define RACE_ITEMS	4000
static int race_fd;
static int stop;
static unsigned char seen[RACE_ITEMS];
static long received;

static void on_usr1(int sig)
{
	(void)sig;
}

static void *race_popper(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;
	uint32_t size;
	int v;

	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		size = sizeof(v);
		if (t_pop_wait(race_fd, &v, &size, DS_WAIT_TIMEOUT,
			       (rand_r(&seed) % 2000) * 1000) == 0) {
			CHECK(v >= 0 && v < RACE_ITEMS, "item %d", v);
			CHECK(__atomic_add_fetch(&seen[v], 1, __ATOMIC_RELAXED) == 1,
			      "item %d received twice", v);
			__atomic_add_fetch(&received, 1, __ATOMIC_RELAXED);
		} else {
			CHECK(errno == ETIMEDOUT || errno == EINTR || errno == EBADF,
			      "pop: %s", strerror(errno));
		}
	}
	return NULL;
}

static void races(unsigned int flags)
{
	pthread_t t[6];
	int i, dupfd;
	long held;
	struct sigaction sa = { .sa_handler = on_usr1 };

	sigaction(SIGUSR1, &sa, NULL);
	memset(seen, 0, sizeof(seen));
	received = 0;
	stop = 0;
	race_fd = t_create_ex(NULL, 16, 0, 0, 0600, flags, 0, NULL);
	CHECK(race_fd >= 0, "create");
	for (i = 0; i < 6; i++)
		CHECK(pthread_create(&t[i], NULL, race_popper, (void *)(uintptr_t)(i + 1)) == 0,
		      "thread");
	for (i = 0; i < RACE_ITEMS; i++) {
		CHECK(t_push_ex(race_fd, &i, sizeof(i), DS_WAIT_TIMEOUT,
				t_tol_ns(10 * NSEC_PER_SEC)) == 0, "push %d", i);
		if (i % 64 == 0)
			pthread_kill(t[i / 64 % 6], SIGUSR1);
		if (i % 500 == 0) {
			/* A close racing the hand-offs: of another descriptor. */
			dupfd = dup(race_fd);
			close(dupfd);
		}
	}
	for (i = 0; i < 200 && __atomic_load_n(&received, __ATOMIC_RELAXED) +
	     (long)t_info(race_fd).count < RACE_ITEMS; i++)
		t_sleep_ms(10);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	held = (long)t_info(race_fd).count;
	CHECK(received + held == RACE_ITEMS, "%ld received + %ld held, %d pushed", received,
	      held, RACE_ITEMS);
	CHECK(t_info(race_fd).pushes == RACE_ITEMS &&
	      t_info(race_fd).pops == (uint64_t)received, "counters: pushes %llu pops %llu",
	      (unsigned long long)t_info(race_fd).pushes,
	      (unsigned long long)t_info(race_fd).pops);
	close(race_fd);
}

int main(void)
{
	t_deadline(120);
	no_newcomer();
	poppers_in_order(0);
	poppers_in_order(DS_CREATE_FIFO);
	pushers_in_order();
	races(0);
	races(DS_CREATE_FIFO);
	t_expect_all_freed();
	return 0;
}
