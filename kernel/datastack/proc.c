// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: /proc/datastack — every object of the reader's IPC namespace,
 * one line each under a header line, then the totals of those lines (only
 * the reader's namespace: a container learns nothing of the others).
 * Readable by everyone, like /dev/mqueue; it shows no kernel address.
 *
 * Locking: the walk holds ds_table_lock from ->start to ->stop (seq_file
 * copies to user space only after ->stop) and takes each ds->lock briefly
 * to read its counters.  Lifetime: objects cannot go away while
 * ds_table_lock is held (see names.c).  The totals are summed as the lines
 * are shown, in the open file's private state; seq_file may show a line
 * twice (a retry with a larger buffer), so each position counts once.
 */
#include <linux/ipc_namespace.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/user_namespace.h>
#include "datastack.h"

#define DS_SEQ_TOTALS	((void *)2)

struct ds_seq_totals {
	loff_t next;		/* first position not yet counted */
	u64 objects, items, bytes;
};

static void *ds_seq_start(struct seq_file *m, loff_t *pos)
{
	struct datastack *ds;
	loff_t n = *pos;

	mutex_lock(&ds_table_lock);
	if (!n) {
		memset(m->private, 0, sizeof(struct ds_seq_totals));
		return SEQ_START_TOKEN;
	}
	list_for_each_entry(ds, &ds_all_objects, all)
		if (!--n)
			return ds;
	return n == 1 ? DS_SEQ_TOTALS : NULL;
}

static void *ds_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct datastack *ds = v;

	++*pos;
	if (v == DS_SEQ_TOTALS)
		return NULL;
	if (v == SEQ_START_TOKEN)
		ds = list_entry(&ds_all_objects, struct datastack, all);
	if (list_is_last(&ds->all, &ds_all_objects) ||
	    list_empty(&ds_all_objects))
		return DS_SEQ_TOTALS;
	return list_next_entry(ds, all);
}

static void ds_seq_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&ds_table_lock);
}

static void ds_seq_show_object(struct seq_file *m, struct datastack *ds)
{
	struct user_namespace *uns = seq_user_ns(m);
	struct ds_seq_totals *t = m->private;
	u64 count, bytes;
	u32 waiters;

	spin_lock(&ds->lock);
	count = ds->count;
	bytes = ds->bytes;
	waiters = ds->waiters;
	spin_unlock(&ds->lock);

	if (m->index >= t->next) {
		t->next = m->index + 1;
		t->objects++;
		t->items += count;
		t->bytes += bytes;
	}

	seq_printf(m, "%-6llu ", ds->id);
	if (ds->hashed)
		seq_escape(m, ds->name, " \t\n\\");
	else
		seq_puts(m, "(unnamed)");
	seq_printf(m, " %llu %llu %llu %llu %llu %04o %u %u %d %u %s%s\n",
		   count, bytes, ds->limits.max_items,
		   ds->limits.max_item_size, ds->limits.max_bytes, ds->mode,
		   from_kuid_munged(uns, ds->uid), from_kgid_munged(uns, ds->gid),
		   atomic_read(&ds->open_files), waiters,
		   (ds->flags & DS_CREATE_FIFO) ? "fifo" : "lifo",
		   (ds->flags & DS_CREATE_PERSISTENT) ? ",persistent" : "");
}

static int ds_seq_show(struct seq_file *m, void *v)
{
	struct ds_seq_totals *t = m->private;
	struct datastack *ds = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "id name count bytes max_items max_item_size max_bytes mode uid gid fds waiters type\n");
	} else if (v == DS_SEQ_TOTALS) {
		seq_printf(m, "total objects %llu items %llu bytes %llu\n",
			   t->objects, t->items, t->bytes);
	} else if (ds->ns == current->nsproxy->ipc_ns) {
		ds_seq_show_object(m, ds);
	}
	return 0;
}

static const struct seq_operations ds_seq_ops = {
	.start	= ds_seq_start,
	.next	= ds_seq_next,
	.stop	= ds_seq_stop,
	.show	= ds_seq_show,
};

int ds_proc_init(void)
{
	return proc_create_seq_private("datastack", 0444, NULL, &ds_seq_ops,
				       sizeof(struct ds_seq_totals), NULL) ?
		0 : -ENOMEM;
}

void ds_proc_exit(void)
{
	remove_proc_entry("datastack", NULL);
}
