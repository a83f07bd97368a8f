/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_LISTEN_H
#define _WSK_LISTEN_H

#include "socket.h"

int wsk_listen_start(struct wsk_sock *ws);
const WSK_CLIENT_LISTEN_DISPATCH *wsk_listen_events(const struct wsk_sock *ws);
int wsk_listen_accept(struct wsk_sock *ws, struct socket **sock, union wsk_address *local,
		      union wsk_address *remote);
void wsk_listen_poll(struct wsk_sock *ws);
void wsk_listen_dead(struct wsk_sock *ws);
void wsk_sock_adopt(struct wsk_sock *ws, const struct wsk_sock *listener);

#endif /* _WSK_LISTEN_H */
