/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsctl: the objects of the DataStack instance, as typed entries.  The one
 * place that knows where the list comes from, so that ls, watch and the
 * test suite's leftover sweep (through "dsctl ls") read it the same way.
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
};

struct listing {
	struct ds_entry *v;
	size_t n;
};

/* Reads the list: 0, -ENODEV (DataStack unavailable), -EPROTO (a format
 * this dsctl does not know) or another -errno. */
int listing_read(struct listing *l);
void listing_free(struct listing *l);

/* What the list is read from, for messages. */
const char *listing_source(void);

/* Reports a listing that could not be read; returns the exit status. */
int listing_error(const char *cmd, int err);

/* The entry's name as shown (escaped), "(unnamed)" for none. */
const char *entry_name(const struct ds_entry *e);

#endif /* DSCTL_LISTING_H */
