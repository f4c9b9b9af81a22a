// SPDX-License-Identifier: GPL-2.0
/*
 * Blocked pushers on a full object: one wakes on a pop (ioctl and read),
 * one blocked in write(2) too; all of them wake on DS_IOC_CLEAR; with a
 * byte limit, a pop that frees room for several waiting pushers lets all
 * of them in at once (not at their timeouts), and waiting pushers are
 * served in arrival order, a later one behind an earlier one whose item
 * does not fit yet.
 */
#include "helpers.h"

struct pusher {
	int fd;
	uint32_t size;
	int use_write;
	int64_t timeout_ns;
	int err;
	int done;
	int64_t t_done;
};

static void *push_thread(void *arg)
{
	struct pusher *p = arg;
	char data[256];
	int r;

	memset(data, 'a' + (int)(p->size % 26), sizeof(data));
	if (p->use_write)
		r = write(p->fd, data, p->size) == (ssize_t)p->size ? 0 : -1;
	else
		r = t_push_ex(p->fd, data, p->size, p->timeout_ns ? DS_WAIT_TIMEOUT : 0,
			      p->timeout_ns);
	p->err = r ? errno : 0;
	p->t_done = t_now_ns();
	__atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void start(pthread_t *th, struct pusher *p)
{
	CHECK(pthread_create(th, NULL, push_thread, p) == 0, "thread");
}

static int is_done(struct pusher *p)
{
	return __atomic_load_n(&p->done, __ATOMIC_ACQUIRE);
}

static void pop_one(int fd, uint32_t want_size)
{
	char buf[256];
	uint32_t size = sizeof(buf);

	CHECK(t_pop(fd, buf, &size) == 0, "pop");
	CHECK(size == want_size, "popped size %u, want %u", size, want_size);
}

int main(void)
{
	char buf[256];
	struct ds_info info;
	pthread_t th[4];
	/* Longer than the 1 s (x10 slow) in which a woken pusher must finish. */
	int64_t late = t_tol_ns(NSEC_PER_SEC) + 2 * NSEC_PER_SEC;
	int fd, bfd;
	int64_t t0;

	t_deadline(60);
	fd = t_create_ex(NULL, 1, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create max_items=1");

	/* A pusher blocked on a full object wakes on a pop. */
	CHECK(t_push(fd, "full", 4) == 0, "fill");
	{
		struct pusher p = { .fd = fd, .size = 10 };

		start(&th[0], &p);
		t_wait_waiters(fd, 1);
		t_sleep_ms(50);
		CHECK(!is_done(&p), "push did not wait");
		t0 = t_now_ns();
		pop_one(fd, 4);
		pthread_join(th[0], NULL);
		CHECK(p.err == 0, "blocked push: %s", strerror(p.err));
		printf("blocked push returned %.1f us after the pop\n", (p.t_done - t0) / 1e3);
	}
	/* ... blocked in write(2), woken by read(2). */
	{
		struct pusher p = { .fd = fd, .size = 11, .use_write = 1 };

		start(&th[0], &p);
		t_wait_waiters(fd, 1);
		CHECK(read(fd, buf, sizeof(buf)) == 10, "read makes room");
		pthread_join(th[0], NULL);
		CHECK(p.err == 0, "blocked write: %s", strerror(p.err));
		info = t_info(fd);
		CHECK(info.count == 1 && info.top_size == 11, "written item on top");
	}

	/* Clear wakes every blocked pusher; one gets in, the others wait on. */
	{
		struct pusher p[3];
		int done = 0;

		for (int i = 0; i < 3; i++) {
			p[i] = (struct pusher){ .fd = fd, .size = 20 + i,
						.timeout_ns = 1500 * NSEC_PER_MSEC };
			start(&th[i], &p[i]);
		}
		t_wait_waiters(fd, 3);
		t0 = t_now_ns();
		CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "clear");
		/* max_items=1: exactly one pusher fits, the others time out. */
		for (int i = 0; i < 3; i++) {
			pthread_join(th[i], NULL);
			CHECK(p[i].err == 0 || p[i].err == ETIMEDOUT, "pusher %d: %s", i,
			      strerror(p[i].err));
			if (!p[i].err) {
				done++;
				printf("blocked push returned %.1f us after the clear\n",
				       (p[i].t_done - t0) / 1e3);
				CHECK(p[i].t_done - t0 < t_tol_ns(NSEC_PER_SEC), "woken late");
			}
		}
		CHECK(done == 1, "%d pushers got in after the clear, want 1", done);
		info = t_info(fd);
		CHECK(info.count == 1 && info.waiters == 0, "count %llu", (unsigned long long)info.count);
		CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "clear");
	}
	/* Clear with room for everyone (no max_items, max_bytes 100). */
	bfd = t_create_ex(NULL, 0, 0, 100, 0600, 0, 0, NULL);
	CHECK(bfd >= 0, "create max_bytes=100");
	{
		struct pusher p[3];

		memset(buf, 'z', sizeof(buf));
		CHECK(t_push(bfd, buf, 100) == 0, "fill 100 bytes");
		for (int i = 0; i < 3; i++) {
			p[i] = (struct pusher){ .fd = bfd, .size = 10, .timeout_ns = 3 * NSEC_PER_SEC };
			start(&th[i], &p[i]);
		}
		t_wait_waiters(bfd, 3);
		CHECK(ioctl(bfd, DS_IOC_CLEAR) == 1, "clear");
		for (int i = 0; i < 3; i++) {
			pthread_join(th[i], NULL);
			CHECK(p[i].err == 0, "pusher %d after clear: %s", i, strerror(p[i].err));
		}
		CHECK(t_info(bfd).count == 3, "3 pushed");
		CHECK(ioctl(bfd, DS_IOC_CLEAR) == 3, "clear");
	}

	/* A pop that frees room for two waiting pushers lets both in, now. */
	{
		struct pusher p[2];

		CHECK(t_push(bfd, buf, 100) == 0, "fill 100 bytes");
		for (int i = 0; i < 2; i++) {
			p[i] = (struct pusher){ .fd = bfd, .size = 10, .timeout_ns = late };
			start(&th[i], &p[i]);
		}
		t_wait_waiters(bfd, 2);
		pop_one(bfd, 100);
		for (int i = 0; i < 2; i++)
			SOFT_CHECK(t_wait_flag(&p[i].done, 1000),
				   "pusher %d of 10 bytes still blocked 1 s after a pop freed 100 "
				   "bytes (count %llu): only one waiter was woken", i,
				   (unsigned long long)t_info(bfd).count);
		for (int i = 0; i < 2; i++) {
			pthread_join(th[i], NULL);	/* at its timeout if not woken */
			CHECK(p[i].err == 0, "pusher %d: %s", i, strerror(p[i].err));
		}
		CHECK(ioctl(bfd, DS_IOC_CLEAR) == 2, "clear");
	}

	/*
	 * Waiting pushers are served in arrival order: a later one whose item
	 * would fit waits behind an earlier one whose item does not yet (so
	 * that no big pusher starves), and both go in once room is made.
	 */
	{
		struct pusher big = { .fd = bfd, .size = 50, .timeout_ns = late };
		struct pusher small = { .fd = bfd, .size = 30, .timeout_ns = late };

		CHECK(t_push(bfd, buf, 60) == 0 && t_push(bfd, buf, 40) == 0, "60 + 40 bytes");
		start(&th[0], &big);
		t_wait_waiters(bfd, 1);
		start(&th[1], &small);
		t_wait_waiters(bfd, 2);
		pop_one(bfd, 40);		/* 40 bytes free: the 30 would fit, the 50 not */
		t_sleep_ms(200);
		SOFT_CHECK(!is_done(&small) && !is_done(&big),
			   "the 30-byte pusher went in ahead of the earlier 50-byte one");
		pop_one(bfd, 60);		/* 100 free: the 50, then the 30 */
		SOFT_CHECK(t_wait_flag(&big.done, 1000) && t_wait_flag(&small.done, 1000),
			   "pushers still blocked 1 s after room was made for both");
		pthread_join(th[0], NULL);
		pthread_join(th[1], NULL);
		CHECK(big.err == 0 && small.err == 0, "pushers: %s, %s", strerror(big.err),
		      strerror(small.err));
		CHECK(t_info(bfd).count == 2 && t_info(bfd).top_size == 30,
		      "both in, the later on top (LIFO)");
		CHECK(ioctl(bfd, DS_IOC_CLEAR) == 2, "clear");
	}

	close(bfd);
	close(fd);
	t_expect_all_freed();
	CHECK(!t_failures, "%d checks failed", t_failures);
	return 0;
}
