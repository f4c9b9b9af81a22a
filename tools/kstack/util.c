// SPDX-License-Identifier: GPL-2.0
/* kstack (the tool): small helpers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/fileio.h"
#include "kstack.h"

/* Adds a note to a thread's report (printed after its frames). */
void note(struct thread_report *t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (t->nnotes == sizeof(t->notes) / sizeof(t->notes[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	t->notes[t->nnotes++] = xstrdup(buf);
}

void frame_clear(struct frame *f)
{
	free(f->func);
	free(f->object);
	free(f->build_id);
	free(f->source);
	memset(f, 0, sizeof(*f));
}

/* Drops a thread's frames and notes, to capture it again. */
void thread_clear(struct thread_report *t)
{
	size_t i;

	for (i = 0; i < t->nk; i++)
		frame_clear(&t->kframes[i]);
	for (i = 0; i < t->nu; i++)
		frame_clear(&t->uframes[i]);
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	t->nk = t->nu = t->nnotes = 0;
}

struct capture_stats stats;

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* State, name and flags of a thread from /proc/TGID/task/TID/stat. */
int thread_stat(pid_t tgid, pid_t tid, char *state, char *name,
		       size_t len, unsigned long *flags)
{
	char path[64], buf[1024], *lp, *rp;
	unsigned long fl = 0;
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", tgid, tid);
	ret = read_file_into(path, buf, sizeof(buf));
	if (ret)
		return ret;
	lp = strchr(buf, '(');
	rp = strrchr(buf, ')');
	if (!lp || !rp || rp < lp || !rp[1] || !rp[2])
		return -EIO;
	if (name)
		snprintf(name, len, "%.*s", (int)(rp - lp - 1), lp + 1);
	*state = rp[2];
	/* state ppid pgrp session tty_nr tpgid flags */
	if (sscanf(rp + 2, "%*c %*d %*d %*d %*d %*d %lu", &fl) != 1)
		fl = 0;
	if (flags)
		*flags = fl;
	return 0;
}
