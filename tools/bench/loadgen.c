// SPDX-License-Identifier: GPL-2.0
/*
 * loadgen - TCP and UDP echo load generator for tools/bench.
 *
 * loadgen -h HOST -p PORT -m accept|rr|stream|urr|uflood -c CONNS -d SECONDS
 *         [-s SIZE] [-t THREADS] [-w WARMUP_SECONDS] [-a]
 *
 * The connections are spread over THREADS threads (default: the smaller of
 * CONNS and the online CPUs); each thread runs an edge-triggered epoll loop
 * over its non-blocking sockets. With -a, thread i runs only on CPU i modulo
 * the online CPUs, so that the scheduler's placement does not vary between
 * runs (over loopback a kernel server's work then runs on those CPUs too,
 * where the softirq delivered the packet).
 *
 * accept: each connector connects, sends 1 byte, waits for its echo, closes
 *         and starts again; an operation is one such cycle.
 * rr:     each connection has one SIZE-byte message (default 64) in flight;
 *         an operation is one round trip.
 * stream: each connection keeps sending SIZE-byte writes (default 65536) with
 *         at most 4 * SIZE bytes not yet echoed; an operation is one chunk
 *         echoed back.
 * urr:    UDP: each "connection" is a connected UDP socket with one
 *         SIZE-byte datagram (default 64) in flight; an operation is one
 *         round trip.
 * uflood: UDP: each socket keeps UFLOOD_WINDOW datagrams of SIZE bytes
 *         (default 1400) in flight; an operation is one datagram echoed.
 * A UDP datagram not echoed within ULOST_NS is counted lost (lost=, not
 * an error) and another takes its place.
 *
 * Every message or chunk starts with its sequence number (little endian, up
 * to 8 bytes), the rest is a fixed pseudo-random pattern; every echoed byte
 * is checked. Operations that complete in the WARMUP_SECONDS (default 0.5)
 * after the start are not counted; the SECONDS after that are measured. The
 * latency of every operation goes into a log-linear histogram (128 buckets
 * per power of two, below 0.8% error). Errors (refused or reset
 * connections, early EOF, wrong bytes, 10 s without an answer) are counted,
 * and the connection starts again 10 ms later. If no operation at all
 * completes for 10 s, loadgen stops early.
 *
 * Prints one line:
 * RESULT mode=M conns=N size=S threads=T secs=D ops=N ops_per_s=X
 *        mb_per_s=X p50_us=X p99_us=X errors=N lost=N
 * and exits 0 if ops > 0 and errors == 0, else 1.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NSEC		1000000000ULL
#define MSEC		1000000ULL
#define RETRY_NS	(10 * MSEC)	/* pause before reconnecting */
#define TIMEOUT_NS	(10 * NSEC)	/* no answer: error, no progress: stop */
#define SCAN_NS		(100 * MSEC)	/* timeout scan interval */
#define MAX_EVENTS	256
#define RBUF_SIZE	(256 * 1024)
#define MAX_LOGGED	10
#define UFLOOD_WINDOW	32		/* uflood: datagrams in flight per socket */
#define UDP_SLOTS	64		/* at least UFLOOD_WINDOW, a power of 2 */
#define ULOST_NS	(200 * MSEC)	/* a datagram not echoed by then is lost */

/* histogram: values in ns; 128 exact buckets, then 128 per power of two */
#define SUB_BITS	7
#define SUB		128	/* 1 << SUB_BITS */
#define MAX_LOG2	36	/* about 68 s */
#define NBUCKETS	(SUB + (MAX_LOG2 - SUB_BITS + 1) * SUB)

enum mode { M_ACCEPT, M_RR, M_STREAM, M_URR, M_UFLOOD, M_COUNT };
static const char *const mode_names[] = { "accept", "rr", "stream", "urr", "uflood" };

enum state { S_IDLE, S_CONNECTING, S_WAIT_ECHO, S_ACTIVE };

struct lconn {
	int fd;
	enum state state;
	uint64_t sent, rcvd;	/* bytes sent and echoed on this connection */
	uint64_t ts[UDP_SLOTS];	/* when chunk k started: ts[k & 7]; UDP: & (UDP_SLOTS - 1) */
	uint64_t useq[UDP_SLOTS];	/* UDP: the datagram each slot waits for */
	uint64_t pend;		/* UDP: bit i set while slot i waits */
	unsigned int inflight;	/* UDP: datagrams not echoed nor lost */
	uint64_t t0;		/* accept: when this cycle started */
	uint64_t last;		/* last sign of life, for the timeout */
	uint64_t retry_at;	/* S_IDLE: when to connect again */
	uint64_t seq;		/* accept: cycles done */
};

struct worker {
	pthread_t tid;
	int id, ep, n, nidle;
	uint64_t next_scan;	/* for timeouts and reconnections */
	struct lconn *c;
	uint64_t ops, bytes, errors, lost;
	uint64_t progress;	/* operations completed, read by main */
	unsigned char *rbuf, *sbuf;
	uint64_t hist[NBUCKETS];
};

static enum mode mode;
static size_t size;
static uint64_t window;
static unsigned char *pat;
static struct sockaddr_storage addr;
static socklen_t addrlen;
static uint64_t t_warm, t_end;
static int stop;
static int nlogged;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

static unsigned int bucket(uint64_t v)
{
	unsigned int lg;

	if (v < SUB)
		return v;
	lg = 63 - __builtin_clzll(v);
	if (lg > MAX_LOG2) {
		lg = MAX_LOG2;
		v = (2ULL << MAX_LOG2) - 1;
	}
	return (lg - SUB_BITS) * SUB + (unsigned int)(v >> (lg - SUB_BITS));
}

/* middle of bucket b, in ns */
static double bucket_value(unsigned int b)
{
	unsigned int lg;
	uint64_t lo;

	if (b < SUB)
		return b;
	lg = (b - SUB) / SUB + SUB_BITS;
	lo = (uint64_t)(SUB + (b - SUB) % SUB) << (lg - SUB_BITS);
	return lo + ((1ULL << (lg - SUB_BITS)) - 1) / 2.0;
}

static double percentile(const uint64_t *hist, uint64_t total, double p)
{
	uint64_t rank = (uint64_t)(p * total + 0.999999), sum = 0;
	unsigned int b;

	if (!total)
		return 0;
	if (rank < 1)
		rank = 1;
	for (b = 0; b < NBUCKETS; b++) {
		sum += hist[b];
		if (sum >= rank)
			return bucket_value(b) / 1000.0;
	}
	return bucket_value(NBUCKETS - 1) / 1000.0;
}

static int in_window(uint64_t t)
{
	return t >= t_warm && t < t_end;
}

static void op_done(struct worker *w, uint64_t now, uint64_t start)
{
	if (in_window(now)) {
		w->ops++;
		w->hist[bucket(now - start)]++;
	}
	__atomic_store_n(&w->progress, w->progress + 1, __ATOMIC_RELAXED);
}

static void conn_reset(struct worker *w, struct lconn *c, uint64_t now)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->state = S_IDLE;
	c->retry_at = now + RETRY_NS;
	w->nidle++;
	if (w->next_scan > c->retry_at)
		w->next_scan = c->retry_at;
}

static void conn_fail(struct worker *w, struct lconn *c, uint64_t now,
		      const char *what, int err)
{
	if (now < t_end && !__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		w->errors++;
		if (__atomic_fetch_add(&nlogged, 1, __ATOMIC_RELAXED) <
		    MAX_LOGGED)
			fprintf(stderr, "loadgen: thread %d conn %ld: %s%s%s\n",
				w->id, (long)(c - w->c), what,
				err ? ": " : "", err ? strerror(err) : "");
	}
	conn_reset(w, c, now);
}

/* rr, stream: send while the window allows; 0, or -1 if c failed */
static int do_send(struct worker *w, struct lconn *c, uint64_t now)
{
	uint64_t k, i;
	size_t o;
	ssize_t n;

	for (;;) {
		k = c->sent / size;
		o = c->sent % size;
		if (!o) {
			if (c->sent + size - c->rcvd > window)
				return 0;
			if (c->sent == c->rcvd)
				c->last = now;
			c->ts[k & 7] = now;
		}
		for (i = 0; i < 8 && i < size; i++)
			w->sbuf[i] = k >> (8 * i);
		n = send(c->fd, w->sbuf + o, size - o, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			conn_fail(w, c, now, "send", errno);
			return -1;
		}
		c->sent += n;
	}
}

/* rr, stream: check n echoed bytes, count finished operations */
static int verify(struct worker *w, struct lconn *c, const unsigned char *d,
		  size_t n, uint64_t now)
{
	uint64_t k;
	size_t o, len, j;

	while (n) {
		k = c->rcvd / size;
		o = c->rcvd % size;
		len = size - o < n ? size - o : n;
		for (j = 0; j < len && o + j < 8; j++)
			if (d[j] != (unsigned char)(k >> (8 * (o + j))))
				return -1;
		if (memcmp(d + j, pat + o + j, len - j))
			return -1;
		c->rcvd += len;
		c->last = now;
		d += len;
		n -= len;
		if (o + len == size)
			op_done(w, now, c->ts[k & 7]);
	}
	return 0;
}

/* rr, stream: read until drained; 0, or -1 if c failed */
static int do_recv(struct worker *w, struct lconn *c, uint64_t now)
{
	ssize_t n;

	for (;;) {
		n = recv(c->fd, w->rbuf, RBUF_SIZE, 0);
		if (n > 0) {
			if ((uint64_t)n > c->sent - c->rcvd) {
				conn_fail(w, c, now, "more bytes than sent", 0);
				return -1;
			}
			if (in_window(now))
				w->bytes += n;
			if (verify(w, c, w->rbuf, n, now)) {
				conn_fail(w, c, now, "echo differs", 0);
				return -1;
			}
			if (n < RBUF_SIZE)
				return 0;	/* drained: epoll reports more */
			continue;
		}
		if (n == 0) {
			conn_fail(w, c, now, "connection closed by server", 0);
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN)
			return 0;
		conn_fail(w, c, now, "recv", errno);
		return -1;
	}
}

static int udp_mode(void)
{
	return mode == M_URR || mode == M_UFLOOD;
}

/* UDP: send datagrams while the window allows; 0, or -1 if c failed */
static int udp_send(struct worker *w, struct lconn *c, uint64_t now)
{
	unsigned int limit = mode == M_URR ? 1 : UFLOOD_WINDOW, slot;
	uint64_t k, i;

	while (c->inflight < limit) {
		k = c->sent;
		slot = k & (UDP_SLOTS - 1);
		if (c->pend & (1ULL << slot))
			return 0;	/* its datagram is still awaited */
		for (i = 0; i < 8 && i < size; i++)
			w->sbuf[i] = k >> (8 * i);
		if (send(c->fd, w->sbuf, size, 0) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == ENOBUFS)
				return 0;
			conn_fail(w, c, now, "send", errno);
			return -1;
		}
		c->useq[slot] = k;
		c->ts[slot] = now;
		c->pend |= 1ULL << slot;
		c->inflight++;
		c->sent++;
	}
	return 0;
}

/* UDP: take the echoes that came, then send; late echoes of lost ones are ignored */
static void udp_event(struct worker *w, struct lconn *c, uint64_t now)
{
	unsigned int slot;
	uint64_t k;
	ssize_t n;
	size_t j;

	for (;;) {
		n = recv(c->fd, w->rbuf, RBUF_SIZE, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				conn_fail(w, c, now, "recv", errno);
				return;
			}
			break;
		}
		for (k = 0, j = 0; j < 8 && j < (size_t)n; j++)
			k |= (uint64_t)w->rbuf[j] << (8 * j);
		if ((size_t)n != size || memcmp(w->rbuf + j, pat + j, size - j) || k >= c->sent) {
			conn_fail(w, c, now, "echo differs", 0);
			return;
		}
		slot = k & (UDP_SLOTS - 1);
		if (!(c->pend & (1ULL << slot)) || c->useq[slot] != k)
			continue;	/* counted lost already */
		c->pend &= ~(1ULL << slot);
		c->inflight--;
		c->rcvd++;
		c->last = now;
		if (in_window(now))
			w->bytes += n;
		op_done(w, now, c->ts[slot]);
	}
	udp_send(w, c, now);
}

/* UDP: count the datagrams not echoed in time as lost, send others */
static void udp_scan(struct worker *w, struct lconn *c, uint64_t now)
{
	unsigned int slot;

	for (slot = 0; slot < UDP_SLOTS; slot++) {
		if (!(c->pend & (1ULL << slot)) || now - c->ts[slot] < ULOST_NS)
			continue;
		c->pend &= ~(1ULL << slot);
		c->inflight--;
		if (in_window(now))
			w->lost++;
	}
	udp_send(w, c, now);
}

static void accept_send(struct worker *w, struct lconn *c, uint64_t now)
{
	unsigned char b = (unsigned char)(c->seq ^ 0x5a);
	ssize_t n;

	n = send(c->fd, &b, 1, MSG_NOSIGNAL);
	if (n == 1)
		c->state = S_WAIT_ECHO;
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		conn_fail(w, c, now, "connect/send", errno);
	/* else still connecting: wait for EPOLLOUT */
}

static void conn_start(struct worker *w, struct lconn *c, uint64_t now)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET };
	int one = 1, r;

	c->t0 = now;
	c->last = now;
	c->sent = 0;
	c->rcvd = 0;
	c->pend = 0;
	c->inflight = 0;
	c->fd = socket(addr.ss_family, (udp_mode() ? SOCK_DGRAM : SOCK_STREAM) |
		       SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		conn_fail(w, c, now, "socket", errno);
		return;
	}
	if (mode != M_ACCEPT && !udp_mode())
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	r = connect(c->fd, (struct sockaddr *)&addr, addrlen);
	if (r && errno != EINPROGRESS) {
		conn_fail(w, c, now, "connect", errno);
		return;
	}
	ev.data.ptr = c;
	if (epoll_ctl(w->ep, EPOLL_CTL_ADD, c->fd, &ev)) {
		conn_fail(w, c, now, "epoll_ctl", errno);
		return;
	}
	c->state = S_CONNECTING;
	if (mode == M_ACCEPT)
		accept_send(w, c, now);	/* on loopback usually connected */
	if (udp_mode()) {
		c->state = S_ACTIVE;
		udp_send(w, c, now);
	}
}

static void accept_event(struct worker *w, struct lconn *c, uint64_t now)
{
	unsigned char b[2];
	ssize_t n;

	if (c->state == S_CONNECTING)
		accept_send(w, c, now);
	if (c->state != S_WAIT_ECHO)
		return;
	n = recv(c->fd, b, sizeof(b), 0);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_fail(w, c, now, "recv", errno);
		return;
	}
	if (n == 0) {
		conn_fail(w, c, now, "connection closed by server", 0);
		return;
	}
	if (n != 1 || b[0] != (unsigned char)(c->seq ^ 0x5a)) {
		conn_fail(w, c, now, "echo differs", 0);
		return;
	}
	if (in_window(now))
		w->bytes++;
	close(c->fd);
	c->fd = -1;
	c->seq++;
	now = now_ns();
	op_done(w, now, c->t0);
	conn_start(w, c, now);
}

static void stream_event(struct worker *w, struct lconn *c, uint32_t events,
			 uint64_t now)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (c->state == S_CONNECTING) {
		if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			return;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) ||
		    err) {
			conn_fail(w, c, now, "connect", err ? err : errno);
			return;
		}
		c->state = S_ACTIVE;
	}
	if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) && do_recv(w, c, now))
		return;
	do_send(w, c, now);
}

static void scan(struct worker *w, uint64_t now)
{
	struct lconn *c;
	int i, waiting;

	w->next_scan = now + SCAN_NS;
	for (i = 0; i < w->n; i++) {
		c = &w->c[i];
		if (c->state == S_IDLE) {
			if (c->retry_at <= now) {
				w->nidle--;
				conn_start(w, c, now);
			} else if (c->retry_at < w->next_scan) {
				w->next_scan = c->retry_at;
			}
			continue;
		}
		if (udp_mode()) {
			udp_scan(w, c, now);
			continue;
		}
		waiting = c->state != S_ACTIVE || c->sent != c->rcvd;
		if (waiting && now - c->last > TIMEOUT_NS)
			conn_fail(w, c, now, "no answer for 10 s", 0);
	}
}

static void *worker_main(void *arg)
{
	struct epoll_event ev[MAX_EVENTS];
	struct worker *w = arg;
	uint64_t now, wait;
	int i, n;

	for (;;) {
		now = now_ns();
		if (now >= t_end || __atomic_load_n(&stop, __ATOMIC_RELAXED))
			break;
		if (now >= w->next_scan)
			scan(w, now);
		wait = t_end - now;
		if (w->next_scan > now && wait > w->next_scan - now)
			wait = w->next_scan - now;
		n = epoll_wait(w->ep, ev, MAX_EVENTS, (wait + MSEC - 1) / MSEC);
		if (n < 0 && errno != EINTR) {
			perror("loadgen: epoll_wait");
			w->errors++;
			break;
		}
		now = now_ns();
		for (i = 0; i < n; i++) {
			struct lconn *c = ev[i].data.ptr;

			if (c->state == S_IDLE)
				continue;	/* failed earlier in this batch */
			if (mode == M_ACCEPT)
				accept_event(w, c, now);
			else if (udp_mode())
				udp_event(w, c, now);
			else
				stream_event(w, c, ev[i].events, now);
		}
	}
	for (i = 0; i < w->n; i++)
		if (w->c[i].fd >= 0)
			close(w->c[i].fd);
	return NULL;
}

static int parse_host(const char *host, int port)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;

	if (!strcmp(host, "localhost"))
		host = "127.0.0.1";
	memset(&addr, 0, sizeof(addr));
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		addrlen = sizeof(*a4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		addrlen = sizeof(*a6);
		return 0;
	}
	return -1;
}

static void bad_args(void)
{
	fprintf(stderr,
		"usage: loadgen -h HOST -p PORT -m accept|rr|stream|urr|uflood -c CONNS -d SECONDS\n"
		"               [-s SIZE] [-t THREADS] [-w WARMUP_SECONDS] [-a]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	const char *host = NULL, *mname = NULL;
	int port = 0, conns = 0, nthreads = 0, opt, i, stalled = 0, pin = 0;
	double secs = 0, warmup = 0.5, p50, p99;
	uint64_t ops = 0, bytes = 0, errors = 0, lost = 0, progress, last_progress = 0;
	uint64_t last_change, now, x = 0x9e3779b97f4a7c15ULL;
	static uint64_t hist[NBUCKETS];
	struct worker *w;
	struct rlimit rl;
	long ncpu;

	while ((opt = getopt(argc, argv, "h:p:m:c:d:s:t:w:a")) != -1) {
		switch (opt) {
		case 'a':
			pin = 1;
			break;
		case 'h':
			host = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'm':
			mname = optarg;
			break;
		case 'c':
			conns = atoi(optarg);
			break;
		case 'd':
			secs = atof(optarg);
			break;
		case 's':
			size = strtoul(optarg, NULL, 0);
			break;
		case 't':
			nthreads = atoi(optarg);
			break;
		case 'w':
			warmup = atof(optarg);
			break;
		default:
			bad_args();
		}
	}
	if (!host || !mname || port <= 0 || port > 65535 || conns <= 0 ||
	    !(secs > 0) || warmup < 0 || nthreads < 0 || optind != argc)
		bad_args();
	for (i = 0; i < M_COUNT; i++)
		if (!strcmp(mname, mode_names[i]))
			break;
	if (i == M_COUNT)
		bad_args();
	mode = i;
	if (mode == M_ACCEPT)
		size = 1;
	else if (!size)
		size = mode == M_RR || mode == M_URR ? 64 : mode == M_UFLOOD ? 1400 : 65536;
	if (udp_mode() && (size < 8 || size > 65507)) {
		fprintf(stderr, "loadgen: a UDP SIZE is 8 to 65507 bytes\n");
		return 1;
	}
	window = mode == M_STREAM ? 4 * size : size;
	if (parse_host(host, port)) {
		fprintf(stderr, "loadgen: %s: not an IPv4 or IPv6 address\n",
			host);
		return 1;
	}
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu < 1)
		ncpu = 1;
	if (!nthreads)
		nthreads = ncpu;
	if (nthreads > conns)
		nthreads = conns;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	signal(SIGPIPE, SIG_IGN);

	pat = malloc(size + 8);
	w = calloc(nthreads, sizeof(*w));
	if (!pat || !w) {
		fprintf(stderr, "loadgen: out of memory\n");
		return 1;
	}
	for (i = 0; i < (int)size + 8; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		pat[i] = x >> 32;
	}
	for (i = 0; i < nthreads; i++) {
		w[i].id = i;
		w[i].n = conns / nthreads + (i < conns % nthreads);
		w[i].c = calloc(w[i].n, sizeof(*w[i].c));
		w[i].rbuf = malloc(RBUF_SIZE);
		w[i].sbuf = malloc(size + 8);
		w[i].ep = epoll_create1(EPOLL_CLOEXEC);
		if (!w[i].c || !w[i].rbuf || !w[i].sbuf || w[i].ep < 0) {
			fprintf(stderr, "loadgen: out of memory or fds\n");
			return 1;
		}
		memcpy(w[i].sbuf, pat, size + 8);
		w[i].nidle = w[i].n;
		for (opt = 0; opt < w[i].n; opt++)
			w[i].c[opt].fd = -1;	/* S_IDLE, retry_at 0 */
	}

	now = now_ns();
	t_warm = now + (uint64_t)(warmup * NSEC);
	t_end = t_warm + (uint64_t)(secs * NSEC);
	for (i = 0; i < nthreads; i++) {
		pthread_attr_t attr;
		cpu_set_t cpus;

		pthread_attr_init(&attr);
		if (pin) {
			CPU_ZERO(&cpus);
			CPU_SET(i % ncpu, &cpus);
			pthread_attr_setaffinity_np(&attr, sizeof(cpus), &cpus);
		}
		errno = pthread_create(&w[i].tid, &attr, worker_main, &w[i]);
		pthread_attr_destroy(&attr);
		if (errno) {
			perror("loadgen: pthread_create");
			return 1;
		}
	}
	last_change = now;
	for (;;) {
		struct timespec ts = { 0, 20 * MSEC };

		nanosleep(&ts, NULL);
		now = now_ns();
		if (now >= t_end)
			break;
		progress = 0;
		for (i = 0; i < nthreads; i++)
			progress += __atomic_load_n(&w[i].progress,
						    __ATOMIC_RELAXED);
		if (progress != last_progress) {
			last_progress = progress;
			last_change = now;
		} else if (now - last_change >= TIMEOUT_NS) {
			fprintf(stderr,
				"loadgen: nothing completed for 10 s, stopping\n");
			stalled = 1;
			__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
			/* the measurement window ends here */
			secs = now > t_warm ? (double)(now - t_warm) / NSEC :
					      0.001;
			break;
		}
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].tid, NULL);
		ops += w[i].ops;
		bytes += w[i].bytes;
		errors += w[i].errors;
		lost += w[i].lost;
		for (opt = 0; opt < NBUCKETS; opt++)
			hist[opt] += w[i].hist[opt];
		close(w[i].ep);
		free(w[i].c);
		free(w[i].rbuf);
		free(w[i].sbuf);
	}
	free(w);
	free(pat);
	errors += stalled;
	p50 = percentile(hist, ops, 0.50);
	p99 = percentile(hist, ops, 0.99);
	printf("RESULT mode=%s conns=%d size=%zu threads=%d secs=%.3f",
	       mode_names[mode], conns, size, nthreads, secs);
	printf(" ops=%llu ops_per_s=%.1f mb_per_s=%.2f",
	       (unsigned long long)ops, ops / secs, bytes / secs / 1e6);
	printf(" p50_us=%.1f p99_us=%.1f errors=%llu lost=%llu\n", p50, p99,
	       (unsigned long long)errors, (unsigned long long)lost);
	fflush(stdout);
	return ops > 0 && !errors ? 0 : 1;
}
