// SPDX-License-Identifier: GPL-2.0
/*
 * echo_epoll - user-space TCP echo server on epoll, for tools/bench.
 *
 * echo_epoll -p PORT [-t THREADS]
 *
 * Every thread owns a dual-stack listener on [::]:PORT (SO_REUSEPORT, so
 * the kernel spreads the connections over the threads), an epoll instance
 * and the connections it accepted: nothing is shared but the stop eventfd.
 * A thread reads into one 64 KiB buffer of its own and writes the bytes
 * straight back; only what a short write leaves over is copied into the
 * connection's own buffer (allocated at the first short write, kept until
 * the connection closes), and the connection reads nothing more until that
 * remainder is out (EPOLLOUT).
 *
 * Prints "echo_epoll: listening on PORT" once every listener listens, serves
 * until SIGTERM or SIGINT and exits 0; exits 1 if it cannot start.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "echo_server.h"

#define BUF_SIZE	(64 * 1024)
#define MAX_EVENTS	256
#define ACCEPT_BATCH	64
#define ACCEPT_PAUSE_MS	10

enum kind { K_LISTENER, K_STOP, K_CONN };

struct conn {
	enum kind kind;		/* first, so that &thread->listener_kind works */
	int fd;
	unsigned int out;	/* EPOLLOUT armed: pend holds unsent bytes */
	unsigned int pend_off, pend_len;
	char *pend;		/* BUF_SIZE, allocated at the first short write */
	struct conn *prev, *next;	/* all connections, or the free list */
};

struct thread {
	pthread_t tid;
	int lfd, ep;
	enum kind listener_kind, stop_kind;
	int accept_paused;
	struct timespec accept_resume;
	struct conn *conns;	/* open connections */
	struct conn *free;	/* closed ones, for reuse */
	char buf[BUF_SIZE];
};

static int stop_fd = -1;

static int ep_set(struct thread *t, int op, int fd, uint32_t events, void *p)
{
	struct epoll_event ev = { .events = events, .data.ptr = p };

	return epoll_ctl(t->ep, op, fd, &ev);
}

static void conn_close(struct thread *t, struct conn *c)
{
	close(c->fd);	/* also removes it from the epoll set */
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

static void do_accept(struct thread *t)
{
	struct conn *c;
	int i, fd, one = 1;

	for (i = 0; i < ACCEPT_BATCH; i++) {
		fd = accept4(t->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EAGAIN || errno == EINTR ||
			    errno == ECONNABORTED)
				return;
			/*
			 * EMFILE, ENFILE, ENOBUFS, ENOMEM: leave the rest in
			 * the backlog and try again a little later.
			 */
			if (ep_set(t, EPOLL_CTL_MOD, t->lfd, 0,
				   &t->listener_kind) == 0) {
				clock_gettime(CLOCK_MONOTONIC,
					      &t->accept_resume);
				t->accept_resume.tv_nsec +=
					ACCEPT_PAUSE_MS * 1000000L;
				t->accept_paused = 1;
			}
			return;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = t->free;
		if (c) {
			t->free = c->next;
		} else {
			c = calloc(1, sizeof(*c));
			if (!c) {
				close(fd);
				continue;
			}
		}
		c->kind = K_CONN;
		c->fd = fd;
		c->out = 0;
		c->pend_off = 0;
		c->pend_len = 0;
		if (ep_set(t, EPOLL_CTL_ADD, fd, EPOLLIN, c)) {
			close(fd);
			c->next = t->free;
			t->free = c;
			continue;
		}
		c->prev = NULL;
		c->next = t->conns;
		if (t->conns)
			t->conns->prev = c;
		t->conns = c;
	}
}

/* Writes pend out; returns -1 if the connection is to be closed. */
static int flush_pending(struct thread *t, struct conn *c)
{
	ssize_t n;

	while (c->pend_off < c->pend_len) {
		n = send(c->fd, c->pend + c->pend_off,
			 c->pend_len - c->pend_off, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? 0 : -1;
		}
		c->pend_off += n;
	}
	c->out = 0;
	return ep_set(t, EPOLL_CTL_MOD, c->fd, EPOLLIN, c);
}

/* Echoes one read's worth; returns -1 if the connection is to be closed. */
static int echo(struct thread *t, struct conn *c)
{
	ssize_t n, w, done = 0;

	n = recv(c->fd, t->buf, BUF_SIZE, 0);
	if (n < 0)
		return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
	if (n == 0)
		return -1;	/* EOF: everything received was sent back */
	while (done < n) {
		w = send(c->fd, t->buf + done, n - done, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return -1;
			break;
		}
		done += w;
	}
	if (done == n)
		return 0;
	if (!c->pend) {
		c->pend = malloc(BUF_SIZE);
		if (!c->pend)
			return -1;
	}
	memcpy(c->pend, t->buf + done, n - done);
	c->pend_off = 0;
	c->pend_len = n - done;
	c->out = 1;
	return ep_set(t, EPOLL_CTL_MOD, c->fd, EPOLLOUT, c);
}

static int ms_until(const struct timespec *when)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (when->tv_sec - now.tv_sec) * 1000 +
	     (when->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms + 1;
}

static void *thread_main(void *arg)
{
	struct epoll_event ev[MAX_EVENTS];
	struct thread *t = arg;
	struct conn *c;
	int i, n, timeout;

	for (;;) {
		timeout = t->accept_paused ? ms_until(&t->accept_resume) : -1;
		n = epoll_wait(t->ep, ev, MAX_EVENTS, timeout);
		if (n < 0 && errno != EINTR) {
			perror("echo_epoll: epoll_wait");
			break;
		}
		if (t->accept_paused && ms_until(&t->accept_resume) <= 1 &&
		    ep_set(t, EPOLL_CTL_MOD, t->lfd, EPOLLIN,
			   &t->listener_kind) == 0)
			t->accept_paused = 0;
		for (i = 0; i < n; i++) {
			enum kind *k = ev[i].data.ptr;

			if (*k == K_STOP)
				return NULL;
			if (*k == K_LISTENER) {
				do_accept(t);
				continue;
			}
			c = ev[i].data.ptr;
			if (c->out) {
				if (flush_pending(t, c))
					conn_close(t, c);
			} else if (echo(t, c)) {
				conn_close(t, c);
			}
		}
	}
	return NULL;
}

static void thread_free(struct thread *t)
{
	struct conn *c;

	while (t->conns)
		conn_close(t, t->conns);
	while (t->free) {
		c = t->free;
		t->free = c->next;
		free(c->pend);
		free(c);
	}
	if (t->ep >= 0)
		close(t->ep);
	if (t->lfd >= 0)
		close(t->lfd);
	free(t);
}

int main(int argc, char **argv)
{
	struct thread **th;
	int port, nthreads, started = 0, i, sig;
	sigset_t set;

	server_setup("echo_epoll", argc, argv, &port, &nthreads, &set);

	stop_fd = eventfd(0, EFD_CLOEXEC);
	th = calloc(nthreads, sizeof(*th));
	if (stop_fd < 0 || !th) {
		perror("echo_epoll: eventfd");
		return 1;
	}
	for (i = 0; i < nthreads; i++) {
		struct thread *t = calloc(1, sizeof(*t));

		if (!t) {
			perror("echo_epoll: calloc");
			goto fail;
		}
		th[i] = t;
		t->listener_kind = K_LISTENER;
		t->stop_kind = K_STOP;
		t->ep = -1;
		t->lfd = make_listener("echo_epoll", port, SOCK_NONBLOCK);
		if (t->lfd < 0)
			goto fail;
		t->ep = epoll_create1(EPOLL_CLOEXEC);
		if (t->ep < 0 ||
		    ep_set(t, EPOLL_CTL_ADD, t->lfd, EPOLLIN,
			   &t->listener_kind) ||
		    ep_set(t, EPOLL_CTL_ADD, stop_fd, EPOLLIN, &t->stop_kind)) {
			perror("echo_epoll: epoll");
			goto fail;
		}
	}
	for (started = 0; started < nthreads; started++) {
		errno = pthread_create(&th[started]->tid, NULL, thread_main,
				       th[started]);
		if (errno) {
			perror("echo_epoll: pthread_create");
			goto fail;
		}
	}
	printf("echo_epoll: listening on %d\n", port);
	fflush(stdout);

	while (sigwait(&set, &sig))
		;
	eventfd_write(stop_fd, 1);
	for (i = 0; i < nthreads; i++) {
		pthread_join(th[i]->tid, NULL);
		thread_free(th[i]);
	}
	free(th);
	close(stop_fd);
	return 0;

fail:
	eventfd_write(stop_fd, 1);
	for (i = 0; i < started; i++)
		pthread_join(th[i]->tid, NULL);
	for (i = 0; i < nthreads && th[i]; i++)
		thread_free(th[i]);
	free(th);
	return 1;
}
