/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_REGISTRATION_H
#define _WSK_REGISTRATION_H

#include <linux/completion.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>
#include <wsk.h>
#include "queue.h"

/*
 * A registered client. Its queue runs provider-level requests (WskSocket)
 * and counts every reference that WskDeregister() waits for: the
 * registration itself, captured NPIs, provider calls in flight, sockets,
 * and pending requests.
 */
struct wsk_client {
	struct wsk_queue queue;
	WSK_CLIENT_NPI npi;
	spinlock_t lock;		/* captures vs deregistration; net */
	bool deregistering;
	bool has_sockets;
	unsigned int captures;		/* NPIs captured and not released */
	atomic_t sockets;		/* wrappers not yet freed */
	ULONG static_events;
	struct completion released;
	struct net *net;		/* no reference: cleared when it exits */
	struct list_head node;
};

static inline struct wsk_client *wsk_client(PWSK_CLIENT client)
{
	return client;
}

struct net *wsk_client_get_net(struct wsk_client *client);
NTSTATUS wsk_client_set_net(struct wsk_client *client, struct net *net);
void wsk_client_forget_net(struct net *net);
void wsk_clients_for_each(void (*fn)(struct wsk_client *client, void *arg), void *arg);

static inline void wsk_client_enter(struct wsk_client *client)
{
	wsk_queue_get(&client->queue);
}

static inline void wsk_client_leave(struct wsk_client *client)
{
	wsk_queue_put(&client->queue);
}

#endif /* _WSK_REGISTRATION_H */
