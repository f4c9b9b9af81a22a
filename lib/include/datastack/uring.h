/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * DataStack over io_uring, with liburing (ds_prep_push(3)): prepare an
 * IORING_OP_URING_CMD SQE that pushes, pops or does a batch on an object
 * descriptor, as io_uring_prep_read() prepares a read.  Header-only: a
 * program that includes it links with -luring itself; libdatastack does
 * not depend on liburing.  The command and its results are described in
 * <linux/datastack.h> ("io_uring").
 *
 *   ds_prep_push(sqe, fd, data, size, flags)   cqe->res: 0
 *   ds_prep_pop(sqe, fd, buf, size, flags)     cqe->res: the item's size
 *   ds_prep_pushv(sqe, fd, iov, count, flags)  cqe->res: items pushed
 *   ds_prep_popv(sqe, fd, iov, count, flags)   cqe->res: items popped
 *
 * flags: 0 (a pop waits, pending in the ring, for an item; a push for
 * room) or DS_WAIT_NONBLOCK.  The SQE is cleared but for its user data, as
 * liburing's own io_uring_prep_*() leave it.
 *
 * A program that drives io_uring without liburing defines
 * DS_URING_NO_LIBURING first: then the SQE is the kernel's own, from
 * <linux/io_uring.h>.
 */
#ifndef LIBDATASTACK_URING_H
#define LIBDATASTACK_URING_H

#include <stdint.h>
#include <string.h>
#ifdef DS_URING_NO_LIBURING
#include <linux/io_uring.h>
#else
#include <liburing.h>
#endif
#include <linux/datastack.h>

static inline void ds_prep_cmd(struct io_uring_sqe *sqe, int fd, unsigned int op,
			       const void *addr, unsigned int len, unsigned int flags)
{
	struct ds_uring_cmd *c = (struct ds_uring_cmd *)sqe->cmd;
	__u64 user_data = sqe->user_data;

	memset(sqe, 0, sizeof(*sqe));
	sqe->user_data = user_data;
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = op;
	c->addr = (__u64)(uintptr_t)addr;
	c->len = len;
	c->flags = flags;
}

static inline void ds_prep_push(struct io_uring_sqe *sqe, int fd, const void *data,
				unsigned int size, unsigned int flags)
{
	ds_prep_cmd(sqe, fd, DS_URING_PUSH, data, size, flags);
}

static inline void ds_prep_pop(struct io_uring_sqe *sqe, int fd, void *buf,
			       unsigned int size, unsigned int flags)
{
	ds_prep_cmd(sqe, fd, DS_URING_POP, buf, size, flags);
}

static inline void ds_prep_pushv(struct io_uring_sqe *sqe, int fd,
				 const struct ds_iovec *iov, unsigned int count,
				 unsigned int flags)
{
	ds_prep_cmd(sqe, fd, DS_URING_PUSHV, iov, count, flags);
}

static inline void ds_prep_popv(struct io_uring_sqe *sqe, int fd, struct ds_iovec *iov,
				unsigned int count, unsigned int flags)
{
	ds_prep_cmd(sqe, fd, DS_URING_POPV, iov, count, flags);
}

#endif /* LIBDATASTACK_URING_H */
