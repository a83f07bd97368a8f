// SPDX-License-Identifier: GPL-2.0
/*
 * Data on connected sockets: WskSend, WskReceive and WskDisconnect, their
 * Ex forms with control information, and WskConnectEx's first send.
 *
 * Each call parks its IRP on the socket's send or receive list, in order.
 * The socket's poll (kicked by sk_data_ready and sk_write_space) moves
 * data with non-blocking kernel_sendmsg()/kernel_recvmsg() straight between
 * the socket and the client's MDLs, and completes what is done; a request
 * that would block goes back to the head of its list until the next kick.
 * A graceful disconnect waits in the send list behind earlier sends.
 *
 * When data arrives for a waiting receive, the softirq that brought it does
 * that work itself, as Windows completes at DISPATCH_LEVEL: it completes
 * the receive, then runs the sends and receives the completion routine
 * made (wsk_transfer_bh()). An echo or request/response server then never
 * waits for the worker.
 *
 * Contexts, all as the socket's runner (wsk_queue_assert_runner()):
 *
 *   function             worker   softirq   notes
 *   wsk_transfer_poll()  yes      yes       what it cannot run here it
 *                                           leaves to the worker
 *   send_one()           yes      yes       softirq: tcp_sendmsg_locked(),
 *                                           GFP_ATOMIC, the CPU's frag
 *   receive_one()        yes      yes       softirq: tcp_read_sock()
 *   drain_one()          yes      no        kernel_recvmsg() takes the lock
 *   send_op(),           yes      yes       ops: from the queue, or the
 *   receive_op(),                           softirq's own submissions
 *   abort_op()           yes      no        kernel_connect(AF_UNSPEC)
 *   wsk_events_poll()    yes      yes       indication.c; softirq: skbs
 *                                           cloned before the event
 *   wsk_transfer_bh()    no       yes       sk_callback_lock read side and
 *                                           the socket's spin lock held
 *
 * The per-CPU frag (xfer_frag) is touched only in softirq, on its CPU,
 * between xfer_frag_lend() and xfer_frag_return().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/socket.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <compat/compat.h>
#include "buffer.h"
#include "dispatch.h"
#include "indication.h"
#include "irp.h"
#include "status.h"
#include "transfer.h"

/* Internal flag: this entry of the send list is a graceful disconnect. */
#define WSK_XFER_DISCONNECT	0x80000000

#define WSK_XFER_VECS		16

/* Requests a softirq runs, at most, before it leaves the rest to the worker. */
#define WSK_XFER_BH_BUDGET	16

/*
 * The page frag softirq sends copy into: one per CPU, lent to the socket
 * while its softirq runs. The socket's own (sk->sk_frag) would hold a fresh
 * 32 KiB page per connection, zeroed on allocation and freed at close; the
 * task's belongs to whatever task the softirq interrupted.
 */
static DEFINE_PER_CPU(struct page_frag, xfer_frag);

/* Lend this CPU's frag to @sk, keeping the socket's own in @own. */
static void xfer_frag_lend(struct sock *sk, struct page_frag *own)
{
	struct page_frag *pf = this_cpu_ptr(&xfer_frag);

	*own = sk->sk_frag;
	sk->sk_frag = *pf;
	pf->page = NULL;	/* a nested borrower starts empty */
}

static void xfer_frag_return(struct sock *sk, const struct page_frag *own)
{
	struct page_frag *pf = this_cpu_ptr(&xfer_frag);

	if (pf->page)		/* a nested borrower's */
		put_page(pf->page);
	*pf = sk->sk_frag;
	sk->sk_frag = *own;
}

/* Free the frags. Context: module exit, no socket left. */
void wsk_transfer_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct page_frag *pf = per_cpu_ptr(&xfer_frag, cpu);

		if (pf->page)
			put_page(pf->page);
		pf->page = NULL;
	}
}

/* A call's buffer and flags, kept in the IRP; progress is in ->done. */
struct transfer_args {
	WSK_BUF buf;
	ULONG flags;
};

WSK_IRP_ARGS_FIT(struct transfer_args);

static NTSTATUS send_op(struct wsk_queue *q, PIRP irp);
static NTSTATUS receive_op(struct wsk_queue *q, PIRP irp);

/*
 * The worker moves data with kernel_sendmsg() and kernel_recvmsg(). A
 * softirq whose sk_data_ready runs the requests itself (wsk_transfer_bh())
 * has the socket locked already, and calls TCP's locked functions. What
 * needs more than that (a disconnect, a drain, urgent data, waiting for
 * memory) is left to the worker.
 */
static bool transfer_in_bh(void)
{
	return !in_task();
}

/*
 * Send @vec. Memory that lies in a received skb's pages (@lent: WskSend of
 * an indication's buffer) is lent to TCP, which takes references on the
 * pages instead of copying; the data is the stack's own, which nobody
 * writes, so the send may complete at once.
 */
static int xfer_send(struct socket *sock, struct kvec *vec, int n, size_t len, int flags,
		     bool lent)
{
	struct msghdr msg = { .msg_flags = flags };
	struct bio_vec bv[WSK_XFER_VECS];
	int i;

	if (lent && WSK_MSG_SPLICE_PAGES) {
		for (i = 0; i < n; i++)
			bvec_set_page(&bv[i], virt_to_page(vec[i].iov_base), vec[i].iov_len,
				      offset_in_page(vec[i].iov_base));
		iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, bv, n, len);
		msg.msg_flags |= WSK_MSG_SPLICE_PAGES;
	} else {
		iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, vec, n, len);
	}
	if (!transfer_in_bh())
		return sock_sendmsg(sock, &msg);
	return tcp_sendmsg_locked(sock->sk, &msg, len);
}

/* tcp_read_sock() actor: copy into the iov_iter in desc->arg.data. */
static int recv_actor(read_descriptor_t *desc, struct sk_buff *skb, unsigned int offset,
		      size_t len)
{
	len = min(len, desc->count);
	if (skb_copy_datagram_iter(skb, offset, desc->arg.data, len)) {
		desc->error = -EFAULT;
		return 0;
	}
	desc->count -= len;
	return len;
}

/* What tcp_recvmsg() returns when there is nothing to read. */
static int recv_nothing(struct sock *sk)
{
	if (sock_flag(sk, SOCK_DONE))
		return 0;
	if (sk->sk_err)
		return sock_error(sk);
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return 0;
	if (sk->sk_state == TCP_CLOSE)
		return -ENOTCONN;
	return -EAGAIN;
}

static int xfer_recv(struct socket *sock, struct kvec *vec, int n, size_t len)
{
	struct msghdr msg = {};
	struct iov_iter to;
	read_descriptor_t desc = { .arg.data = &to, .count = len };
	int ret;

	if (!transfer_in_bh())
		return kernel_recvmsg(sock, &msg, vec, n, len, MSG_DONTWAIT);
	iov_iter_kvec(&to, ITER_DEST, vec, n, len);
	ret = tcp_read_sock(sock->sk, &desc, recv_actor);
	if (!ret)
		ret = desc.error ? desc.error : recv_nothing(sock->sk);
	return ret;
}

/* Put back a request the softirq cannot run, and leave it to the worker. */
static void transfer_defer(struct wsk_sock *ws, struct list_head *list, PIRP irp)
{
	wsk_queue_unpark(&ws->queue, list, irp);
	wsk_queue_kick(&ws->queue);
}

/*
 * Whether the request can run here: on the worker, anything; in softirq, a
 * send of data, or a receive while no urgent data waits (tcp_read_sock()
 * stops at it, where tcp_recvmsg() skips it).
 */
static bool transfer_runs_here(struct wsk_sock *ws, PIRP irp)
{
	struct wsk_request *req = wsk_request(irp);
	struct transfer_args *args = wsk_irp_args(irp);

	if (!transfer_in_bh())
		return true;
	if (req->op == send_op)
		return !(args->flags & WSK_XFER_DISCONNECT);
	return req->op == receive_op && !(args->flags & WSK_FLAG_DRAIN) &&
	       !READ_ONCE(tcp_sk(ws->sk)->urg_data);
}

/*
 * Whether the next request the worker runs is a send of this socket that
 * pushes what is queued (data, or a disconnect's FIN): then this one goes
 * with MSG_MORE and TCP fills its segments with both, as when an echo
 * server sends back two receives' worth at once. Only requests the worker
 * submitted itself are looked at: nothing cancels them before they run.
 */
static bool send_follows(struct wsk_sock *ws)
{
	PIRP next = wsk_queue_peek_local(&ws->queue);
	struct transfer_args *args;

	if (!next || wsk_request(next)->op != send_op)
		return false;
	args = wsk_irp_args(next);
	return args->buf.Length || (args->flags & WSK_XFER_DISCONNECT);
}

/* Send the head of the send list as far as the socket takes it. */
static bool send_one(struct wsk_sock *ws, PIRP irp)
{
	struct transfer_args *args = wsk_irp_args(irp);
	struct wsk_request *req = wsk_request(irp);
	int flags = MSG_DONTWAIT | MSG_NOSIGNAL;
	struct kvec vec[WSK_XFER_VECS];
	bool rerun = ws->queue.rerun;
	int n, ret = 0;
	size_t len;
	bool lent;

	if (send_follows(ws))
		flags |= MSG_MORE;
	while (req->done < args->buf.Length) {
		n = wsk_buf_kvec(&args->buf, req->done, vec, ARRAY_SIZE(vec), &len, &lent);
		ret = xfer_send(ws->sock, vec, n, len, flags, lent);
		if (ret <= 0)
			break;
		req->done += ret;
	}
	if (req->done < args->buf.Length && ret == -EAGAIN) {
		/* sk_write_space resumes; the worker, if memory was short here */
		if (transfer_in_bh()) {
			transfer_defer(ws, &ws->sends, irp);
			return false;
		}
		wsk_queue_unpark(&ws->queue, &ws->sends, irp);
		/*
		 * Nothing in flight: memory, not room, was short, and no ACK will
		 * say when it is back. TCP then calls sk_write_space itself before
		 * returning, whose kick would run this send again at once, in a
		 * loop for as long as memory stays short: drop that kick and try
		 * again a little later instead.
		 */
		if (!READ_ONCE(ws->sk->sk_wmem_queued)) {
			ws->queue.rerun = rerun;
			wsk_sock_retry_later(ws);
		}
		return false;
	}
	if (req->done < args->buf.Length) {
		irp->IoStatus.Information = 0;
		wsk_queue_complete(&ws->queue, irp, wsk_errno_to_status(ret ? ret : -EPIPE));
		return true;
	}
	ret = 0;
	if (args->flags & WSK_XFER_DISCONNECT)
		ret = kernel_sock_shutdown(ws->sock, SHUT_WR);
	if (ret == -ENOTCONN)
		ret = -EPIPE;	/* the peer reset it first: already disconnected */
	irp->IoStatus.Information = (args->flags & WSK_XFER_DISCONNECT) ? 0 : req->done;
	wsk_queue_complete(&ws->queue, irp, wsk_errno_to_status(ret));
	return true;
}

/* WSK_FLAG_DRAIN: discard what arrives until the connection ends. */
static bool drain_one(struct wsk_sock *ws, PIRP irp)
{
	struct msghdr msg = {};
	struct kvec vec = {};
	int ret;

	do	/* TCP discards without copying under MSG_TRUNC */
		ret = kernel_recvmsg(ws->sock, &msg, &vec, 1, INT_MAX, MSG_DONTWAIT | MSG_TRUNC);
	while (ret > 0);
	if (ret == -EAGAIN) {
		wsk_queue_unpark(&ws->queue, &ws->receives, irp);
		return false;
	}
	irp->IoStatus.Information = 0;
	wsk_queue_complete(&ws->queue, irp, wsk_errno_to_status(ret));
	return true;
}

/*
 * Whether a non-blocking receive can return anything but -EAGAIN: data, the
 * end of the stream or an error. Read without the socket lock: what arrives
 * after this kicks the queue again through sk_data_ready.
 */
static bool receive_ready(struct sock *sk)
{
	/* tcp_inq() counts no data after urgent data not yet skipped */
	return tcp_inq(sk) || READ_ONCE(tcp_sk(sk)->urg_data) || READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) ||
	       READ_ONCE(sk->sk_state) == TCP_CLOSE;
}

static bool receive_one(struct wsk_sock *ws, PIRP irp)
{
	struct transfer_args *args = wsk_irp_args(irp);
	struct wsk_request *req = wsk_request(irp);
	bool waitall = args->flags & WSK_FLAG_WAITALL;
	struct kvec vec[WSK_XFER_VECS];
	int n, ret = 0;
	size_t len;

	if (args->flags & WSK_FLAG_DRAIN)
		return drain_one(ws, irp);
	while (req->done < args->buf.Length) {
		if (!receive_ready(ws->sk)) {
			ret = -EAGAIN;	/* without taking the socket lock */
			break;
		}
		n = wsk_buf_kvec(&args->buf, req->done, vec, ARRAY_SIZE(vec), &len, NULL);
		ret = xfer_recv(ws->sock, vec, n, len);
		if (ret <= 0)
			break;
		req->done += ret;
		if (!waitall)
			break;
	}
	if (ret == -EAGAIN && (!req->done || (waitall && req->done < args->buf.Length))) {
		wsk_queue_unpark(&ws->queue, &ws->receives, irp);	/* sk_data_ready resumes */
		return false;
	}
	/* Data, or 0 bytes at the peer's graceful close; an error after data waits. */
	ws->rx_paused = false;	/* a receive resumes the events an event refused */
	irp->IoStatus.Information = req->done;
	wsk_queue_complete(&ws->queue, irp, ret < 0 && !req->done ?
			   wsk_errno_to_status(ret) : STATUS_SUCCESS);
	return true;
}

/* Move data for waiting sends and receives, in order. */
void wsk_transfer_poll(struct wsk_sock *ws)
{
	PIRP irp;

	wsk_queue_assert_runner(&ws->queue);

	while ((irp = wsk_queue_take(&ws->queue, &ws->sends))) {
		if (!transfer_runs_here(ws, irp)) {
			transfer_defer(ws, &ws->sends, irp);
			break;
		}
		if (!send_one(ws, irp))
			break;
	}
	/* Nothing to read: leave the receives parked without touching them. */
	while (receive_ready(ws->sk) &&
	       (irp = wsk_queue_take(&ws->queue, &ws->receives))) {
		if (!transfer_runs_here(ws, irp)) {
			transfer_defer(ws, &ws->receives, irp);
			break;
		}
		if (!receive_one(ws, irp))
			break;
	}
}

/**
 * wsk_transfer_bh() - run a connected socket's transfers from its callbacks
 * @ws: the socket, whose sk_data_ready, sk_state_change or sk_write_space
 *	runs; in softirq, TCP calls them with the socket locked
 *
 * Instead of waking the worker, the softirq that brought data, the peer's
 * FIN or reset, or room to send completes the waiting receives and sends
 * itself, and runs the sends and receives their completion routines issue
 * on this socket, as Windows completes them at DISPATCH_LEVEL. What it
 * cannot run goes to the worker; with nothing waiting, the worker is not
 * woken at all. The connection events are offered here too
 * (wsk_events_poll()), before the requests their callbacks made.
 *
 * Context: any; runs only in softirq, sk_callback_lock held.
 * Return: whether it ran; if not, the caller kicks the worker.
 */
bool wsk_transfer_bh(struct wsk_sock *ws)
{
	struct wsk_queue *q = &ws->queue;
	int budget = WSK_XFER_BH_BUDGET;
	struct sock *sk = ws->sk;
	struct page_frag own;
	bool task_frag;
	gfp_t gfp;
	PIRP irp;

	/* TCP calls an established socket's callbacks in softirq locked. */
	if (!transfer_in_bh() || sk->sk_type != SOCK_STREAM ||
	    READ_ONCE(ws->state) != WSK_SOCK_CONNECTED || sock_owned_by_user_nocheck(sk) ||
	    READ_ONCE(ws->flags))
		return false;
	lockdep_assert_held(&sk->sk_lock.slock);
	if (!wsk_queue_enter_bh(q))
		return false;
	if (ws->state != WSK_SOCK_CONNECTED) {
		wsk_queue_kick(q);
		goto out;
	}
	/* Sends here: no sleeping allocation, this CPU's frag in sk->sk_frag. */
	gfp = sk->sk_allocation;
	task_frag = sk->sk_use_task_frag;
	sk->sk_allocation = GFP_ATOMIC;
	sk->sk_use_task_frag = false;
	xfer_frag_lend(sk, &own);
	wsk_transfer_poll(ws);
	wsk_events_poll(ws);
	while ((irp = wsk_queue_peek_local(q)) && transfer_runs_here(ws, irp) && --budget)
		wsk_queue_run(q, wsk_queue_take_local(q));
	xfer_frag_return(sk, &own);
	sk->sk_allocation = gfp;
	sk->sk_use_task_frag = task_frag;
out:
	wsk_queue_leave_bh(q);
	return true;
}

static NTSTATUS transfer_state(struct wsk_sock *ws)
{
	NTSTATUS gone = wsk_sock_gone(ws);

	if (gone)
		return gone;
	return ws->state == WSK_SOCK_CONNECTED ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_STATE;
}

static NTSTATUS send_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS status = transfer_state(ws);

	if (status != STATUS_SUCCESS)
		return status;
	wsk_request(irp)->done = 0;
	if (!list_empty(&ws->sends))	/* behind earlier sends, for the poll */
		return wsk_queue_park(q, &ws->sends, irp);
	send_one(ws, irp);		/* completes it, or parks it */
	return STATUS_PENDING;
}

/**
 * wsk_transfer_connect_send() - send WskConnectEx's data, now connected
 * @ws: the socket, just connected
 * @irp: the WskConnectEx, taken from the connect list
 * @buf: its data
 *
 * The IRP becomes a WskSend of @buf, behind any sends made meanwhile, and
 * completes as one.
 *
 * Context: the socket's worker.
 * Return: STATUS_PENDING: the IRP is completed or parked.
 */
NTSTATUS wsk_transfer_connect_send(struct wsk_sock *ws, PIRP irp, const WSK_BUF *buf)
{
	struct transfer_args *args = wsk_irp_args(irp);

	args->buf = *buf;
	args->flags = 0;
	wsk_request(irp)->op = send_op;
	return send_op(&ws->queue, irp);
}

static NTSTATUS receive_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS status = transfer_state(ws);

	if (status != STATUS_SUCCESS)
		return status;
	wsk_request(irp)->done = 0;
	if (!list_empty(&ws->receives))	/* behind earlier receives */
		return wsk_queue_park(q, &ws->receives, irp);
	receive_one(ws, irp);		/* completes it, or parks it */
	return STATUS_PENDING;
}

static NTSTATUS abort_op(struct wsk_queue *q, PIRP irp)
{
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS status = transfer_state(ws);

	if (status != STATUS_SUCCESS)
		return status;
	wsk_queue_flush(q, &ws->sends, STATUS_CONNECTION_ABORTED);
	wsk_queue_flush(q, &ws->receives, STATUS_CONNECTION_ABORTED);
	/* Connecting to AF_UNSPEC disconnects: TCP resets the connection. */
	return wsk_errno_to_status(kernel_connect(ws->sock, &unspec, sizeof(unspec), 0));
}

static NTSTATUS transfer_call(PWSK_SOCKET socket, PWSK_BUF buffer, ULONG flags,
			      ULONG allowed, PIRP irp, wsk_op_t op)
{
	static const WSK_BUF none;
	struct transfer_args *args;
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(socket, irp, &status);
	if (!ws)
		return status;
	if (flags & ~allowed)
		return wsk_irp_complete(irp, STATUS_NOT_SUPPORTED, 0);
	status = wsk_buf_check(buffer ? buffer : &none);
	if (status != STATUS_SUCCESS)
		return wsk_irp_complete(irp, status, 0);
	args = wsk_irp_args(irp);
	args->buf = buffer ? *buffer : none;
	args->flags = flags;
	return wsk_queue_submit(&ws->queue, irp, op, true);
}

/**
 * wsk_send() - WskSend: send data on a connected socket
 * @Socket: a connection socket, or a stream socket that connected or was
 *	accepted
 * @Buffer: the data; the MDLs must stay valid until the IRP completes
 * @Flags: 0 or WSK_FLAG_NODELAY (a hint: Linux's Nagle setting applies)
 * @Irp: completes with Information = @Buffer->Length once every byte is
 *	queued to the stack
 *
 * Sends complete in the order they were made. A send that does not fit
 * continues when the socket has room, never blocking.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for a buffer beyond its MDL chain,
 * STATUS_NOT_SUPPORTED for another flag, STATUS_INVALID_DEVICE_STATE when
 * the socket is not connected. Failures later: STATUS_CONNECTION_RESET,
 * STATUS_CONNECTION_DISCONNECTED (after a disconnect), STATUS_CANCELLED.
 */
NTSTATUS wsk_send(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, PIRP Irp)
{
	if (Irp && !Buffer)
		return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
	return transfer_call(Socket, Buffer, Flags, WSK_FLAG_NODELAY, Irp, send_op);
}

/**
 * wsk_receive() - WskReceive: receive data on a connected socket
 * @Socket: a connection socket, or a stream socket that connected or was
 *	accepted
 * @Buffer: where the data goes; the MDLs must stay valid until completion
 * @Flags: 0; WSK_FLAG_WAITALL to fill the whole buffer unless the
 *	connection ends; or WSK_FLAG_DRAIN, with a zero-length buffer, to
 *	discard what arrives until the connection ends (completes with 0 bytes
 *	after a graceful close, the error after a reset)
 * @Irp: completes with Information = the bytes received; 0 with
 *	STATUS_SUCCESS once the peer closed gracefully
 *
 * Receives complete in the order they were made.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for a bad buffer (or WSK_FLAG_DRAIN with a
 * non-empty buffer or with WSK_FLAG_WAITALL), STATUS_NOT_SUPPORTED for
 * another flag,
 * STATUS_INVALID_DEVICE_STATE when not connected. Failures later:
 * STATUS_CONNECTION_RESET, STATUS_CANCELLED.
 */
NTSTATUS wsk_receive(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, PIRP Irp)
{
	if (Irp && (!Buffer || ((Flags & WSK_FLAG_DRAIN) &&
				(Buffer->Length || (Flags & WSK_FLAG_WAITALL)))))
		return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
	return transfer_call(Socket, Buffer, Flags, WSK_FLAG_WAITALL | WSK_FLAG_DRAIN, Irp,
			     receive_op);
}

/**
 * wsk_send_ex() - WskSendEx: WskSend with control information
 * @Socket: as for WskSend
 * @Buffer: as for WskSend
 * @Flags: as for WskSend
 * @ControlInfoLength: the length of @ControlInfo; must be 0
 * @ControlInfo: control messages (WSACMSGHDR); NULL
 * @Irp: as for WskSend
 *
 * Linux TCP takes no control message on a send that a Windows client could
 * mean, so only a send without control information goes out.
 *
 * Context: any context; does not sleep.
 * Return: as WskSend; STATUS_INVALID_PARAMETER for a length without
 * control information, STATUS_NOT_SUPPORTED for control information.
 */
NTSTATUS wsk_send_ex(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, ULONG ControlInfoLength,
		     PCMSGHDR ControlInfo, PIRP Irp)
{
	if (ControlInfoLength && !ControlInfo)
		return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
	if (ControlInfoLength)
		return wsk_irp_fail(Irp, STATUS_NOT_SUPPORTED);
	return wsk_send(Socket, Buffer, Flags, Irp);
}

/**
 * wsk_receive_ex() - WskReceiveEx: WskReceive with control information
 * @Socket: as for WskReceive
 * @Buffer: as for WskReceive
 * @Flags: as for WskReceive
 * @ControlInfoLength: NULL, or the room at @ControlInfo, set to the length
 *	of the control information received: always 0, as Linux TCP has none
 *	for a Windows client
 * @ControlInfo: where control information would go
 * @ControlFlags: reserved, ignored
 * @Irp: as for WskReceive
 *
 * Context: any context; does not sleep.
 * Return: as WskReceive.
 */
NTSTATUS wsk_receive_ex(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags,
			PULONG ControlInfoLength, PCMSGHDR ControlInfo, PULONG ControlFlags,
			PIRP Irp)
{
	if (ControlInfoLength)
		*ControlInfoLength = 0;
	return wsk_receive(Socket, Buffer, Flags, Irp);
}

/**
 * wsk_disconnect() - WskDisconnect: end the connection
 * @Socket: a connected connection or stream socket
 * @Buffer: optional data to send first (graceful only)
 * @Flags: 0 for a graceful disconnect: earlier sends finish, then @Buffer,
 *	then FIN; receiving still works. WSK_FLAG_ABORTIVE resets the
 *	connection at once; pending sends and receives complete
 *	STATUS_CONNECTION_ABORTED.
 * @Irp: completes with STATUS_SUCCESS once done
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for a buffer with WSK_FLAG_ABORTIVE or a bad
 * buffer, STATUS_NOT_SUPPORTED for another flag,
 * STATUS_INVALID_DEVICE_STATE when not connected.
 */
NTSTATUS wsk_disconnect(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, PIRP Irp)
{
	if (Flags & WSK_FLAG_ABORTIVE) {
		if (Irp && Buffer)
			return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
		return transfer_call(Socket, NULL, 0, 0, Irp, abort_op);
	}
	if (Flags)
		return wsk_irp_fail_optional(Irp, STATUS_NOT_SUPPORTED);
	return transfer_call(Socket, Buffer, WSK_XFER_DISCONNECT, WSK_XFER_DISCONNECT, Irp,
			     send_op);
}
