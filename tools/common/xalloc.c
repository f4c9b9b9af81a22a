// SPDX-License-Identifier: GPL-2.0
/* The tools' allocation and exit convention (xalloc.h, exitcode.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "xalloc.h"

const char *tool_name = "datastack";

static void *checked(void *p)
{
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", tool_name);
		exit(TOOL_EXIT_FAIL);
	}
	return p;
}

void *xmalloc(size_t n)
{
	return checked(malloc(n ? n : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return checked(realloc(p, n ? n : 1));
}

char *xstrdup(const char *s)
{
	return checked(strdup(s));
}

int tool_exit_for_errno(int err)
{
	switch (err) {
	case EAGAIN:
	case ETIMEDOUT:
		return TOOL_EXIT_AGAIN;
	case ENOENT:
	case ESRCH:
		return TOOL_EXIT_NOENT;
	case ENODEV:
		return TOOL_EXIT_UNAVAILABLE;
	default:
		return TOOL_EXIT_FAIL;
	}
}
