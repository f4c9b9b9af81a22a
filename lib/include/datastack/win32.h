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
 * Names are wide strings (wchar_t is 32-bit on Linux: UTF-32), converted to
 * UTF-8 for the kernel; the ...A variants take UTF-8 (char) names.
 *
 * Binary symbols: every function is exported as ds_w32_<Name> (an asm label
 * below) so the library does not claim names such as Sleep or CloseHandle
 * in the global symbol namespace; source code calls the Windows names.
 */
#ifndef LIBDATASTACK_WIN32_H
#define LIBDATASTACK_WIN32_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define DS_W32_SYMBOL(name) __asm__("ds_w32_" #name)
#else
#error "<datastack/win32.h> needs GCC or Clang (asm labels)"
#endif

/* ---- Windows types, Windows sizes ------------------------------------ */
typedef int			BOOL;		/* 32-bit */
typedef uint8_t			BYTE;
typedef uint16_t		WORD;
typedef uint32_t		DWORD;		/* unsigned int, printf %u */
typedef int32_t			LONG;
typedef uint32_t		ULONG;
typedef int64_t			LONGLONG;
typedef uint64_t		ULONGLONG;
typedef intptr_t		LONG_PTR;
typedef uintptr_t		ULONG_PTR;	/* pointer-sized */
typedef uintptr_t		DWORD_PTR;
typedef size_t			SIZE_T;
typedef void			*PVOID, *LPVOID;
typedef const void		*LPCVOID;
typedef void			*HANDLE;
typedef HANDLE			*PHANDLE;
typedef char			CHAR;
typedef wchar_t			WCHAR;
typedef const char		*PCSTR, *LPCSTR;
typedef char			*PSTR, *LPSTR;
typedef const wchar_t		*PCWSTR, *LPCWSTR;
typedef wchar_t			*PWSTR, *LPWSTR;
typedef DWORD			ACCESS_MASK;
typedef BYTE			*PBYTE, *LPBYTE;
typedef DWORD			*PDWORD, *LPDWORD;
typedef ULONG			*PULONG;
typedef ULONG_PTR		*PULONG_PTR;
#ifndef VOID
#define VOID void
#endif

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

#define INVALID_HANDLE_VALUE	((HANDLE)(LONG_PTR)-1)

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

/* ---- Access rights (OpenDataStack), mapped to DS_RIGHT_* ------------- */
#define DATA_STACK_QUERY	0x0001		/* DS_RIGHT_QUERY */
#define DATA_STACK_PUSH		0x0002		/* DS_RIGHT_PUSH */
#define DATA_STACK_POP		0x0004		/* DS_RIGHT_POP */
#define DATA_STACK_CLEAR	0x0008		/* DS_RIGHT_CLEAR */
#ifndef SYNCHRONIZE
#define SYNCHRONIZE		0x00100000U	/* DS_RIGHT_WAIT */
#endif
/* Standard rights: accepted, they grant nothing on Linux. */
#ifndef DELETE
#define DELETE			0x00010000U
#define READ_CONTROL		0x00020000U
#define WRITE_DAC		0x00040000U
#define WRITE_OWNER		0x00080000U
#endif
#ifndef STANDARD_RIGHTS_REQUIRED
#define STANDARD_RIGHTS_REQUIRED 0x000F0000U
#endif
#define DATA_STACK_ALL_ACCESS	(STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x000F)
/* Generic rights: GENERIC_READ = QUERY|POP|SYNCHRONIZE, GENERIC_WRITE =
 * PUSH|CLEAR, GENERIC_EXECUTE = SYNCHRONIZE, GENERIC_ALL = everything. */
#ifndef GENERIC_READ
#define GENERIC_READ		0x80000000U
#define GENERIC_WRITE		0x40000000U
#define GENERIC_EXECUTE		0x20000000U
#define GENERIC_ALL		0x10000000U
#endif

/* ---- Waits ----------------------------------------------------------- */
#define INFINITE		0xFFFFFFFF	/* no time-out */
#define WAIT_OBJECT_0		0x00000000	/* not empty */
#define WAIT_TIMEOUT		258		/* still empty after the time-out */
#define WAIT_FAILED		((DWORD)0xFFFFFFFF)

/*
 * ---- Error codes (GetLastError) and the errno each one comes from -----
 *
 *   ERROR_SUCCESS              0     success; CreateDataStack made a new object
 *   ERROR_FILE_NOT_FOUND       2     ENOENT   no object of that name
 *   ERROR_TOO_MANY_OPEN_FILES  4     EMFILE, ENFILE
 *   ERROR_ACCESS_DENIED        5     EACCES, EPERM  mode or handle rights deny it
 *   ERROR_INVALID_HANDLE       6     EBADF, ENOTTY  not an open data stack handle
 *   ERROR_NOT_ENOUGH_MEMORY    8     ENOMEM
 *   ERROR_DEV_NOT_EXIST        55    ENODEV   no DataStack instance mounted (no module)
 *   ERROR_INVALID_PARAMETER    87    EINVAL; on push also EMSGSIZE (item above
 *                                    MaxItemSize) and ENOBUFS (above MaxSize)
 *   ERROR_INSUFFICIENT_BUFFER  122   EMSGSIZE on pop: *size set to the item's
 *                                    size, the item stays on the stack
 *   ERROR_INVALID_NAME         123   a wide name that is not valid Unicode
 *   ERROR_ALREADY_EXISTS       183   CreateDataStack opened an existing object
 *                                    (the handle is valid); EEXIST otherwise
 *   ERROR_FILENAME_EXCED_RANGE 206   ENAMETOOLONG  name above 255 UTF-8 bytes
 *   ERROR_NO_DATA              232   EAGAIN on pop: the stack is empty
 *   ERROR_TOO_MANY_POSTS       298   EAGAIN on push: the stack is full
 *   ERROR_OPERATION_ABORTED    995   EINTR
 *   ERROR_NOACCESS             998   EFAULT   a buffer is not accessible
 *   ERROR_ARITHMETIC_OVERFLOW  534   a value does not fit the DWORD/ULONG asked for
 *   ERROR_TIMEOUT              1460  ETIMEDOUT
 *   ERROR_NOT_ENOUGH_QUOTA     1816  ENOSPC   the instance's max_objects or max_bytes
 *   0x20000000 | errno               any other errno (the customer-code bit)
 */
#define ERROR_SUCCESS			0
#define NO_ERROR			0
#define ERROR_FILE_NOT_FOUND		2
#define ERROR_TOO_MANY_OPEN_FILES	4
#define ERROR_ACCESS_DENIED		5
#define ERROR_INVALID_HANDLE		6
#define ERROR_NOT_ENOUGH_MEMORY		8
#define ERROR_DEV_NOT_EXIST		55
#define ERROR_INVALID_PARAMETER		87
#define ERROR_INSUFFICIENT_BUFFER	122
#define ERROR_INVALID_NAME		123
#define ERROR_ALREADY_EXISTS		183
#define ERROR_FILENAME_EXCED_RANGE	206
#define ERROR_NO_DATA			232
#define ERROR_TOO_MANY_POSTS		298
#define ERROR_ARITHMETIC_OVERFLOW	534
#define ERROR_OPERATION_ABORTED		995
#define ERROR_NOACCESS			998
#define ERROR_TIMEOUT			1460
#define ERROR_NOT_ENOUGH_QUOTA		1816
#define DS_W32_ERRNO_BIT		0x20000000U

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

/* Push one item of size bytes; never waits (ERROR_TOO_MANY_POSTS if full). */
BOOL PushDataStack(HANDLE hDataStack, const VOID *buffer, DWORD size)
	DS_W32_SYMBOL(PushDataStack);

/*
 * Pop the top item into buffer; *size is the buffer size in and the item
 * size out.  Never waits: empty gives FALSE, ERROR_NO_DATA and *size 0; a
 * short buffer FALSE, ERROR_INSUFFICIENT_BUFFER and *size the item size.
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

/* The calling thread's last error; SetLastError sets it. */
DWORD GetLastError(void) DS_W32_SYMBOL(GetLastError);
void SetLastError(DWORD error) DS_W32_SYMBOL(SetLastError);

/* Sleep ms milliseconds (INFINITE: forever), through signals. */
void Sleep(DWORD ms) DS_W32_SYMBOL(Sleep);

/* Milliseconds since boot (CLOCK_MONOTONIC). */
ULONGLONG GetTickCount64(void) DS_W32_SYMBOL(GetTickCount64);

/* Linux extensions: a handle's descriptor (-1 for NULL/INVALID_HANDLE_VALUE)
 * and a handle for a descriptor (NULL for a negative one). */
int DataStackHandleToFd(HANDLE h) DS_W32_SYMBOL(DataStackHandleToFd);
HANDLE FdToDataStackHandle(int fd) DS_W32_SYMBOL(FdToDataStackHandle);

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
