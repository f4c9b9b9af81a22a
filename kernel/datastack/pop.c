// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: pop and peek — the top item (or a batch) to user space,
 * waiting for one as the call allows.
 *
 * Locking: items are taken (put in flight) under ds->lock, O(1) each, and
 * copied out with no lock held; a copy that fails puts them back on top.
 * A popper that must wait queues and is handed its item by the push that
 * makes it, in arrival order, without taking the lock again; so is a
 * peek (a reference to the item, left on the list) and a size query.
 * Lifetime: as object.c's.
 */
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "datastack.h"

/*
 * Entered with ds->lock held and the list empty: waits, queued as a
 * popper that takes (or, with peek, looks at) items of up to bufsize
 * bytes (0: only their size), as w allows.  Returns, with the lock
 * dropped, the outcome (DS_HANDED: wt->item is in flight for the caller;
 * DS_PEEKED: wt->item is referenced; DS_TOO_SMALL, DS_SIZED: wt->size;
 * DS_EOF) or an error.
 */
static int ds_pop_wait(struct datastack *ds, struct ds_waiter *wt, u32 bufsize,
		       bool peek, struct ds_waitspec *w)
	__releases(&ds->lock)
{
	if (w->eof && ds_at_eof(ds)) {
		spin_unlock(&ds->lock);
		return DS_EOF;
	}
	if (w->nonblock) {
		spin_unlock(&ds->lock);
		return -EAGAIN;
	}
	wt->bufsize = bufsize;
	wt->peek = peek;
	wt->eof = w->eof;
	ds_waiter_queue(ds, &ds->pop_waiters, wt, NULL);
	spin_unlock(&ds->lock);
	return ds_sleep(ds, wt, w);
}

/* Copies a referenced (peeked) item out and drops the reference. */
static long ds_peek_copy(const struct ds_buf *buf, struct ds_item *it)
{
	long err = ds_item_copy_out(buf, it);

	ds_item_put(it);
	return err;
}

/*
 * Delivers an item in flight into buf (and its size to usize, if given):
 * then it is gone; if the copy fails, or the caller is dying, it goes back
 * on top.  ring: it was handed to an io_uring pop.
 */
int ds_deliver(struct datastack *ds, const struct ds_buf *buf,
	       struct ds_item *it, u32 __user *usize, bool ring)
{
	struct ds_chain c = { .ring = ring };
	int err;

	ds_chain_add(&c, it);
	err = ds_item_copy_out(buf, it);
	if (!err && usize && put_user(it->size, usize))
		err = -EFAULT;
	if (!err && fatal_signal_pending(current))
		err = -EINTR;	/* the caller dies: the item would be lost */
	if (err) {
		ds_put_back(ds, &c);
		return err;
	}
	ds_delivered(ds, &c);
	return 0;
}

/*
 * Pops the top item into buf; peeks with peek; with bufsize 0 only learns
 * its size.  *size gets the item's size; with usize, that size is written
 * there before the item is delivered, so that a caller who cannot learn
 * the size loses nothing.  At end of file (w->eof), returns 0 with *size
 * 0.  A caller that waited is served by the push that made the item, in
 * arrival order, without taking the lock again.
 */
long ds_pop(struct datastack *ds, const struct ds_buf *buf, u32 bufsize,
	    u32 __user *usize, u32 *size, struct ds_waitspec *w, bool peek)
{
	struct ds_wakeups wk = { };
	struct ds_waiter wt;
	struct ds_item *it;
	bool served;
	int state;

	*size = 0;
	spin_lock(&ds->lock);
	if (ds->head) {
		it = ds->head;
		*size = it->size;
		if (!bufsize || it->size > bufsize) {
			spin_unlock(&ds->lock);
			return bufsize ? -EMSGSIZE : 0;
		}
		if (peek) {
			refcount_inc(&it->ref);
			spin_unlock(&ds->lock);
			return ds_peek_copy(buf, it);
		}
		it = ds_take(ds);
		served = ds_room_made(ds, &wk);
		spin_unlock(&ds->lock);
		ds_wake_all(ds, &wk, served, false);
	} else {
		state = ds_pop_wait(ds, &wt, bufsize, peek, w);
		if (state < 0)
			return ds_wait_end(w, state);
		if (state == DS_EOF)
			return 0;
		*size = wt.size;
		if (state == DS_SIZED)
			return 0;
		if (state == DS_TOO_SMALL)
			return -EMSGSIZE;
		if (state == DS_PEEKED)
			return ds_peek_copy(buf, wt.item);
		it = wt.item;
	}
	return ds_deliver(ds, buf, it, usize, false);
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
	struct ds_buf b = { };
	u32 i = 0;

	for (it = c->first; it; prev = it, it = it->next, i++) {
		b.user = u64_to_user_ptr(iov[i].base);
		if (ds_item_copy_out(&b, it) || put_user(it->size, &uiov[i].len))
			break;
	}
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
 * Waits as ds_pop() does for the first item of a batch; returns 0 with
 * the handed item in *c, or the call's result (an error, -EMSGSIZE with
 * the size written to uiov[0].len, or 0 at end of file) as *ret.
 */
static bool ds_popv_wait(struct datastack *ds, struct ds_iovec *iov,
			 struct ds_iovec __user *uiov, struct ds_waitspec *w,
			 struct ds_chain *c, long *ret)
	__releases(&ds->lock)
{
	struct ds_waiter wt;
	int state = ds_pop_wait(ds, &wt, iov[0].len, false, w);

	if (state == DS_HANDED) {
		ds_chain_add(c, wt.item);
		return true;
	}
	if (state == DS_TOO_SMALL || state == DS_SIZED)
		*ret = put_user(wt.size, &uiov[0].len) ? -EFAULT : -EMSGSIZE;
	else
		*ret = state == DS_EOF ? 0 : ds_wait_end(w, state);
	return false;
}

/*
 * Pops up to n items into iov's buffers (uiov is the caller's copy of the
 * array, whose len fields get the sizes), the first waiting as w allows.
 * Returns the number delivered, or the first item's error.
 */
long ds_popv(struct datastack *ds, struct ds_iovec *iov,
	     struct ds_iovec __user *uiov, u32 n, struct ds_waitspec *w)
{
	struct ds_wakeups wk = { };
	struct ds_chain c = { }, rest;
	u32 i, done, top;
	bool served;
	long ret;

	for (i = 0; i < n; i++)
		if (iov[i].reserved)
			return -EINVAL;
	spin_lock(&ds->lock);
	if (!ds->head) {
		if (!ds_popv_wait(ds, iov, uiov, w, &c, &ret))
			return ret;
		spin_lock(&ds->lock);
	}
	ds_take_batch(ds, iov, n, &c);
	if (!c.n) {
		top = ds->head->size;
		spin_unlock(&ds->lock);
		return put_user(top, &uiov[0].len) ? -EFAULT : -EMSGSIZE;
	}
	served = ds_room_made(ds, &wk);
	spin_unlock(&ds->lock);
	ds_wake_all(ds, &wk, served, false);

	done = ds_copy_batch(&c, uiov, iov, &rest);
	if (rest.n)
		ds_put_back(ds, &rest);
	if (done && fatal_signal_pending(current)) {
		ds_put_back(ds, &c);	/* the caller dies: all would be lost */
		done = 0;
	}
	if (!done)
		return fatal_signal_pending(current) ? -EINTR : -EFAULT;
	ds_delivered(ds, &c);
	return done;
}
