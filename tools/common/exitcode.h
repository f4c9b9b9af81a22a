/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit statuses of the tools (dsctl(1) and kstack(1) document them):
 *   0  success: everything asked for was done
 *   1  failure: an operation (or, for kstack, a target) failed
 *   2  usage error: bad command line
 *   3  (dsctl) the data stack was empty or full, or a wait timed out
 *   4  no such data stack, process or thread
 *   5  unavailable: the kernel support is missing (no DataStack instance)
 */
#ifndef DS_COMMON_EXITCODE_H
#define DS_COMMON_EXITCODE_H

enum tool_exit {
	TOOL_EXIT_OK		= 0,
	TOOL_EXIT_FAIL		= 1,
	TOOL_EXIT_USAGE		= 2,
	TOOL_EXIT_AGAIN		= 3,
	TOOL_EXIT_NOENT		= 4,
	TOOL_EXIT_UNAVAILABLE	= 5,
};

/* The status for a failed operation's errno (positive). */
int tool_exit_for_errno(int err);

#endif /* DS_COMMON_EXITCODE_H */
