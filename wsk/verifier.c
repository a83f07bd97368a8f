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
#include <linux/seq_file.h>
#include <kunit/visibility.h>
#include "verifier.h"

bool wsk_verify;
module_param_named(verify, wsk_verify, bool, 0644);
MODULE_PARM_DESC(verify, "Check IRP use like Driver Verifier and warn on misuse");

static atomic_long_t violations[WSK_VIOLATION_MAX];

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

static void dump_history(PIRP irp)
{
	struct wsk_irp_track *t = &irp->WskTrack;
	unsigned int n, i;

	for (n = 0; n < WSK_IRP_HISTORY; n++) {
		i = (t->next + n) % WSK_IRP_HISTORY;
		if (!t->history[i].event || t->history[i].event >= ARRAY_SIZE(event_names))
			continue;
		pr_warn("  irp %p: %-8s state %u status 0x%08x from %pS\n", irp,
			event_names[t->history[i].event], t->history[i].state,
			t->history[i].status, t->history[i].caller);
	}
}

void wsk_irp_violation(PIRP irp, enum wsk_violation what)
{
	static unsigned long warned;

	atomic_long_inc(&violations[what]);
	if (!wsk_verify)
		return;
	/* Warn once per kind of mistake, print the history every time. */
	WARN(!test_and_set_bit(what, &warned), "wsk: verifier: IRP %p %s\n", irp,
	     violation_names[what]);
	pr_warn("verifier: IRP %p %s; history, oldest first:\n", irp, violation_names[what]);
	dump_history(irp);
}

unsigned long wsk_verifier_count(enum wsk_violation what)
{
	return atomic_long_read(&violations[what]);
}
EXPORT_SYMBOL_IF_KUNIT(wsk_verifier_count);

/* The checking mode and what it found, as /sys/kernel/debug/wsk/verifier shows them. */
void wsk_verifier_show(struct seq_file *m)
{
	unsigned int i;

	seq_printf(m, "checking mode: %s\n", READ_ONCE(wsk_verify) ? "on" : "off");
	for (i = 0; i < WSK_VIOLATION_MAX; i++)
		seq_printf(m, "IRP %s: %lu\n", violation_names[i],
			   atomic_long_read(&violations[i]));
}
