// SPDX-License-Identifier: GPL-2.0
/* The control device: present, mode 0666, unknown ioctls answer ENOTTY. */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/datastack.h>
#include "helpers.h"

int main(void)
{
	struct stat st;
	int fd = test_ctl_open();

	CHECK(stat("/dev/datastack", &st) == 0, "stat");
	CHECK(S_ISCHR(st.st_mode), "is a character device");
	CHECK((st.st_mode & 07777) == 0666, "mode %o", st.st_mode & 07777);

	CHECK_ERR(ioctl(fd, _IO(DS_IOC_MAGIC, 0xff)), ENOTTY);
	CHECK_ERR(ioctl(fd, _IO('x', 1)), ENOTTY);
	CHECK_ERR(ioctl(fd, 0), ENOTTY);
	close(fd);
	return 0;
}
