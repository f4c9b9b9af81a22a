// SPDX-License-Identifier: GPL-2.0
/*
 * End of file does not wait for an item handed to an io_uring pop: on a
 * DEFER_TASKRUN ring the pop's copy runs only when its task enters the
 * ring, so a read(2) of that task must see end of file (0, not EAGAIN, nor
 * a wait) once the last pusher is gone, and the pop then completes with
 * the item.  SKIP where the kernel lacks DEFER_TASKRUN.
 */
#include "uring.h"

int main(void)
{
	const char *name = t_name("uring-eof");
	uint64_t v = 0x5151, got = 0, data;
	struct io_uring ring;
	char buf[16];
	int c, r, nb, res;
	pid_t pid;

	t_deadline(60);
	res = io_uring_queue_init(4, &ring, IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_DEFER_TASKRUN);
	if (res == -EINVAL)
		test_skip("no IORING_SETUP_DEFER_TASKRUN");
	CHECK(res == 0, "io_uring_queue_init: %s", strerror(-res));
	c = t_create_ex(name, 0, 0, 0, 0600, 0, 0, NULL);
	r = t_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT, 0);
	nb = t_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT, DS_NONBLOCK);
	CHECK(c >= 0 && r >= 0 && nb >= 0, "create and open");
	close(c);			/* this process holds no pusher */

	ds_prep_pop(u_sqe(&ring, 1), r, &got, sizeof(got), 0);
	CHECK(io_uring_submit(&ring) == 1, "submit a pop");
	t_wait_waiters(r, 1);

	pid = fork();
	if (pid == 0) {		/* the one pusher: pushes, closes, exits */
		int w = t_open(name, DS_RIGHT_PUSH, 0);

		_exit(w < 0 || t_push(w, &v, sizeof(v)) ? 1 : 0);
	}
	CHECK(t_wait_child(pid, 10000) == 0, "the pusher");
	CHECK(t_info(r).count == 0, "the item is not handed to the pending pop");
	CHECK(read(nb, buf, sizeof(buf)) == 0,
	      "read(2) waits on an item an io_uring pop holds (errno %d)", errno);

	CHECK((res = u_wait(&ring, &data)) == (int)sizeof(v) && got == v,
	      "the pending pop: %d, %#llx", res, (unsigned long long)got);
	io_uring_queue_exit(&ring);
	close(r);
	close(nb);		/* the last descriptor: the name goes too */
	t_expect_all_freed();
	return 0;
}
