/* SPDX-License-Identifier: GPL-2.0 */
/*
 * datastack: internal interfaces between the module's files.
 *
 *   main.c      module init/exit and parameters
 *   instance.c  the filesystem type: an instance per mount, its options,
 *               limits and charges
 *   dir.c       the instance root directory: names, create, stat, unlink
 *   inode.c     an object's inode: allocation, attributes, teardown
 *   file.c      the object descriptor: ioctl, read, write, poll, fdinfo
 *   object.c    the object: its item list, serving waiters, clear, query
 *   push.c      push and batch push
 *   pop.c       pop, peek and batch pop
 *   item.c      items: allocation, the small-item cache, copies
 *   wait.c      how a push or pop waits
 *   uring.c     io_uring commands: push, pop, pending pops
 *   kapi.c      the API for other kernel code (datastack_kernel.h)
 *   stats.c     module-wide counters
 *
 * The layering, bottom up: item.c and wait.c know only struct datastack;
 * object.c uses them; inode.c, file.c and dir.c build the VFS view on
 * object.c; instance.c holds the superblock and is used by all above it.
 */
#ifndef DATASTACK_INTERNAL_H
#define DATASTACK_INTERNAL_H

#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kcsan-checks.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/datastack.h>
#include <ds_compat.h>

struct pid;
struct fs_context;

/* One instance: a superblock's private data (instance.c). */
struct ds_instance {
	/* Limits: set at mount, changed by remount; read with READ_ONCE. */
	u64 max_objects;
	u64 max_bytes;
	u64 max_item_size;
	/* Charges: objects alive, item memory held (or in flight). */
	atomic_long_t objects;
	atomic_long_t bytes;
	/* The root directory's, from the mount options. */
	umode_t root_mode;
	kuid_t root_uid;
	kgid_t root_gid;
};

/*
 * One item: a header and its data, together up to DS_INLINE_MAX bytes,
 * apart above (item.c).  Up to DS_SMALL_DATA bytes, one DS_SMALL_ALLOC
 * allocation, recycled through the object's cache.
 */
struct ds_item {
	struct ds_item *next;	/* towards the bottom (LIFO) or newer (FIFO) */
	refcount_t ref;		/* the list's reference, plus peekers' */
	u32 size;
	u8 data[];
};

#define DS_SMALL_ALLOC	32
#define DS_SMALL_DATA	(DS_SMALL_ALLOC - sizeof(struct ds_item))
#define DS_INLINE_MAX	511

u64 ds_item_charge_large(const struct ds_item *it);	/* item.c */

/* The memory an item really takes: its slab objects or its pages. */
static inline u64 ds_item_charge(const struct ds_item *it)
{
	return likely(it->size <= DS_SMALL_DATA) ? DS_SMALL_ALLOC :
	       ds_item_charge_large(it);
}

/*
 * An object, with its inode.  The root directory's inode is one of these
 * too (unused but for the inode), so that one inode cache serves both.
 */
struct datastack {
	/* Item list and its accounting: under lock. */
	spinlock_t lock;
	struct ds_item *head;		/* next to pop */
	struct ds_item *tail;		/* last pushed, FIFO only */
	u64 count, bytes;		/* held: items, payload bytes */
	u64 charged;			/* instance charge of the held items */
	u64 inflight_count, inflight_bytes;	/* popped, copy-out pending */
	u64 inflight_charged;
	u64 inflight_ring;		/* of those, handed to io_uring pops */
	u64 peak_count, peak_bytes;
	u64 pushes, pops;
	u32 waiters;			/* tasks blocked in push or pop */
	struct list_head pop_waiters;	/* struct ds_waiter, arrival order */
	struct list_head push_waiters;
	struct ds_item *cache;		/* small items kept for reuse */
	u32 cached;
	struct ds_item *spare;		/* one more, taken with no lock (item.c) */

	wait_queue_head_t pop_wq;	/* EPOLLIN pollers, peekers */
	wait_queue_head_t push_wq;	/* EPOLLOUT pollers */

	/* Identity: set at creation, then read-only. */
	u64 id;
	u32 flags;			/* DS_CREATE_FIFO, DS_CREATE_PERSISTENT */
	struct ds_limits limits;
	struct pid *creator;
	struct ds_instance *inst;
	bool is_object;			/* false for the root directory */

	/* Open file descriptions, and those holding DS_RIGHT_PUSH. */
	atomic_t open_files;
	atomic_t pushers;

	/* The tick of the last push's mtime, the last pop's atime (inode.c). */
	unsigned long pushed_tick, popped_tick;

	struct inode vfs_inode;
};

static inline struct datastack *DS(struct inode *inode)
{
	return container_of(inode, struct datastack, vfs_inode);
}

static inline struct ds_instance *DS_INST(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* An ioctl number without its size bits (see the uapi header). */
#define DS_NOSIZE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* main.c: the module parameters, defaults and ceilings of instances. */
extern unsigned long ds_param_max_objects;
extern unsigned long ds_param_max_bytes;
extern unsigned int ds_param_max_item_size;

/* instance.c */
extern struct file_system_type ds_fs_type;
int ds_charge_object(struct ds_instance *inst);
void ds_uncharge_object(struct ds_instance *inst);

/* The instance's item memory, charged as items are linked (under ds->lock). */
static inline bool ds_charge_bytes(struct ds_instance *inst, u64 bytes)
{
	if (atomic_long_add_return(bytes, &inst->bytes) <= READ_ONCE(inst->max_bytes))
		return true;
	atomic_long_sub(bytes, &inst->bytes);
	return false;
}

static inline void ds_uncharge_bytes(struct ds_instance *inst, u64 bytes)
{
	atomic_long_sub(bytes, &inst->bytes);
}

/* inode.c */
struct ds_new {			/* what a new object is made of */
	u32 flags;		/* DS_CREATE_FIFO, DS_CREATE_PERSISTENT */
	struct ds_limits limits;
};

struct inode *ds_alloc_inode(struct super_block *sb);
void ds_free_inode(struct inode *inode);
void ds_evict_inode(struct inode *inode);
struct inode *ds_new_object(struct super_block *sb, const struct inode *dir,
			    umode_t mode, const struct ds_new *n);
void ds_fill_identity(struct dentry *dentry, struct ds_info *info);

/*
 * A push sets the object's mtime (and ctime), a pop its atime.  The clock
 * they read is the coarse one, which moves once a tick: set them at most
 * once a tick, which every push and pop would otherwise pay for.  Of the
 * calls of one tick, the one whose cmpxchg() claims it writes the time.
 */
static inline bool ds_new_tick(unsigned long *tick)
{
	unsigned long now = jiffies, seen = READ_ONCE(*tick);

	return seen != now && try_cmpxchg(tick, &seen, now);
}

/*
 * stat() reads the times with no lock, as it does any file's (whose times
 * are written under i_rwsem, which stat does not take): a torn read is
 * advisory metadata a tick old, not a fault.
 */
static inline void ds_stamp_push(struct inode *inode)
{
	if (ds_new_tick(&DS(inode)->pushed_tick)) {
		kcsan_disable_current();	/* a racy read is benign: above */
		ds_touch_mtime(inode);
		kcsan_enable_current();
	}
}

static inline void ds_stamp_pop(struct inode *inode)
{
	if (ds_new_tick(&DS(inode)->popped_tick)) {
		kcsan_disable_current();	/* a racy read is benign: above */
		ds_touch_atime(inode);
		kcsan_enable_current();
	}
}

int ds_inode_cache_init(void);
void ds_inode_cache_exit(void);

/* dir.c */
extern const struct inode_operations ds_dir_inode_ops;
extern const struct file_operations ds_dir_fops;
int ds_check_name(const char *name, u32 len);
int ds_may_open(struct inode *inode, u32 rights);

/* file.c */
extern const struct file_operations ds_file_fops;
extern const struct file_operations ds_unnamed_fops;
int ds_open_flags(u32 rights);
int ds_file_query(struct file *file, struct ds_info *info);

/* A descriptor's rights: DS_RIGHT_*, set at open, only narrowed after. */
static inline u32 ds_file_rights(struct file *file)
{
	return (u32)(uintptr_t)READ_ONCE(file->private_data);
}

void ds_set_rights(struct file *file, u32 rights);
struct file *ds_open_unnamed(struct vfsmount *mnt, struct inode *inode,
			     u32 rights);

/* uring.c */
struct io_uring_cmd;
struct ds_waiter;
int ds_uring_cmd(struct io_uring_cmd *cmd, unsigned int issue_flags);
void ds_uring_served(struct ds_waiter *wt);
void ds_uring_exit(void);

/* wait.c: how a push or pop may wait, from the call and the descriptor. */
struct ds_waitspec {
	u32 flags;			/* DS_WAIT_* */
	bool nonblock;			/* no waiting at all */
	bool has_deadline;
	bool eof;			/* read(2): empty and no pusher is the end */
	ktime_t deadline;		/* CLOCK_MONOTONIC */
	u32 __user *uflags;		/* rewritten before a restart, or NULL */
	s64 __user *utimeout;
};

/*
 * A task blocked in a push or a pop, queued on ds->pop_waiters or
 * ds->push_waiters in arrival order (under ds->lock).  Whoever serves it
 * (a push for a popper, a pop for a pusher) does the waiter's work under
 * the lock and sets its outcome in state; the waiter then returns without
 * taking the lock again.
 */
enum ds_wait_state {
	DS_WAITING,
	DS_HANDED,		/* pop: item handed over; push: item linked */
	DS_TOO_SMALL,		/* pop: the top item (size) exceeds bufsize */
	DS_PEEKED,		/* peek: item referenced, left on the list */
	DS_SIZED,		/* size query: the top item's size */
	DS_EOF,			/* pop by read(2): no pusher left */
	DS_NOSPC,		/* push: the instance refused the item's charge */
	DS_CANCELED,		/* io_uring: the ring or the task went */
	DS_NEW,			/* io_uring: made, not queued yet (uring.c) */
};

struct ds_waiter {
	struct list_head node;
	struct task_struct *task;	/* a blocked task, or */
	struct io_uring_cmd *cmd;	/* a pending io_uring command (uring.c) */
	struct ds_item *item;	/* pop: the item handed over; push: to link */
	u32 bufsize;		/* pop: the largest item it takes; 0: size query */
	u32 size;		/* pop: the item's size */
	bool peek;		/* pop: looks, leaves the item */
	bool eof;		/* pop: ends at end of file */
	int state;		/* enum ds_wait_state, set with release */
};

/* Tasks to wake once ds->lock is dropped. */
#define DS_WAKE_BATCH	8
struct ds_wakeups {
	unsigned int n;
	struct task_struct *task[DS_WAKE_BATCH];
};

/* A call with no wait flags (read(2), write(2)): blocking unless nonblock. */
static inline void ds_waitspec_plain(struct ds_waitspec *w, bool nonblock)
{
	w->flags = 0;
	w->nonblock = nonblock;
	w->has_deadline = false;
	w->eof = false;
	w->uflags = NULL;
	w->utimeout = NULL;
}

int ds_waitspec_init(struct ds_waitspec *w, u32 flags, s64 timeout_ns,
		     bool nonblock);
long ds_wait_end(struct ds_waitspec *w, long err);
void ds_waiter_queue(struct datastack *ds, struct list_head *queue,
		     struct ds_waiter *wt, struct io_uring_cmd *cmd);
void ds_waiter_done(struct datastack *ds, struct ds_waiter *wt, int state,
		    struct ds_wakeups *wk);
void ds_wakeups_flush(struct ds_wakeups *wk);
int ds_sleep(struct datastack *ds, struct ds_waiter *wt, struct ds_waitspec *w);

/* Wakes the pollers (and lookers) of key on wq, if it has any. */
static inline void ds_wake(wait_queue_head_t *wq, __poll_t key, int nr)
{
	if (wq_has_sleeper(wq))
		__wake_up(wq, TASK_NORMAL, nr, poll_to_key(key));
}

/* item.c: an item's bytes come from, or go to, one of these. */
struct ds_buf {
	void __user *user;	/* a plain buffer, or */
	struct iov_iter *iter;	/* read_iter/write_iter's */
};

struct ds_item *ds_item_from_user(struct datastack *ds, const struct ds_buf *b,
				  u32 size, struct ds_item **spare);
void ds_item_put(struct ds_item *it);
void ds_item_put_chain(struct ds_item *it);
void ds_item_free_chain(struct ds_item *it);
int ds_item_copy_out(const struct ds_buf *b, const struct ds_item *it);
struct ds_item *ds_cache_take_all(struct datastack *ds);
void ds_cache_give_back(struct datastack *ds, struct ds_item *first);
struct ds_item *ds_cache_recycle(struct datastack *ds, struct ds_item *it);

/* object.c: the list, under ds->lock, and what push.c and pop.c share */
#define DS_POLLIN	(EPOLLIN | EPOLLRDNORM)
#define DS_POLLOUT	(EPOLLOUT | EPOLLWRNORM)

/* What a chain of in-flight items counts: items, bytes, charge. */
struct ds_chain {
	struct ds_item *first, *last;
	u64 n, bytes, charged;
	u64 ring;		/* of n, items handed to io_uring pops */
};

/*
 * The list primitives, under ds->lock, O(1): inline, since every push and
 * pop runs them.
 */
/*
 * The limits count the items held, not those in flight: a pop takes effect
 * as it takes its item (docs/linearizability.md), so room appears then, as
 * query sees it.
 */
static inline bool ds_has_room(struct datastack *ds, u64 items, u64 bytes)
{
	const struct ds_limits *l = &ds->limits;

	if (l->max_items && ds->count + items > l->max_items)
		return false;
	if (l->max_bytes && ds->bytes + bytes > l->max_bytes)
		return false;
	return true;
}

#ifdef DS_SEED_ORDER_BUG
/*
 * The bug the linearizability test must find (tests/linearizability.sh),
 * compiled into its test build only: every fifth LIFO push goes under the
 * top item instead of onto it.
 */
static inline bool ds_seeded_misorder(struct datastack *ds, struct ds_item *it)
{
	if ((ds->flags & DS_CREATE_FIFO) || !ds->head || ds->pushes % 5 != 4)
		return false;
	it->next = ds->head->next;
	ds->head->next = it;
	return true;
}
#else
static inline bool ds_seeded_misorder(struct datastack *ds, struct ds_item *it)
{
	return false;
}
#endif

/* Links an item once the instance accepts its charge; false if not. */
static inline bool ds_link(struct datastack *ds, struct ds_item *it)
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
	} else if (!ds_seeded_misorder(ds, it)) {
		it->next = ds->head;
		ds->head = it;
	}
	ds->count++;
	ds->bytes += it->size;
	ds->charged += charge;
	ds->pushes++;
	ds_stamp_push(&ds->vfs_inode);
	if (ds->count > ds->peak_count)
		ds->peak_count = ds->count;
	if (ds->bytes > ds->peak_bytes)
		ds->peak_bytes = ds->bytes;
	return true;
}

/* Takes the next item off; it is then in flight. */
static inline struct ds_item *ds_take(struct datastack *ds)
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

static inline void ds_chain_add(struct ds_chain *c, struct ds_item *it)
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

void ds_serve_waiting_poppers(struct datastack *ds, struct ds_wakeups *wk);
void ds_serve_pushers(struct datastack *ds, struct ds_wakeups *wk);

/*
 * Under ds->lock, after items were taken: their room goes to waiting
 * pushers.  True if there were any (their items may now be visible).
 */
static inline bool ds_room_made(struct datastack *ds, struct ds_wakeups *wk)
{
	if (likely(list_empty(&ds->push_waiters)))
		return false;
	ds_serve_pushers(ds, wk);
	return true;
}

/*
 * Under ds->lock: read(2)'s end of file — nothing held, nothing in flight
 * (a failed copy would put it back), and no descriptor that may push.  An
 * item handed to an io_uring pop does not count: its copy waits for its
 * task to run the completion (on COOP_TASKRUN and DEFER_TASKRUN rings,
 * for it to enter the ring), which a reader must not wait on; should that
 * copy fail, the item comes back as new data.
 */
static inline bool ds_at_eof(struct datastack *ds)
{
	return !ds->head && ds->inflight_count == ds->inflight_ring &&
	       !atomic_read(&ds->pushers);
}

/* Under ds->lock: serves the waiting poppers, if any, while there are items. */
static inline void ds_serve_poppers(struct datastack *ds, struct ds_wakeups *wk)
{
	if (!list_empty(&ds->pop_waiters))
		ds_serve_waiting_poppers(ds, wk);
}

/*
 * After ds->lock is dropped: wakes the served waiters, and the pollers of
 * what is now visible (an item on top, room for one).
 */
static inline void ds_wake_all(struct datastack *ds, struct ds_wakeups *wk,
			       bool item, bool room)
{
	if (wk->n)
		ds_wakeups_flush(wk);
	if (item)
		ds_wake(&ds->pop_wq, DS_POLLIN, 0);
	if (room)
		ds_wake(&ds->push_wq, DS_POLLOUT, 0);
}

void ds_put_back(struct datastack *ds, struct ds_chain *c);
void ds_delivered(struct datastack *ds, struct ds_chain *c);
void ds_serve_eof(struct datastack *ds, struct ds_wakeups *wk);

void ds_object_init(struct datastack *ds, struct ds_instance *inst,
		    const struct ds_new *n);
void ds_object_destroy(struct datastack *ds);
/* push.c, pop.c */
long ds_push(struct datastack *ds, const struct ds_buf *src, u32 size,
	     struct ds_waitspec *w);
struct ds_item *ds_push_build(struct datastack *ds, const struct ds_buf *src,
			      u32 size);
long ds_push_item(struct datastack *ds, struct ds_item *it,
		  struct ds_waitspec *w);
int ds_deliver(struct datastack *ds, const struct ds_buf *buf,
	       struct ds_item *it, u32 __user *usize, bool ring);
long ds_pop(struct datastack *ds, const struct ds_buf *dst, u32 bufsize,
	    u32 __user *usize, u32 *size, struct ds_waitspec *w, bool peek);
void ds_pushers_gone(struct datastack *ds);
long ds_pushv(struct datastack *ds, const struct ds_iovec *iov, u32 n,
	      struct ds_waitspec *w);
long ds_popv(struct datastack *ds, struct ds_iovec *iov,
	     struct ds_iovec __user *uiov, u32 n, struct ds_waitspec *w);
long ds_clear(struct datastack *ds);
void ds_fill_info(struct datastack *ds, struct ds_info *info, bool counters);
u64 ds_charged(struct datastack *ds);
__poll_t ds_poll_mask(struct datastack *ds);

/*
 * stats.c: module-wide counters, per CPU (summed when read), so that the
 * push and pop paths share no cache line across objects.
 */
struct ds_stats {
	long objects, items, bytes;
};

DECLARE_PER_CPU(struct ds_stats, ds_stats);

static inline void ds_stats_objects(long delta)
{
	this_cpu_add(ds_stats.objects, delta);
}

static inline void ds_stats_items(long count, long bytes)
{
	this_cpu_add(ds_stats.items, count);
	this_cpu_add(ds_stats.bytes, bytes);
}

int ds_stats_init(void);
void ds_stats_exit(void);

#endif /* DATASTACK_INTERNAL_H */
