// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile pusher cannot pin the instance's bytes: another user blocked
 * in a PUSHV of 64 items of 1 MiB on a full object holds no charge while
 * it waits, so the owner's pushes to its other objects go on succeeding up
 * to the instance's max_bytes.
 */
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "helpers.h"

#define MIB	(1 << 20)
#define ITEMS	64

static const char *full_name = "full";

static int hostile(void)
{
	struct ds_iovec *iov = calloc(ITEMS, sizeof(*iov));
	char *data = malloc(MIB);
	int fd, i;

	t_become_nobody();
	CHECK(iov && data, "malloc");
	memset(data, 'h', MIB);
	fd = t_open(full_name, DS_RIGHT_PUSH, 0);
	CHECK(fd >= 0, "nobody opens the full object");
	for (i = 0; i < ITEMS; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(data), .len = MIB };
	/* Blocks: the object is full.  The parent kills it. */
	t_batch(fd, DS_IOC_PUSHV, iov, ITEMS, 0, 0);
	return 1;
}

int main(void)
{
	static char mib[MIB];
	const char *dir;
	int full, other, i;
	pid_t pid;

	ctl();
	if (!can_be_nobody())
		test_skip("needs root to become nobody");
	t_deadline(120);
	umask(0);
	dir = t_mount_instance("max_bytes=8M,max_item_size=1M");
	CHECK(dir, "mount");
	t_use_instance(dir);
	full = t_create_ex(full_name, 1, 0, 0, 0666, 0, 0, NULL);
	CHECK(full >= 0 && t_push(full, "x", 1) == 0, "a full object");
	other = t_create_ex("mine", 0, 0, 0, 0600, 0, 0, NULL);
	CHECK(other >= 0, "the owner's other object");

	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0)
		_exit(hostile());
	t_wait_waiters(full, 1);

	/* 7 MiB of the instance's 8 go to the owner's other object. */
	for (i = 0; i < 7; i++)
		CHECK(t_push(other, mib, MIB - 64) == 0, "the owner's push %d of 7", i + 1);
	CHECK(t_info(other).count == 7, "seven items");

	kill(pid, SIGKILL);
	CHECK(t_wait_child(pid, 10000) == 128 + SIGKILL, "the hostile pusher was still blocked");
	CHECK(t_info(full).count == 1, "the full object got nothing");
	close(full);
	close(other);
	t_use_instance(t_instance_dir());
	return 0;
}
