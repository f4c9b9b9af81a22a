// SPDX-License-Identifier: GPL-2.0
/* Whole-file readers for the tools (fileio.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "fileio.h"
#include "xalloc.h"

/* Reads into buf[0..cap) until the end or cap; returns bytes or -errno. */
static long read_some(int fd, char *buf, size_t cap)
{
	size_t n = 0;

	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	return (long)n;
}

int read_fd_all(int fd, size_t max, char **out, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap + 1);
	long r;

	for (;;) {
		r = read_some(fd, buf + n, cap - n);
		if (r < 0) {
			free(buf);
			return (int)r;
		}
		n += (size_t)r;
		if (n < cap)
			break;
		if (cap >= max) {
			char extra;

			r = read_some(fd, &extra, 1);
			if (r == 0)
				break;
			free(buf);
			return r < 0 ? (int)r : -EFBIG;
		}
		cap = cap * 2 < max ? cap * 2 : max;
		buf = xrealloc(buf, cap + 1);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int read_file(const char *path, size_t max, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = read_fd_all(fd, max, buf, len);
	close(fd);
	return ret;
}

int read_file_into(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long n;

	if (fd < 0)
		return -errno;
	n = read_some(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	return 0;
}
