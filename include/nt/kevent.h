/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KEVENT and the dispatcher calls a WSK client uses to wait for an IRP, or
 * for any or all of several events and threads, implemented on Linux wait
 * queues.
 */
#ifndef _WSK_NT_KEVENT_H
#define _WSK_NT_KEVENT_H

#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/wait.h>
#include "../ntdef.h"

#define PASSIVE_LEVEL	0
#define APC_LEVEL	1
#define DISPATCH_LEVEL	2

typedef enum _EVENT_TYPE {
	NotificationEvent,
	SynchronizationEvent,
} EVENT_TYPE;

/* DISPATCHER_HEADER.Type of a thread: waits on it do not reset it. */
#define WSK_THREAD_OBJECT	6

typedef enum _KWAIT_REASON {
	Executive,
	FreePage,
	PageIn,
	PoolAllocation,
	DelayExecution,
	Suspended,
	UserRequest,
} KWAIT_REASON;

typedef enum _WAIT_TYPE {
	WaitAll,
	WaitAny,
} WAIT_TYPE;

/* Wait blocks built into a thread, and the most objects one wait may name. */
#define THREAD_WAIT_OBJECTS	3
#define MAXIMUM_WAIT_OBJECTS	64

/* Provider-private: clients only declare KEVENTs and pass pointers. */
typedef struct _DISPATCHER_HEADER {
	wait_queue_head_t WaitQueue;
	LONG SignalState;
	UCHAR Type;
} DISPATCHER_HEADER;

typedef struct _KEVENT {
	DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

/*
 * Provider-private: a client declares an array of Count of these for a
 * KeWaitForMultipleObjects() on more than THREAD_WAIT_OBJECTS objects.
 */
typedef struct _KWAIT_BLOCK {
	struct wait_queue_entry Entry;	/* on the object's WaitQueue */
	DISPATCHER_HEADER *Object;
	struct _KWAIT_BLOCK *Next;	/* WaitAll: in order of address */
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;

#define EVENT_INCREMENT 1

void KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
LONG KeSetEvent(PRKEVENT Event, LONG Increment, BOOLEAN Wait);
void KeClearEvent(PRKEVENT Event);
LONG KeResetEvent(PRKEVENT Event);
LONG KeReadStateEvent(PRKEVENT Event);
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
			       KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout);
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
				  KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
				  BOOLEAN Alertable, PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray);

/**
 * KeGetCurrentIrql() - the IRQL the caller runs at, in Linux terms
 *
 * PASSIVE_LEVEL in process context that may sleep, DISPATCH_LEVEL in
 * softirq or interrupt context, with preemption or interrupts disabled,
 * or with a spin lock held. Inline: KeAcquireSpinLock() asks it each time.
 *
 * Context: any context.
 * Return: PASSIVE_LEVEL or DISPATCH_LEVEL.
 */
static inline KIRQL KeGetCurrentIrql(void)
{
	if (!in_task() || irqs_disabled() || preempt_count())
		return DISPATCH_LEVEL;
	return PASSIVE_LEVEL;
}

#endif /* _WSK_NT_KEVENT_H */
