// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: the object — its items, limits, waiting and statistics.
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
 * An item popped but not yet copied to user space is "in flight": it no
 * longer counts as held but still counts against the limits and the
 * instance charge, so that a failed copy can put it back on top without
 * overrunning them.  A pop delivers an item (and drops its charge) only
 * once its data and its size have reached the caller.
 */
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "datastack.h"

static atomic64_t ds_next_id = ATOMIC64_INIT(0);

#define DS_POLLIN	(EPOLLIN | EPOLLRDNORM)
#define DS_POLLOUT	(EPOLLOUT | EPOLLWRNORM)

/* ---- the list, under ds->lock ---- */

static bool ds_has_room(struct datastack *ds, u64 items, u64 bytes)
{
	const struct ds_limits *l = &ds->limits;

	if (l->max_items && ds->count + ds->inflight_count + items > l->max_items)
		return false;
	if (l->max_bytes && ds->bytes + ds->inflight_bytes + bytes > l->max_bytes)
		return false;
	return true;
}

/* Links an item once the instance accepts its charge; false if not. */
static bool ds_link(struct datastack *ds, struct ds_item *it)
{
	u64 charge = ds_item_charge(it);

	if (!ds_charge_bytes(ds->inst, charge))
		return false;
	if (ds->flags & DS_CREATE_FIFO) {
		it->next = NULL;
		if (ds->tail)
			ds->tail->next = it;
		else
			ds->head = it;
		ds->tail = it;
	} else {
		it->next = ds->head;
		ds->head = it;
	}
	ds->count++;
	ds->bytes += it->size;
	ds->charged += charge;
	ds->pushes++;
	ds->peak_count = max(ds->peak_count, ds->count);
	ds->peak_bytes = max(ds->peak_bytes, ds->bytes);
	return true;
}

/* Takes the next item off; it is then in flight. */
static struct ds_item *ds_take(struct datastack *ds)
{
	struct ds_item *it = ds->head;
	u64 charge = ds_item_charge(it);

	ds->head = it->next;
	if (!ds->head)
		ds->tail = NULL;
	it->next = NULL;
	ds->count--;
	ds->bytes -= it->size;
	ds->charged -= charge;
	ds->inflight_count++;
	ds->inflight_bytes += it->size;
	ds->inflight_charged += charge;
	return it;
}

/* What a chain of in-flight items counts: items, bytes, charge. */
struct ds_chain {
	struct ds_item *first, *last;
	u64 n, bytes, charged;
};

static void ds_chain_add(struct ds_chain *c, struct ds_item *it)
{
	if (c->last)
		c->last->next = it;
	else
		c->first = it;
	c->last = it;
	c->n++;
	c->bytes += it->size;
	c->charged += ds_item_charge(it);
}

/* Puts a chain of in-flight items back on top, in their order. */
static void ds_put_back(struct datastack *ds, struct ds_chain *c)
{
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
	spin_unlock(&ds->lock);
	ds_wake(&ds->pop_wq, DS_POLLIN, c->n);
}

/*
 * Room for n more items: one blocked pusher per item, unless a byte limit
 * applies, where pushers of different sizes may or may not fit; then all
 * look (in arrival order) and those that do not fit sleep again.
 */
static void ds_wake_pushers(struct datastack *ds, int n)
{
	ds_wake(&ds->push_wq, DS_POLLOUT, ds->limits.max_bytes ? 0 : n);
}

/*
 * The in-flight chain reached the caller: account it, recycle small
 * items, free the rest after the lock.
 */
static void ds_delivered(struct datastack *ds, struct ds_chain *c)
{
	struct ds_item *it, *next, *dead = NULL;

	spin_lock(&ds->lock);
	ds->inflight_count -= c->n;
	ds->inflight_bytes -= c->bytes;
	ds->inflight_charged -= c->charged;
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
	spin_unlock(&ds->lock);
	ds_uncharge_bytes(ds->inst, c->charged);
	ds_wake_pushers(ds, c->n);
	ds_item_free_chain(dead);
}

/* ---- push ---- */

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

static bool ds_push_ready(struct datastack *ds, u64 size)
{
	return ds_has_room(ds, 1, size);
}

/*
 * Links items[0..n) once the first fits, waiting for room as w allows;
 * stops at the first that does not fit.  Returns how many were linked, or
 * the error if none was (ENOSPC: the instance is full).
 */
static long ds_link_items(struct datastack *ds, struct ds_item **items, u32 n,
			  struct ds_waitspec *w)
{
	bool nospc = false;
	long err = 0;
	u32 done = 0;

	for (;;) {
		spin_lock(&ds->lock);
		while (done < n && ds_has_room(ds, 1, items[done]->size)) {
			nospc = !ds_link(ds, items[done]);
			if (nospc)
				break;
			done++;
		}
		spin_unlock(&ds->lock);
		if (done)
			break;
		if (nospc)
			return -ENOSPC;
		if (err)
			return ds_wait_end(w, err);
		if (w->nonblock)
			return -EAGAIN;
		err = ds_sleep(ds, &ds->push_wq, ds_push_ready, items[0]->size, w);
	}
	ds_wake(&ds->pop_wq, DS_POLLIN, done);
	return done;
}

long ds_push(struct datastack *ds, const void __user *data, u32 size,
	     struct ds_waitspec *w)
{
	struct ds_item *it;
	long err = ds_check_size(ds, size);

	if (err)
		return err;
	it = ds_item_from_user(ds, data, size, NULL);
	if (IS_ERR(it))
		return PTR_ERR(it);
	err = ds_link_items(ds, &it, 1, w);
	if (err < 0) {
		ds_item_put(it);
		return err;
	}
	return 0;
}

/* Builds the batch's items; returns how many, or the first one's error. */
static long ds_build_items(struct datastack *ds, const struct ds_iovec *iov,
			   u32 n, struct ds_item **items)
{
	struct ds_item *spare = ds_cache_take_all(ds);
	long err = 0;
	u32 built;

	for (built = 0; built < n; built++) {
		err = ds_check_size(ds, iov[built].len);
		if (err)
			break;
		items[built] = ds_item_from_user(ds, u64_to_user_ptr(iov[built].base),
						 iov[built].len, &spare);
		if (IS_ERR(items[built])) {
			err = PTR_ERR(items[built]);
			break;
		}
	}
	ds_cache_give_back(ds, spare);
	return built ? built : err;
}

long ds_pushv(struct datastack *ds, const struct ds_iovec *iov, u32 n,
	      struct ds_waitspec *w)
{
	struct ds_item **items;
	long built, ret;
	u32 i;

	for (i = 0; i < n; i++)
		if (iov[i].reserved)
			return -EINVAL;
	items = kvmalloc_array(n, sizeof(*items), GFP_KERNEL);
	if (!items)
		return -ENOMEM;
	built = ds_build_items(ds, iov, n, items);
	ret = built > 0 ? ds_link_items(ds, items, built, w) : built;
	for (i = ret > 0 ? ret : 0; i < built; i++)
		ds_item_put(items[i]);
	kvfree(items);
	return ret;
}

/* ---- pop ---- */

static bool ds_pop_ready(struct datastack *ds, u64 eof)
{
	return ds->head || (eof && !atomic_read(&ds->pushers));
}

/*
 * Entered with ds->lock held and the list empty: drops the lock and waits
 * as w allows.  Returns 1 at end of file (w->eof and no pusher left), an
 * error to give up with, or 0 to look again.  *slept carries the last
 * sleep's outcome, so that a timed-out or signalled waiter looks once more
 * before it gives up.
 */
static long ds_wait_item(struct datastack *ds, struct ds_waitspec *w,
			 long *slept)
	__releases(&ds->lock)
{
	spin_unlock(&ds->lock);
	if (w->eof && !atomic_read(&ds->pushers))
		return 1;
	if (*slept)
		return ds_wait_end(w, *slept);
	if (w->nonblock)
		return -EAGAIN;
	*slept = ds_sleep(ds, &ds->pop_wq, ds_pop_ready, w->eof, w);
	return 0;
}

/*
 * A waiter chosen by an exclusive wake-up that leaves without taking the
 * item (buffer too small, size query, peek) hands the wake-up on.
 */
static void ds_pass_wakeup(struct datastack *ds, bool waited)
{
	if (waited)
		ds_wake(&ds->pop_wq, DS_POLLIN, 1);
}

static long ds_peek_locked(struct datastack *ds, void __user *buf)
	__releases(&ds->lock)
{
	struct ds_item *it = ds->head;
	long err;

	refcount_inc(&it->ref);
	spin_unlock(&ds->lock);
	err = ds_item_copy_out(buf, it);
	ds_item_put(it);
	return err;
}

/*
 * Pops (or peeks) the top item into buf.  *size gets the item's size; with
 * usize, that size is written there before the item is delivered, so that
 * a caller who cannot learn the size loses nothing.  At end of file
 * (w->eof), returns 0 with *size 0.
 */
long ds_pop(struct datastack *ds, void __user *buf, u32 bufsize,
	    u32 __user *usize, u32 *size, struct ds_waitspec *w, bool peek)
{
	struct ds_chain c = { };
	bool waited = false;
	struct ds_item *it;
	long err, slept = 0;

	*size = 0;
	spin_lock(&ds->lock);
	while (!ds->head) {
		waited = true;
		err = ds_wait_item(ds, w, &slept);
		if (err)
			return err == 1 ? 0 : err;
		spin_lock(&ds->lock);
	}
	it = ds->head;
	*size = it->size;
	if (!bufsize || it->size > bufsize) {
		spin_unlock(&ds->lock);
		ds_pass_wakeup(ds, waited);
		return bufsize ? -EMSGSIZE : 0;
	}
	if (peek) {
		err = ds_peek_locked(ds, buf);
		ds_pass_wakeup(ds, waited);
		return err;
	}
	ds_chain_add(&c, ds_take(ds));
	spin_unlock(&ds->lock);

	if (ds_item_copy_out(buf, it) || (usize && put_user(it->size, usize))) {
		ds_put_back(ds, &c);
		return -EFAULT;
	}
	ds_delivered(ds, &c);
	return 0;
}

/* Takes up to n items that fit iov's buffers, under ds->lock. */
static void ds_take_batch(struct datastack *ds, struct ds_iovec *iov, u32 n,
			  struct ds_chain *c)
{
	while (c->n < n && ds->head && ds->head->size <= iov[c->n].len)
		ds_chain_add(c, ds_take(ds));
}

/*
 * Copies the chain out, data and len, in order.  Returns how many reached
 * the caller whole; the rest is split off into *rest.
 */
static u32 ds_copy_batch(struct ds_chain *c, struct ds_iovec __user *uiov,
			 const struct ds_iovec *iov, struct ds_chain *rest)
{
	struct ds_item *it, *prev = NULL;
	u32 i = 0;

	for (it = c->first; it; prev = it, it = it->next, i++)
		if (ds_item_copy_out(u64_to_user_ptr(iov[i].base), it) ||
		    put_user(it->size, &uiov[i].len))
			break;
	memset(rest, 0, sizeof(*rest));
	if (!it)
		return i;
	for (; it; it = it->next)
		ds_chain_add(rest, it);
	c->n -= rest->n;
	c->bytes -= rest->bytes;
	c->charged -= rest->charged;
	c->last = prev;
	if (prev)
		prev->next = NULL;
	else
		c->first = NULL;
	return i;
}

/*
 * Pops up to n items into iov's buffers (uiov is the caller's copy of the
 * array, whose len fields get the sizes), the first waiting as w allows.
 * Returns the number delivered, or the first item's error.
 */
long ds_popv(struct datastack *ds, struct ds_iovec *iov,
	     struct ds_iovec __user *uiov, u32 n, struct ds_waitspec *w)
{
	struct ds_chain c = { }, rest;
	bool waited = false;
	long err, slept = 0;
	u32 i, done;

	for (i = 0; i < n; i++)
		if (iov[i].reserved)
			return -EINVAL;
	spin_lock(&ds->lock);
	while (!ds->head) {
		waited = true;
		err = ds_wait_item(ds, w, &slept);
		if (err)
			return err == 1 ? 0 : err;
		spin_lock(&ds->lock);
	}
	ds_take_batch(ds, iov, n, &c);
	if (!c.n) {
		u32 top = ds->head->size;

		spin_unlock(&ds->lock);
		ds_pass_wakeup(ds, waited);
		return put_user(top, &uiov[0].len) ? -EFAULT : -EMSGSIZE;
	}
	spin_unlock(&ds->lock);

	done = ds_copy_batch(&c, uiov, iov, &rest);
	if (rest.n)
		ds_put_back(ds, &rest);
	if (!done)
		return -EFAULT;
	ds_delivered(ds, &c);
	return done;
}

/* The last descriptor holding DS_RIGHT_PUSH closed: read(2) sees the end. */
void ds_pushers_gone(struct datastack *ds)
{
	ds_wake(&ds->pop_wq, DS_POLLIN, 0);
}

long ds_clear(struct datastack *ds)
{
	struct ds_item *list;
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
	spin_unlock(&ds->lock);
	ds_uncharge_bytes(ds->inst, charged);
	ds_wake(&ds->push_wq, DS_POLLOUT, 0);
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
	ds->head = NULL;
	ds->cache = NULL;
	put_pid(ds->creator);
	ds_stats_objects(-1);
}
