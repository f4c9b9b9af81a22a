// SPDX-License-Identifier: GPL-2.0
/* dsctl: push, pop, peek and clear. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/fileio.h"
#include "dsctl.h"

/* An item is at most 4 GiB - 1 (a u32 size). */
#define ITEM_MAX	0xffffffffUL

/* The bytes of FILE ("-": standard input), hex-decoded if asked. */
static int item_from_file(const char *name, const char *src, bool hex,
			  struct iovec *item)
{
	bool in_stdin = !strcmp(src, "-");
	int in = in_stdin ? 0 : open(src, O_RDONLY | O_CLOEXEC), ret;
	char *data, *dec;
	size_t len;

	if (in < 0 || (ret = read_fd_all(in, ITEM_MAX, &data, &len))) {
		fprintf(stderr, "%s: push %s: %s: %s\n", tool_name, shown(name),
			in_stdin ? "standard input" : src,
			strerror(in < 0 ? errno : -ret));
		if (in > 0)
			close(in);
		return TOOL_EXIT_FAIL;
	}
	if (!in_stdin)
		close(in);
	if (hex) {
		if (hex_decode(data, &dec, &len))
			return usage_error("push", "invalid hex data");
		free(data);
		data = dec;
	}
	item->iov_base = data;
	item->iov_len = len;
	return 0;
}

/* Item i: a file, an argument (hex-decoded if asked) or standard input. */
static int gather_item(const char *name, const char *src, bool from_file,
		       bool hex, struct iovec *item)
{
	char *data;
	size_t len;
	int ret;

	if (from_file) {
		ret = item_from_file(name, src, hex, item);
		if (ret)
			return ret;
	} else if (hex) {
		if (hex_decode(src, &data, &len))
			return usage_error("push", "invalid hex data '%s'", src);
		item->iov_base = data;
		item->iov_len = len;
	} else {
		item->iov_base = (char *)src;
		item->iov_len = strlen(src);
	}
	if (!item->iov_len) {
		fprintf(stderr, "%s: push %s: an item cannot be empty\n", tool_name,
			shown(name));
		return TOOL_EXIT_USAGE;
	}
	return 0;
}

/* One item waits as asked; several go in one batch whose first may wait. */
static int push_items(const char *name, struct iovec *iov, size_t n,
		      long long timeout)
{
	int fd = open_or_die(name, DS_RIGHT_PUSH), ret;
	char detail[64];

	if (n == 1) {
		ret = ds_push_timeout(fd, iov[0].iov_base, iov[0].iov_len, timeout);
		return ret < 0 ? op_error("push", name, -ret, NULL) : TOOL_EXIT_OK;
	}
	ret = ds_pushv(fd, iov, (unsigned int)n,
		       timeout == DS_TIMEOUT_NONE ? DS_WAIT_NONBLOCK : 0);
	if (ret < 0)
		return op_error("push", name, -ret, NULL);
	if ((size_t)ret < n) {
		snprintf(detail, sizeof(detail), "pushed %d of %zu items", ret, n);
		return op_error("push", name, EAGAIN, detail);
	}
	return TOOL_EXIT_OK;
}

int cmd_push(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "hex", no_argument, NULL, 'x' },
		{ "wait", optional_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char **files = xcalloc((size_t)argc, sizeof(*files));
	long long timeout = DS_TIMEOUT_NONE;
	size_t nfiles = 0, nargs, nitems, i;
	int c, ret, hex = 0;
	struct iovec *iov;
	const char *name;

	while ((c = next_opt(argc, argv, "f:xw::h", opts)) != -1) {
		if (c == 'f')
			files[nfiles++] = optarg;
		else if (c == 'x')
			hex = 1;
		else if (c == 'w' && parse_wait(optarg, &timeout))
			return TOOL_EXIT_USAGE;
	}
	if (optind >= argc)
		return usage_error("push", "missing NAME");
	name = argv[optind++];
	if (check_name("push", name))
		return TOOL_EXIT_USAGE;
	nargs = (size_t)(argc - optind);
	if (nfiles && nargs)
		return usage_error("push", "give DATA or -f FILE, not both");
	nitems = nfiles ? nfiles : nargs ? nargs : 1;
	if (nitems > DS_BATCH_MAX)
		return usage_error("push", "at most %d items at once", DS_BATCH_MAX);
	iov = xcalloc(nitems, sizeof(*iov));
	for (i = 0; i < nitems; i++) {
		const char *src = nfiles ? files[i] : nargs ? argv[optind + i] : "-";

		ret = gather_item(name, src, nfiles || !strcmp(src, "-"), hex, &iov[i]);
		if (ret)
			return ret;
	}
	return push_items(name, iov, nitems, timeout);
}

/*
 * Pops (or peeks) one item of any size within the timeout: waits for an
 * item, then takes it with a buffer of the right size, again if another
 * process changed the top meanwhile.
 */
static int take_item(int fd, bool peek, long long timeout, unsigned char **out,
		     size_t *len)
{
	long long deadline = timeout > 0 ? mono_ns() + timeout : 0;
	size_t cap = 4096, size;
	unsigned char *buf = xmalloc(cap);
	long long left;
	int ret;

	for (;;) {
		size = cap;
		left = timeout;
		if (timeout > 0) {
			left = deadline - mono_ns();
			if (left <= 0)
				left = 1;	/* look once more, then ETIMEDOUT */
		}
		ret = peek ? ds_peek_timeout(fd, buf, &size, left) :
			     ds_pop_timeout(fd, buf, &size, left);
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

static int pop_or_peek(int argc, char **argv, bool peek)
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
		if (c == 'w' && parse_wait(optarg, &timeout))
			return TOOL_EXIT_USAGE;
		if (c == 'x')
			fmt = FMT_HEX;
		else if (c == 'r')
			fmt = FMT_RAW;
	}
	name = one_name(argc, argv);
	fd = open_or_die(name, DS_RIGHT_POP);
	ret = take_item(fd, peek, timeout, &item, &len);
	if (ret < 0)
		return op_error(peek ? "peek" : "pop", name, -ret, NULL);
	print_item(item, len, fmt);
	free(item);
	return finish_output();
}

int cmd_pop(int argc, char **argv)
{
	return pop_or_peek(argc, argv, false);
}

int cmd_peek(int argc, char **argv)
{
	return pop_or_peek(argc, argv, true);
}

int cmd_clear(int argc, char **argv)
{
	const char *name = only_name(argc, argv);
	int ret;

	ret = ds_clear(open_or_die(name, DS_RIGHT_CLEAR));
	return ret < 0 ? op_error("clear", name, -ret, NULL) : TOOL_EXIT_OK;
}
