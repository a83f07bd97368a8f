// SPDX-License-Identifier: GPL-2.0
/*
 * The torture's sockets: a table the threads and the timer pick from, the
 * rule that one of them closes a socket once nobody is about to call on it,
 * what each completion teaches about a socket, and the event callbacks,
 * which decide at random and check that they never run for a socket whose
 * WskCloseSocket has completed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include "torture.h"

#define QUARANTINE	512	/* closed sockets kept before they are freed */

void torture_sock_check_alive(struct torture_sock *ts, const char *what)
{
	if (!ts)
		torture_fail("%s called without a socket context", what);
	else if (READ_ONCE(ts->close_done))
		torture_fail("%s called for a %s socket after its WskCloseSocket completed", what,
			     torture_kind_names[ts->kind]);
}

static const char *const history_names[TH_NR] = {
	[TH_BIND] = "bind",
	[TH_CONNECT] = "connect",
	[TH_CONNECT_FAILED] = "connect-failed",
	[TH_LISTEN] = "listen",
	[TH_DISCONNECT] = "disconnect",
	[TH_ABORT] = "abort",
	[TH_EVENT] = "events",
	[TH_ACCEPTED] = "accepted",
};

/* " on a KIND socket [what was tried on it]", for a failure message. */
void torture_sock_describe(struct torture_sock *ts, char *buf, size_t size)
{
	int i, len;

	len = scnprintf(buf, size, " on a %s%s socket [", ts->ns_gen ? "netns-client " : "",
			torture_kind_names[ts->kind]);
	for (i = 0; i < TH_NR; i++)
		if (test_bit(i, &ts->history))
			len += scnprintf(buf + len, size - len, " %s", history_names[i]);
	scnprintf(buf + len, size - len, " ]");
}

/*
 * A new socket in the table, without a WSK socket yet; NULL when the table
 * is full, the phase is draining or memory is short. Any context.
 */
struct torture_sock *torture_sock_new(enum torture_kind kind, u16 family, u32 ns_gen, gfp_t gfp)
{
	struct torture_sock *ts;
	unsigned long flags;
	int i;

	ts = kzalloc(sizeof(*ts), gfp);
	if (!ts)
		goto nomem;
	ts->close_irp = IoAllocateIrp(1, FALSE);
	if (!ts->close_irp) {
		kfree(ts);
		goto nomem;
	}
	spin_lock_init(&ts->lock);
	INIT_LIST_HEAD(&ts->link);
	ts->kind = kind;
	ts->family = family;
	ts->ns_gen = ns_gen;
	ts->slot = -1;
	spin_lock_irqsave(&torture.lock, flags);
	if (!torture.draining && torture.nsocks < torture.max_socks) {
		for (i = 0; torture.socks[i]; i++)
			;
		torture.socks[i] = ts;
		ts->slot = i;
		torture.nsocks++;
	}
	spin_unlock_irqrestore(&torture.lock, flags);
	if (ts->slot >= 0)
		return ts;
	IoFreeIrp(ts->close_irp);
	kfree(ts);
	return NULL;

nomem:
	torture_count(TN_NO_MEMORY, 1);
	return NULL;
}

static void sock_free(struct torture_sock *ts)
{
	IoFreeIrp(ts->close_irp);
	kfree(ts);
}

/* A socket whose creation failed: it never had a WSK socket. */
void torture_sock_discard(struct torture_sock *ts)
{
	unsigned long flags;

	spin_lock_irqsave(&torture.lock, flags);
	torture.socks[ts->slot] = NULL;
	torture.nsocks--;
	spin_unlock_irqrestore(&torture.lock, flags);
	sock_free(ts);
}

static NTSTATUS sock_release_indication(struct torture_sock *ts, void *ind)
{
	const WSK_PROVIDER_STREAM_DISPATCH *stream = ts->ws->Dispatch;
	const WSK_PROVIDER_CONNECTION_DISPATCH *conn = ts->ws->Dispatch;
	const WSK_PROVIDER_DATAGRAM_DISPATCH *dgram = ts->ws->Dispatch;

	if (ts->kind == TK_DATAGRAM)
		return dgram->WskRelease(ts->ws, ind);
	if (ts->kind == TK_STREAM)
		return stream->WskRelease(ts->ws, ind);
	return conn->WskRelease(ts->ws, ind);
}

/* Hand one held indication back; false if there is none. */
bool torture_sock_release_held(struct torture_sock *ts)
{
	void *ind = NULL;
	unsigned long flags;

	spin_lock_irqsave(&ts->lock, flags);
	if (ts->nheld)
		ind = ts->held[--ts->nheld];
	spin_unlock_irqrestore(&ts->lock, flags);
	if (ind)
		torture_returned(TC_RELEASE, sock_release_indication(ts, ind), false);
	return ind;
}

/* Release what it holds, then WskCloseSocket. Nobody calls on @ts any more. */
static void sock_issue_close(struct torture_sock *ts)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = ts->ws->Dispatch;
	struct torture_req *r;

	/* close_issued is set: the receive event holds nothing more */
	while (torture_sock_release_held(ts))
		;
	r = torture_req_close(ts);
	torture_req_arm(r);
	torture_req_submitted(r, d->WskCloseSocket(ts->ws, r->irp));
}

/* Under torture.lock: whether the caller is the one to close @ts now. */
static bool sock_close_turn(struct torture_sock *ts)
{
	if (ts->users || !ts->close_wanted || ts->close_issued || !ts->ws)
		return false;
	ts->close_issued = true;
	return true;
}

/* The socket has its WSK socket: it can be picked, or is closed at once when draining. */
void torture_sock_installed(struct torture_sock *ts, PWSK_SOCKET ws)
{
	unsigned long flags;
	bool close;

	spin_lock_irqsave(&torture.lock, flags);
	ts->ws = ws;
	if (torture.draining)
		ts->close_wanted = true;
	close = sock_close_turn(ts);
	spin_unlock_irqrestore(&torture.lock, flags);
	if (close)
		sock_issue_close(ts);
}

/*
 * A random socket @want accepts, with a user reference (drop it with
 * torture_sock_put() or torture_sock_close()); NULL if none. Any context.
 */
struct torture_sock *torture_sock_pick(bool (*want)(struct torture_sock *ts))
{
	struct torture_sock *ts, *found = NULL;
	unsigned long flags;
	int i, start, n = torture.max_socks;

	start = torture_random() % n;
	spin_lock_irqsave(&torture.lock, flags);
	for (i = 0; i < n && !found; i++) {
		ts = torture.socks[(start + i) % n];
		if (ts && ts->ws && !ts->close_wanted && (!want || want(ts))) {
			ts->users++;
			found = ts;
		}
	}
	spin_unlock_irqrestore(&torture.lock, flags);
	return found;
}

void torture_sock_put(struct torture_sock *ts)
{
	unsigned long flags;
	bool close;

	spin_lock_irqsave(&torture.lock, flags);
	ts->users--;
	close = sock_close_turn(ts);
	spin_unlock_irqrestore(&torture.lock, flags);
	if (close)
		sock_issue_close(ts);
}

/* Close @ts (picked): now if nobody else is about to call on it, else by the last one. */
void torture_sock_close(struct torture_sock *ts)
{
	unsigned long flags;

	spin_lock_irqsave(&torture.lock, flags);
	ts->close_wanted = true;
	spin_unlock_irqrestore(&torture.lock, flags);
	torture_sock_put(ts);
}

/* Drain: close every socket; those still being created close when they are. */
void torture_sock_close_all(void)
{
	struct torture_sock *ts;
	unsigned long flags;
	int i;

	spin_lock_irqsave(&torture.lock, flags);
	torture.draining = true;
	spin_unlock_irqrestore(&torture.lock, flags);
	for (i = 0; i < TORTURE_MAX_SOCKS; i++) {
		spin_lock_irqsave(&torture.lock, flags);
		ts = torture.socks[i];
		if (ts && ts->ws) {
			ts->users++;
			spin_unlock_irqrestore(&torture.lock, flags);
			torture_sock_close(ts);
		} else {
			spin_unlock_irqrestore(&torture.lock, flags);
		}
	}
}

int torture_sock_count(void)
{
	return READ_ONCE(torture.nsocks);
}

/* Under torture.lock: free the oldest closed sockets nothing refers to any more. */
static void quarantine_trim(int keep)
{
	struct torture_sock *ts, *next;

	list_for_each_entry_safe(ts, next, &torture.quarantine, link) {
		if (torture.nquarantine <= keep)
			break;
		if (atomic_read(&ts->requests))
			continue;
		list_del(&ts->link);
		torture.nquarantine--;
		sock_free(ts);
	}
}

static void sock_closed(struct torture_sock *ts)
{
	unsigned long flags;

	WRITE_ONCE(ts->close_done, true);
	spin_lock_irqsave(&torture.lock, flags);
	torture.socks[ts->slot] = NULL;
	torture.nsocks--;
	ts->slot = -1;
	list_add_tail(&ts->link, &torture.quarantine);
	torture.nquarantine++;
	quarantine_trim(QUARANTINE);
	spin_unlock_irqrestore(&torture.lock, flags);
}

/* At the end of a phase: free every closed socket. */
void torture_sock_free_all(void)
{
	unsigned long flags;

	spin_lock_irqsave(&torture.lock, flags);
	quarantine_trim(0);
	if (torture.nquarantine)
		pr_err("%d closed sockets still have requests: not freed\n", torture.nquarantine);
	spin_unlock_irqrestore(&torture.lock, flags);
}

/* What the completion of @r (checked by the oracle) means for its sockets. */
void torture_sock_completed(struct torture_req *r)
{
	struct torture_sock *ts = r->sock, *child = r->child;
	bool ok = r->status == STATUS_SUCCESS;

	if (child) {
		if (ok && !r->information)
			torture_fail("%s succeeded without a socket", torture_call_names[r->call]);
		if (ok && r->information) {
			child->connected = r->call != TC_SOCKET;
			if (r->call == TC_ACCEPT)
				set_bit(TH_ACCEPTED, &child->history);
			torture_sock_installed(child, (PWSK_SOCKET)r->information);
		} else {
			torture_sock_discard(child);
		}
	}
	if (!ts)
		return;
	if (r->status == STATUS_FILE_FORCED_CLOSED)
		WRITE_ONCE(ts->dead, true);
	if (!ok)
		return;
	switch (r->call) {
	case TC_BIND:
		WRITE_ONCE(ts->bound, true);
		if (ts->kind == TK_LISTEN)
			WRITE_ONCE(ts->listening, true);
		break;
	case TC_LISTEN:
		WRITE_ONCE(ts->listening, true);
		break;
	case TC_CONNECT:
		WRITE_ONCE(ts->connected, true);
		break;
	case TC_GET_LOCAL:
		WRITE_ONCE(ts->port, ntohs(((SOCKADDR_IN *)&r->addr[0])->sin_port));
		break;
	case TC_CLOSE:
		sock_closed(ts);
		break;
	default:
		break;
	}
}

/*
 * Event callbacks.
 */

static void check_dispatch_level(ULONG flags, const char *what)
{
	if (!(flags & WSK_FLAG_AT_DISPATCH_LEVEL))
		torture_fail("%s called without WSK_FLAG_AT_DISPATCH_LEVEL (flags 0x%x)", what,
			     flags);
}

static NTSTATUS torture_accept_event(PVOID context, ULONG flags, PSOCKADDR local,
				     PSOCKADDR remote, PWSK_SOCKET socket, PVOID *socket_context,
				     const WSK_CLIENT_CONNECTION_DISPATCH **dispatch)
{
	struct torture_sock *ts = context, *child;

	torture_sock_check_alive(ts, "WskAcceptEvent");
	check_dispatch_level(flags, "WskAcceptEvent");
	torture_count(TN_ACCEPT_EVENT, 1);
	if (!socket) {
		torture_count(TN_LISTENER_DEAD, 1);
		if (ts)
			WRITE_ONCE(ts->dead, true);
		return STATUS_SUCCESS;
	}
	if (!ts || !local || !remote || local->sa_family != ts->family ||
	    remote->sa_family != ts->family)
		torture_fail("WskAcceptEvent: bad addresses");
	child = torture_random() % 4 && ts ?
		torture_sock_new(TK_CONNECTION, ts->family, ts->ns_gen, GFP_ATOMIC) : NULL;
	if (!child) {
		torture_count(TN_ACCEPT_REJECTED, 1);
		return STATUS_REQUEST_NOT_ACCEPTED;
	}
	child->connected = true;
	set_bit(TH_ACCEPTED, &child->history);
	*socket_context = child;
	*dispatch = &torture_conn_dispatch;
	torture_sock_installed(child, socket);
	return STATUS_SUCCESS;
}

/* Keep an indication the event returns STATUS_PENDING for; false if no room. */
static bool sock_keep(struct torture_sock *ts, void *ind)
{
	unsigned long flags;
	bool kept = false;

	if (!ts)
		return false;
	spin_lock_irqsave(&ts->lock, flags);
	if (!READ_ONCE(ts->close_issued) && ts->nheld < TORTURE_HELD) {
		ts->held[ts->nheld++] = ind;
		kept = true;
	}
	spin_unlock_irqrestore(&ts->lock, flags);
	return kept;
}

static NTSTATUS torture_receive_event(PVOID context, ULONG flags, PWSK_DATA_INDICATION ind,
				      SIZE_T indicated, SIZE_T *accepted)
{
	struct torture_sock *ts = context;
	PWSK_DATA_INDICATION i;
	SIZE_T total = 0;
	u32 rnd = torture_random();

	torture_sock_check_alive(ts, "WskReceiveEvent");
	check_dispatch_level(flags, "WskReceiveEvent");
	torture_count(TN_RECEIVE_EVENT, 1);
	if (!ind) {
		if (ts)
			WRITE_ONCE(ts->dead, true);
		return STATUS_SUCCESS;
	}
	for (i = ind; i; i = i->Next)
		total += i->Buffer.Length;
	if (total != indicated)
		torture_fail("WskReceiveEvent: %zu bytes indicated, the chain holds %zu",
			     (size_t)indicated, (size_t)total);
	switch (rnd % 8) {
	case 0:
		torture_count(TN_NOT_ACCEPTED, 1);
		return STATUS_DATA_NOT_ACCEPTED;
	case 1:
	case 2:
		if (!sock_keep(ts, ind))
			break;
		torture_count(TN_HELD, 1);
		torture_count(TN_BYTES_RECEIVED, indicated);
		return STATUS_PENDING;
	case 3:
		*accepted = indicated / 2;
		torture_count(TN_BYTES_RECEIVED, indicated / 2);
		return STATUS_SUCCESS;
	}
	*accepted = indicated;
	torture_count(TN_BYTES_RECEIVED, indicated);
	return STATUS_SUCCESS;
}

static NTSTATUS torture_disconnect_event(PVOID context, ULONG flags)
{
	torture_sock_check_alive(context, "WskDisconnectEvent");
	check_dispatch_level(flags, "WskDisconnectEvent");
	torture_count(TN_DISCONNECT_EVENT, 1);
	return STATUS_SUCCESS;
}

static NTSTATUS torture_backlog_event(PVOID context, SIZE_T size)
{
	torture_sock_check_alive(context, "WskSendBacklogEvent");
	torture_count(TN_BACKLOG_EVENT, 1);
	return STATUS_SUCCESS;
}

/* Datagrams: mostly taken, sometimes kept until WskRelease, sometimes refused. */
static NTSTATUS torture_receive_from_event(PVOID context, ULONG flags,
					   PWSK_DATAGRAM_INDICATION ind)
{
	struct torture_sock *ts = context;
	PWSK_DATAGRAM_INDICATION i;
	u32 rnd = torture_random();

	torture_sock_check_alive(ts, "WskReceiveFromEvent");
	check_dispatch_level(flags, "WskReceiveFromEvent");
	torture_count(TN_RECEIVE_EVENT, 1);
	if (!ind) {
		if (ts)
			WRITE_ONCE(ts->dead, true);
		return STATUS_SUCCESS;
	}
	for (i = ind; i; i = i->Next) {
		if (!i->RemoteAddress || (ts && i->RemoteAddress->sa_family != ts->family))
			torture_fail("WskReceiveFromEvent: a datagram without its sender");
		torture_count(TN_BYTES_RECEIVED, i->Buffer.Length);
	}
	switch (rnd % 8) {
	case 0:
		torture_count(TN_NOT_ACCEPTED, 1);
		return STATUS_DATA_NOT_ACCEPTED;
	case 1:
		if (!sock_keep(ts, ind))
			break;
		torture_count(TN_HELD, 1);
		return STATUS_PENDING;
	}
	return STATUS_SUCCESS;
}

const WSK_CLIENT_DATAGRAM_DISPATCH torture_dgram_dispatch = {
	.WskReceiveFromEvent = torture_receive_from_event,
};

const WSK_CLIENT_LISTEN_DISPATCH torture_listen_dispatch = {
	.WskAcceptEvent = torture_accept_event,
};

const WSK_CLIENT_CONNECTION_DISPATCH torture_conn_dispatch = {
	.WskReceiveEvent = torture_receive_event,
	.WskDisconnectEvent = torture_disconnect_event,
	.WskSendBacklogEvent = torture_backlog_event,
};

const WSK_CLIENT_STREAM_DISPATCH torture_stream_dispatch = {
	.Listen = &torture_listen_dispatch,
	.Connect = &torture_conn_dispatch,
};
