// SPDX-License-Identifier: GPL-2.0
/* dsctl: parsing sizes, seconds, names and hex data. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dsctl.h"

/* SIZE: a number with an optional K, M, G or T (binary) suffix. */
int parse_size(const char *s, unsigned long long *out)
{
	unsigned long long v, mul = 1;
	char *end;

	if (!*s || *s == '-' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': mul = 1ULL << 10; end++; break;
	case 'M': mul = 1ULL << 20; end++; break;
	case 'G': mul = 1ULL << 30; end++; break;
	case 'T': mul = 1ULL << 40; end++; break;
	default: return -1;
	}
	if (mul > 1 && (!strcasecmp(end, "iB") || !strcasecmp(end, "B")))
		end += strlen(end);
	if (*end || v > ULLONG_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* SECONDS: a non-negative decimal number, to nanoseconds. */
int parse_seconds(const char *s, long long *ns)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0 || v > 1e9)
		return -1;
	*ns = (long long)(v * 1e9);
	return 0;
}

/* --wait[=SECONDS]: no value waits as long as it takes. */
int parse_wait(const char *arg, long long *timeout_ns)
{
	if (!arg) {
		*timeout_ns = DS_TIMEOUT_INFINITE;
		return 0;
	}
	if (parse_seconds(arg, timeout_ns))
		return usage_error(cur_cmd->name, "invalid --wait '%s' (seconds)", arg);
	return 0;
}

int check_name(const char *cmd, const char *name)
{
	if (!*name)
		return usage_error(cmd, "the name is empty");
	if (strchr(name, '/'))
		return usage_error(cmd, "invalid name '%s': a name may not contain '/'",
				   shown(name));
	if (strlen(name) > DS_NAME_MAX)
		return usage_error(cmd, "name longer than %d bytes", DS_NAME_MAX);
	return 0;
}

/* Hex digits (white space ignored) to bytes; -1 when they are not. */
int hex_decode(const char *s, char **out, size_t *len)
{
	char *buf = xmalloc(strlen(s) / 2 + 1);
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int d;

		if (isspace((unsigned char)*s))
			continue;
		if (!isxdigit((unsigned char)*s)) {
			free(buf);
			return -1;
		}
		d = isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10;
		if (hi < 0) {
			hi = d;
		} else {
			buf[n++] = (char)(hi << 4 | d);
			hi = -1;
		}
	}
	if (hi >= 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
}
