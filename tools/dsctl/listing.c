// SPDX-License-Identifier: GPL-2.0
/*
 * dsctl: the listing — every named object of the instance, read as ls(1)
 * reads a directory: readdir(3) of ds_instance_dir(), then each name's
 * state without opening it (ds_stat(), DS_IOC_STAT).  O(N), and nothing in
 * the kernel is held from one call to the next; an object unlinked between
 * the two is left out.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "dsctl.h"
#include "listing.h"

const char *listing_source(void)
{
	return ds_instance_dir();
}

void entry_from_info(struct ds_entry *e, const char *name,
			    const struct ds_info *in)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->named = true;
	e->fifo = in->flags & DS_CREATE_FIFO;
	e->persistent = in->flags & DS_CREATE_PERSISTENT;
	e->id = in->id;
	e->count = in->count;
	e->bytes = in->bytes;
	e->limits = in->limits;
	e->mode = in->mode;
	e->uid = in->uid;
	e->gid = in->gid;
	e->open_fds = in->open_fds;
	e->waiters = in->waiters;
	e->have_counters = in->flags & DS_INFO_COUNTERS;
	e->peak_count = in->peak_count;
	e->pushes = in->pushes;
	e->pops = in->pops;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ds_entry *)a)->name,
		      ((const struct ds_entry *)b)->name);
}

int listing_read(struct listing *l)
{
	struct ds_info in;
	struct statfs st;
	struct dirent *d;
	size_t alloc = 0;
	DIR *dir;

	memset(l, 0, sizeof(*l));
	dir = opendir(ds_instance_dir());
	if (!dir)
		return errno == ENOENT || errno == ENOTDIR ? -ENODEV : -errno;
	if (fstatfs(dirfd(dir), &st) || st.f_type != DATASTACK_SUPER_MAGIC) {
		closedir(dir);
		return -ENODEV;
	}
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..") ||
		    ds_stat(d->d_name, &in) < 0)
			continue;
		if (l->n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			l->v = xrealloc(l->v, alloc * sizeof(*l->v));
		}
		entry_from_info(&l->v[l->n++], d->d_name, &in);
	}
	closedir(dir);
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), by_name);
	return 0;
}

void listing_free(struct listing *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
