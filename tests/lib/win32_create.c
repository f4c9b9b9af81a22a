// SPDX-License-Identifier: GPL-2.0
/* CreateDataStack(A): new vs existing (GetLastError), limits, inheritance,
 * names (wide to UTF-8), lifetime, failures. */
#include <fcntl.h>
#include "w32test.h"

int main(void)
{
	const wchar_t *name = wname("w32_create");
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
	DATA_STACK_CONFIG cfg;
	struct ds_info in;
	HANDLE h, h2;
	wchar_t wlong[300];
	int i;

	lib_require();

	SetLastError(0x1234);
	h = CreateDataStack(NULL, 64, 100, 10 << 20, name);
	CHECK(h != NULL, "create: %u", GetLastError());
	CHECK_LASTERR(ERROR_SUCCESS);
	CHECK(GetDataStackConfig(h, &cfg), "config");
	CHECK(cfg.MaxItemSize == 64 && cfg.MaxItemCount == 100 &&
	      cfg.MaxSize == 10 << 20, "limits");
	CHECK(fcntl(hfd(h), F_GETFD) & FD_CLOEXEC, "not inheritable by default");
	CHECK_RET(ds_query(hfd(h), &in), 0);
	CHECK(in.mode == 0600 && in.rights == DS_RIGHT_ALL, "mode %o rights %#x",
	      in.mode, in.rights);
	CHECK(!(in.flags & DS_CREATE_PERSISTENT), "not persistent");

	/* Again: the same object, ERROR_ALREADY_EXISTS, limits unchanged. */
	h2 = CreateDataStack(&sa, 1, 1, 1, name);
	CHECK(h2 != NULL, "create existing: %u", GetLastError());
	CHECK_LASTERR(ERROR_ALREADY_EXISTS);
	CHECK(!(fcntl(hfd(h2), F_GETFD) & FD_CLOEXEC), "bInheritHandle honoured");
	CHECK(PushDataStack(h2, "x", 1), "push via the second handle");
	{
		ULONG count = 0;

		CHECK(GetDataStackItemCount(h, &count) && count == 1, "one object");
		CHECK(GetDataStackConfig(h2, &cfg) && cfg.MaxItemCount == 100, "limits kept");
	}
	CHECK(CloseHandle(h2), "close");
	CHECK(CloseHandle(h), "close");
	/* The object died with its last handle. */
	CHECK(OpenDataStack(DATA_STACK_QUERY, FALSE, name) == NULL, "gone");
	CHECK_LASTERR(ERROR_FILE_NOT_FOUND);

	/* The narrow variant names the same object. */
	{
		char narrow[96];

		snprintf(narrow, sizeof(narrow), "w32_create.%d", (int)getpid());
		h = CreateDataStackA(NULL, 0, 0, 0, narrow);
		CHECK(h != NULL, "CreateDataStackA: %u", GetLastError());
		CHECK_LASTERR(ERROR_SUCCESS);
		h2 = CreateDataStack(NULL, 0, 0, 0, name);
		CHECK(h2 != NULL, "wide");
		CHECK_LASTERR(ERROR_ALREADY_EXISTS);
		CloseHandle(h2);
		CloseHandle(h);
	}

	/* Non-ASCII names arrive in the kernel as UTF-8, ASCII letters folded. */
	h = CreateDataStack(NULL, 0, 0, 0, L"St\u00e4ck \u20ac \U0001F600");
	CHECK(h != NULL, "unicode name: %u", GetLastError());
	CHECK_RET(ds_query(hfd(h), &in), 0);
	CHECK(!strcmp(in.name, "st\xc3\xa4" "ck \xe2\x82\xac \xf0\x9f\x98\x80"), "UTF-8 '%s'",
	      in.name);
	CloseHandle(h);

	/* Unnamed: NULL or L"". */
	h = CreateDataStack(NULL, 0, 0, 0, NULL);
	CHECK(h != NULL, "unnamed");
	CHECK_LASTERR(ERROR_SUCCESS);
	h2 = CreateDataStack(NULL, 0, 0, 0, L"");
	CHECK(h2 != NULL, "unnamed L\"\"");
	CHECK_LASTERR(ERROR_SUCCESS);
	CHECK_RET(ds_query(hfd(h2), &in), 0);
	CHECK(in.name_len == 0, "no name");
	CloseHandle(h);
	CloseHandle(h2);

	/* Failures: NULL and the error. */
	SetLastError(0);
	CHECK(CreateDataStack(NULL, 0, 0, 0, L"a/b") == NULL, "'/'");
	CHECK_LASTERR(ERROR_INVALID_NAME);
	CHECK(CreateDataStack(NULL, 0, 0, 0, L"a\\b") == NULL, "a directory");
	CHECK_LASTERR(ERROR_PATH_NOT_FOUND);
	CHECK(CreateDataStack(NULL, 0, 0, 0, L"..") == NULL, "'..'");
	CHECK_LASTERR(ERROR_INVALID_NAME);
	CHECK(CreateDataStackA(NULL, 0, 0, 0, "\xc3") == NULL, "bad UTF-8");
	CHECK_LASTERR(ERROR_INVALID_NAME);
	CHECK(CreateDataStackA(NULL, 0, 0, 0, "\xc1\x81") == NULL, "overlong UTF-8");
	CHECK_LASTERR(ERROR_INVALID_NAME);
	for (i = 0; i < 256; i++)
		wlong[i] = L'n';
	wlong[256] = 0;
	CHECK(CreateDataStack(NULL, 0, 0, 0, wlong) == NULL, "long name");
	CHECK_LASTERR(ERROR_FILENAME_EXCED_RANGE);
	/* 128 two-byte characters are 256 UTF-8 bytes: too long as well. */
	for (i = 0; i < 128; i++)
		wlong[i] = 0xe9;
	wlong[128] = 0;
	CHECK(CreateDataStack(NULL, 0, 0, 0, wlong) == NULL, "long in UTF-8");
	CHECK_LASTERR(ERROR_FILENAME_EXCED_RANGE);
	wlong[0] = 0xd800;		/* a lone surrogate */
	wlong[1] = 0;
	CHECK(CreateDataStack(NULL, 0, 0, 0, wlong) == NULL, "surrogate");
	CHECK_LASTERR(ERROR_INVALID_NAME);
	wlong[0] = 0x110000;
	CHECK(CreateDataStack(NULL, 0, 0, 0, wlong) == NULL, "beyond Unicode");
	CHECK_LASTERR(ERROR_INVALID_NAME);
	sa.lpSecurityDescriptor = &sa;
	CHECK(CreateDataStack(&sa, 0, 0, 0, name) == NULL, "security descriptor");
	CHECK_LASTERR(ERROR_INVALID_PARAMETER);
	return 0;
}
