/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A streaming JSON writer for the tools' --json output.  Strings are
 * always valid UTF-8 JSON: quotes, backslashes and control characters are
 * escaped, well-formed UTF-8 is copied, and each byte that is not part of
 * a well-formed sequence (a name is any bytes) becomes U+FFFD.  Each
 * element of an array starts a line of its own, indented by depth.
 */
#ifndef DS_COMMON_JSON_H
#define DS_COMMON_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *out;
	int depth;
	bool in_array[JSON_MAX_DEPTH];
	bool empty[JSON_MAX_DEPTH];	/* nothing written yet at that depth */
	bool after_key;
};

void json_begin(struct json *j, FILE *out);
void json_end(struct json *j);		/* ends the document with a newline */

void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
void json_key(struct json *j, const char *key);

void json_string(struct json *j, const char *s);	/* NULL: null */
void json_string_n(struct json *j, const char *s, size_t n);
void json_uint(struct json *j, uint64_t v);
void json_int(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
void json_hex(struct json *j, uint64_t v);	/* the string "0x..." */

/* Members: key and value in one call. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_uint(struct json *j, const char *key, uint64_t v);
void json_kv_int(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);
void json_kv_hex(struct json *j, const char *key, uint64_t v);

#endif /* DS_COMMON_JSON_H */
