// SPDX-License-Identifier: GPL-2.0
/*
 * The instance's root directory: a sticky world-writable directory of a
 * "datastack" filesystem; its ioctls answer there only (ENOTTY on an
 * object, on another filesystem's directory, and for unknown numbers);
 * names a directory cannot hold are refused; an unnamed object is not
 * opened again through /proc/PID/fd.
 */
#include <sys/stat.h>
#include <sys/statfs.h>
#include "helpers.h"

int main(void)
{
	int fd = ctl(), obj, other;
	struct statfs sf;
	struct stat st;

	CHECK(fstat(fd, &st) == 0, "stat the root");
	CHECK(S_ISDIR(st.st_mode), "a directory");
	CHECK((st.st_mode & 07777) == 01777, "mode %o", st.st_mode & 07777);
	CHECK(fstatfs(fd, &sf) == 0 && sf.f_type == DATASTACK_SUPER_MAGIC,
	      "f_type %#lx", (unsigned long)sf.f_type);
	CHECK(sf.f_namelen == DS_NAME_MAX, "f_namelen %ld", (long)sf.f_namelen);

	CHECK(ioctl(fd, DS_IOC_NOP) == 0, "DS_IOC_NOP");
	CHECK_ERR(ioctl(fd, _IO(DS_IOC_MAGIC, 0xff)), ENOTTY);
	CHECK_ERR(ioctl(fd, _IO('x', 1)), ENOTTY);
	CHECK_ERR(ioctl(fd, 0), ENOTTY);

	/* An object descriptor does not take the directory's ioctls. */
	obj = t_create(NULL, 0);
	CHECK(obj >= 0, "unnamed object");
	CHECK_ERR(ioctl(obj, DS_IOC_NOP), ENOTTY);
	close(obj);

	/* Nor does another filesystem's directory. */
	other = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(other >= 0, "open /");
	CHECK_ERR(ioctl(other, DS_IOC_NOP), ENOTTY);
	close(other);

	/* An unnamed object cannot be opened again through /proc. */
	{
		char path[64];

		obj = t_create(NULL, 0);
		CHECK(obj >= 0, "unnamed object");
		snprintf(path, sizeof(path), "/proc/self/fd/%d", obj);
		CHECK_ERR(open(path, O_RDWR), ENXIO);
		close(obj);
	}

	/* What a directory cannot hold. */
	CHECK_ERR(mkdirat(fd, t_name("dir"), 0700), EPERM);
	CHECK_ERR(mknodat(fd, t_name("node"), S_IFIFO | 0600, 0), EPERM);
	CHECK_ERR(symlinkat("x", fd, t_name("link")), EPERM);
	t_expect_all_freed();
	return 0;
}
