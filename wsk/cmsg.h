/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_CMSG_H
#define _WSK_CMSG_H

#include <linux/types.h>

/* The kernel's messages that reach the client as ECN codepoints (IP_ECN, IPV6_ECN). */
#define WSK_CMSG_ECN_IP		0x1	/* IP_TOS */
#define WSK_CMSG_ECN_IPV6	0x2	/* IPV6_TCLASS */

size_t wsk_cmsg_to_client(void *from, size_t len, void *to, size_t room, unsigned int ecn,
			  bool *trunc);
int wsk_cmsg_from_client(void *from, size_t len, void *to, size_t room);

#endif /* _WSK_CMSG_H */
