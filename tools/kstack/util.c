// SPDX-License-Identifier: GPL-2.0
/* kstack (the tool): small helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
