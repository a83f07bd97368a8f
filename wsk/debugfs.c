// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/wsk/: what wsk holds, for someone debugging a client.
 *
 *   clients   one line per registered client: its queue's id, the dispatch
 *             table it registered (symbol and module), its WSK version,
 *             NPIs captured, sockets, its network namespace
 *   sockets   one line per socket wrapper: id, client, kind, state,
 *             family, local and remote address, namespace, events
 *             enabled, flags, and the requests waiting on each list
 *   irps      one line per IRP waiting on a queue or parked on a socket's
 *             list: the call that runs it, since when, whether cancelled
 *   counters  IRPs taken, completed and pending; requests per call;
 *             completions per status (stats.c)
 *   verifier  the checking mode and the IRP mistakes it counted
 *
 * Ids are the ones the tracepoints print (trace.h). Everything is read
 * under the lists' spin locks, without stopping the sockets: a line is a
 * snapshot, and an IRP a runner holds at that moment is on no list.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/seq_file.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include "debugfs.h"
#include "registration.h"
#include "socket.h"
#include "stats.h"
#include "verifier.h"

static struct dentry *wsk_debugfs;

static const char *const state_names[] = {
	[WSK_SOCK_OPEN] = "open",
	[WSK_SOCK_BOUND] = "bound",
	[WSK_SOCK_LISTENING] = "listening",
	[WSK_SOCK_CONNECTED] = "connected",
	[WSK_SOCK_CLOSED] = "closed",
};

static const char *kind_name(ULONG kind)
{
	switch (kind) {
	case WSK_FLAG_BASIC_SOCKET:
		return "basic";
	case WSK_FLAG_LISTEN_SOCKET:
		return "listen";
	case WSK_FLAG_CONNECTION_SOCKET:
		return "connection";
	case WSK_FLAG_DATAGRAM_SOCKET:
		return "datagram";
	case WSK_FLAG_STREAM_SOCKET:
		return "stream";
	default:
		return "?";
	}
}

static void client_show(struct wsk_client *client, void *arg)
{
	struct seq_file *m = arg;
	unsigned int captures;
	unsigned long flags;
	bool leaving;

	spin_lock_irqsave(&client->lock, flags);
	captures = client->captures;
	leaving = client->deregistering;
	spin_unlock_irqrestore(&client->lock, flags);
	seq_printf(m, "client %u dispatch %ps version %u.%u captures %u sockets %d netns %u%s\n",
		   client->queue.id, client->npi.Dispatch,
		   WSK_MAJOR_VERSION(client->npi.Dispatch->Version),
		   WSK_MINOR_VERSION(client->npi.Dispatch->Version), captures,
		   atomic_read(&client->sockets), client->net ? client->net->ns.inum : 0,
		   leaving ? " deregistering" : "");
}

static int clients_show(struct seq_file *m, void *unused)
{
	wsk_clients_for_each(client_show, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(clients);

/* @sk's local or remote address into @sa. */
static void sock_address(const struct sock *sk, bool remote, struct sockaddr_storage *sa)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
	struct sockaddr_in *in = (struct sockaddr_in *)sa;
	const struct inet_sock *inet = inet_sk(sk);

	memset(sa, 0, sizeof(*sa));
	if (sk->sk_family == AF_INET) {
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = remote ? inet->inet_daddr : inet->inet_rcv_saddr;
		in->sin_port = remote ? inet->inet_dport : inet->inet_sport;
		return;
	}
	in6->sin6_family = AF_INET6;
	in6->sin6_addr = remote ? sk->sk_v6_daddr : sk->sk_v6_rcv_saddr;
	in6->sin6_port = remote ? inet->inet_dport : inet->inet_sport;
}

static void count_irp(PIRP irp, void *arg)
{
	(*(unsigned int *)arg)++;
}

static unsigned int count_irps(struct wsk_sock *ws, struct list_head *list)
{
	unsigned int n = 0;

	wsk_queue_walk(&ws->queue, list, count_irp, &n);
	return n;
}

static void sock_show(struct wsk_sock *ws, void *arg)
{
	enum wsk_sock_state state = READ_ONCE(ws->state);
	struct sockaddr_storage local, remote;
	struct seq_file *m = arg;

	seq_printf(m, "socket %u client %u %s %s family %d", ws->queue.id,
		   ws->client->queue.id, kind_name(ws->kind),
		   state < ARRAY_SIZE(state_names) ? state_names[state] : "?", ws->family);
	/* Set under the list's lock: the kernel socket and the namespace live. */
	if (ws->sock) {
		sock_address(ws->sk, false, &local);
		sock_address(ws->sk, true, &remote);
		seq_printf(m, " local %pISpc remote %pISpc netns %u", &local, &remote,
			   ws->net->ns.inum);
	}
	seq_printf(m, " events 0x%lx flags 0x%lx pending queued %u accepts %u connects %u sends %u receives %u%s\n",
		   (unsigned long)READ_ONCE(ws->events), READ_ONCE(ws->flags),
		   count_irps(ws, NULL), count_irps(ws, &ws->accepts),
		   count_irps(ws, &ws->connects), count_irps(ws, &ws->sends),
		   count_irps(ws, &ws->receives), READ_ONCE(ws->close) ? " close" : "");
}

static int sockets_show(struct seq_file *m, void *unused)
{
	wsk_socks_for_each(sock_show, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sockets);

struct irp_walk {
	struct seq_file *m;
	unsigned int id;
	const char *list;
	u32 now;	/* jiffies */
};

static void irp_show(PIRP irp, void *arg)
{
	struct irp_walk *w = arg;

	seq_printf(w->m, "irp %p q %u %s %ps age_ms %u%s\n", irp, w->id, w->list,
		   (void *)wsk_request(irp)->op, jiffies_to_msecs(w->now - irp->WskTrack.taken),
		   READ_ONCE(irp->Cancel) ? " cancelled" : "");
}

static void sock_irps_show(struct wsk_sock *ws, void *arg)
{
	struct irp_walk *w = arg;
	struct {
		const char *name;
		struct list_head *list;
	} lists[] = {
		{ "queued", NULL }, { "accepts", &ws->accepts },
		{ "connects", &ws->connects }, { "sends", &ws->sends },
		{ "receives", &ws->receives },
	};
	unsigned int i;

	w->id = ws->queue.id;
	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		w->list = lists[i].name;
		wsk_queue_walk(&ws->queue, lists[i].list, irp_show, w);
	}
}

static void client_irps_show(struct wsk_client *client, void *arg)
{
	struct irp_walk *w = arg;

	w->id = client->queue.id;
	w->list = "queued";
	wsk_queue_walk(&client->queue, NULL, irp_show, w);
}

static int irps_show(struct seq_file *m, void *unused)
{
	struct irp_walk w = { .m = m, .now = jiffies };

	wsk_clients_for_each(client_irps_show, &w);
	wsk_socks_for_each(sock_irps_show, &w);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(irps);

static int counters_show(struct seq_file *m, void *unused)
{
	wsk_stats_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(counters);

static int verifier_show(struct seq_file *m, void *unused)
{
	wsk_verifier_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(verifier);

/* Create /sys/kernel/debug/wsk/; without debugfs, nothing (not an error). */
void wsk_debugfs_init(void)
{
	wsk_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("clients", 0400, wsk_debugfs, NULL, &clients_fops);
	debugfs_create_file("sockets", 0400, wsk_debugfs, NULL, &sockets_fops);
	debugfs_create_file("irps", 0400, wsk_debugfs, NULL, &irps_fops);
	debugfs_create_file("counters", 0400, wsk_debugfs, NULL, &counters_fops);
	debugfs_create_file("verifier", 0400, wsk_debugfs, NULL, &verifier_fops);
}

void wsk_debugfs_exit(void)
{
	debugfs_remove_recursive(wsk_debugfs);
}
