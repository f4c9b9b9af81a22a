// SPDX-License-Identifier: MIT
/*
 * The articles' native-API flow, in C (and, unchanged, C++): create a named
 * data stack through an OBJECT_ATTRIBUTES, push, pop as the series' callers
 * do (ask the top item's size with a size of 0, allocate, pop), ask
 * NtQueryInformationDataStack for each information class (the buffer's
 * size first, with a NULL buffer), clear and close.  Every call returns an
 * NTSTATUS; RtlNtStatusToDosError() gives the Windows code of a failure.
 *
 *   native [NAME]        (default name: NativeStack)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <datastack/native.h>

static int fail(const char *what, NTSTATUS status)
{
	printf("%s failed: status 0x%08X (error %u)\n", what, (unsigned int)status,
	       RtlNtStatusToDosError(status));
	return 1;
}

int main(int argc, char **argv)
{
	WCHAR name[128];
	UNICODE_STRING uname;
	OBJECT_ATTRIBUTES attr;
	DATA_STACK_CONFIGURATION config;
	HANDLE hDataStack;
	NTSTATUS status;
	ULONG count, size, needed = 0;
	ULONG_PTR total;
	char *item;
	int i;

	swprintf(name, 128, L"%s", argc > 1 ? argv[1] : "NativeStack");
	RtlInitUnicodeString(&uname, name);
	InitializeObjectAttributes(&attr, &uname, OBJ_OPENIF | OBJ_CASE_INSENSITIVE, NULL, NULL);
	status = NtCreateDataStack(&hDataStack, &attr, 64, 10, 1024);
	if (!NT_SUCCESS(status))
		return fail("NtCreateDataStack", status);
	printf("%s\n", status == STATUS_OBJECT_NAME_EXISTS ? "Opened the existing data stack"
							   : "Created the data stack");

	for (i = 1; i <= 3; i++) {
		char text[32];

		snprintf(text, sizeof(text), "item number %d", i);
		status = NtPushDataStack(hDataStack, text, (ULONG)strlen(text) + 1);
		if (!NT_SUCCESS(status))
			return fail("NtPushDataStack", status);
	}

	status = NtQueryInformationDataStack(hDataStack, DataStackItemCount, &count,
					     sizeof(count), NULL);
	if (!NT_SUCCESS(status))
		return fail("DataStackItemCount", status);
	status = NtQueryInformationDataStack(hDataStack, DataStackTotalSize, &total,
					     sizeof(total), NULL);
	if (!NT_SUCCESS(status))
		return fail("DataStackTotalSize", status);
	/* A NULL buffer of size 0 asks how large the answer is. */
	status = NtQueryInformationDataStack(hDataStack, DataStackConfiguration, NULL, 0, &needed);
	if (status != STATUS_BUFFER_TOO_SMALL || needed != sizeof(config))
		return fail("DataStackConfiguration size", status);
	status = NtQueryInformationDataStack(hDataStack, DataStackConfiguration, &config,
					     needed, NULL);
	if (!NT_SUCCESS(status))
		return fail("DataStackConfiguration", status);
	printf("Items: %u, total size: %lu bytes\n", count, (unsigned long)total);
	printf("Limits: item size %u, items %u, total %lu\n", config.MaxItemSize,
	       config.MaxItemCount, (unsigned long)config.MaxSize);

	/* Pop: the top item's size first (size 0 removes nothing), then the item. */
	for (;;) {
		size = 0;
		status = NtPopDataStack(hDataStack, NULL, &size);
		if (!NT_SUCCESS(status))
			return fail("NtPopDataStack (size)", status);
		if (!size)
			break;		/* empty */
		item = (char *)malloc(size);
		if (!item)
			return 1;
		status = NtPopDataStack(hDataStack, item, &size);
		if (!NT_SUCCESS(status))
			return fail("NtPopDataStack", status);
		printf("Popped %u bytes: %s\n", size, item);
		free(item);
	}
	size = 16;
	item = (char *)malloc(size);
	status = NtPopDataStack(hDataStack, item, &size);
	printf("Empty: status 0x%08X (STATUS_PIPE_EMPTY), error %u\n", (unsigned int)status,
	       RtlNtStatusToDosError(status));
	free(item);

	status = NtPushDataStack(hDataStack, (PVOID)"left behind", 12);
	if (NT_SUCCESS(status))
		status = NtClearDataStack(hDataStack);
	if (!NT_SUCCESS(status))
		return fail("NtClearDataStack", status);
	NtClose(hDataStack);
	return 0;
}
