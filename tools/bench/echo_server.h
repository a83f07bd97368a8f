/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the user-space echo servers share (echo_epoll, echo_uring and the
 * UDP ones): their command line, their signal and file-limit setup, and
 * their per-thread dual-stack socket.
 */
#ifndef _ECHO_SERVER_H
#define _ECHO_SERVER_H

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* Every fd the hard limit allows: connections are many. */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/*
 * NAME -p PORT [-t THREADS]: sets *port and *nthreads (default: the online
 * CPUs), or prints the usage and exits. Then raises the fd limit, ignores
 * SIGPIPE and blocks SIGTERM and SIGINT in *set, for main to sigwait() on
 * (the threads it starts inherit the mask).
 */
static void server_setup(const char *name, int argc, char **argv, int *port,
			 int *nthreads, sigset_t *set)
{
	int opt;

	*port = 0;
	*nthreads = 0;
	while ((opt = getopt(argc, argv, "p:t:")) != -1) {
		if (opt == 'p')
			*port = atoi(optarg);
		else if (opt == 't')
			*nthreads = atoi(optarg);
		else
			*port = -1;
	}
	if (*port <= 0 || *port > 65535 || *nthreads < 0 || optind != argc) {
		fprintf(stderr, "usage: %s -p PORT [-t THREADS]\n", name);
		exit(1);
	}
	if (!*nthreads)
		*nthreads = sysconf(_SC_NPROCESSORS_ONLN);
	if (*nthreads < 1)
		*nthreads = 1;
	raise_nofile();
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

/* A socket of TYPE bound to [::]:PORT, dual stack, SO_REUSEPORT; -1 on error. */
static inline int make_bound(const char *name, int port, int type)
{
	struct sockaddr_in6 a;
	int one = 1, zero = 0, fd;

	fd = socket(AF_INET6, type | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "%s: socket: %s\n", name, strerror(errno));
		return -1;
	}
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one))) {
		fprintf(stderr, "%s: setsockopt: %s\n", name, strerror(errno));
		close(fd);
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	a.sin6_addr = in6addr_any;
	a.sin6_port = htons(port);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		fprintf(stderr, "%s: bind [::]:%d: %s\n", name, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* A thread's TCP listener on [::]:PORT (make_bound()); -1 on error. */
static inline int make_listener(const char *name, int port, int type_flags)
{
	int fd = make_bound(name, port, SOCK_STREAM | type_flags);

	if (fd >= 0 && listen(fd, 4096)) {
		fprintf(stderr, "%s: listen [::]:%d: %s\n", name, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* A server whose threads each own their state (the UDP servers). */
struct server_ops {
	void *(*make)(int port);	/* a thread's state, or NULL: cannot start */
	void *(*run)(void *state);	/* the thread: serves until the stop eventfd fires */
	void (*destroy)(void *state);
};

/*
 * main() of such a server: server_setup(), the stop eventfd in *stop_fd
 * (before the first make()), a thread per state, "NAME: listening on PORT"
 * once all run; on SIGTERM or SIGINT the eventfd fires and every thread is
 * joined and destroyed. Returns 0, or 1 if it could not start.
 */
static inline int serve_threads(const char *name, int argc, char **argv, int *stop_fd,
				const struct server_ops *ops)
{
	int port, nthreads, made, started = 0, i, sig;
	pthread_t *tids;
	void **state;
	sigset_t set;

	server_setup(name, argc, argv, &port, &nthreads, &set);
	*stop_fd = eventfd(0, EFD_CLOEXEC);
	state = calloc(nthreads, sizeof(*state));
	tids = calloc(nthreads, sizeof(*tids));
	if (*stop_fd < 0 || !state || !tids) {
		fprintf(stderr, "%s: eventfd or calloc: %s\n", name, strerror(errno));
		return 1;
	}
	for (made = 0; made < nthreads; made++) {
		state[made] = ops->make(port);
		if (!state[made])
			goto stop;
	}
	for (started = 0; started < nthreads; started++) {
		errno = pthread_create(&tids[started], NULL, ops->run, state[started]);
		if (errno) {
			fprintf(stderr, "%s: pthread_create: %s\n", name, strerror(errno));
			goto stop;
		}
	}
	printf("%s: listening on %d\n", name, port);
	fflush(stdout);
	while (sigwait(&set, &sig))
		;
stop:
	eventfd_write(*stop_fd, 1);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	for (i = 0; i < made; i++)
		ops->destroy(state[i]);
	free(state);
	free(tids);
	close(*stop_fd);
	return started == nthreads ? 0 : 1;
}

#endif /* _ECHO_SERVER_H */
