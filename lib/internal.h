/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libdatastack's calls between its layers, not exported (the version map
 * keeps them local): the native API (native.c) names the instance a call
 * goes to, as Global\ and Local\ do.
 */
#ifndef LIBDATASTACK_INTERNAL_H
#define LIBDATASTACK_INTERNAL_H

#include "datastack.h"

/* ds_create_ex() and ds_open() in the instance whose root is dir. */
int ds_create_in(const char *dir, const char *name, unsigned int flags,
		 unsigned int mode, unsigned int rights,
		 const struct ds_limits *limits, unsigned int *result);
int ds_open_in(const char *dir, const char *name, unsigned int rights,
	       unsigned int flags);

#endif
