/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_INSPECT_H
#define _WSK_INSPECT_H

#include "socket.h"

void wsk_inspect_poll(struct wsk_sock *ws);
int wsk_inspect_take(struct wsk_sock *ws, struct socket **sock, union wsk_address *local,
		     union wsk_address *remote);
void wsk_inspect_free(struct wsk_sock *ws);
NTSTATUS wsk_inspect_option(struct wsk_sock *ws, bool set, PIRP irp);

#endif /* _WSK_INSPECT_H */
