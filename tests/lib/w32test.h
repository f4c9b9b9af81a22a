/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for the Win32-style API tests. */
#ifndef DS_W32TEST_H
#define DS_W32TEST_H

#include <datastack/win32.h>
#include "libtest.h"

/* A Win32 call's last error must be want. */
#define CHECK_LASTERR(want) do {					\
	DWORD _e = GetLastError();					\
	if (_e != (DWORD)(want)) {					\
		fprintf(stderr, "%s:%d: GetLastError() = %u, want %u (%s)\n", \
			__FILE__, __LINE__, _e, (DWORD)(want), #want);	\
		exit(1);						\
	}								\
} while (0)

/* A BOOL call fails with a given error. */
#define CHECK_FAILS(expr, want) do {					\
	SetLastError(0x1234);						\
	if (expr) {							\
		fprintf(stderr, "%s:%d: %s succeeded, want %s\n",	\
			__FILE__, __LINE__, #expr, #want);		\
		exit(1);						\
	}								\
	CHECK_LASTERR(want);						\
} while (0)

/* t_name() as a wide string (the functions are in tests/helpers/win32.c). */
const wchar_t *wname(const char *base);
int hfd(HANDLE h);

#endif
