/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsctl: declarations shared by its files.
 *
 *   main.c     the command table, option and error conventions, main()
 *   parse.c    sizes, seconds, names, hex
 *   format.c   how names, types, limits and items are shown
 *   listing.c  the objects of the instance, as typed entries (listing.h)
 *   items.c    push, pop, peek, clear
 *   objects.c  create, rm, stat, ls
 *   watch.c    watch: sampling and rendering
 */
#ifndef DSCTL_H
#define DSCTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <datastack.h>

#include "common/exitcode.h"
#include "common/xalloc.h"

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

/* main.c */
extern const struct cmd *cur_cmd;	/* the subcommand being run */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int next_opt(int argc, char **argv, const char *shortopts,
	     const struct option *longopts);
const char *one_name(int argc, char **argv);
const char *only_name(int argc, char **argv);
bool no_operands(int argc, char **argv);
int op_error(const char *cmd, const char *name, int err, const char *detail);
int open_or_die(const char *name, unsigned int rights);
int query_name(const char *name, struct ds_info *info);

/* parse.c */
int parse_size(const char *s, unsigned long long *out);
int parse_seconds(const char *s, long long *ns);
int parse_wait(const char *arg, long long *timeout_ns);
int check_name(const char *cmd, const char *name);
int hex_decode(const char *s, char **out, size_t *len);

/* format.c */
enum format { FMT_AUTO, FMT_HEX, FMT_RAW };
const char *shown(const char *name);
const char *type_str(bool fifo, bool persistent);
const char *limit_str(unsigned long long v, char *buf, size_t n);
void print_item(const unsigned char *p, size_t n, enum format fmt);
int finish_output(void);

/* The commands. */
int cmd_create(int argc, char **argv);
int cmd_push(int argc, char **argv);
int cmd_pop(int argc, char **argv);
int cmd_peek(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_rm(int argc, char **argv);
int cmd_watch(int argc, char **argv);

#endif /* DSCTL_H */
