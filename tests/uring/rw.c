// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring READ and WRITE on object descriptors complete inline (a batch
 * of 32 writes and 32 reads per submit), a READ of an empty object is
 * parked on poll and completed by a push from another process, and none
 * of it ever starts an io-wq worker (FMODE_NOWAIT, read_iter/write_iter
 * honouring IOCB_NOWAIT).  Rights still apply.
 */
#include "uring.h"

#define PAIRS	32

int main(void)
{
	struct io_uring ring;
	uint64_t vals[PAIRS], got[PAIRS], data;
	int fd, i, r, ro;
	pid_t pid;

	fd = t_create(NULL, DS_CREATE_FIFO);
	CHECK(fd >= 0, "create");
	u_init(&ring, 2 * PAIRS);
	for (int round = 0; round < 20; round++) {
		for (i = 0; i < PAIRS; i++) {
			vals[i] = round * 1000 + i;
			io_uring_prep_write(u_sqe(&ring, i), fd, &vals[i], 8, 0);
		}
		CHECK(io_uring_submit(&ring) == PAIRS, "submit writes");
		for (i = 0; i < PAIRS; i++)
			CHECK((r = u_wait(&ring, NULL)) == 8, "write: %d", r);
		for (i = 0; i < PAIRS; i++)
			io_uring_prep_read(u_sqe(&ring, i), fd, &got[i], 8, 0);
		CHECK(io_uring_submit(&ring) == PAIRS, "submit reads");
		for (i = 0; i < PAIRS; i++) {
			CHECK((r = u_wait(&ring, &data)) == 8, "read: %d", r);
			CHECK(got[data] == round * 1000 + data, "FIFO order through io_uring");
		}
	}
	CHECK(u_workers() == 0, "%d io-wq workers for inline reads and writes", u_workers());

	/* A read of an empty object waits (on poll), a push elsewhere ends it. */
	io_uring_prep_read(u_sqe(&ring, 7), fd, &got[0], 8, 0);
	CHECK(io_uring_submit(&ring) == 1, "submit");
	t_sleep_ms(100);
	CHECK(u_none(&ring), "a read of an empty object completed");
	pid = fork();
	if (pid == 0) {
		uint64_t v = 4242;

		_exit(t_push(fd, &v, 8) ? 1 : 0);
	}
	CHECK(t_wait_child(pid, 5000) == 0, "child pushed");
	CHECK(u_wait(&ring, &data) == 8 && data == 7 && got[0] == 4242, "the parked read got it");
	CHECK(u_workers() == 0, "%d io-wq workers for a parked read", u_workers());

	/* Rights: a read-only descriptor cannot write, even through io_uring. */
	ro = dup(fd);
	CHECK(ioctl(ro, DS_IOC_SET_RIGHTS, DS_RIGHT_QUERY) == 0, "narrow");
	io_uring_prep_write(u_sqe(&ring, 1), ro, &vals[0], 8, 0);
	io_uring_submit(&ring);
	CHECK((r = u_wait(&ring, NULL)) == -EACCES, "write without PUSH: %d", r);
	close(ro);	/* shares the file: fd is narrowed too */
	io_uring_queue_exit(&ring);
	close(fd);
	t_expect_all_freed();
	return 0;
}
