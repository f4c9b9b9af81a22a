// SPDX-License-Identifier: GPL-2.0
/*
 * End of file, as a FIFO's: read(2) of an empty object returns 0 when no
 * descriptor holding DS_RIGHT_PUSH is open, waits (or EAGAIN) while one
 * is, and a read blocked on an empty object returns 0 when the last one
 * closes; narrowing a descriptor's rights to drop PUSH counts as closing
 * it.  The POP calls never see end of file.
 */
#include <poll.h>
#include "helpers.h"

static int reader_fd;
static int done;
static ssize_t got;

static void *blocked_read(void *arg)
{
	char buf[16];

	(void)arg;
	got = read(reader_fd, buf, sizeof(buf));
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	return NULL;
}

int main(void)
{
	const char *name = t_name("eof");
	char buf[16];
	uint32_t size = sizeof(buf);
	int creator, writer, nb;
	pthread_t t;

	t_deadline(60);
	creator = t_create(name, DS_CREATE_PERSISTENT);
	CHECK(creator >= 0, "create");
	CHECK(t_push(creator, "item", 4) == 0, "push");
	close(creator);

	/* No pusher open: items, then end of file; POP says empty instead. */
	reader_fd = t_open(name, DS_RIGHT_POP | DS_RIGHT_QUERY | DS_RIGHT_WAIT, 0);
	CHECK(reader_fd >= 0, "open for reading");
	CHECK(read(reader_fd, buf, sizeof(buf)) == 4, "the item first");
	CHECK(read(reader_fd, buf, sizeof(buf)) == 0, "then end of file");
	CHECK_ERR(t_pop(reader_fd, buf, &size), EAGAIN);
	{
		struct pollfd p = { .fd = reader_fd, .events = POLLIN };

		CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLHUP,
		      "poll at end of file: revents %#x", p.revents);
	}

	/* A pusher open: no end of file. */
	writer = t_open(name, DS_RIGHT_PUSH, 0);
	CHECK(writer >= 0, "open for writing");
	nb = t_open(name, DS_RIGHT_POP | DS_RIGHT_WAIT, DS_NONBLOCK);
	CHECK(nb >= 0, "a non-blocking reader");
	CHECK_ERR(read(nb, buf, sizeof(buf)), EAGAIN);

	/* A blocked read ends with 0 when the last pusher goes. */
	CHECK(pthread_create(&t, NULL, blocked_read, NULL) == 0, "thread");
	t_wait_waiters(reader_fd, 1);
	CHECK(!__atomic_load_n(&done, __ATOMIC_ACQUIRE), "the read waits while a pusher is open");
	{
		struct pollfd p = { .fd = nb, .events = POLLIN };

		CHECK(poll(&p, 1, 0) == 0, "no POLLHUP while a pusher is open");
	}
	close(writer);
	CHECK(t_wait_flag(&done, 5000), "the read did not end with the last pusher");
	pthread_join(t, NULL);
	CHECK(got == 0, "the blocked read returned %zd, want 0", got);

	/* Narrowing away PUSH is closing as a pusher. */
	writer = t_open(name, DS_RIGHT_ALL, 0);
	CHECK(writer >= 0, "open read-write");
	CHECK_ERR(read(nb, buf, sizeof(buf)), EAGAIN);
	CHECK(ioctl(writer, DS_IOC_SET_RIGHTS, DS_RIGHT_POP) == 0, "narrow to POP");
	CHECK(read(nb, buf, sizeof(buf)) == 0, "end of file once no one may push");

	close(writer);
	close(nb);
	close(reader_fd);
	CHECK(t_unlink(name) == 0, "unlink");
	t_expect_all_freed();
	return 0;
}
