// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: items — allocation, the small-item cache, copies to and from
 * user space, and what an item costs its instance.
 *
 * Locking: the cache (ds->cache, ds->cached) is under ds->lock, taken here
 * for O(1) work only; an item being filled or copied out is owned by one
 * task and touched with no lock held.  Lifetime: an item is freed when its
 * last reference (the list's, or a peeker's) is dropped.
 *
 * Small items (up to DS_SMALL_DATA bytes: one 32-byte allocation with the
 * header) are recycled through a short per-object cache, so a steady
 * push/pop stream does not go through the allocator and its memory-cgroup
 * charge on every item.  A cached item stays charged to the cgroup of the
 * task that first allocated it; the cache is freed with the object.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "datastack.h"

#define DS_SMALL_ALLOC	32
#define DS_SMALL_DATA	(DS_SMALL_ALLOC - sizeof(struct ds_item))
#define DS_CACHE_MAX	64

/*
 * Item memory is charged to the pusher's memory cgroup; past its limit a
 * push fails with ENOMEM (__GFP_RETRY_MAYFAIL) instead of OOM-killing.
 */
#define DS_ITEM_GFP	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/* The memory an item really takes: its slab object or its pages. */
u64 ds_item_charge(const struct ds_item *it)
{
	size_t n = struct_size(it, data, it->size);

	if (it->size <= DS_SMALL_DATA)
		return DS_SMALL_ALLOC;
	if (is_vmalloc_addr(it))
		return PAGE_ALIGN(n);
	return kmalloc_size_roundup(n);
}

/* Takes the whole small-item cache, for a batch (O(1) under the lock). */
struct ds_item *ds_cache_take_all(struct datastack *ds)
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
	if (it->size > DS_SMALL_DATA || ds->cached >= DS_CACHE_MAX)
		return it;
	it->next = ds->cache;
	ds->cache = it;
	ds->cached++;
	return NULL;
}

static struct ds_item *ds_cache_get(struct datastack *ds)
{
	struct ds_item *it;

	if (!READ_ONCE(ds->cache))
		return NULL;
	spin_lock(&ds->lock);
	it = ds->cache;
	if (it) {
		ds->cache = it->next;
		ds->cached--;
	}
	spin_unlock(&ds->lock);
	return it;
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
		} else {
			it = ds_cache_get(ds);
		}
		if (!it)
			it = kmalloc(DS_SMALL_ALLOC, DS_ITEM_GFP);
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

void ds_item_put(struct ds_item *it)
{
	if (refcount_dec_and_test(&it->ref)) {
		ds_stats_items(-1, -(long)it->size);
		kvfree(it);
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
		kvfree(it);
	}
}

/* Small items bounce through the stack: the cheaper usercopy check. */
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

int ds_item_copy_out(void __user *buf, const struct ds_item *it)
{
	u8 tmp[DS_SMALL_DATA];

	if (it->size > DS_SMALL_DATA)
		return copy_to_user(buf, it->data, it->size) ? -EFAULT : 0;
	memcpy(tmp, it->data, it->size);
	return copy_to_user(buf, tmp, it->size) ? -EFAULT : 0;
}

/* A new item holding size bytes from user space, or an ERR_PTR. */
struct ds_item *ds_item_from_user(struct datastack *ds, const void __user *data,
				  u32 size, struct ds_item **spare)
{
	struct ds_item *it = ds_item_alloc(ds, size, spare);

	if (!it)
		return ERR_PTR(-ENOMEM);
	if (ds_copy_in(it, data)) {
		ds_item_put(it);
		return ERR_PTR(-EFAULT);
	}
	return it;
}
