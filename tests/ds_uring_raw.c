// SPDX-License-Identifier: GPL-2.0
/*
 * The io_uring commands on the raw system calls, built 64- and 32-bit (the
 * tests in tests/uring/ use liburing, which Debian has for 64-bit only):
 * PUSH, POP, PUSHV and POPV with the caller's own pointer width; a POP
 * pending until a push serves it; IORING_OP_WRITE and READ as push and
 * pop; the results EAGAIN, EMSGSIZE, EINVAL and EOPNOTSUPP; a ring closed
 * with a pop pending keeps no item.  SKIP where io_uring is unavailable.
 */
#include <linux/io_uring.h>
#define DS_URING_NO_LIBURING
#include <datastack/uring.h>
#include "helpers.h"

static struct t_ring ring;

/* Submits one prepared SQE and returns its result. */
static int one_result(uint64_t data)
{
	struct io_uring_cqe cqe;
	int r = t_ring_submit(&ring, 1);

	CHECK(r == 1, "submit: %d", r);
	CHECK(t_ring_reap(&ring, &cqe), "no completion");
	CHECK(cqe.user_data == data, "completion %llu, want %llu",
	      (unsigned long long)cqe.user_data, (unsigned long long)data);
	return cqe.res;
}

static struct io_uring_sqe *sqe(uint64_t data)
{
	struct io_uring_sqe *s = t_ring_sqe(&ring, data);

	CHECK(s, "no SQE");
	return s;
}

static void commands(int fd)
{
	uint32_t v = 0x12345678, got = 0, vals[3] = { 7, 8, 9 }, out[3] = { 0 };
	struct ds_iovec iov[3];
	int r, i;

	ds_prep_push(sqe(1), fd, &v, 4, DS_WAIT_NONBLOCK);
	CHECK((r = one_result(1)) == 0, "push: %d", r);
	ds_prep_pop(sqe(2), fd, &got, 2, DS_WAIT_NONBLOCK);
	CHECK((r = one_result(2)) == -EMSGSIZE, "pop into 2 bytes: %d", r);
	ds_prep_pop(sqe(3), fd, &got, 4, DS_WAIT_NONBLOCK);
	CHECK((r = one_result(3)) == 4 && got == v, "pop: %d, %#x", r, got);
	ds_prep_pop(sqe(4), fd, &got, 4, DS_WAIT_NONBLOCK);
	CHECK((r = one_result(4)) == -EAGAIN, "pop of an empty object: %d", r);

	for (i = 0; i < 3; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(&vals[i]), .len = 4 };
	ds_prep_pushv(sqe(5), fd, iov, 3, 0);
	CHECK((r = one_result(5)) == 3, "pushv: %d", r);
	for (i = 0; i < 3; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(&out[i]), .len = 16 };
	ds_prep_popv(sqe(6), fd, iov, 3, 0);
	CHECK((r = one_result(6)) == 3, "popv: %d", r);
	for (i = 0; i < 3; i++)
		CHECK(iov[i].len == 4 && out[i] == vals[2 - i], "popv item %d: %u bytes, %u",
		      i, iov[i].len, out[i]);

	ds_prep_pop(sqe(7), fd, &got, 4, DS_WAIT_TIMEOUT);
	CHECK((r = one_result(7)) == -EINVAL, "a timeout flag: %d", r);
	ds_prep_cmd(sqe(8), fd, 0x77, &got, 4, 0);
	CHECK((r = one_result(8)) == -EOPNOTSUPP, "unknown command: %d", r);
}

/* A pop waits in the ring, no thread blocked, until a push serves it. */
static void pending_pop(int fd)
{
	uint64_t v = 0x1122334455667788ull, got = 0;
	struct io_uring_cqe cqe;
	int r;

	ds_prep_pop(sqe(10), fd, &got, 8, 0);
	CHECK((r = t_ring_submit(&ring, 0)) == 1, "submit: %d", r);
	t_wait_waiters(fd, 1);
	CHECK(!t_ring_reap(&ring, &cqe), "a pop of an empty object completed");
	CHECK(t_push(fd, &v, 8) == 0, "push");
	CHECK((r = t_ring_submit(&ring, 1)) == 0, "wait: %d", r);
	CHECK(t_ring_reap(&ring, &cqe) && cqe.user_data == 10 && cqe.res == 8 && got == v,
	      "the pending pop: %d, %#llx", cqe.res, (unsigned long long)got);
}

/* WRITE and READ SQEs push and pop, as write(2) and read(2) do. */
static void read_write(int fd)
{
	char in[] = "through the ring", out[64] = "";
	struct io_uring_sqe *s;
	int r;

	s = sqe(20);
	s->opcode = IORING_OP_WRITE;
	s->fd = fd;
	s->addr = uptr(in);
	s->len = sizeof(in);
	CHECK((r = one_result(20)) == (int)sizeof(in), "write: %d", r);
	s = sqe(21);
	s->opcode = IORING_OP_READ;
	s->fd = fd;
	s->addr = uptr(out);
	s->len = sizeof(out);
	CHECK((r = one_result(21)) == (int)sizeof(in) && !strcmp(in, out), "read: %d", r);
}

/* A ring closed with a pop pending: the pop ends, and no item is kept. */
static void closed_pending(int fd)
{
	uint64_t got = 0, v = 5;
	int r;

	ds_prep_pop(sqe(30), fd, &got, 8, 0);
	CHECK((r = t_ring_submit(&ring, 0)) == 1, "submit: %d", r);
	t_wait_waiters(fd, 1);
	t_ring_exit(&ring);
	t_wait_waiters(fd, 0);
	CHECK(t_push(fd, &v, 8) == 0, "push");
	CHECK(t_info(fd).count == 1 && got == 0, "the cancelled pop took the item");
}

int main(void)
{
	int fd, r;

	t_deadline(60);
	r = t_ring_init(&ring, 8);
	if (r == -ENOSYS || r == -EPERM)
		test_skip("io_uring is not available");
	CHECK(r == 0, "io_uring_setup: %s", strerror(-r));
	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "create");
	commands(fd);
	pending_pop(fd);
	read_write(fd);
	closed_pending(fd);
	close(fd);
	t_wait_all_freed();	/* the cancelled request's file goes after it */
	printf("io_uring commands, READ and WRITE as a %zu-bit caller\n", sizeof(void *) * 8);
	return 0;
}
