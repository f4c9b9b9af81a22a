// SPDX-License-Identifier: GPL-2.0
/* Test helpers for the Win32-style API tests (tests/lib/w32test.h). */
#include "../lib/w32test.h"

const wchar_t *wname(const char *base)
{
	static wchar_t buf[4][96];
	static int next;
	wchar_t *w = buf[next++ % 4];

	swprintf(w, 96, L"%s", t_name(base));
	return w;
}

int hfd(HANDLE h)
{
	return DataStackHandleToFd(h);
}
