// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * libdatastack: the native API of the articles (<datastack/native.h>) over
 * the ds_* calls — an NTSTATUS for each errno, names from an
 * OBJECT_ATTRIBUTES, access masks through the object type's generic
 * mapping.  A HANDLE is the descriptor plus one.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "datastack.h"
#include "datastack/native.h"
#include "internal.h"

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

/* ---- statuses ---------------------------------------------------------- */

/* What an errno means to the call that got it. */
enum op { OP_OTHER, OP_PUSH, OP_POP };

static NTSTATUS errno_status(int err, enum op op)
{
	switch (err) {
	case 0:			return STATUS_SUCCESS;
	case ENOENT:		return STATUS_OBJECT_NAME_NOT_FOUND;
	case EEXIST:		return STATUS_OBJECT_NAME_COLLISION;
	case EMFILE:
	case ENFILE:		return STATUS_TOO_MANY_OPENED_FILES;
	case EACCES:
	case EPERM:		return STATUS_ACCESS_DENIED;
	case EBADF:		return STATUS_INVALID_HANDLE;
	case ENOTTY:		return STATUS_OBJECT_TYPE_MISMATCH;
	case ENOMEM:		return STATUS_NO_MEMORY;
	case ENOSPC:		return STATUS_INSUFFICIENT_RESOURCES;
	case EDQUOT:		return STATUS_QUOTA_EXCEEDED;
	case ENODEV:		return STATUS_DEVICE_DOES_NOT_EXIST;
	case EINVAL:		return STATUS_INVALID_PARAMETER;
	case EILSEQ:		return STATUS_OBJECT_NAME_INVALID;
	case ENAMETOOLONG:	return STATUS_NAME_TOO_LONG;
	case EINTR:		return STATUS_CANCELLED;
	case EFAULT:		return STATUS_ACCESS_VIOLATION;
	case EOVERFLOW:		return STATUS_INTEGER_OVERFLOW;
	case ETIMEDOUT:		return STATUS_IO_TIMEOUT;
	case EOPNOTSUPP:	return STATUS_NOT_SUPPORTED;
	case ENOSYS:		return STATUS_NOT_IMPLEMENTED;
	case ENOBUFS:
		if (op == OP_PUSH)
			return STATUS_QUOTA_EXCEEDED;	/* above MaxSize */
		break;
	case EMSGSIZE:
		return op == OP_PUSH ? STATUS_NOT_CAPABLE : STATUS_BUFFER_TOO_SMALL;
	case EAGAIN:
		return op == OP_PUSH ? STATUS_NO_MORE_ENTRIES : STATUS_PIPE_EMPTY;
	}
	return (NTSTATUS)((ULONG)DS_NT_ERRNO_STATUS | (ULONG)err);
}

NTSTATUS DataStackErrnoToStatus(int err)
{
	return errno_status(err < 0 ? -err : err, OP_POP);
}

ULONG RtlNtStatusToDosError(NTSTATUS status)
{
	static const struct {
		NTSTATUS status;
		ULONG error;
	} map[] = {
		{ STATUS_SUCCESS,		ERROR_SUCCESS },
		{ STATUS_USER_APC,		192 /* WAIT_IO_COMPLETION */ },
		{ STATUS_TIMEOUT,		WAIT_TIMEOUT },
		{ STATUS_OBJECT_NAME_EXISTS,	ERROR_ALREADY_EXISTS },
		{ STATUS_BUFFER_OVERFLOW,	ERROR_MORE_DATA },
		{ STATUS_NO_MORE_ENTRIES,	ERROR_NO_MORE_ITEMS },
		{ STATUS_NOT_IMPLEMENTED,	ERROR_INVALID_FUNCTION },
		{ STATUS_INVALID_INFO_CLASS,	ERROR_INVALID_PARAMETER },
		{ STATUS_INFO_LENGTH_MISMATCH,	ERROR_BAD_LENGTH },
		{ STATUS_ACCESS_VIOLATION,	ERROR_NOACCESS },
		{ STATUS_INVALID_HANDLE,	ERROR_INVALID_HANDLE },
		{ STATUS_INVALID_PARAMETER,	ERROR_INVALID_PARAMETER },
		{ STATUS_INVALID_DEVICE_REQUEST, ERROR_INVALID_FUNCTION },
		{ STATUS_NO_MEMORY,		ERROR_NOT_ENOUGH_MEMORY },
		{ STATUS_ACCESS_DENIED,		ERROR_ACCESS_DENIED },
		{ STATUS_BUFFER_TOO_SMALL,	ERROR_INSUFFICIENT_BUFFER },
		{ STATUS_OBJECT_TYPE_MISMATCH,	ERROR_INVALID_HANDLE },
		{ STATUS_OBJECT_NAME_INVALID,	ERROR_INVALID_NAME },
		{ STATUS_OBJECT_NAME_NOT_FOUND,	ERROR_FILE_NOT_FOUND },
		{ STATUS_OBJECT_NAME_COLLISION,	ERROR_ALREADY_EXISTS },
		{ STATUS_OBJECT_PATH_NOT_FOUND,	ERROR_PATH_NOT_FOUND },
		{ STATUS_QUOTA_EXCEEDED,	ERROR_NOT_ENOUGH_QUOTA },
		{ STATUS_INTEGER_OVERFLOW,	ERROR_ARITHMETIC_OVERFLOW },
		{ STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES },
		{ STATUS_IO_TIMEOUT,		ERROR_SEM_TIMEOUT },
		{ STATUS_NOT_SUPPORTED,		ERROR_NOT_SUPPORTED },
		{ STATUS_DEVICE_DOES_NOT_EXIST,	ERROR_DEV_NOT_EXIST },
		{ STATUS_PIPE_EMPTY,		ERROR_NO_DATA },
		{ STATUS_INVALID_PARAMETER_1,	ERROR_INVALID_PARAMETER },
		{ STATUS_INVALID_PARAMETER_2,	ERROR_INVALID_PARAMETER },
		{ STATUS_INVALID_PARAMETER_3,	ERROR_INVALID_PARAMETER },
		{ STATUS_INVALID_PARAMETER_4,	ERROR_INVALID_PARAMETER },
		{ STATUS_INVALID_PARAMETER_5,	ERROR_INVALID_PARAMETER },
		{ STATUS_NAME_TOO_LONG,		ERROR_FILENAME_EXCED_RANGE },
		{ STATUS_TOO_MANY_OPENED_FILES,	ERROR_TOO_MANY_OPEN_FILES },
		{ STATUS_CANCELLED,		ERROR_OPERATION_ABORTED },
		{ STATUS_NOT_CAPABLE,		ERROR_NOT_CAPABLE },
	};
	ULONG s = (ULONG)status;
	size_t i;

	if ((s & 0xFFFF0000U) == (ULONG)DS_NT_ERRNO_STATUS)
		return DS_W32_ERRNO_BIT | (s & 0xFFFFU);
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].status == status)
			return map[i].error;
	return ERROR_MR_MID_NOT_FOUND;	/* as Windows, for a status it has no code for */
}

/* ---- names --------------------------------------------------------------- */

/* Where a name goes: an instance, and the name there, as UTF-8. */
struct object_name {
	const char *dir;
	bool named;
	char utf8[DS_NAME_MAX + 1];
};

/* w[0..n) begins with the ASCII prefix p, letters in either case. */
static bool has_prefix(const WCHAR *w, size_t n, const char *p)
{
	size_t i, len = strlen(p);

	if (n < len)
		return false;
	for (i = 0; i < len; i++) {
		WCHAR c = w[i];

		if (c >= L'A' && c <= L'Z')
			c += L'a' - L'A';
		if (c != (WCHAR)p[i])
			return false;
	}
	return true;
}

/* One code point as UTF-8 into b[4]: its length, or 0 if it is none. */
static size_t utf8_encode(uint32_t c, unsigned char *b)
{
	if (c < 0x80) {
		b[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		b[0] = (unsigned char)(0xc0 | (c >> 6));
		b[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		if (c >= 0xd800 && c <= 0xdfff)
			return 0;	/* a lone surrogate */
		b[0] = (unsigned char)(0xe0 | (c >> 12));
		b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	if (c > 0x10ffff)
		return 0;
	b[0] = (unsigned char)(0xf0 | (c >> 18));
	b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	b[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/* w[0..n) to UTF-8 in out[DS_NAME_MAX + 1], ASCII letters folded if fold. */
static NTSTATUS name_to_utf8(const WCHAR *w, size_t n, bool fold, char *out)
{
	size_t used = 0, len, i;
	unsigned char b[4];

	for (i = 0; i < n; i++) {
		uint32_t c = (uint32_t)w[i];

		if (c == L'\\')
			return STATUS_OBJECT_PATH_NOT_FOUND;	/* no directories */
		if (c == 0 || c == L'/')
			return STATUS_OBJECT_NAME_INVALID;
		if (fold && c >= L'A' && c <= L'Z')
			c += L'a' - L'A';
		len = utf8_encode(c, b);
		if (!len)
			return STATUS_OBJECT_NAME_INVALID;
		if (used + len > DS_NAME_MAX)
			return STATUS_NAME_TOO_LONG;
		memcpy(out + used, b, len);
		used += len;
	}
	out[used] = '\0';
	return STATUS_SUCCESS;
}

/*
 * The name of an OBJECT_ATTRIBUTES: none (nm->named false) if it has
 * none; Global\ is the system instance, Local\ (or no prefix) the
 * library's; "." and ".." are no names.
 */
static NTSTATUS object_name(const OBJECT_ATTRIBUTES *oa, struct object_name *nm)
{
	const UNICODE_STRING *u = oa ? oa->ObjectName : NULL;
	const WCHAR *w;
	NTSTATUS st;
	size_t n;

	nm->dir = ds_instance_dir();
	nm->named = false;
	if (!u || !u->Length)
		return STATUS_SUCCESS;
	if (!u->Buffer || u->Length % sizeof(WCHAR) || u->Length > u->MaximumLength)
		return STATUS_OBJECT_NAME_INVALID;
	w = u->Buffer;
	n = u->Length / sizeof(WCHAR);
	if (has_prefix(w, n, "global\\")) {
		nm->dir = DS_DEFAULT_DIR;
		w += 7;
		n -= 7;
	} else if (has_prefix(w, n, "local\\")) {
		w += 6;
		n -= 6;
	}
	st = name_to_utf8(w, n, oa->Attributes & OBJ_CASE_INSENSITIVE, nm->utf8);
	if (!NT_SUCCESS(st))
		return st;
	if (!nm->utf8[0] || !strcmp(nm->utf8, ".") || !strcmp(nm->utf8, ".."))
		return STATUS_OBJECT_NAME_INVALID;
	nm->named = true;
	return STATUS_SUCCESS;
}

/* What an OBJECT_ATTRIBUTES may hold here; its name goes to nm. */
static NTSTATUS check_attributes(const OBJECT_ATTRIBUTES *oa, ULONG valid,
				 struct object_name *nm)
{
	if (oa) {
		if (oa->Length != sizeof(*oa) || (oa->Attributes & ~valid) ||
		    oa->SecurityDescriptor)
			return STATUS_INVALID_PARAMETER;
		if (oa->RootDirectory)
			return STATUS_NOT_SUPPORTED;	/* no directory objects */
	}
	return object_name(oa, nm);
}

/* ---- create, open ---------------------------------------------------------- */

NTSTATUS NtCreateDataStack(PHANDLE DataStackHandle,
			   POBJECT_ATTRIBUTES ObjectAttributes,
			   ULONG MaxItemSize, ULONG MaxItemCount, ULONG_PTR MaxSize)
{
	struct ds_limits limits = {
		.max_item_size = MaxItemSize,
		.max_items = MaxItemCount,
		.max_bytes = MaxSize,
	};
	ULONG attr = ObjectAttributes ? ObjectAttributes->Attributes : 0;
	unsigned int flags = 0, result = 0;
	struct object_name nm;
	NTSTATUS st;
	int fd;

	if (!DataStackHandle)
		return STATUS_INVALID_PARAMETER_1;
	st = check_attributes(ObjectAttributes, OBJ_VALID_ATTRIBUTES, &nm);
	if (!NT_SUCCESS(st))
		return st;
	if (nm.named && (attr & OBJ_OPENIF))
		flags |= DS_CREATE_OPEN_IF_EXISTS;
	if (attr & OBJ_PERMANENT)
		flags |= DS_CREATE_PERSISTENT;
	if (!(attr & OBJ_INHERIT))
		flags |= DS_CLOEXEC;
	fd = ds_create_in(nm.dir, nm.named ? nm.utf8 : NULL, flags, 0600,
			  DS_RIGHT_ALL, &limits, &result);
	if (fd < 0)
		return errno_status(-fd, OP_OTHER);
	*DataStackHandle = FdToDataStackHandle(fd);
	return result == DS_EXISTED ? STATUS_OBJECT_NAME_EXISTS : STATUS_SUCCESS;
}

/*
 * DATA_STACK_*, standard and generic rights to DS_RIGHT_*, with the
 * original's generic mapping; standard rights grant nothing here.
 */
static NTSTATUS access_rights(ACCESS_MASK access, unsigned int *rights)
{
	const ACCESS_MASK known = 0x000F | STANDARD_RIGHTS_ALL | SYNCHRONIZE |
		MAXIMUM_ALLOWED | GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE |
		GENERIC_ALL;
	unsigned int r = 0;

	if (access & ~known)
		return STATUS_INVALID_PARAMETER;
	if (access & (DATA_STACK_QUERY | GENERIC_READ))
		r |= DS_RIGHT_QUERY;
	if (access & (DATA_STACK_PUSH | GENERIC_WRITE))
		r |= DS_RIGHT_PUSH;
	if (access & (DATA_STACK_POP | GENERIC_WRITE))
		r |= DS_RIGHT_POP;
	if (access & (DATA_STACK_CLEAR | GENERIC_WRITE))
		r |= DS_RIGHT_CLEAR;
	if (access & (SYNCHRONIZE | GENERIC_EXECUTE))
		r |= DS_RIGHT_WAIT;
	if (access & GENERIC_ALL)
		r |= DS_RIGHT_ALL;
	*rights = r;
	return STATUS_SUCCESS;
}

/*
 * MAXIMUM_ALLOWED: the rights asked for plus the most the object's mode
 * grants — all, else those of reading, else those of writing.
 */
static int open_maximum(const struct object_name *nm, unsigned int rights,
			unsigned int flags)
{
	static const unsigned int more[] = {
		DS_RIGHT_ALL,
		DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT,
		DS_RIGHT_PUSH | DS_RIGHT_CLEAR | DS_RIGHT_WAIT,
	};
	int fd = -EACCES;
	size_t i;

	for (i = 0; i < sizeof(more) / sizeof(more[0]) && fd == -EACCES; i++)
		fd = ds_open_in(nm->dir, nm->utf8, rights | more[i], flags);
	return fd;
}

NTSTATUS NtOpenDataStack(PHANDLE DataStackHandle, ACCESS_MASK DesiredAccess,
			 POBJECT_ATTRIBUTES ObjectAttributes)
{
	unsigned int rights, flags;
	struct object_name nm;
	NTSTATUS st;
	int fd;

	if (!DataStackHandle)
		return STATUS_INVALID_PARAMETER_1;
	if (!ObjectAttributes)
		return STATUS_INVALID_PARAMETER_3;
	st = access_rights(DesiredAccess, &rights);
	if (NT_SUCCESS(st))
		st = check_attributes(ObjectAttributes,
				      OBJ_VALID_ATTRIBUTES & ~OBJ_PERMANENT, &nm);
	if (!NT_SUCCESS(st))
		return st;
	if (!nm.named)
		return STATUS_OBJECT_NAME_INVALID;
	flags = (ObjectAttributes->Attributes & OBJ_INHERIT) ? 0 : DS_CLOEXEC;
	if (DesiredAccess & MAXIMUM_ALLOWED)
		fd = open_maximum(&nm, rights, flags);
	else if (!rights)
		return STATUS_ACCESS_DENIED;	/* no descriptor carries no right */
	else
		fd = ds_open_in(nm.dir, nm.utf8, rights, flags);
	if (fd < 0)
		return errno_status(-fd, OP_OTHER);
	*DataStackHandle = FdToDataStackHandle(fd);
	return STATUS_SUCCESS;
}

/* ---- push, pop, clear ------------------------------------------------------ */

/*
 * A push that found no room: the count limit, or the total size (the
 * kernel says EAGAIN for both); the query tells which, if it can be made.
 */
static NTSTATUS full_status(int fd, ULONG size)
{
	struct ds_info in;

	if (ds_query(fd, &in) == 0 && in.limits.max_bytes &&
	    in.bytes + size > in.limits.max_bytes &&
	    !(in.limits.max_items && in.count >= in.limits.max_items))
		return STATUS_QUOTA_EXCEEDED;
	return STATUS_NO_MORE_ENTRIES;
}

NTSTATUS NtPushDataStack(HANDLE DataStackHandle, const PVOID Item, ULONG ItemSize)
{
	int fd, ret;

	if (!ItemSize)
		return STATUS_INVALID_PARAMETER_3;
	if (!Item)
		return STATUS_INVALID_PARAMETER_2;
	fd = handle_fd(DataStackHandle);
	if (fd < 0)
		return STATUS_INVALID_HANDLE;
	ret = ds_push(fd, Item, ItemSize, DS_WAIT_NONBLOCK);
	if (ret == -EAGAIN)
		return full_status(fd, ItemSize);
	return errno_status(-ret, OP_PUSH);
}

NTSTATUS NtPopDataStack(HANDLE DataStackHandle, PVOID Buffer, PULONG BufferSize)
{
	size_t n;
	int fd, ret;

	if (!BufferSize)
		return STATUS_INVALID_PARAMETER_3;
	if (!Buffer && *BufferSize)
		return STATUS_INVALID_PARAMETER_2;
	fd = handle_fd(DataStackHandle);
	if (fd < 0)
		return STATUS_INVALID_HANDLE;
	n = *BufferSize;
	ret = ds_pop(fd, Buffer, &n, DS_WAIT_NONBLOCK);
	if (ret == -EAGAIN)
		n = 0;
	if (!*BufferSize && ret == -EAGAIN)
		ret = 0;	/* a size query of an empty stack: size 0 */
	if (ret == 0 || ret == -EMSGSIZE || ret == -EAGAIN)
		*BufferSize = (ULONG)n;
	return errno_status(-ret, OP_POP);
}

NTSTATUS NtClearDataStack(HANDLE DataStackHandle)
{
	int fd = handle_fd(DataStackHandle), ret;

	if (fd < 0)
		return STATUS_INVALID_HANDLE;
	ret = ds_clear(fd);
	return ret < 0 ? errno_status(-ret, OP_OTHER) : STATUS_SUCCESS;
}

/* ---- query ------------------------------------------------------------------ */

/* The answer's size for a class, 0 for no class. */
static ULONG class_size(DataStackInformationClass c)
{
	switch (c) {
	case DataStackItemCount:	return sizeof(ULONG);
	case DataStackTotalSize:	return sizeof(ULONG_PTR);
	case DataStackConfiguration:	return sizeof(DATA_STACK_CONFIGURATION);
	case DataStackHandleCount:	return sizeof(ULONG);
	}
	return 0;
}

/* v fits a ULONG (wide false) or a ULONG_PTR. */
static bool fits(uint64_t v, bool wide)
{
	return v <= (wide ? (uint64_t)UINTPTR_MAX : (uint64_t)UINT32_MAX);
}

static NTSTATUS fill_class(DataStackInformationClass c, const struct ds_info *in,
			   PVOID buf)
{
	DATA_STACK_CONFIGURATION cfg;
	ULONG_PTR total;
	ULONG v;

	switch (c) {
	case DataStackItemCount:
	case DataStackHandleCount:
		if (!fits(c == DataStackItemCount ? in->count : in->open_fds, false))
			return STATUS_INTEGER_OVERFLOW;
		v = (ULONG)(c == DataStackItemCount ? in->count : in->open_fds);
		memcpy(buf, &v, sizeof(v));
		break;
	case DataStackTotalSize:
		if (!fits(in->bytes, true))
			return STATUS_INTEGER_OVERFLOW;
		total = (ULONG_PTR)in->bytes;
		memcpy(buf, &total, sizeof(total));
		break;
	case DataStackConfiguration:
		if (!fits(in->limits.max_item_size, false) ||
		    !fits(in->limits.max_items, false) ||
		    !fits(in->limits.max_bytes, true))
			return STATUS_INTEGER_OVERFLOW;
		cfg.MaxItemSize = (ULONG)in->limits.max_item_size;
		cfg.MaxItemCount = (ULONG)in->limits.max_items;
		cfg.MaxSize = (ULONG_PTR)in->limits.max_bytes;
		memcpy(buf, &cfg, sizeof(cfg));
		break;
	}
	return STATUS_SUCCESS;
}

NTSTATUS NtQueryInformationDataStack(HANDLE DataStackHandle,
				     DataStackInformationClass InformationClass,
				     PVOID Buffer, ULONG BufferSize,
				     PULONG ReturnLength)
{
	ULONG need = class_size(InformationClass);
	struct ds_info in;
	int fd, ret;

	if (!need)
		return STATUS_INVALID_INFO_CLASS;
	if (!Buffer && BufferSize)
		return STATUS_INVALID_PARAMETER_3;
	if (Buffer && !BufferSize)
		return STATUS_INVALID_PARAMETER_4;
	if (!Buffer && !ReturnLength)
		return STATUS_INVALID_PARAMETER_5;
	fd = handle_fd(DataStackHandle);
	if (fd < 0)
		return STATUS_INVALID_HANDLE;
	ret = ds_query(fd, &in);
	if (ret < 0)
		return errno_status(-ret, OP_OTHER);
	if (ReturnLength)
		*ReturnLength = need;
	if (BufferSize < need)
		return STATUS_BUFFER_TOO_SMALL;
	return fill_class(InformationClass, &in, Buffer);
}

/* ---- wait, close, strings ------------------------------------------------------ */

/* 100 ns units from 1601 to 1970, Windows' epoch to Linux's. */
#define EPOCH_DIFF_100NS	116444736000000000LL

/* A Windows time-out as milliseconds from now; -1: none. */
static int64_t timeout_ms(const LARGE_INTEGER *t)
{
	struct timespec now;
	int64_t q, at;

	if (!t)
		return -1;
	q = t->QuadPart;
	if (q <= 0)
		return (-(q / 10000)) + (q % 10000 ? 1 : 0);
	clock_gettime(CLOCK_REALTIME, &now);
	at = EPOCH_DIFF_100NS + (int64_t)now.tv_sec * 10000000 + now.tv_nsec / 100;
	return q > at ? (q - at + 9999) / 10000 : 0;
}

/* ds_wait() takes an int of milliseconds: longer waits go in slices. */
NTSTATUS NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout)
{
	int64_t ms = timeout_ms(Timeout), deadline = mono_ms() + ms, left;
	int fd = handle_fd(Handle), ret;

	if (fd < 0)
		return STATUS_INVALID_HANDLE;
	for (;;) {
		left = ms < 0 ? -1 : deadline - mono_ms();
		if (ms >= 0 && left < 0)
			left = 0;
		ret = ds_wait(fd, left > INT_MAX ? INT_MAX : (int)left);
		if (ret == 1)
			return STATUS_WAIT_0;
		if (ret == -EINTR && Alertable)
			return STATUS_USER_APC;
		if (ret == 0 && ms >= 0 && mono_ms() >= deadline)
			return STATUS_TIMEOUT;
		if (ret < 0 && ret != -EINTR)
			return errno_status(-ret, OP_OTHER);
	}
}

NTSTATUS NtClose(HANDLE Handle)
{
	int fd = handle_fd(Handle);

	if (fd < 0)
		return STATUS_INVALID_HANDLE;
	/* After EINTR the descriptor is closed all the same (Linux). */
	if (close(fd) < 0 && errno != EINTR)
		return errno_status(errno, OP_OTHER);
	return STATUS_SUCCESS;
}

VOID RtlInitUnicodeString(PUNICODE_STRING dest, PCWSTR source)
{
	const size_t max = (0xFFFF / sizeof(WCHAR) - 1) * sizeof(WCHAR);
	size_t len = source ? wcslen(source) * sizeof(WCHAR) : 0;

	if (len > max)
		len = max;
	dest->Length = (USHORT)len;
	dest->MaximumLength = source ? (USHORT)(len + sizeof(WCHAR)) : 0;
	dest->Buffer = (PWSTR)source;
}
