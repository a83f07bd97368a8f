// SPDX-License-Identifier: GPL-2.0
/*
 * bench_baseline: a TCP echo server written directly on kernel sockets, the
 * baseline that tools/bench measures wsk's echo sample against.
 *
 * It follows drivers/nvme/target/tcp.c. A dual-stack listener on [::]:port
 * (IPV6_V6ONLY off, so IPv4 peers arrive as v4-mapped addresses) has its
 * sk_data_ready queue the accept work, which accepts with O_NONBLOCK until
 * -EAGAIN. Each connection's sk_data_ready, sk_write_space and
 * sk_state_change only queue the connection's io_work, which receives into
 * the connection's buffer and sends the bytes back, all with MSG_DONTWAIT,
 * for at most BB_IO_BUDGET rounds before it queues itself again so that the
 * other connections get their turn. Everything runs from one workqueue: no
 * thread per connection, no call that blocks.
 *
 * Back-pressure: what a send leaves over stays in the buffer and nothing more
 * is received until it is out. A short send is retried at once; the send that
 * returns -EAGAIN has set SOCK_NOSPACE under the socket lock, so the ACK that
 * frees space calls sk_write_space, which queues io_work again once the
 * socket is writeable (and leaves SOCK_NOSPACE set until then).
 *
 * Teardown: the peer's close (a receive of 0 bytes, after every byte before
 * it was echoed) or an error ends a connection in its own io_work, never in a
 * callback. The callbacks are restored and sk_user_data cleared under
 * sk_callback_lock, which the callbacks hold for reading while they look at
 * sk_user_data: after that no callback queues io_work. Module exit stops the
 * listener, then takes every connection still on the list; a connection that
 * io_work is closing at the same time is either off the list already (its
 * io_work frees it; destroy_workqueue() waits for that) or left to exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/sockptr.h>
#include <linux/tcp.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/sock.h>

/*
 * One buffer per connection, allocated at accept. 64 KiB is what one GRO
 * packet or one TSO burst carries by default: a receive can take a whole
 * aggregated packet and a send hands TCP a full-sized burst, with a quarter
 * of the calls (socket lock, skb allocation) per byte of a 16 KiB buffer.
 * kvmalloc(), so that fragmented memory does not refuse connections.
 */
#define BB_BUF_SIZE	(64 * 1024)
/* receive + send rounds per io_work run: at most 512 KiB echoed per run */
#define BB_IO_BUDGET	8

static ushort port = 40011;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "TCP port of the dual-stack echo listener");

static bool highpri = true;
module_param(highpri, bool, 0444);
MODULE_PARM_DESC(highpri, "high-priority workers, as nvmet-tcp has (default on)");

struct bb_conn {
	struct socket *sock;
	struct work_struct io_work;
	struct list_head link;		/* in bb_conns */
	/* only io_work touches these, and exit once io_work is cancelled */
	u8 *buf;
	unsigned int len;		/* bytes received into buf */
	unsigned int sent;		/* of them, sent back */
	u64 bytes;			/* echoed; added to bb_bytes at teardown */
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
};

static struct workqueue_struct *bb_wq;
static struct socket *bb_listener;
static struct work_struct bb_accept_work;
static void (*bb_listener_data_ready)(struct sock *sk);	/* its original */

static DEFINE_MUTEX(bb_lock);		/* protects the four below */
static LIST_HEAD(bb_conns);		/* connections not torn down yet */
static bool bb_stopping;		/* exit owns bb_conns */
static unsigned long bb_closed;		/* connections torn down */
static u64 bb_bytes;			/* bytes they echoed */

static void bb_listen_data_ready(struct sock *sk)
{
	/*
	 * A connection is a clone of the listener: until it is accepted it has
	 * this callback (and the listener's sk_user_data) too.
	 */
	if (sk->sk_state != TCP_LISTEN)
		return;

	read_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data)
		queue_work(bb_wq, &bb_accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

/* sk_data_ready and sk_state_change: data, or the peer's FIN or RST */
static void bb_conn_wake(struct sock *sk)
{
	struct bb_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c)
		queue_work(bb_wq, &c->io_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void bb_write_space(struct sock *sk)
{
	struct bb_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	/* not writeable yet: SOCK_NOSPACE stays set, the next ACK calls again */
	if (c && sk_stream_is_writeable(sk)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		queue_work(bb_wq, &c->io_work);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/* After this no callback queues the connection's io_work. */
static void bb_conn_restore_callbacks(struct bb_conn *c)
{
	struct sock *sk = c->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = c->saved_data_ready;
	sk->sk_write_space = c->saved_write_space;
	sk->sk_state_change = c->saved_state_change;
	write_unlock_bh(&sk->sk_callback_lock);
}

static void bb_conn_free(struct bb_conn *c)
{
	kernel_sock_shutdown(c->sock, SHUT_RDWR);
	sock_release(c->sock);
	kvfree(c->buf);
	kfree(c);
}

/* From the connection's own io_work: the peer closed, or an error. */
static void bb_conn_close(struct bb_conn *c)
{
	mutex_lock(&bb_lock);
	if (bb_stopping) {
		/* exit tears it down, once this io_work has returned */
		mutex_unlock(&bb_lock);
		return;
	}
	list_del(&c->link);
	bb_closed++;
	bb_bytes += c->bytes;
	mutex_unlock(&bb_lock);

	bb_conn_restore_callbacks(c);
	/*
	 * A callback may have queued io_work again before it was restored:
	 * drop that run, this one is the last. A work function may free its
	 * own work_struct.
	 */
	cancel_work(&c->io_work);
	bb_conn_free(c);
}

static int bb_recv(struct bb_conn *c)
{
	struct msghdr msg = {};
	struct kvec iov = { .iov_base = c->buf, .iov_len = BB_BUF_SIZE };

	return kernel_recvmsg(c->sock, &msg, &iov, 1, iov.iov_len,
			      MSG_DONTWAIT);
}

static int bb_send(struct bb_conn *c)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec iov = {
		.iov_base = c->buf + c->sent,
		.iov_len = c->len - c->sent,
	};

	return kernel_sendmsg(c->sock, &msg, &iov, 1, iov.iov_len);
}

static void bb_io_work(struct work_struct *work)
{
	struct bb_conn *c = container_of(work, struct bb_conn, io_work);
	int budget = BB_IO_BUDGET;
	int ret;

	while (budget--) {
		if (c->sent == c->len) {
			ret = bb_recv(c);
			if (ret <= 0)
				goto stop;
			c->len = ret;
			c->sent = 0;
		}
		ret = bb_send(c);
		if (ret < 0)
			goto stop;
		c->sent += ret;
		c->bytes += ret;
	}
	/* budget spent, more may be waiting: let other work run first */
	queue_work(bb_wq, &c->io_work);
	return;

stop:
	/* -EAGAIN: sk_data_ready or sk_write_space queues io_work again */
	if (ret != -EAGAIN)
		bb_conn_close(c);
}

/* An accepted socket that gets no connection: give back what it inherited. */
static void bb_sock_drop(struct socket *sock)
{
	struct sock *sk = sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = bb_listener_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	sock_release(sock);
}

static void bb_conn_start(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct bb_conn *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		goto nomem;
	c->buf = kvmalloc(BB_BUF_SIZE, GFP_KERNEL);
	if (!c->buf) {
		kfree(c);
		goto nomem;
	}
	c->sock = sock;
	INIT_WORK(&c->io_work, bb_io_work);

	mutex_lock(&bb_lock);
	list_add_tail(&c->link, &bb_conns);
	mutex_unlock(&bb_lock);

	write_lock_bh(&sk->sk_callback_lock);
	/* the listener's callback, inherited: restore the listener's original */
	c->saved_data_ready = sk->sk_data_ready == bb_listen_data_ready ?
			      bb_listener_data_ready : sk->sk_data_ready;
	c->saved_write_space = sk->sk_write_space;
	c->saved_state_change = sk->sk_state_change;
	sk->sk_user_data = c;
	sk->sk_data_ready = bb_conn_wake;
	sk->sk_write_space = bb_write_space;
	sk->sk_state_change = bb_conn_wake;
	/*
	 * For what arrived before the callbacks were ours. Under the lock: once
	 * a callback has queued io_work, io_work may close and free c, but not
	 * before it restores the callbacks, which waits for this unlock.
	 */
	queue_work(bb_wq, &c->io_work);
	write_unlock_bh(&sk->sk_callback_lock);
	return;

nomem:
	pr_warn_ratelimited("out of memory, connection dropped\n");
	bb_sock_drop(sock);
}

static void bb_accept(struct work_struct *work)
{
	struct socket *sock;
	int ret;

	for (;;) {
		ret = kernel_accept(bb_listener, &sock, O_NONBLOCK);
		if (ret) {
			if (ret != -EAGAIN)
				pr_warn_ratelimited("accept failed: %d\n", ret);
			return;
		}
		bb_conn_start(sock);
	}
}

/* After this no accept work runs and the listener is gone. */
static void bb_listener_stop(void)
{
	struct sock *sk = bb_listener->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = bb_listener_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	cancel_work_sync(&bb_accept_work);
	sock_release(bb_listener);
}

static int __init bb_init(void)
{
	struct sockaddr_in6 addr = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(port),
		.sin6_addr = IN6ADDR_ANY_INIT,
	};
	struct socket *sock;
	struct sock *sk;
	int zero = 0;
	int ret;

	bb_wq = alloc_workqueue("bench_baseline", WQ_MEM_RECLAIM | (highpri ? WQ_HIGHPRI : 0), 0);
	if (!bb_wq)
		return -ENOMEM;
	INIT_WORK(&bb_accept_work, bb_accept);

	ret = sock_create_kern(&init_net, AF_INET6, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (ret) {
		pr_err("cannot create the listener: %d\n", ret);
		goto err_wq;
	}
	sk = sock->sk;
	sock_set_reuseaddr(sk);
	tcp_sock_set_nodelay(sk);	/* inherited by every connection */
	ret = sock->ops->setsockopt(sock, SOL_IPV6, IPV6_V6ONLY,
				    KERNEL_SOCKPTR(&zero), sizeof(zero));
	if (ret) {
		pr_err("cannot clear IPV6_V6ONLY: %d\n", ret);
		sock_release(sock);
		goto err_wq;
	}

	bb_listener = sock;
	write_lock_bh(&sk->sk_callback_lock);
	bb_listener_data_ready = sk->sk_data_ready;
	sk->sk_user_data = &bb_accept_work;
	sk->sk_data_ready = bb_listen_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);

	ret = kernel_bind(sock, (struct sockaddr *)&addr, sizeof(addr));
	if (ret) {
		pr_err("cannot bind [::]:%u: %d\n", port, ret);
		goto err_listener;
	}
	ret = kernel_listen(sock, SOMAXCONN);
	if (ret) {
		pr_err("cannot listen on [::]:%u: %d\n", port, ret);
		goto err_listener;
	}
	pr_info("listening on [::]:%u\n", port);
	return 0;

err_listener:
	bb_listener_stop();
err_wq:
	destroy_workqueue(bb_wq);
	return ret;
}

static void __exit bb_exit(void)
{
	struct bb_conn *c, *tmp;

	bb_listener_stop();

	mutex_lock(&bb_lock);
	bb_stopping = true;
	mutex_unlock(&bb_lock);

	/* nothing else changes bb_conns and the counters now */
	list_for_each_entry_safe(c, tmp, &bb_conns, link) {
		list_del(&c->link);
		bb_conn_restore_callbacks(c);
		cancel_work_sync(&c->io_work);
		bb_closed++;
		bb_bytes += c->bytes;
		bb_conn_free(c);
	}
	/* waits for the io_work runs that are freeing their own connection */
	destroy_workqueue(bb_wq);
	pr_info("stopped, %lu connections, %llu bytes echoed\n",
		bb_closed, bb_bytes);
}

module_init(bb_init);
module_exit(bb_exit);
MODULE_DESCRIPTION("Kernel TCP echo server on kernel sockets (tools/bench baseline)");
MODULE_LICENSE("GPL");
