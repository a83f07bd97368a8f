/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_OPTION_H
#define _WSK_OPTION_H

#include <linux/socket.h>
#include <net/tcp.h>
#include "socket.h"

/* What WskGetOption reads: an int, Linux's struct linger, or a name. */
union wsk_option {
	int val;
	struct linger linger;
	char name[TCP_CA_NAME_MAX];
};

size_t wsk_option_get(struct wsk_sock *ws, ULONG level, ULONG code, union wsk_option *v);

#endif /* _WSK_OPTION_H */
