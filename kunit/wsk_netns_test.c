// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: sockets in other network namespaces. The test makes its own
 * namespaces (busybox unshare, through the usermode helper), joins two with
 * a veth pair, accepts and exchanges datagrams over it, and tears a
 * namespace down under a live listener with pending accepts, a pending
 * connect and datagram sockets: they complete STATUS_FILE_FORCED_CLOSED.
 * Traffic stays inside namespaces the test created.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <compat/compat.h>
#include <wsk_linux.h>
#include "wsk_test.h"

/* A process holding a network namespace of its own. */
struct netns_holder {
	pid_t pid;
	struct net *net;
};

static int holder_init(struct subprocess_info *info, struct cred *new)
{
	struct netns_holder *h = info->data;

	h->pid = task_pid_nr(current);
	return 0;
}

static void holder_stop(void *data)
{
	struct netns_holder *h = data;
	struct pid *pid;

	if (h->net)
		put_net(h->net);
	h->net = NULL;
	pid = h->pid ? find_get_pid(h->pid) : NULL;
	h->pid = 0;
	if (pid) {
		kill_pid(pid, SIGKILL, 1);
		put_pid(pid);
	}
}

/* Start `unshare -n sleep` and return its namespace (with a reference). */
static struct netns_holder *netns_new(struct kunit *test)
{
	struct netns_holder *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct subprocess_info *info;
	struct wsk_test_umh_words argv, envp;
	struct net *net;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, h);
	wsk_test_umh_set(&argv, "/bin/unshare", "-n", "/bin/sleep", "600");
	wsk_test_umh_set(&envp, "PATH=/bin", NULL, NULL, NULL);
	info = call_usermodehelper_setup(argv.word[0], argv.word, envp.word, GFP_KERNEL,
					 holder_init, NULL, h);
	KUNIT_ASSERT_NOT_NULL(test, info);
	KUNIT_ASSERT_EQ(test, call_usermodehelper_exec(info, UMH_WAIT_EXEC), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, holder_stop, h), 0);
	for (i = 0; i < 250 && !h->net; i++) {
		net = get_net_ns_by_pid(h->pid);
		if (!IS_ERR(net) && net != &init_net)
			h->net = net;
		else if (!IS_ERR(net))
			put_net(net);
		if (!h->net)
			msleep(20);
	}
	KUNIT_ASSERT_NOT_NULL_MSG(test, h->net, "unshare -n did not make a namespace");
	return h;
}

static int netns_sh(struct netns_holder *h, const char *cmd)
{
	char script[256];

	snprintf(script, sizeof(script), "nsenter -t %d -n sh -c '%s'", h->pid, cmd);
	return wsk_test_sh(script);
}

/*
 * Join @a and @b with a veth pair: 10.99.0.1/24 on wskv0 in @a, @b_addr on
 * veth0 in @b.
 */
static void veth_pair(struct kunit *test, struct netns_holder *a, struct netns_holder *b,
		      const char *b_addr)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "ip link add wskv0 type veth && ip link set veth0 netns %d",
		 b->pid);
	KUNIT_ASSERT_EQ(test, netns_sh(a, cmd), 0);
	KUNIT_ASSERT_EQ(test, netns_sh(a, "ip link set wskv0 up"), 0);
	KUNIT_ASSERT_EQ(test, netns_sh(a, "ip addr add 10.99.0.1/24 dev wskv0"), 0);
	KUNIT_ASSERT_EQ(test, netns_sh(b, "ip link set veth0 up"), 0);
	snprintf(cmd, sizeof(cmd), "ip addr add %s dev veth0", b_addr);
	KUNIT_ASSERT_EQ(test, netns_sh(b, cmd), 0);
}

/* A client whose sockets live in @net. */
static struct wsk_test_client *client_in(struct kunit *test, struct net *net)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	NTSTATUS ret;

	ret = c->npi.Dispatch->WskControlClient(c->npi.Client, WSK_LINUX_SET_NET_NAMESPACE,
						sizeof(net), &net, 0, NULL, NULL, NULL);
	KUNIT_ASSERT_EQ(test, ret, STATUS_SUCCESS);
	return c;
}

/* Over a veth pair: a listener in one namespace, its peer in another. */
static void netns_veth_accept(struct kunit *test)
{
	struct netns_holder *a = netns_new(test), *b = netns_new(test);
	struct sockaddr_in addr = { .sin_family = AF_INET };
	struct sockaddr_storage remote = {};
	struct wsk_test_client *c;
	struct wsk_test_irp t, x;
	struct socket *peer;
	PWSK_SOCKET l;
	NTSTATUS ret;
	u16 port;

	veth_pair(test, a, b, "10.99.0.2/24");

	c = client_in(test, a->net);
	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &x);
	l = wsk_test_socket(test, c, &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_LISTEN_SOCKET);
	KUNIT_ASSERT_NOT_NULL(test, l);
	addr.sin_addr.s_addr = htonl(0x0a630001);	/* 10.99.0.1 */
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, &t, l, (void *)&addr), STATUS_SUCCESS);
	port = wsk_test_local_port(test, &t, l, WSK_FLAG_LISTEN_SOCKET);
	ret = wsk_test_start_accept(l, &x, NULL, &remote);

	KUNIT_ASSERT_EQ(test, sock_create_kern(b->net, AF_INET, SOCK_STREAM, IPPROTO_TCP, &peer),
			0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_sock_release, peer), 0);
	peer->sk->sk_rcvtimeo = 5 * HZ;
	addr.sin_port = htons(port);
	KUNIT_ASSERT_EQ(test, kernel_connect(peer, (struct sockaddr *)&addr, sizeof(addr), 0), 0);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &x, ret), STATUS_SUCCESS);
	wsk_test_track((PWSK_SOCKET)x.information);
	KUNIT_EXPECT_EQ(test, ((struct sockaddr_in *)&remote)->sin_addr.s_addr,
			htonl(0x0a630002));
	KUNIT_EXPECT_EQ(test, wsk_test_port(&remote), wsk_test_peer_port(peer));
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, (PWSK_SOCKET)x.information),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_peer_read(peer), -ECONNRESET);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

struct dead_log {
	atomic_t calls;
	atomic_t dead;
	struct completion called;
};

static NTSTATUS dead_accept_event(PVOID context, ULONG flags, PSOCKADDR local,
				  PSOCKADDR remote, PWSK_SOCKET socket, PVOID *socket_context,
				  const WSK_CLIENT_CONNECTION_DISPATCH **dispatch)
{
	struct dead_log *log = context;

	atomic_inc(&log->calls);
	if (!socket) {
		atomic_inc(&log->dead);
		complete(&log->called);
		return STATUS_SUCCESS;
	}
	return STATUS_REQUEST_NOT_ACCEPTED;
}

static const WSK_CLIENT_LISTEN_DISPATCH dead_dispatch = {
	.WskAcceptEvent = dead_accept_event,
};

/* The namespace goes away under a listener with pending accepts. */
static void netns_teardown_forces_close(struct kunit *test)
{
	struct dead_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	WSK_EVENT_CALLBACK_CONTROL ctl = { &NPI_WSK_INTERFACE_ID, WSK_EVENT_ACCEPT };
	struct netns_holder *h = netns_new(test);
	struct wsk_test_client *c;
	struct wsk_test_irp t, x[2];
	const WSK_PROVIDER_LISTEN_DISPATCH *d;
	PWSK_SOCKET l, s;
	NTSTATUS ret[2];
	u16 port;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, log);
	init_completion(&log->called);
	KUNIT_ASSERT_EQ(test, netns_sh(h, "ip link set lo up"), 0);
	c = client_in(test, h->net);
	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, c, &t, AF_INET6, log, &dead_dispatch, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	d = l->Dispatch;
	KUNIT_EXPECT_EQ(test, d->WskControlSocket(l, WskSetOption, SO_WSK_EVENT_CALLBACK,
						  SOL_SOCKET, sizeof(ctl), &ctl, 0, NULL, NULL,
						  NULL), STATUS_SUCCESS);
	for (i = 0; i < 2; i++) {
		wsk_test_irp_init(test, &x[i]);
		ret[i] = wsk_test_start_accept(l, &x[i], NULL, NULL);
		KUNIT_EXPECT_EQ(test, ret[i], STATUS_PENDING);
	}

	/* Drop every reference to the namespace: it goes away. */
	holder_stop(h);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &x[i], ret[i]),
				STATUS_FILE_FORCED_CLOSED);
		KUNIT_EXPECT_EQ(test, x[i].information, 0UL);
	}
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&log->called,
							    msecs_to_jiffies(WSK_TEST_TIMEOUT_MS)));
	KUNIT_EXPECT_EQ(test, atomic_read(&log->dead), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 1);

	/* Later calls fail; the close still succeeds; no new sockets there. */
	ret[0] = wsk_test_start_accept(l, &x[0], NULL, NULL);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &x[0], ret[0]),
			STATUS_FILE_FORCED_CLOSED);
	KUNIT_EXPECT_EQ(test, wsk_test_local_port(test, &t, l, WSK_FLAG_LISTEN_SOCKET), 0);
	KUNIT_EXPECT_EQ(test, t.status, STATUS_FILE_FORCED_CLOSED);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->calls), 1);
	s = wsk_test_socket(test, c, &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_LISTEN_SOCKET);
	KUNIT_EXPECT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, t.status, STATUS_INVALID_DEVICE_STATE);
}

static NTSTATUS stream_connect(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			       u32 ip, u16 port, bool wait)
{
	const WSK_PROVIDER_STREAM_DISPATCH *d = s->Dispatch;
	struct sockaddr_in addr = { .sin_family = AF_INET };
	NTSTATUS ret;

	addr.sin_addr.s_addr = htonl(ip);
	addr.sin_port = htons(port);
	wsk_test_irp_rearm(t);
	ret = d->WskConnect(s, (struct sockaddr *)&addr, 0, t->irp);
	return wait ? wsk_test_irp_wait(test, t, ret) : ret;
}

static PWSK_SOCKET bound_stream(struct kunit *test, struct wsk_test_client *c,
				struct wsk_test_irp *t)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	PWSK_SOCKET s;

	s = wsk_test_socket(test, c, t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			    WSK_FLAG_STREAM_SOCKET);
	if (s && wsk_test_bind(test, t, s, (void *)&addr) != STATUS_SUCCESS)
		return NULL;
	return s;
}

/*
 * Connect failures, inside test namespaces: no route, and a peer that never
 * answers (its address is a /32 with no route back, so its stack cannot
 * reply to the SYN). SYN retries are cut to one in the connecting namespace.
 */
static void netns_connect_failures(struct kunit *test)
{
	struct netns_holder *a = netns_new(test), *b = netns_new(test);
	struct wsk_test_client *c;
	struct wsk_test_irp t, x;
	unsigned long start;
	PWSK_SOCKET s;
	NTSTATUS ret;

	veth_pair(test, a, b, "10.99.0.2/32");
	KUNIT_ASSERT_EQ(test, netns_sh(a, "echo 1 > /proc/sys/net/ipv4/tcp_syn_retries"), 0);

	c = client_in(test, a->net);
	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &x);

	s = bound_stream(test, c, &t);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, 0x0a620001, 9, true),	/* 10.98.0.1 */
			STATUS_NETWORK_UNREACHABLE);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	s = bound_stream(test, c, &t);
	KUNIT_ASSERT_NOT_NULL(test, s);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, stream_connect(test, &t, s, 0x0a630002, 9, true),
			STATUS_IO_TIMEOUT);
	kunit_info(test, "timed out after %u ms\n", jiffies_to_msecs(jiffies - start));
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);

	/* Closing with a connect pending cancels it at once. */
	s = bound_stream(test, c, &t);
	KUNIT_ASSERT_NOT_NULL(test, s);
	ret = stream_connect(test, &x, s, 0x0a630002, 9, false);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	msleep(100);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &x, ret), STATUS_CANCELLED);
	/* Well before the SYN timeout (3 s here): the close did not wait for it. */
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 2500U);
}

/*
 * The namespace goes away under a pending WskSocketConnect (its peer never
 * answers): it completes STATUS_FILE_FORCED_CLOSED and the socket it made
 * is thrown away, so WskDeregister returns.
 */
static void netns_teardown_socket_connect(struct kunit *test)
{
	struct netns_holder *a = netns_new(test), *b = netns_new(test);
	struct sockaddr_in local = { .sin_family = AF_INET }, remote = local;
	struct wsk_test_client *c;
	struct wsk_test_irp x;
	NTSTATUS ret;

	veth_pair(test, a, b, "10.99.0.2/32");
	c = client_in(test, a->net);
	wsk_test_irp_init(test, &x);
	remote.sin_addr.s_addr = htonl(0x0a630002);
	remote.sin_port = htons(9);
	ret = c->npi.Dispatch->WskSocketConnect(c->npi.Client, SOCK_STREAM, IPPROTO_TCP,
						(PSOCKADDR)&local, (PSOCKADDR)&remote, 0, NULL,
						NULL, NULL, NULL, NULL, x.irp);
	KUNIT_ASSERT_EQ(test, ret, STATUS_PENDING);
	msleep(100);		/* the SYN is sent, the connect waits */
	KUNIT_EXPECT_EQ(test, atomic_read(&x.calls), 0);

	holder_stop(a);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &x, ret), STATUS_FILE_FORCED_CLOSED);
	KUNIT_EXPECT_EQ(test, x.information, 0UL);
	kunit_remove_action(test, wsk_test_client_stop, c);
	KUNIT_EXPECT_TRUE_MSG(test, wsk_test_client_finish(c), "WskDeregister blocked");
}

/* On the pair veth_pair() made: host 1 in @a, host 2 in @b, IPv4 or IPv6. */
static void veth_addr(struct sockaddr_storage *ss, int family, u8 host, u16 port)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(0x0a630000 | host);	/* 10.99.0.host */
		in->sin_port = htons(port);
		return;
	}
	in6->sin6_family = AF_INET6;
	in6->sin6_addr.s6_addr[0] = 0xfd;			/* fd99::host */
	in6->sin6_addr.s6_addr[1] = 0x99;
	in6->sin6_addr.s6_addr[15] = host;
	in6->sin6_port = htons(port);
}

/* fd99::@host/64 on @dev in @h, without duplicate address detection: at once. */
static void veth_ipv6(struct kunit *test, struct netns_holder *h, const char *dev, u8 host)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd),
		 "echo 0 > /proc/sys/net/ipv6/conf/%s/accept_dad && ip -6 addr add fd99::%u/64 dev %s",
		 dev, host, dev);
	KUNIT_ASSERT_EQ(test, netns_sh(h, cmd), 0);
}

/* Whether @got is host @host of veth_addr() with @port. */
static bool veth_is(const struct sockaddr_storage *got, int family, u8 host, u16 port)
{
	struct sockaddr_storage want;

	veth_addr(&want, family, host, port);
	if (family == AF_INET)
		return !memcmp(got, &want, sizeof(struct sockaddr_in));
	return got->ss_family == AF_INET6 &&
	       ipv6_addr_equal(&((struct sockaddr_in6 *)got)->sin6_addr,
			       &((struct sockaddr_in6 *)&want)->sin6_addr) &&
	       wsk_test_port(got) == port;
}

/* Byte @i of a datagram of @len bytes. */
static u8 dgram_byte(size_t i, size_t len)
{
	return (u8)(i ^ (i >> 8) ^ len);
}

static bool dgram_good(const u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != dgram_byte(i, len))
			return false;
	return true;
}

/* What the datagram event of a veth test saw, and whether it kept it. */
struct veth_log {
	NTSTATUS answer;
	atomic_t datagrams;
	ULONG len;
	bool good;
	struct sockaddr_storage from;
	PWSK_DATAGRAM_INDICATION kept;
	struct completion called;
};

static NTSTATUS veth_receive_from(PVOID context, ULONG flags, PWSK_DATAGRAM_INDICATION ind)
{
	struct veth_log *log = context;
	u8 *va;

	for (; ind; ind = ind->Next) {
		va = MmGetSystemAddressForMdlSafe(ind->Buffer.Mdl, NormalPagePriority);
		log->len = ind->Buffer.Length;
		log->good = va && dgram_good(va + ind->Buffer.Offset, ind->Buffer.Length);
		memcpy(&log->from, ind->RemoteAddress, sizeof(struct sockaddr_in6));
		if (log->answer == STATUS_PENDING)
			log->kept = ind;	/* one datagram at a time in these tests */
		atomic_inc(&log->datagrams);
		complete(&log->called);
	}
	return log->answer;
}

/* Wait for the next datagram the event sees. */
static bool veth_log_wait(struct veth_log *log)
{
	return wait_for_completion_timeout(&log->called, msecs_to_jiffies(WSK_TEST_TIMEOUT_MS));
}

static const WSK_CLIENT_DATAGRAM_DISPATCH veth_dgram_dispatch = {
	.WskReceiveFromEvent = veth_receive_from,
};

/*
 * A datagram socket of @c bound to @addr, whose port it gets; with @log,
 * its datagram event is enabled and goes there.
 */
static PWSK_SOCKET veth_dgram(struct kunit *test, struct wsk_test_client *c,
			      struct wsk_test_irp *t, struct sockaddr_storage *addr,
			      struct veth_log *log)
{
	PWSK_SOCKET s;
	NTSTATUS ret;

	wsk_test_irp_rearm(t);
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, addr->ss_family, SOCK_DGRAM,
					 IPPROTO_UDP, WSK_FLAG_DATAGRAM_SOCKET, log,
					 log ? &veth_dgram_dispatch : NULL, NULL, NULL, NULL,
					 t->irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, t, ret), STATUS_SUCCESS);
	s = (PWSK_SOCKET)t->information;
	wsk_test_track(s);
	KUNIT_ASSERT_EQ(test, wsk_test_bind(test, t, s, addr), STATUS_SUCCESS);
	if (addr->ss_family == AF_INET)
		((struct sockaddr_in *)addr)->sin_port =
			htons(wsk_test_local_port(test, t, s, WSK_FLAG_DATAGRAM_SOCKET));
	else
		((struct sockaddr_in6 *)addr)->sin6_port =
			htons(wsk_test_local_port(test, t, s, WSK_FLAG_DATAGRAM_SOCKET));
	KUNIT_ASSERT_NE(test, wsk_test_port(addr), 0);
	if (log)
		KUNIT_EXPECT_EQ(test, wsk_test_set_events(s, WSK_EVENT_RECEIVE_FROM),
				STATUS_SUCCESS);
	return s;
}

/* WskSendTo @len bytes of dgram_byte() from @s to @to, and wait: the status. */
static NTSTATUS veth_send_to(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
			     u8 *data, ULONG len, struct sockaddr_storage *to)
{
	const WSK_PROVIDER_DATAGRAM_DISPATCH *d = s->Dispatch;
	WSK_BUF buf = wsk_test_buf(test, data, len);
	ULONG i;

	for (i = 0; i < len; i++)
		data[i] = dgram_byte(i, len);
	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskSendTo(s, &buf, 0, (PSOCKADDR)to, 0, NULL,
						       t->irp));
}

/* Set IP_DONTFRAGMENT to @on and read it back: the status of the set. */
static NTSTATUS veth_dont_fragment(struct kunit *test, struct wsk_test_irp *t, PWSK_SOCKET s,
				   ULONG on)
{
	const WSK_PROVIDER_DATAGRAM_DISPATCH *d = s->Dispatch;
	ULONG got = 2;
	NTSTATUS ret;

	wsk_test_irp_rearm(t);
	ret = d->WskControlSocket(s, WskSetOption, IP_DONTFRAGMENT, IPPROTO_IP, sizeof(on), &on,
				  0, NULL, NULL, t->irp);
	ret = wsk_test_irp_wait(test, t, ret);
	wsk_test_irp_rearm(t);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, t,
						d->WskControlSocket(s, WskGetOption,
								    IP_DONTFRAGMENT, IPPROTO_IP, 0,
								    NULL, sizeof(got), &got, NULL,
								    t->irp)),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, got, on);
	return ret;
}

#define VETH_DGRAM_MAX	65507	/* the largest UDP payload in one IPv4 packet */

/*
 * Datagrams over a veth pair, IPv4 and IPv6, both ways: to a WskReceiveFrom
 * in one namespace, to the event in the other. Beyond the link's MTU they
 * go in IP fragments, reassembled before they reach the socket.
 */
static void netns_veth_datagrams(struct kunit *test)
{
	static const ULONG sizes[] = { 1, 1400, 4000, VETH_DGRAM_MAX };
	struct netns_holder *a = netns_new(test), *b = netns_new(test);
	struct veth_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	u8 *out = kunit_kzalloc(test, VETH_DGRAM_MAX, GFP_KERNEL);
	u8 *in = kunit_kzalloc(test, VETH_DGRAM_MAX + 1, GFP_KERNEL);
	static const int families[] = { AF_INET, AF_INET6 };
	struct sockaddr_storage aa, ba, from;
	struct wsk_test_client *ca, *cb;
	const WSK_PROVIDER_DATAGRAM_DISPATCH *db;
	struct wsk_test_irp t, r;
	ULONG flags, control;
	PWSK_SOCKET sa, sb;
	WSK_BUF buf;
	NTSTATUS ret;
	int f, i;

	KUNIT_ASSERT_NOT_NULL(test, log);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, in);
	init_completion(&log->called);
	log->answer = STATUS_SUCCESS;
	veth_pair(test, a, b, "10.99.0.2/24");
	veth_ipv6(test, a, "wskv0", 1);
	veth_ipv6(test, b, "veth0", 2);
	ca = client_in(test, a->net);
	cb = client_in(test, b->net);
	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &r);
	buf = wsk_test_buf(test, in, VETH_DGRAM_MAX + 1);

	for (f = 0; f < ARRAY_SIZE(families); f++) {
		veth_addr(&aa, families[f], 1, 0);
		veth_addr(&ba, families[f], 2, 0);
		sa = veth_dgram(test, ca, &t, &aa, log);
		sb = veth_dgram(test, cb, &t, &ba, NULL);
		db = sb->Dispatch;
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			/* a to b's WskReceiveFrom */
			wsk_test_irp_rearm(&r);
			control = 0;
			flags = 0xdead;
			memset(in, 0, sizes[i]);
			ret = db->WskReceiveFrom(sb, &buf, 0, (PSOCKADDR)&from, &control, NULL,
						 &flags, r.irp);
			KUNIT_EXPECT_EQ(test, veth_send_to(test, &t, sa, out, sizes[i], &ba),
					STATUS_SUCCESS);
			KUNIT_EXPECT_EQ(test, t.information, (ULONG_PTR)sizes[i]);
			KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &r, ret), STATUS_SUCCESS);
			KUNIT_EXPECT_EQ(test, r.information, (ULONG_PTR)sizes[i]);
			KUNIT_EXPECT_EQ(test, flags, 0U);
			KUNIT_EXPECT_TRUE(test, dgram_good(in, sizes[i]));
			KUNIT_EXPECT_TRUE(test, veth_is(&from, families[f], 1, wsk_test_port(&aa)));

			/* b to a's event */
			KUNIT_EXPECT_EQ(test, veth_send_to(test, &t, sb, out, sizes[i], &aa),
					STATUS_SUCCESS);
			KUNIT_ASSERT_TRUE(test, veth_log_wait(log));
			KUNIT_EXPECT_EQ(test, log->len, sizes[i]);
			KUNIT_EXPECT_TRUE(test, log->good);
			KUNIT_EXPECT_TRUE(test, veth_is(&log->from, families[f], 2,
							wsk_test_port(&ba)));
		}
		/* IP_DONTFRAGMENT: beyond the link's MTU, refused, not fragmented. */
		KUNIT_EXPECT_EQ(test, veth_dont_fragment(test, &t, sa, 1), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, veth_send_to(test, &t, sa, out, 4000, &ba),
				families[f] == AF_INET ? STATUS_INVALID_BUFFER_SIZE :
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, veth_send_to(test, &t, sa, out, 1400, &ba), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, veth_dont_fragment(test, &t, sa, 0), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, sa), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, sb), STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&log->datagrams), 2 * (int)ARRAY_SIZE(sizes));
}

/*
 * The namespace goes away under datagram sockets: a pending WskReceiveFrom
 * completes STATUS_FILE_FORCED_CLOSED, so do later calls; a datagram the
 * event kept is still the client's to give back; the closes succeed and
 * WskDeregister returns.
 */
static void netns_teardown_datagram(struct kunit *test)
{
	struct veth_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct netns_holder *h = netns_new(test);
	struct sockaddr_storage ka, ra, from;
	struct wsk_test_client *c;
	struct wsk_test_irp t, r;
	const WSK_PROVIDER_DATAGRAM_DISPATCH *d;
	PWSK_SOCKET k, s;
	u8 data[64], in[64];
	ULONG flags, control = 0;
	WSK_BUF buf;
	NTSTATUS ret;

	KUNIT_ASSERT_NOT_NULL(test, log);
	init_completion(&log->called);
	log->answer = STATUS_PENDING;
	KUNIT_ASSERT_EQ(test, netns_sh(h, "ip link set lo up"), 0);
	c = client_in(test, h->net);
	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &r);
	wsk_test_loopback(&ka, AF_INET, 0);
	wsk_test_loopback(&ra, AF_INET, 0);
	k = veth_dgram(test, c, &t, &ka, log);
	s = veth_dgram(test, c, &t, &ra, NULL);
	d = s->Dispatch;
	buf = wsk_test_buf(test, in, sizeof(in));
	ret = d->WskReceiveFrom(s, &buf, 0, (PSOCKADDR)&from, &control, NULL, &flags, r.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, veth_send_to(test, &t, s, data, sizeof(data), &ka),
			STATUS_SUCCESS);
	KUNIT_ASSERT_TRUE(test, veth_log_wait(log));
	KUNIT_ASSERT_NOT_NULL(test, log->kept);

	holder_stop(h);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &r, ret), STATUS_FILE_FORCED_CLOSED);
	KUNIT_EXPECT_EQ(test, r.information, 0UL);
	KUNIT_EXPECT_EQ(test, veth_send_to(test, &t, s, data, sizeof(data), &ka),
			STATUS_FILE_FORCED_CLOSED);
	d = k->Dispatch;
	KUNIT_EXPECT_EQ(test, d->WskRelease(k, log->kept), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, k), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->datagrams), 1);
	kunit_remove_action(test, wsk_test_client_stop, c);
	KUNIT_EXPECT_TRUE_MSG(test, wsk_test_client_finish(c), "WskDeregister blocked");
}

static struct kunit_case netns_cases[] = {
	KUNIT_CASE(netns_veth_accept),
	KUNIT_CASE(netns_teardown_forces_close),
	KUNIT_CASE(netns_teardown_socket_connect),
	KUNIT_CASE(netns_veth_datagrams),
	KUNIT_CASE(netns_teardown_datagram),
	KUNIT_CASE_SLOW(netns_connect_failures),
	{}
};

static struct kunit_suite netns_suite = {
	.name = "wsk_netns",
	.test_cases = netns_cases,
};

kunit_test_suite(netns_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: wsk sockets in other network namespaces, over veth, and their teardown");
WSK_IMPORT_NS();
