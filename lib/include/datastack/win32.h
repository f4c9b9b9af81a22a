/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The Win32-style DataStack API of the articles, on Linux (datastack_win32(3)).
 *
 * A HANDLE wraps a file descriptor: (HANDLE)(intptr_t)(fd + 1), so NULL is
 * "no handle" (CreateDataStack and OpenDataStack return NULL on failure).
 * Functions returning BOOL return FALSE on failure and set the thread's
 * last error, which GetLastError() reports as a Windows error code (the
 * table below).  The types have their Windows sizes: DWORD, ULONG and BOOL
 * are 32-bit, ULONG_PTR and DWORD_PTR pointer-sized.
 *
 * It is the series' layer over <datastack/native.h>: each call is the
 * native one, its status turned into the last error by
 * RtlNtStatusToDosError().  Names are wide strings (wchar_t is 32-bit on
 * Linux: UTF-32), the ...A variants' UTF-8; they match case-insensitively
 * (ASCII letters folded: OBJ_CASE_INSENSITIVE), and "Global\Name" is in the
 * system instance, "Local\Name" and "Name" in the library's.
 *
 * Binary symbols: every function is exported as ds_w32_<Name> (an asm label
 * below) so the library does not claim names such as Sleep or CloseHandle
 * in the global symbol namespace; source code calls the Windows names.
 */
#ifndef LIBDATASTACK_WIN32_H
#define LIBDATASTACK_WIN32_H

#include <datastack/native.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define DS_W32_SYMBOL(name) __asm__("ds_w32_" #name)
#else
#error "<datastack/win32.h> needs GCC or Clang (asm labels)"
#endif

/* bInheritHandle is honoured (the descriptor is close-on-exec unless it is
 * TRUE); lpSecurityDescriptor must be NULL: the object gets mode 0600, the
 * owner-only access of Windows' default DACL. */
typedef struct _SECURITY_ATTRIBUTES {
	DWORD nLength;
	LPVOID lpSecurityDescriptor;
	BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* A data stack's limits (0: no limit). */
typedef struct _DATA_STACK_CONFIG {
	ULONG MaxItemSize;	/* largest item, bytes */
	ULONG MaxItemCount;	/* most items held */
	ULONG_PTR MaxSize;	/* most item bytes held */
} DATA_STACK_CONFIG, *PDATA_STACK_CONFIG;

/*
 * ---- What GetLastError() reports, from the native status ----------------
 *
 *   ERROR_SUCCESS              0     success; CreateDataStack made a new object
 *   ERROR_INVALID_FUNCTION     1     STATUS_NOT_IMPLEMENTED (ENOSYS)
 *   ERROR_FILE_NOT_FOUND       2     STATUS_OBJECT_NAME_NOT_FOUND: no such name
 *   ERROR_PATH_NOT_FOUND       3     STATUS_OBJECT_PATH_NOT_FOUND: a backslash
 *                                    other than Global\ or Local\
 *   ERROR_TOO_MANY_OPEN_FILES  4     EMFILE, ENFILE
 *   ERROR_ACCESS_DENIED        5     STATUS_ACCESS_DENIED: mode or handle rights
 *   ERROR_INVALID_HANDLE       6     not an open data stack handle
 *   ERROR_NOT_ENOUGH_MEMORY    8     STATUS_NO_MEMORY (ENOMEM)
 *   ERROR_NOT_SUPPORTED        50    STATUS_NOT_SUPPORTED: a RootDirectory
 *   ERROR_DEV_NOT_EXIST        55    no DataStack instance mounted (no module)
 *   ERROR_INVALID_PARAMETER    87    STATUS_INVALID_PARAMETER(_1.._5), a NULL
 *                                    pointer or size 0, an unknown class
 *   ERROR_SEM_TIMEOUT          121   STATUS_IO_TIMEOUT (ETIMEDOUT)
 *   ERROR_INSUFFICIENT_BUFFER  122   STATUS_BUFFER_TOO_SMALL: pop *size set to
 *                                    the item's size, the item kept
 *   ERROR_INVALID_NAME         123   STATUS_OBJECT_NAME_INVALID: no name to
 *                                    open, not Unicode, "/", "." or ".."
 *   ERROR_ALREADY_EXISTS       183   CreateDataStack opened an existing object
 *                                    (the handle is valid)
 *   ERROR_FILENAME_EXCED_RANGE 206   STATUS_NAME_TOO_LONG: above 255 UTF-8 bytes
 *   ERROR_NO_DATA              232   STATUS_PIPE_EMPTY: pop of an empty stack
 *   ERROR_NO_MORE_ITEMS        259   STATUS_NO_MORE_ENTRIES: MaxItemCount reached
 *   ERROR_ARITHMETIC_OVERFLOW  534   a value does not fit the ULONG asked for
 *   ERROR_NOT_CAPABLE          775   STATUS_NOT_CAPABLE: item above MaxItemSize
 *   ERROR_OPERATION_ABORTED    995   STATUS_CANCELLED (EINTR)
 *   ERROR_NOACCESS             998   STATUS_ACCESS_VIOLATION: a bad buffer
 *   ERROR_NO_SYSTEM_RESOURCES  1450  STATUS_INSUFFICIENT_RESOURCES: the
 *                                    instance's max_objects or max_bytes
 *   ERROR_NOT_ENOUGH_QUOTA     1816  STATUS_QUOTA_EXCEEDED: MaxSize reached
 *   0x20000000 | errno               any other errno (the customer-code bit)
 */

/* ---- Data stacks -------------------------------------------------------- */

/*
 * Create a data stack, or open the existing one of that name (then
 * GetLastError() is ERROR_ALREADY_EXISTS; after a new object it is 0).
 * name NULL or L"": unnamed.  The handle has DATA_STACK_ALL_ACCESS.  The
 * object lives while a handle to it is open.  NULL on failure.
 */
HANDLE CreateDataStack(SECURITY_ATTRIBUTES *sa, ULONG maxItemSize,
		       ULONG maxItemCount, ULONG_PTR maxSize, PCWSTR name)
	DS_W32_SYMBOL(CreateDataStack);
HANDLE CreateDataStackA(SECURITY_ATTRIBUTES *sa, ULONG maxItemSize,
			ULONG maxItemCount, ULONG_PTR maxSize, PCSTR name)
	DS_W32_SYMBOL(CreateDataStackA);

/* Open an existing named data stack with DATA_STACK_* rights.  NULL on
 * failure (ERROR_FILE_NOT_FOUND, ERROR_ACCESS_DENIED, ...). */
HANDLE OpenDataStack(ACCESS_MASK desiredAccess, BOOL inheritHandle,
		     PCWSTR name) DS_W32_SYMBOL(OpenDataStack);
HANDLE OpenDataStackA(ACCESS_MASK desiredAccess, BOOL inheritHandle,
		      PCSTR name) DS_W32_SYMBOL(OpenDataStackA);

/* Push one item of size bytes; never waits (ERROR_NO_MORE_ITEMS if full). */
BOOL PushDataStack(HANDLE hDataStack, const VOID *buffer, DWORD size)
	DS_W32_SYMBOL(PushDataStack);

/*
 * Pop the top item into buffer; *size is the buffer size in and the item
 * size out.  Never waits: empty gives FALSE, ERROR_NO_DATA and *size 0; a
 * short buffer FALSE, ERROR_INSUFFICIENT_BUFFER and *size the item size.
 * *size 0 in: TRUE with the top item's size (0 when empty), nothing popped.
 */
BOOL PopDataStack(HANDLE hDataStack, PVOID buffer, DWORD *size)
	DS_W32_SYMBOL(PopDataStack);

/* Remove every item. */
BOOL ClearDataStack(HANDLE hDataStack) DS_W32_SYMBOL(ClearDataStack);

/* Items held, item bytes held, limits (need DATA_STACK_QUERY). */
BOOL GetDataStackItemCount(HANDLE hDataStack, ULONG *count)
	DS_W32_SYMBOL(GetDataStackItemCount);
BOOL GetDataStackSize(HANDLE hDataStack, ULONG_PTR *size)
	DS_W32_SYMBOL(GetDataStackSize);
BOOL GetDataStackConfig(HANDLE hDataStack, DATA_STACK_CONFIG *config)
	DS_W32_SYMBOL(GetDataStackConfig);

/* Linux extension: how many handles (open file descriptions) refer to the
 * object, as NtQueryObject's HandleCount.  Needs DATA_STACK_QUERY. */
BOOL GetDataStackHandleCount(HANDLE hDataStack, ULONG *count)
	DS_W32_SYMBOL(GetDataStackHandleCount);

/* ---- Handles, waits, errors, time -------------------------------------- */

/* Wait until the data stack is not empty (signalled), at most ms
 * milliseconds or INFINITE.  WAIT_OBJECT_0, WAIT_TIMEOUT or WAIT_FAILED
 * (ERROR_ACCESS_DENIED without SYNCHRONIZE, ERROR_INVALID_HANDLE).  Works
 * on any pollable descriptor's handle (POLLIN). */
DWORD WaitForSingleObject(HANDLE h, DWORD ms)
	DS_W32_SYMBOL(WaitForSingleObject);

/* Close a handle. */
BOOL CloseHandle(HANDLE h) DS_W32_SYMBOL(CloseHandle);


/* Sleep ms milliseconds (INFINITE: forever), through signals. */
void Sleep(DWORD ms) DS_W32_SYMBOL(Sleep);

/* Milliseconds since boot (CLOCK_MONOTONIC). */
ULONGLONG GetTickCount64(void) DS_W32_SYMBOL(GetTickCount64);

/* Windows code for an errno value (the table above, pop's meaning of
 * EAGAIN and EMSGSIZE). */
DWORD DataStackErrnoToWin32(int err) DS_W32_SYMBOL(DataStackErrnoToWin32);

/* The wide-name functions under their explicit names. */
#define CreateDataStackW	CreateDataStack
#define OpenDataStackW		OpenDataStack

#undef DS_W32_SYMBOL

#ifdef __cplusplus
}
#endif

#endif /* LIBDATASTACK_WIN32_H */
