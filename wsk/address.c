// SPDX-License-Identifier: GPL-2.0
/*
 * WskGetLocalAddress and WskGetRemoteAddress.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/socket.h>
#include "dispatch.h"
#include "irp.h"
#include "socket.h"
#include "status.h"

static NTSTATUS copy_name(struct wsk_sock *ws, bool peer, PSOCKADDR to)
{
	struct sockaddr_storage addr = {};
	int len;

	len = peer ? kernel_getpeername(ws->sock, (struct sockaddr *)&addr) :
		     kernel_getsockname(ws->sock, (struct sockaddr *)&addr);
	if (len < 0)
		return wsk_errno_to_status(len);
	memcpy(to, &addr, len);
	return STATUS_SUCCESS;
}

static NTSTATUS local_address_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);

	if (gone)
		return gone;
	if (ws->state == WSK_SOCK_OPEN)
		return STATUS_INVALID_DEVICE_STATE;
	return copy_name(ws, false, wsk_request(irp)->arg);
}

static NTSTATUS remote_address_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);

	if (gone)
		return gone;
	if (ws->state != WSK_SOCK_CONNECTED)
		return STATUS_INVALID_DEVICE_STATE;
	return copy_name(ws, true, wsk_request(irp)->arg);
}

static NTSTATUS address_call(PWSK_SOCKET socket, PSOCKADDR address, PIRP irp, wsk_op_t op)
{
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(socket, irp, &status);
	if (!ws)
		return status;
	if (!address)
		return wsk_irp_complete(irp, STATUS_INVALID_PARAMETER, 0);
	wsk_request(irp)->arg = address;
	return wsk_queue_submit(&ws->queue, irp, op, true);
}

/**
 * wsk_get_local_address() - WskGetLocalAddress
 * @Socket: the socket
 * @LocalAddress: receives the local address, sized for the socket's family;
 *	it must stay valid until the IRP completes
 * @Irp: completes with STATUS_SUCCESS once the address is written
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_DEVICE_STATE when the socket is not bound.
 */
NTSTATUS wsk_get_local_address(PWSK_SOCKET Socket, PSOCKADDR LocalAddress, PIRP Irp)
{
	return address_call(Socket, LocalAddress, Irp, local_address_op);
}

/**
 * wsk_get_remote_address() - WskGetRemoteAddress
 * @Socket: a connection or stream socket
 * @RemoteAddress: receives the peer's address, sized for the socket's family;
 *	it must stay valid until the IRP completes
 * @Irp: completes with STATUS_SUCCESS once the address is written
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_DEVICE_STATE when the socket is not connected (a
 * listening stream socket never is).
 */
NTSTATUS wsk_get_remote_address(PWSK_SOCKET Socket, PSOCKADDR RemoteAddress, PIRP Irp)
{
	return address_call(Socket, RemoteAddress, Irp, remote_address_op);
}
