// SPDX-License-Identifier: GPL-2.0
/* kstack (the tool): small helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
