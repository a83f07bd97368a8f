/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_DATAGRAM_H
#define _WSK_DATAGRAM_H

#include "socket.h"

void wsk_datagram_bound(struct wsk_sock *ws);
void wsk_datagram_poll(struct wsk_sock *ws);
NTSTATUS wsk_datagram_ioctl(struct wsk_sock *ws, ULONG code, SIZE_T size, PVOID addr, PIRP irp);

#endif /* _WSK_DATAGRAM_H */
