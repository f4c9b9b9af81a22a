/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * KStack: what a stack walker needs from the kernel about a thread -- its
 * saved context, its kernel stack trace, and bounded, fault-safe reads of
 * its kernel stack and of kernel text.
 *
 * Device: /dev/kstack, mode 0600.  open() fails with
 *   EPERM   the caller lacks CAP_SYS_ADMIN, or the kernel is locked down
 *           for confidentiality (lockdown=confidentiality);
 *   EACCES  (from the VFS, before the driver is asked) the caller fails the
 *           0600 permission check.
 *
 * Who may be inspected.  Opening needs CAP_SYS_ADMIN; each command that
 * names a thread also checks the caller against that thread, every time:
 *  - a thread of the caller's own process: always;
 *  - a kernel thread: the caller has CAP_SYS_ADMIN in the initial user
 *    namespace (as /proc/PID/stack asks of root);
 *  - any other thread: the caller is its tracer.  PTRACE_SEIZE makes it
 *    one without stopping the thread, and is where the kernel's own ptrace
 *    policy rules: credentials, dumpability, Yama's ptrace_scope, LSMs.  A
 *    thread already traced by another (gdb, strace) cannot be inspected.
 *    Being the tracer is per thread (the thread that seized).
 * The descriptor itself is the capability, as /dev/mem's is: a process it
 * is passed to, privileged or not, may name kernel symbols (SYMBOL), read
 * kernel text (READ_MEMORY with tid 0), see its own threads' kernel
 * stacks, and inspect any thread ptrace lets it seize.  Keep it in root's
 * hands.
 * Lockdown (confidentiality) is checked on every command too, so raising
 * it after open takes effect at once.  Either refusal is EPERM.
 *
 * Every command takes a pointer to one of the structures below.  Common
 * rules:
 *  - Thread ids (tid) are resolved in the pid namespace of the thread that
 *    issues the ioctl.
 *  - 'size' is set by the caller to sizeof() the structure it was built
 *    with.  A smaller size than the first version of the structure (its
 *    KSTACK_*_SIZE_VER0) is EINVAL; a larger one is accepted when the bytes the driver does not
 *    know are zero (else E2BIG), up to a page (4096 bytes; above, E2BIG).
 *    On return 'size' holds the number of bytes the driver wrote back.
 *    The size encoded in the command number is ignored, so the structures
 *    can grow at their end.
 *  - 'flags' bits the driver does not know, and non-zero reserved fields,
 *    are EINVAL.
 *  - Pointers are passed as __u64; all structures have the same layout
 *    for 32-bit and 64-bit callers (32-bit callers go through
 *    compat_ioctl).
 *  - Every command may also fail with EFAULT (the argument cannot be read
 *    or written), ENOTTY (unknown command) and EPERM (the kernel is locked
 *    down for confidentiality).
 */
#ifndef _UAPI_LINUX_KSTACK_H
#define _UAPI_LINUX_KSTACK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KSTACK_IOC_MAGIC	0xD6

#define KSTACK_COMM_LEN		16	/* TASK_COMM_LEN */
#define KSTACK_MAX_ENTRIES	256	/* largest STACK_TRACE max_entries */
#define KSTACK_READ_MAX		65536	/* largest READ_MEMORY len */

/*
 * kstack_thread_ctx.info and kstack_trace.info bits:
 *   ON_CPU      running on a CPU (or the caller itself): kernel_sp and
 *               resume_ip are not filled in; the trace is empty (or, for
 *               the caller, its own)
 *   KTHREAD     a kernel thread: no user context
 *   EXITING     past the point in exit where its kernel stack may be
 *               freed: no stack fields, no trace
 *   COMPAT      its user mode is 32-bit
 *   SELF        the thread issuing the ioctl
 *   TRUNCATED   trace: there were more frames than max_entries
 *   UNRELIABLE  trace: the unwinder reported an error; frames may be
 *               missing.  Always set with ON_CPU for another thread: the
 *               unwinder refuses a thread running on another CPU
 *
 * On every successful return each "out" field is written: one a path has
 * nothing for (an exiting, on-CPU or kernel thread's) is 0.
 */
#define KSTACK_INFO_ON_CPU	(1U << 0)
#define KSTACK_INFO_KTHREAD	(1U << 1)
#define KSTACK_INFO_EXITING	(1U << 2)
#define KSTACK_INFO_COMPAT	(1U << 3)
#define KSTACK_INFO_SELF	(1U << 4)
#define KSTACK_INFO_TRUNCATED	(1U << 5)
#define KSTACK_INFO_UNRELIABLE	(1U << 6)

/*
 * KSTACK_IOC_THREAD_CONTEXT: a thread's saved context.
 *
 * The kernel fields describe where the thread was switched out: kernel_sp
 * is its saved stack pointer (thread.sp) and resume_ip the address it
 * resumes at (the return address of the switch frame at kernel_sp).  The
 * user fields are the user-mode registers saved on its last entry into
 * the kernel; for a thread that is running in user mode they are stale.
 * 'regs' holds all of them (since size KSTACK_THREAD_CTX_SIZE_VER1).
 *
 * Reading a blocked thread's user stack without stopping it.  A thread
 * that is off CPU (KSTACK_INFO_ON_CPU clear) does not touch its user
 * registers or stack until it runs again, and it cannot run and be off CPU
 * again without a context switch, which 'switches' counts.  So: take the
 * context, read the stack (process_vm_readv), take the context again; if
 * both times the thread was off CPU and 'switches' did not change, the
 * registers and the stack read belong together.  The driver orders the
 * caller's earlier reads before its read of on_cpu (smp_rmb), reads on_cpu
 * with acquire ordering, then 'switches', then 'regs'.  The count sees
 * only the thread itself: another writer of the same memory (a sibling
 * thread, a vfork child on the shared stack, process_vm_writev) is not
 * detected.
 *
 * Errors:
 *   EINVAL  size below KSTACK_THREAD_CTX_SIZE_VER0, flags or reserved
 *           bytes non-zero, tid < 0
 *   E2BIG   size larger than the driver knows and the extra bytes non-zero
 *   ESRCH   no thread tid in the caller's pid namespace (tid 0 included)
 *   EPERM   the caller may not inspect tid (see "Who may be inspected")
 *   EFAULT  the structure cannot be read or written
 */
/*
 * The user-mode general registers, in the order of x86-64's struct
 * user_regs_struct (<sys/user.h>) up to ss; for a 32-bit thread the upper
 * halves are 0 and r8..r15 unused.
 */
struct kstack_user_regs {
	__u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	__u64 rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
};

struct kstack_thread_ctx {
	__u32 size;		/* in: sizeof(struct); out: bytes written */
	__u32 flags;		/* in: 0 */
	__s32 tid;		/* in: thread id */
	__s32 tgid;		/* out: its process (thread group) id */
	__u32 info;		/* out: KSTACK_INFO_* */
	__u32 cpu;		/* out: CPU it runs or last ran on */
	__u8 state;		/* out: R S D T t X Z P I (/proc/PID/stat) */
	__u8 reserved[7];	/* in: 0; out: 0 */
	char comm[KSTACK_COMM_LEN]; /* out: NUL-terminated name */
	__u64 kernel_sp;	/* out: saved kernel stack pointer */
	__u64 resume_ip;	/* out: kernel address it resumes at */
	__u64 stack_base;	/* out: lowest address of its kernel stack */
	__u64 stack_size;	/* out: size of its kernel stack (THREAD_SIZE) */
	__u64 user_ip;		/* out: user-mode instruction pointer */
	__u64 user_sp;		/* out: user-mode stack pointer */
	__u64 user_bp;		/* out: user-mode frame pointer */
	/* Since KSTACK_THREAD_CTX_SIZE_VER1: */
	__u64 switches;		/* out: context switches so far (nvcsw + nivcsw) */
	struct kstack_user_regs regs; /* out: user-mode registers, as user_* */
};

#define KSTACK_THREAD_CTX_SIZE_VER0	104	/* up to user_bp */
#define KSTACK_THREAD_CTX_SIZE_VER1	280	/* switches and regs */

/*
 * KSTACK_IOC_STACK_TRACE: a thread's kernel return addresses, innermost
 * first, from the kernel's own unwinder: the walk /proc/PID/stack makes,
 * but the scheduler's own frames (__schedule, schedule, ... in the
 * __sched_text_start..__sched_text_end range of /proc/kallsyms) are kept,
 * where /proc/PID/stack drops them: a stack walker sees where the thread
 * switched out, and can drop that range itself.  Safe whatever the thread
 * does meanwhile: a thread running on another CPU gives an empty trace
 * with KSTACK_INFO_ON_CPU | KSTACK_INFO_UNRELIABLE, one past the point
 * where its stack may be freed an empty trace with KSTACK_INFO_EXITING.
 *
 * Errors:
 *   EINVAL  size too small, flags or reserved bytes non-zero, tid < 0,
 *           max_entries 0 or above KSTACK_MAX_ENTRIES
 *   EPERM   the caller may not inspect tid (see "Who may be inspected")
 *   E2BIG   size larger than the driver knows and the extra bytes non-zero
 *   ESRCH   no thread tid in the caller's pid namespace (tid 0 included)
 *   ENOMEM  no memory for the trace
 *   EFAULT  the structure cannot be read or written, or entries cannot be
 *           written (nr_entries is then not updated)
 */
struct kstack_trace {
	__u32 size;		/* in: sizeof(struct); out: bytes written */
	__u32 flags;		/* in: 0 */
	__s32 tid;		/* in: thread id */
	__u32 max_entries;	/* in: room in entries, 1..KSTACK_MAX_ENTRIES */
	__u64 entries;		/* in: user pointer to __u64[max_entries] */
	__u32 nr_entries;	/* out: addresses stored */
	__u32 info;		/* out: KSTACK_INFO_* at the time of the walk */
};

#define KSTACK_TRACE_SIZE_VER0		32

/*
 * KSTACK_IOC_READ_MEMORY: copies len bytes of kernel memory at addr to buf
 * without ever faulting the kernel.  The whole range must lie in one of:
 *  - the kernel stack of thread tid (tid > 0), or
 *  - kernel text (core kernel or module code, mapped executable).
 * The range is checked before anything is copied, then copied page by
 * page; 'copied' always tells how many bytes reached buf, also on error.
 *
 * Errors:
 *   EINVAL  size too small, flags or reserved bytes non-zero, tid < 0,
 *           len 0 or above KSTACK_READ_MAX
 *   E2BIG   size larger than the driver knows and the extra bytes non-zero
 *   ESRCH   tid > 0 names no thread in the caller's pid namespace, or the
 *           thread exited (its stack went away) before or during the read
 *   EPERM   the range is not entirely inside tid's kernel stack or kernel
 *           text (user, non-canonical, unmapped, data, freed addresses...),
 *           or tid > 0 and the caller may not inspect it (see "Who may be
 *           inspected")
 *   EFAULT  a byte of the range could not be read (e.g. the module it
 *           belonged to was unloaded meanwhile), or buf is not writable;
 *           'copied' bytes were delivered before it
 *   ENOMEM  no memory for the bounce buffer
 */
struct kstack_read {
	__u32 size;		/* in: sizeof(struct); out: bytes written */
	__u32 flags;		/* in: 0 */
	__s32 tid;		/* in: thread whose stack may be read, or 0 */
	__u32 len;		/* in: bytes to copy, 1..KSTACK_READ_MAX */
	__u64 addr;		/* in: kernel address */
	__u64 buf;		/* in: user pointer to len bytes */
	__u32 copied;		/* out: bytes copied to buf */
	__u32 reserved;		/* in: 0 */
};

#define KSTACK_READ_SIZE_VER0		40

/*
 * KSTACK_IOC_SYMBOL: the kernel symbol (core kernel or module text, as
 * /proc/kallsyms lists it) containing addr, without reading all of
 * /proc/kallsyms.  With KSTACK_SYMBOL_RETURN_ADDRESS, addr is a return
 * address and addr - 1 is looked up, as the kernel's %pB does, so a call
 * at the very end of a function is credited to it; offset is still from
 * addr.  Not tied to a thread: anyone holding the descriptor may ask.
 *
 * Errors:
 *   EINVAL  size too small, unknown flags
 *   E2BIG   size larger than the driver knows and the extra bytes non-zero
 *   ENOENT  no symbol contains addr
 *   ENOMEM  no memory for the lookup
 *   EFAULT  the structure cannot be read or written
 */
#define KSTACK_SYMBOL_RETURN_ADDRESS	(1U << 0)
#define KSTACK_SYMBOL_NAME_LEN		512	/* the kernel's KSYM_NAME_LEN */
#define KSTACK_MODULE_NAME_LEN		64	/* above its MODULE_NAME_LEN */

struct kstack_symbol {
	__u32 size;		/* in: sizeof(struct); out: bytes written */
	__u32 flags;		/* in: KSTACK_SYMBOL_* */
	__u64 addr;		/* in: kernel address */
	__u64 offset;		/* out: addr - the symbol's start */
	__u64 symbol_size;	/* out: the symbol's size */
	char module[KSTACK_MODULE_NAME_LEN]; /* out: its module, "" for vmlinux */
	char name[KSTACK_SYMBOL_NAME_LEN];   /* out: NUL-terminated */
};

#define KSTACK_SYMBOL_SIZE_VER0		608

#define KSTACK_IOC_THREAD_CONTEXT \
	_IOWR(KSTACK_IOC_MAGIC, 1, struct kstack_thread_ctx)
#define KSTACK_IOC_STACK_TRACE \
	_IOWR(KSTACK_IOC_MAGIC, 2, struct kstack_trace)
#define KSTACK_IOC_READ_MEMORY \
	_IOWR(KSTACK_IOC_MAGIC, 3, struct kstack_read)
#define KSTACK_IOC_SYMBOL \
	_IOWR(KSTACK_IOC_MAGIC, 4, struct kstack_symbol)

#endif /* _UAPI_LINUX_KSTACK_H */
