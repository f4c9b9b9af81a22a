// SPDX-License-Identifier: GPL-2.0
/*
 * N poppers blocked on one object (threads, then processes) and N items
 * pushed one by one, or in one PUSHV batch: every item goes to exactly one
 * popper.  More poppers than items: the extra ones stay blocked (waiters
 * count) until more items come, or their timeout expires.
 */
#include "helpers.h"

#define N	8

struct slot {
	int fd;
	int32_t got;		/* item id, -1 if none */
	int err;
	int done;
	int64_t timeout_ns;	/* 0: wait forever */
};

static void pop_into(struct slot *s)
{
	uint32_t size = sizeof(s->got);
	int r = t_pop_wait(s->fd, &s->got, &size, s->timeout_ns ? DS_WAIT_TIMEOUT : 0,
			   s->timeout_ns);

	s->err = r ? errno : 0;
	if (r)
		s->got = -1;
	__atomic_store_n(&s->done, 1, __ATOMIC_RELEASE);
}

static void *pop_thread(void *arg)
{
	pop_into(arg);
	return NULL;
}

static int count_done(struct slot *s, int n)
{
	int d = 0;

	for (int i = 0; i < n; i++)
		d += __atomic_load_n(&s[i].done, __ATOMIC_ACQUIRE);
	return d;
}

static void wait_done(struct slot *s, int n, int want)
{
	int64_t end = t_now_ns() + t_tol_ns(10 * NSEC_PER_SEC);

	while (count_done(s, n) < want) {
		CHECK(t_now_ns() < end, "%d of %d poppers done, want %d", count_done(s, n), n, want);
		usleep(1000);
	}
}

/* Each id in [0, nitems) was received once, by a popper that succeeded. */
static void check_each_once(struct slot *s, int n, int nitems)
{
	int seen[4 * N] = { 0 };

	for (int i = 0; i < n; i++) {
		if (s[i].got < 0)
			continue;
		CHECK(s[i].err == 0 && s[i].got < nitems, "popper %d got %d", i, s[i].got);
		seen[s[i].got]++;
	}
	for (int id = 0; id < nitems; id++)
		CHECK(seen[id] == 1, "item %d delivered %d times", id, seen[id]);
}

static void push_ids(int fd, int from, int to, int batch)
{
	if (batch) {
		int32_t ids[4 * N];
		struct ds_iovec iov[4 * N];

		for (int i = from; i < to; i++) {
			ids[i - from] = i;
			iov[i - from] = (struct ds_iovec){ .base = uptr(&ids[i - from]),
							   .len = sizeof(int32_t) };
		}
		CHECK(t_batch(fd, DS_IOC_PUSHV, iov, to - from, DS_WAIT_NONBLOCK, 0) == to - from,
		      "pushv");
		return;
	}
	for (int i = from; i < to; i++) {
		int32_t id = i;

		CHECK(t_push(fd, &id, sizeof(id)) == 0, "push %d", i);
	}
}

/* n poppers (threads or processes) in slots s; nitems pushed. */
static void run(int fd, struct slot *s, int n, int procs, int batch, int nitems)
{
	pthread_t th[4 * N];
	pid_t pid[4 * N];

	for (int i = 0; i < n; i++) {
		s[i] = (struct slot){ .fd = fd, .got = -1 };
		if (procs) {
			pid[i] = fork();
			CHECK(pid[i] >= 0, "fork");
			if (pid[i] == 0) {
				pop_into(&s[i]);
				_exit(0);
			}
		} else {
			CHECK(pthread_create(&th[i], NULL, pop_thread, &s[i]) == 0, "thread");
		}
	}
	t_wait_waiters(fd, n);
	push_ids(fd, 0, nitems, batch);
	wait_done(s, n, nitems < n ? nitems : n);
	if (nitems < n) {
		/* The extra poppers stay blocked; more items finish them. */
		t_sleep_ms(200);
		CHECK(count_done(s, n) == nitems, "%d poppers done with %d items",
		      count_done(s, n), nitems);
		t_wait_waiters(fd, n - nitems);
		CHECK(t_info(fd).count == 0, "items left");
		push_ids(fd, nitems, n, batch);
		wait_done(s, n, n);
	}
	for (int i = 0; i < n; i++) {
		if (procs)
			CHECK(t_wait_child(pid[i], 5000) == 0, "popper %d", i);
		else
			pthread_join(th[i], NULL);
	}
	check_each_once(s, n, n);
	CHECK(t_info(fd).count == 0 && t_info(fd).waiters == 0, "drained");
	printf("%d %s, %d items %s: each delivered once\n", n, procs ? "processes" : "threads",
	       n, batch ? "in one PUSHV" : "pushed one by one");
}

int main(void)
{
	struct slot *s = t_shared(4 * N * sizeof(*s));
	int fd = t_create(NULL, 0);

	t_deadline(60);
	CHECK(fd >= 0, "create");
	for (int procs = 0; procs <= 1; procs++) {
		run(fd, s, N, procs, 0, N);
		run(fd, s, N, procs, 1, N);
		run(fd, s, N, procs, 0, N / 2 + 1);
		run(fd, s, 4 * N, procs, 1, N);
	}

	/* More poppers than items, with timeouts: the extra ones time out. */
	for (int i = 0; i < N; i++)
		s[i] = (struct slot){ .fd = fd, .got = -1,
				      .timeout_ns = t_tol_ns(1500 * NSEC_PER_MSEC) };
	{
		pthread_t th[N];
		int got = 0, timedout = 0;

		for (int i = 0; i < N; i++)
			CHECK(pthread_create(&th[i], NULL, pop_thread, &s[i]) == 0, "thread");
		t_wait_waiters(fd, N);
		push_ids(fd, 0, 3, 0);
		for (int i = 0; i < N; i++)
			pthread_join(th[i], NULL);
		for (int i = 0; i < N; i++) {
			got += s[i].err == 0;
			timedout += s[i].err == ETIMEDOUT;
		}
		CHECK(got == 3 && timedout == N - 3, "%d got an item, %d timed out", got, timedout);
		check_each_once(s, N, 3);
	}

	munmap(s, 4 * N * sizeof(*s));
	close(fd);
	t_expect_all_freed();
	return 0;
}
