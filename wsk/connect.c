// SPDX-License-Identifier: GPL-2.0
/*
 * WskConnect and WskConnectEx: a non-blocking kernel_connect(), completed
 * from the socket's poll when sk_state_change reports the handshake's
 * outcome. The socket must be bound first, and a listening socket cannot
 * connect. WskConnectEx's data goes out once connected, as a WskSend made
 * by the same IRP.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/slab.h>
#include "buffer.h"
#include "connect.h"
#include "dispatch.h"
#include "irp.h"
#include "socket.h"
#include "status.h"
#include "transfer.h"

/* WskConnectEx's data, while the connect waits; the request's arg points here. */
struct connect_ex_more {
	WSK_BUF buf;
};

WSK_IRP_MORE_ARGS_FIT(struct connect_ex_more);

/*
 * The outcome of a connect. For WskSocketConnect (the IRP's arg is the
 * socket it made), success hands the socket to the client and failure
 * throws it away.
 */
static NTSTATUS connect_finish(struct wsk_sock *ws, PIRP irp, NTSTATUS status)
{
	struct connect_ex_more *ex = wsk_irp_more_args(irp);
	bool made_here = wsk_request(irp)->arg == ws;

	irp->IoStatus.Information = 0;
	if (status == STATUS_SUCCESS) {
		ws->state = WSK_SOCK_CONNECTED;
		ws->connected_at = jiffies;
	}
	/* WskConnectEx: the IRP goes on to send its data. */
	if (status == STATUS_SUCCESS && wsk_request(irp)->arg == ex && ex->buf.Length)
		return wsk_transfer_connect_send(ws, irp, &ex->buf);
	if (made_here && status == STATUS_SUCCESS)
		irp->IoStatus.Information = (unsigned long)&ws->base;
	else if (made_here)
		wsk_sock_discard(ws);
	return status;
}

/**
 * wsk_connect_forget() - take back a connect that failed or was cancelled
 * @ws: a bound socket with no connect pending
 *
 * Such a connect leaves the kernel socket connecting (SS_CONNECTING): the
 * next kernel_connect() would report the old outcome (consumed, so
 * -ECONNABORTED) and inet_listen() refuses it. Connecting to AF_UNSPEC
 * takes it back to unconnected, still bound, so that, as on Windows, the
 * application may connect again or listen; the error that sets is dropped.
 *
 * Context: the socket's runner.
 */
void wsk_connect_forget(struct wsk_sock *ws)
{
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };

	wsk_queue_assert_runner(&ws->queue);

	if (READ_ONCE(ws->sock->state) == SS_UNCONNECTED)
		return;
	kernel_connect(ws->sock, &unspec, sizeof(unspec), 0);
	sock_error(ws->sk);
}

static NTSTATUS connect_op(struct wsk_queue *q, PIRP irp)
{
	union wsk_address *addr = wsk_irp_args(irp);
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);
	int err;

	/* Every outcome goes through connect_finish(): it may own the socket. */
	if (gone)
		return connect_finish(ws, irp, gone);
	if (ws->state == WSK_SOCK_CONNECTED)
		return connect_finish(ws, irp, STATUS_CONNECTION_ACTIVE);
	if (ws->state != WSK_SOCK_BOUND || !list_empty(&ws->connects))
		return connect_finish(ws, irp, STATUS_INVALID_DEVICE_STATE);
	wsk_connect_forget(ws);
	err = kernel_connect(ws->sock, &addr->sa, wsk_address_length(&addr->sa), O_NONBLOCK);
	if (err == -EINPROGRESS)
		return wsk_queue_park(q, &ws->connects, irp);
	return connect_finish(ws, irp, wsk_errno_to_status(err));
}

/**
 * wsk_connect_flush() - complete a pending connect: the socket is closing
 * @ws: the socket
 * @status: STATUS_CANCELLED, or STATUS_FILE_FORCED_CLOSED
 *
 * The socket a WskSocketConnect made is then thrown away.
 *
 * Context: the socket's runner.
 */
void wsk_connect_flush(struct wsk_sock *ws, NTSTATUS status)
{
	PIRP irp;

	wsk_queue_assert_runner(&ws->queue);

	irp = wsk_queue_take(&ws->queue, &ws->connects);	/* one at most */
	if (irp)
		wsk_queue_complete(&ws->queue, irp, connect_finish(ws, irp, status));
}

/* Complete a pending connect once the handshake succeeded or failed. */
void wsk_connect_poll(struct wsk_sock *ws)
{
	int state = READ_ONCE(ws->sk->sk_state);
	NTSTATUS status;
	PIRP irp;
	int err;

	wsk_queue_assert_runner(&ws->queue);

	if (list_empty_careful(&ws->connects)) {
		wsk_connect_forget(ws);		/* one that failed or was cancelled */
		return;
	}
	if (state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT) {
		status = STATUS_SUCCESS;
	} else if (state == TCP_CLOSE) {
		err = sock_error(ws->sk);
		status = wsk_errno_to_status(err ? err : -ECONNREFUSED);
	} else {
		return;		/* SYN_SENT: not yet */
	}
	irp = wsk_queue_take(&ws->queue, &ws->connects);
	if (irp)
		status = connect_finish(ws, irp, status);
	if (irp && status != STATUS_PENDING)
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
 * STATUS_INVALID_DEVICE_STATE when the socket is not bound (at once, unless
 * a WskBind was made first and failed), listens or is connecting;
 * STATUS_CONNECTION_ACTIVE when it is connected;
 * STATUS_INVALID_PARAMETER for a bad address; STATUS_CONNECTION_REFUSED,
 * STATUS_NETWORK_UNREACHABLE, STATUS_HOST_UNREACHABLE, STATUS_IO_TIMEOUT
 * when the connection fails. A pending connect completes STATUS_CANCELLED
 * when cancelled or when the socket closes. After a connect that failed or
 * was cancelled the socket is bound again: it may connect again (or, a
 * STREAM socket, listen).
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
	/* Windows fails at once on a socket never bound; a bind queued ahead counts. */
	if (!READ_ONCE(ws->bind_called) && READ_ONCE(ws->state) == WSK_SOCK_OPEN)
		return wsk_irp_complete(Irp, STATUS_INVALID_DEVICE_STATE, 0);
	return wsk_queue_submit(&ws->queue, Irp, connect_op, true);
}

/**
 * wsk_connect_ex() - WskConnectEx: connect, then send a first buffer
 * @Socket: a CONNECTION or STREAM socket bound with WskBind
 * @RemoteAddress: an address of the socket's family
 * @Buffer: optional data to send once connected, at most 65,535 bytes; the
 *	MDLs must stay valid until the IRP completes
 * @Flags: must be 0
 * @Irp: completes once connected and @Buffer is queued to the stack, with
 *	Information = the bytes of @Buffer sent
 *
 * As WskConnect. The data goes out after the handshake, as the first send:
 * Linux sends data in the SYN (TCP Fast Open) only for sockets that asked
 * for it with TCP_FASTOPEN_CONNECT, and then connects at once.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with: those of
 * WskConnect; STATUS_INVALID_PARAMETER for a flag or a buffer beyond its
 * MDL chain; STATUS_BUFFER_OVERFLOW for more than 65,535 bytes. Once
 * connected, a send that fails completes with the send's status (the
 * socket stays connected).
 */
NTSTATUS wsk_connect_ex(PWSK_SOCKET Socket, PSOCKADDR RemoteAddress, PWSK_BUF Buffer,
			ULONG Flags, PIRP Irp)
{
	struct connect_ex_more *ex;
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(Socket, Irp, &status);
	if (!ws)
		return status;
	if (Flags || (Buffer && wsk_buf_check(Buffer) != STATUS_SUCCESS))
		return wsk_irp_complete(Irp, STATUS_INVALID_PARAMETER, 0);
	if (Buffer && Buffer->Length > U16_MAX)
		return wsk_irp_complete(Irp, STATUS_BUFFER_OVERFLOW, 0);
	status = wsk_irp_set_address(Irp, ws, RemoteAddress);
	if (status != STATUS_SUCCESS)
		return wsk_irp_complete(Irp, status, 0);
	if (!READ_ONCE(ws->bind_called) && READ_ONCE(ws->state) == WSK_SOCK_OPEN)
		return wsk_irp_complete(Irp, STATUS_INVALID_DEVICE_STATE, 0);
	ex = wsk_irp_more_args(Irp);
	ex->buf = Buffer ? *Buffer : (WSK_BUF){};
	wsk_request(Irp)->arg = ex;
	return wsk_queue_submit(&ws->queue, Irp, connect_op, true);
}

/* WskSocketConnect's arguments: too many for the IRP, allocated at the call. */
struct socket_connect_args {
	union wsk_address local;
	union wsk_address remote;
	PVOID context;
	const WSK_CLIENT_CONNECTION_DISPATCH *dispatch;
};

static NTSTATUS socket_connect_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_client *client = container_of(q, struct wsk_client, queue);
	struct socket_connect_args *args = wsk_request(irp)->arg;
	struct wsk_sock *ws;
	NTSTATUS status;
	int err;

	ws = wsk_sock_create(client, args->local.sa.sa_family, SOCK_STREAM, IPPROTO_TCP,
			     WSK_FLAG_CONNECTION_SOCKET, &status);
	if (!ws)
		goto out;
	ws->context = args->context;
	ws->client_dispatch = args->dispatch;
	err = kernel_bind(ws->sock, &args->local.sa, wsk_address_length(&args->local.sa));
	if (err) {
		status = wsk_errno_to_status(err);
		wsk_sock_discard(ws);
		goto out;
	}
	ws->state = WSK_SOCK_BOUND;
	memcpy(wsk_irp_args(irp), &args->remote, sizeof(args->remote));
	kfree(args);
	/* The IRP moves to the new socket's queue, which connects it. */
	wsk_request(irp)->arg = ws;
	wsk_queue_put(q);
	return wsk_queue_submit(&ws->queue, irp, connect_op, false);
out:
	kfree(args);
	return status;
}

/**
 * wsk_socket_connect() - WskSocketConnect: create, bind and connect a socket
 * @Client: the client handle
 * @SocketType: SOCK_STREAM
 * @Protocol: 0 or IPPROTO_TCP
 * @LocalAddress: the address to bind to (port 0 picks one)
 * @RemoteAddress: the address to connect to, of the same family
 * @Flags: reserved
 * @SocketContext: context for the socket's event callbacks
 * @Dispatch: the socket's connection event table, or NULL
 * @OwningProcess: ignored
 * @OwningThread: ignored
 * @SecurityDescriptor: ignored
 * @Irp: completes with Information = the connected CONNECTION socket
 *
 * If any step fails the socket is closed and the IRP completes with the
 * error (as WskBind or WskConnect would report it). The request cannot be
 * cancelled.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_NOT_SUPPORTED for another type or protocol,
 * STATUS_INVALID_PARAMETER for missing or mismatched addresses,
 * STATUS_INSUFFICIENT_RESOURCES. A NULL @Irp gives STATUS_INVALID_PARAMETER
 * and a NULL @Client STATUS_INVALID_HANDLE, without touching the IRP.
 */
NTSTATUS wsk_socket_connect(PWSK_CLIENT Client, USHORT SocketType, ULONG Protocol,
			    PSOCKADDR LocalAddress, PSOCKADDR RemoteAddress, ULONG Flags,
			    PVOID SocketContext, const WSK_CLIENT_CONNECTION_DISPATCH *Dispatch,
			    PEPROCESS OwningProcess, PETHREAD OwningThread,
			    PSECURITY_DESCRIPTOR SecurityDescriptor, PIRP Irp)
{
	struct wsk_client *client = wsk_client(Client);
	struct socket_connect_args *args;
	NTSTATUS status;

	if (!Irp)
		return STATUS_INVALID_PARAMETER;
	if (!client)
		return STATUS_INVALID_HANDLE;	/* the IRP untouched, as WskSocket */
	if (SocketType != SOCK_STREAM || (Protocol && Protocol != IPPROTO_TCP))
		return wsk_irp_fail(Irp, STATUS_NOT_SUPPORTED);
	if (!LocalAddress || !RemoteAddress || !wsk_address_length(LocalAddress) ||
	    RemoteAddress->sa_family != LocalAddress->sa_family)
		return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
	args = kzalloc(sizeof(*args), GFP_ATOMIC);
	if (!args)
		return wsk_irp_fail(Irp, STATUS_INSUFFICIENT_RESOURCES);
	if (!wsk_irp_start(Irp)) {
		kfree(args);
		return STATUS_INVALID_PARAMETER;
	}
	memcpy(&args->local, LocalAddress, wsk_address_length(LocalAddress));
	memcpy(&args->remote, RemoteAddress, wsk_address_length(RemoteAddress));
	args->context = SocketContext;
	args->dispatch = Dispatch;
	wsk_request(Irp)->arg = args;
	wsk_client_enter(client);
	status = wsk_queue_submit(&client->queue, Irp, socket_connect_op, false);
	wsk_client_leave(client);
	return status;
}
