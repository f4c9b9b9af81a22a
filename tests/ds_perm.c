// SPDX-License-Identifier: GPL-2.0
/*
 * Owner/mode security: the umask applies at create; a non-root user is
 * denied by the mode and allowed by it, right by right; it cannot unlink
 * another user's object; root (CAP_IPC_OWNER) bypasses the mode.
 */
#include <sys/stat.h>
#include "helpers.h"

static int denied_everything(void *arg)
{
	const char *name = arg;
	unsigned int r;

	for (r = 1; r <= DS_RIGHT_ALL; r <<= 1)
		CHECK_ERR(t_open(name, r, 0), EACCES);
	CHECK_ERR(t_unlink(name), EPERM);
	return 0;
}

static int read_only(void *arg)
{
	const char *name = arg;
	int fd = t_open(name, DS_RIGHT_QUERY | DS_RIGHT_POP | DS_RIGHT_WAIT, 0);
	char buf[8];
	uint32_t size = sizeof(buf);

	CHECK(fd >= 0, "open for reading");
	CHECK(t_pop(fd, buf, &size) == 0 && size == 3, "pop as nobody");
	CHECK_ERR(t_open(name, DS_RIGHT_PUSH, 0), EACCES);
	CHECK_ERR(t_open(name, DS_RIGHT_CLEAR, 0), EACCES);
	CHECK_ERR(t_create_ex(name, 0, 0, 0, 0600, DS_CREATE_OPEN_IF_EXISTS, 0, NULL), EACCES);
	close(fd);
	return 0;
}

static int everything(void *arg)
{
	const char *name = arg;
	int fd = t_open(name, DS_RIGHT_ALL, 0);

	CHECK(fd >= 0, "open all");
	CHECK(t_push(fd, "nob", 3) == 0, "push as nobody");
	close(fd);
	return 0;
}

static int own_object(void *arg)
{
	const char *name = arg;
	int fd = t_create_ex(name, 0, 0, 0, 0600, DS_CREATE_PERSISTENT, 0, NULL);
	struct ds_info info;

	CHECK(fd >= 0, "nobody creates");
	CHECK(t_query(fd, &info) == 0 && info.uid == T_NOBODY && info.gid == T_NOBODY,
	      "owner %u:%u", info.uid, info.gid);
	close(fd);
	return 0;
}

int main(void)
{
	const char *name = t_name("perm");
	struct ds_info info;
	int fd;

	umask(022);
	fd = t_create_ex(name, 0, 0, 0, 0666, DS_CREATE_PERSISTENT, 0, NULL);
	CHECK(fd >= 0, "create");
	CHECK(t_query(fd, &info) == 0 && info.mode == 0644, "umask applied: %o", info.mode);
	CHECK(t_unlink(name) == 0, "unlink");
	close(fd);

	umask(0);
	fd = t_create_ex(name, 0, 0, 0, 0600, DS_CREATE_PERSISTENT, 0, NULL);
	CHECK(fd >= 0, "create 0600");
	CHECK(t_push(fd, "abc", 3) == 0, "push");
	CHECK(as_nobody(denied_everything, (void *)name) == 0, "0600 denies nobody");
	CHECK(t_unlink(name) == 0, "unlink");
	close(fd);

	fd = t_create_ex(name, 0, 0, 0, 0644, DS_CREATE_PERSISTENT, 0, NULL);
	CHECK(fd >= 0 && t_push(fd, "abc", 3) == 0, "create 0644");
	CHECK(as_nobody(read_only, (void *)name) == 0, "0644 allows reading only");
	CHECK(t_unlink(name) == 0, "unlink");
	close(fd);

	fd = t_create_ex(name, 0, 0, 0, 0666, DS_CREATE_PERSISTENT, 0, NULL);
	CHECK(fd >= 0, "create 0666");
	CHECK(as_nobody(everything, (void *)name) == 0, "0666 allows everything");
	CHECK(t_query(fd, &info) == 0 && info.count == 1, "nobody's push arrived");
	CHECK(t_unlink(name) == 0, "unlink");
	close(fd);

	/* Root bypasses the mode of nobody's 0600 object (CAP_IPC_OWNER). */
	CHECK(as_nobody(own_object, (void *)name) == 0, "nobody's object");
	fd = t_open(name, DS_RIGHT_ALL, 0);
	CHECK(fd >= 0, "root opens nobody's 0600 object");
	close(fd);
	CHECK(t_unlink(name) == 0, "root unlinks it");
	t_expect_all_freed();
	return 0;
}
