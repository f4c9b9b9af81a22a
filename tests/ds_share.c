// SPDX-License-Identifier: GPL-2.0
/*
 * Sharing: two processes by name, fork inheritance, SCM_RIGHTS passing,
 * dup, and close-on-exec on request.
 */
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "helpers.h"

static void send_fd(int sock, int fd)
{
	char data = 'f';
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	CHECK(sendmsg(sock, &msg, 0) == 1, "sendmsg");
}

static int recv_fd(int sock)
{
	char data;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	int fd;

	CHECK(recvmsg(sock, &msg, 0) == 1, "recvmsg");
	c = CMSG_FIRSTHDR(&msg);
	CHECK(c && c->cmsg_type == SCM_RIGHTS, "SCM_RIGHTS");
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static int wait_child(pid_t pid)
{
	int st;

	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

int main(void)
{
	const char *name = t_name("share");
	char buf[32];
	uint32_t size;
	int fd, sv[2], d;
	pid_t pid;

	/* By name, from another process. */
	fd = t_create(name, 0);
	CHECK(fd >= 0, "create");
	pid = fork();
	if (pid == 0) {
		int o;

		ctl_forget();
		o = t_open(name, DS_RIGHT_PUSH, 0);
		_exit(o >= 0 && t_push(o, "by name", 7) == 0 ? 0 : 1);
	}
	CHECK(wait_child(pid) == 0, "child pushed by name");
	size = sizeof(buf);
	CHECK(t_pop(fd, buf, &size) == 0 && size == 7 && !memcmp(buf, "by name", 7), "popped");

	/* Inherited over fork. */
	pid = fork();
	if (pid == 0)
		_exit(t_push(fd, "inherited", 9) == 0 ? 0 : 1);
	CHECK(wait_child(pid) == 0, "child pushed through the inherited fd");
	size = sizeof(buf);
	CHECK(t_pop(fd, buf, &size) == 0 && size == 9, "popped inherited");

	/* Passed over SCM_RIGHTS to an unrelated descriptor table. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	pid = fork();
	if (pid == 0) {
		int r;

		close(fd);
		r = recv_fd(sv[1]);
		_exit(t_push(r, "passed", 6) == 0 ? 0 : 1);
	}
	send_fd(sv[0], fd);
	CHECK(wait_child(pid) == 0, "child pushed through the passed fd");
	size = sizeof(buf);
	CHECK(t_pop(fd, buf, &size) == 0 && size == 6, "popped passed");

	/* dup shares the descriptor. */
	d = dup(fd);
	CHECK(d >= 0 && t_push(d, "d", 1) == 0, "push through dup");
	close(d);

	/* Close-on-exec only on request. */
	CHECK(!(fcntl(fd, F_GETFD) & FD_CLOEXEC), "no cloexec by default");
	d = t_create(NULL, DS_CLOEXEC);
	CHECK(d >= 0 && (fcntl(d, F_GETFD) & FD_CLOEXEC), "DS_CLOEXEC");
	close(d);
	d = t_open(name, DS_RIGHT_ALL, DS_CLOEXEC | DS_NONBLOCK);
	CHECK(d >= 0 && (fcntl(d, F_GETFD) & FD_CLOEXEC) &&
	      (fcntl(d, F_GETFL) & O_NONBLOCK), "open flags");
	close(d);
	close(fd);
	close(sv[0]);
	close(sv[1]);
	t_expect_all_freed();
	return 0;
}
