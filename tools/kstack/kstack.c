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

#include "kstack.h"

#define PF_KTHREAD_FLAG 0x00200000	/* PF_KTHREAD in /proc/PID/stat */

static bool opt_json, opt_kernel = true, opt_user = true;
static bool json_first_process = true;
static enum ksource ksrc = KSRC_NONE;

struct target_error {
	long target;
	const char *error;
};

static struct target_error errors[256];
static size_t nerrors;

static void usage(FILE *out)
{
	fputs("Usage: kstack [--kernel-only|--user-only] [--json] PID|TID...\n"
	      "Print the kernel and user call stacks of every thread of each\n"
	      "process PID, or of the single thread TID.\n"
	      "\n"
	      "  -k, --kernel-only  kernel frames only (the target is never stopped)\n"
	      "  -u, --user-only    user frames only\n"
	      "  -j, --json         JSON output\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "Kernel frames come from /dev/kstack (kstack.ko), else from\n"
	      "/proc/PID/task/TID/stack.  User frames are unwound with libdw;\n"
	      "each thread is stopped briefly with PTRACE_SEIZE/PTRACE_INTERRUPT\n"
	      "and resumed exactly as it was.\n"
	      "\n"
	      "Exit status: 0 every target inspected, 1 some target missing,\n"
	      "not permitted or failed, 2 usage error.\n", out);
}

static void target_error(long target, const char *error)
{
	fprintf(stderr, "kstack: %ld: %s\n", target, error);
	if (nerrors < sizeof(errors) / sizeof(errors[0]))
		errors[nerrors++] = (struct target_error){ target, error };
}

/* Reads Name and Tgid from /proc/N/status. */
static int proc_status(pid_t n, pid_t *tgid, char *name, size_t len)
{
	char path[64], buf[8192], *p;
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/status", n);
	ret = read_small_file(path, buf, sizeof(buf));
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
	ret = read_small_file(path, buf, sizeof(buf));
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
	if (f->func)
		printf("%s+0x%" PRIx64, f->func, f->offset);
	else if (f->object && !kernel)
		printf("??+0x%" PRIx64, f->offset);
	else
		printf("0x%" PRIx64, f->addr);
	if (f->object)
		printf(kernel ? " [%s]" : " (%s)", f->object);
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

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_opt_str(const char *s)
{
	if (s)
		json_str(s);
	else
		fputs("null", stdout);
}

static void json_frames(const struct frame *f, size_t nf, int *n,
			bool kernel)
{
	size_t i;

	putchar('[');
	for (i = 0; i < nf; i++) {
		printf("%s{\"n\": %d, \"addr\": ", i ? ", " : "", (*n)++);
		if (f[i].addr)
			printf("\"0x%" PRIx64 "\"", f[i].addr);
		else
			fputs("null", stdout);
		fputs(", \"function\": ", stdout);
		json_opt_str(f[i].func);
		printf(", \"offset\": %" PRIu64 ", \"%s\": ", f[i].offset,
		       kernel ? "module" : "object");
		json_opt_str(f[i].object);
		putchar('}');
	}
	putchar(']');
}

static void print_json(const struct process_report *p)
{
	size_t i, j;

	printf("%s\n  {\"pid\": %d, \"name\": ", json_first_process ? "" : ",",
	       p->pid);
	json_first_process = false;
	json_str(p->name);
	fputs(", \"threads\": [", stdout);
	for (i = 0; i < p->nthreads; i++) {
		const struct thread_report *t = &p->threads[i];
		int n = 0;

		printf("%s\n    {\"tid\": %d, \"name\": ", i ? "," : "", t->tid);
		json_str(t->name);
		printf(", \"state\": \"%c\", \"kernel_source\": ",
		       t->state ? t->state : '?');
		json_opt_str(t->ksource);
		if (t->have_kctx)
			printf(", \"on_cpu\": %s, \"cpu\": %d, \"resume_ip\": \"0x%" PRIx64
			       "\", \"kernel_sp\": \"0x%" PRIx64 "\"",
			       t->kinfo & KSTACK_INFO_ON_CPU ? "true" : "false",
			       t->cpu, t->resume_ip, t->kernel_sp);
		fputs(",\n     \"kernel_frames\": ", stdout);
		json_frames(t->kframes, t->nk, &n, true);
		fputs(",\n     \"user_frames\": ", stdout);
		json_frames(t->uframes, t->nu, &n, false);
		fputs(",\n     \"notes\": [", stdout);
		for (j = 0; j < t->nnotes; j++) {
			fputs(j ? ", " : "", stdout);
			json_str(t->notes[j]);
		}
		fputs("]}", stdout);
	}
	fputs("]}", stdout);
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

/* Inspects one command-line target; returns an exit code. */
static int inspect(long target)
{
	struct process_report p = { 0 };
	unsigned long flags = 0;
	size_t i, kdenied = 0, alive = 0;
	pid_t tgid, *tids = NULL;
	int udenied = 0, ret;
	bool kthread;
	long n;

	ret = proc_status((pid_t)target, &tgid, p.name, sizeof(p.name));
	if (ret == -EACCES || ret == -EPERM) {
		target_error(target, "not permitted");
		return EXIT_TARGET;
	}
	if (ret) {
		target_error(target, "no such process");
		return EXIT_TARGET;
	}
	p.pid = tgid;
	if (tgid == target) {
		n = list_threads(tgid, &tids);
		if (n < 0) {
			target_error(target, n == -EACCES ? "not permitted" :
				     "no such process");
			return EXIT_TARGET;
		}
	} else {
		/* A single thread of process tgid. */
		tids = xcalloc(1, sizeof(*tids));
		tids[0] = (pid_t)target;
		n = 1;
	}
	p.threads = xcalloc((size_t)n, sizeof(*p.threads));
	p.nthreads = (size_t)n;
	for (i = 0; i < p.nthreads; i++) {
		struct thread_report *t = &p.threads[i];

		t->tid = tids[i];
		t->state = '?';
		if (!thread_stat(tgid, t->tid, &t->state, t->name,
				 sizeof(t->name), i ? NULL : &flags))
			alive++;
	}
	free(tids);
	kthread = flags & PF_KTHREAD_FLAG;
	if (!alive) {
		target_error(target, "no such process");
		free_process(&p);
		return EXIT_TARGET;
	}

	/* Kernel frames first, while no thread is stopped. */
	if (opt_kernel) {
		for (i = 0; i < p.nthreads; i++) {
			struct thread_report *t = &p.threads[i];

			ret = kframes_capture(tgid, t);
			if (ret == -ESRCH) {
				note(t, "exited during inspection");
			} else if (ret == -EACCES || ret == -EPERM) {
				note(t, "kernel frames: not permitted");
				kdenied++;
			} else if (ret) {
				note(t, "kernel frames: %s", strerror(-ret));
			}
		}
	}
	if (opt_user && kthread) {
		for (i = 0; i < p.nthreads; i++)
			note(&p.threads[i], "kernel thread: no user frames");
	} else if (opt_user) {
		udenied = uframes_capture(tgid, p.threads, p.nthreads);
		if (udenied == -EACCES || udenied == -EPERM) {
			udenied = (int)p.nthreads;
			for (i = 0; i < p.nthreads; i++)
				note(&p.threads[i], "user frames: not permitted");
		} else if (udenied < 0) {
			for (i = 0; i < p.nthreads; i++)
				note(&p.threads[i], "user frames: %s",
				     strerror(-udenied));
			udenied = 0;
		}
	}

	if ((!opt_kernel || kdenied == p.nthreads) &&
	    (!opt_user || kthread || (size_t)udenied == p.nthreads)) {
		target_error(target, "not permitted");
		free_process(&p);
		return EXIT_TARGET;
	}
	if (opt_json)
		print_json(&p);
	else
		print_text(&p);
	free_process(&p);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel-only", no_argument, NULL, 'k' },
		{ "user-only", no_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, i, status = EXIT_OK;
	size_t e;

	while ((c = getopt_long(argc, argv, "kujh", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			opt_user = false;
			break;
		case 'u':
			opt_kernel = false;
			break;
		case 'j':
			opt_json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!opt_user && !opt_kernel) {
		fputs("kstack: --kernel-only and --user-only exclude each other\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (optind == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		char *end;
		long v;

		errno = 0;
		v = strtol(argv[i], &end, 10);
		if (errno || *end || end == argv[i] || v <= 0 ||
		    v != (pid_t)v) {
			fprintf(stderr, "kstack: '%s' is not a process or thread id\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	/* Line-buffer so output interleaves sensibly with errors. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (opt_kernel)
		ksrc = kframes_open();
	if (opt_json) {
		fputs("{\"kernel_frames_from\": ", stdout);
		json_opt_str(ksrc == KSRC_KSTACK ? "kstack" :
			     ksrc == KSRC_PROC ? "proc" : NULL);
		fputs(",\n \"processes\": [", stdout);
	}
	for (i = optind; i < argc; i++) {
		if (inspect(strtol(argv[i], NULL, 10)) != EXIT_OK)
			status = EXIT_TARGET;
	}
	if (opt_json) {
		fputs("],\n \"errors\": [", stdout);
		for (e = 0; e < nerrors; e++) {
			printf("%s{\"target\": %ld, \"error\": ", e ? ", " : "",
			       errors[e].target);
			json_str(errors[e].error);
			putchar('}');
		}
		fputs("]}\n", stdout);
	}
	kframes_close();
	return status;
}
