// SPDX-License-Identifier: GPL-2.0
/* dsctl: how names, types, limits and items are shown. */
#include <stdint.h>
#include <stdio.h>

#include "common/utf8.h"
#include "dsctl.h"

/*
 * A name as it can be shown on a terminal and read back by word: control
 * characters, space, backslash and DEL as \ooo (more than /proc's
 * seq_escape, which leaves most control characters alone).  Static buffer.
 */
const char *shown(const char *name)
{
	static char buf[4 * DS_NAME_MAX + 16];
	const unsigned char *p = (const unsigned char *)name;
	size_t n = 0;

	for (; *p && n + 5 < sizeof(buf); p++) {
		if (*p <= ' ' || *p == '\\' || *p == 0x7f)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\\%03o", *p);
		else
			buf[n++] = (char)*p;
	}
	buf[n] = '\0';
	return buf;
}

/* The type in text output: "lifo" or "fifo", ",persistent" appended. */
const char *type_str(bool fifo, bool persistent)
{
	static const char *const t[2][2] = {
		{ "lifo", "lifo,persistent" }, { "fifo", "fifo,persistent" },
	};

	return t[fifo][persistent];
}

/* "-" for a 0 (unlimited) limit. */
const char *limit_str(unsigned long long v, char *buf, size_t n)
{
	if (!v)
		return "-";
	snprintf(buf, n, "%llu", v);
	return buf;
}

/* Valid UTF-8 without control characters other than tab and newline? */
static bool is_text(const unsigned char *p, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_sequence(p + i, n - i, &cp);
		if (!len || (cp < 0x20 && cp != '\t' && cp != '\n') ||
		    (cp >= 0x7f && cp <= 0x9f))
			return false;
		i += len;
	}
	return true;
}

static void print_hex(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

/*
 * Prints an item: text as it is (one trailing NUL, as C strings are pushed,
 * dropped; a newline added), anything else as hex digits; or as asked.
 */
void print_item(const unsigned char *p, size_t n, enum format fmt)
{
	size_t tn = n;

	if (fmt == FMT_RAW) {
		fwrite(p, 1, n, stdout);
		return;
	}
	if (tn && p[tn - 1] == '\0')
		tn--;
	if (fmt == FMT_AUTO && tn && is_text(p, tn)) {
		fwrite(p, 1, tn, stdout);
		if (p[tn - 1] != '\n')
			putchar('\n');
		return;
	}
	print_hex(p, n);
}

/* The exit status once output is complete: a failed write is a failure. */
int finish_output(void)
{
	return fflush(stdout) || ferror(stdout) ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}
