/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_SOCKET_H
#define _WSK_SOCKET_H

#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/timer.h>
#include <net/sock.h>
#include <wsk.h>
#include "pool.h"
#include "queue.h"
#include "registration.h"
#include "trace.h"

/* Where a socket is in its life; changed only by its worker. */
enum wsk_sock_state {
	WSK_SOCK_OPEN,
	WSK_SOCK_BOUND,
	WSK_SOCK_LISTENING,
	WSK_SOCK_CONNECTED,
	WSK_SOCK_CLOSED,	/* kernel socket released: closed or forced */
};

enum wsk_sock_flag {
	WSK_SOCK_CLOSING,	/* WskCloseSocket() was called, or wsk discards it */
	WSK_SOCK_FORCED,	/* its network namespace is going away */
	WSK_SOCK_IN_EVENT,	/* an event callback is running */
	WSK_SOCK_DISCARD,	/* never the client's, or refused: its runner frees it */
};

/* An address argument, as wsk_irp_set_address() keeps it in the IRP. */
union wsk_address {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

WSK_IRP_ARGS_FIT(union wsk_address);

/*
 * A WSK socket: the client sees only @base (its Dispatch pointer). The queue
 * runs the socket's requests and its references keep the wrapper alive
 * until the close has completed and every request of the socket is done.
 * The kernel socket's callbacks only kick the queue; its poll does the work.
 *
 *   field               protected by             written by
 *   base, client, kind, set at creation          wsk_sock_new()
 *   family, net, sk,
 *   static_events
 *   sock                the runner               NULL once released
 *   queue               see queue.c
 *   state               the runner (others       the runner
 *                       READ_ONCE it)
 *   context,            set before the client    the op that creates or
 *   client_dispatch     has the socket           accepts it
 *   events              cmpxchg()                wsk_sock_update_events()
 *   flags               atomic bit operations    entry points, the runner,
 *                                                the namespace's exit
 *   bind_called         WRITE_ONCE               WskBind()
 *   dead_reported,      the runner               the runner
 *   disconnect_reported,
 *   rx_paused,
 *   backlog_reported,
 *   connected_at,
 *   close,
 *   sendto, dgram_held,
 *   inspect (set before
 *   bind; socket.c's
 *   callbacks only test it)
 *   dgram_pool,
 *   stream_pool
 *   accepts, connects,  the queue's lock         wsk_queue_park(), _take(),
 *   sends, receives                              _flush(), IoCancelIrp
 *   saved_*             sk->sk_callback_lock     sock_hook()
 *   node                wsk_socks_lock           wsk_sock_new(), sock_free()
 *   released            a completion             sock_shutdown()
 *   retry               the timer's own lock;    the runner arms it, with a
 *                       it holds a reference     reference dropped by the
 *                       on the queue             timer or sock_shutdown()
 *
 * The runner is the socket's work item, the softirq of one of its
 * callbacks (transfer.c) or, for a connection just accepted, the
 * listener's worker (listen.c).
 */
struct wsk_sock {
	WSK_SOCKET base;
	struct wsk_queue queue;
	struct wsk_client *client;
	struct socket *sock;
	struct sock *sk;
	struct net *net;
	ULONG kind;
	int family;
	enum wsk_sock_state state;
	u32 udp_coalesce_max;		/* UDP_RECV_MAX_COALESCED_SIZE, 0: off */
	PVOID context;
	const void *client_dispatch;
	ULONG events;
	ULONG static_events;
	unsigned long flags;
	bool bind_called;	/* WskBind() was called: WskConnect() may follow */
	bool dead_reported;
	bool disconnect_reported;
	bool rx_paused;
	u8 cmsg_ecn;			/* WSK_CMSG_ECN_*: IP_RECVECN, IPV6_RECVECN */
	SIZE_T backlog_reported;
	unsigned long connected_at;	/* jiffies, for SIO_TCP_INFO */
	struct wsk_pool_spares stream_pool;	/* receive indications: indication.c */
	PIRP close;		/* a close waiting for cancelled IRPs */
	union wsk_address sendto;	/* SIO_WSK_SET_SENDTO_ADDRESS, or AF_UNSPEC */
	struct sk_buff_head dgram_held;	/* datagrams an event did not accept */
	struct wsk_pool_spares dgram_pool;	/* indications: datagram_indication.c */
	struct wsk_inspect_state *inspect;	/* SO_CONDITIONAL_ACCEPT: inspect.c */
	struct list_head accepts;
	struct list_head connects;
	struct list_head sends;
	struct list_head receives;
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	struct list_head node;
	struct completion released;
	struct timer_list retry;	/* memory was short: poll again later */
};

static inline struct wsk_sock *wsk_sock(PWSK_SOCKET socket)
{
	return container_of(socket, struct wsk_sock, base);
}

static inline struct wsk_sock *queue_sock(struct wsk_queue *q)
{
	return container_of(q, struct wsk_sock, queue);
}

/* The status for a request on a socket that is no longer usable, or 0. */
static inline NTSTATUS wsk_sock_gone(struct wsk_sock *ws)
{
	if (ws->state != WSK_SOCK_CLOSED)
		return STATUS_SUCCESS;
	return test_bit(WSK_SOCK_FORCED, &ws->flags) ? STATUS_FILE_FORCED_CLOSED :
						       STATUS_INVALID_HANDLE;
}

int wsk_socket_init(void);
void wsk_socket_exit(void);
int wsk_address_length(const struct sockaddr *addr);
NTSTATUS wsk_irp_set_address(PIRP irp, struct wsk_sock *ws, const struct sockaddr *addr);
NTSTATUS wsk_address_copy(union wsk_address *to, const struct wsk_sock *ws,
			  const struct sockaddr *addr);
struct wsk_sock *wsk_sock_start(PWSK_SOCKET socket, PIRP irp, NTSTATUS *status);
NTSTATUS wsk_sock_submit(PWSK_SOCKET socket, PIRP irp, wsk_op_t op);
struct wsk_sock *wsk_sock_new(struct wsk_client *client, struct socket *sock, ULONG kind);
struct wsk_sock *wsk_sock_create(struct wsk_client *client, int family, int type,
				 int protocol, ULONG kind, NTSTATUS *status);
void wsk_sock_discard(struct wsk_sock *ws);
void wsk_sock_retry_later(struct wsk_sock *ws);
void wsk_sock_force_close(struct net *net);
void wsk_socks_for_each(void (*fn)(struct wsk_sock *ws, void *arg), void *arg);

/*
 * Enable @set and disable @clear events of @ws. The client may do so from
 * any thread while the listener's worker gives an accepted socket the
 * listener's: no update is lost.
 */
static inline void wsk_sock_update_events(struct wsk_sock *ws, ULONG set, ULONG clear)
{
	ULONG old = READ_ONCE(ws->events);

	while (!try_cmpxchg(&ws->events, &old, (old | set) & ~clear))
		;
}

/*
 * Around a call of one of @ws's event callbacks: at DISPATCH_LEVEL, as
 * Windows calls them (bottom halves off; a softirq runs with them off
 * already, and local_bh_disable() leaves in_serving_softirq() as it is),
 * and marked running, so that disabling the event meanwhile returns
 * STATUS_EVENT_PENDING. The end traces the call of @kind with @result
 * (the status or action it returned, 0 for none). Context: the socket's
 * runner.
 */
static inline void wsk_sock_event_begin(struct wsk_sock *ws)
{
	set_bit(WSK_SOCK_IN_EVENT, &ws->flags);
	if (!in_serving_softirq())
		local_bh_disable();
}

static inline void wsk_sock_event_end(struct wsk_sock *ws, enum wsk_event_kind kind,
				      u32 result)
{
	trace_wsk_event(ws->queue.id, kind, result);
	if (!in_serving_softirq())
		local_bh_enable();
	clear_bit(WSK_SOCK_IN_EVENT, &ws->flags);
}

/* The connection events, which an accepted socket inherits. */
#define WSK_CONNECTION_EVENTS (WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT | WSK_EVENT_SEND_BACKLOG)

#endif /* _WSK_SOCKET_H */
