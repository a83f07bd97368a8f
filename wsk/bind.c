// SPDX-License-Identifier: GPL-2.0
/*
 * WskBind. Binding a LISTEN socket also starts listening, so a peer can
 * connect as soon as the bind completes; binding any other kind only binds.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "datagram.h"
#include "dispatch.h"
#include "irp.h"
#include "listen.h"
#include "status.h"

static NTSTATUS bind_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	union wsk_address *addr = wsk_irp_args(irp);
	NTSTATUS gone = wsk_sock_gone(ws);
	int err;

	if (gone)
		return gone;
	if (ws->state != WSK_SOCK_OPEN)
		return STATUS_ADDRESS_ALREADY_ASSOCIATED;
	/* Windows creates a LISTEN socket over UDP, and fails its bind so. */
	if (ws->kind == WSK_FLAG_LISTEN_SOCKET && ws->sk->sk_type != SOCK_STREAM)
		return STATUS_NOT_IMPLEMENTED;
	err = kernel_bind(ws->sock, &addr->sa, wsk_address_length(&addr->sa));
	if (err)
		return wsk_errno_to_status(err);
	ws->state = WSK_SOCK_BOUND;
	if (ws->kind == WSK_FLAG_DATAGRAM_SOCKET)
		wsk_datagram_bound(ws);
	if (ws->kind == WSK_FLAG_LISTEN_SOCKET)
		return wsk_errno_to_status(wsk_listen_start(ws));
	return STATUS_SUCCESS;
}

/**
 * wsk_bind() - WskBind: bind a socket to a local address
 * @Socket: a LISTEN, CONNECTION, DATAGRAM or STREAM socket
 * @LocalAddress: an address of the socket's family; port 0 picks a port
 *	(WskGetLocalAddress then tells which)
 * @Flags: reserved
 * @Irp: completes with STATUS_SUCCESS once bound (and, for a LISTEN
 *	socket, listening with a backlog of SOMAXCONN)
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for a NULL address or one of another family;
 * STATUS_ADDRESS_ALREADY_ASSOCIATED when the address is in use or the
 * socket is already bound; STATUS_NOT_IMPLEMENTED for a LISTEN socket over
 * UDP, as on Windows; STATUS_INVALID_ADDRESS_COMPONENT for an address
 * that is not local; STATUS_FILE_FORCED_CLOSED when the socket's namespace
 * went away.
 */
NTSTATUS wsk_bind(PWSK_SOCKET Socket, PSOCKADDR LocalAddress, ULONG Flags, PIRP Irp)
{
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(Socket, Irp, &status);
	if (!ws)
		return status;
	status = wsk_irp_set_address(Irp, ws, LocalAddress);
	if (status != STATUS_SUCCESS)
		return wsk_irp_complete(Irp, status, 0);
	WRITE_ONCE(ws->bind_called, true);
	return wsk_queue_submit(&ws->queue, Irp, bind_op, true);
}
