// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * libdatastack: the Win32-style API over the native one, as the series
 * writes it — each call is its Nt* call, and a failed status becomes the
 * thread's last error through RtlNtStatusToDosError().  Names are looked
 * up case-insensitively (OBJ_CASE_INSENSITIVE), as the original's are.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>
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

DWORD DataStackErrnoToWin32(int err)
{
	return RtlNtStatusToDosError(DataStackErrnoToStatus(err));
}

/* The BOOL of a status; a failed one is the last error. */
static BOOL status_ok(NTSTATUS status)
{
	if (!NT_SUCCESS(status))
		SetLastError(RtlNtStatusToDosError(status));
	return NT_SUCCESS(status);
}

/* Room for "Global\" and a name of DS_NAME_MAX code points. */
#define WIDE_NAME_MAX	(DS_NAME_MAX + 8)

/* UTF-8 to UTF-32 into out[WIDE_NAME_MAX + 1]; ERROR_* on failure. */
static DWORD utf8_to_wide(const char *s, WCHAR *out)
{
	static const uint32_t least[] = { 0, 0x80, 0x800, 0x10000 };
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p) {
		uint32_t c = *p++;
		int more = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 :
			   (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
		int i;

		if (more < 0)
			return ERROR_INVALID_NAME;
		if (more)
			c &= 0x3f >> more;
		for (i = 0; i < more; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return ERROR_INVALID_NAME;
			c = (c << 6) | (*p & 0x3f);
		}
		if (c < least[more])
			return ERROR_INVALID_NAME;	/* an overlong form */
		if (n == WIDE_NAME_MAX)
			return ERROR_FILENAME_EXCED_RANGE;
		out[n++] = (WCHAR)c;
	}
	out[n] = 0;
	return ERROR_SUCCESS;
}

/* A name's attributes; name NULL or L"": none. */
static void name_attributes(OBJECT_ATTRIBUTES *oa, UNICODE_STRING *u,
			    PCWSTR name, ULONG attributes, PVOID sd)
{
	RtlInitUnicodeString(u, name);
	InitializeObjectAttributes(oa, name && *name ? u : NULL,
				   attributes | OBJ_CASE_INSENSITIVE, NULL, sd);
}

HANDLE CreateDataStack(SECURITY_ATTRIBUTES *sa, ULONG maxItemSize,
		       ULONG maxItemCount, ULONG_PTR maxSize, PCWSTR name)
{
	HANDLE h = NULL;
	OBJECT_ATTRIBUTES attr;
	UNICODE_STRING uname;
	NTSTATUS status;

	name_attributes(&attr, &uname, name,
			OBJ_OPENIF | (sa && sa->bInheritHandle ? OBJ_INHERIT : 0),
			sa ? sa->lpSecurityDescriptor : NULL);
	status = NtCreateDataStack(&h, &attr, maxItemSize, maxItemCount, maxSize);
	if (!status_ok(status))
		return NULL;
	SetLastError(status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS : 0);
	return h;
}

HANDLE CreateDataStackA(SECURITY_ATTRIBUTES *sa, ULONG maxItemSize,
			ULONG maxItemCount, ULONG_PTR maxSize, PCSTR name)
{
	WCHAR wide[WIDE_NAME_MAX + 1];
	DWORD err = name ? utf8_to_wide(name, wide) : ERROR_SUCCESS;

	if (err) {
		SetLastError(err);
		return NULL;
	}
	return CreateDataStack(sa, maxItemSize, maxItemCount, maxSize,
			       name ? wide : NULL);
}

HANDLE OpenDataStack(ACCESS_MASK desiredAccess, BOOL inheritHandle, PCWSTR name)
{
	HANDLE h = NULL;
	OBJECT_ATTRIBUTES attr;
	UNICODE_STRING uname;

	name_attributes(&attr, &uname, name, inheritHandle ? OBJ_INHERIT : 0, NULL);
	if (!status_ok(NtOpenDataStack(&h, desiredAccess, &attr)))
		return NULL;
	SetLastError(ERROR_SUCCESS);
	return h;
}

HANDLE OpenDataStackA(ACCESS_MASK desiredAccess, BOOL inheritHandle, PCSTR name)
{
	WCHAR wide[WIDE_NAME_MAX + 1];
	DWORD err = name ? utf8_to_wide(name, wide) : ERROR_SUCCESS;

	if (err) {
		SetLastError(err);
		return NULL;
	}
	return OpenDataStack(desiredAccess, inheritHandle, name ? wide : NULL);
}

BOOL PushDataStack(HANDLE hDataStack, const VOID *buffer, DWORD size)
{
	return status_ok(NtPushDataStack(hDataStack, (const PVOID)buffer, size));
}

BOOL PopDataStack(HANDLE hDataStack, PVOID buffer, DWORD *size)
{
	return status_ok(NtPopDataStack(hDataStack, buffer, size));
}

BOOL ClearDataStack(HANDLE hDataStack)
{
	return status_ok(NtClearDataStack(hDataStack));
}

BOOL GetDataStackItemCount(HANDLE hDataStack, ULONG *count)
{
	return status_ok(NtQueryInformationDataStack(hDataStack, DataStackItemCount,
						     count, sizeof(*count), NULL));
}

BOOL GetDataStackSize(HANDLE hDataStack, ULONG_PTR *size)
{
	return status_ok(NtQueryInformationDataStack(hDataStack, DataStackTotalSize,
						     size, sizeof(*size), NULL));
}

_Static_assert(sizeof(DATA_STACK_CONFIG) == sizeof(DATA_STACK_CONFIGURATION),
	       "the Win32 and native configurations are one layout");

BOOL GetDataStackConfig(HANDLE hDataStack, DATA_STACK_CONFIG *config)
{
	return status_ok(NtQueryInformationDataStack(hDataStack, DataStackConfiguration,
						     config, sizeof(*config), NULL));
}

BOOL GetDataStackHandleCount(HANDLE hDataStack, ULONG *count)
{
	return status_ok(NtQueryInformationDataStack(hDataStack, DataStackHandleCount,
						     count, sizeof(*count), NULL));
}

ULONGLONG GetTickCount64(void)
{
	return (ULONGLONG)mono_ms();
}

/* Windows waits here are not alertable: a signal handler does not end one. */
DWORD WaitForSingleObject(HANDLE h, DWORD ms)
{
	LARGE_INTEGER timeout = { .QuadPart = -(LONGLONG)ms * 10000 };
	NTSTATUS status = NtWaitForSingleObject(h, FALSE,
						ms == INFINITE ? NULL : &timeout);

	if (status == STATUS_WAIT_0)
		return WAIT_OBJECT_0;
	if (status == STATUS_TIMEOUT)
		return WAIT_TIMEOUT;
	status_ok(status);
	return WAIT_FAILED;
}

BOOL CloseHandle(HANDLE h)
{
	return status_ok(NtClose(h));
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
