// SPDX-License-Identifier: GPL-2.0
/*
 * Counters for debugfs: IRPs taken and completed, requests submitted per
 * call (the op that runs it) and completions per status.
 *
 * A count per key lives in a tally: a small table of keys, filled as keys
 * come and never emptied, and a per-CPU count per slot, so that counting
 * costs a lookup in a table that is read-mostly and one increment of a
 * counter of the CPU's own. Keys beyond the table's slots share its last
 * count. Sums over CPUs are read without stopping the counting: a value
 * read while IRPs complete may be off by those in flight.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/percpu.h>
#include "stats.h"

#define WSK_TALLY_SLOTS	64

struct wsk_tally {
	unsigned long keys[WSK_TALLY_SLOTS];	/* 0: free */
	unsigned long __percpu *counts;		/* per slot, then the rest's */
};

static struct wsk_tally calls, statuses;
static DEFINE_PER_CPU(unsigned long, irps_started);

static int tally_init(struct wsk_tally *t)
{
	t->counts = __alloc_percpu(sizeof(unsigned long) * (WSK_TALLY_SLOTS + 1),
				   sizeof(unsigned long));
	return t->counts ? 0 : -ENOMEM;
}

/* The slot of @key (not 0), taking a free one the first time it comes. */
static unsigned int tally_slot(struct wsk_tally *t, unsigned long key)
{
	unsigned int i = hash_long(key, ilog2(WSK_TALLY_SLOTS));
	unsigned long old;
	unsigned int n;

	for (n = 0; n < WSK_TALLY_SLOTS; n++, i = (i + 1) % WSK_TALLY_SLOTS) {
		old = READ_ONCE(t->keys[i]);
		if (!old)
			old = cmpxchg(&t->keys[i], 0, key) ?: key;
		if (old == key)
			return i;
	}
	return WSK_TALLY_SLOTS;
}

static void tally_inc(struct wsk_tally *t, unsigned long key)
{
	this_cpu_inc(t->counts[tally_slot(t, key)]);
}

static unsigned long tally_sum(struct wsk_tally *t, unsigned int slot)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(t->counts, cpu)[slot];
	return sum;
}

int wsk_stats_init(void)
{
	if (tally_init(&calls))
		return -ENOMEM;
	if (tally_init(&statuses)) {
		free_percpu(calls.counts);
		return -ENOMEM;
	}
	return 0;
}

void wsk_stats_exit(void)
{
	free_percpu(statuses.counts);
	free_percpu(calls.counts);
}

/* A WSK call took an IRP (wsk_irp_start()). Context: any. */
void wsk_stats_start(void)
{
	this_cpu_inc(irps_started);
}

/* A request was submitted to run @op. Context: any. */
void wsk_stats_call(wsk_op_t op)
{
	tally_inc(&calls, (unsigned long)op);
}

/* An IRP wsk took completed with @status. Context: any. */
void wsk_stats_complete(NTSTATUS status)
{
	tally_inc(&statuses, (unsigned long)(u32)status + 1);
}

/* The counters, as /sys/kernel/debug/wsk/counters shows them. */
void wsk_stats_show(struct seq_file *m)
{
	unsigned long started = 0, completed = 0, n;
	unsigned long key;
	unsigned int i;
	int cpu;

	for_each_possible_cpu(cpu)
		started += per_cpu(irps_started, cpu);
	for (i = 0; i <= WSK_TALLY_SLOTS; i++)
		completed += tally_sum(&statuses, i);
	seq_printf(m, "irps: %lu taken, %lu completed, %ld pending\n", started, completed,
		   (long)(started - completed));
	seq_puts(m, "submitted per call:\n");
	for (i = 0; i < WSK_TALLY_SLOTS; i++) {
		key = READ_ONCE(calls.keys[i]);
		if (key)
			seq_printf(m, "  %-28ps %lu\n", (void *)key, tally_sum(&calls, i));
	}
	n = tally_sum(&calls, WSK_TALLY_SLOTS);
	if (n)
		seq_printf(m, "  %-28s %lu\n", "(others)", n);
	seq_puts(m, "completed per status:\n");
	for (i = 0; i < WSK_TALLY_SLOTS; i++) {
		key = READ_ONCE(statuses.keys[i]);
		if (key)
			seq_printf(m, "  0x%08lx %lu\n", key - 1, tally_sum(&statuses, i));
	}
	n = tally_sum(&statuses, WSK_TALLY_SLOTS);
	if (n)
		seq_printf(m, "  %-10s %lu\n", "(others)", n);
}
