// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: datagram sockets over loopback, IPv4, IPv6 and dual stack:
 * WskSendTo, WskSendMessages, WskReceiveFrom, truncation, fixed remote and destination
 * addresses, bad input, cancel and close; WskReceiveFromEvent, kept chains
 * and WskRelease, STATUS_DATA_NOT_ACCEPTED.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <net/ipv6.h>
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

/* A datagram socket and an IRP for its calls. */
struct dgram {
	PWSK_SOCKET s;
	struct wsk_test_irp t;
	int family;
	u16 port;		/* bound to, on loopback */
};

static const WSK_PROVIDER_DATAGRAM_DISPATCH *dgram_d(struct dgram *g)
{
	return g->s->Dispatch;
}

/* A datagram socket, bound to a free loopback port if @bind. */
static struct dgram *dgram_new(struct kunit *test, struct wsk_test_client *c, int family,
			       bool bind)
{
	struct dgram *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	struct sockaddr_storage addr;

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->family = family;
	wsk_test_irp_init(test, &g->t);
	g->s = wsk_test_socket(test, c, &g->t, family, SOCK_DGRAM, IPPROTO_UDP,
			       WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, g->s);
	if (!bind)
		return g;
	wsk_test_loopback(&addr, family, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &g->t, g->s, &addr), STATUS_SUCCESS);
	g->port = wsk_test_local_port(test, &g->t, g->s, WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_ASSERT_NE(test, g->port, 0);
	return g;
}

/*
 * WskSendTo @len bytes to loopback @port (0: no address), with @ctl_len
 * bytes of control information at @ctl, and wait: the status.
 */
static NTSTATUS send_to_ctl(struct kunit *test, struct dgram *g, const void *data, ULONG len,
			    u16 port, void *ctl, ULONG ctl_len)
{
	WSK_BUF buf = wsk_test_buf(test, data, len);
	struct sockaddr_storage to;
	NTSTATUS ret;

	wsk_test_loopback(&to, g->family, port);
	wsk_test_irp_rearm(&g->t);
	ret = dgram_d(g)->WskSendTo(g->s, &buf, 0, port ? (struct sockaddr *)&to : NULL, ctl_len,
				    ctl, g->t.irp);
	return wsk_test_irp_wait(test, &g->t, ret);
}

static NTSTATUS send_to(struct kunit *test, struct dgram *g, const void *data, ULONG len,
			u16 port)
{
	return send_to_ctl(test, g, data, len, port, NULL, 0);
}

/* A WskReceiveFrom, pending or done, and what it reports. */
struct recv {
	struct wsk_test_irp t;
	struct sockaddr_storage from;
	ULONG control_len, flags;
	u8 data[256];
	u8 *va;			/* receive_from_ctl()'s buffer */
	u8 control[64] __aligned(8);
	WSK_BUF buf;
	NTSTATUS ret;
};

static struct recv *receive_from(struct kunit *test, struct dgram *g, ULONG len)
{
	struct recv *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	wsk_test_irp_init(test, &r->t);
	r->buf = wsk_test_buf(test, r->data, min_t(ULONG, len, sizeof(r->data)));
	r->control_len = 64;
	r->flags = 0xdead;
	r->ret = dgram_d(g)->WskReceiveFrom(g->s, &r->buf, 0, (struct sockaddr *)&r->from,
					    &r->control_len, NULL, &r->flags, r->t.irp);
	return r;
}

/* A WskReceiveFrom of up to @len bytes into r->va, control information into r->control. */
static struct recv *receive_from_ctl(struct kunit *test, struct dgram *g, ULONG len)
{
	struct recv *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->va = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->va);
	wsk_test_irp_init(test, &r->t);
	r->buf = wsk_test_buf(test, r->va, len);
	r->control_len = sizeof(r->control);
	r->ret = dgram_d(g)->WskReceiveFrom(g->s, &r->buf, 0, (struct sockaddr *)&r->from,
					    &r->control_len, (PCMSGHDR)r->control, &r->flags,
					    r->t.irp);
	return r;
}

/* The data of the control message @level/@type of @dlen bytes in @ctl, or NULL. */
static const void *cmsg_find(const void *ctl, ULONG len, int level, int type, size_t dlen)
{
	const struct cmsghdr *c;
	ULONG off = 0;

	while (len - off >= sizeof(*c)) {
		c = ctl + off;
		if (c->cmsg_len < sizeof(*c) || c->cmsg_len > len - off)
			return NULL;
		if (c->cmsg_level == level && c->cmsg_type == type && c->cmsg_len == CMSG_LEN(dlen))
			return CMSG_DATA(c);
		off += min_t(ULONG, CMSG_ALIGN(c->cmsg_len), len - off);
	}
	return NULL;
}

static NTSTATUS recv_wait(struct kunit *test, struct recv *r)
{
	return wsk_test_irp_wait(test, &r->t, r->ret);
}

/* Whether @r is still pending after a while (what it waits for does not come). */
static bool recv_still_pending(struct recv *r)
{
	msleep(100);
	return r->ret == STATUS_PENDING && !atomic_read(&r->t.calls);
}

/* Two sockets; receives posted first complete in order, with the sender's address. */
static void dgram_send_receive(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *a = dgram_new(test, c, family, true), *b = dgram_new(test, c, family, true);
	struct recv *r1 = receive_from(test, b, 256), *r2 = receive_from(test, b, 256);

	KUNIT_EXPECT_EQ(test, r1->ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, r2->ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "first", 5, b->port), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->t.information, 5UL);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "second!", 7, b->port), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->t.information, 7UL);

	KUNIT_ASSERT_EQ(test, recv_wait(test, r1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r1->t.information, 5UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(r1->data, "first", 5));
	KUNIT_EXPECT_EQ(test, r1->from.ss_family, family);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&r1->from), a->port);
	KUNIT_EXPECT_EQ(test, r1->control_len, 0U);
	KUNIT_EXPECT_EQ(test, r1->flags, 0U);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r2), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r2->t.information, 7UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(r2->data, "second!", 7));

	/* A datagram that waits already: the receive takes it. */
	KUNIT_EXPECT_EQ(test, send_to(test, a, "", 0, b->port), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->t.information, 0UL);
	msleep(20);
	r1 = receive_from(test, b, 256);
	KUNIT_EXPECT_EQ(test, recv_wait(test, r1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r1->t.information, 0UL);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &a->t, a->s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &b->t, b->s), STATUS_SUCCESS);
}

/* A datagram longer than the buffer: its start, MSG_TRUNC, the rest lost. */
static void dgram_truncated(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *a = dgram_new(test, c, family, true), *b = dgram_new(test, c, family, true);
	struct recv *r = receive_from(test, b, 10);
	static const char msg[] = "0123456789abcdefghij";

	KUNIT_EXPECT_EQ(test, send_to(test, a, msg, 20, b->port), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "next", 4, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->t.information, 10UL);
	KUNIT_EXPECT_EQ(test, r->flags, (ULONG)MSG_TRUNC);
	KUNIT_EXPECT_TRUE(test, !memcmp(r->data, msg, 10));
	r = receive_from(test, b, 256);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->t.information, 4UL);
	KUNIT_EXPECT_EQ(test, r->flags, 0U);
}

/* Bad input: one completion each, with the documented status. */
static void dgram_bad_input(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *u = dgram_new(test, c, AF_INET, false);
	struct dgram *a = dgram_new(test, c, AF_INET, true);
	struct sockaddr_storage six;
	u8 *big = kunit_kzalloc(test, 70000, GFP_KERNEL);
	WSK_BUF buf;
	NTSTATUS ret;
	struct recv *r;

	KUNIT_ASSERT_NOT_NULL(test, big);
	/* Not bound: send and receive both refuse. */
	KUNIT_EXPECT_EQ(test, send_to(test, u, "x", 1, a->port), STATUS_INVALID_DEVICE_STATE);
	r = receive_from(test, u, 16);
	KUNIT_EXPECT_EQ(test, recv_wait(test, r), STATUS_INVALID_DEVICE_STATE);
	/* No address and none fixed; an address of another family. */
	KUNIT_EXPECT_EQ(test, send_to(test, a, "x", 1, 0), STATUS_INVALID_PARAMETER);
	buf = wsk_test_buf(test, "x", 1);
	wsk_test_loopback(&six, AF_INET6, a->port);
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskSendTo(a->s, &buf, 0, (struct sockaddr *)&six, 0, NULL, a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_INVALID_PARAMETER);
	/* A flag; no buffer; control information without its buffer. */
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskSendTo(a->s, &buf, 1, NULL, 0, NULL, a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_NOT_SUPPORTED);
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskSendTo(a->s, NULL, 0, NULL, 0, NULL, a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_INVALID_PARAMETER);
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskSendTo(a->s, &buf, 0, NULL, 16, NULL, a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_INVALID_PARAMETER);
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskReceiveFrom(a->s, NULL, 0, NULL, NULL, NULL, NULL, a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_INVALID_PARAMETER);
	/* Longer than a UDP datagram can be. */
	KUNIT_EXPECT_EQ(test, send_to(test, a, big, 70000, a->port), STATUS_INVALID_BUFFER_SIZE);
	KUNIT_EXPECT_EQ(test, a->t.information, 0UL);
	/* A NULL IRP touches nothing. */
	KUNIT_EXPECT_EQ(test, dgram_d(a)->WskSendTo(a->s, &buf, 0, NULL, 0, NULL, NULL),
			STATUS_INVALID_PARAMETER);
}

static NTSTATUS set_address(struct kunit *test, struct dgram *g, ULONG code, u16 port)
{
	struct sockaddr_storage to;
	NTSTATUS ret;

	wsk_test_loopback(&to, g->family, port);
	wsk_test_irp_rearm(&g->t);
	ret = dgram_d(g)->Basic.WskControlSocket(g->s, WskIoctl, code, 0,
						 port ? sizeof(to) : 0, port ? &to : NULL, 0,
						 NULL, NULL, g->t.irp);
	return wsk_test_irp_wait(test, &g->t, ret);
}

/*
 * @from sends to loopback @port (0: its fixed address) and @at receives it:
 * the receive completes, with @from as the sender.
 */
static void expect_delivered(struct kunit *test, struct dgram *from, u16 port, struct dgram *at)
{
	struct recv *r = receive_from(test, at, 256);

	KUNIT_EXPECT_EQ(test, send_to(test, from, "dgram", 5, port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&r->from), from->port);
}

/*
 * SIO_WSK_SET_REMOTE_ADDRESS: sends without an address go there, and only
 * its datagrams are received, until cleared. SIO_WSK_SET_SENDTO_ADDRESS:
 * sends go there, datagrams from anyone are received.
 */
static void dgram_fixed_addresses(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *a = dgram_new(test, c, family, true), *b = dgram_new(test, c, family, true);
	struct dgram *o = dgram_new(test, c, family, true), *u = dgram_new(test, c, family, false);
	struct recv *r;

	KUNIT_EXPECT_EQ(test, set_address(test, u, SIO_WSK_SET_REMOTE_ADDRESS, b->port),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_ASSERT_EQ(test, set_address(test, a, SIO_WSK_SET_REMOTE_ADDRESS, b->port),
			STATUS_SUCCESS);
	expect_delivered(test, a, 0, b);

	/* a receives only from b; the other socket's datagram is dropped. */
	r = receive_from(test, a, 256);
	KUNIT_EXPECT_EQ(test, send_to(test, o, "other", 5, a->port), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, recv_still_pending(r));
	KUNIT_EXPECT_EQ(test, send_to(test, b, "from b", 6, a->port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_port(&r->from), b->port);

	/* Cleared: a keeps its port and receives from anyone. */
	KUNIT_EXPECT_EQ(test, set_address(test, a, SIO_WSK_SET_REMOTE_ADDRESS, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_local_port(test, &a->t, a->s, WSK_FLAG_DATAGRAM_SOCKET),
			a->port);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "x", 1, 0), STATUS_INVALID_PARAMETER);
	expect_delivered(test, o, a->port, a);

	/* A fixed destination: sends go to b, anyone's datagrams come in. */
	KUNIT_EXPECT_EQ(test, set_address(test, a, SIO_WSK_SET_SENDTO_ADDRESS, 0),
			STATUS_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, set_address(test, a, SIO_WSK_SET_SENDTO_ADDRESS, b->port),
			STATUS_SUCCESS);
	expect_delivered(test, a, 0, b);
	expect_delivered(test, o, a->port, a);
}

/* An IPv6 socket with IPV6_V6ONLY cleared receives IPv4 datagrams, v4-mapped. */
static void dgram_dual_stack(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *four = dgram_new(test, c, AF_INET, true);
	struct dgram *six = dgram_new(test, c, AF_INET6, false);
	struct sockaddr_in6 any = { .sin6_family = AF_INET6 };
	struct sockaddr_in6 *from;
	int zero = 0;
	struct recv *r;
	NTSTATUS ret;

	wsk_test_irp_rearm(&six->t);
	ret = dgram_d(six)->Basic.WskControlSocket(six->s, WskSetOption, IPV6_V6ONLY,
						   IPPROTO_IPV6, sizeof(zero), &zero, 0, NULL,
						   NULL, six->t.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &six->t, ret), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &six->t, six->s, (void *)&any), STATUS_SUCCESS);
	six->port = wsk_test_local_port(test, &six->t, six->s, WSK_FLAG_DATAGRAM_SOCKET);
	r = receive_from(test, six, 256);
	KUNIT_EXPECT_EQ(test, send_to(test, four, "v4", 2, six->port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	from = (struct sockaddr_in6 *)&r->from;
	KUNIT_EXPECT_EQ(test, from->sin6_family, AF_INET6);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_v4mapped(&from->sin6_addr));
	KUNIT_EXPECT_EQ(test, ntohs(from->sin6_port), four->port);
}

/* Pending receives: IoCancelIrp cancels one, the close the rest. */
static void dgram_cancel_and_close(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *a = dgram_new(test, c, AF_INET, true);
	struct recv *r1 = receive_from(test, a, 16), *r2 = receive_from(test, a, 16);
	struct recv *r3 = receive_from(test, a, 16);

	KUNIT_EXPECT_TRUE(test, recv_still_pending(r1));
	IoCancelIrp(r2->t.irp);
	KUNIT_EXPECT_EQ(test, recv_wait(test, r2), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, r2->t.information, 0UL);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &a->t, a->s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, recv_wait(test, r1), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, recv_wait(test, r3), STATUS_CANCELLED);
}

/* WskSendMessages: the list in order, Information the bytes of them all. */
static void dgram_send_messages(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *a = dgram_new(test, c, family, true);
	struct dgram *b = dgram_new(test, c, family, true);
	static const char *const msg[] = { "alpha", "be", "gamma!" };
	u8 *big = kunit_kzalloc(test, 70000, GFP_KERNEL);
	struct sockaddr_storage to;
	WSK_BUF_LIST list[3] = {};
	struct recv *r;
	NTSTATUS ret;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, big);
	for (i = 0; i < 3; i++) {
		list[i].Buffer = wsk_test_buf(test, msg[i], strlen(msg[i]));
		list[i].Next = i < 2 ? &list[i + 1] : NULL;
	}
	wsk_test_loopback(&to, family, b->port);
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskSendMessages(a->s, list, 0, (struct sockaddr *)&to, 0, NULL,
					  a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->t.information, 13UL);
	for (i = 0; i < 3; i++) {
		r = receive_from(test, b, 256);
		KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, r->t.information, (ULONG_PTR)strlen(msg[i]));
		KUNIT_EXPECT_TRUE(test, !memcmp(r->data, msg[i], strlen(msg[i])));
	}

	/* The second too long: the first went, the request fails. */
	list[1].Buffer = wsk_test_buf(test, big, 70000);
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskSendMessages(a->s, list, 0, (struct sockaddr *)&to, 0, NULL,
					  a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_INVALID_BUFFER_SIZE);
	KUNIT_EXPECT_EQ(test, a->t.information, 0UL);
	r = receive_from(test, b, 256);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, !memcmp(r->data, msg[0], strlen(msg[0])));
	r = receive_from(test, b, 256);
	KUNIT_EXPECT_TRUE(test, recv_still_pending(r));
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &b->t, b->s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, recv_wait(test, r), STATUS_CANCELLED);

	/* No list at all. */
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskSendMessages(a->s, NULL, 0, (struct sockaddr *)&to, 0, NULL,
					  a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_INVALID_PARAMETER);
}

static NTSTATUS set_int_option(struct kunit *test, struct dgram *g, ULONG level, ULONG code,
			       int val)
{
	NTSTATUS ret;

	wsk_test_irp_rearm(&g->t);
	ret = dgram_d(g)->Basic.WskControlSocket(g->s, WskSetOption, code, level, sizeof(val),
						 &val, 0, NULL, NULL, g->t.irp);
	return wsk_test_irp_wait(test, &g->t, ret);
}

/*
 * IP_PKTINFO both ways, in Windows' 8-byte IN_PKTINFO: the receiver learns
 * the destination and interface; a sender chooses its source, 127.0.0.2.
 * IPV6_PKTINFO has Linux's layout. A buffer too small: MSG_CTRUNC.
 */
static void dgram_pktinfo(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *a = dgram_new(test, c, AF_INET, true);
	struct dgram *b = dgram_new(test, c, AF_INET, true);
	struct dgram *a6 = dgram_new(test, c, AF_INET6, true);
	struct dgram *b6 = dgram_new(test, c, AF_INET6, true);
	u8 send_ctl[CMSG_SPACE(sizeof(IN_PKTINFO))] __aligned(8) = {};
	u8 recv_ctl[64] __aligned(8);
	struct cmsghdr *cm = (struct cmsghdr *)send_ctl;
	struct sockaddr_storage to;
	IN_PKTINFO *pi;
	IN6_PKTINFO *pi6;
	struct recv *r;
	WSK_BUF buf;
	NTSTATUS ret;

	KUNIT_ASSERT_EQ(test, set_int_option(test, b, SOL_IP, IP_PKTINFO, 1), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, set_int_option(test, b6, SOL_IPV6, IPV6_RECVPKTINFO, 1),
			STATUS_SUCCESS);

	/* Sent from 127.0.0.2, chosen with IN_PKTINFO. */
	cm->cmsg_len = CMSG_LEN(sizeof(IN_PKTINFO));
	cm->cmsg_level = SOL_IP;
	cm->cmsg_type = IP_PKTINFO;
	pi = (IN_PKTINFO *)CMSG_DATA(cm);
	pi->ipi_addr.s_addr = htonl(0x7f000002);
	buf = wsk_test_buf(test, "pkt", 3);
	wsk_test_loopback(&to, AF_INET, b->port);
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	wsk_test_irp_init(test, &r->t);
	r->buf = wsk_test_buf(test, r->data, sizeof(r->data));
	r->control_len = sizeof(recv_ctl);
	r->ret = dgram_d(b)->WskReceiveFrom(b->s, &r->buf, 0, (struct sockaddr *)&r->from,
					    &r->control_len, (PCMSGHDR)recv_ctl, &r->flags,
					    r->t.irp);
	wsk_test_irp_rearm(&a->t);
	ret = dgram_d(a)->WskSendTo(a->s, &buf, 0, (struct sockaddr *)&to, sizeof(send_ctl),
				    (PCMSGHDR)send_ctl, a->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a->t, ret), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ((struct sockaddr_in *)&r->from)->sin_addr.s_addr,
			htonl(0x7f000002));
	KUNIT_ASSERT_EQ(test, r->control_len, (ULONG)CMSG_SPACE(sizeof(IN_PKTINFO)));
	cm = (struct cmsghdr *)recv_ctl;
	KUNIT_EXPECT_EQ(test, cm->cmsg_len, CMSG_LEN(sizeof(IN_PKTINFO)));
	KUNIT_EXPECT_EQ(test, cm->cmsg_level, SOL_IP);
	KUNIT_EXPECT_EQ(test, cm->cmsg_type, IP_PKTINFO);
	pi = (IN_PKTINFO *)CMSG_DATA(cm);
	KUNIT_EXPECT_EQ(test, pi->ipi_addr.s_addr, htonl(INADDR_LOOPBACK));
	KUNIT_EXPECT_EQ(test, pi->ipi_ifindex, 1U);	/* lo */
	KUNIT_EXPECT_EQ(test, r->flags, 0U);

	/* IPv6: the same layout as Linux's. */
	r->control_len = sizeof(recv_ctl);
	wsk_test_irp_rearm(&r->t);
	r->ret = dgram_d(b6)->WskReceiveFrom(b6->s, &r->buf, 0, NULL, &r->control_len,
					     (PCMSGHDR)recv_ctl, &r->flags, r->t.irp);
	KUNIT_EXPECT_EQ(test, send_to(test, a6, "six", 3, b6->port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, r->control_len, (ULONG)CMSG_SPACE(sizeof(IN6_PKTINFO)));
	KUNIT_EXPECT_EQ(test, cm->cmsg_level, SOL_IPV6);
	KUNIT_EXPECT_EQ(test, cm->cmsg_type, IPV6_PKTINFO);
	pi6 = (IN6_PKTINFO *)CMSG_DATA(cm);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&pi6->ipi6_addr, &in6addr_loopback));

	/* No room: MSG_CTRUNC, nothing written. */
	r->control_len = 8;
	wsk_test_irp_rearm(&r->t);
	r->ret = dgram_d(b6)->WskReceiveFrom(b6->s, &r->buf, 0, NULL, &r->control_len,
					     (PCMSGHDR)recv_ctl, &r->flags, r->t.irp);
	KUNIT_EXPECT_EQ(test, send_to(test, a6, "six", 3, b6->port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->control_len, 0U);
	KUNIT_EXPECT_EQ(test, r->flags, (ULONG)MSG_CTRUNC);
}

/* WskSendTo and WskReceiveFrom made in atomic contexts. */
struct atomic_dgram {
	struct dgram *a, *b;
	struct recv *r;
	WSK_BUF buf;
	struct sockaddr_storage to;
	NTSTATUS sent;
	struct timer_list timer;
	struct completion fired;
	bool in_softirq;
};

static void atomic_dgram_run(struct atomic_dgram *x)
{
	struct recv *r = x->r;

	r->ret = dgram_d(x->b)->WskReceiveFrom(x->b->s, &r->buf, 0, (struct sockaddr *)&r->from,
					       NULL, NULL, NULL, r->t.irp);
	x->sent = dgram_d(x->a)->WskSendTo(x->a->s, &x->buf, 0, (struct sockaddr *)&x->to, 0,
					   NULL, x->a->t.irp);
}

static void atomic_dgram_timer(struct timer_list *timer)
{
	struct atomic_dgram *x = from_timer(x, timer, timer);

	x->in_softirq = in_softirq();
	atomic_dgram_run(x);
	complete(&x->fired);
}

/*
 * From a timer (softirq), under a spin lock, with interrupts off, with
 * bottom halves off: the calls return at once and complete as anywhere.
 */
static void dgram_atomic_contexts(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct atomic_dgram *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	static DEFINE_SPINLOCK(lock);
	unsigned long flags;
	int way;

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->a = dgram_new(test, c, AF_INET, true);
	x->b = dgram_new(test, c, AF_INET, true);
	x->buf = wsk_test_buf(test, "atomic", 6);
	wsk_test_loopback(&x->to, AF_INET, x->b->port);
	for (way = 0; way < 4; way++) {
		x->r = kunit_kzalloc(test, sizeof(*x->r), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, x->r);
		wsk_test_irp_init(test, &x->r->t);
		x->r->buf = wsk_test_buf(test, x->r->data, sizeof(x->r->data));
		wsk_test_irp_rearm(&x->a->t);
		switch (way) {
		case 0:
			init_completion(&x->fired);
			timer_setup(&x->timer, atomic_dgram_timer, 0);
			mod_timer(&x->timer, jiffies + 1);
			wait_for_completion(&x->fired);
			del_timer_sync(&x->timer);
			KUNIT_EXPECT_TRUE(test, x->in_softirq);
			break;
		case 1:
			spin_lock(&lock);
			atomic_dgram_run(x);
			spin_unlock(&lock);
			break;
		case 2:
			spin_lock_irqsave(&lock, flags);
			atomic_dgram_run(x);
			spin_unlock_irqrestore(&lock, flags);
			break;
		default:
			spin_lock_bh(&lock);
			atomic_dgram_run(x);
			spin_unlock_bh(&lock);
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test, wsk_test_irp_wait(test, &x->a->t, x->sent),
				    STATUS_SUCCESS, "way %d", way);
		KUNIT_EXPECT_EQ_MSG(test, recv_wait(test, x->r), STATUS_SUCCESS, "way %d", way);
		KUNIT_EXPECT_EQ(test, x->r->t.information, 6UL);
		KUNIT_EXPECT_EQ(test, wsk_test_port(&x->r->from), x->a->port);
	}
}

/* What WskReceiveFromEvent saw, and how it answers. */
struct dlog {
	NTSTATUS answer;
	atomic_t calls, datagrams;
	ULONG flags;
	char data[8][16];
	ULONG len[8];
	u16 port[8];
	PWSK_DATAGRAM_INDICATION kept[64];
	int nkept;
	atomic_t in_softirq;		/* calls made in the softirq that brought the datagram */
	u8 control[64] __aligned(8);	/* the last datagram's control information */
	ULONG control_len;
	bool control_null;
	struct completion called;
};

static NTSTATUS log_receive_from(PVOID context, ULONG flags, PWSK_DATAGRAM_INDICATION ind)
{
	struct dlog *log = context;
	struct sockaddr_storage from;
	u8 *va;
	int n;

	atomic_inc(&log->calls);
	if (in_serving_softirq())
		atomic_inc(&log->in_softirq);
	log->flags = flags;
	for (; ind; ind = ind->Next) {
		n = atomic_inc_return(&log->datagrams) - 1;
		if (n < 8) {
			va = MmGetSystemAddressForMdlSafe(ind->Buffer.Mdl, NormalPagePriority);
			log->len[n] = ind->Buffer.Length;
			memcpy(log->data[n], va + ind->Buffer.Offset,
			       min_t(ULONG, ind->Buffer.Length, sizeof(log->data[n])));
			memcpy(&from, ind->RemoteAddress, sizeof(struct sockaddr_in6));
			log->port[n] = wsk_test_port(&from);
		}
		log->control_null = !ind->ControlInfo;
		log->control_len = min_t(ULONG, ind->ControlInfoLength, sizeof(log->control));
		if (ind->ControlInfo)
			memcpy(log->control, ind->ControlInfo, log->control_len);
		if (log->answer == STATUS_PENDING && log->nkept < ARRAY_SIZE(log->kept)) {
			log->kept[log->nkept] = ind;	/* every element, to release apart */
			/* the element is stored before it counts: pairs with kept_count() */
			smp_store_release(&log->nkept, log->nkept + 1);
		}
	}
	complete(&log->called);
	return log->answer;
}

static const WSK_CLIENT_DATAGRAM_DISPATCH log_dispatch = {
	.WskReceiveFromEvent = log_receive_from,
};

static struct dlog *dlog_new(struct kunit *test, NTSTATUS answer)
{
	struct dlog *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	log->answer = answer;
	init_completion(&log->called);
	return log;
}

/* A bound datagram socket whose events go to @log, enabled. */
static struct dgram *dgram_events(struct kunit *test, struct wsk_test_client *c, int family,
				  struct dlog *log)
{
	struct dgram *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	struct sockaddr_storage addr;
	NTSTATUS ret;

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->family = family;
	wsk_test_irp_init(test, &g->t);
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, family, SOCK_DGRAM, IPPROTO_UDP,
					 WSK_FLAG_DATAGRAM_SOCKET, log, &log_dispatch, NULL,
					 NULL, NULL, g->t.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &g->t, ret), STATUS_SUCCESS);
	g->s = (PWSK_SOCKET)g->t.information;
	wsk_test_track(g->s);
	wsk_test_loopback(&addr, family, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &g->t, g->s, &addr), STATUS_SUCCESS);
	g->port = wsk_test_local_port(test, &g->t, g->s, WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(g->s, WSK_EVENT_RECEIVE_FROM), STATUS_SUCCESS);
	return g;
}

/* Wait until @log has seen @n datagrams. */
static bool dlog_wait(struct dlog *log, int n)
{
	unsigned long end = jiffies + msecs_to_jiffies(WSK_TEST_TIMEOUT_MS);

	while (atomic_read(&log->datagrams) < n && time_before(jiffies, end))
		wait_for_completion_timeout(&log->called, msecs_to_jiffies(50));
	return atomic_read(&log->datagrams) >= n;
}

static int kept_count(struct dlog *log)
{
	/* the elements counted are stored: pairs with log_receive_from() */
	return smp_load_acquire(&log->nkept);
}

/* Wait until @log keeps @n elements. */
static bool dlog_wait_kept(struct dlog *log, int n)
{
	unsigned long end = jiffies + msecs_to_jiffies(WSK_TEST_TIMEOUT_MS);

	while (kept_count(log) < n && time_before(jiffies, end))
		wait_for_completion_timeout(&log->called, msecs_to_jiffies(50));
	return kept_count(log) >= n;
}

/* Datagrams through WskReceiveFromEvent, in order, with their senders, from the softirq. */
static void dgram_event_receive(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dlog *log = dlog_new(test, STATUS_SUCCESS);
	struct dgram *a = dgram_new(test, c, family, true), *b = dgram_events(test, c, family, log);
	static const char *const msg[] = { "one", "two", "three" };
	int i;

	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, send_to(test, a, msg[i], strlen(msg[i]), b->port),
				STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(log, 3));
	KUNIT_EXPECT_TRUE(test, log->flags & WSK_FLAG_AT_DISPATCH_LEVEL);
	/* Loopback delivers in softirq, where the socket is free to run: the event runs there. */
	KUNIT_EXPECT_GT(test, atomic_read(&log->in_softirq), 0);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, log->len[i], (ULONG)strlen(msg[i]));
		KUNIT_EXPECT_TRUE(test, !memcmp(log->data[i], msg[i], strlen(msg[i])));
		KUNIT_EXPECT_EQ(test, log->port[i], a->port);
	}
}

/*
 * Control information on indications, in Windows layouts: IN_PKTINFO (8
 * bytes) and IN6_PKTINFO; none asked for, none given (ControlInfo NULL). A
 * datagram the event did not accept keeps its control information for the
 * WskReceiveFrom that takes it.
 */
static void dgram_event_control_info(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dlog *log = dlog_new(test, STATUS_SUCCESS);
	struct dlog *log6 = dlog_new(test, STATUS_SUCCESS);
	struct dlog *refuse = dlog_new(test, STATUS_DATA_NOT_ACCEPTED);
	struct dgram *a = dgram_new(test, c, AF_INET, true);
	struct dgram *a6 = dgram_new(test, c, AF_INET6, true);
	struct dgram *b = dgram_events(test, c, AF_INET, log);
	struct dgram *b6 = dgram_events(test, c, AF_INET6, log6);
	struct dgram *h = dgram_events(test, c, AF_INET, refuse);
	const IN6_PKTINFO *pi6;
	const IN_PKTINFO *pi;
	struct recv *r;

	/* Nothing asked for yet. */
	KUNIT_EXPECT_EQ(test, send_to(test, a, "none", 4, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(log, 1));
	KUNIT_EXPECT_TRUE(test, log->control_null);
	KUNIT_EXPECT_EQ(test, log->control_len, 0U);

	KUNIT_ASSERT_EQ(test, set_int_option(test, b, SOL_IP, IP_PKTINFO, 1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "four", 4, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(log, 2));
	KUNIT_EXPECT_EQ(test, log->control_len, (ULONG)CMSG_SPACE(sizeof(IN_PKTINFO)));
	pi = cmsg_find(log->control, log->control_len, SOL_IP, IP_PKTINFO, sizeof(*pi));
	KUNIT_ASSERT_NOT_NULL(test, pi);
	KUNIT_EXPECT_EQ(test, pi->ipi_addr.s_addr, htonl(INADDR_LOOPBACK));
	KUNIT_EXPECT_EQ(test, pi->ipi_ifindex, 1U);	/* lo */

	KUNIT_ASSERT_EQ(test, set_int_option(test, b6, SOL_IPV6, IPV6_RECVPKTINFO, 1),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, send_to(test, a6, "six", 3, b6->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(log6, 1));
	pi6 = cmsg_find(log6->control, log6->control_len, SOL_IPV6, IPV6_PKTINFO, sizeof(*pi6));
	KUNIT_ASSERT_NOT_NULL(test, pi6);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&pi6->ipi6_addr, &in6addr_loopback));

	/* Not accepted, held, then received: with its IN_PKTINFO. */
	KUNIT_ASSERT_EQ(test, set_int_option(test, h, SOL_IP, IP_PKTINFO, 1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "held", 4, h->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(refuse, 1));
	r = receive_from_ctl(test, h, 64);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->t.information, 4UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(r->va, "held", 4));
	pi = cmsg_find(r->control, r->control_len, SOL_IP, IP_PKTINFO, sizeof(*pi));
	KUNIT_ASSERT_NOT_NULL(test, pi);
	KUNIT_EXPECT_EQ(test, pi->ipi_addr.s_addr, htonl(INADDR_LOOPBACK));
	KUNIT_EXPECT_EQ(test, r->flags, 0U);
}

/* Kept chains, given back one element at a time, last first. */
static void dgram_event_kept_released_apart(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dlog *log = dlog_new(test, STATUS_PENDING);
	const WSK_PROVIDER_DATAGRAM_DISPATCH *d;
	struct dgram *a = dgram_new(test, c, AF_INET, true);
	struct dgram *b = dgram_events(test, c, AF_INET, log);
	int i;

	for (i = 0; i < 40; i++)
		KUNIT_EXPECT_EQ(test, send_to(test, a, "kept", 4, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait_kept(log, 40));
	KUNIT_EXPECT_EQ(test, log->nkept, 40);
	for (i = 0; i < log->nkept; i++)
		log->kept[i]->Next = NULL;
	for (i = log->nkept - 1; i >= 0; i--)
		KUNIT_EXPECT_EQ(test, dgram_d(b)->WskRelease(b->s, log->kept[i]), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, dgram_d(b)->WskRelease(b->s, NULL), STATUS_INVALID_PARAMETER);
	/*
	 * Closed with a chain still kept, which Windows forbids: wsk still
	 * frees it when it is given back (the chain needs no socket).
	 */
	log->nkept = 0;
	KUNIT_EXPECT_EQ(test, send_to(test, a, "late", 4, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait_kept(log, 1));
	d = dgram_d(b);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &b->t, b->s), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, log->nkept, 1);
	KUNIT_EXPECT_EQ(test, d->WskRelease(b->s, log->kept[0]), STATUS_SUCCESS);
}

/*
 * Indications given back are used again: 64 datagrams, each kept and
 * released before the next, come in at most two WSK_DATAGRAM_INDICATIONs
 * (no allocation per datagram, as WskReceiveFromEvent clients expect on
 * Windows). Then 48 kept at once, released together, and the next 48 use
 * those again.
 */
static void dgram_event_indications_reused(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dlog *log = dlog_new(test, STATUS_PENDING);
	struct dgram *a = dgram_new(test, c, AF_INET, true);
	struct dgram *b = dgram_events(test, c, AF_INET, log);
	PWSK_DATAGRAM_INDICATION seen[2] = {}, first[48];
	int i, j, distinct = 0, reused = 0;

	for (i = 0; i < 64; i++) {
		KUNIT_ASSERT_EQ(test, send_to(test, a, "again", 5, b->port), STATUS_SUCCESS);
		KUNIT_ASSERT_TRUE(test, dlog_wait_kept(log, 1));
		KUNIT_ASSERT_EQ(test, log->nkept, 1);
		for (j = 0; j < distinct && seen[j] != log->kept[0]; j++)
			;
		if (j == distinct) {
			KUNIT_ASSERT_LT_MSG(test, distinct, 2, "datagram %d: a third one", i);
			seen[distinct++] = log->kept[0];
		}
		log->nkept = 0;
		KUNIT_EXPECT_EQ(test, dgram_d(b)->WskRelease(b->s, seen[j]), STATUS_SUCCESS);
	}

	for (i = 0; i < 48; i++)
		KUNIT_ASSERT_EQ(test, send_to(test, a, "held", 4, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait_kept(log, 48));
	KUNIT_ASSERT_EQ(test, log->nkept, 48);
	memcpy(first, log->kept, sizeof(first));
	for (i = 0; i < 48; i++)
		first[i]->Next = i + 1 < 48 ? first[i + 1] : NULL;
	log->nkept = 0;
	KUNIT_EXPECT_EQ(test, dgram_d(b)->WskRelease(b->s, first[0]), STATUS_SUCCESS);
	for (i = 0; i < 48; i++)
		KUNIT_ASSERT_EQ(test, send_to(test, a, "again", 5, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait_kept(log, 48));
	KUNIT_ASSERT_EQ(test, log->nkept, 48);
	for (i = 0; i < 48; i++) {
		for (j = 0; j < 48 && first[j] != log->kept[i]; j++)
			;
		reused += j < 48;
		log->kept[i]->Next = NULL;
	}
	for (i = 0; i < 48; i++)
		KUNIT_EXPECT_EQ(test, dgram_d(b)->WskRelease(b->s, log->kept[i]), STATUS_SUCCESS);
	log->nkept = 0;
	/* The one spare the runner kept may come first: the rest are the 48. */
	KUNIT_EXPECT_GE(test, reused, 47);
}

/*
 * STATUS_DATA_NOT_ACCEPTED disables the event: the datagrams wait, in
 * order, for WskReceiveFrom; enabled again, the event gets what comes.
 */
static void dgram_event_not_accepted(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dlog *log = dlog_new(test, STATUS_DATA_NOT_ACCEPTED);
	struct dgram *a = dgram_new(test, c, AF_INET, true);
	struct dgram *b = dgram_events(test, c, AF_INET, log);
	static const char *const msg[] = { "one", "two", "three" };
	struct recv *r;
	int i, calls;

	KUNIT_EXPECT_EQ(test, send_to(test, a, msg[0], 3, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(log, 1));
	KUNIT_EXPECT_EQ(test, send_to(test, a, msg[1], 3, b->port), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, send_to(test, a, msg[2], 5, b->port), STATUS_SUCCESS);
	msleep(100);
	calls = atomic_read(&log->calls);
	KUNIT_EXPECT_EQ(test, calls, 1);
	for (i = 0; i < 3; i++) {
		r = receive_from(test, b, 256);
		KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, r->t.information, (ULONG_PTR)strlen(msg[i]));
		KUNIT_EXPECT_TRUE(test, !memcmp(r->data, msg[i], strlen(msg[i])));
		KUNIT_EXPECT_EQ(test, wsk_test_port(&r->from), a->port);
	}
	log->answer = STATUS_SUCCESS;
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(b->s, WSK_EVENT_RECEIVE_FROM), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "four", 4, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(log, 2));
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), calls + 1);
}

/* A pending WskReceiveFrom takes the datagram before the event. */
static void dgram_receive_beats_event(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dlog *log = dlog_new(test, STATUS_SUCCESS);
	struct dgram *a = dgram_new(test, c, AF_INET6, true);
	struct dgram *b = dgram_events(test, c, AF_INET6, log);
	struct recv *r = receive_from(test, b, 256);

	KUNIT_EXPECT_EQ(test, r->ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "irp", 3, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->t.information, 3UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 0);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "event", 5, b->port), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, dlog_wait(log, 1));
}

static NTSTATUS get_int_option(struct kunit *test, struct dgram *g, ULONG level, ULONG code,
			       int *val)
{
	SIZE_T got = 0;
	NTSTATUS ret;

	*val = -1;
	wsk_test_irp_rearm(&g->t);
	ret = dgram_d(g)->Basic.WskControlSocket(g->s, WskGetOption, code, level, 0, NULL,
						 sizeof(*val), val, &got, g->t.irp);
	ret = wsk_test_irp_wait(test, &g->t, ret);
	KUNIT_EXPECT_EQ(test, got, NT_SUCCESS(ret) ? sizeof(*val) : 0);
	return ret;
}

/* @len bytes, byte i being (u8)(i * 7 + 1). */
static u8 *pattern(struct kunit *test, size_t len)
{
	u8 *p = kunit_kzalloc(test, len, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < len; i++)
		p[i] = i * 7 + 1;
	return p;
}

/* The next datagram @b receives is @len bytes of @data. */
static void expect_datagram(struct kunit *test, struct dgram *b, const u8 *data, ULONG len)
{
	struct recv *r = receive_from_ctl(test, b, 2048);

	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->t.information, (ULONG_PTR)len);
	KUNIT_EXPECT_TRUE(test, !memcmp(r->va, data, len));
}

/*
 * UDP_SEND_MSG_SIZE, as an option and as a send's control message: one
 * buffer goes as datagrams of that size (the kernel's UDP GSO), the last
 * shorter. It reads back; a size beyond 65535 is refused.
 */
static void dgram_udp_segmentation(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *a = dgram_new(test, c, family, true), *b = dgram_new(test, c, family, true);
	u8 ctl[CMSG_SPACE(sizeof(ULONG))] __aligned(8) = {};
	struct cmsghdr *cm = (struct cmsghdr *)ctl;
	u8 *data = pattern(test, 1400);
	int val;

	KUNIT_ASSERT_EQ(test, set_int_option(test, a, IPPROTO_UDP, UDP_SEND_MSG_SIZE, 500),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_int_option(test, a, IPPROTO_UDP, UDP_SEND_MSG_SIZE, &val),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 500);
	KUNIT_EXPECT_EQ(test, send_to(test, a, data, 1400, b->port), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->t.information, 1400UL);
	expect_datagram(test, b, data, 500);
	expect_datagram(test, b, data + 500, 500);
	expect_datagram(test, b, data + 1000, 400);

	KUNIT_ASSERT_EQ(test, set_int_option(test, a, IPPROTO_UDP, UDP_SEND_MSG_SIZE, 0),
			STATUS_SUCCESS);
	cm->cmsg_len = CMSG_LEN(sizeof(ULONG));
	cm->cmsg_level = IPPROTO_UDP;
	cm->cmsg_type = UDP_SEND_MSG_SIZE;
	*(ULONG *)CMSG_DATA(cm) = 300;
	KUNIT_EXPECT_EQ(test, send_to_ctl(test, a, data, 700, b->port, ctl, sizeof(ctl)),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->t.information, 700UL);
	expect_datagram(test, b, data, 300);
	expect_datagram(test, b, data + 300, 300);
	expect_datagram(test, b, data + 600, 100);
	KUNIT_EXPECT_EQ(test, send_to(test, a, data, 700, b->port), STATUS_SUCCESS);
	expect_datagram(test, b, data, 700);

	KUNIT_EXPECT_EQ(test, set_int_option(test, a, IPPROTO_UDP, UDP_SEND_MSG_SIZE, 70000),
			STATUS_INVALID_PARAMETER);
	*(ULONG *)CMSG_DATA(cm) = 70000;
	KUNIT_EXPECT_EQ(test, send_to_ctl(test, a, data, 700, b->port, ctl, sizeof(ctl)),
			STATUS_INVALID_PARAMETER);
}

/* Control information @ctl of @len bytes says the datagrams coalesced were @size bytes. */
static void expect_coalesced(struct kunit *test, const void *ctl, ULONG len, ULONG size)
{
	const ULONG *got = cmsg_find(ctl, len, IPPROTO_UDP, UDP_COALESCED_INFO, sizeof(*got));

	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_EXPECT_EQ(test, *got, size);
}

/*
 * UDP_RECV_MAX_COALESCED_SIZE: the kernel's UDP GRO hands over what one
 * segmented send brought as one buffer, with UDP_COALESCED_INFO giving the
 * segment size, to WskReceiveFrom and to the event alike. It reads back;
 * 0 turns it off.
 */
static void dgram_udp_coalescing(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dlog *log = dlog_new(test, STATUS_SUCCESS);
	struct dgram *a = dgram_new(test, c, family, true), *b = dgram_new(test, c, family, true);
	struct dgram *e = dgram_events(test, c, family, log);
	u8 *data = pattern(test, 1400);
	struct recv *r;
	int val;

	KUNIT_ASSERT_EQ(test, set_int_option(test, a, IPPROTO_UDP, UDP_SEND_MSG_SIZE, 500),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, set_int_option(test, b, IPPROTO_UDP, UDP_RECV_MAX_COALESCED_SIZE,
					     65535), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_int_option(test, b, IPPROTO_UDP, UDP_RECV_MAX_COALESCED_SIZE,
					     &val), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 65535);
	r = receive_from_ctl(test, b, 2048);
	KUNIT_EXPECT_EQ(test, send_to(test, a, data, 1400, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->t.information, 1400UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(r->va, data, 1400));
	expect_coalesced(test, r->control, r->control_len, 500);

	KUNIT_ASSERT_EQ(test, set_int_option(test, e, IPPROTO_UDP, UDP_RECV_MAX_COALESCED_SIZE,
					     65535), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, send_to(test, a, data, 1400, e->port), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(log, 1));
	KUNIT_EXPECT_EQ(test, log->len[0], 1400U);
	expect_coalesced(test, log->control, log->control_len, 500);

	KUNIT_ASSERT_EQ(test, set_int_option(test, b, IPPROTO_UDP, UDP_RECV_MAX_COALESCED_SIZE,
					     0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_int_option(test, b, IPPROTO_UDP, UDP_RECV_MAX_COALESCED_SIZE,
					     &val), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_EXPECT_EQ(test, send_to(test, a, data, 1400, b->port), STATUS_SUCCESS);
	expect_datagram(test, b, data, 500);
}

/* Send "ecn" from @a to @b with an IP_ECN or IPV6_ECN message of @codepoint. */
static NTSTATUS send_ecn(struct kunit *test, struct dgram *a, struct dgram *b, INT codepoint)
{
	u8 ctl[CMSG_SPACE(sizeof(INT))] __aligned(8) = {};
	struct cmsghdr *cm = (struct cmsghdr *)ctl;

	cm->cmsg_len = CMSG_LEN(sizeof(INT));
	cm->cmsg_level = a->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	cm->cmsg_type = a->family == AF_INET ? IP_ECN : IPV6_ECN;
	*(INT *)CMSG_DATA(cm) = codepoint;
	return send_to_ctl(test, a, "ecn", 3, b->port, ctl, sizeof(ctl));
}

/*
 * ECN both ways: IP_ECN (IPV6_ECN) sent with a datagram sets its
 * codepoint; IP_RECVECN (IPV6_RECVECN) brings it back as IP_ECN
 * (IPV6_ECN), an INT, to WskReceiveFrom and to the event, and no IP_TOS
 * (IPV6_TCLASS) message. It reads back; a codepoint beyond 3 is refused.
 */
static void dgram_ecn(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dlog *log = dlog_new(test, STATUS_SUCCESS);
	struct dgram *a = dgram_new(test, c, family, true), *b = dgram_new(test, c, family, true);
	struct dgram *e = dgram_events(test, c, family, log);
	ULONG level = family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	ULONG code = family == AF_INET ? IP_RECVECN : IPV6_RECVECN;
	int tos = family == AF_INET ? IP_TOS : IPV6_TCLASS;
	const INT *got;
	struct recv *r;
	INT cp;
	int val;

	KUNIT_ASSERT_EQ(test, set_int_option(test, b, level, code, 1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_int_option(test, b, level, code, &val), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 1);
	KUNIT_ASSERT_EQ(test, set_int_option(test, e, level, code, 1), STATUS_SUCCESS);
	for (cp = 1; cp <= 3; cp++) {
		r = receive_from_ctl(test, b, 64);
		KUNIT_EXPECT_EQ(test, send_ecn(test, a, b, cp), STATUS_SUCCESS);
		KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
		got = cmsg_find(r->control, r->control_len, level, code, sizeof(*got));
		KUNIT_ASSERT_NOT_NULL(test, got);
		KUNIT_EXPECT_EQ(test, *got, cp);
		KUNIT_EXPECT_NULL(test, cmsg_find(r->control, r->control_len, level, tos, 1));
		KUNIT_EXPECT_NULL(test, cmsg_find(r->control, r->control_len, level, tos,
						  sizeof(int)));
	}
	KUNIT_EXPECT_EQ(test, send_ecn(test, a, e, 2), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, dlog_wait(log, 1));
	got = cmsg_find(log->control, log->control_len, level, code, sizeof(*got));
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_EXPECT_EQ(test, *got, 2);

	KUNIT_EXPECT_EQ(test, send_ecn(test, a, b, 4), STATUS_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, set_int_option(test, b, level, code, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_int_option(test, b, level, code, &val), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 0);
	r = receive_from_ctl(test, b, 64);
	KUNIT_EXPECT_EQ(test, send_ecn(test, a, b, 1), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->control_len, 0U);
}

/*
 * IP_TTL and IP_TOS, or IPV6_UNICAST_HOPS and IPV6_TCLASS, read back (an
 * unset hop limit as the default, 64) and mark what the socket sends: the
 * receiver sees them with IP_RECVTTL and IP_RECVTOS, or IPV6_RECVHOPLIMIT
 * and IPV6_RECVTCLASS, in Linux's layouts.
 */
static void dgram_ip_header_options(struct kunit *test)
{
	int family = param_family(test);
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct dgram *a = dgram_new(test, c, family, true), *b = dgram_new(test, c, family, true);
	bool v4 = family == AF_INET;
	ULONG level = v4 ? IPPROTO_IP : IPPROTO_IPV6;
	ULONG hops = v4 ? IP_TTL : IPV6_UNICAST_HOPS, tos = v4 ? IP_TOS : IPV6_TCLASS;
	const int *ttl_got;
	struct recv *r;
	int val;

	KUNIT_EXPECT_EQ(test, get_int_option(test, a, level, hops, &val), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 64);
	KUNIT_EXPECT_EQ(test, get_int_option(test, a, level, tos, &val), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_ASSERT_EQ(test, set_int_option(test, a, level, hops, 7), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, set_int_option(test, a, level, tos, 0x28), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_int_option(test, a, level, hops, &val), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 7);
	KUNIT_EXPECT_EQ(test, get_int_option(test, a, level, tos, &val), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 0x28);

	KUNIT_ASSERT_EQ(test, set_int_option(test, b, level, v4 ? IP_RECVTTL : IPV6_RECVHOPLIMIT,
					     1), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, set_int_option(test, b, level, v4 ? IP_RECVTOS : IPV6_RECVTCLASS, 1),
			STATUS_SUCCESS);
	r = receive_from_ctl(test, b, 64);
	KUNIT_EXPECT_EQ(test, send_to(test, a, "marked", 6, b->port), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, recv_wait(test, r), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->t.information, 6UL);
	ttl_got = cmsg_find(r->control, r->control_len, level, v4 ? IP_TTL : IPV6_HOPLIMIT,
			    sizeof(int));
	KUNIT_ASSERT_NOT_NULL(test, ttl_got);
	KUNIT_EXPECT_EQ(test, *ttl_got, 7);
	if (v4) {
		const u8 *tos_got = cmsg_find(r->control, r->control_len, level, IP_TOS, 1);

		KUNIT_ASSERT_NOT_NULL(test, tos_got);
		KUNIT_EXPECT_EQ(test, *tos_got, 0x28);
	} else {
		const int *tclass_got = cmsg_find(r->control, r->control_len, level, IPV6_TCLASS,
						  sizeof(int));

		KUNIT_ASSERT_NOT_NULL(test, tclass_got);
		KUNIT_EXPECT_EQ(test, *tclass_got, 0x28);
	}
}

/* The 100k test's receiver: keeps every element, gives back a random kept one. */
struct ring {
	PWSK_SOCKET s;
	PWSK_DATAGRAM_INDICATION slot[64];
	u32 seed, last, received, out_of_order;
	bool started;
};

static void ring_release(struct ring *g, int i)
{
	const WSK_PROVIDER_DATAGRAM_DISPATCH *d = g->s->Dispatch;

	if (g->slot[i])
		d->WskRelease(g->s, g->slot[i]);
	g->slot[i] = NULL;
}

static NTSTATUS ring_receive_from(PVOID context, ULONG flags, PWSK_DATAGRAM_INDICATION ind)
{
	struct ring *g = context;
	PWSK_DATAGRAM_INDICATION next;
	u32 seq;
	u8 *va;
	int i;

	for (; ind; ind = next) {
		next = ind->Next;
		ind->Next = NULL;
		va = MmGetSystemAddressForMdlSafe(ind->Buffer.Mdl, NormalPagePriority);
		memcpy(&seq, va + ind->Buffer.Offset, sizeof(seq));
		if (g->started && seq <= g->last)
			g->out_of_order++;
		g->started = true;
		g->last = seq;
		g->received++;
		g->seed = g->seed * 1103515245 + 12345;
		i = (g->seed >> 16) % ARRAY_SIZE(g->slot);
		ring_release(g, i);
		g->slot[i] = ind;
	}
	return STATUS_PENDING;
}

static const WSK_CLIENT_DATAGRAM_DISPATCH ring_dispatch = {
	.WskReceiveFromEvent = ring_receive_from,
};

/* Datagrams per WskSendMessages of the 100k test. */
#define RING_BATCH	32

/*
 * 100,000 datagrams to a receiver that keeps every indication and gives
 * them back out of order, 64 at a time at most: they arrive in order, and
 * the harness's kmemleak scan finds nothing left. They go RING_BATCH to a
 * WskSendMessages, which keeps the case well within the hung-task
 * detector's 120 s under TCG; the sender waits for the receiver when more
 * than 64 are on their way, so that UDP has no reason to drop any.
 */
static void dgram_100k_kept_released_out_of_order(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct ring *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	struct dgram *a = dgram_new(test, c, AF_INET, true);
	struct wsk_test_irp t;
	struct sockaddr_storage addr;
	WSK_BUF_LIST list[RING_BATCH];
	u32 seqs[RING_BATCH], seq, sent = 0;
	unsigned long end;
	NTSTATUS ret;
	u16 port;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->seed = 7;
	wsk_test_irp_init(test, &t);
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
					 WSK_FLAG_DATAGRAM_SOCKET, g, &ring_dispatch, NULL, NULL,
					 NULL, t.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_SUCCESS);
	g->s = (PWSK_SOCKET)t.information;
	wsk_test_track(g->s);
	wsk_test_loopback(&addr, AF_INET, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, g->s, &addr), STATUS_SUCCESS);
	port = wsk_test_local_port(test, &t, g->s, WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_ASSERT_EQ(test, wsk_test_set_events(g->s, WSK_EVENT_RECEIVE_FROM), STATUS_SUCCESS);

	BUILD_BUG_ON(100000 % RING_BATCH);
	for (i = 0; i < RING_BATCH; i++) {
		list[i].Buffer = wsk_test_buf(test, &seqs[i], sizeof(seqs[i]));
		list[i].Next = i + 1 < RING_BATCH ? &list[i + 1] : NULL;
	}
	wsk_test_loopback(&addr, AF_INET, port);
	for (seq = 0; seq < 100000; seq += RING_BATCH) {
		for (i = 0; i < RING_BATCH; i++)
			seqs[i] = seq + i;
		wsk_test_irp_rearm(&a->t);
		ret = dgram_d(a)->WskSendMessages(a->s, list, 0, (struct sockaddr *)&addr, 0,
						  NULL, a->t.irp);
		if (wsk_test_irp_wait(test, &a->t, ret) == STATUS_SUCCESS)
			sent += RING_BATCH;
		end = jiffies + HZ;
		while (sent - READ_ONCE(g->received) > 64 && time_before(jiffies, end))
			usleep_range(100, 200);
	}
	msleep(500);
	KUNIT_EXPECT_EQ(test, sent, 100000U);
	KUNIT_EXPECT_EQ(test, g->received, sent);
	KUNIT_EXPECT_EQ(test, g->out_of_order, 0U);
	kunit_info(test, "%u of %u datagrams indicated\n", g->received, sent);
	/* Disabled, nothing runs the event any more: give back what is kept. */
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(g->s, WSK_EVENT_RECEIVE_FROM | WSK_EVENT_DISABLE),
			STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(g->slot); i++)
		ring_release(g, i);
}

static struct kunit_case datagram_cases[] = {
	KUNIT_CASE_PARAM(dgram_send_receive, family_gen_params),
	KUNIT_CASE_PARAM(dgram_truncated, family_gen_params),
	KUNIT_CASE(dgram_bad_input),
	KUNIT_CASE_PARAM(dgram_fixed_addresses, family_gen_params),
	KUNIT_CASE(dgram_dual_stack),
	KUNIT_CASE(dgram_cancel_and_close),
	KUNIT_CASE_PARAM(dgram_send_messages, family_gen_params),
	KUNIT_CASE(dgram_pktinfo),
	KUNIT_CASE_PARAM(dgram_udp_segmentation, family_gen_params),
	KUNIT_CASE_PARAM(dgram_udp_coalescing, family_gen_params),
	KUNIT_CASE_PARAM(dgram_ecn, family_gen_params),
	KUNIT_CASE_PARAM(dgram_ip_header_options, family_gen_params),
	KUNIT_CASE(dgram_atomic_contexts),
	KUNIT_CASE_SLOW(dgram_100k_kept_released_out_of_order),
	KUNIT_CASE_PARAM(dgram_event_receive, family_gen_params),
	KUNIT_CASE(dgram_event_kept_released_apart),
	KUNIT_CASE(dgram_event_indications_reused),
	KUNIT_CASE(dgram_event_control_info),
	KUNIT_CASE(dgram_event_not_accepted),
	KUNIT_CASE(dgram_receive_beats_event),
	{}
};

static struct kunit_suite datagram_suite = {
	.name = "wsk_datagram",
	.suite_init = wsk_test_loopback_up,
	.test_cases = datagram_cases,
};

kunit_test_suite(datagram_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: wsk datagram sockets over loopback");
WSK_IMPORT_NS();
