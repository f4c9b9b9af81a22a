// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * libdatastack: the Win32-style API over the native one.  A HANDLE is the
 * descriptor plus one; the last error is per thread.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "datastack.h"
#include "datastack/win32.h"

static __thread DWORD last_error;

DWORD GetLastError(void)
{
	return last_error;
}

void SetLastError(DWORD error)
{
	last_error = error;
}

/* What an errno means to the operation that got it. */
enum op { OP_OTHER, OP_PUSH, OP_POP };

static DWORD win32_error(int err, enum op op)
{
	switch (err) {
	case 0:			return ERROR_SUCCESS;
	case ENOENT:		return ERROR_FILE_NOT_FOUND;
	case EMFILE:
	case ENFILE:		return ERROR_TOO_MANY_OPEN_FILES;
	case EACCES:
	case EPERM:		return ERROR_ACCESS_DENIED;
	case EBADF:
	case ENOTTY:		return ERROR_INVALID_HANDLE;
	case ENOMEM:		return ERROR_NOT_ENOUGH_MEMORY;
	case ENODEV:		return ERROR_DEV_NOT_EXIST;
	case EINVAL:		return ERROR_INVALID_PARAMETER;
	case EILSEQ:		return ERROR_INVALID_NAME;
	case EEXIST:		return ERROR_ALREADY_EXISTS;
	case ENAMETOOLONG:	return ERROR_FILENAME_EXCED_RANGE;
	case EINTR:		return ERROR_OPERATION_ABORTED;
	case EFAULT:		return ERROR_NOACCESS;
	case EOVERFLOW:		return ERROR_ARITHMETIC_OVERFLOW;
	case ETIMEDOUT:		return ERROR_TIMEOUT;
	case EDQUOT:
	case ENOSPC:		return ERROR_NOT_ENOUGH_QUOTA;
	case ENOBUFS:
		if (op == OP_PUSH)
			return ERROR_INVALID_PARAMETER;
		break;
	case EMSGSIZE:
		return op == OP_PUSH ? ERROR_INVALID_PARAMETER
				     : ERROR_INSUFFICIENT_BUFFER;
	case EAGAIN:
		return op == OP_PUSH ? ERROR_TOO_MANY_POSTS : ERROR_NO_DATA;
	}
	return DS_W32_ERRNO_BIT | (DWORD)err;
}

DWORD DataStackErrnoToWin32(int err)
{
	return win32_error(err < 0 ? -err : err, OP_POP);
}

/* Sets the last error from a -errno result; returns FALSE. */
static BOOL fail(int neg_errno, enum op op)
{
	SetLastError(win32_error(-neg_errno, op));
	return FALSE;
}

int DataStackHandleToFd(HANDLE h)
{
	intptr_t v = (intptr_t)h;

	if (v <= 0 || v - 1 > INT_MAX)
		return -1;
	return (int)(v - 1);
}

HANDLE FdToDataStackHandle(int fd)
{
	if (fd < 0)
		return NULL;
	return (HANDLE)((intptr_t)fd + 1);
}

/* The descriptor of a handle, or -EBADF. */
static int handle_fd(HANDLE h)
{
	int fd = DataStackHandleToFd(h);

	return fd < 0 ? -EBADF : fd;
}

/*
 * UTF-32 (Linux wchar_t) to UTF-8 into out[DS_NAME_MAX + 1]: the byte
 * length, -ENAMETOOLONG or -EILSEQ.  No locale is involved.
 */
static int wide_to_utf8(const wchar_t *w, char *out)
{
	size_t n = 0;

	for (; *w; w++) {
		uint32_t c = (uint32_t)*w;
		unsigned char b[4];
		size_t len, i;

		if (c < 0x80) {
			b[0] = (unsigned char)c;
			len = 1;
		} else if (c < 0x800) {
			b[0] = (unsigned char)(0xc0 | (c >> 6));
			b[1] = (unsigned char)(0x80 | (c & 0x3f));
			len = 2;
		} else if (c < 0x10000) {
			if (c >= 0xd800 && c <= 0xdfff)
				return -EILSEQ;	/* a lone surrogate */
			b[0] = (unsigned char)(0xe0 | (c >> 12));
			b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
			b[2] = (unsigned char)(0x80 | (c & 0x3f));
			len = 3;
		} else if (c <= 0x10ffff) {
			b[0] = (unsigned char)(0xf0 | (c >> 18));
			b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
			b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
			b[3] = (unsigned char)(0x80 | (c & 0x3f));
			len = 4;
		} else {
			return -EILSEQ;
		}
		if (n + len > DS_NAME_MAX)
			return -ENAMETOOLONG;
		for (i = 0; i < len; i++)
			out[n++] = (char)b[i];
	}
	out[n] = '\0';
	return (int)n;
}

static HANDLE create(SECURITY_ATTRIBUTES *sa, ULONG maxItemSize,
		     ULONG maxItemCount, ULONG_PTR maxSize, const char *name)
{
	struct ds_limits limits;
	unsigned int flags = 0, result = 0;
	int fd;

	if (sa && sa->lpSecurityDescriptor) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	if (name && !*name)
		name = NULL;		/* L"" is unnamed, as on Windows */
	if (name)
		flags |= DS_CREATE_OPEN_IF_EXISTS;
	if (!sa || !sa->bInheritHandle)
		flags |= DS_CLOEXEC;
	limits.max_item_size = maxItemSize;
	limits.max_items = maxItemCount;
	limits.max_bytes = maxSize;
	fd = ds_create_ex(name, flags, 0600, DS_RIGHT_ALL, &limits, &result);
	if (fd < 0) {
		fail(fd, OP_OTHER);
		return NULL;
	}
	SetLastError(result == DS_EXISTED ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
	return FdToDataStackHandle(fd);
}

HANDLE CreateDataStackA(SECURITY_ATTRIBUTES *sa, ULONG maxItemSize,
			ULONG maxItemCount, ULONG_PTR maxSize, PCSTR name)
{
	return create(sa, maxItemSize, maxItemCount, maxSize, name);
}

HANDLE CreateDataStack(SECURITY_ATTRIBUTES *sa, ULONG maxItemSize,
		       ULONG maxItemCount, ULONG_PTR maxSize, PCWSTR name)
{
	char utf8[DS_NAME_MAX + 1];
	int len;

	if (!name)
		return create(sa, maxItemSize, maxItemCount, maxSize, NULL);
	len = wide_to_utf8(name, utf8);
	if (len < 0) {
		fail(len, OP_OTHER);
		return NULL;
	}
	return create(sa, maxItemSize, maxItemCount, maxSize, utf8);
}

/* DATA_STACK_* and standard/generic rights to DS_RIGHT_*; -EINVAL for bits
 * that mean nothing. */
static int access_rights(ACCESS_MASK access)
{
	const ACCESS_MASK known = 0x000F | STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE |
		GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL;
	int rights = 0;

	if (access & ~known)
		return -EINVAL;
	if (access & DATA_STACK_QUERY)
		rights |= DS_RIGHT_QUERY;
	if (access & DATA_STACK_PUSH)
		rights |= DS_RIGHT_PUSH;
	if (access & DATA_STACK_POP)
		rights |= DS_RIGHT_POP;
	if (access & DATA_STACK_CLEAR)
		rights |= DS_RIGHT_CLEAR;
	if (access & SYNCHRONIZE)
		rights |= DS_RIGHT_WAIT;
	if (access & GENERIC_READ)
		rights |= DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT;
	if (access & GENERIC_WRITE)
		rights |= DS_RIGHT_PUSH | DS_RIGHT_CLEAR;
	if (access & GENERIC_EXECUTE)
		rights |= DS_RIGHT_WAIT;
	if (access & GENERIC_ALL)
		rights |= DS_RIGHT_ALL;
	return rights;
}

HANDLE OpenDataStackA(ACCESS_MASK desiredAccess, BOOL inheritHandle, PCSTR name)
{
	int rights = access_rights(desiredAccess);
	int fd;

	if (rights < 0 || !name) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	fd = ds_open(name, (unsigned int)rights, inheritHandle ? 0 : DS_CLOEXEC);
	if (fd < 0) {
		fail(fd, OP_OTHER);
		return NULL;
	}
	SetLastError(ERROR_SUCCESS);
	return FdToDataStackHandle(fd);
}

HANDLE OpenDataStack(ACCESS_MASK desiredAccess, BOOL inheritHandle, PCWSTR name)
{
	char utf8[DS_NAME_MAX + 1];
	int len;

	if (!name) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	len = wide_to_utf8(name, utf8);
	if (len < 0) {
		fail(len, OP_OTHER);
		return NULL;
	}
	return OpenDataStackA(desiredAccess, inheritHandle, utf8);
}

BOOL PushDataStack(HANDLE hDataStack, const VOID *buffer, DWORD size)
{
	int fd = handle_fd(hDataStack);
	int ret;

	if (fd < 0)
		return fail(fd, OP_PUSH);
	ret = ds_push(fd, buffer, size, DS_WAIT_NONBLOCK);
	if (ret < 0)
		return fail(ret, OP_PUSH);
	return TRUE;
}

BOOL PopDataStack(HANDLE hDataStack, PVOID buffer, DWORD *size)
{
	int fd = handle_fd(hDataStack);
	DWORD want;
	size_t n;
	int ret;

	if (fd < 0)
		return fail(fd, OP_POP);
	if (!size)
		return fail(-EINVAL, OP_POP);
	want = *size;
	n = want;
	ret = ds_pop(fd, buffer, &n, DS_WAIT_NONBLOCK);
	if (ret == 0 || ret == -EMSGSIZE || ret == -EAGAIN)
		*size = (DWORD)n;
	if (ret < 0)
		return fail(ret, OP_POP);
	/* Size 0 in asked for the top item's size: nothing was popped. */
	if (want == 0)
		return fail(-EMSGSIZE, OP_POP);
	return TRUE;
}

BOOL ClearDataStack(HANDLE hDataStack)
{
	int fd = handle_fd(hDataStack);
	int ret;

	if (fd < 0)
		return fail(fd, OP_OTHER);
	ret = ds_clear(fd);
	if (ret < 0)
		return fail(ret, OP_OTHER);
	return TRUE;
}

static int query(HANDLE h, void *out, struct ds_info *info)
{
	int fd = handle_fd(h);

	if (fd < 0)
		return fd;
	if (!out)
		return -EINVAL;
	return ds_query(fd, info);
}

BOOL GetDataStackItemCount(HANDLE hDataStack, ULONG *count)
{
	struct ds_info info;
	int ret = query(hDataStack, count, &info);

	if (ret < 0)
		return fail(ret, OP_OTHER);
	if (info.count > UINT32_MAX)
		return fail(-EOVERFLOW, OP_OTHER);
	*count = (ULONG)info.count;
	return TRUE;
}

BOOL GetDataStackSize(HANDLE hDataStack, ULONG_PTR *size)
{
	struct ds_info info;
	int ret = query(hDataStack, size, &info);

	if (ret < 0)
		return fail(ret, OP_OTHER);
	if (info.bytes > UINTPTR_MAX)
		return fail(-EOVERFLOW, OP_OTHER);
	*size = (ULONG_PTR)info.bytes;
	return TRUE;
}

BOOL GetDataStackConfig(HANDLE hDataStack, DATA_STACK_CONFIG *config)
{
	struct ds_info info;
	int ret = query(hDataStack, config, &info);

	if (ret < 0)
		return fail(ret, OP_OTHER);
	if (info.limits.max_item_size > UINT32_MAX ||
	    info.limits.max_items > UINT32_MAX ||
	    info.limits.max_bytes > UINTPTR_MAX)
		return fail(-EOVERFLOW, OP_OTHER);
	config->MaxItemSize = (ULONG)info.limits.max_item_size;
	config->MaxItemCount = (ULONG)info.limits.max_items;
	config->MaxSize = (ULONG_PTR)info.limits.max_bytes;
	return TRUE;
}

BOOL GetDataStackHandleCount(HANDLE hDataStack, ULONG *count)
{
	struct ds_info info;
	int ret = query(hDataStack, count, &info);

	if (ret < 0)
		return fail(ret, OP_OTHER);
	*count = info.open_fds;
	return TRUE;
}

ULONGLONG GetTickCount64(void)
{
	return (ULONGLONG)mono_ms();
}

/*
 * ds_wait() takes an int of milliseconds: a longer DWORD time-out is waited
 * in slices against one deadline.  Windows waits are not alertable here, so
 * a signal handler does not end one.
 */
DWORD WaitForSingleObject(HANDLE h, DWORD ms)
{
	int64_t deadline = mono_ms() + ms, left;
	int fd = handle_fd(h), ret;

	if (fd < 0) {
		fail(fd, OP_OTHER);
		return WAIT_FAILED;
	}
	for (;;) {
		left = ms == INFINITE ? -1 : deadline - mono_ms();
		if (left < 0 && ms != INFINITE)
			left = 0;
		ret = ds_wait(fd, left > INT_MAX ? INT_MAX : (int)left);
		if (ret == 1)
			return WAIT_OBJECT_0;
		if (ret == -EINTR || (ret == 0 && ms == INFINITE))
			continue;
		if (ret == 0 && mono_ms() >= deadline)
			return WAIT_TIMEOUT;
		if (ret < 0) {
			fail(ret, OP_OTHER);
			return WAIT_FAILED;
		}
	}
}

BOOL CloseHandle(HANDLE h)
{
	int fd = handle_fd(h);

	if (fd < 0)
		return fail(fd, OP_OTHER);
	/* After EINTR the descriptor is closed all the same (Linux). */
	if (close(fd) < 0 && errno != EINTR)
		return fail(-errno, OP_OTHER);
	return TRUE;
}

void Sleep(DWORD ms)
{
	struct timespec ts;

	if (ms == INFINITE) {
		for (;;)
			pause();
	}
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
