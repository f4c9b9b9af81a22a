/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal helpers for the test programs: each program tests one feature,
 * exits 0 on success, 77 (SKIP) when the kernel lacks what it needs, and 1
 * with a message naming the failed check otherwise.
 */
#ifndef DS_TEST_H
#define DS_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEST_SKIP 77

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s: ",		\
			__FILE__, __LINE__, #cond);			\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, " (errno %d %s)\n", errno, strerror(errno)); \
		exit(1);						\
	}								\
} while (0)

/* Expect a -1/errno failure with a given errno. */
#define CHECK_ERR(expr, err) do {					\
	errno = 0;							\
	long _r = (long)(expr);						\
	if (_r != -1 || errno != (err)) {				\
		fprintf(stderr, "%s:%d: %s: want errno %d (%s), got %ld errno %d (%s)\n", \
			__FILE__, __LINE__, #expr, (err), strerror(err), \
			_r, errno, strerror(errno));			\
		exit(1);						\
	}								\
} while (0)

static inline void test_skip(const char *why)
{
	printf("SKIP: %s\n", why);
	exit(TEST_SKIP);
}

/* Scale iteration counts down on slow (debug) kernels. */
static inline long test_iters(long normal)
{
	const char *slow = getenv("DS_SLOW");

	if (slow && *slow && normal >= 10)
		return normal / 10;
	return normal;
}

/* Opens /dev/datastack, or skips the test when the module is absent. */
static inline int test_ctl_open(void)
{
	int fd = open("/dev/datastack", O_RDWR | O_CLOEXEC);

	if (fd < 0 && (errno == ENOENT || errno == ENODEV || errno == ENXIO))
		test_skip("/dev/datastack is absent (datastack.ko not loaded)");
	CHECK(fd >= 0, "open /dev/datastack");
	return fd;
}

#endif
