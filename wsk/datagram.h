/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_DATAGRAM_H
#define _WSK_DATAGRAM_H

#include <linux/uio.h>
#include "socket.h"

/* Room for one datagram's control messages, in either layout. */
#define WSK_DGRAM_CMSG	128

void wsk_datagram_bound(struct wsk_sock *ws);
void wsk_datagram_poll(struct wsk_sock *ws);
bool wsk_datagram_bh(struct wsk_sock *ws);
NTSTATUS wsk_datagram_ioctl(struct wsk_sock *ws, ULONG code, SIZE_T size, PVOID addr, PIRP irp);

int wsk_datagram_indication_init(void);
void wsk_datagram_indication_exit(void);
void wsk_datagram_skb_address(const struct wsk_sock *ws, const struct sk_buff *skb,
			      union wsk_address *from);
int wsk_datagram_held_copy(struct wsk_sock *ws, struct msghdr *msg, size_t len,
			   union wsk_address *from);
void wsk_datagram_held_free(struct wsk_sock *ws);
bool wsk_datagrams_wait(struct wsk_sock *ws);
void wsk_datagram_events_poll(struct wsk_sock *ws);
NTSTATUS wsk_release_datagrams(PWSK_SOCKET Socket, PWSK_DATAGRAM_INDICATION DatagramIndication);

#endif /* _WSK_DATAGRAM_H */
