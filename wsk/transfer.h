/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_TRANSFER_H
#define _WSK_TRANSFER_H

#include "socket.h"

void wsk_transfer_poll(struct wsk_sock *ws);
bool wsk_transfer_bh(struct wsk_sock *ws);
void wsk_transfer_exit(void);
NTSTATUS wsk_transfer_connect_send(struct wsk_sock *ws, PIRP irp, const WSK_BUF *buf);

#endif /* _WSK_TRANSFER_H */
