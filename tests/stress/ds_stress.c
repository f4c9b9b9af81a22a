// SPDX-License-Identifier: GPL-2.0
/*
 * ds_stress: producers and consumers (processes, two threads each) on
 * several LIFO and FIFO objects, items of random size carrying a unique
 * sequence number and a checksum, random clears, random kill -9 of
 * workers (respawned), descriptors passed over SCM_RIGHTS, and objects
 * created and dropped with items in them.
 *
 * Checks at the end: no item delivered twice, no item corrupted, and
 * pushed == popped + cleared + still held, within what killed workers can
 * blur (an item pushed or popped by a worker killed before it could record
 * it); once everything is closed the module holds no object, item or byte.
 *
 *   ds_stress [--duration S] [--objects K] [--producers N] [--consumers M]
 *             [--seed X]
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include "../helpers.h"

#define MAX_OBJECTS	16
#define MAX_WORKERS	64
#define MAX_SEQ		(1u << 24)
#define MAX_ITEM	4096
#define MAGIC		0x5eed1234u
#define THREADS		2

struct item_hdr {
	uint32_t magic, seq, len, csum;
};

struct shared {
	atomic_uint next_seq;
	atomic_int stop;
	atomic_ulong pushed, popped, cleared, killed, errors, passed_fds, dropped;
	atomic_uchar state[MAX_SEQ];	/* 1 pushed, 2 popped */
};

static struct shared *sh;
static int nobj = 4, nprod = 4, ncons = 4, duration = 10;
static unsigned int seed = 1;
static char names[MAX_OBJECTS][64];

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static uint32_t checksum(const unsigned char *p, uint32_t n)
{
	uint32_t c = 2166136261u;

	while (n--)
		c = (c ^ *p++) * 16777619u;
	return c;
}

static void fill(unsigned char *buf, uint32_t seq, uint32_t len)
{
	struct item_hdr *h = (struct item_hdr *)buf;
	uint32_t s = seq * 2654435761u + 1;

	for (uint32_t i = sizeof(*h); i < len; i++)
		buf[i] = rnd(&s);
	h->magic = MAGIC;
	h->seq = seq;
	h->len = len;
	h->csum = checksum(buf + sizeof(*h), len - sizeof(*h));
}

static void error(const char *what, uint32_t seq)
{
	fprintf(stderr, "ds_stress: %s (seq %u)\n", what, seq);
	atomic_fetch_add(&sh->errors, 1);
}

static void check_item(const unsigned char *buf, uint32_t len)
{
	const struct item_hdr *h = (const void *)buf;
	unsigned char old;

	if (len < sizeof(*h) || h->magic != MAGIC || h->len != len || h->seq >= MAX_SEQ ||
	    h->csum != checksum(buf + sizeof(*h), len - sizeof(*h))) {
		error("corrupted item", len >= sizeof(*h) ? h->seq : 0);
		return;
	}
	old = atomic_exchange(&sh->state[h->seq], 2);
	if (old == 2)
		error("item delivered twice", h->seq);
	atomic_fetch_add(&sh->popped, 1);
}

/* Gets a descriptor for object i: by name, or passed from the parent. */
static int get_fd(int i, int sock)
{
	if (sock >= 0) {
		char c;
		struct iovec iov = { .iov_base = &c, .iov_len = 1 };
		union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = u.b, .msg_controllen = sizeof(u.b) };
		int fd;

		if (recvmsg(sock, &m, 0) == 1 && CMSG_FIRSTHDR(&m)) {
			memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(int));
			atomic_fetch_add(&sh->passed_fds, 1);
			return fd;
		}
	}
	return t_open(names[i], DS_RIGHT_ALL, 0);
}

struct worker {
	int fds[MAX_OBJECTS];
	int producer;
	uint32_t seed;
};

static void *producer_thread(void *arg)
{
	struct worker *w = arg;
	unsigned char buf[MAX_ITEM];
	uint32_t s = w->seed ^ (uint32_t)(uintptr_t)&s;

	while (!atomic_load(&sh->stop)) {
		uint32_t seq = atomic_fetch_add(&sh->next_seq, 1);
		uint32_t len = sizeof(struct item_hdr) + rnd(&s) % (MAX_ITEM - 16);
		int o = rnd(&s) % nobj;

		if (seq >= MAX_SEQ)
			break;
		fill(buf, seq, len);
		atomic_store(&sh->state[seq], 1);
		if (t_push_ex(w->fds[o], buf, len, DS_WAIT_TIMEOUT, 20000000) == 0)
			atomic_fetch_add(&sh->pushed, 1);
		else
			atomic_store(&sh->state[seq], 0);
	}
	return NULL;
}

static void *consumer_thread(void *arg)
{
	struct worker *w = arg;
	unsigned char buf[MAX_ITEM];
	uint32_t s = w->seed ^ (uint32_t)(uintptr_t)&s;

	while (!atomic_load(&sh->stop)) {
		int o = rnd(&s) % nobj;
		uint32_t size = sizeof(buf);

		if (rnd(&s) % 8 == 0) {
			/* a batch */
			unsigned char bufs[4][MAX_ITEM];
			struct ds_iovec iov[4];
			struct ds_batch b = { .iov = uptr(iov), .count = 4,
					      .flags = DS_WAIT_TIMEOUT, .timeout_ns = 20000000 };
			int n, i;

			for (i = 0; i < 4; i++)
				iov[i] = (struct ds_iovec){ .base = uptr(bufs[i]), .len = MAX_ITEM };
			n = ioctl(w->fds[o], DS_IOC_POPV, &b);
			for (i = 0; i < n; i++)
				check_item(bufs[i], iov[i].len);
			continue;
		}
		if (t_pop_ex(w->fds[o], buf, &size, DS_WAIT_TIMEOUT, 20000000, DS_IOC_POP) == 0)
			check_item(buf, size);
	}
	return NULL;
}

static void run_worker(int producer, int sock, uint32_t wseed)
{
	struct worker w = { .producer = producer, .seed = wseed };
	pthread_t t[THREADS];
	int i;

	ctl_forget();
	for (i = 0; i < nobj; i++) {
		w.fds[i] = get_fd(i, (wseed & 1) ? sock : -1);
		if (w.fds[i] < 0)
			_exit(3);
	}
	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, producer ? producer_thread : consumer_thread, &w);
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	_exit(0);
}

static void send_fd(int sock, int fd)
{
	char c = 'f';
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.b, .msg_controllen = sizeof(u.b) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);

	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &fd, sizeof(int));
	sendmsg(sock, &m, MSG_DONTWAIT);
}

static pid_t spawn(int producer, const int *objs, uint32_t wseed)
{
	int sv[2], i;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		run_worker(producer, sv[1], wseed);
	}
	close(sv[1]);
	if (wseed & 1)
		for (i = 0; i < nobj; i++)
			send_fd(sv[0], objs[i]);
	close(sv[0]);
	return pid;
}

/* Creates an object, fills it, drops it: its items must be freed. */
static void churn(uint32_t *s)
{
	int fd = t_create_ex(NULL, 0, 0, 0, 0600, rnd(s) & 1 ? DS_CREATE_FIFO : 0, 0, NULL);
	char buf[256] = { 0 };
	int i;

	if (fd < 0)
		return;
	for (i = 0; i < (int)(rnd(s) % 50); i++)
		t_push(fd, buf, 1 + rnd(s) % sizeof(buf));
	close(fd);
	atomic_fetch_add(&sh->dropped, 1);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "objects", required_argument, NULL, 'o' },
		{ "producers", required_argument, NULL, 'p' },
		{ "consumers", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ 0 }
	};
	pid_t workers[MAX_WORKERS];
	int objs[MAX_OBJECTS], c, i, n;
	unsigned long remaining = 0, blur;
	struct timespec start, now;
	uint32_t s;

	while ((c = getopt_long(argc, argv, "d:o:p:c:s:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': duration = atoi(optarg); break;
		case 'o': nobj = atoi(optarg); break;
		case 'p': nprod = atoi(optarg); break;
		case 'c': ncons = atoi(optarg); break;
		case 's': seed = strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (nobj < 1 || nobj > MAX_OBJECTS || nprod + ncons > MAX_WORKERS ||
	    nprod < 1 || ncons < 1)
		return 2;
	s = seed ? seed : 1;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap");
	ctl();
	for (i = 0; i < nobj; i++) {
		snprintf(names[i], sizeof(names[i]), "stress-%d-%d", getpid(), i);
		objs[i] = t_create_ex(names[i], 64 + i * 16, 0, 64 * 1024,
				      0600, i & 1 ? DS_CREATE_FIFO : 0, 0, NULL);
		CHECK(objs[i] >= 0, "create %d", i);
	}
	n = nprod + ncons;
	for (i = 0; i < n; i++)
		workers[i] = spawn(i < nprod, objs, rnd(&s));

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		usleep(20000 + rnd(&s) % 30000);
		switch (rnd(&s) % 4) {
		case 0: {	/* clear a random object */
			long r = ioctl(objs[rnd(&s) % nobj], DS_IOC_CLEAR);

			if (r > 0)
				atomic_fetch_add(&sh->cleared, r);
			break;
		}
		case 1: {	/* kill -9 a random worker, start another */
			int k = rnd(&s) % n;

			kill(workers[k], SIGKILL);
			waitpid(workers[k], NULL, 0);
			atomic_fetch_add(&sh->killed, 1);
			workers[k] = spawn(k < nprod, objs, rnd(&s));
			break;
		}
		default:
			churn(&s);
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < duration);

	atomic_store(&sh->stop, 1);
	for (i = 0; i < n; i++) {
		int st;

		waitpid(workers[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			error("worker failed", 0);
	}
	for (i = 0; i < nobj; i++) {
		struct ds_info info;

		CHECK(t_query(objs[i], &info) == 0, "query");
		remaining += info.count;
		close(objs[i]);
	}
	/* A killed worker blurs the books by at most what it held: a batch. */
	blur = atomic_load(&sh->killed) * THREADS * 4;
	printf("ds_stress: %lus, %d objects, %d producers + %d consumers (x%d threads): "
	       "pushed %lu, popped %lu, cleared %lu, left %lu; %lu workers killed, "
	       "%lu descriptors passed, %lu objects dropped full, %lu errors\n",
	       (unsigned long)duration, nobj, nprod, ncons, THREADS,
	       atomic_load(&sh->pushed), atomic_load(&sh->popped),
	       atomic_load(&sh->cleared), remaining, atomic_load(&sh->killed),
	       atomic_load(&sh->passed_fds), atomic_load(&sh->dropped),
	       atomic_load(&sh->errors));
	CHECK(atomic_load(&sh->errors) == 0, "errors");
	{
		long d = (long)atomic_load(&sh->pushed) -
			 (long)(atomic_load(&sh->popped) + atomic_load(&sh->cleared) + remaining);

		CHECK(labs(d) <= (long)blur, "books off by %ld (killed workers allow %lu)", d, blur);
	}
	CHECK(atomic_load(&sh->pushed) > 0 && atomic_load(&sh->popped) > 0, "no traffic");
	t_expect_all_freed();
	return 0;
}
