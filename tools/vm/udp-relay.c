// SPDX-License-Identifier: GPL-2.0
/*
 * udp-relay - the guest's end of tools/udp-echo-client.py --relay.
 *
 * udp-relay TCP-PORT UDP-PORT
 *
 * QEMU's restricted user networking (restrict=on, the only network a test
 * guest has) forwards connections from the host, but drops every UDP
 * datagram the guest sends. So the host's datagrams come in framed on TCP,
 * and this relay turns them into real UDP on the guest's loopback. Each
 * connection accepted on TCP-PORT gets its own UDP socket (its own source
 * port), connected to UDP-PORT on 127.0.0.1 for even-numbered connections
 * and on ::1 for odd ones. A frame is a 2-byte big-endian length and that
 * many bytes: each frame read from a connection is sent as one datagram,
 * each datagram received is written back as one frame. Says "udp-relay:
 * listening" on /dev/kmsg (or stderr) when ready; runs until killed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CONNS	64
#define FRAME_MAX	(2 + 65535)

struct conn {
	int tcp, udp;
	size_t have;			/* bytes of a frame read so far */
	unsigned char in[FRAME_MAX];
};

static struct conn *conns[MAX_CONNS];
static unsigned int accepted;

static void say(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int fd, n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fd = open("/dev/kmsg", O_WRONLY);
	if (fd < 0 || write(fd, line, n) != n)
		fputs(line, stderr);
	if (fd >= 0)
		close(fd);
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static void conn_close(int i)
{
	close(conns[i]->tcp);
	close(conns[i]->udp);
	free(conns[i]);
	conns[i] = NULL;
}

static void conn_open(int listener, int uport)
{
	struct sockaddr_in6 six = { .sin6_family = AF_INET6, .sin6_port = htons(uport),
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in four = { .sin_family = AF_INET, .sin_port = htons(uport),
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = accept(listener, NULL, NULL), one = 1, buf = 1 << 20, v6, i;
	struct conn *c;

	if (fd < 0)
		return;
	for (i = 0; i < MAX_CONNS && conns[i]; i++)
		;
	c = i < MAX_CONNS ? calloc(1, sizeof(*c)) : NULL;
	if (!c) {
		close(fd);
		return;
	}
	c->tcp = fd;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	v6 = accepted++ % 2;
	c->udp = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
	if (c->udp >= 0)
		setsockopt(c->udp, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (c->udp < 0 || (v6 ? connect(c->udp, (struct sockaddr *)&six, sizeof(six)) :
			   connect(c->udp, (struct sockaddr *)&four, sizeof(four)))) {
		say("udp-relay: UDP socket: %s\n", strerror(errno));
		if (c->udp >= 0)
			close(c->udp);
		close(fd);
		free(c);
		return;
	}
	conns[i] = c;
}

/* Send the whole frames read so far; -1 when the connection is done. */
static int from_tcp(struct conn *c)
{
	ssize_t n = read(c->tcp, c->in + c->have, sizeof(c->in) - c->have);
	size_t len, off = 0;

	if (n <= 0)
		return -1;
	c->have += n;
	while (c->have - off >= 2) {
		len = (size_t)c->in[off] << 8 | c->in[off + 1];
		if (c->have - off - 2 < len)
			break;
		/* a datagram UDP refuses (no server yet) is as good as lost */
		if (send(c->udp, c->in + off + 2, len, 0) < 0 && errno != ECONNREFUSED &&
		    errno != EAGAIN && errno != ENOBUFS)
			return -1;
		off += 2 + len;
	}
	memmove(c->in, c->in + off, c->have - off);
	c->have -= off;
	return 0;
}

static int from_udp(struct conn *c)
{
	unsigned char out[FRAME_MAX];
	ssize_t n = recv(c->udp, out + 2, sizeof(out) - 2, MSG_DONTWAIT);

	if (n < 0)
		return errno == ECONNREFUSED || errno == EAGAIN ? 0 : -1;
	out[0] = n >> 8;
	out[1] = n;
	return write_all(c->tcp, out, n + 2);
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 addr = { .sin6_family = AF_INET6 };
	struct pollfd fds[1 + 2 * MAX_CONNS];
	int map[1 + 2 * MAX_CONNS];
	int listener, one = 1, tport, uport, n, i, k;

	tport = argc == 3 ? atoi(argv[1]) : 0;
	uport = argc == 3 ? atoi(argv[2]) : 0;
	if (tport <= 0 || uport <= 0) {
		fprintf(stderr, "usage: udp-relay TCP-PORT UDP-PORT\n");
		return 2;
	}
	listener = socket(AF_INET6, SOCK_STREAM, 0);
	addr.sin6_port = htons(tport);
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(listener, 64)) {
		say("udp-relay: TCP port %d: %s\n", tport, strerror(errno));
		return 1;
	}
	say("udp-relay: listening on TCP port %d for UDP port %d\n", tport, uport);
	for (;;) {
		fds[0] = (struct pollfd){ .fd = listener, .events = POLLIN };
		n = 1;
		for (i = 0; i < MAX_CONNS; i++) {
			if (!conns[i])
				continue;
			map[n] = i;
			fds[n++] = (struct pollfd){ .fd = conns[i]->tcp, .events = POLLIN };
			map[n] = i;
			fds[n++] = (struct pollfd){ .fd = conns[i]->udp, .events = POLLIN };
		}
		if (poll(fds, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (fds[0].revents & POLLIN)
			conn_open(listener, uport);
		for (k = 1; k < n; k++) {
			i = map[k];
			if (!conns[i] || !(fds[k].revents & (POLLIN | POLLERR | POLLHUP)))
				continue;
			if ((k % 2 ? from_tcp(conns[i]) : from_udp(conns[i])) < 0)
				conn_close(i);
		}
	}
}
