// SPDX-License-Identifier: GPL-2.0
/*
 * Connection events: WskReceiveEvent with data indications, WskRelease for
 * the ones a client keeps, WskDisconnectEvent and WskSendBacklogEvent.
 *
 * When the receive event is enabled and no WskReceive waits, the socket's
 * poll reads what arrived into an indication (one buffer described by one
 * MDL) and offers it at DISPATCH_LEVEL. Data the client does not accept
 * (STATUS_DATA_NOT_ACCEPTED, or fewer bytes accepted) is held and goes to
 * the next WskReceives; indications pause until they have taken all of it
 * (held data implies rx_paused), so data stays in order. An indication the
 * client keeps (STATUS_PENDING) is freed by WskRelease.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "buffer.h"
#include "dispatch.h"
#include "indication.h"

/* One allocation of this size per indication, MDL and data included. */
#define WSK_INDICATION_ALLOC	(16 * 1024)
#define WSK_INDICATION_PAGES	(WSK_INDICATION_ALLOC / PAGE_SIZE)

/* An indication wsk made: the chain element, its MDL and its data. */
struct wsk_indication {
	WSK_DATA_INDICATION ind;
	size_t used;		/* bytes already taken from the front */
	MDL mdl;
	PFN_NUMBER pfns[WSK_INDICATION_PAGES + 1];	/* the MDL's page array */
	u8 data[];
};

#define WSK_INDICATION_SIZE	(WSK_INDICATION_ALLOC - offsetof(struct wsk_indication, data))

static const WSK_CLIENT_CONNECTION_DISPATCH *connection_events(const struct wsk_sock *ws)
{
	const WSK_CLIENT_STREAM_DISPATCH *stream = ws->client_dispatch;

	if (!ws->client_dispatch)
		return NULL;
	return ws->kind == WSK_FLAG_STREAM_SOCKET ? stream->Connect : ws->client_dispatch;
}

/* Indications come from their own cache (a kmalloc of 16 KiB bypasses slab). */
static struct kmem_cache *indication_cache;

int wsk_indication_init(void)
{
	indication_cache = kmem_cache_create("wsk_indication", WSK_INDICATION_ALLOC, 0, 0, NULL);
	return indication_cache ? 0 : -ENOMEM;
}

void wsk_indication_exit(void)
{
	kmem_cache_destroy(indication_cache);
}

static void indication_free(struct wsk_indication *in)
{
	kmem_cache_free(indication_cache, in);
}

static struct wsk_indication *indication_new(void)
{
	struct wsk_indication *in = kmem_cache_alloc(indication_cache, GFP_KERNEL);

	if (!in)
		return NULL;
	BUILD_BUG_ON(sizeof(in->mdl) % sizeof(PFN_NUMBER));	/* pfns follow it */
	MmInitializeMdl(&in->mdl, in->data, WSK_INDICATION_SIZE);
	MmBuildMdlForNonPagedPool(&in->mdl);
	in->ind.Next = NULL;
	in->ind.Buffer.Mdl = &in->mdl;
	in->ind.Buffer.Offset = 0;
	in->used = 0;
	return in;
}

/*
 * Give a WskReceive held data first: copy it into @buf after @skip bytes.
 * Returns the bytes copied.
 */
size_t wsk_held_copy(struct wsk_sock *ws, const WSK_BUF *buf, size_t skip)
{
	struct wsk_indication *in = ws->held;
	size_t left, part, copied = 0;
	struct kvec vec[8];
	int n, i;

	if (!in)
		return 0;
	left = in->ind.Buffer.Length - in->used;
	n = wsk_buf_kvec(buf, skip, vec, ARRAY_SIZE(vec), &part);
	for (i = 0; i < n && left; i++) {
		part = min(left, vec[i].iov_len);
		memcpy(vec[i].iov_base, in->data + in->used, part);
		in->used += part;
		left -= part;
		copied += part;
	}
	if (!left) {
		ws->held = NULL;
		indication_free(in);
	}
	return copied;
}

/* The bytes of held data not yet given to a WskReceive. */
size_t wsk_held_bytes(const struct wsk_sock *ws)
{
	return ws->held ? ws->held->ind.Buffer.Length - ws->held->used : 0;
}

void wsk_held_free(struct wsk_sock *ws)
{
	if (ws->held)
		indication_free(ws->held);
	ws->held = NULL;
}

/* Offer what arrived to WskReceiveEvent; false when indications stop. */
static bool indicate(struct wsk_sock *ws, PFN_WSK_RECEIVE_EVENT event)
{
	struct wsk_indication *in;
	struct msghdr msg = {};
	SIZE_T accepted = 0;
	struct kvec vec;
	NTSTATUS status;
	int ret;

	if (!tcp_inq(ws->sk))
		return false;	/* nothing to read: no buffer to allocate */
	in = indication_new();
	if (!in) {
		wsk_sock_retry_later(ws);	/* the data is there already */
		return false;
	}
	vec.iov_base = in->data;
	vec.iov_len = WSK_INDICATION_SIZE;
	ret = kernel_recvmsg(ws->sock, &msg, &vec, 1, vec.iov_len, MSG_DONTWAIT);
	if (ret <= 0) {
		indication_free(in);
		return false;
	}
	in->ind.Buffer.Length = ret;
	wsk_sock_event_begin(ws);
	status = event(ws->context, WSK_FLAG_AT_DISPATCH_LEVEL, &in->ind, ret, &accepted);
	wsk_sock_event_end(ws, WSK_EVENT_KIND_RECEIVE, status);
	if (status == STATUS_PENDING)
		return true;		/* the client releases it with WskRelease */
	if (status == STATUS_SUCCESS && accepted >= ret) {
		indication_free(in);
		return true;
	}
	/* Not (all) accepted: hold the rest for WskReceive, pause indications. */
	in->used = status == STATUS_SUCCESS ? accepted : 0;
	ws->held = in;
	ws->rx_paused = true;
	return false;
}

/* Tell the client once that the peer disconnected, after all its data. */
static void report_disconnect(struct wsk_sock *ws, PFN_WSK_DISCONNECT_EVENT event)
{
	struct sock *sk = ws->sk;
	ULONG flags = WSK_FLAG_AT_DISPATCH_LEVEL;

	if (ws->disconnect_reported || ws->held ||
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

/* Deliver the connection events that are enabled. Context: the worker. */
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
 *	STATUS_PENDING
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for NULL.
 */
NTSTATUS wsk_release(PWSK_SOCKET Socket, PWSK_DATA_INDICATION DataIndication)
{
	PWSK_DATA_INDICATION next;

	if (!Socket || !DataIndication)
		return STATUS_INVALID_PARAMETER;
	for (; DataIndication; DataIndication = next) {
		next = DataIndication->Next;
		indication_free(container_of(DataIndication, struct wsk_indication, ind));
	}
	return STATUS_SUCCESS;
}
