// SPDX-License-Identifier: GPL-2.0
/*
 * poll, select and epoll on an object descriptor: readable (EPOLLIN) while
 * not empty, writable (EPOLLOUT) while not full; level- and edge-triggered
 * epoll; a clear makes it unreadable again; a thread blocked in epoll_wait
 * wakes on a push; a descriptor without DS_RIGHT_WAIT reports EPOLLERR.
 */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include "helpers.h"

static short poll_events(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };

	CHECK(poll(&p, 1, 0) >= 0, "poll");
	return p.revents;
}

/* select() with a zero timeout: bit 1 readable, bit 2 writable. */
static int select_events(int fd)
{
	struct timeval tv = { 0, 0 };
	fd_set r, w;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	CHECK(select(fd + 1, &r, &w, NULL, &tv) >= 0, "select");
	return (FD_ISSET(fd, &r) ? 1 : 0) | (FD_ISSET(fd, &w) ? 2 : 0);
}

/* epoll_wait with a timeout (ms); returns the events, 0 for none. */
static uint32_t ep_events(int ep, int timeout)
{
	struct epoll_event ev;
	int n = epoll_wait(ep, &ev, 1, timeout);

	CHECK(n >= 0, "epoll_wait");
	return n ? ev.events : 0;
}

static int ep_new(int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	CHECK(ep >= 0, "epoll_create1");
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0, "EPOLL_CTL_ADD");
	return ep;
}

static void push1(int fd)
{
	CHECK(t_push(fd, "x", 1) == 0, "push");
}

static void pop1(int fd)
{
	char buf[16];
	uint32_t size = sizeof(buf);

	CHECK(t_pop(fd, buf, &size) == 0, "pop");
}

struct waiter {
	int ep;
	uint32_t events;
	int64_t woke;
};

static void *epoll_waiter(void *arg)
{
	struct waiter *w = arg;

	w->events = ep_events(w->ep, 10000);
	w->woke = t_now_ns();
	return NULL;
}

int main(void)
{
	const char *name = t_name("epoll");
	int fd, ro, lt, et_in, et_out, ep;
	uint32_t ev;

	t_deadline(30);
	fd = t_create_ex(name, 2, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create max_items=2");

	/* poll and select follow the item count. */
	CHECK(poll_events(fd) == POLLOUT, "empty: writable only, got %#x", poll_events(fd));
	CHECK(select_events(fd) == 2, "select empty");
	push1(fd);
	CHECK(poll_events(fd) == (POLLIN | POLLOUT), "1 item: got %#x", poll_events(fd));
	CHECK(select_events(fd) == 3, "select 1 item");
	push1(fd);
	CHECK(poll_events(fd) == POLLIN, "full: readable only, got %#x", poll_events(fd));
	CHECK(select_events(fd) == 1, "select full");
	{
		struct pollfd p = { .fd = fd, .events = POLLRDNORM | POLLWRNORM };

		CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLRDNORM, "RDNORM %#x", p.revents);
	}
	pop1(fd);
	pop1(fd);
	CHECK(poll_events(fd) == POLLOUT, "emptied");

	/* Level-triggered: reported on every wait while the state lasts. */
	lt = ep_new(fd, EPOLLIN | EPOLLOUT);
	CHECK(ep_events(lt, 0) == EPOLLOUT, "LT empty");
	CHECK(ep_events(lt, 0) == EPOLLOUT, "LT empty again");
	push1(fd);
	CHECK(ep_events(lt, 0) == (EPOLLIN | EPOLLOUT), "LT 1 item");
	CHECK(ep_events(lt, 0) == (EPOLLIN | EPOLLOUT), "LT 1 item again");
	push1(fd);
	CHECK(ep_events(lt, 0) == EPOLLIN, "LT full");
	pop1(fd);
	pop1(fd);
	CHECK(ep_events(lt, 0) == EPOLLOUT, "LT emptied");

	/* Edge-triggered EPOLLIN: once per push, nothing in between. */
	et_in = ep_new(fd, EPOLLIN | EPOLLET);
	CHECK(ep_events(et_in, 0) == 0, "ET empty: no event");
	push1(fd);
	CHECK(ep_events(et_in, 0) == EPOLLIN, "ET push: EPOLLIN");
	CHECK(ep_events(et_in, 0) == 0, "ET: edge consumed");
	push1(fd);
	CHECK(ep_events(et_in, 0) == EPOLLIN, "ET second push: EPOLLIN");
	CHECK(ep_events(et_in, 0) == 0, "ET: consumed again");
	pop1(fd);
	pop1(fd);
	CHECK(ep_events(et_in, 0) == 0, "ET: emptied, no EPOLLIN");
	push1(fd);
	CHECK(ep_events(et_in, 0) == EPOLLIN, "ET push after empty");
	pop1(fd);

	/* Edge-triggered EPOLLOUT: a pop or a clear of a full object. */
	et_out = ep_new(fd, EPOLLOUT | EPOLLET);
	CHECK(ep_events(et_out, 0) == EPOLLOUT, "ET: writable when added");
	CHECK(ep_events(et_out, 0) == 0, "ET out consumed");
	push1(fd);
	push1(fd);
	CHECK(ep_events(et_out, 0) == 0, "ET full: no EPOLLOUT");
	pop1(fd);
	CHECK(ep_events(et_out, 0) == EPOLLOUT, "ET: pop of a full object gives EPOLLOUT");
	CHECK(ep_events(et_out, 0) == 0, "ET out consumed again");
	push1(fd);
	CHECK(ep_events(et_out, 0) == 0, "ET full again");
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 2, "clear");
	CHECK(ep_events(et_out, 0) == EPOLLOUT, "ET: clear of a full object gives EPOLLOUT");

	/* Clear: no longer readable, by poll, select and level-triggered epoll. */
	push1(fd);
	CHECK(poll_events(fd) & POLLIN, "readable before clear");
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "clear");
	CHECK(poll_events(fd) == POLLOUT, "after clear: not readable, got %#x", poll_events(fd));
	CHECK(select_events(fd) == 2, "select after clear");
	CHECK(ep_events(lt, 0) == EPOLLOUT, "LT after clear");
	CHECK(ep_events(et_in, 0) == 0, "ET after clear: no EPOLLIN");

	/* A thread blocked in epoll_wait (ET and LT) wakes on a push. */
	{
		struct waiter w[2] = { { .ep = et_in }, { .ep = ep_new(fd, EPOLLIN) } };
		pthread_t th[2];
		int64_t t0;

		for (int i = 0; i < 2; i++)
			CHECK(pthread_create(&th[i], NULL, epoll_waiter, &w[i]) == 0, "thread");
		t_sleep_ms(100);
		t0 = t_now_ns();
		push1(fd);
		for (int i = 0; i < 2; i++) {
			pthread_join(th[i], NULL);
			CHECK(w[i].events == EPOLLIN, "epoll_wait %d woke with %#x", i, w[i].events);
			printf("epoll_wait (%s) woke %.1f us after the push\n",
			       i ? "LT" : "ET", (w[i].woke - t0) / 1e3);
		}
		close(w[1].ep);
		pop1(fd);
	}

	/* Without DS_RIGHT_WAIT: EPOLLERR, whatever the state. */
	ro = t_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_PUSH, 0);
	CHECK(ro >= 0, "open without WAIT");
	CHECK(poll_events(ro) & POLLERR, "no WAIT: POLLERR, got %#x", poll_events(ro));
	CHECK(!(poll_events(ro) & (POLLIN | POLLOUT)), "no WAIT: no IN/OUT, got %#x",
	      poll_events(ro));
	ep = epoll_create1(EPOLL_CLOEXEC);
	{
		struct epoll_event e = { .events = EPOLLIN | EPOLLOUT };

		CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ro, &e) == 0, "epoll add no-WAIT fd");
	}
	ev = ep_events(ep, 0);
	CHECK(ev & EPOLLERR, "no WAIT: epoll EPOLLERR, got %#x", ev);
	push1(fd);
	CHECK(poll_events(ro) & POLLERR, "no WAIT, not empty: POLLERR");
	/* ... while the descriptor with WAIT still sees the item. */
	CHECK(poll_events(fd) == (POLLIN | POLLOUT), "WAIT descriptor");
	CHECK(ioctl(ro, DS_IOC_CLEAR) == -1 && errno == EACCES, "no CLEAR right");
	pop1(ro);

	close(ep);
	close(ro);
	close(lt);
	close(et_in);
	close(et_out);
	close(fd);
	t_expect_all_freed();
	return 0;
}
