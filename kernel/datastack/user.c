// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: per-user caps on objects and on queued item bytes, in the
 * spirit of POSIX message queues' queues_max and RLIMIT_MSGQUEUE.  An
 * object and its items are charged to the user who created the object (as
 * a message queue is), whoever pushes; the pusher's memory cgroup is
 * charged for the memory itself (GFP_KERNEL_ACCOUNT).  CAP_SYS_RESOURCE
 * bypasses the caps.
 *
 * Locking: ds_users_lock (a spinlock) guards the hash table; the counters
 * are atomics.  Lifetime: a struct ds_user lives while an object refers to
 * it (each object holds one reference) and is freed with the last.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "datastack.h"

struct ds_user {
	kuid_t uid;
	refcount_t ref;
	atomic_long_t objects;
	atomic_long_t bytes;
	struct hlist_node node;		/* ds_users_lock */
};

static DEFINE_HASHTABLE(ds_users, 6);
static DEFINE_SPINLOCK(ds_users_lock);

static struct ds_user *ds_user_find(kuid_t uid)
{
	struct ds_user *u;

	hash_for_each_possible(ds_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/* Finds or makes the current user's entry, referenced. */
struct ds_user *ds_user_get(void)
{
	kuid_t uid = current_uid();
	struct ds_user *u, *fresh;

	spin_lock(&ds_users_lock);
	u = ds_user_find(uid);
	if (u)
		refcount_inc(&u->ref);
	spin_unlock(&ds_users_lock);
	if (u)
		return u;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return NULL;
	fresh->uid = uid;
	refcount_set(&fresh->ref, 1);
	spin_lock(&ds_users_lock);
	u = ds_user_find(uid);
	if (u) {
		refcount_inc(&u->ref);
	} else {
		hash_add(ds_users, &fresh->node, __kuid_val(uid));
		u = fresh;
		fresh = NULL;
	}
	spin_unlock(&ds_users_lock);
	kfree(fresh);
	return u;
}

void ds_user_put(struct ds_user *u)
{
	bool last;

	if (refcount_dec_not_one(&u->ref))
		return;
	spin_lock(&ds_users_lock);
	last = refcount_dec_and_test(&u->ref);
	if (last)
		hash_del(&u->node);
	spin_unlock(&ds_users_lock);
	if (last)
		kfree(u);
}

static bool ds_user_charge(atomic_long_t *counter, long n, unsigned long cap)
{
	if (atomic_long_add_return(n, counter) <= (long)cap ||
	    capable(CAP_SYS_RESOURCE))
		return true;
	atomic_long_sub(n, counter);
	return false;
}

int ds_user_charge_object(struct ds_user *u)
{
	return ds_user_charge(&u->objects, 1, READ_ONCE(ds_max_objects_per_user)) ?
	       0 : -EDQUOT;
}

void ds_user_uncharge_object(struct ds_user *u)
{
	atomic_long_dec(&u->objects);
}

int ds_user_charge_bytes(struct ds_user *u, u32 bytes)
{
	return ds_user_charge(&u->bytes, bytes, READ_ONCE(ds_max_bytes_per_user)) ?
	       0 : -EDQUOT;
}

void ds_user_uncharge_bytes(struct ds_user *u, u64 bytes)
{
	atomic_long_sub(bytes, &u->bytes);
}
