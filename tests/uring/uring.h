/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers of the io_uring tests (header-only: only they link liburing). */
#ifndef DS_TEST_URING_H
#define DS_TEST_URING_H

#include <dirent.h>
#include <liburing.h>
#include <datastack/uring.h>
#include "../helpers.h"

static inline void u_init(struct io_uring *ring, unsigned int entries)
{
	int r = io_uring_queue_init(entries, ring, 0);

	if (r == -ENOSYS || r == -EPERM)
		test_skip("io_uring is not available");
	CHECK(r == 0, "io_uring_queue_init: %s", strerror(-r));
}

static inline struct io_uring_sqe *u_sqe(struct io_uring *ring, uint64_t data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	CHECK(sqe, "no SQE");
	io_uring_sqe_set_data64(sqe, data);
	return sqe;
}

/* Waits for one completion (at most 10 s, x slow); returns res, *data. */
static inline int u_wait(struct io_uring *ring, uint64_t *data)
{
	struct __kernel_timespec ts = { .tv_sec = 10 * t_slow_factor() };
	struct io_uring_cqe *cqe;
	int r = io_uring_wait_cqe_timeout(ring, &cqe, &ts), res;

	CHECK(r == 0, "no completion: %s", strerror(-r));
	res = cqe->res;
	if (data)
		*data = cqe->user_data;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

/* No completion ready now. */
static inline bool u_none(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;

	return io_uring_peek_cqe(ring, &cqe) == -EAGAIN;
}

/* The io-wq workers of this process (threads named iou-wrk-*). */
static inline int u_workers(void)
{
	char path[300], name[64];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/task");
	int n = 0;
	FILE *f;

	CHECK(dir, "/proc/self/task");
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", d->d_name);
		f = fopen(path, "r");
		if (f && fgets(name, sizeof(name), f) && !strncmp(name, "iou-wrk", 7))
			n++;
		if (f)
			fclose(f);
	}
	closedir(dir);
	return n;
}

#endif
