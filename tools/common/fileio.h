/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole-file readers for the tools: /proc and sysfs files (whose size is
 * not known before reading), standard input, item files.  The buffers are
 * NUL-terminated (the NUL is not counted).  Each returns 0 or -errno
 * (-EFBIG past max bytes); EINTR is retried.
 */
#ifndef DS_COMMON_FILEIO_H
#define DS_COMMON_FILEIO_H

#include <stddef.h>

/* Reads fd to its end into a new buffer (free it). */
int read_fd_all(int fd, size_t max, char **buf, size_t *len);

/* Reads the file at path into a new buffer (free it). */
int read_file(const char *path, size_t max, char **buf, size_t *len);

/* Reads at most size - 1 bytes of a small file into buf. */
int read_file_into(const char *path, char *buf, size_t size);

#endif /* DS_COMMON_FILEIO_H */
