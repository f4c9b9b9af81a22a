// SPDX-License-Identifier: MIT
/*
 * Part 3's user-mode layer as the article writes it: its Win32-style
 * PushDataStack, PopDataStack and CreateDataStack are each their native
 * call, the status turned into the last error.  The function bodies are the
 * article's, with only the #include lines changed; they build over
 * <datastack/native.h> (which libdatastack's own <datastack/win32.h> layer
 * is written on too).  These definitions are this program's own (C++
 * names), so they do not meet the library's.
 */
#include <cstdio>
#include <string>
#include <datastack/native.h>

BOOL WINAPI PushDataStack(HANDLE hDataStack, const PVOID buffer, DWORD size) {
	auto status = NtPushDataStack(hDataStack, buffer, size);
	if (!NT_SUCCESS(status))
		SetLastError(RtlNtStatusToDosError(status));

	return NT_SUCCESS(status);
}

BOOL WINAPI PopDataStack(HANDLE hDataStack, PVOID buffer, DWORD* size) {
	auto status = NtPopDataStack(hDataStack, buffer, size);
	if (!NT_SUCCESS(status))
		SetLastError(RtlNtStatusToDosError(status));

	return NT_SUCCESS(status);
}

/* Part 2's CreateDataStack, with part 3's fix for an existing object. */
HANDLE WINAPI CreateDataStack(ULONG maxItemSize, ULONG maxItemCount, ULONG_PTR maxSize,
	PCWSTR name) {
	UNICODE_STRING uname;
	RtlInitUnicodeString(&uname, name);
	OBJECT_ATTRIBUTES attr;
	InitializeObjectAttributes(&attr, name ? &uname : nullptr,
		OBJ_CASE_INSENSITIVE | OBJ_OPENIF, nullptr, nullptr);

	HANDLE hDataStack;
	auto status = NtCreateDataStack(&hDataStack, &attr, maxItemSize, maxItemCount, maxSize);
	if (NT_SUCCESS(status)) {
		const NTSTATUS STATUS_OBJECT_NAME_EXISTS = 0x40000000;

		if (status == STATUS_OBJECT_NAME_EXISTS) {
			SetLastError(ERROR_ALREADY_EXISTS);
		}
		else {
			SetLastError(0);
		}
		return hDataStack;
	}
	SetLastError(RtlNtStatusToDosError(status));
	return nullptr;
}

bool PushString(HANDLE h, std::string const& text) {
	auto ok = PushDataStack(h, (PVOID)text.c_str(), (ULONG)text.length() + 1);
	if (!ok)
		printf("Error in PushString: %u\n", GetLastError());
	return ok;
}

int main() {
	auto h = CreateDataStack(0, 100, 10 << 20, nullptr);
	if (!h) {
		printf("Failed to create data stack (%u)\n", GetLastError());
		return 1;
	}
	PushString(h, "Hello, data stack!");
	PushString(h, "Pushing another string...");
	for (int i = 1; i <= 10; i++)
		PushDataStack(h, &i, sizeof(i));

	BYTE buffer[256];
	for (;;) {
		DWORD size = sizeof(buffer);
		if (!PopDataStack(h, buffer, &size)) {
			if (GetLastError() != ERROR_NO_DATA)
				printf("Error in PopDataStack (%u)\n", GetLastError());
			break;
		}
		printf("Popped %u bytes: ", size);
		if (size > sizeof(int))
			printf("%s\n", (PCSTR)buffer);
		else
			printf("%d\n", *(int*)buffer);
	}
	NtClose(h);
	return 0;
}
