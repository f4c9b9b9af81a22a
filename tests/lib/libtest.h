/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the libdatastack tests (tests/lib/NAME.c, built as
 * build/tests/lib_NAME and build/tests32/lib_NAME, linked with the library).
 * Library calls return -errno, so they are checked with CHECK_RET.
 */
#ifndef DS_LIBTEST_H
#define DS_LIBTEST_H

#include <pthread.h>
#include <stdint.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <datastack.h>
#include "../test.h"

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
static inline void lib_require(void)
{
	int fd = ds_create(NULL, DS_CLOEXEC, 0600, NULL);

	if (fd == -ENODEV)
		test_skip("/dev/datastack is absent (datastack.ko not loaded)");
	if (fd == -ENOTTY)
		test_skip("the kernel lacks DS_IOC_CREATE");
	CHECK(fd >= 0, "ds_create unnamed: %d", fd);
	close(fd);
}

/* A name unique to this process (the suite runs 64- and 32-bit builds). */
static inline const char *tname(const char *base)
{
	static char buf[8][96];
	static int next;
	char *b = buf[next++ % 8];

	snprintf(b, sizeof(buf[0]), "%s.%d", base, (int)getpid());
	return b;
}

static inline long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline struct ds_limits limits(uint64_t items, uint64_t item_size,
				      uint64_t bytes)
{
	struct ds_limits l;

	l.max_items = items;
	l.max_item_size = item_size;
	l.max_bytes = bytes;
	return l;
}

/* Runs fn in a child as user and group nobody; returns its exit status. */
static inline int as_nobody(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
			perror("setuid nobody");
			_exit(99);
		}
		_exit(fn(arg));
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	CHECK(WIFEXITED(st), "child died (status %#x)", st);
	return WEXITSTATUS(st);
}

/* Nobody's checks need root to become nobody in the first place. */
static inline int can_be_nobody(void)
{
	return geteuid() == 0;
}

#endif
