// SPDX-License-Identifier: GPL-2.0
/*
 * WskSocket and WskCloseSocket: a WSK socket wraps a kernel socket from
 * sock_create_kern(). Both calls only check their arguments and queue the
 * work, which runs on the client's or the socket's queue.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/in.h>
#include <net/sock.h>
#include "irp.h"
#include "socket.h"
#include "status.h"

#define WSK_SOCKET_KINDS (WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_CONNECTION_SOCKET | \
			  WSK_FLAG_DATAGRAM_SOCKET | WSK_FLAG_STREAM_SOCKET)

/* WskSocket's arguments, kept in the IRP while the request waits. */
struct socket_args {
	ADDRESS_FAMILY family;
	USHORT type;
	ULONG protocol;
	ULONG kind;
	PVOID context;
	const void *dispatch;
};

WSK_IRP_ARGS_FIT(struct socket_args);

static const void *provider_dispatch(ULONG kind)
{
	switch (kind) {
	case WSK_FLAG_LISTEN_SOCKET:
		return &wsk_listen_dispatch;
	case WSK_FLAG_CONNECTION_SOCKET:
		return &wsk_connection_dispatch;
	case WSK_FLAG_DATAGRAM_SOCKET:
		return &wsk_datagram_dispatch;
	case WSK_FLAG_STREAM_SOCKET:
		return &wsk_stream_dispatch;
	default:
		return &wsk_basic_dispatch;
	}
}

static NTSTATUS check_socket_args(ADDRESS_FAMILY family, USHORT type, ULONG protocol,
				  ULONG flags)
{
	ULONG kind = flags & WSK_SOCKET_KINDS;
	bool stream = type == SOCK_STREAM && (!protocol || protocol == IPPROTO_TCP);
	bool dgram = type == SOCK_DGRAM && (!protocol || protocol == IPPROTO_UDP);

	if ((flags & ~WSK_SOCKET_KINDS) || hweight32(kind) > 1)
		return STATUS_INVALID_PARAMETER;
	if (family != AF_INET && family != AF_INET6)
		return STATUS_NOT_SUPPORTED;
	switch (kind) {
	case WSK_FLAG_LISTEN_SOCKET:
	case WSK_FLAG_CONNECTION_SOCKET:
	case WSK_FLAG_STREAM_SOCKET:
		return stream ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
	case WSK_FLAG_DATAGRAM_SOCKET:
		return dgram ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
	default:
		return stream || dgram ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
	}
}

static void sock_release_wrapper(struct wsk_queue *q)
{
	struct wsk_sock *ws = container_of(q, struct wsk_sock, queue);
	struct wsk_client *client = ws->client;

	kfree(ws);
	wsk_queue_put(&client->queue);
}

static NTSTATUS socket_create_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_client *client = container_of(q, struct wsk_client, queue);
	struct socket_args *args = wsk_irp_args(irp);
	struct wsk_sock *ws;
	int err;

	ws = kzalloc(sizeof(*ws), GFP_KERNEL);
	if (!ws)
		return STATUS_INSUFFICIENT_RESOURCES;
	err = sock_create_kern(client->net, args->family, args->type, args->protocol,
			       &ws->sock);
	if (err) {
		kfree(ws);
		return wsk_errno_to_status(err);
	}
	wsk_queue_init(&ws->queue, sock_release_wrapper);
	ws->base.Dispatch = provider_dispatch(args->kind);
	ws->kind = args->kind;
	ws->context = args->context;
	ws->client_dispatch = args->dispatch;
	ws->client = client;
	wsk_queue_get(&client->queue);	/* the socket's reference */
	irp->IoStatus.Information = (unsigned long)&ws->base;
	return STATUS_SUCCESS;
}

/**
 * wsk_socket() - WskSocket: create a socket
 * @Client: the client handle from WskCaptureProviderNPI()
 * @AddressFamily: AF_INET or AF_INET6
 * @SocketType: SOCK_STREAM or SOCK_DGRAM
 * @Protocol: 0, IPPROTO_TCP or IPPROTO_UDP, matching @SocketType
 * @Flags: the socket's kind: WSK_FLAG_BASIC_SOCKET, _LISTEN_, _CONNECTION_,
 *	_DATAGRAM_ or _STREAM_SOCKET
 * @SocketContext: passed to the socket's event callbacks
 * @Dispatch: the client's event callback table for that kind, or NULL
 * @OwningProcess: ignored
 * @OwningThread: ignored
 * @SecurityDescriptor: ignored
 * @Irp: completes with Information = the new PWSK_SOCKET
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING; otherwise the IRP has completed with the returned
 * status: STATUS_INVALID_HANDLE for a NULL @Client, STATUS_NOT_SUPPORTED for
 * an unsupported family, type or protocol, STATUS_INVALID_PARAMETER for bad
 * flags. A NULL @Irp gives STATUS_INVALID_PARAMETER and touches nothing.
 */
NTSTATUS wsk_socket(PWSK_CLIENT Client, ADDRESS_FAMILY AddressFamily, USHORT SocketType,
		    ULONG Protocol, ULONG Flags, PVOID SocketContext, const void *Dispatch,
		    PEPROCESS OwningProcess, PETHREAD OwningThread,
		    PSECURITY_DESCRIPTOR SecurityDescriptor, PIRP Irp)
{
	struct wsk_client *client = wsk_client(Client);
	struct socket_args *args;
	NTSTATUS status;

	if (!Irp)
		return STATUS_INVALID_PARAMETER;
	if (!client)
		return wsk_irp_fail(Irp, STATUS_INVALID_HANDLE);
	status = check_socket_args(AddressFamily, SocketType, Protocol, Flags);
	if (status != STATUS_SUCCESS)
		return wsk_irp_fail(Irp, status);
	if (!wsk_irp_start(Irp))
		return STATUS_INVALID_PARAMETER;

	args = wsk_irp_args(Irp);
	args->family = AddressFamily;
	args->type = SocketType;
	args->protocol = Protocol;
	args->kind = Flags & WSK_SOCKET_KINDS;
	args->context = SocketContext;
	args->dispatch = Dispatch;

	wsk_client_enter(client);
	status = wsk_queue_submit(&client->queue, Irp, socket_create_op, true);
	wsk_client_leave(client);
	return status;
}

static NTSTATUS socket_close_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = container_of(q, struct wsk_sock, queue);

	wsk_queue_cancel_all(q);
	sock_release(ws->sock);
	ws->sock = NULL;
	/* The owner's reference; the close IRP's keeps @ws until it completes. */
	wsk_queue_put(q);
	irp->IoStatus.Information = 0;
	return STATUS_SUCCESS;
}

/**
 * wsk_close_socket() - WskCloseSocket: close a socket
 * @Socket: the socket; it must not be used again once this is called
 * @Irp: completes with STATUS_SUCCESS, Information 0
 *
 * Cancels the socket's pending requests (they complete STATUS_CANCELLED),
 * releases the kernel socket and frees the wrapper once every request has
 * completed. The close itself cannot be cancelled.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING; STATUS_INVALID_HANDLE (IRP completed) for a NULL
 * socket; STATUS_INVALID_DEVICE_STATE (IRP completed) for a second close;
 * STATUS_INVALID_PARAMETER, touching nothing, for a NULL @Irp.
 */
NTSTATUS wsk_close_socket(PWSK_SOCKET Socket, PIRP Irp)
{
	struct wsk_sock *ws;

	if (!Irp)
		return STATUS_INVALID_PARAMETER;
	if (!Socket)
		return wsk_irp_fail(Irp, STATUS_INVALID_HANDLE);
	ws = wsk_sock(Socket);
	if (test_and_set_bit(WSK_SOCK_CLOSING, &ws->flags))
		return wsk_irp_fail(Irp, STATUS_INVALID_DEVICE_STATE);
	if (!wsk_irp_start(Irp)) {
		clear_bit(WSK_SOCK_CLOSING, &ws->flags);
		return STATUS_INVALID_PARAMETER;
	}
	return wsk_queue_submit(&ws->queue, Irp, socket_close_op, false);
}
