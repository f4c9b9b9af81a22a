// SPDX-License-Identifier: MIT
/*
 * The articles' test program in C: the C++ original (article.cpp) with
 * nullptr, std::string, bool and auto replaced by their C equivalents.
 * Run it twice: the first instance creates "MyDataStack" and pushes, a
 * second one started within five seconds finds it existing and pops for
 * ten seconds, polling every 300 ms.  (datastack-demo.c is the variant
 * that waits on the object and prints a deterministic order.)
 */
#include <stdio.h>
#include <string.h>
#include <datastack/win32.h>

static BOOL PushString(HANDLE h, PCSTR text);
static void PopItems(HANDLE h);

int main(void) {
	HANDLE hDataStack = CreateDataStack(NULL, 0, 100, 10 << 20, L"MyDataStack");
	if (!hDataStack) { printf("Failed to create data stack (%u)\n", GetLastError()); return 1; }
	printf("Handle created: 0x%p\n", hDataStack);
	if (GetLastError() == ERROR_ALREADY_EXISTS) {
		printf("Opened an existing object... will pop elements\n");
		PopItems(hDataStack);
	} else {
		Sleep(5000);
		PushString(hDataStack, "Hello, data stack!");
		PushString(hDataStack, "Pushing another string...");
		for (int i = 1; i <= 10; i++) { Sleep(100); PushDataStack(hDataStack, &i, sizeof(i)); }
	}
	CloseHandle(hDataStack);
	return 0;
}
static BOOL PushString(HANDLE h, PCSTR text) {
	BOOL ok = PushDataStack(h, (PVOID)text, (ULONG)strlen(text) + 1);
	if (!ok) printf("Error in PushString: %u\n", GetLastError());
	return ok;
}
static void PopItems(HANDLE h) {
	BYTE buffer[256];
	ULONGLONG tick = GetTickCount64();
	while (GetTickCount64() - tick < 10000) {
		DWORD size = sizeof(buffer);
		if (!PopDataStack(h, buffer, &size) && GetLastError() != ERROR_NO_DATA) {
			printf("Error in PopDataStack (%u)\n", GetLastError()); break; }
		if (size) {
			printf("Popped %u bytes: ", size);
			if (size > sizeof(int)) printf("%s\n", (PCSTR)buffer); else printf("%d\n", *(int*)buffer);
		}
		Sleep(300);
	}
}
