/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the libdatastack tests (tests/lib/NAME.c, built as
 * build/tests/lib_NAME and build/tests32/lib_NAME, linked with the
 * library); the functions are in tests/helpers/lib.c.  Library calls
 * return -errno, so they are checked with CHECK_RET.
 */
#ifndef DS_LIBTEST_H
#define DS_LIBTEST_H

#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <datastack.h>
#include "../helpers.h"

/* expr must equal want (a -errno, 0, a count...). */
#define CHECK_RET(expr, want) do {					\
	long _r = (long)(expr), _w = (long)(want);			\
	if (_r != _w) {							\
		fprintf(stderr, "%s:%d: %s: want %ld%s%s, got %ld%s%s\n", \
			__FILE__, __LINE__, #expr,			\
			_w, _w < 0 ? " " : "", _w < 0 ? strerror((int)-_w) : "", \
			_r, _r < 0 ? " " : "", _r < 0 ? strerror((int)-_r) : ""); \
		exit(1);						\
	}								\
} while (0)

/* Skips the test unless the kernel can create data stacks. */
void lib_require(void);

struct ds_limits limits(uint64_t items, uint64_t item_size, uint64_t bytes);

#endif
