// SPDX-License-Identifier: GPL-2.0
/*
 * WskIoctl on TCP sockets (connection and stream sockets, not listening
 * ones): the receive backlog, the ideal send backlog, SIO_TCP_INFO and
 * SIO_KEEPALIVE_VALS. The call checks the request; the socket's worker
 * reads or sets the TCP socket, taking its lock.
 *
 * SIO_WSK_SET_TCP_SILENT_MODE is refused with STATUS_NOT_SUPPORTED: a
 * module cannot stop a Linux TCP socket from acknowledging what arrives
 * or retransmitting what it sent without replacing its protocol, and a
 * connection that still answers is not silent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/tcp.h>
#include <net/tcp.h>
#include <compat/compat.h>
#include <mstcpip.h>
#include "control.h"
#include "irp.h"
#include "status.h"

/* Linux's TCP states (TCP_ESTABLISHED = 1 ...) as Windows' TCPSTATE. */
static TCPSTATE tcp_state(u8 state)
{
	static const TCPSTATE states[] = {
		[TCP_ESTABLISHED] = TCPSTATE_ESTABLISHED,
		[TCP_SYN_SENT] = TCPSTATE_SYN_SENT,
		[TCP_SYN_RECV] = TCPSTATE_SYN_RCVD,
		[TCP_FIN_WAIT1] = TCPSTATE_FIN_WAIT_1,
		[TCP_FIN_WAIT2] = TCPSTATE_FIN_WAIT_2,
		[TCP_TIME_WAIT] = TCPSTATE_TIME_WAIT,
		[TCP_CLOSE] = TCPSTATE_CLOSED,
		[TCP_CLOSE_WAIT] = TCPSTATE_CLOSE_WAIT,
		[TCP_LAST_ACK] = TCPSTATE_LAST_ACK,
		[TCP_LISTEN] = TCPSTATE_LISTEN,
		[TCP_CLOSING] = TCPSTATE_CLOSING,
		[TCP_NEW_SYN_RECV] = TCPSTATE_SYN_RCVD,
	};

	return state < ARRAY_SIZE(states) ? states[state] : TCPSTATE_CLOSED;
}

/*
 * SIO_TCP_INFO from the kernel's tcp_info. Windows counts what Linux does
 * not: fast retransmits, duplicate ACKs received, SYN retransmissions and
 * the send-limit transitions and bytes read 0; BytesReordered is the
 * reordering events seen times the MSS, an estimate.
 */
static NTSTATUS tcp_info_op(struct wsk_sock *ws, PIRP irp, ULONG version)
{
	struct tcp_sock *tp = tcp_sk(ws->sk);
	struct tcp_info ti;
	TCP_INFO_v1 out = {};
	u64 limited;

	tcp_get_info(ws->sk, &ti);
	out.State = tcp_state(ti.tcpi_state);
	out.Mss = ti.tcpi_snd_mss;
	if (ws->state == WSK_SOCK_CONNECTED)
		out.ConnectionTimeMs = jiffies_to_msecs(jiffies - ws->connected_at);
	out.TimestampsEnabled = !!(ti.tcpi_options & TCPI_OPT_TIMESTAMPS);
	out.RttUs = ti.tcpi_rtt;
	out.MinRttUs = ti.tcpi_min_rtt;
	out.BytesInFlight = READ_ONCE(tp->snd_nxt) - READ_ONCE(tp->snd_una);
	out.Cwnd = ti.tcpi_snd_cwnd * ti.tcpi_snd_mss;
	out.SndWnd = ti.tcpi_snd_wnd;
	out.RcvWnd = READ_ONCE(tp->rcv_wnd);
	out.RcvBuf = READ_ONCE(ws->sk->sk_rcvbuf);
	out.BytesOut = ti.tcpi_bytes_sent;
	out.BytesIn = ti.tcpi_bytes_received;
	out.BytesReordered = ti.tcpi_reord_seen * ti.tcpi_snd_mss;
	out.BytesRetrans = min_t(u64, ti.tcpi_bytes_retrans, U32_MAX);
	out.TimeoutEpisodes = wsk_tcpi_rto_episodes(&ti);
	if (version == 1) {
		/* Linux times the limits in microseconds, Windows in milliseconds. */
		out.SndLimTimeRwin = ti.tcpi_rwnd_limited / USEC_PER_MSEC;
		out.SndLimTimeSnd = ti.tcpi_sndbuf_limited / USEC_PER_MSEC;
		limited = ti.tcpi_rwnd_limited + ti.tcpi_sndbuf_limited;
		if (ti.tcpi_busy_time > limited)
			out.SndLimTimeCwnd = (ti.tcpi_busy_time - limited) / USEC_PER_MSEC;
		return wsk_control_output(irp, &out, sizeof(TCP_INFO_v1));
	}
	BUILD_BUG_ON(offsetof(TCP_INFO_v1, SynRetrans) != offsetof(TCP_INFO_v0, SynRetrans));
	return wsk_control_output(irp, &out, sizeof(TCP_INFO_v0));
}

/* SIO_KEEPALIVE_VALS: the times in milliseconds become seconds, rounded up. */
static NTSTATUS keepalive_op(struct wsk_sock *ws, const struct tcp_keepalive *k)
{
	int idle = max(DIV_ROUND_UP(k->keepalivetime, MSEC_PER_SEC), 1U);
	int intvl = max(DIV_ROUND_UP(k->keepaliveinterval, MSEC_PER_SEC), 1U);
	NTSTATUS status;

	if (k->onoff) {
		status = wsk_errno_to_status(tcp_sock_set_keepidle(ws->sk, idle));
		if (status == STATUS_SUCCESS)
			status = wsk_errno_to_status(tcp_sock_set_keepintvl(ws->sk, intvl));
		if (status != STATUS_SUCCESS)
			return status;
	}
	return wsk_control_set_int(ws, SOL_SOCKET, SO_KEEPALIVE, !!k->onoff);
}

/**
 * wsk_ioctl_known() - whether ioctl.c handles this WskIoctl code
 * @code: the control code
 *
 * Return: true for the codes of TCP sockets wsk_ioctl_op() runs.
 */
bool wsk_ioctl_known(ULONG code)
{
	switch (code) {
	case SIO_WSK_QUERY_RECEIVE_BACKLOG:
	case SIO_WSK_QUERY_IDEAL_SEND_BACKLOG:
	case SIO_TCP_INFO:
	case SIO_KEEPALIVE_VALS:
	case SIO_WSK_SET_TCP_SILENT_MODE:
		return true;
	default:
		return false;
	}
}

/* The output a known code needs from its input (SIO_TCP_INFO's version). */
static size_t output_size(const struct wsk_control_args *a)
{
	ULONG version;

	switch (a->code) {
	case SIO_WSK_QUERY_RECEIVE_BACKLOG:
	case SIO_WSK_QUERY_IDEAL_SEND_BACKLOG:
		return sizeof(SIZE_T);
	case SIO_TCP_INFO:
		memcpy(&version, a->in, sizeof(version));
		return version ? sizeof(TCP_INFO_v1) : sizeof(TCP_INFO_v0);
	default:
		return 0;
	}
}

/**
 * wsk_ioctl_check() - check a WskIoctl request at the call
 * @ws: the socket
 * @a: the request, of a code wsk_ioctl_known() accepts
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS to queue it; STATUS_INVALID_PARAMETER on a
 * datagram or listening socket or for bad input (SIO_TCP_INFO takes a
 * ULONG version 0 or 1, SIO_KEEPALIVE_VALS a struct tcp_keepalive);
 * STATUS_BUFFER_TOO_SMALL when the output does not fit; STATUS_NOT_SUPPORTED
 * for SIO_WSK_SET_TCP_SILENT_MODE.
 */
NTSTATUS wsk_ioctl_check(struct wsk_sock *ws, const struct wsk_control_args *a)
{
	ULONG version;
	size_t need;

	if (ws->kind != WSK_FLAG_CONNECTION_SOCKET && ws->kind != WSK_FLAG_STREAM_SOCKET)
		return STATUS_INVALID_PARAMETER;
	if (a->code == SIO_WSK_SET_TCP_SILENT_MODE)
		return STATUS_NOT_SUPPORTED;
	if (a->code == SIO_TCP_INFO) {
		if (!a->in || a->in_size != sizeof(version))
			return STATUS_INVALID_PARAMETER;
		memcpy(&version, a->in, sizeof(version));
		if (version > 1)
			return STATUS_INVALID_PARAMETER;
	} else if (a->code == SIO_KEEPALIVE_VALS) {
		if (!a->in || a->in_size != sizeof(struct tcp_keepalive))
			return STATUS_INVALID_PARAMETER;
	}
	need = output_size(a);
	if (a->out_size < need || (need && !a->out))
		return STATUS_BUFFER_TOO_SMALL;
	return STATUS_SUCCESS;
}

/**
 * wsk_ioctl_op() - run a WskIoctl request that wsk_ioctl_check() passed
 * @q: the socket's queue
 * @irp: the request
 *
 * The backlogs need a connected socket: the receive backlog is what the
 * TCP socket holds unread (data an indication offered and the client did
 * not accept included); the ideal send backlog is the socket's send buffer
 * size, as WskSendBacklogEvent reports it. A listening stream socket gets
 * STATUS_INVALID_DEVICE_STATE for every code.
 *
 * Context: the socket's worker.
 * Return: the request's status.
 */
NTSTATUS wsk_ioctl_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_control_args *a = wsk_irp_args(irp);
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);
	struct tcp_keepalive k;
	SIZE_T size;
	ULONG version;

	if (gone)
		return gone;
	if (ws->state == WSK_SOCK_LISTENING)
		return STATUS_INVALID_DEVICE_STATE;
	switch (a->code) {
	case SIO_TCP_INFO:
		memcpy(&version, a->in, sizeof(version));
		return tcp_info_op(ws, irp, version);
	case SIO_KEEPALIVE_VALS:
		memcpy(&k, a->in, sizeof(k));
		return keepalive_op(ws, &k);
	}
	if (ws->state != WSK_SOCK_CONNECTED)
		return STATUS_INVALID_DEVICE_STATE;
	if (a->code == SIO_WSK_QUERY_RECEIVE_BACKLOG)
		size = tcp_inq(ws->sk);
	else
		size = READ_ONCE(ws->sk->sk_sndbuf);
	return wsk_control_output(irp, &size, sizeof(size));
}
