/* SPDX-License-Identifier: GPL-2.0 */
/*
 * datastack: internal interfaces between the module's files.
 *
 *   main.c     module init/exit and parameters
 *   control.c  /dev/datastack: create, open, unlink
 *   names.c    the name table (per IPC namespace) and the list of objects
 *   object.c   the object: items, limits, waiting, statistics
 *   file.c     the object descriptor: ioctl, read, write, poll, release
 *   proc.c     /proc/datastack
 *   stats.c    module-wide counters
 *   user.c     per-user caps on objects and queued bytes
 */
#ifndef DATASTACK_INTERNAL_H
#define DATASTACK_INTERNAL_H

#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/datastack.h>

struct ipc_namespace;
struct pid;
struct file;
struct miscdevice;
struct ds_user;

/* One item: a single allocation, header and data together. */
struct ds_item {
	struct ds_item *next;	/* towards the bottom (LIFO) or newer (FIFO) */
	refcount_t ref;		/* the list's reference, plus peekers' */
	u32 size;
	u8 data[];
};

struct datastack {
	/* Item list and its accounting: under lock. */
	spinlock_t lock;
	struct ds_item *head;		/* next to pop */
	struct ds_item *tail;		/* last pushed, FIFO only */
	u64 count, bytes;
	u64 inflight_count, inflight_bytes;	/* popped, copy-out pending */
	u64 peak_count, peak_bytes;
	u64 pushes, pops;
	u32 waiters;
	struct ds_item *cache;		/* small items kept for reuse */
	u32 cached;

	wait_queue_head_t pop_wq;	/* blocked poppers, EPOLLIN pollers */
	wait_queue_head_t push_wq;	/* blocked pushers, EPOLLOUT pollers */

	/* Identity: set at creation, then read-only. */
	u64 id;
	u32 flags;			/* DS_CREATE_FIFO, DS_CREATE_PERSISTENT */
	struct ds_limits limits;
	umode_t mode;
	kuid_t uid, cuid;
	kgid_t gid;
	struct pid *creator;
	struct ipc_namespace *ns;	/* referenced */
	struct ds_user *user;		/* charged; referenced */
	char *name;			/* NULL when unnamed */
	u32 name_len;

	/* Lifetime. */
	refcount_t ref;			/* files; a persistent name */
	atomic_t open_files;
	bool hashed;			/* in the name table: ds_table_lock */
	struct hlist_node hnode;	/* ds_table_lock */
	struct list_head all;		/* ds_table_lock */
};

/* An ioctl number without its size bits (see the uapi header). */
#define DS_NOSIZE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* main.c, control.c */
extern unsigned int ds_max_item_size;
extern unsigned int ds_max_objects_per_user;
extern unsigned long ds_max_bytes_per_user;
extern struct miscdevice ds_ctl_dev;

/* names.c */
extern struct mutex ds_table_lock;
extern struct list_head ds_all_objects;
int ds_names_insert(struct datastack *ds, struct datastack **existing);
struct datastack *ds_names_lookup(struct ipc_namespace *ns, const char *name,
				  u32 len);
struct datastack *ds_names_unlink(struct ipc_namespace *ns, const char *name,
				  u32 len, int *err);
void ds_names_remove(struct datastack *ds);
void ds_names_destroy_all(void);
void ds_names_forget(struct datastack *ds);

/* object.c */

/* How a push or pop may wait, from the call's flags and the descriptor. */
struct ds_waitspec {
	u32 flags;			/* DS_WAIT_* */
	bool nonblock;			/* no waiting at all */
	bool has_deadline;
	ktime_t deadline;		/* CLOCK_MONOTONIC */
	u32 __user *uflags;		/* rewritten before a restart, or NULL */
	s64 __user *utimeout;
};

int ds_waitspec_init(struct ds_waitspec *w, u32 flags, s64 timeout_ns,
		     bool nonblock);
struct datastack *ds_alloc(const struct ds_create *req, char *name, int *err);
void ds_get(struct datastack *ds);
void ds_put(struct datastack *ds);
int ds_permission(struct datastack *ds, u32 rights);
bool ds_may_unlink(struct datastack *ds);
long ds_push(struct datastack *ds, const void __user *data, u32 size,
	     struct ds_waitspec *w);
long ds_pop(struct datastack *ds, void __user *buf, u32 bufsize, u32 *size,
	    struct ds_waitspec *w, bool peek);
long ds_pushv(struct datastack *ds, const struct ds_iovec *iov, u32 n,
	      struct ds_waitspec *w);
long ds_popv(struct datastack *ds, struct ds_iovec *iov, u32 n,
	     struct ds_waitspec *w);
long ds_clear(struct datastack *ds);
void ds_fill_info(struct datastack *ds, struct ds_info *info);
__poll_t ds_poll_mask(struct datastack *ds);

/* file.c */
struct file *ds_file_create(struct datastack *ds, u32 rights, u32 flags);

/* proc.c */
int ds_proc_init(void);
void ds_proc_exit(void);

/* stats.c */
void ds_stats_objects(long delta);
void ds_stats_items(long count, long bytes);
int ds_stats_init(void);
void ds_stats_exit(void);

/* user.c */
struct ds_user *ds_user_get(void);
void ds_user_put(struct ds_user *u);
int ds_user_charge_object(struct ds_user *u);
void ds_user_uncharge_object(struct ds_user *u);
int ds_user_charge_bytes(struct ds_user *u, u32 bytes);
void ds_user_uncharge_bytes(struct ds_user *u, u64 bytes);

#endif /* DATASTACK_INTERNAL_H */
