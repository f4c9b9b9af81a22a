// SPDX-License-Identifier: GPL-2.0
/* The streaming JSON writer (json.h). */
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

void json_begin(struct json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->empty[0] = true;
}

void json_end(struct json *j)
{
	fputc('\n', j->out);
}

/* Before a value: the separator and, in an array, a new indented line. */
static void json_sep(struct json *j)
{
	bool first;

	if (j->after_key) {
		j->after_key = false;
		return;
	}
	first = j->empty[j->depth];
	j->empty[j->depth] = false;
	if (!first)
		fputc(',', j->out);
	if (j->depth && j->in_array[j->depth])
		fprintf(j->out, "\n%*s", 2 * j->depth, "");
	else if (j->depth && !first)
		fputc(' ', j->out);
}

static void json_open(struct json *j, char c, bool array)
{
	json_sep(j);
	fputc(c, j->out);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->in_array[j->depth] = array;
	j->empty[j->depth] = true;
}

static void json_close(struct json *j, char c)
{
	bool newline = j->in_array[j->depth] && !j->empty[j->depth];

	if (j->depth)
		j->depth--;
	if (newline)
		fprintf(j->out, "\n%*s", 2 * j->depth, "");
	fputc(c, j->out);
}

void json_object_begin(struct json *j)
{
	json_open(j, '{', false);
}

void json_object_end(struct json *j)
{
	json_close(j, '}');
}

void json_array_begin(struct json *j)
{
	json_open(j, '[', true);
}

void json_array_end(struct json *j)
{
	json_close(j, ']');
}

static void json_put_string(FILE *out, const unsigned char *p, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	fputc('"', out);
	while (i < n) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
		} else if (c == '\n') {
			fputs("\\n", out);
		} else if (c == '\t') {
			fputs("\\t", out);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(out, "\\u%04x", c);
		} else if ((len = utf8_sequence(p + i, n - i, &cp))) {
			fwrite(p + i, 1, len, out);
			i += len;
			continue;
		} else {
			fputs("\\ufffd", out);
		}
		i++;
	}
	fputc('"', out);
}

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_put_string(j->out, (const unsigned char *)key, strlen(key));
	fputs(": ", j->out);
	j->after_key = true;
}

void json_string_n(struct json *j, const char *s, size_t n)
{
	json_sep(j);
	json_put_string(j->out, (const unsigned char *)s, n);
}

void json_string(struct json *j, const char *s)
{
	if (!s)
		json_null(j);
	else
		json_string_n(j, s, strlen(s));
}

void json_uint(struct json *j, uint64_t v)
{
	json_sep(j);
	fprintf(j->out, "%" PRIu64, v);
}

void json_int(struct json *j, int64_t v)
{
	json_sep(j);
	fprintf(j->out, "%" PRId64, v);
}

void json_bool(struct json *j, bool v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j)
{
	json_sep(j);
	fputs("null", j->out);
}

void json_hex(struct json *j, uint64_t v)
{
	json_sep(j);
	fprintf(j->out, "\"0x%" PRIx64 "\"", v);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_uint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_kv_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_kv_hex(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_hex(j, v);
}
