// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: conditional accept over loopback. SO_CONDITIONAL_ACCEPT,
 * WskInspectEvent deciding at once or pending, WskInspectComplete,
 * WskAbortEvent when the peer resets a pended connection, and a close with
 * connections still held. Peers are plain kernel sockets.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <compat/compat.h>
#include "wsk_test.h"

/* What the listener's events saw, and what WskInspectEvent answers. */
struct inspector {
	WSK_INSPECT_ACTION answer;
	atomic_t inspects;
	atomic_t aborts;
	WSK_INSPECT_ID last;
	WSK_INSPECT_ID aborted;
	u16 remote_port;
	u16 local_port;
	bool at_dispatch;
	KEVENT inspected;
	KEVENT abort;
};

static WSK_INSPECT_ACTION inspect_event(PVOID context, PSOCKADDR local, PSOCKADDR remote,
					PWSK_INSPECT_ID id)
{
	struct inspector *x = context;

	x->last = *id;
	x->remote_port = ntohs(((struct sockaddr_in *)remote)->sin_port);
	x->local_port = ntohs(((struct sockaddr_in *)local)->sin_port);
	x->at_dispatch = KeGetCurrentIrql() == DISPATCH_LEVEL;
	atomic_inc(&x->inspects);
	KeSetEvent(&x->inspected, IO_NO_INCREMENT, FALSE);
	return x->answer;
}

static NTSTATUS abort_event(PVOID context, PWSK_INSPECT_ID id)
{
	struct inspector *x = context;

	x->aborted = *id;
	atomic_inc(&x->aborts);
	KeSetEvent(&x->abort, IO_NO_INCREMENT, FALSE);
	return STATUS_SUCCESS;
}

static const WSK_CLIENT_LISTEN_DISPATCH inspect_events = {
	.WskInspectEvent = inspect_event,
	.WskAbortEvent = abort_event,
};

static NTSTATUS conditional(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			    WSK_CONTROL_SOCKET_TYPE type, ULONG *value)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;
	bool set = type == WskSetOption;

	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskControlSocket(s, type, SO_CONDITIONAL_ACCEPT,
							      SOL_SOCKET,
							      set ? sizeof(*value) : 0,
							      set ? value : NULL,
							      set ? 0 : sizeof(*value),
							      set ? NULL : value, NULL, t->irp));
}

/* A LISTEN socket in conditional accept mode on a free loopback port. */
static PWSK_SOCKET conditional_listener(struct kunit *test, struct wsk_test_client *c,
					struct wsk_test_irp *t, struct inspector *x, u16 *port)
{
	struct sockaddr_storage addr;
	ULONG on = 1, read = 0;
	PWSK_SOCKET s;
	NTSTATUS ret;

	memset(x, 0, sizeof(*x));
	KeInitializeEvent(&x->inspected, SynchronizationEvent, FALSE);
	KeInitializeEvent(&x->abort, SynchronizationEvent, FALSE);
	x->answer = WskInspectAccept;
	wsk_test_irp_rearm(t);
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, AF_INET, SOCK_STREAM, IPPROTO_TCP,
					 WSK_FLAG_LISTEN_SOCKET, x, &inspect_events, NULL, NULL,
					 NULL, t->irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, t, ret), STATUS_SUCCESS);
	s = (PWSK_SOCKET)t->information;
	wsk_test_track(s);
	KUNIT_EXPECT_EQ(test, conditional(test, t, s, WskGetOption, &read), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, read, 0);
	KUNIT_ASSERT_EQ(test, conditional(test, t, s, WskSetOption, &on), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, conditional(test, t, s, WskGetOption, &read), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, read, 1);
	KUNIT_EXPECT_EQ(test, t->information, sizeof(ULONG));
	wsk_test_loopback(&addr, AF_INET, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, t, s, &addr), STATUS_SUCCESS);
	*port = wsk_test_local_port(test, t, s, WSK_FLAG_LISTEN_SOCKET);
	KUNIT_ASSERT_NE(test, *port, 0);
	return s;
}

static NTSTATUS inspect_complete(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET l,
				 WSK_INSPECT_ID *id, WSK_INSPECT_ACTION action)
{
	const WSK_PROVIDER_LISTEN_DISPATCH *d = l->Dispatch;

	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskInspectComplete(l, id, action, t->irp));
}

/* Whether a pending IRP is still pending after a while. */
static bool still_pending(struct wsk_test_irp *t)
{
	LARGE_INTEGER wait = { .QuadPart = -10000LL * 200 };

	return KeWaitForSingleObject(&t->done, Executive, KernelMode, FALSE, &wait) ==
	       STATUS_TIMEOUT;
}

/* A connection the peer saw reset: its read fails with -ECONNRESET. */
static void expect_reset(struct kunit *test, struct socket *peer)
{
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(peer), -ECONNRESET);
}

/*
 * Decided in the event: an accepted connection reaches WskAccept with the
 * addresses the event saw; a rejected one is reset and never offered.
 */
static void inspect_accept_and_reject(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct sockaddr_storage remote = {};
	struct wsk_test_irp t, a;
	struct inspector x;
	struct socket *p1, *p2;
	PWSK_SOCKET l, s;
	NTSTATUS ret;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = conditional_listener(test, c, &t, &x, &port);

	ret = wsk_test_start_accept(l, &a, NULL, &remote);
	p1 = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p1);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_SUCCESS);
	s = (PWSK_SOCKET)a.information;
	wsk_test_track(s);
	KUNIT_EXPECT_EQ(test, atomic_read(&x.inspects), 1);
	KUNIT_EXPECT_TRUE(test, x.at_dispatch);
	KUNIT_EXPECT_EQ(test, x.remote_port, wsk_test_peer_port(p1));
	KUNIT_EXPECT_EQ(test, x.local_port, port);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&remote), wsk_test_peer_port(p1));
	KUNIT_EXPECT_NE(test, x.last.SerialNumber, 0);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	x.answer = WskInspectReject;
	ret = wsk_test_start_accept(l, &a, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	p2 = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p2);
	KUNIT_EXPECT_EQ(test, wsk_test_wait_event(&x.inspected), STATUS_SUCCESS);
	expect_reset(test, p2);
	KUNIT_EXPECT_TRUE(test, still_pending(&a));
	KUNIT_EXPECT_EQ(test, atomic_read(&x.inspects), 2);
	/* The close cancels the accept still waiting. */
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_CANCELLED);
}

/* WskInspectPend, then WskInspectComplete: accept, reject, bad IDs. */
static void inspect_pend_then_complete(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t, a;
	WSK_INSPECT_ID id, bogus;
	struct inspector x;
	struct socket *p1, *p2;
	PWSK_SOCKET l, s;
	NTSTATUS ret;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = conditional_listener(test, c, &t, &x, &port);
	x.answer = WskInspectPend;

	ret = wsk_test_start_accept(l, &a, NULL, NULL);
	p1 = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p1);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&x.inspected), STATUS_SUCCESS);
	id = x.last;
	KUNIT_EXPECT_TRUE(test, still_pending(&a));

	bogus = id;
	bogus.SerialNumber++;
	KUNIT_EXPECT_EQ(test, inspect_complete(test, &t, l, &bogus, WskInspectAccept),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, inspect_complete(test, &t, l, &id, WskInspectPend),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, inspect_complete(test, &t, l, NULL, WskInspectAccept),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_TRUE(test, still_pending(&a));

	KUNIT_EXPECT_EQ(test, inspect_complete(test, &t, l, &id, WskInspectAccept),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_SUCCESS);
	s = (PWSK_SOCKET)a.information;
	wsk_test_track(s);
	/* Decided already. */
	KUNIT_EXPECT_EQ(test, inspect_complete(test, &t, l, &id, WskInspectAccept),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	/* Rejected later: reset, and nothing reaches the next accept. */
	ret = wsk_test_start_accept(l, &a, NULL, NULL);
	p2 = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p2);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&x.inspected), STATUS_SUCCESS);
	KUNIT_EXPECT_NE(test, x.last.SerialNumber, id.SerialNumber);
	KUNIT_EXPECT_EQ(test, inspect_complete(test, &t, l, &x.last, WskInspectReject),
			STATUS_SUCCESS);
	expect_reset(test, p2);
	KUNIT_EXPECT_TRUE(test, still_pending(&a));
	KUNIT_EXPECT_EQ(test, atomic_read(&x.aborts), 0);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_CANCELLED);
}

/* A peer that resets a pended connection: WskAbortEvent, same ID, then no accept. */
static void inspect_abort(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t, a;
	struct inspector x;
	struct socket *p;
	WSK_INSPECT_ID id;
	PWSK_SOCKET l;
	NTSTATUS ret;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = conditional_listener(test, c, &t, &x, &port);
	x.answer = WskInspectPend;
	ret = wsk_test_start_accept(l, &a, NULL, NULL);
	p = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&x.inspected), STATUS_SUCCESS);
	id = x.last;
	KUNIT_ASSERT_EQ(test, wsk_test_peer_reset(p), 0);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&x.abort), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&x.aborts), 1);
	KUNIT_EXPECT_EQ(test, x.aborted.Key, id.Key);
	KUNIT_EXPECT_EQ(test, x.aborted.SerialNumber, id.SerialNumber);
	KUNIT_EXPECT_EQ(test, inspect_complete(test, &t, l, &id, WskInspectAccept),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_TRUE(test, still_pending(&a));
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_CANCELLED);
}

/*
 * Accepted and pended connections no one took when the listener closes:
 * the close completes, and their peers see resets.
 */
static void inspect_close_with_held(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct socket *ready, *pended;
	struct wsk_test_irp t;
	struct inspector x;
	PWSK_SOCKET l;
	u16 port;

	wsk_test_irp_init(test, &t);
	l = conditional_listener(test, c, &t, &x, &port);
	ready = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, ready);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&x.inspected), STATUS_SUCCESS);
	x.answer = WskInspectPend;
	pended = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, pended);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&x.inspected), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	expect_reset(test, ready);
	expect_reset(test, pended);
	KUNIT_EXPECT_EQ(test, atomic_read(&x.aborts), 0);
}

/* SO_CONDITIONAL_ACCEPT only before bind, on listening kinds; no mode, no complete. */
static void inspect_option_rules(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t;
	WSK_INSPECT_ID id = {};
	ULONG on = 1, read = 7;
	USHORT small = 1;
	PWSK_SOCKET s;
	u16 port;

	wsk_test_irp_init(test, &t);
	s = wsk_test_listener(test, c, &t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, conditional(test, &t, s, WskSetOption, &on),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, conditional(test, &t, s, WskGetOption, &read), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, read, 0);
	KUNIT_EXPECT_EQ(test, inspect_complete(test, &t, s, &id, WskInspectAccept),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	/* A stream socket takes it; a wrong size does not. */
	s = wsk_test_socket(test, c, &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_STREAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, conditional(test, &t, s, WskSetOption, &on), STATUS_SUCCESS);
	wsk_test_irp_rearm(&t);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t,
						((const WSK_PROVIDER_BASIC_DISPATCH *)s->Dispatch)->
						WskControlSocket(s, WskSetOption,
								 SO_CONDITIONAL_ACCEPT, SOL_SOCKET,
								 sizeof(small), &small, 0, NULL,
								 NULL, t.irp)),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	/* Connection and datagram sockets do not listen. */
	s = wsk_test_socket(test, c, &t, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
			    WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, conditional(test, &t, s, WskSetOption, &on), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	s = wsk_test_socket(test, c, &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, conditional(test, &t, s, WskGetOption, &read), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
}

static struct kunit_case inspect_cases[] = {
	KUNIT_CASE(inspect_accept_and_reject),
	KUNIT_CASE(inspect_pend_then_complete),
	KUNIT_CASE(inspect_abort),
	KUNIT_CASE(inspect_close_with_held),
	KUNIT_CASE(inspect_option_rules),
	{}
};

static struct kunit_suite inspect_suite = {
	.name = "wsk_inspect",
	.suite_init = wsk_test_loopback_up,
	.test_cases = inspect_cases,
};

kunit_test_suite(inspect_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: conditional accept");
WSK_IMPORT_NS();
