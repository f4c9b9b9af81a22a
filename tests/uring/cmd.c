// SPDX-License-Identifier: GPL-2.0
/*
 * DataStack commands through io_uring (IORING_OP_URING_CMD, ds_prep_*()):
 * PUSH and POP complete inline; a POP of an empty object stays pending,
 * with no thread blocked and no io-wq worker, until a push from another
 * process serves it; pending pops are served in arrival order with the
 * blocked tasks; items of 4 KiB inline and pending; a pending PUSH gets in when a pop makes room; PUSHV and
 * POPV; EAGAIN, EMSGSIZE, EACCES, EINVAL, EOPNOTSUPP as results; on a
 * ring of 32-byte CQEs, a pop's EMSGSIZE with the item's size, inline and
 * pending (the item left on top); a ring
 * closed, and a task killed, with pops pending neither hangs nor keeps an
 * item.
 */
#include <signal.h>
#include "uring.h"

static void inline_ops(struct io_uring *ring, int fd)
{
	uint64_t v = 1, got = 0;
	struct ds_iovec iov[4];
	uint64_t vals[4] = { 10, 11, 12, 13 }, out[4];
	int r, i;

	ds_prep_push(u_sqe(ring, 1), fd, &v, 8, DS_WAIT_NONBLOCK);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == 0, "push: %d", r);
	ds_prep_pop(u_sqe(ring, 2), fd, &got, 8, DS_WAIT_NONBLOCK);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == 8 && got == 1, "pop: %d", r);
	ds_prep_pop(u_sqe(ring, 3), fd, &got, 8, DS_WAIT_NONBLOCK);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == -EAGAIN, "pop of an empty object: %d", r);

	for (i = 0; i < 4; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(&vals[i]), .len = 8 };
	ds_prep_pushv(u_sqe(ring, 4), fd, iov, 4, 0);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == 4, "pushv: %d", r);
	for (i = 0; i < 4; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(&out[i]), .len = 8 };
	ds_prep_popv(u_sqe(ring, 5), fd, iov, 4, 0);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == 4 && out[0] == 10 && out[3] == 13 && iov[0].len == 8,
	      "popv: %d", r);

	v = 99;
	CHECK(t_push(fd, &v, 8) == 0, "push");
	ds_prep_pop(u_sqe(ring, 6), fd, &got, 4, 0);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == -EMSGSIZE, "pop into 4 bytes: %d", r);
	CHECK(t_info(fd).count == 1, "the item stayed");
	ds_prep_pop(u_sqe(ring, 7), fd, &got, 8, DS_WAIT_TIMEOUT);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == -EINVAL, "a timeout flag: %d", r);
	ds_prep_cmd(u_sqe(ring, 8), fd, 0x77, &got, 8, 0);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == -EOPNOTSUPP, "unknown command: %d", r);
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "clear");
}

static void pending_pops(struct io_uring *ring, int fd)
{
	uint64_t got[4] = { 0 }, data, v;
	int i, r;
	pid_t pid;

	for (i = 0; i < 4; i++)
		ds_prep_pop(u_sqe(ring, 100 + i), fd, &got[i], 8, 0);
	CHECK(io_uring_submit(ring) == 4, "submit pops");
	t_wait_waiters(fd, 4);
	CHECK(u_none(ring), "pops of an empty object completed");
	CHECK(u_workers() == 0, "pending pops started %d io-wq workers", u_workers());
	pid = fork();
	if (pid == 0) {
		for (v = 0; v < 4; v++)
			if (t_push(fd, &v, 8))
				_exit(1);
		_exit(0);
	}
	CHECK(t_wait_child(pid, 5000) == 0, "child pushed");
	for (i = 0; i < 4; i++) {
		CHECK((r = u_wait(ring, &data)) == 8, "pending pop: %d", r);
		CHECK(got[data - 100] == data - 100, "pop %llu got item %llu: arrival order",
		      (unsigned long long)data - 100, (unsigned long long)got[data - 100]);
	}
	CHECK(t_info(fd).pushes == 6 + 4 && t_info(fd).pops == 5 + 4 && t_info(fd).count == 0,
	      "counters");
}

/*
 * Items with their data apart (above 511 bytes) are freed, not recycled,
 * as they are delivered: the result is their size all the same, inline
 * and pending (KASAN on the debug kernel sees a read of a freed item).
 */
static void big_items(struct io_uring *ring, int fd)
{
	static char out[4096], in[4096];
	int r;

	memset(out, 0x5a, sizeof(out));
	ds_prep_push(u_sqe(ring, 30), fd, out, sizeof(out), 0);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == 0, "push of 4 KiB: %d", r);
	ds_prep_pop(u_sqe(ring, 31), fd, in, sizeof(in), 0);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == 4096 && !memcmp(in, out, sizeof(in)),
	      "inline pop of 4 KiB: %d", r);
	memset(in, 0, sizeof(in));
	ds_prep_pop(u_sqe(ring, 32), fd, in, sizeof(in), 0);
	io_uring_submit(ring);
	t_wait_waiters(fd, 1);
	CHECK(t_push(fd, out, sizeof(out)) == 0, "push");
	CHECK((r = u_wait(ring, NULL)) == 4096 && !memcmp(in, out, sizeof(in)),
	      "pending pop of 4 KiB: %d", r);
}

static void pending_push(struct io_uring *ring)
{
	int fd = t_create_ex(NULL, 1, 0, 0, 0600, 0, 0, NULL), r;
	uint64_t a = 1, b = 2, got;
	uint32_t size = 8;

	CHECK(fd >= 0 && t_push(fd, &a, 8) == 0, "a full object");
	ds_prep_push(u_sqe(ring, 200), fd, &b, 8, 0);
	io_uring_submit(ring);
	t_wait_waiters(fd, 1);
	CHECK(u_none(ring), "a push to a full object completed");
	CHECK(t_pop(fd, &got, &size) == 0 && got == 1, "pop");
	CHECK((r = u_wait(ring, NULL)) == 0, "the pending push: %d", r);
	size = 8;
	CHECK(t_pop(fd, &got, &size) == 0 && got == 2, "it got in");
	close(fd);
}

static void rights(struct io_uring *ring)
{
	int fd = t_create_ex(NULL, 0, 0, 0, 0600, 0, DS_RIGHT_QUERY, NULL), r;
	uint64_t v = 1;

	CHECK(fd >= 0, "query-only descriptor");
	ds_prep_push(u_sqe(ring, 300), fd, &v, 8, 0);
	ds_prep_pop(u_sqe(ring, 301), fd, &v, 8, 0);
	io_uring_submit(ring);
	CHECK((r = u_wait(ring, NULL)) == -EACCES && u_wait(ring, NULL) == -EACCES,
	      "no rights: %d", r);
	close(fd);
}

/* A ring closed, and a task killed, with pops pending. */
static void cancelled(int fd)
{
	struct io_uring ring;
	uint64_t got[3], v = 5;
	uint32_t size = 8;
	int i, rc;
	pid_t pid;

	u_init(&ring, 8);
	for (i = 0; i < 3; i++)
		ds_prep_pop(u_sqe(&ring, i), fd, &got[i], 8, 0);
	io_uring_submit(&ring);
	t_wait_waiters(fd, 3);
	io_uring_queue_exit(&ring);
	for (i = 0; i < 100 && t_info(fd).waiters; i++)
		t_sleep_ms(50);
	CHECK(t_info(fd).waiters == 0, "%u pops still pending after their ring closed",
	      t_info(fd).waiters);
	CHECK(t_push(fd, &v, 8) == 0 && t_pop(fd, &got[0], &size) == 0 && got[0] == 5,
	      "an item pushed after is not lost");

	pid = fork();
	if (pid == 0) {
		struct io_uring r2;

		u_init(&r2, 8);
		for (i = 0; i < 3; i++)
			ds_prep_pop(u_sqe(&r2, i), fd, &got[i], 8, 0);
		io_uring_submit(&r2);
		pause();
		_exit(0);
	}
	t_wait_waiters(fd, 3);
	kill(pid, SIGKILL);
	rc = t_wait_child(pid, 10000);
	CHECK(rc == 128 + SIGKILL, "the killed task exited: %d", rc);
	/* Finished at the latest by the monitor's next look (6.1), at once on 6.7+. */
	for (i = 0; i < 100 && t_info(fd).waiters; i++)
		t_sleep_ms(50);
	CHECK(t_info(fd).waiters == 0, "pending pops of a dead task: %u", t_info(fd).waiters);
	size = 8;
	CHECK(t_push(fd, &v, 8) == 0 && t_pop(fd, &got[0], &size) == 0, "nothing lost");
}

/* A pop of an 8-byte item into 3 bytes: EMSGSIZE, the size, the item kept. */
static void expect_size(struct io_uring *ring, int fd, const char *how)
{
	struct io_uring_cqe *cqe;

	CHECK(io_uring_wait_cqe(ring, &cqe) == 0, "wait");
	CHECK(cqe->res == -EMSGSIZE && cqe->big_cqe[0] == 8,
	      "%s pop into 3 bytes: %d, size %llu", how, cqe->res,
	      (unsigned long long)cqe->big_cqe[0]);
	io_uring_cqe_seen(ring, cqe);
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "the item stayed");
}

/* On a ring of 32-byte CQEs a pop into too small a buffer learns the size. */
static void size_in_big_cqe(int fd)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	uint64_t v = 7, got = 0;
	int r;

	r = io_uring_queue_init(4, &ring, IORING_SETUP_CQE32);
	CHECK(r == 0, "a CQE32 ring: %s", strerror(-r));
	CHECK(t_push(fd, &v, 8) == 0, "push");
	ds_prep_pop(u_sqe(&ring, 1), fd, &got, 3, 0);
	io_uring_submit(&ring);
	expect_size(&ring, fd, "inline");

	ds_prep_pop(u_sqe(&ring, 2), fd, &got, 3, 0);
	io_uring_submit(&ring);
	t_wait_waiters(fd, 1);
	CHECK(t_push(fd, &v, 8) == 0, "push to the pending pop");
	expect_size(&ring, fd, "pending");

	ds_prep_pop(u_sqe(&ring, 3), fd, &got, 8, DS_WAIT_NONBLOCK);
	io_uring_submit(&ring);
	CHECK(io_uring_wait_cqe(&ring, &cqe) == 0, "wait");
	CHECK(cqe->res == -EAGAIN && cqe->big_cqe[0] == 0, "an empty pop: %d, extra %llu",
	      cqe->res, (unsigned long long)cqe->big_cqe[0]);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring ring;
	int fd;

	t_deadline(120);
	fd = t_create(NULL, DS_CREATE_FIFO);
	CHECK(fd >= 0, "create");
	u_init(&ring, 16);
	inline_ops(&ring, fd);
	pending_pops(&ring, fd);
	big_items(&ring, fd);
	pending_push(&ring);
	rights(&ring);
	size_in_big_cqe(fd);
	CHECK(u_workers() == 0, "%d io-wq workers", u_workers());
	io_uring_queue_exit(&ring);
	cancelled(fd);
	close(fd);
	t_expect_all_freed();
	return 0;
}
