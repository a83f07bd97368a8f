/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_INDICATION_H
#define _WSK_INDICATION_H

#include "socket.h"

int wsk_indication_init(void);
void wsk_indication_exit(void);
void wsk_events_poll(struct wsk_sock *ws);
void wsk_indication_spares_free(struct wsk_sock *ws);

#endif /* _WSK_INDICATION_H */
