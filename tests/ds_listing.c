// SPDX-License-Identifier: GPL-2.0
/*
 * Listing an instance: readdir(3) of its root shows every named object
 * (whatever bytes its name has) and no unnamed one; DS_IOC_STAT of each
 * name shows what DS_IOC_QUERY of a descriptor shows, the counters only
 * to a caller who may read the object; stat(2) shows a FIFO with the
 * object's owner and mode, st_size its bytes and st_blocks the memory
 * charged, its times moving with pushes and pops; /proc/PID/fdinfo shows
 * the object; 150 objects list in full.
 */
#include <dirent.h>
#include <sys/stat.h>
#include "helpers.h"

#define MANY	150

static bool listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	CHECK(d, "opendir %s", dir);
	while ((e = readdir(d)))
		found |= !strcmp(e->d_name, name);
	closedir(d);
	return found;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;

	CHECK(d, "opendir %s", dir);
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2;	/* . and .. */
}

/* DS_IOC_STAT of name agrees with DS_IOC_QUERY of fd. */
static void check_stat(int fd, const char *name)
{
	struct ds_info q = t_info(fd), s;

	CHECK(t_stat_name(name, &s) == 0, "DS_IOC_STAT %s", name);
	CHECK(s.id == q.id && s.count == q.count && s.bytes == q.bytes &&
	      s.limits.max_items == q.limits.max_items && s.mode == q.mode &&
	      s.uid == q.uid && s.gid == q.gid && s.open_fds == q.open_fds &&
	      s.waiters == q.waiters && s.pushes == q.pushes && s.pops == q.pops &&
	      (s.flags & ~DS_INFO_COUNTERS) == (q.flags & ~DS_INFO_COUNTERS),
	      "stat of %s differs from its query", name);
	CHECK((s.flags & DS_INFO_NAMED) && !strcmp(s.name, name) && s.rights == 0,
	      "stat: name '%s', rights %#x", s.name, s.rights);
	CHECK(s.flags & DS_INFO_COUNTERS, "root may read: counters set");
}

static int nobody_stats(void *arg)
{
	struct ds_info s;

	CHECK(t_stat_name(arg, &s) == 0, "nobody stats a 0600 object");
	CHECK(!(s.flags & DS_INFO_COUNTERS) && !s.pushes && s.count == 1,
	      "counters shown to a user who may not read: %#x %llu", s.flags,
	      (unsigned long long)s.pushes);
	return 0;
}

static void check_fdinfo(int fd, const char *name)
{
	char path[64], text[1024], want[160];
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = open(path, O_RDONLY);
	CHECK(f >= 0, "open %s", path);
	n = read(f, text, sizeof(text) - 1);
	close(f);
	CHECK(n > 0, "read fdinfo");
	text[n] = 0;
	snprintf(want, sizeof(want), "ds-name:\t%s\n", name);
	CHECK(strstr(text, want) && strstr(text, "ds-count:\t2\n") &&
	      strstr(text, "ds-max-items:\t5\n") && strstr(text, "ds-rights:\t0x1f\n"),
	      "fdinfo:\n%s", text);
}

static void check_times(int fd, const char *path)
{
	struct stat a, b;
	char buf[8];
	uint32_t size = sizeof(buf);

	CHECK(stat(path, &a) == 0, "stat");
	t_sleep_ms(20);
	CHECK(t_push(fd, "t", 1) == 0, "push");
	CHECK(stat(path, &b) == 0, "stat");
	CHECK(b.st_mtim.tv_sec > a.st_mtim.tv_sec || (b.st_mtim.tv_sec == a.st_mtim.tv_sec &&
	      b.st_mtim.tv_nsec > a.st_mtim.tv_nsec), "a push moves mtime");
	t_sleep_ms(20);
	CHECK(t_pop(fd, buf, &size) == 0, "pop");
	CHECK(stat(path, &a) == 0, "stat");
	CHECK(a.st_atim.tv_sec > b.st_atim.tv_sec || (a.st_atim.tv_sec == b.st_atim.tv_sec &&
	      a.st_atim.tv_nsec > b.st_atim.tv_nsec), "a pop moves atime");
}

int main(void)
{
	const char *dir = t_instance_dir();
	char plain[96], weird[128], path[256];
	int named, unnamed, pers, w, many[MANY], base;
	struct stat st;

	t_deadline(60);
	ctl();
	base = count_entries(dir);
	snprintf(plain, sizeof(plain), "%s", t_name("list"));
	snprintf(weird, sizeof(weird), "a b\tc\\d\ne\xff-%d", (int)getpid());

	named = t_create_ex(plain, 5, 100, 1000, 0640, 0, 0, NULL);
	unnamed = t_create_ex(NULL, 0, 0, 0, 0600, DS_CREATE_FIFO, 0, NULL);
	pers = t_create_ex(t_name("list-p"), 0, 0, 0, 0600, DS_CREATE_PERSISTENT, 0, NULL);
	w = t_create(weird, 0);
	CHECK(named >= 0 && unnamed >= 0 && pers >= 0 && w >= 0, "create");
	CHECK(t_push(named, "abc", 3) == 0 && t_push(named, "defgh", 5) == 0, "push");
	CHECK(t_push(unnamed, "u", 1) == 0 && t_push(pers, "p", 1) == 0, "push");

	CHECK(listed(dir, plain) && listed(dir, weird) && listed(dir, t_name("list-p")),
	      "named objects listed");
	CHECK(count_entries(dir) == base + 3, "%d entries, want %d (no unnamed one)",
	      count_entries(dir), base + 3);
	check_stat(named, plain);
	check_stat(w, weird);
	check_stat(pers, t_name("list-p"));
	check_fdinfo(named, plain);

	snprintf(path, sizeof(path), "%s/%s", dir, plain);
	CHECK(stat(path, &st) == 0, "stat %s", path);
	CHECK(S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0640 &&
	      st.st_uid == geteuid() && st.st_size == 8 && st.st_blocks > 0,
	      "stat: mode %o size %lld blocks %lld", st.st_mode, (long long)st.st_size,
	      (long long)st.st_blocks);
	check_times(named, path);

	if (can_be_nobody()) {
		CHECK(as_nobody(nobody_stats, (void *)t_name("list-p")) == 0, "nobody's view");
	}

	for (int i = 0; i < MANY; i++) {
		char n[128];

		snprintf(n, sizeof(n), "%s-%d", plain, i);
		many[i] = t_create_ex(n, i, 0, 0, 0600, 0, 0, NULL);
		CHECK(many[i] >= 0, "create %d", i);
	}
	CHECK(count_entries(dir) == base + 3 + MANY, "%d entries", count_entries(dir));
	for (int i = 0; i < MANY; i++)
		close(many[i]);
	CHECK(count_entries(dir) == base + 3, "non-persistent names went with their descriptors");

	close(named);
	close(unnamed);
	close(w);
	close(pers);
	CHECK(listed(dir, t_name("list-p")), "the persistent name stays");
	CHECK(t_unlink(t_name("list-p")) == 0, "unlink");
	CHECK(count_entries(dir) == base, "%d entries after freeing all", count_entries(dir));
	t_expect_all_freed();
	return 0;
}
