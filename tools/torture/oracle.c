// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle: every request the torture makes is tracked from submission
 * to completion. A completion routine called for a request that is not
 * outstanding, a non-pending return that differs from the completion
 * status (or comes before any completion), a status outside the call's
 * allowed set, a completion on a socket whose WskCloseSocket already
 * completed, and a request still outstanding at the end are failures.
 * It also keeps the statistics the phases print.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include "torture.h"

const char *const torture_call_names[TC_NR] = {
	[TC_SOCKET] = "WskSocket",
	[TC_SOCKET_CONNECT] = "WskSocketConnect",
	[TC_BIND] = "WskBind",
	[TC_LISTEN] = "WskListen",
	[TC_ACCEPT] = "WskAccept",
	[TC_CONNECT] = "WskConnect",
	[TC_SEND] = "WskSend",
	[TC_RECEIVE] = "WskReceive",
	[TC_DISCONNECT] = "WskDisconnect",
	[TC_ABORT] = "WskDisconnect(abortive)",
	[TC_CLOSE] = "WskCloseSocket",
	[TC_GET_LOCAL] = "WskGetLocalAddress",
	[TC_GET_REMOTE] = "WskGetRemoteAddress",
	[TC_SET_OPTION] = "WskControlSocket(set)",
	[TC_GET_OPTION] = "WskControlSocket(get)",
	[TC_EVENT] = "WskControlSocket(event)",
	[TC_RELEASE] = "WskRelease",
	[TC_SEND_TO] = "WskSendTo",
	[TC_RECEIVE_FROM] = "WskReceiveFrom",
	[TC_CONTROL_CLIENT] = "WskControlClient(netns)",
};

const char *const torture_kind_names[TK_NR] = {
	[TK_BASIC] = "basic",
	[TK_LISTEN] = "listen",
	[TK_CONNECTION] = "connection",
	[TK_STREAM] = "stream",
	[TK_DATAGRAM] = "datagram",
};

static const struct {
	NTSTATUS status;
	const char *name;
} status_names[TS_NR] = {
	[TS_SUCCESS] = { STATUS_SUCCESS, "SUCCESS" },
	[TS_PENDING] = { STATUS_PENDING, "PENDING" },
	[TS_EVENT_PENDING] = { STATUS_EVENT_PENDING, "EVENT_PENDING" },
	[TS_CANCELLED] = { STATUS_CANCELLED, "CANCELLED" },
	[TS_INSUFFICIENT_RESOURCES] = { STATUS_INSUFFICIENT_RESOURCES, "INSUFFICIENT_RESOURCES" },
	[TS_FILE_FORCED_CLOSED] = { STATUS_FILE_FORCED_CLOSED, "FILE_FORCED_CLOSED" },
	[TS_INVALID_DEVICE_STATE] = { STATUS_INVALID_DEVICE_STATE, "INVALID_DEVICE_STATE" },
	[TS_INVALID_PARAMETER] = { STATUS_INVALID_PARAMETER, "INVALID_PARAMETER" },
	[TS_INVALID_HANDLE] = { STATUS_INVALID_HANDLE, "INVALID_HANDLE" },
	[TS_NOT_IMPLEMENTED] = { STATUS_NOT_IMPLEMENTED, "NOT_IMPLEMENTED" },
	[TS_NOT_SUPPORTED] = { STATUS_NOT_SUPPORTED, "NOT_SUPPORTED" },
	[TS_ADDRESS_ALREADY_ASSOCIATED] = { STATUS_ADDRESS_ALREADY_ASSOCIATED,
					    "ADDRESS_ALREADY_ASSOCIATED" },
	[TS_INVALID_ADDRESS_COMPONENT] = { STATUS_INVALID_ADDRESS_COMPONENT,
					   "INVALID_ADDRESS_COMPONENT" },
	[TS_CONNECTION_REFUSED] = { STATUS_CONNECTION_REFUSED, "CONNECTION_REFUSED" },
	[TS_CONNECTION_RESET] = { STATUS_CONNECTION_RESET, "CONNECTION_RESET" },
	[TS_CONNECTION_ABORTED] = { STATUS_CONNECTION_ABORTED, "CONNECTION_ABORTED" },
	[TS_CONNECTION_DISCONNECTED] = { STATUS_CONNECTION_DISCONNECTED,
					 "CONNECTION_DISCONNECTED" },
	[TS_CONNECTION_ACTIVE] = { STATUS_CONNECTION_ACTIVE, "CONNECTION_ACTIVE" },
	[TS_NETWORK_UNREACHABLE] = { STATUS_NETWORK_UNREACHABLE, "NETWORK_UNREACHABLE" },
	[TS_HOST_UNREACHABLE] = { STATUS_HOST_UNREACHABLE, "HOST_UNREACHABLE" },
	[TS_IO_TIMEOUT] = { STATUS_IO_TIMEOUT, "IO_TIMEOUT" },
	[TS_UNSUCCESSFUL] = { STATUS_UNSUCCESSFUL, "UNSUCCESSFUL" },
	[TS_OTHER] = { 0, "other" },
};

static const char *const counter_names[TN_NR] = {
	[TN_CANCEL] = "IoCancelIrp",
	[TN_CANCEL_HIT] = "cancel-routine-called",
	[TN_IRP_ALLOC] = "IoAllocateIrp",
	[TN_IRP_REUSE] = "IoReuseIrp",
	[TN_IRP_FREE] = "IoFreeIrp",
	[TN_NS_CREATED] = "netns-created",
	[TN_NS_DESTROYED] = "netns-destroyed",
	[TN_NS_FAILED] = "netns-failed",
	[TN_PEER_RESET] = "peer-resets",
	[TN_PEER_CLOSE] = "peer-closes",
	[TN_ACCEPT_EVENT] = "accept-events",
	[TN_ACCEPT_REJECTED] = "accept-rejected",
	[TN_LISTENER_DEAD] = "listener-dead-events",
	[TN_RECEIVE_EVENT] = "receive-events",
	[TN_HELD] = "indications-held",
	[TN_NOT_ACCEPTED] = "data-not-accepted",
	[TN_DISCONNECT_EVENT] = "disconnect-events",
	[TN_BACKLOG_EVENT] = "send-backlog-events",
	[TN_BYTES_SENT] = "bytes-sent",
	[TN_BYTES_RECEIVED] = "bytes-received",
	[TN_NO_MEMORY] = "torture-alloc-failures",
};

/* Completion statuses every call on a socket may see. */
#define ANY_SOCKET_CALL	(TS(SUCCESS) | TS(INSUFFICIENT_RESOURCES) | TS(FILE_FORCED_CLOSED) | \
			 TS(CANCELLED))
#define CONNECTION_LOST	(TS(CONNECTION_RESET) | TS(CONNECTION_ABORTED))

/*
 * What each call may complete with, from the kernel-doc of wsk's entry
 * points and WSK-SEMANTICS.md. Calls made on a socket whose state another
 * thread may have changed meanwhile (bound, listening, connected, reset)
 * may also find it in the wrong state.
 */
static const u64 allowed_statuses[TC_NR] = {
	[TC_SOCKET] = TS(SUCCESS) | TS(INSUFFICIENT_RESOURCES) | TS(CANCELLED),
	/* "the error as WskBind or WskConnect would report it" */
	[TC_SOCKET_CONNECT] = TS(SUCCESS) | TS(INSUFFICIENT_RESOURCES) |
			      TS(ADDRESS_ALREADY_ASSOCIATED) | TS(CONNECTION_REFUSED) |
			      TS(CONNECTION_RESET) | TS(IO_TIMEOUT),
	[TC_BIND] = ANY_SOCKET_CALL | TS(ADDRESS_ALREADY_ASSOCIATED),
	[TC_LISTEN] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE),
	[TC_ACCEPT] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE),
	/* reset: the listener dropped the connection before the connect saw it */
	[TC_CONNECT] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE) | TS(CONNECTION_ACTIVE) |
		       TS(CONNECTION_REFUSED) | TS(CONNECTION_RESET) | TS(IO_TIMEOUT),
	[TC_SEND] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE) | CONNECTION_LOST |
		    TS(CONNECTION_DISCONNECTED),
	[TC_RECEIVE] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE) | CONNECTION_LOST,
	[TC_DISCONNECT] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE) | CONNECTION_LOST |
			  TS(CONNECTION_DISCONNECTED),
	[TC_ABORT] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE) | CONNECTION_LOST |
		     TS(CONNECTION_DISCONNECTED),
	/* The close cannot be cancelled and cannot fail. */
	[TC_CLOSE] = TS(SUCCESS),
	[TC_GET_LOCAL] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE),
	[TC_GET_REMOTE] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE),
	[TC_SET_OPTION] = ANY_SOCKET_CALL,
	[TC_GET_OPTION] = ANY_SOCKET_CALL,
	[TC_EVENT] = TS(SUCCESS) | TS(INVALID_DEVICE_STATE) | TS(EVENT_PENDING) |
		     TS(FILE_FORCED_CLOSED),
	[TC_RELEASE] = TS(SUCCESS),
	/* not bound yet: STATUS_INVALID_DEVICE_STATE */
	[TC_SEND_TO] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE),
	[TC_RECEIVE_FROM] = ANY_SOCKET_CALL | TS(INVALID_DEVICE_STATE),
	[TC_CONTROL_CLIENT] = TS(SUCCESS),
};

/*
 * Added for a socket in a namespace the torture made: it may go away under
 * the call (and the client's WskSocket then fails until the next one).
 */
static const u64 allowed_in_netns[TC_NR] = {
	[TC_SOCKET] = TS(INVALID_DEVICE_STATE) | TS(FILE_FORCED_CLOSED),
	[TC_SOCKET_CONNECT] = TS(INVALID_DEVICE_STATE) | TS(FILE_FORCED_CLOSED) |
			      TS(NETWORK_UNREACHABLE) | TS(HOST_UNREACHABLE) |
			      TS(INVALID_ADDRESS_COMPONENT),
	[TC_BIND] = TS(INVALID_ADDRESS_COMPONENT),
	[TC_CONNECT] = TS(NETWORK_UNREACHABLE) | TS(HOST_UNREACHABLE),
	[TC_SEND_TO] = TS(NETWORK_UNREACHABLE) | TS(HOST_UNREACHABLE),
};

static atomic_long_t ops[TC_NR];
static atomic_long_t statuses[TC_NR][TS_NR];
static atomic64_t max_latency[TC_NR];		/* ns */
static atomic_long_t counters[TN_NR];
static atomic_long_t failures;

u32 torture_random(void)
{
	unsigned long flags;
	u32 r;

	local_irq_save(flags);
	r = prandom_u32_state(this_cpu_ptr(torture.rnd));
	local_irq_restore(flags);
	return r;
}

void torture_fail(const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(rs, 5 * HZ, 40);
	struct va_format vaf;
	va_list args;

	atomic_long_inc(&failures);
	if (!__ratelimit(&rs))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("FAIL: %pV (seed %u)\n", &vaf, torture.seed);
	va_end(args);
}

long torture_failures(void)
{
	return atomic_long_read(&failures);
}

static enum torture_status status_index(NTSTATUS status)
{
	int i;

	for (i = 0; i < TS_OTHER; i++)
		if (status_names[i].status == status)
			return i;
	return TS_OTHER;
}

void torture_count_op(enum torture_call call)
{
	atomic_long_inc(&ops[call]);
}

void torture_count_status(enum torture_call call, NTSTATUS status)
{
	atomic_long_inc(&statuses[call][status_index(status)]);
}

void torture_count(enum torture_counter what, long n)
{
	atomic_long_add(n, &counters[what]);
}

u64 torture_allowed(enum torture_call call, bool ns)
{
	return allowed_statuses[call] | (ns ? allowed_in_netns[call] : 0);
}

void torture_check_status(enum torture_call call, NTSTATUS status, u64 allowed,
			  const char *when, struct torture_sock *ts)
{
	enum torture_status i = status_index(status);
	char desc[96] = "";

	if (i != TS_OTHER && (allowed & BIT_ULL(i)))
		return;
	if (ts)
		torture_sock_describe(ts, desc, sizeof(desc));
	torture_fail("%s %s with unexpected status 0x%08x (%s)%s", torture_call_names[call],
		     when, status, status_names[i].name, desc);
}

/* A call without an IRP returned @ret. */
void torture_returned(enum torture_call call, NTSTATUS ret, bool ns)
{
	torture_count_op(call);
	torture_count_status(call, ret);
	torture_check_status(call, ret, torture_allowed(call, ns), "returned", NULL);
}

static void latency(struct torture_req *r)
{
	s64 ns = ktime_to_ns(ktime_sub(ktime_get(), r->start));
	s64 old = atomic64_read(&max_latency[r->call]);

	while (ns > old && !atomic64_try_cmpxchg(&max_latency[r->call], &old, ns))
		;
}

/* Check what a completion brings; the socket then learns its outcome. */
static void check_completion(struct torture_req *r)
{
	const char *name = torture_call_names[r->call];
	struct torture_sock *ts = r->sock;

	latency(r);
	torture_count_status(r->call, r->status);
	/* after its own disconnect, a receive may find the connection ended */
	if (r->call == TC_RECEIVE && ts &&
	    (test_bit(TH_DISCONNECT, &ts->history) || test_bit(TH_ABORT, &ts->history)))
		r->allowed |= TS(CONNECTION_DISCONNECTED);
	/*
	 * A failed connect releases a port-0 bind's port (Linux); the listen
	 * then takes another, and fails so when memory for it is short.
	 */
	if (r->call == TC_LISTEN && ts && test_bit(TH_CONNECT_FAILED, &ts->history))
		r->allowed |= TS(ADDRESS_ALREADY_ASSOCIATED);
	torture_check_status(r->call, r->status, r->allowed, "completed", ts ?: r->child);
	if (ts && r->call == TC_CONNECT && r->status != STATUS_SUCCESS)
		set_bit(TH_CONNECT_FAILED, &ts->history);
	if (ts && READ_ONCE(ts->close_done))
		torture_fail("%s completed (0x%08x) after its socket's WskCloseSocket did",
			     name, r->status);
	if (!NT_SUCCESS(r->status) && r->information)
		torture_fail("%s failed (0x%08x) with Information %lu", name, r->status,
			     (unsigned long)r->information);
	if (r->call == TC_SEND_TO && r->status == STATUS_SUCCESS && r->information != r->length)
		torture_fail("WskSendTo of %zu bytes completed with Information %lu", r->length,
			     (unsigned long)r->information);
	if (r->call == TC_RECEIVE_FROM && r->status == STATUS_SUCCESS &&
	    r->information > r->length)
		torture_fail("WskReceiveFrom of %zu bytes completed with Information %lu",
			     r->length, (unsigned long)r->information);
	if (r->call == TC_RECEIVE_FROM && r->status == STATUS_SUCCESS &&
	    r->control_len > sizeof(r->control))
		torture_fail("WskReceiveFrom reported %lu bytes of control information in %zu",
			     (unsigned long)r->control_len, sizeof(r->control));
	if (r->call == TC_SEND && r->status == STATUS_SUCCESS) {
		if (r->information != r->length)
			torture_fail("WskSend of %zu bytes completed with Information %lu",
				     r->length, (unsigned long)r->information);
		torture_count(TN_BYTES_SENT, r->information);
	}
	if (r->call == TC_RECEIVE && r->status == STATUS_SUCCESS) {
		if (r->information > r->length)
			torture_fail("WskReceive of %zu bytes completed with Information %lu",
				     r->length, (unsigned long)r->information);
		torture_count(TN_BYTES_RECEIVED, r->information);
	}
	torture_sock_completed(r);
}

static NTSTATUS torture_complete(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct torture_req *r = context;
	unsigned long flags;

	if (atomic_cmpxchg(&r->state, TR_OUTSTANDING, TR_DONE) != TR_OUTSTANDING) {
		torture_fail("%s: completion routine called for an IRP not outstanding (0x%08x)",
			     torture_call_names[r->call], irp->IoStatus.Status);
		return STATUS_MORE_PROCESSING_REQUIRED;
	}
	r->status = irp->IoStatus.Status;
	r->information = irp->IoStatus.Information;
	spin_lock_irqsave(&torture.req_lock, flags);
	list_del_init(&r->link);
	torture.noutstanding--;
	spin_unlock_irqrestore(&torture.req_lock, flags);
	check_completion(r);
	torture_req_put(r);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static void req_init(struct torture_req *r, enum torture_call call, struct torture_sock *ts)
{
	refcount_set(&r->refs, 2);	/* the completion's and the submitter's */
	atomic_set(&r->state, TR_IDLE);
	r->call = call;
	r->sock = ts;
	r->child = NULL;
	r->allowed = torture_allowed(call, ts && ts->ns_gen);
	r->status = STATUS_PENDING;
	r->information = 0;
	r->length = 0;
	r->data = NULL;
	r->control_len = 0;
	memset(&r->buf, 0, sizeof(r->buf));
	if (ts)
		atomic_inc(&ts->requests);
	IoSetCompletionRoutine(r->irp, torture_complete, r, TRUE, TRUE, TRUE);
}

/*
 * A request for @call on @ts (NULL for client calls), with an IRP reused
 * from the cache or newly allocated; NULL when memory is short.
 */
struct torture_req *torture_req_get(enum torture_call call, struct torture_sock *ts, gfp_t gfp)
{
	struct torture_req *r = NULL;
	unsigned long flags;

	spin_lock_irqsave(&torture.req_lock, flags);
	if (torture.ncache && torture_random() % 4) {
		r = list_first_entry(&torture.cache, struct torture_req, link);
		list_del_init(&r->link);
		torture.ncache--;
	}
	spin_unlock_irqrestore(&torture.req_lock, flags);
	if (r) {
		IoReuseIrp(r->irp, STATUS_UNSUCCESSFUL);
		torture_count(TN_IRP_REUSE, 1);
	} else {
		r = kzalloc(sizeof(*r), gfp);
		if (!r)
			goto nomem;
		INIT_LIST_HEAD(&r->link);
		r->irp = IoAllocateIrp(1, FALSE);
		if (!r->irp) {
			kfree(r);
			goto nomem;
		}
		torture_count(TN_IRP_ALLOC, 1);
	}
	r->own_irp = false;
	req_init(r, call, ts);
	return r;

nomem:
	torture_count(TN_NO_MEMORY, 1);
	return NULL;
}

/* The close request of @ts, on the IRP allocated with it: it cannot fail. */
struct torture_req *torture_req_close(struct torture_sock *ts)
{
	struct torture_req *r = &ts->close_req;

	INIT_LIST_HEAD(&r->link);
	r->irp = ts->close_irp;
	r->own_irp = true;
	IoReuseIrp(r->irp, STATUS_UNSUCCESSFUL);
	req_init(r, TC_CLOSE, ts);
	return r;
}

/*
 * Give @r a buffer of @length bytes described by a chain of one to three
 * MDLs, starting at a random offset into the first. 0 or -ENOMEM.
 */
int torture_req_data(struct torture_req *r, size_t length, gfp_t gfp, u32 rnd)
{
	size_t offset = rnd % 64, done = 0, part;
	int nmdl = 1 + (rnd >> 8) % 3, i;
	PMDL mdl, *tail = &r->buf.Mdl;

	r->length = length;
	r->buf.Length = length;
	r->buf.Offset = offset;
	if (!length)
		return 0;
	r->data = kmalloc(offset + length, gfp);
	if (!r->data)
		goto nomem;
	for (i = 0; i < nmdl && done < length; i++) {
		part = i == nmdl - 1 ? length - done : 1 + (rnd >> (12 + 4 * i)) % (length - done);
		if (!i)
			part += offset;
		mdl = IoAllocateMdl(r->data + (i ? offset : 0) + done, part, FALSE, FALSE, NULL);
		if (!mdl)
			goto nomem;
		MmBuildMdlForNonPagedPool(mdl);
		*tail = mdl;
		tail = &mdl->Next;
		done += i ? part : part - offset;
	}
	return 0;

nomem:
	torture_count(TN_NO_MEMORY, 1);
	return -ENOMEM;
}

static void req_free_data(struct torture_req *r)
{
	PMDL mdl, next;

	for (mdl = r->buf.Mdl; mdl; mdl = next) {
		next = mdl->Next;
		IoFreeMdl(mdl);
	}
	r->buf.Mdl = NULL;
	kfree(r->data);
	r->data = NULL;
}

/* Make @r outstanding, just before its call. */
void torture_req_arm(struct torture_req *r)
{
	unsigned long flags;

	torture_count_op(r->call);
	r->start = ktime_get();
	atomic_set(&r->state, TR_OUTSTANDING);
	spin_lock_irqsave(&torture.req_lock, flags);
	list_add_tail(&r->link, &torture.outstanding);
	torture.noutstanding++;
	spin_unlock_irqrestore(&torture.req_lock, flags);
}

/* The call of @r returned @ret: check it against the completion, drop the submitter's ref. */
void torture_req_submitted(struct torture_req *r, NTSTATUS ret)
{
	const char *name = torture_call_names[r->call];

	if (ret == STATUS_PENDING) {
		atomic_long_inc(&statuses[r->call][TS_PENDING]);
	} else if (atomic_read(&r->state) != TR_DONE) {
		torture_fail("%s returned 0x%08x before its IRP completed", name, ret);
	} else if (r->status != ret) {
		torture_fail("%s returned 0x%08x but its IRP completed with 0x%08x", name, ret,
			     r->status);
	}
	torture_req_put(r);
}

void torture_req_put(struct torture_req *r)
{
	struct torture_sock *ts = r->sock;
	unsigned long flags;

	if (!refcount_dec_and_test(&r->refs))
		return;
	req_free_data(r);
	if (ts)
		atomic_dec(&ts->requests);
	if (r->own_irp)
		return;
	spin_lock_irqsave(&torture.req_lock, flags);
	if (torture.ncache < 64 && torture_random() % 8) {
		list_add(&r->link, &torture.cache);
		torture.ncache++;
		r = NULL;
	}
	spin_unlock_irqrestore(&torture.req_lock, flags);
	if (!r)
		return;
	IoFreeIrp(r->irp);
	torture_count(TN_IRP_FREE, 1);
	kfree(r);
}

/* IoCancelIrp on a random outstanding request. Any context. */
void torture_cancel_random(void)
{
	struct torture_req *r = NULL, *pos;
	unsigned long flags;
	int skip;

	spin_lock_irqsave(&torture.req_lock, flags);
	if (torture.noutstanding) {
		skip = torture_random() % min(torture.noutstanding, 32);
		list_for_each_entry(pos, &torture.outstanding, link) {
			if (!skip--) {
				r = pos;
				refcount_inc(&r->refs);
				break;
			}
		}
	}
	spin_unlock_irqrestore(&torture.req_lock, flags);
	if (!r)
		return;
	torture_count(TN_CANCEL, 1);
	if (IoCancelIrp(r->irp))
		torture_count(TN_CANCEL_HIT, 1);
	torture_req_put(r);
}

int torture_outstanding(void)
{
	return READ_ONCE(torture.noutstanding);
}

/* At the end: every request still outstanding is a failure. */
void torture_report_outstanding(void)
{
	struct torture_req *r;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&torture.req_lock, flags);
	list_for_each_entry(r, &torture.outstanding, link) {
		if (n++ < 20)
			pr_err("outstanding: %s on a %s socket, %lld ms old\n",
			       torture_call_names[r->call],
			       r->sock ? torture_kind_names[r->sock->kind] : "(none)",
			       ktime_ms_delta(ktime_get(), r->start));
	}
	spin_unlock_irqrestore(&torture.req_lock, flags);
	if (n)
		torture_fail("%d requests never completed", n);
}

long torture_total_ops(void)
{
	long total = 0;
	int i;

	for (i = 0; i < TC_NR; i++)
		total += atomic_long_read(&ops[i]);
	return total + atomic_long_read(&counters[TN_CANCEL]) +
	       atomic_long_read(&counters[TN_PEER_RESET]) +
	       atomic_long_read(&counters[TN_PEER_CLOSE]);
}

void torture_oracle_reset(void)
{
	int i, j;

	for (i = 0; i < TC_NR; i++) {
		atomic_long_set(&ops[i], 0);
		atomic64_set(&max_latency[i], 0);
		for (j = 0; j < TS_NR; j++)
			atomic_long_set(&statuses[i][j], 0);
	}
	for (i = 0; i < TN_NR; i++)
		atomic_long_set(&counters[i], 0);
	atomic_long_set(&failures, 0);
}

/* Free the cached requests (none is outstanding any more). */
void torture_oracle_free(void)
{
	struct torture_req *r, *next;

	list_for_each_entry_safe(r, next, &torture.cache, link) {
		list_del(&r->link);
		IoFreeIrp(r->irp);
		kfree(r);
	}
	torture.ncache = 0;
}

/* Statistics, locktorture style: a summary line, then one line per call. */
void torture_stats_print(const char *phase, bool final)
{
	char line[512];
	long n, nomem = 0;
	int i, j, len;

	for (i = 0; i < TC_NR; i++)
		nomem += atomic_long_read(&statuses[i][TS_INSUFFICIENT_RESOURCES]);
	pr_info("%s%s: %ld ops, %d outstanding, %d sockets, %ld INSUFFICIENT_RESOURCES, %ld failures\n",
		phase, final ? " end" : "", torture_total_ops(), torture_outstanding(),
		torture_sock_count(), nomem, torture_failures());
	len = 0;
	for (i = 0; i < TN_NR; i++) {
		n = atomic_long_read(&counters[i]);
		if (n)
			len += scnprintf(line + len, sizeof(line) - len, " %s %ld",
					 counter_names[i], n);
	}
	pr_info("%s:%s\n", phase, line);
	if (!final)
		return;
	for (i = 0; i < TC_NR; i++) {
		n = atomic_long_read(&ops[i]);
		if (!n)
			continue;
		len = scnprintf(line, sizeof(line), "%s %ld, max latency %lld us:",
				torture_call_names[i], n,
				div_s64(atomic64_read(&max_latency[i]), NSEC_PER_USEC));
		for (j = 0; j < TS_NR; j++) {
			n = atomic_long_read(&statuses[i][j]);
			if (n)
				len += scnprintf(line + len, sizeof(line) - len, " %s %ld",
						 status_names[j].name, n);
		}
		pr_info("%s: %s\n", phase, line);
	}
}
