/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_VERIFIER_H
#define _WSK_VERIFIER_H

#include <linux/kernel.h>
#include <wdm.h>

/* IRP life cycle, kept in IRP.WskTrack.state. */
enum wsk_irp_state {
	WSK_IRP_IDLE,		/* allocated, reused, or never given to wsk */
	WSK_IRP_ACTIVE,		/* owned by wsk: submitted and not completed */
	WSK_IRP_ORPHANED,	/* freed by its owner while active */
	WSK_IRP_DONE,		/* completion has started */
};

/* What happened to an IRP, for its history. */
enum wsk_irp_event {
	WSK_EV_ALLOC = 1,
	WSK_EV_REUSE,
	WSK_EV_SUBMIT,
	WSK_EV_PENDING,
	WSK_EV_CANCEL,
	WSK_EV_COMPLETE,
	WSK_EV_FREE,
};

/* Caller mistakes the checking mode reports, like Driver Verifier. */
enum wsk_violation {
	WSK_VIOLATION_DOUBLE_COMPLETE,
	WSK_VIOLATION_SUBMIT_PENDING,
	WSK_VIOLATION_FREE_PENDING,
	WSK_VIOLATION_REUSE_PENDING,
	WSK_VIOLATION_NO_STACK,
	WSK_VIOLATION_MAX,
};

extern bool wsk_verify;

void __wsk_irp_log(PIRP irp, enum wsk_irp_event event, NTSTATUS status, void *caller);

/*
 * Record @event in @irp's history, naming the caller of the current function.
 * Outside checking mode this is one test of a flag, inline.
 */
#define wsk_irp_log(irp, event, status) do {					\
	if (unlikely(READ_ONCE(wsk_verify)))					\
		__wsk_irp_log(irp, event, status, (void *)_RET_IP_);		\
} while (0)
void wsk_irp_violation(PIRP irp, enum wsk_violation what);
unsigned long wsk_verifier_count(enum wsk_violation what);
struct seq_file;
void wsk_verifier_show(struct seq_file *m);
enum wsk_violation wsk_verifier_last_report(const void **irp);

#endif /* _WSK_VERIFIER_H */
