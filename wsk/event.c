// SPDX-License-Identifier: GPL-2.0
/*
 * KEVENT on a Linux wait queue: what a WSK client waits on for its IRPs.
 * A system thread (thread.c) is a dispatcher object of the same layout,
 * signaled when it ends.
 *
 * The state changes under the wait queue's lock, and a waiter passes through
 * that lock before returning, so a waiter may free an on-stack event as soon
 * as KeWaitForSingleObject() returns even while KeSetEvent() is finishing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched.h>
#include <linux/hardirq.h>
#include <linux/ktime.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <compat/compat.h>
#include <wdm.h>

/* 100 ns units between 1601-01-01 and 1970-01-01. */
#define NT_EPOCH_OFFSET 116444736000000000LL

/**
 * KeInitializeEvent() - initialize an event
 * @Event: the event
 * @Type: NotificationEvent (stays set until reset) or SynchronizationEvent
 *	(a satisfied wait clears it)
 * @State: initial state, TRUE for signaled
 *
 * Context: any context; does not sleep.
 */
void KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	init_waitqueue_head(&Event->Header.WaitQueue);
	Event->Header.SignalState = State ? 1 : 0;
	Event->Header.Type = Type;
}
EXPORT_SYMBOL_WSK(KeInitializeEvent);

/**
 * KeSetEvent() - signal an event and wake its waiters
 * @Event: the event
 * @Increment: ignored
 * @Wait: ignored
 *
 * Context: any context; does not sleep.
 * Return: the previous state (nonzero if it was signaled).
 */
LONG KeSetEvent(PRKEVENT Event, LONG Increment, BOOLEAN Wait)
{
	wait_queue_head_t *wq = &Event->Header.WaitQueue;
	unsigned long flags;
	LONG prev;

	spin_lock_irqsave(&wq->lock, flags);
	prev = Event->Header.SignalState;
	WRITE_ONCE(Event->Header.SignalState, 1);
	wake_up_locked(wq);
	spin_unlock_irqrestore(&wq->lock, flags);
	return prev;
}
EXPORT_SYMBOL_WSK(KeSetEvent);

/**
 * KeResetEvent() - set an event to not signaled
 * @Event: the event
 *
 * Context: any context; does not sleep.
 * Return: the previous state.
 */
LONG KeResetEvent(PRKEVENT Event)
{
	return xchg(&Event->Header.SignalState, 0);
}
EXPORT_SYMBOL_WSK(KeResetEvent);

/**
 * KeClearEvent() - set an event to not signaled
 * @Event: the event
 *
 * Context: any context; does not sleep.
 */
void KeClearEvent(PRKEVENT Event)
{
	WRITE_ONCE(Event->Header.SignalState, 0);
}
EXPORT_SYMBOL_WSK(KeClearEvent);

/**
 * KeReadStateEvent() - read an event's state
 * @Event: the event
 *
 * Context: any context; does not sleep.
 * Return: nonzero if signaled.
 */
LONG KeReadStateEvent(PRKEVENT Event)
{
	return READ_ONCE(Event->Header.SignalState);
}
EXPORT_SYMBOL_WSK(KeReadStateEvent);

/* A satisfied wait clears a synchronization event; other objects stay signaled. */
static bool event_consume(PRKEVENT e)
{
	if (e->Header.Type != SynchronizationEvent)
		return READ_ONCE(e->Header.SignalState);
	return cmpxchg(&e->Header.SignalState, 1, 0) == 1;
}

/* NT timeout (negative: relative, positive: absolute, 100 ns units) to jiffies. */
static long timeout_to_jiffies(const LARGE_INTEGER *timeout)
{
	s64 t = timeout->QuadPart;

	if (t > 0)
		t -= ktime_get_real_ns() / 100 + NT_EPOCH_OFFSET;
	else
		t = -t;
	if (t <= 0)
		return 0;
	return nsecs_to_jiffies64(t * 100) + 1;
}

/**
 * KeWaitForSingleObject() - wait for a dispatcher object to be signaled
 * @Object: a KEVENT, or a PETHREAD (signaled once the thread has ended)
 * @WaitReason: ignored
 * @WaitMode: ignored
 * @Alertable: ignored; waits are never interrupted by signals
 * @Timeout: NULL to wait forever; zero to poll; negative for a relative
 *	and positive for an absolute time, in 100 ns units
 *
 * Context: process context; sleeps unless @Timeout is zero.
 * Return: STATUS_SUCCESS, or STATUS_TIMEOUT.
 */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
			       KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout)
{
	PRKEVENT e = Object;
	wait_queue_head_t *wq = &e->Header.WaitQueue;
	long left;

	if (Timeout && Timeout->QuadPart == 0)
		return event_consume(e) ? STATUS_SUCCESS : STATUS_TIMEOUT;
	might_sleep();
	if (!Timeout) {
		wait_event_idle(*wq, event_consume(e));
	} else {
		left = timeout_to_jiffies(Timeout);
		if (!wait_event_idle_timeout(*wq, event_consume(e), left))
			return STATUS_TIMEOUT;
	}
	/* Let a KeSetEvent() still inside the lock finish with the event. */
	spin_lock_irq(&wq->lock);
	spin_unlock_irq(&wq->lock);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(KeWaitForSingleObject);
