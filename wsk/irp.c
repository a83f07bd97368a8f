// SPDX-License-Identifier: GPL-2.0
/*
 * IRPs: allocation, reuse, completion and cancellation with NT semantics.
 *
 * A client hands wsk an IRP whose next stack location holds its completion
 * routine. wsk_irp_start() takes that location for the provider, and
 * completion walks the stack locations upwards, calling each routine as its
 * invoke-on flags say and stopping at STATUS_MORE_PROCESSING_REQUIRED, after
 * which the IRP belongs to the client again and is not touched.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/spinlock.h>
#include <kunit/visibility.h>
#include <compat/compat.h>
#include "irp.h"
#include "stats.h"
#include "trace.h"
#include "verifier.h"

/* IRP.AllocationFlags bit: the IRP came from IoAllocateIrp. */
#define WSK_IRP_FROM_POOL 0x80

static DEFINE_SPINLOCK(cancel_lock);
static unsigned long cancel_lock_flags;

/* Everything but the tracking history, which goes on across reuses. */
static void irp_reset(PIRP irp, USHORT size, CCHAR stack_size)
{
	BUILD_BUG_ON(offsetofend(IRP, WskTrack) != sizeof(IRP));
	memset(irp, 0, offsetof(IRP, WskTrack));
	if (size > sizeof(IRP))
		memset(irp + 1, 0, size - sizeof(IRP));
	irp->Type = IO_TYPE_IRP;
	irp->Size = size;
	irp->StackCount = stack_size;
	irp->CurrentLocation = stack_size + 1;
	InitializeListHead(&irp->ThreadListEntry);
	irp->Tail.Overlay.CurrentStackLocation = (PIO_STACK_LOCATION)(irp + 1) + stack_size;
	atomic_set(&irp->WskTrack.state, WSK_IRP_IDLE);
}

static void irp_init(PIRP irp, USHORT size, CCHAR stack_size)
{
	memset(&irp->WskTrack, 0, sizeof(irp->WskTrack));
	irp_reset(irp, size, stack_size);
}

/**
 * IoAllocateIrp() - allocate an IRP with stack locations
 * @StackSize: number of stack locations; WSK clients pass 1
 * @ChargeQuota: ignored
 *
 * Context: any context; does not sleep.
 * Return: the initialized IRP, or NULL when memory is short.
 */
PIRP IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
	USHORT size;
	PIRP irp;

	if (StackSize < 0)
		return NULL;
	size = IoSizeOfIrp(StackSize);
	irp = kmalloc(size, GFP_ATOMIC);
	if (!irp)
		return NULL;
	irp_init(irp, size, StackSize);
	irp->AllocationFlags = WSK_IRP_FROM_POOL;
	wsk_irp_log(irp, WSK_EV_ALLOC, 0);
	return irp;
}
EXPORT_SYMBOL_WSK(IoAllocateIrp);

/**
 * IoInitializeIrp() - initialize an IRP in caller-allocated memory
 * @Irp: memory of at least IoSizeOfIrp(@StackSize) bytes
 * @PacketSize: size of that memory
 * @StackSize: number of stack locations
 *
 * Context: any context; does not sleep.
 */
void IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
	irp_init(Irp, PacketSize, StackSize);
}
EXPORT_SYMBOL_WSK(IoInitializeIrp);

/**
 * IoReuseIrp() - reinitialize a completed IRP for another request
 * @Irp: an IRP that is not pending
 * @Iostatus: initial value of IoStatus.Status
 *
 * Keeps the allocation and the stack size; clears everything else,
 * including the cancel flag and the completion routine.
 *
 * Context: any context; does not sleep.
 */
void IoReuseIrp(PIRP Irp, NTSTATUS Iostatus)
{
	UCHAR flags = Irp->AllocationFlags;

	if (atomic_read(&Irp->WskTrack.state) == WSK_IRP_ACTIVE) {
		wsk_irp_violation(Irp, WSK_VIOLATION_REUSE_PENDING);
		return;
	}
	irp_reset(Irp, Irp->Size, Irp->StackCount);
	Irp->AllocationFlags = flags;
	Irp->IoStatus.Status = Iostatus;
	wsk_irp_log(Irp, WSK_EV_REUSE, Iostatus);
}
EXPORT_SYMBOL_WSK(IoReuseIrp);

/**
 * IoFreeIrp() - free an IRP from IoAllocateIrp()
 * @Irp: the IRP, or NULL
 *
 * Freeing an IRP that wsk still holds is a caller bug: it is reported, and
 * the memory is released only once wsk completes the request (without
 * calling any completion routine), so nothing touches freed memory.
 *
 * Context: any context; does not sleep.
 */
void IoFreeIrp(PIRP Irp)
{
	if (!Irp)
		return;
	if (atomic_read(&Irp->WskTrack.state) == WSK_IRP_ACTIVE)
		wsk_irp_violation(Irp, WSK_VIOLATION_FREE_PENDING);
	if (atomic_cmpxchg(&Irp->WskTrack.state, WSK_IRP_ACTIVE, WSK_IRP_ORPHANED) ==
	    WSK_IRP_ACTIVE)
		return;
	kfree(Irp);
}
EXPORT_SYMBOL_WSK(IoFreeIrp);

/**
 * IoAcquireCancelSpinLock() - take the system-wide cancel spin lock
 * @Irql: receives the IRQL to pass to IoReleaseCancelSpinLock()
 *
 * Context: any context; disables interrupts until released.
 */
void IoAcquireCancelSpinLock(PKIRQL Irql)
	__acquires(&cancel_lock)
{
	unsigned long flags;

	spin_lock_irqsave(&cancel_lock, flags);
	cancel_lock_flags = flags;
	*Irql = DISPATCH_LEVEL;
}
EXPORT_SYMBOL_WSK(IoAcquireCancelSpinLock);

/**
 * IoReleaseCancelSpinLock() - release the cancel spin lock
 * @Irql: the value IoAcquireCancelSpinLock() returned
 *
 * Context: holding the cancel spin lock.
 */
void IoReleaseCancelSpinLock(KIRQL Irql)
	__releases(&cancel_lock)
{
	spin_unlock_irqrestore(&cancel_lock, cancel_lock_flags);
}
EXPORT_SYMBOL_WSK(IoReleaseCancelSpinLock);

static PDEVICE_OBJECT current_device(PIRP irp)
{
	if (irp->CurrentLocation > irp->StackCount)
		return NULL;
	return IoGetCurrentIrpStackLocation(irp)->DeviceObject;
}

/**
 * IoCancelIrp() - ask the owner of a pending IRP to cancel it
 * @Irp: the IRP
 *
 * Sets @Irp->Cancel and calls the IRP's cancel routine, if it has one, with
 * the cancel spin lock held. A pending WSK request then completes with
 * STATUS_CANCELLED and Information 0, unless it completed first; either
 * way it completes exactly once.
 *
 * Context: any context; does not sleep. From a hard interrupt it only sets
 * @Irp->Cancel.
 * Return: TRUE if a cancel routine was called.
 */
BOOLEAN IoCancelIrp(PIRP Irp)
{
	PDRIVER_CANCEL routine;
	KIRQL irql;

	wsk_irp_log(Irp, WSK_EV_CANCEL, STATUS_CANCELLED);
	IoAcquireCancelSpinLock(&irql);
	Irp->Cancel = TRUE;
	/* Only the flag there: a cancel routine may need a lock this CPU holds. */
	routine = wsk_above_dispatch_level() ? NULL : IoSetCancelRoutine(Irp, NULL);
	trace_wsk_irp_cancel(Irp, routine);
	if (!routine) {
		IoReleaseCancelSpinLock(irql);
		return FALSE;
	}
	Irp->CancelIrql = irql;
	routine(current_device(Irp), Irp);
	return TRUE;
}
EXPORT_SYMBOL_WSK(IoCancelIrp);

static bool should_invoke(PIRP irp, const IO_STACK_LOCATION *sl)
{
	if (NT_SUCCESS(irp->IoStatus.Status))
		return sl->Control & SL_INVOKE_ON_SUCCESS;
	if (irp->Cancel && (sl->Control & SL_INVOKE_ON_CANCEL))
		return true;
	return sl->Control & SL_INVOKE_ON_ERROR;
}

/**
 * IofCompleteRequest() - complete an IRP (IoCompleteRequest)
 * @Irp: the IRP, with IoStatus set
 * @PriorityBoost: ignored
 *
 * Calls the completion routine of each stack location from the current one
 * upwards, as its invoke-on flags say, and stops when one returns
 * STATUS_MORE_PROCESSING_REQUIRED: from then on the IRP is its owner's and
 * is not touched again. Completing an IRP twice is reported and ignored.
 *
 * Context: any context; does not sleep (completion routines must not either).
 */
void IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
	PIO_STACK_LOCATION sl;
	NTSTATUS ret;
	int old;

	old = atomic_xchg(&Irp->WskTrack.state, WSK_IRP_DONE);
	if (old == WSK_IRP_ACTIVE || old == WSK_IRP_ORPHANED) {
		trace_wsk_irp_complete(Irp);
		wsk_stats_complete(Irp->IoStatus.Status);
	}
	if (old == WSK_IRP_ORPHANED) {
		kfree(Irp);
		return;
	}
	if (old == WSK_IRP_DONE || Irp->CurrentLocation > Irp->StackCount + 1) {
		wsk_irp_violation(Irp, WSK_VIOLATION_DOUBLE_COMPLETE);
		return;
	}
	wsk_irp_log(Irp, WSK_EV_COMPLETE, Irp->IoStatus.Status);
	while (Irp->CurrentLocation <= Irp->StackCount) {
		sl = IoGetCurrentIrpStackLocation(Irp);
		IoSkipCurrentIrpStackLocation(Irp);
		Irp->PendingReturned = sl->Control & SL_PENDING_RETURNED;
		if (sl->CompletionRoutine && should_invoke(Irp, sl)) {
			ret = sl->CompletionRoutine(current_device(Irp), Irp, sl->Context);
			if (ret == STATUS_MORE_PROCESSING_REQUIRED)
				return;
		} else if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount) {
			IoMarkIrpPending(Irp);
		}
	}
	if (Irp->UserIosb)
		*Irp->UserIosb = Irp->IoStatus;
	if (Irp->UserEvent)
		KeSetEvent(Irp->UserEvent, PriorityBoost, FALSE);
}
EXPORT_SYMBOL_WSK(IofCompleteRequest);

/*
 * Take an IRP a client passed to a WSK call: claim its next stack location.
 * Returns false, touching nothing, when the IRP is already pending or has
 * no stack location left; the call then returns STATUS_INVALID_PARAMETER.
 */
bool wsk_irp_start(PIRP irp)
{
	int old = atomic_read(&irp->WskTrack.state);

	do {
		if (old == WSK_IRP_ACTIVE || old == WSK_IRP_ORPHANED) {
			wsk_irp_violation(irp, WSK_VIOLATION_SUBMIT_PENDING);
			return false;
		}
	} while (!atomic_try_cmpxchg(&irp->WskTrack.state, &old, WSK_IRP_ACTIVE));

	if (irp->CurrentLocation <= 1) {
		atomic_set(&irp->WskTrack.state, old);
		wsk_irp_violation(irp, WSK_VIOLATION_NO_STACK);
		return false;
	}
	IoSetNextIrpStackLocation(irp);
	memset(irp->Tail.Overlay.DriverContext, 0, sizeof(irp->Tail.Overlay.DriverContext));
	irp->IoStatus.Status = STATUS_PENDING;
	irp->IoStatus.Information = 0;
	/* The clock only for the completion's trace: jiffies tell an age. */
	irp->WskTrack.start_ns = trace_wsk_irp_complete_enabled() ? local_clock() : 0;
	irp->WskTrack.taken = jiffies;
	wsk_stats_start();
	wsk_irp_log(irp, WSK_EV_SUBMIT, 0);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_irp_start);

/* Complete a started IRP and return @status, for "return what completed". */
NTSTATUS wsk_irp_complete(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
	irp->IoStatus.Status = status;
	irp->IoStatus.Information = information;
	IofCompleteRequest(irp, IO_NO_INCREMENT);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_irp_complete);

/*
 * Fail a WSK call at its entry: start the IRP and complete it with @status
 * at once. A NULL or unusable IRP gets STATUS_INVALID_PARAMETER, untouched.
 */
NTSTATUS wsk_irp_fail(PIRP irp, NTSTATUS status)
{
	if (!irp || !wsk_irp_start(irp))
		return STATUS_INVALID_PARAMETER;
	return wsk_irp_complete(irp, status, 0);
}
