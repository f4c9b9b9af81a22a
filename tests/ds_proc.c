// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/datastack: mode 0444, a header line, one line per object of the
 * reader's IPC namespace ("id name count bytes max_items max_item_size
 * max_bytes mode uid gid fds waiters type"; the name escaped, "(unnamed)"
 * for unnamed objects; type lifo/fifo with ",persistent"), whose figures
 * match DS_IOC_QUERY, and a final "total objects N items N bytes N" line
 * summed over the listed lines (in a new IPC namespace, its own only).  Objects of another IPC namespace are not
 * listed, either way.  No kernel address appears.  Reading in small pieces
 * gives the same text as one large read, with many objects.
 */
#include <ctype.h>
#include <sched.h>
#include <sys/stat.h>
#include "helpers.h"

#define HEADER "id name count bytes max_items max_item_size max_bytes mode uid gid fds waiters type"
#define MANY	150

static char text[1 << 20];

/* Reads the whole file, chunk bytes per read(2). */
static size_t read_proc(size_t chunk)
{
	size_t len = 0;
	ssize_t n;
	int f = open("/proc/datastack", O_RDONLY | O_CLOEXEC);

	CHECK(f >= 0, "open /proc/datastack");
	while ((n = read(f, text + len, chunk < sizeof(text) - 1 - len ? chunk :
			 sizeof(text) - 1 - len)) > 0)
		len += n;
	CHECK(n == 0, "read");
	close(f);
	text[len] = 0;
	return len;
}

struct line {
	unsigned long long id, count, bytes, max_items, max_item_size, max_bytes;
	unsigned int mode, uid, gid, fds, waiters;
	char name[1100], type[32];
};

/* Finds the line of object id in text; 0 if absent. */
static int find_line(uint64_t id, struct line *l)
{
	char *p = strchr(text, '\n') + 1;

	for (; *p && strncmp(p, "total ", 6); p = strchr(p, '\n') + 1) {
		CHECK(sscanf(p, "%llu %1099s %llu %llu %llu %llu %llu %o %u %u %u %u %31s",
			     &l->id, l->name, &l->count, &l->bytes, &l->max_items,
			     &l->max_item_size, &l->max_bytes, &l->mode, &l->uid, &l->gid,
			     &l->fds, &l->waiters, l->type) == 13, "bad line: %.80s", p);
		if (l->id == id)
			return 1;
	}
	return 0;
}

static char pers_name[96];
static int baseline;		/* object lines before the test's own */

/* A failed check must not leave the persistent object to later tests. */
static void cleanup(void)
{
	t_unlink(pers_name);
}

static int count_lines(void)
{
	int n = 0;

	for (char *p = strchr(text, '\n') + 1; *p && strncmp(p, "total ", 6);
	     p = strchr(p, '\n') + 1)
		n++;
	return n;
}

/* The object's line matches its query, and the expected name and type. */
static void check_line(int fd, const char *want_name, const char *want_type)
{
	struct ds_info i = t_info(fd);
	struct line l;

	CHECK(find_line(i.id, &l), "object %llu not listed:\n%s", (unsigned long long)i.id, text);
	CHECK(!strcmp(l.name, want_name), "name '%s', want '%s'", l.name, want_name);
	CHECK(!strcmp(l.type, want_type), "type '%s', want '%s'", l.type, want_type);
	CHECK(l.count == i.count && l.bytes == i.bytes && l.max_items == i.limits.max_items &&
	      l.max_item_size == i.limits.max_item_size && l.max_bytes == i.limits.max_bytes &&
	      l.mode == i.mode && l.uid == i.uid && l.gid == i.gid && l.fds == i.open_fds &&
	      l.waiters == i.waiters,
	      "line of %llu does not match its query: %llu %llu %llu %llu %llu %o %u %u %u %u",
	      l.id, l.count, l.bytes, l.max_items, l.max_item_size, l.max_bytes, l.mode, l.uid,
	      l.gid, l.fds, l.waiters);
}

static struct {
	long long objects, items, bytes;
} totals;

/* The header first, the totals last; totals = the sums of the lines. */
static void check_frame(void)
{
	long long objects = 0, items = 0, bytes = 0;
	struct line l;
	char *last;

	for (char *p = strchr(text, '\n') + 1; *p && strncmp(p, "total ", 6);
	     p = strchr(p, '\n') + 1) {
		CHECK(sscanf(p, "%*u %*s %llu %llu", &l.count, &l.bytes) == 2, "line %.80s", p);
		objects++;
		items += l.count;
		bytes += l.bytes;
	}

	CHECK(!strncmp(text, HEADER "\n", strlen(HEADER) + 1), "header: %.100s", text);
	CHECK(text[strlen(text) - 1] == '\n', "ends with a newline");
	text[strlen(text) - 1] = 0;
	last = strrchr(text, '\n') + 1;
	CHECK(sscanf(last, "total objects %lld items %lld bytes %lld", &totals.objects,
		     &totals.items, &totals.bytes) == 3, "totals line: '%s'", last);
	strcat(text, "\n");
	CHECK(totals.objects == objects && totals.items == items && totals.bytes == bytes,
	      "totals %lld %lld %lld, lines sum to %lld %lld %lld", totals.objects,
	      totals.items, totals.bytes, objects, items, bytes);
}

/* No token looks like a kernel address: 0xffff..., or 16 hex digits. */
static void check_no_address(void)
{
	CHECK(!strcasestr(text, "0xffff"), "0xffff in the text");
	for (char *p = text; *p;) {
		size_t n = strcspn(p, " \t\n"), k = 0;

		if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			k = 2;
		while (k < n && isxdigit((unsigned char)p[k]))
			k++;
		CHECK(!(k == n && n >= 16), "address-like token '%.*s'", (int)n, p);
		p += n;
		p += strspn(p, " \t\n");
	}
}

static void *blocked_pop(void *arg)
{
	char b[16];
	uint32_t size = sizeof(b);

	CHECK(t_pop_wait(*(int *)arg, b, &size, DS_WAIT_TIMEOUT, 10 * NSEC_PER_SEC) == 0, "pop");
	return NULL;
}

int main(void)
{
	char weird[128], weird_esc[160], plain_name[96];
	int named, unnamed, pers, dupfd, many[MANY], ctl2[2], ptc[2];
	uint64_t child_id;
	struct stat st;
	pthread_t th;
	size_t len;
	pid_t pid;
	char c;

	t_deadline(60);
	CHECK(stat("/proc/datastack", &st) == 0, "stat");
	CHECK((st.st_mode & 07777) == 0444, "mode %o", st.st_mode & 07777);

	snprintf(plain_name, sizeof(plain_name), "%s", t_name("proc"));
	snprintf(pers_name, sizeof(pers_name), "%s", t_name("proc-persistent"));
	atexit(cleanup);
	read_proc(65536);
	baseline = count_lines();	/* 0 unless an earlier test leaked */
	snprintf(weird, sizeof(weird), "a b\tc\\d\ne-%d", (int)getpid());
	snprintf(weird_esc, sizeof(weird_esc), "a\\040b\\011c\\134d\\012e-%d", (int)getpid());

	named = t_create_ex(plain_name, 5, 100, 1000, 0640, 0, 0, NULL);
	CHECK(named >= 0, "create named");
	unnamed = t_create_ex(NULL, 0, 0, 0, 0600, DS_CREATE_FIFO, 0, NULL);
	CHECK(unnamed >= 0, "create unnamed");
	pers = t_create_ex(pers_name, 0, 0, 0, 0600, DS_CREATE_PERSISTENT | DS_CREATE_FIFO, 0,
			   NULL);
	CHECK(pers >= 0, "create persistent");
	{
		int w = t_create(weird, 0);

		CHECK(w >= 0, "create weird name");
		dupfd = w;
	}
	CHECK(t_push(named, "abc", 3) == 0 && t_push(named, "defgh", 5) == 0, "push");
	CHECK(t_push(pers, "x", 1) == 0, "push");
	{
		int second = t_open(plain_name, DS_RIGHT_QUERY, 0);

		CHECK(second >= 0, "second open");
		len = read_proc(65536);
		check_frame();
		check_line(named, plain_name, "lifo");
		close(second);
	}
	check_line(unnamed, "(unnamed)", "fifo");
	check_line(pers, pers_name, "fifo,persistent");
	check_line(dupfd, weird_esc, "lifo");
	check_no_address();
	CHECK(count_lines() == baseline + 4, "%d object lines, want %d:\n%s", count_lines(),
	      baseline + 4, text);

	/* A blocked waiter shows in the line. */
	CHECK(pthread_create(&th, NULL, blocked_pop, &unnamed) == 0, "thread");
	t_wait_waiters(unnamed, 1);
	read_proc(65536);
	check_line(unnamed, "(unnamed)", "fifo");
	CHECK(t_push(unnamed, "w", 1) == 0, "push");
	pthread_join(th, NULL);

	/* Many objects: small reads give the same text as one big read. */
	for (int i = 0; i < MANY; i++) {
		many[i] = t_create_ex(NULL, i, i * 3, i * 7, 0600, 0, 0, NULL);
		CHECK(many[i] >= 0, "create %d", i);
	}
	len = read_proc(sizeof(text));
	{
		static char big[sizeof(text)];

		memcpy(big, text, len + 1);
		for (size_t chunk = 1; chunk <= 4096; chunk = chunk * 7 + 3) {
			CHECK(read_proc(chunk) == len && !memcmp(big, text, len),
			      "read %zu bytes at a time differs", chunk);
		}
	}
	check_frame();
	CHECK(count_lines() == baseline + 4 + MANY, "%d object lines", count_lines());
	check_line(many[MANY - 1], "(unnamed)", "lifo");
	check_no_address();
	for (int i = 0; i < MANY; i++)
		close(many[i]);

	/* Another IPC namespace: neither side lists the other's objects. */
	CHECK(pipe(ctl2) == 0 && pipe(ptc) == 0, "pipe");
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		struct ds_info pi = t_info(named);
		int o;

		close(ctl2[0]);
		if (unshare(CLONE_NEWIPC) != 0)
			_exit(TEST_SKIP);
		o = t_create(plain_name, DS_CREATE_EXCLUSIVE);	/* same name, other namespace */
		CHECK(o >= 0, "create in the new namespace");
		CHECK(t_push(o, "child", 5) == 0, "push");
		read_proc(65536);
		check_frame();
		CHECK(count_lines() == 1, "the new namespace lists %d objects:\n%s", count_lines(),
		      text);
		CHECK(totals.objects == 1 && totals.items == 1 && totals.bytes == 5,
		      "the new namespace's totals show others' objects: %lld %lld %lld",
		      totals.objects, totals.items, totals.bytes);
		check_line(o, plain_name, "lifo");
		{
			struct line l;

			CHECK(!find_line(pi.id, &l), "the parent's object is listed in the child's");
		}
		child_id = t_info(o).id;
		CHECK(write(ctl2[1], &child_id, sizeof(child_id)) == sizeof(child_id), "write");
		CHECK(read(ptc[0], &c, 1) == 1, "wait for the parent");
		close(o);
		_exit(0);
	}
	close(ctl2[1]);
	if (read(ctl2[0], &child_id, sizeof(child_id)) != sizeof(child_id)) {
		int rc = t_wait_child(pid, 5000);

		if (rc == TEST_SKIP)
			test_skip("unshare(CLONE_NEWIPC) not permitted");
		CHECK(0, "child failed: %d", rc);
	}
	read_proc(65536);
	check_frame();		/* the child's object is not in our totals */
	{
		struct line l;

		CHECK(!find_line(child_id, &l), "the child's namespace object is listed in ours");
	}
	check_line(named, plain_name, "lifo");
	CHECK(count_lines() == baseline + 4, "%d object lines in our namespace, want %d",
	      count_lines(), baseline + 4);
	CHECK(write(ptc[1], "g", 1) == 1, "release the child");
	CHECK(t_wait_child(pid, 5000) == 0, "child");

	close(named);
	close(unnamed);
	close(dupfd);
	close(pers);
	CHECK(t_unlink(pers_name) == 0, "unlink");
	read_proc(65536);
	check_frame();
	CHECK(count_lines() == baseline, "%d object lines after freeing all", count_lines());
	t_expect_all_freed();
	return 0;
}
