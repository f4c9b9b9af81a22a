// SPDX-License-Identifier: GPL-2.0
/*
 * kstack (the tool): views of many threads.  Which threads are shown
 * (--match, --state), a stack's identity (for --group, --watch and
 * --folded), groups of threads with the same stack, and the folded table
 * (one line per distinct stack, outermost frame first, with its count:
 * the input flame-graph tools read), which --watch accumulates over
 * samples.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kstack.h"

struct view_opts view;

static bool frames_match(const struct frame *f, size_t n, const char *pat)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].func && !fnmatch(pat, f[i].func, 0))
			return true;
	return false;
}

bool view_selected(const struct thread_report *t)
{
	if (view.states && (!t->state || !strchr(view.states, t->state)))
		return false;
	if (view.match && !frames_match(t->kframes, t->nk, view.match) &&
	    !frames_match(t->uframes, t->nu, view.match))
		return false;
	return true;
}

/* Grows *buf (of *cap bytes, *len used) by the formatted text. */
static void append(char **buf, size_t *len, size_t *cap, const char *fmt,
		   const char *s, uint64_t v)
{
	int n;

	for (;;) {
		n = snprintf(*buf + *len, *cap - *len, fmt, s, v);
		if (n >= 0 && (size_t)n < *cap - *len)
			break;
		*cap *= 2;
		*buf = realloc(*buf, *cap);
		if (!*buf) {
			perror("kstack");
			exit(TOOL_EXIT_FAIL);
		}
	}
	*len += (size_t)n;
}

static void key_frames(char **buf, size_t *len, size_t *cap,
		       const struct frame *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (f[i].func)
			append(buf, len, cap, "%s+0x%" PRIx64 "\n", f[i].func,
			       f[i].offset);
		else
			append(buf, len, cap, "%s0x%" PRIx64 "\n",
			       f[i].object ? f[i].object : "", f[i].addr);
	}
}

/*
 * A thread's stack identity: every frame as function+offset (address when
 * unnamed), kernel then user.  Threads waiting at the same place share it.
 */
char *stack_key(const struct thread_report *t)
{
	size_t len = 0, cap = 256;
	char *buf = xmalloc(cap);

	buf[0] = '\0';
	key_frames(&buf, &len, &cap, t->kframes, t->nk);
	append(&buf, &len, &cap, "%s--\n", "", 0);
	key_frames(&buf, &len, &cap, t->uframes, t->nu);
	return buf;
}

/*
 * The groups of the shown threads of p (t->shown) with the same stack, in
 * the order of their first thread.  Returns their number; *out is
 * malloc'ed.  Each thread's key is compared with the groups found so far.
 */
size_t group_threads(const struct process_report *p, struct group **out)
{
	size_t cap = p->nthreads ? p->nthreads : 1, n = 0, i, k;
	size_t *of = xcalloc(cap, sizeof(*of));
	char **keys = xcalloc(cap, sizeof(*keys));
	struct group *g = xcalloc(cap, sizeof(*g));

	for (i = 0; i < p->nthreads; i++) {
		if (!p->threads[i].shown)
			continue;
		keys[i] = stack_key(&p->threads[i]);
		for (k = 0; k < n && strcmp(keys[g[k].first], keys[i]); k++)
			;
		if (k == n)
			g[n++].first = i;
		g[k].count++;
		of[i] = k;
	}
	for (k = 0; k < n; k++) {
		g[k].tids = xcalloc(g[k].count, sizeof(*g[k].tids));
		g[k].count = 0;
	}
	for (i = 0; i < p->nthreads; i++) {
		if (!p->threads[i].shown)
			continue;
		k = of[i];
		g[k].tids[g[k].count++] = p->threads[i].tid;
		free(keys[i]);
	}
	free(keys);
	free(of);
	*out = g;
	return n;
}

void groups_free(struct group *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(g[i].tids);
	free(g);
}

/* ---- --folded ---- */

struct folded_line {
	char *stack;
	unsigned long count;
};

static struct folded_line *folded;
static size_t nfolded, capfolded;

/* One frame's folded name; kernel frames carry the usual "_[k]". */
static void folded_frame(char **buf, size_t *len, size_t *cap,
			 const struct frame *f, bool kernel)
{
	const char *obj = f->object ? strrchr(f->object, '/') : NULL;

	if (*len)
		append(buf, len, cap, "%s", ";", 0);
	if (f->func)
		append(buf, len, cap, kernel ? "%s_[k]" : "%s", f->func, 0);
	else if (obj || f->object)
		append(buf, len, cap, "[%s]", obj ? obj + 1 : f->object, 0);
	else
		append(buf, len, cap, "%s0x%" PRIx64, kernel ? "k:" : "", f->addr);
}

/* Adds a thread's stack, outermost frame first, to the folded table. */
void folded_add(const char *comm, const struct thread_report *t)
{
	size_t len = 0, cap = 256, i;
	char *buf = xmalloc(cap);

	buf[0] = '\0';
	append(&buf, &len, &cap, "%s", comm, 0);
	for (i = t->nu; i-- > 0;)
		folded_frame(&buf, &len, &cap, &t->uframes[i], false);
	for (i = t->nk; i-- > 0;)
		folded_frame(&buf, &len, &cap, &t->kframes[i], true);
	for (i = 0; i < nfolded; i++) {
		if (!strcmp(folded[i].stack, buf)) {
			folded[i].count++;
			free(buf);
			return;
		}
	}
	if (nfolded == capfolded) {
		capfolded = capfolded ? 2 * capfolded : 64;
		folded = realloc(folded, capfolded * sizeof(*folded));
		if (!folded) {
			perror("kstack");
			exit(TOOL_EXIT_FAIL);
		}
	}
	folded[nfolded++] = (struct folded_line){ buf, 1 };
}

static int folded_cmp(const void *a, const void *b)
{
	const struct folded_line *x = a, *y = b;

	return strcmp(x->stack, y->stack);
}

/* Prints the table, sorted (as stackcollapse tools do), and empties it. */
void folded_print(void)
{
	size_t i;

	if (nfolded)
		qsort(folded, nfolded, sizeof(*folded), folded_cmp);
	for (i = 0; i < nfolded; i++) {
		printf("%s %lu\n", folded[i].stack, folded[i].count);
		free(folded[i].stack);
	}
	free(folded);
	folded = NULL;
	nfolded = capfolded = 0;
}
