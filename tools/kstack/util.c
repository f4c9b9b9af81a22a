// SPDX-License-Identifier: GPL-2.0
/* kstack (the tool): small helpers. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kstack.h"

static void oom(void)
{
	fputs("kstack: out of memory\n", stderr);
	exit(EXIT_TARGET);
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		oom();
	return d;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		oom();
	return p;
}

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
	memset(f, 0, sizeof(*f));
}

/* Reads a small file into buf (NUL-terminated); returns 0 or -errno. */
int read_small_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	return 0;
}
