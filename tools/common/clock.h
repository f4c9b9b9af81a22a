/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The one monotonic clock of the user-space code (tools, library, bench,
 * tests): CLOCK_MONOTONIC in nanoseconds.  Header-only, so the library can
 * use it without linking anything of the tools.
 */
#ifndef DS_COMMON_CLOCK_H
#define DS_COMMON_CLOCK_H

#include <stdint.h>
#include <time.h>

#define DS_NSEC_PER_SEC		1000000000LL
#define DS_NSEC_PER_MSEC	1000000LL

static inline int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * DS_NSEC_PER_SEC + ts.tv_nsec;
}

static inline int64_t mono_ms(void)
{
	return mono_ns() / DS_NSEC_PER_MSEC;
}

/* A struct timespec for a non-negative nanosecond count. */
static inline struct timespec ns_to_timespec(int64_t ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / DS_NSEC_PER_SEC);
	ts.tv_nsec = (long)(ns % DS_NSEC_PER_SEC);
	return ts;
}

#endif /* DS_COMMON_CLOCK_H */
