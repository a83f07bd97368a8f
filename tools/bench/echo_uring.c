// SPDX-License-Identifier: GPL-2.0
/*
 * echo_uring - user-space TCP echo server on io_uring, for tools/bench.
 *
 * echo_uring -p PORT [-t THREADS]
 *
 * Every thread owns a dual-stack listener on [::]:PORT (SO_REUSEPORT), an
 * io_uring (single issuer, deferred task work where the kernel has it) and
 * a ring of provided buffers (NBUFS x BUF_SIZE): nothing is shared but the
 * stop eventfd. One multishot accept brings the connections (on EMFILE and
 * the like it pauses for 10 ms); each one (TCP_NODELAY) has a multishot recv
 * that picks its buffers from the buffer ring. The buffers that came in are
 * queued on their connection and sent back in order, one send in flight per
 * connection: a send, or a sendmsg of up to MAX_IOV queued buffers (a short
 * one is resubmitted with the rest); a buffer goes back to the buffer ring
 * once its last byte is sent. A recv that ends with -ENOBUFS waits on a list
 * until buffers come back; a connection that holds CONN_MAX_BUFS buffers (its
 * peer does not read) has its recv cancelled until half of them are back.
 * Connections are closed on EOF (once everything is sent back) and on
 * errors, after their requests are cancelled and completed. NBUFS and
 * BUF_SIZE may be set at build time (-D).
 *
 * Prints "echo_uring: listening on PORT" once every thread listens, serves
 * until SIGTERM or SIGINT and exits 0; exits 1 if it cannot start (for
 * instance when io_uring is not available).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include "echo_server.h"

#ifndef NBUFS
#define NBUFS		1024	/* power of two, at most 32768 */
#endif
#ifndef BUF_SIZE
#define BUF_SIZE	(16 * 1024)
#endif
#define MAX_IOV		16	/* buffers sent back with one sendmsg */
#define CONN_MAX_BUFS	64
#define BGID		0
#define SQ_ENTRIES	1024
#define CQ_ENTRIES	8192
#define ACCEPT_PAUSE_NS	10000000

enum op { OP_ACCEPT = 1, OP_RECV, OP_SEND, OP_CANCEL, OP_STOP, OP_TIMEOUT };
#define OP_MASK		7ULL
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct conn {
	int fd;
	unsigned char recv_armed, send_busy, closing, eof, starved, paused;
	unsigned int ncancel;	/* cancel requests in flight */
	int q_head, q_tail;	/* buffer ids to send, linked by bnext */
	unsigned int send_off;	/* bytes of q_head already sent */
	unsigned int send_cnt;	/* buffers (from q_head) the send in flight has */
	unsigned int nbufs;	/* buffers queued or being sent */
	struct msghdr msg;
	struct iovec iov[MAX_IOV];
	struct conn *prev, *next;	/* open connections, or free list */
	struct conn *snext;	/* list of recvs waiting for buffers */
};

struct thread {
	pthread_t tid;
	int lfd, stop;
	struct io_uring ring;
	int ring_ok;
	struct io_uring_buf_ring *br;
	char *bufs;
	unsigned int nfree;	/* buffers in the buffer ring */
	int bnext[NBUFS];
	unsigned int blen[NBUFS];
	struct conn *conns, *free;
	struct conn *starved_head, *starved_tail;
	struct __kernel_timespec pause_ts;
};

static int stop_fd = -1;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t start_cond = PTHREAD_COND_INITIALIZER;
static int nstarted, nfailed;

static struct io_uring_sqe *get_sqe(struct thread *t, struct conn *c,
				    enum op op)
{
	struct io_uring_sqe *sqe;

	while (!(sqe = io_uring_get_sqe(&t->ring)))
		io_uring_submit(&t->ring);	/* SQ full: make room */
	io_uring_sqe_set_data64(sqe, (uint64_t)(uintptr_t)c | op);
	return sqe;
}

static void arm_accept(struct thread *t)
{
	struct io_uring_sqe *sqe = get_sqe(t, NULL, OP_ACCEPT);

	io_uring_prep_multishot_accept(sqe, t->lfd, NULL, NULL, SOCK_CLOEXEC);
}

static void arm_recv(struct thread *t, struct conn *c)
{
	struct io_uring_sqe *sqe = get_sqe(t, c, OP_RECV);

	io_uring_prep_recv_multishot(sqe, c->fd, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	c->recv_armed = 1;
}

static void recycle(struct thread *t, int bid)
{
	io_uring_buf_ring_add(t->br, t->bufs + (size_t)bid * BUF_SIZE,
			      BUF_SIZE, bid, io_uring_buf_ring_mask(NBUFS), 0);
	io_uring_buf_ring_advance(t->br, 1);
	t->nfree++;
}

/* sends what is queued, up to MAX_IOV buffers with one sendmsg */
static void submit_send(struct thread *t, struct conn *c)
{
	struct io_uring_sqe *sqe = get_sqe(t, c, OP_SEND);
	unsigned int off = c->send_off, n = 0;
	int bid;

	for (bid = c->q_head; bid >= 0 && n < MAX_IOV; bid = t->bnext[bid]) {
		c->iov[n].iov_base = t->bufs + (size_t)bid * BUF_SIZE + off;
		c->iov[n].iov_len = t->blen[bid] - off;
		off = 0;
		n++;
	}
	if (n == 1) {
		io_uring_prep_send(sqe, c->fd, c->iov[0].iov_base,
				   c->iov[0].iov_len, MSG_NOSIGNAL | MSG_WAITALL);
	} else {
		memset(&c->msg, 0, sizeof(c->msg));
		c->msg.msg_iov = c->iov;
		c->msg.msg_iovlen = n;
		io_uring_prep_sendmsg(sqe, c->fd, &c->msg,
				      MSG_NOSIGNAL | MSG_WAITALL);
	}
	c->send_cnt = n;
	c->send_busy = 1;
}

/* the buffer at the head of the send queue is sent: back to the ring */
static void pop_sent(struct thread *t, struct conn *c)
{
	int bid = c->q_head;

	c->q_head = t->bnext[bid];
	if (c->q_head < 0)
		c->q_tail = -1;
	c->send_off = 0;
	c->nbufs--;
	recycle(t, bid);
}

static void conn_try_free(struct thread *t, struct conn *c)
{
	if (!c->closing || c->recv_armed || c->send_busy || c->ncancel ||
	    c->starved)
		return;
	close(c->fd);
	if (c->prev)
		c->prev->next = c->next;
	else
		t->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = NULL;
	c->next = t->free;
	t->free = c;
}

static void conn_close(struct thread *t, struct conn *c)
{
	unsigned int i;
	int bid, keep = -1;

	if (c->closing)
		return;
	c->closing = 1;
	/* the buffers being sent go back when their send completes */
	bid = c->q_head;
	for (i = 0; c->send_busy && i < c->send_cnt; i++) {
		keep = bid;
		bid = t->bnext[bid];
	}
	while (bid >= 0) {
		int next = t->bnext[bid];

		recycle(t, bid);
		c->nbufs--;
		bid = next;
	}
	if (keep >= 0)
		t->bnext[keep] = -1;
	else
		c->q_head = -1;
	c->q_tail = keep;
	if (c->recv_armed || c->send_busy) {
		struct io_uring_sqe *sqe = get_sqe(t, c, OP_CANCEL);

		io_uring_prep_cancel_fd(sqe, c->fd, IORING_ASYNC_CANCEL_ALL);
		c->ncancel++;
	}
	conn_try_free(t, c);
}

static void new_conn(struct thread *t, int fd)
{
	struct conn *c = t->free;
	int one = 1;

	if (c) {
		t->free = c->next;
	} else {
		c = malloc(sizeof(*c));
		if (!c) {
			close(fd);
			return;
		}
	}
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->q_head = -1;
	c->q_tail = -1;
	c->next = t->conns;
	if (t->conns)
		t->conns->prev = c;
	t->conns = c;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	arm_recv(t, c);
}

/* The recv of c has ended (no IORING_CQE_F_MORE): arm it again or not. */
static void recv_ended(struct thread *t, struct conn *c, int res)
{
	if (c->closing || c->eof)
		return;
	if (c->nbufs >= CONN_MAX_BUFS ||
	    (c->paused && c->nbufs > CONN_MAX_BUFS / 2)) {
		c->paused = 1;	/* send_done() arms it again */
		return;
	}
	c->paused = 0;
	if (res == -ENOBUFS && !t->nfree) {
		c->starved = 1;	/* kick_starved() arms it again */
		c->snext = NULL;
		if (t->starved_tail)
			t->starved_tail->snext = c;
		else
			t->starved_head = c;
		t->starved_tail = c;
		return;
	}
	arm_recv(t, c);
}

static void kick_starved(struct thread *t)
{
	unsigned int budget = t->nfree;
	struct conn *c;

	while (budget && t->starved_head) {
		c = t->starved_head;
		t->starved_head = c->snext;
		if (!t->starved_head)
			t->starved_tail = NULL;
		c->starved = 0;
		if (c->closing) {
			conn_try_free(t, c);
			continue;
		}
		arm_recv(t, c);
		budget--;
	}
}

static void recv_done(struct thread *t, struct conn *c, int res,
		      unsigned int flags)
{
	int more = flags & IORING_CQE_F_MORE;
	int bid = -1;

	if (!more)
		c->recv_armed = 0;
	if (flags & IORING_CQE_F_BUFFER) {
		bid = flags >> IORING_CQE_BUFFER_SHIFT;
		t->nfree--;
		if (res <= 0 || c->closing) {
			recycle(t, bid);
			bid = -1;
		}
	}
	if (c->closing) {
		conn_try_free(t, c);
		return;
	}
	if (res > 0 && bid >= 0) {
		t->blen[bid] = res;
		t->bnext[bid] = -1;
		if (c->q_tail >= 0)
			t->bnext[c->q_tail] = bid;
		else
			c->q_head = bid;
		c->q_tail = bid;
		c->nbufs++;
		if (!c->send_busy)
			submit_send(t, c);
		if (more && c->nbufs >= CONN_MAX_BUFS && !c->paused) {
			struct io_uring_sqe *sqe = get_sqe(t, c, OP_CANCEL);

			io_uring_prep_cancel64(sqe, (uint64_t)(uintptr_t)c |
					       OP_RECV, 0);
			c->ncancel++;
			c->paused = 1;
		}
	} else if (res == 0) {
		c->eof = 1;
		if (!c->send_busy)
			conn_close(t, c);
		return;
	} else if (res != -ENOBUFS && res != -ECANCELED) {
		conn_close(t, c);
		return;
	}
	if (!more)
		recv_ended(t, c, res);
}

static void send_done(struct thread *t, struct conn *c, int res)
{
	unsigned int n = c->send_cnt, left, rem;

	c->send_busy = 0;
	c->send_cnt = 0;
	if (c->closing) {
		while (n--)
			pop_sent(t, c);
		conn_try_free(t, c);
		return;
	}
	if (res <= 0) {
		conn_close(t, c);
		return;
	}
	for (left = res; left; left -= rem) {
		rem = t->blen[c->q_head] - c->send_off;
		if (left < rem) {
			c->send_off += left;	/* short send */
			break;
		}
		pop_sent(t, c);
	}
	if (c->q_head >= 0) {
		submit_send(t, c);
	} else if (c->eof) {
		conn_close(t, c);
		return;
	}
	if (c->paused && !c->recv_armed && c->nbufs <= CONN_MAX_BUFS / 2) {
		c->paused = 0;
		arm_recv(t, c);
	}
}

static void accept_done(struct thread *t, int res, unsigned int flags)
{
	struct io_uring_sqe *sqe;

	if (res >= 0)
		new_conn(t, res);
	if (flags & IORING_CQE_F_MORE)
		return;
	if (res == -EMFILE || res == -ENFILE || res == -ENOBUFS ||
	    res == -ENOMEM) {
		/* leave the backlog alone for a while */
		sqe = get_sqe(t, NULL, OP_TIMEOUT);
		t->pause_ts.tv_sec = 0;
		t->pause_ts.tv_nsec = ACCEPT_PAUSE_NS;
		io_uring_prep_timeout(sqe, &t->pause_ts, 0, 0);
		return;
	}
	arm_accept(t);
}

static void handle(struct thread *t, struct io_uring_cqe *cqe)
{
	uint64_t ud = io_uring_cqe_get_data64(cqe);
	struct conn *c = (struct conn *)(uintptr_t)(ud & ~OP_MASK);

	switch (ud & OP_MASK) {
	case OP_ACCEPT:
		accept_done(t, cqe->res, cqe->flags);
		break;
	case OP_RECV:
		recv_done(t, c, cqe->res, cqe->flags);
		break;
	case OP_SEND:
		send_done(t, c, cqe->res);
		break;
	case OP_CANCEL:
		c->ncancel--;
		conn_try_free(t, c);
		break;
	case OP_TIMEOUT:
		arm_accept(t);
		break;
	case OP_STOP:
		t->stop = 1;
		break;
	}
}

static int ring_init(struct thread *t)
{
	static const unsigned int try_flags[] = {
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		IORING_SETUP_COOP_TASKRUN,
		0,
	};
	struct io_uring_params p;
	unsigned int i;
	int ret = -EINVAL;

	for (i = 0; i < ARRAY_SIZE(try_flags); i++) {
		memset(&p, 0, sizeof(p));
		p.flags = try_flags[i] | IORING_SETUP_CQSIZE |
			  IORING_SETUP_SUBMIT_ALL;
		p.cq_entries = CQ_ENTRIES;
		ret = io_uring_queue_init_params(SQ_ENTRIES, &t->ring, &p);
		if (ret != -EINVAL)
			break;
	}
	if (ret < 0)
		fprintf(stderr, "echo_uring: io_uring_queue_init: %s\n",
			strerror(-ret));
	return ret;
}

static int bufs_init(struct thread *t)
{
	struct io_uring_buf_reg reg;
	size_t ring_size = NBUFS * sizeof(struct io_uring_buf);
	int i, ret;

	if (posix_memalign((void **)&t->br, 4096, ring_size) ||
	    posix_memalign((void **)&t->bufs, 4096, (size_t)NBUFS * BUF_SIZE)) {
		fprintf(stderr, "echo_uring: out of memory\n");
		return -ENOMEM;
	}
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (uintptr_t)t->br;
	reg.ring_entries = NBUFS;
	reg.bgid = BGID;
	io_uring_buf_ring_init(t->br);
	ret = io_uring_register_buf_ring(&t->ring, &reg, 0);
	if (ret) {
		fprintf(stderr, "echo_uring: io_uring_register_buf_ring: %s\n",
			strerror(-ret));
		return ret;
	}
	for (i = 0; i < NBUFS; i++)
		recycle(t, i);
	return 0;
}

static int thread_init(struct thread *t)
{
	struct io_uring_probe *probe;
	struct io_uring_sqe *sqe;
	int ret;

	ret = ring_init(t);
	if (ret)
		return ret;
	t->ring_ok = 1;
	probe = io_uring_get_probe_ring(&t->ring);
	if (!probe || !io_uring_opcode_supported(probe, IORING_OP_ACCEPT) ||
	    !io_uring_opcode_supported(probe, IORING_OP_RECV) ||
	    !io_uring_opcode_supported(probe, IORING_OP_SEND)) {
		fprintf(stderr, "echo_uring: io_uring lacks accept/recv/send\n");
		io_uring_free_probe(probe);
		return -EOPNOTSUPP;
	}
	io_uring_free_probe(probe);
	ret = bufs_init(t);
	if (ret)
		return ret;
	arm_accept(t);
	sqe = get_sqe(t, NULL, OP_STOP);
	io_uring_prep_poll_add(sqe, stop_fd, POLLIN);
	ret = io_uring_submit(&t->ring);
	if (ret < 0) {
		fprintf(stderr, "echo_uring: io_uring_submit: %s\n",
			strerror(-ret));
		return ret;
	}
	return 0;
}

static void serve(struct thread *t)
{
	struct io_uring_cqe *cqe;
	unsigned int head, n;
	int ret;

	while (!t->stop) {
		ret = io_uring_submit_and_wait(&t->ring, 1);
		if (ret < 0 && ret != -EINTR && ret != -EAGAIN &&
		    ret != -EBUSY) {
			fprintf(stderr, "echo_uring: io_uring_submit: %s\n",
				strerror(-ret));
			return;
		}
		n = 0;
		io_uring_for_each_cqe(&t->ring, head, cqe) {
			handle(t, cqe);
			n++;
		}
		io_uring_cq_advance(&t->ring, n);
		if (t->starved_head && t->nfree)
			kick_starved(t);
	}
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;
	int ret = thread_init(t);

	pthread_mutex_lock(&start_lock);
	nstarted++;
	if (ret)
		nfailed++;
	pthread_cond_signal(&start_cond);
	pthread_mutex_unlock(&start_lock);
	if (!ret)
		serve(t);
	return NULL;
}

static void thread_free(struct thread *t)
{
	struct conn *c;

	while (t->conns) {
		c = t->conns;
		t->conns = c->next;
		close(c->fd);
		free(c);
	}
	while (t->free) {
		c = t->free;
		t->free = c->next;
		free(c);
	}
	if (t->ring_ok)
		io_uring_queue_exit(&t->ring);	/* cancels what is left */
	free(t->br);
	free(t->bufs);
	if (t->lfd >= 0)
		close(t->lfd);
	free(t);
}

int main(int argc, char **argv)
{
	struct thread **th;
	int port, nthreads, started = 0, i, sig, ret = 1;
	sigset_t set;

	server_setup("echo_uring", argc, argv, &port, &nthreads, &set);

	stop_fd = eventfd(0, EFD_CLOEXEC);
	th = calloc(nthreads, sizeof(*th));
	if (stop_fd < 0 || !th) {
		perror("echo_uring: eventfd");
		return 1;
	}
	for (i = 0; i < nthreads; i++) {
		th[i] = calloc(1, sizeof(*th[i]));
		if (!th[i]) {
			perror("echo_uring: calloc");
			goto out;
		}
		th[i]->lfd = make_listener("echo_uring", port, 0);
		if (th[i]->lfd < 0)
			goto out;
	}
	for (started = 0; started < nthreads; started++) {
		errno = pthread_create(&th[started]->tid, NULL, thread_main,
				       th[started]);
		if (errno) {
			perror("echo_uring: pthread_create");
			goto out;
		}
	}
	pthread_mutex_lock(&start_lock);
	while (nstarted < nthreads)
		pthread_cond_wait(&start_cond, &start_lock);
	pthread_mutex_unlock(&start_lock);
	if (nfailed)
		goto out;
	printf("echo_uring: listening on %d\n", port);
	fflush(stdout);

	while (sigwait(&set, &sig))
		;
	ret = 0;
out:
	eventfd_write(stop_fd, 1);
	for (i = 0; i < started; i++)
		pthread_join(th[i]->tid, NULL);
	for (i = 0; i < nthreads && th[i]; i++)
		thread_free(th[i]);
	free(th);
	close(stop_fd);
	return ret;
}
