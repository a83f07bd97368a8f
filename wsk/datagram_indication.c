// SPDX-License-Identifier: GPL-2.0
/*
 * WskReceiveFromEvent: datagrams indicated in chains, and WskRelease of the
 * chains a client keeps.
 *
 * When the event is enabled and no WskReceiveFrom waits, the socket's poll
 * takes the datagrams UDP queued (__skb_recv_udp(), checksum checked as
 * udp_recvmsg() would) and offers them, up to WSK_DGRAM_CHAIN per call,
 * with bottom halves disabled (WSK_FLAG_AT_DISPATCH_LEVEL): in the softirq
 * that brought them when it can run the socket, else from the worker. Each element's
 * MDL describes the skb's own data: the payload is not copied (an skb
 * whose data is in page fragments is made linear first, one copy). A chain
 * the client keeps (STATUS_PENDING) holds its skbs until WskRelease, which
 * may give back the elements one at a time.
 *
 * Indications come from the socket's pool (pool.c): what WskRelease gives back goes
 * to the pool, and the runner takes the whole pool at once when its own
 * spares run out, so that a steady flow of datagrams costs no allocation
 * (beyond the kernel's own skbs). The pool keeps at most WSK_DGRAM_POOL_MAX
 * spares. It outlives the socket while the client holds indications: once
 * the socket is released, what comes back is freed, and the last one frees
 * the pool.
 *
 * STATUS_DATA_NOT_ACCEPTED, for an event enabled with
 * SO_WSK_EVENT_CALLBACK, disables it and keeps the datagrams, in order, for
 * the next WskReceiveFrom or the event once enabled again; for a static
 * event they are dropped and the event stays enabled, as Windows does.
 *
 * Contexts: the poll as the socket's runner, on the worker or in the
 * softirq that brought the datagram (wsk_datagram_bh()); WskRelease in any
 * context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/transp_v6.h>
#include <net/udp.h>
#include <compat/compat.h>
#include "buffer.h"
#include "cmsg.h"
#include "datagram.h"
#include "pool.h"

/* Datagrams per WskReceiveFromEvent call, at most. */
#define WSK_DGRAM_CHAIN		16

/* Pages the data of one datagram (at most 64 KiB, linear) may span. */
#define WSK_DGRAM_PAGES		(DIV_ROUND_UP(IP_MAX_MTU, PAGE_SIZE) + 1)

/* Spares a socket's pool keeps, at most (about 400 bytes each). */
#define WSK_DGRAM_POOL_MAX	256

/* One indicated datagram: the chain element, its skb and the MDL over it. */
struct wsk_dgram_indication {
	struct wsk_pool_item item;	/* first: the pool's */
	WSK_DATAGRAM_INDICATION ind;
	struct sk_buff *skb;
	union wsk_address from;
	u8 control[WSK_DGRAM_CMSG] __aligned(8);	/* Windows layouts */
	MDL mdl;
	PFN_NUMBER pfns[WSK_DGRAM_PAGES];	/* the MDL's page array */
};

static struct kmem_cache *dgram_indication_cache;

int wsk_datagram_indication_init(void)
{
	dgram_indication_cache = kmem_cache_create("wsk_dgram_indication",
						   sizeof(struct wsk_dgram_indication), 0, 0,
						   NULL);
	return dgram_indication_cache ? 0 : -ENOMEM;
}

void wsk_datagram_indication_exit(void)
{
	kmem_cache_destroy(dgram_indication_cache);
}

/* The datagram's sender, as a sockaddr of the socket's family. */
void wsk_datagram_skb_address(const struct wsk_sock *ws, const struct sk_buff *skb,
			      union wsk_address *from)
{
	__be16 port = udp_hdr(skb)->source;

	memset(from, 0, sizeof(*from));
	if (skb->protocol == htons(ETH_P_IP) && ws->family == AF_INET) {
		from->in.sin_family = AF_INET;
		from->in.sin_port = port;
		from->in.sin_addr.s_addr = ip_hdr(skb)->saddr;
		return;
	}
	from->in6.sin6_family = AF_INET6;
	from->in6.sin6_port = port;
	if (skb->protocol == htons(ETH_P_IP)) {
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &from->in6.sin6_addr);
		return;
	}
	from->in6.sin6_addr = ipv6_hdr(skb)->saddr;
	from->in6.sin6_scope_id = ipv6_iface_scope_id(&from->in6.sin6_addr, inet6_iif(skb));
}

/* Whether the socket asked for IP_ (an IPv4 @skb) or IPV6_ (IPv6) messages. */
static bool ip_cmsg_asked(struct wsk_sock *ws, struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return wsk_inet_cmsg_flags(inet_sk(ws->sk));
	return inet6_sk(ws->sk)->rxopt.all;
}

/*
 * Append to @msg's control buffer what recvmsg() would give with @skb, in
 * Linux layouts: UDP_GRO for a coalesced datagram, and what the socket
 * asked for with IP_ options (an IPv4 datagram) or IPV6_ ones (IPv6). An
 * IPv4 datagram on a dual-stack socket gets the IP_ ones only: the kernel
 * exports no way to give it IPV6_PKTINFO. datagram_has_cmsg() says whether
 * there is any without a message buffer.
 */
static void datagram_cmsg(struct wsk_sock *ws, struct sk_buff *skb, struct msghdr *msg)
{
	struct sock *sk = ws->sk;

	udp_cmsg_recv(msg, sk, skb);
	if (!ip_cmsg_asked(ws, skb))
		return;
	if (skb->protocol == htons(ETH_P_IP))
		ip_cmsg_recv_offset(msg, sk, skb, sizeof(struct udphdr), 0);
	else
		ip6_datagram_recv_ctl(sk, msg, skb);
}

/*
 * The next datagram: one held back, else one from UDP's queues whose
 * checksum is good, or NULL.
 */
static struct sk_buff *next_datagram(struct wsk_sock *ws)
{
	struct sk_buff *skb;
	int off, err;

	skb = __skb_dequeue(&ws->dgram_held);
	while (!skb) {
		off = 0;
		skb = __skb_recv_udp(ws->sk, MSG_DONTWAIT, &off, &err);
		if (!skb)
			return NULL;
		if (udp_skb_csum_unnecessary(skb) || !__udp_lib_checksum_complete(skb))
			break;
		kfree_skb(skb);	/* bad checksum: UDP drops it too */
		skb = NULL;
	}
	return skb;
}

/**
 * wsk_datagram_held_copy() - give a WskReceiveFrom a datagram held back
 * @ws: the socket
 * @msg: where the data goes (msg_iter), its control messages
 *	(msg_control, Linux layouts) and MSG_TRUNC, MSG_CTRUNC (msg_flags),
 *	as recvmsg() gives them
 * @len: the room in msg_iter
 * @from: receives the sender's address
 *
 * Context: the socket's runner.
 * Return: the bytes copied, or -EAGAIN if none is held.
 */
int wsk_datagram_held_copy(struct wsk_sock *ws, struct msghdr *msg, size_t len,
			   union wsk_address *from)
{
	struct sk_buff *skb = __skb_dequeue(&ws->dgram_held);
	int ret;

	if (!skb)
		return -EAGAIN;
	len = min_t(size_t, len, skb->len);
	if (len < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	wsk_datagram_skb_address(ws, skb, from);
	datagram_cmsg(ws, skb, msg);
	ret = skb_copy_datagram_iter(skb, 0, &msg->msg_iter, len);
	consume_skb(skb);
	return ret ? ret : len;
}

/* An indication from the socket's pool. */
static struct wsk_dgram_indication *indication_get(struct wsk_sock *ws)
{
	struct wsk_pool_item *item = wsk_pool_get(&ws->dgram_pool, dgram_indication_cache,
						  WSK_DGRAM_POOL_MAX,
						  in_task() ? GFP_KERNEL : GFP_ATOMIC);

	BUILD_BUG_ON(offsetof(struct wsk_dgram_indication, item));	/* the slab's object */
	return item ? container_of(item, struct wsk_dgram_indication, item) : NULL;
}

/* Back to the runner's spares: an indication not offered after all. */
static void indication_unget(struct wsk_sock *ws, struct wsk_dgram_indication *in)
{
	wsk_pool_unget(&ws->dgram_pool, &in->item);
}

/*
 * Free what wsk holds back when the socket is released, and its spares;
 * the pool goes with them unless the client holds indications.
 */
void wsk_datagram_held_free(struct wsk_sock *ws)
{
	__skb_queue_purge(&ws->dgram_held);
	wsk_pool_release(&ws->dgram_pool);
}

/* Whether datagram_cmsg() gives @skb any control message (UDP_GRO: udp_cmsg_recv()'s test). */
static bool datagram_has_cmsg(struct wsk_sock *ws, struct sk_buff *skb)
{
	return (skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4) || ip_cmsg_asked(ws, skb);
}

/* The control messages of @skb in @in->control, in Windows layouts: their length. */
static size_t indication_cmsg(struct wsk_sock *ws, struct wsk_dgram_indication *in,
			      struct sk_buff *skb)
{
	u8 control[WSK_DGRAM_CMSG] __aligned(8);
	struct msghdr msg = { .msg_control = control, .msg_controllen = sizeof(control) };
	bool trunc;

	datagram_cmsg(ws, skb, &msg);
	return wsk_cmsg_to_client(control, sizeof(control) - msg.msg_controllen, in->control,
				  sizeof(in->control), ws->cmsg_ecn, &trunc);
}

/* Describe @skb's data in @in, linear first; false to drop the datagram. */
static bool indication_fill(struct wsk_sock *ws, struct wsk_dgram_indication *in,
			    struct sk_buff *skb)
{
	size_t len;

	BUILD_BUG_ON(sizeof(in->mdl) % sizeof(PFN_NUMBER));	/* pfns follow it */
	if (skb_linearize(skb))
		return false;
	len = datagram_has_cmsg(ws, skb) ? indication_cmsg(ws, in, skb) : 0;
	in->skb = skb;
	wsk_datagram_skb_address(ws, skb, &in->from);
	wsk_mdl_over_direct(&in->mdl, skb->data, skb->len);
	in->ind.Next = NULL;
	in->ind.Buffer.Mdl = &in->mdl;
	in->ind.Buffer.Offset = 0;
	in->ind.Buffer.Length = skb->len;
	in->ind.ControlInfo = len ? (PCMSGHDR)in->control : NULL;
	in->ind.ControlInfoLength = len;
	in->ind.RemoteAddress = &in->from.sa;
	return true;
}

/* Up to WSK_DGRAM_CHAIN datagrams in a chain, in order; NULL for none. */
static PWSK_DATAGRAM_INDICATION chain_build(struct wsk_sock *ws)
{
	PWSK_DATAGRAM_INDICATION head = NULL, *tail = &head;
	struct wsk_dgram_indication *in;
	struct sk_buff *skb;
	int n = 0;

	while (n < WSK_DGRAM_CHAIN) {
		/* After the first, only what looks queued: an empty receive costs. */
		if (n && !wsk_datagrams_wait(ws))
			break;
		in = indication_get(ws);
		if (!in) {
			wsk_sock_retry_later(ws);	/* the datagrams are there already */
			break;
		}
		skb = next_datagram(ws);
		if (!skb) {
			indication_unget(ws, in);
			break;
		}
		if (!indication_fill(ws, in, skb)) {
			kfree_skb(skb);
			indication_unget(ws, in);
			continue;
		}
		*tail = &in->ind;
		tail = &in->ind.Next;
		n++;
	}
	return head;
}

/*
 * Free a chain's skbs and give its indications back to their pools, one
 * lock for each run of elements from one pool.
 */
static void chain_free(PWSK_DATAGRAM_INDICATION ind)
{
	struct wsk_pool_batch batch = {};
	struct wsk_dgram_indication *in;
	PWSK_DATAGRAM_INDICATION next;

	for (; ind; ind = next) {
		next = ind->Next;
		in = container_of(ind, struct wsk_dgram_indication, ind);
		consume_skb(in->skb);
		wsk_pool_batch_add(&batch, &in->item);
	}
	wsk_pool_batch_end(&batch);
}

/* Keep a refused chain's datagrams, ahead of any held already, in order. */
static void chain_hold(struct wsk_sock *ws, PWSK_DATAGRAM_INDICATION ind)
{
	struct sk_buff_head refused;
	struct wsk_dgram_indication *in;
	PWSK_DATAGRAM_INDICATION next;

	__skb_queue_head_init(&refused);
	for (; ind; ind = next) {
		next = ind->Next;
		in = container_of(ind, struct wsk_dgram_indication, ind);
		__skb_queue_tail(&refused, in->skb);
		indication_unget(ws, in);
	}
	skb_queue_splice(&refused, &ws->dgram_held);
}

/**
 * wsk_datagrams_wait() - whether datagrams wait for the socket
 * @ws: a datagram socket
 *
 * One an event did not accept, or one in either of UDP's queues. Read
 * without a lock: what arrives afterwards kicks the queue again through
 * sk_data_ready.
 *
 * Context: the socket's runner.
 * Return: true if one does.
 */
bool wsk_datagrams_wait(struct wsk_sock *ws)
{
	struct sock *sk = ws->sk;

	return !skb_queue_empty(&ws->dgram_held) ||
	       !skb_queue_empty_lockless(&udp_sk(sk)->reader_queue) ||
	       !skb_queue_empty_lockless(&sk->sk_receive_queue);
}

/**
 * wsk_datagram_events_poll() - offer waiting datagrams to WskReceiveFromEvent
 * @ws: a bound datagram socket
 *
 * Only while the event is enabled, no WskReceiveFrom waits and the socket
 * is not closing.
 *
 * Context: the socket's runner, on the worker.
 */
void wsk_datagram_events_poll(struct wsk_sock *ws)
{
	const WSK_CLIENT_DATAGRAM_DISPATCH *d = ws->client_dispatch;
	PWSK_DATAGRAM_INDICATION chain;
	NTSTATUS status;

	wsk_queue_assert_runner(&ws->queue);

	while (d && d->WskReceiveFromEvent && (READ_ONCE(ws->events) & WSK_EVENT_RECEIVE_FROM) &&
	       list_empty_careful(&ws->receives) && !test_bit(WSK_SOCK_CLOSING, &ws->flags) &&
	       wsk_datagrams_wait(ws)) {
		chain = chain_build(ws);
		if (!chain)
			return;
		wsk_sock_event_begin(ws);
		status = d->WskReceiveFromEvent(ws->context, WSK_FLAG_AT_DISPATCH_LEVEL, chain);
		wsk_sock_event_end(ws, WSK_EVENT_KIND_RECEIVE_FROM, status);
		if (status == STATUS_PENDING)
			continue;	/* the client releases it with WskRelease */
		if (status != STATUS_DATA_NOT_ACCEPTED ||
		    (ws->static_events & WSK_EVENT_RECEIVE_FROM)) {
			chain_free(chain);
			continue;
		}
		wsk_sock_update_events(ws, 0, WSK_EVENT_RECEIVE_FROM);
		chain_hold(ws, chain);
		return;
	}
}

/**
 * wsk_release_datagrams() - WskRelease: give back datagram indications
 * @Socket: the datagram socket they came from
 * @DatagramIndication: a chain (or part of one, or one element) that the
 *	client's WskReceiveFromEvent kept by returning STATUS_PENDING
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for NULL.
 */
NTSTATUS wsk_release_datagrams(PWSK_SOCKET Socket, PWSK_DATAGRAM_INDICATION DatagramIndication)
{
	if (!Socket || !DatagramIndication)
		return STATUS_INVALID_PARAMETER;
	chain_free(DatagramIndication);
	return STATUS_SUCCESS;
}
