// SPDX-License-Identifier: GPL-2.0
/*
 * The native layer (<datastack/native.h>): every NTSTATUS of NtCreate,
 * NtOpen, NtPush, NtPop, NtClear, NtQueryInformation and NtWaitFor —
 * arguments checked by position as the article's code does, each limit
 * its own status, the size query of a pop, each information class, names
 * folded with OBJ_CASE_INSENSITIVE and spelt as given without, Global\ and
 * Local\ — and RtlNtStatusToDosError()'s Windows codes.
 */
#include <sys/ioctl.h>
#include <datastack/native.h>
#include "libtest.h"

#define CHECK_ST(expr, want) do {					\
	NTSTATUS _s = (expr);						\
	if (_s != (NTSTATUS)(want)) {					\
		fprintf(stderr, "%s:%d: %s = %#x, want %s (%#x)\n",	\
			__FILE__, __LINE__, #expr, (unsigned int)_s, #want, \
			(unsigned int)(want));				\
		exit(1);						\
	}								\
} while (0)

static OBJECT_ATTRIBUTES attr;
static UNICODE_STRING uname;
static wchar_t wide[300];

/* attributes of a name (NULL: none), "%s.PID" of base. */
static POBJECT_ATTRIBUTES named(const wchar_t *prefix, const char *base, ULONG a)
{
	swprintf(wide, 300, L"%ls%s.%d", prefix, base, (int)getpid());
	RtlInitUnicodeString(&uname, wide);
	InitializeObjectAttributes(&attr, &uname, a, NULL, NULL);
	return &attr;
}

static void create_and_open(void)
{
	HANDLE h = NULL, h2 = NULL;
	struct ds_info in;
	char path[400];

	CHECK_ST(NtCreateDataStack(NULL, NULL, 0, 0, 0), STATUS_INVALID_PARAMETER_1);
	CHECK_ST(NtCreateDataStack(&h, NULL, 0, 0, 0), STATUS_SUCCESS);
	CHECK_RET(ds_query(DataStackHandleToFd(h), &in), 0);
	CHECK(in.name_len == 0 && in.rights == DS_RIGHT_ALL, "unnamed, all rights");
	CHECK_ST(NtClose(h), STATUS_SUCCESS);
	CHECK_ST(NtClose(h), STATUS_INVALID_HANDLE);

	CHECK_ST(NtCreateDataStack(&h, named(L"", "nt_create", OBJ_OPENIF), 0, 0, 0),
		 STATUS_SUCCESS);
	CHECK_ST(NtCreateDataStack(&h2, named(L"", "nt_create", OBJ_OPENIF), 0, 0, 0),
		 STATUS_OBJECT_NAME_EXISTS);
	CHECK(NT_SUCCESS(STATUS_OBJECT_NAME_EXISTS), "NAME_EXISTS is a success");
	NtClose(h2);
	CHECK_ST(NtCreateDataStack(&h2, named(L"", "nt_create", 0), 0, 0, 0),
		 STATUS_OBJECT_NAME_COLLISION);
	CHECK_ST(NtCreateDataStack(&h2, named(L"", "nt_x", 0x400), 0, 0, 0),
		 STATUS_INVALID_PARAMETER);
	attr.SecurityDescriptor = &attr;
	CHECK_ST(NtCreateDataStack(&h2, &attr, 0, 0, 0), STATUS_INVALID_PARAMETER);
	InitializeObjectAttributes(&attr, &uname, 0, h, NULL);
	CHECK_ST(NtCreateDataStack(&h2, &attr, 0, 0, 0), STATUS_NOT_SUPPORTED);

	/* Open: the original's generic mapping; bad requests by position. */
	CHECK_ST(NtOpenDataStack(&h2, GENERIC_READ, named(L"", "nt_create", 0)), STATUS_SUCCESS);
	CHECK_RET(ds_query(DataStackHandleToFd(h2), &in), 0);
	CHECK(in.rights == DS_RIGHT_QUERY, "GENERIC_READ: %#x", in.rights);
	NtClose(h2);
	CHECK_ST(NtOpenDataStack(&h2, MAXIMUM_ALLOWED, named(L"", "nt_create", 0)),
		 STATUS_SUCCESS);
	CHECK_RET(ds_query(DataStackHandleToFd(h2), &in), 0);
	CHECK(in.rights == DS_RIGHT_ALL, "MAXIMUM_ALLOWED: %#x", in.rights);
	NtClose(h2);
	CHECK_ST(NtOpenDataStack(NULL, GENERIC_READ, &attr), STATUS_INVALID_PARAMETER_1);
	CHECK_ST(NtOpenDataStack(&h2, GENERIC_READ, NULL), STATUS_INVALID_PARAMETER_3);
	CHECK_ST(NtOpenDataStack(&h2, 0, named(L"", "nt_create", 0)), STATUS_ACCESS_DENIED);
	CHECK_ST(NtOpenDataStack(&h2, 0x100, &attr), STATUS_INVALID_PARAMETER);
	CHECK_ST(NtOpenDataStack(&h2, GENERIC_READ, named(L"", "nt_absent", 0)),
		 STATUS_OBJECT_NAME_NOT_FOUND);
	InitializeObjectAttributes(&attr, NULL, 0, NULL, NULL);
	CHECK_ST(NtOpenDataStack(&h2, GENERIC_READ, &attr), STATUS_OBJECT_NAME_INVALID);

	/* OBJ_PERMANENT: the object outlives its handles until unlinked. */
	CHECK_ST(NtCreateDataStack(&h2, named(L"", "nt_perm", OBJ_PERMANENT), 0, 0, 0),
		 STATUS_SUCCESS);
	NtClose(h2);
	snprintf(path, sizeof(path), "nt_perm.%d", (int)getpid());
	CHECK_RET(ds_unlink(path), 0);
	NtClose(h);
}

/* Case: folded with OBJ_CASE_INSENSITIVE, as spelt without; Global\, Local\. */
static void names(void)
{
	char spelt[64], path[400];
	HANDLE h, h2;
	struct ds_info in;

	snprintf(spelt, sizeof(spelt), "Nt_Case.%d", (int)getpid());
	CHECK_ST(NtCreateDataStack(&h, named(L"", "Nt_Case", 0), 0, 0, 0), STATUS_SUCCESS);
	CHECK_RET(ds_query(DataStackHandleToFd(h), &in), 0);
	CHECK(!strcmp(in.name, spelt), "as spelt: %s", in.name);
	CHECK_ST(NtOpenDataStack(&h2, GENERIC_READ, named(L"", "NT_CASE", OBJ_CASE_INSENSITIVE)),
		 STATUS_OBJECT_NAME_NOT_FOUND);
	NtClose(h);
	CHECK_ST(NtCreateDataStack(&h, named(L"", "Nt_Case", OBJ_CASE_INSENSITIVE), 0, 0, 0),
		 STATUS_SUCCESS);
	CHECK_RET(ds_query(DataStackHandleToFd(h), &in), 0);
	snprintf(spelt, sizeof(spelt), "nt_case.%d", (int)getpid());
	CHECK(!strcmp(in.name, spelt), "folded: %s", in.name);
	CHECK_ST(NtOpenDataStack(&h2, GENERIC_READ, named(L"LOCAL\\", "nT_cAsE", OBJ_CASE_INSENSITIVE)),
		 STATUS_SUCCESS);
	NtClose(h2);

	CHECK_ST(NtCreateDataStack(&h2, named(L"", "a\\b", 0), 0, 0, 0),
		 STATUS_OBJECT_PATH_NOT_FOUND);
	RtlInitUnicodeString(&uname, L"Global\\");
	InitializeObjectAttributes(&attr, &uname, 0, NULL, NULL);
	CHECK_ST(NtCreateDataStack(&h2, &attr, 0, 0, 0), STATUS_OBJECT_NAME_INVALID);
	uname.Length = 3;	/* not whole characters */
	CHECK_ST(NtCreateDataStack(&h2, &attr, 0, 0, 0), STATUS_OBJECT_NAME_INVALID);

	/* Global\ is /dev/datastack, whatever $DATASTACK_DIR says. */
	if (access(DS_DEFAULT_DIR, F_OK) == 0) {
		CHECK_ST(NtCreateDataStack(&h2, named(L"Global\\", "nt_global", 0), 0, 0, 0),
			 STATUS_SUCCESS);
		snprintf(path, sizeof(path), "%s/nt_global.%d", DS_DEFAULT_DIR, (int)getpid());
		CHECK(access(path, F_OK) == 0, "%s", path);
		if (strcmp(ds_instance_dir(), DS_DEFAULT_DIR))
			CHECK_ST(NtOpenDataStack(&h, GENERIC_READ, named(L"", "nt_global", 0)),
				 STATUS_OBJECT_NAME_NOT_FOUND);
		NtClose(h2);
	}
	NtClose(h);
}

static void push_pop(void)
{
	HANDLE h, q;
	ULONG size, v;
	char buf[32];

	CHECK_ST(NtCreateDataStack(&h, NULL, 8, 3, 20), STATUS_SUCCESS);
	CHECK_ST(NtPushDataStack(h, NULL, 0), STATUS_INVALID_PARAMETER_3);
	CHECK_ST(NtPushDataStack(h, NULL, 4), STATUS_INVALID_PARAMETER_2);
	CHECK_ST(NtPushDataStack(NULL, "abcd", 4), STATUS_INVALID_HANDLE);
	CHECK_ST(NtPushDataStack(h, "ninebytes", 9), STATUS_NOT_CAPABLE);
	CHECK_ST(NtPushDataStack(h, "eight by", 8), STATUS_SUCCESS);
	CHECK_ST(NtPushDataStack(h, "eight by", 8), STATUS_SUCCESS);
	CHECK_ST(NtPushDataStack(h, "eight", 5), STATUS_QUOTA_EXCEEDED);
	CHECK_ST(NtPushDataStack(h, "four", 4), STATUS_SUCCESS);
	CHECK_ST(NtPushDataStack(h, "x", 1), STATUS_NO_MORE_ENTRIES);
	CHECK(!NT_SUCCESS(STATUS_NO_MORE_ENTRIES), "a warning is no success");

	CHECK_ST(NtPopDataStack(h, buf, NULL), STATUS_INVALID_PARAMETER_3);
	size = 4;
	CHECK_ST(NtPopDataStack(h, NULL, &size), STATUS_INVALID_PARAMETER_2);
	size = 0;
	CHECK_ST(NtPopDataStack(h, NULL, &size), STATUS_SUCCESS);
	CHECK(size == 4, "size query: %u", size);
	CHECK_ST(NtQueryInformationDataStack(h, DataStackItemCount, &v, sizeof(v), NULL),
		 STATUS_SUCCESS);
	CHECK(v == 3, "nothing removed: %u", v);
	size = 2;
	CHECK_ST(NtPopDataStack(h, buf, &size), STATUS_BUFFER_TOO_SMALL);
	CHECK(size == 4, "size needed: %u", size);
	size = sizeof(buf);
	CHECK_ST(NtPopDataStack(h, buf, &size), STATUS_SUCCESS);
	CHECK(size == 4 && !memcmp(buf, "four", 4), "LIFO");

	/* Rights still apply (a push-only handle of another object). */
	CHECK_ST(NtCreateDataStack(&q, NULL, 0, 0, 0), STATUS_SUCCESS);
	CHECK(ioctl(DataStackHandleToFd(q), DS_IOC_SET_RIGHTS, (unsigned long)DS_RIGHT_PUSH) == 0,
	      "narrow");
	CHECK_ST(NtPushDataStack(q, (PVOID)"ok", 2), STATUS_SUCCESS);
	size = sizeof(buf);
	CHECK_ST(NtPopDataStack(q, buf, &size), STATUS_ACCESS_DENIED);
	CHECK_ST(NtClearDataStack(q), STATUS_ACCESS_DENIED);
	CHECK_ST(NtQueryInformationDataStack(q, DataStackItemCount, &v, sizeof(v), NULL),
		 STATUS_ACCESS_DENIED);
	NtClose(q);

	CHECK_ST(NtClearDataStack(h), STATUS_SUCCESS);
	CHECK_ST(NtClearDataStack(NULL), STATUS_INVALID_HANDLE);
	size = sizeof(buf);
	CHECK_ST(NtPopDataStack(h, buf, &size), STATUS_PIPE_EMPTY);
	CHECK(size == 0, "empty: size 0");
	size = 0;
	CHECK_ST(NtPopDataStack(h, NULL, &size), STATUS_SUCCESS);
	CHECK(size == 0, "size query when empty");
	NtClose(h);
}

static void query(void)
{
	DATA_STACK_CONFIGURATION cfg;
	ULONG v, len = 0;
	ULONG_PTR total;
	HANDLE h;

	CHECK_ST(NtCreateDataStack(&h, NULL, 100, 10, 1000), STATUS_SUCCESS);
	CHECK_ST(NtPushDataStack(h, "abc", 3), STATUS_SUCCESS);
	CHECK_ST(NtPushDataStack(h, "defgh", 5), STATUS_SUCCESS);
	CHECK_ST(NtQueryInformationDataStack(h, DataStackItemCount, &v, sizeof(v), &len),
		 STATUS_SUCCESS);
	CHECK(v == 2 && len == sizeof(ULONG), "count %u, length %u", v, len);
	CHECK_ST(NtQueryInformationDataStack(h, DataStackTotalSize, &total, sizeof(total), &len),
		 STATUS_SUCCESS);
	CHECK(total == 8 && len == sizeof(ULONG_PTR), "total %lu", (unsigned long)total);
	CHECK_ST(NtQueryInformationDataStack(h, DataStackConfiguration, &cfg, sizeof(cfg), &len),
		 STATUS_SUCCESS);
	CHECK(cfg.MaxItemSize == 100 && cfg.MaxItemCount == 10 && cfg.MaxSize == 1000 &&
	      len == sizeof(cfg), "configuration");
	CHECK_ST(NtQueryInformationDataStack(h, DataStackHandleCount, &v, sizeof(v), NULL),
		 STATUS_SUCCESS);
	CHECK(v == 1, "handles %u", v);

	len = 0;
	CHECK_ST(NtQueryInformationDataStack(h, DataStackConfiguration, NULL, 0, &len),
		 STATUS_BUFFER_TOO_SMALL);
	CHECK(len == sizeof(cfg), "the size to allocate: %u", len);
	CHECK_ST(NtQueryInformationDataStack(h, DataStackConfiguration, &cfg, 4, NULL),
		 STATUS_BUFFER_TOO_SMALL);
	CHECK_ST(NtQueryInformationDataStack(h, DataStackItemCount, NULL, 0, NULL),
		 STATUS_INVALID_PARAMETER_5);
	CHECK_ST(NtQueryInformationDataStack(h, DataStackItemCount, NULL, 4, &len),
		 STATUS_INVALID_PARAMETER_3);
	CHECK_ST(NtQueryInformationDataStack(h, DataStackItemCount, &v, 0, &len),
		 STATUS_INVALID_PARAMETER_4);
	CHECK_ST(NtQueryInformationDataStack(h, (DataStackInformationClass)3, &v, 4, &len),
		 STATUS_INVALID_INFO_CLASS);
	CHECK_ST(NtQueryInformationDataStack(NULL, DataStackItemCount, &v, 4, &len),
		 STATUS_INVALID_HANDLE);
	NtClose(h);
}

static void waits(void)
{
	LARGE_INTEGER t = { .QuadPart = -50 * 10000LL };	/* 50 ms */
	int64_t start;
	HANDLE h;

	CHECK_ST(NtCreateDataStack(&h, NULL, 0, 0, 0), STATUS_SUCCESS);
	start = t_now_ns() / 1000000;
	CHECK_ST(NtWaitForSingleObject(h, FALSE, &t), STATUS_TIMEOUT);
	CHECK(t_now_ns() / 1000000 - start >= 50, "waited %lld ms",
	      (long long)(t_now_ns() / 1000000 - start));
	t.QuadPart = 0;
	CHECK_ST(NtWaitForSingleObject(h, FALSE, &t), STATUS_TIMEOUT);
	t.QuadPart = 1;		/* absolute, 1601 */
	CHECK_ST(NtWaitForSingleObject(h, FALSE, &t), STATUS_TIMEOUT);
	CHECK_ST(NtPushDataStack(h, "x", 1), STATUS_SUCCESS);
	CHECK_ST(NtWaitForSingleObject(h, FALSE, NULL), STATUS_WAIT_0);
	CHECK_ST(NtWaitForSingleObject(NULL, FALSE, NULL), STATUS_INVALID_HANDLE);
	NtClose(h);
}

static void dos_errors(void)
{
	static const struct {
		NTSTATUS status;
		ULONG error;
	} want[] = {
		{ STATUS_SUCCESS, 0 }, { STATUS_OBJECT_NAME_EXISTS, 183 },
		{ STATUS_NO_MORE_ENTRIES, 259 }, { STATUS_NOT_CAPABLE, 775 },
		{ STATUS_QUOTA_EXCEEDED, 1816 }, { STATUS_PIPE_EMPTY, 232 },
		{ STATUS_BUFFER_TOO_SMALL, 122 }, { STATUS_BUFFER_OVERFLOW, 234 },
		{ STATUS_INVALID_PARAMETER_2, 87 }, { STATUS_INVALID_PARAMETER_3, 87 },
		{ STATUS_INVALID_INFO_CLASS, 87 }, { STATUS_INFO_LENGTH_MISMATCH, 24 },
		{ STATUS_ACCESS_DENIED, 5 }, { STATUS_INVALID_HANDLE, 6 },
		{ STATUS_OBJECT_TYPE_MISMATCH, 6 }, { STATUS_OBJECT_NAME_NOT_FOUND, 2 },
		{ STATUS_OBJECT_PATH_NOT_FOUND, 3 }, { STATUS_OBJECT_NAME_INVALID, 123 },
		{ STATUS_OBJECT_NAME_COLLISION, 183 }, { STATUS_NOT_SUPPORTED, 50 },
		{ STATUS_INVALID_DEVICE_REQUEST, 1 }, { STATUS_NOT_IMPLEMENTED, 1 },
		{ STATUS_IO_TIMEOUT, 121 }, { STATUS_INSUFFICIENT_RESOURCES, 1450 },
		{ STATUS_NO_MEMORY, 8 }, { STATUS_ACCESS_VIOLATION, 998 },
		{ STATUS_TIMEOUT, 258 }, { (NTSTATUS)0xC0FFEE00, 317 },
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(RtlNtStatusToDosError(want[i].status) == want[i].error,
		      "status %#x: %u, want %u", (unsigned int)want[i].status,
		      RtlNtStatusToDosError(want[i].status), want[i].error);
	CHECK(DataStackErrnoToStatus(-EXDEV) == (NTSTATUS)(0xE0000000U | EXDEV), "errno status");
	CHECK(RtlNtStatusToDosError(DataStackErrnoToStatus(EXDEV)) == (0x20000000U | EXDEV),
	      "errno code");
	CHECK(DataStackErrnoToStatus(EAGAIN) == STATUS_PIPE_EMPTY, "a pop's EAGAIN");
}

int main(void)
{
	dos_errors();
	lib_require();
	create_and_open();
	names();
	push_pop();
	query();
	waits();
	return 0;
}
