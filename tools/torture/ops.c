// SPDX-License-Identifier: GPL-2.0
/*
 * The operations: each picks a socket the call fits (mostly: some calls are
 * made on sockets in the wrong state on purpose), builds its request and
 * makes the WSK call; the oracle judges the outcome. Threads run every
 * operation, the timer (softirq) those that do not sleep. Peers are plain
 * kernel sockets that connect to the torture's listeners and reset.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <wsk_linux.h>
#include "torture.h"

static const ULONG kind_flags[TK_NR] = {
	[TK_BASIC] = WSK_FLAG_BASIC_SOCKET,
	[TK_LISTEN] = WSK_FLAG_LISTEN_SOCKET,
	[TK_CONNECTION] = WSK_FLAG_CONNECTION_SOCKET,
	[TK_STREAM] = WSK_FLAG_STREAM_SOCKET,
	[TK_DATAGRAM] = WSK_FLAG_DATAGRAM_SOCKET,
};

/* Dispatch table of each kind, for the calls several kinds share. */
#define LISTEN_D(ts)	((const WSK_PROVIDER_LISTEN_DISPATCH *)(ts)->ws->Dispatch)
#define CONN_D(ts)	((const WSK_PROVIDER_CONNECTION_DISPATCH *)(ts)->ws->Dispatch)
#define STREAM_D(ts)	((const WSK_PROVIDER_STREAM_DISPATCH *)(ts)->ws->Dispatch)
#define DGRAM_D(ts)	((const WSK_PROVIDER_DATAGRAM_DISPATCH *)(ts)->ws->Dispatch)

static bool is_conn(const struct torture_sock *ts)
{
	return ts->kind == TK_CONNECTION || ts->kind == TK_STREAM;
}

static PSOCKADDR sa(SOCKADDR_STORAGE *ss)
{
	return (PSOCKADDR)ss;
}

static void loopback(SOCKADDR_STORAGE *ss, u16 family, u16 port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		SOCKADDR_IN6 *a = (SOCKADDR_IN6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		a->sin6_port = htons(port);
	} else {
		SOCKADDR_IN *a = (SOCKADDR_IN *)ss;

		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		a->sin_port = htons(port);
	}
}

/*
 * The port of a random listener (or, @dgram, bound datagram socket) of
 * @family in namespace @ns_gen, or port 1 (nothing is there: a connection
 * is refused, a datagram dropped).
 */
static u16 peer_port(u16 family, u32 ns_gen, u32 rnd, bool dgram)
{
	struct torture_sock *ts;
	unsigned long flags;
	int i, n = torture.max_socks, start = rnd % n;
	u16 port = 1;

	if (!(rnd >> 28))
		return port;
	spin_lock_irqsave(&torture.lock, flags);
	for (i = 0; i < n; i++) {
		ts = torture.socks[(start + i) % n];
		if (ts && ts->ws && READ_ONCE(ts->port) && ts->family == family &&
		    ts->ns_gen == ns_gen &&
		    (dgram ? ts->kind == TK_DATAGRAM : READ_ONCE(ts->listening))) {
			port = READ_ONCE(ts->port);
			break;
		}
	}
	spin_unlock_irqrestore(&torture.lock, flags);
	return port;
}

static u16 target_port(u16 family, u32 ns_gen, u32 rnd)
{
	return peer_port(family, ns_gen, rnd, false);
}

/* The client for a socket of namespace @ns_gen. */
static PWSK_PROVIDER_NPI npi_of(u32 ns_gen)
{
	return &torture.npi[ns_gen ? 1 : 0];
}

/* Finish a request whose call was made: the oracle checks the return. */
#define SUBMIT(r, call)	do {					\
		struct torture_req *req_ = (r);			\
								\
		torture_req_arm(req_);				\
		torture_req_submitted(req_, call);		\
	} while (0)

/* A request built but never submitted: drop both its references. */
static void unsubmitted(struct torture_req *r)
{
	torture_req_put(r);
	torture_req_put(r);
}

/* WskSocket of a random kind and family, in init_net or the namespace. */
static void op_socket(u32 rnd, gfp_t gfp)
{
	static const enum torture_kind kinds[] = {
		TK_BASIC, TK_LISTEN, TK_LISTEN, TK_CONNECTION, TK_CONNECTION, TK_CONNECTION,
		TK_STREAM, TK_STREAM, TK_DATAGRAM, TK_DATAGRAM,
	};
	enum torture_kind kind = kinds[rnd % ARRAY_SIZE(kinds)];
	u16 family = rnd & 0x100 ? AF_INET6 : AF_INET;
	u32 ns_gen = rnd & 0x600 ? 0 : TORTURE_NS | READ_ONCE(torture.ns_gen);
	const VOID *dispatch = NULL;
	PWSK_PROVIDER_NPI npi = npi_of(ns_gen);
	struct torture_sock *child;
	struct torture_req *r;

	child = torture_sock_new(kind, family, ns_gen, gfp);
	if (!child)
		return;
	r = torture_req_get(TC_SOCKET, NULL, gfp);
	if (!r) {
		torture_sock_discard(child);
		return;
	}
	r->child = child;
	r->allowed = torture_allowed(TC_SOCKET, ns_gen);
	if (kind == TK_LISTEN)
		dispatch = &torture_listen_dispatch;
	else if (kind == TK_CONNECTION)
		dispatch = &torture_conn_dispatch;
	else if (kind == TK_STREAM)
		dispatch = &torture_stream_dispatch;
	else if (kind == TK_DATAGRAM)
		dispatch = &torture_dgram_dispatch;
	SUBMIT(r, npi->Dispatch->WskSocket(npi->Client, family,
					   kind == TK_DATAGRAM ? SOCK_DGRAM : SOCK_STREAM,
					   kind == TK_DATAGRAM ? IPPROTO_UDP : IPPROTO_TCP,
					   kind_flags[kind], child, dispatch, NULL, NULL, NULL,
					   r->irp));
}

/* WskSocketConnect to one of the listeners (or to a closed port). */
static void op_socket_connect(u32 rnd, gfp_t gfp)
{
	u16 family = rnd & 1 ? AF_INET6 : AF_INET;
	u32 ns_gen = rnd & 6 ? 0 : TORTURE_NS | READ_ONCE(torture.ns_gen);
	PWSK_PROVIDER_NPI npi = npi_of(ns_gen);
	struct torture_sock *child;
	struct torture_req *r;

	child = torture_sock_new(TK_CONNECTION, family, ns_gen, gfp);
	if (!child)
		return;
	r = torture_req_get(TC_SOCKET_CONNECT, NULL, gfp);
	if (!r) {
		torture_sock_discard(child);
		return;
	}
	r->child = child;
	r->allowed = torture_allowed(TC_SOCKET_CONNECT, ns_gen);
	loopback(&r->addr[0], family, 0);
	loopback(&r->addr[1], family, target_port(family, ns_gen, rnd));
	SUBMIT(r, npi->Dispatch->WskSocketConnect(npi->Client, SOCK_STREAM, IPPROTO_TCP,
						  sa(&r->addr[0]),
						  sa(&r->addr[1]), 0, child,
						  &torture_conn_dispatch, NULL, NULL, NULL,
						  r->irp));
}

/*
 * WskBind and WskGetLocalAddress of @ts's kind: every kind but the basic
 * one has both, at a different place in each dispatch table.
 */
static bool address_calls(struct torture_sock *ts, PFN_WSK_BIND *bind,
			  PFN_WSK_GET_LOCAL_ADDRESS *get)
{
	switch (ts->kind) {
	case TK_LISTEN:
		*bind = LISTEN_D(ts)->WskBind;
		*get = LISTEN_D(ts)->WskGetLocalAddress;
		return true;
	case TK_CONNECTION:
		*bind = CONN_D(ts)->WskBind;
		*get = CONN_D(ts)->WskGetLocalAddress;
		return true;
	case TK_STREAM:
		*bind = STREAM_D(ts)->WskBind;
		*get = STREAM_D(ts)->WskGetLocalAddress;
		return true;
	case TK_DATAGRAM:
		*bind = DGRAM_D(ts)->WskBind;
		*get = DGRAM_D(ts)->WskGetLocalAddress;
		return true;
	default:
		return false;
	}
}

static void get_local(struct torture_sock *ts, gfp_t gfp)
{
	PFN_WSK_GET_LOCAL_ADDRESS fn;
	struct torture_req *r;
	PFN_WSK_BIND bind;

	if (!address_calls(ts, &bind, &fn))
		return;
	r = torture_req_get(TC_GET_LOCAL, ts, gfp);
	if (r)
		SUBMIT(r, fn(ts->ws, sa(&r->addr[0]), r->irp));
}

static void bind_local(struct torture_sock *ts, gfp_t gfp)
{
	PFN_WSK_GET_LOCAL_ADDRESS get;
	struct torture_req *r;
	PFN_WSK_BIND fn;

	if (!address_calls(ts, &fn, &get))
		return;
	r = torture_req_get(TC_BIND, ts, gfp);
	if (!r)
		return;
	loopback(&r->addr[0], ts->family, 0);
	set_bit(TH_BIND, &ts->history);
	SUBMIT(r, fn(ts->ws, sa(&r->addr[0]), 0, r->irp));
	/* queued after the bind: a listener's or datagram socket's port becomes known */
	if (ts->kind == TK_LISTEN || ts->kind == TK_STREAM || ts->kind == TK_DATAGRAM)
		get_local(ts, gfp);
}

static bool want_unbound(struct torture_sock *ts)
{
	return ts->kind != TK_BASIC && !READ_ONCE(ts->bound) && !READ_ONCE(ts->connected);
}

static void op_bind(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_unbound);

	if (!ts)
		return;
	bind_local(ts, gfp);
	torture_sock_put(ts);
}

static bool want_stream_bound(struct torture_sock *ts)
{
	return ts->kind == TK_STREAM && READ_ONCE(ts->bound) && !READ_ONCE(ts->listening) &&
	       !READ_ONCE(ts->connected);
}

static void op_listen(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_stream_bound);
	struct torture_req *r;

	if (!ts)
		return;
	r = torture_req_get(TC_LISTEN, ts, gfp);
	set_bit(TH_LISTEN, &ts->history);
	if (r)
		SUBMIT(r, STREAM_D(ts)->WskListen(ts->ws, r->irp));
	torture_sock_put(ts);
}

static bool want_listening(struct torture_sock *ts)
{
	return READ_ONCE(ts->listening);
}

static void op_accept(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_listening);
	struct torture_sock *child;
	struct torture_req *r;
	PFN_WSK_ACCEPT fn;

	if (!ts)
		return;
	fn = ts->kind == TK_LISTEN ? LISTEN_D(ts)->WskAccept : STREAM_D(ts)->WskAccept;
	child = torture_sock_new(TK_CONNECTION, ts->family, ts->ns_gen, gfp);
	r = child ? torture_req_get(TC_ACCEPT, ts, gfp) : NULL;
	if (r) {
		r->child = child;
		SUBMIT(r, fn(ts->ws, 0, child, &torture_conn_dispatch,
			     rnd & 1 ? sa(&r->addr[0]) : NULL,
			     rnd & 2 ? sa(&r->addr[1]) : NULL, r->irp));
	} else if (child) {
		torture_sock_discard(child);
	}
	torture_sock_put(ts);
}

static bool want_accept_event(struct torture_sock *ts)
{
	return READ_ONCE(ts->listening) && !READ_ONCE(ts->accept_event);
}

static void op_accept_event(u32 rnd, gfp_t gfp)
{
	WSK_EVENT_CALLBACK_CONTROL ctl = { &NPI_WSK_INTERFACE_ID, WSK_EVENT_ACCEPT };
	struct torture_sock *ts = torture_sock_pick(want_accept_event);
	NTSTATUS ret;

	if (!ts)
		return;
	ret = LISTEN_D(ts)->WskControlSocket(ts->ws, WskSetOption, SO_WSK_EVENT_CALLBACK,
					     SOL_SOCKET, sizeof(ctl), &ctl, 0, NULL, NULL, NULL);
	torture_returned(TC_EVENT, ret, ts->ns_gen);
	if (ret == STATUS_SUCCESS)
		WRITE_ONCE(ts->accept_event, true);
	torture_sock_put(ts);
}

static bool want_connectable(struct torture_sock *ts)
{
	return is_conn(ts) && !READ_ONCE(ts->listening) && !READ_ONCE(ts->connected);
}

static void op_connect(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_connectable);
	struct torture_req *r;
	PFN_WSK_CONNECT fn;

	if (!ts)
		return;
	/* mostly bound first; sometimes not, which must fail at once */
	if (!READ_ONCE(ts->bound) && rnd % 8)
		bind_local(ts, gfp);
	fn = ts->kind == TK_STREAM ? STREAM_D(ts)->WskConnect : CONN_D(ts)->WskConnect;
	r = torture_req_get(TC_CONNECT, ts, gfp);
	if (r) {
		loopback(&r->addr[0], ts->family, target_port(ts->family, ts->ns_gen, rnd));
		set_bit(TH_CONNECT, &ts->history);
		SUBMIT(r, fn(ts->ws, sa(&r->addr[0]), 0, r->irp));
	}
	torture_sock_put(ts);
}

static bool want_connected(struct torture_sock *ts)
{
	return is_conn(ts) && READ_ONCE(ts->connected);
}

/* Mostly small, sometimes up to 64 KiB. */
static size_t random_length(u32 rnd)
{
	return 1 + (rnd % 16 ? rnd % 2048 : rnd % 65536);
}

static void op_send(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_connected);
	struct torture_req *r;
	PFN_WSK_SEND fn;

	if (!ts)
		return;
	fn = ts->kind == TK_STREAM ? STREAM_D(ts)->WskSend : CONN_D(ts)->WskSend;
	r = torture_req_get(TC_SEND, ts, gfp);
	if (r && torture_req_data(r, random_length(rnd), gfp, torture_random()) == 0)
		SUBMIT(r, fn(ts->ws, &r->buf, rnd & 0x10000 ? WSK_FLAG_NODELAY : 0, r->irp));
	else if (r)
		unsubmitted(r);
	torture_sock_put(ts);
}

static void op_receive(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_connected);
	struct torture_req *r;
	PFN_WSK_RECEIVE fn;
	ULONG flags = 0;
	size_t length = random_length(rnd);

	if (!ts)
		return;
	fn = ts->kind == TK_STREAM ? STREAM_D(ts)->WskReceive : CONN_D(ts)->WskReceive;
	if (!(rnd & 0x30000))
		flags = WSK_FLAG_WAITALL;
	else if (!(rnd & 0x7c0000))
		flags = WSK_FLAG_DRAIN;
	if (flags == WSK_FLAG_DRAIN)
		length = 0;
	r = torture_req_get(TC_RECEIVE, ts, gfp);
	if (r && torture_req_data(r, length, gfp, torture_random()) == 0)
		SUBMIT(r, fn(ts->ws, &r->buf, flags, r->irp));
	else if (r)
		unsubmitted(r);
	torture_sock_put(ts);
}

static void op_disconnect(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_connected);
	bool abortive = rnd % 3 == 0, data = !abortive && rnd & 4;
	struct torture_req *r;
	PFN_WSK_DISCONNECT fn;

	if (!ts)
		return;
	fn = ts->kind == TK_STREAM ? STREAM_D(ts)->WskDisconnect : CONN_D(ts)->WskDisconnect;
	set_bit(abortive ? TH_ABORT : TH_DISCONNECT, &ts->history);
	r = torture_req_get(abortive ? TC_ABORT : TC_DISCONNECT, ts, gfp);
	if (r && (!data || torture_req_data(r, 1 + rnd % 512, gfp, torture_random()) == 0))
		SUBMIT(r, fn(ts->ws, data ? &r->buf : NULL, abortive ? WSK_FLAG_ABORTIVE : 0,
			     r->irp));
	else if (r)
		unsubmitted(r);
	torture_sock_put(ts);
}

static bool want_dead(struct torture_sock *ts)
{
	return READ_ONCE(ts->dead);
}

/* WskCloseSocket at a random moment, whatever is pending; dead sockets first. */
static void op_close(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_dead);

	if (!ts)
		ts = torture_sock_pick(NULL);
	if (ts)
		torture_sock_close(ts);
}

static bool want_remote(struct torture_sock *ts)
{
	return is_conn(ts);
}

static void op_address(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(rnd & 1 ? want_remote : NULL);
	struct torture_req *r;
	PFN_WSK_GET_REMOTE_ADDRESS fn;

	if (!ts)
		return;
	if (rnd & 1) {
		fn = ts->kind == TK_STREAM ? STREAM_D(ts)->WskGetRemoteAddress :
		     CONN_D(ts)->WskGetRemoteAddress;
		r = torture_req_get(TC_GET_REMOTE, ts, gfp);
		if (r)
			SUBMIT(r, fn(ts->ws, sa(&r->addr[0]), r->irp));
	} else {
		get_local(ts, gfp);
	}
	torture_sock_put(ts);
}

/*
 * A datagram socket's option: IP_PKTINFO (IPV6_RECVPKTINFO), IP_RECVECN
 * (IPV6_RECVECN), UDP_SEND_MSG_SIZE or UDP_RECV_MAX_COALESCED_SIZE, on or
 * off; what its datagrams then carry goes through the translations.
 */
static void datagram_option(struct torture_sock *ts, u32 rnd, ULONG *level, ULONG *code,
			    ULONG *value)
{
	bool four = ts->family == AF_INET;

	*value = !!(rnd & 0x100);
	switch ((rnd >> 4) % 4) {
	case 0:
		*level = four ? IPPROTO_IP : IPPROTO_IPV6;
		*code = four ? IP_PKTINFO : IPV6_RECVPKTINFO;
		break;
	case 1:
		*level = four ? IPPROTO_IP : IPPROTO_IPV6;
		*code = four ? IP_RECVECN : IPV6_RECVECN;
		break;
	case 2:
		*level = IPPROTO_UDP;
		*code = UDP_SEND_MSG_SIZE;
		*value *= 200;
		break;
	default:
		*level = IPPROTO_UDP;
		*code = UDP_RECV_MAX_COALESCED_SIZE;
		*value *= 65535;
		break;
	}
}

/*
 * Set SO_KEEPALIVE, SO_RCVBUF, TCP_NODELAY or a datagram option, or get
 * SO_RCVBUF.
 */
static void op_option(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(NULL);
	const WSK_PROVIDER_BASIC_DISPATCH *d;
	struct torture_req *r;
	ULONG level = SOL_SOCKET, code = SO_KEEPALIVE;
	bool get = rnd % 4 == 0;

	if (!ts)
		return;
	d = ts->ws->Dispatch;
	r = torture_req_get(get ? TC_GET_OPTION : TC_SET_OPTION, ts, gfp);
	if (!r)
		goto out;
	r->option = 1;
	if (get || rnd % 4 == 1) {
		code = SO_RCVBUF;
		r->option = 65536;
	} else if (rnd % 4 == 2 && ts->kind != TK_DATAGRAM) {
		level = IPPROTO_TCP;
		code = TCP_NODELAY;
	} else if (rnd % 4 == 2) {
		datagram_option(ts, rnd, &level, &code, &r->option);
	}
	if (get)
		SUBMIT(r, d->WskControlSocket(ts->ws, WskGetOption, code, level, 0, NULL,
					      sizeof(r->option), &r->option, NULL, r->irp));
	else
		SUBMIT(r, d->WskControlSocket(ts->ws, WskSetOption, code, level,
					      sizeof(r->option), &r->option, 0, NULL, NULL,
					      r->irp));
out:
	torture_sock_put(ts);
}

/* Enable or disable one connection event, without an IRP. */
static void op_event(u32 rnd, gfp_t gfp)
{
	static const ULONG events[] = {
		WSK_EVENT_RECEIVE, WSK_EVENT_RECEIVE, WSK_EVENT_DISCONNECT, WSK_EVENT_SEND_BACKLOG,
	};
	WSK_EVENT_CALLBACK_CONTROL ctl = { &NPI_WSK_INTERFACE_ID, events[rnd % 4] };
	struct torture_sock *ts = torture_sock_pick(want_connected);
	const WSK_PROVIDER_BASIC_DISPATCH *d;
	NTSTATUS ret;
	u64 allowed;

	if (!ts)
		return;
	if (!(rnd & 0x30))
		ctl.EventMask |= WSK_EVENT_DISABLE;
	d = ts->ws->Dispatch;
	set_bit(TH_EVENT, &ts->history);
	ret = d->WskControlSocket(ts->ws, WskSetOption, SO_WSK_EVENT_CALLBACK, SOL_SOCKET,
				  sizeof(ctl), &ctl, 0, NULL, NULL, NULL);
	torture_count_op(TC_EVENT);
	torture_count_status(TC_EVENT, ret);
	allowed = torture_allowed(TC_EVENT, ts->ns_gen);
	/*
	 * A socket the accept event gave is the torture's before the event
	 * returns its dispatch table: until then it has none to enable.
	 */
	if (test_bit(TH_ACCEPTED, &ts->history))
		allowed |= TS(INVALID_PARAMETER);
	torture_check_status(TC_EVENT, ret, allowed, "returned", ts);
	torture_sock_put(ts);
}

static bool want_held(struct torture_sock *ts)
{
	return READ_ONCE(ts->nheld);
}

static void op_release(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_held);

	if (!ts)
		return;
	torture_sock_release_held(ts);
	torture_sock_put(ts);
}

static bool want_datagram(struct torture_sock *ts)
{
	return ts->kind == TK_DATAGRAM;
}

static void datagram_event(struct torture_sock *ts, u32 rnd)
{
	WSK_EVENT_CALLBACK_CONTROL ctl = { &NPI_WSK_INTERFACE_ID, WSK_EVENT_RECEIVE_FROM };
	PFN_WSK_CONTROL_SOCKET control = DGRAM_D(ts)->Basic.WskControlSocket;

	if (rnd & 0x80)
		ctl.EventMask |= WSK_EVENT_DISABLE;
	set_bit(TH_EVENT, &ts->history);
	/* before the bind completes: STATUS_INVALID_DEVICE_STATE */
	torture_returned(TC_EVENT, control(ts->ws, WskSetOption, SO_WSK_EVENT_CALLBACK, SOL_SOCKET,
					   sizeof(ctl), &ctl, 0, NULL, NULL, NULL), ts->ns_gen);
}

/*
 * Sometimes a control message with a WskSendTo: an ECN codepoint, or
 * UDP_SEND_MSG_SIZE (the datagram then goes in segments of 300 bytes).
 */
static void datagram_control(struct torture_req *r, u16 family, u32 rnd)
{
	struct cmsghdr *cm = (struct cmsghdr *)r->control;

	r->control_len = 0;
	if (!(rnd & 0x300))
		return;
	memset(r->control, 0, sizeof(r->control));
	cm->cmsg_len = CMSG_LEN(sizeof(ULONG));
	if (rnd & 0x100) {
		cm->cmsg_level = family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
		cm->cmsg_type = family == AF_INET ? IP_ECN : IPV6_ECN;
		*(ULONG *)CMSG_DATA(cm) = (rnd >> 10) & 3;
	} else {
		cm->cmsg_level = IPPROTO_UDP;
		cm->cmsg_type = UDP_SEND_MSG_SIZE;
		*(ULONG *)CMSG_DATA(cm) = 300;
	}
	r->control_len = CMSG_SPACE(sizeof(ULONG));
}

/* A datagram to one of the torture's datagram sockets (or nowhere), a receive, or an event. */
static void op_datagram(u32 rnd, gfp_t gfp)
{
	struct torture_sock *ts = torture_sock_pick(want_datagram);
	bool send = rnd & 1;
	struct torture_req *r;

	if (!ts)
		return;
	if (!(rnd & 0x70)) {		/* or enable, or disable, the receive event */
		datagram_event(ts, rnd);
		goto out;
	}
	r = torture_req_get(send ? TC_SEND_TO : TC_RECEIVE_FROM, ts, gfp);
	if (!r)
		goto out;
	if (torture_req_data(r, 1 + rnd % 1024, gfp, torture_random())) {
		unsubmitted(r);
		goto out;
	}
	loopback(&r->addr[0], ts->family, peer_port(ts->family, ts->ns_gen, rnd, true));
	if (send && (rnd & 0x80)) {	/* WskSendMessages: the buffer, twice */
		r->list[0].Buffer = r->buf;
		r->list[0].Next = &r->list[1];
		r->list[1].Buffer = r->buf;
		r->list[1].Next = NULL;
		r->length *= 2;		/* Information: both */
		SUBMIT(r, DGRAM_D(ts)->WskSendMessages(ts->ws, r->list, 0, sa(&r->addr[0]), 0,
						       NULL, r->irp));
	} else if (send) {
		datagram_control(r, ts->family, rnd);
		SUBMIT(r, DGRAM_D(ts)->WskSendTo(ts->ws, &r->buf, 0, sa(&r->addr[0]),
						 r->control_len,
						 r->control_len ? (PCMSGHDR)r->control : NULL,
						 r->irp));
	} else if (rnd & 0x100) {	/* with room for control information */
		r->control_len = sizeof(r->control);
		SUBMIT(r, DGRAM_D(ts)->WskReceiveFrom(ts->ws, &r->buf, 0, sa(&r->addr[1]),
						      &r->control_len, (PCMSGHDR)r->control,
						      &r->flags, r->irp));
	} else {
		SUBMIT(r, DGRAM_D(ts)->WskReceiveFrom(ts->ws, &r->buf, 0, NULL, NULL, NULL,
						      NULL, r->irp));
	}
out:
	torture_sock_put(ts);
}

static void op_cancel(u32 rnd, gfp_t gfp)
{
	torture_cancel_random();
}

/* An IRP allocated and freed without a call. */
static void op_irp(u32 rnd, gfp_t gfp)
{
	PIRP irp = IoAllocateIrp(1, FALSE);

	if (!irp) {
		torture_count(TN_NO_MEMORY, 1);
		return;
	}
	torture_count(TN_IRP_ALLOC, 1);
	IoReuseIrp(irp, STATUS_SUCCESS);
	IoFreeIrp(irp);
	torture_count(TN_IRP_FREE, 1);
}

static void op_peer(u32 rnd, gfp_t gfp)
{
	torture_peer_reset(rnd);
}

struct torture_op {
	void (*fn)(u32 rnd, gfp_t gfp);
	int weight;
	bool sleeps;
};

static const struct torture_op ops[] = {
	{ op_socket, 6 },
	{ op_socket_connect, 3 },
	{ op_bind, 6 },
	{ op_listen, 3 },
	{ op_accept, 6 },
	{ op_accept_event, 2 },
	{ op_connect, 8 },
	{ op_send, 14 },
	{ op_receive, 14 },
	{ op_disconnect, 3 },
	{ op_close, 5 },
	{ op_address, 2 },
	{ op_option, 2 },
	{ op_event, 4 },
	{ op_release, 4 },
	{ op_datagram, 6 },
	{ op_cancel, 6 },
	{ op_irp, 1 },
	{ op_peer, 3, true },
};

static void run_op(struct rnd_state *rs, gfp_t gfp, bool may_sleep)
{
	u32 rnd = prandom_u32_state(rs);
	int total = 0, i, pick;

	/* too much pending or too many sockets: cancel or close instead */
	if (torture_outstanding() > torture.max_pending) {
		(rnd & 1 ? op_cancel : op_close)(rnd, gfp);
		return;
	}
	if (torture_sock_count() >= torture.max_socks - 2 && rnd % 4 == 0) {
		op_close(rnd, gfp);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (may_sleep || !ops[i].sleeps)
			total += ops[i].weight;
	pick = (rnd >> 8) % total;
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		if (!may_sleep && ops[i].sleeps)
			continue;
		pick -= ops[i].weight;
		if (pick < 0)
			break;
	}
	ops[i].fn(prandom_u32_state(rs), gfp);
}

/* One random operation, from a thread (process context, may sleep). */
void torture_op_thread(struct rnd_state *rs)
{
	run_op(rs, GFP_KERNEL, true);
}

/* One random operation that does not sleep, from the timer (softirq). */
void torture_op_timer(struct rnd_state *rs)
{
	run_op(rs, GFP_ATOMIC, false);
}

/*
 * A peer: a kernel socket that connects to one of the listeners, maybe
 * sends a little, then resets the connection (kernel_connect(AF_UNSPEC))
 * or closes it. Process context.
 */
void torture_peer_reset(u32 rnd)
{
	u16 family = rnd & 1 ? AF_INET6 : AF_INET;
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	struct net *net = &init_net;
	SOCKADDR_STORAGE addr;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec vec = { .iov_base = &addr, .iov_len = 16 };
	u32 ns_gen = 0;
	struct socket *s;
	unsigned long flags;
	u16 port;

	if (!(rnd & 6)) {
		spin_lock_irqsave(&torture.lock, flags);
		if (torture.ns_net) {
			net = get_net(torture.ns_net);
			ns_gen = TORTURE_NS | torture.ns_gen;
		}
		spin_unlock_irqrestore(&torture.lock, flags);
	}
	port = target_port(family, ns_gen, rnd | 0xf0000000);
	if (port == 1)
		goto out;
	if (sock_create_kern(net, family, SOCK_STREAM, IPPROTO_TCP, &s)) {
		torture_count(TN_NO_MEMORY, 1);
		goto out;
	}
	s->sk->sk_sndtimeo = msecs_to_jiffies(100);
	loopback(&addr, family, port);
	if (kernel_connect(s, (struct sockaddr *)&addr, sizeof(addr), 0) == 0) {
		if (rnd & 8)
			kernel_sendmsg(s, &msg, &vec, 1, vec.iov_len);
		if (rnd & 16)
			msleep(1 + rnd % 4);
	}
	if (rnd & 32) {
		torture_count(TN_PEER_CLOSE, 1);
	} else {
		kernel_connect(s, &unspec, sizeof(unspec), 0);
		torture_count(TN_PEER_RESET, 1);
	}
	sock_release(s);
out:
	if (net != &init_net)
		put_net(net);
}
