// SPDX-License-Identifier: MIT
/*
 * Part 4's flow, in C (and, unchanged, C++): the series' DSTest in its last
 * form.  The first instance creates "MyDataStack" and pushes; a second one
 * finds it existing, and before each pop waits on it with
 * WaitForSingleObject(h, 5000), printing its configuration, item count and
 * size as it goes.  When the last handle closes, the object is destroyed
 * and every item still in it freed ("Destroy": run the pusher alone, then
 * look for the object).
 *
 *   part4 [push|pop]     (default: push if new, pop if it existed)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <datastack/win32.h>

static void PrintState(HANDLE h)
{
	DATA_STACK_CONFIG config;
	ULONG count;
	ULONG_PTR size;

	if (GetDataStackConfig(h, &config) && GetDataStackItemCount(h, &count) &&
	    GetDataStackSize(h, &size))
		printf("Config: max item size %u, max items %u, max size %lu; "
		       "%u items, %lu bytes\n", config.MaxItemSize, config.MaxItemCount,
		       (unsigned long)config.MaxSize, count, (unsigned long)size);
	else
		printf("Query failed (%u)\n", GetLastError());
}

static void PopItems(HANDLE h)
{
	BYTE buffer[256];
	DWORD size;

	for (;;) {
		if (WaitForSingleObject(h, 5000) != WAIT_OBJECT_0) {
			printf("No item for 5 seconds: done\n");
			break;
		}
		PrintState(h);
		size = sizeof(buffer);
		if (!PopDataStack(h, buffer, &size)) {
			if (GetLastError() == ERROR_NO_DATA)
				continue;	/* another popper was first */
			printf("Error in PopDataStack (%u)\n", GetLastError());
			break;
		}
		if (size > sizeof(int))
			printf("Popped %u bytes: %s\n", size, (PCSTR)buffer);
		else
			printf("Popped %u bytes: %d\n", size, *(int *)buffer);
	}
}

int main(int argc, char **argv)
{
	HANDLE hDataStack = CreateDataStack(NULL, 0, 100, 10 << 20, L"MyDataStack");
	BOOL existed = GetLastError() == ERROR_ALREADY_EXISTS;
	const char *role = argc > 1 ? argv[1] : existed ? "pop" : "push";
	int i;

	if (!hDataStack) {
		printf("Failed to create data stack (%u)\n", GetLastError());
		return 1;
	}
	printf("%s the data stack\n", existed ? "Opened" : "Created");
	if (!strcmp(role, "pop")) {
		PopItems(hDataStack);
	} else {
		const char *text = "Hello, data stack!";

		PushDataStack(hDataStack, text, (DWORD)strlen(text) + 1);
		for (i = 1; i <= 10; i++)
			PushDataStack(hDataStack, &i, sizeof(i));
		PrintState(hDataStack);
		Sleep(argc > 2 ? 1000 * (DWORD)atoi(argv[2]) : 0);
	}
	CloseHandle(hDataStack);
	return 0;
}
