// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/kstack's ABI: the device node, unknown commands, the size/flags
 * rules for growing structures, and every errno the header documents that
 * a well-behaved caller can provoke.  Built 32-bit too (compat_ioctl).
 */
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "helpers.h"

static pid_t dead_tid(void)
{
	pid_t pid = fork();

	CHECK(pid >= 0, "fork");
	if (!pid)
		_exit(0);
	CHECK(waitpid(pid, NULL, 0) == pid, "waitpid");
	return pid;
}

static void test_node(void)
{
	struct stat st;

	CHECK(stat("/dev/kstack", &st) == 0, "stat /dev/kstack");
	CHECK(S_ISCHR(st.st_mode), "not a character device");
	CHECK((st.st_mode & 07777) == 0600, "mode %o", st.st_mode & 07777);
	CHECK(st.st_uid == 0 && st.st_gid == 0, "owner %d:%d", st.st_uid,
	      st.st_gid);
}

static void test_commands(int fd)
{
	struct kstack_thread_ctx c = { .size = sizeof(c), .tid = getpid() };

	CHECK_ERR(ioctl(fd, _IO(KSTACK_IOC_MAGIC, 1)), ENOTTY);
	CHECK_ERR(ioctl(fd, _IOR(KSTACK_IOC_MAGIC, 1, c), &c), ENOTTY);
	CHECK_ERR(ioctl(fd, _IOWR(KSTACK_IOC_MAGIC, 0, c), &c), ENOTTY);
	CHECK_ERR(ioctl(fd, _IOWR(KSTACK_IOC_MAGIC, 5, c), &c), ENOTTY);
	CHECK_ERR(ioctl(fd, _IOWR('x', 1, c), &c), ENOTTY);
	CHECK_ERR(ioctl(fd, 0), ENOTTY);
	CHECK_ERR(lseek(fd, 0, SEEK_SET), ESPIPE);
}

static void test_ctx(int fd)
{
	struct {
		struct kstack_thread_ctx c;
		__u64 extra[4];
	} big;
	static char huge[8192];
	struct kstack_thread_ctx c;
	pid_t self = (pid_t)syscall(SYS_gettid);

	CHECK(kst_ctx(fd, self, &c) == 0, "THREAD_CONTEXT self");
	CHECK(c.size == sizeof(c) && c.tgid == getpid(), "size %u tgid %d",
	      c.size, c.tgid);
	CHECK(c.info & KSTACK_INFO_SELF, "info %#x", c.info);

	/* The first version's size: served, nothing written past it. */
	memset(&c, 0xa5, sizeof(c));
	c.size = KSTACK_THREAD_CTX_SIZE_VER0;
	c.flags = 0;
	c.tid = self;
	memset(c.reserved, 0, sizeof(c.reserved));
	CHECK(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, &c) == 0, "version 0 size");
	CHECK(c.size == KSTACK_THREAD_CTX_SIZE_VER0 && c.tgid == getpid(),
	      "version 0: size %u", c.size);
	CHECK(c.switches == 0xa5a5a5a5a5a5a5a5ull && c.regs.ss == c.switches,
	      "written past the version 0 size");

	/* Too small, unknown flags, reserved bytes, bad ids. */
	kst_ctx(fd, self, &c);
	c.size = KSTACK_THREAD_CTX_SIZE_VER0 - 8;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, &c), EINVAL);
	c.size = 0;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, &c), EINVAL);
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.tid = self;
	c.flags = 1;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, &c), EINVAL);
	c.flags = 0x80000000;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, &c), EINVAL);
	c.flags = 0;
	c.reserved[6] = 1;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, &c), EINVAL);
	CHECK_ERR(kst_ctx(fd, -1, &c), EINVAL);
	CHECK_ERR(kst_ctx(fd, 0, &c), ESRCH);
	CHECK_ERR(kst_ctx(fd, 0x7fffffff, &c), ESRCH);
	CHECK_ERR(kst_ctx(fd, dead_tid(), &c), ESRCH);

	/* A newer, larger structure: zero tail accepted, size says known. */
	memset(&big, 0, sizeof(big));
	big.c.size = sizeof(big);
	big.c.tid = self;
	CHECK(ioctl(fd, _IOWR(KSTACK_IOC_MAGIC, 1, big), &big) == 0,
	      "larger struct, its own command number");
	CHECK(big.c.size == sizeof(big.c), "size out %u", big.c.size);
	CHECK(!big.extra[0] && !big.extra[3], "unknown tail written");
	big.c.size = sizeof(big);
	big.extra[2] = 1;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, &big), E2BIG);
	memcpy(huge, &c, sizeof(c));
	((struct kstack_thread_ctx *)huge)->size = sizeof(huge);
	((struct kstack_thread_ctx *)huge)->tid = self;
	((struct kstack_thread_ctx *)huge)->reserved[6] = 0;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, huge), E2BIG);

	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, NULL), EFAULT);
	CHECK_ERR(ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, (void *)16), EFAULT);
}

static void test_trace(int fd)
{
	pid_t self = (pid_t)syscall(SYS_gettid);
	__u64 ent[KSTACK_MAX_ENTRIES + 1];
	struct kstack_trace t;
	uint32_t info;
	int n;

	n = kst_trace(fd, self, ent, KSTACK_MAX_ENTRIES, &info);
	CHECK(n > 0, "own trace: %d", n);
	CHECK(info & KSTACK_INFO_SELF, "info %#x", info);
	CHECK_ERR(kst_trace(fd, self, ent, 0, &info), EINVAL);
	CHECK_ERR(kst_trace(fd, self, ent, KSTACK_MAX_ENTRIES + 1, &info),
		  EINVAL);
	CHECK_ERR(kst_trace(fd, -5, ent, 8, &info), EINVAL);
	CHECK_ERR(kst_trace(fd, 0, ent, 8, &info), ESRCH);
	CHECK_ERR(kst_trace(fd, dead_tid(), ent, 8, &info), ESRCH);
	CHECK_ERR(kst_trace(fd, self, NULL, 8, &info), EFAULT);
	CHECK_ERR(kst_trace(fd, self, (__u64 *)16, 8, &info), EFAULT);

	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.tid = self;
	t.max_entries = 8;
	t.entries = (uintptr_t)ent;
	t.flags = 1;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_STACK_TRACE, &t), EINVAL);
	t.flags = 0;
	t.size = 24;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_STACK_TRACE, &t), EINVAL);
	/* A garbage high half of the pointer is not a 32-bit truncation. */
	t.size = sizeof(t);
	t.entries = (uintptr_t)ent | (1ull << 63);
	CHECK_ERR(ioctl(fd, KSTACK_IOC_STACK_TRACE, &t), EFAULT);
}

static void test_read(int fd)
{
	pid_t self = (pid_t)syscall(SYS_gettid);
	uint64_t text = kst_sym_addr("_stext");
	struct kstack_thread_ctx c;
	struct kstack_read r;
	unsigned char buf[64];
	uint32_t copied;
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *two;

	CHECK(text, "no _stext in /proc/kallsyms");
	CHECK(kst_read(fd, 0, text, buf, 16, &copied) == 0, "read _stext");
	CHECK(copied == 16, "copied %u", copied);
	CHECK(kst_ctx(fd, self, &c) == 0, "ctx");
	CHECK(kst_read(fd, self, c.stack_base, buf, 64, &copied) == 0,
	      "read own stack");

	CHECK_ERR(kst_read(fd, 0, text, buf, 0, &copied), EINVAL);
	CHECK_ERR(kst_read(fd, 0, text, buf, KSTACK_READ_MAX + 1, &copied),
		  EINVAL);
	CHECK_ERR(kst_read(fd, -1, text, buf, 8, &copied), EINVAL);
	CHECK_ERR(kst_read(fd, dead_tid(), text, buf, 8, &copied), ESRCH);
	CHECK_ERR(kst_read(fd, 0, (uintptr_t)buf, buf, 8, &copied), EPERM);
	CHECK_ERR(kst_read(fd, 0, 0, buf, 8, &copied), EPERM);
	CHECK_ERR(kst_read(fd, 0, ~0ull - 3, buf, 8, &copied), EPERM);
	CHECK(copied == 0, "copied %u on EPERM", copied);

	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.len = 8;
	r.addr = text;
	r.buf = (uintptr_t)buf;
	r.flags = 2;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_READ_MEMORY, &r), EINVAL);
	r.flags = 0;
	r.reserved = 1;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_READ_MEMORY, &r), EINVAL);

	/* An unwritable buffer: EFAULT, copied counts what got through. */
	CHECK_ERR(kst_read(fd, 0, text, NULL, 8, &copied), EFAULT);
	CHECK(copied == 0, "copied %u into NULL", copied);
	two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(two != MAP_FAILED, "mmap");
	CHECK(mprotect(two + page, page, PROT_READ) == 0, "mprotect");
	CHECK_ERR(kst_read(fd, 0, text, two, 2 * page, &copied), EFAULT);
	CHECK(copied == (uint32_t)page, "copied %u of a half-writable buffer",
	      copied);
	munmap(two, 2 * page);
}

/* A context asked for with every "out" field full of garbage. */
static int ctx_dirty(int fd, pid_t tid, struct kstack_thread_ctx *c)
{
	memset(c, 0xa5, sizeof(*c));
	c->size = sizeof(*c);
	c->flags = 0;
	c->tid = tid;
	memset(c->reserved, 0, sizeof(c->reserved));
	return ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, c);
}

static volatile int spin_stop;
static volatile pid_t spin_tid;

static void *spin(void *arg)
{
	(void)arg;
	spin_tid = (pid_t)syscall(SYS_gettid);
	while (!spin_stop)
		;
	return NULL;
}

/*
 * Every output field is written on every path: what a path has nothing
 * for reads 0, not what the caller passed in.  A thread running on
 * another CPU has an empty trace, flagged ON_CPU and UNRELIABLE.
 */
static void test_outputs(int fd)
{
	pid_t self = (pid_t)syscall(SYS_gettid);
	struct kstack_thread_ctx c;
	__u64 ent[8];
	uint32_t info = 0;
	pthread_t th;
	int i, n = -1;

	/* A kernel thread (kthreadd, pid 2 in the initial namespace). */
	if (ctx_dirty(fd, 2, &c) == 0 && (c.info & KSTACK_INFO_KTHREAD))
		CHECK(!c.user_ip && !c.user_sp && !c.user_bp, "kthread user fields %#llx",
		      (unsigned long long)c.user_ip);
	/* The caller itself: on a CPU, no saved kernel context. */
	CHECK(ctx_dirty(fd, self, &c) == 0, "self");
	CHECK(c.info & KSTACK_INFO_ON_CPU, "self info %#x", c.info);
	CHECK(!c.kernel_sp && !c.resume_ip, "self kernel_sp %#llx resume_ip %#llx",
	      (unsigned long long)c.kernel_sp, (unsigned long long)c.resume_ip);
	CHECK(!memchr(c.reserved, 0xa5, sizeof(c.reserved)), "reserved out");

	CHECK(pthread_create(&th, NULL, spin, NULL) == 0, "thread");
	while (!spin_tid)
		sched_yield();
	for (i = 0; i < 500 && !(info & KSTACK_INFO_ON_CPU); i++) {
		memset(ent, 0xa5, sizeof(ent));
		n = kst_trace(fd, spin_tid, ent, 8, &info);
		CHECK(n >= 0, "trace of the spinner");
	}
	if (info & KSTACK_INFO_ON_CPU) {
		CHECK(info & KSTACK_INFO_UNRELIABLE, "on-CPU trace info %#x", info);
		CHECK(n == 0, "on-CPU trace: %d entries", n);
		for (i = 0; i < 500; i++)
			if (ctx_dirty(fd, spin_tid, &c) == 0 && (c.info & KSTACK_INFO_ON_CPU))
				break;
		if (c.info & KSTACK_INFO_ON_CPU)
			CHECK(!c.kernel_sp && !c.resume_ip, "on-CPU kernel fields %#llx",
			      (unsigned long long)c.kernel_sp);
	}
	spin_stop = 1;
	pthread_join(th, NULL);
}

static int kst_symbol(int fd, __u64 addr, __u32 flags, struct kstack_symbol *s)
{
	memset(s, 0xa5, sizeof(*s));
	s->size = sizeof(*s);
	s->flags = flags;
	s->addr = addr;
	return ioctl(fd, KSTACK_IOC_SYMBOL, s);
}

/*
 * SYMBOL names what /proc/kallsyms names: a core function at its start
 * and inside, a return address at the very start of the next function
 * (credited to the one before), a module's function with its module; no
 * symbol for user or unmapped addresses.
 */
static void test_symbol(int fd)
{
	const struct kst_sym *all, *s = NULL, *m = NULL, *next = NULL;
	struct kstack_symbol k;
	size_t n, i;

	all = kst_symbols(&n);
	for (i = 0; i + 1 < n && (!s || !m); i++) {
		if (!s && !all[i].module[0] && !strcmp(all[i].name, "schedule"))
			s = &all[i];
		if (!m && !strcmp(all[i].module, "datastack") &&
		    all[i + 1].addr > all[i].addr + 16)
			m = &all[i];
	}
	CHECK(s && m, "schedule or a datastack.ko function not in kallsyms");
	for (next = s + 1; next < all + n && next->addr == s->addr; next++)
		;
	CHECK(kst_symbol(fd, s->addr, 0, &k) == 0, "SYMBOL schedule");
	CHECK(!strcmp(k.name, "schedule") && !k.module[0] && k.offset == 0 &&
	      k.symbol_size > 0 && k.size == sizeof(k),
	      "schedule: %s [%s] +%llu", k.name, k.module,
	      (unsigned long long)k.offset);
	CHECK(kst_symbol(fd, s->addr + 5, 0, &k) == 0 && k.offset == 5 &&
	      !strcmp(k.name, "schedule"), "schedule+5: %s+%llu", k.name,
	      (unsigned long long)k.offset);
	/* A return address at the next function's start is schedule's. */
	if (next->addr - s->addr == k.symbol_size) {
		CHECK(kst_symbol(fd, next->addr, KSTACK_SYMBOL_RETURN_ADDRESS,
				 &k) == 0, "SYMBOL return address");
		CHECK(!strcmp(k.name, "schedule") && k.offset == k.symbol_size,
		      "return address: %s+%llu", k.name,
		      (unsigned long long)k.offset);
	}
	CHECK(kst_symbol(fd, m->addr + 1, 0, &k) == 0, "SYMBOL in datastack.ko");
	CHECK(!strcmp(k.name, m->name) && !strcmp(k.module, "datastack") &&
	      k.offset == 1, "module symbol: %s [%s]+%llu, want %s", k.name,
	      k.module, (unsigned long long)k.offset, m->name);
	CHECK_ERR(kst_symbol(fd, 0x1000, 0, &k), ENOENT);
	CHECK_ERR(kst_symbol(fd, 0, KSTACK_SYMBOL_RETURN_ADDRESS, &k), ENOENT);
	CHECK_ERR(kst_symbol(fd, s->addr, 2, &k), EINVAL);
	k.size = sizeof(k) - 8;
	CHECK_ERR(ioctl(fd, KSTACK_IOC_SYMBOL, &k), EINVAL);
}

int main(void)
{
	int fd = kst_open();

	kst_load_syms();
	test_node();
	test_commands(fd);
	test_ctx(fd);
	test_trace(fd);
	test_outputs(fd);
	test_read(fd);
	test_symbol(fd);
	close(fd);
	return 0;
}
