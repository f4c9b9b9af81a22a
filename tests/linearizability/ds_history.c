// SPDX-License-Identifier: GPL-2.0
/*
 * ds_history: records concurrent histories for the linearizability
 * checker (check.py, docs/linearizability.md).  Each history is a fresh
 * unnamed object and CLIENTS threads doing OPS random operations each —
 * push (a unique value, 8 or 16 bytes), pop, peek, clear, query — with
 * the time each was called and returned (CLOCK_MONOTONIC).  Histories go
 * round the configurations: LIFO and FIFO, without and with limits (3
 * items, or 40 bytes), non-blocking and blocking (a push or pop waits up
 * to 2 ms, and a time-out is "full" or "empty").  Blocking histories with
 * a byte limit push one size only: waiting pushers keep arrival order,
 * which with mixed sizes is the documented exception to linearizability
 * (docs/linearizability.md).
 *
 *   ds_history [--histories N] [--clients C] [--ops M] [--seed S] --out DIR
 *
 * Writes DIR/h-NNNN.txt; exits 0, or 1 on an unexpected error (which is
 * a failure of its own, not a history).
 */
#include <getopt.h>
#include <pthread.h>
#include <time.h>
#include "../helpers.h"

#define MAX_CLIENTS	8
#define MAX_OPS		2000
#define WAIT_NS		2000000

struct rec {
	const char *op;
	uint64_t value;
	uint32_t size;
	char result[24];
	int64_t call, ret;
};

struct client {
	pthread_t thread;
	int id, fd;
	uint32_t seed;
	bool blocking;
	bool one_size;		/* every item 16 bytes (see record()) */
	struct rec rec[MAX_OPS];
};

static int nclients = 3, nops = 30;
static pthread_barrier_t start;
static int64_t t0;

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static int64_t now(void)
{
	return t_now_ns() - t0;
}

/* A pop or peek's result: the value, "empty", or an error stops the run. */
static void popped(struct rec *r, int ret, uint64_t *buf)
{
	if (ret == 0)
		snprintf(r->result, sizeof(r->result), "%llu", (unsigned long long)buf[0]);
	else if (errno == EAGAIN || errno == ETIMEDOUT)
		snprintf(r->result, sizeof(r->result), "empty");
	else
		CHECK(0, "%s: %s", r->op, strerror(errno));
}

static void one_op(struct client *c, int i)
{
	struct rec *r = &c->rec[i];
	uint32_t pick = rnd(&c->seed) % 100, size = 16, wflags;
	uint64_t buf[2] = { 0, 0 };
	int64_t wait = c->blocking ? WAIT_NS : 0;
	int ret;

	wflags = c->blocking ? DS_WAIT_TIMEOUT : DS_WAIT_NONBLOCK;
	r->value = 0;
	r->size = 0;
	if (pick < 40) {
		r->op = "push";
		r->value = (uint64_t)(c->id + 1) * 1000000 + i;
		r->size = c->one_size || rnd(&c->seed) & 1 ? 16 : 8;
		buf[0] = r->value;
		r->call = now();
		ret = t_push_ex(c->fd, buf, r->size, wflags, wait);
		r->ret = now();
		if (ret < 0)
			CHECK(errno == EAGAIN || errno == ETIMEDOUT, "push: %s", strerror(errno));
		snprintf(r->result, sizeof(r->result), "%s", ret ? "full" : "ok");
	} else if (pick < 70) {
		r->op = "pop";
		r->call = now();
		ret = t_pop_ex(c->fd, buf, &size, wflags, wait, DS_IOC_POP);
		r->ret = now();
		popped(r, ret, buf);
	} else if (pick < 80) {
		r->op = "peek";
		r->call = now();
		ret = t_peek(c->fd, buf, &size);
		r->ret = now();
		popped(r, ret, buf);
	} else if (pick < 85) {
		r->op = "clear";
		r->call = now();
		ret = ioctl(c->fd, DS_IOC_CLEAR);
		r->ret = now();
		CHECK(ret >= 0, "clear: %s", strerror(errno));
		snprintf(r->result, sizeof(r->result), "%d", ret);
	} else {
		struct ds_info in;

		r->op = "query";
		r->call = now();
		ret = t_query(c->fd, &in);
		r->ret = now();
		CHECK(ret == 0, "query: %s", strerror(errno));
		snprintf(r->result, sizeof(r->result), "%llu", (unsigned long long)in.count);
	}
}

static void *run_client(void *arg)
{
	struct client *c = arg;
	int i;

	pthread_barrier_wait(&start);
	for (i = 0; i < nops; i++)
		one_op(c, i);
	return NULL;
}

static void record(const char *dir, int n, uint32_t seed)
{
	static struct client clients[MAX_CLIENTS];
	bool fifo = n & 1, limits = n & 2, blocking = n & 4;
	uint64_t max_items = limits && !(n & 8) ? 3 : 0;
	uint64_t max_bytes = limits && (n & 8) ? 40 : 0;
	char path[4200];
	FILE *f;
	int fd, c, i;

	fd = t_create_ex(NULL, max_items, 0, max_bytes, 0600, fifo ? DS_CREATE_FIFO : 0, 0, NULL);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	CHECK(pthread_barrier_init(&start, NULL, nclients + 1) == 0, "barrier");
	for (c = 0; c < nclients; c++) {
		clients[c].id = c;
		clients[c].fd = fd;
		clients[c].seed = seed * 2654435761u + c * 40503u + 1;
		clients[c].blocking = blocking;
		clients[c].one_size = blocking && max_bytes;
		CHECK(pthread_create(&clients[c].thread, NULL, run_client, &clients[c]) == 0,
		      "thread");
	}
	t0 = t_now_ns();
	pthread_barrier_wait(&start);
	for (c = 0; c < nclients; c++)
		pthread_join(clients[c].thread, NULL);
	pthread_barrier_destroy(&start);
	close(fd);

	snprintf(path, sizeof(path), "%s/h-%04d.txt", dir, n);
	f = fopen(path, "w");
	CHECK(f, "%s: %s", path, strerror(errno));
	fprintf(f, "# object %s max_items %llu max_bytes %llu\n", fifo ? "fifo" : "lifo",
		(unsigned long long)max_items, (unsigned long long)max_bytes);
	fprintf(f, "# %s, %d clients x %d operations, seed %u\n",
		blocking ? "blocking" : "non-blocking", nclients, nops, seed);
	for (c = 0; c < nclients; c++)
		for (i = 0; i < nops; i++) {
			struct rec *r = &clients[c].rec[i];

			fprintf(f, "%d %s %llu %u %s %lld %lld\n", c, r->op,
				(unsigned long long)r->value, r->size, r->result,
				(long long)r->call, (long long)r->ret);
		}
	CHECK(fclose(f) == 0, "%s", path);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "histories", required_argument, NULL, 'n' },
		{ "clients", required_argument, NULL, 'c' },
		{ "ops", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	uint32_t seed = 1;
	int histories = 16, o, i;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'n': histories = atoi(optarg); break;
		case 'c': nclients = atoi(optarg); break;
		case 'o': nops = atoi(optarg); break;
		case 's': seed = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'd': dir = optarg; break;
		default: return 2;
		}
	}
	if (!dir || histories < 1 || nclients < 1 || nclients > MAX_CLIENTS ||
	    nops < 1 || nops > MAX_OPS) {
		fprintf(stderr, "usage: ds_history [--histories N] [--clients 1..%d] "
			"[--ops 1..%d] [--seed S] --out DIR\n", MAX_CLIENTS, MAX_OPS);
		return 2;
	}
	for (i = 0; i < histories; i++)
		record(dir, i, seed + i);
	return 0;
}
