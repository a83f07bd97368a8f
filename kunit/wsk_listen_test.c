// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the listen path on real sockets over loopback, IPv4 and IPv6:
 * WskBind, WskListen, WskAccept, the accept event, closing and cancelling.
 */
#include <linux/completion.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <compat/compat.h>
#include "wsk_test.h"

static const int families[] = { AF_INET, AF_INET6 };

static void family_desc(const int *f, char *desc)
{
	strscpy(desc, *f == AF_INET ? "IPv4" : "IPv6", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(family, families, family_desc);

static int param_family(struct kunit *test)
{
	return *(const int *)test->param_value;
}

static PWSK_SOCKET accept_one(struct kunit *test, PWSK_SOCKET l, struct wsk_test_irp *t,
			      struct sockaddr_storage *remote)
{
	NTSTATUS ret = wsk_test_start_accept(l, t, NULL, remote);

	if (wsk_test_irp_wait(test, t, ret) != STATUS_SUCCESS)
		return NULL;
	wsk_test_track((PWSK_SOCKET)t->information);
	return (PWSK_SOCKET)t->information;
}

/* Bind port 0, read the port back, a peer connects at once and is accepted. */
static void listen_bind_accept(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct sockaddr_storage local = {}, remote = {};
	struct wsk_test_irp t, a;
	struct socket *peer;
	PWSK_SOCKET l, s;
	NTSTATUS ret;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_NE(test, port, 0);

	/* Bound means listening: the connect completes before any accept. */
	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	ret = wsk_test_start_accept(l, &a, &local, &remote);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_SUCCESS);
	s = (PWSK_SOCKET)a.information;
	KUNIT_ASSERT_NOT_NULL(test, s);
	wsk_test_track(s);
	KUNIT_EXPECT_EQ(test, local.ss_family, family);
	KUNIT_EXPECT_EQ(test, remote.ss_family, family);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&local), port);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&remote), wsk_test_peer_port(peer));
	KUNIT_EXPECT_EQ(test, wsk_test_local_port(test, &t, s, WSK_FLAG_CONNECTION_SOCKET), port);
	memset(&remote, 0, sizeof(remote));
	wsk_test_irp_rearm(&t);
	ret = ((const WSK_PROVIDER_CONNECTION_DISPATCH *)s->Dispatch)->WskGetRemoteAddress(s,
		(struct sockaddr *)&remote, t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&remote), wsk_test_peer_port(peer));

	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, t.information, 0UL);
	/* Closed without WskDisconnect: the connection is reset, as on Windows. */
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(peer), -ECONNRESET);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

static void listen_bind_errors(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct sockaddr_storage addr;
	struct sockaddr_in far = { .sin_family = AF_INET };
	struct wsk_test_irp t;
	PWSK_SOCKET l, s;
	NTSTATUS ret;
	u16 port;

	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);

	/* Busy port. */
	s = wsk_test_socket(test, c, &t, family, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_LISTEN_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	wsk_test_loopback(&addr, family, port);
	KUNIT_EXPECT_EQ(test, wsk_test_bind(test, &t, s, &addr),
			STATUS_ADDRESS_ALREADY_ASSOCIATED);
	/* Bad addresses: none, the other family, not an IP family. */
	wsk_test_irp_rearm(&t);
	ret = ((const WSK_PROVIDER_LISTEN_DISPATCH *)s->Dispatch)->WskBind(s, NULL, 0, t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_INVALID_PARAMETER);
	wsk_test_loopback(&addr, family == AF_INET ? AF_INET6 : AF_INET, 0);
	KUNIT_EXPECT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_INVALID_PARAMETER);
	addr.ss_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_INVALID_PARAMETER);
	/* An address this host does not have (bind only: nothing is sent). */
	if (family == AF_INET) {
		far.sin_addr.s_addr = htonl(0xc0000201);	/* 192.0.2.1, TEST-NET-1 */
		KUNIT_EXPECT_EQ(test, wsk_test_bind(test, &t, s, (void *)&far),
				STATUS_INVALID_ADDRESS_COMPONENT);
	}
	/* Binding twice. */
	wsk_test_loopback(&addr, family, 0);
	KUNIT_EXPECT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_bind(test, &t, s, &addr),
			STATUS_ADDRESS_ALREADY_ASSOCIATED);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

static NTSTATUS stream_call(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s, int n,
			    int family)
{
	const WSK_PROVIDER_STREAM_DISPATCH *d = s->Dispatch;
	struct sockaddr_storage addr;
	char byte = 0;
	WSK_BUF buf = {};
	NTSTATUS ret;
	PMDL mdl;

	mdl = IoAllocateMdl(&byte, 1, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	MmBuildMdlForNonPagedPool(mdl);
	buf.Mdl = mdl;
	buf.Length = 1;
	wsk_test_loopback(&addr, family, 9);
	wsk_test_irp_rearm(t);
	switch (n) {
	case 0:
		ret = d->WskConnect(s, (struct sockaddr *)&addr, 0, t->irp);
		break;
	case 1:
		ret = d->WskSend(s, &buf, 0, t->irp);
		break;
	case 2:
		ret = d->WskReceive(s, &buf, 0, t->irp);
		break;
	case 3:
		ret = d->WskDisconnect(s, NULL, 0, t->irp);
		break;
	case 4:
		ret = d->WskGetRemoteAddress(s, (struct sockaddr *)&addr, t->irp);
		break;
	default:
		ret = d->WskListen(s, t->irp);
		break;
	}
	ret = wsk_test_irp_wait(test, t, ret);
	IoFreeMdl(mdl);
	return ret;
}

/* WskListen's contract (the seed page), and the listening flow it commits to. */
static void stream_listen(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct sockaddr_storage addr, remote = {};
	struct wsk_test_irp t, a;
	PWSK_SOCKET s, conn, child;
	struct socket *peer;
	u16 port;
	int n;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	s = wsk_test_socket(test, c, &t, family, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_STREAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, stream_call(test, &t, s, 5, family), STATUS_INVALID_DEVICE_STATE);
	wsk_test_loopback(&addr, family, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_SUCCESS);
	/* Binding a stream socket does not listen. */
	port = wsk_test_local_port(test, &t, s, WSK_FLAG_STREAM_SOCKET);
	KUNIT_EXPECT_NULL(test, wsk_test_peer(test, family, port, &n));
	KUNIT_EXPECT_EQ(test, n, -ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, stream_call(test, &t, s, 5, family), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, stream_call(test, &t, s, 5, family), STATUS_INVALID_DEVICE_STATE);
	for (n = 0; n < 5; n++)
		KUNIT_EXPECT_EQ_MSG(test, stream_call(test, &t, s, n, family),
				    STATUS_INVALID_DEVICE_STATE, "connection call %d", n);

	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	child = accept_one(test, s, &a, &remote);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&remote), wsk_test_peer_port(peer));
	/* The accepted socket is a connection socket. */
	conn = wsk_test_socket(test, c, &t, family, SOCK_STREAM, IPPROTO_TCP,
			       WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, conn);
	KUNIT_EXPECT_PTR_EQ(test, child->Dispatch, conn->Dispatch);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, conn), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, child), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
}

static NTSTATUS stream_connect(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			       int family, u16 port)
{
	const WSK_PROVIDER_STREAM_DISPATCH *d = s->Dispatch;
	struct sockaddr_storage addr;

	wsk_test_loopback(&addr, family, port);
	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskConnect(s, (struct sockaddr *)&addr, 0, t->irp));
}

/* A stream socket that connected is committed to the connection flow. */
static void stream_connected_cannot_listen(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	const WSK_PROVIDER_STREAM_DISPATCH *d;
	struct sockaddr_storage addr, remote = {};
	struct wsk_test_irp t, a;
	PWSK_SOCKET l, s, child;
	u16 port, closed;
	NTSTATUS ret;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	s = wsk_test_socket(test, c, &t, family, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_STREAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	d = s->Dispatch;
	/* Not bound: fails at once, as on Windows, and completes once. */
	wsk_test_loopback(&addr, family, port);
	wsk_test_irp_rearm(&t);
	ret = d->WskConnect(s, (struct sockaddr *)&addr, 0, t.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_INVALID_DEVICE_STATE);
	wsk_test_loopback(&addr, family, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, stream_connect(test, &t, s, family, port), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, family, port),
			STATUS_CONNECTION_ACTIVE);
	wsk_test_irp_rearm(&t);
	ret = d->WskGetRemoteAddress(s, (struct sockaddr *)&remote, t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&remote), port);
	KUNIT_EXPECT_EQ(test, stream_call(test, &t, s, 5, family), STATUS_INVALID_DEVICE_STATE);
	wsk_test_irp_rearm(&t);
	ret = d->WskAccept(s, 0, NULL, NULL, NULL, NULL, t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_INVALID_DEVICE_STATE);
	child = accept_one(test, l, &a, NULL);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, child), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	/* Refused: a port nothing listens on any more. */
	closed = port;
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	s = wsk_test_socket(test, c, &t, family, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_STREAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, family, closed),
			STATUS_CONNECTION_REFUSED);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
}

/* A free loopback port: a listener's, closed again. */
static u16 closed_port(struct kunit *test, struct wsk_test_client *c, int family)
{
	struct wsk_test_irp t;
	PWSK_SOCKET l;
	u16 port;

	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_ASSERT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	return port;
}

/*
 * A plain kernel listener with a backlog of 0, filled by a first peer: the
 * SYNs of later connects are dropped, so they stay pending.
 */
static u16 full_listener(struct kunit *test, int family)
{
	struct sockaddr_storage addr;
	struct socket *l;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, family, SOCK_STREAM, IPPROTO_TCP, &l),
			0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_sock_release, l), 0);
	wsk_test_loopback(&addr, family, 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(l, (struct sockaddr *)&addr, sizeof(addr)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(l, 0), 0);
	KUNIT_ASSERT_NOT_NULL(test, wsk_test_peer(test, family, wsk_test_peer_port(l), NULL));
	return wsk_test_peer_port(l);
}

/* A STREAM socket bound to a free loopback port. */
static PWSK_SOCKET bound_stream(struct kunit *test, struct wsk_test_client *c,
				struct wsk_test_irp *t, int family)
{
	struct sockaddr_storage addr;
	PWSK_SOCKET s;

	s = wsk_test_socket(test, c, t, family, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_STREAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	wsk_test_loopback(&addr, family, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, t, s, &addr), STATUS_SUCCESS);
	return s;
}

/*
 * A connect that failed or was cancelled leaves the socket bound, as on
 * Windows: it may connect again, or listen; it cannot listen while a
 * connect is pending.
 */
static void stream_connect_again(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	const WSK_PROVIDER_STREAM_DISPATCH *d;
	struct wsk_test_irp t, a, p;
	struct sockaddr_storage addr;
	PWSK_SOCKET l, s, child;
	u16 port, closed, full;
	NTSTATUS ret;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	wsk_test_irp_init(test, &p);
	closed = closed_port(test, c, family);
	full = full_listener(test, family);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);

	/* Refused, then connected. */
	s = bound_stream(test, c, &t, family);
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, family, closed),
			STATUS_CONNECTION_REFUSED);
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, family, closed),
			STATUS_CONNECTION_REFUSED);
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, family, port), STATUS_SUCCESS);
	child = accept_one(test, l, &a, NULL);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, child), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	/* Refused, then listening. */
	s = bound_stream(test, c, &t, family);
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, family, closed),
			STATUS_CONNECTION_REFUSED);
	KUNIT_EXPECT_EQ(test, stream_call(test, &t, s, 5, family), STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, wsk_test_peer(test, family,
						  wsk_test_local_port(test, &t, s,
								      WSK_FLAG_STREAM_SOCKET),
						  NULL));
	child = accept_one(test, s, &a, NULL);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, child), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	/* Pending: cannot listen; cancelled: listens, then connects nowhere. */
	s = bound_stream(test, c, &t, family);
	d = s->Dispatch;
	wsk_test_loopback(&addr, family, full);
	wsk_test_irp_rearm(&p);
	ret = d->WskConnect(s, (struct sockaddr *)&addr, 0, p.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, stream_call(test, &t, s, 5, family), STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, atomic_read(&p.calls), 0);
	IoCancelIrp(p.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &p, ret), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, stream_call(test, &t, s, 5, family), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, family, port),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

/* Eight accepts wait; eight peers arrive; the accepts complete in order. */
struct eight {
	struct sockaddr_storage remote[8];
	struct wsk_test_irp a[8];
	struct socket *peer[8];
	NTSTATUS ret[8];
};

static void listen_accepts_in_order(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct eight *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	struct wsk_test_irp t;
	PWSK_SOCKET l;
	u16 port;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, e);
	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < 8; i++) {
		wsk_test_irp_init(test, &e->a[i]);
		e->ret[i] = wsk_test_start_accept(l, &e->a[i], NULL, &e->remote[i]);
		KUNIT_EXPECT_EQ(test, e->ret[i], STATUS_PENDING);
	}
	msleep(50);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&e->a[i].calls), 0);
	for (i = 0; i < 8; i++) {
		e->peer[i] = wsk_test_peer(test, family, port, NULL);
		KUNIT_ASSERT_NOT_NULL(test, e->peer[i]);
	}
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &e->a[i], e->ret[i]),
				STATUS_SUCCESS);
		wsk_test_track((PWSK_SOCKET)e->a[i].information);
		KUNIT_EXPECT_EQ_MSG(test, wsk_test_port(&e->remote[i]),
				    wsk_test_peer_port(e->peer[i]), "accept %d", i);
		KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, (PWSK_SOCKET)e->a[i].information),
				STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

/* Closing a listener cancels its accepts and resets unaccepted peers. */
static void listen_close_cancels(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t, a[3];
	struct socket *peer;
	PWSK_SOCKET l, l2;
	NTSTATUS ret[3];
	u16 port, port2;
	int i;

	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < 3; i++) {
		wsk_test_irp_init(test, &a[i]);
		ret[i] = wsk_test_start_accept(l, &a[i], NULL, NULL);
		KUNIT_EXPECT_EQ(test, ret[i], STATUS_PENDING);
	}
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a[i], ret[i]), STATUS_CANCELLED);
		KUNIT_EXPECT_EQ(test, a[i].information, 0UL);
	}

	l2 = wsk_test_listener(test, c, &t, family, NULL, NULL, &port2);
	KUNIT_ASSERT_NOT_NULL(test, l2);
	peer = wsk_test_peer(test, family, port2, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l2), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(peer), -ECONNRESET);
}

/* IoCancelIrp cancels one pending accept; the next one still works. */
static void listen_cancel_one_accept(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t, a, b;
	struct socket *peer;
	NTSTATUS ra, rb;
	PWSK_SOCKET l;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	wsk_test_irp_init(test, &b);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	ra = wsk_test_start_accept(l, &a, NULL, NULL);
	rb = wsk_test_start_accept(l, &b, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ra, STATUS_PENDING);
	msleep(20);
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(a.irp));
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a, ra), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, a.information, 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&b.calls), 0);
	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &b, rb), STATUS_SUCCESS);
	wsk_test_track((PWSK_SOCKET)b.information);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, (PWSK_SOCKET)b.information),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

/* A peer that connects and resets before the accept. */
static void listen_peer_resets_first(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct sockaddr_storage remote = {};
	struct socket *peer, *peer2;
	struct wsk_test_irp t, a;
	PWSK_SOCKET l, s;
	u16 port, first;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = wsk_test_listener(test, c, &t, family, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	first = wsk_test_peer_port(peer);
	KUNIT_EXPECT_EQ(test, wsk_test_peer_reset(peer), 0);
	peer2 = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer2);

	/* As on Windows, the reset connection is dropped: the accept is the live peer's. */
	s = accept_one(test, l, &a, &remote);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_NE(test, wsk_test_port(&remote), first);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&remote), wsk_test_peer_port(peer2));
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

/* What the accept event saw, and what it answers. */
struct event_log {
	atomic_t calls;
	NTSTATUS answer;
	PWSK_SOCKET listener;		/* set: the event disables itself */
	NTSTATUS disabled;
	ULONG flags;
	bool atomic;
	PWSK_SOCKET sockets[4];
	struct sockaddr_storage remote;
	struct completion called;
};

static NTSTATUS log_accept_event(PVOID context, ULONG flags, PSOCKADDR local,
				 PSOCKADDR remote, PWSK_SOCKET socket, PVOID *socket_context,
				 const WSK_CLIENT_CONNECTION_DISPATCH **dispatch)
{
	struct event_log *log = context;
	int n = atomic_read(&log->calls);

	log->flags = flags;
	log->atomic = !preemptible();
	if (remote)
		memcpy(&log->remote, remote, remote->sa_family == AF_INET ?
		       sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6));
	if (log->answer == STATUS_SUCCESS && n < ARRAY_SIZE(log->sockets)) {
		log->sockets[n] = socket;
		wsk_test_track(socket);
	}
	*socket_context = log;
	if (log->listener)
		log->disabled = wsk_test_set_events(log->listener,
						    WSK_EVENT_ACCEPT | WSK_EVENT_DISABLE);
	atomic_inc(&log->calls);
	complete(&log->called);
	return log->answer;
}

static const WSK_CLIENT_LISTEN_DISPATCH log_listen_dispatch = {
	.WskAcceptEvent = log_accept_event,
};

static bool wait_called(struct event_log *log)
{
	return wait_for_completion_timeout(&log->called, msecs_to_jiffies(WSK_TEST_TIMEOUT_MS));
}

static void accept_event_accepts(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct event_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct wsk_test_irp t;
	struct socket *peer;
	PWSK_SOCKET l, s;
	u16 port;

	KUNIT_ASSERT_NOT_NULL(test, log);
	init_completion(&log->called);
	wsk_test_irp_init(test, &t);
	s = wsk_test_socket(test, c, &t, family, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_LISTEN_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	/* Events need a bound socket, and a dispatch table to call. */
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(s, WSK_EVENT_ACCEPT),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	l = wsk_test_listener(test, c, &t, family, log, &log_listen_dispatch, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(l, WSK_EVENT_RECEIVE_FROM),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(l, WSK_EVENT_ACCEPT), STATUS_SUCCESS);
	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	KUNIT_ASSERT_TRUE(test, wait_called(log));
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 1);
	KUNIT_EXPECT_TRUE(test, log->flags & WSK_FLAG_AT_DISPATCH_LEVEL);
	KUNIT_EXPECT_TRUE(test, log->atomic);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&log->remote), wsk_test_peer_port(peer));
	KUNIT_ASSERT_NOT_NULL(test, log->sockets[0]);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, log->sockets[0]), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(peer), -ECONNRESET);

	/* Disabling the event from inside it: STATUS_EVENT_PENDING. */
	log->listener = l;
	reinit_completion(&log->called);
	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	KUNIT_ASSERT_TRUE(test, wait_called(log));
	KUNIT_EXPECT_EQ(test, log->disabled, STATUS_EVENT_PENDING);
	KUNIT_ASSERT_NOT_NULL(test, log->sockets[1]);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, log->sockets[1]), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(l, WSK_EVENT_ACCEPT | WSK_EVENT_DISABLE),
			STATUS_SUCCESS);

	/* Disabled, connections wait in the backlog for an accept. */
	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	s = accept_one(test, l, &t, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 2);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

static void accept_event_rejects(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct event_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct wsk_test_irp t;
	struct socket *peer;
	PWSK_SOCKET l;
	u16 port;

	KUNIT_ASSERT_NOT_NULL(test, log);
	init_completion(&log->called);
	log->answer = STATUS_REQUEST_NOT_ACCEPTED;
	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, c, &t, family, log, &log_listen_dispatch, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(l, WSK_EVENT_ACCEPT), STATUS_SUCCESS);
	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	KUNIT_ASSERT_TRUE(test, wait_called(log));
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(peer), -ECONNRESET);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

static NTSTATUS freeing_close_done(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct event_log *log = context;

	IoFreeIrp(irp);
	complete(&log->called);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* The event keeps the socket and closes it at once, from inside the event. */
static NTSTATUS closing_accept_event(PVOID context, ULONG flags, PSOCKADDR local,
				     PSOCKADDR remote, PWSK_SOCKET socket, PVOID *socket_context,
				     const WSK_CLIENT_CONNECTION_DISPATCH **dispatch)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = socket->Dispatch;
	struct event_log *log = context;
	PIRP irp = IoAllocateIrp(1, FALSE);

	atomic_inc(&log->calls);
	if (!irp)
		return STATUS_REQUEST_NOT_ACCEPTED;
	IoSetCompletionRoutine(irp, freeing_close_done, log, TRUE, TRUE, TRUE);
	log->disabled = d->WskCloseSocket(socket, irp);
	*socket_context = log;
	return log->answer;
}

static const WSK_CLIENT_LISTEN_DISPATCH closing_listen_dispatch = {
	.WskAcceptEvent = closing_accept_event,
};

/*
 * The event closes the socket it is offered, then keeps it (@answer
 * STATUS_SUCCESS) or, a client mistake, refuses it: the close completes
 * once, nothing is freed twice, the peer sees a reset.
 */
static void closes_inside(struct kunit *test, NTSTATUS answer)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct event_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct wsk_test_irp t;
	struct socket *peer;
	PWSK_SOCKET l;
	u16 port;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, log);
	init_completion(&log->called);
	log->answer = answer;
	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, c, &t, AF_INET, log, &closing_listen_dispatch, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(l, WSK_EVENT_ACCEPT), STATUS_SUCCESS);
	for (i = 0; i < 20; i++) {
		reinit_completion(&log->called);
		peer = wsk_test_peer(test, AF_INET, port, NULL);
		KUNIT_ASSERT_NOT_NULL(test, peer);
		KUNIT_ASSERT_TRUE(test, wait_called(log));
		KUNIT_EXPECT_EQ(test, log->disabled, STATUS_PENDING);
		KUNIT_EXPECT_EQ(test, wsk_test_peer_read(peer), -ECONNRESET);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 20);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

static void accept_event_closes_inside(struct kunit *test)
{
	closes_inside(test, STATUS_SUCCESS);
}

static void accept_event_closes_then_rejects(struct kunit *test)
{
	closes_inside(test, STATUS_REQUEST_NOT_ACCEPTED);
}

/* The event closes its listener, then tries to enable more events on it. */
static NTSTATUS closing_listener_event(PVOID context, ULONG flags, PSOCKADDR local,
				       PSOCKADDR remote, PWSK_SOCKET socket,
				       PVOID *socket_context,
				       const WSK_CLIENT_CONNECTION_DISPATCH **dispatch)
{
	struct event_log *log = context;
	const WSK_PROVIDER_LISTEN_DISPATCH *d = log->listener->Dispatch;
	PIRP irp = IoAllocateIrp(1, FALSE);

	atomic_inc(&log->calls);
	if (!irp)
		return STATUS_REQUEST_NOT_ACCEPTED;
	IoSetCompletionRoutine(irp, freeing_close_done, log, TRUE, TRUE, TRUE);
	log->answer = d->WskCloseSocket(log->listener, irp);
	log->disabled = wsk_test_set_events(log->listener, WSK_EVENT_RECEIVE);
	return STATUS_REQUEST_NOT_ACCEPTED;
}

static const WSK_CLIENT_LISTEN_DISPATCH closing_listener_dispatch = {
	.WskAcceptEvent = closing_listener_event,
};

/*
 * Once WskCloseSocket is called, enabling events fails as any call would,
 * and no more events come, though connections still wait in the backlog.
 */
static void events_refused_once_closing(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct event_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct socket *peer[2];
	struct wsk_test_irp t;
	u16 port;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, log);
	init_completion(&log->called);
	wsk_test_irp_init(test, &t);
	log->listener = wsk_test_listener(test, c, &t, AF_INET, log, &closing_listener_dispatch,
					  &port);
	KUNIT_ASSERT_NOT_NULL(test, log->listener);
	for (i = 0; i < 2; i++) {
		peer[i] = wsk_test_peer(test, AF_INET, port, NULL);
		KUNIT_ASSERT_NOT_NULL(test, peer[i]);
	}
	wsk_test_untrack(log->listener);	/* the event closes it */
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(log->listener, WSK_EVENT_ACCEPT),
			STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, wait_called(log));
	KUNIT_EXPECT_EQ(test, log->answer, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, log->disabled, STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 1);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, wsk_test_peer_read(peer[i]), -ECONNRESET);
}

/* A pending WskAccept takes the connection; the event is not called. */
static void accept_beats_event(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct event_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct wsk_test_irp t, a;
	struct socket *peer;
	PWSK_SOCKET l;
	NTSTATUS ret;
	u16 port;

	KUNIT_ASSERT_NOT_NULL(test, log);
	init_completion(&log->called);
	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = wsk_test_listener(test, c, &t, family, log, &log_listen_dispatch, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	ret = wsk_test_start_accept(l, &a, NULL, NULL);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(l, WSK_EVENT_ACCEPT), STATUS_SUCCESS);
	peer = wsk_test_peer(test, family, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_SUCCESS);
	wsk_test_track((PWSK_SOCKET)a.information);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 0);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, (PWSK_SOCKET)a.information),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 0);
}

static NTSTATUS set_static_events(struct wsk_test_client *c, WSK_EVENT_CALLBACK_CONTROL *ctl)
{
	return c->npi.Dispatch->WskControlClient(c->npi.Client, WSK_SET_STATIC_EVENT_CALLBACKS,
						 sizeof(*ctl), ctl, 0, NULL, NULL, NULL);
}

/* Static accept events: set before any socket, on for every socket, fixed. */
static void accept_event_static(struct kunit *test)
{
	struct event_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	WSK_EVENT_CALLBACK_CONTROL ctl = { &NPI_WSK_INTERFACE_ID, WSK_EVENT_ACCEPT };
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t;
	struct socket *peer;
	PWSK_SOCKET l;
	u16 port;

	KUNIT_ASSERT_NOT_NULL(test, log);
	init_completion(&log->called);
	wsk_test_irp_init(test, &t);
	KUNIT_ASSERT_EQ(test, set_static_events(c, &ctl), STATUS_SUCCESS);
	l = wsk_test_listener(test, c, &t, AF_INET, log, &log_listen_dispatch, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, set_static_events(c, &ctl), STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(l, WSK_EVENT_ACCEPT | WSK_EVENT_DISABLE),
			STATUS_INVALID_PARAMETER);
	peer = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	KUNIT_ASSERT_TRUE(test, wait_called(log));
	KUNIT_ASSERT_NOT_NULL(test, log->sockets[0]);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, log->sockets[0]), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

static NTSTATUS set_v6only(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			   int value)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;

	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskControlSocket(s, WskSetOption, IPV6_V6ONLY,
							      IPPROTO_IPV6, sizeof(value),
							      &value, 0, NULL, NULL, t->irp));
}

static int get_v6only(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;
	int value = -1;
	NTSTATUS ret;

	wsk_test_irp_rearm(t);
	ret = d->WskControlSocket(s, WskGetOption, IPV6_V6ONLY, IPPROTO_IPV6, 0, NULL,
				  sizeof(value), &value, NULL, t->irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->information, sizeof(value));
	return value;
}

/* IPv6 listeners are IPv6-only until IPV6_V6ONLY is cleared, as on Windows. */
static void listen_dual_stack(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct sockaddr_storage addr, remote = {};
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&remote;
	struct wsk_test_irp t, a;
	struct socket *peer;
	PWSK_SOCKET s, child;
	int err;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	s = wsk_test_socket(test, c, &t, AF_INET6, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_LISTEN_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, get_v6only(test, &t, s), 1);
	wsk_test_loopback(&addr, AF_INET6, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_SUCCESS);
	port = wsk_test_local_port(test, &t, s, WSK_FLAG_LISTEN_SOCKET);
	KUNIT_EXPECT_NULL(test, wsk_test_peer(test, AF_INET, port, &err));
	KUNIT_EXPECT_EQ(test, err, -ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	s = wsk_test_socket(test, c, &t, AF_INET6, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_LISTEN_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, set_v6only(test, &t, s, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_v6only(test, &t, s), 0);
	memset(&addr, 0, sizeof(addr));
	addr.ss_family = AF_INET6;	/* in6addr_any, port 0 */
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_SUCCESS);
	port = wsk_test_local_port(test, &t, s, WSK_FLAG_LISTEN_SOCKET);
	peer = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, peer);
	child = accept_one(test, s, &a, &remote);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, remote.ss_family, AF_INET6);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_v4mapped(&in6->sin6_addr));
	KUNIT_EXPECT_EQ(test, in6->sin6_addr.s6_addr32[3], htonl(INADDR_LOOPBACK));
	KUNIT_EXPECT_EQ(test, wsk_test_port(&remote), wsk_test_peer_port(peer));
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, child), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
}

/* WskBind, WskAccept and WskListen from softirq and under spin locks. */
struct atomic_calls {
	PWSK_SOCKET s;
	struct wsk_test_irp *t;
	struct sockaddr_storage addr;
	NTSTATUS ret;
	int call;
	struct timer_list timer;
	struct completion fired;
};

static void atomic_calls_run(struct atomic_calls *a)
{
	const WSK_PROVIDER_STREAM_DISPATCH *d = a->s->Dispatch;

	switch (a->call) {
	case 0:
		a->ret = d->WskBind(a->s, (struct sockaddr *)&a->addr, 0, a->t->irp);
		break;
	case 1:
		a->ret = d->WskListen(a->s, a->t->irp);
		break;
	case 2:
		a->ret = d->WskGetLocalAddress(a->s, (struct sockaddr *)&a->addr, a->t->irp);
		break;
	default:
		a->ret = d->WskAccept(a->s, 0, NULL, NULL, NULL, NULL, a->t->irp);
		break;
	}
}

static void atomic_calls_timer(struct timer_list *timer)
{
	struct atomic_calls *a = from_timer(a, timer, timer);

	atomic_calls_run(a);
	complete(&a->fired);
}

static void listen_atomic_contexts(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct atomic_calls *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	static DEFINE_SPINLOCK(lock);
	struct wsk_test_irp t, u;
	struct socket *peer;
	unsigned long flags;
	int round;
	u16 port;

	KUNIT_ASSERT_NOT_NULL(test, a);
	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &u);
	for (round = 0; round < 2; round++) {
		a->s = wsk_test_socket(test, c, &u, AF_INET, SOCK_STREAM, IPPROTO_TCP,
				       WSK_FLAG_STREAM_SOCKET);
		KUNIT_ASSERT_NOT_NULL(test, a->s);
		a->t = &t;
		for (a->call = 0; a->call < 4; a->call++) {
			if (a->call == 0)
				wsk_test_loopback(&a->addr, AF_INET, 0);
			wsk_test_irp_rearm(&t);
			if (round == 0) {
				init_completion(&a->fired);
				timer_setup(&a->timer, atomic_calls_timer, 0);
				mod_timer(&a->timer, jiffies + 1);
				wait_for_completion(&a->fired);
				del_timer_sync(&a->timer);
			} else {
				spin_lock_irqsave(&lock, flags);
				atomic_calls_run(a);
				spin_unlock_irqrestore(&lock, flags);
			}
			if (a->call == 3) {
				port = wsk_test_port(&a->addr);
				peer = wsk_test_peer(test, AF_INET, port, NULL);
				KUNIT_ASSERT_NOT_NULL(test, peer);
			}
			KUNIT_ASSERT_EQ_MSG(test, wsk_test_irp_wait(test, &t, a->ret),
					    STATUS_SUCCESS, "round %d call %d", round, a->call);
			if (a->call == 3)
				wsk_test_track((PWSK_SOCKET)t.information);
		}
		KUNIT_EXPECT_EQ(test, wsk_test_close(test, &u, (PWSK_SOCKET)t.information),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, wsk_test_close(test, &u, a->s), STATUS_SUCCESS);
	}
}

/* Many connections accepted and closed; kmemleak then checks for leaks. */
static void listen_1000_connections(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t, a;
	struct socket *peer;
	PWSK_SOCKET l, s;
	int i, err;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = wsk_test_listener(test, c, &t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < 1000; i++) {
		peer = NULL;
		err = wsk_test_connect(AF_INET, port, &peer);
		KUNIT_ASSERT_NOT_NULL(test, peer);
		if (!err) {
			s = accept_one(test, l, &a, NULL);
			if (s)
				KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
			else
				err = -EIO;
		}
		sock_release(peer);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "connection %d", i);
	}
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

static struct kunit_case listen_cases[] = {
	KUNIT_CASE_PARAM(listen_bind_accept, family_gen_params),
	KUNIT_CASE_PARAM(listen_bind_errors, family_gen_params),
	KUNIT_CASE_PARAM(stream_listen, family_gen_params),
	KUNIT_CASE_PARAM(stream_connected_cannot_listen, family_gen_params),
	KUNIT_CASE_PARAM(stream_connect_again, family_gen_params),
	KUNIT_CASE_PARAM(listen_accepts_in_order, family_gen_params),
	KUNIT_CASE_PARAM(listen_close_cancels, family_gen_params),
	KUNIT_CASE_PARAM(listen_cancel_one_accept, family_gen_params),
	KUNIT_CASE_PARAM(listen_peer_resets_first, family_gen_params),
	KUNIT_CASE_PARAM(accept_event_accepts, family_gen_params),
	KUNIT_CASE_PARAM(accept_event_rejects, family_gen_params),
	KUNIT_CASE_PARAM(accept_beats_event, family_gen_params),
	KUNIT_CASE(accept_event_static),
	KUNIT_CASE(accept_event_closes_inside),
	KUNIT_CASE(accept_event_closes_then_rejects),
	KUNIT_CASE(events_refused_once_closing),
	KUNIT_CASE(listen_dual_stack),
	KUNIT_CASE(listen_atomic_contexts),
	KUNIT_CASE_SLOW(listen_1000_connections),
	{}
};

static struct kunit_suite listen_suite = {
	.name = "wsk_listen",
	.suite_init = wsk_test_loopback_up,
	.test_cases = listen_cases,
};

kunit_test_suite(listen_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: WskBind, WskListen, WskAccept and accept events over loopback");
WSK_IMPORT_NS();
