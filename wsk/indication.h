/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_INDICATION_H
#define _WSK_INDICATION_H

#include "socket.h"

int wsk_indication_init(void);
void wsk_indication_exit(void);
void wsk_events_poll(struct wsk_sock *ws);
size_t wsk_held_copy(struct wsk_sock *ws, const WSK_BUF *buf, size_t skip);
size_t wsk_held_bytes(const struct wsk_sock *ws);
void wsk_held_free(struct wsk_sock *ws);

#endif /* _WSK_INDICATION_H */
