// SPDX-License-Identifier: GPL-2.0
/*
 * kstack: prints the kernel and user call stacks of every thread of the
 * given processes (or of single threads).
 *
 *   kstack [--kernel-only|--user-only] [--json] PID|TID...
 *
 * For each process: list its threads; capture every thread's kernel frames
 * (kframes.c) while nothing is stopped; then stop one thread at a time to
 * unwind its user frames (uframes.c), which leaves the process as it was;
 * then print.  See man/kstack.1.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kstack.h>

#include "common/fileio.h"
#include "common/json.h"
#include "kstack.h"

#define PF_KTHREAD_FLAG 0x00200000	/* PF_KTHREAD in /proc/PID/stat */

static bool opt_json, opt_kernel = true, opt_user = true;
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
	fputs("Usage: kstack [-k|-u] [-j] [-n N] [-i] [-m] [-b] [-s] [-r] PID|TID...\n"
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
	      "  -h, --help         this help\n"
	      "\n"
	      "Kernel frames come from /dev/kstack (kstack.ko), else from\n"
	      "/proc/PID/task/TID/stack.  User frames are unwound with libdw;\n"
	      "each thread is stopped briefly with PTRACE_SEIZE/PTRACE_INTERRUPT\n"
	      "and resumed exactly as it was.\n"
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

/* State, name and flags of a thread from /proc/TGID/task/TID/stat. */
static int thread_stat(pid_t tgid, pid_t tid, char *state, char *name,
		       size_t len, unsigned long *flags)
{
	char path[64], buf[1024], *lp, *rp;
	unsigned long fl = 0;
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", tgid, tid);
	ret = read_file_into(path, buf, sizeof(buf));
	if (ret)
		return ret;
	lp = strchr(buf, '(');
	rp = strrchr(buf, ')');
	if (!lp || !rp || rp < lp || !rp[1] || !rp[2])
		return -EIO;
	if (name)
		snprintf(name, len, "%.*s", (int)(rp - lp - 1), lp + 1);
	*state = rp[2];
	/* state ppid pgrp session tty_nr tpgid flags */
	if (sscanf(rp + 2, "%*c %*d %*d %*d %*d %*d %lu", &fl) != 1)
		fl = 0;
	if (flags)
		*flags = fl;
	return 0;
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

static void print_text(const struct process_report *p)
{
	size_t i, j;

	printf("PID %d %s\n", p->pid, p->name);
	for (i = 0; i < p->nthreads; i++) {
		const struct thread_report *t = &p->threads[i];
		int n = 0;

		printf("  TID %d %s  state %c (%s)\n", t->tid, t->name,
		       t->state, state_name(t->state));
		for (j = 0; j < t->nk; j++)
			print_frame_text(n++, &t->kframes[j], true);
		for (j = 0; j < t->nu; j++)
			print_frame_text(n++, &t->uframes[j], false);
		for (j = 0; j < t->nnotes; j++)
			printf("    (%s)\n", t->notes[j]);
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

static void json_thread(const struct thread_report *t)
{
	char state[2] = { t->state ? t->state : '?', 0 };
	size_t j;
	int n = 0;

	json_object_begin(&json);
	json_kv_int(&json, "tid", t->tid);
	json_kv_string(&json, "name", t->name);
	json_kv_string(&json, "state", state);
	json_kv_string(&json, "kernel_source", t->ksource);
	if (t->have_kctx)
		json_context(t);
	json_frames("kernel_frames", t->kframes, t->nk, &n, true);
	json_frames("user_frames", t->uframes, t->nu, &n, false);
	json_key(&json, "notes");
	json_array_begin(&json);
	for (j = 0; j < t->nnotes; j++)
		json_string(&json, t->notes[j]);
	json_array_end(&json);
	json_object_end(&json);
}

static void print_json(const struct process_report *p)
{
	size_t i;

	json_object_begin(&json);
	json_kv_int(&json, "pid", p->pid);
	json_kv_string(&json, "name", p->name);
	json_key(&json, "threads");
	json_array_begin(&json);
	for (i = 0; i < p->nthreads; i++)
		json_thread(&p->threads[i]);
	json_array_end(&json);
	json_object_end(&json);
}

static void free_process(struct process_report *p)
{
	size_t i, j;

	for (i = 0; i < p->nthreads; i++) {
		struct thread_report *t = &p->threads[i];

		for (j = 0; j < t->nk; j++)
			frame_clear(&t->kframes[j]);
		for (j = 0; j < t->nu; j++)
			frame_clear(&t->uframes[j]);
		for (j = 0; j < t->nnotes; j++)
			free(t->notes[j]);
	}
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

/* Kernel frames of every thread; returns how many were not permitted. */
static size_t capture_kernel(pid_t tgid, struct process_report *p, bool *kthread)
{
	size_t i, denied = 0;
	int ret;

	for (i = 0; i < p->nthreads; i++) {
		struct thread_report *t = &p->threads[i];

		ret = kframes_capture(tgid, t);
		if (ret == -ESRCH) {
			note(t, "exited during inspection");
		} else if (ret == -EACCES || ret == -EPERM) {
			note(t, "kernel frames: not permitted");
			denied++;
		} else if (ret) {
			note(t, "kernel frames: %s", strerror(-ret));
		}
		if (t->have_kctx)
			*kthread = t->kinfo & KSTACK_INFO_KTHREAD;
	}
	return denied;
}

/* User frames of every thread; returns how many were not permitted. */
static size_t capture_user(pid_t tgid, struct process_report *p, bool kthread)
{
	size_t i;
	int ret;

	if (kthread) {
		for (i = 0; i < p->nthreads; i++)
			note(&p->threads[i], "kernel thread: no user frames");
		return 0;
	}
	ret = uframes_capture(tgid, p->threads, p->nthreads);
	if (ret >= 0)
		return (size_t)ret;
	for (i = 0; i < p->nthreads; i++)
		note(&p->threads[i], "user frames: %s",
		     ret == -EACCES || ret == -EPERM ? "not permitted" : strerror(-ret));
	return ret == -EACCES || ret == -EPERM ? p->nthreads : 0;
}

/* Inspects one command-line target; returns its exit status. */
static int inspect(long target)
{
	struct process_report p = { 0 };
	size_t kdenied = 0, udenied = 0;
	bool kthread = false;
	pid_t tgid;
	int ret;

	ret = proc_status((pid_t)target, &tgid, p.name, sizeof(p.name));
	if (ret == -EACCES || ret == -EPERM)
		return target_error(target, "not permitted", TOOL_EXIT_FAIL);
	if (ret)
		return target_error(target, "no such process", TOOL_EXIT_NOENT);
	p.pid = tgid;
	if (!list_target(target, tgid, &p, &kthread)) {
		free_process(&p);
		return target_error(target, "no such process", TOOL_EXIT_NOENT);
	}
	/* Kernel frames first, while no thread is stopped. */
	if (opt_kernel)
		kdenied = capture_kernel(tgid, &p, &kthread);
	if (opt_user)
		udenied = capture_user(tgid, &p, kthread);
	if ((!opt_kernel || kdenied == p.nthreads) &&
	    (!opt_user || kthread || udenied == p.nthreads)) {
		free_process(&p);
		return target_error(target, "not permitted", TOOL_EXIT_FAIL);
	}
	if (opt_json)
		print_json(&p);
	else
		print_text(&p);
	free_process(&p);
	return TOOL_EXIT_OK;
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "kujn:imbsrh", opts, NULL)) != -1) {
		if (c == 'n') {
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 1 || v > KSTACK_MAX_FRAMES) {
				fprintf(stderr, "kstack: --frames wants 1..%d, not '%s'\n",
					KSTACK_MAX_FRAMES, optarg);
				return TOOL_EXIT_USAGE;
			}
			detail.max_frames = (int)v;
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

int main(int argc, char **argv)
{
	int i, ret, status = TOOL_EXIT_OK;

	tool_name = "kstack";
	ret = parse_options(argc, argv);
	if (!ret)
		ret = check_targets(argc, argv);
	if (ret)
		return ret;
	/* Line-buffer so output interleaves sensibly with errors. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (opt_kernel)
		ksrc = kframes_open();
	if (opt_json) {
		json_begin(&json, stdout);
		json_object_begin(&json);
		json_kv_string(&json, "kernel_frames_from", ksrc == KSRC_KSTACK ? "kstack" :
			       ksrc == KSRC_PROC ? "proc" : NULL);
		json_key(&json, "processes");
		json_array_begin(&json);
	}
	for (i = optind; i < argc; i++) {
		ret = inspect(strtol(argv[i], NULL, 10));
		if (ret != TOOL_EXIT_OK && status == TOOL_EXIT_OK)
			status = ret;
	}
	if (opt_json) {
		json_array_end(&json);
		json_errors();
		json_object_end(&json);
		json_end(&json);
	}
	kframes_close();
	return status;
}
