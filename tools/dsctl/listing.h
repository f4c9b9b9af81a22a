/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsctl: the named objects of the DataStack instance, as typed entries.
 * The one place that knows where the list comes from (ls and watch; the
 * test suite's leftover sweep reads the same directory).
 */
#ifndef DSCTL_LISTING_H
#define DSCTL_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/datastack.h>

struct ds_entry {
	char name[DS_NAME_MAX + 1];	/* the name's bytes; "" when unnamed */
	bool named;
	bool fifo, persistent;
	uint64_t id, count, bytes;
	struct ds_limits limits;
	unsigned int mode, uid, gid, open_fds, waiters;
	bool have_counters;		/* the caller may read the object */
	uint64_t peak_count, pushes, pops;
};

struct listing {
	struct ds_entry *v;
	size_t n;
};

/* Reads the list, sorted by name: 0, -ENODEV (no instance mounted) or
 * another -errno. */
int listing_read(struct listing *l);
void listing_free(struct listing *l);

/* What the list is read from, for messages. */
const char *listing_source(void);

/* Reports a listing that could not be read; returns the exit status. */
int listing_error(const char *cmd, int err);

/* An entry from an object's state (ds_stat(), ds_query()). */
void entry_from_info(struct ds_entry *e, const char *name,
		     const struct ds_info *in);

/* The entry's name as shown (escaped), "(unnamed)" for none. */
const char *entry_name(const struct ds_entry *e);

#endif /* DSCTL_LISTING_H */
