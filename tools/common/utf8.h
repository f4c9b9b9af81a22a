/* SPDX-License-Identifier: GPL-2.0 */
/* UTF-8 for the tools' JSON and text output. */
#ifndef DS_COMMON_UTF8_H
#define DS_COMMON_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length (1..4) of the well-formed UTF-8 sequence at p[0..n), its code
 * point in *cp; 0 when the bytes there are not one (overlong forms,
 * surrogates and values past U+10FFFF are not).
 */
size_t utf8_sequence(const unsigned char *p, size_t n, uint32_t *cp);

#endif /* DS_COMMON_UTF8_H */
