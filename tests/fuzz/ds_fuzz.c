// SPDX-License-Identifier: GPL-2.0
/*
 * ds_fuzz: a randomized fuzzer over the ABI of a DataStack instance (its
 * root directory's ioctls and filesystem calls: open with random flags,
 * unlink, stat, chmod), its object descriptors, io_uring (DataStack's
 * commands with any cmd_op, READ and WRITE SQEs, some forced to an io-wq
 * worker, pending ones left in rings that are then closed), the mount API
 * (fsopen, fsconfig with hostile keys and values, create, fsmount,
 * fspick and reconfigure of a live instance) and /dev/kstack.  Random
 * ioctl numbers and sizes,
 * hostile field values (0, 1, limits +- 1, UINT32_MAX, UINT64_MAX, ...),
 * pointers to inaccessible, read-only, kernel, non-canonical and misaligned
 * memory, random flag bits, read/write/poll, and, from other threads,
 * blocking pops, closes and dup2()s over descriptors in use, with a timer
 * signal interrupting waits.  Reproducible by seed (single-threaded parts
 * exactly; the racing threads add their own schedule).  Built 64-bit and
 * 32-bit.  The run fails only if the kernel reports something (the guest
 * runner checks the log) or the module does not free everything.
 *
 *   ds_fuzz [--iterations N] [--seed X]
 * Prints: iterations run, distinct paths reached: (operation, device,
 * result) triples, where an ioctl number the modules do not know counts as
 * one operation, however many random numbers were tried.
 */
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <linux/io_uring.h>
#include <linux/kstack.h>
#define DS_URING_NO_LIBURING
#include <datastack/uring.h>
#include "../helpers.h"

#define NFD	8
#define NPATHS	4096

static const unsigned int known[] = {
	DS_IOC_CREATE, DS_IOC_STAT, DS_IOC_NOP, DS_IOC_PUSH, DS_IOC_POP,
	DS_IOC_PEEK, DS_IOC_CLEAR, DS_IOC_QUERY, DS_IOC_PUSHV, DS_IOC_POPV,
	DS_IOC_SET_RIGHTS, KSTACK_IOC_THREAD_CONTEXT, KSTACK_IOC_STACK_TRACE,
	KSTACK_IOC_READ_MEMORY, KSTACK_IOC_SYMBOL,
};
#define NKNOWN	(sizeof(known) / sizeof(known[0]))

/* Operations other than the known ioctls, for the path count. */
enum { OP_UNKNOWN_IOCTL = NKNOWN, OP_READ, OP_WRITE, OP_POLL, OP_OPEN,
       OP_UNLINK, OP_STAT, OP_CHMOD, OP_URING_CMD, OP_URING_READ,
       OP_URING_WRITE, OP_FSCONFIG, OP_CREATE_SB, OP_FSMOUNT, OP_RECONFIGURE };
/* What a call was made on. */
enum { ON_DIR, ON_KSTACK, ON_OBJECT, ON_MOUNT };

static const char *const names[] = { "fz0", "fz1", "fz2", "fz3", ".", "..", "",
				      "fz/x" };
#define NNAMES	(sizeof(names) / sizeof(names[0]))

static uint64_t rng;
static int fds[NFD];
static char *rw, *ro;
static uintptr_t noaccess;
static atomic_int stop;
static uint32_t paths[NPATHS];
static int npaths;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t pick(const uint64_t *v, size_t n)
{
	return v[next() % n];
}

static uint64_t any_pointer(void)
{
	const uint64_t p[] = {
		(uintptr_t)rw, (uintptr_t)rw + 1, (uintptr_t)rw + 4093,
		(uintptr_t)ro, 0, 16, noaccess, 0xffffffff81000000ull,
		0xffff888000000000ull, 0x8000000000000000ull, 0x00007ffffffff000ull,
		~0ull, (uintptr_t)rw + 4096 * 15,
	};

	return pick(p, sizeof(p) / sizeof(p[0]));
}

static uint64_t any_value(void)
{
	const uint64_t v[] = {
		0, 1, 2, 7, 8, 9, 15, 16, 17, 255, 256, 4095, 4096, 4097,
		65535, 65536, 1 << 20, (1 << 20) + 1, 0x7fffffff, 0x80000000,
		0xffffffff, 0x100000000ull, ~0ull, 0x8000000000000000ull,
		DS_BATCH_MAX, DS_BATCH_MAX + 1, DS_NAME_MAX, DS_NAME_MAX + 1,
		DS_INFO_SIZE_V1, DS_INFO_SIZE_V1 - 1, DS_RIGHT_ALL, 0x1f00,
	};

	switch (next() % 4) {
	case 0:
		return any_pointer();
	case 1:
		return next();
	default:
		return pick(v, sizeof(v) / sizeof(v[0]));
	}
}

/* Fills an argument buffer with hostile words, sometimes shaped. */
static void *make_arg(unsigned int cmd)
{
	uint64_t *w = (uint64_t *)(rw + 8192);
	size_t i;

	for (i = 0; i < 64; i++)
		w[i] = any_value();
	if (next() % 2) {
		/* Keep the first size field plausible to get past it. */
		((uint32_t *)w)[0] = _IOC_SIZE(cmd) + (next() % 3 ? 0 : 8);
		if (next() % 2)
			((uint32_t *)w)[1] &= 0x31f;	/* plausible flags */
	}
	if (next() % 3 == 0) {
		/* A real name sometimes. */
		const char *n = names[next() % NNAMES];

		strcpy(rw + 12000, n);
		w[1] = (uintptr_t)(rw + 12000);
		((uint32_t *)w)[4] = strlen(n);
	}
	switch (next() % 8) {
	case 0:
		return (void *)(uintptr_t)any_pointer();
	case 1:
		return (char *)w + 1;	/* misaligned */
	default:
		return w;
	}
}

/* A known ioctl as the modules match it (type, number, direction; any size). */
static unsigned int ioctl_op(unsigned int cmd)
{
	unsigned int i;

	for (i = 0; i < NKNOWN; i++)
		if (_IOC_TYPE(cmd) == _IOC_TYPE(known[i]) && _IOC_NR(cmd) == _IOC_NR(known[i]) &&
		    _IOC_DIR(cmd) == _IOC_DIR(known[i]))
			return i;
	return OP_UNKNOWN_IOCTL;
}

/*
 * Counts a distinct (operation, device, result) path; res is a result as
 * io_uring gives it (-errno, or success); success is one result.
 */
static void record_res(unsigned int op, unsigned int on, long res)
{
	uint32_t key = op << 16 | on << 12 | (res < 0 ? (uint32_t)-res & 0xfff : 0xfff);
	int i;

	for (i = 0; i < npaths; i++)
		if (paths[i] == key)
			return;
	if (npaths < NPATHS)
		paths[npaths++] = key;
}

/* The same for a system call's result (-1 and errno). */
static void record(unsigned int op, unsigned int on, long r)
{
	record_res(op, on, r < 0 ? -errno : r);
}

static unsigned int any_cmd(void)
{
	switch (next() % 6) {
	case 0:
		return (unsigned int)next();
	case 1:
		return _IOC(next() % 4, next() % 2 ? DS_IOC_MAGIC : KSTACK_IOC_MAGIC,
			    next() % 32, next() % 1024);
	default:
		return known[next() % NKNOWN];
	}
}

static int ctl_fd, kstack_fd = -1;

/* The instance's own calls, on a random name with random flags. */
static void fs_call(int slot)
{
	const char *name = names[next() % NNAMES];
	struct stat st;
	long r;

	switch (next() % 4) {
	case 0:
		r = openat(ctl_fd, name, (int)(next() & (O_ACCMODE | O_CREAT | O_EXCL |
			   O_TRUNC | O_APPEND | O_NONBLOCK | O_DIRECTORY | O_PATH)),
			   (mode_t)(next() & 07777));
		record(OP_OPEN, ON_DIR, r);
		if (r >= 0) {
			dup2(r, fds[slot]);
			close(r);
		}
		return;
	case 1:
		record(OP_UNLINK, ON_DIR, unlinkat(ctl_fd, name, 0));
		return;
	case 2:
		record(OP_STAT, ON_DIR, fstatat(ctl_fd, name, &st, 0));
		return;
	default:
		record(OP_CHMOD, ON_DIR, fchmodat(ctl_fd, name, next() & 07777, 0));
		return;
	}
}

/* ---- io_uring ---- */

static struct t_ring ring = { .fd = -1 };
static long uring_requests;

/* A new ring, closing the old one with whatever is pending in it. */
static void ring_renew(void)
{
	t_ring_exit(&ring);
	if (t_ring_init(&ring, 16))
		ring.fd = -1;
}

/*
 * One request on an object: a DataStack command (a known cmd_op mostly),
 * a READ or a WRITE, with hostile fields, sometimes forced to an io-wq
 * worker.  Completions are counted as they come; pops and pushes that wait
 * stay pending until served or until their ring is closed.
 */
static void uring_call(int slot)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	unsigned int op;

	if (ring.fd < 0)
		return;
	if (next() % 64 == 0)
		ring_renew();
	sqe = ring.fd < 0 ? NULL : t_ring_sqe(&ring, 0);
	if (!sqe)
		return;
	switch (next() % 4) {
	case 0:
		sqe->opcode = IORING_OP_READ;
		break;
	case 1:
		sqe->opcode = IORING_OP_WRITE;
		break;
	default:
		op = next() % 8 ? 1 + next() % 4 : (unsigned int)next();
		ds_prep_cmd(sqe, fds[slot], op, NULL, any_value(),
			    next() % 2 ? (uint32_t)any_value() : DS_WAIT_NONBLOCK * (next() % 2));
		((struct ds_uring_cmd *)sqe->cmd)->addr = any_pointer();
		if (next() % 4 == 0)
			((struct ds_uring_cmd *)sqe->cmd)->addr = uptr(rw + 4096);
	}
	sqe->user_data = sqe->opcode == IORING_OP_READ ? OP_URING_READ :
			 sqe->opcode == IORING_OP_WRITE ? OP_URING_WRITE : OP_URING_CMD;
	if (sqe->opcode != IORING_OP_URING_CMD) {
		sqe->fd = fds[slot];
		sqe->addr = any_pointer();
		sqe->len = any_value() % 70000;
	}
	if (next() % 4 == 0)
		sqe->flags |= IOSQE_ASYNC;
	if (t_ring_submit(&ring, 0) < 0)
		ring_renew();
	uring_requests++;
	while (ring.fd >= 0 && t_ring_reap(&ring, &cqe))
		record_res(cqe.user_data, ON_OBJECT, cqe.res);
}

/* ---- the mount API ---- */

static const char *const keys[] = {
	"max_objects", "max_bytes", "max_item_size", "mode", "uid", "gid",
	"source", "bogus", "",
};
static const char *const values[] = {
	"0", "1", "2", "4096", "1K", "1k", "64M", "1G", "1T", "1P", "1E", "15E",
	"16E", "17E", "16383P", "16384P", "9999999999999999999", "18446744073709551615",
	"18446744073709551616", "-1", "0x10", "0777", "01777", "017777", "65534",
	"4294967295", "4294967296", "abc", "", "1 K", "1KK",
};
#define PICK(a)	((a)[next() % (sizeof(a) / sizeof((a)[0]))])

static long fsconfig_call(int fs, unsigned int cmd, const char *key,
			  const void *value, int aux)
{
	return syscall(SYS_fsconfig, fs, cmd, key, value, aux);
}

/* A few random parameters for the context fs. */
static void set_params(int fs)
{
	int n = next() % 4;

	while (n--) {
		unsigned int cmd = next() % 6 ? FSCONFIG_SET_STRING : next() % 8;

		record(OP_FSCONFIG, ON_MOUNT,
		       fsconfig_call(fs, cmd, PICK(keys), cmd == FSCONFIG_SET_FLAG ? NULL :
				     next() % 16 ? PICK(values) :
				     (const char *)(uintptr_t)any_pointer(), next() % 3 - 1));
	}
}

/*
 * A new instance from random parameters; when it is made, mounted
 * (detached), an object made in it, then its parameters changed by
 * reconfigure, and all of it dropped.
 */
static void mount_call(void)
{
	int fs = syscall(SYS_fsopen, "datastack", FSOPEN_CLOEXEC), mnt, obj;
	long r;

	if (fs < 0)
		return;
	set_params(fs);
	r = fsconfig_call(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
	record(OP_CREATE_SB, ON_MOUNT, r);
	mnt = r ? -1 : syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
	close(fs);
	if (mnt < 0)
		return;
	record(OP_FSMOUNT, ON_MOUNT, mnt);
	obj = openat(mnt, "x", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (obj >= 0)
		record(OP_WRITE, ON_MOUNT, write(obj, rw, next() % 4096));
	fs = syscall(SYS_fspick, mnt, "", FSPICK_EMPTY_PATH | FSPICK_CLOEXEC);
	if (fs >= 0) {
		set_params(fs);
		record(OP_RECONFIGURE, ON_MOUNT,
		       fsconfig_call(fs, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0));
		close(fs);
	}
	if (obj >= 0)
		close(obj);
	close(mnt);
}

static void one(void)
{
	int fd, slot = next() % NFD;
	unsigned int cmd, on;
	long r;

	switch (next() % 16) {
	case 12:
	case 13:
	case 14:
		uring_call(slot);
		return;
	case 15:
		if (next() % 8 == 0)
			mount_call();
		return;
	case 0: {	/* a fresh object in a slot */
		int nf = t_create_ex(next() % 2 ? NULL : "fz0", next() % 4, next() % 64,
				     next() % 512, 0600,
				     (next() % 2 ? DS_CREATE_FIFO : 0) | DS_NONBLOCK |
				     DS_CREATE_OPEN_IF_EXISTS, 0, NULL);

		if (nf >= 0) {
			dup2(nf, fds[slot]);
			close(nf);
		}
		return;
	}
	case 1:
		r = read(fds[slot], (void *)(uintptr_t)any_pointer(), any_value() % 70000);
		record(OP_READ, ON_OBJECT, r);
		return;
	case 2:
		r = write(fds[slot], (void *)(uintptr_t)any_pointer(), any_value() % 70000);
		record(OP_WRITE, ON_OBJECT, r);
		return;
	case 3: {
		struct pollfd p = { .fd = fds[slot], .events = POLLIN | POLLOUT };

		r = poll(&p, 1, 0);
		record(OP_POLL, ON_OBJECT, r);
		return;
	}
	case 4:
	case 5:
		fs_call(slot);
		return;
	default:
		break;
	}
	cmd = any_cmd();
	switch (next() % 4) {
	case 0:
		fd = ctl_fd;
		on = ON_DIR;
		break;
	case 1:
		fd = kstack_fd >= 0 ? kstack_fd : ctl_fd;
		on = kstack_fd >= 0 ? ON_KSTACK : ON_DIR;
		break;
	default:
		fd = fds[slot];
		on = ON_OBJECT;
	}
	r = ioctl(fd, cmd, make_arg(cmd));
	if (r > 0 && _IOC_NR(cmd) == 1 && _IOC_TYPE(cmd) == DS_IOC_MAGIC &&
	    fd == ctl_fd) {
		/* create made a descriptor: keep it in a slot */
		dup2(r, fds[slot]);
		close(r);
	}
	record(ioctl_op(cmd), on, r);
}

/* Racing thread: blocking pops, closes and dup2 over descriptors in use. */
static void *racer(void *arg)
{
	uint64_t s = (uintptr_t)arg | 1;
	char buf[128];

	while (!atomic_load(&stop)) {
		int slot;
		uint32_t size = sizeof(buf);

		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		slot = s % NFD;
		if (s % 5 == 0) {
			int nf = t_create_ex(NULL, 0, 0, 0, 0600, 0, 0, NULL);

			if (nf >= 0) {
				dup2(nf, fds[slot]);	/* closes whatever was there */
				close(nf);
			}
		} else {
			t_pop_ex(fds[slot], buf, &size, DS_WAIT_TIMEOUT, 1000000, DS_IOC_POP);
		}
	}
	return NULL;
}

/* Unlinks every name the fuzzer may have made. */
static int unlink_leftovers(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < NNAMES; i++)
		if (t_unlink(names[i]) == 0)
			n++;
	return n;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "iterations", required_argument, NULL, 'i' },
		{ "seed", required_argument, NULL, 's' },
		{ 0 }
	};
	long iters = 20000, i;
	uint64_t seed = 1;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
	struct stat dot, dotdot;
	pthread_t t[2];
	int c;

	while ((c = getopt_long(argc, argv, "i:s:", opts, NULL)) != -1) {
		switch (c) {
		case 'i': iters = atol(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	rng = seed ? seed : 1;
	ctl_fd = ctl();
	/* "." and ".." are among the names chmod'ed: put them back after. */
	CHECK(fstatat(ctl_fd, ".", &dot, 0) == 0 &&
	      fstatat(ctl_fd, "..", &dotdot, 0) == 0, "stat the instance root");
	kstack_fd = open("/dev/kstack", O_RDWR | O_CLOEXEC);
	/* The kernel may write anywhere in rw: guard pages on both sides. */
	rw = mmap(NULL, 18 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(rw != MAP_FAILED, "mmap");
	rw += 4096;
	CHECK(mprotect(rw, 16 * 4096, PROT_READ | PROT_WRITE) == 0, "mprotect");
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/*
	 * PROT_NONE, and kept: an address left unmapped would be reused by a
	 * later mmap (a ring's), which the kernel would then write into.
	 */
	noaccess = (uintptr_t)mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(rw != MAP_FAILED && ro != MAP_FAILED && noaccess != (uintptr_t)MAP_FAILED, "mmap");
	for (c = 0; c < NFD; c++) {
		fds[c] = t_create_ex(NULL, 0, 0, 0, 0600, DS_NONBLOCK, 0, NULL);
		CHECK(fds[c] >= 0, "create");
	}
	ring_renew();
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (c = 0; c < 2; c++)
		pthread_create(&t[c], NULL, racer, (void *)(uintptr_t)(seed * 7 + c));
	for (i = 0; i < iters; i++)
		one();
	atomic_store(&stop, 1);
	for (c = 0; c < 2; c++)
		pthread_join(t[c], NULL);
	it = (struct itimerval){ 0 };
	setitimer(ITIMER_REAL, &it, NULL);
	t_ring_exit(&ring);
	for (c = 0; c < NFD; c++)
		close(fds[c]);
	c = unlink_leftovers();
	CHECK(fchmodat(ctl_fd, ".", dot.st_mode & 07777, 0) == 0 &&
	      fchmodat(ctl_fd, "..", dotdot.st_mode & 07777, 0) == 0,
	      "restore the instance root's mode");
	if (kstack_fd >= 0)
		close(kstack_fd);
	printf("ds_fuzz: seed %llu, %ld iterations (%ld io_uring requests), %d distinct "
	       "(operation, device, result) paths, %d persistent objects unlinked, %s\n",
	       (unsigned long long)seed, iters, uring_requests, npaths, c,
	       kstack_fd >= 0 ? "with /dev/kstack" : "without /dev/kstack");
	/* Closed rings finish their pending requests asynchronously. */
	t_wait_all_freed();
	return 0;
}
