/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_CONNECT_H
#define _WSK_CONNECT_H

#include "socket.h"

void wsk_connect_poll(struct wsk_sock *ws);
void wsk_connect_forget(struct wsk_sock *ws);
void wsk_connect_flush(struct wsk_sock *ws, NTSTATUS status);

#endif /* _WSK_CONNECT_H */
