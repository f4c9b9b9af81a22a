/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test module ds_test_kapi's interface (/dev/ds_test_kapi), shared by
 * the module and tests/ds_kapi.c: user space hands it a DataStack
 * descriptor, and it works on the object through datastack_kernel.h.
 */
#ifndef DS_TEST_KAPI_H
#define DS_TEST_KAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DS_TEST_KAPI_MAX	65536	/* the largest item it moves */

struct ds_test_kapi_req {
	__s32 fd;		/* HOLD: the descriptor */
	__u32 size;		/* PUSH: bytes at buf; POP: buf's size in, item's out */
	__u64 buf;
	__u32 flags;		/* DS_WAIT_* */
	__u32 pad;
	__s64 timeout_ns;
};

#define DS_TEST_KAPI_HOLD	_IOW(0xd7, 1, struct ds_test_kapi_req)
#define DS_TEST_KAPI_PUSH	_IOW(0xd7, 2, struct ds_test_kapi_req)	/* from a kthread */
#define DS_TEST_KAPI_POP	_IOWR(0xd7, 3, struct ds_test_kapi_req)
#define DS_TEST_KAPI_CLEAR	_IO(0xd7, 4)
#define DS_TEST_KAPI_QUERY	_IOR(0xd7, 5, struct ds_info)
#define DS_TEST_KAPI_RELEASE	_IO(0xd7, 6)

#endif
