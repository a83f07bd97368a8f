// SPDX-License-Identifier: GPL-2.0
/*
 * WskControlSocket and WskControlClient: event callbacks, socket options,
 * static event callbacks and the Linux network namespace extension.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/ipv6.h>
#include <compat/compat.h>
#include <wsk_linux.h>
#include "cmsg.h"
#include "control.h"
#include "datagram.h"
#include "dispatch.h"
#include "inspect.h"
#include "irp.h"
#include "option.h"
#include "socket.h"
#include "status.h"

/* The events each kind of socket may enable. */
static ULONG kind_events(ULONG kind)
{
	switch (kind) {
	case WSK_FLAG_LISTEN_SOCKET:
		return WSK_EVENT_ACCEPT | WSK_CONNECTION_EVENTS;
	case WSK_FLAG_STREAM_SOCKET:
		return WSK_EVENT_ACCEPT | WSK_CONNECTION_EVENTS;
	case WSK_FLAG_CONNECTION_SOCKET:
		return WSK_CONNECTION_EVENTS;
	case WSK_FLAG_DATAGRAM_SOCKET:
		return WSK_EVENT_RECEIVE_FROM;
	default:
		return 0;
	}
}

/* Check a WSK_EVENT_CALLBACK_CONTROL and return its mask, or 0. */
static ULONG event_mask(SIZE_T size, const void *buffer)
{
	const WSK_EVENT_CALLBACK_CONTROL *ctl = buffer;

	if (!ctl || size < sizeof(*ctl) || !ctl->NpiId ||
	    memcmp(ctl->NpiId, &NPI_WSK_INTERFACE_ID, sizeof(NPIID)))
		return 0;
	return ctl->EventMask;
}

static NTSTATUS set_event_callbacks(struct wsk_sock *ws, SIZE_T size, const void *buffer)
{
	ULONG mask = event_mask(size, buffer);
	ULONG events = mask & ~WSK_EVENT_DISABLE;
	NTSTATUS gone = wsk_sock_gone(ws);

	if (!events || (events & ~kind_events(ws->kind)))
		return STATUS_INVALID_PARAMETER;
	if (test_bit(WSK_SOCK_CLOSING, &ws->flags))
		return STATUS_INVALID_HANDLE;	/* as any call after WskCloseSocket */
	if (gone)
		return gone;
	if (ws->kind == WSK_FLAG_CONNECTION_SOCKET ? ws->state != WSK_SOCK_CONNECTED :
						     ws->state == WSK_SOCK_OPEN)
		return STATUS_INVALID_DEVICE_STATE;
	if (mask & WSK_EVENT_DISABLE) {
		if (events & ws->static_events)
			return STATUS_INVALID_PARAMETER;
		wsk_sock_update_events(ws, 0, events);
		return test_bit(WSK_SOCK_IN_EVENT, &ws->flags) ? STATUS_EVENT_PENDING :
								 STATUS_SUCCESS;
	}
	if (!ws->client_dispatch)
		return STATUS_INVALID_PARAMETER;
	wsk_sock_update_events(ws, events, 0);
	/* Deliver what already waits, such as connections in the backlog. */
	wsk_queue_kick(&ws->queue);
	return STATUS_SUCCESS;
}

/*
 * Options wsk refuses to pass through: a ULP (kTLS, SMC, espintcp),
 * UDP_ENCAP (ESP or L2TP over UDP take the socket's datagrams for the
 * kernel) and IPV6_ADDRFORM replace the socket's protocol operations,
 * receive path or callbacks,
 * after which wsk's softirq path would bypass them and its close would
 * put back callbacks they no longer expect; TCP repair mode is for
 * checkpointing user space, and SOL_TLS needs the ULP.
 */
static bool option_refused(ULONG level, ULONG code)
{
	switch (level) {
	case IPPROTO_TCP:
		return code == TCP_ULP || code == TCP_REPAIR || code == TCP_REPAIR_QUEUE ||
		       code == TCP_QUEUE_SEQ || code == TCP_REPAIR_OPTIONS ||
		       code == TCP_REPAIR_WINDOW;
	case IPPROTO_IPV6:
		return code == IPV6_ADDRFORM;
	case IPPROTO_UDP:
		return code == UDP_ENCAP;
	case SOL_TLS:
		return true;
	default:
		return false;
	}
}

/* Completes a disable that waited for a running event callback. */
static NTSTATUS events_done_op(struct wsk_queue *q, PIRP irp)
{
	return STATUS_SUCCESS;
}

/* The ULONG a translated option takes: false if the input is not one. */
static bool ulong_input(const struct wsk_control_args *a, ULONG *value)
{
	if (a->in_size != sizeof(*value))
		return false;
	memcpy(value, a->in, sizeof(*value));
	return true;
}

/**
 * wsk_control_set_int() - set an int option of the kernel socket
 * @ws: the socket
 * @level: SOL_SOCKET or a protocol level
 * @code: the option
 * @val: its value
 *
 * Context: the socket's worker.
 * Return: the status of the kernel's setsockopt().
 */
NTSTATUS wsk_control_set_int(struct wsk_sock *ws, int level, int code, int val)
{
	sockptr_t p = KERNEL_SOCKPTR(&val);

	if (level == SOL_SOCKET)
		return wsk_errno_to_status(sock_setsockopt(ws->sock, level, code, p, sizeof(val)));
	return wsk_errno_to_status(ws->sock->ops->setsockopt(ws->sock, level, code, p,
							     sizeof(val)));
}

/**
 * wsk_control_output() - give a WskGetOption or WskIoctl its output
 * @irp: the request, whose OutputBuffer has room for @size bytes
 * @value: the output
 * @size: its size
 *
 * Copies @value, and sets OutputSizeReturned (if the caller gave one) and
 * IoStatus.Information to @size.
 *
 * Context: the socket's worker.
 * Return: STATUS_SUCCESS.
 */
NTSTATUS wsk_control_output(PIRP irp, const void *value, size_t size)
{
	struct wsk_control_args *a = wsk_irp_args(irp);

	memcpy(a->out, value, size);
	if (wsk_request(irp)->arg)
		*(SIZE_T *)wsk_request(irp)->arg = size;
	irp->IoStatus.Information = size;
	return STATUS_SUCCESS;
}

/* Whether the option is Windows' UDP segmentation or coalescing on a UDP socket. */
static bool udp_offload(struct wsk_sock *ws, const struct wsk_control_args *a)
{
	return a->level == IPPROTO_UDP && ws->sk->sk_protocol == IPPROTO_UDP &&
	       (a->code == UDP_SEND_MSG_SIZE || a->code == UDP_RECV_MAX_COALESCED_SIZE);
}

/*
 * UDP_SEND_MSG_SIZE is the kernel's UDP_SEGMENT; UDP_RECV_MAX_COALESCED_SIZE
 * turns the kernel's UDP_GRO on (any size but 0) or off, and is kept to be
 * read back.
 */
static NTSTATUS set_udp_offload(struct wsk_sock *ws, const struct wsk_control_args *a)
{
	NTSTATUS status;
	ULONG size;

	if (!ulong_input(a, &size) || (a->code == UDP_SEND_MSG_SIZE && size > U16_MAX))
		return STATUS_INVALID_PARAMETER;
	if (a->code == UDP_SEND_MSG_SIZE)
		return wsk_control_set_int(ws, SOL_UDP, UDP_SEGMENT, size);
	status = wsk_control_set_int(ws, SOL_UDP, UDP_GRO, !!size);
	if (NT_SUCCESS(status))
		ws->udp_coalesce_max = size;
	return status;
}

/* WSK_CMSG_ECN_IP or _IPV6 for IP_RECVECN or IPV6_RECVECN (ws2def.h), else 0. */
static unsigned int ecn_option(const struct wsk_control_args *a)
{
	if (a->level == IPPROTO_IP && a->code == IP_RECVECN)
		return WSK_CMSG_ECN_IP;
	if (a->level == IPPROTO_IPV6 && a->code == IPV6_RECVECN)
		return WSK_CMSG_ECN_IPV6;
	return 0;
}

/* IP_RECVECN, IPV6_RECVECN: the kernel's IP_RECVTOS, IPV6_RECVTCLASS. */
static NTSTATUS set_ecn(struct wsk_sock *ws, const struct wsk_control_args *a, unsigned int ecn)
{
	NTSTATUS status;
	ULONG on;

	if (!ulong_input(a, &on))
		return STATUS_INVALID_PARAMETER;
	status = wsk_control_set_int(ws, ecn == WSK_CMSG_ECN_IP ? SOL_IP : SOL_IPV6,
				     ecn == WSK_CMSG_ECN_IP ? IP_RECVTOS : IPV6_RECVTCLASS, !!on);
	if (NT_SUCCESS(status) && on)
		ws->cmsg_ecn |= ecn;
	else if (NT_SUCCESS(status))
		ws->cmsg_ecn &= ~ecn;
	return status;
}

/* IP_DONTFRAGMENT (ws2def.h): the kernel's IP_MTU_DISCOVER, DO or DONT. */
static NTSTATUS set_dont_fragment(struct wsk_sock *ws, const struct wsk_control_args *a)
{
	ULONG on;

	if (!ulong_input(a, &on))
		return STATUS_INVALID_PARAMETER;
	return wsk_control_set_int(ws, SOL_IP, IP_MTU_DISCOVER,
				   on ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT);
}

static NTSTATUS set_option_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_control_args *a = wsk_irp_args(irp);
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);
	sockptr_t val = KERNEL_SOCKPTR(a->in);
	int err;

	if (gone)
		return gone;
	if (udp_offload(ws, a))
		return set_udp_offload(ws, a);
	if (a->level == IPPROTO_IP && a->code == IP_DONTFRAGMENT)
		return set_dont_fragment(ws, a);
	if (ecn_option(a))
		return set_ecn(ws, a, ecn_option(a));
	if (a->level == SOL_SOCKET)
		err = sock_setsockopt(ws->sock, a->level, a->code, val, a->in_size);
	else
		err = ws->sock->ops->setsockopt(ws->sock, a->level, a->code, val, a->in_size);
	return wsk_errno_to_status(err);
}

/*
 * WskGetOption: the value option.c reads back, if the output has room for
 * it (and for an int, whatever the option).
 */
static NTSTATUS get_option_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_control_args *a = wsk_irp_args(irp);
	struct wsk_sock *ws = queue_sock(q);
	NTSTATUS gone = wsk_sock_gone(ws);
	union wsk_option v;
	size_t size;

	if (gone)
		return gone;
	if (a->out_size < sizeof(int) || !a->out)
		return STATUS_BUFFER_TOO_SMALL;
	size = wsk_option_get(ws, a->level, a->code, &v);
	if (!size)
		return STATUS_NOT_SUPPORTED;
	if (a->out_size < size)
		return STATUS_BUFFER_TOO_SMALL;
	return wsk_control_output(irp, &v, size);
}

/**
 * wsk_control_socket() - WskControlSocket: event callbacks and socket options
 * @Socket: the socket
 * @RequestType: WskSetOption, WskGetOption or WskIoctl
 * @ControlCode: the option (SO_WSK_EVENT_CALLBACK, or the Linux number of a
 *	socket, IP, IPv6, TCP or UDP option)
 * @Level: SOL_SOCKET, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP or IPPROTO_UDP
 *	(Linux values)
 * @InputSize: size of @InputBuffer
 * @InputBuffer: input; must stay valid until the IRP completes
 * @OutputSize: size of @OutputBuffer
 * @OutputBuffer: output; must stay valid until the IRP completes
 * @OutputSizeReturned: optional, receives the output size
 * @Irp: required for options, optional when disabling event callbacks, and
 *	NULL when enabling them
 *
 * SO_WSK_EVENT_CALLBACK takes effect at once (a listening or datagram socket
 * must be bound, a connection socket connected). Other options are applied
 * by the socket's worker: setting one passes it to the kernel socket, but
 * for those that would replace its protocol or callbacks (TCP_ULP,
 * IPV6_ADDRFORM, TCP repair mode, SOL_TLS), which are refused, and for
 * Windows' UDP_SEND_MSG_SIZE, UDP_RECV_MAX_COALESCED_SIZE, IP_DONTFRAGMENT,
 * IP_RECVECN and IPV6_RECVECN (ws2def.h), which become the kernel's
 * UDP_SEGMENT, UDP_GRO, IP_MTU_DISCOVER, IP_RECVTOS and IPV6_RECVTCLASS;
 * getting one reads back those five and the options listed at
 * wsk_option_get() in option.c. WskIoctl supports SIO_WSK_SET_REMOTE_ADDRESS
 * (@InputBuffer NULL and @InputSize 0 clear it) and
 * SIO_WSK_SET_SENDTO_ADDRESS on a bound datagram socket, and on TCP
 * sockets SIO_WSK_QUERY_RECEIVE_BACKLOG, SIO_WSK_QUERY_IDEAL_SEND_BACKLOG
 * (a SIZE_T each, once connected), SIO_TCP_INFO and SIO_KEEPALIVE_VALS
 * (mstcpip.h); see ioctl.c.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS, STATUS_PENDING, STATUS_EVENT_PENDING (an event
 * callback being disabled is running, no IRP), or the error the IRP (if any)
 * completed with: STATUS_INVALID_PARAMETER for a bad request or a missing
 * IRP, STATUS_INVALID_DEVICE_STATE for events on a socket not yet bound or
 * connected, STATUS_INVALID_HANDLE for events once WskCloseSocket was
 * called, STATUS_NOT_SUPPORTED for an option wsk cannot get or refuses to
 * set or an ioctl code it does not know (or SIO_WSK_SET_TCP_SILENT_MODE),
 * STATUS_BUFFER_TOO_SMALL for output that does not fit.
 */
NTSTATUS wsk_control_socket(PWSK_SOCKET Socket, WSK_CONTROL_SOCKET_TYPE RequestType,
			    ULONG ControlCode, ULONG Level, SIZE_T InputSize, PVOID InputBuffer,
			    SIZE_T OutputSize, PVOID OutputBuffer, SIZE_T *OutputSizeReturned,
			    PIRP Irp)
{
	struct wsk_control_args *args;
	struct wsk_sock *ws;
	NTSTATUS status;

	if (RequestType == WskSetOption && Level == SOL_SOCKET &&
	    ControlCode == SO_WSK_EVENT_CALLBACK) {
		if (!Socket)
			return wsk_irp_fail_optional(Irp, STATUS_INVALID_HANDLE);
		ws = wsk_sock(Socket);
		status = set_event_callbacks(ws, InputSize, InputBuffer);
		if (!Irp)
			return status;
		/* Complete once the running callback has returned. */
		if (status == STATUS_EVENT_PENDING)
			return wsk_sock_submit(Socket, Irp, events_done_op);
		return wsk_irp_fail(Irp, status);
	}

	ws = wsk_sock_start(Socket, Irp, &status);
	if (!ws)
		return status;
	if (RequestType == WskIoctl && (ControlCode == SIO_WSK_SET_REMOTE_ADDRESS ||
					ControlCode == SIO_WSK_SET_SENDTO_ADDRESS))
		return wsk_datagram_ioctl(ws, ControlCode, InputSize, InputBuffer, Irp);
	if (RequestType == WskIoctl ? !wsk_ioctl_known(ControlCode) :
				      RequestType != WskSetOption && RequestType != WskGetOption)
		return wsk_irp_complete(Irp, STATUS_NOT_SUPPORTED, 0);
	if (RequestType == WskSetOption && (!InputBuffer || InputSize > INT_MAX))
		return wsk_irp_complete(Irp, STATUS_INVALID_PARAMETER, 0);
	if (RequestType == WskSetOption && option_refused(Level, ControlCode))
		return wsk_irp_complete(Irp, STATUS_NOT_SUPPORTED, 0);
	args = wsk_irp_args(Irp);
	args->code = ControlCode;
	args->level = Level;
	args->in_size = min_t(SIZE_T, InputSize, U32_MAX);
	args->out_size = min_t(SIZE_T, OutputSize, U32_MAX);
	args->in = InputBuffer;
	args->out = OutputBuffer;
	wsk_request(Irp)->arg = OutputSizeReturned;
	if (RequestType != WskIoctl && Level == SOL_SOCKET && ControlCode == SO_CONDITIONAL_ACCEPT)
		return wsk_inspect_option(ws, RequestType == WskSetOption, Irp);
	if (RequestType == WskIoctl) {
		status = wsk_ioctl_check(ws, args);
		if (status != STATUS_SUCCESS)
			return wsk_irp_complete(Irp, status, 0);
		return wsk_queue_submit(&ws->queue, Irp, wsk_ioctl_op, true);
	}
	return wsk_queue_submit(&ws->queue, Irp,
				RequestType == WskSetOption ? set_option_op : get_option_op, true);
}

/*
 * WSK_TRANSPORT_LIST_QUERY: the transports WskSocket creates sockets of,
 * IPv6 ones only while IPv6 is enabled. Version is 0 and ProviderId the
 * null GUID: Linux has one provider per protocol and no GUIDs for them.
 */
static NTSTATUS transport_list(SIZE_T size, PVOID buffer, SIZE_T *returned)
{
	static const struct { USHORT type; ULONG protocol; ADDRESS_FAMILY family; } all[] = {
		{ SOCK_STREAM, IPPROTO_TCP, AF_INET },
		{ SOCK_DGRAM, IPPROTO_UDP, AF_INET },
		{ SOCK_STREAM, IPPROTO_TCP, AF_INET6 },
		{ SOCK_DGRAM, IPPROTO_UDP, AF_INET6 },
	};
	WSK_TRANSPORT *out = buffer;
	unsigned int i, n = ipv6_mod_enabled() ? ARRAY_SIZE(all) : ARRAY_SIZE(all) / 2;

	if (!returned)
		return STATUS_INVALID_PARAMETER;
	*returned = n * sizeof(*out);
	if (!buffer || size < n * sizeof(*out))
		return STATUS_BUFFER_OVERFLOW;
	for (i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].SocketType = all[i].type;
		out[i].Protocol = all[i].protocol;
		out[i].AddressFamily = all[i].family;
	}
	return STATUS_SUCCESS;
}

/**
 * wsk_control_client() - WskControlClient
 * @Client: the client handle
 * @ControlCode: WSK_SET_STATIC_EVENT_CALLBACKS, WSK_TRANSPORT_LIST_QUERY,
 *	or the Linux extension WSK_LINUX_SET_NET_NAMESPACE (see wsk_linux.h)
 * @InputSize: size of @InputBuffer
 * @InputBuffer: a WSK_EVENT_CALLBACK_CONTROL, a struct net pointer, or NULL
 * @OutputSize: the size of @OutputBuffer (the transport list)
 * @OutputBuffer: an array of WSK_TRANSPORT, or NULL to ask for its size
 * @OutputSizeReturned: receives the size of the transport list
 * @Irp: must be NULL for the supported codes
 *
 * Static event callbacks are enabled on every socket the client creates
 * afterwards (and on sockets those accept) and cannot be disabled; they
 * must be set before the client's first socket. The transport list holds
 * TCP and UDP over IPv4, and over IPv6 unless IPv6 is disabled.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW when the transport list
 * does not fit (nothing copied, its size in @OutputSizeReturned);
 * STATUS_INVALID_PARAMETER for bad input or an IRP;
 * STATUS_INVALID_DEVICE_STATE for static callbacks after a socket exists;
 * STATUS_NOT_IMPLEMENTED (IRP completed) for other codes.
 */
NTSTATUS wsk_control_client(PWSK_CLIENT Client, ULONG ControlCode, SIZE_T InputSize,
			    PVOID InputBuffer, SIZE_T OutputSize, PVOID OutputBuffer,
			    SIZE_T *OutputSizeReturned, PIRP Irp)
{
	struct wsk_client *client = wsk_client(Client);
	ULONG mask;

	if (ControlCode != WSK_SET_STATIC_EVENT_CALLBACKS &&
	    ControlCode != WSK_TRANSPORT_LIST_QUERY &&
	    ControlCode != WSK_LINUX_SET_NET_NAMESPACE)
		return wsk_irp_fail_optional(Irp, STATUS_NOT_IMPLEMENTED);
	if (Irp)
		return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
	if (!client)
		return STATUS_INVALID_HANDLE;
	if (ControlCode == WSK_TRANSPORT_LIST_QUERY)
		return transport_list(OutputSize, OutputBuffer, OutputSizeReturned);
	if (ControlCode == WSK_LINUX_SET_NET_NAMESPACE) {
		if (!InputBuffer || InputSize != sizeof(struct net *))
			return STATUS_INVALID_PARAMETER;
		return wsk_client_set_net(client, *(struct net **)InputBuffer);
	}
	mask = event_mask(InputSize, InputBuffer);
	if (!mask || (mask & WSK_EVENT_DISABLE))
		return STATUS_INVALID_PARAMETER;
	if (READ_ONCE(client->has_sockets))
		return STATUS_INVALID_DEVICE_STATE;
	client->static_events |= mask;
	return STATUS_SUCCESS;
}
