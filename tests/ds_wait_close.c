// SPDX-License-Identifier: GPL-2.0
/*
 * Closing the last descriptor of an object while another thread of the
 * same process is blocked in pop (or push) on it: no crash, no hang.  The
 * blocked call keeps the object alive (it holds the file); it completes
 * through a push (pop) on another descriptor opened by name before the
 * close, or times out; afterwards everything is freed.
 */
#include "helpers.h"

struct call {
	int fd, push;
	int64_t timeout_ns;
	int ret, err, done;
	char buf[16];
	uint32_t size;
};

static void *blocked(void *arg)
{
	struct call *c = arg;

	c->size = sizeof(c->buf);
	if (c->push)
		c->ret = t_push_ex(c->fd, "late", 4, c->timeout_ns ? DS_WAIT_TIMEOUT : 0,
				   c->timeout_ns);
	else
		c->ret = t_pop_wait(c->fd, c->buf, &c->size, c->timeout_ns ? DS_WAIT_TIMEOUT : 0,
				    c->timeout_ns);
	c->err = c->ret ? errno : 0;
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

int main(void)
{
	const char *name = t_name("close");
	struct call c;
	pthread_t th;
	int fd, other, n = t_iters(50);
	char buf[16];
	uint32_t size;

	t_deadline(60);

	/* Blocked pop; the creator's descriptor closed; a push by name ends it. */
	fd = t_create(name, 0);
	CHECK(fd >= 0, "create");
	other = t_open(name, DS_RIGHT_PUSH | DS_RIGHT_QUERY, 0);
	CHECK(other >= 0, "open by name");
	c = (struct call){ .fd = fd };
	CHECK(pthread_create(&th, NULL, blocked, &c) == 0, "thread");
	t_wait_waiters(other, 1);
	CHECK(close(fd) == 0, "close while blocked");
	t_sleep_ms(100);
	CHECK(!c.done, "the blocked pop ended on close");
	printf("open_fds while the closed descriptor's pop is blocked: %u\n",
	       t_info(other).open_fds);
	CHECK(t_info(other).waiters == 1, "still waiting");
	CHECK(t_push(other, "hello", 5) == 0, "push by name");
	CHECK(t_wait_flag(&c.done, 2000), "the blocked pop did not get the push");
	pthread_join(th, NULL);
	CHECK(c.ret == 0 && c.size == 5 && !memcmp(c.buf, "hello", 5), "pop after close: %s",
	      strerror(c.err));
	CHECK(t_info(other).open_fds == 1, "the closed description is released: %u",
	      t_info(other).open_fds);
	close(other);
	t_expect_all_freed();

	/* The only descriptor closed under a pop with a timeout: it times out, all freed. */
	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "create unnamed");
	c = (struct call){ .fd = fd, .timeout_ns = 300 * NSEC_PER_MSEC };
	CHECK(pthread_create(&th, NULL, blocked, &c) == 0, "thread");
	t_wait_waiters(fd, 1);
	CHECK(close(fd) == 0, "close");
	CHECK(t_stat("objects") == 1, "the blocked call keeps the object");
	pthread_join(th, NULL);
	CHECK(c.ret == -1 && c.err == ETIMEDOUT, "timed out: %s", strerror(c.err));
	t_expect_all_freed();

	/* Blocked push on a full object; closed; a pop by name ends it. */
	fd = t_create_ex(name, 1, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create max_items=1");
	CHECK(t_push(fd, "full", 4) == 0, "fill");
	other = t_open(name, DS_RIGHT_POP | DS_RIGHT_QUERY, 0);
	CHECK(other >= 0, "open by name");
	c = (struct call){ .fd = fd, .push = 1 };
	CHECK(pthread_create(&th, NULL, blocked, &c) == 0, "thread");
	t_wait_waiters(other, 1);
	CHECK(close(fd) == 0, "close");
	size = sizeof(buf);
	CHECK(t_pop(other, buf, &size) == 0 && size == 4, "pop by name");
	CHECK(t_wait_flag(&c.done, 2000), "the blocked push did not get the room");
	pthread_join(th, NULL);
	CHECK(c.ret == 0, "push after close: %s", strerror(c.err));
	size = sizeof(buf);
	CHECK(t_pop(other, buf, &size) == 0 && size == 4 && !memcmp(buf, "late", 4), "pushed");
	close(other);
	t_expect_all_freed();

	/* Repeatedly: close just before or after the push that wakes the pop. */
	for (int i = 0; i < n; i++) {
		fd = t_create(name, 0);
		CHECK(fd >= 0, "create");
		other = t_open(name, DS_RIGHT_PUSH | DS_RIGHT_QUERY, 0);
		CHECK(other >= 0, "open");
		c = (struct call){ .fd = fd, .timeout_ns = 5 * NSEC_PER_SEC };
		CHECK(pthread_create(&th, NULL, blocked, &c) == 0, "thread");
		t_wait_waiters(other, 1);
		if (i & 1) {
			CHECK(t_push(other, "r", 1) == 0, "push");
			close(fd);
		} else {
			close(fd);
			CHECK(t_push(other, "r", 1) == 0, "push");
		}
		pthread_join(th, NULL);
		CHECK(c.ret == 0 && c.size == 1, "pop %d: %s", i, strerror(c.err));
		close(other);
	}
	t_expect_all_freed();
	return 0;
}
