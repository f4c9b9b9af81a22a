// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: every allocation of create (named and unnamed), open
 * (of an existing name, and with O_CREAT), stat, push, batch push and the
 * mount of an instance is failed in turn (failslab and fail_page_alloc through the task's fail-nth,
 * so only this task's allocations fail).  Each call must either succeed or
 * fail with ENOMEM, leave no partial object or name behind, and free
 * everything (the module's counters return to zero).  SKIP on kernels
 * without fault injection.
 */
#include <sys/mount.h>
#include <sys/syscall.h>
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
	  OP_PUSH, OP_PUSHV, OP_MOUNT, OP_NR };
static const char *const op_names[] = {
	"create", "create unnamed", "open", "open O_CREAT", "stat", "push", "pushv",
	"mount",
};

/* The ops that make the name (none must be left when they fail). */
static bool makes_name(enum op op)
{
	return op == OP_CREATE || op == OP_OPEN_CREAT;
}

/* Runs op once with the n-th allocation failing; true when all were covered. */
static bool try_op(enum op op, int n, const char *name)
{
	char data[3000] = "payload";
	struct ds_iovec iov[8];
	struct ds_batch b;
	int fd = -1, obj = -1, r, i, done;

	char dir[] = "/tmp/failslab.XXXXXX";
	struct ds_info st;

	if (!makes_name(op) && op != OP_CREATE_UNNAMED && op != OP_MOUNT) {
		obj = t_create_ex(name, 0, 0, 0, 0600, DS_CREATE_PERSISTENT, 0, NULL);
		CHECK(obj >= 0, "setup create");
	}
	if (op == OP_MOUNT)
		CHECK(mkdtemp(dir), "mkdtemp");
	for (i = 0; i < 8; i++)
		iov[i] = (struct ds_iovec){ .base = uptr(data), .len = i ? 8 : 3000 };
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
	case OP_MOUNT:
		r = mount("none", dir, "datastack", 0, NULL);
		break;
	case OP_PUSH:
		r = t_push(obj, data, 3000);
		break;
	default:
		r = ioctl(obj, DS_IOC_PUSHV, &b);
		break;
	}
	done = !injected();
	CHECK(r >= 0 || errno == ENOMEM, "%s with allocation %d failing: r=%d", op_names[op], n, r);

	if (makes_name(op) && r < 0)
		CHECK_ERR(t_open(name, DS_RIGHT_ALL, 0), ENOENT);
	if (op == OP_MOUNT) {
		CHECK(r < 0 || umount(dir) == 0, "umount");
		rmdir(dir);
	}
	if (op == OP_PUSH || op == OP_PUSHV) {
		struct ds_info info;

		CHECK(t_query(obj, &info) == 0, "query");
		CHECK(info.count == (uint64_t)(r < 0 ? 0 : op == OP_PUSH ? 1 : r),
		      "%s %d: count %llu after r=%d", op_names[op], n,
		      (unsigned long long)info.count, r);
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
	int op, n, covered;

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
	/* GFP_KERNEL allocations may fail too, order-0 pages included. */
	write_file("/sys/kernel/debug/failslab/ignore-gfp-wait", "N");
	write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N");
	write_file("/sys/kernel/debug/fail_page_alloc/min-order", "0");
	write_file("/sys/kernel/debug/failslab/verbose", "0");
	write_file("/sys/kernel/debug/fail_page_alloc/verbose", "0");

	for (op = 0; op < OP_NR; op++) {
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
