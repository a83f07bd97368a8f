// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespaces. Kernel sockets hold no reference on their namespace,
 * so when one goes away wsk force-closes the sockets in it before the
 * namespace's protocols exit: their requests complete with
 * STATUS_FILE_FORCED_CLOSED, later calls fail with it, and clients that
 * chose that namespace can no longer create sockets.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/net_namespace.h>
#include "netns.h"
#include "registration.h"
#include "socket.h"

static void __net_exit wsk_net_pre_exit(struct net *net)
{
	wsk_client_forget_net(net);
	wsk_sock_force_close(net);
}

static struct pernet_operations wsk_net_ops = {
	.pre_exit = wsk_net_pre_exit,
};

int wsk_netns_init(void)
{
	return register_pernet_subsys(&wsk_net_ops);
}

void wsk_netns_exit(void)
{
	unregister_pernet_subsys(&wsk_net_ops);
}
