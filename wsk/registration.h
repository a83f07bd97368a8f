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
	spinlock_t lock;		/* orders captures against deregistration */
	bool deregistering;
	struct completion released;
	struct net *net;
};

extern const WSK_PROVIDER_DISPATCH wsk_provider_dispatch;

static inline struct wsk_client *wsk_client(PWSK_CLIENT client)
{
	return client;
}

static inline void wsk_client_enter(struct wsk_client *client)
{
	wsk_queue_get(&client->queue);
}

static inline void wsk_client_leave(struct wsk_client *client)
{
	wsk_queue_put(&client->queue);
}

#endif /* _WSK_REGISTRATION_H */
