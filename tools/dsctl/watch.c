// SPDX-License-Identifier: GPL-2.0
/*
 * dsctl watch: samples the instance (or one object) every interval and
 * renders a table in place, with push and pop rates from the previous
 * sample.  Sampling and rendering are separate: a sample is a set of rows,
 * the renderer only reads it and the previous one.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "dsctl.h"
#include "listing.h"

struct row {
	struct ds_entry e;
	uint64_t peak, pushes, pops;
	bool have_counters;	/* peak, pushes, pops (needs read permission) */
	bool absent;		/* watch NAME: it does not exist */
};

struct sample {
	struct row *rows;
	size_t n;
	int64_t t;		/* mono_ns() when taken */
};

static volatile sig_atomic_t stop_watch;

static void on_signal(int sig)
{
	(void)sig;
	stop_watch = 1;
}

/* Sleeps ns nanoseconds unless a signal ends the watch. */
static void watch_sleep(int64_t ns)
{
	struct timespec ts = ns_to_timespec(ns > 0 ? ns : 0);

	while (!stop_watch && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* A row from a listing entry; the counters where they could be read. */
static void row_of(struct row *r, const struct ds_entry *e)
{
	r->e = *e;
	r->have_counters = e->have_counters;
	r->peak = e->peak_count;
	r->pushes = e->pushes;
	r->pops = e->pops;
}

/* watch NAME: one row from its state; 0 or -ENODEV. */
static int sample_one(const char *name, struct sample *s)
{
	struct ds_info in;
	int ret = ds_stat(name, &in);

	s->rows = xcalloc(1, sizeof(*s->rows));
	s->n = 1;
	if (ret == -ENODEV)
		return ret;
	if (ret < 0) {
		snprintf(s->rows[0].e.name, sizeof(s->rows[0].e.name), "%s", name);
		s->rows[0].absent = true;
		return 0;
	}
	entry_from_info(&s->rows[0].e, name, &in);
	row_of(&s->rows[0], &s->rows[0].e);
	return 0;
}

/* watch: every object of the listing. */
static int sample_all(struct sample *s)
{
	struct listing l;
	size_t i;
	int ret = listing_read(&l);

	if (ret < 0)
		return ret;
	s->rows = xcalloc(l.n, sizeof(*s->rows));
	s->n = l.n;
	for (i = 0; i < l.n; i++)
		row_of(&s->rows[i], &l.v[i]);
	listing_free(&l);
	return 0;
}

/* The same object in the previous sample, with counters, or NULL. */
static const struct row *previous(const struct sample *prev, const struct row *r)
{
	size_t i;

	for (i = 0; prev && i < prev->n; i++)
		if (prev->rows[i].have_counters && prev->rows[i].e.id == r->e.id)
			return &prev->rows[i];
	return NULL;
}

static void render_row(const struct row *r, const struct row *p, double dt,
		       int w)
{
	char push_rate[32] = "-", pop_rate[32] = "-", peak[32] = "-";

	if (r->absent) {
		printf("%-*s (absent)\n", w, entry_name(&r->e));
		return;
	}
	if (r->have_counters)
		snprintf(peak, sizeof(peak), "%llu", (unsigned long long)r->peak);
	if (r->have_counters && p && dt > 0) {
		snprintf(push_rate, sizeof(push_rate), "%.1f",
			 (double)(r->pushes - p->pushes) / dt);
		snprintf(pop_rate, sizeof(pop_rate), "%.1f",
			 (double)(r->pops - p->pops) / dt);
	}
	printf("%-*s %-15s %8llu %10llu %10s %9s %9s %8u %7u\n", w,
	       entry_name(&r->e), type_str(r->e.fifo, r->e.persistent),
	       (unsigned long long)r->e.count, (unsigned long long)r->e.bytes,
	       peak, push_rate, pop_rate, r->e.open_fds, r->e.waiters);
}

static void render(const struct sample *s, const struct sample *prev,
		   int64_t interval, bool tty, bool first)
{
	double dt = prev ? (double)(s->t - prev->t) / 1e9 : 0;
	uint64_t items = 0, bytes = 0;
	size_t i, w = 4;

	if (tty)
		fputs("\033[H\033[J", stdout);
	else if (!first)
		putchar('\n');
	for (i = 0; i < s->n; i++) {
		items += s->rows[i].e.count;
		bytes += s->rows[i].e.bytes;
		if (strlen(entry_name(&s->rows[i].e)) > w)
			w = strlen(entry_name(&s->rows[i].e));
	}
	printf("dsctl watch: %zu object%s, %llu items, %llu bytes (every %.3g s)\n",
	       s->n, s->n == 1 ? "" : "s", (unsigned long long)items,
	       (unsigned long long)bytes, (double)interval / 1e9);
	printf("%-*s %-15s %8s %10s %10s %9s %9s %8s %7s\n", (int)w, "NAME", "TYPE",
	       "COUNT", "BYTES", "PEAK_COUNT", "PUSH/s", "POP/s", "OPEN_FDS",
	       "WAITERS");
	for (i = 0; i < s->n; i++)
		render_row(&s->rows[i], previous(prev, &s->rows[i]), dt, (int)w);
	fflush(stdout);
}

static int watch_options(int argc, char **argv, long long *interval,
			 long long *iterations, const char **name)
{
	static const struct option opts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char *end;
	int c;

	while ((c = next_opt(argc, argv, "i:n:h", opts)) != -1) {
		if (c == 'i' && (parse_seconds(optarg, interval) || *interval < 1000000))
			return usage_error("watch",
					   "invalid --interval '%s' (seconds, at least 0.001)",
					   optarg);
		if (c == 'n') {
			errno = 0;
			*iterations = strtoll(optarg, &end, 10);
			if (errno || !*optarg || *end || *iterations < 1)
				return usage_error("watch", "invalid --iterations '%s'",
						   optarg);
		}
	}
	if (optind < argc) {
		*name = argv[optind++];
		if (check_name("watch", *name))
			return TOOL_EXIT_USAGE;
	}
	return no_operands(argc, argv) ? 0 : TOOL_EXIT_USAGE;
}

static void sample_free(struct sample *s)
{
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

int cmd_watch(int argc, char **argv)
{
	long long interval = DS_NSEC_PER_SEC, iterations = -1, frame;
	struct sample prev = { 0 }, cur;
	const char *name = NULL;
	struct sigaction sa;
	int ret;

	ret = watch_options(argc, argv, &interval, &iterations, &name);
	if (ret)
		return ret;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (frame = 0; !stop_watch && (iterations < 0 || frame < iterations); frame++) {
		if (frame)
			watch_sleep(interval - (mono_ns() - prev.t));
		if (stop_watch)
			break;
		memset(&cur, 0, sizeof(cur));
		cur.t = mono_ns();
		ret = name ? sample_one(name, &cur) : sample_all(&cur);
		if (ret == -ENODEV && name)
			return op_error("watch", name, ENODEV, NULL);
		if (ret < 0)
			return listing_error("watch", ret);
		render(&cur, frame ? &prev : NULL, interval, isatty(STDOUT_FILENO), !frame);
		sample_free(&prev);
		prev = cur;
	}
	sample_free(&prev);
	return TOOL_EXIT_OK;
}
