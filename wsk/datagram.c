// SPDX-License-Identifier: GPL-2.0
/*
 * Datagram sockets: WskSendTo, WskSendMessages and WskReceiveFrom on
 * kernel UDP sockets, and the fixed addresses of SIO_WSK_SET_REMOTE_ADDRESS and
 * SIO_WSK_SET_SENDTO_ADDRESS.
 *
 * A datagram socket is bound first. Each call parks its IRP on the
 * socket's send or receive list, in order; the socket's poll (kicked by
 * sk_data_ready and sk_write_space) sends or receives one datagram per
 * request with non-blocking kernel_sendmsg()/kernel_recvmsg(), straight
 * between the socket and the client's MDLs. A fixed remote address is the
 * kernel socket's connect(): the default destination and the only source
 * datagrams are received from. A fixed destination is only a default.
 * Setting either replaces the other.
 *
 * Contexts: the ops and wsk_datagram_poll() run as the socket's runner, on
 * the worker; the entry points in any context, without sleeping.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/socket.h>
#include <net/sock.h>
#include "buffer.h"
#include "cmsg.h"
#include "datagram.h"
#include "dispatch.h"
#include "irp.h"
#include "status.h"

/* MDLs one datagram may span: it goes to the socket in one call. */
#define WSK_DGRAM_VECS	32

/*
 * WskSendTo's and WskSendMessages' arguments: in the stack location, and
 * in the provider's part. WskSendMessages moves @list along as datagrams
 * go, and counts their bytes in the request's done.
 */
struct send_to_args {
	union {
		WSK_BUF buf;		/* WskSendTo */
		PWSK_BUF_LIST list;	/* WskSendMessages: the next to send */
	};
	PCMSGHDR control;
};

struct send_to_more {
	union wsk_address remote;	/* AF_UNSPEC: none given */
	ULONG control_len;
};

/* WskReceiveFrom's. */
struct receive_from_args {
	WSK_BUF buf;
	PSOCKADDR remote;
};

struct receive_from_more {
	PULONG control_len;
	PCMSGHDR control;
	PULONG flags;
};

WSK_IRP_ARGS_FIT(struct send_to_args);
WSK_IRP_MORE_ARGS_FIT(struct send_to_more);
WSK_IRP_ARGS_FIT(struct receive_from_args);
WSK_IRP_MORE_ARGS_FIT(struct receive_from_more);

static NTSTATUS dgram_state(struct wsk_sock *ws)
{
	NTSTATUS gone = wsk_sock_gone(ws);

	if (gone)
		return gone;
	return ws->state == WSK_SOCK_BOUND ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_STATE;
}

/*
 * After WskBind: the port stays the socket's when a fixed remote address
 * is cleared (UDP's disconnect gives back a port bind chose otherwise).
 *
 * Context: the socket's runner.
 */
void wsk_datagram_bound(struct wsk_sock *ws)
{
	lock_sock(ws->sk);
	ws->sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	release_sock(ws->sk);
}

/* The client's buffer as kvecs: the count, or -EINVAL if it spans too many MDLs. */
static int dgram_kvec(const WSK_BUF *buf, struct kvec *vec, size_t *len)
{
	int n = wsk_buf_kvec(buf, 0, vec, WSK_DGRAM_VECS, len, NULL);

	return *len < buf->Length ? -EINVAL : n;
}

/* Send one datagram, @buf, of the request @irp: its length, or -errno. */
static int send_to_one(struct wsk_sock *ws, PIRP irp, const WSK_BUF *buf)
{
	struct send_to_args *a = wsk_irp_args(irp);
	struct send_to_more *m = wsk_irp_more_args(irp);
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec vec[WSK_DGRAM_VECS];
	u8 control[WSK_DGRAM_CMSG] __aligned(8);
	union wsk_address *to = NULL;
	size_t len;
	int n;

	n = dgram_kvec(buf, vec, &len);
	if (n < 0)
		return n;
	if (m->remote.sa.sa_family != AF_UNSPEC)
		to = &m->remote;
	else if (ws->sendto.sa.sa_family != AF_UNSPEC)
		to = &ws->sendto;
	if (to) {
		msg.msg_name = to;
		msg.msg_namelen = wsk_address_length(&to->sa);
	}
	if (m->control_len) {
		int clen = wsk_cmsg_from_client(a->control, m->control_len, control,
						sizeof(control));

		if (clen < 0)
			return clen;
		msg.msg_control = control;
		msg.msg_controllen = clen;
	}
	return kernel_sendmsg(ws->sock, &msg, vec, n, len);
}

static NTSTATUS send_messages_op(struct wsk_queue *q, PIRP irp);

/* Whether the request is a WskSendMessages (else a WskSendTo). */
static bool send_messages(PIRP irp)
{
	return wsk_request(irp)->op == send_messages_op;
}

/*
 * The request's datagrams, in order: the bytes of the last, or -errno. A
 * WskSendMessages stops at the first that fails or must wait, and goes on
 * from there.
 */
static int send_to_all(struct wsk_sock *ws, PIRP irp)
{
	struct send_to_args *a = wsk_irp_args(irp);
	int ret = 0;

	if (!send_messages(irp))
		return send_to_one(ws, irp, &a->buf);
	for (; a->list; a->list = a->list->Next) {
		ret = send_to_one(ws, irp, &a->list->Buffer);
		if (ret < 0)
			break;
		wsk_request(irp)->done += ret;
	}
	return ret;
}

/* Send the head of the send list; false if it waits for room. */
static bool send_to_done(struct wsk_sock *ws, PIRP irp)
{
	bool rerun = ws->queue.rerun;
	int ret = send_to_all(ws, irp);

	if (ret == -EAGAIN) {
		wsk_queue_unpark(&ws->queue, &ws->sends, irp);
		smp_mb();	/* parked before the room is read: sk_write_space sees it */
		/*
		 * Nothing in flight: memory, not room, was short, and no skb
		 * freed will call sk_write_space: try again a little later.
		 * Otherwise room may have come back before the IRP was parked.
		 */
		if (!sk_wmem_alloc_get(ws->sk)) {
			ws->queue.rerun = rerun;
			wsk_sock_retry_later(ws);
		} else if (sock_writeable(ws->sk)) {
			wsk_queue_kick(&ws->queue);
		}
		return false;
	}
	if (ret >= 0 && send_messages(irp))
		ret = wsk_request(irp)->done;
	irp->IoStatus.Information = max(ret, 0);
	wsk_queue_complete(&ws->queue, irp, ret < 0 ? wsk_errno_to_status(ret) : STATUS_SUCCESS);
	return true;
}

/* Whether a non-blocking receive can return anything but -EAGAIN. */
static bool receive_ready(struct wsk_sock *ws)
{
	return wsk_datagrams_wait(ws) || READ_ONCE(ws->sk->sk_err);
}

/* Receive one datagram for the head of the receive list; false if none came. */
static bool receive_from_one(struct wsk_sock *ws, PIRP irp)
{
	struct receive_from_args *a = wsk_irp_args(irp);
	struct receive_from_more *m = wsk_irp_more_args(irp);
	u8 control[WSK_DGRAM_CMSG] __aligned(8);
	union wsk_address from = {};
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
			      .msg_control = control, .msg_controllen = sizeof(control) };
	struct kvec vec[WSK_DGRAM_VECS];
	bool ctrunc = false;
	ULONG flags, room;
	size_t len;
	int n, ret;

	n = dgram_kvec(&a->buf, vec, &len);
	if (n >= 0)
		iov_iter_kvec(&msg.msg_iter, ITER_DEST, vec, n, len);
	ret = n < 0 ? n : wsk_datagram_held_copy(ws, &msg, len, &from);
	if (ret == -EAGAIN)
		ret = kernel_recvmsg(ws->sock, &msg, vec, n, len, MSG_DONTWAIT);
	if (ret == -EAGAIN) {
		wsk_queue_unpark(&ws->queue, &ws->receives, irp);
		return false;
	}
	irp->IoStatus.Information = max(ret, 0);
	if (ret >= 0) {
		if (a->remote)
			memcpy(a->remote, &from, wsk_address_length(&from.sa));
		room = m->control && m->control_len ? *m->control_len : 0;
		if (m->control_len)
			*m->control_len = wsk_cmsg_to_client(control,
							     sizeof(control) - msg.msg_controllen,
							     m->control, room, ws->cmsg_ecn,
							     &ctrunc);
		flags = msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC);
		if (ctrunc)
			flags |= MSG_CTRUNC;
		if (m->flags)
			*m->flags = flags;
	}
	wsk_queue_complete(&ws->queue, irp, ret < 0 ? wsk_errno_to_status(ret) : STATUS_SUCCESS);
	return true;
}

/**
 * wsk_datagram_poll() - move datagrams for a bound datagram socket
 * @ws: the socket
 *
 * Sends, then receives, in order, as far as the socket lets them go; then
 * what no receive waited for goes to WskReceiveFromEvent, if enabled.
 *
 * Context: the socket's runner, on the worker.
 */
void wsk_datagram_poll(struct wsk_sock *ws)
{
	PIRP irp;

	wsk_queue_assert_runner(&ws->queue);

	while ((irp = wsk_queue_take(&ws->queue, &ws->sends)) && send_to_done(ws, irp))
		;
	while (receive_ready(ws) && (irp = wsk_queue_take(&ws->queue, &ws->receives)) &&
	       receive_from_one(ws, irp))
		;
	wsk_datagram_events_poll(ws);
}

static NTSTATUS send_to_op(struct wsk_queue *q, PIRP irp);
static NTSTATUS receive_from_op(struct wsk_queue *q, PIRP irp);

/*
 * Requests and polls a softirq runs, at most, before it leaves the rest to
 * the worker.
 */
#define WSK_DGRAM_BH_BUDGET	16

/*
 * Whether the socket is closing or going away: the worker's business. A
 * running event callback (WSK_SOCK_IN_EVENT) is not: its runner polls
 * again for this callback.
 */
static bool dgram_bh_refused(struct wsk_sock *ws)
{
	return READ_ONCE(ws->flags) & ~BIT(WSK_SOCK_IN_EVENT);
}

/* Whether a softirq may run the request: a send or a receive, which do not sleep. */
static bool dgram_runs_here(PIRP irp)
{
	wsk_op_t op = wsk_request(irp)->op;

	return op == send_to_op || op == send_messages_op || op == receive_from_op;
}

/**
 * wsk_datagram_bh() - run a datagram socket's poll from its callbacks
 * @ws: the socket, whose sk_data_ready or sk_write_space runs
 *
 * Instead of waking the worker, the softirq that brought a datagram (or
 * room to send) completes the waiting receives and sends itself, offers
 * the datagrams to WskReceiveFromEvent, and runs the sends and receives
 * the client made meanwhile (from the event or its completion routines),
 * as Windows does at DISPATCH_LEVEL. Sends allocate with GFP_ATOMIC
 * meanwhile. Anything else, and a socket closing or going away, is left
 * to the worker. A callback that finds another runner there (another
 * CPU's, or the worker) leaves the datagram to it: that runner polls again
 * before it leaves, in softirq if it runs there.
 *
 * Context: any; runs only in softirq, sk_callback_lock held for reading.
 * Return: whether it ran; if not, the caller kicks the worker.
 */
bool wsk_datagram_bh(struct wsk_sock *ws)
{
	struct wsk_queue *q = &ws->queue;
	int budget = WSK_DGRAM_BH_BUDGET;
	struct sock *sk = ws->sk;
	gfp_t gfp;
	PIRP irp;

	if (in_task() || ws->kind != WSK_FLAG_DATAGRAM_SOCKET ||
	    READ_ONCE(ws->state) != WSK_SOCK_BOUND || dgram_bh_refused(ws))
		return false;
	/* Another runner has the socket: it polls again for this callback. */
	if (!wsk_queue_enter_bh(q) && !wsk_queue_miss_bh(q))
		return true;
	if (ws->state != WSK_SOCK_BOUND || dgram_bh_refused(ws)) {
		wsk_queue_kick(q);
		wsk_queue_leave_bh(q);
		return true;
	}
	gfp = sk->sk_allocation;
	sk->sk_allocation = GFP_ATOMIC;
	for (;;) {
		wsk_datagram_poll(ws);
		while ((irp = wsk_queue_peek_local(q)) && dgram_runs_here(irp) && --budget > 0)
			wsk_queue_run(q, wsk_queue_take_local(q));
		if (--budget <= 0) {
			wsk_queue_leave_bh(q);	/* the worker does the rest */
			break;
		}
		if (!wsk_queue_leave_bh_again(q))
			break;
	}
	sk->sk_allocation = gfp;
	return true;
}

static NTSTATUS send_to_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS status = dgram_state(ws);

	if (status != STATUS_SUCCESS)
		return status;
	wsk_request(irp)->done = 0;
	if (!list_empty(&ws->sends))	/* behind earlier sends, for the poll */
		return wsk_queue_park(q, &ws->sends, irp);
	send_to_done(ws, irp);		/* completes it, or parks it */
	return STATUS_PENDING;
}

static NTSTATUS send_messages_op(struct wsk_queue *q, PIRP irp)
{
	return send_to_op(q, irp);
}

static NTSTATUS receive_from_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS status = dgram_state(ws);

	if (status != STATUS_SUCCESS)
		return status;
	if (!list_empty(&ws->receives) || !receive_ready(ws))
		return wsk_queue_park(q, &ws->receives, irp);
	receive_from_one(ws, irp);	/* completes it, or parks it */
	return STATUS_PENDING;
}

/* Copy an optional address of the socket's family; AF_UNSPEC for none. */
static NTSTATUS optional_address(union wsk_address *to, const struct wsk_sock *ws,
				 const struct sockaddr *addr)
{
	to->sa.sa_family = AF_UNSPEC;
	return addr ? wsk_address_copy(to, ws, addr) : STATUS_SUCCESS;
}

/* WskSendTo's (@list NULL) and WskSendMessages' (@buf NULL) checks and submission. */
static NTSTATUS send_call(PWSK_SOCKET socket, PWSK_BUF buf, PWSK_BUF_LIST list, ULONG flags,
			  PSOCKADDR remote, ULONG control_len, PCMSGHDR control, PIRP irp)
{
	struct send_to_more *m;
	struct send_to_args *a;
	struct wsk_sock *ws;
	NTSTATUS status;
	PWSK_BUF_LIST b;

	ws = wsk_sock_start(socket, irp, &status);
	if (!ws)
		return status;
	if (flags)
		return wsk_irp_complete(irp, STATUS_NOT_SUPPORTED, 0);
	status = (buf || list) && (!control_len || control) ? STATUS_SUCCESS :
							       STATUS_INVALID_PARAMETER;
	if (buf && status == STATUS_SUCCESS)
		status = wsk_buf_check(buf);
	for (b = list; b && status == STATUS_SUCCESS; b = b->Next)
		status = wsk_buf_check(&b->Buffer);
	m = wsk_irp_more_args(irp);
	if (status == STATUS_SUCCESS)
		status = optional_address(&m->remote, ws, remote);
	if (status != STATUS_SUCCESS)
		return wsk_irp_complete(irp, status, 0);
	a = wsk_irp_args(irp);
	if (list)
		a->list = list;
	else
		a->buf = *buf;
	a->control = control;
	m->control_len = control_len;
	return wsk_queue_submit(&ws->queue, irp, list ? send_messages_op : send_to_op, true);
}

/**
 * wsk_send_to() - WskSendTo: send one datagram
 * @Socket: a bound DATAGRAM socket
 * @Buffer: the datagram; its MDLs (at most 32) stay valid until completion
 * @Flags: reserved, 0
 * @RemoteAddress: where to, of the socket's family; NULL for the fixed
 *	remote or destination address
 * @ControlInfoLength: bytes at @ControlInfo, 0 for none
 * @ControlInfo: control messages with Linux levels, types and layouts
 *	(IP_PKTINFO, IP_TOS, IPV6_TCLASS, ...); valid until completion
 * @Irp: completes with Information = the datagram's length once the stack
 *	has it
 *
 * Sends complete in the order they were made; one that finds the socket's
 * send buffer full waits for room, never blocking.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for a bad buffer or address, or no address and
 * none fixed; STATUS_NOT_SUPPORTED for a flag; STATUS_INVALID_DEVICE_STATE
 * when the socket is not bound; STATUS_INVALID_BUFFER_SIZE for a datagram
 * larger than the protocol allows; STATUS_NETWORK_UNREACHABLE,
 * STATUS_HOST_UNREACHABLE; STATUS_CANCELLED.
 */
NTSTATUS wsk_send_to(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, PSOCKADDR RemoteAddress,
		     ULONG ControlInfoLength, PCMSGHDR ControlInfo, PIRP Irp)
{
	return send_call(Socket, Buffer, NULL, Flags, RemoteAddress, ControlInfoLength,
			 ControlInfo, Irp);
}

/**
 * wsk_send_messages() - WskSendMessages: send a list of datagrams
 * @Socket: a bound DATAGRAM socket
 * @BufferList: the datagrams, one per element, sent in order; the list
 *	and its MDLs stay valid until completion
 * @Flags: reserved, 0
 * @RemoteAddress: where to, of the socket's family; NULL for the fixed
 *	remote or destination address
 * @ControlInfoLength: bytes at @ControlInfo, 0 for none
 * @ControlInfo: control messages for every datagram (see wsk_send_to())
 * @Irp: completes with Information = the bytes of all the datagrams
 *
 * A datagram that fails ends the request with its status and Information
 * 0; those before it were sent.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with, as for
 * wsk_send_to(); STATUS_INVALID_PARAMETER for an empty list or a bad
 * buffer in it.
 */
NTSTATUS wsk_send_messages(PWSK_SOCKET Socket, PWSK_BUF_LIST BufferList, ULONG Flags,
			   PSOCKADDR RemoteAddress, ULONG ControlInfoLength, PCMSGHDR ControlInfo,
			   PIRP Irp)
{
	return send_call(Socket, NULL, BufferList, Flags, RemoteAddress, ControlInfoLength,
			 ControlInfo, Irp);
}

/**
 * wsk_receive_from() - WskReceiveFrom: receive one datagram
 * @Socket: a bound DATAGRAM socket
 * @Buffer: where the datagram goes; its MDLs (at most 32) stay valid until
 *	completion
 * @Flags: reserved, 0
 * @RemoteAddress: optional, receives the sender's address (a buffer for
 *	the socket's family)
 * @ControlLength: optional; receives the control information's length
 *	(0: wsk delivers none yet)
 * @ControlInfo: optional buffer for control information
 * @ControlFlags: optional; receives MSG_TRUNC (Linux's value, as the name
 *	reads in a Linux build) when the datagram was longer than @Buffer
 * @Irp: completes with Information = the bytes received
 *
 * Receives complete in the order they were made, one datagram each; the
 * rest of a truncated datagram is lost. With a fixed remote address, only
 * datagrams from it are received.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for a bad buffer, STATUS_NOT_SUPPORTED for a
 * flag, STATUS_INVALID_DEVICE_STATE when the socket is not bound;
 * STATUS_CONNECTION_REFUSED after an ICMP port unreachable for a fixed
 * remote address; STATUS_CANCELLED.
 */
NTSTATUS wsk_receive_from(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags,
			  PSOCKADDR RemoteAddress, PULONG ControlLength, PCMSGHDR ControlInfo,
			  PULONG ControlFlags, PIRP Irp)
{
	struct receive_from_more *m;
	struct receive_from_args *a;
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(Socket, Irp, &status);
	if (!ws)
		return status;
	if (Flags)
		return wsk_irp_complete(Irp, STATUS_NOT_SUPPORTED, 0);
	status = Buffer ? wsk_buf_check(Buffer) : STATUS_INVALID_PARAMETER;
	if (status != STATUS_SUCCESS)
		return wsk_irp_complete(Irp, status, 0);
	a = wsk_irp_args(Irp);
	m = wsk_irp_more_args(Irp);
	a->buf = *Buffer;
	a->remote = RemoteAddress;
	m->control_len = ControlLength;
	m->control = ControlInfo;
	m->flags = ControlFlags;
	return wsk_queue_submit(&ws->queue, Irp, receive_from_op, true);
}

/* The fixed address codes' arguments, in the provider's part of the IRP. */
struct fixed_address_args {
	union wsk_address addr;		/* AF_UNSPEC: clear */
	ULONG code;
};

WSK_IRP_MORE_ARGS_FIT(struct fixed_address_args);

/*
 * SIO_WSK_SET_REMOTE_ADDRESS connects the kernel socket (or, cleared,
 * dissolves its association); SIO_WSK_SET_SENDTO_ADDRESS dissolves it and
 * keeps a default destination, receiving from anyone.
 */
static NTSTATUS fixed_address_op(struct wsk_queue *q, PIRP irp)
{
	struct fixed_address_args *a = wsk_irp_more_args(irp);
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	bool remote = a->code == SIO_WSK_SET_REMOTE_ADDRESS;
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS status = dgram_state(ws);
	int err;

	if (status != STATUS_SUCCESS)
		return status;
	if (remote && a->addr.sa.sa_family != AF_UNSPEC)
		err = kernel_connect(ws->sock, &a->addr.sa, wsk_address_length(&a->addr.sa), 0);
	else
		err = kernel_connect(ws->sock, &unspec, sizeof(unspec), 0);
	if (err)
		return wsk_errno_to_status(err);
	if (remote)
		ws->sendto.sa.sa_family = AF_UNSPEC;
	else
		ws->sendto = a->addr;
	return STATUS_SUCCESS;
}

/**
 * wsk_datagram_ioctl() - a datagram socket's WskIoctl codes
 * @ws: the socket
 * @code: SIO_WSK_SET_REMOTE_ADDRESS or SIO_WSK_SET_SENDTO_ADDRESS
 * @size: the size of @addr, 0 to clear
 * @addr: the address, of the socket's family, or NULL to clear
 * @irp: a started IRP
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for another code on this socket or a bad
 * address.
 */
NTSTATUS wsk_datagram_ioctl(struct wsk_sock *ws, ULONG code, SIZE_T size, PVOID addr, PIRP irp)
{
	struct fixed_address_args *a;
	NTSTATUS status;

	if (ws->kind != WSK_FLAG_DATAGRAM_SOCKET ||
	    (code != SIO_WSK_SET_REMOTE_ADDRESS && code != SIO_WSK_SET_SENDTO_ADDRESS) ||
	    !addr != !size ||
	    (addr && (size < sizeof(sa_family_t) || size < wsk_address_length(addr))))
		return wsk_irp_complete(irp, STATUS_INVALID_PARAMETER, 0);
	a = wsk_irp_more_args(irp);
	status = optional_address(&a->addr, ws, addr);
	if (status == STATUS_SUCCESS && code == SIO_WSK_SET_SENDTO_ADDRESS && !addr)
		status = STATUS_INVALID_PARAMETER;	/* only the remote one clears */
	if (status != STATUS_SUCCESS)
		return wsk_irp_complete(irp, status, 0);
	a->code = code;
	return wsk_queue_submit(&ws->queue, irp, fixed_address_op, true);
}
