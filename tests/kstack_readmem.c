// SPDX-License-Identifier: GPL-2.0
/*
 * READ_MEMORY on 100,000 random addresses (a tenth on a slow kernel):
 * user, non-canonical, direct-map, vmalloc, freed (the stack of a thread
 * that exited), other threads' stacks named with the wrong thread id,
 * ranges straddling a stack's ends, freed init text, wrapping ranges, and
 * the allowed ones: a thread's own stack range and kernel text.  Never an
 * oops; EPERM outside the allowed ranges, the whole length inside them.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include "helpers.h"

#define NTHREADS 4

struct stackinfo {
	pid_t tid;
	__u64 base, size;
};

static int hold_pipe[2];
static _Atomic pid_t tids[NTHREADS];
static struct stackinfo st[NTHREADS], dead;
static unsigned char buf[KSTACK_READ_MAX];

static uint64_t rng_state = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void *blocked(void *arg)
{
	char c;

	atomic_store(&tids[(long)arg], (pid_t)syscall(SYS_gettid));
	if (read(hold_pipe[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

/* Publishes its id, waits to be looked at, exits. */
static int quick_pipe[2];

static void *quick(void *arg)
{
	char c;

	__atomic_store_n((pid_t *)arg, (pid_t)syscall(SYS_gettid),
			 __ATOMIC_SEQ_CST);
	if (read(quick_pipe[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

/* Any symbol's address (not only text), or 0. */
static uint64_t any_sym(const char *want)
{
	unsigned long long a;
	char line[512], type, name[256];
	uint64_t found = 0;
	FILE *f = fopen("/proc/kallsyms", "r");

	CHECK(f, "kallsyms");
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &a, &type, name) == 3 &&
		    !strcmp(name, want))
			found = a;
	fclose(f);
	return found;
}

enum { OK, PERM, SRCH, EITHER, NCAT = 16 };

static const char *const cat_name[NCAT] = {
	"random 64-bit", "user", "non-canonical", "direct map",
	"vmalloc area", "stack, wrong tid", "stack, own tid",
	"freed stack", "freed stack, dead tid", "straddling a stack",
	"core text", "module text", "init text (freed)", "wrapping",
	"module area", "top of memory",
};

int main(void)
{
	long iters = t_iters(100000), i;
	uint64_t stext, etext, sinit, einit, mod_text[256];
	size_t nmod = 0, nsyms, k;
	const struct kst_sym *syms;
	long count[NCAT][4] = { { 0 } };
	int fd, t;
	pthread_t th[NTHREADS], q;
	pid_t qtid = 0;
	void *heap = malloc(64);
	struct timespec t0, t1;

	if (getenv("KSTACK_SEED"))
		rng_state = strtoull(getenv("KSTACK_SEED"), NULL, 0);
	else
		rng_state ^= (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull;
	if (!rng_state)
		rng_state = 1;
	printf("seed %#llx (KSTACK_SEED reproduces a run)\n",
	       (unsigned long long)rng_state);
	fd = kst_open();
	CHECK(kst_load_syms() > 0, "/proc/kallsyms shows no addresses");
	stext = any_sym("_stext");
	etext = any_sym("_etext");
	sinit = any_sym("_sinittext");
	einit = any_sym("_einittext");
	CHECK(stext && etext > stext + 65536, "_stext/_etext");
	syms = kst_symbols(&nsyms);
	for (k = 0; k < nsyms && nmod < 256; k++)
		if (syms[k].module[0] && (rnd() & 7) == 0)
			mod_text[nmod++] = syms[k].addr;

	/* Threads whose stacks we read, blocked in a pipe read. */
	CHECK(pipe(hold_pipe) == 0, "pipe");
	for (t = 0; t < NTHREADS; t++)
		CHECK(pthread_create(&th[t], NULL, blocked, (void *)(long)t) == 0,
		      "pthread_create");
	for (t = 0; t < NTHREADS; t++) {
		struct kstack_thread_ctx c;

		while (!atomic_load(&tids[t]))
			usleep(1000);
		st[t].tid = atomic_load(&tids[t]);
		CHECK(kst_ctx(fd, st[t].tid, &c) == 0, "ctx");
		st[t].base = c.stack_base;
		st[t].size = c.stack_size;
	}
	/* A thread that is gone: its stack was freed (or recycled). */
	CHECK(pipe(quick_pipe) == 0, "pipe");
	CHECK(pthread_create(&q, NULL, quick, &qtid) == 0, "pthread_create");
	while (!__atomic_load_n(&qtid, __ATOMIC_SEQ_CST))
		usleep(1000);
	{
		struct kstack_thread_ctx c;

		CHECK(kst_ctx(fd, qtid, &c) == 0, "ctx of the quick thread");
		dead.base = c.stack_base;
		dead.size = c.stack_size;
	}
	CHECK(write(quick_pipe[1], "x", 1) == 1, "release");
	pthread_join(q, NULL);
	while (kst_proc_state(getpid(), qtid))
		usleep(1000);
	dead.tid = qtid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < iters; i++) {
		int cat = (int)(rnd() % NCAT), expect, ret;
		struct stackinfo *s = &st[rnd() % NTHREADS];
		struct stackinfo *o = &st[(s - st + 1 + rnd() % (NTHREADS - 1)) %
					  NTHREADS];
		uint64_t addr, r = rnd();
		uint32_t len = (uint32_t)(rnd() % 64) + 1, copied;
		pid_t tid = 0;

		if ((rnd() & 63) == 0)
			len = (uint32_t)(rnd() % KSTACK_READ_MAX) + 1;
		switch (cat) {
		case 0:
			addr = r;
			tid = (rnd() & 1) ? s->tid : 0;
			expect = EITHER;
			break;
		case 1:
			addr = (r & 3) == 0 ? (uintptr_t)heap :
			       (r & 3) == 1 ? (uintptr_t)&r :
			       (r & 3) == 2 ? (uintptr_t)buf : r % (1ull << 47);
			tid = (rnd() & 1) ? s->tid : 0;
			expect = PERM;
			break;
		case 2:
			addr = (1ull << 47) + r % (0ull - (1ull << 48));
			tid = (rnd() & 1) ? s->tid : 0;
			expect = PERM;
			break;
		case 3:
			addr = 0xffff888000000000ull + r % (1ull << 36);
			tid = (rnd() & 1) ? s->tid : 0;
			expect = PERM;
			break;
		case 4:
			addr = 0xffffc90000000000ull + r % (1ull << 40);
			expect = PERM;
			break;
		case 5:
			addr = s->base + r % s->size;
			len = len > s->base + s->size - addr ?
			      (uint32_t)(s->base + s->size - addr) : len;
			tid = (r & 64) ? o->tid : 0;
			expect = PERM;
			break;
		case 6:
			addr = s->base + r % s->size;
			if (len > s->base + s->size - addr)
				len = (uint32_t)(s->base + s->size - addr);
			tid = s->tid;
			expect = OK;
			break;
		case 7:
			addr = dead.base + r % dead.size;
			len = 8;
			tid = (r & 64) ? s->tid : 0;
			expect = PERM;
			break;
		case 8:
			addr = dead.base + r % dead.size;
			len = 8;
			tid = dead.tid;
			expect = SRCH;
			break;
		case 9:
			addr = (r & 1) ? s->base - 1 - r % 64 :
			       s->base + s->size - 1 - r % 64;
			len = 66 + (uint32_t)(rnd() % 4096);
			tid = s->tid;
			expect = PERM;
			break;
		case 10:
			addr = stext + r % (etext - stext);
			if (len > etext - addr)
				len = (uint32_t)(etext - addr);
			tid = (r & 64) ? s->tid : 0;
			expect = OK;
			break;
		case 11:
			if (!nmod) {
				addr = stext;
				len = 1;
				expect = OK;
				break;
			}
			addr = mod_text[r % nmod] + rnd() % 32;
			/* Within its page; the next may be module data. */
			if (len > 4096 - (addr & 4095))
				len = (uint32_t)(4096 - (addr & 4095));
			expect = OK;
			break;
		case 12:
			if (!sinit || einit <= sinit) {
				addr = r | (1ull << 63);
				expect = EITHER;
				break;
			}
			addr = sinit + r % (einit - sinit);
			expect = PERM;
			break;
		case 13:
			addr = ~0ull - r % 4096;
			len = 4097 + (uint32_t)(rnd() % 60000);
			expect = PERM;
			break;
		case 14:
			addr = 0xffffffffa0000000ull + r % 0x5f000000ull;
			expect = EITHER;
			break;
		default:
			addr = 0xffffffffff600000ull + r % 0x9ff000ull;
			expect = PERM;
			break;
		}

		ret = kst_read(fd, tid, addr, buf, len, &copied);
		if (ret == 0) {
			CHECK(expect == OK || expect == EITHER,
			      "%s: read %#llx+%u (tid %d) succeeded",
			      cat_name[cat], (unsigned long long)addr, len, tid);
			CHECK(copied == len, "%s: copied %u of %u",
			      cat_name[cat], copied, len);
			count[cat][OK]++;
		} else if (errno == EPERM) {
			CHECK(expect == PERM || expect == EITHER,
			      "%s: read %#llx+%u (tid %d) refused",
			      cat_name[cat], (unsigned long long)addr, len, tid);
			CHECK(copied == 0, "copied %u on EPERM", copied);
			count[cat][PERM]++;
		} else {
			CHECK(errno == ESRCH && expect == SRCH,
			      "%s: read %#llx+%u (tid %d)", cat_name[cat],
			      (unsigned long long)addr, len, tid);
			count[cat][SRCH]++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("%ld READ_MEMORY calls in %.1f s\n", iters,
	       (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (t = 0; t < NCAT; t++)
		printf("  %-22s ok %6ld  EPERM %6ld  ESRCH %6ld\n", cat_name[t],
		       count[t][OK], count[t][PERM], count[t][SRCH]);
	CHECK(count[6][OK] && count[10][OK], "no successful reads");

	close(hold_pipe[1]);
	for (t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	close(fd);
	free(heap);
	return 0;
}
