// SPDX-License-Identifier: GPL-2.0
/*
 * A signal whose handler runs ends a blocked pop, push or read with EINTR,
 * with SA_RESTART as without (the call is not restarted), changing nothing;
 * an interrupted relative timeout comes back rewritten as its absolute
 * deadline (DS_WAIT_ABSTIME).  Under a stream of signals to several
 * blocked poppers, every item is delivered exactly once.
 */
#include "helpers.h"

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void set_handler(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction");
}

enum op { OP_POP, OP_POP_TIMEOUT, OP_READ, OP_PUSH };
static const char *const op_name[] = { "pop", "pop with timeout", "read", "push" };

/* A child blocks in op; SIGUSR1 must end it with EINTR. */
static void interrupt_one(const char *name, int fd, enum op op, int sa_flags)
{
	struct ds_info before = t_info(fd);
	pid_t pid = fork();
	int rc;

	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		int o = t_open(name, DS_RIGHT_ALL, 0);
		char buf[16];
		struct ds_pop p = { .buf = uptr(buf), .size = sizeof(buf),
				    .flags = DS_WAIT_TIMEOUT, .timeout_ns = 30 * NSEC_PER_SEC };
		int64_t t0 = t_now_ns(), t1;

		CHECK(o >= 0, "open");
		set_handler(sa_flags);
		switch (op) {
		case OP_POP:
			p.flags = 0;
			CHECK_ERR(ioctl(o, DS_IOC_POP, &p), EINTR);
			break;
		case OP_POP_TIMEOUT:
			CHECK_ERR(ioctl(o, DS_IOC_POP, &p), EINTR);
			t1 = t_now_ns();
			CHECK(p.flags == DS_WAIT_ABSTIME, "rewritten flags %#x", p.flags);
			CHECK(p.timeout_ns >= t0 + 30 * NSEC_PER_SEC &&
			      p.timeout_ns <= t1 + 30 * NSEC_PER_SEC,
			      "rewritten deadline %lld not in [%lld, %lld]", (long long)p.timeout_ns,
			      (long long)(t0 + 30 * NSEC_PER_SEC), (long long)(t1 + 30 * NSEC_PER_SEC));
			break;
		case OP_READ:
			CHECK_ERR(read(o, buf, sizeof(buf)), EINTR);
			break;
		case OP_PUSH:
			CHECK_ERR(t_push_ex(o, "blocked", 7, 0, 0), EINTR);
			break;
		}
		CHECK(handled == 1, "the handler ran once (%d)", (int)handled);
		_exit(0);
	}
	t_wait_waiters(fd, 1);
	CHECK(kill(pid, SIGUSR1) == 0, "kill");
	rc = t_wait_child(pid, 5000);
	CHECK(rc == 0, "%s, %s: child failed (%d)", op_name[op],
	      sa_flags ? "SA_RESTART" : "no SA_RESTART", rc);
	{
		struct ds_info after = t_info(fd);

		CHECK(after.count == before.count && after.pushes == before.pushes &&
		      after.pops == before.pops && after.waiters == 0,
		      "%s: the interrupted call changed the object", op_name[op]);
	}
}

#define POPPERS	4

struct stress {
	int delivered;			/* items received, all poppers */
	int eintr[POPPERS];
	unsigned char seen[];		/* times each item was received */
};

static void popper(const char *name, struct stress *s, int me)
{
	int o = t_open(name, DS_RIGHT_POP, 0);

	CHECK(o >= 0, "open");
	set_handler(me & 1 ? SA_RESTART : 0);
	for (;;) {
		int32_t id;
		uint32_t size = sizeof(id);

		if (t_pop_wait(o, &id, &size, DS_WAIT_TIMEOUT, 20 * NSEC_PER_SEC) != 0) {
			CHECK(errno == EINTR, "popper %d", me);
			s->eintr[me]++;
			continue;
		}
		CHECK(size == sizeof(id), "size %u", size);
		if (id < 0)
			_exit(0);
		__atomic_add_fetch(&s->seen[id], 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&s->delivered, 1, __ATOMIC_RELEASE);
	}
}

int main(void)
{
	const char *name = t_name("signal");
	int n = t_iters(3000), fd, eintr = 0;
	struct stress *s = t_shared(sizeof(*s) + n);
	pid_t pid[POPPERS];
	int64_t end;

	t_deadline(60);
	fd = t_create_ex(name, 1, 0, 0, 0600, 0, 0, NULL);
	CHECK(fd >= 0, "create max_items=1");

	for (int restart = 0; restart <= 1; restart++) {
		int fl = restart ? SA_RESTART : 0;

		interrupt_one(name, fd, OP_POP, fl);
		interrupt_one(name, fd, OP_POP_TIMEOUT, fl);
		interrupt_one(name, fd, OP_READ, fl);
		CHECK(t_push(fd, "full", 4) == 0, "fill");
		interrupt_one(name, fd, OP_PUSH, fl);
		CHECK(ioctl(fd, DS_IOC_CLEAR) == 1, "clear");
	}

	/* Stress: signals sprayed at blocked poppers while items arrive. */
	for (int i = 0; i < POPPERS; i++) {
		pid[i] = fork();
		CHECK(pid[i] >= 0, "fork");
		if (pid[i] == 0)
			popper(name, s, i);
	}
	t_wait_waiters(fd, POPPERS);
	for (int i = 0; i < n; i++) {
		int32_t id = i;

		kill(pid[i % POPPERS], SIGUSR1);
		if (i % 7 == 0)
			kill(pid[(i + 1) % POPPERS], SIGUSR1);
		CHECK(t_push_ex(fd, &id, sizeof(id), DS_WAIT_TIMEOUT, 10 * NSEC_PER_SEC) == 0,
		      "push %d", i);
	}
	end = t_now_ns() + t_tol_ns(10 * NSEC_PER_SEC);
	while (__atomic_load_n(&s->delivered, __ATOMIC_ACQUIRE) < n) {
		struct ds_info info = t_info(fd);

		CHECK(t_now_ns() < end, "%d of %d delivered; object holds %llu, %u waiters",
		      s->delivered, n, (unsigned long long)info.count, info.waiters);
		usleep(1000);
	}
	for (int i = 0; i < POPPERS; i++) {
		int32_t stop = -1;

		CHECK(t_push_ex(fd, &stop, sizeof(stop), DS_WAIT_TIMEOUT, 10 * NSEC_PER_SEC) == 0,
		      "stop");
	}
	for (int i = 0; i < POPPERS; i++) {
		int rc = t_wait_child(pid[i], 10000);

		CHECK(rc == 0, "popper %d failed: %d", i, rc);
		eintr += s->eintr[i];
	}
	for (int i = 0; i < n; i++)
		CHECK(s->seen[i] == 1, "item %d delivered %d times", i, s->seen[i]);
	printf("%d items to %d poppers under signals: each delivered once; %d pops ended with EINTR\n",
	       n, POPPERS, eintr);
	CHECK(eintr > 0, "no pop was interrupted");
	CHECK(t_info(fd).count == 0, "object empty");

	munmap(s, sizeof(*s) + n);
	close(fd);
	t_expect_all_freed();
	return 0;
}
