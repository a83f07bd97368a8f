// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_torture: a torture test of wsk, in the manner of locktorture.
 *
 * Loading the module runs its phases one after the other and returns when
 * they are done: a phase without faults, then phases with failslab on,
 * task-filtered and system-wide. In each, kernel threads and a timer
 * (softirq) make seeded random sequences of every WSK call wsk implements
 * on loopback sockets, in init_net and in network namespaces the torture
 * makes and drops under live sockets, while kernel-socket peers connect and
 * reset; the oracle (oracle.c) checks every completion and status. Then
 * every socket is closed, every request must have completed, and
 * WskDeregister must return within a bound. Statistics are printed every
 * stat_interval seconds and at the end of each phase, followed by
 * "wsk_torture: phase NAME: SUCCESS" or "FAILURE", and after the last phase
 * one line "wsk_torture: SUCCESS" or "wsk_torture: FAILURE".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <compat/compat.h>
#include "torture.h"

static int threads = 4;
module_param(threads, int, 0444);
MODULE_PARM_DESC(threads, "kernel threads making calls (1 to 32, default 4)");

static int seconds = 25;
module_param(seconds, int, 0444);
MODULE_PARM_DESC(seconds, "length of the phase without faults, 0 to skip it (default 25)");

static long ops;
module_param(ops, long, 0444);
MODULE_PARM_DESC(ops, "end each phase after this many calls too (default 0: time only)");

static uint seed;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "seed of the random sequences (default 0: a random seed, printed)");

static int fault_rate;
module_param(fault_rate, int, 0444);
MODULE_PARM_DESC(fault_rate, "failslab probability in percent for the fault phases (default 0: no fault phases)");

static char *fault_phases = "task,system";
module_param(fault_phases, charp, 0444);
MODULE_PARM_DESC(fault_phases, "fault phases in order, MODE[:PERCENT] separated by commas; MODE task (only the torture's threads) or system (default \"task,system\")");

static int fault_seconds = 15;
module_param(fault_seconds, int, 0444);
MODULE_PARM_DESC(fault_seconds, "length of each fault phase (default 15)");

static int stat_interval = 5;
module_param(stat_interval, int, 0444);
MODULE_PARM_DESC(stat_interval, "seconds between statistics lines (default 5)");

static int max_sockets = 64;
module_param(max_sockets, int, 0444);
MODULE_PARM_DESC(max_sockets, "sockets open at most (4 to 256, default 64)");

static int max_pending = 256;
module_param(max_pending, int, 0444);
MODULE_PARM_DESC(max_pending, "requests outstanding before the threads cancel and close (default 256)");

static bool netns = true;
module_param(netns, bool, 0444);
MODULE_PARM_DESC(netns, "make and drop network namespaces under live sockets (default on)");

#define MAX_THREADS	32
#define MAX_PHASES	8
#define DRAIN_MS	30000	/* for every request to complete after the closes */
#define DEREGISTER_MS	30000	/* for WskDeregister to return */

struct torture torture;

struct phase {
	char name[24];
	enum torture_faults faults;
	int rate;
	int seconds;
};

static struct task_struct *workers[MAX_THREADS];
static struct task_struct *ns_worker;
static struct timer_list timer;
static struct rnd_state timer_rnd;
static int phase_number;

static const WSK_CLIENT_DISPATCH client_dispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };

/* A WskDeregister that never returned: module exit must wait for it. */
static struct completion *stuck_deregister[2];

static int worker(void *arg)
{
	long id = (long)arg;
	struct rnd_state rs;

	prandom_seed_state(&rs, ((u64)torture.seed << 16) ^ (phase_number << 8) ^ id);
	if (torture.faults == TF_TASK)
		torture_faults_self();
	while (!kthread_should_stop()) {
		if (ops && torture_total_ops() >= ops) {
			schedule_timeout_interruptible(HZ / 10);
			continue;
		}
		torture_op_thread(&rs);
		cond_resched();
	}
	return 0;
}

static void timer_fn(struct timer_list *t)
{
	int i;

	for (i = 0; i < 4 && !READ_ONCE(torture.stopping); i++)
		torture_op_timer(&timer_rnd);
	if (!READ_ONCE(torture.stopping))
		mod_timer(&timer, jiffies + 1 + prandom_u32_state(&timer_rnd) % 3);
}

/* Namespaces come and go: each lives 1 to 3 seconds, with sockets in it. */
static int ns_thread(void *arg)
{
	struct rnd_state rs;

	prandom_seed_state(&rs, ((u64)torture.seed << 16) ^ (phase_number << 8) ^ 0xff);
	if (torture.faults == TF_TASK)
		torture_faults_self();
	while (!kthread_should_stop()) {
		torture_netns_start();
		schedule_timeout_interruptible(HZ + prandom_u32_state(&rs) % (2 * HZ));
		torture_netns_stop();
		schedule_timeout_interruptible(HZ / 4);
	}
	torture_netns_stop();
	return 0;
}

static int clients_start(void)
{
	WSK_CLIENT_NPI client = { NULL, &client_dispatch };
	NTSTATUS ret;
	int i;

	for (i = 0; i < 2; i++) {
		ret = WskRegister(&client, &torture.reg[i]);
		if (!NT_SUCCESS(ret)) {
			torture_fail("WskRegister failed: 0x%08x", ret);
			return -EIO;
		}
		torture.registered[i] = true;
		ret = WskCaptureProviderNPI(&torture.reg[i], WSK_INFINITE_WAIT, &torture.npi[i]);
		if (!NT_SUCCESS(ret)) {
			torture_fail("WskCaptureProviderNPI failed: 0x%08x", ret);
			WskDeregister(&torture.reg[i]);
			torture.registered[i] = false;
			return -EIO;
		}
	}
	return 0;
}

struct deregister {
	struct completion done;
	int client;
};

static int deregister_thread(void *arg)
{
	struct deregister *d = arg;

	WskDeregister(&torture.reg[d->client]);
	complete(&d->done);
	return 0;
}

/* WskDeregister in a thread, which must return within DEREGISTER_MS. */
static void clients_stop(void)
{
	struct task_struct *t;
	struct deregister *d;
	int i;

	for (i = 0; i < 2; i++) {
		if (!torture.registered[i])
			continue;
		torture.registered[i] = false;
		WskReleaseProviderNPI(&torture.reg[i]);
		d = kmalloc(sizeof(*d), GFP_KERNEL);
		if (!d) {
			WskDeregister(&torture.reg[i]);
			continue;
		}
		init_completion(&d->done);
		d->client = i;
		t = kthread_run(deregister_thread, d, "wsk_torture_dereg");
		if (IS_ERR(t)) {
			WskDeregister(&torture.reg[i]);
			kfree(d);
			continue;
		}
		if (!wait_for_completion_timeout(&d->done, msecs_to_jiffies(DEREGISTER_MS))) {
			torture_fail("WskDeregister of client %d did not return within %d ms", i,
				     DEREGISTER_MS);
			stuck_deregister[i] = &d->done;
			continue;
		}
		kfree(d);
	}
}

static void phase_init(const struct phase *p)
{
	memset(&torture, 0, sizeof(torture));
	spin_lock_init(&torture.lock);
	spin_lock_init(&torture.req_lock);
	INIT_LIST_HEAD(&torture.quarantine);
	INIT_LIST_HEAD(&torture.outstanding);
	INIT_LIST_HEAD(&torture.cache);
	torture.seed = seed;
	torture.max_socks = clamp(max_sockets, 4, TORTURE_MAX_SOCKS);
	torture.max_pending = max(max_pending, 8);
	torture.faults = p->faults;
	torture.fault_rate = p->rate;
	torture_oracle_reset();
	phase_number++;
	prandom_seed_state(&timer_rnd, ((u64)seed << 16) ^ (phase_number << 8) ^ 0xfe);
}

/* Close everything and wait for every request; false if some never complete. */
static bool drain(void)
{
	unsigned long end = jiffies + msecs_to_jiffies(DRAIN_MS);

	torture_sock_close_all();
	while (torture_outstanding() || torture_sock_count()) {
		if (time_after(jiffies, end)) {
			torture_fail("%d requests and %d sockets left %d ms after the closes",
				     torture_outstanding(), torture_sock_count(), DRAIN_MS);
			torture_report_outstanding();
			return false;
		}
		msleep(20);
	}
	return true;
}

static bool run_phase(struct phase *p)
{
	unsigned long start, next_stats;
	int i, nthreads = clamp(threads, 1, MAX_THREADS);
	bool drained = true;

	phase_init(p);
	pr_info("phase %s: %d threads, %d s, ops %ld, seed %u, failslab %d%% %s, netns %s\n",
		p->name, nthreads, p->seconds, ops, seed, p->rate,
		p->faults == TF_NONE ? "off" : p->faults == TF_TASK ? "task-filtered" :
		"system-wide", netns ? "on" : "off");
	torture.rnd = alloc_percpu(struct rnd_state);
	if (!torture.rnd) {
		torture_fail("no memory for the phase");
		goto out;
	}
	for_each_possible_cpu(i)
		prandom_seed_state(per_cpu_ptr(torture.rnd, i), ((u64)seed << 20) ^ i);
	if (clients_start())
		goto stop_clients;
	if (p->faults != TF_NONE && torture_faults_start(p->faults, p->rate)) {
		torture_fail("phase %s needs failslab", p->name);
		goto stop_clients;
	}
	for (i = 0; i < nthreads; i++) {
		workers[i] = kthread_run(worker, (void *)(long)i, "wsk_torture/%d", i);
		if (IS_ERR(workers[i])) {
			workers[i] = NULL;
			torture_count(TN_NO_MEMORY, 1);
		}
	}
	if (netns) {
		ns_worker = kthread_run(ns_thread, NULL, "wsk_torture_ns");
		if (IS_ERR(ns_worker))
			ns_worker = NULL;
	}
	timer_setup(&timer, timer_fn, 0);
	mod_timer(&timer, jiffies + 1);

	start = jiffies;
	next_stats = start + stat_interval * HZ;
	while (time_before(jiffies, start + p->seconds * HZ) &&
	       (!ops || torture_total_ops() < ops)) {
		schedule_timeout_interruptible(HZ / 10);
		if (stat_interval > 0 && time_after(jiffies, next_stats)) {
			torture_stats_print(p->name, false);
			next_stats += stat_interval * HZ;
		}
	}

	WRITE_ONCE(torture.stopping, true);
	del_timer_sync(&timer);
	for (i = 0; i < nthreads; i++)
		if (workers[i])
			kthread_stop(workers[i]);
	if (ns_worker)
		kthread_stop(ns_worker);
	ns_worker = NULL;
	torture_faults_stop();
	drained = drain();
	torture_stats_print(p->name, true);
	if (drained) {
		torture_sock_free_all();
		torture_oracle_free();
	}
stop_clients:
	torture_faults_stop();
	if (drained)
		clients_stop();
	else
		torture_fail("WskDeregister not called: requests are still outstanding");
out:
	free_percpu(torture.rnd);
	torture.rnd = NULL;
	pr_info("phase %s: %s\n", p->name, torture_failures() ? "FAILURE" : "SUCCESS");
	return !torture_failures();
}

/* The phases the parameters ask for; their number, or -EINVAL. */
static int parse_phases(struct phase *phases)
{
	char *list, *word, *rate, *cursor;
	int n = 0;

	if (seconds > 0) {
		strscpy(phases[n].name, "no-faults", sizeof(phases[n].name));
		phases[n].faults = TF_NONE;
		phases[n++].seconds = seconds;
	}
	if (fault_rate <= 0 && !strchr(fault_phases, ':'))
		return n;
	list = kstrdup(fault_phases, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cursor = list;
	while ((word = strsep(&cursor, ",")) && n < MAX_PHASES) {
		if (!*word)
			continue;
		rate = strchr(word, ':');
		if (rate)
			*rate++ = 0;
		phases[n].rate = fault_rate;
		if ((rate && kstrtoint(rate, 10, &phases[n].rate)) || phases[n].rate <= 0 ||
		    phases[n].rate > 100)
			goto bad;
		if (!strcmp(word, "task"))
			phases[n].faults = TF_TASK;
		else if (!strcmp(word, "system"))
			phases[n].faults = TF_SYSTEM;
		else
			goto bad;
		snprintf(phases[n].name, sizeof(phases[n].name), "%s-faults-%d%%", word,
			 phases[n].rate);
		phases[n++].seconds = fault_seconds;
	}
	kfree(list);
	return n;

bad:
	pr_err("fault_phases=%s: want MODE[:PERCENT],... with MODE task or system, PERCENT 1 to 100\n",
	       fault_phases);
	kfree(list);
	return -EINVAL;
}

static int __init torture_init(void)
{
	struct phase phases[MAX_PHASES] = {};
	bool ok = true;
	int i, n;

	n = parse_phases(phases);
	if (n < 0)
		return n;
	if (!seed)
		seed = get_random_u32() ?: 1;
	pr_info("start: %d phases, %d threads, seed %u\n", n, clamp(threads, 1, MAX_THREADS),
		seed);
	for (i = 0; i < n; i++)
		ok &= run_phase(&phases[i]);
	pr_info("%s\n", ok ? "SUCCESS" : "FAILURE");
	return 0;
}

static void __exit torture_exit(void)
{
	int i;

	/* Its code must stay until a WskDeregister that hung returns. */
	for (i = 0; i < 2; i++)
		if (stuck_deregister[i])
			wait_for_completion(stuck_deregister[i]);
}

module_init(torture_init);
module_exit(torture_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk torture test: random WSK calls, cancels, closes, namespaces and faults, checked");
WSK_IMPORT_NS();
