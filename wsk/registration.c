// SPDX-License-Identifier: GPL-2.0
/*
 * Client registration: WskRegister, WskCaptureProviderNPI,
 * WskReleaseProviderNPI, WskQueryProviderCharacteristics, WskDeregister.
 * The provider is ready as soon as the module is loaded, so a capture never
 * waits; it fails once the client has started to deregister.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <compat/compat.h>
#include "dispatch.h"
#include "registration.h"

#define WSK_PROVIDER_VERSION MAKE_WSK_VERSION(1, 0)

/* WSK_REGISTRATION.ReservedRegistrationState */
enum {
	WSK_REG_NONE,
	WSK_REG_REGISTERED,
	WSK_REG_DEREGISTERED,
};

/* The WSK NPI's identifier, {2227E803-8D8B-11D4-ABAD-009027719E09}. */
const NPIID NPI_WSK_INTERFACE_ID = {
	0x2227E803, 0x8D8B, 0x11D4, { 0xAB, 0xAD, 0x00, 0x90, 0x27, 0x71, 0x9E, 0x09 }
};
EXPORT_SYMBOL_WSK(NPI_WSK_INTERFACE_ID);

/* Every registered client, for the network namespaces' exit. */
static LIST_HEAD(wsk_clients);
static DEFINE_SPINLOCK(wsk_clients_lock);

static struct wsk_client *registration_client(PWSK_REGISTRATION reg)
{
	return reg ? reg->ReservedRegistrationContext : NULL;
}

static void client_release(struct wsk_queue *q)
{
	struct wsk_client *client = container_of(q, struct wsk_client, queue);

	complete(&client->released);
}

/**
 * WskRegister() - register a WSK client
 * @WskClientNpi: the client's NPI: its context and WSK_CLIENT_DISPATCH
 * @WskRegistration: caller memory the provider keeps its state in until
 *	WskDeregister()
 *
 * Context: process context; may sleep.
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER for a NULL argument,
 * or STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS WskRegister(PWSK_CLIENT_NPI WskClientNpi, PWSK_REGISTRATION WskRegistration)
{
	struct wsk_client *client;

	might_sleep();
	if (!WskClientNpi || !WskClientNpi->Dispatch || !WskRegistration)
		return STATUS_INVALID_PARAMETER;
	client = kzalloc(sizeof(*client), GFP_KERNEL);
	if (!client)
		return STATUS_INSUFFICIENT_RESOURCES;
	wsk_queue_init(&client->queue, client_release);
	client->npi = *WskClientNpi;
	spin_lock_init(&client->lock);
	init_completion(&client->released);
	client->net = &init_net;
	spin_lock_bh(&wsk_clients_lock);
	list_add_tail(&client->node, &wsk_clients);
	spin_unlock_bh(&wsk_clients_lock);
	__module_get(THIS_MODULE);
	memset(WskRegistration, 0, sizeof(*WskRegistration));
	WskRegistration->ReservedRegistrationContext = client;
	WskRegistration->ReservedRegistrationState = WSK_REG_REGISTERED;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(WskRegister);

/**
 * WskCaptureProviderNPI() - get the provider's dispatch table
 * @WskRegistration: the client's registration
 * @WaitTimeout: WSK_NO_WAIT, WSK_INFINITE_WAIT or milliseconds; the
 *	provider is always ready, so the call never waits
 * @WskProviderNpi: receives the client handle and the provider dispatch
 *
 * Every successful capture must be matched by WskReleaseProviderNPI().
 *
 * Context: any context with WSK_NO_WAIT, process context otherwise.
 * Return: STATUS_SUCCESS; STATUS_DEVICE_NOT_READY once WskDeregister() has
 * been called (while it waits, and after it returned); STATUS_NOINTERFACE
 * if the client's WSK major version is not 1; STATUS_INVALID_PARAMETER for
 * a NULL argument.
 */
NTSTATUS WskCaptureProviderNPI(PWSK_REGISTRATION WskRegistration, ULONG WaitTimeout,
			       PWSK_PROVIDER_NPI WskProviderNpi)
{
	struct wsk_client *client = registration_client(WskRegistration);
	NTSTATUS status = STATUS_SUCCESS;
	unsigned long flags;

	if (WskRegistration &&
	    WskRegistration->ReservedRegistrationState == WSK_REG_DEREGISTERED)
		return STATUS_DEVICE_NOT_READY;
	if (!client || !WskProviderNpi)
		return STATUS_INVALID_PARAMETER;
	spin_lock_irqsave(&client->lock, flags);
	if (client->deregistering) {
		status = STATUS_DEVICE_NOT_READY;
	} else if (WSK_MAJOR_VERSION(client->npi.Dispatch->Version) !=
		   WSK_MAJOR_VERSION(WSK_PROVIDER_VERSION)) {
		status = STATUS_NOINTERFACE;
	} else {
		client->captures++;
		wsk_queue_get(&client->queue);	/* the capture's */
	}
	spin_unlock_irqrestore(&client->lock, flags);
	if (status != STATUS_SUCCESS)
		return status;
	WskProviderNpi->Client = client;
	WskProviderNpi->Dispatch = &wsk_provider_dispatch;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(WskCaptureProviderNPI);

/**
 * WskReleaseProviderNPI() - release an NPI from WskCaptureProviderNPI()
 * @WskRegistration: the client's registration
 *
 * Context: any context; does not sleep.
 */
void WskReleaseProviderNPI(PWSK_REGISTRATION WskRegistration)
{
	struct wsk_client *client = registration_client(WskRegistration);
	unsigned long flags;

	if (!client)
		return;
	spin_lock_irqsave(&client->lock, flags);
	client->captures--;
	spin_unlock_irqrestore(&client->lock, flags);
	wsk_queue_put(&client->queue);
}
EXPORT_SYMBOL_WSK(WskReleaseProviderNPI);

/**
 * WskQueryProviderCharacteristics() - the WSK versions the provider supports
 * @WskRegistration: the client's registration
 * @WskProviderCharacteristics: receives the lowest and highest version
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for a NULL argument.
 */
NTSTATUS WskQueryProviderCharacteristics(PWSK_REGISTRATION WskRegistration,
					 PWSK_PROVIDER_CHARACTERISTICS WskProviderCharacteristics)
{
	if (!registration_client(WskRegistration) || !WskProviderCharacteristics)
		return STATUS_INVALID_PARAMETER;
	WskProviderCharacteristics->LowestVersion = WSK_PROVIDER_VERSION;
	WskProviderCharacteristics->HighestVersion = WSK_PROVIDER_VERSION;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(WskQueryProviderCharacteristics);

/**
 * WskDeregister() - deregister a WSK client
 * @WskRegistration: the client's registration
 *
 * New captures fail from now on. Blocks until every captured NPI is
 * released, every provider call in flight has returned, every socket of
 * the client is closed and every request has completed.
 *
 * Context: process context; sleeps.
 */
void WskDeregister(PWSK_REGISTRATION WskRegistration)
{
	struct wsk_client *client = registration_client(WskRegistration);
	unsigned long flags;

	might_sleep();
	if (!client)
		return;
	spin_lock_irqsave(&client->lock, flags);
	client->deregistering = true;
	spin_unlock_irqrestore(&client->lock, flags);

	wsk_queue_put(&client->queue);
	wait_for_completion(&client->released);
	spin_lock_bh(&wsk_clients_lock);
	list_del(&client->node);
	spin_unlock_bh(&wsk_clients_lock);
	WskRegistration->ReservedRegistrationContext = NULL;
	WskRegistration->ReservedRegistrationState = WSK_REG_DEREGISTERED;
	kfree(client);
	module_put(THIS_MODULE);
}
EXPORT_SYMBOL_WSK(WskDeregister);

/*
 * The namespace new sockets of @client are created in, with a reference,
 * or NULL once that namespace has gone away.
 */
struct net *wsk_client_get_net(struct wsk_client *client)
{
	struct net *net;

	spin_lock_bh(&wsk_clients_lock);
	net = client->net ? maybe_get_net(client->net) : NULL;
	spin_unlock_bh(&wsk_clients_lock);
	return net;
}

/* WSK_LINUX_SET_NET_NAMESPACE: the caller holds a reference on @net. */
NTSTATUS wsk_client_set_net(struct wsk_client *client, struct net *net)
{
	if (!net || !maybe_get_net(net))
		return STATUS_INVALID_PARAMETER;
	spin_lock_bh(&wsk_clients_lock);
	client->net = net;
	spin_unlock_bh(&wsk_clients_lock);
	put_net(net);
	return STATUS_SUCCESS;
}

/* @net is going away: clients that chose it can no longer create sockets. */
void wsk_client_forget_net(struct net *net)
{
	struct wsk_client *client;

	spin_lock_bh(&wsk_clients_lock);
	list_for_each_entry(client, &wsk_clients, node) {
		if (client->net == net)
			client->net = NULL;
	}
	spin_unlock_bh(&wsk_clients_lock);
}

/**
 * wsk_clients_for_each() - call @fn for every registered client
 * @fn: called with the list's lock held (bottom halves off): must not
 *	sleep. The client's memory and its ->net, while set, stay valid.
 * @arg: passed to @fn
 *
 * Context: process context or softirq; does not sleep.
 */
void wsk_clients_for_each(void (*fn)(struct wsk_client *client, void *arg), void *arg)
{
	struct wsk_client *client;

	spin_lock_bh(&wsk_clients_lock);
	list_for_each_entry(client, &wsk_clients, node)
		fn(client, arg);
	spin_unlock_bh(&wsk_clients_lock);
}
