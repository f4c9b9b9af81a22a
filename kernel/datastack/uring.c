// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: io_uring commands (IORING_OP_URING_CMD) on an object
 * descriptor — push, pop and the batch calls without a system call each,
 * and pops (and pushes) that stay pending in the ring, with no thread
 * blocked, until a push (a pop) on the object serves them.
 *
 * A command is tried at once, in the submitting task; what it can do then
 * completes inline.  A waiting POP or PUSH queues on the object like a
 * blocked task (a struct ds_waiter, in arrival order with the tasks) and
 * returns -EIOCBQUEUED; whoever serves it does its work under ds->lock and
 * asks io_uring to finish it in the submitter's task (task work), where the
 * item is copied to the caller's buffer and the completion posted.  It
 * never returns -EAGAIN to io_uring, which would punt it to an io-wq
 * worker: an empty non-waiting pop completes with -EAGAIN instead.
 *
 * Cancellation.  A ring that closes, or a task that exits, with commands
 * pending waits for them to complete.  On 6.7 and later the commands are
 * marked cancelable and io_uring asks (IO_URING_F_CANCEL); before that,
 * a monitor (as ublk's on 6.1) looks at every pending command every
 * DS_URING_MONITOR_MS and completes with -ECANCELED those whose task is
 * exiting or whose ring is dying.  A pending command holds no item (a
 * pop is handed one only as it completes), so nothing is lost; the worst
 * delay before such a command is finished is the monitor's period.
 *
 * Locking: the waiter queues are ds->lock's; the monitor's list has its own
 * spinlock, taken outside ds->lock (never inside it).  Lifetime: a pending
 * command's state (struct ds_uring_wait) is allocated at issue, registered
 * for cancelling before it is queued (a command issued from an io-wq
 * worker can be served and finished from another CPU the moment it is
 * queued), and freed only after io_uring_cmd_done(), since a cancel may
 * look at it until then; io_uring holds the object's file meanwhile.
 */
#include <linux/io_uring.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include "datastack.h"

#if IS_ENABLED(CONFIG_IO_URING)

#define DS_URING_MONITOR_MS	250

struct ds_uring_wait {
	struct ds_waiter wt;		/* on the object's queue */
	struct datastack *ds;
	struct ds_uring_cmd req;	/* the SQE's command, copied at issue */
	struct list_head pending;	/* the monitor's (before 6.7) */
};

static struct ds_uring_wait **ds_pdu(struct io_uring_cmd *cmd)
{
	return (struct ds_uring_wait **)cmd->pdu;
}

/* ---- cancelling ---- */

/* Takes uw off its object's queue if it still waits (ds->lock). */
static bool ds_uring_dequeue(struct ds_uring_wait *uw)
{
	struct datastack *ds = uw->ds;
	bool was_waiting;

	spin_lock(&ds->lock);
	was_waiting = uw->wt.state == DS_WAITING;
	if (was_waiting) {
		list_del(&uw->wt.node);
		ds->waiters--;
	}
	spin_unlock(&ds->lock);
	return was_waiting;
}

/* ---- the 6.1 monitor ---- */

#if !DS_URING_CANCELABLE
static LIST_HEAD(ds_uring_pending);
static DEFINE_SPINLOCK(ds_uring_lock);
static void ds_uring_monitor_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(ds_uring_monitor, ds_uring_monitor_fn);

static void ds_uring_watch(struct ds_uring_wait *uw, struct io_uring_cmd *cmd,
			   unsigned int issue_flags)
{
	spin_lock(&ds_uring_lock);
	if (list_empty(&ds_uring_pending))
		schedule_delayed_work(&ds_uring_monitor,
				      msecs_to_jiffies(DS_URING_MONITOR_MS));
	list_add_tail(&uw->pending, &ds_uring_pending);
	spin_unlock(&ds_uring_lock);
}

static void ds_uring_unwatch(struct ds_uring_wait *uw)
{
	spin_lock(&ds_uring_lock);
	list_del_init(&uw->pending);
	spin_unlock(&ds_uring_lock);
}

static void ds_uring_monitor_fn(struct work_struct *work)
{
	struct ds_uring_wait *uw, *next;
	LIST_HEAD(dead);

	spin_lock(&ds_uring_lock);
	list_for_each_entry_safe(uw, next, &ds_uring_pending, pending) {
		if (!ds_uring_cmd_dying(uw->wt.cmd) || !ds_uring_dequeue(uw))
			continue;
		list_move(&uw->pending, &dead);
	}
	if (!list_empty(&ds_uring_pending))
		schedule_delayed_work(&ds_uring_monitor,
				      msecs_to_jiffies(DS_URING_MONITOR_MS));
	spin_unlock(&ds_uring_lock);
	list_for_each_entry_safe(uw, next, &dead, pending) {
		if (uw->wt.cmd->cmd_op == DS_URING_PUSH)
			ds_item_put(uw->wt.item);
		io_uring_cmd_done(uw->wt.cmd, -ECANCELED, 0, IO_URING_F_UNLOCKED);
		kfree(uw);
	}
}

void ds_uring_exit(void)
{
	cancel_delayed_work_sync(&ds_uring_monitor);
}
#else
static void ds_uring_watch(struct ds_uring_wait *uw, struct io_uring_cmd *cmd,
			   unsigned int issue_flags)
{
	io_uring_cmd_mark_cancelable(cmd, issue_flags);
}

static void ds_uring_unwatch(struct ds_uring_wait *uw)
{
}

void ds_uring_exit(void)
{
}
#endif

/* ---- completing a served command ---- */

/* In the submitter's task: a popped item to the caller, and the result. */
static long ds_uring_deliver(struct ds_uring_wait *uw, bool dead)
{
	struct ds_buf dst = { .user = u64_to_user_ptr(uw->req.addr) };
	struct ds_chain c = { .ring = 1 };
	long err;

	if (dead) {
		ds_chain_add(&c, uw->wt.item);
		ds_put_back(uw->ds, &c);
		return -ECANCELED;
	}
	err = ds_deliver(uw->ds, &dst, uw->wt.item, NULL, true);
	return err ? err : uw->wt.size;
}

static void ds_uring_finish(struct io_uring_cmd *cmd, unsigned int issue_flags)
{
	struct ds_uring_wait *uw = *ds_pdu(cmd);
	bool dead = ds_uring_task_dead(issue_flags);
	u64 res2 = 0;
	long ret;

	ds_uring_unwatch(uw);
	switch (uw->wt.state) {
	case DS_HANDED:
		ret = cmd->cmd_op == DS_URING_POP ? ds_uring_deliver(uw, dead) : 0;
		break;
	case DS_TOO_SMALL:
		ret = -EMSGSIZE;
		res2 = uw->wt.size;
		break;
	case DS_NOSPC:
		ret = -ENOSPC;
		break;
	default:
		ret = -ECANCELED;
		break;
	}
	if (cmd->cmd_op == DS_URING_PUSH && uw->wt.state != DS_HANDED)
		ds_item_put(uw->wt.item);
	/* Done first: until then a cancel (6.7+) may still look at uw. */
	io_uring_cmd_done(cmd, ret, res2, issue_flags);
	kfree(uw);
}

/* Under ds->lock, from ds_waiter_done(): the command was served. */
void ds_uring_served(struct ds_waiter *wt)
{
	io_uring_cmd_complete_in_task(wt->cmd, ds_uring_finish);
}

/* 6.7+: io_uring cancels a pending command (its ring closes, task exits). */
static int ds_uring_cancel(struct io_uring_cmd *cmd, unsigned int issue_flags)
{
	struct ds_uring_wait *uw = *ds_pdu(cmd);

	if (!ds_uring_dequeue(uw))
		return 0;	/* served, or not queued yet: asked again */
	if (cmd->cmd_op == DS_URING_PUSH)
		ds_item_put(uw->wt.item);
	io_uring_cmd_done(cmd, -ECANCELED, 0, issue_flags);
	kfree(uw);
	return 0;
}

/* ---- issuing ---- */

/*
 * A command that may have to wait gets its pending state, registered for
 * cancelling before it can be queued: once queued it can be served, and
 * completed, at once, from another CPU.  Until queued its state is DS_NEW,
 * which a cancel leaves alone.
 */
static struct ds_uring_wait *ds_uring_alloc(struct datastack *ds,
					    struct io_uring_cmd *cmd,
					    const struct ds_uring_cmd *req,
					    unsigned int issue_flags)
{
	struct ds_uring_wait *uw = kzalloc(sizeof(*uw), GFP_KERNEL_ACCOUNT);

	if (!uw)
		return NULL;
	INIT_LIST_HEAD(&uw->pending);
	uw->ds = ds;
	uw->req = *req;
	uw->wt.cmd = cmd;
	uw->wt.state = DS_NEW;
	*ds_pdu(cmd) = uw;
	ds_uring_watch(uw, cmd, issue_flags);
	return uw;
}

/* Queues a registered command; ds->lock held, dropped. */
static int ds_uring_queue(struct datastack *ds, struct ds_uring_wait *uw,
			  struct list_head *queue)
	__releases(&ds->lock)
{
	ds_waiter_queue(ds, queue, &uw->wt, uw->wt.cmd);
	spin_unlock(&ds->lock);
	return -EIOCBQUEUED;
}

/*
 * A registered command that completed after all, without queuing: its
 * result goes through io_uring_cmd_done(), which unregisters it (6.7+).
 */
static int ds_uring_drop(struct io_uring_cmd *cmd, struct ds_uring_wait *uw,
			 long ret, u64 res2, unsigned int issue_flags)
{
	ds_uring_unwatch(uw);
	io_uring_cmd_done(cmd, ret, res2, issue_flags);
	kfree(uw);
	return -EIOCBQUEUED;
}

/* A pop's result: the item's size, or the error (-EMSGSIZE: size in *res2). */
static long ds_uring_pop_result(long ret, u32 size, u64 *res2)
{
	if (ret == -EMSGSIZE)
		*res2 = size;
	return ret ? ret : size;
}

/*
 * A pop: inline when there is an item, or when it may not wait; else it
 * queues, unless an item came while its pending state was made.
 */
static long ds_uring_pop(struct datastack *ds, struct io_uring_cmd *cmd,
			 const struct ds_uring_cmd *req, bool wait,
			 unsigned int issue_flags, u64 *res2)
{
	struct ds_buf dst = { .user = u64_to_user_ptr(req->addr) };
	struct ds_uring_wait *uw;
	struct ds_waitspec now;
	long ret;
	u32 size;

	if (!req->len)
		return -EINVAL;
	ds_waitspec_plain(&now, true);
	ret = ds_pop(ds, &dst, req->len, NULL, &size, &now, false);
	if (ret != -EAGAIN || !wait)
		return ds_uring_pop_result(ret, size, res2);
	uw = ds_uring_alloc(ds, cmd, req, issue_flags);
	if (!uw)
		return -ENOMEM;
	uw->wt.bufsize = req->len;
	for (;;) {
		spin_lock(&ds->lock);
		if (!ds->head)
			return ds_uring_queue(ds, uw, &ds->pop_waiters);
		spin_unlock(&ds->lock);
		ret = ds_pop(ds, &dst, req->len, NULL, &size, &now, false);
		if (ret != -EAGAIN) {
			ret = ds_uring_pop_result(ret, size, res2);
			return ds_uring_drop(cmd, uw, ret, *res2, issue_flags);
		}
	}
}

/* A push: inline if it fits now, or when it may not wait; else it queues. */
static long ds_uring_push(struct datastack *ds, struct io_uring_cmd *cmd,
			  const struct ds_uring_cmd *req, bool wait,
			  unsigned int issue_flags)
{
	struct ds_buf src = { .user = u64_to_user_ptr(req->addr) };
	struct ds_uring_wait *uw;
	struct ds_waitspec now;
	struct ds_item *it;
	long ret;

	it = ds_push_build(ds, &src, req->len);
	if (IS_ERR(it))
		return PTR_ERR(it);
	ds_waitspec_plain(&now, true);
	ret = ds_push_item(ds, it, &now);
	if (ret != -EAGAIN || !wait)
		goto out;
	uw = ds_uring_alloc(ds, cmd, req, issue_flags);
	if (!uw) {
		ret = -ENOMEM;
		goto out;
	}
	uw->wt.item = it;
	for (;;) {
		spin_lock(&ds->lock);
		if (!list_empty(&ds->push_waiters) || !ds_has_room(ds, 1, it->size))
			return ds_uring_queue(ds, uw, &ds->push_waiters);
		spin_unlock(&ds->lock);
		ret = ds_push_item(ds, it, &now);	/* room came meanwhile */
		if (ret != -EAGAIN) {
			if (ret)
				ds_item_put(it);
			return ds_uring_drop(cmd, uw, ret, 0, issue_flags);
		}
	}
out:
	if (ret)
		ds_item_put(it);
	return ret;
}

/* PUSHV and POPV through io_uring never wait. */
static long ds_uring_batch(struct datastack *ds, const struct ds_uring_cmd *req,
			   bool push)
{
	struct ds_iovec __user *uiov = u64_to_user_ptr(req->addr);
	struct ds_iovec *iov;
	struct ds_waitspec w;
	long ret;

	if (!req->len || req->len > DS_BATCH_MAX)
		return -EINVAL;
	iov = memdup_user(uiov, array_size(req->len, sizeof(*iov)));
	if (IS_ERR(iov))
		return PTR_ERR(iov);
	ds_waitspec_plain(&w, true);
	ret = push ? ds_pushv(ds, iov, req->len, &w) :
		     ds_popv(ds, iov, uiov, req->len, &w);
	kfree(iov);
	return ret;
}

static long ds_uring_issue(struct file *file, struct io_uring_cmd *cmd,
			   const struct ds_uring_cmd *req, unsigned int issue_flags,
			   u64 *res2)
{
	struct datastack *ds = DS(file_inode(file));
	bool wait = !(req->flags & DS_WAIT_NONBLOCK) && !(file->f_flags & O_NONBLOCK);
	u32 rights = ds_file_rights(file);

	if (req->flags & ~DS_WAIT_NONBLOCK)
		return -EINVAL;
	switch (cmd->cmd_op) {
	case DS_URING_PUSH:
		if (!(rights & DS_RIGHT_PUSH))
			return -EACCES;
		return ds_uring_push(ds, cmd, req, wait, issue_flags);
	case DS_URING_POP:
		if (!(rights & DS_RIGHT_POP))
			return -EACCES;
		return ds_uring_pop(ds, cmd, req, wait, issue_flags, res2);
	case DS_URING_PUSHV:
	case DS_URING_POPV:
		if (!(rights & (cmd->cmd_op == DS_URING_PUSHV ? DS_RIGHT_PUSH : DS_RIGHT_POP)))
			return -EACCES;
		return ds_uring_batch(ds, req, cmd->cmd_op == DS_URING_PUSHV);
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * file_operations.uring_cmd.  A result io_uring takes as one (see
 * ds_uring_result_inline()) is returned, and posted with the others of
 * the submission; -EAGAIN is posted here (io_uring_cmd_done), so that it
 * reaches the caller as a result instead of sending the command to an
 * io-wq worker, and so is a result with a second value (a POP's -EMSGSIZE
 * and the item's size, which a ring of 32-byte CQEs shows).
 */
int ds_uring_cmd(struct io_uring_cmd *cmd, unsigned int issue_flags)
{
	struct ds_uring_cmd req;
	u64 res2 = 0;
	long ret;

	if (ds_uring_cancelling(issue_flags))
		return ds_uring_cancel(cmd, issue_flags);
	memcpy(&req, ds_uring_cmd_bytes(cmd), sizeof(req));
	ret = ds_uring_issue(cmd->file, cmd, &req, issue_flags, &res2);
	if (ret == -EIOCBQUEUED)
		return ret;
	if (ret != -EAGAIN && !res2 && ds_uring_result_inline(ret))
		return ret;
	io_uring_cmd_done(cmd, ret, res2, issue_flags);
	return -EIOCBQUEUED;
}

#else /* !CONFIG_IO_URING */
void ds_uring_served(struct ds_waiter *wt)
{
}

void ds_uring_exit(void)
{
}
#endif
