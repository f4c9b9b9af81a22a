// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: items — allocation, the small-item cache, copies to and from
 * user space (a pointer, or an iov_iter for read_iter/write_iter), and
 * what an item costs its instance.
 *
 * Locking: the cache (ds->cache, ds->cached) is under ds->lock, taken here
 * for O(1) work only; ds->spare, one more cached item, is taken by xchg()
 * with no lock (a push's fast path) and refilled by cmpxchg() under it.
 * An item being filled or copied out is owned by one task and touched with
 * no lock held.  Lifetime: an item is freed when its
 * last reference (the list's, or a peeker's) is dropped.
 *
 * Layout.  An item up to DS_INLINE_MAX bytes is one allocation, header and
 * data together.  A larger one keeps its data apart, so that the data
 * takes no more than its own size rounds to: a kmalloc bucket up to a page
 * (1 KiB and 4 KiB buckets fit exactly), exact pages above (not the next
 * power of two), and a 32-byte header beside it.
 *
 * Small items (up to DS_SMALL_DATA bytes: one 32-byte allocation with the
 * header) are recycled through a short per-object cache, so a steady
 * push/pop stream does not go through the allocator and its memory-cgroup
 * charge on every item.  A cached item stays charged to the cgroup of the
 * task that first allocated it; the cache is freed with the object.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include "datastack.h"

#define DS_CACHE_MAX	64

/*
 * Item memory is charged to the pusher's memory cgroup; past its limit a
 * push fails with ENOMEM (__GFP_RETRY_MAYFAIL) instead of OOM-killing.
 */
#define DS_ITEM_GFP	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

static bool ds_item_external(const struct ds_item *it)
{
	return it->size > DS_INLINE_MAX;
}

/* An item's bytes: after its header, or apart. */
static u8 *ds_item_data(const struct ds_item *it)
{
	return ds_item_external(it) ? *(u8 * const *)it->data : (u8 *)it->data;
}

/* The memory a data part of size bytes takes, as ds_data_alloc() makes it. */
static u64 ds_data_charge(u32 size)
{
	return size <= PAGE_SIZE ? kmalloc_size_roundup(size) : PAGE_ALIGN(size);
}

/* ds_item_charge() of an item above DS_SMALL_DATA bytes. */
u64 ds_item_charge_large(const struct ds_item *it)
{
	if (ds_item_external(it))
		return DS_SMALL_ALLOC + ds_data_charge(it->size);
	return kmalloc_size_roundup(struct_size(it, data, it->size));
}

static void *ds_data_alloc(u32 size)
{
	void *p;

	if (size <= PAGE_SIZE)
		return kmalloc(size, DS_ITEM_GFP);
	/* Contiguous pages only if they are to be had without reclaim effort. */
	p = alloc_pages_exact(PAGE_ALIGN(size),
			      (DS_ITEM_GFP & ~__GFP_RETRY_MAYFAIL) | __GFP_NORETRY);
	return p ? p : __vmalloc(size, DS_ITEM_GFP);
}

static void ds_data_free(void *p, u32 size)
{
	if (size <= PAGE_SIZE)
		kfree(p);
	else if (is_vmalloc_addr(p))
		vfree(p);
	else
		free_pages_exact(p, PAGE_ALIGN(size));
}

/* Frees an item no one refers to or counts any more. */
static void ds_item_free(struct ds_item *it)
{
	if (ds_item_external(it))
		ds_data_free(ds_item_data(it), it->size);
	kfree(it);
}

/* Takes the whole small-item cache, for a batch (O(1) under the lock). */
struct ds_item *ds_cache_take_all(struct datastack *ds)
{
	struct ds_item *all = NULL, *spare = xchg(&ds->spare, NULL);

	if (READ_ONCE(ds->cache)) {
		spin_lock(&ds->lock);
		all = ds->cache;
		ds->cache = NULL;
		ds->cached = 0;
		spin_unlock(&ds->lock);
	}
	if (!spare)
		return all;
	spare->next = all;
	return spare;
}

/* Gives back what a batch did not use (at most DS_CACHE_MAX items). */
void ds_cache_give_back(struct datastack *ds, struct ds_item *first)
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
	ds_item_free_chain(drop);
}

/*
 * Under ds->lock: keeps a freed small item for reuse if there is room.
 * Returns the item when it was not kept (the caller frees it, unlocked).
 */
struct ds_item *ds_cache_recycle(struct datastack *ds, struct ds_item *it)
{
	lockdep_assert_held(&ds->lock);
	if (it->size > DS_SMALL_DATA)
		return it;
	it->next = NULL;	/* ds->spare is a chain of one */
	if (!READ_ONCE(ds->spare) && !cmpxchg(&ds->spare, NULL, it))
		return NULL;
	if (ds->cached >= DS_CACHE_MAX)
		return it;
	it->next = ds->cache;
	ds->cache = it;
	ds->cached++;
	return NULL;
}

static struct ds_item *ds_cache_get(struct datastack *ds)
{
	struct ds_item *it = READ_ONCE(ds->spare) ? xchg(&ds->spare, NULL) : NULL;

	if (it || !READ_ONCE(ds->cache))
		return it;
	spin_lock(&ds->lock);
	it = ds->cache;
	if (it) {
		ds->cache = it->next;
		ds->cached--;
	}
	spin_unlock(&ds->lock);
	return it;
}

/* A header of DS_SMALL_ALLOC bytes: from *spare, the cache or the allocator. */
static struct ds_item *ds_small_alloc(struct datastack *ds, struct ds_item **spare)
{
	struct ds_item *it = NULL;

	if (spare && *spare) {
		it = *spare;
		*spare = it->next;
	} else {
		it = ds_cache_get(ds);
	}
	return it ? it : kmalloc(DS_SMALL_ALLOC, DS_ITEM_GFP);
}

/* A new item of size bytes (its data not filled yet), or NULL. */
static struct ds_item *ds_item_alloc(struct datastack *ds, u32 size,
				     struct ds_item **spare)
{
	struct ds_item *it;
	void *data;

	if (size <= DS_SMALL_DATA) {
		it = ds_small_alloc(ds, spare);
	} else if (size <= DS_INLINE_MAX) {
		it = kmalloc(struct_size(it, data, size), DS_ITEM_GFP);
	} else {
		data = ds_data_alloc(size);
		if (!data)
			return NULL;
		it = ds_small_alloc(ds, spare);
		if (!it) {
			ds_data_free(data, size);
			return NULL;
		}
		*(void **)it->data = data;
	}
	if (!it)
		return NULL;
	it->next = NULL;
	refcount_set(&it->ref, 1);
	it->size = size;
	ds_stats_items(1, size);
	return it;
}

void ds_item_put(struct ds_item *it)
{
	if (refcount_dec_and_test(&it->ref)) {
		ds_stats_items(-1, -(long)it->size);
		ds_item_free(it);
	}
}

/* Drops a chain of items (clear, teardown), rescheduling as it goes. */
void ds_item_put_chain(struct ds_item *it)
{
	struct ds_item *next;

	for (; it; it = next) {
		next = it->next;
		ds_item_put(it);
		cond_resched();
	}
}

/* Frees a chain of items no one refers to or counts any more. */
void ds_item_free_chain(struct ds_item *it)
{
	struct ds_item *next;

	for (; it; it = next) {
		next = it->next;
		ds_item_free(it);
	}
}

/*
 * A small item's bytes (at most DS_SMALL_DATA, bounded here) move in
 * word-sized user accesses, with no hardened-usercopy lookup of the kernel
 * side: its bounds are the item's own, checked by the caller.
 */
static int ds_small_from_user(u8 *dst, const u8 __user *src, u32 n)
{
	u64 v8;
	u32 v4;
	u16 v2;
	u8 v1;

	if (!user_read_access_begin(src, n))
		return -EFAULT;
	for (; n >= 8; n -= 8, src += 8, dst += 8) {
		unsafe_get_user(v8, (const u64 __user *)src, fault);
		memcpy(dst, &v8, 8);
	}
	if (n >= 4) {
		unsafe_get_user(v4, (const u32 __user *)src, fault);
		memcpy(dst, &v4, 4);
		n -= 4, src += 4, dst += 4;
	}
	if (n >= 2) {
		unsafe_get_user(v2, (const u16 __user *)src, fault);
		memcpy(dst, &v2, 2);
		n -= 2, src += 2, dst += 2;
	}
	if (n) {
		unsafe_get_user(v1, src, fault);
		*dst = v1;
	}
	user_read_access_end();
	return 0;
fault:
	user_read_access_end();
	return -EFAULT;
}

static int ds_small_to_user(u8 __user *dst, const u8 *src, u32 n)
{
	if (!user_write_access_begin(dst, n))
		return -EFAULT;
	unsafe_copy_to_user(dst, src, n, fault);
	user_write_access_end();
	return 0;
fault:
	user_write_access_end();
	return -EFAULT;
}

/*
 * Copies between an item and a caller's buffer.  An iov_iter that was
 * only partly copied is reverted, so that a failed copy leaves it as it
 * was.
 */
/* A small item's one user span within an iov_iter, or NULL. */
static void __user *ds_small_span(const struct ds_buf *b, size_t size)
{
	if (!b->iter || size > DS_SMALL_DATA)
		return NULL;
	return ds_iter_user_span(b->iter, size);
}

static int ds_copy_in(struct ds_item *it, const struct ds_buf *b)
{
	u8 *dst = ds_item_data(it);
	void __user *user;
	size_t n;

	user = ds_small_span(b, it->size);
	if (user) {
		if (ds_small_from_user(dst, user, it->size))
			return -EFAULT;
		iov_iter_advance(b->iter, it->size);
		return 0;
	}
	if (b->iter) {
		n = copy_from_iter(dst, it->size, b->iter);
		if (n == it->size)
			return 0;
		iov_iter_revert(b->iter, n);
		return -EFAULT;
	}
	if (it->size <= DS_SMALL_DATA)
		return ds_small_from_user(dst, b->user, it->size);
	return copy_from_user(dst, b->user, it->size) ? -EFAULT : 0;
}

int ds_item_copy_out(const struct ds_buf *b, const struct ds_item *it)
{
	const u8 *src = ds_item_data(it);
	void __user *user;
	size_t n;

	user = ds_small_span(b, it->size);
	if (user) {
		if (ds_small_to_user(user, src, it->size))
			return -EFAULT;
		iov_iter_advance(b->iter, it->size);
		return 0;
	}
	if (b->iter) {
		n = copy_to_iter(src, it->size, b->iter);
		if (n == it->size)
			return 0;
		iov_iter_revert(b->iter, n);
		return -EFAULT;
	}
	if (it->size <= DS_SMALL_DATA)
		return ds_small_to_user(b->user, src, it->size);
	return copy_to_user(b->user, src, it->size) ? -EFAULT : 0;
}

/* A new item holding size bytes from the caller, or an ERR_PTR. */
struct ds_item *ds_item_from_user(struct datastack *ds, const struct ds_buf *b,
				  u32 size, struct ds_item **spare)
{
	struct ds_item *it = ds_item_alloc(ds, size, spare);

	if (!it)
		return ERR_PTR(-ENOMEM);
	if (ds_copy_in(it, b)) {
		ds_item_put(it);
		return ERR_PTR(-EFAULT);
	}
	return it;
}
