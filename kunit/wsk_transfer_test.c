// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: WskSend, WskReceive and WskDisconnect on accepted sockets over
 * loopback, against a plain kernel socket as the peer: data integrity over
 * MDL chains, WAITALL, graceful close and reset, disconnects, bad buffers.
 */
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>
#include <compat/compat.h>
#include "wsk_test.h"
#include "buffer.h"
#include "queue.h"
#include "socket.h"

static PMDL mdl_new(struct kunit *test, void *va, ULONG len)
{
	PMDL mdl = wsk_test_mdl(test, va, len);

	MmBuildMdlForNonPagedPool(mdl);
	return mdl;
}

static u8 *pattern(struct kunit *test, size_t len, u8 seed)
{
	u8 *p = vmalloc(len);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_vfree, p), 0);
	for (i = 0; i < len; i++)
		p[i] = (u8)(i * 7 + seed + (i >> 12));
	return p;
}

static NTSTATUS xfer(struct kunit *test, struct wsk_test_conn *k, bool send, WSK_BUF *buf,
		     ULONG flags)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	NTSTATUS ret;

	wsk_test_irp_rearm(&k->t);
	ret = send ? d->WskSend(k->s, buf, flags, k->t.irp) : d->WskReceive(k->s, buf, flags,
									    k->t.irp);
	return wsk_test_irp_wait(test, &k->t, ret);
}

static int peer_recv_all(struct socket *peer, u8 *buf, size_t len)
{
	struct msghdr msg = {};
	struct kvec vec = { buf, len };

	return kernel_recvmsg(peer, &msg, &vec, 1, len, MSG_WAITALL);
}

static int peer_send(struct socket *peer, const u8 *buf, size_t len)
{
	struct msghdr msg = {};
	struct kvec vec = { (void *)buf, len };

	return kernel_sendmsg(peer, &msg, &vec, 1, len);
}

static const size_t sizes[] = { 1, 1000, 65536, 4 << 20, 16 << 20 };

static void size_desc(const size_t *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%zu bytes", *n);
}

KUNIT_ARRAY_PARAM(size, sizes, size_desc);

/* Both directions, byte for byte. */
static void transfer_integrity(struct kunit *test)
{
	size_t len = *(const size_t *)test->param_value;
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	u8 *out = pattern(test, len, 1), *in = pattern(test, len, 0), *back;
	WSK_BUF buf = { .Mdl = mdl_new(test, out, len), .Length = len };

	back = vmalloc(len);
	KUNIT_ASSERT_NOT_NULL(test, back);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_vfree, back), 0);

	/* WSK sends while the peer reads: the send may have to wait for room. */
	wsk_test_irp_rearm(&k->t);
	{
		const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
		NTSTATUS ret = d->WskSend(k->s, &buf, 0, k->t.irp);

		KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, len), (int)len);
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, k->t.information, len);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, out, len));

	/* The peer sends while WSK receives with WAITALL. */
	memset(back, 0, len);
	buf.Mdl = mdl_new(test, back, len);
	wsk_test_irp_rearm(&k->t);
	{
		const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
		NTSTATUS ret = d->WskReceive(k->s, &buf, WSK_FLAG_WAITALL, k->t.irp);

		KUNIT_EXPECT_EQ(test, peer_send(k->peer, in, len), (int)len);
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, k->t.information, len);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, in, len));
}

/* A buffer over three chained MDLs, starting 5 bytes into the first. */
static void transfer_mdl_chain(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	u8 *out = pattern(test, 3000, 3), *back = pattern(test, 3000, 0);
	PMDL a = mdl_new(test, out, 1000), b = mdl_new(test, out + 1000, 1000);
	PMDL c = mdl_new(test, out + 2000, 1000);
	WSK_BUF buf = { .Mdl = a, .Offset = 5, .Length = 2990 };

	a->Next = b;
	b->Next = c;
	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, WSK_FLAG_NODELAY), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 2990UL);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, 2990), 2990);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, out + 5, 2990));

	/* Receive into the same chain at the same offset. */
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, back, 2990), 2990);
	memset(out, 0, 3000);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, WSK_FLAG_WAITALL), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, !memcmp(out + 5, back, 2990));
	a->Next = NULL;
	b->Next = NULL;
}

static void transfer_bad_buffers(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	u8 data[100];
	PMDL mdl = mdl_new(test, data, sizeof(data)), raw;
	WSK_BUF buf = { .Mdl = mdl, .Offset = 100, .Length = 1 };

	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, 0), STATUS_INVALID_PARAMETER);
	buf.Offset = 10;
	buf.Length = 91;
	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, 0), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, 0), STATUS_INVALID_PARAMETER);
	/* Offset + Length wraps around to 4: still beyond the chain. */
	buf.Length = SIZE_MAX - 5;
	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, 0), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, 0), STATUS_INVALID_PARAMETER);
	buf.Mdl = NULL;
	buf.Length = 1;
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, 0), STATUS_INVALID_PARAMETER);
	raw = IoAllocateMdl(data, sizeof(data), FALSE, FALSE, NULL);	/* never built */
	KUNIT_ASSERT_NOT_NULL(test, raw);
	buf.Mdl = raw;
	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, 0), STATUS_INVALID_PARAMETER);
	IoFreeMdl(raw);
	buf.Mdl = mdl;
	buf.Offset = 0;
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, WSK_FLAG_OOB | 0x100),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, 0x100), STATUS_NOT_SUPPORTED);
	/* Still usable. */
	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 1UL);
}

static NTSTATUS set_option(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			   ULONG level, ULONG code, void *value, SIZE_T size)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;

	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskControlSocket(s, WskSetOption, code, level, size,
							      value, 0, NULL, NULL, t->irp));
}

/*
 * Options that would replace the socket's protocol or callbacks are refused
 * at once; the others still reach the kernel socket, which keeps working.
 */
static void options_replacing_protocol_refused(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	struct wsk_test_irp t;
	char ulp[] = "tls";
	u8 byte = 0x5a, back = 0;
	WSK_BUF buf = { .Mdl = mdl_new(test, &byte, 1), .Length = 1 };
	PWSK_SOCKET s6;
	int one = 1;

	wsk_test_irp_init(test, &t);
	KUNIT_EXPECT_EQ(test, set_option(test, &t, k->s, IPPROTO_TCP, TCP_ULP, ulp, sizeof(ulp)),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, set_option(test, &t, k->s, IPPROTO_TCP, TCP_REPAIR, &one,
					 sizeof(one)), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, set_option(test, &t, k->s, SOL_TLS, 1, &one, sizeof(one)),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, set_option(test, &t, k->s, IPPROTO_TCP, TCP_NODELAY, &one,
					 sizeof(one)), STATUS_SUCCESS);
	s6 = wsk_test_socket(test, k->c, &t, AF_INET6, SOCK_STREAM, IPPROTO_TCP,
			     WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s6);
	KUNIT_EXPECT_EQ(test, set_option(test, &t, s6, IPPROTO_IPV6, IPV6_ADDRFORM, &one,
					 sizeof(one)), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s6), STATUS_SUCCESS);
	/* ESP in UDP would take the datagrams from the socket. */
	s6 = wsk_test_socket(test, k->c, &t, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
			     WSK_FLAG_DATAGRAM_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s6);
	one = UDP_ENCAP_ESPINUDP;
	KUNIT_EXPECT_EQ(test, set_option(test, &t, s6, IPPROTO_UDP, UDP_ENCAP, &one,
					 sizeof(one)), STATUS_NOT_SUPPORTED);
	one = 1;
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s6), STATUS_SUCCESS);

	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, &back, 1), 1);
	KUNIT_EXPECT_EQ(test, back, byte);
}

/* Without WAITALL a receive completes with what arrived. */
static void transfer_partial_and_order(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	static const u8 msg[12] = "abcdefghijkl";
	u8 in[3][4] = {}, big[100] = {};
	struct wsk_test_irp r[3];
	WSK_BUF buf[3];
	NTSTATUS ret[3];
	int i;

	for (i = 0; i < 3; i++) {
		wsk_test_irp_init(test, &r[i]);
		buf[i].Mdl = mdl_new(test, in[i], 4);
		buf[i].Offset = 0;
		buf[i].Length = 4;
		ret[i] = d->WskReceive(k->s, &buf[i], 0, r[i].irp);
		KUNIT_EXPECT_EQ(test, ret[i], STATUS_PENDING);
	}
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, msg, sizeof(msg)), (int)sizeof(msg));
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &r[i], ret[i]), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, r[i].information, 4UL);
		KUNIT_EXPECT_TRUE(test, !memcmp(in[i], msg + 4 * i, 4));
	}
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, msg, 10), 10);
	buf[0].Mdl = mdl_new(test, big, sizeof(big));
	buf[0].Length = sizeof(big);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf[0], 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 10UL);
}

/* WSK_FLAG_DRAIN discards until the peer closes; it needs an empty buffer. */
static void transfer_drain(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	u8 *data = pattern(test, 100000, 9);
	WSK_BUF none = { .Mdl = mdl_new(test, data, 1), .Length = 0 };
	WSK_BUF one = { .Mdl = none.Mdl, .Length = 1 };
	struct wsk_test_irp r;
	NTSTATUS ret;

	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &one, WSK_FLAG_DRAIN),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &none, WSK_FLAG_DRAIN | WSK_FLAG_WAITALL),
			STATUS_INVALID_PARAMETER);
	wsk_test_irp_init(test, &r);
	ret = d->WskReceive(k->s, &none, WSK_FLAG_DRAIN, r.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, data, 100000), 100000);
	msleep(100);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 0);
	kernel_sock_shutdown(k->peer, SHUT_WR);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &r, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r.information, 0UL);
}

/* The peer's graceful close gives 0 bytes; its reset gives an error. */
static void transfer_peer_close_and_reset(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test), *r = wsk_test_conn_new(test);
	u8 data[16];
	WSK_BUF buf = { .Mdl = mdl_new(test, data, sizeof(data)), .Length = sizeof(data) };

	KUNIT_EXPECT_EQ(test, peer_send(k->peer, data, 3), 3);
	kernel_sock_shutdown(k->peer, SHUT_WR);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, WSK_FLAG_WAITALL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 3UL);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 0UL);
	/* After the peer's FIN, this side may still send. */
	KUNIT_EXPECT_EQ(test, xfer(test, k, true, &buf, 0), STATUS_SUCCESS);

	KUNIT_EXPECT_EQ(test, wsk_test_peer_reset(r->peer), 0);
	KUNIT_EXPECT_EQ(test, xfer(test, r, false, &buf, 0), STATUS_CONNECTION_RESET);
	KUNIT_EXPECT_EQ(test, r->t.information, 0UL);
	/*
	 * Sending to a peer that reset fails; the error is reported once, then
	 * the connection reads as disconnected.
	 */
	KUNIT_EXPECT_EQ(test, xfer(test, r, true, &buf, 0), STATUS_CONNECTION_DISCONNECTED);
}

static NTSTATUS disconnect(struct kunit *test, struct wsk_test_conn *k, WSK_BUF *buf, ULONG flags)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;

	wsk_test_irp_rearm(&k->t);
	return wsk_test_irp_wait(test, &k->t, d->WskDisconnect(k->s, buf, flags, k->t.irp));
}

static void transfer_disconnect(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test), *a = wsk_test_conn_new(test);
	u8 data[8] = "goodbye", back[8] = {};
	WSK_BUF buf = { .Mdl = mdl_new(test, data, sizeof(data)), .Length = sizeof(data) };

	/* Graceful, with a last buffer: the peer reads it, then EOF. */
	KUNIT_EXPECT_EQ(test, disconnect(test, k, &buf, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, sizeof(back)), (int)sizeof(back));
	KUNIT_EXPECT_TRUE(test, !memcmp(back, data, sizeof(data)));
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(k->peer), 0);
	/* Receiving still works. */
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, back, 5), 5);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 5UL);
	/* Disconnected both ways, the close is graceful: the peer sees no reset. */
	kernel_sock_shutdown(k->peer, SHUT_WR);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 0UL);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &k->t, k->s), STATUS_SUCCESS);
	msleep(50);
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(k->peer), 0);

	/* Abortive: no buffer allowed; the peer sees a reset. */
	KUNIT_EXPECT_EQ(test, disconnect(test, a, &buf, WSK_FLAG_ABORTIVE),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, disconnect(test, a, NULL, WSK_FLAG_ABORTIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(a->peer), -ECONNRESET);
}

/* Closing cancels a pending receive. */
static void transfer_close_cancels_receive(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	u8 data[8];
	WSK_BUF buf = { .Mdl = mdl_new(test, data, sizeof(data)), .Length = sizeof(data) };
	struct wsk_test_irp r;
	NTSTATUS ret;

	wsk_test_irp_init(test, &r);
	ret = d->WskReceive(k->s, &buf, 0, r.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &k->t, k->s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &r, ret), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, r.information, 0UL);
}

/* What the connection events saw, and how they answer. */
struct event_log {
	PWSK_SOCKET s;
	NTSTATUS answer;
	u8 data[256];
	size_t len;
	atomic_t receives;
	atomic_t disconnects;
	ULONG disconnect_flags;
	PWSK_DATA_INDICATION kept;
	SIZE_T backlog;
	struct completion called;
};

static NTSTATUS log_receive(PVOID context, ULONG flags, PWSK_DATA_INDICATION ind,
			    SIZE_T indicated, SIZE_T *accepted)
{
	struct event_log *log = context;
	PWSK_DATA_INDICATION i;
	size_t n;

	atomic_inc(&log->receives);
	if (log->answer == STATUS_DATA_NOT_ACCEPTED) {
		complete(&log->called);
		return STATUS_DATA_NOT_ACCEPTED;
	}
	for (i = ind; i; i = i->Next) {
		n = min_t(size_t, i->Buffer.Length, sizeof(log->data) - log->len);
		memcpy(log->data + log->len,
		       (u8 *)MmGetSystemAddressForMdlSafe(i->Buffer.Mdl, NormalPagePriority) +
		       i->Buffer.Offset, n);
		log->len += n;
	}
	*accepted = indicated;
	if (log->answer == STATUS_PENDING)
		log->kept = ind;
	complete(&log->called);
	return log->answer;
}

static NTSTATUS log_disconnect(PVOID context, ULONG flags)
{
	struct event_log *log = context;

	log->disconnect_flags = flags;
	atomic_inc(&log->disconnects);
	complete(&log->called);
	return STATUS_SUCCESS;
}

static NTSTATUS log_backlog(PVOID context, SIZE_T ideal)
{
	struct event_log *log = context;

	log->backlog = ideal;
	complete(&log->called);
	return STATUS_SUCCESS;
}

static const WSK_CLIENT_CONNECTION_DISPATCH log_events = {
	.WskReceiveEvent = log_receive,
	.WskDisconnectEvent = log_disconnect,
	.WskSendBacklogEvent = log_backlog,
};

static struct event_log *log_new(struct kunit *test, NTSTATUS answer)
{
	struct event_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	log->answer = answer;
	init_completion(&log->called);
	return log;
}

static bool log_wait(struct event_log *log)
{
	return wait_for_completion_timeout(&log->called, msecs_to_jiffies(WSK_TEST_TIMEOUT_MS));
}

/* Data through WskReceiveEvent, consumed at once or kept until WskRelease. */
static void events_receive(struct kunit *test)
{
	struct event_log *log = log_new(test, STATUS_SUCCESS), *kept = log_new(test,
									STATUS_PENDING);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &log_events);
	struct wsk_test_conn *p = wsk_test_conn_with_events(test, kept, &log_events);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = p->s->Dispatch;
	static const u8 msg[] = "receive events";
	int i;

	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, msg, sizeof(msg)), (int)sizeof(msg));
	for (i = 0; i < 50 && log->len < sizeof(msg); i++)
		KUNIT_ASSERT_TRUE(test, log_wait(log));
	KUNIT_EXPECT_EQ(test, log->len, sizeof(msg));
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, msg, sizeof(msg)));

	KUNIT_EXPECT_EQ(test, wsk_test_set_events(p->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_send(p->peer, msg, 5), 5);
	KUNIT_ASSERT_TRUE(test, log_wait(kept));
	KUNIT_ASSERT_NOT_NULL(test, kept->kept);
	KUNIT_EXPECT_TRUE(test, !memcmp(kept->data, msg, kept->len));
	KUNIT_EXPECT_EQ(test, d->WskRelease(p->s, kept->kept), STATUS_SUCCESS);
}

/*
 * Memory short for a send with nothing in flight (failslab fails the skb
 * for the test thread, which runs the socket's requests as its worker
 * would): no ACK will come to say it is free again. TCP calls
 * sk_write_space before it returns -EAGAIN, which must not make the worker
 * retry at once, in a loop: the socket retries later, on its timer, and the
 * send completes once memory is there, whole.
 */
static void transfer_send_retries_after_memory_shortage(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	struct wsk_queue *q = &wsk_sock(k->s)->queue;
	u8 *out = pattern(test, 4096, 5), *back = pattern(test, 4096, 0);
	WSK_BUF buf = { .Mdl = mdl_new(test, out, 4096), .Length = 4096 };
	bool retry, again;
	NTSTATUS ret;
	int err, early;

	wsk_test_needs_failslab(test);
	wsk_test_irp_rearm(&k->t);
	KUNIT_ASSERT_TRUE(test, wsk_queue_enter(q));
	ret = d->WskSend(k->s, &buf, 0, k->t.irp);
	err = wsk_test_failslab_start();
	wsk_queue_finish(q);
	early = atomic_read(&k->t.calls);	/* before the retry, HZ / 10 later */
	retry = timer_pending(&wsk_sock(k->s)->retry);
	again = work_pending(&q->work);
	wsk_test_failslab_stop();
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "failslab could not be set");
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, early, 0);
	KUNIT_EXPECT_TRUE_MSG(test, retry, "no retry armed");
	KUNIT_EXPECT_FALSE_MSG(test, again, "the worker was queued to retry at once");
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 4096UL);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, 4096), 4096);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, out, 4096));
}

/* The same for a receive indication whose buffer could not be allocated. */
static void events_receive_retries_after_memory_shortage(struct kunit *test)
{
	struct event_log *log = log_new(test, STATUS_SUCCESS);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &log_events);
	struct wsk_queue *q = &wsk_sock(k->s)->queue;
	static const u8 msg[] = "short of memory";
	int sent, err, early;

	wsk_test_needs_failslab(test);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, wsk_queue_enter(q));
	sent = peer_send(k->peer, msg, sizeof(msg));
	msleep(50);
	/* The work item's run missed meanwhile would retry at once: not under test. */
	WRITE_ONCE(q->missed, false);
	err = wsk_test_failslab_start();
	wsk_queue_finish(q);
	early = atomic_read(&log->receives);
	wsk_test_failslab_stop();
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "failslab could not be set");
	KUNIT_EXPECT_EQ(test, sent, (int)sizeof(msg));
	KUNIT_EXPECT_EQ(test, early, 0);
	KUNIT_ASSERT_TRUE(test, log_wait(log));
	KUNIT_EXPECT_EQ(test, log->len, sizeof(msg));
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, msg, sizeof(msg)));
}

/* STATUS_DATA_NOT_ACCEPTED: the data waits for WskReceive, then events resume. */
static void events_receive_not_accepted(struct kunit *test)
{
	struct event_log *log = log_new(test, STATUS_DATA_NOT_ACCEPTED);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &log_events);
	u8 back[16] = {};
	WSK_BUF buf = { .Mdl = mdl_new(test, back, sizeof(back)), .Length = sizeof(back) };

	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, (const u8 *)"held", 4), 4);
	KUNIT_ASSERT_TRUE(test, log_wait(log));
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 4UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, "held", 4));

	log->answer = STATUS_SUCCESS;
	reinit_completion(&log->called);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, (const u8 *)"again", 5), 5);
	KUNIT_ASSERT_TRUE(test, log_wait(log));
	KUNIT_EXPECT_EQ(test, atomic_read(&log->receives), 2);
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, "again", 5));
}

/*
 * Data not accepted, then received in part: as Windows documents, the
 * events resume after that WskReceive with what remains, and a zero-length
 * WskReceive resumes them too. Data stays in order; none is lost or leaked.
 */
static void events_not_accepted_received_in_parts(struct kunit *test)
{
	struct event_log *log = log_new(test, STATUS_DATA_NOT_ACCEPTED);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &log_events);
	u8 *out = pattern(test, 200, 3), back[300] = {};
	WSK_BUF one = { .Mdl = mdl_new(test, back, 1), .Length = 1 };
	WSK_BUF none = {};
	int i;

	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, out, 100), 100);
	KUNIT_ASSERT_TRUE(test, log_wait(log));

	/* Refused: no indication of the next 100 until a WskReceive. */
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, out + 100, 100), 100);
	msleep(100);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->receives), 1);
	reinit_completion(&log->called);
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &one, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 1UL);
	KUNIT_EXPECT_EQ(test, back[0], out[0]);
	KUNIT_ASSERT_TRUE(test, log_wait(log));	/* resumed, and refused again */
	KUNIT_EXPECT_EQ(test, atomic_read(&log->receives), 2);

	log->answer = STATUS_SUCCESS;
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &none, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 0UL);
	for (i = 0; i < 50 && log->len < 199; i++)
		KUNIT_ASSERT_TRUE(test, log_wait(log));
	KUNIT_EXPECT_EQ(test, log->len, 199UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, out + 1, 199));
}

/* What a chain-checking WskReceiveEvent saw, and how it answers. */
struct chain_log {
	NTSTATUS answer;
	SIZE_T accept;		/* with STATUS_SUCCESS: set *BytesAccepted to this, if not 0 */
	u8 *data;		/* what it accepted, in order (not for STATUS_PENDING) */
	size_t len, cap;
	size_t indicated;	/* bytes indicated, all calls */
	unsigned int calls, bad, max_mdls, max_elements;
	unsigned int softirq_calls;	/* from the softirq that brought the data */
	PWSK_DATA_INDICATION kept[512];
	unsigned int nkept;
	PWSK_SOCKET release_from_event;	/* with STATUS_PENDING: WskRelease before returning */
	struct completion called;
};

/*
 * Check that each element's MDLs are well formed (mapped, their page
 * arrays the pages of their addresses) and hold Offset + Length bytes;
 * copy up to @take bytes into log->data. Returns the bytes the chain holds.
 */
static size_t chain_walk(struct chain_log *log, PWSK_DATA_INDICATION ind, size_t take)
{
	size_t total = 0, left, part;
	unsigned int elements = 0, mdls;
	unsigned long va, i, n;
	ULONG off;
	PMDL mdl;

	for (; ind; ind = ind->Next, elements++) {
		left = ind->Buffer.Length;
		off = ind->Buffer.Offset;
		for (mdl = ind->Buffer.Mdl, mdls = 0; mdl && left; mdl = mdl->Next, mdls++) {
			va = (unsigned long)MmGetMdlVirtualAddress(mdl);
			n = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, MmGetMdlByteCount(mdl));
			if (MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority) != (void *)va)
				log->bad++;
			for (i = 0; i < n; i++)
				if (MmGetMdlPfnArray(mdl)[i] !=
				    page_to_pfn(virt_to_page((va & PAGE_MASK) + i * PAGE_SIZE)))
					log->bad++;
			if (off >= MmGetMdlByteCount(mdl)) {
				off -= MmGetMdlByteCount(mdl);
				continue;
			}
			part = min_t(size_t, left, MmGetMdlByteCount(mdl) - off);
			if (take && log->len + min(part, take) <= log->cap) {
				memcpy(log->data + log->len, (u8 *)va + off, min(part, take));
				log->len += min(part, take);
				take -= min(part, take);
			}
			left -= part;
			off = 0;
		}
		if (left)
			log->bad++;	/* the MDLs hold less than Length */
		log->max_mdls = max(log->max_mdls, mdls);
		total += ind->Buffer.Length;
	}
	log->max_elements = max(log->max_elements, elements);
	return total;
}

static NTSTATUS chain_receive(PVOID context, ULONG flags, PWSK_DATA_INDICATION ind,
			      SIZE_T indicated, SIZE_T *accepted)
{
	struct chain_log *log = context;
	size_t take = indicated;

	log->calls++;
	if (!(flags & WSK_FLAG_AT_DISPATCH_LEVEL) || !in_softirq())
		log->bad++;
	if (in_serving_softirq())
		log->softirq_calls++;
	if (log->answer == STATUS_SUCCESS && log->accept)
		take = min(indicated, log->accept);
	if (log->answer == STATUS_PENDING && !log->release_from_event)
		take = 0;
	if (chain_walk(log, ind, take) != indicated)
		log->bad++;
	log->indicated += indicated;
	if (log->answer == STATUS_SUCCESS && log->accept)
		*accepted = take;	/* otherwise left as wsk set it: all */
	if (log->answer == STATUS_PENDING && log->release_from_event) {
		/* As another thread may, before the event returns. */
		if (((PWSK_PROVIDER_CONNECTION_DISPATCH)log->release_from_event->Dispatch)->
		    WskRelease(log->release_from_event, ind) != STATUS_SUCCESS)
			log->bad++;
	} else if (log->answer == STATUS_PENDING) {
		if (log->nkept < ARRAY_SIZE(log->kept))
			log->kept[log->nkept++] = ind;
		else
			log->bad++;
	}
	complete(&log->called);
	return log->answer;
}

static const WSK_CLIENT_CONNECTION_DISPATCH chain_events = {
	.WskReceiveEvent = chain_receive,
};

static struct chain_log *chain_log_new(struct kunit *test, NTSTATUS answer, size_t cap)
{
	struct chain_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	log->answer = answer;
	log->cap = cap;
	log->data = kunit_kzalloc(test, cap ? cap : 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log->data);
	init_completion(&log->called);
	return log;
}

/* Wait until the events saw @n bytes, or time ran out. */
static void chain_wait(struct kunit *test, struct chain_log *log, size_t n)
{
	unsigned long end = jiffies + msecs_to_jiffies(WSK_TEST_TIMEOUT_MS);

	while (READ_ONCE(log->indicated) < n && time_before(jiffies, end))
		wait_for_completion_timeout(&log->called, HZ / 10);
}

/*
 * A client that accepts everything need not set *BytesAccepted (Windows'
 * rule): the data is consumed, not offered again.
 */
static void events_receive_accepts_without_setting(struct kunit *test)
{
	struct chain_log *log = chain_log_new(test, STATUS_SUCCESS, 64);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &chain_events);

	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, (const u8 *)"once", 4), 4);
	chain_wait(test, log, 4);
	msleep(100);
	KUNIT_EXPECT_EQ(test, log->calls, 1U);
	KUNIT_EXPECT_EQ(test, log->indicated, 4UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, "once", 4));
	KUNIT_EXPECT_EQ(test, log->bad, 0U);
}

/* Part accepted: the rest goes to the next WskReceive, then events resume. */
static void events_receive_partly_accepted(struct kunit *test)
{
	struct chain_log *log = chain_log_new(test, STATUS_SUCCESS, 64);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &chain_events);
	u8 back[16] = {};
	WSK_BUF buf = { .Mdl = mdl_new(test, back, sizeof(back)), .Length = sizeof(back) };

	log->accept = 3;
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, (const u8 *)"abcdefghij", 10), 10);
	chain_wait(test, log, 10);
	msleep(50);
	KUNIT_EXPECT_EQ(test, log->calls, 1U);
	KUNIT_EXPECT_EQ(test, log->len, 3UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, "abc", 3));
	KUNIT_EXPECT_EQ(test, xfer(test, k, false, &buf, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 7UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, "defghij", 7));

	log->accept = 0;
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, (const u8 *)"klm", 3), 3);
	chain_wait(test, log, 13);
	KUNIT_EXPECT_EQ(test, log->len, 6UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, "abcklm", 6));
	KUNIT_EXPECT_EQ(test, log->bad, 0U);
}

/*
 * @len bytes from the peer through WskReceiveEvent answering @answer (with
 * STATUS_PENDING, released before the event returns): every byte seen, in
 * order, every MDL well formed.
 */
static struct chain_log *events_stream(struct kunit *test, NTSTATUS answer, size_t len)
{
	struct chain_log *log = chain_log_new(test, answer, len);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &chain_events);
	u8 *out = pattern(test, len, 11);

	if (answer == STATUS_PENDING)
		log->release_from_event = k->s;
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, out, len), (int)len);
	chain_wait(test, log, len);
	KUNIT_EXPECT_EQ(test, log->indicated, len);
	KUNIT_EXPECT_EQ(test, log->len, len);
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, out, len));
	KUNIT_EXPECT_EQ(test, log->bad, 0U);
	return log;
}

/*
 * A megabyte through WskReceiveEvent. Over loopback TCP's skbs carry their
 * data in page fragments, so one element needs several MDLs: the stack's
 * own buffers, not a copy.
 */
static void events_receive_large(struct kunit *test)
{
	KUNIT_EXPECT_GE(test, events_stream(test, STATUS_SUCCESS, 1 << 20)->max_mdls, 2U);
}

/*
 * A chain kept (STATUS_PENDING) but given back before the event returns,
 * as a client's other thread may: freed once, after the event, never while
 * it runs.
 */
static void events_receive_released_during_event(struct kunit *test)
{
	events_stream(test, STATUS_PENDING, 256 << 10);
}

/* Whether a page fragment of an skb queued for @peer holds the byte at @va. */
static bool peer_queue_has(struct socket *peer, const u8 *va)
{
	struct sock *sk = peer->sk;
	const skb_frag_t *f;
	struct sk_buff *skb;
	bool found = false;
	const u8 *start;
	int i;

	lock_sock(sk);
	skb_queue_walk(&sk->sk_receive_queue, skb) {
		for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
			f = &skb_shinfo(skb)->frags[i];
			start = (u8 *)page_address(skb_frag_page(f)) + skb_frag_off(f);
			found |= va >= start && va < start + skb_frag_size(f);
		}
	}
	release_sock(sk);
	return found;
}

/*
 * An indication's buffer sent back with WskSend: TCP takes references on
 * the skb's pages instead of copying them (from 6.5, MSG_SPLICE_PAGES):
 * the peer's skb holds the very bytes indicated. The peer gets them even
 * though the chain is released before it reads them.
 */
static void events_receive_send_lends_pages(struct kunit *test)
{
	const size_t len = 64 << 10;
	struct chain_log *log = chain_log_new(test, STATUS_PENDING, len);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &chain_events);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	u8 *out = pattern(test, len, 21), *back = pattern(test, len, 0);
	PWSK_DATA_INDICATION ind;
	bool shared = false;
	size_t sent = 0;
	unsigned int i;
	u8 *first;

	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, out, len), (int)len);
	chain_wait(test, log, len);
	KUNIT_ASSERT_EQ(test, log->indicated, len);
	ind = log->kept[0];
	KUNIT_ASSERT_TRUE(test, ind->Buffer.Mdl->Process == WSK_MDL_LENT);
	first = MmGetMdlVirtualAddress(ind->Buffer.Mdl);
	for (i = 0; i < log->nkept; i++) {
		for (ind = log->kept[i]; ind; ind = ind->Next) {
			KUNIT_EXPECT_EQ(test, xfer(test, k, true, &ind->Buffer, 0), STATUS_SUCCESS);
			KUNIT_EXPECT_EQ(test, k->t.information, (ULONG_PTR)ind->Buffer.Length);
			sent += ind->Buffer.Length;
		}
		if (!i)
			shared = peer_queue_has(k->peer, first);	/* not read yet */
	}
	KUNIT_EXPECT_EQ(test, sent, len);
	KUNIT_EXPECT_EQ(test, shared, !!WSK_MSG_SPLICE_PAGES);
	for (i = 0; i < log->nkept; i++)
		KUNIT_EXPECT_EQ(test, d->WskRelease(k->s, log->kept[i]), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, len), (int)len);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, out, len));
}

/* Give back a kept chain's elements one at a time, last first. */
static void release_one_by_one(struct kunit *test, PWSK_SOCKET s, PWSK_DATA_INDICATION ind,
			       bool bh)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = s->Dispatch;
	PWSK_DATA_INDICATION elems[64];
	static DEFINE_SPINLOCK(lock);
	int n = 0;

	for (; ind && n < ARRAY_SIZE(elems); ind = ind->Next)
		elems[n++] = ind;
	KUNIT_EXPECT_NULL(test, ind);
	while (n--) {
		elems[n]->Next = NULL;
		if (bh)
			spin_lock_bh(&lock);	/* WskRelease does not sleep */
		KUNIT_EXPECT_EQ(test, d->WskRelease(s, elems[n]), STATUS_SUCCESS);
		if (bh)
			spin_unlock_bh(&lock);
	}
}

/*
 * Chains kept (STATUS_PENDING) while TCP consumes their data and more
 * arrives: the data stays intact until WskRelease, which takes elements
 * one at a time, in any order, from any context; kmemleak checks that
 * every clone is freed. The events come from the softirq that brought the
 * data (the clones made before the event there).
 */
static void events_receive_kept_released_piecewise(struct kunit *test)
{
	const size_t len = 256 << 10;
	struct chain_log *log = chain_log_new(test, STATUS_PENDING, len);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, log, &chain_events);
	u8 *out = pattern(test, len, 5);
	unsigned int i;

	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_RECEIVE), STATUS_SUCCESS);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, peer_send(k->peer, out + i * (len / 8), len / 8),
				(int)(len / 8));
	chain_wait(test, log, len);
	KUNIT_ASSERT_EQ(test, log->indicated, len);
	KUNIT_EXPECT_EQ(test, log->bad, 0U);
	KUNIT_EXPECT_GT(test, log->softirq_calls, 0U);
	for (i = 0; i < log->nkept; i++)
		chain_walk(log, log->kept[i], SIZE_MAX);
	KUNIT_EXPECT_EQ(test, log->len, len);
	KUNIT_EXPECT_TRUE(test, !memcmp(log->data, out, len));
	for (i = log->nkept; i--; )
		release_one_by_one(test, k->s, log->kept[i], i % 2);
	/* Given back twice: refused, nothing freed twice (the element is a spare now). */
	KUNIT_EXPECT_EQ(test, ((PWSK_PROVIDER_CONNECTION_DISPATCH)k->s->Dispatch)->
			WskRelease(k->s, log->kept[0]), STATUS_INVALID_PARAMETER);
}

/* A receive whose completion routine runs until the test lets it return. */
struct slow_cancel {
	PIRP irp;
	struct completion entered, release, done;
	atomic_t calls;
	NTSTATUS status;
};

static NTSTATUS slow_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct slow_cancel *c = context;

	c->status = irp->IoStatus.Status;
	atomic_inc(&c->calls);
	complete(&c->entered);
	wait_for_completion_timeout(&c->release, msecs_to_jiffies(WSK_TEST_TIMEOUT_MS));
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static int slow_cancel_thread(void *data)
{
	struct slow_cancel *c = data;

	IoCancelIrp(c->irp);
	complete(&c->done);
	return 0;
}

/*
 * WskCloseSocket while IoCancelIrp, on another thread, is still completing
 * a receive: the close completes only after that completion routine has
 * returned, so a client may free what its requests use once it has.
 */
static void transfer_close_waits_for_cancel(struct kunit *test)
{
	struct slow_cancel *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	unsigned long timeout = msecs_to_jiffies(WSK_TEST_TIMEOUT_MS);
	u8 byte;
	WSK_BUF buf = { .Mdl = mdl_new(test, &byte, 1), .Length = 1 };
	struct task_struct *th;
	NTSTATUS ret;
	int early;

	KUNIT_ASSERT_NOT_NULL(test, c);
	init_completion(&c->entered);
	init_completion(&c->release);
	init_completion(&c->done);
	c->irp = IoAllocateIrp(1, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, c->irp);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_irp_free, c->irp), 0);
	IoSetCompletionRoutine(c->irp, slow_routine, c, TRUE, TRUE, TRUE);
	KUNIT_ASSERT_EQ(test, d->WskReceive(k->s, &buf, 0, c->irp), STATUS_PENDING);
	th = kthread_run(slow_cancel_thread, c, "wsk-test-cancel");
	KUNIT_ASSERT_FALSE(test, IS_ERR(th));
	if (!wait_for_completion_timeout(&c->entered, timeout)) {
		complete(&c->release);
		wait_for_completion(&c->done);
		KUNIT_FAIL(test, "IoCancelIrp did not complete the receive");
		return;
	}
	wsk_test_irp_rearm(&k->t);
	ret = d->WskCloseSocket(k->s, k->t.irp);
	msleep(200);
	early = atomic_read(&k->t.calls);
	complete(&c->release);
	wait_for_completion(&c->done);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ_MSG(test, early, 0, "the close completed before the cancelled receive");
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_SUCCESS);
	wsk_test_untrack(k->s);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->calls), 1);
	KUNIT_EXPECT_EQ(test, c->status, STATUS_CANCELLED);
}

/* WskDisconnectEvent: graceful for the peer's FIN, abortive for its reset. */
static void events_disconnect(struct kunit *test)
{
	struct event_log *fin = log_new(test, STATUS_SUCCESS), *rst = log_new(test,
									    STATUS_SUCCESS);
	struct wsk_test_conn *k = wsk_test_conn_with_events(test, fin, &log_events);
	struct wsk_test_conn *r = wsk_test_conn_with_events(test, rst, &log_events);
	struct wsk_test_irp t;
	PWSK_SOCKET s;

	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_DISCONNECT), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(r->s, WSK_EVENT_DISCONNECT | WSK_EVENT_RECEIVE),
			STATUS_SUCCESS);
	kernel_sock_shutdown(k->peer, SHUT_WR);
	KUNIT_ASSERT_TRUE(test, log_wait(fin));
	KUNIT_EXPECT_EQ(test, atomic_read(&fin->disconnects), 1);
	KUNIT_EXPECT_EQ(test, fin->disconnect_flags, (ULONG)WSK_FLAG_AT_DISPATCH_LEVEL);

	KUNIT_EXPECT_EQ(test, wsk_test_peer_reset(r->peer), 0);
	KUNIT_ASSERT_TRUE(test, log_wait(rst));
	KUNIT_EXPECT_EQ(test, atomic_read(&rst->disconnects), 1);
	KUNIT_EXPECT_TRUE(test, rst->disconnect_flags & WSK_FLAG_ABORTIVE);

	/* The send backlog event reports the ideal backlog once enabled. */
	reinit_completion(&fin->called);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(k->s, WSK_EVENT_SEND_BACKLOG), STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, log_wait(fin));
	KUNIT_EXPECT_GT(test, fin->backlog, 0UL);

	/* A connection socket that is not connected cannot enable them. */
	wsk_test_irp_init(test, &t);
	s = wsk_test_socket(test, k->c, &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, wsk_test_set_events(s, WSK_EVENT_RECEIVE),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
}

static NTSTATUS socket_connect(struct kunit *test, struct wsk_test_client *c,
			       struct wsk_test_irp *t, USHORT type, struct sockaddr_storage *local,
			       struct sockaddr_storage *remote)
{
	NTSTATUS ret;

	wsk_test_irp_rearm(t);
	ret = c->npi.Dispatch->WskSocketConnect(c->npi.Client, type, IPPROTO_TCP,
						(struct sockaddr *)local,
						(struct sockaddr *)remote, 0, NULL, NULL, NULL,
						NULL, NULL, t->irp);
	return wsk_test_irp_wait(test, t, ret);
}

/* WskSocketConnect: one call makes a connected socket, or nothing. */
static void transfer_socket_connect(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct sockaddr_storage local, remote;
	const WSK_PROVIDER_CONNECTION_DISPATCH *d;
	struct wsk_test_irp t, a;
	PWSK_SOCKET l, s, child;
	u8 data[4] = "ping", back[4] = {};
	WSK_BUF buf = { .Mdl = mdl_new(test, data, 4), .Length = 4 };
	WSK_BUF in = { .Mdl = mdl_new(test, back, 4), .Length = 4 };
	NTSTATUS ret;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = wsk_test_listener(test, c, &t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	wsk_test_loopback(&local, AF_INET, 0);
	wsk_test_loopback(&remote, AF_INET, port);
	KUNIT_ASSERT_EQ(test, socket_connect(test, c, &t, SOCK_STREAM, &local, &remote),
			STATUS_SUCCESS);
	s = (PWSK_SOCKET)t.information;
	KUNIT_ASSERT_NOT_NULL(test, s);
	wsk_test_track(s);
	wsk_test_irp_rearm(&a);
	ret = ((const WSK_PROVIDER_LISTEN_DISPATCH *)l->Dispatch)->WskAccept(l, 0, NULL, NULL,
									     NULL, NULL, a.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_SUCCESS);
	child = (PWSK_SOCKET)a.information;
	wsk_test_track(child);

	d = s->Dispatch;
	wsk_test_irp_rearm(&t);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, d->WskSend(s, &buf, 0, t.irp)),
			STATUS_SUCCESS);
	d = child->Dispatch;
	wsk_test_irp_rearm(&a);
	ret = d->WskReceive(child, &in, WSK_FLAG_WAITALL, a.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, "ping", 4));
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, child), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);

	/* Refused: the socket is thrown away (WskDeregister would hang if not). */
	KUNIT_EXPECT_EQ(test, socket_connect(test, c, &t, SOCK_STREAM, &local, &remote),
			STATUS_CONNECTION_REFUSED);
	KUNIT_EXPECT_EQ(test, t.information, 0UL);
	KUNIT_EXPECT_EQ(test, socket_connect(test, c, &t, SOCK_DGRAM, &local, &remote),
			STATUS_NOT_SUPPORTED);
	wsk_test_loopback(&remote, AF_INET6, port);
	KUNIT_EXPECT_EQ(test, socket_connect(test, c, &t, SOCK_STREAM, &local, &remote),
			STATUS_INVALID_PARAMETER);
}

/* WskConnectEx from a bound socket of @kind to loopback @port, with @buf. */
static NTSTATUS connect_ex(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			   ULONG kind, u16 port, WSK_BUF *buf, ULONG flags)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *c = s->Dispatch;
	const WSK_PROVIDER_STREAM_DISPATCH *st = s->Dispatch;
	PFN_WSK_CONNECT_EX call = kind == WSK_FLAG_STREAM_SOCKET ? st->WskConnectEx :
								   c->WskConnectEx;
	struct sockaddr_storage remote;

	wsk_test_loopback(&remote, AF_INET, port);
	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, call(s, (struct sockaddr *)&remote, buf, flags, t->irp));
}

/* A bound socket of @kind on loopback. */
static PWSK_SOCKET bound_socket(struct kunit *test, struct wsk_test_client *c,
				struct wsk_test_irp *t, ULONG kind)
{
	struct sockaddr_storage local;
	PWSK_SOCKET s = wsk_test_socket(test, c, t, AF_INET, SOCK_STREAM, IPPROTO_TCP, kind);

	KUNIT_ASSERT_NOT_NULL(test, s);
	wsk_test_loopback(&local, AF_INET, 0);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, t, s, &local), STATUS_SUCCESS);
	return s;
}

/*
 * WskConnectEx connects and sends its buffer, on connection and stream
 * sockets: the IRP completes once both are done, with the bytes sent.
 */
static void transfer_connect_ex(struct kunit *test)
{
	static const ULONG kinds[] = { WSK_FLAG_CONNECTION_SOCKET, WSK_FLAG_STREAM_SOCKET };
	struct wsk_test_client *c = wsk_test_client_start(test);
	u8 *out = pattern(test, 5000, 3), *back = pattern(test, 5000, 0);
	WSK_BUF buf = { .Mdl = mdl_new(test, out, 5000), .Length = 5000 };
	WSK_BUF in = { .Mdl = mdl_new(test, back, 5000), .Length = 5000 };
	const WSK_PROVIDER_CONNECTION_DISPATCH *d;
	struct wsk_test_irp t, a;
	PWSK_SOCKET l, s, child;
	unsigned int i;
	NTSTATUS ret;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = wsk_test_listener(test, c, &t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		s = bound_socket(test, c, &t, kinds[i]);
		KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, kinds[i], port, &buf, 0),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, t.information, 5000);
		ret = wsk_test_start_accept(l, &a, NULL, NULL);
		KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &a, ret), STATUS_SUCCESS);
		child = (PWSK_SOCKET)a.information;
		wsk_test_track(child);
		d = child->Dispatch;
		memset(back, 0, 5000);
		wsk_test_irp_rearm(&a);
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &a, d->WskReceive(child, &in,
										WSK_FLAG_WAITALL,
										a.irp)),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, a.information, 5000);
		KUNIT_EXPECT_TRUE(test, !memcmp(back, out, 5000));
		/* Connected: a second connect is refused as WskConnect's is. */
		KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, kinds[i], port, NULL, 0),
				STATUS_CONNECTION_ACTIVE);
		KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, child), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	}

	/* Without a buffer it is WskConnect: Information 0. */
	s = bound_socket(test, c, &t, WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, WSK_FLAG_CONNECTION_SOCKET, port, NULL, 0),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, t.information, 0);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	/* Bad input, and a port nobody listens on. */
	s = bound_socket(test, c, &t, WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, WSK_FLAG_CONNECTION_SOCKET, port, &buf, 1),
			STATUS_INVALID_PARAMETER);
	buf.Length = 65536;
	KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, WSK_FLAG_CONNECTION_SOCKET, port, &buf, 0),
			STATUS_INVALID_PARAMETER);	/* beyond its MDL */
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, WSK_FLAG_CONNECTION_SOCKET, port, NULL, 0),
			STATUS_CONNECTION_REFUSED);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	s = wsk_test_socket(test, c, &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, WSK_FLAG_CONNECTION_SOCKET, port, NULL, 0),
			STATUS_INVALID_DEVICE_STATE);	/* never bound */
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
}

/* WskConnectEx refuses more than 65,535 bytes of first data. */
static void transfer_connect_ex_too_long(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	u8 *out = pattern(test, 65536, 1);
	WSK_BUF buf = { .Mdl = mdl_new(test, out, 65536), .Length = 65536 };
	struct wsk_test_irp t;
	PWSK_SOCKET l, s;
	u16 port;

	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, c, &t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	s = bound_socket(test, c, &t, WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, WSK_FLAG_CONNECTION_SOCKET, port, &buf, 0),
			STATUS_BUFFER_OVERFLOW);
	buf.Length = 65535;
	KUNIT_EXPECT_EQ(test, connect_ex(test, &t, s, WSK_FLAG_CONNECTION_SOCKET, port, &buf, 0),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, t.information, 65535);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

/*
 * WskSendEx and WskReceiveEx move data as WskSend and WskReceive; TCP has
 * no control information: none is received, and none can be sent.
 */
static void transfer_send_receive_ex(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	u8 data[6] = "hello", back[6] = {};
	WSK_BUF buf = { .Mdl = mdl_new(test, data, 5), .Length = 5 };
	WSK_BUF in = { .Mdl = mdl_new(test, back, 5), .Length = 5 };
	u8 control[64] = {};
	ULONG control_len = sizeof(control);
	NTSTATUS ret;

	wsk_test_irp_rearm(&k->t);
	ret = d->WskSendEx(k->s, &buf, WSK_FLAG_NODELAY, 0, NULL, k->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 5);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, 5), 5);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, "hello", 5));

	memset(back, 0, sizeof(back));
	KUNIT_ASSERT_EQ(test, peer_send(k->peer, (const u8 *)"world", 5), 5);
	wsk_test_irp_rearm(&k->t);
	ret = d->WskReceiveEx(k->s, &in, WSK_FLAG_WAITALL, &control_len, (PCMSGHDR)control, NULL,
			      k->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 5);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, "world", 5));
	KUNIT_EXPECT_EQ(test, control_len, 0);

	wsk_test_irp_rearm(&k->t);
	ret = d->WskSendEx(k->s, &buf, 0, sizeof(control), (PCMSGHDR)control, k->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_NOT_SUPPORTED);
	wsk_test_irp_rearm(&k->t);
	ret = d->WskSendEx(k->s, &buf, 0, sizeof(control), NULL, k->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_INVALID_PARAMETER);
	wsk_test_irp_rearm(&k->t);
	ret = d->WskSendEx(k->s, &buf, WSK_FLAG_DRAIN, 0, NULL, k->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_NOT_SUPPORTED);
}

/* A send stuck on a full window, from under a spin lock; the close cancels it. */
static void transfer_close_cancels_full_send(struct kunit *test)
{
	static DEFINE_SPINLOCK(lock);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	size_t len = 16 << 20;
	u8 *out = pattern(test, len, 5), small[8];
	WSK_BUF buf = { .Mdl = mdl_new(test, out, len), .Length = len };
	WSK_BUF in = { .Mdl = mdl_new(test, small, 8), .Length = 8 };
	struct wsk_test_irp snd, rcv;
	unsigned long flags;
	NTSTATUS rs, rr;

	wsk_test_irp_init(test, &snd);
	wsk_test_irp_init(test, &rcv);
	spin_lock_irqsave(&lock, flags);
	rs = d->WskSend(k->s, &buf, 0, snd.irp);
	rr = d->WskReceive(k->s, &in, 0, rcv.irp);
	spin_unlock_irqrestore(&lock, flags);
	KUNIT_EXPECT_EQ(test, rs, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, rr, STATUS_PENDING);
	msleep(200);	/* the peer reads nothing: the window fills */
	KUNIT_EXPECT_EQ(test, atomic_read(&snd.calls), 0);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &k->t, k->s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &snd, rs), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, snd.information, 0UL);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &rcv, rr), STATUS_CANCELLED);
}

/* WskSend and WskReceive called from softirq (a timer). */
struct softirq_calls {
	struct timer_list timer;
	struct completion fired;
	PWSK_SOCKET s;
	WSK_BUF *out, *in;
	PIRP snd, rcv;
	NTSTATUS rs, rr;
	bool in_softirq;
};

static void softirq_calls_fire(struct timer_list *timer)
{
	struct softirq_calls *sc = from_timer(sc, timer, timer);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = sc->s->Dispatch;

	sc->in_softirq = in_softirq();
	sc->rr = d->WskReceive(sc->s, sc->in, WSK_FLAG_WAITALL, sc->rcv);
	sc->rs = d->WskSend(sc->s, sc->out, 0, sc->snd);
	complete(&sc->fired);
}

static void transfer_from_softirq(struct kunit *test)
{
	struct softirq_calls *sc = kunit_kzalloc(test, sizeof(*sc), GFP_KERNEL);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	u8 out[6] = "softly", in[6] = {}, back[6] = {};
	WSK_BUF bout = { .Mdl = mdl_new(test, out, 6), .Length = 6 };
	WSK_BUF bin = { .Mdl = mdl_new(test, in, 6), .Length = 6 };
	struct wsk_test_irp snd, rcv;

	KUNIT_ASSERT_NOT_NULL(test, sc);
	wsk_test_irp_init(test, &snd);
	wsk_test_irp_init(test, &rcv);
	sc->s = k->s;
	sc->out = &bout;
	sc->in = &bin;
	sc->snd = snd.irp;
	sc->rcv = rcv.irp;
	init_completion(&sc->fired);
	timer_setup(&sc->timer, softirq_calls_fire, 0);
	mod_timer(&sc->timer, jiffies + 1);
	wait_for_completion(&sc->fired);
	del_timer_sync(&sc->timer);
	KUNIT_EXPECT_TRUE(test, sc->in_softirq);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &snd, sc->rs), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, 6), 6);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, out, 6));
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, back, 6), 6);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &rcv, sc->rr), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, !memcmp(in, out, 6));
}

/*
 * From a hard interrupt, above DISPATCH_LEVEL: a call is refused and
 * completes once; IoCancelIrp only marks the IRP.
 */
struct hardirq_call {
	struct hrtimer timer;
	struct completion fired;
	PWSK_SOCKET s;
	WSK_BUF *out;
	PIRP irp, rcv;
	NTSTATUS ret;
	BOOLEAN cancelled;
	bool in_hardirq;
};

static enum hrtimer_restart hardirq_call_fire(struct hrtimer *timer)
{
	struct hardirq_call *hc = container_of(timer, struct hardirq_call, timer);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = hc->s->Dispatch;

	hc->in_hardirq = in_hardirq();
	hc->ret = d->WskSend(hc->s, hc->out, 0, hc->irp);
	hc->cancelled = IoCancelIrp(hc->rcv);
	complete(&hc->fired);
	return HRTIMER_NORESTART;
}

static void transfer_from_hardirq_refused(struct kunit *test)
{
	struct hardirq_call *hc = kunit_kzalloc(test, sizeof(*hc), GFP_KERNEL);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	u8 out[4] = "hard";
	WSK_BUF bout = { .Mdl = mdl_new(test, out, 4), .Length = 4 };
	u8 in[4];
	WSK_BUF bin = { .Mdl = mdl_new(test, in, 4), .Length = 4 };
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	struct wsk_test_irp snd, rcv;
	NTSTATUS rr;

	KUNIT_ASSERT_NOT_NULL(test, hc);
	wsk_test_irp_init(test, &snd);
	wsk_test_irp_init(test, &rcv);
	rr = d->WskReceive(k->s, &bin, 0, rcv.irp);
	KUNIT_EXPECT_EQ(test, rr, STATUS_PENDING);
	hc->s = k->s;
	hc->out = &bout;
	hc->irp = snd.irp;
	hc->rcv = rcv.irp;
	init_completion(&hc->fired);
	hrtimer_init(&hc->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	hc->timer.function = hardirq_call_fire;
	hrtimer_start(&hc->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	wait_for_completion(&hc->fired);
	hrtimer_cancel(&hc->timer);
	KUNIT_EXPECT_TRUE(test, hc->in_hardirq);
	KUNIT_EXPECT_EQ(test, hc->ret, STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &snd, hc->ret), STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, snd.information, 0UL);
	/* The receive is only marked: it still waits, and cancels from here. */
	KUNIT_EXPECT_FALSE(test, hc->cancelled);
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&rcv.calls), 0);
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(rcv.irp));
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &rcv, rr), STATUS_CANCELLED);
}

/*
 * Calls a completion routine makes, on the provider's worker: a send, and a
 * receive that has to wait. A send another thread makes once the routine's
 * has returned goes out after it, and the receive can still be cancelled.
 */
struct chained_calls {
	PWSK_SOCKET s;
	WSK_BUF *out, *in;
	struct wsk_test_irp snd, rcv;
	NTSTATUS rs, rr;
	KEVENT issued;
};

static NTSTATUS chained_calls_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct chained_calls *cc = context;
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = cc->s->Dispatch;

	cc->rs = d->WskSend(cc->s, cc->out, 0, cc->snd.irp);
	cc->rr = d->WskReceive(cc->s, cc->in, 0, cc->rcv.irp);
	KeSetEvent(&cc->issued, IO_NO_INCREMENT, FALSE);
	mdelay(20);	/* the test's own send and cancel land meanwhile */
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static void transfer_calls_from_completion_routine(struct kunit *test)
{
	struct chained_calls *cc = kunit_kzalloc(test, sizeof(*cc), GFP_KERNEL);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	u8 a = 'A', b = 'B', one, in, back[2] = {};
	WSK_BUF bone = { .Mdl = mdl_new(test, &one, 1), .Length = 1 };
	WSK_BUF ba = { .Mdl = mdl_new(test, &a, 1), .Length = 1 };
	WSK_BUF bb = { .Mdl = mdl_new(test, &b, 1), .Length = 1 };
	WSK_BUF bin = { .Mdl = mdl_new(test, &in, 1), .Length = 1 };
	struct wsk_test_irp trigger, snd;
	NTSTATUS rt, rs;

	KUNIT_ASSERT_NOT_NULL(test, cc);
	wsk_test_irp_init(test, &trigger);
	wsk_test_irp_init(test, &snd);
	wsk_test_irp_init(test, &cc->snd);
	wsk_test_irp_init(test, &cc->rcv);
	cc->s = k->s;
	cc->out = &ba;
	cc->in = &bin;
	KeInitializeEvent(&cc->issued, NotificationEvent, FALSE);
	IoSetCompletionRoutine(trigger.irp, chained_calls_routine, cc, TRUE, TRUE, TRUE);
	/* Data first: the worker completes the receive (not the data's softirq). */
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, &b, 1), 1);
	rt = d->WskReceive(k->s, &bone, 0, trigger.irp);
	KUNIT_EXPECT_EQ(test, rt, STATUS_PENDING);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&cc->issued), STATUS_SUCCESS);
	/* While the routine still runs on the worker. */
	rs = d->WskSend(k->s, &bb, 0, snd.irp);
	IoCancelIrp(cc->rcv.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &cc->snd, cc->rs), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &snd, rs), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, 2), 2);
	KUNIT_EXPECT_EQ(test, back[0], 'A');
	KUNIT_EXPECT_EQ(test, back[1], 'B');
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &cc->rcv, cc->rr), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, cc->rcv.information, 0UL);
	KUNIT_EXPECT_EQ(test, trigger.irp->IoStatus.Information, 1UL);
}

/*
 * Sends a completion routine makes one after another, the worker sending
 * all but the last with MSG_MORE: the bytes arrive whole and in order, and
 * every send completes with its length, the empty one last too. (Were the
 * data held back for the empty send, TCP's probe timer would still send it
 * some 200 ms later: not something a test without timing can tell.)
 */
struct chained_sends {
	PWSK_SOCKET s;
	WSK_BUF buf[3];
	struct wsk_test_irp snd[3];
	NTSTATUS ret[3];
};

static NTSTATUS chained_sends_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct chained_sends *cs = context;
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = cs->s->Dispatch;
	int i;

	for (i = 0; i < ARRAY_SIZE(cs->buf); i++)
		cs->ret[i] = d->WskSend(cs->s, &cs->buf[i], 0, cs->snd[i].irp);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static void transfer_sends_from_completion_routine(struct kunit *test)
{
	struct chained_sends *cs = kunit_kzalloc(test, sizeof(*cs), GFP_KERNEL);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	static u8 out[2] = "AB";
	u8 one, back[2] = {};
	WSK_BUF bone = { .Mdl = mdl_new(test, &one, 1), .Length = 1 };
	struct wsk_test_irp trigger;
	NTSTATUS rt;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, cs);
	cs->s = k->s;
	for (i = 0; i < ARRAY_SIZE(cs->buf); i++) {
		wsk_test_irp_init(test, &cs->snd[i]);
		cs->buf[i].Mdl = mdl_new(test, out, 2);
		cs->buf[i].Offset = i;
		cs->buf[i].Length = i < 2;	/* "A", "B", then nothing */
	}
	wsk_test_irp_init(test, &trigger);
	IoSetCompletionRoutine(trigger.irp, chained_sends_routine, cs, TRUE, TRUE, TRUE);
	rt = d->WskReceive(k->s, &bone, 0, trigger.irp);
	KUNIT_EXPECT_EQ(test, rt, STATUS_PENDING);
	WRITE_ONCE(k->peer->sk->sk_rcvtimeo, msecs_to_jiffies(WSK_TEST_TIMEOUT_MS));
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, out, 1), 1);
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, 2), 2);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, out, 2));
	for (i = 0; i < ARRAY_SIZE(cs->buf); i++) {
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &cs->snd[i], cs->ret[i]),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, cs->snd[i].information, (ULONG_PTR)(i < 2));
	}
}

/*
 * A receive waiting when data arrives completes in the softirq that brought
 * it, and so do the calls its completion routine makes on the socket, as at
 * DISPATCH_LEVEL on Windows: here, send back what came and disconnect. The
 * disconnect waits for the worker, behind the send.
 */
struct echo_bh {
	PWSK_SOCKET s;
	WSK_BUF *buf;
	struct wsk_test_irp snd, dis;
	NTSTATUS rs, rd;
	KEVENT issued;
	bool in_task;
};

static NTSTATUS echo_bh_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct echo_bh *e = context;
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = e->s->Dispatch;

	e->in_task = in_task();
	e->buf->Length = irp->IoStatus.Information;
	e->rs = d->WskSend(e->s, e->buf, 0, e->snd.irp);
	e->rd = d->WskDisconnect(e->s, NULL, 0, e->dis.irp);
	KeSetEvent(&e->issued, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static void transfer_echo_in_softirq(struct kunit *test)
{
	struct echo_bh *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	u8 in[8] = {}, back[8] = {};
	WSK_BUF bin = { .Mdl = mdl_new(test, in, sizeof(in)), .Length = sizeof(in) };
	struct wsk_test_irp trigger;
	NTSTATUS rt;

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->s = k->s;
	e->buf = &bin;
	wsk_test_irp_init(test, &e->snd);
	wsk_test_irp_init(test, &e->dis);
	wsk_test_irp_init(test, &trigger);
	KeInitializeEvent(&e->issued, NotificationEvent, FALSE);
	IoSetCompletionRoutine(trigger.irp, echo_bh_routine, e, TRUE, TRUE, TRUE);
	rt = d->WskReceive(k->s, &bin, 0, trigger.irp);
	KUNIT_EXPECT_EQ(test, rt, STATUS_PENDING);
	flush_workqueue(wsk_wq);	/* the receive waits and the worker is idle */
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, (const u8 *)"softirq", 7), 7);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&e->issued), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, e->in_task);
	KUNIT_EXPECT_EQ(test, trigger.irp->IoStatus.Status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, trigger.irp->IoStatus.Information, 7UL);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &e->snd, e->rs), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, e->snd.information, 7UL);
	KUNIT_EXPECT_FALSE(test, e->snd.in_task);
	/* It copied into its CPU's page frag, not a page of the socket's own. */
	KUNIT_EXPECT_NULL(test, READ_ONCE(wsk_sock(k->s)->sk->sk_frag.page));
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &e->dis, e->rd), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, e->dis.in_task);
	WRITE_ONCE(k->peer->sk->sk_rcvtimeo, msecs_to_jiffies(WSK_TEST_TIMEOUT_MS));
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, 7), 7);
	KUNIT_EXPECT_TRUE(test, !memcmp(back, "softirq", 7));
	KUNIT_EXPECT_EQ(test, peer_recv_all(k->peer, back, 1), 0);	/* then the FIN */
}

/*
 * A chain of receives, each posted by the completion routine of the one
 * before, on data that is all there: the softirq completes the first ones
 * and leaves the rest to the worker after its budget. Every receive
 * completes once, with its byte, in order.
 */
#define CHAIN_LEN 40

struct chain;

struct chain_link {
	struct chain *c;
	int i;
};

struct chain {
	PWSK_SOCKET s;
	struct wsk_test_irp rcv[CHAIN_LEN];
	struct chain_link link[CHAIN_LEN];
	WSK_BUF buf[CHAIN_LEN];
	NTSTATUS ret[CHAIN_LEN];
	bool in_task[CHAIN_LEN];
	u8 in[CHAIN_LEN];
	KEVENT done;
};

static NTSTATUS chain_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context);

static NTSTATUS chain_post(struct chain *c, int i)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = c->s->Dispatch;

	IoSetCompletionRoutine(c->rcv[i].irp, chain_routine, &c->link[i], TRUE, TRUE, TRUE);
	return d->WskReceive(c->s, &c->buf[i], 0, c->rcv[i].irp);
}

static NTSTATUS chain_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct chain_link *l = context;
	struct chain *c = l->c;

	c->in_task[l->i] = in_task();
	wsk_test_irp_routine(dev, irp, &c->rcv[l->i]);
	if (l->i + 1 < CHAIN_LEN)
		c->ret[l->i + 1] = chain_post(c, l->i + 1);
	else
		KeSetEvent(&c->done, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static void transfer_receive_chain_in_softirq(struct kunit *test)
{
	struct chain *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	u8 *data = pattern(test, CHAIN_LEN, 3);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->s = k->s;
	KeInitializeEvent(&c->done, NotificationEvent, FALSE);
	for (i = 0; i < CHAIN_LEN; i++) {
		wsk_test_irp_init(test, &c->rcv[i]);
		c->link[i].c = c;
		c->link[i].i = i;
		c->buf[i].Mdl = mdl_new(test, &c->in[i], 1);
		c->buf[i].Length = 1;
	}
	c->ret[0] = chain_post(c, 0);
	KUNIT_EXPECT_EQ(test, c->ret[0], STATUS_PENDING);
	flush_workqueue(wsk_wq);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, data, CHAIN_LEN), CHAIN_LEN);
	KUNIT_ASSERT_EQ(test, wsk_test_wait_event(&c->done), STATUS_SUCCESS);
	for (i = 0; i < CHAIN_LEN; i++) {
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &c->rcv[i], c->ret[i]),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, c->rcv[i].information, 1UL);
	}
	KUNIT_EXPECT_TRUE(test, !memcmp(c->in, data, CHAIN_LEN));
	KUNIT_EXPECT_FALSE(test, c->in_task[0]);
	KUNIT_EXPECT_TRUE(test, c->in_task[CHAIN_LEN - 1]);
}

/*
 * IoCancelIrp from another CPU racing with the data's softirq that completes
 * the same receive: each receive completes once, either with its byte or
 * cancelled with nothing, and a byte a cancelled receive did not take goes
 * to the next one: every byte arrives, in order.
 */
#define RACE_ROUNDS 200

struct cancel_race {
	struct work_struct work;
	PIRP irp;
};

static void cancel_race_fn(struct work_struct *work)
{
	struct cancel_race *cr = container_of(work, struct cancel_race, work);

	IoCancelIrp(cr->irp);
}

static void transfer_cancel_races_softirq(struct kunit *test)
{
	struct cancel_race *cr = kunit_kzalloc(test, sizeof(*cr), GFP_KERNEL);
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	u8 *data = pattern(test, RACE_ROUNDS, 5);
	u8 *got = kunit_kzalloc(test, RACE_ROUNDS, GFP_KERNEL);
	u8 in;
	WSK_BUF bin = { .Mdl = mdl_new(test, &in, 1), .Length = 1 };
	int sent = 0, received = 0, cancelled = 0, cpu;
	NTSTATUS ret, status;

	KUNIT_ASSERT_NOT_NULL(test, cr);
	KUNIT_ASSERT_NOT_NULL(test, got);
	INIT_WORK(&cr->work, cancel_race_fn);
	cr->irp = k->t.irp;
	while (received < RACE_ROUNDS) {
		wsk_test_irp_rearm(&k->t);
		ret = d->WskReceive(k->s, &bin, 0, k->t.irp);
		flush_workqueue(wsk_wq);
		cpu = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
		queue_work_on(cpu < nr_cpu_ids ? cpu : WORK_CPU_UNBOUND, system_wq, &cr->work);
		if (sent < RACE_ROUNDS) {
			KUNIT_ASSERT_EQ(test, peer_send(k->peer, &data[sent], 1), 1);
			sent++;
		}
		status = wsk_test_irp_wait(test, &k->t, ret);
		flush_work(&cr->work);
		if (status == STATUS_CANCELLED) {
			KUNIT_EXPECT_EQ(test, k->t.information, 0UL);
			cancelled++;
			continue;
		}
		KUNIT_ASSERT_EQ(test, status, STATUS_SUCCESS);
		KUNIT_ASSERT_EQ(test, k->t.information, 1UL);
		got[received++] = in;
	}
	KUNIT_EXPECT_TRUE(test, !memcmp(got, data, RACE_ROUNDS));
	kunit_info(test, "%d receives cancelled, %d completed", cancelled, received);
}

/*
 * A receive waiting when the peer resets completes with the reset in the
 * softirq that brought it (sk_state_change), not on the worker; a waiting
 * receive on another connection is not disturbed.
 */
static void transfer_peer_reset_in_softirq(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test), *other = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	u8 data[16];
	WSK_BUF buf = { .Mdl = mdl_new(test, data, sizeof(data)), .Length = sizeof(data) };
	struct wsk_test_irp r, o;
	NTSTATUS ret, oret;

	wsk_test_irp_init(test, &r);
	wsk_test_irp_init(test, &o);
	ret = d->WskReceive(k->s, &buf, 0, r.irp);
	oret = d->WskReceive(other->s, &buf, 0, o.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, oret, STATUS_PENDING);
	flush_workqueue(wsk_wq);	/* both wait, the worker is idle */
	KUNIT_EXPECT_EQ(test, wsk_test_peer_reset(k->peer), 0);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &r, ret), STATUS_CONNECTION_RESET);
	KUNIT_EXPECT_EQ(test, r.information, 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);
	KUNIT_EXPECT_FALSE(test, r.in_task);
	/* The other connection's receive still waits, then gets its data. */
	KUNIT_EXPECT_EQ(test, atomic_read(&o.calls), 0);
	KUNIT_EXPECT_EQ(test, peer_send(other->peer, (const u8 *)"x", 1), 1);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &o, oret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, o.information, 1UL);
}

/*
 * Urgent data from the peer: the receive skips the urgent byte, as
 * tcp_recvmsg() does without SO_OOBINLINE, and does not stall at it
 * (tcp_read_sock() in the softirq would).
 */
static void transfer_peer_urgent_data(struct kunit *test)
{
	struct wsk_test_conn *k = wsk_test_conn_new(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d = k->s->Dispatch;
	struct msghdr oob = { .msg_flags = MSG_OOB };
	struct kvec vec = { (void *)"B", 1 };
	u8 in[2] = {};
	WSK_BUF bin = { .Mdl = mdl_new(test, in, 2), .Length = 2 };
	NTSTATUS ret;

	wsk_test_irp_rearm(&k->t);
	ret = d->WskReceive(k->s, &bin, WSK_FLAG_WAITALL, k->t.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	flush_workqueue(wsk_wq);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, (const u8 *)"A", 1), 1);
	KUNIT_EXPECT_EQ(test, kernel_sendmsg(k->peer, &oob, &vec, 1, 1), 1);
	KUNIT_EXPECT_EQ(test, peer_send(k->peer, (const u8 *)"C", 1), 1);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, k->t.information, 2UL);
	KUNIT_EXPECT_TRUE(test, !memcmp(in, "AC", 2));
}

/* 1000 connections carrying data; the harness's kmemleak scan follows. */
static void transfer_1000_connections(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	const WSK_PROVIDER_CONNECTION_DISPATCH *d;
	u8 data[64], back[64];
	WSK_BUF buf = { .Mdl = mdl_new(test, data, 64), .Length = 64 };
	struct wsk_test_irp t, a;
	struct socket *peer;
	PWSK_SOCKET l, s;
	NTSTATUS ret;
	int i, err;
	u16 port;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &a);
	l = wsk_test_listener(test, c, &t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < 1000; i++) {
		peer = NULL;
		err = wsk_test_connect(AF_INET, port, &peer);
		KUNIT_ASSERT_NOT_NULL(test, peer);
		s = NULL;
		if (!err) {
			wsk_test_irp_rearm(&a);
			ret = ((const WSK_PROVIDER_LISTEN_DISPATCH *)l->Dispatch)->WskAccept(l,
				0, NULL, NULL, NULL, NULL, a.irp);
			if (wsk_test_irp_wait(test, &a, ret) == STATUS_SUCCESS)
				s = (PWSK_SOCKET)a.information;
		}
		if (s) {
			memset(data, i, sizeof(data));
			d = s->Dispatch;
			wsk_test_irp_rearm(&a);
			ret = wsk_test_irp_wait(test, &a, d->WskSend(s, &buf, 0, a.irp));
			if (ret != STATUS_SUCCESS || peer_recv_all(peer, back, 64) != 64 ||
			    memcmp(back, data, 64))
				err = -EIO;
			KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
		}
		sock_release(peer);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "connection %d", i);
		KUNIT_ASSERT_NOT_NULL(test, s);
	}
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

static struct kunit_case transfer_cases[] = {
	KUNIT_CASE_PARAM(transfer_integrity, size_gen_params),
	KUNIT_CASE(transfer_mdl_chain),
	KUNIT_CASE(transfer_bad_buffers),
	KUNIT_CASE(options_replacing_protocol_refused),
	KUNIT_CASE(transfer_partial_and_order),
	KUNIT_CASE(transfer_peer_close_and_reset),
	KUNIT_CASE(transfer_drain),
	KUNIT_CASE(transfer_disconnect),
	KUNIT_CASE(transfer_close_cancels_receive),
	KUNIT_CASE(transfer_close_cancels_full_send),
	KUNIT_CASE(events_receive),
	KUNIT_CASE(events_receive_not_accepted),
	KUNIT_CASE(events_not_accepted_received_in_parts),
	KUNIT_CASE(events_receive_accepts_without_setting),
	KUNIT_CASE(events_receive_partly_accepted),
	KUNIT_CASE(events_receive_large),
	KUNIT_CASE(events_receive_kept_released_piecewise),
	KUNIT_CASE(events_receive_released_during_event),
	KUNIT_CASE(events_receive_send_lends_pages),
	KUNIT_CASE(transfer_close_waits_for_cancel),
	KUNIT_CASE(events_disconnect),
	KUNIT_CASE(transfer_send_retries_after_memory_shortage),
	KUNIT_CASE(events_receive_retries_after_memory_shortage),
	KUNIT_CASE(transfer_socket_connect),
	KUNIT_CASE(transfer_connect_ex),
	KUNIT_CASE(transfer_connect_ex_too_long),
	KUNIT_CASE(transfer_send_receive_ex),
	KUNIT_CASE(transfer_from_softirq),
	KUNIT_CASE(transfer_from_hardirq_refused),
	KUNIT_CASE(transfer_calls_from_completion_routine),
	KUNIT_CASE(transfer_sends_from_completion_routine),
	KUNIT_CASE(transfer_echo_in_softirq),
	KUNIT_CASE(transfer_receive_chain_in_softirq),
	KUNIT_CASE(transfer_cancel_races_softirq),
	KUNIT_CASE(transfer_peer_urgent_data),
	KUNIT_CASE(transfer_peer_reset_in_softirq),
	KUNIT_CASE_SLOW(transfer_1000_connections),
	{}
};

static struct kunit_suite transfer_suite = {
	.name = "wsk_transfer",
	.suite_init = wsk_test_loopback_up,
	.test_cases = transfer_cases,
};

kunit_test_suite(transfer_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: WskSend, WskReceive and WskDisconnect over loopback");
WSK_IMPORT_NS();
WSK_IMPORT_KUNIT_NS();
