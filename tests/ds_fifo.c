// SPDX-License-Identifier: GPL-2.0
/*
 * FIFO mode (DS_CREATE_FIFO): pop, read, peek and POPV take the oldest
 * item, across interleaved pushes and pops and after a clear; an item kept
 * by EMSGSIZE or put back after EFAULT (also part of a POPV batch) stays
 * first and later pushes still go behind it; limits, blocking pop/push and
 * query (flags, top_size) work as for a stack.
 */
#include "helpers.h"

static int next_in, next_out;	/* ids pushed / expected next */

static void push_next_ex(int fd, uint32_t size, uint32_t flags)
{
	unsigned char buf[512];

	memset(buf, 0, size);
	memcpy(buf, &next_in, sizeof(int));
	CHECK(t_push_ex(fd, buf, size, flags, 5 * NSEC_PER_SEC) == 0, "push %d", next_in);
	next_in++;
}

static void push_next(int fd, uint32_t size)
{
	push_next_ex(fd, size, DS_WAIT_NONBLOCK);
}

static int item_id(const unsigned char *buf)
{
	int id;

	memcpy(&id, buf, sizeof(id));
	return id;
}

static void pop_expect(int fd)
{
	unsigned char buf[512];
	uint32_t size = sizeof(buf);

	CHECK(t_pop(fd, buf, &size) == 0, "pop");
	CHECK(item_id(buf) == next_out, "popped %d, want the oldest %d", item_id(buf), next_out);
	next_out++;
}

static void *delayed_push(void *arg)
{
	t_sleep_ms(100);
	push_next_ex(*(int *)arg, 8, DS_WAIT_TIMEOUT);
	return NULL;
}

int main(void)
{
	unsigned char buf[512], bufs[4][512];
	struct ds_iovec iov[4];
	struct ds_info info;
	uint32_t size;
	pthread_t th;
	int fd, lim;

	t_deadline(30);
	fd = t_create(NULL, DS_CREATE_FIFO);
	CHECK(fd >= 0, "create FIFO");

	/* Oldest first, interleaved. */
	for (int i = 0; i < 10; i++)
		push_next(fd, 4 + i * 10);
	for (int i = 0; i < 4; i++)
		pop_expect(fd);
	for (int i = 0; i < 5; i++)
		push_next(fd, 4);
	info = t_info(fd);
	CHECK(info.flags == DS_CREATE_FIFO && info.count == 11 && info.top_size == 4 + 4 * 10,
	      "query: flags %#x count %llu top %llu", info.flags, (unsigned long long)info.count,
	      (unsigned long long)info.top_size);
	size = sizeof(buf);
	CHECK(t_peek(fd, buf, &size) == 0 && item_id(buf) == next_out, "peek the oldest");
	CHECK(read(fd, buf, sizeof(buf)) == 44 && item_id(buf) == next_out, "read the oldest");
	next_out++;
	/* EMSGSIZE keeps the oldest first. */
	size = 10;
	CHECK_ERR(t_pop(fd, buf, &size), EMSGSIZE);
	CHECK(size == 54, "needed size %u", size);
	pop_expect(fd);
	/* EFAULT puts it back first. */
	size = sizeof(buf);
	CHECK_ERR(t_pop(fd, (void *)8, &size), EFAULT);
	pop_expect(fd);
	/* POPV: oldest first, in order. */
	for (int i = 0; i < 4; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(bufs[i]), .len = sizeof(bufs[i]) };
	CHECK(t_batch(fd, DS_IOC_POPV, iov, 4, DS_WAIT_NONBLOCK, 0) == 4, "popv");
	for (int i = 0; i < 4; i++)
		CHECK(item_id(bufs[i]) == next_out++, "popv %d got %d", i, item_id(bufs[i]));
	/* POPV with a bad second buffer: the first delivered, the rest back in order. */
	iov[1].base = 8;
	CHECK(t_batch(fd, DS_IOC_POPV, iov, 3, DS_WAIT_NONBLOCK, 0) == 1, "popv, EFAULT on 2nd");
	CHECK(item_id(bufs[0]) == next_out++, "first of the batch");
	iov[1].base = uptr(bufs[1]);
	push_next(fd, 4);
	while (next_out < next_in)
		pop_expect(fd);
	/* The same when the batch took every item: the tail is right afterwards. */
	push_next(fd, 4);
	push_next(fd, 4);
	iov[1].base = 8;
	CHECK(t_batch(fd, DS_IOC_POPV, iov, 2, DS_WAIT_NONBLOCK, 0) == 1, "popv all, EFAULT");
	CHECK(item_id(bufs[0]) == next_out++, "first of the batch");
	iov[1].base = uptr(bufs[1]);
	push_next(fd, 4);
	push_next(fd, 4);
	CHECK(t_info(fd).count == 3, "count");
	while (next_out < next_in)
		pop_expect(fd);
	/* A single item put back by EFAULT, then pushes behind it. */
	push_next(fd, 4);
	size = sizeof(buf);
	CHECK_ERR(t_pop(fd, (void *)8, &size), EFAULT);
	push_next(fd, 4);
	pop_expect(fd);
	pop_expect(fd);

	/* After a clear, a fresh queue. */
	push_next(fd, 4);
	push_next(fd, 4);
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 2, "clear");
	next_out = next_in;
	push_next(fd, 4);
	push_next(fd, 4);
	pop_expect(fd);
	pop_expect(fd);
	CHECK(t_info(fd).count == 0 && t_info(fd).top_size == 0, "empty");

	/* A blocked pop gets the item pushed later. */
	CHECK(pthread_create(&th, NULL, delayed_push, &fd) == 0, "thread");
	size = sizeof(buf);
	CHECK(t_pop_wait(fd, buf, &size, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC) == 0, "blocked pop");
	CHECK(item_id(buf) == next_out++, "blocked pop got %d", item_id(buf));
	pthread_join(th, NULL);

	/* Limits: a full FIFO refuses, a blocked push waits for the oldest to go. */
	lim = t_create_ex(NULL, 3, 16, 32, 0600, DS_CREATE_FIFO, 0, NULL);
	CHECK(lim >= 0, "create limited FIFO");
	next_in = next_out = 1000;
	for (int i = 0; i < 3; i++)
		push_next(lim, 8);
	CHECK_ERR(t_push(lim, buf, 8), EAGAIN);
	CHECK_ERR(t_push(lim, buf, 17), EMSGSIZE);
	CHECK_ERR(t_push_ex(lim, buf, 8, DS_WAIT_TIMEOUT, 50 * NSEC_PER_MSEC), ETIMEDOUT);
	pop_expect(lim);
	push_next(lim, 16);		/* 8 + 8 + 16 = 32 bytes */
	CHECK_ERR(t_push(lim, buf, 9), EAGAIN);		/* 3 items */
	pop_expect(lim);
	CHECK_ERR(t_push(lim, buf, 9), EAGAIN);		/* 24 + 9 > 32 bytes */
	push_next(lim, 8);
	info = t_info(lim);
	CHECK(info.count == 3 && info.bytes == 32 && info.top_size == 8 &&
	      info.flags == DS_CREATE_FIFO && info.peak_count == 3 && info.pushes == 5 &&
	      info.pops == 2, "limited FIFO query: count %llu bytes %llu",
	      (unsigned long long)info.count, (unsigned long long)info.bytes);
	CHECK(pthread_create(&th, NULL, delayed_push, &lim) == 0, "thread");
	t_wait_waiters(lim, 1);		/* the delayed push blocks: full */
	pop_expect(lim);
	pthread_join(th, NULL);
	while (next_out < next_in)
		pop_expect(lim);
	close(lim);
	close(fd);
	t_expect_all_freed();
	return 0;
}
