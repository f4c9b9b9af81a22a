/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipcbench's parts: ipcbench.c (the syscall contenders and the main
 * program) and uring.c (the io_uring contenders, built with liburing).
 */
#ifndef IPCBENCH_H
#define IPCBENCH_H

#include <stdint.h>
#include <sys/types.h>

#define MAX_SIZE	65536
#define DEPTH		64	/* capacity of every channel, in messages */

extern double scale;
extern const char *only;	/* the one contender to run, or NULL */

void die(const char *what);
void fail(const char *what);
uint64_t now_ns(void);
long iters(long n);
long size_iters(long n, int size);
void row(const char *who, const char *workload, long size, const char *metric,
	 double value);
void stamp(char *buf, int len, uint32_t i);
uint32_t unstamp(const char *buf, int len);
void reap(pid_t pid);
int cmp_u64(const void *a, const void *b);
int ds_make_obj(const char *name, unsigned int flags, uint64_t max_items);
void packet_pipe(int fd[2], int size);	/* fd[0] writes, fd[1] reads */

/* uring.c: each workload over every io_uring contender (or a no-op). */
void uring_floor(void);
void uring_pair(int size);
void uring_stream(int size);
void uring_batch(void);
void uring_event_loop(void);

#endif
