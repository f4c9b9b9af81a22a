// SPDX-License-Identifier: GPL-2.0
/*
 * Who may open /dev/kstack (mode 0600, root's):
 *  - root without CAP_SYS_ADMIN: EPERM, from the driver;
 *  - uid 65534 after dropping every capability: EACCES, from the VFS's
 *    0600 check, which runs before the driver is asked;
 *  - uid 65534 keeping only CAP_DAC_OVERRIDE (passes the 0600 check):
 *    EPERM, from the driver;
 *  - root with CAP_SYS_ADMIN: opens.
 * A descriptor opened with the privilege keeps working after it is
 * dropped (the check is at open, as for /dev/mem).
 */
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include "helpers.h"

/* Sets the effective, permitted and inheritable sets to 'keep' only. */
static void caps_only(unsigned int keep)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (keep != ~0u) {
		d[keep / 32].effective = 1u << (keep % 32);
		d[keep / 32].permitted = 1u << (keep % 32);
	}
	CHECK(syscall(SYS_capset, &h, d) == 0, "capset");
}

/* Runs fn in a child; returns the child's exit status. */
static int in_child(void (*fn)(int), int arg)
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0, "fork");
	if (!pid) {
		fn(arg);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void root_without_sys_admin(int unused)
{
	(void)unused;
	kst_drop_cap(CAP_SYS_ADMIN);
	CHECK_ERR(open("/dev/kstack", O_RDONLY), EPERM);
	CHECK_ERR(open("/dev/kstack", O_RDWR), EPERM);
}

static void nobody(int unused)
{
	(void)unused;
	CHECK(setresgid(65534, 65534, 65534) == 0, "setresgid");
	CHECK(setresuid(65534, 65534, 65534) == 0, "setresuid");
	CHECK_ERR(open("/dev/kstack", O_RDONLY), EACCES);
}

static void nobody_with_dac_override(int unused)
{
	(void)unused;
	CHECK(prctl(PR_SET_KEEPCAPS, 1) == 0, "keepcaps");
	CHECK(setresgid(65534, 65534, 65534) == 0, "setresgid");
	CHECK(setresuid(65534, 65534, 65534) == 0, "setresuid");
	caps_only(CAP_DAC_OVERRIDE);
	CHECK_ERR(open("/dev/kstack", O_RDONLY), EPERM);
}

static void opened_before_drop(int fd)
{
	struct kstack_thread_ctx c;

	CHECK(setresgid(65534, 65534, 65534) == 0, "setresgid");
	CHECK(setresuid(65534, 65534, 65534) == 0, "setresuid");
	CHECK(kst_ctx(fd, getpid(), &c) == 0, "ioctl on an inherited fd");
}

int main(void)
{
	int fd;

	if (geteuid() != 0)
		test_skip("needs root");
	fd = kst_open();
	CHECK(in_child(root_without_sys_admin, 0) == 0, "root without CAP_SYS_ADMIN");
	CHECK(in_child(nobody, 0) == 0, "uid 65534");
	CHECK(in_child(nobody_with_dac_override, 0) == 0,
	      "uid 65534 with CAP_DAC_OVERRIDE");
	CHECK(in_child(opened_before_drop, fd) == 0, "descriptor kept");
	close(fd);
	return 0;
}
