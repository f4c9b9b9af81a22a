/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the test programs, compiled once per width into
 * libhelpers.a (the files in tests/helpers/), as liburing's test/helpers.c is.
 *
 * Each test program tests one feature and exits 0 on success, 77 (SKIP)
 * when the kernel lacks what it needs, and 1 with a message naming the
 * failed check otherwise.
 *
 * Slow kernels: with DS_SLOW set (the debug kernels: KASAN, lockdep,
 * KCSAN), every figure a test derives from time or repetition moves by
 * the one factor t_slow_factor(): iteration counts are divided by it
 * (t_iters), time limits and tolerances multiplied by it (t_tol_ns,
 * t_deadline, the t_wait_* helpers).
 *
 * Long runs: a test that loops for breadth (kstack's walks of exiting and
 * blocked threads) runs a short form in make check, and its long form
 * with DS_LONG set (make reliability-report): t_long().
 */
#ifndef DS_TEST_HELPERS_H
#define DS_TEST_HELPERS_H

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/datastack.h>
#include <linux/kstack.h>

#define TEST_SKIP	77
#define NSEC_PER_MSEC	1000000LL
#define NSEC_PER_SEC	1000000000LL

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s: ",		\
			__FILE__, __LINE__, #cond);			\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, " (errno %d %s)\n", errno, strerror(errno)); \
		exit(1);						\
	}								\
} while (0)

/* Expect a -1/errno failure with a given errno. */
#define CHECK_ERR(expr, err) do {					\
	errno = 0;							\
	long _r = (long)(expr);						\
	if (_r != -1 || errno != (err)) {				\
		fprintf(stderr, "%s:%d: %s: want errno %d (%s), got %ld errno %d (%s)\n", \
			__FILE__, __LINE__, #expr, (err), strerror(err), \
			_r, errno, strerror(errno));			\
		exit(1);						\
	}								\
} while (0)

/* A check that reports and lets the test go on; t_finish() fails it. */
extern int t_failures;
#define SOFT_CHECK(cond, ...) ({					\
	int _ok = !!(cond);						\
	if (!_ok) {							\
		fprintf(stderr, "%s:%d: check failed: %s: ",		\
			__FILE__, __LINE__, #cond);			\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		t_failures++;						\
	}								\
	_ok;								\
})

/* ---- common.c: skipping, the slow-kernel policy, names, time ---- */
void test_skip(const char *why) __attribute__((noreturn));
int t_open_device(const char *path, int flags, const char *module);	/* or SKIP */
int t_slow_factor(void);		/* 10 with DS_SLOW set, else 1 */
bool t_slow(void);
bool t_long(void);			/* DS_LONG set: the long form */
long t_iters(long normal);		/* normal / t_slow_factor(), at least 1 */
int64_t t_tol_ns(int64_t normal);	/* normal * t_slow_factor() */
void t_deadline(unsigned int seconds);	/* SIGALRM (a FAIL) after that long */
const char *t_name(const char *base);	/* "base.PID", 8 rotating buffers */
int64_t t_now_ns(void);			/* CLOCK_MONOTONIC */
void t_sleep_ms(long ms);
int t_wait_flag(int *flag, long ms);	/* waits for *flag != 0; returns it */
int t_wait_child(pid_t pid, long ms);	/* its exit code; kills and fails late */
void *t_shared(size_t size);		/* MAP_SHARED|MAP_ANONYMOUS, zeroed */
int64_t t_report_latency(const char *what, int64_t *ns, int n);
long t_read_long(const char *path);	/* a number from a file, -1 if none */

/* Runs fn(arg) in a child as user and group nobody; its exit status. */
#define T_NOBODY	65534
int as_nobody(int (*fn)(void *), void *arg);
void t_become_nobody(void);		/* this process, now */
bool can_be_nobody(void);		/* only root can become nobody */

static inline uint64_t uptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* ---- abi.c: the DataStack ABI, raw (ioctl's -1 and errno) ---- */
const char *t_instance_dir(void);	/* $DATASTACK_DIR or /dev/datastack */
int test_ctl_open(void);		/* the instance's root directory, or SKIP */
int ctl(void);				/* test_ctl_open(), once */
void ctl_forget(void);			/* a child opens its own next time */
int t_create_ex(const char *name, uint64_t max_items, uint64_t max_item_size,
		uint64_t max_bytes, unsigned int mode, unsigned int flags,
		unsigned int rights, unsigned int *result);
int t_create(const char *name, unsigned int flags);
int t_open(const char *name, unsigned int rights, unsigned int flags);
int t_unlink(const char *name);
int t_open_mode(unsigned int rights);	/* O_RDONLY, O_WRONLY or O_RDWR */
int t_stat_name(const char *name, struct ds_info *info);	/* DS_IOC_STAT */
const char *t_mount_instance(const char *opts);	/* a private instance, or NULL */
void t_use_instance(const char *dir);	/* ctl() is now that instance */
int t_push_ex(int fd, const void *data, uint32_t size, uint32_t flags,
	      int64_t timeout_ns);
int t_push(int fd, const void *data, uint32_t size);	/* non-blocking */
int t_pop_ex(int fd, void *buf, uint32_t *size, uint32_t flags,
	     int64_t timeout_ns, unsigned long cmd);
int t_pop(int fd, void *buf, uint32_t *size);		/* non-blocking */
int t_peek(int fd, void *buf, uint32_t *size);
int t_pop_wait(int fd, void *buf, uint32_t *size, uint32_t flags,
	       int64_t timeout_ns);
int t_batch(int fd, unsigned long cmd, struct ds_iovec *iov, uint32_t count,
	    uint32_t flags, int64_t timeout_ns);
int t_query(int fd, struct ds_info *info);
struct ds_info t_info(int fd);		/* query, or fail */
long t_stat(const char *what);		/* /sys/module/datastack/stats/WHAT */
void t_expect_all_freed(void);
void t_wait_all_freed(void);	/* as above, allowing 10 s for late releases */
void t_wait_waiters(int fd, uint32_t n);
void t_wait_state(int fd, uint64_t count, uint32_t waiters);

/* ---- kstack.c: the KStack ABI and kernel symbols ---- */
struct kst_sym {
	uint64_t addr;
	size_t line;
	char name[80];
	char module[40];
};

int kst_open(void);			/* /dev/kstack, or SKIP */
int kst_ctx(int fd, pid_t tid, struct kstack_thread_ctx *c);
int kst_trace(int fd, pid_t tid, __u64 *ent, uint32_t max, uint32_t *info);
int kst_read(int fd, pid_t tid, __u64 addr, void *buf, uint32_t len,
	     uint32_t *copied);
size_t kst_load_syms(void);		/* text symbols; 0 when hidden */
const struct kst_sym *kst_symbols(size_t *n);
const struct kst_sym *kst_sym_of(uint64_t return_address);
uint64_t kst_sym_addr(const char *name);	/* a core kernel symbol, or 0 */
int kst_in_sched(uint64_t a);		/* scheduler or locking text? */
int kst_proc_stack(pid_t pid, pid_t tid, char *out, size_t len);
char kst_proc_state(pid_t pid, pid_t tid);
void kst_drop_cap(unsigned int cap);	/* from the effective and permitted sets */
/* A child that runs setup (if any), then sleeps in pause() until killed. */
pid_t kst_sleeper(void (*setup)(void));
/*
 * The kstack tool's path ($DS_BUILD/bin/kstack), or SKIP; on a slow kernel
 * SKIP for a 32-bit test or one of the tool's user-space work (user_only).
 */
void kst_tool(char *path, size_t len, bool user_only);

/*
 * ---- ring.c: a raw io_uring (no liburing: 64- and 32-bit) ----
 * The caller includes <linux/io_uring.h> for the SQE and CQE; SQEs come
 * zeroed but for their user data, and go to the kernel with the next
 * t_ring_submit().  Errors are -errno.
 */
struct io_uring_sqe;
struct io_uring_cqe;
struct t_ring {
	int fd;
	unsigned int entries, tail, sq_mask, cq_mask;
	unsigned int *sq_head, *sq_tail, *cq_head, *cq_tail;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	void *sq_ring, *cq_ring;
	size_t sq_len, cq_len, sqes_len;
};
int t_ring_init(struct t_ring *r, unsigned int entries);
void t_ring_exit(struct t_ring *r);	/* pending requests are cancelled */
struct io_uring_sqe *t_ring_sqe(struct t_ring *r, uint64_t user_data); /* NULL: full */
int t_ring_submit(struct t_ring *r, unsigned int wait_nr);	/* SQEs taken */
bool t_ring_reap(struct t_ring *r, struct io_uring_cqe *cqe);	/* one, if any */

#endif /* DS_TEST_HELPERS_H */
