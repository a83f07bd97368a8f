// SPDX-License-Identifier: GPL-2.0
/*
 * Conditional accept: SO_CONDITIONAL_ACCEPT, WskInspectEvent,
 * WskInspectComplete and WskAbortEvent.
 *
 * Windows asks the client about a connection request when its SYN arrives,
 * before the handshake. Linux completes the handshake in the kernel, so wsk
 * asks once the connection is in the listener's backlog: the peer sees its
 * connect succeed before the decision, and a rejected connection is reset
 * (where Windows would not answer the SYN). The listener's poll takes each
 * new connection out of the backlog and calls WskInspectEvent with its
 * addresses and an InspectID. An accepted one joins the ready list, which
 * WskAccept and WskAcceptEvent take from, in order; a rejected one is
 * reset; a pended one waits on the pending list for WskInspectComplete.
 * A pended connection the peer resets meanwhile is dropped and reported to
 * WskAbortEvent: the child's state change, which it inherited from the
 * listener, kicks the listener (socket.c). Connections accepted by
 * inspection are held up to the listener's backlog size; past that they
 * wait in the kernel's backlog, uninspected.
 *
 * Everything runs on the listener's worker.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <net/inet_connection_sock.h>
#include <net/sock.h>
#include "control.h"
#include "dispatch.h"
#include "inspect.h"
#include "irp.h"
#include "listen.h"
#include "status.h"

/* A listener's connections under or past inspection. */
struct wsk_inspect_state {
	struct list_head pending;	/* WskInspectPend: waiting for the client */
	struct list_head ready;		/* accepted: waiting for WskAccept or the event */
	unsigned int held;		/* on both lists */
	u32 serial;
};

/* A connection taken from the kernel's backlog, not yet the client's. */
struct wsk_inspected {
	struct list_head node;
	struct socket *sock;
	union wsk_address local;
	union wsk_address remote;
	WSK_INSPECT_ID id;
};

/* Let go of a connection: reset, unless the client accepted it. */
static void inspected_free(struct wsk_inspect_state *st, struct wsk_inspected *in, bool reset)
{
	struct sock *sk = in->sock->sk;

	list_del(&in->node);
	st->held--;
	/* Its callbacks, inherited from the listener, no longer kick it. */
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
	if (reset)
		sock_no_linger(sk);
	sock_release(in->sock);
	kfree(in);
}

/* Ask WskInspectEvent, at DISPATCH_LEVEL; no event accepts. */
static WSK_INSPECT_ACTION inspect_event(struct wsk_sock *ws, struct wsk_inspected *in)
{
	const WSK_CLIENT_LISTEN_DISPATCH *d = wsk_listen_events(ws);
	WSK_INSPECT_ACTION action;

	if (!d || !d->WskInspectEvent)
		return WskInspectAccept;
	wsk_sock_event_begin(ws);
	action = d->WskInspectEvent(ws->context, &in->local.sa, &in->remote.sa, &in->id);
	wsk_sock_event_end(ws, WSK_EVENT_KIND_INSPECT, action);
	return action;
}

static void abort_event(struct wsk_sock *ws, struct wsk_inspected *in)
{
	const WSK_CLIENT_LISTEN_DISPATCH *d = wsk_listen_events(ws);

	if (!d || !d->WskAbortEvent)
		return;
	wsk_sock_event_begin(ws);
	d->WskAbortEvent(ws->context, &in->id);
	wsk_sock_event_end(ws, WSK_EVENT_KIND_ABORT, 0);
}

/* Drop the pended connections their peers reset, and say so. */
static void inspect_aborts(struct wsk_sock *ws)
{
	struct wsk_inspect_state *st = ws->inspect;
	struct wsk_inspected *in, *next;

	list_for_each_entry_safe(in, next, &st->pending, node) {
		if (READ_ONCE(in->sock->sk->sk_state) != TCP_CLOSE)
			continue;
		abort_event(ws, in);
		inspected_free(st, in, false);
	}
}

/**
 * wsk_inspect_poll() - inspect what arrived in a conditional listener's backlog
 * @ws: the listening socket, in conditional accept mode
 *
 * Context: the listener's worker.
 */
void wsk_inspect_poll(struct wsk_sock *ws)
{
	struct wsk_inspect_state *st = ws->inspect;
	struct wsk_inspected *in;
	int err;

	wsk_queue_assert_runner(&ws->queue);

	inspect_aborts(ws);
	while (ws->state == WSK_SOCK_LISTENING &&
	       st->held < READ_ONCE(ws->sk->sk_max_ack_backlog)) {
		in = kzalloc(sizeof(*in), GFP_KERNEL);
		if (!in) {
			wsk_sock_retry_later(ws);
			return;
		}
		err = wsk_listen_accept(ws, &in->sock, &in->local, &in->remote);
		if (err) {
			kfree(in);
			if (err == -ECONNABORTED)
				continue;
			if (err != -EAGAIN)
				wsk_sock_retry_later(ws);
			return;
		}
		in->id.Key = (ULONG_PTR)in;
		in->id.SerialNumber = ++st->serial;
		list_add_tail(&in->node, &st->ready);
		st->held++;
		switch (inspect_event(ws, in)) {
		case WskInspectAccept:
			break;
		case WskInspectPend:
			list_move_tail(&in->node, &st->pending);
			/* A reset before it was on the list is seen now. */
			inspect_aborts(ws);
			break;
		default:	/* WskInspectReject, or a value Windows does not define */
			inspected_free(st, in, true);
			break;
		}
	}
}

/**
 * wsk_inspect_take() - the next connection the client let through
 * @ws: the listening socket, in conditional accept mode
 * @sock: receives its kernel socket
 * @local: receives its local address
 * @remote: receives the peer's address
 *
 * Context: the listener's worker.
 * Return: 0, or -EAGAIN when none is ready.
 */
int wsk_inspect_take(struct wsk_sock *ws, struct socket **sock, union wsk_address *local,
		     union wsk_address *remote)
{
	struct wsk_inspect_state *st = ws->inspect;
	struct wsk_inspected *in;

	in = list_first_entry_or_null(&st->ready, struct wsk_inspected, node);
	if (!in)
		return -EAGAIN;
	*sock = in->sock;
	*local = in->local;
	*remote = in->remote;
	list_del(&in->node);
	st->held--;
	kfree(in);
	/* Room again: what waits in the kernel's backlog is inspected next. */
	if (!reqsk_queue_empty(&inet_csk(ws->sk)->icsk_accept_queue))
		wsk_queue_kick(&ws->queue);
	return 0;
}

/**
 * wsk_inspect_free() - reset what a closing listener still holds
 * @ws: the listening socket
 *
 * Context: the listener's worker, before its kernel socket is released.
 */
void wsk_inspect_free(struct wsk_sock *ws)
{
	struct wsk_inspect_state *st = ws->inspect;
	struct wsk_inspected *in, *next;

	if (!st)
		return;
	WRITE_ONCE(ws->inspect, NULL);
	list_for_each_entry_safe(in, next, &st->pending, node)
		inspected_free(st, in, true);
	list_for_each_entry_safe(in, next, &st->ready, node)
		inspected_free(st, in, true);
	kfree(st);
}

/* SO_CONDITIONAL_ACCEPT read. */
static NTSTATUS conditional_get_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);
	ULONG on = !!ws->inspect;

	if (gone)
		return gone;
	return wsk_control_output(irp, &on, sizeof(on));
}

/* SO_CONDITIONAL_ACCEPT set, before bind. */
static NTSTATUS conditional_set_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_control_args *a = wsk_irp_args(irp);
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);
	ULONG on;

	if (gone)
		return gone;
	memcpy(&on, a->in, sizeof(on));
	if (ws->state != WSK_SOCK_OPEN)
		return STATUS_INVALID_DEVICE_STATE;
	if (!on) {
		kfree(ws->inspect);	/* nothing on its lists before bind */
		WRITE_ONCE(ws->inspect, NULL);
		return STATUS_SUCCESS;
	}
	if (ws->inspect)
		return STATUS_SUCCESS;
	ws->inspect = kzalloc(sizeof(*ws->inspect), GFP_KERNEL);
	if (!ws->inspect)
		return STATUS_INSUFFICIENT_RESOURCES;
	INIT_LIST_HEAD(&ws->inspect->pending);
	INIT_LIST_HEAD(&ws->inspect->ready);
	return STATUS_SUCCESS;
}

/**
 * wsk_inspect_option() - WskSetOption or WskGetOption of SO_CONDITIONAL_ACCEPT
 * @ws: the socket, started
 * @set: true for WskSetOption
 * @irp: the request, its wsk_control_args filled in
 *
 * A ULONG, 0 or 1 (any other value enables), on listening and stream
 * sockets; it can be set only before the socket is bound.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_NOT_SUPPORTED on connection and datagram sockets,
 * STATUS_INVALID_PARAMETER for input that is not a ULONG,
 * STATUS_BUFFER_TOO_SMALL for output with no room for one. Later:
 * STATUS_INVALID_DEVICE_STATE when set on a bound socket.
 */
NTSTATUS wsk_inspect_option(struct wsk_sock *ws, bool set, PIRP irp)
{
	struct wsk_control_args *a = wsk_irp_args(irp);

	if (ws->kind != WSK_FLAG_LISTEN_SOCKET && ws->kind != WSK_FLAG_STREAM_SOCKET)
		return wsk_irp_complete(irp, STATUS_NOT_SUPPORTED, 0);
	if (set && (!a->in || a->in_size != sizeof(ULONG)))
		return wsk_irp_complete(irp, STATUS_INVALID_PARAMETER, 0);
	if (!set && (!a->out || a->out_size < sizeof(ULONG)))
		return wsk_irp_complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
	return wsk_queue_submit(&ws->queue, irp, set ? conditional_set_op : conditional_get_op,
				true);
}

/* WskInspectComplete's arguments, kept in the IRP. */
struct inspect_complete_args {
	WSK_INSPECT_ID id;
	WSK_INSPECT_ACTION action;
};

WSK_IRP_ARGS_FIT(struct inspect_complete_args);

static NTSTATUS inspect_complete_op(struct wsk_queue *q, PIRP irp)
{
	struct inspect_complete_args *a = wsk_irp_args(irp);
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);
	struct wsk_inspect_state *st = ws->inspect;
	struct wsk_inspected *in;

	if (gone)
		return gone;
	if (!st || ws->state != WSK_SOCK_LISTENING)
		return STATUS_INVALID_DEVICE_STATE;
	list_for_each_entry(in, &st->pending, node) {
		if (in->id.Key != a->id.Key || in->id.SerialNumber != a->id.SerialNumber)
			continue;
		if (a->action == WskInspectAccept)
			list_move_tail(&in->node, &st->ready);	/* the poll after this serves it */
		else
			inspected_free(st, in, true);
		return STATUS_SUCCESS;
	}
	return STATUS_INVALID_PARAMETER;
}

/**
 * wsk_inspect_complete() - WskInspectComplete: decide a pended connection
 * @ListenSocket: a listening socket in conditional accept mode
 * @InspectID: the ID WskInspectEvent gave, copied by the client
 * @Action: WskInspectAccept or WskInspectReject
 * @Irp: completes with STATUS_SUCCESS once decided
 *
 * An accepted connection goes to the next WskAccept or WskAcceptEvent; a
 * rejected one is reset.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for another action, a NULL @InspectID, or an ID
 * not pending (never given, decided already, or aborted: WskAbortEvent was
 * called for it); STATUS_INVALID_DEVICE_STATE on a socket that does not
 * listen in conditional accept mode.
 */
NTSTATUS wsk_inspect_complete(PWSK_SOCKET ListenSocket, PWSK_INSPECT_ID InspectID,
			      WSK_INSPECT_ACTION Action, PIRP Irp)
{
	struct inspect_complete_args *a;
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(ListenSocket, Irp, &status);
	if (!ws)
		return status;
	if (!InspectID || (Action != WskInspectAccept && Action != WskInspectReject))
		return wsk_irp_complete(Irp, STATUS_INVALID_PARAMETER, 0);
	a = wsk_irp_args(Irp);
	a->id = *InspectID;
	a->action = Action;
	return wsk_queue_submit(&ws->queue, Irp, inspect_complete_op, true);
}
