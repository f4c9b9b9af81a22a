// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal io_uring of the tests' own, on the raw system calls: setup,
 * the three mappings, SQEs in order, one enter, completions as they come.
 * No liburing, so that it builds 32-bit too (Debian has no 32-bit
 * liburing) and so that a 32-bit process's io_uring path is tested.
 * The SQ ring's index array is filled in order once, at setup.
 */
#include <sys/syscall.h>
#include <linux/io_uring.h>
#include "../helpers.h"

/* The kernel's ring fields are written by one side and read by the other. */
static unsigned int load_acquire(const unsigned int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_release(unsigned int *p, unsigned int v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static void *map_ring(int fd, size_t len, off_t off)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, off);

	return p == MAP_FAILED ? NULL : p;
}

int t_ring_init(struct t_ring *r, unsigned int entries)
{
	struct io_uring_params p = { 0 };
	unsigned int i;
	void *sq, *cq;

	memset(r, 0, sizeof(*r));
	r->fd = syscall(__NR_io_uring_setup, entries, &p);
	if (r->fd < 0)
		return -errno;
	r->sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	r->cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	r->sqes_len = p.sq_entries * sizeof(struct io_uring_sqe);
	sq = map_ring(r->fd, r->sq_len, IORING_OFF_SQ_RING);
	cq = map_ring(r->fd, r->cq_len, IORING_OFF_CQ_RING);
	r->sqes = map_ring(r->fd, r->sqes_len, IORING_OFF_SQES);
	r->sq_ring = sq;
	r->cq_ring = cq;
	if (!sq || !cq || !r->sqes) {
		int err = -errno;

		t_ring_exit(r);
		return err;
	}
	r->sq_tail = (unsigned int *)((char *)sq + p.sq_off.tail);
	r->sq_mask = *(unsigned int *)((char *)sq + p.sq_off.ring_mask);
	r->cq_head = (unsigned int *)((char *)cq + p.cq_off.head);
	r->cq_tail = (unsigned int *)((char *)cq + p.cq_off.tail);
	r->cq_mask = *(unsigned int *)((char *)cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)((char *)cq + p.cq_off.cqes);
	r->sq_head = (unsigned int *)((char *)sq + p.sq_off.head);
	r->entries = p.sq_entries;
	for (i = 0; i < p.sq_entries; i++)
		((unsigned int *)((char *)sq + p.sq_off.array))[i] = i;
	r->tail = *r->sq_tail;
	return 0;
}

void t_ring_exit(struct t_ring *r)
{
	if (r->sqes)
		munmap(r->sqes, r->sqes_len);
	if (r->cq_ring)
		munmap(r->cq_ring, r->cq_len);
	if (r->sq_ring)
		munmap(r->sq_ring, r->sq_len);
	if (r->fd >= 0)
		close(r->fd);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

struct io_uring_sqe *t_ring_sqe(struct t_ring *r, uint64_t user_data)
{
	struct io_uring_sqe *sqe;

	if (r->tail - load_acquire(r->sq_head) >= r->entries)
		return NULL;
	sqe = &r->sqes[r->tail & r->sq_mask];
	memset(sqe, 0, sizeof(*sqe));
	sqe->user_data = user_data;
	r->tail++;
	return sqe;
}

/* Submits every SQE the kernel has not taken yet (a refused one too). */
int t_ring_submit(struct t_ring *r, unsigned int wait_nr)
{
	unsigned int n = r->tail - load_acquire(r->sq_head);
	int ret;

	store_release(r->sq_tail, r->tail);
	ret = syscall(__NR_io_uring_enter, r->fd, n, wait_nr,
		      wait_nr ? IORING_ENTER_GETEVENTS : 0, NULL, 0);
	return ret < 0 ? -errno : ret;
}

bool t_ring_reap(struct t_ring *r, struct io_uring_cqe *cqe)
{
	unsigned int head = *r->cq_head;

	if (head == load_acquire(r->cq_tail))
		return false;
	*cqe = r->cqes[head & r->cq_mask];
	store_release(r->cq_head, head + 1);
	return true;
}
