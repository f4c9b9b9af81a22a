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
 *   object.c    the object: push, pop, clear, query
 *   item.c      items: allocation, the small-item cache, copies
 *   wait.c      how a push or pop waits
 *   stats.c     module-wide counters
 *
 * The layering, bottom up: item.c and wait.c know only struct datastack;
 * object.c uses them; inode.c, file.c and dir.c build the VFS view on
 * object.c; instance.c holds the superblock and is used by all above it.
 */
#ifndef DATASTACK_INTERNAL_H
#define DATASTACK_INTERNAL_H

#include <linux/fs.h>
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

/* One item: a single allocation, header and data together. */
struct ds_item {
	struct ds_item *next;	/* towards the bottom (LIFO) or newer (FIFO) */
	refcount_t ref;		/* the list's reference, plus peekers' */
	u32 size;
	u8 data[];
};

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
	struct pid *creator;
	struct ds_instance *inst;
	bool is_object;			/* false for the root directory */

	/* Open file descriptions, and those holding DS_RIGHT_PUSH. */
	atomic_t open_files;
	atomic_t pushers;

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
bool ds_charge_bytes(struct ds_instance *inst, u64 bytes);
void ds_uncharge_bytes(struct ds_instance *inst, u64 bytes);

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
int ds_inode_cache_init(void);
void ds_inode_cache_exit(void);

/* dir.c */
extern const struct inode_operations ds_dir_inode_ops;
extern const struct file_operations ds_dir_fops;
int ds_check_name(const char *name, u32 len);
int ds_may_open(struct inode *inode, u32 rights);

/* file.c */
extern const struct file_operations ds_file_fops;
int ds_open_flags(u32 rights);
void ds_set_rights(struct file *file, u32 rights);
struct file *ds_open_unnamed(struct vfsmount *mnt, struct inode *inode,
			     u32 rights);

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

typedef bool (*ds_ready_fn)(struct datastack *ds, u64 arg);

int ds_waitspec_init(struct ds_waitspec *w, u32 flags, s64 timeout_ns,
		     bool nonblock);
long ds_wait_end(struct ds_waitspec *w, long err);
int ds_sleep(struct datastack *ds, wait_queue_head_t *wq, ds_ready_fn ready,
	     u64 arg, struct ds_waitspec *w);
void ds_wake(wait_queue_head_t *wq, __poll_t key, int nr);

/* item.c */
struct ds_item *ds_item_from_user(struct datastack *ds, const void __user *data,
				  u32 size, struct ds_item **spare);
void ds_item_put(struct ds_item *it);
void ds_item_put_chain(struct ds_item *it);
void ds_item_free_chain(struct ds_item *it);
u64 ds_item_charge(const struct ds_item *it);
int ds_item_copy_out(void __user *buf, const struct ds_item *it);
struct ds_item *ds_cache_take_all(struct datastack *ds);
void ds_cache_give_back(struct datastack *ds, struct ds_item *first);
struct ds_item *ds_cache_recycle(struct datastack *ds, struct ds_item *it);

/* object.c */
void ds_object_init(struct datastack *ds, struct ds_instance *inst,
		    const struct ds_new *n);
void ds_object_destroy(struct datastack *ds);
long ds_push(struct datastack *ds, const void __user *data, u32 size,
	     struct ds_waitspec *w);
long ds_pop(struct datastack *ds, void __user *buf, u32 bufsize,
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

/* stats.c */
void ds_stats_objects(long delta);
void ds_stats_items(long count, long bytes);
int ds_stats_init(void);
void ds_stats_exit(void);

#endif /* DATASTACK_INTERNAL_H */
