// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: push — an item, or a batch, from user space onto an object,
 * waiting for room as the call allows.
 *
 * Locking: items are built (allocated, copied in) with no lock held, then
 * linked under ds->lock, O(1) each (a batch: at most DS_BATCH_MAX); a
 * linked item goes straight to a waiting popper (object.c).  A pusher that
 * must wait queues with its first item, which the pop that makes room
 * links for it.  Lifetime: as object.c's.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include "datastack.h"

static int ds_check_size(struct datastack *ds, u32 size)
{
	if (!size)
		return -EINVAL;
	if (size > READ_ONCE(ds->inst->max_item_size) ||
	    (ds->limits.max_item_size && size > ds->limits.max_item_size))
		return -EMSGSIZE;
	if (ds->limits.max_bytes && size > ds->limits.max_bytes)
		return -ENOBUFS;
	return 0;
}

/*
 * Links items[from..n) while they fit, under ds->lock; a linked item goes
 * straight to a waiting popper.  Returns how many were linked, *nospc
 * when the instance refused one.
 */
static u32 ds_link_fitting(struct datastack *ds, struct ds_item **items,
			   u32 from, u32 n, bool *nospc, struct ds_wakeups *wk)
{
	u32 done = from;

	/* Strict arrival order: a newcomer goes behind the waiting pushers. */
	if (!from && !list_empty(&ds->push_waiters))
		return 0;
	while (done < n && ds_has_room(ds, 1, items[done]->size)) {
		*nospc = !ds_link(ds, items[done]);
		if (*nospc)
			break;
		done++;
	}
	ds_serve_poppers(ds, wk);
	return done;
}

/*
 * Links items[0..n) once the first fits, waiting for room as w allows;
 * stops at the first that does not fit.  Returns how many were linked, or
 * the error if none was (ENOSPC: the instance is full).  A waiting pusher
 * is served by the pop that makes room: its first item is linked for it.
 */
static long ds_link_items(struct datastack *ds, struct ds_item **items, u32 n,
			  struct ds_waitspec *w)
{
	struct ds_waiter wt = { .item = items[0] };
	struct ds_wakeups wk = { };
	bool nospc = false, visible;
	u32 done;
	int state;

	spin_lock(&ds->lock);
	done = ds_link_fitting(ds, items, 0, n, &nospc, &wk);
	if (done || nospc || w->nonblock) {
		visible = ds->head;
		spin_unlock(&ds->lock);
		ds_wake_all(ds, &wk, visible, false);
		if (done)
			return done;
		return nospc ? -ENOSPC : -EAGAIN;
	}
	ds_waiter_queue(ds, &ds->push_waiters, &wt, NULL);
	spin_unlock(&ds->lock);
	state = ds_sleep(ds, &wt, w);
	if (state < 0)
		return ds_wait_end(w, state);
	if (state == DS_NOSPC)
		return -ENOSPC;
	if (n == 1)
		return 1;
	/* The first is in; the rest go in as far as they fit, without waiting. */
	spin_lock(&ds->lock);
	done = ds_link_fitting(ds, items, 1, n, &nospc, &wk);
	visible = ds->head;
	spin_unlock(&ds->lock);
	ds_wake_all(ds, &wk, visible, false);
	return done;
}

/* An item of size bytes from src, checked against the limits. */
struct ds_item *ds_push_build(struct datastack *ds, const struct ds_buf *src,
			      u32 size)
{
	long err = ds_check_size(ds, size);

	return err ? ERR_PTR(err) : ds_item_from_user(ds, src, size, NULL);
}

/* Links a built item, waiting as w allows; on failure the caller keeps it. */
long ds_push_item(struct datastack *ds, struct ds_item *it,
		  struct ds_waitspec *w)
{
	long ret = ds_link_items(ds, &it, 1, w);

	return ret < 0 ? ret : 0;
}

long ds_push(struct datastack *ds, const struct ds_buf *src, u32 size,
	     struct ds_waitspec *w)
{
	struct ds_item *it = ds_push_build(ds, src, size);
	long err;

	if (IS_ERR(it))
		return PTR_ERR(it);
	err = ds_push_item(ds, it, w);
	if (err)
		ds_item_put(it);
	return err;
}

/*
 * The room the object has now, in items and bytes (U64_MAX: no limit):
 * a batch builds no more than fits it, plus its first item (the one that
 * waits), so that a blocked PUSHV holds at most one item beyond the
 * object's limits.
 */
static void ds_room(struct datastack *ds, u64 *items, u64 *bytes)
{
	const struct ds_limits *l = &ds->limits;
	u64 held_items, held_bytes;

	spin_lock(&ds->lock);
	held_items = ds->count;
	held_bytes = ds->bytes;
	spin_unlock(&ds->lock);
	*items = !l->max_items ? U64_MAX :
		 l->max_items > held_items ? l->max_items - held_items : 0;
	*bytes = !l->max_bytes ? U64_MAX :
		 l->max_bytes > held_bytes ? l->max_bytes - held_bytes : 0;
}

/*
 * Builds items from iov[0..n) while they fit the object's room now (the
 * first one even if not: it is the one a batch waits with).  Returns how
 * many, or the first one's error.
 */
static long ds_build_items(struct datastack *ds, const struct ds_iovec *iov,
			   u32 n, struct ds_item **items, bool first)
{
	struct ds_buf b = { };
	struct ds_item *spare;
	u64 room_items, room_bytes, sum = 0;
	long err = 0;
	u32 built;

	ds_room(ds, &room_items, &room_bytes);
	spare = ds_cache_take_all(ds);
	for (built = 0; built < n; built++) {
		if ((built || !first) &&
		    (built >= room_items || sum + iov[built].len > room_bytes))
			break;
		err = ds_check_size(ds, iov[built].len);
		if (err)
			break;
		sum += iov[built].len;
		b.user = u64_to_user_ptr(iov[built].base);
		items[built] = ds_item_from_user(ds, &b, iov[built].len, &spare);
		if (IS_ERR(items[built])) {
			err = PTR_ERR(items[built]);
			break;
		}
	}
	ds_cache_give_back(ds, spare);
	return built ? built : err;
}

/* Links items[0..n) (the first waiting as w allows); drops the rest. */
static long ds_link_built(struct datastack *ds, struct ds_item **items, u32 n,
			  struct ds_waitspec *w)
{
	long ret = ds_link_items(ds, items, n, w);
	u32 i;

	for (i = ret > 0 ? ret : 0; i < n; i++)
		ds_item_put(items[i]);
	return ret;
}

/*
 * A batch is built a room's worth at a time, so that a blocked PUSHV holds
 * at most one item beyond the object's limits: the first chunk may wait,
 * each next one goes in as far as it fits, and the call stops at the
 * first item that does not.
 */
long ds_pushv(struct datastack *ds, const struct ds_iovec *iov, u32 n,
	      struct ds_waitspec *w)
{
	struct ds_waitspec now = *w;
	struct ds_item **items;
	long built, linked, done = 0;
	u32 i;

	for (i = 0; i < n; i++)
		if (iov[i].reserved)
			return -EINVAL;
	items = kvmalloc_array(n, sizeof(*items), GFP_KERNEL);
	if (!items)
		return -ENOMEM;
	now.nonblock = true;
	while (done < n) {
		built = ds_build_items(ds, iov + done, n - done, items, !done);
		if (built <= 0) {
			if (!done)
				done = built;
			break;
		}
		linked = ds_link_built(ds, items, built, done ? &now : w);
		if (linked <= 0) {
			if (!done)
				done = linked;
			break;
		}
		done += linked;
		if (linked < built)
			break;
	}
	kvfree(items);
	return done;
}
