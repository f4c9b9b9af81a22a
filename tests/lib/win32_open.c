// SPDX-License-Identifier: GPL-2.0
/* OpenDataStack(A): access rights mapped to DS_RIGHT_*, inheritance,
 * ERROR_FILE_NOT_FOUND and ERROR_ACCESS_DENIED. */
#include <fcntl.h>
#include "w32test.h"

static const wchar_t *shared;

static unsigned int rights_of(HANDLE h)
{
	struct ds_info in;

	/* ds_query needs DS_RIGHT_QUERY: reopen the fd's object if needed. */
	CHECK_RET(ds_query(hfd(h), &in), 0);
	return in.rights;
}

static int nobody_opens(void *arg)
{
	(void)arg;
	if (OpenDataStack(DATA_STACK_QUERY, FALSE, shared) != NULL)
		return 1;
	return GetLastError() == ERROR_ACCESS_DENIED ? 0 : 2;
}

int main(void)
{
	const wchar_t *name = wname("w32_open");
	BYTE buf[16];
	DWORD size;
	HANDLE h, o;
	ULONG count;

	lib_require();
	SetLastError(0);
	CHECK(OpenDataStack(DATA_STACK_ALL_ACCESS, FALSE, name) == NULL, "absent");
	CHECK_LASTERR(ERROR_FILE_NOT_FOUND);

	h = CreateDataStack(NULL, 0, 0, 0, name);
	CHECK(h != NULL, "create");
	CHECK(PushDataStack(h, "item", 4), "push");

	o = OpenDataStack(DATA_STACK_ALL_ACCESS, FALSE, name);
	CHECK(o != NULL, "all access: %u", GetLastError());
	CHECK_LASTERR(ERROR_SUCCESS);
	CHECK(rights_of(o) == DS_RIGHT_ALL, "all rights");
	CHECK(fcntl(hfd(o), F_GETFD) & FD_CLOEXEC, "not inherited");
	CloseHandle(o);

	o = OpenDataStack(DATA_STACK_QUERY | SYNCHRONIZE, TRUE, name);
	CHECK(o != NULL, "query|synchronize");
	CHECK(!(fcntl(hfd(o), F_GETFD) & FD_CLOEXEC), "inheritable");
	CHECK(rights_of(o) == (DS_RIGHT_QUERY | DS_RIGHT_WAIT), "rights %#x", rights_of(o));
	CHECK(GetDataStackItemCount(o, &count) && count == 1, "count");
	CHECK(WaitForSingleObject(o, 0) == WAIT_OBJECT_0, "signalled");
	CHECK_FAILS(PushDataStack(o, "x", 1), ERROR_ACCESS_DENIED);
	size = sizeof(buf);
	CHECK_FAILS(PopDataStack(o, buf, &size), ERROR_ACCESS_DENIED);
	CHECK_FAILS(ClearDataStack(o), ERROR_ACCESS_DENIED);
	CloseHandle(o);

	o = OpenDataStack(DATA_STACK_PUSH, FALSE, name);
	CHECK(o != NULL, "push only");
	CHECK(PushDataStack(o, "x", 1), "push allowed");
	CHECK_FAILS(GetDataStackItemCount(o, &count), ERROR_ACCESS_DENIED);
	SetLastError(0);
	CHECK(WaitForSingleObject(o, 0) == WAIT_FAILED, "no SYNCHRONIZE");
	CHECK_LASTERR(ERROR_ACCESS_DENIED);
	CloseHandle(o);

	o = OpenDataStack(DATA_STACK_POP | DATA_STACK_CLEAR, FALSE, name);
	CHECK(o != NULL, "pop|clear");
	size = sizeof(buf);
	CHECK(PopDataStack(o, buf, &size) && size == 1, "pop allowed");
	CHECK(ClearDataStack(o), "clear allowed");
	CloseHandle(o);

	o = OpenDataStack(GENERIC_READ, FALSE, name);
	CHECK(o != NULL, "generic read");
	CHECK(rights_of(o) == (DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT), "read rights");
	CloseHandle(o);
	o = OpenDataStack(GENERIC_ALL | DELETE, FALSE, name);
	CHECK(o != NULL, "generic all");
	CHECK(rights_of(o) == DS_RIGHT_ALL, "all");
	CloseHandle(o);

	{
		char narrow[96];

		snprintf(narrow, sizeof(narrow), "w32_open.%d", (int)getpid());
		o = OpenDataStackA(DATA_STACK_QUERY, FALSE, narrow);
		CHECK(o != NULL, "OpenDataStackA");
		CloseHandle(o);
		CHECK(OpenDataStackA(DATA_STACK_QUERY, FALSE, "w32_open.none") == NULL, "A absent");
		CHECK_LASTERR(ERROR_FILE_NOT_FOUND);
	}

	/* Bad requests. */
	CHECK(OpenDataStack(0x00000100, FALSE, name) == NULL, "unknown right");
	CHECK_LASTERR(ERROR_INVALID_PARAMETER);
	CHECK(OpenDataStack(DELETE, FALSE, name) == NULL, "no DataStack right");
	CHECK_LASTERR(ERROR_INVALID_PARAMETER);
	CHECK(OpenDataStack(DATA_STACK_QUERY, FALSE, NULL) == NULL, "NULL name");
	CHECK_LASTERR(ERROR_INVALID_PARAMETER);

	/* Another user against mode 0600. */
	if (can_be_nobody()) {
		shared = name;
		CHECK(as_nobody(nobody_opens, NULL) == 0, "nobody: ERROR_ACCESS_DENIED");
	}
	CloseHandle(h);
	return 0;
}
