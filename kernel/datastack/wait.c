// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: how a push or pop waits — the call's wait flags and deadline,
 * sleeping in arrival order, restarts after a stop, and wake-ups.
 *
 * Locking: ds->lock is taken briefly around the readiness check and the
 * waiter count; the wait queues have their own locks, and are woken only
 * after ds->lock is dropped.  Lifetime: the caller's file reference keeps
 * the object alive while it sleeps.
 */
#include <linux/hrtimer.h>
#include <linux/nsproxy.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
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
	w->flags = flags;
	w->nonblock = nonblock || (flags & DS_WAIT_NONBLOCK);
	w->has_deadline = flags & (DS_WAIT_TIMEOUT | DS_WAIT_ABSTIME);
	w->uflags = NULL;
	w->utimeout = NULL;
	w->eof = false;
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

/*
 * Sleeps once, exclusively and in arrival order, until woken, the deadline
 * passes or a signal is pending.  Returns 0 to have the caller look again,
 * or the error to return if its last look still finds nothing: a woken
 * waiter always looks once more, so a wake-up it was chosen for is used.
 * Never inlined: it is the frame stack inspectors (kstack, wchan) show.
 */
noinline int ds_sleep(struct datastack *ds, wait_queue_head_t *wq,
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

/* Wakes nr exclusive waiters (0: all) and every poller of key. */
void ds_wake(wait_queue_head_t *wq, __poll_t key, int nr)
{
	if (wq_has_sleeper(wq))
		__wake_up(wq, TASK_NORMAL, nr, poll_to_key(key));
}
