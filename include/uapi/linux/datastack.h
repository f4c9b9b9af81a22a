/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_LINUX_DATASTACK_H
#define _UAPI_LINUX_DATASTACK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DS_IOC_MAGIC	0xD5

#endif /* _UAPI_LINUX_DATASTACK_H */
