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
 *
 * Lifetime: an object is referenced by every file that refers to it, and by
 * the name table while it is a named persistent object; ds_put() of the
 * last reference takes it out of the name table and the object list (under
 * ds_table_lock, see names.c) and frees it with every item still held.  A
 * call in progress runs under its file's reference, which the VFS holds for
 * the duration of the call, so a close() from another thread cannot free
 * the object under a blocked pop.
 *
 * An item popped but not yet copied to user space is "in flight": it no
 * longer counts as held but still counts against the limits, so that a
 * failed copy can put it back on top without overrunning them.
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/ipc_namespace.h>
#include <linux/mm.h>
#include <linux/nsproxy.h>
#include <linux/pid.h>
#include <linux/proc_ns.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/time_namespace.h>
#include <linux/uaccess.h>
#include "datastack.h"

static atomic64_t ds_next_id = ATOMIC64_INIT(0);

/* ---- items ---- */

/*
 * Small items (up to DS_SMALL_DATA bytes: one 32-byte allocation with the
 * header) are recycled through a short per-object cache, so a steady
 * push/pop stream does not go through the allocator and its memory-cgroup
 * charge on every item.  A cached item stays charged to the cgroup of the
 * task that first allocated it; the cache is freed with the object.
 */
#define DS_SMALL_DATA	(32 - sizeof(struct ds_item))

/*
 * Item memory is charged to the pusher's memory cgroup; past its limit a
 * push fails with ENOMEM (__GFP_RETRY_MAYFAIL) instead of OOM-killing.
 */
#define DS_ITEM_GFP	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)
#define DS_CACHE_MAX	64

/* Takes the whole small-item cache, for a batch (O(1) under the lock). */
static struct ds_item *ds_cache_take_all(struct datastack *ds)
{
	struct ds_item *all;

	if (!READ_ONCE(ds->cache))
		return NULL;
	spin_lock(&ds->lock);
	all = ds->cache;
	ds->cache = NULL;
	ds->cached = 0;
	spin_unlock(&ds->lock);
	return all;
}

/* Gives back what a batch did not use (at most DS_CACHE_MAX items). */
static void ds_cache_give_back(struct datastack *ds, struct ds_item *first)
{
	struct ds_item *last = first, *drop = NULL;
	u32 n = 1;

	if (!first)
		return;
	while (last->next) {
		last = last->next;
		n++;
	}
	spin_lock(&ds->lock);
	if (ds->cached + n <= DS_CACHE_MAX) {
		last->next = ds->cache;
		ds->cache = first;
		ds->cached += n;
	} else {
		drop = first;
	}
	spin_unlock(&ds->lock);
	while (drop) {
		last = drop->next;
		kfree(drop);
		drop = last;
	}
}

/* A new item, from *spare (a batch's share of the cache), the cache or the allocator. */
static struct ds_item *ds_item_alloc(struct datastack *ds, u32 size,
				     struct ds_item **spare)
{
	struct ds_item *it = NULL;

	if (size <= DS_SMALL_DATA) {
		if (spare && *spare) {
			it = *spare;
			*spare = it->next;
		} else if (READ_ONCE(ds->cache)) {
			spin_lock(&ds->lock);
			it = ds->cache;
			if (it) {
				ds->cache = it->next;
				ds->cached--;
			}
			spin_unlock(&ds->lock);
		}
		if (!it)
			it = kmalloc(struct_size(it, data, DS_SMALL_DATA),
				     DS_ITEM_GFP);
	} else {
		it = kvmalloc(struct_size(it, data, size), DS_ITEM_GFP);
	}
	if (!it)
		return NULL;
	it->next = NULL;
	refcount_set(&it->ref, 1);
	it->size = size;
	ds_stats_items(1, size);
	return it;
}

static void ds_item_put(struct ds_item *it)
{
	if (refcount_dec_and_test(&it->ref)) {
		ds_stats_items(-1, -(long)it->size);
		kvfree(it);
	}
}

static void ds_item_put_chain(struct ds_item *it)
{
	struct ds_item *next;

	for (; it; it = next) {
		next = it->next;
		ds_item_put(it);
	}
}

static void ds_free_chain(struct ds_item *it)
{
	struct ds_item *next;

	for (; it; it = next) {
		next = it->next;
		kvfree(it);
	}
}

/* Small bounces through the stack: the cheaper usercopy check. */
static int ds_copy_in(struct ds_item *it, const void __user *data)
{
	u8 tmp[DS_SMALL_DATA];

	if (it->size > DS_SMALL_DATA)
		return copy_from_user(it->data, data, it->size) ? -EFAULT : 0;
	if (copy_from_user(tmp, data, it->size))
		return -EFAULT;
	memcpy(it->data, tmp, it->size);
	return 0;
}

static int ds_copy_out(void __user *buf, const struct ds_item *it)
{
	u8 tmp[DS_SMALL_DATA];

	if (it->size > DS_SMALL_DATA)
		return copy_to_user(buf, it->data, it->size) ? -EFAULT : 0;
	memcpy(tmp, it->data, it->size);
	return copy_to_user(buf, tmp, it->size) ? -EFAULT : 0;
}

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

static void ds_link(struct datastack *ds, struct ds_item *it)
{
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
	ds->pushes++;
	if (ds->count > ds->peak_count)
		ds->peak_count = ds->count;
	if (ds->bytes > ds->peak_bytes)
		ds->peak_bytes = ds->bytes;
}

/* Takes the next item off; it is then in flight. */
static struct ds_item *ds_take(struct datastack *ds)
{
	struct ds_item *it = ds->head;

	ds->head = it->next;
	if (!ds->head)
		ds->tail = NULL;
	ds->count--;
	ds->bytes -= it->size;
	ds->inflight_count++;
	ds->inflight_bytes += it->size;
	return it;
}

/* Puts a chain of in-flight items back on top, in their order. */
static void ds_untake(struct datastack *ds, struct ds_item *first,
		      struct ds_item *last, u64 n, u64 bytes)
{
	last->next = ds->head;
	if (!ds->head && (ds->flags & DS_CREATE_FIFO))
		ds->tail = last;
	ds->head = first;
	ds->count += n;
	ds->bytes += bytes;
	ds->inflight_count -= n;
	ds->inflight_bytes -= bytes;
}

static void ds_wake(wait_queue_head_t *wq, __poll_t key, int nr)
{
	if (wq_has_sleeper(wq))
		__wake_up(wq, TASK_NORMAL, nr, poll_to_key(key));
}

/*
 * Room for n more items: one blocked pusher per item, unless a byte limit
 * applies, where pushers of different sizes may or may not fit; then all
 * look (in arrival order) and those that do not fit sleep again.
 */
static void ds_wake_pushers(struct datastack *ds, int n)
{
	ds_wake(&ds->push_wq, EPOLLOUT | EPOLLWRNORM,
		ds->limits.max_bytes ? 0 : n);
}

/* ---- waiting ---- */

/*
 * Absolute deadlines are on the caller's CLOCK_MONOTONIC, which a time
 * namespace offsets from the kernel's (do_timens_ktime_to_host() is not
 * exported; the offset is the namespace's own).
 */
static ktime_t ds_timens_offset(void)
{
#ifdef CONFIG_TIME_NS
	return timespec64_to_ktime(current->nsproxy->time_ns->offsets.monotonic);
#else
	return 0;
#endif
}

int ds_waitspec_init(struct ds_waitspec *w, u32 flags, s64 timeout_ns,
		     bool nonblock)
{
	if (flags & ~(DS_WAIT_NONBLOCK | DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME))
		return -EINVAL;
	if ((flags & DS_WAIT_TIMEOUT) && (flags & DS_WAIT_ABSTIME))
		return -EINVAL;
	w->flags = flags;
	w->nonblock = nonblock || (flags & DS_WAIT_NONBLOCK);
	w->has_deadline = flags & (DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME);
	w->uflags = NULL;
	w->utimeout = NULL;
	if (!w->has_deadline)
		return 0;
	if (timeout_ns < 0)
		return -EINVAL;
	if (flags & DS_WAIT_TIMEOUT) {
		w->deadline = ktime_add_safe(ktime_get(), ns_to_ktime(timeout_ns));
	} else {
		w->deadline = ktime_sub(ns_to_ktime(timeout_ns), ds_timens_offset());
		w->deadline = max_t(ktime_t, 0, w->deadline);
	}
	return 0;
}

/*
 * A wait interrupted by a signal is restarted by the kernel when no handler
 * runs (stop/continue, ptrace).  A relative timeout would then start again;
 * rewrite it in the caller's structure as the absolute deadline first.
 */
static long ds_wait_end(struct ds_waitspec *w, long err)
{
	if (err != -ERESTARTNOHAND || !(w->flags & DS_WAIT_TIMEOUT) || !w->uflags)
		return err;
	if (put_user((w->flags & ~DS_WAIT_TIMEOUT) | DS_WAIT_ABSTIME, w->uflags) ||
	    put_user(ktime_to_ns(ktime_add_safe(w->deadline, ds_timens_offset())),
		     w->utimeout))
		return -EFAULT;
	return err;
}

typedef bool (*ds_ready_fn)(struct datastack *ds, u64 arg);

static bool ds_pop_ready(struct datastack *ds, u64 unused)
{
	return ds->head;
}

static bool ds_push_ready(struct datastack *ds, u64 size)
{
	return ds_has_room(ds, 1, size);
}

/*
 * Sleeps once, exclusively and in arrival order, until woken, the deadline
 * passes or a signal is pending.  Returns 0 to have the caller look again,
 * or the error to return if its last look still finds nothing: a woken
 * waiter always looks once more, so a wake-up it was chosen for is used.
 * Never inlined: it is the frame stack inspectors (kstack, wchan) show.
 */
static noinline int ds_sleep(struct datastack *ds, wait_queue_head_t *wq,
			     ds_ready_fn ready, u64 arg, struct ds_waitspec *w)
{
	DEFINE_WAIT(wait);
	int ret = 0;
	bool ok;

	prepare_to_wait_exclusive(wq, &wait, TASK_INTERRUPTIBLE);
	spin_lock(&ds->lock);
	ok = ready(ds, arg);
	if (!ok)
		ds->waiters++;
	spin_unlock(&ds->lock);
	if (!ok) {
		if (signal_pending(current))
			ret = -ERESTARTNOHAND;
		else if (!w->has_deadline)
			schedule();
		else if (!schedule_hrtimeout_range(&w->deadline,
						   current->timer_slack_ns,
						   HRTIMER_MODE_ABS))
			ret = -ETIMEDOUT;
		spin_lock(&ds->lock);
		ds->waiters--;
		spin_unlock(&ds->lock);
	}
	finish_wait(wq, &wait);
	return ret;
}

/* ---- push ---- */

static int ds_check_size(struct datastack *ds, u32 size)
{
	if (!size)
		return -EINVAL;
	if (size > READ_ONCE(ds_max_item_size) ||
	    (ds->limits.max_item_size && size > ds->limits.max_item_size))
		return -EMSGSIZE;
	if (ds->limits.max_bytes && size > ds->limits.max_bytes)
		return -ENOBUFS;
	return 0;
}

static struct ds_item *ds_item_from_user(struct datastack *ds,
					 const void __user *data, u32 size,
					 struct ds_item **spare, long *err)
{
	struct ds_item *it = ds_item_alloc(ds, size, spare);

	if (!it) {
		*err = -ENOMEM;
		return NULL;
	}
	if (ds_copy_in(it, data)) {
		ds_item_put(it);
		*err = -EFAULT;
		return NULL;
	}
	return it;
}

/*
 * Links items[0..n) once the first fits, waiting for room as w allows;
 * stops at the first that does not fit.  Returns how many were linked, or
 * the error if none was.
 */
static long ds_link_items(struct datastack *ds, struct ds_item **items, u32 n,
			  struct ds_waitspec *w)
{
	long err = 0;
	u32 done = 0;

	for (;;) {
		spin_lock(&ds->lock);
		while (done < n && ds_has_room(ds, 1, items[done]->size))
			ds_link(ds, items[done++]);
		spin_unlock(&ds->lock);
		if (done)
			break;
		if (err)
			return ds_wait_end(w, err);
		if (w->nonblock)
			return -EAGAIN;
		err = ds_sleep(ds, &ds->push_wq, ds_push_ready, items[0]->size, w);
	}
	ds_wake(&ds->pop_wq, EPOLLIN | EPOLLRDNORM, done);
	return done;
}

long ds_push(struct datastack *ds, const void __user *data, u32 size,
	     struct ds_waitspec *w)
{
	struct ds_item *it;
	long err = ds_check_size(ds, size);

	if (err)
		return err;
	err = ds_user_charge_bytes(ds->user, size);
	if (err)
		return err;
	it = ds_item_from_user(ds, data, size, NULL, &err);
	if (it)
		err = ds_link_items(ds, &it, 1, w);
	if (err < 0) {
		if (it)
			ds_item_put(it);
		ds_user_uncharge_bytes(ds->user, size);
		return err;
	}
	return 0;
}

long ds_pushv(struct datastack *ds, const struct ds_iovec *iov, u32 n,
	      struct ds_waitspec *w)
{
	struct ds_item **items, *spare;
	long err = 0, ret;
	u32 i, built;

	for (i = 0; i < n; i++)
		if (iov[i].reserved)
			return -EINVAL;
	items = kvmalloc_array(n, sizeof(*items), GFP_KERNEL);
	if (!items)
		return -ENOMEM;
	spare = ds_cache_take_all(ds);
	for (built = 0; built < n; built++) {
		err = ds_check_size(ds, iov[built].len);
		if (!err)
			err = ds_user_charge_bytes(ds->user, iov[built].len);
		if (err)
			break;
		items[built] = ds_item_from_user(ds, u64_to_user_ptr(iov[built].base),
						 iov[built].len, &spare, &err);
		if (!items[built]) {
			ds_user_uncharge_bytes(ds->user, iov[built].len);
			break;
		}
	}
	ds_cache_give_back(ds, spare);
	ret = built ? ds_link_items(ds, items, built, w) : err;
	for (i = ret > 0 ? ret : 0; i < built; i++) {
		ds_user_uncharge_bytes(ds->user, items[i]->size);
		ds_item_put(items[i]);
	}
	kvfree(items);
	return ret;
}

/* ---- pop ---- */

/*
 * One step of waiting for an item, entered with ds->lock held and the list
 * empty: drops the lock and returns the error to give up with, or 0 to
 * look again (after sleeping).  *slept carries the last sleep's outcome, so
 * that a timed-out or signalled waiter looks once more before it gives up.
 */
static long ds_wait_item(struct datastack *ds, struct ds_waitspec *w,
			 long *slept)
	__releases(&ds->lock)
{
	spin_unlock(&ds->lock);
	if (*slept)
		return ds_wait_end(w, *slept);
	if (w->nonblock)
		return -EAGAIN;
	*slept = ds_sleep(ds, &ds->pop_wq, ds_pop_ready, 0, w);
	return 0;
}

/*
 * The in-flight chain [first..] (at most DS_BATCH_MAX items) was delivered:
 * account it, recycle small items, free the rest after the lock.
 */
static void ds_delivered(struct datastack *ds, struct ds_item *first, u64 n,
			 u64 bytes)
{
	struct ds_item *it, *next, *dead = NULL;

	spin_lock(&ds->lock);
	ds->inflight_count -= n;
	ds->inflight_bytes -= bytes;
	ds->pops += n;
	for (it = first; it; it = next) {
		next = it->next;
		if (!refcount_dec_and_test(&it->ref))
			continue;
		ds_stats_items(-1, -(long)it->size);
		if (it->size <= DS_SMALL_DATA && ds->cached < DS_CACHE_MAX) {
			it->next = ds->cache;
			ds->cache = it;
			ds->cached++;
		} else {
			it->next = dead;
			dead = it;
		}
	}
	spin_unlock(&ds->lock);
	ds_user_uncharge_bytes(ds->user, bytes);
	ds_wake_pushers(ds, n);
	ds_free_chain(dead);
}

static void ds_put_back(struct datastack *ds, struct ds_item *first,
			struct ds_item *last, u64 n, u64 bytes)
{
	spin_lock(&ds->lock);
	ds_untake(ds, first, last, n, bytes);
	spin_unlock(&ds->lock);
	ds_wake(&ds->pop_wq, EPOLLIN | EPOLLRDNORM, n);
}

static long ds_peek_locked(struct datastack *ds, void __user *buf)
	__releases(&ds->lock)
{
	struct ds_item *it = ds->head;
	long err = 0;

	refcount_inc(&it->ref);
	spin_unlock(&ds->lock);
	if (ds_copy_out(buf, it))
		err = -EFAULT;
	ds_item_put(it);
	return err;
}

/*
 * A waiter chosen by an exclusive wake-up that leaves without taking the
 * item (buffer too small, size query, peek) hands the wake-up on.
 */
static void ds_pass_wakeup(struct datastack *ds, bool waited)
{
	if (waited)
		ds_wake(&ds->pop_wq, EPOLLIN | EPOLLRDNORM, 1);
}

long ds_pop(struct datastack *ds, void __user *buf, u32 bufsize, u32 *size,
	    struct ds_waitspec *w, bool peek)
{
	struct ds_item *it;
	long err, slept = 0;
	bool waited = false;

	*size = 0;
	spin_lock(&ds->lock);
	while (!ds->head) {
		waited = true;
		err = ds_wait_item(ds, w, &slept);
		if (err)
			return err;
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
	ds_take(ds);
	it->next = NULL;
	spin_unlock(&ds->lock);

	if (ds_copy_out(buf, it)) {
		ds_put_back(ds, it, it, 1, it->size);
		return -EFAULT;
	}
	ds_delivered(ds, it, 1, it->size);
	return 0;
}

/*
 * Pops up to n items into iov's buffers, the first waiting as w allows.
 * Returns the number delivered (each iov[i].len set to its item's size), or
 * the first item's error.
 */
long ds_popv(struct datastack *ds, struct ds_iovec *iov, u32 n,
	     struct ds_waitspec *w)
{
	struct ds_item *first = NULL, *last = NULL, *it;
	u64 bytes = 0;
	u32 taken = 0, i;
	long err, slept = 0;
	bool waited = false;

	for (i = 0; i < n; i++)
		if (iov[i].reserved)
			return -EINVAL;
	spin_lock(&ds->lock);
	while (!ds->head) {
		waited = true;
		err = ds_wait_item(ds, w, &slept);
		if (err)
			return err;
		spin_lock(&ds->lock);
	}
	while (taken < n && ds->head && ds->head->size <= iov[taken].len) {
		it = ds_take(ds);
		it->next = NULL;
		if (last)
			last->next = it;
		else
			first = it;
		last = it;
		iov[taken++].len = it->size;
		bytes += it->size;
	}
	if (!taken) {
		iov[0].len = ds->head->size;
		spin_unlock(&ds->lock);
		ds_pass_wakeup(ds, waited);
		return -EMSGSIZE;
	}
	spin_unlock(&ds->lock);

	for (i = 0, it = first; it; it = it->next, i++) {
		if (ds_copy_out(u64_to_user_ptr(iov[i].base), it))
			break;
	}
	if (it) {
		/* Delivered [first, i); put [it, last] back on top. */
		struct ds_item *prev = NULL, *p;
		u64 back_bytes = 0, back = taken - i;

		for (p = first; p != it; p = p->next)
			prev = p;
		for (p = it; p; p = p->next)
			back_bytes += p->size;
		ds_put_back(ds, it, last, back, back_bytes);
		if (!prev)
			return -EFAULT;
		prev->next = NULL;
		ds_delivered(ds, first, i, bytes - back_bytes);
		return i;
	}
	ds_delivered(ds, first, taken, bytes);
	return taken;
}

long ds_clear(struct datastack *ds)
{
	struct ds_item *list;
	u64 n, bytes;

	spin_lock(&ds->lock);
	list = ds->head;
	n = ds->count;
	bytes = ds->bytes;
	ds->head = NULL;
	ds->tail = NULL;
	ds->count = 0;
	ds->bytes = 0;
	spin_unlock(&ds->lock);
	ds_user_uncharge_bytes(ds->user, bytes);
	ds_wake(&ds->push_wq, EPOLLOUT | EPOLLWRNORM, 0);
	ds_item_put_chain(list);
	return min_t(u64, n, LONG_MAX);
}

/* ---- query ---- */

__poll_t ds_poll_mask(struct datastack *ds)
{
	__poll_t mask = 0;

	spin_lock(&ds->lock);
	if (ds->head)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (ds_has_room(ds, 1, 1))
		mask |= EPOLLOUT | EPOLLWRNORM;
	spin_unlock(&ds->lock);
	return mask;
}

void ds_fill_info(struct datastack *ds, struct ds_info *info)
{
	struct user_namespace *uns = current_user_ns();

	memset(info, 0, sizeof(*info));
	spin_lock(&ds->lock);
	info->count = ds->count;
	info->bytes = ds->bytes;
	info->waiters = ds->waiters;
	info->peak_count = ds->peak_count;
	info->peak_bytes = ds->peak_bytes;
	info->pushes = ds->pushes;
	info->pops = ds->pops;
	info->top_size = ds->head ? ds->head->size : 0;
	spin_unlock(&ds->lock);

	info->size = sizeof(*info);
	info->flags = ds->flags & (DS_CREATE_FIFO | DS_CREATE_PERSISTENT);
	info->id = ds->id;
	info->limits = ds->limits;
	info->mode = ds->mode;
	info->uid = from_kuid_munged(uns, ds->uid);
	info->gid = from_kgid_munged(uns, ds->gid);
	info->creator_pid = pid_has_task(ds->creator, PIDTYPE_TGID) ? pid_vnr(ds->creator) : 0;
	info->open_fds = atomic_read(&ds->open_files);
	/* Named while in the name table, as /proc/datastack shows it. */
	if (READ_ONCE(ds->hashed)) {
		info->flags |= DS_INFO_NAMED;
		info->name_len = ds->name_len;
		memcpy(info->name, ds->name, ds->name_len);
	}
}

/* ---- security ---- */

/*
 * As System V IPC: the owner's or creator's bits, else the group's, else
 * the others'; read grants QUERY/POP/WAIT, write grants PUSH/CLEAR.
 */
int ds_permission(struct datastack *ds, u32 rights)
{
	kuid_t euid = current_euid();
	unsigned int need = 0, granted;

	if (rights & (DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT))
		need |= 4;
	if (rights & (DS_RIGHT_PUSH | DS_RIGHT_CLEAR))
		need |= 2;
	if (uid_eq(euid, ds->uid) || uid_eq(euid, ds->cuid))
		granted = ds->mode >> 6;
	else if (in_group_p(ds->gid))
		granted = ds->mode >> 3;
	else
		granted = ds->mode;
	if (!(need & ~granted & 7))
		return 0;
	if (ns_capable(ds->ns->user_ns, CAP_IPC_OWNER))
		return 0;
	return -EACCES;
}

bool ds_may_unlink(struct datastack *ds)
{
	kuid_t euid = current_euid();

	return uid_eq(euid, ds->uid) || uid_eq(euid, ds->cuid) ||
	       ns_capable(ds->ns->user_ns, CAP_IPC_OWNER);
}

/* ---- lifetime ---- */

/*
 * Makes an object charged to the current user.  Takes ownership of name
 * (kmalloc'ed, NUL-terminated) or NULL on success only.
 */
struct datastack *ds_alloc(const struct ds_create *req, char *name, int *err)
{
	struct datastack *ds = kzalloc(sizeof(*ds), GFP_KERNEL_ACCOUNT);

	*err = -ENOMEM;
	if (!ds)
		return NULL;
	ds->user = ds_user_get();
	if (!ds->user) {
		kfree(ds);
		return NULL;
	}
	*err = ds_user_charge_object(ds->user);
	if (*err) {
		ds_user_put(ds->user);
		kfree(ds);
		return NULL;
	}
	spin_lock_init(&ds->lock);
	init_waitqueue_head(&ds->pop_wq);
	init_waitqueue_head(&ds->push_wq);
	ds->id = atomic64_inc_return(&ds_next_id);
	ds->flags = req->flags & (DS_CREATE_FIFO | DS_CREATE_PERSISTENT);
	ds->limits = req->limits;
	ds->mode = req->mode & ~current_umask() & 0666;
	ds->uid = current_fsuid();
	ds->cuid = ds->uid;
	ds->gid = current_fsgid();
	ds->creator = get_task_pid(current, PIDTYPE_TGID);
	ds->ns = get_ipc_ns(current->nsproxy->ipc_ns);
	ds->name = name;
	ds->name_len = name ? strlen(name) : 0;
	refcount_set(&ds->ref, 1);
	INIT_HLIST_NODE(&ds->hnode);
	INIT_LIST_HEAD(&ds->all);
	ds_stats_objects(1);
	return ds;
}

void ds_get(struct datastack *ds)
{
	refcount_inc(&ds->ref);
}

/*
 * put_ipc_ns() is not exported; the namespace's own proc_ns_operations
 * ->put is the same release path that nsfs uses for its references.
 */
static void ds_put_ipc_ns(struct ipc_namespace *ns)
{
	ns->ns.ops->put(&ns->ns);
}

static void ds_destroy(struct datastack *ds)
{
	ds_item_put_chain(ds->head);
	ds_free_chain(ds->cache);
	ds_user_uncharge_bytes(ds->user, ds->bytes);
	ds_user_uncharge_object(ds->user);
	ds_user_put(ds->user);
	ds_put_ipc_ns(ds->ns);
	put_pid(ds->creator);
	kfree(ds->name);
	kfree(ds);
	ds_stats_objects(-1);
}

void ds_put(struct datastack *ds)
{
	if (!refcount_dec_and_mutex_lock(&ds->ref, &ds_table_lock))
		return;
	ds_names_forget(ds);
	mutex_unlock(&ds_table_lock);
	ds_destroy(ds);
}
