// SPDX-License-Identifier: GPL-2.0
/*
 * WSK sockets: WskSocket and WskCloseSocket, the wrapper around a kernel
 * socket from sock_create_kern(), its callbacks and its life cycle.
 *
 * The kernel socket's callbacks run in softirq context: they kick the
 * socket's queue, whose poll (on the workqueue) makes the progress, or on a
 * connection's new data complete the waiting receives themselves. Entry
 * points only check their arguments and queue the work.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/in.h>
#include <linux/ipv6.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include "connect.h"
#include "datagram.h"
#include "dispatch.h"
#include "indication.h"
#include "inspect.h"
#include "irp.h"
#include "listen.h"
#include "socket.h"
#include "status.h"
#include "transfer.h"

#define WSK_SOCKET_KINDS (WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_CONNECTION_SOCKET | \
			  WSK_FLAG_DATAGRAM_SOCKET | WSK_FLAG_STREAM_SOCKET)

/* Every socket, for the network namespaces' exit. */
static LIST_HEAD(wsk_socks);
static DEFINE_SPINLOCK(wsk_socks_lock);

/* Wrappers come from their own cache: no kmalloc size class rounding. */
static struct kmem_cache *wsk_sock_cache;

int wsk_socket_init(void)
{
	wsk_sock_cache = KMEM_CACHE(wsk_sock, 0);
	return wsk_sock_cache ? 0 : -ENOMEM;
}

void wsk_socket_exit(void)
{
	kmem_cache_destroy(wsk_sock_cache);
}

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
	case WSK_FLAG_LISTEN_SOCKET:	/* over UDP too, as on Windows: its bind fails */
		return stream || dgram ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
	case WSK_FLAG_CONNECTION_SOCKET:
	case WSK_FLAG_STREAM_SOCKET:
		return stream ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
	case WSK_FLAG_DATAGRAM_SOCKET:
		return dgram ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
	default:
		return stream || dgram ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
	}
}

/*
 * Room to send came back (@saved is sk_write_space's) on a datagram socket
 * with no send waiting for it: nothing to do. Every datagram freed after
 * its send says so, and waking the worker for each would cost one work item
 * per datagram. A send parks itself before it looks at the room again
 * (send_to_done()): one of the two sees the other.
 */
static bool sock_nothing_waits_room(struct wsk_sock *ws, size_t saved)
{
	if (saved != offsetof(struct wsk_sock, saved_write_space) ||
	    ws->kind != WSK_FLAG_DATAGRAM_SOCKET)
		return false;
	smp_mb();	/* the room freed before the list is read */
	return list_empty_careful(&ws->sends);
}

/* A connection's transfers or a datagram socket's poll, in softirq: whether it ran. */
static bool sock_run_bh(struct wsk_sock *ws)
{
	if (ws->kind == WSK_FLAG_DATAGRAM_SOCKET)
		return wsk_datagram_bh(ws);
	return wsk_transfer_bh(ws);
}

/*
 * Callbacks of every kernel socket wsk owns: they kick the socket's queue,
 * except that in softirq a connection may run its sends and receives at
 * once (wsk_transfer_bh()), and a datagram socket its poll
 * (wsk_datagram_bh()). A child a listener has not accepted yet inherits
 * them with the listener's sk_user_data: the sk check tells them apart, and
 * the child gets the listener's original callback, found at @saved in the
 * wrapper.
 */
static void sock_callback(struct sock *sk, size_t saved)
{
	void (*orig)(struct sock *sk) = NULL;
	/* In softirq (where UDP and TCP call them) bottom halves are off already. */
	bool bh = !in_serving_softirq();
	struct wsk_sock *ws;

	if (bh)
		read_lock_bh(&sk->sk_callback_lock);
	else
		read_lock(&sk->sk_callback_lock);
	ws = sk->sk_user_data;
	if (ws && ws->sk == sk) {
		if (!sock_nothing_waits_room(ws, saved) && !sock_run_bh(ws))
			wsk_queue_kick(&ws->queue);
	} else if (ws) {
		orig = *(void (**)(struct sock *sk))((char *)ws + saved);
		/* A conditional listener drops the pended connections peers reset. */
		if (saved == offsetof(struct wsk_sock, saved_state_change) &&
		    READ_ONCE(ws->inspect))
			wsk_queue_kick(&ws->queue);
	}
	if (bh)
		read_unlock_bh(&sk->sk_callback_lock);
	else
		read_unlock(&sk->sk_callback_lock);
	if (orig)
		orig(sk);
}

static void sock_data_ready(struct sock *sk)
{
	sock_callback(sk, offsetof(struct wsk_sock, saved_data_ready));
}

static void sock_state_change(struct sock *sk)
{
	sock_callback(sk, offsetof(struct wsk_sock, saved_state_change));
}

static void sock_write_space(struct sock *sk)
{
	sock_callback(sk, offsetof(struct wsk_sock, saved_write_space));
}

/*
 * Take over @sk's callbacks. @orig gives the originals to keep: @sk's own,
 * or for an accepted child the listener's (the child inherited ours).
 */
static void sock_hook(struct wsk_sock *ws, const struct wsk_sock *orig)
{
	struct sock *sk = ws->sk;

	write_lock_bh(&sk->sk_callback_lock);
	ws->saved_data_ready = orig ? orig->saved_data_ready : sk->sk_data_ready;
	ws->saved_state_change = orig ? orig->saved_state_change : sk->sk_state_change;
	ws->saved_write_space = orig ? orig->saved_write_space : sk->sk_write_space;
	sk->sk_user_data = ws;
	sk->sk_data_ready = sock_data_ready;
	sk->sk_state_change = sock_state_change;
	sk->sk_write_space = sock_write_space;
	write_unlock_bh(&sk->sk_callback_lock);
}

/* Give @sk its callbacks back; no callback sees @ws after this returns. */
static void sock_unhook(struct wsk_sock *ws)
{
	struct sock *sk = ws->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = ws->saved_data_ready;
	sk->sk_state_change = ws->saved_state_change;
	sk->sk_write_space = ws->saved_write_space;
	write_unlock_bh(&sk->sk_callback_lock);
}

/* How long a socket waits before trying again what memory was short for. */
#define WSK_RETRY_DELAY		(HZ / 10)

static void sock_retry_fire(struct timer_list *timer)
{
	struct wsk_sock *ws = from_timer(ws, timer, retry);

	wsk_queue_kick(&ws->queue);
	wsk_queue_put(&ws->queue);
}

/*
 * Memory was short for a send with nothing in flight, a receive indication
 * or an accept: no socket callback will say when to try again, so the
 * socket's poll runs again a little later, as the kernel's own blocking
 * paths wait (sk_stream_wait_memory()). Only while memory stays short.
 *
 * Context: the socket's runner.
 */
void wsk_sock_retry_later(struct wsk_sock *ws)
{
	wsk_queue_assert_runner(&ws->queue);
	if (timer_pending(&ws->retry))
		return;
	wsk_queue_get(&ws->queue);	/* the timer's, until it fires */
	if (mod_timer(&ws->retry, jiffies + WSK_RETRY_DELAY))
		wsk_queue_put(&ws->queue);
}

/*
 * Release the kernel socket. Requests still waiting complete with @status;
 * an abortive release resets the connection instead of closing it.
 */
static void sock_shutdown(struct wsk_sock *ws, NTSTATUS status, bool abortive)
{
	struct socket *sock;

	wsk_queue_assert_runner(&ws->queue);
	if (ws->state == WSK_SOCK_CLOSED)
		return;
	if (del_timer(&ws->retry))
		wsk_queue_put(&ws->queue);
	sock_unhook(ws);
	wsk_inspect_free(ws);
	wsk_queue_flush(&ws->queue, &ws->accepts, status);
	wsk_connect_flush(ws, status);
	wsk_queue_flush(&ws->queue, &ws->sends, status);
	wsk_queue_flush(&ws->queue, &ws->receives, status);
	if (abortive)
		sock_no_linger(ws->sk);
	trace_wsk_socket_close(ws->queue.id, status, abortive);
	sock = ws->sock;
	/* debugfs reads the kernel socket under the list's lock while it is set. */
	spin_lock_bh(&wsk_socks_lock);
	ws->sock = NULL;
	spin_unlock_bh(&wsk_socks_lock);
	sock_release(sock);
	ws->state = WSK_SOCK_CLOSED;
	wsk_indication_spares_free(ws);
	wsk_datagram_held_free(ws);
	complete_all(&ws->released);
}

/* The size of a sockaddr of an IP family, or 0 for another family. */
int wsk_address_length(const struct sockaddr *addr)
{
	switch (addr->sa_family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	default:
		return 0;
	}
}

/*
 * Copy a call's address argument into the IRP (the caller's need not
 * outlive the call). It must be of the socket's family.
 */
NTSTATUS wsk_irp_set_address(PIRP irp, struct wsk_sock *ws, const struct sockaddr *addr)
{
	return wsk_address_copy(wsk_irp_args(irp), ws, addr);
}

/* Copy an address of @ws's family; STATUS_INVALID_PARAMETER for another. */
NTSTATUS wsk_address_copy(union wsk_address *to, const struct wsk_sock *ws,
			  const struct sockaddr *addr)
{
	int len = addr ? wsk_address_length(addr) : 0;

	if (!len || addr->sa_family != ws->family)
		return STATUS_INVALID_PARAMETER;
	memcpy(to, addr, len);
	return STATUS_SUCCESS;
}

static void socket_poll(struct wsk_queue *q)
{
	struct wsk_sock *ws = queue_sock(q);
	PIRP close = ws->close;

	if (close) {
		if (wsk_queue_drained(q)) {
			ws->close = NULL;
			wsk_queue_complete(q, close, STATUS_SUCCESS);
		}
		return;
	}
	if (test_and_clear_bit(WSK_SOCK_DISCARD, &ws->flags)) {
		sock_shutdown(ws, STATUS_CANCELLED, true);
		/* The owner's reference; whoever runs this poll holds another. */
		wsk_queue_put(q);
		return;
	}
	if (test_bit(WSK_SOCK_FORCED, &ws->flags) && ws->state != WSK_SOCK_CLOSED) {
		if (ws->state == WSK_SOCK_LISTENING)
			wsk_listen_dead(ws);
		sock_shutdown(ws, STATUS_FILE_FORCED_CLOSED, true);
		return;
	}
	if (ws->state == WSK_SOCK_LISTENING)
		wsk_listen_poll(ws);
	else if (ws->state == WSK_SOCK_BOUND && ws->kind == WSK_FLAG_DATAGRAM_SOCKET)
		wsk_datagram_poll(ws);
	else if (ws->state == WSK_SOCK_BOUND)
		wsk_connect_poll(ws);
	if (ws->state == WSK_SOCK_CONNECTED) {
		wsk_transfer_poll(ws);
		wsk_events_poll(ws);
	}
}

static void sock_free(struct wsk_queue *q)
{
	struct wsk_sock *ws = queue_sock(q);
	struct wsk_client *client = ws->client;

	spin_lock_bh(&wsk_socks_lock);
	list_del(&ws->node);
	spin_unlock_bh(&wsk_socks_lock);
	kmem_cache_free(wsk_sock_cache, ws);
	atomic_dec(&client->sockets);
	wsk_queue_put(&client->queue);
}

/*
 * Wrap a kernel socket, created or accepted, for @client. The wrapper holds
 * a reference on the client until it is freed.
 *
 * Context: process context (the workqueue).
 */
struct wsk_sock *wsk_sock_new(struct wsk_client *client, struct socket *sock, ULONG kind)
{
	struct wsk_sock *ws = kmem_cache_zalloc(wsk_sock_cache, GFP_KERNEL);

	if (!ws)
		return NULL;
	wsk_queue_init(&ws->queue, sock_free);
	ws->queue.poll = socket_poll;
	ws->client = client;
	ws->sock = sock;
	ws->sk = sock->sk;
	ws->net = sock_net(sock->sk);
	ws->kind = kind;
	ws->family = sock->sk->sk_family;
	ws->base.Dispatch = provider_dispatch(kind);
	ws->static_events = client->static_events;
	ws->events = client->static_events;
	INIT_LIST_HEAD(&ws->accepts);
	INIT_LIST_HEAD(&ws->connects);
	INIT_LIST_HEAD(&ws->sends);
	INIT_LIST_HEAD(&ws->receives);
	__skb_queue_head_init(&ws->dgram_held);
	init_completion(&ws->released);
	timer_setup(&ws->retry, sock_retry_fire, 0);
	wsk_queue_get(&client->queue);
	WRITE_ONCE(client->has_sockets, true);
	atomic_inc(&client->sockets);

	spin_lock_bh(&wsk_socks_lock);
	list_add_tail(&ws->node, &wsk_socks);
	spin_unlock_bh(&wsk_socks_lock);
	trace_wsk_socket_create(ws->queue.id, client->queue.id, kind, ws->family,
				ws->net->ns.inum);
	return ws;
}

/**
 * wsk_socks_for_each() - call @fn for every socket wrapper
 * @fn: called with the list's lock held (bottom halves off): must not
 *	sleep. The wrapper's memory stays valid meanwhile, and while its
 *	->sock is set so are its kernel socket and its network namespace.
 * @arg: passed to @fn
 *
 * Context: process context or softirq; does not sleep.
 */
void wsk_socks_for_each(void (*fn)(struct wsk_sock *ws, void *arg), void *arg)
{
	struct wsk_sock *ws;

	spin_lock_bh(&wsk_socks_lock);
	list_for_each_entry(ws, &wsk_socks, node)
		fn(ws, arg);
	spin_unlock_bh(&wsk_socks_lock);
}

/* Hook an accepted child; see sock_hook(). */
void wsk_sock_adopt(struct wsk_sock *ws, const struct wsk_sock *listener)
{
	sock_hook(ws, listener);
}

/*
 * Throw away a wrapper its client never got or refused (a connection the
 * accept event turned down, a WskSocketConnect that failed): its runner
 * resets the connection and drops the owner's reference, as a close would,
 * so nothing else runs on the socket meanwhile. A socket the client closed
 * already (inside the accept event, before refusing it) is that close's.
 *
 * Context: any context; does not sleep.
 */
void wsk_sock_discard(struct wsk_sock *ws)
{
	if (test_and_set_bit(WSK_SOCK_CLOSING, &ws->flags))
		return;
	set_bit(WSK_SOCK_DISCARD, &ws->flags);
	wsk_queue_kick(&ws->queue);
}

/*
 * Create a kernel socket in @client's namespace and wrap it, with its
 * callbacks taken over. On failure, returns NULL and the status in *status.
 *
 * Context: process context (the workqueue).
 */
struct wsk_sock *wsk_sock_create(struct wsk_client *client, int family, int type,
				 int protocol, ULONG kind, NTSTATUS *status)
{
	struct wsk_sock *ws = NULL;
	struct socket *sock;
	struct net *net;
	int one = 1;
	int err;

	*status = STATUS_INVALID_DEVICE_STATE;
	net = wsk_client_get_net(client);
	if (!net)
		return NULL;
	/*
	 * The kernel socket holds no reference on @net: keep this one until
	 * the socket is listed and hooked, so that the namespace's exit, which
	 * cannot start before, finds it (wsk_sock_force_close()).
	 */
	err = sock_create_kern(net, family, type, protocol, &sock);
	*status = wsk_errno_to_status(err);
	if (err)
		goto out;
	/* Windows' IPv6 sockets are IPv6-only until IPV6_V6ONLY is cleared. */
	if (family == AF_INET6)
		sock->ops->setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY,
				      KERNEL_SOCKPTR(&one), sizeof(one));
	ws = wsk_sock_new(client, sock, kind);
	if (!ws) {
		sock_release(sock);
		*status = STATUS_INSUFFICIENT_RESOURCES;
		goto out;
	}
	sock_hook(ws, NULL);
out:
	put_net(net);
	return ws;
}

static NTSTATUS socket_create_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_client *client = container_of(q, struct wsk_client, queue);
	struct socket_args *args = wsk_irp_args(irp);
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_create(client, args->family, args->type, args->protocol, args->kind,
			     &status);
	if (!ws)
		return status;
	ws->context = args->context;
	ws->client_dispatch = args->dispatch;
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
 * The socket lives in the client's network namespace (init_net unless the
 * client chose another with WSK_LINUX_SET_NET_NAMESPACE). An AF_INET6
 * socket starts IPv6-only, as on Windows.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING; otherwise the IRP has completed with the returned
 * status: STATUS_NOT_SUPPORTED for an unsupported family, type or protocol,
 * STATUS_INVALID_PARAMETER for bad flags. A NULL @Irp gives
 * STATUS_INVALID_PARAMETER and a NULL @Client STATUS_INVALID_HANDLE, and
 * neither touches the IRP, as on Windows.
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
		return STATUS_INVALID_HANDLE;	/* the IRP untouched, as on Windows */
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

/**
 * wsk_sock_start() - start a call on a socket
 * @socket: the socket; NULL completes the IRP with STATUS_INVALID_HANDLE
 * @irp: the call's IRP; NULL gives STATUS_INVALID_PARAMETER, untouched
 * @status: when NULL is returned, what the call returns
 *
 * On success the IRP's provider stack location is set up for the call's
 * arguments, and the caller submits it to the socket's queue.
 *
 * Context: any context; does not sleep.
 * Return: the socket, or NULL (the IRP, if any, has then completed).
 */
struct wsk_sock *wsk_sock_start(PWSK_SOCKET socket, PIRP irp, NTSTATUS *status)
{
	struct wsk_sock *ws;

	*status = STATUS_INVALID_PARAMETER;
	if (!irp)
		return NULL;
	if (!socket) {
		*status = wsk_irp_fail(irp, STATUS_INVALID_HANDLE);
		return NULL;
	}
	ws = wsk_sock(socket);
	if (test_bit(WSK_SOCK_CLOSING, &ws->flags)) {
		*status = wsk_irp_fail(irp, STATUS_INVALID_HANDLE);
		return NULL;
	}
	if (!wsk_irp_start(irp))
		return NULL;
	return ws;
}

/* A socket call whose arguments all fit in the op: start and queue it. */
NTSTATUS wsk_sock_submit(PWSK_SOCKET socket, PIRP irp, wsk_op_t op)
{
	struct wsk_sock *ws;
	NTSTATUS status;

	ws = wsk_sock_start(socket, irp, &status);
	if (!ws)
		return status;
	return wsk_queue_submit(&ws->queue, irp, op, true);
}

/*
 * Windows closes a connection abortively unless it is already disconnected
 * in both directions (WskDisconnect, and the peer's FIN or reset).
 */
static bool close_aborts(struct wsk_sock *ws)
{
	struct sock *sk = ws->sk;

	return ws->state == WSK_SOCK_CONNECTED && READ_ONCE(sk->sk_state) != TCP_CLOSE &&
	       (READ_ONCE(sk->sk_shutdown) & SHUTDOWN_MASK) != SHUTDOWN_MASK;
}

static NTSTATUS socket_close_op(struct wsk_queue *q, PIRP irp)
{
	struct wsk_sock *ws = queue_sock(q);

	wsk_queue_flush_queued(q, STATUS_CANCELLED);
	sock_shutdown(ws, STATUS_CANCELLED, close_aborts(ws));
	/* The owner's reference; the close IRP's keeps @ws until it completes. */
	wsk_queue_put(q);
	irp->IoStatus.Information = 0;
	if (wsk_queue_drained(q))
		return STATUS_SUCCESS;
	ws->close = irp;	/* completed by the poll once they have */
	return STATUS_PENDING;
}

/**
 * wsk_close_socket() - WskCloseSocket: close a socket
 * @Socket: the socket; it must not be used again once this is called
 * @Irp: completes with STATUS_SUCCESS, Information 0
 *
 * Cancels the socket's pending requests (they complete STATUS_CANCELLED),
 * gives the kernel socket its callbacks back (no event callback runs after
 * the close completes), releases it, and completes once every other
 * request of the socket has completed, including any IoCancelIrp() is
 * still completing; the wrapper is freed then. As on Windows, a connection not yet disconnected
 * in both directions is reset (WskDisconnect first for a graceful end), and
 * a listener's unaccepted connections are reset. The close cannot be
 * cancelled, and succeeds on a socket that was forced closed.
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

/*
 * A network namespace is going away: force every socket in it closed and
 * wait until each has released its kernel socket. Their requests complete
 * with STATUS_FILE_FORCED_CLOSED; the clients still close them.
 *
 * Context: process context (the namespace's pre_exit); sleeps.
 */
void wsk_sock_force_close(struct net *net)
{
	struct wsk_sock *ws;
	bool found;

	do {
		found = false;
		spin_lock_bh(&wsk_socks_lock);
		list_for_each_entry(ws, &wsk_socks, node) {
			if (ws->net != net || test_and_set_bit(WSK_SOCK_FORCED, &ws->flags))
				continue;
			/*
			 * A wrapper whose last reference is gone waits for this
			 * lock in sock_free(): its kernel socket is released.
			 */
			if (!wsk_queue_tryget(&ws->queue))
				continue;
			found = true;
			break;
		}
		spin_unlock_bh(&wsk_socks_lock);
		if (found) {
			wsk_queue_kick(&ws->queue);
			wait_for_completion(&ws->released);
			wsk_queue_put(&ws->queue);
		}
	} while (found);
}
