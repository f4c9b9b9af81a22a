// SPDX-License-Identifier: GPL-2.0
/* The Win32 layer without a kernel object: type sizes, handles, the
 * thread-local last error, the errno table.  Runs without datastack.ko. */
#include "w32test.h"

_Static_assert(sizeof(DWORD) == 4 && sizeof(ULONG) == 4 && sizeof(BOOL) == 4 &&
	       sizeof(LONG) == 4, "32-bit Windows integers");
_Static_assert(sizeof(BYTE) == 1 && sizeof(WORD) == 2 && sizeof(ULONGLONG) == 8,
	       "fixed sizes");
_Static_assert(sizeof(ULONG_PTR) == sizeof(void *) && sizeof(DWORD_PTR) == sizeof(void *) &&
	       sizeof(LONG_PTR) == sizeof(void *), "pointer-sized");
_Static_assert(sizeof(HANDLE) == sizeof(void *), "HANDLE");
_Static_assert((DWORD)INFINITE == 0xffffffffu && WAIT_FAILED == 0xffffffffu, "waits");
_Static_assert(DATA_STACK_QUERY == DS_RIGHT_QUERY && DATA_STACK_PUSH == DS_RIGHT_PUSH &&
	       DATA_STACK_POP == DS_RIGHT_POP && DATA_STACK_CLEAR == DS_RIGHT_CLEAR,
	       "the article's rights are the ABI's");
_Static_assert(DATA_STACK_ALL_ACCESS == 0x1f000f, "Windows' ALL_ACCESS form");

static void *other_thread(void *arg)
{
	(void)arg;
	if (GetLastError() != 0)
		return (void *)1;
	SetLastError(ERROR_NO_DATA);
	return GetLastError() == ERROR_NO_DATA ? NULL : (void *)2;
}

int main(void)
{
	static const struct { int err; DWORD win; } table[] = {
		{ 0, ERROR_SUCCESS }, { ENOENT, ERROR_FILE_NOT_FOUND },
		{ EMFILE, ERROR_TOO_MANY_OPEN_FILES }, { ENFILE, ERROR_TOO_MANY_OPEN_FILES },
		{ EACCES, ERROR_ACCESS_DENIED }, { EPERM, ERROR_ACCESS_DENIED },
		{ EBADF, ERROR_INVALID_HANDLE }, { ENOTTY, ERROR_INVALID_HANDLE },
		{ ENOMEM, ERROR_NOT_ENOUGH_MEMORY }, { ENODEV, ERROR_DEV_NOT_EXIST },
		{ EINVAL, ERROR_INVALID_PARAMETER }, { EMSGSIZE, ERROR_INSUFFICIENT_BUFFER },
		{ EEXIST, ERROR_ALREADY_EXISTS }, { ENAMETOOLONG, ERROR_FILENAME_EXCED_RANGE },
		{ EAGAIN, ERROR_NO_DATA }, { EINTR, ERROR_OPERATION_ABORTED },
		{ EFAULT, ERROR_NOACCESS }, { ETIMEDOUT, ERROR_SEM_TIMEOUT },
		{ EDQUOT, ERROR_NOT_ENOUGH_QUOTA }, { EILSEQ, ERROR_INVALID_NAME },
		{ ENOSPC, ERROR_NO_SYSTEM_RESOURCES }, { EOPNOTSUPP, ERROR_NOT_SUPPORTED },
		{ ENOSYS, ERROR_INVALID_FUNCTION },
		{ EXDEV, DS_W32_ERRNO_BIT | EXDEV },
	};
	pthread_t t;
	void *ret;
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		CHECK(DataStackErrnoToWin32(table[i].err) == table[i].win, "errno %d -> %u, want %u",
		      table[i].err, DataStackErrnoToWin32(table[i].err), table[i].win);
		CHECK(DataStackErrnoToWin32(-table[i].err) == table[i].win, "-errno %d", table[i].err);
	}

	/* The last error belongs to the thread. */
	SetLastError(ERROR_ACCESS_DENIED);
	CHECK(pthread_create(&t, NULL, other_thread, NULL) == 0, "thread");
	pthread_join(t, &ret);
	CHECK(ret == NULL, "other thread saw %p", ret);
	CHECK(GetLastError() == ERROR_ACCESS_DENIED, "this thread's error kept");

	/* Handles: descriptor + 1; NULL and INVALID_HANDLE_VALUE are none. */
	CHECK(FdToDataStackHandle(0) != NULL, "fd 0 is a handle");
	CHECK(DataStackHandleToFd(FdToDataStackHandle(0)) == 0, "round trip 0");
	CHECK(DataStackHandleToFd(FdToDataStackHandle(1234)) == 1234, "round trip");
	CHECK(FdToDataStackHandle(-1) == NULL, "no handle for -1");
	CHECK(DataStackHandleToFd(NULL) == -1, "NULL");
	CHECK(DataStackHandleToFd(INVALID_HANDLE_VALUE) == -1, "INVALID_HANDLE_VALUE");
	SetLastError(0);
	CHECK(!CloseHandle(NULL), "CloseHandle(NULL)");
	CHECK_LASTERR(ERROR_INVALID_HANDLE);

	/* Without the module: NULL and ERROR_DEV_NOT_EXIST. */
	if (access(DS_CONTROL_DEVICE, F_OK) != 0) {
		CHECK(CreateDataStack(NULL, 0, 0, 0, L"x") == NULL, "no module");
		CHECK_LASTERR(ERROR_DEV_NOT_EXIST);
	}
	return 0;
}
