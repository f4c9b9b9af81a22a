// SPDX-License-Identifier: GPL-2.0
/*
 * dsctl: create, fill, drain, inspect and remove DataStack objects from the
 * shell (dsctl(1)).  Built on libdatastack.
 *
 * Exit status: 0 success, 1 the operation failed, 2 usage error, 3 empty,
 * full or timed out, 4 no such object, 5 DataStack unavailable (no module).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <datastack.h>

#define DSCTL_VERSION	"1.0.0"
#define PROC_FILE	"/proc/datastack"

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_EMPTY = 3,		/* empty, full or timed out */
	EXIT_NOENT = 4,
	EXIT_NODEV = 5,
};

static const char *prog = "dsctl";

/* ---- small helpers ---------------------------------------------------- */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(EXIT_FAIL);
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(EXIT_FAIL);
	}
	return p;
}

/* A name as it can be shown on a terminal: non-printable bytes, spaces and
 * backslashes as \ooo (the escaping of /proc/datastack).  Static buffer. */
static const char *shown(const char *name)
{
	static char buf[4 * DS_NAME_MAX + 16];
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)name;
	     *p && n + 5 < sizeof(buf); p++) {
		if (*p <= ' ' || *p == '\\' || *p == 0x7f)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\\%03o", *p);
		else
			buf[n++] = (char)*p;
	}
	buf[n] = '\0';
	return buf;
}

static int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s%s", prog, cmd ? cmd : "", cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try '%s %s%s--help')\n", prog, cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

/* The exit status for an errno. */
static int exit_code(int err)
{
	switch (err) {
	case EAGAIN:
	case ETIMEDOUT:
		return EXIT_EMPTY;
	case ENOENT:
		return EXIT_NOENT;
	case ENODEV:
		return EXIT_NODEV;
	default:
		return EXIT_FAIL;
	}
}

/*
 * Reports a failed operation in one line, "dsctl: CMD NAME: cause", and
 * returns the exit status.  err is a positive errno.
 */
static int op_error(const char *cmd, const char *name, int err,
		    const char *detail)
{
	const char *cause;
	int push = !strcmp(cmd, "push");

	switch (err) {
	case ENOENT:	cause = "no such data stack"; break;
	case EEXIST:	cause = "a data stack of that name exists"; break;
	case EACCES:	cause = "permission denied"; break;
	case EPERM:	cause = "operation not permitted (not the owner or creator)"; break;
	case EAGAIN:	cause = push ? "stack is full" : "stack is empty"; break;
	case ETIMEDOUT:	cause = push ? "timed out: stack is still full"
				     : "timed out: stack is still empty"; break;
	case EMSGSIZE:	cause = push ? "item larger than the stack's maximum item size"
				     : "item larger than the buffer"; break;
	case ENOBUFS:	cause = "item larger than the stack's byte limit"; break;
	case ENAMETOOLONG: cause = "name longer than 255 bytes"; break;
	case ENODEV:	cause = DS_CONTROL_DEVICE " is absent (is datastack.ko loaded?)"; break;
	case EDQUOT:	cause = "the user's quota of data stacks or bytes is used up"; break;
	case EINTR:	cause = "interrupted"; break;
	default:	cause = strerror(err); break;
	}
	if (name)
		fprintf(stderr, "%s: %s %s: %s%s%s\n", prog, cmd, shown(name), cause,
			detail ? ": " : "", detail ? detail : "");
	else
		fprintf(stderr, "%s: %s: %s%s%s\n", prog, cmd, cause,
			detail ? ": " : "", detail ? detail : "");
	return exit_code(err);
}

/* SIZE: a number with an optional K, M, G or T (binary) suffix. */
static int parse_size(const char *s, unsigned long long *out)
{
	unsigned long long v, mul = 1;
	char *end;

	if (!*s || *s == '-' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': mul = 1ULL << 10; end++; break;
	case 'M': mul = 1ULL << 20; end++; break;
	case 'G': mul = 1ULL << 30; end++; break;
	case 'T': mul = 1ULL << 40; end++; break;
	default: return -1;
	}
	if (mul > 1 && (!strcasecmp(end, "iB") || !strcasecmp(end, "B")))
		end += strlen(end);
	if (*end)
		return -1;
	if (v > ULLONG_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* SECONDS: a non-negative decimal number, to nanoseconds. */
static int parse_seconds(const char *s, long long *ns)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0 || v > 1e9)
		return -1;
	*ns = (long long)(v * 1e9);
	return 0;
}

static int check_name(const char *cmd, const char *name)
{
	if (!*name)
		return usage_error(cmd, "the name is empty");
	if (strchr(name, '/'))
		return usage_error(cmd, "invalid name '%s': a name may not contain '/'",
				   shown(name));
	if (strlen(name) > DS_NAME_MAX)
		return usage_error(cmd, "name longer than %d bytes", DS_NAME_MAX);
	return 0;
}

/* Reads a whole descriptor; returns the length, or -errno. */
static long long read_all(int fd, char **out)
{
	size_t cap = 65536, len = 0;
	char *buf = xmalloc(cap);

	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (cap >= UINT32_MAX) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			free(buf);
			return -err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*out = buf;
	return (long long)len;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- printing items ----------------------------------------------------- */

enum format { FMT_AUTO, FMT_HEX, FMT_RAW };

/* Valid UTF-8 without control characters other than tab and newline? */
static int is_text(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t len, j;
		uint32_t cp;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2; cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3; cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4; cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (j = 1; j < len; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + j] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0x80 && cp <= 0x9f))
			return 0;
		i += len;
	}
	return 1;
}

static void print_hex(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

/*
 * Prints an item: text as it is (one trailing NUL, as C strings are pushed,
 * dropped; a newline added), anything else as hex digits; or as asked.
 */
static void print_item(const unsigned char *p, size_t n, enum format fmt)
{
	size_t tn = n;

	if (fmt == FMT_RAW) {
		fwrite(p, 1, n, stdout);
		return;
	}
	if (tn && p[tn - 1] == '\0')
		tn--;
	if (fmt == FMT_AUTO && tn && is_text(p, tn)) {
		fwrite(p, 1, tn, stdout);
		if (p[tn - 1] != '\n')
			putchar('\n');
		return;
	}
	print_hex(p, n);
}

/* ---- JSON ------------------------------------------------------------- */

static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	putchar('"');
	while (i < n) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			printf("\\%c", c);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			printf("\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			putchar(c);
			i++;
		} else {
			/* Copy a valid UTF-8 sequence; a stray byte as U+00XX. */
			size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;

			if (len && i + len <= n && is_text(p + i, len)) {
				fwrite(p + i, 1, len, stdout);
				i += len;
			} else {
				printf("\\u%04x", c);
				i++;
			}
		}
	}
	putchar('"');
}

/* ---- /proc/datastack ------------------------------------------------------ */

struct proc_obj {
	char name[DS_NAME_MAX + 1];	/* unescaped; "" for unnamed */
	char shown_name[4 * DS_NAME_MAX + 16];	/* as /proc shows it */
	unsigned long long id, count, bytes, max_items, max_item_size, max_bytes;
	unsigned int mode, uid, gid, fds, waiters;
	char type[32];
	int named;
};

struct proc_list {
	struct proc_obj *v;
	size_t n;
	long long total_objects, total_items, total_bytes;
};

/* Undoes seq_escape()'s \ooo. */
static void unescape(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	while (*in && n + 1 < outsz) {
		if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' &&
		    in[2] >= '0' && in[2] <= '7' && in[3] >= '0' && in[3] <= '7') {
			out[n++] = (char)(((in[1] - '0') << 6) | ((in[2] - '0') << 3) |
					  (in[3] - '0'));
			in += 4;
		} else {
			out[n++] = *in++;
		}
	}
	out[n] = '\0';
}

/* The column order of /proc/datastack, from its header line. */
enum col { C_ID, C_NAME, C_COUNT, C_BYTES, C_MAX_ITEMS, C_MAX_ITEM_SIZE,
	   C_MAX_BYTES, C_MODE, C_UID, C_GID, C_FDS, C_WAITERS, C_TYPE, C_N };
static const char *const col_names[C_N] = {
	"id", "name", "count", "bytes", "max_items", "max_item_size",
	"max_bytes", "mode", "uid", "gid", "fds", "waiters", "type",
};

#define MAX_COLS 64

static int split(char *line, char **f, int max)
{
	int n = 0;

	for (char *tok = strtok(line, " \t\n"); tok && n < max;
	     tok = strtok(NULL, " \t\n"))
		f[n++] = tok;
	return n;
}

/* Reads /proc/datastack; returns 0 or -errno (-EPROTO: unknown format). */
static int proc_read(struct proc_list *l)
{
	int idx[C_N], ncols, i;
	char *line = NULL, *f[MAX_COLS];
	size_t cap = 0, alloc = 0;
	FILE *fp = fopen(PROC_FILE, "re");

	memset(l, 0, sizeof(*l));
	if (!fp)
		return errno == ENOENT ? -ENODEV : -errno;
	if (getline(&line, &cap, fp) < 0) {
		fclose(fp);
		free(line);
		return -EPROTO;
	}
	ncols = split(line, f, MAX_COLS);
	for (i = 0; i < C_N; i++) {
		idx[i] = -1;
		for (int j = 0; j < ncols; j++)
			if (!strcmp(f[j], col_names[i]))
				idx[i] = j;
		if (idx[i] < 0) {
			fclose(fp);
			free(line);
			return -EPROTO;
		}
	}
	while (getline(&line, &cap, fp) >= 0) {
		struct proc_obj *o;
		int n = split(line, f, MAX_COLS);

		if (n >= 7 && !strcmp(f[0], "total")) {
			for (int j = 1; j + 1 < n; j += 2) {
				long long v = atoll(f[j + 1]);

				if (!strcmp(f[j], "objects"))
					l->total_objects = v;
				else if (!strcmp(f[j], "items"))
					l->total_items = v;
				else if (!strcmp(f[j], "bytes"))
					l->total_bytes = v;
			}
			continue;
		}
		if (n < ncols)
			continue;
		if (l->n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			l->v = xrealloc(l->v, alloc * sizeof(*l->v));
		}
		o = &l->v[l->n++];
		memset(o, 0, sizeof(*o));
		o->id = strtoull(f[idx[C_ID]], NULL, 10);
		snprintf(o->shown_name, sizeof(o->shown_name), "%s", f[idx[C_NAME]]);
		o->named = strcmp(o->shown_name, "(unnamed)") != 0;
		if (o->named)
			unescape(o->shown_name, o->name, sizeof(o->name));
		o->count = strtoull(f[idx[C_COUNT]], NULL, 10);
		o->bytes = strtoull(f[idx[C_BYTES]], NULL, 10);
		o->max_items = strtoull(f[idx[C_MAX_ITEMS]], NULL, 10);
		o->max_item_size = strtoull(f[idx[C_MAX_ITEM_SIZE]], NULL, 10);
		o->max_bytes = strtoull(f[idx[C_MAX_BYTES]], NULL, 10);
		o->mode = (unsigned int)strtoul(f[idx[C_MODE]], NULL, 8);
		o->uid = (unsigned int)strtoul(f[idx[C_UID]], NULL, 10);
		o->gid = (unsigned int)strtoul(f[idx[C_GID]], NULL, 10);
		o->fds = (unsigned int)strtoul(f[idx[C_FDS]], NULL, 10);
		o->waiters = (unsigned int)strtoul(f[idx[C_WAITERS]], NULL, 10);
		snprintf(o->type, sizeof(o->type), "%s", f[idx[C_TYPE]]);
	}
	free(line);
	fclose(fp);
	return 0;
}

static int proc_error(const char *cmd, int err)
{
	if (err == -EPROTO) {
		fprintf(stderr, "%s: %s: %s has an unknown format\n", prog, cmd, PROC_FILE);
		return EXIT_FAIL;
	}
	if (err == -ENODEV) {
		fprintf(stderr, "%s: %s: %s is absent (is datastack.ko loaded?)\n",
			prog, cmd, PROC_FILE);
		return EXIT_NODEV;
	}
	fprintf(stderr, "%s: %s: %s: %s\n", prog, cmd, PROC_FILE, strerror(-err));
	return EXIT_FAIL;
}

/* "-" for a 0 (unlimited) limit. */
static const char *limit_str(unsigned long long v, char *buf, size_t n)
{
	if (!v)
		return "-";
	snprintf(buf, n, "%llu", v);
	return buf;
}

/* ---- subcommands ------------------------------------------------------------ */

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

static const struct cmd *cur;

static int help(const struct cmd *c)
{
	printf("Usage: %s %s\n", prog, c->usage);
	return EXIT_OK;
}

/* Parses a subcommand's options; returns the option or -1 at the end, or
 * exits on --help and on an unknown option. */
static int next_opt(int argc, char **argv, const char *shortopts,
		    const struct option *longopts)
{
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);

	if (c == 'h') {
		help(cur);
		exit(EXIT_OK);
	}
	if (c == '?') {
		fprintf(stderr, "%s: %s: try '%s %s --help'\n", prog, cur->name, prog,
			cur->name);
		exit(EXIT_USAGE);
	}
	return c;
}

/* One NAME operand, exactly. */
static const char *one_name(int argc, char **argv)
{
	if (optind >= argc) {
		exit(usage_error(cur->name, "missing NAME"));
	}
	if (optind + 1 < argc)
		exit(usage_error(cur->name, "unexpected argument '%s'", argv[optind + 1]));
	if (check_name(cur->name, argv[optind]))
		exit(EXIT_USAGE);
	return argv[optind];
}

static int open_or_die(const char *name, unsigned int rights)
{
	int fd = ds_open(name, rights, DS_CLOEXEC);

	if (fd < 0)
		exit(op_error(cur->name, name, -fd, NULL));
	return fd;
}

static int cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "max-items", required_argument, NULL, 'n' },
		{ "max-item-size", required_argument, NULL, 's' },
		{ "max-bytes", required_argument, NULL, 'b' },
		{ "mode", required_argument, NULL, 'm' },
		{ "fifo", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ds_limits lim = { 0, 0, 0 };
	unsigned int flags = DS_CREATE_PERSISTENT | DS_CREATE_EXCLUSIVE | DS_CLOEXEC;
	unsigned int mode = 0666;
	unsigned long long v;
	const char *name;
	char *end;
	int c, fd;

	while ((c = next_opt(argc, argv, "n:s:b:m:Fh", opts)) != -1) {
		switch (c) {
		case 'n':
		case 's':
		case 'b':
			if (parse_size(optarg, &v))
				return usage_error("create", "invalid %s '%s'",
						   c == 'n' ? "count" : "size", optarg);
			if (c == 'n')
				lim.max_items = v;
			else if (c == 's')
				lim.max_item_size = v;
			else
				lim.max_bytes = v;
			break;
		case 'm':
			errno = 0;
			v = strtoul(optarg, &end, 8);
			if (errno || !*optarg || *end || v & ~0666ULL)
				return usage_error("create", "invalid mode '%s' (octal, at most 0666)",
						   optarg);
			mode = (unsigned int)v;
			break;
		case 'F':
			flags |= DS_CREATE_FIFO;
			break;
		}
	}
	name = one_name(argc, argv);
	fd = ds_create(name, flags, mode, &lim);
	if (fd < 0)
		return op_error("create", name, -fd, NULL);
	close(fd);
	return EXIT_OK;
}

static int hex_decode(const char *s, char **out, size_t *len)
{
	size_t n = 0;
	char *buf = xmalloc(strlen(s) / 2 + 1);
	int hi = -1;

	for (; *s; s++) {
		int d;

		if (isspace((unsigned char)*s))
			continue;
		if (!isxdigit((unsigned char)*s)) {
			free(buf);
			return -1;
		}
		d = isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10);
		if (hi < 0) {
			hi = d;
		} else {
			buf[n++] = (char)(hi << 4 | d);
			hi = -1;
		}
	}
	if (hi >= 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* --wait[=SECONDS] */
static int parse_wait(const char *arg, long long *timeout_ns)
{
	if (!arg) {
		*timeout_ns = DS_TIMEOUT_INFINITE;
		return 0;
	}
	if (parse_seconds(arg, timeout_ns))
		return usage_error(cur->name, "invalid --wait '%s' (seconds)", arg);
	return 0;
}

static int cmd_push(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "hex", no_argument, NULL, 'x' },
		{ "wait", optional_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	long long timeout = DS_TIMEOUT_NONE;
	const char **files = NULL;
	size_t nfiles = 0, nitems, i;
	struct iovec *iov;
	const char *name;
	int c, fd, ret, hex = 0, nargs;

	files = xmalloc((size_t)argc * sizeof(*files));
	while ((c = next_opt(argc, argv, "f:xw::h", opts)) != -1) {
		switch (c) {
		case 'f':
			files[nfiles++] = optarg;
			break;
		case 'x':
			hex = 1;
			break;
		case 'w':
			if (parse_wait(optarg, &timeout))
				return EXIT_USAGE;
			break;
		}
	}
	if (optind >= argc)
		return usage_error("push", "missing NAME");
	name = argv[optind++];
	if (check_name("push", name))
		return EXIT_USAGE;
	nargs = argc - optind;
	if (nfiles && nargs)
		return usage_error("push", "give DATA or -f FILE, not both");
	nitems = nfiles ? nfiles : nargs ? (size_t)nargs : 1;
	if (nitems > DS_BATCH_MAX)
		return usage_error("push", "at most %d items at once", DS_BATCH_MAX);
	iov = xmalloc(nitems * sizeof(*iov));

	/* Gather the items: files, arguments ("-": standard input), or stdin. */
	for (i = 0; i < nitems; i++) {
		const char *src = nfiles ? files[i] : nargs ? argv[optind + i] : "-";
		int from_file = nfiles || !strcmp(src, "-");
		char *data;
		size_t len;

		if (from_file) {
			int in = strcmp(src, "-") ? open(src, O_RDONLY | O_CLOEXEC) : 0;
			long long n;

			if (in < 0) {
				fprintf(stderr, "%s: push %s: %s: %s\n", prog, shown(name),
					src, strerror(errno));
				return EXIT_FAIL;
			}
			n = read_all(in, &data);
			if (in)
				close(in);
			if (n < 0) {
				fprintf(stderr, "%s: push %s: %s: %s\n", prog, shown(name),
					in ? src : "standard input", strerror((int)-n));
				return EXIT_FAIL;
			}
			len = (size_t)n;
			if (hex) {
				char *raw = xrealloc(data, len + 1), *dec;

				raw[len] = '\0';
				if (hex_decode(raw, &dec, &len))
					return usage_error("push", "invalid hex data");
				free(raw);
				data = dec;
			}
		} else if (hex) {
			if (hex_decode(src, &data, &len))
				return usage_error("push", "invalid hex data '%s'", src);
		} else {
			data = (char *)src;
			len = strlen(src);
		}
		if (!len) {
			fprintf(stderr, "%s: push %s: an item cannot be empty\n", prog,
				shown(name));
			return EXIT_USAGE;
		}
		iov[i].iov_base = data;
		iov[i].iov_len = len;
	}

	fd = open_or_die(name, DS_RIGHT_PUSH);
	if (nitems == 1) {
		ret = ds_push_timeout(fd, iov[0].iov_base, iov[0].iov_len, timeout);
		if (ret < 0)
			return op_error("push", name, -ret, NULL);
		return EXIT_OK;
	}
	/* Several items: one batch; only the first item may wait. */
	ret = ds_pushv(fd, iov, (unsigned int)nitems,
		       timeout == DS_TIMEOUT_NONE ? DS_WAIT_NONBLOCK : 0);
	if (ret < 0)
		return op_error("push", name, -ret, NULL);
	if ((size_t)ret < nitems) {
		char detail[64];

		snprintf(detail, sizeof(detail), "pushed %d of %zu items", ret, nitems);
		return op_error("push", name, EAGAIN, detail);
	}
	return EXIT_OK;
}

/*
 * Pops (or peeks) one item of any size within the timeout: waits for an
 * item, then takes it with a buffer of the right size, again if another
 * process changed the top meanwhile.
 */
static int take_item(int fd, int peek, long long timeout, unsigned char **out,
		     size_t *len)
{
	long long deadline = timeout > 0 ? now_ns() + timeout : 0;
	size_t cap = 4096;
	unsigned char *buf = xmalloc(cap);

	for (;;) {
		size_t size = cap;
		long long left = timeout;
		int ret;

		if (timeout > 0) {
			left = deadline - now_ns();
			if (left <= 0)
				left = 1;	/* look once more, then ETIMEDOUT */
		}
		if (peek)
			ret = ds_peek_timeout(fd, buf, &size, left);
		else
			ret = ds_pop_timeout(fd, buf, &size, left);
		if (ret == 0) {
			*out = buf;
			*len = size;
			return 0;
		}
		if (ret != -EMSGSIZE) {
			free(buf);
			return ret;
		}
		cap = size;
		buf = xrealloc(buf, cap);
	}
}

static int cmd_pop_peek(int argc, char **argv, int peek)
{
	static const struct option opts[] = {
		{ "wait", optional_argument, NULL, 'w' },
		{ "hex", no_argument, NULL, 'x' },
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	long long timeout = DS_TIMEOUT_NONE;
	enum format fmt = FMT_AUTO;
	unsigned char *item = NULL;
	const char *name;
	size_t len = 0;
	int c, fd, ret;

	while ((c = next_opt(argc, argv, "w::xrh", opts)) != -1) {
		switch (c) {
		case 'w':
			if (parse_wait(optarg, &timeout))
				return EXIT_USAGE;
			break;
		case 'x':
			fmt = FMT_HEX;
			break;
		case 'r':
			fmt = FMT_RAW;
			break;
		}
	}
	name = one_name(argc, argv);
	fd = open_or_die(name, DS_RIGHT_POP);
	ret = take_item(fd, peek, timeout, &item, &len);
	if (ret < 0)
		return op_error(peek ? "peek" : "pop", name, -ret, NULL);
	print_item(item, len, fmt);
	free(item);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}

static int cmd_pop(int argc, char **argv)
{
	return cmd_pop_peek(argc, argv, 0);
}

static int cmd_peek(int argc, char **argv)
{
	return cmd_pop_peek(argc, argv, 1);
}

static int cmd_clear(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *name;
	int fd, ret;

	while (next_opt(argc, argv, "h", opts) != -1)
		;
	name = one_name(argc, argv);
	fd = open_or_die(name, DS_RIGHT_CLEAR);
	ret = ds_clear(fd);
	if (ret < 0)
		return op_error("clear", name, -ret, NULL);
	return EXIT_OK;
}

static int cmd_rm(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *name;
	int ret;

	while (next_opt(argc, argv, "h", opts) != -1)
		;
	name = one_name(argc, argv);
	ret = ds_unlink(name);
	if (ret < 0)
		return op_error("rm", name, -ret, NULL);
	return EXIT_OK;
}

static const char *type_str(unsigned int flags)
{
	return (flags & DS_CREATE_FIFO) ? "fifo" : "lifo";
}

static int cmd_stat(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ds_info in;
	const char *name;
	int c, fd, ret, json = 0;
	char b1[32], b2[32], b3[32];
	unsigned int fds;

	while ((c = next_opt(argc, argv, "jh", opts)) != -1)
		if (c == 'j')
			json = 1;
	name = one_name(argc, argv);
	fd = open_or_die(name, DS_RIGHT_QUERY);
	ret = ds_query(fd, &in);
	if (ret < 0)
		return op_error("stat", name, -ret, NULL);
	close(fd);
	/* Not counting dsctl's own descriptor. */
	fds = in.open_fds ? in.open_fds - 1 : 0;
	if (json) {
		printf("{\"name\": ");
		json_string(in.name);
		printf(", \"id\": %llu, \"type\": \"%s\", \"persistent\": %s, "
		       "\"count\": %llu, \"bytes\": %llu, "
		       "\"max_items\": %llu, \"max_item_size\": %llu, \"max_bytes\": %llu, "
		       "\"mode\": \"%04o\", \"uid\": %u, \"gid\": %u, \"creator_pid\": %u, "
		       "\"open_fds\": %u, \"waiters\": %u, "
		       "\"peak_count\": %llu, \"peak_bytes\": %llu, "
		       "\"pushes\": %llu, \"pops\": %llu, \"top_size\": %llu}\n",
		       (unsigned long long)in.id, type_str(in.flags),
		       (in.flags & DS_CREATE_PERSISTENT) ? "true" : "false",
		       (unsigned long long)in.count, (unsigned long long)in.bytes,
		       (unsigned long long)in.limits.max_items,
		       (unsigned long long)in.limits.max_item_size,
		       (unsigned long long)in.limits.max_bytes,
		       in.mode, in.uid, in.gid, in.creator_pid, fds, in.waiters,
		       (unsigned long long)in.peak_count, (unsigned long long)in.peak_bytes,
		       (unsigned long long)in.pushes, (unsigned long long)in.pops,
		       (unsigned long long)in.top_size);
	} else {
		printf("name:          %s\n", shown(in.name));
		printf("id:            %llu\n", (unsigned long long)in.id);
		printf("type:          %s%s\n", type_str(in.flags),
		       (in.flags & DS_CREATE_PERSISTENT) ? ", persistent" : "");
		printf("count:         %llu\n", (unsigned long long)in.count);
		printf("bytes:         %llu\n", (unsigned long long)in.bytes);
		printf("max items:     %s\n", limit_str(in.limits.max_items, b1, sizeof(b1)));
		printf("max item size: %s\n", limit_str(in.limits.max_item_size, b2, sizeof(b2)));
		printf("max bytes:     %s\n", limit_str(in.limits.max_bytes, b3, sizeof(b3)));
		printf("mode:          %04o\n", in.mode);
		printf("owner:         uid %u gid %u\n", in.uid, in.gid);
		printf("creator pid:   %u\n", in.creator_pid);
		printf("open fds:      %u\n", fds);
		printf("waiters:       %u\n", in.waiters);
		printf("peak:          %llu items, %llu bytes\n",
		       (unsigned long long)in.peak_count, (unsigned long long)in.peak_bytes);
		printf("pushes:        %llu\n", (unsigned long long)in.pushes);
		printf("pops:          %llu\n", (unsigned long long)in.pops);
		printf("top item:      %llu bytes\n", (unsigned long long)in.top_size);
	}
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}

static int cmd_ls(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct proc_list l;
	int c, ret, json = 0;
	size_t i, w = 4;

	while ((c = next_opt(argc, argv, "jh", opts)) != -1)
		if (c == 'j')
			json = 1;
	if (optind < argc)
		return usage_error("ls", "unexpected argument '%s'", argv[optind]);
	ret = proc_read(&l);
	if (ret < 0)
		return proc_error("ls", ret);
	if (json) {
		printf("{\"objects\": [");
		for (i = 0; i < l.n; i++) {
			const struct proc_obj *o = &l.v[i];

			printf("%s\n  {\"id\": %llu, \"name\": ", i ? "," : "", o->id);
			if (o->named)
				json_string(o->name);
			else
				printf("null");
			printf(", \"type\": \"%.4s\", \"persistent\": %s, \"count\": %llu, "
			       "\"bytes\": %llu, \"max_items\": %llu, \"max_item_size\": %llu, "
			       "\"max_bytes\": %llu, \"mode\": \"%04o\", \"uid\": %u, "
			       "\"gid\": %u, \"fds\": %u, \"waiters\": %u}",
			       o->type, strstr(o->type, "persistent") ? "true" : "false",
			       o->count, o->bytes, o->max_items, o->max_item_size,
			       o->max_bytes, o->mode, o->uid, o->gid, o->fds, o->waiters);
		}
		printf("%s], \"total\": {\"objects\": %lld, \"items\": %lld, \"bytes\": %lld}}\n",
		       l.n ? "\n" : "", l.total_objects, l.total_items, l.total_bytes);
	} else {
		for (i = 0; i < l.n; i++)
			if (strlen(l.v[i].shown_name) > w)
				w = strlen(l.v[i].shown_name);
		printf("%-*s %-15s %8s %10s %9s %9s %10s %4s %5s %5s %4s %7s\n", (int)w,
		       "NAME", "TYPE", "COUNT", "BYTES", "MAX_ITEMS", "MAX_ITEM",
		       "MAX_BYTES", "MODE", "UID", "GID", "FDS", "WAITERS");
		for (i = 0; i < l.n; i++) {
			const struct proc_obj *o = &l.v[i];
			char b1[32], b2[32], b3[32];

			printf("%-*s %-15s %8llu %10llu %9s %9s %10s %04o %5u %5u %4u %7u\n",
			       (int)w, o->shown_name, o->type, o->count, o->bytes,
			       limit_str(o->max_items, b1, sizeof(b1)),
			       limit_str(o->max_item_size, b2, sizeof(b2)),
			       limit_str(o->max_bytes, b3, sizeof(b3)),
			       o->mode, o->uid, o->gid, o->fds, o->waiters);
		}
	}
	free(l.v);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}

/* ---- watch -------------------------------------------------------------- */

struct sample {
	unsigned long long id, pushes, pops;
	int valid;
};

struct row {
	char shown_name[4 * DS_NAME_MAX + 16];
	char type[32];
	unsigned long long id, count, bytes, peak, pushes, pops;
	unsigned int fds, waiters;
	int have_counters, absent;
};

/* Counters of a named object (needs read permission); 0 or -errno. */
static int query_name(const char *name, struct ds_info *in)
{
	int fd = ds_open(name, DS_RIGHT_QUERY, DS_CLOEXEC);
	int ret;

	if (fd < 0)
		return fd;
	ret = ds_query(fd, in);
	close(fd);
	return ret;
}

static volatile sig_atomic_t stop_watch;

static void on_signal(int sig)
{
	(void)sig;
	stop_watch = 1;
}

/* Sleeps ns nanoseconds unless a signal ends the watch. */
static void watch_sleep(long long ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL) };

	while (!stop_watch && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int cmd_watch(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	long long interval = 1000000000LL, iterations = -1, frame;
	struct sample *prev = NULL;
	size_t nprev = 0;
	const char *name = NULL;
	long long t_prev = 0;
	int c, tty = isatty(STDOUT_FILENO);
	struct sigaction sa;
	char *end;

	while ((c = next_opt(argc, argv, "i:n:h", opts)) != -1) {
		switch (c) {
		case 'i':
			if (parse_seconds(optarg, &interval) || interval < 1000000)
				return usage_error("watch", "invalid --interval '%s' (seconds, at least 0.001)",
						   optarg);
			break;
		case 'n':
			errno = 0;
			iterations = strtoll(optarg, &end, 10);
			if (errno || !*optarg || *end || iterations < 1)
				return usage_error("watch", "invalid --iterations '%s'", optarg);
			break;
		}
	}
	if (optind < argc) {
		name = argv[optind++];
		if (check_name("watch", name))
			return EXIT_USAGE;
	}
	if (optind < argc)
		return usage_error("watch", "unexpected argument '%s'", argv[optind]);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	for (frame = 0; !stop_watch && (iterations < 0 || frame < iterations); frame++) {
		struct row *rows = NULL;
		struct sample *cur_s;
		size_t nrows = 0, i, j;
		long long t = now_ns();
		double dt;
		unsigned long long tot_items = 0, tot_bytes = 0;
		size_t w = 4;
		int ret;

		if (frame)
			watch_sleep(interval - (t - t_prev) > 0 ? interval - (t - t_prev) : 0);
		if (stop_watch)
			break;
		t = now_ns();
		dt = t_prev ? (double)(t - t_prev) / 1e9 : 0;

		if (name) {
			struct ds_info in;

			rows = xmalloc(sizeof(*rows));
			memset(rows, 0, sizeof(*rows));
			nrows = 1;
			snprintf(rows[0].shown_name, sizeof(rows[0].shown_name), "%s", shown(name));
			ret = query_name(name, &in);
			if (ret == -ENODEV)
				return op_error("watch", name, ENODEV, NULL);
			if (ret < 0) {
				rows[0].absent = 1;
			} else {
				rows[0].id = in.id;
				rows[0].count = in.count;
				rows[0].bytes = in.bytes;
				rows[0].peak = in.peak_count;
				rows[0].pushes = in.pushes;
				rows[0].pops = in.pops;
				rows[0].fds = in.open_fds ? in.open_fds - 1 : 0;
				rows[0].waiters = in.waiters;
				rows[0].have_counters = 1;
				snprintf(rows[0].type, sizeof(rows[0].type), "%s%s",
					 type_str(in.flags),
					 (in.flags & DS_CREATE_PERSISTENT) ? ",persistent" : "");
			}
		} else {
			struct proc_list l;

			ret = proc_read(&l);
			if (ret < 0)
				return proc_error("watch", ret);
			rows = xmalloc((l.n ? l.n : 1) * sizeof(*rows));
			nrows = l.n;
			for (i = 0; i < l.n; i++) {
				struct row *r = &rows[i];
				struct ds_info in;

				memset(r, 0, sizeof(*r));
				snprintf(r->shown_name, sizeof(r->shown_name), "%s", l.v[i].shown_name);
				snprintf(r->type, sizeof(r->type), "%s", l.v[i].type);
				r->id = l.v[i].id;
				r->count = l.v[i].count;
				r->bytes = l.v[i].bytes;
				r->fds = l.v[i].fds;
				r->waiters = l.v[i].waiters;
				if (l.v[i].named && query_name(l.v[i].name, &in) == 0 &&
				    in.id == r->id) {
					r->peak = in.peak_count;
					r->pushes = in.pushes;
					r->pops = in.pops;
					r->have_counters = 1;
				}
			}
			free(l.v);
		}

		if (tty)
			fputs("\033[H\033[J", stdout);
		else if (frame)
			putchar('\n');
		for (i = 0; i < nrows; i++) {
			tot_items += rows[i].count;
			tot_bytes += rows[i].bytes;
			if (strlen(rows[i].shown_name) > w)
				w = strlen(rows[i].shown_name);
		}
		printf("dsctl watch: %zu object%s, %llu items, %llu bytes (every %.3g s)\n",
		       nrows, nrows == 1 ? "" : "s", tot_items, tot_bytes, (double)interval / 1e9);
		printf("%-*s %-15s %8s %10s %8s %9s %9s %4s %7s\n", (int)w, "NAME", "TYPE",
		       "COUNT", "BYTES", "PEAK", "PUSH/s", "POP/s", "FDS", "WAITERS");
		cur_s = xmalloc((nrows ? nrows : 1) * sizeof(*cur_s));
		for (i = 0; i < nrows; i++) {
			const struct row *r = &rows[i];
			char push_rate[32] = "-", pop_rate[32] = "-", peak[32] = "-";

			cur_s[i].id = r->id;
			cur_s[i].pushes = r->pushes;
			cur_s[i].pops = r->pops;
			cur_s[i].valid = r->have_counters;
			if (r->absent) {
				printf("%-*s (absent)\n", (int)w, r->shown_name);
				continue;
			}
			if (r->have_counters)
				snprintf(peak, sizeof(peak), "%llu", r->peak);
			for (j = 0; r->have_counters && dt > 0 && j < nprev; j++) {
				if (!prev[j].valid || prev[j].id != r->id)
					continue;
				snprintf(push_rate, sizeof(push_rate), "%.1f",
					 (double)(r->pushes - prev[j].pushes) / dt);
				snprintf(pop_rate, sizeof(pop_rate), "%.1f",
					 (double)(r->pops - prev[j].pops) / dt);
				break;
			}
			printf("%-*s %-15s %8llu %10llu %8s %9s %9s %4u %7u\n", (int)w,
			       r->shown_name, r->type, r->count, r->bytes, peak, push_rate,
			       pop_rate, r->fds, r->waiters);
		}
		fflush(stdout);
		free(prev);
		free(rows);
		prev = cur_s;
		nprev = nrows;
		t_prev = t;
	}
	free(prev);
	return EXIT_OK;
}

/* ---- main ----------------------------------------------------------------- */

static const struct cmd cmds[] = {
	{ "create", cmd_create,
	  "create NAME [--max-items N] [--max-item-size SIZE] [--max-bytes SIZE]\n"
	  "                    [--mode MODE] [--fifo]\n"
	  "  Create a persistent data stack (it lives until 'dsctl rm').  SIZE takes\n"
	  "  K, M, G, T suffixes (powers of 1024); 0 is no limit.  MODE: octal\n"
	  "  permission bits, default 0666 (umask applies).  --fifo: pop takes the\n"
	  "  oldest item.  Fails if the name exists." },
	{ "push", cmd_push,
	  "push NAME [--hex] [--wait[=SECONDS]] [DATA... | -f FILE... | -]\n"
	  "  Push each DATA argument as one item (its bytes, no NUL), each FILE, or\n"
	  "  standard input ('-' or nothing).  Several items are pushed in one batch.\n"
	  "  --hex: the data is hex digits.  --wait: wait while the stack is full\n"
	  "  (at most SECONDS); without it a full stack fails at once." },
	{ "pop", cmd_pop,
	  "pop NAME [--wait[=SECONDS]] [--hex | --raw]\n"
	  "  Pop the top item (the oldest of a FIFO) and print it: text as is, other\n"
	  "  items as hex digits (--hex: always; --raw: the bytes unchanged).\n"
	  "  --wait: wait while the stack is empty (at most SECONDS)." },
	{ "peek", cmd_peek,
	  "peek NAME [--wait[=SECONDS]] [--hex | --raw]\n"
	  "  Print the top item without removing it (as pop)." },
	{ "clear", cmd_clear,
	  "clear NAME\n"
	  "  Remove every item." },
	{ "stat", cmd_stat,
	  "stat NAME [--json]\n"
	  "  Show a data stack's state, limits, owner and counters." },
	{ "ls", cmd_ls,
	  "ls [--json]\n"
	  "  List the data stacks of this IPC namespace (from " PROC_FILE ")." },
	{ "rm", cmd_rm,
	  "rm NAME\n"
	  "  Remove a name; open descriptors keep the object until closed." },
	{ "watch", cmd_watch,
	  "watch [NAME] [--interval SECONDS] [--iterations N]\n"
	  "  Show every data stack (or NAME) with its count, bytes and push and pop\n"
	  "  rates, refreshed every SECONDS (default 1), N times (default: until\n"
	  "  interrupted)." },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static void main_usage(FILE *f)
{
	fprintf(f, "Usage: %s COMMAND [OPTIONS] [ARGS]\n"
		"       %s --help | --version\n\nCommands:\n", prog, prog);
	for (size_t i = 0; i < NCMDS; i++) {
		const char *nl = strchr(cmds[i].usage, '\n');

		fprintf(f, "  %.*s\n", (int)(nl ? nl - cmds[i].usage : (long)strlen(cmds[i].usage)),
			cmds[i].usage);
	}
	fprintf(f, "\n'%s COMMAND --help' describes a command.  Exit status: 0 success,\n"
		"1 failure, 2 usage, 3 empty/full/timed out, 4 no such data stack,\n"
		"5 DataStack unavailable.  See dsctl(1).\n", prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			main_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("dsctl (datastack) %s, libdatastack %d.%d\n", DSCTL_VERSION,
			       LIBDATASTACK_VERSION_MAJOR, LIBDATASTACK_VERSION_MINOR);
			return EXIT_OK;
		default:
			main_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < NCMDS; i++) {
		if (strcmp(argv[optind], cmds[i].name))
			continue;
		static char label[64];

		cur = &cmds[i];
		argc -= optind;
		argv += optind;
		/* getopt's messages then read "dsctl pop: unrecognized option" */
		snprintf(label, sizeof(label), "%s %s", prog, cur->name);
		argv[0] = label;
		optind = 0;	/* re-initialise getopt for the subcommand */
		return cmds[i].run(argc, argv);
	}
	if (!strcmp(argv[optind], "help")) {
		for (size_t i = 0; optind + 1 < argc && i < NCMDS; i++)
			if (!strcmp(argv[optind + 1], cmds[i].name))
				return help(&cmds[i]);
		main_usage(stdout);
		return EXIT_OK;
	}
	fprintf(stderr, "%s: unknown command '%s' (try '%s --help')\n", prog,
		argv[optind], prog);
	return EXIT_USAGE;
}
