// SPDX-License-Identifier: MIT
/*
 * The articles' scenario, written against the Win32-style API.  Run it
 * twice: the first instance creates the data stack (100 items, 10 MiB),
 * waits a moment, pushes two strings and the integers 1..10; a second
 * instance started meanwhile finds the object existing, waits on it and
 * pops until it stays empty, printing each item with the count and size
 * left.
 *
 * The order is deterministic: the popper waits (WaitForSingleObject) for
 * the first item, then until the pusher has closed its handle, after which
 * the count can no longer grow; it prints 10..1 and then the two strings in
 * reverse order however the two processes are scheduled.  (Only if a third
 * process keeps a handle open does it fall back to waiting for the count
 * to stay unchanged for two seconds.)
 *
 *   datastack-demo [NAME]        (default name: MyDataStack)
 */
#include <stdio.h>
#include <string.h>
#include <datastack/win32.h>

#define PUSH_DELAY_MS	5000	/* the articles' "wait a moment" */
#define WAIT_FIRST_MS	30000	/* the popper gives up after this */
#define EMPTY_MS	1000	/* "stays empty": no item for this long */
#define STABLE_MS	2000	/* the count "stopped growing" */

static BOOL PushString(HANDLE h, PCSTR text)
{
	BOOL ok = PushDataStack(h, (PVOID)text, (ULONG)strlen(text) + 1);

	if (ok)
		printf("Pushed \"%s\" (%u bytes)\n", text, (unsigned)strlen(text) + 1);
	else
		printf("Error in PushString: %u\n", GetLastError());
	return ok;
}

static int Push(HANDLE h)
{
	ULONG count = 0;
	ULONG_PTR size = 0;

	printf("Created a new data stack: pushing in %u ms\n", PUSH_DELAY_MS);
	fflush(stdout);
	Sleep(PUSH_DELAY_MS);
	if (!PushString(h, "Hello, data stack!") ||
	    !PushString(h, "Pushing another string..."))
		return 1;
	for (int i = 1; i <= 10; i++) {
		Sleep(100);
		if (!PushDataStack(h, &i, sizeof(i))) {
			printf("Error in PushDataStack (%u)\n", GetLastError());
			return 1;
		}
		printf("Pushed %d\n", i);
		fflush(stdout);
	}
	if (GetDataStackItemCount(h, &count) && GetDataStackSize(h, &size))
		printf("Done: %u items, %lu bytes held\n", count, (unsigned long)size);
	return 0;
}

/* Prints one popped item: an int, a string, or its bytes. */
static void PrintItem(const BYTE *buffer, DWORD size)
{
	printf("Popped %u bytes: ", size);
	if (size == sizeof(int)) {
		int v;

		memcpy(&v, buffer, sizeof(v));
		printf("%d", v);
	} else if (size && buffer[size - 1] == 0) {
		printf("%s", (PCSTR)buffer);
	} else {
		for (DWORD i = 0; i < size; i++)
			printf("%02x", buffer[i]);
	}
}

static int Pop(HANDLE h)
{
	BYTE buffer[256];
	ULONG handles = 0;

	printf("Opened an existing object... will pop elements\n");
	printf("Waiting for the data stack to be signalled\n");
	fflush(stdout);
	switch (WaitForSingleObject(h, WAIT_FIRST_MS)) {
	case WAIT_OBJECT_0:
		break;
	case WAIT_TIMEOUT:
		printf("Nothing was pushed in %u ms\n", WAIT_FIRST_MS);
		return 1;
	default:
		printf("Error in WaitForSingleObject (%u)\n", GetLastError());
		return 1;
	}
	printf("Signalled: waiting for the pusher to close its handle\n");
	fflush(stdout);
	/*
	 * The pusher is done when it has closed its handle.  Should other
	 * handles stay open (a third instance), settle for a count that has
	 * not changed for STABLE_MS instead.
	 */
	{
		ULONG count = 0, last = (ULONG)-1;
		ULONGLONG since = GetTickCount64();

		while (GetDataStackHandleCount(h, &handles) && handles > 1 &&
		       GetDataStackItemCount(h, &count)) {
			if (count != last) {
				last = count;
				since = GetTickCount64();
			} else if (GetTickCount64() - since >= STABLE_MS) {
				break;
			}
			Sleep(50);
		}
	}

	for (;;) {
		DWORD size = sizeof(buffer);
		ULONG count = 0;
		ULONG_PTR bytes = 0;

		if (!PopDataStack(h, buffer, &size)) {
			if (GetLastError() != ERROR_NO_DATA) {
				printf("Error in PopDataStack (%u)\n", GetLastError());
				return 1;
			}
			/* Empty: done unless an item arrives soon. */
			if (WaitForSingleObject(h, EMPTY_MS) == WAIT_OBJECT_0)
				continue;
			printf("Empty for %u ms: done\n", EMPTY_MS);
			return 0;
		}
		PrintItem(buffer, size);
		if (!GetDataStackItemCount(h, &count) || !GetDataStackSize(h, &bytes)) {
			printf("\nError in GetDataStack... (%u)\n", GetLastError());
			return 1;
		}
		printf("  (%u item%s, %lu bytes left)\n", count, count == 1 ? "" : "s",
		       (unsigned long)bytes);
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	HANDLE hDataStack;
	int ret;

	if (argc > 2) {
		fprintf(stderr, "usage: %s [NAME]\n", argv[0]);
		return 2;
	}
	if (argc == 2)
		hDataStack = CreateDataStackA(NULL, 0, 100, 10 << 20, argv[1]);
	else
		hDataStack = CreateDataStack(NULL, 0, 100, 10 << 20, L"MyDataStack");
	if (!hDataStack) {
		printf("Failed to create data stack (%u)\n", GetLastError());
		return 1;
	}
	printf("Handle created: %p\n", hDataStack);
	if (GetLastError() == ERROR_ALREADY_EXISTS)
		ret = Pop(hDataStack);
	else
		ret = Push(hDataStack);
	CloseHandle(hDataStack);
	return ret;
}
