// SPDX-License-Identifier: GPL-2.0
/*
 * Lockdown (confidentiality) refuses /dev/kstack on every command, not
 * only at open: a descriptor opened before the kernel is locked down is
 * refused afterwards (EPERM), and so is a new open.  Lockdown cannot be
 * lifted until reboot and stops later tests from loading modules, so this
 * runs only when asked -- tests/host/kstack-oneway.sh does, in a guest of
 * its own:
 *   DS_KSTACK_LOCKDOWN=1 scripts/vm-run -- tests/run-suite --only kstack_lockdown
 */
#include <sys/mount.h>
#include <sys/syscall.h>
#include "helpers.h"

#define LOCKDOWN "/sys/kernel/security/lockdown"

int main(void)
{
	const char *ask = getenv("DS_KSTACK_LOCKDOWN");
	struct kstack_symbol sym = { 0 };
	struct kstack_thread_ctx c;
	pid_t self = (pid_t)syscall(SYS_gettid);
	char buf[256] = "";
	int fd, lk;
	ssize_t n;

	if (!ask || strcmp(ask, "1"))
		test_skip("set DS_KSTACK_LOCKDOWN=1 (locks the guest down)");
	if (access(LOCKDOWN, F_OK))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	lk = open(LOCKDOWN, O_RDWR);
	if (lk < 0)
		test_skip("no " LOCKDOWN);
	fd = kst_open();
	CHECK(kst_ctx(fd, self, &c) == 0, "THREAD_CONTEXT before lockdown");
	/* The commands with no thread to check work before. */
	sym.size = sizeof(sym);
	sym.addr = kst_sym_addr("schedule");
	CHECK(sym.addr, "no schedule in /proc/kallsyms");
	CHECK(ioctl(fd, KSTACK_IOC_SYMBOL, &sym) == 0, "SYMBOL before lockdown");
	CHECK(kst_read(fd, 0, sym.addr, buf, 8, NULL) == 0, "text read before lockdown");
	CHECK(write(lk, "confidentiality", 15) == 15, "lock down: %s",
	      strerror(errno));
	n = pread(lk, buf, sizeof(buf) - 1, 0);
	CHECK(n > 0 && strstr(buf, "[confidentiality]"), "lockdown: %s", buf);
	CHECK_ERR(kst_ctx(fd, self, &c), EPERM);
	CHECK_ERR(kst_trace(fd, self, (__u64 *)buf, 4, NULL), EPERM);
	/* The commands with no thread to check: text reads and symbols. */
	sym.size = sizeof(sym);
	sym.flags = 0;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_SYMBOL, &sym), EPERM);
	CHECK_ERR(kst_read(fd, 0, sym.addr, buf, 8, NULL), EPERM);
	CHECK_ERR(open("/dev/kstack", O_RDONLY), EPERM);
	close(fd);
	close(lk);
	return 0;
}
