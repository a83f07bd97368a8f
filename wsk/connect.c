// SPDX-License-Identifier: GPL-2.0
/*
 * WskConnect: a non-blocking kernel_connect(), completed from the socket's
 * poll when sk_state_change reports the handshake's outcome. The socket
 * must be bound first, and a listening socket cannot connect.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/sock.h>
#include <net/tcp_states.h>
#include "connect.h"
#include "dispatch.h"
#include "irp.h"
#include "socket.h"
#include "status.h"

static NTSTATUS connect_op(struct wsk_queue *q, PIRP irp)
{
	union wsk_address *addr = wsk_irp_args(irp);
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);
	int err;

	if (gone)
		return gone;
	if (ws->state == WSK_SOCK_CONNECTED)
		return STATUS_CONNECTION_ACTIVE;
	if (ws->state != WSK_SOCK_BOUND || !list_empty(&ws->connects))
		return STATUS_INVALID_DEVICE_STATE;
	err = kernel_connect(ws->sock, &addr->sa, wsk_address_length(&addr->sa), O_NONBLOCK);
	if (err == -EINPROGRESS)
		return wsk_queue_park(q, &ws->connects, irp);
	if (err)
		return wsk_errno_to_status(err);
	ws->state = WSK_SOCK_CONNECTED;
	return STATUS_SUCCESS;
}

/* Complete a pending connect once the handshake succeeded or failed. */
void wsk_connect_poll(struct wsk_sock *ws)
{
	int state = READ_ONCE(ws->sk->sk_state);
	NTSTATUS status;
	PIRP irp;
	int err;

	if (list_empty_careful(&ws->connects))
		return;
	if (state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT) {
		status = STATUS_SUCCESS;
		ws->state = WSK_SOCK_CONNECTED;
	} else if (state == TCP_CLOSE) {
		err = sock_error(ws->sk);
		status = wsk_errno_to_status(err ? err : -ECONNREFUSED);
	} else {
		return;		/* SYN_SENT: not yet */
	}
	irp = wsk_queue_take(&ws->queue, &ws->connects);
	if (irp)
		wsk_queue_complete(&ws->queue, irp, status);
}

/**
 * wsk_connect() - WskConnect: connect a bound socket to a remote address
 * @Socket: a CONNECTION or STREAM socket bound with WskBind
 * @RemoteAddress: an address of the socket's family
 * @Flags: reserved
 * @Irp: completes with STATUS_SUCCESS once connected
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_DEVICE_STATE when the socket is not bound, listens or is
 * connecting; STATUS_CONNECTION_ACTIVE when it is connected;
 * STATUS_INVALID_PARAMETER for a bad address; STATUS_CONNECTION_REFUSED,
 * STATUS_NETWORK_UNREACHABLE, STATUS_HOST_UNREACHABLE, STATUS_IO_TIMEOUT
 * when the connection fails. A pending connect completes STATUS_CANCELLED
 * when cancelled or when the socket closes.
 */
NTSTATUS wsk_connect(PWSK_SOCKET Socket, PSOCKADDR RemoteAddress, ULONG Flags, PIRP Irp)
{
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(Socket, Irp, &status);
	if (!ws)
		return status;
	status = wsk_irp_set_address(Irp, ws, RemoteAddress);
	if (status != STATUS_SUCCESS)
		return wsk_irp_complete(Irp, status, 0);
	return wsk_queue_submit(&ws->queue, Irp, connect_op, true);
}
