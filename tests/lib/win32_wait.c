// SPDX-License-Identifier: GPL-2.0
/* WaitForSingleObject: signalled while not empty, WAIT_TIMEOUT, INFINITE,
 * time-outs above INT_MAX ms, WAIT_FAILED; Sleep and GetTickCount64. */
#include "w32test.h"

static HANDLE h;

static void *late_push(void *arg)
{
	(void)arg;
	Sleep(200);
	PushDataStack(h, "x", 1);
	return NULL;
}

int main(void)
{
	ULONGLONG t0, dt;
	pthread_t t;
	DWORD size;
	BYTE b[4];

	/* Sleep and GetTickCount64 need no kernel object. */
	t0 = GetTickCount64();
	Sleep(150);
	dt = GetTickCount64() - t0;
	CHECK(dt >= 150 && dt < 5000, "Sleep(150) took %llu ms", (unsigned long long)dt);
	Sleep(0);

	lib_require();
	h = CreateDataStack(NULL, 0, 0, 0, NULL);
	CHECK(h != NULL, "create");

	CHECK(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "empty: not signalled");
	t0 = GetTickCount64();
	CHECK(WaitForSingleObject(h, 250) == WAIT_TIMEOUT, "timeout");
	dt = GetTickCount64() - t0;
	CHECK(dt >= 250, "waited only %llu ms", (unsigned long long)dt);

	CHECK(pthread_create(&t, NULL, late_push, NULL) == 0, "thread");
	CHECK(WaitForSingleObject(h, INFINITE) == WAIT_OBJECT_0, "woken by a push");
	pthread_join(t, NULL);
	CHECK(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "stays signalled");
	CHECK(pthread_create(&t, NULL, late_push, NULL) == 0, "thread");
	size = sizeof(b);
	CHECK(PopDataStack(h, b, &size), "pop");
	CHECK(WaitForSingleObject(h, 30000) == WAIT_OBJECT_0, "woken within the limit");
	pthread_join(t, NULL);
	size = sizeof(b);
	CHECK(PopDataStack(h, b, &size), "pop");
	CHECK(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "empty again");

	/* A time-out above INT_MAX ms (ds_wait's int) is a long wait, not a
	 * negative one: it neither fails nor times out at once. */
	CHECK(pthread_create(&t, NULL, late_push, NULL) == 0, "thread");
	t0 = GetTickCount64();
	CHECK(WaitForSingleObject(h, 0x80000005U) == WAIT_OBJECT_0, "long time-out");
	dt = GetTickCount64() - t0;
	CHECK(dt >= 150, "a long time-out returned after %llu ms", (unsigned long long)dt);
	pthread_join(t, NULL);
	size = sizeof(b);
	CHECK(PopDataStack(h, b, &size), "pop");

	CHECK(CloseHandle(h), "close");
	SetLastError(0);
	CHECK(WaitForSingleObject(h, 0) == WAIT_FAILED, "closed handle");
	CHECK_LASTERR(ERROR_INVALID_HANDLE);
	SetLastError(0);
	CHECK(WaitForSingleObject(NULL, INFINITE) == WAIT_FAILED, "NULL handle");
	CHECK_LASTERR(ERROR_INVALID_HANDLE);
	return 0;
}
