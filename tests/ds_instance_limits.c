// SPDX-License-Identifier: GPL-2.0
/*
 * An instance's limits (mount options max_objects, max_bytes,
 * max_item_size): ENOSPC past the first two, EMSGSIZE past the third;
 * charges come back when objects and items go; an existing name is opened
 * by OPEN_IF_EXISTS even at the object limit (looked up before anything is
 * charged); max_bytes counts the memory really allocated, whatever mix of
 * sizes is pushed; a remount changes the limits but not below what is
 * held, and one that fails leaves the old limits in force; sizes take K
 * to E suffixes up to 2^64 - 1 bytes, and one that does not fit in 64 bits
 * is refused, not wrapped; bad options fail the mount with EINVAL and a
 * kernel-log message.
 */
#include <sys/mount.h>
#include <sys/statfs.h>
#include "helpers.h"

static uint64_t used_bytes(const char *dir)
{
	struct statfs sf;

	CHECK(statfs(dir, &sf) == 0, "statfs");
	return (uint64_t)(sf.f_blocks - sf.f_bfree) * sf.f_bsize;
}

/* max_bytes as statfs() shows it: f_blocks pages (64-bit for a 32-bit caller). */
static uint64_t max_bytes(const char *dir)
{
	struct statfs64 sf;

	CHECK(statfs64(dir, &sf) == 0, "statfs");
	return (uint64_t)sf.f_blocks * sf.f_bsize;
}

static void object_limit(const char *dir)
{
	unsigned int result;
	int fd[3], again;

	t_use_instance(dir);
	fd[0] = t_create("one", 0);
	fd[1] = t_create(NULL, 0);
	CHECK(fd[0] >= 0 && fd[1] >= 0, "two objects");
	CHECK_ERR(t_create(NULL, 0), ENOSPC);
	CHECK_ERR(t_create("two", 0), ENOSPC);
	again = t_create_ex("one", 0, 0, 0, 0600, DS_CREATE_OPEN_IF_EXISTS, 0, &result);
	CHECK(again >= 0 && result == DS_EXISTED, "open-if-exists at the limit");
	close(again);
	close(fd[1]);
	fd[2] = t_create(NULL, 0);
	CHECK(fd[2] >= 0, "the closed object's charge came back");
	close(fd[0]);
	close(fd[2]);
}

/* Random sizes until the instance is full: never more than max_bytes. */
static void byte_limit(const char *dir, uint64_t max)
{
	static char buf[65536];
	uint64_t payload = 0;
	uint32_t seed = 7, size;
	int fd, r, n = 0;

	t_use_instance(dir);
	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "object");
	for (;;) {
		seed = seed * 1103515245 + 12345;
		size = 1 + (seed >> 8) % (seed & 1 ? 64 : sizeof(buf));
		r = t_push(fd, buf, size);
		if (r < 0)
			break;
		payload += size;
		n++;
	}
	CHECK(errno == ENOSPC, "the push past max_bytes: errno %d", errno);
	CHECK(used_bytes(dir) <= max && payload <= max,
	      "%d items: %llu bytes charged, %llu payload, max %llu", n,
	      (unsigned long long)used_bytes(dir), (unsigned long long)payload,
	      (unsigned long long)max);
	CHECK(used_bytes(dir) > payload, "charged %llu, no more than the payload %llu",
	      (unsigned long long)used_bytes(dir), (unsigned long long)payload);
	CHECK(ioctl(fd, DS_IOC_CLEAR) == n, "clear");
	CHECK(used_bytes(dir) == 0, "charge back after clear: %llu",
	      (unsigned long long)used_bytes(dir));
	CHECK(t_push(fd, buf, 100) == 0, "room again");
	close(fd);
}

static void item_limit(const char *dir)
{
	static char buf[5000];
	int fd;

	t_use_instance(dir);
	fd = t_create(NULL, 0);
	CHECK(fd >= 0, "object");
	CHECK(t_push(fd, buf, 4096) == 0, "4096 bytes: the limit");
	CHECK_ERR(t_push(fd, buf, 4097), EMSGSIZE);
	close(fd);
}

static void remount(const char *dir)
{
	uint64_t before;
	int fd;

	t_use_instance(dir);
	fd = t_create(NULL, 0);
	CHECK(fd >= 0 && t_push(fd, "x", 1) == 0, "an object with an item");
	CHECK(mount(NULL, dir, NULL, MS_REMOUNT, "max_item_size=8") == 0, "remount");
	CHECK_ERR(t_push(fd, "123456789", 9), EMSGSIZE);
	CHECK(t_push(fd, "12345678", 8) == 0, "within the new limit");
	before = max_bytes(dir);
	CHECK_ERR(mount(NULL, dir, NULL, MS_REMOUNT, "max_bytes=1"), EINVAL);
	CHECK(max_bytes(dir) == before, "a failed remount changed max_bytes to %llu",
	      (unsigned long long)max_bytes(dir));
	CHECK_ERR(t_push(fd, "123456789", 9), EMSGSIZE);
	close(fd);
}

/* The largest sizes the suffixes allow, and leading zeros. */
static void big_sizes(void)
{
	static const struct { const char *opt; uint64_t bytes; } ok[] = {
		{ "max_bytes=15E", 15ull << 60 },
		{ "max_bytes=16383p", 16383ull << 50 },
		{ "max_bytes=18446744073709551615", ~0ull },
		{ "max_bytes=010M", 10ull << 20 },	/* decimal, never octal */
	};
	const char *dir;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		dir = t_mount_instance(ok[i].opt);
		CHECK(dir, "mount -o %s", ok[i].opt);
		CHECK(max_bytes(dir) == (ok[i].bytes & ~4095ull), "%s: max_bytes %llu",
		      ok[i].opt, (unsigned long long)max_bytes(dir));
	}
}

int main(void)
{
	static const char *const bad[] = {
		"max_objects=0", "max_bytes=12X", "max_bytes=0", "mode=9", "uid=4294967295",
		"frob=1", "max_item_size=", "max_bytes=16E", "max_bytes=17E",
		"max_bytes=16384P", "max_bytes=18446744073709551616", "max_bytes=-1",
		"max_bytes=0x10", "max_bytes=1KK", "max_item_size=K", "max_bytes=+5M",
	};
	const char *dir;
	size_t i;

	ctl();
	dir = t_mount_instance("max_objects=2");
	CHECK(dir, "mount max_objects=2");
	object_limit(dir);
	dir = t_mount_instance("max_bytes=1M");
	CHECK(dir, "mount max_bytes=1M");
	byte_limit(dir, 1 << 20);
	dir = t_mount_instance("max_item_size=4K");
	CHECK(dir, "mount max_item_size=4K");
	item_limit(dir);
	remount(dir);
	big_sizes();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(!t_mount_instance(bad[i]) && errno == EINVAL, "mount -o %s: errno %d",
		      bad[i], errno);
	t_use_instance(t_instance_dir());
	return 0;
}
