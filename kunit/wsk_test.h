/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the wsk KUnit suites: a registered client, IRPs that
 * count their completions, and markers around splats a test provokes.
 */
#ifndef _WSK_KUNIT_TEST_H
#define _WSK_KUNIT_TEST_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/umh.h>
#include <linux/vmalloc.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/ipv6.h>
#include <ntddk.h>
#include <wsk.h>

/* How long a test waits for an IRP before declaring it lost. */
#define WSK_TEST_TIMEOUT_MS 10000

/* Print markers the harness uses to accept a splat the test provokes. */
#define wsk_test_expect_splat_begin() pr_info("wsk-test: expect-splat-begin\n")
#define wsk_test_expect_splat_end() pr_info("wsk-test: expect-splat-end\n")

/* An IRP whose completion routine counts its calls and records IoStatus. */
struct wsk_test_irp {
	PIRP irp;
	KEVENT done;
	atomic_t calls;
	NTSTATUS status;
	ULONG_PTR information;
	NTSTATUS routine_returns;
	bool in_task;		/* the routine ran in task context, not softirq */
};

static inline NTSTATUS wsk_test_irp_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct wsk_test_irp *t = context;
	NTSTATUS ret = t->routine_returns;

	t->status = irp->IoStatus.Status;
	t->information = irp->IoStatus.Information;
	t->in_task = in_task();
	atomic_inc(&t->calls);
	KeSetEvent(&t->done, IO_NO_INCREMENT, FALSE);
	return ret;
}

static inline void wsk_test_irp_free(void *irp)
{
	IoFreeIrp(irp);
}

/* Allocate t->irp, freed when the test ends, and arm it for a first call. */
static inline void wsk_test_irp_init(struct kunit *test, struct wsk_test_irp *t)
{
	memset(t, 0, sizeof(*t));
	t->irp = IoAllocateIrp(1, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, t->irp);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_irp_free, t->irp), 0);
	KeInitializeEvent(&t->done, NotificationEvent, FALSE);
	t->routine_returns = STATUS_MORE_PROCESSING_REQUIRED;
	IoSetCompletionRoutine(t->irp, wsk_test_irp_routine, t, TRUE, TRUE, TRUE);
}

/* Reuse the IRP for another call, as a WSK client does. */
static inline void wsk_test_irp_rearm(struct wsk_test_irp *t)
{
	IoReuseIrp(t->irp, STATUS_UNSUCCESSFUL);
	KeClearEvent(&t->done);
	atomic_set(&t->calls, 0);
	IoSetCompletionRoutine(t->irp, wsk_test_irp_routine, t, TRUE, TRUE, TRUE);
}

/* Wait for @event as long as a test waits for anything: STATUS_SUCCESS or STATUS_TIMEOUT. */
static inline NTSTATUS wsk_test_wait_event(PKEVENT event)
{
	LARGE_INTEGER timeout = { .QuadPart = -10000LL * WSK_TEST_TIMEOUT_MS };

	return KeWaitForSingleObject(event, Executive, KernelMode, FALSE, &timeout);
}

/*
 * Finish a call that returned @ret: wait if it is pending, then check the
 * WSK contract (one completion, whose status a non-pending return equals)
 * and return the completion status.
 */
static inline NTSTATUS wsk_test_irp_wait(struct kunit *test, struct wsk_test_irp *t,
					 NTSTATUS ret)
{
	if (ret == STATUS_PENDING) {
		if (wsk_test_wait_event(&t->done) != STATUS_SUCCESS) {
			KUNIT_FAIL(test, "pending IRP never completed");
			return STATUS_PENDING;
		}
	} else {
		KUNIT_EXPECT_EQ_MSG(test, t->status, ret,
				    "non-pending return must equal the completion status");
	}
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&t->calls), 1, "completion routine calls");
	KUNIT_EXPECT_EQ(test, t->irp->IoStatus.Status, t->status);
	return t->status;
}

#define WSK_TEST_MAX_SOCKETS 64

/*
 * Sockets the current test opened and has not closed (cases run one at a
 * time): a test that stops at a failed assertion still closes them at its
 * end, so that WskDeregister returns.
 */
static PWSK_SOCKET wsk_test_sockets[WSK_TEST_MAX_SOCKETS];

static inline void wsk_test_track(PWSK_SOCKET s)
{
	int i;

	for (i = 0; s && i < WSK_TEST_MAX_SOCKETS; i++) {
		if (!wsk_test_sockets[i]) {
			wsk_test_sockets[i] = s;
			return;
		}
	}
}

static inline void wsk_test_untrack(PWSK_SOCKET s)
{
	int i;

	for (i = 0; i < WSK_TEST_MAX_SOCKETS; i++)
		if (wsk_test_sockets[i] == s)
			wsk_test_sockets[i] = NULL;
}

/* A registered client with a captured provider NPI, undone at test end. */
struct wsk_test_client {
	WSK_REGISTRATION reg;
	WSK_PROVIDER_NPI npi;
	bool captured;
	struct completion deregistered;
};

static const WSK_CLIENT_DISPATCH wsk_test_client_dispatch = {
	.Version = MAKE_WSK_VERSION(1, 0),
};

static inline NTSTATUS wsk_test_close_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	complete(context);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static inline int wsk_test_deregister_thread(void *data)
{
	struct wsk_test_client *c = data;

	WskDeregister(&c->reg);
	complete(&c->deregistered);
	return 0;
}

/*
 * Close what the test left open, release and deregister, never forever:
 * false if WskDeregister blocked (then @c is left to it).
 */
static inline bool wsk_test_client_finish(struct wsk_test_client *c)
{
	unsigned long timeout = msecs_to_jiffies(WSK_TEST_TIMEOUT_MS);
	const WSK_PROVIDER_BASIC_DISPATCH *d;
	DECLARE_COMPLETION_ONSTACK(done);
	struct task_struct *k;
	PIRP irp;
	int i;

	for (i = 0; i < WSK_TEST_MAX_SOCKETS; i++) {
		if (!wsk_test_sockets[i])
			continue;
		irp = IoAllocateIrp(1, FALSE);
		if (!irp)
			break;
		reinit_completion(&done);
		IoSetCompletionRoutine(irp, wsk_test_close_routine, &done, TRUE, TRUE, TRUE);
		d = wsk_test_sockets[i]->Dispatch;
		if (d->WskCloseSocket(wsk_test_sockets[i], irp) != STATUS_PENDING ||
		    wait_for_completion_timeout(&done, timeout))
			IoFreeIrp(irp);
		wsk_test_sockets[i] = NULL;
	}
	if (c->captured)
		WskReleaseProviderNPI(&c->reg);
	init_completion(&c->deregistered);
	k = kthread_run(wsk_test_deregister_thread, c, "wsk-test-dereg");
	if (IS_ERR(k))
		wsk_test_deregister_thread(c);
	/* A leak blocks WskDeregister: report it, and leave @c to the thread. */
	if (!wait_for_completion_timeout(&c->deregistered, timeout)) {
		pr_err("wsk-test: WskDeregister blocked: something of the client leaked\n");
		return false;
	}
	kfree(c);
	return true;
}

static inline void wsk_test_client_stop(void *data)
{
	wsk_test_client_finish(data);
}

static inline struct wsk_test_client *wsk_test_client_start(struct kunit *test)
{
	WSK_CLIENT_NPI npi = { .Dispatch = &wsk_test_client_dispatch };
	struct wsk_test_client *c = kzalloc(sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	/* Freed only once deregistered: a blocked WskDeregister still uses it. */
	KUNIT_ASSERT_EQ(test, WskRegister(&npi, &c->reg), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_client_stop, c), 0);
	KUNIT_ASSERT_EQ(test, WskCaptureProviderNPI(&c->reg, WSK_NO_WAIT, &c->npi),
			STATUS_SUCCESS);
	c->captured = true;
	return c;
}

/* Create a socket through WskSocket and return it, or NULL. */
static inline PWSK_SOCKET wsk_test_socket(struct kunit *test, struct wsk_test_client *c,
					  struct wsk_test_irp *t, ADDRESS_FAMILY family,
					  USHORT type, ULONG protocol, ULONG flags)
{
	NTSTATUS ret;

	wsk_test_irp_rearm(t);
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, family, type, protocol, flags,
					 NULL, NULL, NULL, NULL, NULL, t->irp);
	if (wsk_test_irp_wait(test, t, ret) != STATUS_SUCCESS)
		return NULL;
	wsk_test_track((PWSK_SOCKET)t->information);
	return (PWSK_SOCKET)t->information;
}

/* Close a socket through WskCloseSocket and return the close status. */
static inline NTSTATUS wsk_test_close(struct kunit *test, struct wsk_test_irp *t,
				      PWSK_SOCKET s)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;

	wsk_test_untrack(s);
	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskCloseSocket(s, t->irp));
}

/* A loopback address of @family with @port (host order). */
static inline void wsk_test_loopback(struct sockaddr_storage *ss, int family, u16 port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;

		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		in->sin_port = htons(port);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		in6->sin6_port = htons(port);
	}
}

static inline u16 wsk_test_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
}

/* WskBind through the socket's dispatch table (any kind that has one). */
static inline NTSTATUS wsk_test_bind(struct kunit *test, struct wsk_test_irp *t,
				     PWSK_SOCKET s, struct sockaddr_storage *addr)
{
	const WSK_PROVIDER_LISTEN_DISPATCH *d = s->Dispatch;

	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskBind(s, (PSOCKADDR)addr, 0, t->irp));
}

/* WskGetLocalAddress of a socket of @kind; returns the port, or 0. */
static inline u16 wsk_test_local_port(struct kunit *test, struct wsk_test_irp *t,
				      PWSK_SOCKET s, ULONG kind)
{
	const WSK_PROVIDER_LISTEN_DISPATCH *l = s->Dispatch;
	const WSK_PROVIDER_CONNECTION_DISPATCH *c = s->Dispatch;
	const WSK_PROVIDER_STREAM_DISPATCH *st = s->Dispatch;
	const WSK_PROVIDER_DATAGRAM_DISPATCH *dg = s->Dispatch;
	struct sockaddr_storage addr = {};
	PFN_WSK_GET_LOCAL_ADDRESS get;

	get = kind == WSK_FLAG_LISTEN_SOCKET ? l->WskGetLocalAddress :
	      kind == WSK_FLAG_STREAM_SOCKET ? st->WskGetLocalAddress :
	      kind == WSK_FLAG_DATAGRAM_SOCKET ? dg->WskGetLocalAddress : c->WskGetLocalAddress;
	wsk_test_irp_rearm(t);
	if (wsk_test_irp_wait(test, t, get(s, (struct sockaddr *)&addr, t->irp)) != STATUS_SUCCESS)
		return 0;
	return wsk_test_port(&addr);
}

/* A LISTEN socket bound to a free loopback port, which it returns. */
static inline PWSK_SOCKET wsk_test_listener(struct kunit *test, struct wsk_test_client *c,
					    struct wsk_test_irp *t, int family, void *context,
					    const void *dispatch, u16 *port)
{
	struct sockaddr_storage addr;
	PWSK_SOCKET s;
	NTSTATUS ret;

	wsk_test_irp_rearm(t);
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, family, SOCK_STREAM, IPPROTO_TCP,
					 WSK_FLAG_LISTEN_SOCKET, context, dispatch, NULL, NULL,
					 NULL, t->irp);
	if (wsk_test_irp_wait(test, t, ret) != STATUS_SUCCESS)
		return NULL;
	s = (PWSK_SOCKET)t->information;
	wsk_test_track(s);
	wsk_test_loopback(&addr, family, 0);
	if (wsk_test_bind(test, t, s, &addr) != STATUS_SUCCESS)
		return NULL;
	*port = wsk_test_local_port(test, t, s, WSK_FLAG_LISTEN_SOCKET);
	return *port ? s : NULL;
}

static inline void wsk_test_sock_release(void *sock)
{
	sock_release(sock);
}

/* Connect a new plain kernel socket to loopback @port; 0 or -errno. */
static inline int wsk_test_connect(int family, u16 port, struct socket **sock)
{
	struct sockaddr_storage addr;
	int ret;

	ret = sock_create_kern(&init_net, family, SOCK_STREAM, IPPROTO_TCP, sock);
	if (ret)
		return ret;
	(*sock)->sk->sk_rcvtimeo = 5 * HZ;
	(*sock)->sk->sk_sndtimeo = 5 * HZ;
	wsk_test_loopback(&addr, family, port);
	return kernel_connect(*sock, (struct sockaddr *)&addr,
			      family == AF_INET ? sizeof(struct sockaddr_in) :
						  sizeof(struct sockaddr_in6), 0);
}

/*
 * A plain kernel socket connected to loopback @port, released when the test
 * ends: the peer a test drives. Returns NULL (and the errno in *err) when
 * the connect fails.
 */
static inline struct socket *wsk_test_peer(struct kunit *test, int family, u16 port, int *err)
{
	struct socket *sock = NULL;
	int ret;

	ret = wsk_test_connect(family, port, &sock);
	KUNIT_ASSERT_NOT_NULL(test, sock);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_sock_release, sock), 0);
	if (err)
		*err = ret;
	return ret ? NULL : sock;
}

/* The peer's own port. */
static inline u16 wsk_test_peer_port(struct socket *peer)
{
	struct sockaddr_storage addr = {};

	kernel_getsockname(peer, (struct sockaddr *)&addr);
	return wsk_test_port(&addr);
}

/* Reset the peer's connection: TCP sends RST when it connects to AF_UNSPEC. */
static inline int wsk_test_peer_reset(struct socket *peer)
{
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };

	return kernel_connect(peer, &unspec, sizeof(unspec), 0);
}

/* What the peer reads next: bytes, 0 for end of stream, or -errno. */
static inline int wsk_test_peer_read(struct socket *peer)
{
	struct msghdr msg = {};
	struct kvec vec;
	char byte;

	vec.iov_base = &byte;
	vec.iov_len = 1;
	return kernel_recvmsg(peer, &msg, &vec, 1, 1, 0);
}

/* WskAccept without waiting: the caller waits with wsk_test_irp_wait(). */
static inline NTSTATUS wsk_test_start_accept(PWSK_SOCKET l, struct wsk_test_irp *t,
					     struct sockaddr_storage *local,
					     struct sockaddr_storage *remote)
{
	const WSK_PROVIDER_LISTEN_DISPATCH *d = l->Dispatch;

	wsk_test_irp_rearm(t);
	return d->WskAccept(l, 0, NULL, NULL, (struct sockaddr *)local,
			    (struct sockaddr *)remote, t->irp);
}

/* An accepted WSK connection (IPv4 loopback) and its plain kernel peer. */
struct wsk_test_conn {
	struct wsk_test_client *c;
	struct wsk_test_irp t;
	PWSK_SOCKET l, s;
	struct socket *peer;
};

static inline struct wsk_test_conn *
wsk_test_conn_with_events(struct kunit *test, void *context,
			  const WSK_CLIENT_CONNECTION_DISPATCH *events)
{
	struct wsk_test_conn *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	const WSK_PROVIDER_LISTEN_DISPATCH *d;
	NTSTATUS ret;
	u16 port;

	KUNIT_ASSERT_NOT_NULL(test, k);
	k->c = wsk_test_client_start(test);
	wsk_test_irp_init(test, &k->t);
	k->l = wsk_test_listener(test, k->c, &k->t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, k->l);
	k->peer = wsk_test_peer(test, AF_INET, port, NULL);
	KUNIT_ASSERT_NOT_NULL(test, k->peer);
	d = k->l->Dispatch;
	wsk_test_irp_rearm(&k->t);
	ret = d->WskAccept(k->l, 0, context, events, NULL, NULL, k->t.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &k->t, ret), STATUS_SUCCESS);
	k->s = (PWSK_SOCKET)k->t.information;
	wsk_test_track(k->s);
	return k;
}

static inline struct wsk_test_conn *wsk_test_conn_new(struct kunit *test)
{
	return wsk_test_conn_with_events(test, NULL, NULL);
}

/* Enable (or, with WSK_EVENT_DISABLE, disable) event callbacks on @s. */
static inline NTSTATUS wsk_test_set_events(PWSK_SOCKET s, ULONG mask)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;
	WSK_EVENT_CALLBACK_CONTROL ctl = { &NPI_WSK_INTERFACE_ID, mask };

	return d->WskControlSocket(s, WskSetOption, SO_WSK_EVENT_CALLBACK, SOL_SOCKET,
				   sizeof(ctl), &ctl, 0, NULL, NULL, NULL);
}

static inline void wsk_test_vfree(void *p)
{
	vfree(p);
}

static inline void wsk_test_mdl_free(void *mdl)
{
	IoFreeMdl(mdl);
}

/* An MDL over @len bytes at @va, not yet built, freed when the test ends. */
static inline PMDL wsk_test_mdl(struct kunit *test, void *va, ULONG len)
{
	PMDL mdl = IoAllocateMdl(va, len, FALSE, FALSE, NULL);

	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_mdl_free, mdl), 0);
	return mdl;
}

/* A WSK_BUF over @len bytes at @va, MDL built, freed when the test ends. */
static inline WSK_BUF wsk_test_buf(struct kunit *test, const void *va, ULONG len)
{
	WSK_BUF buf = { .Mdl = wsk_test_mdl(test, (void *)va, len), .Length = len };

	MmBuildMdlForNonPagedPool(buf.Mdl);
	return buf;
}

/* Bring loopback up in init_net: suites may run before user space does. */
static inline int wsk_test_loopback_up(struct kunit_suite *suite)
{
	struct net_device *lo = init_net.loopback_dev;
	int ret;

	rtnl_lock();
	ret = dev_change_flags(lo, lo->flags | IFF_UP, NULL);
	rtnl_unlock();
	return ret;
}

/* An argv or envp vector for the usermode helper, of up to four words. */
struct wsk_test_umh_words {
	char *word[5];
};

static inline void wsk_test_umh_set(struct wsk_test_umh_words *w, char *a, char *b, char *c,
				    char *d)
{
	w->word[0] = a;
	w->word[1] = b;
	w->word[2] = c;
	w->word[3] = d;
	w->word[4] = NULL;
}

/* Run a busybox shell script (the VM's /bin/sh); 0 on success. */
static inline int wsk_test_sh(char *script)
{
	struct wsk_test_umh_words argv, envp;

	wsk_test_umh_set(&argv, "/bin/sh", "-c", script, NULL);
	wsk_test_umh_set(&envp, "PATH=/bin", NULL, NULL, NULL);
	return call_usermodehelper(argv.word[0], argv.word, envp.word, UMH_WAIT_PROC);
}

static inline void wsk_test_make_it_fail(bool on)
{
#ifdef CONFIG_FAULT_INJECTION
	current->make_it_fail = on;
#endif
}

/* failslab off (also the cleanup of a test that stopped with it on). */
static inline void wsk_test_failslab_off(void *unused)
{
	wsk_test_sh("echo 0 > /sys/kernel/debug/failslab/probability");
}

/* Skip a test that needs failslab, and turn it off when the test ends. */
static inline void wsk_test_needs_failslab(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_FAILSLAB) || !IS_ENABLED(CONFIG_FAULT_INJECTION_DEBUG_FS))
		kunit_skip(test, "needs CONFIG_FAILSLAB and its debugfs files");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_failslab_off, NULL), 0);
}

/*
 * failslab, task-filtered: from now on every slab allocation of this
 * thread fails (GFP_KERNEL ones too), until wsk_test_failslab_stop(); no
 * other thread's does. Keep the window small: KUnit's own expectations
 * allocate. Returns 0, or the shell's status if failslab could not be set.
 */
static inline int wsk_test_failslab_start(void)
{
	static const char * const set[][2] = {
		{ "task-filter", "Y" }, { "ignore-gfp-wait", "N" }, { "interval", "1" },
		{ "times", "-1" }, { "space", "0" }, { "verbose", "0" }, { "probability", "100" },
	};
	char script[256] = "cd /sys/kernel/debug/failslab";
	size_t n = strlen(script);
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(set); i++)
		n += scnprintf(script + n, sizeof(script) - n, " && echo %s > %s", set[i][1],
			       set[i][0]);
	ret = wsk_test_sh(script);
	if (!ret)
		wsk_test_make_it_fail(true);
	return ret;
}

/* Undo wsk_test_failslab_start(), in the thread that called it. */
static inline void wsk_test_failslab_stop(void)
{
	wsk_test_make_it_fail(false);
	wsk_test_failslab_off(NULL);
}

#endif /* _WSK_KUNIT_TEST_H */
