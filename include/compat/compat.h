/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference wsk depends on, in one place. wsk builds
 * against Debian's 6.1 and 6.12 kernels and is written to build on later ones.
 */
#ifndef _WSK_COMPAT_H
#define _WSK_COMPAT_H

#include <linux/version.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/socket.h>

#define WSK_KERNEL_VERSION \
	KERNEL_VERSION(LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL, LINUX_VERSION_SUBLEVEL)

/*
 * wsk exports into the symbol namespace WSK, and a client module says
 * WSK_IMPORT_NS() once. From 6.13 on, namespaces are string literals.
 */
#if KERNEL_VERSION(6, 13, 0) <= WSK_KERNEL_VERSION
#define EXPORT_SYMBOL_WSK(sym)	EXPORT_SYMBOL_NS_GPL(sym, "WSK")
#define WSK_IMPORT_NS()		MODULE_IMPORT_NS("WSK")
#define WSK_IMPORT_KUNIT_NS()	MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define EXPORT_SYMBOL_WSK(sym)	EXPORT_SYMBOL_NS_GPL(sym, WSK)
#define WSK_IMPORT_NS()		MODULE_IMPORT_NS(WSK)
#define WSK_IMPORT_KUNIT_NS()	MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/* The IP_ control messages a socket asked for: a function from 6.6 on. */
#if KERNEL_VERSION(6, 6, 0) <= WSK_KERNEL_VERSION
#define wsk_inet_cmsg_flags(inet)	inet_cmsg_flags(inet)
#else
#define wsk_inet_cmsg_flags(inet)	((inet)->cmsg_flags)
#endif

/*
 * An IPv4 socket option flag: @nr's bit of inet_flags from 6.6 on
 * (inet_test_bit()), a bit-field of struct inet_sock before.
 */
#if KERNEL_VERSION(6, 6, 0) <= WSK_KERNEL_VERSION
#define wsk_inet_flag(sk, nr)		inet_test_bit(nr, sk)
#else
#define wsk_inet_flag(sk, nr)		(inet_sk(sk)->WSK_INET_##nr)
#define WSK_INET_RECVERR		recverr
#define WSK_INET_FREEBIND		freebind
#define WSK_INET_MC_LOOP		mc_loop
#define WSK_INET_MC_ALL			mc_all
#define WSK_INET_TRANSPARENT		transparent
#define WSK_INET_BIND_ADDRESS_NO_PORT	bind_address_no_port
#endif

/*
 * An IPv6 socket's unicast hop limit (-1: the default), multicast hop
 * limit, path MTU discovery mode, and option flags (@nr's bit of
 * inet_flags, inet6_test_bit()): bit-fields of struct ipv6_pinfo before 6.7.
 */
#if KERNEL_VERSION(6, 7, 0) <= WSK_KERNEL_VERSION
#define wsk_ipv6_hop_limit(np)		READ_ONCE((np)->hop_limit)
#define wsk_ipv6_mcast_hops(np)		READ_ONCE((np)->mcast_hops)
#define wsk_ipv6_pmtudisc(np)		READ_ONCE((np)->pmtudisc)
#define wsk_inet6_flag(sk, nr)		inet6_test_bit(nr, sk)
#else
#define wsk_ipv6_hop_limit(np)		((np)->hop_limit)
#define wsk_ipv6_mcast_hops(np)		((np)->mcast_hops)
#define wsk_ipv6_pmtudisc(np)		((np)->pmtudisc)
#define wsk_inet6_flag(sk, nr)		(inet6_sk(sk)->WSK_INET6_##nr)
#define WSK_INET6_MC6_LOOP		mc_loop
#define WSK_INET6_MC6_ALL		mc_all
#define WSK_INET6_DONTFRAG		dontfrag
#define WSK_INET6_RECVERR6		recverr
#endif

/* Retransmission timeout episodes in struct tcp_info: counted from 6.7 on. */
#if KERNEL_VERSION(6, 7, 0) <= WSK_KERNEL_VERSION
#define wsk_tcpi_rto_episodes(info)	((info)->tcpi_total_rto_recoveries)
#else
#define wsk_tcpi_rto_episodes(info)	((void)(info), 0)
#endif

/*
 * TCP sends that take page references instead of copying (MSG_SPLICE_PAGES):
 * from 6.5 on. Before, WskSend copies lent pages like any other.
 */
#ifdef MSG_SPLICE_PAGES
#define WSK_MSG_SPLICE_PAGES		MSG_SPLICE_PAGES
#else
#define WSK_MSG_SPLICE_PAGES		0
#endif

#endif /* _WSK_COMPAT_H */
