// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: WskSocket and WskCloseSocket on real kernel sockets: argument
 * checks, every kind and family, calls from softirq and under spin locks,
 * and many sockets opened and closed.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <compat/compat.h>
#include "wsk_test.h"

static NTSTATUS call_socket(struct wsk_test_client *c, struct wsk_test_irp *t,
			    ADDRESS_FAMILY family, USHORT type, ULONG protocol, ULONG flags)
{
	wsk_test_irp_rearm(t);
	return c->npi.Dispatch->WskSocket(c->npi.Client, family, type, protocol, flags,
					  NULL, NULL, NULL, NULL, NULL, t->irp);
}

static void socket_null_irp(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);

	KUNIT_EXPECT_EQ(test, c->npi.Dispatch->WskSocket(c->npi.Client, AF_INET, SOCK_STREAM,
							 IPPROTO_TCP, WSK_FLAG_LISTEN_SOCKET,
							 NULL, NULL, NULL, NULL, NULL, NULL),
			STATUS_INVALID_PARAMETER);
}

static void socket_null_client(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t;
	NTSTATUS ret;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_rearm(&t);
	ret = c->npi.Dispatch->WskSocket(NULL, AF_INET, SOCK_STREAM, IPPROTO_TCP,
					 WSK_FLAG_LISTEN_SOCKET, NULL, NULL, NULL, NULL, NULL,
					 t.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_INVALID_HANDLE);
	/* As on Windows (Wine's netio test relies on it), the IRP is untouched. */
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.calls), 0);
	KUNIT_EXPECT_EQ(test, t.irp->IoStatus.Status, STATUS_UNSUCCESSFUL);
	KUNIT_EXPECT_EQ(test, t.irp->CurrentLocation, t.irp->StackCount + 1);
	/* It can go to the next call as it is. */
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, AF_INET, SOCK_STREAM, IPPROTO_TCP,
					 WSK_FLAG_LISTEN_SOCKET, NULL, NULL, NULL, NULL, NULL,
					 t.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, (PWSK_SOCKET)t.information),
			STATUS_SUCCESS);
}

/*
 * A LISTEN socket over UDP: Windows creates it and fails its bind with
 * STATUS_NOT_IMPLEMENTED (Wine's netio test checks this on Windows).
 */
static void socket_listen_over_udp(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct sockaddr_storage addr;
	const WSK_PROVIDER_LISTEN_DISPATCH *d;
	struct wsk_test_irp t;
	PWSK_SOCKET s;
	NTSTATUS ret;

	wsk_test_irp_init(test, &t);
	s = wsk_test_socket(test, c, &t, AF_INET, SOCK_DGRAM, IPPROTO_UDP, WSK_FLAG_LISTEN_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	wsk_test_loopback(&addr, AF_INET, 0);
	KUNIT_EXPECT_EQ(test, wsk_test_bind(test, &t, s, &addr), STATUS_NOT_IMPLEMENTED);
	KUNIT_EXPECT_EQ(test, t.information, 0UL);
	d = s->Dispatch;
	wsk_test_irp_rearm(&t);
	ret = d->WskAccept(s, 0, NULL, NULL, NULL, NULL, t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
}

struct bad_socket {
	const char *name;
	ADDRESS_FAMILY family;
	USHORT type;
	ULONG protocol;
	ULONG flags;
	NTSTATUS status;
};

static const struct bad_socket bad_sockets[] = {
	{ "unix family", AF_UNIX, SOCK_STREAM, 0, WSK_FLAG_STREAM_SOCKET, STATUS_NOT_SUPPORTED },
	{ "packet family", AF_PACKET, SOCK_DGRAM, 0, WSK_FLAG_DATAGRAM_SOCKET,
	  STATUS_NOT_SUPPORTED },
	{ "connection over udp", AF_INET, SOCK_DGRAM, IPPROTO_UDP, WSK_FLAG_CONNECTION_SOCKET,
	  STATUS_NOT_SUPPORTED },
	{ "stream with udp", AF_INET6, SOCK_STREAM, IPPROTO_UDP, WSK_FLAG_STREAM_SOCKET,
	  STATUS_NOT_SUPPORTED },
	{ "datagram over tcp", AF_INET, SOCK_STREAM, IPPROTO_TCP, WSK_FLAG_DATAGRAM_SOCKET,
	  STATUS_NOT_SUPPORTED },
	{ "raw basic", AF_INET, SOCK_RAW, IPPROTO_ICMP, WSK_FLAG_BASIC_SOCKET,
	  STATUS_NOT_SUPPORTED },
	{ "two kinds", AF_INET, SOCK_STREAM, IPPROTO_TCP,
	  WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_CONNECTION_SOCKET, STATUS_INVALID_PARAMETER },
	{ "unknown flag", AF_INET, SOCK_STREAM, IPPROTO_TCP, 0x100, STATUS_INVALID_PARAMETER },
};

static void bad_socket_desc(const struct bad_socket *b, char *desc)
{
	strscpy(desc, b->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_socket, bad_sockets, bad_socket_desc);

static void socket_rejects_bad_arguments(struct kunit *test)
{
	const struct bad_socket *b = test->param_value;
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t;
	NTSTATUS ret;

	wsk_test_irp_init(test, &t);
	ret = call_socket(c, &t, b->family, b->type, b->protocol, b->flags);
	KUNIT_EXPECT_EQ(test, ret, b->status);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), b->status);
	KUNIT_EXPECT_EQ(test, t.information, 0UL);
}

struct good_socket {
	const char *name;
	ADDRESS_FAMILY family;
	USHORT type;
	ULONG protocol;
	ULONG flags;
};

static const struct good_socket good_sockets[] = {
	{ "listen v4", AF_INET, SOCK_STREAM, IPPROTO_TCP, WSK_FLAG_LISTEN_SOCKET },
	{ "listen v6", AF_INET6, SOCK_STREAM, IPPROTO_TCP, WSK_FLAG_LISTEN_SOCKET },
	{ "stream v4", AF_INET, SOCK_STREAM, IPPROTO_TCP, WSK_FLAG_STREAM_SOCKET },
	{ "stream v6", AF_INET6, SOCK_STREAM, 0, WSK_FLAG_STREAM_SOCKET },
	{ "connection v4", AF_INET, SOCK_STREAM, IPPROTO_TCP, WSK_FLAG_CONNECTION_SOCKET },
	{ "connection v6", AF_INET6, SOCK_STREAM, IPPROTO_TCP, WSK_FLAG_CONNECTION_SOCKET },
	{ "datagram v4", AF_INET, SOCK_DGRAM, IPPROTO_UDP, WSK_FLAG_DATAGRAM_SOCKET },
	{ "datagram v6", AF_INET6, SOCK_DGRAM, 0, WSK_FLAG_DATAGRAM_SOCKET },
	{ "basic v4", AF_INET, SOCK_STREAM, IPPROTO_TCP, WSK_FLAG_BASIC_SOCKET },
	{ "basic v6", AF_INET6, SOCK_DGRAM, IPPROTO_UDP, WSK_FLAG_BASIC_SOCKET },
};

static void good_socket_desc(const struct good_socket *g, char *desc)
{
	strscpy(desc, g->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(good_socket, good_sockets, good_socket_desc);

/* The socket's Dispatch is its kind's table, reachable both ways. */
static void check_dispatch(struct kunit *test, PWSK_SOCKET s, ULONG kind)
{
	const WSK_PROVIDER_BASIC_DISPATCH *basic = s->Dispatch;
	const WSK_PROVIDER_LISTEN_DISPATCH *l = s->Dispatch;
	const WSK_PROVIDER_CONNECTION_DISPATCH *cn = s->Dispatch;
	const WSK_PROVIDER_DATAGRAM_DISPATCH *dg = s->Dispatch;
	const WSK_PROVIDER_STREAM_DISPATCH *st = s->Dispatch;

	KUNIT_EXPECT_NOT_NULL(test, basic->WskControlSocket);
	KUNIT_EXPECT_NOT_NULL(test, basic->WskCloseSocket);
	switch (kind) {
	case WSK_FLAG_LISTEN_SOCKET:
		KUNIT_EXPECT_PTR_EQ(test, l->Basic.WskCloseSocket, l->WskCloseSocket);
		KUNIT_EXPECT_NOT_NULL(test, l->WskBind);
		KUNIT_EXPECT_NOT_NULL(test, l->WskAccept);
		KUNIT_EXPECT_NOT_NULL(test, l->WskInspectComplete);
		KUNIT_EXPECT_NOT_NULL(test, l->WskGetLocalAddress);
		break;
	case WSK_FLAG_CONNECTION_SOCKET:
		KUNIT_EXPECT_PTR_EQ(test, cn->Basic.WskCloseSocket, cn->WskCloseSocket);
		KUNIT_EXPECT_NOT_NULL(test, cn->WskConnect);
		KUNIT_EXPECT_NOT_NULL(test, cn->WskSend);
		KUNIT_EXPECT_NOT_NULL(test, cn->WskReceiveEx);
		break;
	case WSK_FLAG_DATAGRAM_SOCKET:
		KUNIT_EXPECT_PTR_EQ(test, dg->Basic.WskCloseSocket, dg->WskCloseSocket);
		KUNIT_EXPECT_NOT_NULL(test, dg->WskSendTo);
		KUNIT_EXPECT_NOT_NULL(test, dg->WskSendMessages);
		break;
	case WSK_FLAG_STREAM_SOCKET:
		KUNIT_EXPECT_PTR_EQ(test, st->Basic.WskCloseSocket, st->WskCloseSocket);
		KUNIT_EXPECT_NOT_NULL(test, st->WskListen);
		KUNIT_EXPECT_NOT_NULL(test, st->WskAccept);
		KUNIT_EXPECT_NOT_NULL(test, st->WskReceiveEx);
		break;
	}
}

static void socket_open_close(struct kunit *test)
{
	const struct good_socket *g = test->param_value;
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t;
	PWSK_SOCKET s;

	wsk_test_irp_init(test, &t);
	s = wsk_test_socket(test, c, &t, g->family, g->type, g->protocol, g->flags);
	KUNIT_ASSERT_NOT_NULL(test, s);
	check_dispatch(test, s, g->flags);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, t.information, 0UL);
}

/* What an atomic caller does: call, and leave the waiting to others. */
struct atomic_call {
	struct wsk_test_client *c;
	struct wsk_test_irp t;
	PWSK_SOCKET close;
	NTSTATUS ret;
	struct timer_list timer;
	struct completion fired;
	bool in_softirq;
};

static void atomic_call_run(struct atomic_call *a)
{
	if (a->close) {
		const WSK_PROVIDER_BASIC_DISPATCH *d = a->close->Dispatch;

		a->ret = d->WskCloseSocket(a->close, a->t.irp);
	} else {
		a->ret = a->c->npi.Dispatch->WskSocket(a->c->npi.Client, AF_INET6, SOCK_STREAM,
						       IPPROTO_TCP, WSK_FLAG_LISTEN_SOCKET,
						       NULL, NULL, NULL, NULL, NULL, a->t.irp);
	}
}

static void atomic_call_timer(struct timer_list *timer)
{
	struct atomic_call *a = from_timer(a, timer, timer);

	a->in_softirq = in_softirq();
	atomic_call_run(a);
	complete(&a->fired);
}

enum atomic_way { FROM_SOFTIRQ, UNDER_SPINLOCK, UNDER_SPINLOCK_IRQ, UNDER_SPINLOCK_BH };

static void atomic_call(struct kunit *test, struct atomic_call *a, enum atomic_way way)
{
	static DEFINE_SPINLOCK(lock);
	unsigned long flags;

	wsk_test_irp_rearm(&a->t);
	switch (way) {
	case FROM_SOFTIRQ:
		init_completion(&a->fired);
		timer_setup(&a->timer, atomic_call_timer, 0);
		mod_timer(&a->timer, jiffies + 1);
		wait_for_completion(&a->fired);
		del_timer_sync(&a->timer);
		KUNIT_EXPECT_TRUE(test, a->in_softirq);
		break;
	case UNDER_SPINLOCK:
		spin_lock(&lock);
		atomic_call_run(a);
		spin_unlock(&lock);
		break;
	case UNDER_SPINLOCK_IRQ:
		spin_lock_irqsave(&lock, flags);
		atomic_call_run(a);
		spin_unlock_irqrestore(&lock, flags);
		break;
	case UNDER_SPINLOCK_BH:
		spin_lock_bh(&lock);
		atomic_call_run(a);
		spin_unlock_bh(&lock);
		break;
	}
}

static void socket_atomic_contexts(struct kunit *test)
{
	struct atomic_call *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	enum atomic_way way;
	PWSK_SOCKET s;

	KUNIT_ASSERT_NOT_NULL(test, a);
	a->c = wsk_test_client_start(test);
	wsk_test_irp_init(test, &a->t);
	for (way = FROM_SOFTIRQ; way <= UNDER_SPINLOCK_BH; way++) {
		a->close = NULL;
		atomic_call(test, a, way);
		KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &a->t, a->ret), STATUS_SUCCESS);
		s = (PWSK_SOCKET)a->t.information;
		KUNIT_ASSERT_NOT_NULL(test, s);
		a->close = s;
		atomic_call(test, a, way);
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, a->ret), STATUS_SUCCESS);
	}
}

/* Many sockets; the harness's kmemleak scan then checks nothing leaked. */
static void socket_open_close_1000(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t;
	PWSK_SOCKET s[10];
	int i, j;

	wsk_test_irp_init(test, &t);
	for (i = 0; i < 100; i++) {
		for (j = 0; j < ARRAY_SIZE(s); j++) {
			s[j] = wsk_test_socket(test, c, &t, j % 2 ? AF_INET6 : AF_INET,
					       SOCK_STREAM, IPPROTO_TCP, WSK_FLAG_STREAM_SOCKET);
			KUNIT_ASSERT_NOT_NULL(test, s[j]);
		}
		for (j = 0; j < ARRAY_SIZE(s); j++)
			KUNIT_ASSERT_EQ(test, wsk_test_close(test, &t, s[j]), STATUS_SUCCESS);
	}
}

static struct kunit_case socket_cases[] = {
	KUNIT_CASE(socket_null_irp),
	KUNIT_CASE(socket_null_client),
	KUNIT_CASE(socket_listen_over_udp),
	KUNIT_CASE_PARAM(socket_rejects_bad_arguments, bad_socket_gen_params),
	KUNIT_CASE_PARAM(socket_open_close, good_socket_gen_params),
	KUNIT_CASE(socket_atomic_contexts),
	KUNIT_CASE_SLOW(socket_open_close_1000),
	{}
};

static struct kunit_suite socket_suite = {
	.name = "wsk_socket",
	.suite_init = wsk_test_loopback_up,
	.test_cases = socket_cases,
};

kunit_test_suite(socket_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: WskSocket and WskCloseSocket");
WSK_IMPORT_NS();
