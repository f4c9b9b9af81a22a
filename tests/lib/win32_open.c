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

/* The rights of a handle that may lack DATA_STACK_QUERY (fdinfo). */
static unsigned int rights_of_nq(HANDLE h)
{
	char path[64], line[128];
	unsigned int r = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", hfd(h));
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "ds-rights: %x", &r) == 1)
			break;
	if (f)
		fclose(f);
	return r;
}

static int nobody_opens(void *arg)
{
	(void)arg;
	if (OpenDataStack(DATA_STACK_QUERY, FALSE, shared) != NULL)
		return 1;
	return GetLastError() == ERROR_ACCESS_DENIED ? 0 : 2;
}

/*
 * An object whose mode grants others write only: GENERIC_WRITE includes
 * POP, which reads, so it is denied; PUSH | CLEAR is granted, and so is
 * MAXIMUM_ALLOWED, with what writing gives.
 */
static int nobody_writes(void *arg)
{
	HANDLE o;

	(void)arg;
	if (OpenDataStack(GENERIC_WRITE, FALSE, shared) != NULL ||
	    GetLastError() != ERROR_ACCESS_DENIED)
		return 1;
	o = OpenDataStack(DATA_STACK_PUSH | DATA_STACK_CLEAR, FALSE, shared);
	if (!o || !PushDataStack(o, "w", 1)) {
		fprintf(stderr, "PUSH | CLEAR: %p, error %u\n", o, GetLastError());
		return 2;
	}
	CloseHandle(o);
	o = OpenDataStack(MAXIMUM_ALLOWED, FALSE, shared);
	if (!o || rights_of_nq(o) != (DS_RIGHT_PUSH | DS_RIGHT_CLEAR | DS_RIGHT_WAIT))
		return 3;
	CloseHandle(o);
	return 0;
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

	/* The original's generic mapping. */
	o = OpenDataStack(GENERIC_READ, FALSE, name);
	CHECK(o != NULL, "generic read");
	CHECK(rights_of(o) == DS_RIGHT_QUERY, "read: %#x", rights_of(o));
	CloseHandle(o);
	o = OpenDataStack(GENERIC_WRITE | DATA_STACK_QUERY, FALSE, name);
	CHECK(o != NULL, "generic write");
	CHECK(rights_of(o) == (DS_RIGHT_QUERY | DS_RIGHT_PUSH | DS_RIGHT_POP | DS_RIGHT_CLEAR),
	      "write: %#x", rights_of(o));
	CloseHandle(o);
	o = OpenDataStack(GENERIC_EXECUTE | DATA_STACK_QUERY, FALSE, name);
	CHECK(o != NULL && rights_of(o) == (DS_RIGHT_QUERY | DS_RIGHT_WAIT), "execute");
	CloseHandle(o);
	o = OpenDataStack(MAXIMUM_ALLOWED, FALSE, name);
	CHECK(o != NULL && rights_of(o) == DS_RIGHT_ALL, "maximum allowed (owner)");
	CloseHandle(o);
	o = OpenDataStack(STANDARD_RIGHTS_READ | DATA_STACK_QUERY, FALSE, name);
	CHECK(o != NULL && rights_of(o) == DS_RIGHT_QUERY, "standard rights grant nothing");
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

	/* Names match case-insensitively (ASCII), with or without Local\. */
	{
		wchar_t mixed[96], upper[96];
		char folded[96];
		struct ds_info in;
		HANDLE m;

		swprintf(mixed, 96, L"W32_Case.%d", (int)getpid());
		swprintf(upper, 96, L"local\\W32_CASE.%d", (int)getpid());
		snprintf(folded, sizeof(folded), "w32_case.%d", (int)getpid());
		m = CreateDataStack(NULL, 0, 0, 0, mixed);
		CHECK(m != NULL, "mixed case");
		o = OpenDataStack(DATA_STACK_QUERY, FALSE, upper);
		CHECK(o != NULL, "LOCAL\\UPPER: %u", GetLastError());
		CHECK_RET(ds_query(hfd(o), &in), 0);
		CHECK(!strcmp(in.name, folded), "stored folded: %s", in.name);
		CloseHandle(o);
		o = CreateDataStack(NULL, 0, 0, 0, upper);
		CHECK(o != NULL, "create again");
		CHECK_LASTERR(ERROR_ALREADY_EXISTS);
		CloseHandle(o);
		o = OpenDataStackA(DATA_STACK_QUERY, FALSE, folded);
		CHECK(o != NULL, "A, folded");
		CloseHandle(o);
		CHECK(OpenDataStack(DATA_STACK_QUERY, FALSE, L"Local\\a\\b") == NULL, "a path");
		CHECK_LASTERR(ERROR_PATH_NOT_FOUND);
		CloseHandle(m);
	}

	/* Bad requests. */
	CHECK(OpenDataStack(0x00000100, FALSE, name) == NULL, "unknown right");
	CHECK_LASTERR(ERROR_INVALID_PARAMETER);
	CHECK(OpenDataStack(DELETE, FALSE, name) == NULL, "no DataStack right");
	CHECK_LASTERR(ERROR_ACCESS_DENIED);
	CHECK(OpenDataStack(0, FALSE, name) == NULL, "access 0");
	CHECK_LASTERR(ERROR_ACCESS_DENIED);
	CHECK(OpenDataStack(DATA_STACK_QUERY, FALSE, NULL) == NULL, "NULL name");
	CHECK_LASTERR(ERROR_INVALID_NAME);
	CHECK(OpenDataStack(DATA_STACK_QUERY, FALSE, L"") == NULL, "empty name");
	CHECK_LASTERR(ERROR_INVALID_NAME);
	CHECK(OpenDataStackA(DATA_STACK_QUERY, FALSE, NULL) == NULL, "NULL name (A)");
	CHECK_LASTERR(ERROR_INVALID_NAME);

	/* Another user against mode 0600. */
	if (can_be_nobody()) {
		shared = name;
		CHECK(as_nobody(nobody_opens, NULL) == 0, "nobody: ERROR_ACCESS_DENIED");
		{
			char wo[96];
			wchar_t wwo[96];
			mode_t mask = umask(0);
			int fd;

			snprintf(wo, sizeof(wo), "w32_open_wo.%d", (int)getpid());
			swprintf(wwo, 96, L"%s", wo);
			fd = ds_create_ex(wo, 0, 0622, 0, NULL, NULL);
			umask(mask);
			CHECK(fd >= 0, "write-only for others: %d", fd);
			shared = wwo;
			CHECK(as_nobody(nobody_writes, NULL) == 0, "nobody, write only: step %d",
			      as_nobody(nobody_writes, NULL));
			close(fd);
		}
	}
	CloseHandle(h);
	return 0;
}
