// SPDX-License-Identifier: GPL-2.0
/*
 * dsctl: create, fill, drain, inspect and remove DataStack objects from the
 * shell (dsctl(1)).  Built on libdatastack.  This file: the command table,
 * the option and error conventions every command follows, and main().
 * Exit statuses: tools/common/exitcode.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <datastack/version.h>

#include "dsctl.h"

const struct cmd *cur_cmd;

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s%s", tool_name, cmd ? cmd : "", cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try '%s %s%s--help')\n", tool_name, cmd ? cmd : "",
		cmd ? " " : "");
	return TOOL_EXIT_USAGE;
}

static int help(const struct cmd *c)
{
	printf("Usage: %s %s\n", tool_name, c->usage);
	return TOOL_EXIT_OK;
}

/* A subcommand's next option, or -1 at the end; exits on --help and on an
 * unknown option. */
int next_opt(int argc, char **argv, const char *shortopts,
	     const struct option *longopts)
{
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);

	if (c == 'h') {
		help(cur_cmd);
		exit(TOOL_EXIT_OK);
	}
	if (c == '?') {
		fprintf(stderr, "%s: %s: try '%s %s --help'\n", tool_name,
			cur_cmd->name, tool_name, cur_cmd->name);
		exit(TOOL_EXIT_USAGE);
	}
	return c;
}

/* One NAME operand, exactly. */
const char *one_name(int argc, char **argv)
{
	if (optind >= argc)
		exit(usage_error(cur_cmd->name, "missing NAME"));
	if (optind + 1 < argc)
		exit(usage_error(cur_cmd->name, "unexpected argument '%s'",
				 argv[optind + 1]));
	if (check_name(cur_cmd->name, argv[optind]))
		exit(TOOL_EXIT_USAGE);
	return argv[optind];
}

/* A command with no option but --help and one NAME operand. */
const char *only_name(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};

	while (next_opt(argc, argv, "h", opts) != -1)
		;
	return one_name(argc, argv);
}

/* No operand at all; else a usage error, reported. */
bool no_operands(int argc, char **argv)
{
	if (optind >= argc)
		return true;
	usage_error(cur_cmd->name, "unexpected argument '%s'", argv[optind]);
	return false;
}

/* DataStack is not there: say what to mount (static buffer). */
static const char *unavailable(void)
{
	static char buf[PATH_MAX * 2 + 128];
	const char *dir = ds_instance_dir();

	snprintf(buf, sizeof(buf),
		 "no DataStack instance is mounted at %s (mount -t datastack none %s; "
		 "modprobe datastack first if the module is not loaded)", dir, dir);
	return buf;
}

static const char *cause_of(const char *cmd, int err)
{
	bool push = !strcmp(cmd, "push");

	switch (err) {
	case ENOENT:	return "no such data stack";
	case EEXIST:	return "a data stack of that name exists";
	case EACCES:	return "permission denied";
	case EPERM:	return "operation not permitted (not the owner)";
	case EAGAIN:	return push ? "stack is full" : "stack is empty";
	case ETIMEDOUT:	return push ? "timed out: stack is still full"
				: "timed out: stack is still empty";
	case EMSGSIZE:	return push ? "item larger than the stack's maximum item size"
				: "item larger than the buffer";
	case ENOBUFS:	return "item larger than the stack's byte limit";
	case ENAMETOOLONG: return "name longer than 255 bytes";
	case ENODEV:	return unavailable();
	case ENOSPC:	return "the instance's limit of objects or bytes is reached";
	case EINTR:	return "interrupted";
	default:	return strerror(err);
	}
}

/*
 * Reports a failed operation in one line, "dsctl: CMD NAME: cause", and
 * returns the exit status.  err is a positive errno.
 */
int op_error(const char *cmd, const char *name, int err, const char *detail)
{
	fprintf(stderr, "%s: %s%s%s: %s%s%s\n", tool_name, cmd, name ? " " : "",
		name ? shown(name) : "", cause_of(cmd, err), detail ? ": " : "",
		detail ? detail : "");
	return tool_exit_for_errno(err);
}

int open_or_die(const char *name, unsigned int rights)
{
	int fd = ds_open(name, rights, DS_CLOEXEC);

	if (fd < 0)
		exit(op_error(cur_cmd->name, name, -fd, NULL));
	return fd;
}

/* The state of a named object (needs read permission); 0 or -errno. */
int query_name(const char *name, struct ds_info *info)
{
	int fd = ds_open(name, DS_RIGHT_QUERY, DS_CLOEXEC);
	int ret;

	if (fd < 0)
		return fd;
	ret = ds_query(fd, info);
	close(fd);
	return ret;
}

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
	  "  List the named data stacks of the instance ($DATASTACK_DIR, default\n"
	  "  /dev/datastack)." },
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
	size_t i;

	fprintf(f, "Usage: %s COMMAND [OPTIONS] [ARGS]\n"
		"       %s --help | --version\n\nCommands:\n", tool_name, tool_name);
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %.*s\n", (int)strcspn(cmds[i].usage, "\n"), cmds[i].usage);
	fprintf(f, "\n'%s COMMAND --help' describes a command.  Exit status: 0 success,\n"
		"1 failure, 2 usage, 3 empty/full/timed out, 4 no such data stack,\n"
		"5 DataStack unavailable.  See dsctl(1).\n", tool_name);
}

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (!strcmp(name, cmds[i].name))
			return &cmds[i];
	return NULL;
}

/* Runs a subcommand with getopt re-initialised for its arguments. */
static int run_cmd(const struct cmd *c, int argc, char **argv)
{
	static char label[64];

	cur_cmd = c;
	/* getopt's messages then read "dsctl pop: unrecognized option" */
	snprintf(label, sizeof(label), "%s %s", tool_name, c->name);
	argv[0] = label;
	optind = 0;
	return c->run(argc, argv);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	const struct cmd *c;
	int o;

	tool_name = "dsctl";
	while ((o = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		if (o == 'h') {
			main_usage(stdout);
			return TOOL_EXIT_OK;
		}
		if (o == 'V') {
			printf("dsctl (datastack) %s\n", LIBDATASTACK_VERSION);
			return TOOL_EXIT_OK;
		}
		main_usage(stderr);
		return TOOL_EXIT_USAGE;
	}
	if (optind >= argc) {
		main_usage(stderr);
		return TOOL_EXIT_USAGE;
	}
	c = find_cmd(argv[optind]);
	if (c)
		return run_cmd(c, argc - optind, argv + optind);
	if (!strcmp(argv[optind], "help")) {
		c = optind + 1 < argc ? find_cmd(argv[optind + 1]) : NULL;
		if (c)
			return help(c);
		main_usage(stdout);
		return TOOL_EXIT_OK;
	}
	fprintf(stderr, "%s: unknown command '%s' (try '%s --help')\n", tool_name,
		argv[optind], tool_name);
	return TOOL_EXIT_USAGE;
}
