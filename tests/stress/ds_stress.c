// SPDX-License-Identifier: GPL-2.0
/*
 * ds_stress: producers and consumers (processes, two threads each) on
 * several LIFO and FIFO objects, items of random size carrying a unique
 * sequence number and a checksum, random clears, random kill -9 of
 * workers (respawned), descriptors passed over SCM_RIGHTS, and objects
 * created and dropped with items in them.
 *
 * Every item is accounted for, by identity where a process lived to
 * record it and by the objects' own counters where a kill -9 cut in:
 *  - state[seq] records each step of item seq's life in shared memory: a
 *    push started, returned success, failed; the item popped;
 *  - a consumer pops into slots in shared memory, so after killing one the
 *    parent finds the items it held but had not recorded ("taken");
 *  - only the parent, never killed, empties objects: by DS_IOC_CLEAR,
 *    counting what each removed, or (as often) by popping every item,
 *    recording each; at the end it drains every object so.
 * Checks at the end: no item corrupted, delivered twice, or delivered
 * though its push failed or never started; and the books balance exactly
 * against the kernel's per-object counts (DS_IOC_QUERY's pushes, pops):
 *    pushes  == landed + u,   0 <= u <= pushes cut short by a kill
 *    pops    == popped + x,   0 <= x <= items found in killed consumers
 *    pushes  == pops + cleared          (the objects are empty)
 * where landed counts the items known to have reached an object (push
 * returned success, or the item was seen popped or taken), u the cut-short
 * pushes that landed anyway and x the taken items a killed consumer really
 * got (the kernel puts an item back when the copy-out finds its caller
 * dying, after the copy).  "Lost" is an item in none of these places: any
 * imbalance fails the run.  Limits of what the counts can tell: a clear's
 * items are counted, not named (so half the emptying is done by popping),
 * and x and u are known in total, not item by item.  Once everything is
 * closed the module holds no object, item or byte.
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
#define BATCH		4

struct item_hdr {
	uint32_t magic, seq, len, csum;
};

/* The steps of an item's life, bits of state[seq]. */
enum {
	ST_STARTED	= 1,	/* its push was about to be made */
	ST_CONFIRMED	= 2,	/* the push returned success */
	ST_FAILED	= 4,	/* the push returned an error */
	ST_POPPED	= 8,	/* a consumer (or the final drain) recorded it */
	ST_TAKEN	= 16,	/* found in the slots of a killed consumer */
};

/* A consumer thread's pop buffers, in shared memory. */
struct slots {
	unsigned char buf[BATCH][MAX_ITEM];
};

struct shared {
	atomic_uint next_seq;
	atomic_int stop;
	atomic_ulong cleared, killed, errors, passed_fds, dropped;
	struct slots slots[MAX_WORKERS][THREADS];
	atomic_uchar state[MAX_SEQ];
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

/* Is buf a whole item of len bytes (len 0: as its header says)? */
static bool item_ok(const unsigned char *buf, uint32_t len)
{
	const struct item_hdr *h = (const void *)buf;

	if (!len)
		len = h->len;
	return len >= sizeof(*h) && len <= MAX_ITEM && h->magic == MAGIC &&
	       h->len == len && h->seq < atomic_load(&sh->next_seq) &&
	       h->csum == checksum(buf + sizeof(*h), len - sizeof(*h));
}

/* Records a delivered item (bit ST_POPPED, or ST_TAKEN) and checks it. */
static void check_item(const unsigned char *buf, uint32_t len, unsigned char bit)
{
	const struct item_hdr *h = (const void *)buf;
	unsigned char old;

	if (!item_ok(buf, len)) {
		error("corrupted item", len >= sizeof(*h) ? h->seq : 0);
		return;
	}
	old = atomic_fetch_or(&sh->state[h->seq], bit);
	if (!(old & ST_STARTED) || (old & ST_FAILED))
		error("item delivered whose push never started or failed", h->seq);
	if (bit == ST_POPPED && (old & ST_POPPED))
		error("item delivered twice", h->seq);
}

/* A consumer's record of slot buf is done: the parent must not count it. */
static void slot_done(unsigned char *buf)
{
	((struct item_hdr *)buf)->magic = 0;
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
	int producer, index;
	uint32_t seed;
	atomic_int next_thread;
};

/* The outcome of a push of n items of which the first done landed. */
static void pushed(unsigned char (*bufs)[MAX_ITEM], int n, int done)
{
	for (int i = 0; i < n; i++) {
		const struct item_hdr *h = (const void *)bufs[i];

		atomic_fetch_or(&sh->state[h->seq], i < done ? ST_CONFIRMED : ST_FAILED);
	}
}

/* Makes n new items in bufs (their sizes in iov); false when out of numbers. */
static bool make_items(unsigned char (*bufs)[MAX_ITEM], struct ds_iovec *iov,
		       int n, uint32_t *s)
{
	for (int i = 0; i < n; i++) {
		uint32_t seq = atomic_fetch_add(&sh->next_seq, 1);
		uint32_t len = sizeof(struct item_hdr) + rnd(s) % (MAX_ITEM - 16);

		if (seq >= MAX_SEQ) {
			pushed(bufs, i, 0);	/* never pushed */
			return false;
		}
		fill(bufs[i], seq, len);
		iov[i] = (struct ds_iovec){ .base = uptr(bufs[i]), .len = len };
		atomic_store(&sh->state[seq], ST_STARTED);
	}
	return true;
}

/* One push at a time, or (one in eight) a batch of BATCH. */
static void *producer_thread(void *arg)
{
	struct worker *w = arg;
	unsigned char bufs[BATCH][MAX_ITEM];
	struct ds_iovec iov[BATCH];
	uint32_t s = w->seed ^ (uint32_t)(uintptr_t)&s;

	while (!atomic_load(&sh->stop)) {
		int o = rnd(&s) % nobj, n = rnd(&s) % 8 ? 1 : BATCH, done;

		if (!make_items(bufs, iov, n, &s))
			break;
		if (n == 1) {
			done = t_push_ex(w->fds[o], bufs[0], iov[0].len, DS_WAIT_TIMEOUT,
					 20000000) == 0;
		} else {
			done = t_batch(w->fds[o], DS_IOC_PUSHV, iov, n, DS_WAIT_TIMEOUT,
				       20000000);
			done = done < 0 ? 0 : done;
		}
		pushed(bufs, n, done);
	}
	return NULL;
}

/*
 * Pops into this thread's slots in shared memory: one item, or (one in
 * eight) a batch.  A slot's header is cleared before the pop and after the
 * item is recorded, so a slot with a whole item in it after a kill holds
 * one the kernel handed over (or had handed over, then took back).
 */
static void *consumer_thread(void *arg)
{
	struct worker *w = arg;
	struct slots *sl = &sh->slots[w->index][atomic_fetch_add(&w->next_thread, 1)];
	uint32_t s = w->seed ^ (uint32_t)(uintptr_t)&s;
	struct ds_iovec iov[BATCH];

	while (!atomic_load(&sh->stop)) {
		int o = rnd(&s) % nobj, n = rnd(&s) % 8 ? 1 : BATCH, i, got;
		uint32_t size = MAX_ITEM;

		for (i = 0; i < n; i++) {
			slot_done(sl->buf[i]);
			iov[i] = (struct ds_iovec){ .base = uptr(sl->buf[i]), .len = MAX_ITEM };
		}
		if (n == 1) {
			got = t_pop_ex(w->fds[o], sl->buf[0], &size, DS_WAIT_TIMEOUT,
				       20000000, DS_IOC_POP) == 0;
			iov[0].len = size;
		} else {
			got = t_batch(w->fds[o], DS_IOC_POPV, iov, n, DS_WAIT_TIMEOUT,
				      20000000);
		}
		for (i = 0; i < got; i++) {
			check_item(sl->buf[i], iov[i].len, ST_POPPED);
			slot_done(sl->buf[i]);
		}
	}
	return NULL;
}

static void run_worker(int index, int producer, int sock, uint32_t wseed)
{
	struct worker w = { .producer = producer, .index = index, .seed = wseed };
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

static pid_t spawn(int index, int producer, const int *objs, uint32_t wseed)
{
	int sv[2], i;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		run_worker(index, producer, sv[1], wseed);
	}
	close(sv[1]);
	if (wseed & 1)
		for (i = 0; i < nobj; i++)
			send_fd(sv[0], objs[i]);
	close(sv[0]);
	return pid;
}

/*
 * After a kill: the items in the consumer's slots that it had not recorded
 * were handed to it, or (the kernel saw it dying after the copy) put back.
 */
static void collect_taken(int index)
{
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < BATCH; i++) {
			unsigned char *buf = sh->slots[index][t].buf[i];

			if (((struct item_hdr *)buf)->magic)
				check_item(buf, 0, ST_TAKEN);
			slot_done(buf);
		}
}

/* Pops the items in fd (at most max; -1: all), recording each. */
static void drain(int fd, long max)
{
	unsigned char buf[MAX_ITEM];
	uint32_t size;
	long n;

	for (n = 0; n != max; n++) {
		size = sizeof(buf);
		if (t_pop(fd, buf, &size)) {
			CHECK(errno == EAGAIN, "drain");
			return;
		}
		check_item(buf, size, ST_POPPED);
	}
}

/* What the state array says, item by item. */
struct books {
	unsigned long started, confirmed, failed, popped, landed, cut_short;
	unsigned long taken, taken_unpopped;
};

static void tally(struct books *b)
{
	uint32_t n = atomic_load(&sh->next_seq);

	memset(b, 0, sizeof(*b));
	for (uint32_t seq = 0; seq < n && seq < MAX_SEQ; seq++) {
		unsigned char st = atomic_load(&sh->state[seq]);

		if (!st)
			continue;	/* numbered, never made: the run stopped */
		b->started++;
		b->confirmed += !!(st & ST_CONFIRMED);
		b->failed += !!(st & ST_FAILED);
		b->popped += !!(st & ST_POPPED);
		b->taken += !!(st & ST_TAKEN);
		b->taken_unpopped += (st & (ST_TAKEN | ST_POPPED)) == ST_TAKEN;
		if (st & (ST_CONFIRMED | ST_POPPED | ST_TAKEN))
			b->landed++;
		else if (!(st & ST_FAILED))
			b->cut_short++;
		if ((st & ST_FAILED) && (st & (ST_CONFIRMED | ST_POPPED | ST_TAKEN)))
			error("a failed push's item was delivered", seq);
	}
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

/*
 * Drains the objects, then balances the books against their counters;
 * prints the figures.  Any imbalance is an error.
 */
static void settle(const int *objs)
{
	unsigned long kpushes = 0, kpops = 0, cleared = atomic_load(&sh->cleared), u, x;
	struct books b;

	for (int i = 0; i < nobj; i++) {
		struct ds_info info;

		drain(objs[i], -1);
		CHECK(t_query(objs[i], &info) == 0, "query");
		CHECK(info.count == 0 && info.bytes == 0, "object %d not empty after the drain", i);
		kpushes += info.pushes;
		kpops += info.pops;
	}
	tally(&b);
	u = kpushes - b.landed;
	x = kpops - b.popped;
	printf("ds_stress: %ds, %d objects, %d producers + %d consumers (x%d threads), "
	       "seed %u: %lu items made, %lu pushed, %lu pops, %lu cleared; "
	       "%lu workers killed: %lu pushes cut short (%lu landed), "
	       "%lu items taken by killed consumers (%lu kept); "
	       "%lu descriptors passed, %lu objects dropped full; %lu errors\n",
	       duration, nobj, nprod, ncons, THREADS, seed, b.started, kpushes, kpops,
	       cleared, atomic_load(&sh->killed), b.cut_short, u, b.taken, x,
	       atomic_load(&sh->passed_fds), atomic_load(&sh->dropped),
	       atomic_load(&sh->errors));
	CHECK(atomic_load(&sh->errors) == 0, "errors");
	CHECK(kpushes >= b.landed && u <= b.cut_short,
	      "the objects counted %lu pushes: %lu known to have landed, %lu cut short",
	      kpushes, b.landed, b.cut_short);
	CHECK(kpops >= b.popped && x <= b.taken_unpopped,
	      "the objects counted %lu pops: %lu recorded, %lu taken by killed consumers",
	      kpops, b.popped, b.taken_unpopped);
	CHECK(kpushes == kpops + cleared,
	      "lost: %lu pushed, %lu popped, %lu cleared, the objects empty",
	      kpushes, kpops, cleared);
	CHECK(b.confirmed > 0 && b.popped > 0, "no traffic");
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
	    nprod < 1 || ncons < 1 || duration < 0)
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
		workers[i] = spawn(i, i < nprod, objs, rnd(&s));

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		usleep(20000 + rnd(&s) % 30000);
		switch (rnd(&s) % 4) {
		case 0: {	/* empty a random object: clear it, or pop it dry */
			int o = rnd(&s) % nobj;
			long r;

			if (rnd(&s) % 2) {
				drain(objs[o], 1024);	/* producers go on pushing */
				break;
			}
			r = ioctl(objs[o], DS_IOC_CLEAR);
			CHECK(r >= 0, "clear");
			atomic_fetch_add(&sh->cleared, r);
			break;
		}
		case 1: {	/* kill -9 a random worker, start another */
			int k = rnd(&s) % n;

			kill(workers[k], SIGKILL);
			waitpid(workers[k], NULL, 0);
			atomic_fetch_add(&sh->killed, 1);
			if (k >= nprod)
				collect_taken(k);
			workers[k] = spawn(k, k < nprod, objs, rnd(&s));
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
	settle(objs);
	for (i = 0; i < nobj; i++)
		close(objs[i]);
	t_expect_all_freed();
	return 0;
}
