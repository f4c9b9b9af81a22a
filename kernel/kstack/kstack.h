/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kstack: interface between the device (main.c) and the thread inspection
 * code (inspect.c).  Each function takes the ioctl argument already copied
 * into the kernel and validated for size; it validates the rest, does the
 * work, copies any bulk data to user space itself (outside every lock) and
 * fills in the output fields.  Locking and lifetime rules are in inspect.c.
 */
#ifndef KSTACK_INTERNAL_H
#define KSTACK_INTERNAL_H

#include <linux/kstack.h>

int kstack_thread_context(struct kstack_thread_ctx *ctx);
int kstack_stack_trace(struct kstack_trace *tr);
int kstack_read_memory(struct kstack_read *rd);
int kstack_symbol(struct kstack_symbol *sym);

#endif /* KSTACK_INTERNAL_H */
