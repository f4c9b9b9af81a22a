// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: every allocation of create (named and unnamed), open
 * (of an existing name, and with O_CREAT), stat, query, push (small, and
 * 64 KiB: pages, then vmalloc), write(2), batch push and pop, the mount
 * and the remount of an instance, and the io_uring commands (push, batch
 * push, and a pop that waits in the ring) is failed in turn (failslab and
 * fail_page_alloc through the task's fail-nth, so only this task's
 * allocations fail).  Each call must either succeed or fail with ENOMEM
 * (io_uring may also refuse the submission with EAGAIN), leave no partial
 * object, name or item behind, keep the items it did not take, and free
 * everything (the module's counters return to zero).  SKIP on kernels
 * without fault injection.
 */
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>
#define DS_URING_NO_LIBURING
#include <datastack/uring.h>
#include "helpers.h"

static char fail_nth[64];
static int nth_fd = -1;	/* kept open: opening it would allocate */

static void write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	CHECK(f && fputs(val, f) >= 0 && fclose(f) == 0, "write %s", path);
}

static void arm(int n)
{
	char v[16];
	int len = snprintf(v, sizeof(v), "%d", n);

	CHECK(pwrite(nth_fd, v, len, 0) == len, "arm fail-nth");
}

/*
 * Returns true if the armed fault was injected, and disarms; called right
 * after the operation, before any other system call could take the fault.
 */
static bool injected(void)
{
	char v[16] = "";
	ssize_t n = pread(nth_fd, v, sizeof(v) - 1, 0);

	CHECK(pwrite(nth_fd, "0", 1, 0) == 1, "disarm fail-nth");
	CHECK(n > 0, "read fail-nth");
	return atoi(v) == 0;
}

enum op { OP_CREATE, OP_CREATE_UNNAMED, OP_OPEN, OP_OPEN_CREAT, OP_STAT,
	  OP_QUERY, OP_PUSH, OP_PUSH_BIG, OP_WRITE, OP_PUSHV, OP_POPV, OP_MOUNT,
	  OP_REMOUNT, OP_URING_PUSH, OP_URING_PUSHV, OP_URING_POP_WAIT, OP_NR };
static const char *const op_names[] = {
	"create", "create unnamed", "open", "open O_CREAT", "stat", "query", "push",
	"push 64 KiB", "write", "pushv", "popv", "mount", "remount", "io_uring push",
	"io_uring pushv", "io_uring pop that waits",
};
#define BIG	(64 * 1024)

static struct t_ring ring;
static bool ring_stale;	/* a refused SQE is still in it */

static bool uring_op(enum op op)
{
	return op >= OP_URING_PUSH;
}

/*
 * Submits one command and returns its result as a system call does (-1
 * and errno on failure); a pop that waits returns 0 with *pending set.
 */
static int uring_one(int fd, unsigned int cmd, const void *addr, unsigned int len,
		     bool *pending)
{
	struct io_uring_cqe cqe;
	int r;

	ds_prep_cmd(t_ring_sqe(&ring, 1), fd, cmd, addr, len, 0);
	r = t_ring_submit(&ring, 0);
	if (r != 1) {
		ring_stale = true;
		errno = r < 0 ? -r : EAGAIN;
		return -1;
	}
	*pending = !t_ring_reap(&ring, &cqe);
	if (*pending)
		return 0;
	errno = cqe.res < 0 ? -cqe.res : 0;
	return cqe.res < 0 ? -1 : cqe.res;
}

/* A pop pending in the ring gets the item pushed now. */
static void serve_pending(int obj)
{
	struct io_uring_cqe cqe;

	CHECK(t_push(obj, "served", 6) == 0, "push to the pending pop");
	CHECK(t_ring_submit(&ring, 1) >= 0 && t_ring_reap(&ring, &cqe), "no completion");
	CHECK(cqe.res == 6, "the pending pop: %d", cqe.res);
}

/* max_bytes of the instance at dir, as statfs() shows it. */
static uint64_t max_bytes(const char *dir)
{
	struct statfs64 sf;

	CHECK(statfs64(dir, &sf) == 0, "statfs");
	return (uint64_t)sf.f_blocks * sf.f_bsize;
}

/* The ops that make the name (none must be left when they fail). */
static bool makes_name(enum op op)
{
	return op == OP_CREATE || op == OP_OPEN_CREAT;
}

/* The items op leaves in obj when it returns r: the ones it did not take. */
static uint64_t items_after(enum op op, int r)
{
	switch (op) {
	case OP_PUSH:
	case OP_PUSH_BIG:
	case OP_WRITE:
	case OP_URING_PUSH:
		return r < 0 ? 0 : 1;
	case OP_PUSHV:
	case OP_URING_PUSHV:
		return r < 0 ? 0 : r;
	case OP_POPV:
		return r < 0 ? 8 : 8 - r;
	default:
		return 0;
	}
}

/* Runs op once with the n-th allocation failing; true when all were covered. */
static bool try_op(enum op op, int n, const char *name)
{
	static char data[BIG] = "payload";
	char dir[] = "/tmp/failslab.XXXXXX", bufs[8][16];
	struct ds_iovec iov[8];
	struct ds_batch b;
	int fd = -1, obj = -1, r, i, done;
	bool pending = false;
	struct ds_info st;
	uint64_t before = 0;

	if (!makes_name(op) && op != OP_CREATE_UNNAMED && op != OP_MOUNT && op != OP_REMOUNT) {
		obj = t_create_ex(name, 0, 0, 0, 0600, DS_CREATE_PERSISTENT, 0, NULL);
		CHECK(obj >= 0, "setup create");
	}
	if (op == OP_MOUNT || op == OP_REMOUNT)
		CHECK(mkdtemp(dir), "mkdtemp");
	if (op == OP_REMOUNT) {
		CHECK(mount("none", dir, "datastack", 0, "max_bytes=2M") == 0, "setup mount");
		before = max_bytes(dir);
	}
	for (i = 0; i < 8; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(data), .len = i ? 8 : 3000 };
	if (op == OP_POPV) {
		CHECK(t_batch(obj, DS_IOC_PUSHV, iov, 8, DS_WAIT_NONBLOCK, 0) == 8, "setup");
		for (i = 0; i < 8; i++)
			iov[i] = (struct ds_iovec){ .base = uptr(i ? bufs[i] : data), .len = i ? 16 : 3000 };
	}
	b = (struct ds_batch){ .iov = uptr(iov), .count = 8, .flags = DS_WAIT_NONBLOCK };

	arm(n);
	switch (op) {
	case OP_CREATE:
		r = fd = t_create_ex(name, 0, 0, 0, 0600, DS_CREATE_PERSISTENT, 0, NULL);
		break;
	case OP_CREATE_UNNAMED:
		r = fd = t_create(NULL, 0);
		break;
	case OP_OPEN:
		r = fd = t_open(name, DS_RIGHT_ALL, 0);
		break;
	case OP_OPEN_CREAT:
		r = fd = openat(ctl(), name, O_RDWR | O_CREAT | O_EXCL, 0600);
		break;
	case OP_STAT:
		r = t_stat_name(name, &st);
		break;
	case OP_QUERY:
		r = t_query(obj, &st);
		break;
	case OP_MOUNT:
		r = mount("none", dir, "datastack", 0, NULL);
		break;
	case OP_REMOUNT:
		r = mount(NULL, dir, NULL, MS_REMOUNT, "max_bytes=1M");
		break;
	case OP_PUSH:
		r = t_push(obj, data, 3000);
		break;
	case OP_PUSH_BIG:
		r = t_push(obj, data, BIG);
		break;
	case OP_WRITE:
		r = write(obj, data, 3000);
		break;
	case OP_PUSHV:
		r = ioctl(obj, DS_IOC_PUSHV, &b);
		break;
	case OP_POPV:
		r = ioctl(obj, DS_IOC_POPV, &b);
		break;
	case OP_URING_PUSH:
		r = uring_one(obj, DS_URING_PUSH, data, 3000, &pending);
		break;
	case OP_URING_PUSHV:
		r = uring_one(obj, DS_URING_PUSHV, iov, 8, &pending);
		break;
	default:
		r = uring_one(obj, DS_URING_POP, data, sizeof(data), &pending);
		break;
	}
	done = !injected();
	CHECK(r >= 0 || errno == ENOMEM || (uring_op(op) && errno == EAGAIN),
	      "%s with allocation %d failing: r=%d", op_names[op], n, r);
	if (ring_stale) {
		t_ring_exit(&ring);
		CHECK(t_ring_init(&ring, 4) == 0, "io_uring_setup");
		ring_stale = false;
	}

	if (makes_name(op) && r < 0)
		CHECK_ERR(t_open(name, DS_RIGHT_ALL, 0), ENOENT);
	if (op == OP_MOUNT) {
		CHECK(r < 0 || umount(dir) == 0, "umount");
		rmdir(dir);
	}
	if (op == OP_REMOUNT) {
		CHECK(max_bytes(dir) == (r < 0 ? before : 1 << 20), "remount %d: max_bytes %llu",
		      r, (unsigned long long)max_bytes(dir));
		CHECK(umount(dir) == 0, "umount");
		rmdir(dir);
	}
	if (pending)
		serve_pending(obj);
	if (obj >= 0) {
		struct ds_info info;

		CHECK(t_query(obj, &info) == 0, "query");
		CHECK(info.count == items_after(op, r), "%s %d: count %llu after r=%d",
		      op_names[op], n, (unsigned long long)info.count, r);
	}
	if (fd >= 0)
		close(fd);
	if (obj >= 0)
		close(obj);
	if ((r >= 0 && makes_name(op)) || obj >= 0)
		CHECK(t_unlink(name) == 0, "unlink");
	t_expect_all_freed();
	return done;
}

int main(void)
{
	const char *name = t_name("failslab");
	int op, n, covered, r;

	snprintf(fail_nth, sizeof(fail_nth), "/proc/self/task/%ld/fail-nth",
		 (long)syscall(SYS_gettid));
	if (access(fail_nth, W_OK) != 0)
		test_skip("no fault injection in this kernel (fail-nth)");
	if (access("/sys/kernel/debug/failslab/ignore-gfp-wait", W_OK) != 0)
		test_skip("failslab not in debugfs");
	ctl();
	CHECK(t_mount_instance(NULL), "a first private mount (the namespace)");
	nth_fd = open(fail_nth, O_RDWR | O_CLOEXEC);
	CHECK(nth_fd >= 0, "open fail-nth");
	t_unlink(name);
	r = t_ring_init(&ring, 4);
	CHECK(r == 0 || r == -ENOSYS || r == -EPERM, "io_uring_setup: %d", r);
	/* GFP_KERNEL allocations may fail too, order-0 pages included. */
	write_file("/sys/kernel/debug/failslab/ignore-gfp-wait", "N");
	write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N");
	write_file("/sys/kernel/debug/fail_page_alloc/min-order", "0");
	write_file("/sys/kernel/debug/failslab/verbose", "0");
	write_file("/sys/kernel/debug/fail_page_alloc/verbose", "0");

	for (op = 0; op < OP_NR; op++) {
		if (uring_op(op) && ring.fd < 0) {
			printf("%s: no io_uring\n", op_names[op]);
			continue;
		}
		covered = 0;
		for (n = 1; n < 200 && !covered; n++)
			covered = try_op(op, n, name);
		CHECK(covered, "%s: more than 200 allocation points?", op_names[op]);
		printf("%s: %d allocation points failed in turn, all clean\n", op_names[op], n - 1);
	}
	write_file("/sys/kernel/debug/failslab/ignore-gfp-wait", "Y");
	write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "Y");
	return 0;
}
