// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: how a push or pop waits — the call's wait flags and deadline,
 * the queues of blocked pushers and poppers (served in arrival order by
 * whoever makes their wait end: the item or the room is handed over, as
 * POSIX mq's pipelined_send() does), restarts after a stop, and wake-ups.
 *
 * Locking: the waiter queues and the waiter count are under ds->lock; a
 * waiter's outcome is stored with release and read with acquire, and its
 * task is woken after ds->lock is dropped (with a task reference taken
 * under it).  The wait queues (pollers, lookers) have their own locks and
 * are woken only after ds->lock is dropped.  Lifetime: the caller's file
 * reference keeps the object alive while it sleeps; a waiter lives on its
 * task's stack until it is off the queue.
 */
#include <linux/hrtimer.h>
#include <linux/nsproxy.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/time_namespace.h>
#include <linux/uaccess.h>
#include "datastack.h"

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
	ds_waitspec_plain(w, nonblock || (flags & DS_WAIT_NONBLOCK));
	w->flags = flags;
	w->has_deadline = flags & (DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME);
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
long ds_wait_end(struct ds_waitspec *w, long err)
{
	if (err != -ERESTARTNOHAND || !(w->flags & DS_WAIT_TIMEOUT) || !w->uflags)
		return err;
	if (put_user((w->flags & ~DS_WAIT_TIMEOUT) | DS_WAIT_ABSTIME, w->uflags) ||
	    put_user(ktime_to_ns(ktime_add_safe(w->deadline, ds_timens_offset())),
		     w->utimeout))
		return -EFAULT;
	return err;
}

/* Under ds->lock: queues wt, the caller, at the tail of queue. */
void ds_waiter_queue(struct datastack *ds, struct list_head *queue,
		     struct ds_waiter *wt, struct io_uring_cmd *cmd)
{
	lockdep_assert_held(&ds->lock);
	if (!cmd) {	/* a command's waiter was set up as it was made */
		wt->task = current;
		wt->cmd = NULL;
	}
	wt->state = DS_WAITING;
	list_add_tail(&wt->node, queue);
	ds->waiters++;
}

/*
 * Under ds->lock: takes a served waiter off its queue with its outcome.
 * Its task is woken by ds_wakeups_flush() after the unlock (under the lock
 * only when the batch is full); the task reference keeps it valid until
 * then, since the waiter may return as soon as it sees the state, and the
 * waiter itself, on its stack, must not be touched after that store.
 */
void ds_waiter_done(struct datastack *ds, struct ds_waiter *wt, int state,
		    struct ds_wakeups *wk)
{
	struct task_struct *task = wt->task;

	lockdep_assert_held(&ds->lock);
	list_del(&wt->node);
	ds->waiters--;
	if (wt->cmd) {
		/* Not on a stack: it lives until its task work completes it. */
		smp_store_release(&wt->state, state);
		ds_uring_served(wt);
		return;
	}
	get_task_struct(task);
	/* Pairs with ds_sleep()'s acquire: the item is set before the state. */
	smp_store_release(&wt->state, state);
	if (wk->n == DS_WAKE_BATCH) {
		wake_up_process(task);
		put_task_struct(task);
		return;
	}
	wk->task[wk->n++] = task;
}

void ds_wakeups_flush(struct ds_wakeups *wk)
{
	unsigned int i;

	for (i = 0; i < wk->n; i++) {
		wake_up_process(wk->task[i]);
		put_task_struct(wk->task[i]);
	}
	wk->n = 0;
}

/*
 * Sleeps, queued as wt, until served, the deadline passes or a signal is
 * pending; entered with ds->lock dropped after ds_waiter_queue().
 * Returns the outcome it was served with (a served waiter succeeds even
 * if its timeout or a signal came meanwhile), or the error, once off the
 * queue.  Never inlined: it is the frame stack inspectors (kstack, wchan)
 * show.
 */
noinline int ds_sleep(struct datastack *ds, struct ds_waiter *wt,
		      struct ds_waitspec *w)
{
	int state, err = 0;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		/* Pairs with ds_waiter_done()'s release: then wt->item is set. */
		state = smp_load_acquire(&wt->state);
		if (state != DS_WAITING)
			break;
		if (signal_pending(current)) {
			err = -ERESTARTNOHAND;
			break;
		}
		if (!w->has_deadline) {
			schedule();
		} else if (!schedule_hrtimeout_range(&w->deadline,
						     current->timer_slack_ns,
						     HRTIMER_MODE_ABS)) {
			err = -ETIMEDOUT;
			break;
		}
	}
	__set_current_state(TASK_RUNNING);
	if (state != DS_WAITING)
		return state;
	spin_lock(&ds->lock);
	state = wt->state;
	if (state == DS_WAITING) {
		list_del(&wt->node);
		ds->waiters--;
	}
	spin_unlock(&ds->lock);
	return state == DS_WAITING ? err : state;
}
