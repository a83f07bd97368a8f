// SPDX-License-Identifier: GPL-2.0
/*
 * WskGetOption: the options WskSetOption sets, read back from the socket
 * itself as the kernel's getsockopt() reports them. The kernel's
 * getsockopt() takes user pointers (but for SOL_SOCKET on 6.12), so wsk
 * reads the fields getsockopt() reads, one switch per level.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/inet_connection_sock.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <compat/compat.h>
#include <wsk.h>
#include "cmsg.h"
#include "option.h"

static size_t socket_option(struct sock *sk, ULONG code, union wsk_option *v)
{
	switch (code) {
	case SO_DEBUG:
		v->val = sock_flag(sk, SOCK_DBG);
		break;
	case SO_REUSEADDR:
		v->val = sk->sk_reuse != SK_NO_REUSE;
		break;
	case SO_REUSEPORT:
		v->val = sk->sk_reuseport;
		break;
	case SO_KEEPALIVE:
		v->val = sock_flag(sk, SOCK_KEEPOPEN);
		break;
	case SO_RCVBUF:		/* as stored: twice what was set */
		v->val = READ_ONCE(sk->sk_rcvbuf);
		break;
	case SO_SNDBUF:
		v->val = READ_ONCE(sk->sk_sndbuf);
		break;
	case SO_BROADCAST:
		v->val = sock_flag(sk, SOCK_BROADCAST);
		break;
	case SO_PRIORITY:
		v->val = READ_ONCE(sk->sk_priority);
		break;
	case SO_RCVLOWAT:
		v->val = READ_ONCE(sk->sk_rcvlowat);
		break;
	case SO_MARK:
		v->val = READ_ONCE(sk->sk_mark);
		break;
	case SO_LINGER:
		v->linger.l_onoff = sock_flag(sk, SOCK_LINGER);
		v->linger.l_linger = READ_ONCE(sk->sk_lingertime) / HZ;
		return sizeof(v->linger);
	case SO_TYPE:
		v->val = sk->sk_type;
		break;
	case SO_PROTOCOL:
		v->val = sk->sk_protocol;
		break;
	case SO_DOMAIN:
		v->val = sk->sk_family;
		break;
	case SO_ERROR:		/* reads and clears it */
		v->val = -sock_error(sk);
		if (!v->val)
			v->val = xchg(&sk->sk_err_soft, 0);
		break;
	case SO_ACCEPTCONN:
		v->val = READ_ONCE(sk->sk_state) == TCP_LISTEN;
		break;
	case SO_OOBINLINE:
		v->val = sock_flag(sk, SOCK_URGINLINE);
		break;
	case SO_DONTROUTE:
		v->val = sock_flag(sk, SOCK_LOCALROUTE);
		break;
	case SO_NO_CHECK:
		v->val = sk->sk_no_check_tx;
		break;
	case SO_BINDTOIFINDEX:
		v->val = READ_ONCE(sk->sk_bound_dev_if);
		break;
	default:
		return 0;
	}
	return sizeof(v->val);
}

/* IPPROTO_IP, on IPv4 and IPv6 sockets alike (the latter's IPv4 side). */
static size_t ip_option(struct wsk_sock *ws, ULONG code, union wsk_option *v)
{
	struct sock *sk = ws->sk;
	struct inet_sock *inet = inet_sk(sk);

	switch (code) {
	case IP_TOS:
		v->val = READ_ONCE(inet->tos);
		break;
	case IP_TTL:
		v->val = READ_ONCE(inet->uc_ttl);
		if (v->val < 0)
			v->val = READ_ONCE(sock_net(sk)->ipv4.sysctl_ip_default_ttl);
		break;
	case IP_PKTINFO:
		v->val = !!(wsk_inet_cmsg_flags(inet) & IP_CMSG_PKTINFO);
		break;
	case IP_RECVTTL:
		v->val = !!(wsk_inet_cmsg_flags(inet) & IP_CMSG_TTL);
		break;
	case IP_RECVTOS:
		v->val = !!(wsk_inet_cmsg_flags(inet) & IP_CMSG_TOS);
		break;
	case IP_RECVORIGDSTADDR:
		v->val = !!(wsk_inet_cmsg_flags(inet) & IP_CMSG_ORIGDSTADDR);
		break;
	case IP_MTU_DISCOVER:
		v->val = READ_ONCE(inet->pmtudisc);
		break;
	case IP_DONTFRAGMENT:	/* Windows': the kernel's DO or PROBE */
		v->val = READ_ONCE(inet->pmtudisc) == IP_PMTUDISC_DO ||
			 READ_ONCE(inet->pmtudisc) == IP_PMTUDISC_PROBE;
		break;
	case IP_MULTICAST_TTL:
		v->val = READ_ONCE(inet->mc_ttl);
		break;
	case IP_MULTICAST_LOOP:
		v->val = wsk_inet_flag(sk, MC_LOOP);
		break;
	case IP_MULTICAST_ALL:
		v->val = wsk_inet_flag(sk, MC_ALL);
		break;
	case IP_FREEBIND:
		v->val = wsk_inet_flag(sk, FREEBIND);
		break;
	case IP_TRANSPARENT:
		v->val = wsk_inet_flag(sk, TRANSPARENT);
		break;
	case IP_BIND_ADDRESS_NO_PORT:
		v->val = wsk_inet_flag(sk, BIND_ADDRESS_NO_PORT);
		break;
	case IP_RECVERR:
		v->val = wsk_inet_flag(sk, RECVERR);
		break;
	case IP_MINTTL:
		v->val = READ_ONCE(inet->min_ttl);
		break;
	case IP_RECVECN:	/* ws2def.h */
		v->val = !!(ws->cmsg_ecn & WSK_CMSG_ECN_IP);
		break;
	default:
		return 0;
	}
	return sizeof(v->val);
}

/*
 * IPV6_UNICAST_HOPS or IPV6_MULTICAST_HOPS @hops, not set (-1): the
 * route's, else the namespace's default.
 */
static int ipv6_hops(struct sock *sk, int hops)
{
	struct dst_entry *dst;

	if (hops < 0) {
		rcu_read_lock();
		dst = __sk_dst_get(sk);
		if (dst)
			hops = ip6_dst_hoplimit(dst);
		rcu_read_unlock();
	}
	if (hops < 0)
		hops = READ_ONCE(sock_net(sk)->ipv6.devconf_all->hop_limit);
	return hops;
}

/* IPPROTO_IPV6, on IPv6 sockets. */
static size_t ipv6_option(struct wsk_sock *ws, ULONG code, union wsk_option *v)
{
	struct sock *sk = ws->sk;
	struct ipv6_pinfo *np = inet6_sk(sk);

	switch (code) {
	case IPV6_V6ONLY:
		v->val = sk->sk_ipv6only;
		break;
	case IPV6_TCLASS:
		v->val = READ_ONCE(np->tclass);
		break;
	case IPV6_UNICAST_HOPS:
		v->val = ipv6_hops(sk, wsk_ipv6_hop_limit(np));
		break;
	case IPV6_MULTICAST_HOPS:
		v->val = ipv6_hops(sk, wsk_ipv6_mcast_hops(np));
		break;
	case IPV6_RECVPKTINFO:
		v->val = np->rxopt.bits.rxinfo;
		break;
	case IPV6_RECVHOPLIMIT:
		v->val = np->rxopt.bits.rxhlim;
		break;
	case IPV6_RECVTCLASS:
		v->val = np->rxopt.bits.rxtclass;
		break;
	case IPV6_RECVORIGDSTADDR:
		v->val = np->rxopt.bits.rxorigdstaddr;
		break;
	case IPV6_MULTICAST_LOOP:
		v->val = wsk_inet6_flag(sk, MC6_LOOP);
		break;
	case IPV6_MULTICAST_ALL:
		v->val = wsk_inet6_flag(sk, MC6_ALL);
		break;
	case IPV6_DONTFRAG:
		v->val = wsk_inet6_flag(sk, DONTFRAG);
		break;
	case IPV6_RECVERR:
		v->val = wsk_inet6_flag(sk, RECVERR6);
		break;
	case IPV6_MTU_DISCOVER:
		v->val = wsk_ipv6_pmtudisc(np);
		break;
	case IPV6_MINHOPCOUNT:
		v->val = READ_ONCE(np->min_hopcount);
		break;
	case IPV6_FREEBIND:	/* the IPv4 flag: Linux has one for both */
		v->val = wsk_inet_flag(sk, FREEBIND);
		break;
	case IPV6_TRANSPARENT:
		v->val = wsk_inet_flag(sk, TRANSPARENT);
		break;
	case IPV6_RECVECN:	/* ws2def.h */
		v->val = !!(ws->cmsg_ecn & WSK_CMSG_ECN_IPV6);
		break;
	default:
		return 0;
	}
	return sizeof(v->val);
}

/* TCP_DEFER_ACCEPT's SYN-ACK retransmissions as seconds, as tcp.c counts them. */
static int retransmits_to_seconds(u8 retransmits, int timeout, int rto_max)
{
	int period = 0;

	if (retransmits > 0) {
		period = timeout;
		while (--retransmits) {
			timeout = min(timeout << 1, rto_max);
			period += timeout;
		}
	}
	return period;
}

/* TCP_CONGESTION: the name and its NUL. */
static size_t congestion_name(struct sock *sk, union wsk_option *v)
{
	ssize_t len;

	rcu_read_lock();
	len = strscpy(v->name, READ_ONCE(inet_csk(sk)->icsk_ca_ops)->name, sizeof(v->name));
	rcu_read_unlock();
	return len < 0 ? sizeof(v->name) : len + 1;
}

/* IPPROTO_TCP, on TCP sockets. */
static size_t tcp_option(struct sock *sk, ULONG code, union wsk_option *v)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct net *net = sock_net(sk);

	switch (code) {
	case TCP_NODELAY:
		v->val = !!(tp->nonagle & TCP_NAGLE_OFF);
		break;
	case TCP_CORK:
		v->val = !!(tp->nonagle & TCP_NAGLE_CORK);
		break;
	case TCP_MAXSEG:	/* the one set only until connected */
		v->val = tp->mss_cache;
		if (tp->rx_opt.user_mss && ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			v->val = tp->rx_opt.user_mss;
		break;
	case TCP_KEEPIDLE:	/* and TCP_KEEPALIVE (ws2def.h) */
		v->val = keepalive_time_when(tp) / HZ;
		break;
	case TCP_KEEPINTVL:
		v->val = keepalive_intvl_when(tp) / HZ;
		break;
	case TCP_KEEPCNT:
		v->val = keepalive_probes(tp);
		break;
	case TCP_SYNCNT:
		v->val = READ_ONCE(icsk->icsk_syn_retries) ? :
			 READ_ONCE(net->ipv4.sysctl_tcp_syn_retries);
		break;
	case TCP_LINGER2:
		v->val = READ_ONCE(tp->linger2);
		if (v->val >= 0)
			v->val = (v->val ? : READ_ONCE(net->ipv4.sysctl_tcp_fin_timeout)) / HZ;
		break;
	case TCP_DEFER_ACCEPT:
		v->val = READ_ONCE(icsk->icsk_accept_queue.rskq_defer_accept);
		v->val = retransmits_to_seconds(v->val, TCP_TIMEOUT_INIT / HZ, TCP_RTO_MAX / HZ);
		break;
	case TCP_WINDOW_CLAMP:
		v->val = READ_ONCE(tp->window_clamp);
		break;
	case TCP_QUICKACK:
		v->val = !inet_csk_in_pingpong_mode(sk);
		break;
	case TCP_USER_TIMEOUT:
		v->val = READ_ONCE(icsk->icsk_user_timeout);
		break;
	case TCP_FASTOPEN:
		v->val = READ_ONCE(icsk->icsk_accept_queue.fastopenq.max_qlen);
		break;
	case TCP_FASTOPEN_CONNECT:
		v->val = tp->fastopen_connect;
		break;
	case TCP_FASTOPEN_NO_COOKIE:
		v->val = tp->fastopen_no_cookie;
		break;
	case TCP_THIN_LINEAR_TIMEOUTS:
		v->val = tp->thin_lto;
		break;
	case TCP_TX_DELAY:
		v->val = READ_ONCE(tp->tcp_tx_delay);
		break;
	case TCP_NOTSENT_LOWAT:
		v->val = READ_ONCE(tp->notsent_lowat);
		break;
	case TCP_CONGESTION:
		return congestion_name(sk, v);
	default:
		return 0;
	}
	return sizeof(v->val);
}

/* IPPROTO_UDP, on UDP sockets. */
static size_t udp_option(struct wsk_sock *ws, ULONG code, union wsk_option *v)
{
	struct sock *sk = ws->sk;

	switch (code) {
	case UDP_CORK:
		v->val = udp_test_bit(CORK, sk);
		break;
	case UDP_SEGMENT:
	case UDP_SEND_MSG_SIZE:		/* ws2def.h */
		v->val = READ_ONCE(udp_sk(sk)->gso_size);
		break;
	case UDP_GRO:
		v->val = udp_test_bit(GRO_ENABLED, sk);
		break;
	case UDP_RECV_MAX_COALESCED_SIZE:	/* ws2def.h: as set */
		v->val = ws->udp_coalesce_max;
		break;
	case UDP_NO_CHECK6_TX:
		v->val = udp_get_no_check6_tx(sk);
		break;
	case UDP_NO_CHECK6_RX:
		v->val = udp_get_no_check6_rx(sk);
		break;
	default:
		return 0;
	}
	return sizeof(v->val);
}

/**
 * wsk_option_get() - read back a socket option for WskGetOption
 * @ws: the socket
 * @level: SOL_SOCKET, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP or IPPROTO_UDP
 * @code: the option (Linux numbers but for ws2def.h's Windows ones)
 * @v: receives its value
 *
 * Reads what the kernel's getsockopt() would report: each an int, but
 * SO_LINGER, Linux's struct linger (two ints, l_onoff and l_linger in
 * seconds: Windows' has two u_shorts), and TCP_CONGESTION, the congestion
 * control's name and its NUL.
 *
 * SOL_SOCKET: SO_DEBUG, SO_REUSEADDR (0 or 1), SO_REUSEPORT, SO_KEEPALIVE,
 * SO_RCVBUF and SO_SNDBUF (as stored, twice what was set), SO_BROADCAST,
 * SO_PRIORITY, SO_RCVLOWAT, SO_MARK, SO_LINGER, SO_TYPE, SO_PROTOCOL,
 * SO_DOMAIN, SO_ERROR (a positive errno, which reading clears, as
 * getsockopt() does), SO_ACCEPTCONN, SO_OOBINLINE, SO_DONTROUTE,
 * SO_NO_CHECK, SO_BINDTOIFINDEX.
 *
 * IPPROTO_IP, IPv4 and IPv6 sockets: IP_TOS, IP_TTL, IP_PKTINFO,
 * IP_RECVTTL, IP_RECVTOS, IP_RECVORIGDSTADDR, IP_MTU_DISCOVER,
 * IP_MULTICAST_TTL, IP_MULTICAST_LOOP, IP_MULTICAST_ALL, IP_FREEBIND,
 * IP_TRANSPARENT, IP_BIND_ADDRESS_NO_PORT, IP_RECVERR, IP_MINTTL, and
 * Windows' IP_DONTFRAGMENT and IP_RECVECN.
 *
 * IPPROTO_IPV6, IPv6 sockets: IPV6_V6ONLY, IPV6_TCLASS, IPV6_UNICAST_HOPS
 * and IPV6_MULTICAST_HOPS (not set: the route's or the namespace's),
 * IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT, IPV6_RECVTCLASS,
 * IPV6_RECVORIGDSTADDR, IPV6_MULTICAST_LOOP, IPV6_MULTICAST_ALL,
 * IPV6_DONTFRAG, IPV6_RECVERR, IPV6_MTU_DISCOVER, IPV6_MINHOPCOUNT,
 * IPV6_FREEBIND, IPV6_TRANSPARENT, and Windows' IPV6_RECVECN.
 *
 * IPPROTO_TCP, TCP sockets: TCP_NODELAY, TCP_CORK, TCP_MAXSEG (the one set
 * while not connected, the connection's MSS once connected),
 * TCP_KEEPIDLE (Windows' TCP_KEEPALIVE), TCP_KEEPINTVL and TCP_KEEPCNT
 * (not set: the namespace's), TCP_SYNCNT, TCP_LINGER2 (seconds),
 * TCP_DEFER_ACCEPT (seconds, rounded up to whole SYN-ACK retransmissions
 * as Linux keeps it), TCP_WINDOW_CLAMP, TCP_QUICKACK, TCP_USER_TIMEOUT,
 * TCP_FASTOPEN, TCP_FASTOPEN_CONNECT, TCP_FASTOPEN_NO_COOKIE,
 * TCP_THIN_LINEAR_TIMEOUTS, TCP_TX_DELAY, TCP_NOTSENT_LOWAT,
 * TCP_CONGESTION.
 *
 * IPPROTO_UDP, UDP sockets: UDP_CORK, UDP_SEGMENT, UDP_GRO,
 * UDP_NO_CHECK6_TX, UDP_NO_CHECK6_RX, and Windows' UDP_SEND_MSG_SIZE (the
 * kernel's UDP_SEGMENT) and UDP_RECV_MAX_COALESCED_SIZE (as set).
 *
 * Others are not read: options of another family or protocol; those
 * that are not an int (addresses, IP_OPTIONS, SO_RCVTIMEO and SO_SNDTIMEO,
 * filters, TCP_INFO, which SIO_TCP_INFO gives); those Linux cannot read
 * back either (SO_RCVBUFFORCE, SO_SNDBUFFORCE, group memberships); and int
 * options not listed above, such as the timestamping ones,
 * SO_MAX_PACING_RATE, SO_BUSY_POLL, SO_ZEROCOPY or UDP_ENCAP.
 *
 * Context: the socket's worker; takes the socket lock.
 * Return: the size of the value in @v, 0 for an option not read (or not of
 * that socket's family or protocol).
 */
size_t wsk_option_get(struct wsk_sock *ws, ULONG level, ULONG code, union wsk_option *v)
{
	struct sock *sk = ws->sk;
	size_t size = 0;

	memset(v, 0, sizeof(*v));
	lock_sock(sk);
	if (level == SOL_SOCKET)
		size = socket_option(sk, code, v);
	else if (level == IPPROTO_IP)
		size = ip_option(ws, code, v);
	else if (level == IPPROTO_IPV6 && ws->family == AF_INET6)
		size = ipv6_option(ws, code, v);
	else if (level == IPPROTO_TCP && sk->sk_protocol == IPPROTO_TCP)
		size = tcp_option(sk, code, v);
	else if (level == IPPROTO_UDP && sk->sk_protocol == IPPROTO_UDP)
		size = udp_option(ws, code, v);
	release_sock(sk);
	return size;
}
