// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: the object — its list of items, limits, statistics, and the
 * serving of its waiters (push.c and pop.c are its two directions).
 *
 * Locking: ds->lock (a spinlock) guards the item list and every counter in
 * struct datastack.  Only O(1) work happens under it: linking or unlinking
 * one item (a batch: at most DS_BATCH_MAX), or detaching the whole list for
 * clear.  Items are allocated and filled before the lock is taken, copied
 * out and freed after it is dropped; user memory is never touched under it.
 * Wait queues have their own locks and are woken after ds->lock is dropped.
 * The instance's byte charge is an atomic, taken under ds->lock as an item
 * is linked, never while a pusher waits for room.
 *
 * Lifetime: the object is its inode's (inode.c): it lives while a dentry
 * or an open file refers to the inode.  A call in progress runs under its
 * file's reference, which the VFS holds for the duration of the call, so a
 * close() from another thread cannot free the object under a blocked pop.
 *
 * An item popped but not yet copied to user space is "in flight": the pop
 * has taken effect (docs/linearizability.md), so it no longer counts as
 * held nor against the object's limits, whose room goes to waiting pushers
 * at once; it still counts against the instance charge, its memory being
 * real.  A failed copy puts it back on top even past a limit, so that
 * nothing is lost.  A pop delivers an item (and drops its charge) only
 * once its data and its size have reached the caller.
 */
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "datastack.h"

static atomic64_t ds_next_id = ATOMIC64_INIT(0);

/* ---- serving waiters, under ds->lock ---- */

/*
 * Under ds->lock: serves the waiting poppers, in arrival order, while
 * there are items: a popper takes the top item (handed over, in flight for
 * it); a peeker gets a reference to it and a size query its size, both
 * leaving it for the next; a buffer too small learns the size.  O(1) per
 * waiter served.
 */
void ds_serve_waiting_poppers(struct datastack *ds, struct ds_wakeups *wk)
{
	struct ds_waiter *wt;
	int state;

	while (ds->head && !list_empty(&ds->pop_waiters)) {
		wt = list_first_entry(&ds->pop_waiters, struct ds_waiter, node);
		wt->size = ds->head->size;
		if (!wt->bufsize) {
			state = DS_SIZED;
		} else if (ds->head->size > wt->bufsize) {
			state = DS_TOO_SMALL;
		} else if (wt->peek) {
			refcount_inc(&ds->head->ref);
			wt->item = ds->head;
			state = DS_PEEKED;
		} else {
			wt->item = ds_take(ds);
			ds->inflight_ring += !!wt->cmd;
			state = DS_HANDED;
		}
		ds_waiter_done(ds, wt, state, wk);
	}
}

/*
 * Under ds->lock: serves the waiting pushers, in arrival order, while
 * their items fit: each one's item is linked (and so may be handed on to
 * a popper).  O(1) per waiter served.
 */
void ds_serve_pushers(struct datastack *ds, struct ds_wakeups *wk)
{
	struct ds_waiter *wt;

	while (!list_empty(&ds->push_waiters)) {
		wt = list_first_entry(&ds->push_waiters, struct ds_waiter, node);
		if (!ds_has_room(ds, 1, wt->item->size))
			break;
		ds_waiter_done(ds, wt, ds_link(ds, wt->item) ? DS_HANDED : DS_NOSPC, wk);
	}
	ds_serve_poppers(ds, wk);
}

/* Puts a chain of in-flight items back on top, in their order. */
void ds_put_back(struct datastack *ds, struct ds_chain *c)
{
	struct ds_wakeups wk = { };

	spin_lock(&ds->lock);
	c->last->next = ds->head;
	if (!ds->head && (ds->flags & DS_CREATE_FIFO))
		ds->tail = c->last;
	ds->head = c->first;
	ds->count += c->n;
	ds->bytes += c->bytes;
	ds->charged += c->charged;
	ds->inflight_count -= c->n;
	ds->inflight_bytes -= c->bytes;
	ds->inflight_charged -= c->charged;
	ds->inflight_ring -= c->ring;
	ds_serve_poppers(ds, &wk);
	spin_unlock(&ds->lock);
	ds_wake_all(ds, &wk, true, false);
}

/*
 * The in-flight chain reached the caller: account it, recycle small
 * items, hand the room to waiting pushers, free the rest after the lock.
 */
void ds_delivered(struct datastack *ds, struct ds_chain *c)
{
	struct ds_item *it, *next, *dead = NULL;
	struct ds_wakeups wk = { };
	bool visible, eof;

	spin_lock(&ds->lock);
	ds->inflight_count -= c->n;
	ds->inflight_bytes -= c->bytes;
	ds->inflight_charged -= c->charged;
	ds->inflight_ring -= c->ring;
	ds->pops += c->n;
	for (it = c->first; it; it = next) {
		next = it->next;
		if (!refcount_dec_and_test(&it->ref))
			continue;
		ds_stats_items(-1, -(long)it->size);
		if (ds_cache_recycle(ds, it)) {
			it->next = dead;
			dead = it;
		}
	}
	ds_uncharge_bytes(ds->inst, c->charged);
	visible = ds->head;
	eof = ds_at_eof(ds);
	if (eof)
		ds_serve_eof(ds, &wk);	/* the last item in flight is gone */
	spin_unlock(&ds->lock);
	ds_wake_all(ds, &wk, visible, true);
	if (eof)
		ds_wake(&ds->pop_wq, EPOLLHUP, 0);
	ds_stamp_pop(&ds->vfs_inode);
	if (dead)
		ds_item_free_chain(dead);
}

/*
 * Under ds->lock, at end of file (ds_at_eof()): the poppers blocked in
 * read(2) see it.  Walks every pop waiter; only at end of file.
 */
void ds_serve_eof(struct datastack *ds, struct ds_wakeups *wk)
{
	struct ds_waiter *wt, *next;

	list_for_each_entry_safe(wt, next, &ds->pop_waiters, node)
		if (wt->eof)
			ds_waiter_done(ds, wt, DS_EOF, wk);
}

/*
 * The last descriptor holding DS_RIGHT_PUSH closed: at end of file unless
 * an item is held or in flight (then the pop that delivers the last one
 * ends it).
 */
void ds_pushers_gone(struct datastack *ds)
{
	struct ds_wakeups wk = { };
	bool eof;

	spin_lock(&ds->lock);
	eof = ds_at_eof(ds);
	if (eof)
		ds_serve_eof(ds, &wk);
	spin_unlock(&ds->lock);
	ds_wakeups_flush(&wk);
	if (eof)
		ds_wake(&ds->pop_wq, EPOLLHUP, 0);	/* pollers of an empty object */
}

long ds_clear(struct datastack *ds)
{
	struct ds_wakeups wk = { };
	struct ds_item *list;
	bool visible, eof;
	u64 n, charged;

	spin_lock(&ds->lock);
	list = ds->head;
	n = ds->count;
	charged = ds->charged;
	ds->head = NULL;
	ds->tail = NULL;
	ds->count = 0;
	ds->bytes = 0;
	ds->charged = 0;
	ds_uncharge_bytes(ds->inst, charged);
	ds_serve_pushers(ds, &wk);
	visible = ds->head;
	eof = ds_at_eof(ds);
	spin_unlock(&ds->lock);
	ds_wake_all(ds, &wk, visible, true);
	if (eof && n)
		ds_wake(&ds->pop_wq, EPOLLHUP, 0);
	ds_item_put_chain(list);
	return min_t(u64, n, LONG_MAX);
}

/* ---- query ---- */

__poll_t ds_poll_mask(struct datastack *ds)
{
	__poll_t mask = 0;

	spin_lock(&ds->lock);
	if (ds->head)
		mask |= DS_POLLIN;
	else if (ds_at_eof(ds))
		mask |= EPOLLHUP;	/* read(2) would see end of file */
	if (ds_has_room(ds, 1, 1))
		mask |= DS_POLLOUT;
	spin_unlock(&ds->lock);
	return mask;
}

/* Memory charged for the items held and in flight. */
u64 ds_charged(struct datastack *ds)
{
	u64 c;

	spin_lock(&ds->lock);
	c = ds->charged + ds->inflight_charged;
	spin_unlock(&ds->lock);
	return c;
}

/* The object's own part of struct ds_info (the identity is inode.c's). */
void ds_fill_info(struct datastack *ds, struct ds_info *info, bool counters)
{
	spin_lock(&ds->lock);
	info->count = ds->count;
	info->bytes = ds->bytes;
	info->waiters = ds->waiters;
	if (counters) {
		info->peak_count = ds->peak_count;
		info->peak_bytes = ds->peak_bytes;
		info->pushes = ds->pushes;
		info->pops = ds->pops;
		info->top_size = ds->head ? ds->head->size : 0;
	}
	spin_unlock(&ds->lock);

	info->size = sizeof(*info);
	info->flags = ds->flags & (DS_CREATE_FIFO | DS_CREATE_PERSISTENT);
	info->id = ds->id;
	info->limits = ds->limits;
	info->creator_pid = pid_has_task(ds->creator, PIDTYPE_TGID) ?
			    pid_vnr(ds->creator) : 0;
	info->open_fds = atomic_read(&ds->open_files);
}

/* ---- lifetime ---- */

void ds_object_init(struct datastack *ds, struct ds_instance *inst,
		    const struct ds_new *n)
{
	ds->id = atomic64_inc_return(&ds_next_id);
	ds->flags = n->flags & (DS_CREATE_FIFO | DS_CREATE_PERSISTENT);
	ds->limits = n->limits;
	ds->creator = get_task_pid(current, PIDTYPE_TGID);
	ds->inst = inst;
	ds->is_object = true;
	ds_stats_objects(1);
}

/* The inode is being evicted: no call is in progress, no file is open. */
void ds_object_destroy(struct datastack *ds)
{
	ds_uncharge_bytes(ds->inst, ds->charged + ds->inflight_charged);
	ds_item_put_chain(ds->head);
	ds_item_free_chain(ds->cache);
	ds_item_free_chain(ds->spare);
	ds->spare = NULL;
	ds->head = NULL;
	ds->cache = NULL;
	put_pid(ds->creator);
	ds_stats_objects(-1);
}
