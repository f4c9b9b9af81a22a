// SPDX-License-Identifier: GPL-2.0
/*
 * kstack: prints the kernel and user call stacks of every thread of the
 * given processes (or of single threads).
 *
 *   kstack [--kernel-only|--user-only] [--json] PID|TID...
 *
 * For each process: list its threads; capture each thread's kernel and
 * user frames (capture.c: a blocked thread is never stopped, a running one
 * briefly, one at a time), which leaves the process as it was; then print.
 * See man/kstack.1.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/kstack.h>

#include "common/fileio.h"
#include "common/json.h"
#include "kstack.h"

#define PF_KTHREAD_FLAG 0x00200000	/* PF_KTHREAD in /proc/PID/stat */

static bool opt_json, opt_kernel = true, opt_user = true;
static bool opt_timing;
static int opt_watch;		/* --watch: seconds between samples, or 0 */
static long opt_count;		/* --count: samples, or 0 for until interrupted */
static volatile sig_atomic_t interrupted;
struct frame_detail detail;
static enum ksource ksrc = KSRC_NONE;
static struct json json;

struct target_error {
	long target;
	const char *error;
	int status;		/* the exit status it stands for */
};

static struct target_error errors[256];
static size_t nerrors;

static void usage(FILE *out)
{
	fputs("Usage: kstack [-k|-u] [-j] [-n N] [-i] [-m] [-b] [-s] [-r]\n"
	      "              [-g] [-M PATTERN] [-S STATES] [-F] [-T] [-w N [-c N]] PID|TID...\n"
	      "Print the kernel and user call stacks of every thread of each\n"
	      "process PID, or of the single thread TID.\n"
	      "\n"
	      "  -k, --kernel-only  kernel frames only (the target is never stopped)\n"
	      "  -u, --user-only    user frames only\n"
	      "  -j, --json         JSON output\n"
	      "  -n, --frames N     at most N frames per thread (kernel first)\n"
	      "  -i, --inlines      user frames: inlined functions as frames of their own\n"
	      "  -m, --module       user frames: the object's path and load base\n"
	      "  -b, --build-id     user frames: the object's build ID\n"
	      "  -s, --source       user frames: file:line from debug info\n"
	      "  -r, --raw          symbols as in the ELF file (no C++ demangling)\n"
	      "  -g, --group        threads with the same stack once, with count and TIDs\n"
	      "  -M, --match PAT    only threads with a frame whose function matches\n"
	      "                     the glob PAT\n"
	      "  -S, --state LIST   only threads in these states (letters: R S D T t ...)\n"
	      "  -F, --folded       one line per distinct stack and its count, outermost\n"
	      "                     frame first (flame graph input); summed over --watch\n"
	      "  -w, --watch N      a sample every N seconds: what changed (with --json,\n"
	      "                     every sample in full), until interrupted or --count\n"
	      "  -c, --count N      with --watch: stop after N samples\n"
	      "  -T, --timing       where the time went, on standard error\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "Each thread is traced (PTRACE_SEIZE, which stops nothing) while it\n"
	      "is inspected, so ptrace's rules (Yama, LSMs) decide who may.\n"
	      "Kernel frames come from /dev/kstack (kstack.ko), else from\n"
	      "/proc/PID/task/TID/stack.  User frames are unwound with libdw;\n"
	      "a blocked thread is unwound from the registers kstack.ko gives,\n"
	      "without stopping it; a running one is stopped briefly\n"
	      "(PTRACE_INTERRUPT) and resumed exactly as it was.\n"
	      "\n"
	      "Exit status: 0 every target inspected, else that of the first\n"
	      "target that was not: 1 not permitted or failed, 4 no such process\n"
	      "or thread; 2 usage error.  See kstack(1).\n", out);
}

/* Reports a target that could not be inspected; returns its status. */
static int target_error(long target, const char *error, int status)
{
	fprintf(stderr, "kstack: %ld: %s\n", target, error);
	if (nerrors < sizeof(errors) / sizeof(errors[0]))
		errors[nerrors++] = (struct target_error){ target, error, status };
	return status;
}

/* Reads Name and Tgid from /proc/N/status. */
static int proc_status(pid_t n, pid_t *tgid, char *name, size_t len)
{
	char path[64], buf[8192], *p;
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/status", n);
	ret = read_file_into(path, buf, sizeof(buf));
	if (ret)
		return ret;
	p = strstr(buf, "Name:\t");
	if (p)
		snprintf(name, len, "%.*s", (int)strcspn(p + 6, "\n"), p + 6);
	p = strstr(buf, "\nTgid:\t");
	if (!p)
		return -ESRCH;
	*tgid = (pid_t)strtol(p + 7, NULL, 10);
	return *tgid > 0 ? 0 : -ESRCH;
}

static int tid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* The thread ids of tgid, sorted; returns the count or -errno. */
static long list_threads(pid_t tgid, pid_t **tids)
{
	size_t n = 0, cap = 64;
	char path[64];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	*tids = xcalloc(cap, sizeof(**tids));
	while ((d = readdir(dir))) {
		long tid = strtol(d->d_name, NULL, 10);

		if (tid <= 0)
			continue;
		if (n == cap) {
			cap *= 2;
			*tids = realloc(*tids, cap * sizeof(**tids));
			if (!*tids) {
				closedir(dir);
				return -ENOMEM;
			}
		}
		(*tids)[n++] = (pid_t)tid;
	}
	closedir(dir);
	qsort(*tids, n, sizeof(**tids), tid_cmp);
	return (long)n;
}

static const char *state_name(char s)
{
	switch (s) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "disk sleep";
	case 'T': return "stopped";
	case 't': return "tracing stop";
	case 'X': return "dead";
	case 'Z': return "zombie";
	case 'P': return "parked";
	case 'I': return "idle";
	default: return "unknown";
	}
}

/* ---- text output ---- */

static void print_frame_text(int n, const struct frame *f, bool kernel)
{
	printf("    #%-3d ", n);
	if (f->inlined)
		printf("%s (inlined)", f->func);
	else if (f->func)
		printf("%s+0x%" PRIx64, f->func, f->offset);
	else if (f->object && !kernel)
		printf("??+0x%" PRIx64, f->offset);
	else
		printf("0x%" PRIx64, f->addr);
	if (f->object)
		printf(kernel ? " [%s]" : " (%s)", f->object);
	if (f->base)
		printf(" base 0x%" PRIx64, f->base);
	if (f->build_id)
		printf(" build-id %s", f->build_id);
	if (f->source)
		printf(" at %s", f->source);
	putchar('\n');
}

static void print_thread_frames(const struct thread_report *t)
{
	size_t j;
	int n = 0;

	for (j = 0; j < t->nk; j++)
		print_frame_text(n++, &t->kframes[j], true);
	for (j = 0; j < t->nu; j++)
		print_frame_text(n++, &t->uframes[j], false);
	for (j = 0; j < t->nnotes; j++)
		printf("    (%s)\n", t->notes[j]);
}

/* --group: each distinct stack once, with its threads. */
static void print_groups_text(const struct process_report *p)
{
	struct group *g;
	size_t n = group_threads(p, &g), i, k;

	for (i = 0; i < n; i++) {
		const struct thread_report *t = &p->threads[g[i].first];

		printf("  %zu thread%s  state %c (%s)  TID", g[i].count,
		       g[i].count == 1 ? "" : "s", t->state, state_name(t->state));
		for (k = 0; k < g[i].count; k++)
			printf(" %d", g[i].tids[k]);
		putchar('\n');
		print_thread_frames(t);
	}
	groups_free(g, n);
}

static void print_text(const struct process_report *p)
{
	size_t i;

	printf("PID %d %s\n", p->pid, p->name);
	if (view.group) {
		print_groups_text(p);
		return;
	}
	for (i = 0; i < p->nthreads; i++) {
		const struct thread_report *t = &p->threads[i];

		if (!t->shown)
			continue;
		printf("  TID %d %s  state %c (%s)\n", t->tid, t->name,
		       t->state, state_name(t->state));
		print_thread_frames(t);
	}
}

/* ---- JSON output ---- */

static void json_frames(const char *key, const struct frame *f, size_t nf,
			int *n, bool kernel)
{
	size_t i;

	json_key(&json, key);
	json_array_begin(&json);
	for (i = 0; i < nf; i++) {
		json_object_begin(&json);
		json_kv_int(&json, "n", (*n)++);
		if (f[i].addr)
			json_kv_hex(&json, "addr", f[i].addr);
		else
			json_kv_string(&json, "addr", NULL);
		json_kv_string(&json, "function", f[i].func);
		json_kv_uint(&json, "offset", f[i].offset);
		json_kv_string(&json, kernel ? "module" : "object", f[i].object);
		if (!kernel && detail.module) {
			if (f[i].base)
				json_kv_hex(&json, "base", f[i].base);
			else
				json_kv_string(&json, "base", NULL);
		}
		if (!kernel && detail.build_id)
			json_kv_string(&json, "build_id", f[i].build_id);
		if (!kernel && detail.source)
			json_kv_string(&json, "source", f[i].source);
		if (!kernel && detail.inlines)
			json_kv_bool(&json, "inlined", f[i].inlined);
		json_object_end(&json);
	}
	json_array_end(&json);
}

static void json_context(const struct thread_report *t)
{
	json_kv_bool(&json, "on_cpu", t->kinfo & KSTACK_INFO_ON_CPU);
	json_kv_int(&json, "cpu", t->cpu);
	json_kv_hex(&json, "resume_ip", t->resume_ip);
	json_kv_hex(&json, "kernel_sp", t->kernel_sp);
	if (!(t->kinfo & (KSTACK_INFO_KTHREAD | KSTACK_INFO_EXITING))) {
		json_kv_hex(&json, "user_ip", t->user_ip);
		json_kv_hex(&json, "user_sp", t->user_sp);
	}
}

static void json_stack(const struct thread_report *t)
{
	int n = 0;

	json_frames("kernel_frames", t->kframes, t->nk, &n, true);
	json_frames("user_frames", t->uframes, t->nu, &n, false);
}

static void json_thread(const struct thread_report *t)
{
	char state[2] = { t->state ? t->state : '?', 0 };
	size_t j;

	json_object_begin(&json);
	json_kv_int(&json, "tid", t->tid);
	json_kv_string(&json, "name", t->name);
	json_kv_string(&json, "state", state);
	json_kv_string(&json, "kernel_source", t->ksource);
	json_kv_string(&json, "user_unwind", t->how);
	if (t->have_kctx)
		json_context(t);
	json_stack(t);
	json_key(&json, "notes");
	json_array_begin(&json);
	for (j = 0; j < t->nnotes; j++)
		json_string(&json, t->notes[j]);
	json_array_end(&json);
	json_object_end(&json);
}

/* --group: "groups" of threads with one stack, instead of "threads". */
static void json_groups(const struct process_report *p)
{
	struct group *g;
	size_t n = group_threads(p, &g), i, k;

	json_key(&json, "groups");
	json_array_begin(&json);
	for (i = 0; i < n; i++) {
		const struct thread_report *t = &p->threads[g[i].first];
		char state[2] = { t->state ? t->state : '?', 0 };

		json_object_begin(&json);
		json_kv_uint(&json, "count", g[i].count);
		json_key(&json, "tids");
		json_array_begin(&json);
		for (k = 0; k < g[i].count; k++)
			json_int(&json, g[i].tids[k]);
		json_array_end(&json);
		json_kv_string(&json, "state", state);
		json_stack(t);
		json_object_end(&json);
	}
	json_array_end(&json);
	groups_free(g, n);
}

static void print_json(const struct process_report *p)
{
	size_t i;

	json_object_begin(&json);
	json_kv_int(&json, "pid", p->pid);
	json_kv_string(&json, "name", p->name);
	if (view.group) {
		json_groups(p);
	} else {
		json_key(&json, "threads");
		json_array_begin(&json);
		for (i = 0; i < p->nthreads; i++)
			if (p->threads[i].shown)
				json_thread(&p->threads[i]);
		json_array_end(&json);
	}
	json_object_end(&json);
}

static void free_process(struct process_report *p)
{
	size_t i;

	for (i = 0; i < p->nthreads; i++)
		thread_clear(&p->threads[i]);
	free(p->threads);
}

/*
 * The threads of the target: all of process tgid, or the one thread
 * target.  Fills p->threads with their ids, names and states; returns the
 * number alive, and *kthread from /proc's flags (the driver's own
 * KSTACK_INFO_KTHREAD replaces it once kernel frames are captured).
 */
static size_t list_target(long target, pid_t tgid, struct process_report *p,
			  bool *kthread)
{
	unsigned long flags = 0;
	size_t i, alive = 0;
	pid_t *tids = NULL;
	long n = 1;

	if (tgid == target) {
		n = list_threads(tgid, &tids);
		if (n < 0)
			return 0;
	} else {
		tids = xcalloc(1, sizeof(*tids));
		tids[0] = (pid_t)target;
	}
	p->threads = xcalloc((size_t)n, sizeof(*p->threads));
	p->nthreads = (size_t)n;
	for (i = 0; i < p->nthreads; i++) {
		struct thread_report *t = &p->threads[i];

		t->tid = tids[i];
		t->state = '?';
		if (!thread_stat(tgid, t->tid, &t->state, t->name,
				 sizeof(t->name), i ? NULL : &flags))
			alive++;
	}
	free(tids);
	*kthread = flags & PF_KTHREAD_FLAG;
	return alive;
}

/* How many threads' kernel (or user) frames were not permitted. */
static size_t denied(const struct process_report *p, bool user)
{
	size_t i, n = 0;

	for (i = 0; i < p->nthreads; i++)
		n += user ? p->threads[i].udenied : p->threads[i].kdenied;
	return n;
}

/* --watch: each target's stacks at the previous sample. */
struct watch_prev {
	size_t n;
	pid_t *tids;
	char **keys;
};

static void prev_free(struct watch_prev *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->keys[i]);
	free(w->keys);
	free(w->tids);
	memset(w, 0, sizeof(*w));
}

/*
 * Shows only the threads that are new or whose stack changed since the
 * previous sample w; returns this sample, to be remembered.
 */
static struct watch_prev watch_changes(struct process_report *p,
					const struct watch_prev *w)
{
	struct watch_prev now = {
		.tids = xcalloc(p->nthreads + 1, sizeof(pid_t)),
		.keys = xcalloc(p->nthreads + 1, sizeof(char *)),
	};
	size_t i, k;

	for (i = 0; i < p->nthreads; i++) {
		struct thread_report *t = &p->threads[i];

		if (!t->shown)
			continue;
		now.tids[now.n] = t->tid;
		now.keys[now.n] = stack_key(t);
		for (k = 0; k < w->n; k++)
			if (w->tids[k] == t->tid)
				break;
		if (k < w->n && !strcmp(w->keys[k], now.keys[now.n]))
			t->shown = false;	/* unchanged */
		now.n++;
	}
	return now;
}

/* After the sample's threads: the ones of the previous sample gone now. */
static void print_gone(const struct watch_prev *before, const struct watch_prev *now)
{
	size_t i, k;

	for (k = 0; k < before->n; k++) {
		for (i = 0; i < now->n && now->tids[i] != before->tids[k]; i++)
			;
		if (i == now->n)
			printf("  TID %d gone\n", before->tids[k]);
	}
}

static void show(struct process_report *p, struct watch_prev *w)
{
	struct watch_prev now = { 0 };
	size_t i;

	for (i = 0; i < p->nthreads; i++) {
		p->threads[i].shown = view_selected(&p->threads[i]);
		if (view.folded && p->threads[i].shown)
			folded_add(p->name, &p->threads[i]);
	}
	if (view.folded)
		return;		/* printed at the end */
	if (opt_json) {
		print_json(p);
		return;
	}
	if (w)
		now = watch_changes(p, w);
	print_text(p);
	if (w) {
		print_gone(w, &now);
		prev_free(w);
		*w = now;
	}
}

/*
 * Inspects one command-line target (w: its --watch state, or NULL);
 * returns its exit status.
 */
static int inspect(long target, struct watch_prev *w)
{
	struct capture_opts o = { .kernel = opt_kernel, .user = opt_user };
	struct process_report p = { 0 };
	size_t kdenied, udenied, alive;
	bool kthread = false;
	double t0;
	pid_t tgid;
	int ret;

	ret = proc_status((pid_t)target, &tgid, p.name, sizeof(p.name));
	if (ret == -EACCES || ret == -EPERM)
		return target_error(target, "not permitted", TOOL_EXIT_FAIL);
	if (ret)
		return target_error(target, "no such process", TOOL_EXIT_NOENT);
	p.pid = tgid;
	t0 = now_ms();
	alive = list_target(target, tgid, &p, &kthread);
	stats.list_ms += now_ms() - t0;
	if (!alive) {
		free_process(&p);
		return target_error(target, "no such process", TOOL_EXIT_NOENT);
	}
	capture_process(tgid, p.threads, p.nthreads, kthread, &o);
	kdenied = denied(&p, false);
	udenied = denied(&p, true);
	if ((!opt_kernel || kdenied == p.nthreads) &&
	    (!opt_user || kthread || udenied == p.nthreads)) {
		free_process(&p);
		return target_error(target, "not permitted", TOOL_EXIT_FAIL);
	}
	show(&p, w);
	free_process(&p);
	return TOOL_EXIT_OK;
}

/* An option's number in 1..max, or a usage error. */
static int number(const char *arg, const char *opt, long max, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || *v < 1 || *v > max) {
		fprintf(stderr, "kstack: %s wants 1..%ld, not '%s'\n", opt, max,
			arg);
		return -1;
	}
	return 0;
}

static int parse_options(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel-only", no_argument, NULL, 'k' },
		{ "user-only", no_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "frames", required_argument, NULL, 'n' },
		{ "inlines", no_argument, NULL, 'i' },
		{ "module", no_argument, NULL, 'm' },
		{ "build-id", no_argument, NULL, 'b' },
		{ "source", no_argument, NULL, 's' },
		{ "raw", no_argument, NULL, 'r' },
		{ "group", no_argument, NULL, 'g' },
		{ "match", required_argument, NULL, 'M' },
		{ "state", required_argument, NULL, 'S' },
		{ "watch", required_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'c' },
		{ "folded", no_argument, NULL, 'F' },
		{ "timing", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "kujn:imbsrgM:S:w:c:FTh", opts,
				NULL)) != -1) {
		if (c == 'n') {
			if (number(optarg, "--frames", KSTACK_MAX_FRAMES, &v))
				return TOOL_EXIT_USAGE;
			detail.max_frames = (int)v;
		} else if (c == 'w') {
			if (number(optarg, "--watch", 86400, &v))
				return TOOL_EXIT_USAGE;
			opt_watch = (int)v;
		} else if (c == 'c') {
			if (number(optarg, "--count", 1000000, &v))
				return TOOL_EXIT_USAGE;
			opt_count = v;
		} else if (c == 'g') {
			view.group = true;
		} else if (c == 'M') {
			view.match = optarg;
		} else if (c == 'S') {
			if (!*optarg || strspn(optarg, "RSDTtXZPIWK") != strlen(optarg)) {
				fprintf(stderr, "kstack: --state wants state letters (R S D T t X Z P I), not '%s'\n",
					optarg);
				return TOOL_EXIT_USAGE;
			}
			view.states = optarg;
		} else if (c == 'F') {
			view.folded = true;
		} else if (c == 'T') {
			opt_timing = true;
		} else if (c == 'i') {
			detail.inlines = true;
		} else if (c == 'm') {
			detail.module = true;
		} else if (c == 'b') {
			detail.build_id = true;
		} else if (c == 's') {
			detail.source = true;
		} else if (c == 'r') {
			detail.raw = true;
		} else if (c == 'k') {
			opt_user = false;
		} else if (c == 'u') {
			opt_kernel = false;
		} else if (c == 'j') {
			opt_json = true;
		} else if (c == 'h') {
			usage(stdout);
			exit(TOOL_EXIT_OK);
		} else {
			usage(stderr);
			return TOOL_EXIT_USAGE;
		}
	}
	if (!opt_user && !opt_kernel) {
		fputs("kstack: --kernel-only and --user-only exclude each other\n",
		      stderr);
		return TOOL_EXIT_USAGE;
	}
	if (view.folded && (opt_json || view.group)) {
		fputs("kstack: --folded is an output of its own (not with --json or --group)\n",
		      stderr);
		return TOOL_EXIT_USAGE;
	}
	if (opt_count && !opt_watch) {
		fputs("kstack: --count needs --watch\n", stderr);
		return TOOL_EXIT_USAGE;
	}
	if (optind == argc) {
		usage(stderr);
		return TOOL_EXIT_USAGE;
	}
	return 0;
}

/* Every operand must be a process or thread id. */
static int check_targets(int argc, char **argv)
{
	char *end;
	long v;
	int i;

	for (i = optind; i < argc; i++) {
		errno = 0;
		v = strtol(argv[i], &end, 10);
		if (errno || *end || end == argv[i] || v <= 0 || v != (pid_t)v) {
			fprintf(stderr, "kstack: '%s' is not a process or thread id\n",
				argv[i]);
			return TOOL_EXIT_USAGE;
		}
	}
	return 0;
}

static void json_errors(void)
{
	size_t e;

	json_key(&json, "errors");
	json_array_begin(&json);
	for (e = 0; e < nerrors; e++) {
		json_object_begin(&json);
		json_kv_int(&json, "target", errors[e].target);
		json_kv_string(&json, "error", errors[e].error);
		json_object_end(&json);
	}
	json_array_end(&json);
}

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * One sample of every target (w: their --watch states, or NULL); returns
 * the status of the first that failed, *alive the number inspected.
 */
static int sample_all(int argc, char **argv, struct watch_prev *w, int *alive)
{
	int i, ret, status = TOOL_EXIT_OK;

	nerrors = 0;
	*alive = 0;
	if (opt_json && !view.folded) {
		json_begin(&json, stdout);
		json_object_begin(&json);
		json_kv_string(&json, "kernel_frames_from", !opt_kernel ? NULL :
			       ksrc == KSRC_KSTACK ? "kstack" : "proc");
		json_key(&json, "processes");
		json_array_begin(&json);
	}
	for (i = optind; i < argc; i++) {
		ret = inspect(strtol(argv[i], NULL, 10), w ? &w[i - optind] : NULL);
		if (ret == TOOL_EXIT_OK)
			(*alive)++;
		else if (status == TOOL_EXIT_OK)
			status = ret;
	}
	if (opt_json && !view.folded) {
		json_array_end(&json);
		json_errors();
		json_object_end(&json);
		json_end(&json);
	}
	return status;
}

/* --watch: a sample every opt_watch seconds until --count or a signal. */
static int watch(int argc, char **argv)
{
	struct watch_prev *w = xcalloc((size_t)(argc - optind), sizeof(*w));
	struct sigaction sa = { .sa_handler = on_interrupt };
	int i, ret, alive, status = TOOL_EXIT_OK;
	long n;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (n = 0; !interrupted && (!opt_count || n < opt_count); n++) {
		struct timespec ts = { .tv_sec = opt_watch };

		while (n && nanosleep(&ts, &ts) && errno == EINTR && !interrupted)
			;
		if (interrupted)
			break;
		if (!opt_json && !view.folded) {
			time_t now = time(NULL);
			char when[32];

			strftime(when, sizeof(when), "%H:%M:%S", localtime(&now));
			printf("== sample %ld at %s%s\n", n + 1, when,
			       n ? ": what changed" : "");
		}
		ksyms_reset();
		ret = sample_all(argc, argv, w, &alive);
		if (ret != TOOL_EXIT_OK && status == TOOL_EXIT_OK)
			status = ret;
		if (!alive)
			break;		/* every target is gone */
	}
	for (i = 0; i < argc - optind; i++)
		prev_free(&w[i]);
	free(w);
	return status;
}

static void print_timing(double total)
{
	fprintf(stderr,
		"kstack: timing: %.1f ms in all, %lu threads (%lu unstopped, %lu stopped, %lu retries)\n"
		"kstack: timing: %.1f ms listing threads (/proc)\n"
		"kstack: timing: %.1f ms reporting modules (libdwfl)\n"
		"kstack: timing: %.1f ms kernel frames (driver or /proc, symbols)\n"
		"kstack: timing: %.1f ms unwinding user frames (libdwfl, symbols, stack reads)\n"
		"kstack: timing: %.1f ms stopping threads\n"
		"kstack: timing: %.1f ms helper threads (create, seize, exit)\n",
		total, stats.threads, stats.unstopped, stats.stopped,
		stats.retries, stats.list_ms, stats.report_ms, stats.kernel_ms,
		stats.unwind_ms, stats.stop_ms, stats.helper_ms);
}

int main(int argc, char **argv)
{
	double start = now_ms();
	int ret, alive, status;

	tool_name = "kstack";
	ret = parse_options(argc, argv);
	if (!ret)
		ret = check_targets(argc, argv);
	if (ret)
		return ret;
	/* Line-buffer so output interleaves sensibly with errors. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The driver gives user registers too: opened for -u, quietly. */
	ksrc = kframes_open(!opt_kernel);
	if (opt_watch)
		status = watch(argc, argv);
	else
		status = sample_all(argc, argv, NULL, &alive);
	if (view.folded)
		folded_print();
	kframes_close();
	if (opt_timing)
		print_timing(now_ms() - start);
	return status;
}
