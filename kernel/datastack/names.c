// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: the name table and the list of every object.
 *
 * Names live per IPC namespace, as POSIX message queues do, so containers
 * do not share them.  A module cannot call put_ipc_ns(), but every object
 * holds a reference on its creator's IPC namespace (taken with
 * get_ipc_ns(), dropped through the namespace's proc_ns_operations, see
 * object.c), so a namespace pointer in the table can never be reused by a
 * new namespace while an object is keyed by it.  The key is (namespace,
 * name bytes); lookup is one hash-bucket walk.
 *
 * Locking: ds_table_lock (a mutex) guards the hash table, ds->hashed,
 * ds->hnode and the ds_all_objects list.  It nests outside ds->lock.  An
 * object's last reference is dropped with refcount_dec_and_mutex_lock(),
 * so a hashed object seen under ds_table_lock always has a reference and
 * can be taken with ds_get().
 *
 * Lifetime: a plain named object loses its name with its last reference; a
 * persistent one holds a reference of its own, for its name, dropped by
 * unlink (or at module unload).
 */
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "datastack.h"

#define DS_NAME_HASH_BITS	12

/* Guards the name table and the object list (see above). */
DEFINE_MUTEX(ds_table_lock);
LIST_HEAD(ds_all_objects);
static DEFINE_HASHTABLE(ds_names, DS_NAME_HASH_BITS);

static u32 ds_name_hash(struct ipc_namespace *ns, const char *name, u32 len)
{
	return jhash(name, len, hash_ptr(ns, 32));
}

static struct datastack *ds_find(struct ipc_namespace *ns, const char *name,
				 u32 len)
{
	struct datastack *ds;

	lockdep_assert_held(&ds_table_lock);
	hash_for_each_possible(ds_names, ds, hnode, ds_name_hash(ns, name, len)) {
		if (ds->ns == ns && ds->name_len == len &&
		    !memcmp(ds->name, name, len))
			return ds;
	}
	return NULL;
}

/*
 * Lists a new object and, when named, enters its name.  If the name is
 * taken, returns -EEXIST with *existing referenced.
 */
int ds_names_insert(struct datastack *ds, struct datastack **existing)
{
	struct datastack *old;

	mutex_lock(&ds_table_lock);
	if (ds->name) {
		old = ds_find(ds->ns, ds->name, ds->name_len);
		if (old) {
			ds_get(old);
			mutex_unlock(&ds_table_lock);
			*existing = old;
			return -EEXIST;
		}
		hash_add(ds_names, &ds->hnode,
			 ds_name_hash(ds->ns, ds->name, ds->name_len));
		WRITE_ONCE(ds->hashed, true);
		if (ds->flags & DS_CREATE_PERSISTENT)
			ds_get(ds);
	}
	list_add_tail(&ds->all, &ds_all_objects);
	mutex_unlock(&ds_table_lock);
	return 0;
}

struct datastack *ds_names_lookup(struct ipc_namespace *ns, const char *name,
				  u32 len)
{
	struct datastack *ds;

	mutex_lock(&ds_table_lock);
	ds = ds_find(ns, name, len);
	if (ds)
		ds_get(ds);
	mutex_unlock(&ds_table_lock);
	return ds;
}

/* Under ds_table_lock: takes ds out of the name table; true if it had one. */
static bool ds_unhash(struct datastack *ds)
{
	if (!ds->hashed)
		return false;
	hash_del(&ds->hnode);
	WRITE_ONCE(ds->hashed, false);
	return true;
}

/*
 * Removes a name.  Returns the object with the reference the caller must
 * drop (the name's, for a persistent object), NULL if none, or sets *err.
 */
struct datastack *ds_names_unlink(struct ipc_namespace *ns, const char *name,
				  u32 len, int *err)
{
	struct datastack *ds;

	*err = 0;
	mutex_lock(&ds_table_lock);
	ds = ds_find(ns, name, len);
	if (!ds) {
		*err = -ENOENT;
	} else if (!ds_may_unlink(ds)) {
		*err = -EPERM;
		ds = NULL;
	} else {
		ds_unhash(ds);
		if (!(ds->flags & DS_CREATE_PERSISTENT))
			ds = NULL;
	}
	mutex_unlock(&ds_table_lock);
	return ds;
}

/* Undoes the name of a persistent object whose creation failed late. */
void ds_names_remove(struct datastack *ds)
{
	bool had;

	mutex_lock(&ds_table_lock);
	had = ds_unhash(ds);
	mutex_unlock(&ds_table_lock);
	if (had && (ds->flags & DS_CREATE_PERSISTENT))
		ds_put(ds);
}

/* Under ds_table_lock, from ds_put(): the object is going away. */
void ds_names_forget(struct datastack *ds)
{
	ds_unhash(ds);
	list_del_init(&ds->all);
}

/* Module unload: no file is open, so only persistent objects remain. */
void ds_names_destroy_all(void)
{
	struct datastack *ds;

	mutex_lock(&ds_table_lock);
	while (!list_empty(&ds_all_objects)) {
		ds = list_first_entry(&ds_all_objects, struct datastack, all);
		if (WARN_ON_ONCE(!ds_unhash(ds)))
			list_del_init(&ds->all);
		mutex_unlock(&ds_table_lock);
		ds_put(ds);
		mutex_lock(&ds_table_lock);
	}
	mutex_unlock(&ds_table_lock);
}
