// SPDX-License-Identifier: GPL-2.0
/*
 * udp_echo_uring - user-space UDP echo server on io_uring, for tools/bench.
 *
 * udp_echo_uring -p PORT [-t THREADS]
 *
 * Every thread owns a dual-stack UDP socket on [::]:PORT (SO_REUSEPORT, so
 * the kernel spreads the senders over the threads) and an io_uring: nothing
 * is shared but the stop eventfd. SLOTS recvmsg requests are kept posted,
 * each with its own buffer; the datagram one brings goes back to its sender
 * with a sendmsg from the same buffer, whose completion posts the recvmsg
 * again. A failed send drops the datagram.
 *
 * Prints "udp_echo_uring: listening on PORT" once every socket is bound,
 * serves until SIGTERM or SIGINT and exits 0; exits 1 if it cannot start
 * (for instance when io_uring is not available).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include "echo_server.h"

#define SLOTS		32
#define DGRAM_MAX	65536
#define RING_ENTRIES	128	/* more than SLOTS + the stop poll */

enum op { OP_RECV = 1, OP_SEND, OP_STOP };

struct slot {
	struct msghdr msg;
	struct iovec iov;
	struct sockaddr_in6 from;
	char buf[DGRAM_MAX];
};

struct thread {
	int fd, ring_ok;
	struct io_uring ring;
	struct slot slots[SLOTS];
};

static int stop_fd = -1;

/* Every request is one of SLOTS + 1: the ring never runs out of entries. */
static struct io_uring_sqe *sqe_for(struct thread *t, unsigned int i, enum op op)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&t->ring);

	io_uring_sqe_set_data64(sqe, (uint64_t)i << 2 | op);
	return sqe;
}

static void post_recv(struct thread *t, unsigned int i)
{
	struct slot *s = &t->slots[i];

	s->iov.iov_len = DGRAM_MAX;
	s->msg.msg_namelen = sizeof(s->from);
	io_uring_prep_recvmsg(sqe_for(t, i, OP_RECV), t->fd, &s->msg, 0);
}

static void post_send(struct thread *t, unsigned int i, unsigned int len)
{
	struct slot *s = &t->slots[i];

	s->iov.iov_len = len;	/* msg_namelen: the sender's, as recvmsg set it */
	io_uring_prep_sendmsg(sqe_for(t, i, OP_SEND), t->fd, &s->msg, 0);
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;
	struct io_uring_cqe *cqe;
	unsigned int head, n, i;
	int ret;

	for (;;) {
		ret = io_uring_submit_and_wait(&t->ring, 1);
		if (ret < 0 && ret != -EINTR) {
			fprintf(stderr, "udp_echo_uring: io_uring_submit_and_wait: %s\n",
				strerror(-ret));
			return NULL;
		}
		n = 0;
		io_uring_for_each_cqe(&t->ring, head, cqe) {
			i = cqe->user_data >> 2;
			switch (cqe->user_data & 3) {
			case OP_STOP:
				return NULL;
			case OP_RECV:
				if (cqe->res >= 0)
					post_send(t, i, cqe->res);
				else
					post_recv(t, i);
				break;
			default:
				post_recv(t, i);
				break;
			}
			n++;
		}
		io_uring_cq_advance(&t->ring, n);
	}
}

static void thread_free(void *arg)
{
	struct thread *t = arg;

	if (t->ring_ok)
		io_uring_queue_exit(&t->ring);
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

static void *thread_new(int port)
{
	struct thread *t = calloc(1, sizeof(*t));
	unsigned int i;
	int ret;

	if (!t) {
		perror("udp_echo_uring: calloc");
		return NULL;
	}
	t->fd = make_bound("udp_echo_uring", port, SOCK_DGRAM);
	if (t->fd < 0) {
		thread_free(t);
		return NULL;
	}
	ret = io_uring_queue_init(RING_ENTRIES, &t->ring, 0);
	if (ret) {
		fprintf(stderr, "udp_echo_uring: io_uring_queue_init: %s\n", strerror(-ret));
		thread_free(t);
		return NULL;
	}
	t->ring_ok = 1;
	for (i = 0; i < SLOTS; i++) {
		t->slots[i].iov.iov_base = t->slots[i].buf;
		t->slots[i].msg.msg_iov = &t->slots[i].iov;
		t->slots[i].msg.msg_iovlen = 1;
		t->slots[i].msg.msg_name = &t->slots[i].from;
		post_recv(t, i);
	}
	io_uring_prep_poll_add(sqe_for(t, 0, OP_STOP), stop_fd, POLLIN);
	ret = io_uring_submit(&t->ring);
	if (ret < 0) {
		fprintf(stderr, "udp_echo_uring: io_uring_submit: %s\n", strerror(-ret));
		thread_free(t);
		return NULL;
	}
	return t;
}

int main(int argc, char **argv)
{
	static const struct server_ops ops = { thread_new, thread_main, thread_free };

	return serve_threads("udp_echo_uring", argc, argv, &stop_fd, &ops);
}
