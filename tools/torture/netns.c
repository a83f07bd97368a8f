// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespaces for the torture's second client: a process started
 * with `unshare -n sleep` (the usermode helper) holds a new namespace, its
 * loopback is brought up, and the client's next sockets live there. When it
 * goes away (the reference dropped, the process killed), the sockets left
 * there are forced closed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/netdevice.h>
#include <linux/pid.h>
#include <linux/rtnetlink.h>
#include <linux/sched/signal.h>
#include <linux/umh.h>
#include <net/net_namespace.h>
#include <wsk_linux.h>
#include "torture.h"

static pid_t holder_pid;

static int holder_init(struct subprocess_info *info, struct cred *new)
{
	holder_pid = task_pid_nr(current);
	return 0;
}

static void holder_kill(void)
{
	struct pid *pid = holder_pid ? find_get_pid(holder_pid) : NULL;

	holder_pid = 0;
	if (pid) {
		kill_pid(pid, SIGKILL, 1);
		put_pid(pid);
	}
}

/* The holder's namespace, with a reference, or NULL. */
static struct net *holder_start(void)
{
	static struct torture_words argv = { { "/bin/unshare", "-n", "/bin/sleep", "600" } };
	static struct torture_words envp = { { "PATH=/bin" } };
	struct subprocess_info *info;
	struct net *net;
	int i;

	info = call_usermodehelper_setup(argv.word[0], argv.word, envp.word, GFP_KERNEL,
					 holder_init, NULL, NULL);
	if (!info || call_usermodehelper_exec(info, UMH_WAIT_EXEC))
		return NULL;
	for (i = 0; i < 100; i++) {
		net = get_net_ns_by_pid(holder_pid);
		if (!IS_ERR(net) && net != &init_net)
			return net;
		if (!IS_ERR(net))
			put_net(net);
		msleep(20);
	}
	holder_kill();
	return NULL;
}

/*
 * Make a namespace and move the second client there. 0, or -ENOMEM when
 * the namespace could not be made (under failslab, say).
 */
int torture_netns_start(void)
{
	PWSK_PROVIDER_NPI npi = &torture.npi[1];
	unsigned long flags;
	struct net *net;
	NTSTATUS ret;
	int err;

	net = holder_start();
	if (!net)
		goto fail;
	rtnl_lock();
	err = dev_change_flags(net->loopback_dev, net->loopback_dev->flags | IFF_UP, NULL);
	rtnl_unlock();
	if (err) {
		put_net(net);
		holder_kill();
		goto fail;
	}
	ret = npi->Dispatch->WskControlClient(npi->Client, WSK_LINUX_SET_NET_NAMESPACE,
					      sizeof(net), &net, 0, NULL, NULL, NULL);
	torture_returned(TC_CONTROL_CLIENT, ret, false);
	spin_lock_irqsave(&torture.lock, flags);
	torture.ns_net = net;
	torture.ns_gen++;
	spin_unlock_irqrestore(&torture.lock, flags);
	torture_count(TN_NS_CREATED, 1);
	return 0;

fail:
	torture_count(TN_NS_FAILED, 1);
	return -ENOMEM;
}

/* Drop the namespace, with whatever sockets still live in it. */
void torture_netns_stop(void)
{
	unsigned long flags;
	struct net *net;

	spin_lock_irqsave(&torture.lock, flags);
	net = torture.ns_net;
	torture.ns_net = NULL;
	spin_unlock_irqrestore(&torture.lock, flags);
	if (!net)
		return;
	put_net(net);
	holder_kill();
	torture_count(TN_NS_DESTROYED, 1);
}
