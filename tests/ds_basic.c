// SPDX-License-Identifier: GPL-2.0
/*
 * Core operations on one object: LIFO order over many items of mixed sizes,
 * the pop-size query, a too-small buffer keeps the item, empty pops, peek,
 * clear, and read()/write() message semantics.
 */
#include "helpers.h"

#define N 500

static uint32_t item_size(int i)
{
	return 1 + (i * 37) % 3000;
}

static void fill(unsigned char *buf, int i, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		buf[k] = (unsigned char)(i * 7 + k);
}

int main(void)
{
	unsigned char buf[4096], want[4096];
	uint32_t size;
	int fd, i;

	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "create unnamed");

	for (i = 0; i < N; i++) {
		fill(buf, i, item_size(i));
		CHECK(t_push(fd, buf, item_size(i)) == 0, "push %d", i);
	}
	/* Pop-size query: size 0 in returns the top size, removes nothing. */
	size = 0;
	CHECK(t_pop(fd, buf, &size) == 0 && size == item_size(N - 1), "size query %u", size);
	/* Too small: EMSGSIZE with the needed size, the item stays on top. */
	size = item_size(N - 1) - 1;
	if (size) {
		CHECK_ERR(t_pop(fd, buf, &size), EMSGSIZE);
		CHECK(size == item_size(N - 1), "needed size %u", size);
	}
	/* Peek: a copy, the item stays. */
	size = sizeof(buf);
	CHECK(t_peek(fd, buf, &size) == 0 && size == item_size(N - 1), "peek");
	fill(want, N - 1, size);
	CHECK(!memcmp(buf, want, size), "peek data");

	for (i = N - 1; i >= N / 2; i--) {
		size = sizeof(buf);
		CHECK(t_pop(fd, buf, &size) == 0, "pop %d", i);
		CHECK(size == item_size(i), "pop %d size %u", i, size);
		fill(want, i, size);
		CHECK(!memcmp(buf, want, size), "pop %d data", i);
	}
	/* read(2)/write(2): one whole item each. */
	CHECK(write(fd, "hello", 5) == 5, "write");
	CHECK_ERR(read(fd, buf, 4), EMSGSIZE);
	CHECK(read(fd, buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5), "read");

	/* Clear returns how many it removed. */
	CHECK(ioctl(fd, DS_IOC_CLEAR) == N / 2, "clear count");
	size = sizeof(buf);
	CHECK_ERR(t_pop(fd, buf, &size), EAGAIN);
	CHECK(size == 0, "empty pop sets size 0, got %u", size);
	close(fd);
	/* read(2) on an empty non-blocking descriptor. */
	fd = t_create_ex(NULL, 0, 0, 0, 0600, DS_NONBLOCK, 0, NULL);
	CHECK(fd >= 0, "create nonblock");
	CHECK_ERR(read(fd, buf, sizeof(buf)), EAGAIN);
	close(fd);
	t_expect_all_freed();
	return 0;
}
