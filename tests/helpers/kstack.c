// SPDX-License-Identifier: GPL-2.0
/*
 * Test helpers for the kstack_* tests: /dev/kstack (or SKIP), its three
 * ioctls, kernel symbols from /proc/kallsyms, and the function names of
 * /proc/PID/task/TID/stack.
 */
#include <inttypes.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include "../helpers.h"

/* The ABI is the same for 32-bit and 64-bit callers (checked per width). */
_Static_assert(sizeof(struct kstack_thread_ctx) == KSTACK_THREAD_CTX_SIZE_VER1 &&
	       offsetof(struct kstack_thread_ctx, switches) ==
	       KSTACK_THREAD_CTX_SIZE_VER0, "ctx layout");
_Static_assert(sizeof(struct kstack_trace) == KSTACK_TRACE_SIZE_VER0, "trace layout");
_Static_assert(sizeof(struct kstack_read) == KSTACK_READ_SIZE_VER0, "read layout");
_Static_assert(sizeof(struct kstack_symbol) == KSTACK_SYMBOL_SIZE_VER0, "symbol layout");

static struct kst_sym *kst_syms;
static size_t kst_nsyms;

int kst_open(void)
{
	return t_open_device("/dev/kstack", O_RDONLY, "kstack.ko");
}

int kst_ctx(int fd, pid_t tid, struct kstack_thread_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->size = sizeof(*c);
	c->tid = tid;
	return ioctl(fd, KSTACK_IOC_THREAD_CONTEXT, c);
}

/* Returns the number of entries, or -1 with errno. */
int kst_trace(int fd, pid_t tid, __u64 *ent, uint32_t max,
			    uint32_t *info)
{
	struct kstack_trace t = {
		.size = sizeof(t), .tid = tid, .max_entries = max,
		.entries = (uintptr_t)ent,
	};

	if (ioctl(fd, KSTACK_IOC_STACK_TRACE, &t) < 0)
		return -1;
	if (info)
		*info = t.info;
	return (int)t.nr_entries;
}

/* Returns 0 or -1 with errno; *copied gets the count either way. */
int kst_read(int fd, pid_t tid, __u64 addr, void *buf,
			   uint32_t len, uint32_t *copied)
{
	struct kstack_read r = {
		.size = sizeof(r), .tid = tid, .len = len, .addr = addr,
		.buf = (uintptr_t)buf, .copied = 0xdeadbeef,
	};
	int ret = ioctl(fd, KSTACK_IOC_READ_MEMORY, &r);

	if (copied)
		*copied = r.copied;
	return ret;
}

/* ---- /proc/kallsyms ---- */

static int kst_sym_cmp(const void *a, const void *b)
{
	const struct kst_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Loads the text symbols; returns their count (0 when hidden). */
size_t kst_load_syms(void)
{
	char line[512];
	size_t cap = 0;
	FILE *f;

	if (kst_nsyms)
		return kst_nsyms;
	f = fopen("/proc/kallsyms", "r");
	CHECK(f, "open /proc/kallsyms");
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char type, name[256], mod[128] = "";

		if (sscanf(line, "%llx %c %255s [%127[^]]]", &a, &type, name,
			   mod) < 3 || !a || !strchr("tTwW", type))
			continue;
		if (kst_nsyms == cap) {
			cap = cap ? cap * 2 : 65536;
			kst_syms = realloc(kst_syms, cap * sizeof(*kst_syms));
			CHECK(kst_syms, "realloc");
		}
		kst_syms[kst_nsyms].addr = a;
		kst_syms[kst_nsyms].line = kst_nsyms;
		snprintf(kst_syms[kst_nsyms].name, sizeof(kst_syms->name),
			 "%.79s", name);
		snprintf(kst_syms[kst_nsyms].module, sizeof(kst_syms->module),
			 "%.39s", mod);
		kst_nsyms++;
	}
	fclose(f);
	if (kst_nsyms)
		qsort(kst_syms, kst_nsyms, sizeof(*kst_syms), kst_sym_cmp);
	return kst_nsyms;
}

/* The symbol containing return address a (looked up at a - 1), or NULL. */
const struct kst_sym *kst_sym_of(uint64_t a)
{
	size_t lo = 0, hi = kst_nsyms;

	if (!kst_nsyms)
		return NULL;
	a--;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (kst_syms[mid].addr <= a)
			lo = mid;
		else
			hi = mid;
	}
	if (kst_syms[lo].addr > a || a - kst_syms[lo].addr > 0x100000)
		return NULL;
	/* Of aliases the first listed wins, as in the kernel's lookup. */
	while (lo && kst_syms[lo - 1].addr == kst_syms[lo].addr)
		lo--;
	return &kst_syms[lo];
}

/* The address of a core kernel text symbol, or 0. */
uint64_t kst_sym_addr(const char *name)
{
	size_t i;

	kst_load_syms();
	for (i = 0; i < kst_nsyms; i++)
		if (!kst_syms[i].module[0] && !strcmp(kst_syms[i].name, name))
			return kst_syms[i].addr;
	return 0;
}

/*
 * Is a in the scheduler or locking text?  /proc/PID/stack leaves those
 * frames out (in_sched_functions()); STACK_TRACE keeps them.
 */
int kst_in_sched(uint64_t a)
{
	static uint64_t r[4];

	if (!r[0]) {
		r[0] = kst_sym_addr("__sched_text_start");
		r[1] = kst_sym_addr("__sched_text_end");
		r[2] = kst_sym_addr("__lock_text_start");
		r[3] = kst_sym_addr("__lock_text_end");
		CHECK(r[0] && r[1], "no __sched_text_start/end in kallsyms");
	}
	return (a >= r[0] && a < r[1]) || (a >= r[2] && a < r[3]);
}

/*
 * The function names of /proc/PID/task/TID/stack, space-separated, into
 * out; returns the number of frames or -1.
 */
int kst_proc_stack(pid_t pid, pid_t tid, char *out, size_t len)
{
	char path[64], line[256], fn[128];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", pid, tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	out[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ']');

		if (p && sscanf(p + 1, " %127[^+ \n]", fn) == 1) {
			snprintf(out + strlen(out), len - strlen(out), "%s%s",
				 n ? " " : "", fn);
			n++;
		}
	}
	fclose(f);
	return n;
}

/* The state letter of a thread from /proc/PID/task/TID/stat, or 0. */
char kst_proc_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] && p[2] ? p[2] : 0;
}


/* Every text symbol loaded by kst_load_syms(), sorted by address. */
const struct kst_sym *kst_symbols(size_t *n)
{
	*n = kst_nsyms;
	return kst_syms;
}

void kst_drop_cap(unsigned int cap)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	CHECK(syscall(SYS_capget, &h, d) == 0, "capget");
	d[cap / 32].effective &= ~(1u << (cap % 32));
	d[cap / 32].permitted &= ~(1u << (cap % 32));
	CHECK(syscall(SYS_capset, &h, d) == 0, "capset");
}

pid_t kst_sleeper(void (*setup)(void))
{
	pid_t pid = fork();

	CHECK(pid >= 0, "fork");
	if (!pid) {
		if (setup)
			setup();
		for (;;)
			pause();
	}
	while (kst_proc_state(pid, pid) != 'S')
		usleep(1000);
	return pid;
}

/*
 * On a slow (debug) kernel a 32-bit test of the tool skips, and so does a
 * test of the tool's own user-space work (user_only: its views, its frame
 * details): run on the Debian kernel.  kstack.ko's paths, compat ones
 * included, run there in kstack_abi, kstack_readmem, kstack_blocked,
 * kstack_target, kstack_tool and the 64-bit tool tests.
 */
void kst_tool(char *path, size_t len, bool user_only)
{
	const char *build = getenv("DS_BUILD");

	if (t_slow() && (user_only || sizeof(void *) == 4))
		test_skip("the tool's user-space work, or its walks of 32-bit targets: "
			  "run on the Debian kernel");

	snprintf(path, len, "%s/bin/kstack", build ? build : "build");
	if (access(path, X_OK))
		test_skip("no build/bin/kstack");
}
