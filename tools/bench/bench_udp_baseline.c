// SPDX-License-Identifier: GPL-2.0
/*
 * bench_udp_baseline: a UDP echo server written directly on a kernel socket,
 * the baseline that tools/bench measures wsk's UDP echo sample against.
 *
 * One dual-stack socket on [::]:port (IPV6_V6ONLY off, so IPv4 peers arrive
 * as v4-mapped addresses). Its sk_data_ready only queues io_work, which
 * receives a datagram with MSG_DONTWAIT into one 64 KiB buffer and sends it
 * straight back to its sender, for at most BU_IO_BUDGET datagrams before it
 * queues itself again. A datagram the socket has no room to send back
 * (-EAGAIN) is dropped and counted, as a UDP server under load drops: the
 * load generator counts it lost. Everything runs from one work item on a
 * high-priority workqueue: no thread, no call that blocks.
 *
 * With softirq=1 it is instead the fastest server a kernel socket allows,
 * the ceiling a softirq-driven provider can reach: sk_data_ready itself,
 * in the softirq that brought the datagram, takes the skbs UDP queued
 * (__skb_recv_udp()) and sends each one's data back from the skb, no copy
 * into a buffer, at most BU_IO_BUDGET per call; io_work still serves what
 * arrives in process context.
 *
 * Teardown: module exit restores the socket's sk_data_ready and clears
 * sk_user_data under sk_callback_lock (the callback holds it for reading),
 * so no callback queues io_work afterwards; then it waits for io_work.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/sockptr.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/udp.h>

#define BU_BUF_SIZE	(64 * 1024)
#define BU_IO_BUDGET	64	/* datagrams per io_work run */

static ushort port = 40012;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "UDP port of the dual-stack echo socket");

static bool softirq;
module_param(softirq, bool, 0444);
MODULE_PARM_DESC(softirq, "echo from sk_data_ready in the softirq, from the skb (the ceiling)");

static struct workqueue_struct *bu_wq;
static struct socket *bu_sock;
static struct work_struct bu_io_work;
static void (*bu_data_ready)(struct sock *sk);	/* the socket's original */
static void *bu_buf;
static u64 bu_datagrams, bu_bytes, bu_dropped;	/* io_work's only */
static atomic64_t bu_bh_datagrams, bu_bh_dropped;	/* the softirq's */

/* Send each queued datagram back from its skb (softirq=1). */
static void bu_echo_bh(struct sock *sk)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	struct msghdr msg = { .msg_name = &to, .msg_namelen = sizeof(to) };
	struct sk_buff *skb;
	struct kvec vec;
	int i, off, err;

	for (i = 0; i < BU_IO_BUDGET; i++) {
		off = 0;
		skb = __skb_recv_udp(sk, MSG_DONTWAIT, &off, &err);
		if (!skb)
			return;
		if ((!udp_skb_csum_unnecessary(skb) && __udp_lib_checksum_complete(skb)) ||
		    skb_linearize(skb)) {
			kfree_skb(skb);
			continue;
		}
		to.sin6_port = udp_hdr(skb)->source;
		if (skb->protocol == htons(ETH_P_IP))
			ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &to.sin6_addr);
		else
			to.sin6_addr = ipv6_hdr(skb)->saddr;
		msg.msg_flags = MSG_DONTWAIT;
		vec.iov_base = skb->data;
		vec.iov_len = skb->len;
		if (kernel_sendmsg(bu_sock, &msg, &vec, 1, skb->len) == (int)vec.iov_len)
			atomic64_inc(&bu_bh_datagrams);
		else
			atomic64_inc(&bu_bh_dropped);
		consume_skb(skb);
	}
	queue_work(bu_wq, &bu_io_work);	/* more wait: the work item takes them */
}

static void bu_sock_data_ready(struct sock *sk)
{
	read_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data && softirq && in_serving_softirq())
		bu_echo_bh(sk);
	else if (sk->sk_user_data)
		queue_work(bu_wq, &bu_io_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void bu_io(struct work_struct *work)
{
	struct sockaddr_in6 from;
	struct msghdr msg;
	struct kvec vec;
	int i, n, ret;

	for (i = 0; i < BU_IO_BUDGET; i++) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		vec.iov_base = bu_buf;
		vec.iov_len = BU_BUF_SIZE;
		n = kernel_recvmsg(bu_sock, &msg, &vec, 1, BU_BUF_SIZE, MSG_DONTWAIT);
		if (n < 0)
			return;		/* -EAGAIN: sk_data_ready queues us again */
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_flags = MSG_DONTWAIT;
		vec.iov_len = n;
		ret = kernel_sendmsg(bu_sock, &msg, &vec, 1, n);
		if (ret == n) {
			bu_datagrams++;
			bu_bytes += n;
		} else {
			bu_dropped++;
		}
	}
	queue_work(bu_wq, &bu_io_work);	/* more may wait: let others run first */
}

static void bu_stop(void)
{
	struct sock *sk;

	if (!bu_sock)
		return;
	sk = bu_sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = bu_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	cancel_work_sync(&bu_io_work);
	sock_release(bu_sock);
	bu_sock = NULL;
}

static int __init bu_init(void)
{
	struct sockaddr_in6 addr = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
	int zero = 0, ret;
	struct sock *sk;

	bu_buf = kvmalloc(BU_BUF_SIZE, GFP_KERNEL);
	bu_wq = alloc_workqueue("bench_udp_baseline", WQ_HIGHPRI, 0);
	if (!bu_buf || !bu_wq) {
		ret = -ENOMEM;
		goto fail;
	}
	INIT_WORK(&bu_io_work, bu_io);
	ret = sock_create_kern(&init_net, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, &bu_sock);
	if (ret)
		goto fail;
	ret = bu_sock->ops->setsockopt(bu_sock, IPPROTO_IPV6, IPV6_V6ONLY,
				       KERNEL_SOCKPTR(&zero), sizeof(zero));
	if (!ret)
		ret = kernel_bind(bu_sock, (struct sockaddr *)&addr, sizeof(addr));
	if (ret) {
		sock_release(bu_sock);
		bu_sock = NULL;
		goto fail;
	}
	sk = bu_sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	bu_data_ready = sk->sk_data_ready;
	sk->sk_user_data = bu_sock;
	sk->sk_data_ready = bu_sock_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	queue_work(bu_wq, &bu_io_work);	/* what came before the callback */
	pr_info("listening on UDP [::]:%u (dual stack)\n", port);
	return 0;

fail:
	pr_err("cannot serve on UDP port %u: %d\n", port, ret);
	if (bu_wq)
		destroy_workqueue(bu_wq);
	kvfree(bu_buf);
	return ret;
}

static void __exit bu_exit(void)
{
	bu_stop();
	destroy_workqueue(bu_wq);
	kvfree(bu_buf);
	pr_info("stopped, %llu datagrams and %llu bytes echoed, %llu dropped; %lld and %lld in softirq\n",
		bu_datagrams, bu_bytes, bu_dropped, atomic64_read(&bu_bh_datagrams),
		atomic64_read(&bu_bh_dropped));
}

module_init(bu_init);
module_exit(bu_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("tools/bench baseline: a UDP echo server on a kernel socket");
