// SPDX-License-Identifier: GPL-2.0
/*
 * DS_IOC_PUSHV / DS_IOC_POPV: array order in, stack order out, counts and
 * item sizes; partial batches when the object fills (max_items, max_bytes)
 * or empties, or a later item is too big (EMSGSIZE only for the first);
 * EAGAIN/ETIMEDOUT only when nothing could be done; a blocked batch waits
 * for its first item only; DS_BATCH_MAX; EINVAL for count 0, count above
 * DS_BATCH_MAX, nonzero reserved (nothing done), unknown flags; EACCES.
 */
#include "helpers.h"

static unsigned char data[DS_BATCH_MAX + 1][8];
static struct ds_iovec iov[DS_BATCH_MAX + 1];

/* iov[i] -> data[i], item i is (i, size). */
static void set_push(int n, uint32_t size)
{
	for (int i = 0; i < n; i++) {
		memset(data[i], 0, sizeof(data[i]));
		memcpy(data[i], &i, sizeof(int));
		iov[i] = (struct ds_iovec){ .base = uptr(data[i]), .len = size };
	}
}

static void set_pop(int n, uint32_t len)
{
	for (int i = 0; i < n; i++) {
		memset(data[i], 0xee, sizeof(data[i]));
		iov[i] = (struct ds_iovec){ .base = uptr(data[i]), .len = len };
	}
}

static int id_at(int i)
{
	int id;

	memcpy(&id, data[i], sizeof(id));
	return id;
}

static void *delayed_pushv(void *arg)
{
	static unsigned char d[3][8] = { "a", "b", "c" };
	struct ds_iovec v[3];

	for (int i = 0; i < 3; i++)
		v[i] = (struct ds_iovec){ .base = uptr(d[i]), .len = 1 };
	t_sleep_ms(100);
	CHECK(t_batch(*(int *)arg, DS_IOC_PUSHV, v, 3, DS_WAIT_NONBLOCK, 0) == 3, "pushv");
	return NULL;
}

static void *delayed_pop(void *arg)
{
	char b[16];
	uint32_t size = sizeof(b);

	t_sleep_ms(100);
	CHECK(t_pop(*(int *)arg, b, &size) == 0, "pop");
	return NULL;
}

int main(void)
{
	struct ds_info info;
	pthread_t th;
	int fd, lim, ro;
	int64_t t0;

	t_deadline(60);
	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "create");

	/* Order and counts. */
	set_push(5, 4);
	CHECK(t_batch(fd, DS_IOC_PUSHV, iov, 5, DS_WAIT_NONBLOCK, 0) == 5, "pushv 5");
	info = t_info(fd);
	CHECK(info.count == 5 && info.bytes == 20 && info.pushes == 5, "count after pushv");
	set_pop(3, 8);
	CHECK(t_batch(fd, DS_IOC_POPV, iov, 3, DS_WAIT_NONBLOCK, 0) == 3, "popv 3");
	for (int i = 0; i < 3; i++)
		CHECK(iov[i].len == 4 && id_at(i) == 4 - i, "popv %d: len %u id %d", i, iov[i].len,
		      id_at(i));
	/* POPV stops when empty: a partial batch. */
	set_pop(10, 8);
	CHECK(t_batch(fd, DS_IOC_POPV, iov, 10, DS_WAIT_NONBLOCK, 0) == 2, "popv of 10 gets 2");
	CHECK(id_at(0) == 1 && id_at(1) == 0, "rest in order");
	CHECK(iov[2].len == 8 && data[2][0] == 0xee, "untouched entries");
	CHECK(t_info(fd).pops == 5, "pops");
	/* Empty: EAGAIN, or ETIMEDOUT with a timeout. */
	CHECK_ERR(t_batch(fd, DS_IOC_POPV, iov, 4, DS_WAIT_NONBLOCK, 0), EAGAIN);
	t0 = t_now_ns();
	CHECK_ERR(t_batch(fd, DS_IOC_POPV, iov, 4, DS_WAIT_TIMEOUT, 100 * NSEC_PER_MSEC), ETIMEDOUT);
	CHECK(t_now_ns() - t0 >= 100 * NSEC_PER_MSEC, "waited the timeout");

	/* Item sizes: EMSGSIZE only for the first; a later one ends the batch. */
	set_push(3, 6);
	iov[1].len = 2;
	CHECK(t_batch(fd, DS_IOC_PUSHV, iov, 3, DS_WAIT_NONBLOCK, 0) == 3, "pushv mixed sizes");
	set_pop(3, 8);					/* top: 6, 2, 6 */
	iov[0].len = 5;
	CHECK_ERR(t_batch(fd, DS_IOC_POPV, iov, 3, DS_WAIT_NONBLOCK, 0), EMSGSIZE);
	CHECK(iov[0].len == 6, "EMSGSIZE reports the first item's size: %u", iov[0].len);
	CHECK(t_info(fd).count == 3, "nothing popped");
	set_pop(3, 8);
	iov[1].len = 1;					/* 2-byte item, 1-byte buffer */
	CHECK(t_batch(fd, DS_IOC_POPV, iov, 3, DS_WAIT_NONBLOCK, 0) == 1, "stops at the 2nd");
	CHECK(iov[0].len == 6 && iov[1].len == 1, "lens %u %u", iov[0].len, iov[1].len);
	CHECK(t_info(fd).count == 2 && t_info(fd).top_size == 2, "the too-big one stays on top");
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 2, "clear");

	/* PUSHV: a too-big first item fails; a later one ends the batch. */
	lim = t_create_ex(NULL, 4, 6, 20, 0600, 0, 0, NULL);
	CHECK(lim >= 0, "create limited");
	set_push(3, 4);
	iov[0].len = 7;
	CHECK_ERR(t_batch(lim, DS_IOC_PUSHV, iov, 3, DS_WAIT_NONBLOCK, 0), EMSGSIZE);
	iov[0].len = 0;
	CHECK_ERR(t_batch(lim, DS_IOC_PUSHV, iov, 3, DS_WAIT_NONBLOCK, 0), EINVAL);
	CHECK(t_info(lim).count == 0, "nothing pushed");
	set_push(3, 4);
	iov[1].len = 7;
	CHECK(t_batch(lim, DS_IOC_PUSHV, iov, 3, DS_WAIT_NONBLOCK, 0) == 1, "stops at the 2nd");
	/* Partial when full: max_items 4, then max_bytes 20. */
	set_push(5, 4);
	CHECK(t_batch(lim, DS_IOC_PUSHV, iov, 5, DS_WAIT_NONBLOCK, 0) == 3, "fills to 4 items");
	CHECK_ERR(t_batch(lim, DS_IOC_PUSHV, iov, 5, DS_WAIT_NONBLOCK, 0), EAGAIN);
	CHECK_ERR(t_batch(lim, DS_IOC_PUSHV, iov, 5, DS_WAIT_TIMEOUT, 50 * NSEC_PER_MSEC),
		  ETIMEDOUT);
	CHECK(ioctl(lim, DS_IOC_CLEAR) == 4, "clear");
	set_push(4, 6);
	CHECK(t_batch(lim, DS_IOC_PUSHV, iov, 4, DS_WAIT_NONBLOCK, 0) == 3, "18 of 20 bytes");
	info = t_info(lim);
	CHECK(info.count == 3 && info.bytes == 18, "count %llu bytes %llu",
	      (unsigned long long)info.count, (unsigned long long)info.bytes);
	CHECK(t_stat("items") == 3, "unpushed items freed: %ld", t_stat("items"));

	/* A blocked PUSHV waits for room for its first item, then pushes what fits. */
	CHECK(pthread_create(&th, NULL, delayed_pop, &lim) == 0, "thread");
	set_push(3, 3);				/* 18 + 3 > 20: waits */
	t0 = t_now_ns();
	CHECK(t_batch(lim, DS_IOC_PUSHV, iov, 3, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC) == 2,
	      "blocked pushv: 2 fit after the pop of 6 bytes");
	CHECK(t_now_ns() - t0 >= 90 * NSEC_PER_MSEC, "did not wait");
	pthread_join(th, NULL);
	CHECK(ioctl(lim, DS_IOC_CLEAR) == 4, "clear");
	/* A blocked POPV wakes on a PUSHV and takes all three. */
	CHECK(pthread_create(&th, NULL, delayed_pushv, &fd) == 0, "thread");
	set_pop(8, 8);
	CHECK(t_batch(fd, DS_IOC_POPV, iov, 8, DS_WAIT_TIMEOUT, 5 * NSEC_PER_SEC) == 3,
	      "blocked popv");
	CHECK(data[0][0] == 'c' && data[1][0] == 'b' && data[2][0] == 'a', "popv order");
	pthread_join(th, NULL);

	/* DS_BATCH_MAX items each way. */
	set_push(DS_BATCH_MAX, 8);
	CHECK(t_batch(fd, DS_IOC_PUSHV, iov, DS_BATCH_MAX, DS_WAIT_NONBLOCK, 0) == DS_BATCH_MAX,
	      "pushv DS_BATCH_MAX");
	set_pop(DS_BATCH_MAX, 8);
	CHECK(t_batch(fd, DS_IOC_POPV, iov, DS_BATCH_MAX, DS_WAIT_NONBLOCK, 0) == DS_BATCH_MAX,
	      "popv DS_BATCH_MAX");
	CHECK(id_at(0) == DS_BATCH_MAX - 1 && id_at(DS_BATCH_MAX - 1) == 0, "order");

	/* EINVAL, nothing done. */
	set_push(DS_BATCH_MAX + 1, 1);
	CHECK_ERR(t_batch(fd, DS_IOC_PUSHV, iov, 0, DS_WAIT_NONBLOCK, 0), EINVAL);
	CHECK_ERR(t_batch(fd, DS_IOC_PUSHV, iov, DS_BATCH_MAX + 1, DS_WAIT_NONBLOCK, 0), EINVAL);
	CHECK_ERR(t_batch(fd, DS_IOC_PUSHV, iov, 2, 0x10, 0), EINVAL);
	CHECK_ERR(t_batch(fd, DS_IOC_PUSHV, iov, 2, DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME, 0), EINVAL);
	CHECK_ERR(t_batch(fd, DS_IOC_PUSHV, iov, 2, DS_WAIT_TIMEOUT, -1), EINVAL);
	iov[0].reserved = 1;
	CHECK_ERR(t_batch(fd, DS_IOC_PUSHV, iov, 2, DS_WAIT_NONBLOCK, 0), EINVAL);
	iov[0].reserved = 0;
	CHECK(t_push(fd, "z", 1) == 0, "push");
	set_pop(3, 8);
	CHECK_ERR(t_batch(fd, DS_IOC_POPV, iov, 0, DS_WAIT_NONBLOCK, 0), EINVAL);
	CHECK_ERR(t_batch(fd, DS_IOC_POPV, iov, DS_BATCH_MAX + 1, DS_WAIT_NONBLOCK, 0), EINVAL);
	CHECK_ERR(t_batch(fd, DS_IOC_POPV, iov, 2, 0x10, 0), EINVAL);
	iov[2].reserved = 7;
	CHECK_ERR(t_batch(fd, DS_IOC_POPV, iov, 3, DS_WAIT_NONBLOCK, 0), EINVAL);
	CHECK(t_info(fd).count == 1, "POPV with a nonzero reserved popped");

	/* Rights, and an unreadable array. */
	{
		struct ds_batch b = { .iov = 8, .count = 2, .flags = DS_WAIT_NONBLOCK };

		CHECK_ERR(ioctl(fd, DS_IOC_PUSHV, &b), EFAULT);
		CHECK_ERR(ioctl(fd, DS_IOC_POPV, &b), EFAULT);
	}
	ro = t_create_ex(NULL, 0, 0, 0, 0600, 0, DS_RIGHT_QUERY | DS_RIGHT_POP, NULL);
	CHECK(ro >= 0, "create with POP only");
	set_push(2, 1);
	CHECK_ERR(t_batch(ro, DS_IOC_PUSHV, iov, 2, DS_WAIT_NONBLOCK, 0), EACCES);
	close(ro);
	ro = t_create_ex(NULL, 0, 0, 0, 0600, 0, DS_RIGHT_QUERY | DS_RIGHT_PUSH, NULL);
	CHECK(ro >= 0, "create with PUSH only");
	CHECK(t_batch(ro, DS_IOC_PUSHV, iov, 2, DS_WAIT_NONBLOCK, 0) == 2, "pushv");
	CHECK_ERR(t_batch(ro, DS_IOC_POPV, iov, 2, DS_WAIT_NONBLOCK, 0), EACCES);
	close(ro);

	/* A nonzero reserved in a later entry: EINVAL too, nothing pushed (as POPV). */
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "clear");
	set_push(3, 1);
	iov[2].reserved = 1;
	CHECK_ERR(t_batch(fd, DS_IOC_PUSHV, iov, 3, DS_WAIT_NONBLOCK, 0), EINVAL);
	CHECK(t_info(fd).count == 0, "PUSHV with a nonzero reserved in entry 2 pushed %llu items",
	      (unsigned long long)t_info(fd).count);

	close(lim);
	close(fd);
	t_expect_all_freed();
	return 0;
}
