// SPDX-License-Identifier: GPL-2.0
/*
 * dsctl: create, rm, stat and ls.  Every field has one name: the text
 * output's labels and column headings are the JSON keys.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/json.h"
#include "dsctl.h"
#include "listing.h"

static int create_option(int c, struct ds_limits *lim, unsigned int *mode,
			 unsigned int *flags)
{
	unsigned long long v;
	char *end;

	switch (c) {
	case 'n':
	case 's':
	case 'b':
		if (parse_size(optarg, &v))
			return usage_error("create", "invalid %s '%s'",
					   c == 'n' ? "count" : "size", optarg);
		if (c == 'n')
			lim->max_items = v;
		else if (c == 's')
			lim->max_item_size = v;
		else
			lim->max_bytes = v;
		return 0;
	case 'm':
		errno = 0;
		v = strtoul(optarg, &end, 8);
		if (errno || !*optarg || *end || v & ~0666ULL)
			return usage_error("create", "invalid mode '%s' (octal, at most 0666)",
					   optarg);
		*mode = (unsigned int)v;
		return 0;
	case 'F':
		*flags |= DS_CREATE_FIFO;
		return 0;
	}
	return 0;
}

int cmd_create(int argc, char **argv)
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
	unsigned int flags = DS_CREATE_PERSISTENT | DS_CREATE_EXCLUSIVE | DS_CLOEXEC;
	struct ds_limits lim = { 0, 0, 0 };
	unsigned int mode = 0666;
	const char *name;
	int c, fd;

	while ((c = next_opt(argc, argv, "n:s:b:m:Fh", opts)) != -1)
		if (create_option(c, &lim, &mode, &flags))
			return TOOL_EXIT_USAGE;
	name = one_name(argc, argv);
	fd = ds_create(name, flags, mode, &lim);
	if (fd < 0)
		return op_error("create", name, -fd, NULL);
	close(fd);
	return TOOL_EXIT_OK;
}

int cmd_rm(int argc, char **argv)
{
	const char *name = only_name(argc, argv);
	int ret = ds_unlink(name);

	return ret < 0 ? op_error("rm", name, -ret, NULL) : TOOL_EXIT_OK;
}

/* Options common to stat and ls: --json. */
static bool json_option(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	bool json = false;
	int c;

	while ((c = next_opt(argc, argv, "jh", opts)) != -1)
		if (c == 'j')
			json = true;
	return json;
}

static void stat_json(const struct ds_info *in, unsigned int fds)
{
	char mode[8];
	struct json j;

	snprintf(mode, sizeof(mode), "%04o", in->mode);
	json_begin(&j, stdout);
	json_object_begin(&j);
	json_kv_string(&j, "name", in->name);
	json_kv_uint(&j, "id", in->id);
	json_kv_string(&j, "type", type_str(in->flags & DS_CREATE_FIFO, false));
	json_kv_bool(&j, "persistent", in->flags & DS_CREATE_PERSISTENT);
	json_kv_uint(&j, "count", in->count);
	json_kv_uint(&j, "bytes", in->bytes);
	json_kv_uint(&j, "max_items", in->limits.max_items);
	json_kv_uint(&j, "max_item_size", in->limits.max_item_size);
	json_kv_uint(&j, "max_bytes", in->limits.max_bytes);
	json_kv_string(&j, "mode", mode);
	json_kv_uint(&j, "uid", in->uid);
	json_kv_uint(&j, "gid", in->gid);
	json_kv_uint(&j, "creator_pid", in->creator_pid);
	json_kv_uint(&j, "open_fds", fds);
	json_kv_uint(&j, "waiters", in->waiters);
	json_kv_uint(&j, "peak_count", in->peak_count);
	json_kv_uint(&j, "peak_bytes", in->peak_bytes);
	json_kv_uint(&j, "pushes", in->pushes);
	json_kv_uint(&j, "pops", in->pops);
	json_kv_uint(&j, "top_size", in->top_size);
	json_object_end(&j);
	json_end(&j);
}

static void stat_text(const struct ds_info *in, unsigned int fds)
{
	char b1[32], b2[32], b3[32];

	printf("name:          %s\n", shown(in->name));
	printf("id:            %llu\n", (unsigned long long)in->id);
	printf("type:          %s\n", type_str(in->flags & DS_CREATE_FIFO,
					      in->flags & DS_CREATE_PERSISTENT));
	printf("count:         %llu\n", (unsigned long long)in->count);
	printf("bytes:         %llu\n", (unsigned long long)in->bytes);
	printf("max_items:     %s\n", limit_str(in->limits.max_items, b1, sizeof(b1)));
	printf("max_item_size: %s\n", limit_str(in->limits.max_item_size, b2, sizeof(b2)));
	printf("max_bytes:     %s\n", limit_str(in->limits.max_bytes, b3, sizeof(b3)));
	printf("mode:          %04o\n", in->mode);
	printf("uid:           %u\n", in->uid);
	printf("gid:           %u\n", in->gid);
	printf("creator_pid:   %u\n", in->creator_pid);
	printf("open_fds:      %u\n", fds);
	printf("waiters:       %u\n", in->waiters);
	printf("peak_count:    %llu\n", (unsigned long long)in->peak_count);
	printf("peak_bytes:    %llu\n", (unsigned long long)in->peak_bytes);
	printf("pushes:        %llu\n", (unsigned long long)in->pushes);
	printf("pops:          %llu\n", (unsigned long long)in->pops);
	printf("top_size:      %llu\n", (unsigned long long)in->top_size);
}

int cmd_stat(int argc, char **argv)
{
	bool json = json_option(argc, argv);
	const char *name = one_name(argc, argv);
	struct ds_info in;
	unsigned int fds;
	int ret;

	ret = query_name(name, &in);
	if (ret < 0)
		return op_error("stat", name, -ret, NULL);
	/* Not counting dsctl's own descriptor, closed by now. */
	fds = in.open_fds ? in.open_fds - 1 : 0;
	if (json)
		stat_json(&in, fds);
	else
		stat_text(&in, fds);
	return finish_output();
}

static void ls_json(const struct listing *l)
{
	uint64_t items = 0, bytes = 0;
	struct json j;
	char mode[8];
	size_t i;

	json_begin(&j, stdout);
	json_object_begin(&j);
	json_key(&j, "objects");
	json_array_begin(&j);
	for (i = 0; i < l->n; i++) {
		const struct ds_entry *e = &l->v[i];

		snprintf(mode, sizeof(mode), "%04o", e->mode);
		json_object_begin(&j);
		json_kv_uint(&j, "id", e->id);
		json_kv_string(&j, "name", e->named ? e->name : NULL);
		json_kv_string(&j, "type", type_str(e->fifo, false));
		json_kv_bool(&j, "persistent", e->persistent);
		json_kv_uint(&j, "count", e->count);
		json_kv_uint(&j, "bytes", e->bytes);
		json_kv_uint(&j, "max_items", e->limits.max_items);
		json_kv_uint(&j, "max_item_size", e->limits.max_item_size);
		json_kv_uint(&j, "max_bytes", e->limits.max_bytes);
		json_kv_string(&j, "mode", mode);
		json_kv_uint(&j, "uid", e->uid);
		json_kv_uint(&j, "gid", e->gid);
		json_kv_uint(&j, "open_fds", e->open_fds);
		json_kv_uint(&j, "waiters", e->waiters);
		json_object_end(&j);
		items += e->count;
		bytes += e->bytes;
	}
	json_array_end(&j);
	json_key(&j, "total");
	json_object_begin(&j);
	json_kv_uint(&j, "objects", l->n);
	json_kv_uint(&j, "items", items);
	json_kv_uint(&j, "bytes", bytes);
	json_object_end(&j);
	json_object_end(&j);
	json_end(&j);
}

const char *entry_name(const struct ds_entry *e)
{
	return shown(e->name);
}

static void ls_text(const struct listing *l)
{
	char b1[32], b2[32], b3[32];
	size_t i, w = 4;

	for (i = 0; i < l->n; i++)
		if (strlen(entry_name(&l->v[i])) > w)
			w = strlen(entry_name(&l->v[i]));
	printf("%-*s %-15s %8s %10s %9s %13s %10s %4s %5s %5s %8s %7s\n", (int)w,
	       "NAME", "TYPE", "COUNT", "BYTES", "MAX_ITEMS", "MAX_ITEM_SIZE",
	       "MAX_BYTES", "MODE", "UID", "GID", "OPEN_FDS", "WAITERS");
	for (i = 0; i < l->n; i++) {
		const struct ds_entry *e = &l->v[i];

		printf("%-*s %-15s %8llu %10llu %9s %13s %10s %04o %5u %5u %8u %7u\n",
		       (int)w, entry_name(e), type_str(e->fifo, e->persistent),
		       (unsigned long long)e->count, (unsigned long long)e->bytes,
		       limit_str(e->limits.max_items, b1, sizeof(b1)),
		       limit_str(e->limits.max_item_size, b2, sizeof(b2)),
		       limit_str(e->limits.max_bytes, b3, sizeof(b3)),
		       e->mode, e->uid, e->gid, e->open_fds, e->waiters);
	}
}

int listing_error(const char *cmd, int err)
{
	if (err == -ENODEV)
		return op_error(cmd, NULL, ENODEV, NULL);
	fprintf(stderr, "%s: %s: %s: %s\n", tool_name, cmd, listing_source(),
		strerror(-err));
	return TOOL_EXIT_FAIL;
}

int cmd_ls(int argc, char **argv)
{
	bool json = json_option(argc, argv);
	struct listing l;
	int ret;

	if (!no_operands(argc, argv))
		return TOOL_EXIT_USAGE;
	ret = listing_read(&l);
	if (ret < 0)
		return listing_error("ls", ret);
	if (json)
		ls_json(&l);
	else
		ls_text(&l);
	listing_free(&l);
	return finish_output();
}
