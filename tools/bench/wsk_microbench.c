// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_microbench: wsk against the kernel's own sockets, measured once at
 * module load (in insmod's context) over IPv4 loopback.
 *
 * rr      one 64-byte request and one 64-byte reply on a connection: on each
 *         side a WskSend and a WSK_FLAG_WAITALL WskReceive, each with its
 *         own IRP reused for every round trip, both receives posted before
 *         the first send. The baseline is blocking kernel_sendmsg() and
 *         MSG_WAITALL kernel_recvmsg() on a pair of kernel sockets.
 *         Port @port.
 * accept  a kernel socket connects, a reused WskAccept IRP (posted before
 *         the connect) brings the new socket, WskCloseSocket closes it, the
 *         client is released. The baseline accepts with blocking
 *         kernel_accept() and releases both. Port @port + 1.
 * urr     one 64-byte UDP datagram each way: socket A (WskReceiveFrom
 *         posted first) sends with WskSendTo to socket B, whose
 *         WskReceiveFromEvent keeps the indication; B sends it back to A
 *         from the indication's own MDL, then gives it back with
 *         WskRelease. The baseline is kernel_sendmsg() with the address
 *         and blocking kernel_recvmsg() on a pair of kernel UDP sockets. Ports @port + 2
 *         (B) and @port + 3 (A); @datagrams round trips.
 * idle    slab memory held per idle connection accepted through wsk, and
 *         through kernel_accept(): both figures include the connecting
 *         kernel socket, so their difference is wsk's memory per accepted
 *         socket. Total slab pages (NR_SLAB_RECLAIMABLE_B and
 *         NR_SLAB_UNRECLAIMABLE_B, per-CPU deltas included) are read after
 *         RCU callbacks ran and the kmalloc and TCP caches were shrunk,
 *         before and after each batch; three rounds of a kernel batch then
 *         a wsk batch, the median of each is reported. Port @port + 1.
 *
 * rr and accept run a warmup, a timed pass and, when kprobes are available,
 * a counting pass of the same length: kprobes on the slab allocator's entry
 * points (armed only for that pass, so the timed pass runs without them)
 * count every slab allocation in the system while it runs.
 *
 * Every result is one line, e.g.
 *   wsk_microbench: RESULT test=rr impl=wsk iterations=20000 ns_per_op=12345 allocs_per_op=2.00
 * with impl=wsk, impl=kernel, and impl=provider for the difference (plus
 * the time ratio); allocs_per_op=n/a without kprobes. The last line is
 * "wsk_microbench: done" or "wsk_microbench: failed: <why>". Either way the
 * module stays loaded, holding nothing, and unloading it does nothing.
 * A parameter of 0 skips its test.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/in.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/vmstat.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <compat/compat.h>
#include <ntddk.h>
#include <wsk.h>

static int iterations = 20000;
module_param(iterations, int, 0444);
MODULE_PARM_DESC(iterations, "round trips of the rr test per pass (0: skip it)");

static int datagrams = 20000;
module_param(datagrams, int, 0444);
MODULE_PARM_DESC(datagrams, "UDP round trips of the urr test per pass (0: skip it)");

static int accepts = 2000;
module_param(accepts, int, 0444);
MODULE_PARM_DESC(accepts, "connections of the accept test per pass (0: skip it)");

static int idle = 1000;
module_param(idle, int, 0444);
MODULE_PARM_DESC(idle, "idle connections per batch of the idle test (0: skip it)");

static ushort port = 40200;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "loopback port of the rr test; the others use port + 1");

#define MB_MSG_SIZE		64
#define MB_RR_WARMUP		1000
#define MB_ACCEPT_WARMUP	100
#define MB_MEM_ROUNDS		3
#define MB_TIMEOUT_MS		10000
#define MB_NA			S64_MIN		/* no allocation count */

/* The IRPs, each reused for one kind of request. */
enum {
	MB_CTL,		/* WskSocket, WskBind, options, closes: one at a time */
	MB_ACCEPT,
	MB_SEND_A,	/* rr: A is the connecting socket, B the accepted one */
	MB_RECV_B,
	MB_SEND_B,
	MB_RECV_A,
	MB_IRPS
};

struct mb_irp {
	PIRP irp;
	KEVENT done;
	bool pending;	/* submitted; its completion not yet seen */
	bool stuck;	/* not completed even when cancelled: never reused */
	/* rr's IRPs: MB_MSG_SIZE bytes and their MDL */
	char *data;
	PMDL mdl;
	WSK_BUF wbuf;
};

struct mb_result {
	u64 ns;		/* per operation */
	s64 allocs;	/* hundredths of a slab allocation per operation, or MB_NA */
};

struct mb {
	WSK_REGISTRATION reg;
	WSK_PROVIDER_NPI npi;
	bool registered;
	bool captured;
	struct mb_irp irps[MB_IRPS];
	char *data;
	PWSK_SOCKET listener;
	PWSK_SOCKET wa, wb;		/* rr: connected and accepted */
	struct socket *klistener;
	struct socket *ka, *kb;		/* rr baseline: connected and accepted */
	/* idle: the connecting sockets, and what accepted them */
	struct socket **clients;
	PWSK_SOCKET *waccepted;
	struct socket **kaccepted;
	/* urr: A and B, and the indication B's event keeps */
	PWSK_SOCKET ua, ub;
	struct socket *kua, *kub;
	PWSK_DATAGRAM_INDICATION kept;
	KEVENT indicated;
	const char *test;
	struct completion deregistered;
};

/* The first failure, printed last. */
static char mb_why[192];

static __printf(2, 3) int mb_fail(struct mb *mb, const char *fmt, ...)
{
	va_list args;
	int len;

	if (mb_why[0])
		return -EIO;
	len = scnprintf(mb_why, sizeof(mb_why), "%s: ", mb->test);
	va_start(args, fmt);
	vscnprintf(mb_why + len, sizeof(mb_why) - len, fmt, args);
	va_end(args);
	return -EIO;
}

static int mb_status(void)
{
	return mb_why[0] ? -EIO : 0;
}

/*
 * Allocation counting: a kprobe on each slab allocation entry point of the
 * running kernel (names of both 6.1 and 6.10+; those missing are skipped).
 */
#ifdef CONFIG_KPROBES

enum mb_site_kind {
	MB_ONE,		/* one object per call */
	MB_BULK,	/* the third argument is the number of objects */
	MB_SIZED,	/* none for size 0 */
	/*
	 * None for size 0, and a size above KMALLOC_MAX_CACHE_SIZE is counted
	 * by __kmalloc_large_node_noprof(), which these call for it (6.10+).
	 */
	MB_SIZED_SMALL,
};

struct mb_site {
	const char *name;
	enum mb_site_kind kind;
};

static const struct mb_site mb_sites[] = {
	/* 6.10 and later: mm/slub.c */
	{ "kmem_cache_alloc_noprof", MB_ONE },
	{ "kmem_cache_alloc_lru_noprof", MB_ONE },
	{ "kmem_cache_alloc_node_noprof", MB_ONE },
	{ "kmem_cache_alloc_bulk_noprof", MB_BULK },
	{ "__kmalloc_noprof", MB_SIZED_SMALL },
	{ "__kmalloc_node_noprof", MB_SIZED_SMALL },
	{ "__kmalloc_node_track_caller_noprof", MB_SIZED_SMALL },
	{ "__kmalloc_cache_noprof", MB_ONE },
	{ "__kmalloc_cache_node_noprof", MB_ONE },
	{ "__kmalloc_large_noprof", MB_ONE },
	{ "__kmalloc_large_node_noprof", MB_ONE },
	/* 6.1: mm/slub.c and mm/slab_common.c */
	{ "kmem_cache_alloc", MB_ONE },
	{ "kmem_cache_alloc_lru", MB_ONE },
	{ "kmem_cache_alloc_node", MB_ONE },
	{ "kmem_cache_alloc_bulk", MB_BULK },
	{ "__kmalloc", MB_SIZED },
	{ "__kmalloc_node", MB_SIZED },
	{ "__kmalloc_node_track_caller", MB_SIZED },
	{ "kmalloc_trace", MB_ONE },
	{ "kmalloc_node_trace", MB_ONE },
	{ "kmalloc_large", MB_ONE },
	{ "kmalloc_large_node", MB_ONE },
};

static struct kprobe mb_kprobes[ARRAY_SIZE(mb_sites)];
static struct kprobe *mb_armed[ARRAY_SIZE(mb_sites)];
static int mb_nprobes;
static bool mb_counting;
static DEFINE_PER_CPU(unsigned long, mb_allocs);

static int mb_probe_pre(struct kprobe *p, struct pt_regs *regs)
{
	enum mb_site_kind kind = mb_sites[p - mb_kprobes].kind;
	unsigned long n = 1;

	if (!READ_ONCE(mb_counting))
		return 0;
#ifdef CONFIG_HAVE_REGS_AND_STACK_ACCESS_API
	if (kind == MB_BULK) {
		n = regs_get_kernel_argument(regs, 2);
	} else if (kind == MB_SIZED || kind == MB_SIZED_SMALL) {
		n = regs_get_kernel_argument(regs, 0);
		if (kind == MB_SIZED_SMALL && n > KMALLOC_MAX_CACHE_SIZE)
			n = 0;
		n = !!n;
	}
#endif
	this_cpu_add(mb_allocs, n);
	return 0;
}

/* Register every probe that exists, disarmed; print which. */
static void mb_probes_register(void)
{
	char names[512];
	int i, len = 0;

	names[0] = 0;
	for (i = 0; i < ARRAY_SIZE(mb_sites); i++) {
		mb_kprobes[i].symbol_name = mb_sites[i].name;
		mb_kprobes[i].pre_handler = mb_probe_pre;
		mb_kprobes[i].flags = KPROBE_FLAG_DISABLED;
		if (register_kprobe(&mb_kprobes[i]))
			continue;
		mb_armed[mb_nprobes++] = &mb_kprobes[i];
		len += scnprintf(names + len, sizeof(names) - len, " %s", mb_sites[i].name);
	}
	pr_info("allocation probes: registered=%d of %zu:%s\n", mb_nprobes,
		ARRAY_SIZE(mb_sites), names);
}

static void mb_probes_unregister(void)
{
	if (mb_nprobes)
		unregister_kprobes(mb_armed, mb_nprobes);
	mb_nprobes = 0;
}

static void mb_count_begin(void)
{
	int i, cpu;

	for_each_possible_cpu(cpu)
		per_cpu(mb_allocs, cpu) = 0;
	for (i = 0; i < mb_nprobes; i++)
		enable_kprobe(mb_armed[i]);
	WRITE_ONCE(mb_counting, true);
}

static u64 mb_count_end(void)
{
	u64 total = 0;
	int i, cpu;

	WRITE_ONCE(mb_counting, false);
	for (i = 0; i < mb_nprobes; i++)
		disable_kprobe(mb_armed[i]);
	for_each_possible_cpu(cpu)
		total += per_cpu(mb_allocs, cpu);
	return total;
}

#else /* !CONFIG_KPROBES */

static const int mb_nprobes;

static void mb_probes_register(void)
{
	pr_info("allocation probes: registered=0 (no CONFIG_KPROBES): allocs_per_op=n/a\n");
}

static void mb_probes_unregister(void)
{
}

static void mb_count_begin(void)
{
}

static u64 mb_count_end(void)
{
	return 0;
}

#endif /* CONFIG_KPROBES */

/*
 * Slab memory.
 */

/* Slab pages in use, the per-CPU deltas not yet folded in included. */
static long mb_slab_pages(void)
{
	static const enum node_stat_item items[] = {
		NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B
	};
	struct per_cpu_nodestat __percpu *stats;
	struct per_cpu_nodestat *diff;
	long pages = 0;
	int i, nid, cpu;

	/* Byte items are kept in pages at the node and global level. */
	for (i = 0; i < ARRAY_SIZE(items); i++) {
		pages += global_node_page_state_pages(items[i]);
		for_each_online_node(nid) {
			stats = NODE_DATA(nid)->per_cpu_nodestats;
			for_each_possible_cpu(cpu) {
				diff = per_cpu_ptr(stats, cpu);
				pages += READ_ONCE(diff->vm_node_stat_diff[items[i]]);
			}
		}
	}
	return pages;
}

static void mb_shrink(struct kmem_cache *s)
{
	if (s)
		kmem_cache_shrink(s);
}

/*
 * Let RCU free what waits for it, then give the empty and per-CPU slabs of
 * the caches a connection uses (those reachable from here) back, and read
 * the slab pages in use.
 */
static long mb_settle(void)
{
	rcu_barrier();
#ifdef CONFIG_SLUB
	{
		int t, i;

		for (t = 0; t < NR_KMALLOC_TYPES; t++)
			for (i = 0; i < ARRAY_SIZE(kmalloc_caches[t]); i++)
				mb_shrink(kmalloc_caches[t][i]);
	}
#endif
	mb_shrink(tcp_prot.slab);
	if (tcp_prot.rsk_prot)
		mb_shrink(tcp_prot.rsk_prot->slab);
	if (tcp_prot.twsk_prot)
		mb_shrink(tcp_prot.twsk_prot->twsk_slab);
	/* Empty slabs of SLAB_TYPESAFE_BY_RCU caches are freed after a grace period. */
	rcu_barrier();
	msleep(20);
	return mb_slab_pages();
}

static long mb_median3(const long *v)
{
	return max(min(v[0], v[1]), min(max(v[0], v[1]), v[2]));
}

/*
 * IRPs: each call arms its IRP, then waits for the completion routine,
 * never longer than MB_TIMEOUT_MS before cancelling it, and as long again
 * for the cancel.
 */

static NTSTATUS mb_irp_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	struct mb_irp *m = Context;

	KeSetEvent(&m->done, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* The IRP for the next call, or NULL (which the call refuses) if stuck. */
static PIRP mb_arm(struct mb_irp *m)
{
	if (m->stuck)
		return NULL;
	IoReuseIrp(m->irp, STATUS_UNSUCCESSFUL);
	KeClearEvent(&m->done);
	IoSetCompletionRoutine(m->irp, mb_irp_done, m, TRUE, TRUE, TRUE);
	m->pending = true;
	return m->irp;
}

static bool mb_wait_event(struct mb_irp *m)
{
	LARGE_INTEGER timeout = { .QuadPart = -10000LL * MB_TIMEOUT_MS };

	return KeWaitForSingleObject(&m->done, Executive, KernelMode, FALSE, &timeout) ==
	       STATUS_SUCCESS;
}

/* The final status of the call on @m that returned @ret. */
static NTSTATUS mb_wait(struct mb_irp *m, NTSTATUS ret)
{
	if (m->stuck)
		return STATUS_IO_TIMEOUT;
	if (ret != STATUS_PENDING) {
		/* Completed already, or refused without touching the IRP. */
		m->pending = false;
		return ret;
	}
	if (!mb_wait_event(m)) {
		pr_err("an IRP did not complete in %d ms: cancelling it\n", MB_TIMEOUT_MS);
		IoCancelIrp(m->irp);
		if (!mb_wait_event(m)) {
			pr_err("the cancelled IRP did not complete either\n");
			m->stuck = true;
			return STATUS_IO_TIMEOUT;
		}
	}
	m->pending = false;
	return m->irp->IoStatus.Status;
}

static void mb_loopback(struct sockaddr_in *sin, u16 p)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin->sin_port = htons(p);
}

/*
 * WSK sockets.
 */

/* Close *@s, if open, and forget it. */
static int mb_wsk_close(struct mb *mb, PWSK_SOCKET *s)
{
	struct mb_irp *ctl = &mb->irps[MB_CTL];
	const WSK_PROVIDER_BASIC_DISPATCH *d;
	NTSTATUS st;

	if (!*s)
		return 0;
	d = (*s)->Dispatch;
	st = mb_wait(ctl, d->WskCloseSocket(*s, mb_arm(ctl)));
	*s = NULL;
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskCloseSocket: 0x%08x", st);
	return 0;
}

static int mb_wsk_option(struct mb *mb, PWSK_SOCKET s, ULONG level, ULONG option,
			 const char *name)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;
	struct mb_irp *ctl = &mb->irps[MB_CTL];
	ULONG one = 1;
	NTSTATUS st;

	st = d->WskControlSocket(s, WskSetOption, option, level, sizeof(one), &one, 0, NULL, NULL,
				 mb_arm(ctl));
	st = mb_wait(ctl, st);
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskControlSocket(%s): 0x%08x", name, st);
	return 0;
}

/* mb->listener: a LISTEN socket bound to 127.0.0.1:@p, so listening. */
static int mb_wsk_listen(struct mb *mb, u16 p)
{
	struct mb_irp *ctl = &mb->irps[MB_CTL];
	const WSK_PROVIDER_LISTEN_DISPATCH *d;
	struct sockaddr_in sin;
	NTSTATUS st;

	st = mb->npi.Dispatch->WskSocket(mb->npi.Client, AF_INET, SOCK_STREAM, IPPROTO_TCP,
					 WSK_FLAG_LISTEN_SOCKET, mb, NULL, NULL, NULL, NULL,
					 mb_arm(ctl));
	st = mb_wait(ctl, st);
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskSocket(LISTEN): 0x%08x", st);
	mb->listener = (PWSK_SOCKET)ctl->irp->IoStatus.Information;
	d = mb->listener->Dispatch;
	if (mb_wsk_option(mb, mb->listener, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR"))
		return -EIO;
	mb_loopback(&sin, p);
	st = mb_wait(ctl, d->WskBind(mb->listener, (struct sockaddr *)&sin, 0, mb_arm(ctl)));
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskBind(127.0.0.1:%u): 0x%08x", p, st);
	return 0;
}

/* Post WskAccept on mb->listener; mb_wsk_accepted() waits for it. */
static NTSTATUS mb_wsk_accept(struct mb *mb)
{
	const WSK_PROVIDER_LISTEN_DISPATCH *d = mb->listener->Dispatch;

	return d->WskAccept(mb->listener, 0, NULL, NULL, NULL, NULL,
			    mb_arm(&mb->irps[MB_ACCEPT]));
}

static int mb_wsk_accepted(struct mb *mb, NTSTATUS ret, PWSK_SOCKET *s)
{
	struct mb_irp *m = &mb->irps[MB_ACCEPT];
	NTSTATUS st = mb_wait(m, ret);

	*s = NULL;
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskAccept: 0x%08x", st);
	*s = (PWSK_SOCKET)m->irp->IoStatus.Information;
	return 0;
}

/*
 * Wait for what is still pending (after the sockets it was on closed); a
 * WskAccept that succeeded all the same brings a socket to close.
 */
static void mb_drain(struct mb *mb)
{
	struct mb_irp *m;
	PWSK_SOCKET s;
	int i;

	for (i = 0; i < MB_IRPS; i++) {
		m = &mb->irps[i];
		if (!m->pending || m->stuck)
			continue;
		if (mb_wait(m, STATUS_PENDING) == STATUS_SUCCESS && i == MB_ACCEPT) {
			s = (PWSK_SOCKET)m->irp->IoStatus.Information;
			mb_wsk_close(mb, &s);
		}
	}
}

/*
 * Kernel sockets. Blocking calls end after MB_TIMEOUT_MS (sk_rcvtimeo,
 * sk_sndtimeo). Every release resets the connection, as WskCloseSocket
 * does, so that no connection lingers in TIME_WAIT.
 */

static void mb_krelease(struct socket **s)
{
	if (!*s)
		return;
	sock_no_linger((*s)->sk);
	sock_release(*s);
	*s = NULL;
}

static int mb_ksocket(struct mb *mb, struct socket **s)
{
	int err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP, s);

	if (err) {
		*s = NULL;
		return mb_fail(mb, "sock_create_kern: %d", err);
	}
	(*s)->sk->sk_rcvtimeo = msecs_to_jiffies(MB_TIMEOUT_MS);
	(*s)->sk->sk_sndtimeo = msecs_to_jiffies(MB_TIMEOUT_MS);
	return 0;
}

/* mb->klistener: a kernel socket listening on 127.0.0.1:@p. */
static int mb_klisten(struct mb *mb, u16 p)
{
	struct sockaddr_in sin;
	int err;

	if (mb_ksocket(mb, &mb->klistener))
		return -EIO;
	sock_set_reuseaddr(mb->klistener->sk);
	mb_loopback(&sin, p);
	err = kernel_bind(mb->klistener, (struct sockaddr *)&sin, sizeof(sin));
	if (err)
		return mb_fail(mb, "kernel_bind(127.0.0.1:%u): %d", p, err);
	err = kernel_listen(mb->klistener, SOMAXCONN);
	if (err)
		return mb_fail(mb, "kernel_listen: %d", err);
	return 0;
}

static int mb_kconnect(struct mb *mb, u16 p, struct socket **s)
{
	struct sockaddr_in sin;
	int err;

	if (mb_ksocket(mb, s))
		return -EIO;
	mb_loopback(&sin, p);
	err = kernel_connect(*s, (struct sockaddr *)&sin, sizeof(sin), 0);
	if (err) {
		mb_krelease(s);
		return mb_fail(mb, "kernel_connect(127.0.0.1:%u): %d", p, err);
	}
	return 0;
}

static int mb_kaccept(struct mb *mb, struct socket **s)
{
	int err = kernel_accept(mb->klistener, s, 0);

	if (err) {
		*s = NULL;
		return mb_fail(mb, "kernel_accept: %d", err);
	}
	return 0;
}

static int mb_kxfer(struct mb *mb, struct socket *s, void *buf, bool send, const char *what)
{
	struct kvec vec = { .iov_base = buf, .iov_len = MB_MSG_SIZE };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int ret;

	if (send)
		ret = kernel_sendmsg(s, &msg, &vec, 1, MB_MSG_SIZE);
	else
		ret = kernel_recvmsg(s, &msg, &vec, 1, MB_MSG_SIZE, MSG_WAITALL);
	if (ret != MB_MSG_SIZE)
		return mb_fail(mb, "%s: %d", what, ret);
	return 0;
}

/*
 * Measurements.
 */

typedef int (*mb_loop_t)(struct mb *mb, int n);

/* Warm up, time @n operations, then count their allocations. */
static int mb_measure(struct mb *mb, mb_loop_t loop, int warmup, int n, struct mb_result *r)
{
	u64 t0, allocs;
	int err;

	r->allocs = MB_NA;
	err = loop(mb, warmup);
	if (err)
		return err;
	t0 = ktime_get_ns();
	err = loop(mb, n);
	r->ns = div_u64(ktime_get_ns() - t0, n);
	if (err || !mb_nprobes)
		return err;
	mb_count_begin();
	err = loop(mb, n);
	allocs = mb_count_end();
	if (!err)
		r->allocs = div_u64(allocs * 100 + n / 2, n);
	return err;
}

/* @v hundredths as a decimal number, or n/a. */
static const char *mb_hundredths(char *buf, size_t len, s64 v)
{
	u64 a = v < 0 ? -(u64)v : v;
	u32 rem;

	if (v == MB_NA)
		return "n/a";
	a = div_u64_rem(a, 100, &rem);
	snprintf(buf, len, "%s%llu.%02u", v < 0 ? "-" : "", a, rem);
	return buf;
}

static void mb_report(const char *test, int n, const struct mb_result *w,
		      const struct mb_result *k)
{
	s64 allocs = w->allocs == MB_NA || k->allocs == MB_NA ? MB_NA : w->allocs - k->allocs;
	s64 ratio = k->ns ? div64_u64(w->ns * 100, k->ns) : 0;
	char a[32], b[32];

	pr_info("RESULT test=%s impl=wsk iterations=%d ns_per_op=%llu allocs_per_op=%s\n",
		test, n, w->ns, mb_hundredths(a, sizeof(a), w->allocs));
	pr_info("RESULT test=%s impl=kernel iterations=%d ns_per_op=%llu allocs_per_op=%s\n",
		test, n, k->ns, mb_hundredths(a, sizeof(a), k->allocs));
	pr_info("RESULT test=%s impl=provider iterations=%d ns_per_op=%lld allocs_per_op=%s ratio=%s\n",
		test, n, (s64)(w->ns - k->ns), mb_hundredths(a, sizeof(a), allocs),
		mb_hundredths(b, sizeof(b), ratio));
}

/*
 * rr: request and reply.
 */

static int mb_rr_check(struct mb *mb)
{
	struct mb_irp *irps = mb->irps;

	if (memcmp(irps[MB_RECV_B].data, irps[MB_SEND_A].data, MB_MSG_SIZE) ||
	    memcmp(irps[MB_RECV_A].data, irps[MB_SEND_B].data, MB_MSG_SIZE))
		return mb_fail(mb, "received data differ from what was sent");
	return 0;
}

static void mb_rr_clear(struct mb *mb)
{
	memset(mb->irps[MB_RECV_A].data, 0, MB_MSG_SIZE);
	memset(mb->irps[MB_RECV_B].data, 0, MB_MSG_SIZE);
}

/* Wait for a send or receive of MB_MSG_SIZE bytes. */
static int mb_xfer(struct mb *mb, struct mb_irp *m, NTSTATUS ret, const char *what)
{
	NTSTATUS st = mb_wait(m, ret);

	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "%s: 0x%08x", what, st);
	if (m->irp->IoStatus.Information != MB_MSG_SIZE)
		return mb_fail(mb, "%s: %lu bytes, not %d", what,
			       (unsigned long)m->irp->IoStatus.Information, MB_MSG_SIZE);
	return 0;
}

static int mb_rr_wsk_loop(struct mb *mb, int n)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *da = mb->wa->Dispatch;
	const WSK_PROVIDER_CONNECTION_DISPATCH *db = mb->wb->Dispatch;
	struct mb_irp *sa = &mb->irps[MB_SEND_A], *rb = &mb->irps[MB_RECV_B];
	struct mb_irp *sb = &mb->irps[MB_SEND_B], *ra = &mb->irps[MB_RECV_A];
	NTSTATUS recv_b, recv_a;
	int i;

	mb_rr_clear(mb);
	for (i = 0; i < n; i++) {
		recv_b = db->WskReceive(mb->wb, &rb->wbuf, WSK_FLAG_WAITALL, mb_arm(rb));
		recv_a = da->WskReceive(mb->wa, &ra->wbuf, WSK_FLAG_WAITALL, mb_arm(ra));
		if (mb_xfer(mb, sa, da->WskSend(mb->wa, &sa->wbuf, 0, mb_arm(sa)), "WskSend(A)") ||
		    mb_xfer(mb, rb, recv_b, "WskReceive(B)") ||
		    mb_xfer(mb, sb, db->WskSend(mb->wb, &sb->wbuf, 0, mb_arm(sb)), "WskSend(B)") ||
		    mb_xfer(mb, ra, recv_a, "WskReceive(A)"))
			return -EIO;
	}
	return mb_rr_check(mb);
}

static int mb_rr_kernel_loop(struct mb *mb, int n)
{
	struct mb_irp *irps = mb->irps;
	int i;

	mb_rr_clear(mb);
	for (i = 0; i < n; i++) {
		if (mb_kxfer(mb, mb->ka, irps[MB_SEND_A].data, true, "kernel_sendmsg(A)") ||
		    mb_kxfer(mb, mb->kb, irps[MB_RECV_B].data, false, "kernel_recvmsg(B)") ||
		    mb_kxfer(mb, mb->kb, irps[MB_SEND_B].data, true, "kernel_sendmsg(B)") ||
		    mb_kxfer(mb, mb->ka, irps[MB_RECV_A].data, false, "kernel_recvmsg(A)"))
			return -EIO;
	}
	return mb_rr_check(mb);
}

/* mb->wa, from WskSocketConnect, and mb->wb, which accepted it; TCP_NODELAY. */
static int mb_rr_wsk_open(struct mb *mb)
{
	struct mb_irp *ctl = &mb->irps[MB_CTL];
	struct sockaddr_in local, remote;
	NTSTATUS accepting, st;
	int err;

	if (mb_wsk_listen(mb, port))
		return -EIO;
	accepting = mb_wsk_accept(mb);
	mb_loopback(&local, 0);
	mb_loopback(&remote, port);
	st = mb->npi.Dispatch->WskSocketConnect(mb->npi.Client, SOCK_STREAM, IPPROTO_TCP,
						(struct sockaddr *)&local,
						(struct sockaddr *)&remote, 0, mb, NULL, NULL,
						NULL, NULL, mb_arm(ctl));
	st = mb_wait(ctl, st);
	if (st == STATUS_SUCCESS) {
		mb->wa = (PWSK_SOCKET)ctl->irp->IoStatus.Information;
	} else {
		mb_fail(mb, "WskSocketConnect(127.0.0.1:%u): 0x%08x", port, st);
		mb_wsk_close(mb, &mb->listener);	/* cancels the accept */
	}
	err = mb_wsk_accepted(mb, accepting, &mb->wb);
	if (!err)
		err = mb_wsk_close(mb, &mb->listener);
	if (!err)
		err = mb_wsk_option(mb, mb->wa, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
	if (!err)
		err = mb_wsk_option(mb, mb->wb, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
	return err ?: mb_status();
}

static int mb_rr_kernel_open(struct mb *mb)
{
	int err;

	err = mb_klisten(mb, port);
	if (!err)
		err = mb_kconnect(mb, port, &mb->ka);
	if (!err)
		err = mb_kaccept(mb, &mb->kb);
	mb_krelease(&mb->klistener);
	if (err)
		return err;
	tcp_sock_set_nodelay(mb->ka->sk);
	tcp_sock_set_nodelay(mb->kb->sk);
	return 0;
}

static int mb_rr(struct mb *mb)
{
	struct mb_result w = {}, k = {};
	int err;

	mb->test = "rr";
	err = mb_rr_wsk_open(mb);
	if (!err)
		err = mb_measure(mb, mb_rr_wsk_loop, MB_RR_WARMUP, iterations, &w);
	mb_wsk_close(mb, &mb->listener);
	mb_wsk_close(mb, &mb->wa);
	mb_wsk_close(mb, &mb->wb);
	mb_drain(mb);
	if (err || mb_status())
		return -EIO;

	err = mb_rr_kernel_open(mb);
	if (!err)
		err = mb_measure(mb, mb_rr_kernel_loop, MB_RR_WARMUP, iterations, &k);
	mb_krelease(&mb->ka);
	mb_krelease(&mb->kb);
	if (err)
		return err;
	mb_report("rr", iterations, &w, &k);
	return 0;
}

/*
 * urr: a UDP datagram each way, the reply from the kept indication.
 */

static NTSTATUS mb_urr_event(PVOID SocketContext, ULONG Flags, PWSK_DATAGRAM_INDICATION ind)
{
	struct mb *mb = SocketContext;

	if (!ind)
		return STATUS_SUCCESS;
	if (ind->Next || mb->kept)
		return STATUS_SUCCESS;	/* not the one datagram expected: dropped */
	mb->kept = ind;
	KeSetEvent(&mb->indicated, IO_NO_INCREMENT, FALSE);
	return STATUS_PENDING;
}

static const WSK_CLIENT_DATAGRAM_DISPATCH mb_urr_events = { mb_urr_event };

/* A datagram socket bound to 127.0.0.1:@p, with B's event or without. */
static int mb_wsk_udp(struct mb *mb, u16 p, bool events, PWSK_SOCKET *s)
{
	WSK_EVENT_CALLBACK_CONTROL ec = { &NPI_WSK_INTERFACE_ID, WSK_EVENT_RECEIVE_FROM };
	struct mb_irp *ctl = &mb->irps[MB_CTL];
	const WSK_PROVIDER_DATAGRAM_DISPATCH *d;
	struct sockaddr_in sin;
	NTSTATUS st;

	st = mb->npi.Dispatch->WskSocket(mb->npi.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
					 WSK_FLAG_DATAGRAM_SOCKET, mb,
					 events ? &mb_urr_events : NULL, NULL, NULL, NULL,
					 mb_arm(ctl));
	st = mb_wait(ctl, st);
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskSocket(DATAGRAM): 0x%08x", st);
	*s = (PWSK_SOCKET)ctl->irp->IoStatus.Information;
	d = (*s)->Dispatch;
	mb_loopback(&sin, p);
	st = mb_wait(ctl, d->WskBind(*s, (struct sockaddr *)&sin, 0, mb_arm(ctl)));
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskBind(UDP 127.0.0.1:%u): 0x%08x", p, st);
	if (!events)
		return 0;
	st = d->WskControlSocket(*s, WskSetOption, SO_WSK_EVENT_CALLBACK, SOL_SOCKET, sizeof(ec),
				 &ec, 0, NULL, NULL, mb_arm(ctl));
	st = mb_wait(ctl, st);
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "SO_WSK_EVENT_CALLBACK(WSK_EVENT_RECEIVE_FROM): 0x%08x", st);
	return 0;
}

static int mb_urr_wsk_loop(struct mb *mb, int n)
{
	const WSK_PROVIDER_DATAGRAM_DISPATCH *da = mb->ua->Dispatch;
	const WSK_PROVIDER_DATAGRAM_DISPATCH *db = mb->ub->Dispatch;
	struct mb_irp *sa = &mb->irps[MB_SEND_A], *sb = &mb->irps[MB_SEND_B];
	struct mb_irp *ra = &mb->irps[MB_RECV_A];
	LARGE_INTEGER timeout = { .QuadPart = -10000LL * MB_TIMEOUT_MS };
	struct sockaddr_in to_b, to_a, from;
	PWSK_DATAGRAM_INDICATION ind;
	NTSTATUS recv_a;
	int i, err;

	mb_loopback(&to_b, port + 2);
	mb_loopback(&to_a, port + 3);
	mb_rr_clear(mb);
	for (i = 0; i < n; i++) {
		recv_a = da->WskReceiveFrom(mb->ua, &ra->wbuf, 0, (struct sockaddr *)&from, NULL,
					    NULL, NULL, mb_arm(ra));
		if (mb_xfer(mb, sa, da->WskSendTo(mb->ua, &sa->wbuf, 0, (struct sockaddr *)&to_b,
						  0, NULL, mb_arm(sa)), "WskSendTo(A)")) {
			mb_wait(ra, recv_a);
			return -EIO;
		}
		if (KeWaitForSingleObject(&mb->indicated, Executive, KernelMode, FALSE,
					  &timeout) != STATUS_SUCCESS) {
			mb_wait(ra, recv_a);
			return mb_fail(mb, "WskReceiveFromEvent(B): no datagram in %d ms",
				       MB_TIMEOUT_MS);
		}
		KeClearEvent(&mb->indicated);
		ind = mb->kept;
		mb->kept = NULL;
		memcpy(mb->irps[MB_RECV_B].data, MmGetSystemAddressForMdlSafe(ind->Buffer.Mdl,
									      NormalPagePriority),
		       min_t(SIZE_T, ind->Buffer.Length, MB_MSG_SIZE));
		if (ind->Buffer.Length != MB_MSG_SIZE)
			err = mb_fail(mb, "WskReceiveFromEvent(B): %lu bytes, not %d",
				      (unsigned long)ind->Buffer.Length, MB_MSG_SIZE);
		else
			err = mb_xfer(mb, sb, db->WskSendTo(mb->ub, &ind->Buffer, 0,
							    (struct sockaddr *)&to_a, 0, NULL,
							    mb_arm(sb)), "WskSendTo(B)");
		db->WskRelease(mb->ub, ind);
		if (err || mb_xfer(mb, ra, recv_a, "WskReceiveFrom(A)"))
			return -EIO;
	}
	/* B echoes what A sent: both receive buffers hold A's data. */
	if (memcmp(mb->irps[MB_RECV_A].data, sa->data, MB_MSG_SIZE) ||
	    memcmp(mb->irps[MB_RECV_B].data, sa->data, MB_MSG_SIZE))
		return mb_fail(mb, "received datagrams differ from what was sent");
	return 0;
}

/* A kernel UDP socket bound to 127.0.0.1:@p; it sends with an address, as WskSendTo does. */
static int mb_kudp(struct mb *mb, u16 p, struct socket **s)
{
	struct sockaddr_in sin;
	int err;

	err = sock_create_kern(&init_net, AF_INET, SOCK_DGRAM, IPPROTO_UDP, s);
	if (err) {
		*s = NULL;
		return mb_fail(mb, "sock_create_kern(UDP): %d", err);
	}
	(*s)->sk->sk_rcvtimeo = msecs_to_jiffies(MB_TIMEOUT_MS);
	mb_loopback(&sin, p);
	err = kernel_bind(*s, (struct sockaddr *)&sin, sizeof(sin));
	if (err)
		return mb_fail(mb, "kernel_bind(UDP 127.0.0.1:%u): %d", p, err);
	return 0;
}

/* Send a datagram to 127.0.0.1:@to, or receive one (with its sender's address). */
static int mb_kudp_xfer(struct mb *mb, struct socket *s, void *buf, u16 to, const char *what)
{
	struct kvec vec = { .iov_base = buf, .iov_len = MB_MSG_SIZE };
	struct sockaddr_in sin;
	struct msghdr msg = { .msg_name = &sin, .msg_namelen = sizeof(sin) };
	int ret;

	if (to) {
		mb_loopback(&sin, to);
		ret = kernel_sendmsg(s, &msg, &vec, 1, MB_MSG_SIZE);
	} else {
		ret = kernel_recvmsg(s, &msg, &vec, 1, MB_MSG_SIZE, 0);
	}
	if (ret != MB_MSG_SIZE)
		return mb_fail(mb, "%s: %d", what, ret);
	return 0;
}

static int mb_urr_kernel_loop(struct mb *mb, int n)
{
	char *sent = mb->irps[MB_SEND_A].data, *at_b = mb->irps[MB_RECV_B].data;
	char *at_a = mb->irps[MB_RECV_A].data;
	int i;

	mb_rr_clear(mb);
	for (i = 0; i < n; i++) {
		if (mb_kudp_xfer(mb, mb->kua, sent, port + 2, "kernel_sendmsg(A)") ||
		    mb_kudp_xfer(mb, mb->kub, at_b, 0, "kernel_recvmsg(B)") ||
		    mb_kudp_xfer(mb, mb->kub, at_b, port + 3, "kernel_sendmsg(B)") ||
		    mb_kudp_xfer(mb, mb->kua, at_a, 0, "kernel_recvmsg(A)"))
			return -EIO;
	}
	if (memcmp(at_a, sent, MB_MSG_SIZE))
		return mb_fail(mb, "received datagrams differ from what was sent");
	return 0;
}

static int mb_urr(struct mb *mb)
{
	struct mb_result w = {}, k = {};
	int err;

	mb->test = "urr";
	KeInitializeEvent(&mb->indicated, NotificationEvent, FALSE);
	err = mb_wsk_udp(mb, port + 2, true, &mb->ub);
	if (!err)
		err = mb_wsk_udp(mb, port + 3, false, &mb->ua);
	if (!err)
		err = mb_measure(mb, mb_urr_wsk_loop, MB_RR_WARMUP, datagrams, &w);
	mb_wsk_close(mb, &mb->ua);
	mb_wsk_close(mb, &mb->ub);
	mb_drain(mb);
	if (err || mb_status())
		return -EIO;

	err = mb_kudp(mb, port + 2, &mb->kub);
	if (!err)
		err = mb_kudp(mb, port + 3, &mb->kua);
	if (!err)
		err = mb_measure(mb, mb_urr_kernel_loop, MB_RR_WARMUP, datagrams, &k);
	mb_krelease(&mb->kua);
	mb_krelease(&mb->kub);
	if (err)
		return err;
	mb_report("urr", datagrams, &w, &k);
	return 0;
}

/*
 * accept: connect, accept, close.
 */

static int mb_accept_wsk_loop(struct mb *mb, int n)
{
	struct socket *client;
	NTSTATUS accepting;
	PWSK_SOCKET s;
	int i, err;

	for (i = 0; i < n; i++) {
		/* On failure, closing the listener cancels the accept. */
		accepting = mb_wsk_accept(mb);
		if (mb_kconnect(mb, port + 1, &client))
			return -EIO;
		err = mb_wsk_accepted(mb, accepting, &s);
		if (!err)
			err = mb_wsk_close(mb, &s);
		mb_krelease(&client);
		if (err)
			return err;
	}
	return 0;
}

static int mb_accept_kernel_loop(struct mb *mb, int n)
{
	struct socket *client, *s;
	int i, err;

	for (i = 0; i < n; i++) {
		if (mb_kconnect(mb, port + 1, &client))
			return -EIO;
		err = mb_kaccept(mb, &s);
		mb_krelease(&s);
		mb_krelease(&client);
		if (err)
			return err;
	}
	return 0;
}

static int mb_accept(struct mb *mb)
{
	struct mb_result w = {}, k = {};
	int err;

	mb->test = "accept";
	err = mb_wsk_listen(mb, port + 1);
	if (!err)
		err = mb_measure(mb, mb_accept_wsk_loop, MB_ACCEPT_WARMUP, accepts, &w);
	mb_wsk_close(mb, &mb->listener);
	mb_drain(mb);
	if (err || mb_status())
		return -EIO;

	err = mb_klisten(mb, port + 1);
	if (!err)
		err = mb_measure(mb, mb_accept_kernel_loop, MB_ACCEPT_WARMUP, accepts, &k);
	mb_krelease(&mb->klistener);
	if (err)
		return err;
	mb_report("accept", accepts, &w, &k);
	return 0;
}

/*
 * idle: slab memory per idle accepted connection.
 */

static void mb_idle_close(struct mb *mb)
{
	int i;

	for (i = 0; mb->clients && i < idle; i++) {
		mb_wsk_close(mb, &mb->waccepted[i]);
		mb_krelease(&mb->kaccepted[i]);
		mb_krelease(&mb->clients[i]);
	}
}

/* Open @idle connections through wsk or kernel_accept(): their slab pages. */
static int mb_idle_batch(struct mb *mb, bool wsk, long *pages)
{
	NTSTATUS accepting = STATUS_SUCCESS;
	long before;
	int i, err;

	err = wsk ? mb_wsk_listen(mb, port + 1) : mb_klisten(mb, port + 1);
	before = err ? 0 : mb_settle();
	for (i = 0; i < idle && !err; i++) {
		if (wsk)
			accepting = mb_wsk_accept(mb);
		err = mb_kconnect(mb, port + 1, &mb->clients[i]);
		if (err)
			break;
		if (wsk)
			err = mb_wsk_accepted(mb, accepting, &mb->waccepted[i]);
		else
			err = mb_kaccept(mb, &mb->kaccepted[i]);
	}
	if (!err)
		*pages = mb_settle() - before;
	mb_idle_close(mb);
	mb_wsk_close(mb, &mb->listener);
	mb_krelease(&mb->klistener);
	mb_drain(mb);
	return err ?: mb_status();
}

static int mb_idle(struct mb *mb)
{
	long kpages[MB_MEM_ROUNDS], wpages[MB_MEM_ROUNDS];
	s64 kbytes, wbytes;
	int r;

	mb->test = "idle";
	mb->clients = kvcalloc(idle, sizeof(*mb->clients), GFP_KERNEL);
	mb->waccepted = kvcalloc(idle, sizeof(*mb->waccepted), GFP_KERNEL);
	mb->kaccepted = kvcalloc(idle, sizeof(*mb->kaccepted), GFP_KERNEL);
	if (!mb->clients || !mb->waccepted || !mb->kaccepted)
		return mb_fail(mb, "out of memory");
	for (r = 0; r < MB_MEM_ROUNDS; r++) {
		if (mb_idle_batch(mb, false, &kpages[r]) || mb_idle_batch(mb, true, &wpages[r]))
			return -EIO;
	}
	kbytes = div_s64((s64)mb_median3(kpages) * PAGE_SIZE, idle);
	wbytes = div_s64((s64)mb_median3(wpages) * PAGE_SIZE, idle);
	pr_info("idle: slab pages per %d connections: kernel %ld %ld %ld, wsk %ld %ld %ld\n",
		idle, kpages[0], kpages[1], kpages[2], wpages[0], wpages[1], wpages[2]);
	pr_info("RESULT test=idle impl=wsk sockets=%d bytes_per_socket=%lld\n", idle, wbytes);
	pr_info("RESULT test=idle impl=kernel sockets=%d bytes_per_socket=%lld\n", idle, kbytes);
	pr_info("RESULT test=idle impl=provider sockets=%d bytes_per_socket=%lld\n", idle,
		wbytes - kbytes);
	return 0;
}

/*
 * Setup and cleanup.
 */

static const WSK_CLIENT_DISPATCH mb_client_dispatch = {
	MAKE_WSK_VERSION(1, 0), 0, NULL
};

static int mb_start(struct mb *mb)
{
	WSK_CLIENT_NPI npi = { mb, &mb_client_dispatch };
	struct mb_irp *m;
	NTSTATUS st;
	int i;

	mb->test = "setup";
	for (i = 0; i < MB_IRPS; i++)
		KeInitializeEvent(&mb->irps[i].done, NotificationEvent, FALSE);
	st = WskRegister(&npi, &mb->reg);
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskRegister: 0x%08x", st);
	mb->registered = true;
	st = WskCaptureProviderNPI(&mb->reg, WSK_NO_WAIT, &mb->npi);
	if (st != STATUS_SUCCESS)
		return mb_fail(mb, "WskCaptureProviderNPI: 0x%08x", st);
	mb->captured = true;

	mb->data = kzalloc(MB_IRPS * MB_MSG_SIZE, GFP_KERNEL);
	if (!mb->data)
		return mb_fail(mb, "out of memory");
	for (i = 0; i < MB_IRPS; i++) {
		m = &mb->irps[i];
		m->irp = IoAllocateIrp(1, FALSE);
		if (!m->irp)
			return mb_fail(mb, "IoAllocateIrp: out of memory");
		if (i < MB_SEND_A)
			continue;
		m->data = mb->data + i * MB_MSG_SIZE;
		m->mdl = IoAllocateMdl(m->data, MB_MSG_SIZE, FALSE, FALSE, NULL);
		if (!m->mdl)
			return mb_fail(mb, "IoAllocateMdl: out of memory");
		MmBuildMdlForNonPagedPool(m->mdl);
		m->wbuf.Mdl = m->mdl;
		m->wbuf.Offset = 0;
		m->wbuf.Length = MB_MSG_SIZE;
	}
	memset(mb->irps[MB_SEND_A].data, 'A', MB_MSG_SIZE);
	memset(mb->irps[MB_SEND_B].data, 'B', MB_MSG_SIZE);
	return 0;
}

static int mb_deregister_thread(void *data)
{
	struct mb *mb = data;

	WskDeregister(&mb->reg);
	kthread_complete_and_exit(&mb->deregistered, 0);
}

/* WskDeregister, but never waiting forever; false if it did not return. */
static bool mb_deregister(struct mb *mb)
{
	struct task_struct *t;

	init_completion(&mb->deregistered);
	t = kthread_run(mb_deregister_thread, mb, "wsk_microbench");
	if (IS_ERR(t)) {
		WskDeregister(&mb->reg);
		return true;
	}
	return wait_for_completion_timeout(&mb->deregistered,
					   msecs_to_jiffies(3 * MB_TIMEOUT_MS));
}

/* Close whatever is open, deregister, free. */
static void mb_stop(struct mb *mb)
{
	int i;

	mb->test = "cleanup";
	mb_wsk_close(mb, &mb->listener);
	mb_wsk_close(mb, &mb->wa);
	mb_wsk_close(mb, &mb->wb);
	mb_wsk_close(mb, &mb->ua);
	mb_wsk_close(mb, &mb->ub);
	mb_idle_close(mb);
	mb_drain(mb);
	mb_krelease(&mb->klistener);
	mb_krelease(&mb->ka);
	mb_krelease(&mb->kb);
	mb_krelease(&mb->kua);
	mb_krelease(&mb->kub);
	if (mb->captured)
		WskReleaseProviderNPI(&mb->reg);
	if (mb->registered && !mb_deregister(mb)) {
		/* A socket or request never finished: keep @mb and this module. */
		mb_fail(mb, "WskDeregister blocked for %d ms; the module stays pinned",
			3 * MB_TIMEOUT_MS);
		__module_get(THIS_MODULE);
		return;
	}
	/* Every request has completed: the IRPs are free to go. */
	for (i = 0; i < MB_IRPS; i++) {
		IoFreeMdl(mb->irps[i].mdl);
		IoFreeIrp(mb->irps[i].irp);
	}
	kfree(mb->data);
	kvfree(mb->clients);
	kvfree(mb->waccepted);
	kvfree(mb->kaccepted);
	kfree(mb);
}

static int __init mb_init(void)
{
	struct mb *mb;
	u64 t0 = ktime_get_ns();

	if (iterations < 0 || datagrams < 0 || accepts < 0 || idle < 0 || !port ||
	    port > U16_MAX - 3) {
		pr_err("failed: bad parameters (negative count, or port 0 or above 65532)\n");
		return 0;
	}
	pr_info("start: iterations=%d datagrams=%d accepts=%d idle=%d port=%u\n", iterations,
		datagrams, accepts, idle, port);
	mb_probes_register();
	mb = kzalloc(sizeof(*mb), GFP_KERNEL);
	if (mb) {
		if (!mb_start(mb) && iterations)
			mb_rr(mb);
		if (!mb_status() && datagrams)
			mb_urr(mb);
		if (!mb_status() && accepts)
			mb_accept(mb);
		if (!mb_status() && idle)
			mb_idle(mb);
		mb_stop(mb);
	} else {
		strscpy(mb_why, "setup: out of memory", sizeof(mb_why));
	}
	mb_probes_unregister();
	pr_info("time: %llu ms\n", div_u64(ktime_get_ns() - t0, NSEC_PER_MSEC));
	if (mb_why[0])
		pr_err("failed: %s\n", mb_why);
	else
		pr_info("done\n");
	return 0;
}

static void __exit mb_exit(void)
{
}

module_init(mb_init);
module_exit(mb_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk microbenchmarks against kernel sockets: rr, urr, accept, idle memory");
WSK_IMPORT_NS();
