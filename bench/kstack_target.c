// SPDX-License-Identifier: GPL-2.0
/*
 * The kstack benchmark's target: 100 threads, a third blocked in read(2)
 * on a pipe, a third in poll(2), a third in nanosleep(2), and one spinning
 * on a CPU.  Prints "READY PID" and runs until its standard input closes.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define PER_KIND 33

static int pipefd[2];
static volatile int stop;

__attribute__((noinline)) void wait_in_read(void)
{
	char c;

	while (read(pipefd[0], &c, 1) < 0)
		;
}

__attribute__((noinline)) void wait_in_poll(void)
{
	struct pollfd p = { .fd = pipefd[0], .events = POLLIN };

	while (poll(&p, 1, -1) <= 0)
		;
}

__attribute__((noinline)) void wait_in_nanosleep(void)
{
	for (;;)
		nanosleep(&(struct timespec){ .tv_sec = 3600 }, NULL);
}

__attribute__((noinline)) void spin(void)
{
	while (!stop)
		;
}

static void *thread_main(void *arg)
{
	void (*fn)(void) = (void (*)(void))arg;

	fn();
	return NULL;
}

int main(void)
{
	void (*kinds[])(void) = { wait_in_read, wait_in_poll, wait_in_nanosleep };
	pthread_t th;
	char c;
	int i;

	if (pipe(pipefd))
		return 1;
	for (i = 0; i < 3 * PER_KIND; i++)
		if (pthread_create(&th, NULL, thread_main, (void *)kinds[i % 3]))
			return 1;
	if (pthread_create(&th, NULL, thread_main, (void *)spin))
		return 1;
	printf("READY %d\n", (int)getpid());
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	stop = 1;
	return 0;
}
