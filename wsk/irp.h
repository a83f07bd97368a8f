/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_IRP_H
#define _WSK_IRP_H

#include <linux/preempt.h>
#include <wdm.h>

/*
 * IRQL above DISPATCH_LEVEL: a hard interrupt or NMI, where Windows allows
 * no WSK call and no IoCancelIrp.
 */
static inline bool wsk_above_dispatch_level(void)
{
	return in_hardirq() || in_nmi();
}

bool wsk_irp_start(PIRP irp);
NTSTATUS wsk_irp_complete(PIRP irp, NTSTATUS status, ULONG_PTR information);
NTSTATUS wsk_irp_fail(PIRP irp, NTSTATUS status);

/* Fail a call whose IRP is optional: complete it if there is one. */
static inline NTSTATUS wsk_irp_fail_optional(PIRP irp, NTSTATUS status)
{
	return irp ? wsk_irp_fail(irp, status) : status;
}

#endif /* _WSK_IRP_H */
