/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The Windows types, access rights and error codes that <datastack/native.h>
 * and <datastack/win32.h> share (datastack_native(3), datastack_win32(3)).
 * The types have their Windows sizes: DWORD, ULONG, LONG and BOOL are
 * 32-bit, ULONG_PTR pointer-sized.  WCHAR is Linux's wchar_t (32-bit,
 * UTF-32), not Windows' 16-bit one.
 */
#ifndef LIBDATASTACK_WINTYPES_H
#define LIBDATASTACK_WINTYPES_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

typedef int			BOOL;		/* 32-bit */
typedef uint8_t			BYTE;
typedef uint8_t			BOOLEAN;
typedef uint16_t		WORD;
typedef uint16_t		USHORT;
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
typedef union _LARGE_INTEGER {
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
#ifndef VOID
#define VOID void
#endif
/* Calling conventions and SAL annotations: nothing on Linux. */
#ifndef WINAPI
#define WINAPI
#endif
#ifndef NTAPI
#define NTAPI
#endif
#ifndef _In_
#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_
#endif

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

#define INVALID_HANDLE_VALUE	((HANDLE)(LONG_PTR)-1)

/* ---- Access rights (OpenDataStack, NtOpenDataStack) --------------------- */
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
#define STANDARD_RIGHTS_READ	READ_CONTROL
#define STANDARD_RIGHTS_WRITE	READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE	READ_CONTROL
#define STANDARD_RIGHTS_ALL	0x001F0000U
#endif
#define DATA_STACK_ALL_ACCESS	(STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x000F)
/* The object type's generic mapping, the original's: GENERIC_READ = QUERY,
 * GENERIC_WRITE = PUSH | POP | CLEAR, GENERIC_EXECUTE = SYNCHRONIZE,
 * GENERIC_ALL = DATA_STACK_ALL_ACCESS.  MAXIMUM_ALLOWED: what the object's
 * mode grants the caller. */
#ifndef GENERIC_READ
#define GENERIC_READ		0x80000000U
#define GENERIC_WRITE		0x40000000U
#define GENERIC_EXECUTE		0x20000000U
#define GENERIC_ALL		0x10000000U
#endif
#ifndef MAXIMUM_ALLOWED
#define MAXIMUM_ALLOWED		0x02000000U
#endif

/* ---- Waits -------------------------------------------------------------- */
#define INFINITE		0xFFFFFFFF	/* no time-out */
#define WAIT_OBJECT_0		0x00000000	/* not empty */
#define WAIT_ABANDONED		0x00000080	/* never returned: no mutexes */
#define WAIT_TIMEOUT		258		/* still empty after the time-out */
#define WAIT_FAILED		((DWORD)0xFFFFFFFF)

/*
 * ---- Windows error codes (GetLastError), with their Windows values ------
 * Which status or errno gives each: datastack_win32(3).
 */
#define ERROR_SUCCESS			0
#define NO_ERROR			0
#define ERROR_INVALID_FUNCTION		1
#define ERROR_FILE_NOT_FOUND		2
#define ERROR_PATH_NOT_FOUND		3
#define ERROR_TOO_MANY_OPEN_FILES	4
#define ERROR_ACCESS_DENIED		5
#define ERROR_INVALID_HANDLE		6
#define ERROR_NOT_ENOUGH_MEMORY		8
#define ERROR_BAD_LENGTH		24
#define ERROR_NOT_SUPPORTED		50
#define ERROR_DEV_NOT_EXIST		55
#define ERROR_INVALID_PARAMETER		87
#define ERROR_SEM_TIMEOUT		121
#define ERROR_INSUFFICIENT_BUFFER	122
#define ERROR_INVALID_NAME		123
#define ERROR_ALREADY_EXISTS		183
#define ERROR_FILENAME_EXCED_RANGE	206
#define ERROR_NO_DATA			232
#define ERROR_MORE_DATA			234
#define ERROR_NO_MORE_ITEMS		259
#define ERROR_TOO_MANY_POSTS		298
#define ERROR_MR_MID_NOT_FOUND		317
#define ERROR_ARITHMETIC_OVERFLOW	534
#define ERROR_NOT_CAPABLE		775
#define ERROR_OPERATION_ABORTED		995
#define ERROR_NOACCESS			998
#define ERROR_NO_SYSTEM_RESOURCES	1450
#define ERROR_TIMEOUT			1460
#define ERROR_NOT_ENOUGH_QUOTA		1816
/* An errno with no Windows code: this bit (the customer-code bit) | errno. */
#define DS_W32_ERRNO_BIT		0x20000000U

/*
 * The calling thread's last error: the Win32-style layer sets it from a
 * status (RtlNtStatusToDosError), the native layer leaves it alone.
 * Declared here so that a layer written over <datastack/native.h>, as the
 * article writes its own, has them.
 */
#ifdef __cplusplus
extern "C" {
#endif
DWORD GetLastError(void) __asm__("ds_w32_GetLastError");
void SetLastError(DWORD error) __asm__("ds_w32_SetLastError");
#ifdef __cplusplus
}
#endif

#endif /* LIBDATASTACK_WINTYPES_H */
