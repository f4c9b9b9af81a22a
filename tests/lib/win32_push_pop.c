// SPDX-License-Identifier: GPL-2.0
/* PushDataStack / PopDataStack / ClearDataStack / GetDataStack*: values
 * and every GetLastError() code. */
#include "w32test.h"

int main(void)
{
	BYTE buf[64];
	DWORD size;
	ULONG count, handles;
	ULONG_PTR bytes;
	DATA_STACK_CONFIG cfg;
	HANDLE h, h2;
	int i;

	lib_require();
	h = CreateDataStack(NULL, 16, 4, 40, NULL);
	CHECK(h != NULL, "create");

	/* Empty: FALSE, ERROR_NO_DATA, size 0. */
	size = sizeof(buf);
	CHECK_FAILS(PopDataStack(h, buf, &size), ERROR_NO_DATA);
	CHECK(size == 0, "size 0 when empty");

	for (i = 1; i <= 3; i++)
		CHECK(PushDataStack(h, &i, sizeof(i)), "push %d", i);
	CHECK(PushDataStack(h, "twelve bytes", 12), "push string");
	CHECK(GetDataStackItemCount(h, &count) && count == 4, "count %u", count);
	CHECK(GetDataStackSize(h, &bytes) && bytes == 24, "size %lu", (unsigned long)bytes);
	CHECK(GetDataStackConfig(h, &cfg) && cfg.MaxItemSize == 16 &&
	      cfg.MaxItemCount == 4 && cfg.MaxSize == 40, "config");
	CHECK(GetDataStackHandleCount(h, &handles) && handles == 1, "handles %u", handles);
	h2 = FdToDataStackHandle(dup(hfd(h)));
	CHECK(GetDataStackHandleCount(h, &handles) && handles == 1, "dup shares one");
	CloseHandle(h2);

	/* Each limit its own code: the count, the item size (as the article). */
	CHECK_FAILS(PushDataStack(h, "x", 1), ERROR_NO_MORE_ITEMS);
	CHECK_FAILS(PushDataStack(h, "seventeen bytes!!", 17), ERROR_NOT_CAPABLE);
	CHECK_FAILS(PushDataStack(h, "x", 0), ERROR_INVALID_PARAMETER);
	CHECK_FAILS(PushDataStack(h, NULL, 4), ERROR_INVALID_PARAMETER);
	CHECK_FAILS(PushDataStack(h, (void *)8, 4), ERROR_NOACCESS);

	/* A short buffer: ERROR_INSUFFICIENT_BUFFER, the size needed, kept. */
	size = 4;
	CHECK_FAILS(PopDataStack(h, buf, &size), ERROR_INSUFFICIENT_BUFFER);
	CHECK(size == 12, "size needed %u", size);
	/* Size 0 in: TRUE and the top item's size, nothing removed. */
	size = 0;
	SetLastError(0x1234);
	CHECK(PopDataStack(h, NULL, &size), "size query: %u", GetLastError());
	CHECK(size == 12 && GetDataStackItemCount(h, &count) && count == 4,
	      "size query %u, count %u", size, count);
	CHECK_LASTERR(0x1234);
	CHECK_FAILS(PopDataStack(h, buf, NULL), ERROR_INVALID_PARAMETER);
	size = 4;
	CHECK_FAILS(PopDataStack(h, NULL, &size), ERROR_INVALID_PARAMETER);
	SetLastError(0x1234);
	size = sizeof(buf);
	CHECK(PopDataStack(h, buf, &size), "pop: %u", GetLastError());
	CHECK(size == 12 && !memcmp(buf, "twelve bytes", 12), "string back");
	CHECK_LASTERR(0x1234);		/* success leaves the last error alone */
	for (i = 3; i >= 2; i--) {
		int v = 0;

		size = sizeof(v);
		CHECK(PopDataStack(h, &v, &size) && size == sizeof(v) && v == i, "pop %d", i);
	}
	CHECK(GetDataStackItemCount(h, &count) && count == 1, "one left");
	CHECK(ClearDataStack(h), "clear");
	size = 0;
	CHECK(PopDataStack(h, NULL, &size) && size == 0, "size query when empty");
	CHECK(GetDataStackItemCount(h, &count) && count == 0, "cleared");
	CHECK(GetDataStackSize(h, &bytes) && bytes == 0, "no bytes");
	CHECK_FAILS(GetDataStackItemCount(h, NULL), ERROR_INVALID_PARAMETER);
	CHECK_FAILS(GetDataStackConfig(h, NULL), ERROR_INVALID_PARAMETER);

	/* The total size: its own code, for the sum and for one item. */
	h2 = CreateDataStack(NULL, 0, 0, 10, NULL);
	CHECK(h2 != NULL && PushDataStack(h2, "eight by", 8), "MaxSize 10");
	CHECK_FAILS(PushDataStack(h2, "four", 4), ERROR_NOT_ENOUGH_QUOTA);
	CHECK_FAILS(PushDataStack(h2, "eleven byte", 11), ERROR_NOT_ENOUGH_QUOTA);
	CHECK(PushDataStack(h2, "tw", 2), "what fits goes in");
	CloseHandle(h2);

	/* Handles that are not (or no longer) data stacks. */
	CHECK(CloseHandle(h), "close");
	CHECK_FAILS(CloseHandle(h), ERROR_INVALID_HANDLE);
	CHECK_FAILS(PushDataStack(h, "x", 1), ERROR_INVALID_HANDLE);
	size = sizeof(buf);
	CHECK_FAILS(PopDataStack(h, buf, &size), ERROR_INVALID_HANDLE);
	CHECK_FAILS(ClearDataStack(NULL), ERROR_INVALID_HANDLE);
	CHECK_FAILS(GetDataStackItemCount(INVALID_HANDLE_VALUE, &count), ERROR_INVALID_HANDLE);
	CHECK_FAILS(CloseHandle(NULL), ERROR_INVALID_HANDLE);
	{
		int p[2];

		CHECK(pipe(p) == 0, "pipe");
		CHECK_FAILS(PushDataStack(FdToDataStackHandle(p[1]), "x", 1),
			    ERROR_INVALID_HANDLE);
		CHECK(CloseHandle(FdToDataStackHandle(p[0])), "close any fd");
		close(p[1]);
	}
	return 0;
}
