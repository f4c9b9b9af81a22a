// SPDX-License-Identifier: GPL-2.0
/*
 * DS_IOC_QUERY: after a scripted sequence of pushes of known sizes, pops,
 * peeks, failed calls and a clear, every ds_info field is exact: count,
 * bytes, limits, flags (FIFO, PERSISTENT, NAMED), mode after umask, uid,
 * gid, creator_pid (0 once the creator is gone), open_fds (dup and fork
 * share one description, an open adds one), waiters (blocked pop and
 * push), peaks, pushes, pops, top_size, rights, id, name.  Without
 * DS_RIGHT_QUERY: EACCES; size below DS_INFO_SIZE_V1: EINVAL; a larger
 * size gets DS_INFO_SIZE_V1 bytes filled.
 */
#include <sys/stat.h>
#include "helpers.h"

#define EQ(field, want) CHECK((unsigned long long)(field) == (unsigned long long)(want), \
			      "%s = %llu, want %llu", #field, (unsigned long long)(field), \
			      (unsigned long long)(want))

static unsigned char buf[2048];

static void push(int fd, uint32_t size)
{
	memset(buf, (int)size, size);
	CHECK(t_push(fd, buf, size) == 0, "push %u", size);
}

static void pop(int fd, uint32_t want)
{
	uint32_t size = sizeof(buf);

	CHECK(t_pop(fd, buf, &size) == 0 && size == want, "pop: size %u, want %u", size, want);
}

static void check_counts(int fd, uint64_t count, uint64_t bytes, uint64_t peak_count,
			 uint64_t peak_bytes, uint64_t pushes, uint64_t pops, uint64_t top)
{
	struct ds_info i = t_info(fd);

	EQ(i.count, count);
	EQ(i.bytes, bytes);
	EQ(i.peak_count, peak_count);
	EQ(i.peak_bytes, peak_bytes);
	EQ(i.pushes, pushes);
	EQ(i.pops, pops);
	EQ(i.top_size, top);
	EQ(i.waiters, 0);
}

struct blocked {
	int fd, push;
};

static void *block(void *arg)
{
	struct blocked *b = arg;
	char item[64];
	uint32_t size = sizeof(item);

	if (b->push)
		CHECK(t_push_ex(b->fd, "p", 1, DS_WAIT_TIMEOUT, 10 * NSEC_PER_SEC) == 0, "push");
	else
		CHECK(t_pop_wait(b->fd, item, &size, DS_WAIT_TIMEOUT, 10 * NSEC_PER_SEC) == 0, "pop");
	return NULL;
}

static const char *name;

/* A failed check must not leave the persistent object to later tests. */
static void cleanup(void)
{
	t_unlink(name);
}

int main(void)
{
	const char *plain = t_name("query-plain");
	struct ds_info i, j;
	unsigned int result;
	uint32_t size;
	int fd, d, ro, nq, ffd, pfd;
	pid_t pid;

	name = t_name("query");
	atexit(cleanup);
	t_deadline(30);
	umask(022);
	fd = t_create_ex(name, 10, 1000, 5000, 0666, DS_CREATE_PERSISTENT, 0, &result);
	CHECK(fd >= 0 && result == DS_CREATED, "create");

	/* Identity, right after creation. */
	i = t_info(fd);
	EQ(i.size, DS_INFO_SIZE_V1);
	EQ(i.flags, DS_CREATE_PERSISTENT | DS_INFO_NAMED);
	CHECK(i.id != 0, "id");
	EQ(i.limits.max_items, 10);
	EQ(i.limits.max_item_size, 1000);
	EQ(i.limits.max_bytes, 5000);
	EQ(i.mode, 0644);
	EQ(i.uid, geteuid());
	EQ(i.gid, getegid());
	EQ(i.creator_pid, getpid());
	EQ(i.open_fds, 1);
	EQ(i.rights, DS_RIGHT_ALL);
	EQ(i.name_len, strlen(name));
	CHECK(!strcmp(i.name, name), "name '%s'", i.name);
	check_counts(fd, 0, 0, 0, 0, 0, 0, 0);

	/* The script. */
	push(fd, 100);
	push(fd, 200);
	push(fd, 300);
	check_counts(fd, 3, 600, 3, 600, 3, 0, 300);
	pop(fd, 300);
	check_counts(fd, 2, 300, 3, 600, 3, 1, 200);
	push(fd, 50);
	check_counts(fd, 3, 350, 3, 600, 4, 1, 50);
	/* Peeks, size queries and failures count nothing. */
	size = sizeof(buf);
	CHECK(t_peek(fd, buf, &size) == 0 && size == 50, "peek");
	size = 0;
	CHECK(t_pop(fd, buf, &size) == 0 && size == 50, "size query");
	size = 10;
	CHECK_ERR(t_pop(fd, buf, &size), EMSGSIZE);
	CHECK_ERR(t_push(fd, buf, 1001), EMSGSIZE);
	CHECK_ERR(t_push(fd, buf, 0), EINVAL);
	check_counts(fd, 3, 350, 3, 600, 4, 1, 50);
	/* Up to max_items: a new peak; a push beyond it fails and counts nothing. */
	for (int k = 0; k < 7; k++)
		push(fd, 1 + k);
	check_counts(fd, 10, 378, 10, 600, 11, 1, 7);
	CHECK_ERR(t_push(fd, buf, 1), EAGAIN);
	for (int k = 7; k > 0; k--)
		pop(fd, k);
	check_counts(fd, 3, 350, 10, 600, 11, 8, 50);
	/* Clear: cleared items are not pops; the peaks stay. */
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 3, "clear");
	check_counts(fd, 0, 0, 10, 600, 11, 8, 0);
	push(fd, 10);
	push(fd, 20);
	check_counts(fd, 2, 30, 10, 600, 13, 8, 20);

	/* open_fds: dup and fork share the description; an open adds one. */
	d = dup(fd);
	EQ(t_info(d).open_fds, 1);
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0)
		_exit(t_info(fd).open_fds == 1 && t_info(fd).creator_pid == (uint32_t)getppid() ? 0 : 1);
	CHECK(t_wait_child(pid, 5000) == 0, "fork shares the description");
	ro = t_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP, DS_CLOEXEC);
	CHECK(ro >= 0, "open");
	EQ(t_info(fd).open_fds, 2);
	j = t_info(ro);
	EQ(j.open_fds, 2);
	EQ(j.rights, DS_RIGHT_QUERY | DS_RIGHT_POP);
	EQ(j.id, i.id);
	EQ(j.count, 2);
	close(d);
	EQ(t_info(fd).open_fds, 2);
	close(ro);
	EQ(t_info(fd).open_fds, 1);

	/* Query needs DS_RIGHT_QUERY and a large enough size. */
	nq = t_open(name, DS_RIGHT_ALL & ~DS_RIGHT_QUERY, 0);
	CHECK(nq >= 0, "open without QUERY");
	CHECK_ERR(t_query(nq, &j), EACCES);
	close(nq);
	{
		struct { struct ds_info info; unsigned char tail[64]; } big;

		memset(&big, 0, sizeof(big));
		big.info.size = DS_INFO_SIZE_V1 - 1;
		CHECK_ERR(ioctl(fd, DS_IOC_QUERY, &big), EINVAL);
		big.info.size = 0;
		CHECK_ERR(ioctl(fd, DS_IOC_QUERY, &big), EINVAL);
		big.info.size = 8;
		CHECK_ERR(ioctl(fd, DS_IOC_QUERY, &big), EINVAL);
		memset(&big, 0xa5, sizeof(big));
		big.info.size = sizeof(big);
		CHECK(ioctl(fd, DS_IOC_QUERY, &big) == 0, "larger size");
		EQ(big.info.size, DS_INFO_SIZE_V1);
		EQ(big.info.count, 2);
		CHECK(big.tail[0] == 0xa5 && big.tail[63] == 0xa5, "wrote past DS_INFO_SIZE_V1");
		CHECK(big.info.name[big.info.name_len] == 0 &&
		      big.info.name[DS_NAME_MAX] == 0, "name padded with NULs");
	}

	/* waiters: a blocked pop, then a blocked push. */
	CHECK(ioctl(fd, DS_IOC_CLEAR) == 2, "clear");
	{
		struct blocked b = { .fd = fd };
		pthread_t th;

		CHECK(pthread_create(&th, NULL, block, &b) == 0, "thread");
		t_wait_waiters(fd, 1);
		EQ(t_info(fd).waiters, 1);
		push(fd, 5);
		pthread_join(th, NULL);
		EQ(t_info(fd).waiters, 0);
		for (int k = 0; k < 10; k++)
			push(fd, 1);
		b.push = 1;
		CHECK(pthread_create(&th, NULL, block, &b) == 0, "thread");
		t_wait_waiters(fd, 1);
		i = t_info(fd);
		EQ(i.waiters, 1);
		EQ(i.count, 10);
		pop(fd, 1);
		pthread_join(th, NULL);
		i = t_info(fd);
		EQ(i.waiters, 0);
		EQ(i.count, 10);
		EQ(i.pops, 10);
		EQ(i.pushes, 25);
		CHECK(ioctl(fd, DS_IOC_CLEAR) == 10, "clear");
	}

	/* An unnamed FIFO, with another umask: top_size is the oldest item's. */
	umask(027);
	ffd = t_create_ex(NULL, 0, 0, 0, 0666, DS_CREATE_FIFO, DS_RIGHT_QUERY | DS_RIGHT_PUSH,
			  NULL);
	CHECK(ffd >= 0, "create FIFO");
	umask(022);
	push(ffd, 7);
	push(ffd, 9);
	j = t_info(ffd);
	EQ(j.flags, DS_CREATE_FIFO);
	EQ(j.mode, 0640);
	EQ(j.name_len, 0);
	EQ(j.name[0], 0);
	EQ(j.rights, DS_RIGHT_QUERY | DS_RIGHT_PUSH);
	EQ(j.top_size, 7);
	EQ(j.count, 2);
	EQ(j.bytes, 16);
	EQ(j.limits.max_items, 0);
	EQ(j.limits.max_item_size, 0);
	EQ(j.limits.max_bytes, 0);
	CHECK(j.id != i.id, "distinct ids");
	close(ffd);

	/* A plain named object: NAMED only. */
	pfd = t_create_ex(plain, 0, 0, 0, 0600, 0, 0, NULL);
	CHECK(pfd >= 0, "create plain");
	EQ(t_info(pfd).flags, DS_INFO_NAMED);
	EQ(t_info(pfd).mode, 0600);
	close(pfd);

	/* Another group: gid is the creator's effective (fs) gid. */
	if (setegid(4321) == 0) {
		int gfd = t_create(NULL, 0);

		CHECK(gfd >= 0, "create as gid 4321");
		EQ(t_info(gfd).gid, 4321);
		EQ(t_info(gfd).uid, geteuid());
		CHECK(setegid(0) == 0, "setegid back");
		close(gfd);
	}

	/* creator_pid: 0 once the creating process is gone. */
	close(fd);
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		int c;

		ctl_forget();
		c = t_create_ex(name, 0, 0, 0, 0600, DS_CREATE_PERSISTENT | DS_CREATE_OPEN_IF_EXISTS,
				0, &result);
		_exit(c >= 0 && result == DS_EXISTED ? 0 : 1);
	}
	CHECK(t_wait_child(pid, 5000) == 0, "child opened");
	fd = t_open(name, DS_RIGHT_QUERY, 0);
	CHECK(fd >= 0, "reopen persistent");
	EQ(t_info(fd).creator_pid, getpid());
	EQ(t_info(fd).open_fds, 1);
	close(fd);
	CHECK(t_unlink(name) == 0, "unlink");
	t_expect_all_freed();

	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		ctl_forget();
		_exit(t_create(name, DS_CREATE_PERSISTENT) >= 0 ? 0 : 1);
	}
	CHECK(t_wait_child(pid, 5000) == 0, "child created");
	fd = t_open(name, DS_RIGHT_QUERY, 0);
	CHECK(fd >= 0, "open the child's object");
	i = t_info(fd);
	EQ(i.creator_pid, 0);
	EQ(i.open_fds, 1);
	close(fd);
	CHECK(t_unlink(name) == 0, "unlink");
	t_expect_all_freed();
	return 0;
}
