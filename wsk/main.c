// SPDX-License-Identifier: GPL-2.0
/*
 * wsk: the Windows Winsock Kernel API for Linux kernel modules.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/workqueue.h>
#include "datagram.h"
#include "debugfs.h"
#include "indication.h"
#include "netns.h"
#include "queue.h"
#include "socket.h"
#include "stats.h"
#include "transfer.h"

static bool highpri = true;
module_param(highpri, bool, 0444);
MODULE_PARM_DESC(highpri, "run requests and completions on high-priority workers (default on): 0 trades latency under CPU load for batching");

static int __init wsk_init(void)
{
	int err;

	/*
	 * Completions run at DISPATCH_LEVEL on Windows, ahead of every thread;
	 * high-priority workers are the nearest thing (nvmet-tcp's choice too).
	 * Normal ones (highpri=0) let the work of many sockets run in one go
	 * instead of each preempting the thread that made it: more throughput
	 * with many connections, later completions when a CPU is busy.
	 * Memory reclaim may wait on network I/O (block devices over WSK).
	 */
	err = wsk_stats_init();
	if (err)
		return err;
	wsk_wq = alloc_workqueue("wsk", WQ_MEM_RECLAIM | (highpri ? WQ_HIGHPRI : 0), 0);
	if (!wsk_wq) {
		err = -ENOMEM;
		goto fail_wq;
	}
	err = wsk_socket_init();
	if (err)
		goto fail_socket;
	err = wsk_indication_init();
	if (err)
		goto fail_indication;
	err = wsk_datagram_indication_init();
	if (err)
		goto fail_datagram;
	err = wsk_netns_init();
	if (err)
		goto fail_netns;
	wsk_debugfs_init();
	pr_info("provider ready\n");
	return 0;

fail_netns:
	wsk_datagram_indication_exit();
fail_datagram:
	wsk_indication_exit();
fail_indication:
	wsk_socket_exit();
fail_socket:
	destroy_workqueue(wsk_wq);
fail_wq:
	wsk_stats_exit();
	return err;
}

static void __exit wsk_exit(void)
{
	wsk_debugfs_exit();
	wsk_netns_exit();
	destroy_workqueue(wsk_wq);
	wsk_datagram_indication_exit();
	wsk_indication_exit();
	wsk_socket_exit();
	wsk_transfer_exit();
	wsk_stats_exit();
}

module_init(wsk_init);
module_exit(wsk_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Winsock Kernel (WSK) API for Linux kernel modules");
MODULE_VERSION(WSK_VERSION);
MODULE_AUTHOR("The wsk developers");
