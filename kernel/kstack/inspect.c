// SPDX-License-Identifier: GPL-2.0
/*
 * kstack: a thread's saved context, its kernel stack trace, and fault-safe
 * reads of its kernel stack and of kernel text.
 *
 * Object lifetime
 *   Each operation looks its thread up by id in the caller's pid namespace
 *   and holds a task_struct reference (get_pid_task) until it returns, so
 *   the task_struct never goes away under it.
 *
 *   The kernel stack lives on its own terms: it is freed when the dead task
 *   schedules for the last time (finish_task_switch -> put_task_stack),
 *   whatever task_struct references remain.  The kernel's own walkers pin
 *   it with try_get_task_stack()/put_task_stack(), but put_task_stack() is
 *   not exported, and a module holding the last stack reference would have
 *   to free the stack itself.  So the stack is pinned with the task lock
 *   instead: do_exit() clears tsk->fs in exit_fs() under task_lock(tsk),
 *   well before its final schedule.  While we hold task_lock(tsk) and see
 *   tsk->fs != NULL, the task cannot get past exit_fs(), so its stack stays
 *   allocated and mapped (see kstack_stack_pinned()).  A thread seen past
 *   exit_fs() is reported as exiting and its stack is not touched.
 *
 *   With the stack pinned the walk is safe whatever the thread does:
 *    - it blocks: the usual case, the stack is stable;
 *    - it runs: the unwinder refuses a task on another CPU, and if the task
 *      starts running during the walk the unwinder reads only inside the
 *      pinned stack's bounds; the frames may be stale, every access is
 *      still to live memory.  Most of those reads are READ_ONCE_NOCHECK,
 *      but not all (6.1's ORC unwinder reads a pt_regs' cs plainly for
 *      user_mode()), and KASAN flags a stale frame's poisoned redzone, so
 *      KASAN reports are off for another task's walk, as the unwinder
 *      itself intends;
 *    - it exits: it waits in exit_fs() for our task_lock().
 *
 * Permission
 *   Every lookup is followed by kstack_may_inspect(): the caller's own
 *   threads, kernel threads for CAP_SYS_ADMIN, other threads only for
 *   their tracer.  6.1 exports neither ptrace_may_access() nor
 *   security_ptrace_access_check(); being the tracer means the kernel's
 *   own attach checks (credentials, dumpability, Yama, LSMs) have passed
 *   for this caller and this thread.  The tracer link is read under RCU;
 *   it may be cut right after the check, which only means a detached
 *   tracer's last command was allowed, as for a ptrace request in flight.
 *
 * Locking
 *   task_lock(tsk) (tsk->alloc_lock, a spinlock) is held around the unwind,
 *   around reading the saved context, and around each nofault copy of at
 *   most one page of the stack; nothing under it sleeps or takes another
 *   lock.  Kernel text is checked and copied page by page under
 *   rcu_read_lock(): module text is freed only after the synchronize_rcu()
 *   that follows its removal from the module tree, BPF and trampoline text
 *   after a grace period too, so text found under the read lock stays until
 *   it is dropped.  Everything for user space goes through kernel buffers
 *   and is copied out with no lock held.
 */
#include <linux/err.h>
#include <linux/kasan.h>
#include <linux/kcsan-checks.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/pgtable.h>
#include <asm/switch_to.h>
#include <asm/unwind.h>

#include "kstack.h"

#if !defined(CONFIG_X86_64) || \
	!(defined(CONFIG_UNWINDER_ORC) || defined(CONFIG_UNWINDER_FRAME_POINTER))
#error "kstack supports x86-64 with the ORC or frame-pointer unwinder"
#endif

/* Takes a reference to thread @tid of the caller's pid namespace. */
static struct task_struct *kstack_get_task(s32 tid)
{
	struct task_struct *tsk;
	struct pid *pid;

	if (tid <= 0)
		return ERR_PTR(-ESRCH);
	pid = find_get_pid(tid);
	if (!pid)
		return ERR_PTR(-ESRCH);
	tsk = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	return tsk ? tsk : ERR_PTR(-ESRCH);
}

/* May the caller inspect @tsk?  See "Permission" above. */
static int kstack_may_inspect(struct task_struct *tsk)
{
	bool tracer;

	if (same_thread_group(tsk, current))
		return 0;
	if (tsk->flags & PF_KTHREAD)
		return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
	rcu_read_lock();
	tracer = ptrace_parent(tsk) == current;
	rcu_read_unlock();
	return tracer ? 0 : -EPERM;
}

/* kstack_get_task(), then the permission check. */
static struct task_struct *kstack_get_target(s32 tid)
{
	struct task_struct *tsk = kstack_get_task(tid);
	int ret;

	if (IS_ERR(tsk))
		return tsk;
	ret = kstack_may_inspect(tsk);
	if (ret) {
		put_task_struct(tsk);
		return ERR_PTR(ret);
	}
	return tsk;
}

/*
 * True while @tsk's stack cannot be freed; the caller holds task_lock(tsk)
 * and keeps holding it for as long as it touches the stack.
 */
static bool kstack_stack_pinned(struct task_struct *tsk)
{
	lockdep_assert_held(&tsk->alloc_lock);
	return tsk->fs && task_stack_page(tsk);
}

static bool kstack_on_cpu(struct task_struct *tsk)
{
	/*
	 * Pairs with the release in finish_task_switch(): a thread seen off
	 * CPU has finished its switch-out, whose nvcsw/nivcsw increment the
	 * caller reads next (<linux/kstack.h>, "Reading a blocked thread's
	 * user stack").
	 */
	return tsk == current || smp_load_acquire(&tsk->on_cpu);
}

static void kstack_user_regs(struct kstack_user_regs *u,
			     const struct pt_regs *r)
{
	u->r15 = r->r15;
	u->r14 = r->r14;
	u->r13 = r->r13;
	u->r12 = r->r12;
	u->rbp = r->bp;
	u->rbx = r->bx;
	u->r11 = r->r11;
	u->r10 = r->r10;
	u->r9 = r->r9;
	u->r8 = r->r8;
	u->rax = r->ax;
	u->rcx = r->cx;
	u->rdx = r->dx;
	u->rsi = r->si;
	u->rdi = r->di;
	u->orig_rax = r->orig_ax;
	u->rip = r->ip;
	u->cs = r->cs;
	u->eflags = r->flags;
	u->rsp = r->sp;
	u->ss = r->ss;
}

int kstack_thread_context(struct kstack_thread_ctx *ctx)
{
	struct inactive_task_frame *frame;
	struct task_struct *tsk;
	unsigned long base, sp, ret_addr;
	struct pt_regs regs;
	u32 info = 0;
	bool on_cpu;

	if (ctx->flags || ctx->tid < 0 ||
	    memchr_inv(ctx->reserved, 0, sizeof(ctx->reserved)))
		return -EINVAL;
	tsk = kstack_get_target(ctx->tid);
	if (IS_ERR(tsk))
		return PTR_ERR(tsk);
	/* Every output is written: what a path does not fill in reads 0. */
	memset_after(ctx, 0, tid);

	/* __get_task_comm() takes the task lock itself. */
	__get_task_comm(ctx->comm, sizeof(ctx->comm), tsk);
	ctx->tgid = task_tgid_vnr(tsk);
	ctx->cpu = task_cpu(tsk);
	ctx->state = task_index_to_char(task_state_index(tsk));
	if (tsk->flags & PF_KTHREAD)
		info |= KSTACK_INFO_KTHREAD;
	if (tsk == current)
		info |= KSTACK_INFO_SELF;

	task_lock(tsk);
	if (!kstack_stack_pinned(tsk)) {
		info |= KSTACK_INFO_EXITING;
		goto unlock;
	}
	base = (unsigned long)task_stack_page(tsk);
	ctx->stack_base = base;
	ctx->stack_size = THREAD_SIZE;

	/*
	 * The caller's reads of this thread's stack, made before this call,
	 * come before our read of on_cpu (<linux/kstack.h>, "Reading a
	 * blocked thread's user stack").
	 */
	smp_rmb();
	on_cpu = kstack_on_cpu(tsk);
	ctx->switches = READ_ONCE(tsk->nvcsw) + READ_ONCE(tsk->nivcsw);
	if (on_cpu) {
		/* thread.sp is stale while the thread runs. */
		info |= KSTACK_INFO_ON_CPU;
	} else {
		sp = READ_ONCE(tsk->thread.sp);
		frame = (struct inactive_task_frame *)sp;
		if (sp >= base && sp <= base + THREAD_SIZE - sizeof(*frame) &&
		    !copy_from_kernel_nofault(&ret_addr, &frame->ret_addr,
					      sizeof(ret_addr))) {
			ctx->kernel_sp = sp;
			ctx->resume_ip = ret_addr;
		}
	}

	if (!(tsk->flags & PF_KTHREAD) &&
	    !copy_from_kernel_nofault(&regs, task_pt_regs(tsk), sizeof(regs))) {
		ctx->user_ip = regs.ip;
		ctx->user_sp = regs.sp;
		ctx->user_bp = regs.bp;
		kstack_user_regs(&ctx->regs, &regs);
		if (!user_64bit_mode(&regs))
			info |= KSTACK_INFO_COMPAT;
	}
unlock:
	task_unlock(tsk);
	put_task_struct(tsk);
	ctx->info = info;
	return 0;
}

/*
 * Walking another task's stack reads memory that task writes meanwhile,
 * as /proc/PID/stack does: the unwinder checks what it reads, so neither
 * KASAN (stale frames) nor KCSAN (the owner's concurrent writes) is told.
 */
static void kstack_foreign_begin(void)
{
	kasan_disable_current();
	kcsan_disable_current();
}

static void kstack_foreign_end(void)
{
	kcsan_enable_current();
	kasan_enable_current();
}

int kstack_stack_trace(struct kstack_trace *tr)
{
	struct unwind_state state;
	struct task_struct *tsk;
	unsigned long addr;
	u32 n = 0, info = 0;
	u64 *entries;
	int ret = 0;

	if (tr->flags || tr->tid < 0 || !tr->max_entries ||
	    tr->max_entries > KSTACK_MAX_ENTRIES)
		return -EINVAL;
	tsk = kstack_get_target(tr->tid);
	if (IS_ERR(tsk))
		return PTR_ERR(tsk);
	entries = kmalloc_array(tr->max_entries, sizeof(*entries), GFP_KERNEL);
	if (!entries) {
		ret = -ENOMEM;
		goto out_put;
	}
	if (tsk == current)
		info |= KSTACK_INFO_SELF;

	/* The same walk as stack_trace_save_tsk() (/proc/PID/stack). */
	task_lock(tsk);
	if (!kstack_stack_pinned(tsk)) {
		info |= KSTACK_INFO_EXITING;
	} else {
		if (kstack_on_cpu(tsk))
			info |= KSTACK_INFO_ON_CPU;
		if (tsk != current)
			kstack_foreign_begin();
		for (unwind_start(&state, tsk, NULL, NULL);
		     !unwind_done(&state); unwind_next_frame(&state)) {
			addr = unwind_get_return_address(&state);
			if (!addr)
				break;
			if (n == tr->max_entries) {
				info |= KSTACK_INFO_TRUNCATED;
				break;
			}
			entries[n++] = addr;
		}
		if (tsk != current)
			kstack_foreign_end();
		if (unwind_error(&state))
			info |= KSTACK_INFO_UNRELIABLE;
	}
	task_unlock(tsk);

	if (n && copy_to_user(u64_to_user_ptr(tr->entries), entries,
			      n * sizeof(*entries))) {
		ret = -EFAULT;
	} else {
		tr->nr_entries = n;
		tr->info = info;
	}
	kfree(entries);
out_put:
	put_task_struct(tsk);
	return ret;
}

/*
 * Is @addr kernel text?  kernel_text_address() is not exported to modules;
 * the exported unwind_get_return_address() returns state->ip exactly when
 * __kernel_text_address(state->ip) holds (core, module, BPF, ftrace and
 * kprobe text -- and init text, even after it was freed).  Should a future
 * unwinder change that, the check fails closed (EPERM).  The page must also
 * be mapped executable and not user-accessible, which rules out freed init
 * text (made NX before it is freed) and anything being set up or torn down.
 * Text regions end on page boundaries or are followed by more code in the
 * same executable page (the core kernel's tail, packed BPF images), so the
 * first byte of a range in each page decides for the whole page.
 * Called under rcu_read_lock().
 */
static bool kstack_is_text(unsigned long addr)
{
	struct unwind_state state;
	unsigned int level;
	pte_t *pte;

	if (addr < TASK_SIZE_MAX)
		return false;
	memset(&state, 0, sizeof(state));
	state.stack_info.type = STACK_TYPE_TASK;
	state.ip = addr;
	if (unwind_get_return_address(&state) != addr)
		return false;
	pte = lookup_address(addr, &level);
	return pte && pte_present(*pte) && pte_exec(*pte) &&
	       !(pte_flags(*pte) & _PAGE_USER);
}

/* Copies @len bytes of @tsk's stack, which started at @base. */
static int kstack_copy_stack(struct task_struct *tsk, unsigned long base,
			     void *dst, unsigned long src, size_t len)
{
	int ret = 0;

	task_lock(tsk);
	if (!kstack_stack_pinned(tsk) ||
	    (unsigned long)task_stack_page(tsk) != base)
		ret = -ESRCH;
	else if (copy_from_kernel_nofault(dst, (void *)src, len))
		ret = -EFAULT;
	task_unlock(tsk);
	return ret;
}

/* Copies @len bytes of text, all in @src's page. */
static int kstack_copy_text(void *dst, unsigned long src, size_t len)
{
	int ret = 0;

	rcu_read_lock();
	if (!kstack_is_text(src) ||
	    copy_from_kernel_nofault(dst, (void *)src, len))
		ret = -EFAULT;
	rcu_read_unlock();
	return ret;
}

static size_t kstack_page_chunk(unsigned long addr, size_t left)
{
	return min_t(size_t, left, PAGE_SIZE - offset_in_page(addr));
}

int kstack_read_memory(struct kstack_read *rd)
{
	unsigned long addr = rd->addr, end = addr + rd->len, base = 0;
	u8 __user *ubuf = u64_to_user_ptr(rd->buf);
	struct task_struct *tsk = NULL;
	bool in_stack = false, exiting = false, text = true;
	size_t done, chunk, left;
	void *bounce;
	int ret = 0;

	rd->copied = 0;
	if (rd->flags || rd->reserved || rd->tid < 0 || !rd->len ||
	    rd->len > KSTACK_READ_MAX)
		return -EINVAL;
	if (rd->tid) {
		tsk = kstack_get_target(rd->tid);
		if (IS_ERR(tsk))
			return PTR_ERR(tsk);
	}
	if (end < addr || addr < TASK_SIZE_MAX) {
		ret = -EPERM;
		goto out_put;
	}

	/* Check the whole range before copying anything. */
	if (tsk) {
		task_lock(tsk);
		if (kstack_stack_pinned(tsk)) {
			base = (unsigned long)task_stack_page(tsk);
			in_stack = addr >= base && end <= base + THREAD_SIZE;
		} else {
			exiting = true;
		}
		task_unlock(tsk);
	}
	if (!in_stack) {
		rcu_read_lock();
		for (done = 0; done < rd->len && text; done += chunk) {
			chunk = kstack_page_chunk(addr + done, rd->len - done);
			text = kstack_is_text(addr + done);
		}
		rcu_read_unlock();
		if (!text) {
			ret = exiting ? -ESRCH : -EPERM;
			goto out_put;
		}
	}

	bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!bounce) {
		ret = -ENOMEM;
		goto out_put;
	}
	for (done = 0; done < rd->len; done += chunk) {
		chunk = kstack_page_chunk(addr + done, rd->len - done);
		if (in_stack)
			ret = kstack_copy_stack(tsk, base, bounce, addr + done,
						chunk);
		else
			ret = kstack_copy_text(bounce, addr + done, chunk);
		if (ret)
			break;
		left = copy_to_user(ubuf + done, bounce, chunk);
		if (left) {
			done += chunk - left;
			ret = -EFAULT;
			break;
		}
	}
	rd->copied = done;
	kfree(bounce);
out_put:
	if (tsk)
		put_task_struct(tsk);
	return ret;
}
