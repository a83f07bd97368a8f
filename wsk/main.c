// SPDX-License-Identifier: GPL-2.0
/*
 * wsk: the Windows Winsock Kernel API for Linux kernel modules.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/workqueue.h>
#include "netns.h"
#include "queue.h"
#include "socket.h"

static int __init wsk_init(void)
{
	int err;

	/*
	 * Completions run at DISPATCH_LEVEL on Windows, ahead of every thread;
	 * high-priority workers are the nearest thing (nvmet-tcp's choice too).
	 * Memory reclaim may wait on network I/O (block devices over WSK).
	 */
	wsk_wq = alloc_workqueue("wsk", WQ_MEM_RECLAIM | WQ_HIGHPRI, 0);
	if (!wsk_wq)
		return -ENOMEM;
	err = wsk_socket_init();
	if (err)
		goto fail_socket;
	err = wsk_netns_init();
	if (err)
		goto fail_netns;
	pr_info("provider ready\n");
	return 0;

fail_netns:
	wsk_socket_exit();
fail_socket:
	destroy_workqueue(wsk_wq);
	return err;
}

static void __exit wsk_exit(void)
{
	wsk_netns_exit();
	destroy_workqueue(wsk_wq);
	wsk_socket_exit();
}

module_init(wsk_init);
module_exit(wsk_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Winsock Kernel (WSK) API for Linux kernel modules");
