/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Winsock definitions a WSK client needs: socket addresses, control message
 * headers, address information, socket address lists and the Winsock ioctl
 * code layout.
 *
 * The address structures are the Linux ones under their Windows names; on
 * x86_64 both systems lay them out identically. Address families, option
 * levels, socket options and protocol numbers are NOT redefined: a client built
 * here passes Linux's AF_*, SOCK_*, SOL_*, SO_*, IPPROTO_*, IPV6_* and TCP_* values,
 * and the provider reads Linux values. Only constants that have no Linux
 * counterpart keep their Windows numbers.
 */
#ifndef _WSK_WS2DEF_H
#define _WSK_WS2DEF_H

#include <linux/socket.h>
#include <linux/net.h>		/* SOCK_STREAM, SOCK_DGRAM, ... */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>		/* struct in6_pktinfo */
#include <linux/tcp.h>		/* TCP_NODELAY, which ws2def.h defines on Windows */
#include "ntdef.h"

typedef USHORT ADDRESS_FAMILY;

typedef struct sockaddr SOCKADDR, *PSOCKADDR, *LPSOCKADDR;
typedef struct sockaddr_in SOCKADDR_IN, *PSOCKADDR_IN, *LPSOCKADDR_IN;
typedef struct sockaddr_in6 SOCKADDR_IN6_LH, *PSOCKADDR_IN6_LH, *LPSOCKADDR_IN6_LH;
typedef struct sockaddr_in6 SOCKADDR_IN6, *PSOCKADDR_IN6, *LPSOCKADDR_IN6;
typedef struct __kernel_sockaddr_storage SOCKADDR_STORAGE_LH, *PSOCKADDR_STORAGE_LH,
	*LPSOCKADDR_STORAGE_LH;
typedef struct __kernel_sockaddr_storage SOCKADDR_STORAGE, *PSOCKADDR_STORAGE,
	*LPSOCKADDR_STORAGE;

/*
 * Windows spells the IPv4 address as a union (S_un.S_addr); Linux has only
 * s_addr, the member portable clients use.
 */
typedef struct in_addr IN_ADDR, *PIN_ADDR, *LPIN_ADDR;
typedef struct in6_addr IN6_ADDR, *PIN6_ADDR, *LPIN6_ADDR;

/* Windows socket options without a Linux counterpart (used at SOL_SOCKET). */
#define SO_CONDITIONAL_ACCEPT	0x3002

/* Base of the WSK-specific socket options (SO_WSK_* in wsk.h). */
#define WSK_SO_BASE		0x4000

/*
 * Socket address as returned in lists (SIO_ADDRESS_LIST_QUERY).
 */
typedef struct _SOCKET_ADDRESS {
	LPSOCKADDR lpSockaddr;
	INT iSockaddrLength;
} SOCKET_ADDRESS, *PSOCKET_ADDRESS, *LPSOCKET_ADDRESS;

/* Address[] holds iAddressCount entries; Windows declares it with one. */
typedef struct _SOCKET_ADDRESS_LIST {
	INT iAddressCount;
	SOCKET_ADDRESS Address[1];
} SOCKET_ADDRESS_LIST, *PSOCKET_ADDRESS_LIST, *LPSOCKET_ADDRESS_LIST;

#define SIZEOF_SOCKET_ADDRESS_LIST(AddressCount) \
	(offsetof(SOCKET_ADDRESS_LIST, Address) + (AddressCount) * sizeof(SOCKET_ADDRESS))

/*
 * Ancillary data (control information) of WskSendTo, WskReceiveFrom,
 * WskSendMessages and datagram indications. Windows' WSACMSGHDR has the
 * layout of Linux's struct cmsghdr, and on x86_64 both align headers and data
 * to 8 bytes, so Linux's CMSG_LEN, CMSG_SPACE and CMSG_DATA apply unchanged;
 * the WSA_ spellings map onto them. Levels and types are Linux values.
 */
typedef struct cmsghdr WSACMSGHDR, *PWSACMSGHDR, *LPWSACMSGHDR;
typedef struct cmsghdr CMSGHDR, *PCMSGHDR;

#define WSA_CMSG_DATA(cmsg)	((PUCHAR)CMSG_DATA(cmsg))
#define WSA_CMSG_SPACE(length)	CMSG_SPACE(length)
#define WSA_CMSG_LEN(length)	CMSG_LEN(length)

/*
 * IP_PKTINFO's data in the Windows layout, 8 bytes (Linux's struct
 * in_pktinfo has 12 and another order): wsk translates between them, both
 * ways. IPV6_PKTINFO's layout is the same in both.
 */
typedef struct _IN_PKTINFO {
	IN_ADDR ipi_addr;
	ULONG ipi_ifindex;
} IN_PKTINFO, *PIN_PKTINFO;

typedef struct in6_pktinfo IN6_PKTINFO, *PIN6_PKTINFO;

/*
 * IP_DONTFRAGMENT, Windows' name and number (level IPPROTO_IP, a ULONG, 0
 * or 1): set, wsk makes it the kernel's IP_MTU_DISCOVER with
 * IP_PMTUDISC_DO or IP_PMTUDISC_DONT, and a datagram bigger than the path's
 * MTU then fails with STATUS_INVALID_BUFFER_SIZE rather than going in
 * fragments. Linux's IP_MTU has the same number; it cannot be set, and
 * WskGetOption reads 14 at IPPROTO_IP as IP_DONTFRAGMENT. IPV6_DONTFRAG is
 * Linux's own.
 */
#define IP_DONTFRAGMENT			14

/*
 * ECN, with Windows' names but wsk's own numbers (Windows' 50 is Linux's
 * IP_UNICAST_IF and IPV6_PKTINFO). IP_RECVECN and IPV6_RECVECN (a ULONG, 0
 * or 1) ask for an IP_ECN or IPV6_ECN control message (an INT, the ECN
 * codepoint, 0 to 3) with each datagram received: the kernel's IP_RECVTOS
 * and IPV6_RECVTCLASS, whose TOS or traffic class wsk trims to its ECN
 * bits (a socket that asked for ECN gets no IP_TOS or IPV6_TCLASS message).
 * An IP_ECN or IPV6_ECN message sent with a datagram sets its codepoint:
 * the kernel's IP_TOS or IPV6_TCLASS message, DSCP 0, for that datagram.
 */
#define IP_RECVECN			0x574b0001
#define IP_ECN				IP_RECVECN
#define IPV6_RECVECN			0x574b0002
#define IPV6_ECN			IPV6_RECVECN

/*
 * UDP segmentation offload and receive coalescing (Windows' ws2ipdef.h
 * names, with their Windows values, level IPPROTO_UDP; Linux has none of
 * these numbers at SOL_UDP). UDP_SEND_MSG_SIZE, an option or a control
 * message of a send (a ULONG): the kernel's UDP GSO (UDP_SEGMENT) cuts each
 * buffer sent into datagrams of that size. UDP_RECV_MAX_COALESCED_SIZE (a
 * ULONG, 0 turns it off): the kernel's UDP GRO may hand over several
 * datagrams from one sender as one buffer, up to 64 KiB whatever the value,
 * with a UDP_COALESCED_INFO control message (a ULONG) giving the size of
 * each datagram but the last.
 */
#define UDP_SEND_MSG_SIZE		2
#define UDP_RECV_MAX_COALESCED_SIZE	3
#define UDP_COALESCED_INFO		3

/*
 * TCP_KEEPALIVE, Windows' name (ws2ipdef.h, level IPPROTO_TCP, a ULONG):
 * the idle time in seconds before the first keep-alive probe, which is
 * Linux's TCP_KEEPIDLE; Linux has no TCP_KEEPALIVE. Windows' number, 3, is
 * Linux's TCP_CORK, so a client built here passes TCP_KEEPIDLE's.
 */
#define TCP_KEEPALIVE			TCP_KEEPIDLE

/*
 * Address information for WskGetAddressInfo. The ai_family, ai_socktype and
 * ai_protocol members carry Linux values.
 */
typedef struct addrinfoexW {
	int ai_flags;
	int ai_family;
	int ai_socktype;
	int ai_protocol;
	SIZE_T ai_addrlen;
	PWSTR ai_canonname;
	struct sockaddr *ai_addr;
	void *ai_blob;
	SIZE_T ai_bloblen;
	GUID *ai_provider;
	struct addrinfoexW *ai_next;
} ADDRINFOEXW, *PADDRINFOEXW, *LPADDRINFOEXW;

/* ai_flags of the hints given to WskGetAddressInfo */
#define AI_PASSIVE			0x00000001
#define AI_CANONNAME			0x00000002
#define AI_NUMERICHOST			0x00000004
#define AI_NUMERICSERV			0x00000008
#define AI_DNS_ONLY			0x00000010
#define AI_ALL				0x00000100
#define AI_ADDRCONFIG			0x00000400
#define AI_V4MAPPED			0x00000800
#define AI_NON_AUTHORITATIVE		0x00004000
#define AI_SECURE			0x00008000
#define AI_RETURN_PREFERRED_NAMES	0x00010000
#define AI_FQDN				0x00020000
#define AI_FILESERVER			0x00040000
#define AI_DISABLE_IDN_ENCODING		0x00080000

/* NameSpace argument of WskGetAddressInfo */
#define NS_ALL		0
#define NS_DNS		12

/* Flags argument of WskGetNameInfo */
#define NI_NOFQDN	0x01
#define NI_NUMERICHOST	0x02
#define NI_NAMEREQD	0x04
#define NI_NUMERICSERV	0x08
#define NI_DGRAM	0x10

#define NI_MAXHOST	1025
#define NI_MAXSERV	32

/*
 * Winsock ioctl codes (WskControlSocket with WskIoctl). The Windows direction
 * bits are named IOC_VOID, IOC_OUT, IOC_IN and IOC_INOUT there; the Linux
 * kernel already uses those names for other values, so they are spelled
 * WS2_IOC_* here. The resulting codes are the Windows ones.
 */
#define WS2_IOC_VOID	0x20000000
#define WS2_IOC_OUT	0x40000000
#define WS2_IOC_IN	0x80000000
#define WS2_IOC_INOUT	(WS2_IOC_IN | WS2_IOC_OUT)

#define IOC_UNIX	0x00000000
#define IOC_WS2		0x08000000
#define IOC_PROTOCOL	0x10000000
#define IOC_VENDOR	0x18000000
#define IOC_WSK		(IOC_WS2 | 0x07000000)

#define _WSAIO(x, y)	(WS2_IOC_VOID | (x) | (y))
#define _WSAIOR(x, y)	(WS2_IOC_OUT | (x) | (y))
#define _WSAIOW(x, y)	(WS2_IOC_IN | (x) | (y))
#define _WSAIORW(x, y)	(WS2_IOC_INOUT | (x) | (y))

#define SIO_ADDRESS_LIST_QUERY	_WSAIOR(IOC_WS2, 22)
#define SIO_ADDRESS_LIST_CHANGE	_WSAIO(IOC_WS2, 23)

#endif /* _WSK_WS2DEF_H */
