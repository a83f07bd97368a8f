// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: WskIoctl on TCP sockets (the receive and ideal send backlogs,
 * SIO_TCP_INFO, SIO_KEEPALIVE_VALS, silent mode refused) and
 * WskControlClient(WSK_TRANSPORT_LIST_QUERY), over loopback against a
 * plain kernel peer.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <compat/compat.h>
#include <mstcpip.h>
#include "wsk_test.h"
#include "socket.h"

/* WskControlSocket(WskIoctl) through the socket's dispatch, waited for. */
static NTSTATUS ioctl(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s, ULONG code,
		      void *in, SIZE_T in_size, void *out, SIZE_T out_size, SIZE_T *returned)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;

	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskControlSocket(s, WskIoctl, code, 0, in_size, in,
							      out_size, out, returned,
							      t->irp));
}

static int peer_send(struct socket *peer, size_t len)
{
	static u8 data[4096];
	struct msghdr msg = {};
	struct kvec vec = { data, len };

	return kernel_sendmsg(peer, &msg, &vec, 1, len);
}

/* The receive backlog, once it reaches @want (data arrives in softirq). */
static SIZE_T receive_backlog(struct kunit *test, struct wsk_test_conn *k, SIZE_T want)
{
	SIZE_T backlog = 0, returned = 0;
	int i;

	for (i = 0; i < 200; i++) {
		KUNIT_ASSERT_EQ(test, ioctl(test, &k->t, k->s, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL,
					    0, &backlog, sizeof(backlog), &returned),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, returned, sizeof(backlog));
		KUNIT_EXPECT_EQ(test, k->t.information, sizeof(backlog));
		if (backlog == want)
			break;
		usleep_range(5000, 10000);
	}
	return backlog;
}

/*
 * The receive backlog counts what arrived and was not received; the ideal
 * send backlog is the send buffer. Both need a TCP socket that is
 * connected, and room for a SIZE_T.
 */
static void ioctl_backlogs(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	static u8 in[400];
	WSK_BUF buf = wsk_test_buf(test, in, sizeof(in));
	SIZE_T ideal = 0, returned = 0;
	struct sockaddr_storage addr;
	struct wsk_test_irp t;
	PWSK_SOCKET other;
	u32 small;

	KUNIT_EXPECT_EQ(test, receive_backlog(test, k, 0), 0);
	KUNIT_ASSERT_EQ(test, peer_send(k->peer, 1000), 1000);
	KUNIT_EXPECT_EQ(test, receive_backlog(test, k, 1000), 1000);
	wsk_test_irp_rearm(&k->t);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &k->t, d->WskReceive(k->s, &buf,
									   WSK_FLAG_WAITALL,
									   k->t.irp)),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, sizeof(in));
	KUNIT_EXPECT_EQ(test, receive_backlog(test, k, 600), 600);

	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, NULL, 0,
				    &ideal, sizeof(ideal), NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ideal, (SIZE_T)READ_ONCE(wsk_sock(k->s)->sk->sk_sndbuf));
	KUNIT_EXPECT_GT(test, ideal, 0);
	KUNIT_EXPECT_EQ(test, k->t.information, sizeof(ideal));

	/* No room for the answer, and the kinds of socket they do not apply to. */
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL, 0,
				    &small, sizeof(small), &returned), STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, k->t.information, 0);
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->l, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL, 0,
				    &ideal, sizeof(ideal), NULL), STATUS_INVALID_PARAMETER);
	wsk_test_irp_init(test, &t);
	other = wsk_test_socket(test, k->c, &t, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
				WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_EQ(test, ioctl(test, &t, other, SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, NULL, 0,
				    &ideal, sizeof(ideal), NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, other), STATUS_SUCCESS);

	/* A connection socket that is only bound is not connected yet. */
	other = wsk_test_socket(test, k->c, &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
				WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, other);
	wsk_test_loopback(&addr, AF_INET, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, other, &addr), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ioctl(test, &t, other, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL, 0,
				    &ideal, sizeof(ideal), NULL), STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, ioctl(test, &t, other, SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, NULL, 0,
				    &ideal, sizeof(ideal), NULL), STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, other), STATUS_SUCCESS);
}

/* SIO_TCP_INFO, versions 0 and 1, against what the connection carried. */
static void ioctl_tcp_info(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	static u8 data[3000];
	WSK_BUF buf = wsk_test_buf(test, data, sizeof(data));
	ULONG version = 0;
	TCP_INFO_v1 info;
	SIZE_T returned;
	int i;

	wsk_test_irp_rearm(&k->t);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &k->t, d->WskSend(k->s, &buf, 0, k->t.irp)),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, peer_send(k->peer, 2000), 2000);
	buf.Length = 2000;
	wsk_test_irp_rearm(&k->t);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &k->t, d->WskReceive(k->s, &buf,
									   WSK_FLAG_WAITALL,
									   k->t.irp)),
			STATUS_SUCCESS);

	memset(&info, 0xa5, sizeof(info));
	KUNIT_ASSERT_EQ(test, ioctl(test, &k->t, k->s, SIO_TCP_INFO, &version, sizeof(version),
				    &info, sizeof(info), &returned), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, returned, sizeof(TCP_INFO_v0));
	KUNIT_EXPECT_EQ(test, k->t.information, sizeof(TCP_INFO_v0));
	KUNIT_EXPECT_EQ(test, info.State, TCPSTATE_ESTABLISHED);
	KUNIT_EXPECT_GT(test, info.Mss, 0);
	KUNIT_EXPECT_EQ(test, info.BytesOut, 3000);
	KUNIT_EXPECT_EQ(test, info.BytesIn, 2000);
	KUNIT_EXPECT_EQ(test, info.RcvBuf, (ULONG)READ_ONCE(wsk_sock(k->s)->sk->sk_rcvbuf));
	KUNIT_EXPECT_GT(test, info.Cwnd, 0);
	KUNIT_EXPECT_GT(test, info.RcvWnd, 0);
	KUNIT_EXPECT_LT(test, info.ConnectionTimeMs, (ULONG64)WSK_TEST_TIMEOUT_MS * 10);
	/* Version 1 carries more; version 0 left it alone. */
	KUNIT_EXPECT_EQ(test, info.SndLimTransRwin, 0xa5a5a5a5);

	version = 1;
	KUNIT_ASSERT_EQ(test, ioctl(test, &k->t, k->s, SIO_TCP_INFO, &version, sizeof(version),
				    &info, sizeof(info), &returned), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, returned, sizeof(TCP_INFO_v1));
	KUNIT_EXPECT_EQ(test, info.SndLimTransRwin, 0);
	KUNIT_EXPECT_EQ(test, info.BytesOut, 3000);

	/* Bad input: an unknown version, no version, no room for version 1. */
	version = 2;
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, SIO_TCP_INFO, &version, sizeof(version),
				    &info, sizeof(info), NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, SIO_TCP_INFO, NULL, 0, &info,
				    sizeof(info), NULL), STATUS_INVALID_PARAMETER);
	version = 1;
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, SIO_TCP_INFO, &version, sizeof(version),
				    &info, sizeof(TCP_INFO_v0), NULL), STATUS_BUFFER_TOO_SMALL);

	/* The peer's FIN shows as CLOSE_WAIT. */
	kernel_sock_shutdown(k->peer, SHUT_WR);
	version = 0;
	for (i = 0; i < 200; i++) {
		KUNIT_ASSERT_EQ(test, ioctl(test, &k->t, k->s, SIO_TCP_INFO, &version,
					    sizeof(version), &info, sizeof(info), NULL),
				STATUS_SUCCESS);
		if (info.State != TCPSTATE_ESTABLISHED)
			break;
		usleep_range(5000, 10000);
	}
	KUNIT_EXPECT_EQ(test, info.State, TCPSTATE_CLOSE_WAIT);
}

/* SIO_KEEPALIVE_VALS turns keepalive on with its times, or off. */
static void ioctl_keepalive(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	struct tcp_keepalive ka = { .onoff = 1, .keepalivetime = 7500,
				    .keepaliveinterval = 2000 };
	struct sock *sk = wsk_sock(k->s)->sk;
	ULONG on = 0;

	KUNIT_ASSERT_EQ(test, ioctl(test, &k->t, k->s, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL,
				    0, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 0);
	KUNIT_EXPECT_TRUE(test, sock_flag(sk, SOCK_KEEPOPEN));
	KUNIT_EXPECT_EQ(test, READ_ONCE(tcp_sk(sk)->keepalive_time), 8 * HZ);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tcp_sk(sk)->keepalive_intvl), 2 * HZ);

	ka.onoff = 0;
	KUNIT_ASSERT_EQ(test, ioctl(test, &k->t, k->s, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL,
				    0, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, sock_flag(sk, SOCK_KEEPOPEN));

	/* Longer than Linux keeps an idle time: refused, and nothing changes. */
	ka.onoff = 1;
	ka.keepalivetime = (MAX_TCP_KEEPIDLE + 1) * 1000;
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL,
				    0, NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_FALSE(test, sock_flag(sk, SOCK_KEEPOPEN));
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, SIO_KEEPALIVE_VALS, &on, sizeof(on), NULL,
				    0, NULL), STATUS_INVALID_PARAMETER);

	/* Silent mode cannot be had on Linux; unknown codes are refused too. */
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, SIO_WSK_SET_TCP_SILENT_MODE, NULL, 0,
				    NULL, 0, NULL), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, ioctl(test, &k->t, k->s, _WSAIOR(IOC_VENDOR, 200), NULL, 0, NULL,
				    0, NULL), STATUS_NOT_SUPPORTED);
}

/*
 * WSK_TRANSPORT_LIST_QUERY: the size first, then the list, each entry of
 * which WskSocket takes.
 */
static void transport_list_query(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	PFN_WSK_CONTROL_CLIENT control = c->npi.Dispatch->WskControlClient;
	WSK_TRANSPORT list[8];
	SIZE_T size = 0, want;
	struct wsk_test_irp t;
	unsigned int i, tcp = 0, udp = 0;
	PWSK_SOCKET s;

	wsk_test_irp_init(test, &t);
	KUNIT_EXPECT_EQ(test, control(c->npi.Client, WSK_TRANSPORT_LIST_QUERY, 0, NULL, 0, NULL,
				      &size, NULL), STATUS_BUFFER_OVERFLOW);
	want = (ipv6_mod_enabled() ? 4 : 2) * sizeof(WSK_TRANSPORT);
	KUNIT_EXPECT_EQ(test, size, want);
	KUNIT_EXPECT_EQ(test, control(c->npi.Client, WSK_TRANSPORT_LIST_QUERY, 0, NULL,
				      want - 1, list, &size, NULL), STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, control(c->npi.Client, WSK_TRANSPORT_LIST_QUERY, 0, NULL,
				      sizeof(list), list, NULL, NULL), STATUS_INVALID_PARAMETER);
	wsk_test_irp_rearm(&t);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, control(c->npi.Client,
								  WSK_TRANSPORT_LIST_QUERY, 0,
								  NULL, sizeof(list), list, &size,
								  t.irp)),
			STATUS_INVALID_PARAMETER);

	size = 0;
	KUNIT_ASSERT_EQ(test, control(c->npi.Client, WSK_TRANSPORT_LIST_QUERY, 0, NULL,
				      sizeof(list), list, &size, NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, size, want);
	for (i = 0; i < size / sizeof(list[0]); i++) {
		ULONG kind = list[i].SocketType == SOCK_STREAM ? WSK_FLAG_CONNECTION_SOCKET :
								 WSK_FLAG_DATAGRAM_SOCKET;

		tcp += list[i].SocketType == SOCK_STREAM && list[i].Protocol == IPPROTO_TCP;
		udp += list[i].SocketType == SOCK_DGRAM && list[i].Protocol == IPPROTO_UDP;
		s = wsk_test_socket(test, c, &t, list[i].AddressFamily, list[i].SocketType,
				    list[i].Protocol, kind);
		KUNIT_EXPECT_NOT_NULL(test, s);
		if (s)
			KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, tcp, udp);
	KUNIT_EXPECT_EQ(test, tcp + udp, size / sizeof(list[0]));
}

static struct kunit_case control_cases[] = {
	KUNIT_CASE(ioctl_backlogs),
	KUNIT_CASE(ioctl_tcp_info),
	KUNIT_CASE(ioctl_keepalive),
	KUNIT_CASE(transport_list_query),
	{}
};

static struct kunit_suite control_suite = {
	.name = "wsk_control",
	.suite_init = wsk_test_loopback_up,
	.test_cases = control_cases,
};

kunit_test_suite(control_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: WskIoctl on TCP sockets and WskControlClient queries");
WSK_IMPORT_NS();
