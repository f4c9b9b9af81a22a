/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The articles' native DataStack API on Linux (datastack_native(3)): the
 * Nt* calls return an NTSTATUS, as NtDll's do, and <datastack/win32.h> is
 * built on them as the series builds its Win32-style layer.
 *
 * A HANDLE is a file descriptor plus one (NULL is no handle).  Names come
 * in an OBJECT_ATTRIBUTES' UNICODE_STRING (WCHAR is Linux's 32-bit
 * wchar_t; Length is in bytes) and go to the kernel as UTF-8:
 *   "Name", "Local\Name"  the library's instance ($DATASTACK_DIR, else
 *                         /dev/datastack)
 *   "Global\Name"         the system instance, /dev/datastack
 * Any other backslash is STATUS_OBJECT_PATH_NOT_FOUND.  With
 * OBJ_CASE_INSENSITIVE (which the Win32-style layer always sets) the name
 * is folded to lower case, ASCII letters only, before it reaches the
 * kernel, so that every caller that folds meets the same object; without
 * it the name is used as spelt.
 *
 * Binary symbols: every function is exported as ds_nt_<Name>, so that the
 * library does not claim NtDll's names.
 */
#ifndef LIBDATASTACK_NATIVE_H
#define LIBDATASTACK_NATIVE_H

#include <datastack/wintypes.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define DS_NT_SYMBOL(name) __asm__("ds_nt_" #name)
#else
#error "<datastack/native.h> needs GCC or Clang (asm labels)"
#endif

typedef LONG NTSTATUS;
#define NT_SUCCESS(status)	((NTSTATUS)(status) >= 0)

/*
 * ---- The statuses the calls return (Windows' values) ---------------------
 * The three limits each have their own: the count STATUS_NO_MORE_ENTRIES
 * and the item size STATUS_NOT_CAPABLE, as in the series, and the total
 * size STATUS_QUOTA_EXCEEDED (the original gave NOT_CAPABLE for both sizes).
 */
/*
 * Enumerators, not macros, so that code which defines one of its own (the
 * article's CreateDataStack declares a local STATUS_OBJECT_NAME_EXISTS, as
 * Win32 code without <ntstatus.h> must) still compiles.
 */
enum {
	STATUS_SUCCESS = (NTSTATUS)0x00000000L,
	STATUS_WAIT_0 = (NTSTATUS)0x00000000L,
	STATUS_USER_APC = (NTSTATUS)0x000000C0L,
	STATUS_TIMEOUT = (NTSTATUS)0x00000102L,
	STATUS_OBJECT_NAME_EXISTS = (NTSTATUS)0x40000000L,	/* success */
	STATUS_BUFFER_OVERFLOW = (NTSTATUS)0x80000005L,
	STATUS_NO_MORE_ENTRIES = (NTSTATUS)0x8000001AL,	/* count limit */
	STATUS_NOT_IMPLEMENTED = (NTSTATUS)0xC0000002L,
	STATUS_INVALID_INFO_CLASS = (NTSTATUS)0xC0000003L,
	STATUS_INFO_LENGTH_MISMATCH = (NTSTATUS)0xC0000004L,
	STATUS_ACCESS_VIOLATION = (NTSTATUS)0xC0000005L,
	STATUS_INVALID_HANDLE = (NTSTATUS)0xC0000008L,
	STATUS_INVALID_PARAMETER = (NTSTATUS)0xC000000DL,
	STATUS_INVALID_DEVICE_REQUEST = (NTSTATUS)0xC0000010L,
	STATUS_NO_MEMORY = (NTSTATUS)0xC0000017L,
	STATUS_ACCESS_DENIED = (NTSTATUS)0xC0000022L,
	STATUS_BUFFER_TOO_SMALL = (NTSTATUS)0xC0000023L,
	STATUS_OBJECT_TYPE_MISMATCH = (NTSTATUS)0xC0000024L,
	STATUS_OBJECT_NAME_INVALID = (NTSTATUS)0xC0000033L,
	STATUS_OBJECT_NAME_NOT_FOUND = (NTSTATUS)0xC0000034L,
	STATUS_OBJECT_NAME_COLLISION = (NTSTATUS)0xC0000035L,
	STATUS_OBJECT_PATH_NOT_FOUND = (NTSTATUS)0xC000003AL,
	STATUS_QUOTA_EXCEEDED = (NTSTATUS)0xC0000044L,	/* MaxSize */
	STATUS_INTEGER_OVERFLOW = (NTSTATUS)0xC0000095L,
	STATUS_INSUFFICIENT_RESOURCES = (NTSTATUS)0xC000009AL,	/* instance full */
	STATUS_IO_TIMEOUT = (NTSTATUS)0xC00000B5L,
	STATUS_NOT_SUPPORTED = (NTSTATUS)0xC00000BBL,
	STATUS_DEVICE_DOES_NOT_EXIST = (NTSTATUS)0xC00000C0L,
	STATUS_PIPE_EMPTY = (NTSTATUS)0xC00000D9L,
	STATUS_INVALID_PARAMETER_1 = (NTSTATUS)0xC00000EFL,
	STATUS_INVALID_PARAMETER_2 = (NTSTATUS)0xC00000F0L,
	STATUS_INVALID_PARAMETER_3 = (NTSTATUS)0xC00000F1L,
	STATUS_INVALID_PARAMETER_4 = (NTSTATUS)0xC00000F2L,
	STATUS_INVALID_PARAMETER_5 = (NTSTATUS)0xC00000F3L,
	STATUS_NAME_TOO_LONG = (NTSTATUS)0xC0000106L,
	STATUS_TOO_MANY_OPENED_FILES = (NTSTATUS)0xC000011FL,
	STATUS_CANCELLED = (NTSTATUS)0xC0000120L,
	STATUS_NOT_CAPABLE = (NTSTATUS)0xC0000429L,	/* MaxItemSize */
	/* An errno with no status of its own: this | errno (customer bit, error). */
	DS_NT_ERRNO_STATUS = (NTSTATUS)0xE0000000L,
};

/* ---- Object attributes ---------------------------------------------------- */
typedef struct _UNICODE_STRING {
	USHORT Length;		/* bytes, without a terminator */
	USHORT MaximumLength;	/* bytes */
	PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

#define OBJ_INHERIT		0x00000002L	/* the handle survives exec */
#define OBJ_PERMANENT		0x00000010L	/* create: DS_CREATE_PERSISTENT */
#define OBJ_CASE_INSENSITIVE	0x00000040L	/* fold ASCII letters */
#define OBJ_OPENIF		0x00000080L	/* create: open an existing one */
#define OBJ_VALID_ATTRIBUTES	(OBJ_INHERIT | OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | \
				 OBJ_OPENIF)

typedef struct _OBJECT_ATTRIBUTES {
	ULONG Length;			/* sizeof(OBJECT_ATTRIBUTES) */
	HANDLE RootDirectory;		/* NULL: no directory objects here */
	PUNICODE_STRING ObjectName;	/* NULL: unnamed (create only) */
	ULONG Attributes;		/* OBJ_* */
	PVOID SecurityDescriptor;	/* NULL: mode 0600 */
	PVOID SecurityQualityOfService;	/* ignored */
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

#define InitializeObjectAttributes(p, n, a, r, s) do {	\
	(p)->Length = sizeof(OBJECT_ATTRIBUTES);	\
	(p)->RootDirectory = (r);			\
	(p)->Attributes = (a);				\
	(p)->ObjectName = (n);				\
	(p)->SecurityDescriptor = (s);			\
	(p)->SecurityQualityOfService = NULL;		\
} while (0)

/* A counted string over a terminated one (no copy). */
VOID RtlInitUnicodeString(PUNICODE_STRING dest, PCWSTR source)
	DS_NT_SYMBOL(RtlInitUnicodeString);

/* ---- Query (part 4) ------------------------------------------------------- */
typedef enum _DataStackInformationClass {
	DataStackItemCount,		/* 0: ULONG */
	DataStackTotalSize,		/* 1: ULONG_PTR, item bytes held */
	DataStackConfiguration,		/* 2: DATA_STACK_CONFIGURATION */
	DataStackHandleCount = 0x100,	/* Linux: ULONG, open descriptions */
} DataStackInformationClass;

typedef struct _DATA_STACK_CONFIGURATION {
	ULONG MaxItemSize;		/* 0: no limit */
	ULONG MaxItemCount;
	ULONG_PTR MaxSize;
} DATA_STACK_CONFIGURATION, *PDATA_STACK_CONFIGURATION;

/* ---- The calls ------------------------------------------------------------ */

/*
 * Creates an object (its handle has DATA_STACK_ALL_ACCESS); with OBJ_OPENIF
 * opens the existing one of that name (STATUS_OBJECT_NAME_EXISTS), else
 * that is STATUS_OBJECT_NAME_COLLISION.  No ObjectAttributes or no name:
 * unnamed.  Limits of 0: none.
 */
NTSTATUS NtCreateDataStack(PHANDLE DataStackHandle,
			   POBJECT_ATTRIBUTES ObjectAttributes,
			   ULONG MaxItemSize, ULONG MaxItemCount,
			   ULONG_PTR MaxSize) DS_NT_SYMBOL(NtCreateDataStack);

/* Opens a named object with DesiredAccess (generic rights mapped). */
NTSTATUS NtOpenDataStack(PHANDLE DataStackHandle, ACCESS_MASK DesiredAccess,
			 POBJECT_ATTRIBUTES ObjectAttributes)
	DS_NT_SYMBOL(NtOpenDataStack);

/* Pushes ItemSize bytes; never waits. */
NTSTATUS NtPushDataStack(HANDLE DataStackHandle, const PVOID Item,
			 ULONG ItemSize) DS_NT_SYMBOL(NtPushDataStack);

/*
 * Pops the top item; *BufferSize is the buffer's size in, the item's out.
 * *BufferSize 0 in: STATUS_SUCCESS with the top item's size (0 when
 * empty), nothing removed.  Never waits.
 */
NTSTATUS NtPopDataStack(HANDLE DataStackHandle, PVOID Buffer,
			PULONG BufferSize) DS_NT_SYMBOL(NtPopDataStack);

NTSTATUS NtClearDataStack(HANDLE DataStackHandle)
	DS_NT_SYMBOL(NtClearDataStack);

/* One class's answer; *ReturnLength, if given, gets the class's size. */
NTSTATUS NtQueryInformationDataStack(HANDLE DataStackHandle,
				     DataStackInformationClass InformationClass,
				     PVOID Buffer, ULONG BufferSize,
				     PULONG ReturnLength)
	DS_NT_SYMBOL(NtQueryInformationDataStack);

/*
 * Waits until the object is not empty: STATUS_WAIT_0, or STATUS_TIMEOUT
 * after Timeout (100 ns units; negative: relative, positive: absolute
 * system time since 1601; NULL: none).  Alertable: a signal ends the wait
 * with STATUS_USER_APC; else the wait goes on.
 */
NTSTATUS NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout)
	DS_NT_SYMBOL(NtWaitForSingleObject);

NTSTATUS NtClose(HANDLE Handle) DS_NT_SYMBOL(NtClose);

/* The Windows error code of a status (the table in datastack_native(3)). */
ULONG RtlNtStatusToDosError(NTSTATUS Status)
	DS_NT_SYMBOL(RtlNtStatusToDosError);

/* Linux: a handle's descriptor (-1 for NULL and INVALID_HANDLE_VALUE), a
 * descriptor's handle (NULL for a negative one).  Their binary names are
 * the ones they had in <datastack/win32.h> before this header. */
int DataStackHandleToFd(HANDLE h) __asm__("ds_w32_DataStackHandleToFd");
HANDLE FdToDataStackHandle(int fd) __asm__("ds_w32_FdToDataStackHandle");

/* Linux: the status of an errno (-errno too), as a pop would see it. */
NTSTATUS DataStackErrnoToStatus(int err) DS_NT_SYMBOL(DataStackErrnoToStatus);

#undef DS_NT_SYMBOL

#ifdef __cplusplus
}
#endif

#endif /* LIBDATASTACK_NATIVE_H */
