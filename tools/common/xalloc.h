/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocation for the tools: each x* function returns memory or ends the
 * program with "NAME: out of memory" and TOOL_EXIT_FAIL, NAME being
 * tool_name (set by main).
 */
#ifndef DS_COMMON_XALLOC_H
#define DS_COMMON_XALLOC_H

#include <stddef.h>

extern const char *tool_name;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif /* DS_COMMON_XALLOC_H */
