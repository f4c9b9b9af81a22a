// SPDX-License-Identifier: GPL-2.0
/*
 * dsctl: the listing, read from /proc/datastack.  Columns are found by the
 * names in its header line, so columns added later do no harm.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "dsctl.h"
#include "listing.h"

#define PROC_FILE	"/proc/datastack"
#define MAX_COLS	64

enum col { C_ID, C_NAME, C_COUNT, C_BYTES, C_MAX_ITEMS, C_MAX_ITEM_SIZE,
	   C_MAX_BYTES, C_MODE, C_UID, C_GID, C_FDS, C_WAITERS, C_TYPE, C_N };
static const char *const col_names[C_N] = {
	"id", "name", "count", "bytes", "max_items", "max_item_size",
	"max_bytes", "mode", "uid", "gid", "fds", "waiters", "type",
};

const char *listing_source(void)
{
	return PROC_FILE;
}

/* Splits a line at blanks in place; returns the number of fields. */
static int split(char *line, char **f, int max)
{
	char *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(line, " \t", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t", &save))
		f[n++] = tok;
	return n;
}

/* Undoes seq_escape()'s \ooo. */
static void unescape(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	while (*in && n + 1 < outsz) {
		if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' &&
		    in[2] >= '0' && in[2] <= '7' && in[3] >= '0' && in[3] <= '7') {
			out[n++] = (char)(((in[1] - '0') << 6) |
					  ((in[2] - '0') << 3) | (in[3] - '0'));
			in += 4;
		} else {
			out[n++] = *in++;
		}
	}
	out[n] = '\0';
}

/* Where each column is, from the header line; -EPROTO if one is missing. */
static int find_columns(char *header, int idx[C_N])
{
	char *f[MAX_COLS];
	int n = split(header, f, MAX_COLS), i, j;

	for (i = 0; i < C_N; i++) {
		idx[i] = -1;
		for (j = 0; j < n; j++)
			if (!strcmp(f[j], col_names[i]))
				idx[i] = j;
		if (idx[i] < 0)
			return -EPROTO;
	}
	return n;
}

static unsigned long long num(char **f, const int idx[C_N], enum col c, int base)
{
	return strtoull(f[idx[c]], NULL, base);
}

static void parse_entry(char **f, const int idx[C_N], struct ds_entry *e)
{
	const char *type = f[idx[C_TYPE]];

	memset(e, 0, sizeof(*e));
	e->named = strcmp(f[idx[C_NAME]], "(unnamed)") != 0;
	if (e->named)
		unescape(f[idx[C_NAME]], e->name, sizeof(e->name));
	e->fifo = !strncmp(type, "fifo", 4);
	e->persistent = strstr(type, ",persistent") != NULL;
	e->id = num(f, idx, C_ID, 10);
	e->count = num(f, idx, C_COUNT, 10);
	e->bytes = num(f, idx, C_BYTES, 10);
	e->limits.max_items = num(f, idx, C_MAX_ITEMS, 10);
	e->limits.max_item_size = num(f, idx, C_MAX_ITEM_SIZE, 10);
	e->limits.max_bytes = num(f, idx, C_MAX_BYTES, 10);
	e->mode = (unsigned int)num(f, idx, C_MODE, 8);
	e->uid = (unsigned int)num(f, idx, C_UID, 10);
	e->gid = (unsigned int)num(f, idx, C_GID, 10);
	e->open_fds = (unsigned int)num(f, idx, C_FDS, 10);
	e->waiters = (unsigned int)num(f, idx, C_WAITERS, 10);
}

static int parse_lines(char *text, struct listing *l)
{
	char *save = NULL, *line, *f[MAX_COLS];
	int idx[C_N], ncols, n;
	size_t alloc = 0;

	line = strtok_r(text, "\n", &save);
	if (!line)
		return -EPROTO;
	ncols = find_columns(line, idx);
	if (ncols < 0)
		return ncols;
	while ((line = strtok_r(NULL, "\n", &save))) {
		n = split(line, f, MAX_COLS);
		if (n < ncols || !strcmp(f[0], "total"))
			continue;
		if (l->n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			l->v = xrealloc(l->v, alloc * sizeof(*l->v));
		}
		parse_entry(f, idx, &l->v[l->n++]);
	}
	return 0;
}

int listing_read(struct listing *l)
{
	size_t len;
	char *text;
	int ret;

	memset(l, 0, sizeof(*l));
	ret = read_file(PROC_FILE, 1UL << 30, &text, &len);
	if (ret)
		return ret == -ENOENT ? -ENODEV : ret;
	ret = parse_lines(text, l);
	free(text);
	if (ret)
		listing_free(l);
	return ret;
}

void listing_free(struct listing *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
