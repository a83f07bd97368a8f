// SPDX-License-Identifier: GPL-2.0
/*
 * The listen path: WskListen, WskAccept and the accept event.
 *
 * A listener's sk_data_ready only kicks its queue. The poll then accepts
 * with non-blocking kernel_accept() until -EAGAIN, handing each connection
 * to the oldest pending WskAccept, or else to WskAcceptEvent; with neither,
 * connections wait in the kernel's backlog. A listener in conditional
 * accept mode takes its connections from those the client let through
 * instead (inspect.c). Everything runs on the listener's work item, so it
 * is serialized with the listener's requests and its close: no accept
 * event runs after the close completed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/socket.h>
#include <net/inet_connection_sock.h>
#include "connect.h"
#include "dispatch.h"
#include "inspect.h"
#include "irp.h"
#include "listen.h"
#include "status.h"

/* Windows has no backlog parameter; the kernel clamps this to somaxconn. */
#define WSK_LISTEN_BACKLOG SOMAXCONN

/* WskAccept's arguments, kept in the IRP while it waits. */
struct accept_args {
	PVOID context;
	const WSK_CLIENT_CONNECTION_DISPATCH *dispatch;
	PSOCKADDR local;
	PSOCKADDR remote;
};

WSK_IRP_ARGS_FIT(struct accept_args);

/* Start listening on a bound socket. Context: the socket's worker. */
int wsk_listen_start(struct wsk_sock *ws)
{
	int err = kernel_listen(ws->sock, WSK_LISTEN_BACKLOG);

	if (!err)
		ws->state = WSK_SOCK_LISTENING;
	return err;
}

/**
 * wsk_listen_events() - a listener's client event table
 * @ws: the listening socket
 *
 * Return: the WSK_CLIENT_LISTEN_DISPATCH the client gave, or NULL.
 */
const WSK_CLIENT_LISTEN_DISPATCH *wsk_listen_events(const struct wsk_sock *ws)
{
	const WSK_CLIENT_STREAM_DISPATCH *stream = ws->client_dispatch;

	if (!ws->client_dispatch)
		return NULL;
	return ws->kind == WSK_FLAG_STREAM_SOCKET ? stream->Listen : ws->client_dispatch;
}

static PFN_WSK_ACCEPT_EVENT accept_event(const struct wsk_sock *ws)
{
	const WSK_CLIENT_LISTEN_DISPATCH *d = wsk_listen_events(ws);

	if (!(READ_ONCE(ws->events) & WSK_EVENT_ACCEPT) || !d)
		return NULL;
	return d->WskAcceptEvent;
}

/* Copy an address to a client buffer sized for the listener's family. */
static void copy_address(PSOCKADDR to, const union wsk_address *addr)
{
	if (to)
		memcpy(to, addr, wsk_address_length(&addr->sa));
}

static void accept_complete(struct wsk_sock *ws, PIRP irp, struct wsk_sock *child,
			    const union wsk_address *local, const union wsk_address *remote)
{
	struct accept_args *args = wsk_irp_args(irp);
	bool entered;

	trace_wsk_accept(ws->queue.id, child->queue.id, false);
	child->context = args->context;
	child->client_dispatch = args->dispatch;
	copy_address(args->local, local);
	copy_address(args->remote, remote);
	irp->IoStatus.Information = (unsigned long)&child->base;
	/* What the routine calls on @child runs right after it, here. */
	wsk_queue_get(&child->queue);
	entered = wsk_queue_enter(&child->queue);
	wsk_queue_complete(&ws->queue, irp, STATUS_SUCCESS);
	if (entered)
		wsk_queue_finish(&child->queue);
	wsk_queue_put(&child->queue);
}

/* Offer @child to WskAcceptEvent, at DISPATCH_LEVEL as on Windows. */
static void accept_offer(struct wsk_sock *ws, PFN_WSK_ACCEPT_EVENT event,
			 struct wsk_sock *child, union wsk_address *local,
			 union wsk_address *remote)
{
	const WSK_CLIENT_CONNECTION_DISPATCH *dispatch = NULL;
	PVOID context = NULL;
	NTSTATUS status;
	bool entered;

	/* The client may close the socket inside the event: keep it until done. */
	wsk_queue_get(&child->queue);
	/* What the event calls on @child (its first receives) runs after it, here. */
	entered = wsk_queue_enter(&child->queue);
	wsk_sock_event_begin(ws);
	status = event(ws->context, WSK_FLAG_AT_DISPATCH_LEVEL, &local->sa, &remote->sa,
		       &child->base, &context, &dispatch);
	wsk_sock_event_end(ws, WSK_EVENT_KIND_ACCEPT, status);
	if (status != STATUS_SUCCESS) {
		/* STATUS_REQUEST_NOT_ACCEPTED: the peer sees a reset. */
		wsk_sock_discard(child);
	} else {
		trace_wsk_accept(ws->queue.id, child->queue.id, true);
		child->context = context;
		child->client_dispatch = dispatch;
		/* Connection events enabled on the listener carry over. */
		wsk_sock_update_events(child, READ_ONCE(ws->events) & WSK_CONNECTION_EVENTS, 0);
	}
	if (entered)
		wsk_queue_finish(&child->queue);
	wsk_queue_put(&child->queue);
}

/**
 * wsk_listen_accept() - take the next connection of the kernel's backlog
 * @ws: the listening socket
 * @sock: receives the connection's kernel socket
 * @local: receives its local address
 * @remote: receives the peer's address
 *
 * Context: the listener's worker.
 * Return: 0; -EAGAIN when the backlog is empty; -ECONNABORTED for a
 * connection the peer reset while it waited (released here), or another
 * error of kernel_accept().
 */
int wsk_listen_accept(struct wsk_sock *ws, struct socket **sock, union wsk_address *local,
		      union wsk_address *remote)
{
	int err;

	/* Checked first: kernel_accept() allocates before it finds none. */
	if (reqsk_queue_empty(&inet_csk(ws->sk)->icsk_accept_queue))
		return -EAGAIN;
	err = kernel_accept(ws->sock, sock, O_NONBLOCK);
	/*
	 * A peer that reset the connection while it waited in the backlog
	 * has no address left: Windows drops such connections. The
	 * addresses are read once, while the connection lives.
	 */
	if (!err && (kernel_getpeername(*sock, &remote->sa) < 0 ||
		     kernel_getsockname(*sock, &local->sa) < 0)) {
		sock_release(*sock);
		err = -ECONNABORTED;
	}
	return err;
}

/*
 * Accept what the backlog holds, for the oldest pending WskAccept or else
 * the accept event; with neither, connections stay in the backlog.
 */
void wsk_listen_poll(struct wsk_sock *ws)
{
	union wsk_address local, remote;
	PFN_WSK_ACCEPT_EVENT event = NULL;
	struct wsk_sock *child;
	struct socket *sock;
	PIRP irp;
	int err;

	wsk_queue_assert_runner(&ws->queue);

	if (ws->inspect && !test_bit(WSK_SOCK_CLOSING, &ws->flags))
		wsk_inspect_poll(ws);
	/* Once WskCloseSocket is called, no connection is offered any more. */
	while (ws->state == WSK_SOCK_LISTENING && !test_bit(WSK_SOCK_CLOSING, &ws->flags)) {
		/* A pending WskAccept takes a connection before the event does. */
		irp = wsk_queue_take(&ws->queue, &ws->accepts);
		if (!irp) {
			event = accept_event(ws);
			if (!event)
				return;
		}
		if (ws->inspect)
			err = wsk_inspect_take(ws, &sock, &local, &remote);
		else
			err = wsk_listen_accept(ws, &sock, &local, &remote);
		child = err ? NULL : wsk_sock_new(ws->client, sock, WSK_FLAG_CONNECTION_SOCKET);
		if (!child) {
			if (!err)
				sock_release(sock);
			if (irp)
				wsk_queue_unpark(&ws->queue, &ws->accepts, irp);
			if (err == -ENOMEM || err == -ENFILE || err == -ENOBUFS)
				wsk_sock_retry_later(ws);	/* it waits in the backlog */
			if (err && err != -ECONNABORTED)
				return;	/* -EAGAIN: the backlog is empty */
			continue;
		}
		child->state = WSK_SOCK_CONNECTED;
		child->connected_at = jiffies;
		wsk_sock_adopt(child, ws);
		if (irp)
			accept_complete(ws, irp, child, &local, &remote);
		else
			accept_offer(ws, event, child, &local, &remote);
	}
}

/* The listener was forced closed: say so once through the accept event. */
void wsk_listen_dead(struct wsk_sock *ws)
{
	PFN_WSK_ACCEPT_EVENT event = accept_event(ws);
	const WSK_CLIENT_CONNECTION_DISPATCH *dispatch = NULL;
	PVOID context = NULL;

	if (!event || ws->dead_reported)
		return;
	ws->dead_reported = true;
	wsk_sock_event_begin(ws);
	event(ws->context, WSK_FLAG_AT_DISPATCH_LEVEL, NULL, NULL, NULL, &context, &dispatch);
	wsk_sock_event_end(ws, WSK_EVENT_KIND_ACCEPT, 0);
}

static NTSTATUS listen_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);

	if (gone)
		return gone;
	if (ws->state != WSK_SOCK_BOUND || !list_empty(&ws->connects))
		return STATUS_INVALID_DEVICE_STATE;
	wsk_connect_forget(ws);
	return wsk_errno_to_status(wsk_listen_start(ws));
}

/**
 * wsk_listen() - WskListen: make a bound stream socket listen
 * @Socket: a STREAM socket bound with WskBind
 * @Irp: completes with STATUS_SUCCESS once the socket listens
 *
 * From then on the socket is committed to the listening flow: connection
 * calls on it fail with STATUS_INVALID_DEVICE_STATE. The backlog is
 * SOMAXCONN, clamped by net.core.somaxconn.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_DEVICE_STATE when the socket is not bound, already
 * listens, is connecting or connected; STATUS_FILE_FORCED_CLOSED when its namespace went
 * away.
 */
NTSTATUS wsk_listen(PWSK_SOCKET Socket, PIRP Irp)
{
	return wsk_sock_submit(Socket, Irp, listen_op);
}

static NTSTATUS accept_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);

	if (gone)
		return gone;
	if (ws->state != WSK_SOCK_LISTENING)
		return STATUS_INVALID_DEVICE_STATE;
	/* The poll right after this op serves it if a connection waits. */
	return wsk_queue_park(q, &ws->accepts, irp);
}

/**
 * wsk_accept() - WskAccept: take the next incoming connection
 * @ListenSocket: a LISTEN socket that is bound, or a listening STREAM socket
 * @Flags: reserved
 * @AcceptSocketContext: context for the accepted socket's event callbacks
 * @AcceptSocketDispatch: the accepted socket's client event table, or NULL
 * @LocalAddress: optional; receives the connection's local address
 * @RemoteAddress: optional; receives the peer's address
 * @Irp: completes with Information = the accepted connection socket, whose
 *	events are all disabled
 *
 * Several accepts may wait; they complete in the order they were made, and
 * before the accept event gets a connection. The address buffers must stay
 * valid until the IRP completes; they are written for the listener's family.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_DEVICE_STATE when the socket does not listen,
 * STATUS_FILE_FORCED_CLOSED when its namespace went away. A pending accept
 * completes STATUS_CANCELLED when cancelled or when the listener closes.
 */
NTSTATUS wsk_accept(PWSK_SOCKET ListenSocket, ULONG Flags, PVOID AcceptSocketContext,
		    const WSK_CLIENT_CONNECTION_DISPATCH *AcceptSocketDispatch,
		    PSOCKADDR LocalAddress, PSOCKADDR RemoteAddress, PIRP Irp)
{
	struct accept_args *args;
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(ListenSocket, Irp, &status);
	if (!ws)
		return status;
	args = wsk_irp_args(Irp);
	args->context = AcceptSocketContext;
	args->dispatch = AcceptSocketDispatch;
	args->local = LocalAddress;
	args->remote = RemoteAddress;
	return wsk_queue_submit(&ws->queue, Irp, accept_op, true);
}
