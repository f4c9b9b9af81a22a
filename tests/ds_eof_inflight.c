// SPDX-License-Identifier: GPL-2.0
/*
 * End of file waits for items in flight: with no pusher left, a read(2)
 * of an empty object whose last item another read has taken but not yet
 * copied out (held there by a userfaultfd page) does not return 0, and
 * poll shows no POLLHUP; it gets that item if the copy fails (the item
 * comes back), and end of file once the copy succeeds.  Then an epoll
 * waiter sees EPOLLHUP and an io_uring READ parked on poll completes
 * with 0.  SKIP without userfaultfd.
 */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>
#include <linux/userfaultfd.h>
#include "helpers.h"

#define ITEM	"an item bigger than the small-copy path, in flight......"

struct reader {
	int fd;
	void *buf;
	ssize_t r;
	int err, done;
};

static void *read_thread(void *arg)
{
	struct reader *rd = arg;

	rd->r = read(rd->fd, rd->buf, 4096);
	rd->err = errno;
	__atomic_store_n(&rd->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* epoll_wait on an object, as a thread: its events, once woken. */
struct waiter {
	int fd;
	uint32_t events;
	int n, done;
};

static void *epoll_thread(void *arg)
{
	struct waiter *w = arg;
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, w->fd, &ev) == 0, "epoll");
	do {
		w->n = epoll_wait(ep, &ev, 1, 20000 * t_slow_factor());
	} while (w->n == 1 && !(ev.events & EPOLLHUP));	/* an item passing by */
	w->events = ev.events;
	close(ep);
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int uffd_open(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	int fd = syscall(__NR_userfaultfd, O_CLOEXEC);

	if (fd < 0)
		test_skip("no userfaultfd");
	CHECK(ioctl(fd, UFFDIO_API, &api) == 0, "UFFDIO_API");
	return fd;
}

/* A page whose first touch waits on uffd. */
static char *trap_page(int uffd)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct uffdio_register reg = {
		.range = { .start = uptr(p), .len = 4096 },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};

	CHECK(p != MAP_FAILED, "mmap");
	CHECK(ioctl(uffd, UFFDIO_REGISTER, &reg) == 0, "UFFDIO_REGISTER");
	return p;
}

/* Waits until a thread faults on uffd's page. */
static void wait_fault(int uffd)
{
	struct pollfd p = { .fd = uffd, .events = POLLIN };
	struct uffd_msg msg;

	CHECK(poll(&p, 1, 10000 * t_slow_factor()) == 1, "no fault on the page");
	CHECK(read(uffd, &msg, sizeof(msg)) == sizeof(msg) &&
	      msg.event == UFFD_EVENT_PAGEFAULT, "uffd message");
}

static short revents(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	CHECK(poll(&p, 1, 0) >= 0, "poll");
	return p.revents;
}

/*
 * One item, its pusher closed while a reader copies it out into a trapped
 * page; another reader must wait.  fail: the copy fails (the page is
 * unmapped), else it completes.
 */
static void one_case(const char *name, bool fail)
{
	int uffd = uffd_open(), w, r1, r2;
	char *page = trap_page(uffd), buf[4096], rbuf[256];
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	struct reader a, b;
	struct waiter e;
	struct t_ring ring;
	pthread_t ta, tb, te;
	int r;

	w = t_create_ex(name, 0, 0, 0, 0600, 0, 0, NULL);
	CHECK(w >= 0, "create");
	CHECK(t_push(w, ITEM, sizeof(ITEM)) == 0, "push");
	r1 = t_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT, 0);
	r2 = t_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT, 0);
	CHECK(r1 >= 0 && r2 >= 0, "open for reading");
	CHECK(t_unlink(name) == 0, "unlink");

	a = (struct reader){ .fd = r1, .buf = page };
	CHECK(pthread_create(&ta, NULL, read_thread, &a) == 0, "thread");
	wait_fault(uffd);		/* the item is in flight */
	close(w);			/* no pusher left */
	CHECK(!(revents(r2) & POLLHUP), "POLLHUP with an item in flight");
	b = (struct reader){ .fd = r2, .buf = buf };
	CHECK(pthread_create(&tb, NULL, read_thread, &b) == 0, "thread");
	t_wait_waiters(r2, 1);
	CHECK(!__atomic_load_n(&b.done, __ATOMIC_ACQUIRE), "end of file with an item in flight");
	e = (struct waiter){ .fd = r2 };
	CHECK(pthread_create(&te, NULL, epoll_thread, &e) == 0, "thread");
	r = t_ring_init(&ring, 2);
	CHECK(r == 0 || r == -ENOSYS || r == -EPERM, "io_uring_setup: %d", r);
	if (!r) {
		sqe = t_ring_sqe(&ring, 1);
		sqe->opcode = IORING_OP_READ;
		sqe->fd = r2;
		sqe->addr = uptr(rbuf);
		sqe->len = sizeof(rbuf);
		CHECK(t_ring_submit(&ring, 0) == 1, "submit a READ");
	}
	t_sleep_ms(50);
	CHECK(!__atomic_load_n(&e.done, __ATOMIC_ACQUIRE), "epoll woke with an item in flight");
	CHECK(r || !t_ring_reap(&ring, &cqe), "a READ ended with an item in flight");

	if (fail) {
		struct uffdio_range range = { .start = uptr(page), .len = 4096 };

		CHECK(munmap(page, 4096) == 0, "munmap");
		CHECK(ioctl(uffd, UFFDIO_WAKE, &range) == 0, "UFFDIO_WAKE");
	} else {
		struct uffdio_zeropage z = { .range = { .start = uptr(page), .len = 4096 } };

		CHECK(ioctl(uffd, UFFDIO_ZEROPAGE, &z) == 0, "UFFDIO_ZEROPAGE");
	}
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	if (fail) {
		CHECK(a.r == -1 && a.err == EFAULT, "the faulting read: %zd errno %d", a.r, a.err);
		CHECK(b.r == (ssize_t)sizeof(ITEM) && !memcmp(buf, ITEM, sizeof(ITEM)),
		      "the waiting read did not get the item back: %zd errno %d", b.r, b.err);
	} else {
		CHECK(a.r == (ssize_t)sizeof(ITEM) && !memcmp(page, ITEM, sizeof(ITEM)),
		      "the copy: %zd errno %d", a.r, a.err);
		CHECK(b.r == 0, "no end of file after the delivery: %zd errno %d", b.r, b.err);
		munmap(page, 4096);
	}
	CHECK(read(r2, buf, sizeof(buf)) == 0, "end of file");
	CHECK(revents(r2) & POLLHUP, "no POLLHUP at end of file");
	pthread_join(te, NULL);
	CHECK(e.n == 1 && (e.events & EPOLLHUP), "epoll at end of file: %d, %#x", e.n, e.events);
	if (!r) {
		CHECK(t_ring_submit(&ring, 1) >= 0 && t_ring_reap(&ring, &cqe), "no completion");
		CHECK(cqe.res == 0, "the READ at end of file: %d", cqe.res);
		t_ring_exit(&ring);
	}
	close(r1);
	close(r2);
	close(uffd);
}

int main(void)
{
	t_deadline(60);
	ctl();
	one_case(t_name("eof-fail"), true);
	one_case(t_name("eof-deliver"), false);
	t_expect_all_freed();
	return 0;
}
