// SPDX-License-Identifier: GPL-2.0
/*
 * Control information of datagrams, between Windows and Linux layouts.
 * The headers are the same (WSACMSGHDR is struct cmsghdr, 8-byte aligned
 * on x86_64) and levels and types are Linux values, as the names read in a
 * Linux build; IP_PKTINFO's data differs: Windows' IN_PKTINFO is the
 * address then the interface (8 bytes), Linux's in_pktinfo the interface,
 * a source address and the address (12). UDP segmentation and coalescing
 * have Windows names and numbers of their own: a client's UDP_SEND_MSG_SIZE
 * (a ULONG) is Linux's UDP_SEGMENT (a u16), Linux's UDP_GRO (an int) the
 * client's UDP_COALESCED_INFO (a ULONG). So do ECN's (ws2def.h): Linux's
 * IP_TOS (a byte) and IPV6_TCLASS (an int) reach a client that asked for
 * ECN as IP_ECN and IPV6_ECN (an INT, the two ECN bits), and the client's
 * IP_ECN and IPV6_ECN go out as IP_TOS and IPV6_TCLASS.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/udp.h>
#include <net/inet_ecn.h>
#include <ws2def.h>
#include "cmsg.h"

static bool is_pktinfo(const struct cmsghdr *c)
{
	return c->cmsg_level == SOL_IP && c->cmsg_type == IP_PKTINFO;
}

static bool is_msg(const struct cmsghdr *c, int level, int type, size_t dlen, size_t size)
{
	return c->cmsg_level == level && c->cmsg_type == type && dlen == size;
}

/* Append one control message at @to + *used (the last may lack its padding). */
static bool cmsg_put(void *to, size_t room, size_t *used, int level, int type,
		     const void *data, size_t len)
{
	struct cmsghdr *c = to + *used;

	if (*used > room || room - *used < CMSG_LEN(len))
		return false;
	c->cmsg_len = CMSG_LEN(len);
	c->cmsg_level = level;
	c->cmsg_type = type;
	memcpy(CMSG_DATA(c), data, len);
	*used += min(room - *used, CMSG_SPACE(len));
	return true;
}

/**
 * wsk_cmsg_to_client() - the kernel's control messages, in Windows layouts
 * @from: what recvmsg() wrote
 * @len: its length
 * @to: the client's buffer
 * @room: its size
 * @ecn: WSK_CMSG_ECN_IP, WSK_CMSG_ECN_IPV6: the client asked for ECN, not
 *	the TOS or traffic class
 * @trunc: set if some did not fit
 *
 * Return: the bytes written at @to.
 */
size_t wsk_cmsg_to_client(void *from, size_t len, void *to, size_t room, unsigned int ecn,
			  bool *trunc)
{
	struct msghdr m = { .msg_control = from, .msg_controllen = len };
	const struct in_pktinfo *pi;
	struct cmsghdr *c;
	IN_PKTINFO win;
	size_t used = 0, dlen;
	const void *data;
	ULONG segment;
	INT codepoint;
	int type;

	*trunc = false;
	for_each_cmsghdr(c, &m) {
		data = CMSG_DATA(c);
		dlen = c->cmsg_len - CMSG_LEN(0);
		type = c->cmsg_type;
		if (is_pktinfo(c) && dlen >= sizeof(*pi)) {
			pi = data;
			win.ipi_addr = pi->ipi_addr;
			win.ipi_ifindex = pi->ipi_ifindex;
			data = &win;
			dlen = sizeof(win);
		} else if (is_msg(c, SOL_UDP, UDP_GRO, dlen, sizeof(int))) {
			segment = *(const int *)data;
			type = UDP_COALESCED_INFO;
			data = &segment;
			dlen = sizeof(segment);
		} else if ((ecn & WSK_CMSG_ECN_IP) && is_msg(c, SOL_IP, IP_TOS, dlen, 1)) {
			codepoint = *(const u8 *)data & INET_ECN_MASK;
			type = IP_ECN;
			data = &codepoint;
			dlen = sizeof(codepoint);
		} else if ((ecn & WSK_CMSG_ECN_IPV6) &&
			   is_msg(c, SOL_IPV6, IPV6_TCLASS, dlen, sizeof(int))) {
			codepoint = *(const int *)data & INET_ECN_MASK;
			type = IPV6_ECN;
			data = &codepoint;
			dlen = sizeof(codepoint);
		}
		if (!cmsg_put(to, room, &used, c->cmsg_level, type, data, dlen)) {
			*trunc = true;
			break;
		}
	}
	return used;
}

/**
 * wsk_cmsg_from_client() - a client's control messages, in Linux layouts
 * @from: the client's ControlInfo
 * @len: its ControlInfoLength
 * @to: a kernel buffer for sendmsg()
 * @room: its size
 *
 * Return: the bytes written at @to, or -EINVAL for a malformed message or
 * one that does not fit.
 */
int wsk_cmsg_from_client(void *from, size_t len, void *to, size_t room)
{
	struct msghdr m = { .msg_control = from, .msg_controllen = len };
	struct in_pktinfo pi = {};
	const IN_PKTINFO *win;
	struct cmsghdr *c;
	size_t used = 0, dlen;
	const void *data;
	u16 segment;
	int type, tos;

	for_each_cmsghdr(c, &m) {
		if (c->cmsg_len < CMSG_LEN(0) || c->cmsg_len > len - ((void *)c - from))
			return -EINVAL;
		data = CMSG_DATA(c);
		dlen = c->cmsg_len - CMSG_LEN(0);
		type = c->cmsg_type;
		if (is_pktinfo(c) && dlen == sizeof(*win)) {
			win = data;
			pi.ipi_ifindex = win->ipi_ifindex;
			pi.ipi_spec_dst = win->ipi_addr;	/* the source to send from */
			data = &pi;
			dlen = sizeof(pi);
		} else if (is_msg(c, SOL_UDP, UDP_SEND_MSG_SIZE, dlen, sizeof(ULONG))) {
			if (*(const ULONG *)data > U16_MAX)
				return -EINVAL;
			segment = *(const ULONG *)data;
			type = UDP_SEGMENT;
			data = &segment;
			dlen = sizeof(segment);
		} else if (is_msg(c, SOL_IP, IP_ECN, dlen, sizeof(INT)) ||
			   is_msg(c, SOL_IPV6, IPV6_ECN, dlen, sizeof(INT))) {
			tos = *(const INT *)data;
			if (tos & ~INET_ECN_MASK)
				return -EINVAL;
			type = c->cmsg_level == SOL_IP ? IP_TOS : IPV6_TCLASS;
			data = &tos;
			dlen = sizeof(tos);
		}
		if (!cmsg_put(to, room, &used, c->cmsg_level, type, data, dlen))
			return -EINVAL;
	}
	return used;
}
