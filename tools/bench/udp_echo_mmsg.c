// SPDX-License-Identifier: GPL-2.0
/*
 * udp_echo_mmsg - user-space UDP echo server on recvmmsg/sendmmsg, for
 * tools/bench.
 *
 * udp_echo_mmsg -p PORT [-t THREADS]
 *
 * Every thread owns a dual-stack UDP socket on [::]:PORT (SO_REUSEPORT, so
 * the kernel spreads the senders over the threads) and an epoll instance:
 * nothing is shared but the stop eventfd. When the socket is readable the
 * thread takes up to BATCH datagrams with one recvmmsg() into buffers of
 * its own and sends them back to their senders with sendmmsg() from the
 * same buffers, until recvmmsg() finds none. What sendmmsg() cannot send at
 * once (-EAGAIN) is dropped, as a UDP server under load drops.
 *
 * Prints "udp_echo_mmsg: listening on PORT" once every socket is bound,
 * serves until SIGTERM or SIGINT and exits 0; exits 1 if it cannot start.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include "echo_server.h"

#define BATCH		32
#define DGRAM_MAX	65536

struct thread {
	int fd, ep;
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in6 from[BATCH];
	char buf[BATCH][DGRAM_MAX];
};

static int stop_fd = -1;

/* Echo what waits, BATCH datagrams at a time; 0, or -1 on a socket error. */
static int echo(struct thread *t)
{
	int i, n, sent, r;

	for (;;) {
		for (i = 0; i < BATCH; i++) {
			t->iov[i].iov_len = DGRAM_MAX;
			t->msgs[i].msg_hdr.msg_namelen = sizeof(t->from[i]);
		}
		n = recvmmsg(t->fd, t->msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		for (i = 0; i < n; i++)
			t->iov[i].iov_len = t->msgs[i].msg_len;
		for (sent = 0; sent < n; sent += r) {
			r = sendmmsg(t->fd, t->msgs + sent, n - sent, MSG_DONTWAIT);
			if (r <= 0)
				break;	/* no room: the rest is dropped */
		}
		if (n < BATCH)
			return 0;
	}
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;
	struct epoll_event ev[2];
	int i, n;

	for (;;) {
		n = epoll_wait(t->ep, ev, 2, -1);
		if (n < 0 && errno != EINTR) {
			perror("udp_echo_mmsg: epoll_wait");
			return NULL;
		}
		for (i = 0; i < n; i++) {
			if (ev[i].data.fd == stop_fd)
				return NULL;
			if (echo(t)) {
				perror("udp_echo_mmsg: recvmmsg");
				return NULL;
			}
		}
	}
}

static void *thread_new(int port)
{
	struct epoll_event sev = { .events = EPOLLIN }, fev = { .events = EPOLLIN };
	struct thread *t = calloc(1, sizeof(*t));
	int i;

	if (!t) {
		perror("udp_echo_mmsg: calloc");
		return NULL;
	}
	for (i = 0; i < BATCH; i++) {
		t->iov[i].iov_base = t->buf[i];
		t->msgs[i].msg_hdr.msg_iov = &t->iov[i];
		t->msgs[i].msg_hdr.msg_iovlen = 1;
		t->msgs[i].msg_hdr.msg_name = &t->from[i];
	}
	t->ep = -1;
	t->fd = make_bound("udp_echo_mmsg", port, SOCK_DGRAM | SOCK_NONBLOCK);
	if (t->fd >= 0)
		t->ep = epoll_create1(EPOLL_CLOEXEC);
	sev.data.fd = stop_fd;
	fev.data.fd = t->fd;
	if (t->ep < 0 || epoll_ctl(t->ep, EPOLL_CTL_ADD, t->fd, &fev) ||
	    epoll_ctl(t->ep, EPOLL_CTL_ADD, stop_fd, &sev)) {
		if (t->fd >= 0)
			perror("udp_echo_mmsg: epoll");
		if (t->ep >= 0)
			close(t->ep);
		if (t->fd >= 0)
			close(t->fd);
		free(t);
		return NULL;
	}
	return t;
}

static void thread_free(void *arg)
{
	struct thread *t = arg;

	close(t->ep);
	close(t->fd);
	free(t);
}

int main(int argc, char **argv)
{
	static const struct server_ops ops = { thread_new, thread_main, thread_free };

	return serve_threads("udp_echo_mmsg", argc, argv, &stop_fd, &ops);
}
