/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_SOCKET_H
#define _WSK_SOCKET_H

#include <linux/net.h>
#include <wsk.h>
#include "queue.h"
#include "registration.h"

enum wsk_sock_flag {
	WSK_SOCK_CLOSING,	/* WskCloseSocket() was called */
};

/*
 * A WSK socket: the client sees only @base (its Dispatch pointer). The queue
 * runs the socket's requests and its references keep the wrapper alive
 * until the close has completed and every request of the socket is done.
 */
struct wsk_sock {
	WSK_SOCKET base;
	struct wsk_queue queue;
	struct wsk_client *client;
	struct socket *sock;
	ULONG kind;
	PVOID context;
	const void *client_dispatch;
	unsigned long flags;
};

static inline struct wsk_sock *wsk_sock(PWSK_SOCKET socket)
{
	return container_of(socket, struct wsk_sock, base);
}

NTSTATUS wsk_socket(PWSK_CLIENT Client, ADDRESS_FAMILY AddressFamily, USHORT SocketType,
		    ULONG Protocol, ULONG Flags, PVOID SocketContext, const void *Dispatch,
		    PEPROCESS OwningProcess, PETHREAD OwningThread,
		    PSECURITY_DESCRIPTOR SecurityDescriptor, PIRP Irp);
NTSTATUS wsk_close_socket(PWSK_SOCKET Socket, PIRP Irp);

extern const WSK_PROVIDER_BASIC_DISPATCH wsk_basic_dispatch;
extern const WSK_PROVIDER_LISTEN_DISPATCH wsk_listen_dispatch;
extern const WSK_PROVIDER_CONNECTION_DISPATCH wsk_connection_dispatch;
extern const WSK_PROVIDER_DATAGRAM_DISPATCH wsk_datagram_dispatch;
extern const WSK_PROVIDER_STREAM_DISPATCH wsk_stream_dispatch;

#endif /* _WSK_SOCKET_H */
