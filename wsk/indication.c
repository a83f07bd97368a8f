// SPDX-License-Identifier: GPL-2.0
/*
 * Connection events: WskReceiveEvent with data indications, WskRelease for
 * the ones a client keeps, WskDisconnectEvent and WskSendBacklogEvent.
 *
 * When the receive event is enabled and no WskReceive waits, the socket's
 * poll offers what TCP queued, as Windows does, without copying it: with
 * the socket locked, each chain element's MDLs describe the data of one of
 * TCP's skbs where it lies (its head, its page fragments, its frag_list),
 * up to WSK_STREAM_CHAIN elements. What the client accepts is consumed
 * (tcp_read_done(), which also opens the window). A chain the client keeps
 * (STATUS_PENDING) holds a clone of each skb, which shares its data, until
 * WskRelease; elements of one chain may be released one at a time.
 *
 * A few bytes (up to WSK_STREAM_INLINE, as in request/response) are copied
 * into the element instead: no clone is needed for them.
 *
 * The poll runs on the worker (lock_sock()) or in the softirq that brought
 * the data (wsk_transfer_bh(), TCP's socket spin lock held). There the
 * clones are made before the event, with GFP_ATOMIC: a chain the client
 * keeps must have them, and if one cannot be had the worker offers the
 * data instead, where cloning cannot fail.
 *
 * Data the client does not accept (STATUS_DATA_NOT_ACCEPTED, or fewer
 * bytes accepted) stays in TCP's queue. As Windows documents, indications
 * then pause until a WskReceive (of any length, 0 included) completes, and
 * resume with what remains.
 *
 * Elements come from the socket's pool (pool.c), and WskRelease gives them
 * back to it: a steady flow of indications costs no allocation but the
 * clones of the skbs a client keeps.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/slab.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "buffer.h"
#include "dispatch.h"
#include "indication.h"

/* Chain elements per WskReceiveEvent call, at most. */
#define WSK_STREAM_CHAIN	16

/* Room in each element for its MDLs and their page arrays. */
#define WSK_STREAM_AREA		448

/*
 * At most this much data is copied into an element, at the end of its
 * area, instead of described in TCP's skb: cheaper than the clone a
 * client that keeps it would need, and than lending its page to a send.
 */
#define WSK_STREAM_INLINE	256

/*
 * Whose an element is: offered (the event runs, the skb is TCP's), kept
 * (the client's, with a clone) or released (WskRelease gave it back, maybe
 * while the event still ran: the runner then frees it).
 */
enum { WSK_IND_OFFERED, WSK_IND_KEPT, WSK_IND_RELEASED };

/* Spares a socket's pool keeps, at most (about 500 bytes each). */
#define WSK_STREAM_POOL_MAX	64

/* An indication wsk made: the chain element, the skb and the MDLs over it. */
struct wsk_indication {
	struct wsk_pool_item item;	/* first: the pool's */
	WSK_DATA_INDICATION ind;
	struct wsk_indication *next;	/* in the chain wsk built */
	struct sk_buff *skb;		/* TCP's while offered; then a clone; NULL: copied */
	struct sk_buff *clone;		/* in softirq: made before the event */
	atomic_t state;			/* WSK_IND_* */
	PMDL last;			/* the last MDL in @area */
	unsigned int used;		/* bytes of @area used */
	u8 area[WSK_STREAM_AREA] __aligned(8);	/* MDLs, each followed by its pages */
};

static const WSK_CLIENT_CONNECTION_DISPATCH *connection_events(const struct wsk_sock *ws)
{
	const WSK_CLIENT_STREAM_DISPATCH *stream = ws->client_dispatch;

	if (!ws->client_dispatch)
		return NULL;
	return ws->kind == WSK_FLAG_STREAM_SOCKET ? stream->Connect : ws->client_dispatch;
}

static struct kmem_cache *indication_cache;

int wsk_indication_init(void)
{
	indication_cache = kmem_cache_create("wsk_indication", sizeof(struct wsk_indication),
					     0, 0, NULL);
	return indication_cache ? 0 : -ENOMEM;
}

void wsk_indication_exit(void)
{
	kmem_cache_destroy(indication_cache);
}

/*
 * The elements of a chain being built, and the bytes they describe.
 * "The socket locked", here and below: lock_sock() on the worker, TCP's
 * spin lock in softirq.
 */
struct chain {
	struct wsk_sock *ws;
	struct wsk_indication *first, *cur;	/* linked by ->next */
	unsigned int n;
	size_t bytes;
	gfp_t gfp;
	bool short_of_memory;	/* no element could be had */
};

static struct wsk_indication *element_get(struct wsk_sock *ws, gfp_t gfp)
{
	struct wsk_pool_item *item = wsk_pool_get(&ws->stream_pool, indication_cache,
						  WSK_STREAM_POOL_MAX, gfp);

	BUILD_BUG_ON(offsetof(struct wsk_indication, item));	/* the slab's object */
	return item ? container_of(item, struct wsk_indication, item) : NULL;
}

/* An element the client gave back: its clone freed, the element pooled. */
static void indication_put(struct wsk_pool_batch *b, struct wsk_indication *in)
{
	dev_consume_skb_any(in->skb);
	wsk_pool_batch_add(b, &in->item);
}

/*
 * Put a chain's elements back on the socket's spares. The links are wsk's
 * own: a client may have changed the elements' Next.
 */
static void chain_unget(struct wsk_sock *ws, struct wsk_indication *in)
{
	struct wsk_indication *next;

	for (; in; in = next) {
		next = in->next;
		wsk_pool_unget(&ws->stream_pool, &in->item);
	}
}

/* The socket is released: its spare elements go. */
void wsk_indication_spares_free(struct wsk_sock *ws)
{
	wsk_pool_release(&ws->stream_pool);
}

/* Start a chain element for @skb's data; false when the chain is full. */
static bool element_start(struct chain *c, struct sk_buff *skb)
{
	struct wsk_indication *in;

	if (c->n == WSK_STREAM_CHAIN)
		return false;
	in = element_get(c->ws, c->gfp);
	if (!in) {
		c->short_of_memory = true;
		return false;
	}
	in->skb = skb;
	in->clone = NULL;
	atomic_set(&in->state, WSK_IND_OFFERED);
	in->next = NULL;
	in->last = NULL;
	in->used = 0;
	in->ind.Next = NULL;
	in->ind.Buffer.Mdl = NULL;
	in->ind.Buffer.Offset = 0;
	in->ind.Buffer.Length = 0;
	if (c->cur) {
		c->cur->next = in;
		c->cur->ind.Next = &in->ind;
	} else {
		c->first = in;
	}
	c->cur = in;
	c->n++;
	return true;
}

/*
 * Describe @len bytes at @va, in the direct map, with MDLs in the chain's
 * elements for @skb: as many MDLs as an element's room needs. False when
 * the chain is full; c->bytes counts what was described.
 */
static bool piece_add(struct chain *c, struct sk_buff *skb, u8 *va, size_t len)
{
	const size_t mdl_room = sizeof(MDL) + sizeof(PFN_NUMBER);
	struct wsk_indication *in;
	size_t pages, part;
	PMDL mdl;

	BUILD_BUG_ON(sizeof(MDL) % sizeof(PFN_NUMBER));	/* pages follow each MDL */
	while (len) {
		in = c->cur;
		if ((!in || in->skb != skb || WSK_STREAM_AREA - in->used < mdl_room) &&
		    !element_start(c, skb))
			return false;
		in = c->cur;
		pages = (WSK_STREAM_AREA - in->used - sizeof(MDL)) / sizeof(PFN_NUMBER);
		part = min_t(size_t, len, pages * PAGE_SIZE - offset_in_page(va));
		mdl = (PMDL)(in->area + in->used);
		wsk_mdl_over_direct(mdl, va, part);
		if (sendpage_ok(virt_to_page(va)))
			mdl->Process = WSK_MDL_LENT;	/* WskSend lends it, not copies */
		in->used += sizeof(MDL) + ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, part) *
			    sizeof(PFN_NUMBER);
		if (in->last)
			in->last->Next = mdl;
		else
			in->ind.Buffer.Mdl = mdl;
		in->last = mdl;
		in->ind.Buffer.Length += part;
		c->bytes += part;
		va += part;
		len -= part;
	}
	return true;
}

/*
 * Describe bytes @off to @off + @len of @skb (which @owner queued: itself
 * or one on its frag_list), head, fragments and frag_list in turn, as
 * skb_copy_bits() walks them. False when the chain is full or a fragment
 * is not in the direct map (highmem, device memory).
 */
static bool skb_describe(struct chain *c, struct sk_buff *owner, struct sk_buff *skb,
			 int off, int len)
{
	int start = skb_headlen(skb), end, part, i;
	struct sk_buff *frag_iter;

	if (off < start) {
		part = min(start - off, len);
		if (!piece_add(c, owner, skb->data + off, part))
			return false;
		off += part;
		len -= part;
	}
	for (i = 0; len && i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		struct page *page = skb_frag_page(frag);

		end = start + skb_frag_size(frag);
		if (off < end) {
			if (!page || PageHighMem(page))
				return false;
			part = min(end - off, len);
			if (!piece_add(c, owner, (u8 *)page_address(page) +
				       skb_frag_off(frag) + off - start, part))
				return false;
			off += part;
			len -= part;
		}
		start = end;
	}
	skb_walk_frags(skb, frag_iter) {
		if (!len)
			break;
		end = start + frag_iter->len;
		if (off < end) {
			part = min(end - off, len);
			if (!skb_describe(c, owner, frag_iter, off - start, part))
				return false;
			off += part;
			len -= part;
		}
		start = end;
	}
	return true;
}

/*
 * Walk what TCP queued after what was read (copied_seq), @limit bytes or
 * fewer (up to a FIN): describe it in the chain's elements, or with
 * @copy_to copy it there. It stops early when the chain is full or a
 * fragment cannot be described or copied. Context: the socket locked.
 */
static void queue_walk(struct chain *c, struct sock *sk, size_t limit, u8 *copy_to)
{
	u32 seq = tcp_sk(sk)->copied_seq, off;
	struct sk_buff *skb;
	size_t part;

	skb_queue_walk(&sk->sk_receive_queue, skb) {
		off = seq - TCP_SKB_CB(skb)->seq;
		if (c->bytes == limit)
			break;
		if (off < skb->len) {
			part = min_t(size_t, skb->len - off, limit - c->bytes);
			if (!copy_to && !skb_describe(c, skb, skb, off, part))
				break;
			if (copy_to) {
				if (skb_copy_bits(skb, off, copy_to + c->bytes, part))
					break;
				c->bytes += part;
			}
			seq += part;
		}
		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
			break;
	}
}

/*
 * Copy @limit bytes TCP queued after what was read, or fewer, into one
 * element: its MDL over the end of the element's area. False if no
 * element could be had. Context: the socket locked.
 */
static bool chain_inline(struct chain *c, struct sock *sk, size_t limit)
{
	struct wsk_indication *in;
	u8 *data;

	BUILD_BUG_ON(sizeof(MDL) + 2 * sizeof(PFN_NUMBER) + WSK_STREAM_INLINE > WSK_STREAM_AREA);
	if (!element_start(c, NULL))
		return false;
	in = c->cur;
	data = in->area + WSK_STREAM_AREA - WSK_STREAM_INLINE;
	queue_walk(c, sk, limit, data);
	in->ind.Buffer.Mdl = (PMDL)in->area;
	wsk_mdl_over_direct(in->ind.Buffer.Mdl, data, c->bytes);
	in->ind.Buffer.Length = c->bytes;
	return true;
}

/*
 * The bytes an indication may offer: up to urgent data, which is skipped
 * as recvmsg() skips it without SO_OOBINLINE. (recvmsg() would then also
 * clear urg_data, which TCP's header prediction waits for: that waits
 * for the next WskReceive.) Context: the socket locked.
 */
static size_t readable(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int n = tcp_inq(sk);

	if (!n && READ_ONCE(tp->urg_data) && tp->urg_seq == tp->copied_seq &&
	    before(tp->urg_seq, tp->rcv_nxt) && !sock_flag(sk, SOCK_URGINLINE)) {
		tcp_read_done(sk, 1);
		n = tcp_inq(sk);
	}
	return n;
}

/*
 * In softirq: a clone of each skb the chain describes, before the event
 * (on the first element over it). False, and none, if one cannot be had.
 */
static bool chain_clone(struct wsk_indication *first)
{
	struct sk_buff *orig = NULL;
	struct wsk_indication *in;

	for (in = first; in; in = in->next) {
		if (in->skb == orig)	/* or NULL: copied */
			continue;
		orig = in->skb;
		in->clone = skb_clone(orig, GFP_ATOMIC);
		if (!in->clone)
			goto undo;
	}
	return true;
undo:
	for (; first != in; first = first->next) {
		consume_skb(first->clone);
		first->clone = NULL;
	}
	return false;
}

/* The client did not keep the chain: the clones made before are not needed. */
static void chain_unclone(struct wsk_indication *in)
{
	for (; in; in = in->next) {
		consume_skb(in->clone);
		in->clone = NULL;
	}
}

/*
 * The client keeps the chain: each element takes a clone of its skb
 * (elements over one skb share one), since TCP frees its own when the
 * data is consumed: the one made before the event, or one made now, a
 * small allocation in process context. Elements the client gave back
 * while its event ran are freed here.
 */
static void chain_keep(struct wsk_indication *in)
{
	struct sk_buff *orig = NULL, *clone = NULL;
	struct wsk_pool_batch batch = {};
	struct wsk_indication *next;

	for (; in; in = next) {
		next = in->next;
		if (in->skb && in->skb != orig) {
			consume_skb(clone);	/* this loop's own reference */
			orig = in->skb;
			clone = in->clone ?: skb_clone(orig, GFP_KERNEL | __GFP_NOFAIL);
			in->clone = NULL;
		}
		if (in->skb)	/* not for data copied into the element */
			in->skb = skb_get(clone);
		if (atomic_cmpxchg(&in->state, WSK_IND_OFFERED, WSK_IND_KEPT) != WSK_IND_OFFERED)
			indication_put(&batch, in);
	}
	consume_skb(clone);
	wsk_pool_batch_end(&batch);
}

/* Offer what arrived to WskReceiveEvent; false when indications stop. */
static bool indicate(struct wsk_sock *ws, PFN_WSK_RECEIVE_EVENT event)
{
	bool bh = !in_task();
	struct chain c = { .ws = ws, .gfp = bh ? GFP_ATOMIC : GFP_KERNEL };
	struct sock *sk = ws->sk;
	NTSTATUS status;
	bool more = true;
	SIZE_T accepted;
	size_t limit;

	if (!tcp_inq(sk) && !READ_ONCE(tcp_sk(sk)->urg_data))
		return false;
	if (!bh)
		lock_sock(sk);
	limit = readable(sk);
	if (limit <= WSK_STREAM_INLINE)
		chain_inline(&c, sk, limit);
	else
		queue_walk(&c, sk, limit, NULL);
	if (c.bytes && bh && !chain_clone(c.first)) {
		c.bytes = 0;
		c.short_of_memory = true;
	}
	if (!c.bytes) {
		chain_unget(ws, c.first);
		if (!bh)
			release_sock(sk);
		if (c.short_of_memory && bh)
			wsk_queue_kick(&ws->queue);	/* the worker can wait for memory */
		else if (c.short_of_memory)
			wsk_sock_retry_later(ws);	/* the data is there already */
		else if (limit)
			ws->rx_paused = true;	/* data wsk cannot describe: WskReceive copies it */
		return false;
	}
	/* A client that accepts everything need not set *BytesAccepted. */
	accepted = c.bytes;
	wsk_sock_event_begin(ws);
	status = event(ws->context, WSK_FLAG_AT_DISPATCH_LEVEL, &c.first->ind, c.bytes, &accepted);
	wsk_sock_event_end(ws, WSK_EVENT_KIND_RECEIVE, status);
	if (status == STATUS_PENDING) {
		chain_keep(c.first);	/* the client releases it with WskRelease */
		accepted = c.bytes;	/* and BytesAccepted is ignored */
	} else {
		chain_unclone(c.first);
		chain_unget(ws, c.first);
		if (status != STATUS_SUCCESS)
			accepted = 0;
		accepted = min_t(SIZE_T, accepted, c.bytes);
	}
	if (accepted)
		tcp_read_done(sk, accepted);
	if (accepted < c.bytes) {
		/* The rest waits in TCP's queue; indications pause for a WskReceive. */
		ws->rx_paused = true;
		more = false;
	}
	if (!bh)
		release_sock(sk);
	return more;
}

/* Tell the client once that the peer disconnected, after all its data. */
static void report_disconnect(struct wsk_sock *ws, PFN_WSK_DISCONNECT_EVENT event)
{
	struct sock *sk = ws->sk;
	ULONG flags = WSK_FLAG_AT_DISPATCH_LEVEL;

	if (ws->disconnect_reported || ws->rx_paused ||
	    !(READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) || tcp_inq(sk))
		return;
	if (READ_ONCE(sk->sk_state) == TCP_CLOSE)
		flags |= WSK_FLAG_ABORTIVE;
	ws->disconnect_reported = true;
	wsk_sock_event_begin(ws);
	event(ws->context, flags);
	wsk_sock_event_end(ws, WSK_EVENT_KIND_DISCONNECT, 0);
}

/* Tell the client the ideal send backlog (the socket's send buffer) when it changes. */
static void report_backlog(struct wsk_sock *ws, PFN_WSK_SEND_BACKLOG_EVENT event)
{
	SIZE_T ideal = READ_ONCE(ws->sk->sk_sndbuf);

	if (ideal == ws->backlog_reported)
		return;
	ws->backlog_reported = ideal;
	wsk_sock_event_begin(ws);
	event(ws->context, ideal);
	wsk_sock_event_end(ws, WSK_EVENT_KIND_SEND_BACKLOG, 0);
}

/*
 * Deliver the connection events that are enabled. Context: the runner, on
 * the worker or in a TCP callback's softirq with the socket's spin lock
 * held (wsk_transfer_bh()).
 */
void wsk_events_poll(struct wsk_sock *ws)
{
	const WSK_CLIENT_CONNECTION_DISPATCH *d = connection_events(ws);
	ULONG events = READ_ONCE(ws->events);

	wsk_queue_assert_runner(&ws->queue);

	if (!d)
		return;
	if ((events & WSK_EVENT_RECEIVE) && d->WskReceiveEvent) {
		while (!ws->rx_paused && list_empty_careful(&ws->receives) &&
		       ws->state == WSK_SOCK_CONNECTED &&
		       !test_bit(WSK_SOCK_CLOSING, &ws->flags) && indicate(ws, d->WskReceiveEvent))
			;
	}
	if ((events & WSK_EVENT_DISCONNECT) && d->WskDisconnectEvent)
		report_disconnect(ws, d->WskDisconnectEvent);
	if ((events & WSK_EVENT_SEND_BACKLOG) && d->WskSendBacklogEvent)
		report_backlog(ws, d->WskSendBacklogEvent);
}

/**
 * wsk_release() - WskRelease: give back data indications kept by the client
 * @Socket: the socket the indications came from
 * @DataIndication: a chain the client's WskReceiveEvent kept by returning
 *	STATUS_PENDING, or any of its elements (the client may unlink them
 *	and give them back one at a time)
 *
 * An element given back twice is left alone, as long as wsk has not lent
 * it again (Windows bugchecks): the call then fails.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for NULL or an
 * element already given back.
 */
NTSTATUS wsk_release(PWSK_SOCKET Socket, PWSK_DATA_INDICATION DataIndication)
{
	NTSTATUS status = STATUS_SUCCESS;
	struct wsk_pool_batch batch = {};
	struct wsk_indication *in;
	PWSK_DATA_INDICATION next;

	if (!Socket || !DataIndication)
		return STATUS_INVALID_PARAMETER;
	for (; DataIndication; DataIndication = next) {
		next = DataIndication->Next;
		in = container_of(DataIndication, struct wsk_indication, ind);
		switch (atomic_xchg(&in->state, WSK_IND_RELEASED)) {
		case WSK_IND_OFFERED:	/* its event runs: the runner frees it */
			break;
		case WSK_IND_KEPT:
			indication_put(&batch, in);
			break;
		default:
			pr_warn_ratelimited("WskRelease of an indication given back already\n");
			status = STATUS_INVALID_PARAMETER;
			break;
		}
	}
	wsk_pool_batch_end(&batch);
	return status;
}
