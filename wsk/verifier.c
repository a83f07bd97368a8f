// SPDX-License-Identifier: GPL-2.0
/*
 * The checking mode: catches the IRP mistakes Driver Verifier catches on
 * Windows (completed twice, submitted or reused while pending, freed while
 * pending), reports them once per kind with the IRP's recent history, and
 * leaves memory intact. The IRP state machine that detects them is always
 * on; the module parameter adds the history and the warnings.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/bug.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include "verifier.h"

bool wsk_verify;
module_param_named(verify, wsk_verify, bool, 0644);
MODULE_PARM_DESC(verify, "Check IRP use like Driver Verifier and warn on misuse");

static atomic_long_t violations[WSK_VIOLATION_MAX];

/* The last reports, for debugfs: which IRP, what, when, and its history. */
#define WSK_REPORTS	8

struct wsk_report {
	const void *irp;
	enum wsk_violation what;
	u64 when;			/* local_clock() */
	struct wsk_irp_track track;	/* the history, as it was */
};

static DEFINE_SPINLOCK(reports_lock);
static struct wsk_report reports[WSK_REPORTS];
static unsigned long reports_made;

static const char *const violation_names[WSK_VIOLATION_MAX] = {
	[WSK_VIOLATION_DOUBLE_COMPLETE] = "completed twice",
	[WSK_VIOLATION_SUBMIT_PENDING] = "submitted again while pending",
	[WSK_VIOLATION_FREE_PENDING] = "freed while pending",
	[WSK_VIOLATION_REUSE_PENDING] = "reused while pending",
	[WSK_VIOLATION_NO_STACK] = "has no stack location left",
};

static const char *const event_names[] = {
	[WSK_EV_ALLOC] = "alloc",
	[WSK_EV_REUSE] = "reuse",
	[WSK_EV_SUBMIT] = "submit",
	[WSK_EV_PENDING] = "pending",
	[WSK_EV_CANCEL] = "cancel",
	[WSK_EV_COMPLETE] = "complete",
	[WSK_EV_FREE] = "free",
};

void __wsk_irp_log(PIRP irp, enum wsk_irp_event event, NTSTATUS status, void *caller)
{
	struct wsk_irp_track *t = &irp->WskTrack;
	unsigned int i;

	i = t->next++ % WSK_IRP_HISTORY;
	t->history[i].event = event;
	t->history[i].state = atomic_read(&t->state);
	t->history[i].status = status;
	t->history[i].caller = caller;
}

/* Print @t's history, oldest first, to @m, or to the log if @m is NULL. */
static void show_history(struct seq_file *m, const void *irp, const struct wsk_irp_track *t)
{
	unsigned int n, i;

	for (n = 0; n < WSK_IRP_HISTORY; n++) {
		i = (t->next + n) % WSK_IRP_HISTORY;
		if (!t->history[i].event || t->history[i].event >= ARRAY_SIZE(event_names))
			continue;
		if (m)
			seq_printf(m, "  irp %p: %-8s state %u status 0x%08x from %pS\n", irp,
				   event_names[t->history[i].event], t->history[i].state,
				   t->history[i].status, t->history[i].caller);
		else
			pr_warn("  irp %p: %-8s state %u status 0x%08x from %pS\n", irp,
				event_names[t->history[i].event], t->history[i].state,
				t->history[i].status, t->history[i].caller);
	}
}

static void keep_report(PIRP irp, enum wsk_violation what)
{
	struct wsk_report *r;
	unsigned long flags;

	spin_lock_irqsave(&reports_lock, flags);
	r = &reports[reports_made++ % WSK_REPORTS];
	r->irp = irp;
	r->what = what;
	r->when = local_clock();
	r->track = irp->WskTrack;
	spin_unlock_irqrestore(&reports_lock, flags);
}

void wsk_irp_violation(PIRP irp, enum wsk_violation what)
{
	static unsigned long warned;

	atomic_long_inc(&violations[what]);
	if (!wsk_verify)
		return;
	keep_report(irp, what);
	/* Warn once per kind of mistake, print the history every time. */
	WARN(!test_and_set_bit(what, &warned), "wsk: verifier: IRP %p %s\n", irp,
	     violation_names[what]);
	pr_warn("verifier: IRP %p %s; history, oldest first:\n", irp, violation_names[what]);
	show_history(NULL, irp, &irp->WskTrack);
}

unsigned long wsk_verifier_count(enum wsk_violation what)
{
	return atomic_long_read(&violations[what]);
}
EXPORT_SYMBOL_IF_KUNIT(wsk_verifier_count);

/* The checking mode and what it found, as /sys/kernel/debug/wsk/verifier shows them. */
void wsk_verifier_show(struct seq_file *m)
{
	unsigned long made, first, n;
	struct wsk_report *copy, *r;
	unsigned int i;

	seq_printf(m, "checking mode: %s\n", READ_ONCE(wsk_verify) ? "on" : "off");
	for (i = 0; i < WSK_VIOLATION_MAX; i++)
		seq_printf(m, "IRP %s: %lu\n", violation_names[i],
			   atomic_long_read(&violations[i]));
	copy = kmalloc(sizeof(reports), GFP_KERNEL);
	if (!copy)
		return;
	spin_lock_irq(&reports_lock);
	memcpy(copy, reports, sizeof(reports));
	made = reports_made;
	spin_unlock_irq(&reports_lock);
	first = made > WSK_REPORTS ? made - WSK_REPORTS : 0;
	if (made)
		seq_printf(m, "reports %lu to %lu, oldest first:\n", first + 1, made);
	for (n = first; n < made; n++) {
		r = &copy[n % WSK_REPORTS];
		seq_printf(m, "report %lu: IRP %p %s at %llu.%06llu s\n", n + 1, r->irp,
			   violation_names[r->what], div_u64(r->when, NSEC_PER_SEC),
			   div_u64(r->when % NSEC_PER_SEC, NSEC_PER_USEC));
		show_history(m, r->irp, &r->track);
	}
	kfree(copy);
}

/**
 * wsk_verifier_last_report() - the last report the checking mode kept
 * @irp: receives its IRP
 *
 * Return: its kind, or WSK_VIOLATION_MAX if there is none.
 */
enum wsk_violation wsk_verifier_last_report(const void **irp)
{
	enum wsk_violation what = WSK_VIOLATION_MAX;
	unsigned long flags;

	spin_lock_irqsave(&reports_lock, flags);
	if (reports_made) {
		*irp = reports[(reports_made - 1) % WSK_REPORTS].irp;
		what = reports[(reports_made - 1) % WSK_REPORTS].what;
	}
	spin_unlock_irqrestore(&reports_lock, flags);
	return what;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_verifier_last_report);
