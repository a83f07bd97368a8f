// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: WskGetOption reads back what WskSetOption set, as Linux's
 * getsockopt() reports it, on TCP connections (accepted over loopback),
 * listeners and unconnected sockets and on UDP sockets, IPv4 and IPv6;
 * options of another family or protocol, outputs too small, SO_LINGER,
 * TCP_CONGESTION, TCP_MAXSEG once connected and SO_ERROR.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <net/tcp.h>
#include <compat/compat.h>
#include "wsk_test.h"
#include "socket.h"

/* The sockets each option is tried on. */
enum kind { C4, C6, L4, L6, T4, T6, U4, U6, KINDS };

static const char * const kind_names[KINDS] = {
	"IPv4 connection", "IPv6 connection", "IPv4 listener", "IPv6 listener",
	"IPv4 unconnected TCP", "IPv6 unconnected TCP", "IPv4 UDP", "IPv6 UDP",
};

#define CONN	(BIT(C4) | BIT(C6))
#define LISTEN	(BIT(L4) | BIT(L6))
#define UNCONN	(BIT(T4) | BIT(T6))
#define TCP	(CONN | LISTEN | UNCONN)
#define UDP	(BIT(U4) | BIT(U6))
#define ALL	(TCP | UDP)
#define V6	(BIT(C6) | BIT(L6) | BIT(T6) | BIT(U6))
#define V4	(ALL & ~V6)

static int kind_family(enum kind k)
{
	return BIT(k) & V6 ? AF_INET6 : AF_INET;
}

/* The kinds an option of @level applies to: the others do not support it. */
static unsigned int level_kinds(ULONG level)
{
	switch (level) {
	case IPPROTO_IPV6:
		return V6;
	case IPPROTO_TCP:
		return TCP;
	case IPPROTO_UDP:
		return UDP;
	default:
		return ALL;
	}
}

/* One socket of each kind (the connections' peers go at test end). */
struct sockets {
	struct wsk_test_client *c;
	struct wsk_test_irp t;
	PWSK_SOCKET s[KINDS];
};

/* A listener of @family and the connection it accepts from a kernel peer. */
static void connection_new(struct kunit *test, struct sockets *k, int family, PWSK_SOCKET *l,
			   PWSK_SOCKET *s)
{
	u16 port;

	*l = wsk_test_listener(test, k->c, &k->t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, *l);
	KUNIT_ASSERT_NOT_NULL(test, wsk_test_peer(test, family, port, NULL));
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &k->t,
						wsk_test_start_accept(*l, &k->t, NULL, NULL)),
			STATUS_SUCCESS);
	*s = (PWSK_SOCKET)k->t.information;
	wsk_test_track(*s);
}

static struct sockets *sockets_new(struct kunit *test)
{
	struct sockets *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, k);
	k->c = wsk_test_client_start(test);
	wsk_test_irp_init(test, &k->t);
	connection_new(test, k, AF_INET, &k->s[L4], &k->s[C4]);
	connection_new(test, k, AF_INET6, &k->s[L6], &k->s[C6]);
	k->s[T4] = wsk_test_socket(test, k->c, &k->t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
				   WSK_FLAG_CONNECTION_SOCKET);
	k->s[T6] = wsk_test_socket(test, k->c, &k->t, AF_INET6, SOCK_STREAM, IPPROTO_TCP,
				   WSK_FLAG_CONNECTION_SOCKET);
	k->s[U4] = wsk_test_socket(test, k->c, &k->t, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
				   WSK_FLAG_DATAGRAM_SOCKET);
	k->s[U6] = wsk_test_socket(test, k->c, &k->t, AF_INET6, SOCK_DGRAM, IPPROTO_UDP,
				   WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_ASSERT_TRUE(test, k->s[T4] && k->s[T6] && k->s[U4] && k->s[U6]);
	return k;
}

static NTSTATUS option_set(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			   ULONG level, ULONG code, const void *in, SIZE_T size)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;

	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskControlSocket(s, WskSetOption, code, level, size,
							      (void *)in, 0, NULL, NULL,
							      t->irp));
}

static NTSTATUS set_int(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s, ULONG level,
			ULONG code, int val)
{
	return option_set(test, t, s, level, code, &val, sizeof(val));
}

/*
 * WskGetOption into @size bytes at @out: the status; on success,
 * Information and OutputSizeReturned are the same, in *@returned.
 */
static NTSTATUS option_get(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			   ULONG level, ULONG code, void *out, SIZE_T size, SIZE_T *returned)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;
	NTSTATUS ret;

	*returned = 0;
	wsk_test_irp_rearm(t);
	ret = d->WskControlSocket(s, WskGetOption, code, level, 0, NULL, size, out, returned,
				  t->irp);
	ret = wsk_test_irp_wait(test, t, ret);
	if (NT_SUCCESS(ret))
		KUNIT_EXPECT_EQ(test, t->information, *returned);
	else
		KUNIT_EXPECT_EQ(test, *returned, 0);
	return ret;
}

/* An int option, read into a buffer with room to spare: exactly an int comes back. */
static NTSTATUS get_int(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s, ULONG level,
			ULONG code, int *val)
{
	int out[2] = { -1, -1 };
	SIZE_T returned;
	NTSTATUS ret;

	ret = option_get(test, t, s, level, code, out, sizeof(out), &returned);
	*val = out[0];
	if (NT_SUCCESS(ret))
		KUNIT_EXPECT_EQ(test, returned, sizeof(int));
	KUNIT_EXPECT_EQ(test, out[1], -1);
	return ret;
}

/* An option set to @set on some kinds of socket, and what reads back. */
struct option_case {
	const char *name;
	ULONG level, code;
	int set;
	int expect;
	unsigned int on;
	/* what a plain kernel socket set to @set holds, if not @expect */
	int (*plain)(struct sock *sk);
};

#define OPT(l, c, s, e, k)	{ #c, l, c, s, e, k }

static int plain_rcvbuf(struct sock *sk)
{
	return READ_ONCE(sk->sk_rcvbuf);
}

static int plain_sndbuf(struct sock *sk)
{
	return READ_ONCE(sk->sk_sndbuf);
}

static const struct option_case option_cases[] = {
	OPT(SOL_SOCKET, SO_DEBUG, 1, 1, ALL),
	OPT(SOL_SOCKET, SO_REUSEADDR, 1, 1, ALL),
	OPT(SOL_SOCKET, SO_REUSEPORT, 1, 1, ALL),
	OPT(SOL_SOCKET, SO_KEEPALIVE, 1, 1, ALL),
	{ "SO_RCVBUF", SOL_SOCKET, SO_RCVBUF, 4096, 0, ALL, plain_rcvbuf },	/* doubled */
	{ "SO_SNDBUF", SOL_SOCKET, SO_SNDBUF, 4096, 0, ALL, plain_sndbuf },
	OPT(SOL_SOCKET, SO_BROADCAST, 1, 1, ALL),
	OPT(SOL_SOCKET, SO_PRIORITY, 6, 6, ALL),
	OPT(SOL_SOCKET, SO_RCVLOWAT, 100, 100, ALL & ~LISTEN),
	OPT(SOL_SOCKET, SO_MARK, 42, 42, ALL),
	OPT(SOL_SOCKET, SO_OOBINLINE, 1, 1, ALL),
	OPT(SOL_SOCKET, SO_DONTROUTE, 1, 1, ALL),
	OPT(SOL_SOCKET, SO_NO_CHECK, 1, 1, ALL),
	OPT(SOL_SOCKET, SO_BINDTOIFINDEX, 1, 1, ALL),	/* loopback */

	OPT(IPPROTO_IP, IP_TOS, 0x20, 0x20, ALL),
	OPT(IPPROTO_IP, IP_TTL, 33, 33, ALL),
	OPT(IPPROTO_IP, IP_PKTINFO, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_RECVTTL, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_RECVTOS, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_RECVORIGDSTADDR, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE, IP_PMTUDISC_PROBE, ALL),
	OPT(IPPROTO_IP, IP_DONTFRAGMENT, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_MULTICAST_TTL, 5, 5, UDP),	/* TCP refuses it */
	OPT(IPPROTO_IP, IP_MULTICAST_LOOP, 0, 0, ALL),
	OPT(IPPROTO_IP, IP_MULTICAST_ALL, 0, 0, V4),	/* IPv6 sockets start with 0 */
	OPT(IPPROTO_IP, IP_FREEBIND, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_TRANSPARENT, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_RECVERR, 1, 1, ALL),
	OPT(IPPROTO_IP, IP_MINTTL, 10, 10, ALL),
	OPT(IPPROTO_IP, IP_RECVECN, 1, 1, ALL),

	OPT(IPPROTO_IPV6, IPV6_V6ONLY, 0, 0, BIT(T6) | BIT(U6)),	/* only unbound */
	OPT(IPPROTO_IPV6, IPV6_TCLASS, 0x20, 0x20, V6),
	OPT(IPPROTO_IPV6, IPV6_UNICAST_HOPS, 33, 33, V6),
	OPT(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 5, 5, BIT(U6)),
	OPT(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, 1, V6),
	OPT(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, 1, V6),
	OPT(IPPROTO_IPV6, IPV6_RECVTCLASS, 1, 1, V6),
	OPT(IPPROTO_IPV6, IPV6_RECVORIGDSTADDR, 1, 1, V6),
	OPT(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, 0, V6),
	OPT(IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0, 0, V6),
	OPT(IPPROTO_IPV6, IPV6_DONTFRAG, 1, 1, V6),
	OPT(IPPROTO_IPV6, IPV6_RECVERR, 1, 1, V6),
	OPT(IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_PROBE, IPV6_PMTUDISC_PROBE, V6),
	OPT(IPPROTO_IPV6, IPV6_MINHOPCOUNT, 10, 10, V6),
	OPT(IPPROTO_IPV6, IPV6_FREEBIND, 1, 1, V6),
	OPT(IPPROTO_IPV6, IPV6_TRANSPARENT, 1, 1, V6),
	OPT(IPPROTO_IPV6, IPV6_RECVECN, 1, 1, V6),

	OPT(IPPROTO_TCP, TCP_NODELAY, 1, 1, TCP),
	OPT(IPPROTO_TCP, TCP_CORK, 1, 1, TCP),
	OPT(IPPROTO_TCP, TCP_MAXSEG, 1000, 1000, LISTEN | UNCONN),
	OPT(IPPROTO_TCP, TCP_KEEPIDLE, 100, 100, TCP),
	OPT(IPPROTO_TCP, TCP_KEEPALIVE, 200, 200, TCP),
	OPT(IPPROTO_TCP, TCP_KEEPINTVL, 10, 10, TCP),
	OPT(IPPROTO_TCP, TCP_KEEPCNT, 5, 5, TCP),
	OPT(IPPROTO_TCP, TCP_USER_TIMEOUT, 5000, 5000, TCP),
	OPT(IPPROTO_TCP, TCP_QUICKACK, 0, 0, TCP),
	OPT(IPPROTO_TCP, TCP_NOTSENT_LOWAT, 4096, 4096, TCP),
	OPT(IPPROTO_TCP, TCP_SYNCNT, 3, 3, TCP),
	OPT(IPPROTO_TCP, TCP_LINGER2, 30, 30, TCP),
	/* 5 s is kept as 3 SYN-ACK retransmissions, which take 1 + 2 + 4 s */
	OPT(IPPROTO_TCP, TCP_DEFER_ACCEPT, 5, 7, TCP),
	OPT(IPPROTO_TCP, TCP_WINDOW_CLAMP, 20000, 20000, TCP),
	OPT(IPPROTO_TCP, TCP_FASTOPEN, 5, 5, LISTEN | UNCONN),
	OPT(IPPROTO_TCP, TCP_FASTOPEN_CONNECT, 1, 1, UNCONN),
	OPT(IPPROTO_TCP, TCP_FASTOPEN_NO_COOKIE, 1, 1, LISTEN | UNCONN),
	OPT(IPPROTO_TCP, TCP_THIN_LINEAR_TIMEOUTS, 1, 1, TCP),
	OPT(IPPROTO_TCP, TCP_TX_DELAY, 1000, 1000, TCP),

	OPT(IPPROTO_UDP, UDP_CORK, 1, 1, UDP),
	OPT(IPPROTO_UDP, UDP_SEGMENT, 1000, 1000, UDP),
	OPT(IPPROTO_UDP, UDP_SEND_MSG_SIZE, 500, 500, UDP),
	OPT(IPPROTO_UDP, UDP_GRO, 1, 1, UDP),
	OPT(IPPROTO_UDP, UDP_RECV_MAX_COALESCED_SIZE, 65000, 65000, UDP),
	OPT(IPPROTO_UDP, UDP_NO_CHECK6_TX, 1, 1, UDP),
	OPT(IPPROTO_UDP, UDP_NO_CHECK6_RX, 1, 1, UDP),
};

static void option_desc(const struct option_case *o, char *desc)
{
	strscpy(desc, o->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(option, option_cases, option_desc);

/* What a plain kernel socket of @kind holds once the option is set on it. */
static int plain_value(struct kunit *test, const struct option_case *o, enum kind k)
{
	int type = BIT(k) & UDP ? SOCK_DGRAM : SOCK_STREAM;
	int set = o->set;
	sockptr_t val = KERNEL_SOCKPTR(&set);
	struct socket *sock;
	int err;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, kind_family(k), type, 0, &sock), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_sock_release, sock), 0);
	if (o->level == SOL_SOCKET)
		err = sock_setsockopt(sock, o->level, o->code, val, sizeof(set));
	else
		err = sock->ops->setsockopt(sock, o->level, o->code, val, sizeof(set));
	KUNIT_EXPECT_EQ(test, err, 0);
	return o->plain(sock->sk);
}

/*
 * Each option reads on every socket it applies to and on no other; set on
 * the sockets of its case, it reads back what was set (or what the kernel
 * keeps of it), which is not what it read before.
 */
static void option_reads_back(struct kunit *test)
{
	const struct option_case *o = test->param_value;
	struct sockets *k = sockets_new(test);
	int before, after, want;
	enum kind i;
	NTSTATUS ret;

	for (i = 0; i < KINDS; i++) {
		ret = get_int(test, &k->t, k->s[i], o->level, o->code, &before);
		if (!(level_kinds(o->level) & BIT(i))) {
			KUNIT_EXPECT_EQ_MSG(test, ret, STATUS_NOT_SUPPORTED, "%s on %s", o->name,
					    kind_names[i]);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, ret, STATUS_SUCCESS, "%s on %s", o->name, kind_names[i]);
		if (!(o->on & BIT(i)))
			continue;
		want = o->plain ? plain_value(test, o, i) : o->expect;
		KUNIT_EXPECT_NE_MSG(test, before, want, "%s on %s: the default", o->name,
				    kind_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, set_int(test, &k->t, k->s[i], o->level, o->code, o->set),
				    STATUS_SUCCESS, "%s on %s: set", o->name, kind_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, get_int(test, &k->t, k->s[i], o->level, o->code, &after),
				    STATUS_SUCCESS, "%s on %s", o->name, kind_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, after, want, "%s on %s", o->name, kind_names[i]);
	}
}

/* SO_TYPE, SO_PROTOCOL, SO_DOMAIN and SO_ACCEPTCONN say what each socket is. */
static void option_socket_identity(struct kunit *test)
{
	struct sockets *k = sockets_new(test);
	int type, protocol, domain, listening;
	enum kind i;

	for (i = 0; i < KINDS; i++) {
		bool udp = BIT(i) & UDP;

		KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[i], SOL_SOCKET, SO_TYPE, &type),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[i], SOL_SOCKET, SO_PROTOCOL,
					      &protocol), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[i], SOL_SOCKET, SO_DOMAIN,
					      &domain), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[i], SOL_SOCKET, SO_ACCEPTCONN,
					      &listening), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ_MSG(test, type, udp ? SOCK_DGRAM : SOCK_STREAM, "%s",
				    kind_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, protocol, udp ? IPPROTO_UDP : IPPROTO_TCP, "%s",
				    kind_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, domain, kind_family(i), "%s", kind_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, listening, !!(BIT(i) & LISTEN), "%s", kind_names[i]);
	}
}

/* SO_LINGER reads as Linux's struct linger, l_linger in seconds. */
static void option_linger(struct kunit *test)
{
	static const enum kind kinds[] = { C4, U6 };
	struct sockets *k = sockets_new(test);
	struct linger set = { .l_onoff = 1, .l_linger = 7 }, got;
	SIZE_T returned;
	int i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		PWSK_SOCKET s = k->s[kinds[i]];

		memset(&got, 0xff, sizeof(got));
		KUNIT_EXPECT_EQ(test, option_get(test, &k->t, s, SOL_SOCKET, SO_LINGER, &got,
						 sizeof(got), &returned), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, returned, sizeof(got));
		KUNIT_EXPECT_EQ(test, got.l_onoff, 0);
		KUNIT_EXPECT_EQ(test, got.l_linger, 0);
		KUNIT_EXPECT_EQ(test, option_set(test, &k->t, s, SOL_SOCKET, SO_LINGER, &set,
						 sizeof(set)), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, option_get(test, &k->t, s, SOL_SOCKET, SO_LINGER, &got,
						 sizeof(got), &returned), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, returned, sizeof(got));
		KUNIT_EXPECT_EQ(test, got.l_onoff, 1);
		KUNIT_EXPECT_EQ(test, got.l_linger, 7);
		/* an int's room is not enough */
		KUNIT_EXPECT_EQ(test, option_get(test, &k->t, s, SOL_SOCKET, SO_LINGER, &got,
						 sizeof(int), &returned), STATUS_BUFFER_TOO_SMALL);
	}
}

/* Too small an output, or none: STATUS_BUFFER_TOO_SMALL, nothing written. */
static void option_output_too_small(struct kunit *test)
{
	struct sockets *k = sockets_new(test);
	u8 out[4] = { 0xaa, 0xaa, 0xaa, 0xaa };
	SIZE_T returned;

	KUNIT_EXPECT_EQ(test, option_get(test, &k->t, k->s[C4], SOL_SOCKET, SO_RCVBUF, out,
					 sizeof(int) - 1, &returned), STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, option_get(test, &k->t, k->s[U4], IPPROTO_UDP, UDP_GRO, out, 1,
					 &returned), STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, option_get(test, &k->t, k->s[C6], IPPROTO_TCP, TCP_NODELAY, NULL,
					 sizeof(int), &returned), STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, out[0] & out[1] & out[2] & out[3], 0xaa);
}

/* Options wsk does not read, and levels it does not know, are not supported. */
static void option_not_read(struct kunit *test)
{
	struct sockets *k = sockets_new(test);
	int val;

	KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[C4], SOL_SOCKET, SO_PEERCRED, &val),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[C4], SOL_SOCKET, SO_RCVBUFFORCE, &val),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[U4], IPPROTO_UDP, UDP_ENCAP, &val),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[C4], IPPROTO_TCP, TCP_INFO, &val),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[C4], IPPROTO_RAW, 1, &val),
			STATUS_NOT_SUPPORTED);
}

/*
 * TCP_CONGESTION reads the name and its NUL: the namespace's default
 * first, then the one set; it must fit.
 */
static void option_congestion(struct kunit *test)
{
	struct sockets *k = sockets_new(test);
	struct sock *sk = wsk_sock(k->s[C6])->sk;
	char name[TCP_CA_NAME_MAX + 8];
	SIZE_T returned;

	memset(name, 0x7f, sizeof(name));
	KUNIT_EXPECT_EQ(test, option_get(test, &k->t, k->s[C6], IPPROTO_TCP, TCP_CONGESTION,
					 name, sizeof(name), &returned), STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, name, inet_csk(sk)->icsk_ca_ops->name);
	KUNIT_EXPECT_EQ(test, returned, strlen(name) + 1);
	KUNIT_EXPECT_STRNEQ(test, name, "reno");

	KUNIT_EXPECT_EQ(test, option_set(test, &k->t, k->s[C6], IPPROTO_TCP, TCP_CONGESTION,
					 "reno", 4), STATUS_SUCCESS);
	memset(name, 0x7f, sizeof(name));
	KUNIT_EXPECT_EQ(test, option_get(test, &k->t, k->s[C6], IPPROTO_TCP, TCP_CONGESTION,
					 name, sizeof(name), &returned), STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, name, "reno");
	KUNIT_EXPECT_EQ(test, returned, 5);
	KUNIT_EXPECT_EQ(test, (u8)name[5], 0x7f);
	KUNIT_EXPECT_EQ(test, option_get(test, &k->t, k->s[C6], IPPROTO_TCP, TCP_CONGESTION,
					 name, 4, &returned), STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, option_get(test, &k->t, k->s[U6], IPPROTO_TCP, TCP_CONGESTION,
					 name, sizeof(name), &returned), STATUS_NOT_SUPPORTED);
}

/* Once connected, TCP_MAXSEG reads the connection's MSS, not the one set. */
static void option_maxseg_connected(struct kunit *test)
{
	struct sockets *k = sockets_new(test);
	struct sock *sk = wsk_sock(k->s[C4])->sk;
	int val;

	KUNIT_EXPECT_EQ(test, set_int(test, &k->t, k->s[C4], IPPROTO_TCP, TCP_MAXSEG, 1000),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_int(test, &k->t, k->s[C4], IPPROTO_TCP, TCP_MAXSEG, &val),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, (int)READ_ONCE(tcp_sk(sk)->mss_cache));
	KUNIT_EXPECT_NE(test, val, 1000);
}

static const int families[] = { AF_INET, AF_INET6 };

static void family_desc(const int *f, char *desc)
{
	strscpy(desc, *f == AF_INET ? "IPv4" : "IPv6", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(family, families, family_desc);

/* A loopback UDP port nothing listens on. */
static u16 closed_port(struct kunit *test, int family)
{
	struct sockaddr_storage addr;
	struct socket *sock;
	u16 port;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, family, SOCK_DGRAM, IPPROTO_UDP, &sock),
			0);
	wsk_test_loopback(&addr, family, 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(sock, (struct sockaddr *)&addr, sizeof(addr)), 0);
	port = wsk_test_peer_port(sock);
	sock_release(sock);
	return port;
}

/*
 * A datagram socket connected (SIO_WSK_SET_REMOTE_ADDRESS) to a closed
 * port: the port unreachable its datagram brings back is SO_ERROR's
 * ECONNREFUSED, once; reading it clears it.
 */
static void option_so_error(struct kunit *test)
{
	int family = *(const int *)test->param_value;
	struct wsk_test_client *c = wsk_test_client_start(test);
	const WSK_PROVIDER_DATAGRAM_DISPATCH *d;
	struct sockaddr_storage addr;
	struct wsk_test_irp t;
	WSK_BUF buf;
	PWSK_SOCKET s;
	int i, err = 0;
	NTSTATUS ret;

	wsk_test_irp_init(test, &t);
	s = wsk_test_socket(test, c, &t, family, SOCK_DGRAM, IPPROTO_UDP,
			    WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	d = s->Dispatch;
	wsk_test_loopback(&addr, family, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_int(test, &t, s, SOL_SOCKET, SO_ERROR, &err), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, err, 0);

	wsk_test_loopback(&addr, family, closed_port(test, family));
	wsk_test_irp_rearm(&t);
	ret = d->Basic.WskControlSocket(s, WskIoctl, SIO_WSK_SET_REMOTE_ADDRESS, 0, sizeof(addr),
					&addr, 0, NULL, NULL, t.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_SUCCESS);
	buf = wsk_test_buf(test, "ping", 4);
	wsk_test_irp_rearm(&t);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &t, d->WskSendTo(s, &buf, 0, NULL, 0, NULL,
								       t.irp)),
			STATUS_SUCCESS);
	/* The ICMP error comes back in softirq. */
	for (i = 0; i < 200 && !err; i++) {
		KUNIT_ASSERT_EQ(test, get_int(test, &t, s, SOL_SOCKET, SO_ERROR, &err),
				STATUS_SUCCESS);
		if (!err)
			usleep_range(5000, 10000);
	}
	KUNIT_EXPECT_EQ(test, err, ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, get_int(test, &t, s, SOL_SOCKET, SO_ERROR, &err), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
}

static struct kunit_case wsk_option_cases[] = {
	KUNIT_CASE_PARAM(option_reads_back, option_gen_params),
	KUNIT_CASE(option_socket_identity),
	KUNIT_CASE(option_linger),
	KUNIT_CASE(option_output_too_small),
	KUNIT_CASE(option_not_read),
	KUNIT_CASE(option_congestion),
	KUNIT_CASE(option_maxseg_connected),
	KUNIT_CASE_PARAM(option_so_error, family_gen_params),
	{}
};

static struct kunit_suite wsk_option_suite = {
	.name = "wsk_option",
	.suite_init = wsk_test_loopback_up,
	.test_cases = wsk_option_cases,
};

kunit_test_suite(wsk_option_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: WskGetOption reads back what WskSetOption set");
WSK_IMPORT_NS();
