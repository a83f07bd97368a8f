// SPDX-License-Identifier: GPL-2.0
/*
 * KEVENT on a Linux wait queue: what a WSK client waits on for its IRPs.
 * A system thread (thread.c) is a dispatcher object of the same layout,
 * signaled when it ends.
 *
 * The state changes under the wait queue's lock, and a waiter passes through
 * that lock before returning, so a waiter may free an on-stack event as soon
 * as KeWaitForSingleObject() returns even while KeSetEvent() is finishing.
 * KeWaitForMultipleObjects() puts one wait queue entry, in the caller's
 * KWAIT_BLOCKs, on each object's queue and sleeps until one wakes it.
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

/* Let a KeSetEvent() still inside the lock finish with the object. */
static void wait_pass_lock(DISPATCHER_HEADER *h)
{
	unsigned long flags;

	spin_lock_irqsave(&h->WaitQueue.lock, flags);
	spin_unlock_irqrestore(&h->WaitQueue.lock, flags);
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

	if (Timeout && Timeout->QuadPart == 0) {
		if (!event_consume(e))
			return STATUS_TIMEOUT;
		/* The caller may free the event once this returns. */
		wait_pass_lock(&e->Header);
		return STATUS_SUCCESS;
	}
	might_sleep();
	if (!Timeout) {
		wait_event_idle(*wq, event_consume(e));
	} else {
		left = timeout_to_jiffies(Timeout);
		if (!wait_event_idle_timeout(*wq, event_consume(e), left))
			return STATUS_TIMEOUT;
	}
	wait_pass_lock(&e->Header);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(KeWaitForSingleObject);

static bool wait_block_sync(const KWAIT_BLOCK *b)
{
	return b->Object->Type == SynchronizationEvent;
}

/*
 * WaitAll: link the blocks in order of their objects' address, so that any
 * two WaitAll waits consume the synchronization events they share in the
 * same order, and one of them always gets them all. False if an object is
 * named twice: a second consume would fail on the first's, for ever.
 */
static bool wait_all_sort(PKWAIT_BLOCK blocks, ULONG count, PKWAIT_BLOCK *first)
{
	PKWAIT_BLOCK *pos;
	ULONG i;

	*first = NULL;
	for (i = 0; i < count; i++) {
		for (pos = first; *pos && (*pos)->Object < blocks[i].Object;)
			pos = &(*pos)->Next;
		if (*pos && (*pos)->Object == blocks[i].Object)
			return false;
		blocks[i].Next = *pos;
		*pos = &blocks[i];
	}
	return true;
}

/* Set again the synchronization events from @b up to @stop, this wait took. */
static void wait_all_give_back(PKWAIT_BLOCK b, PKWAIT_BLOCK stop)
{
	for (; b != stop; b = b->Next)
		if (wait_block_sync(b))
			KeSetEvent((PRKEVENT)b->Object, 0, FALSE);
}

/*
 * WaitAll, satisfied only if every object is signaled: consume the
 * synchronization events in order of address, then check that the other
 * objects are still signaled; if any is not, give back what was consumed.
 */
static bool wait_all_satisfy(PKWAIT_BLOCK first)
{
	PKWAIT_BLOCK b;

	for (b = first; b; b = b->Next)
		if (!READ_ONCE(b->Object->SignalState))
			return false;
	for (b = first; b; b = b->Next) {
		if (wait_block_sync(b) && !event_consume((PRKEVENT)b->Object)) {
			wait_all_give_back(first, b);
			return false;
		}
	}
	for (b = first; b; b = b->Next) {
		if (!wait_block_sync(b) && !READ_ONCE(b->Object->SignalState)) {
			wait_all_give_back(first, NULL);
			return false;
		}
	}
	return true;
}

/*
 * One look at the objects: the status that satisfies the wait, or
 * STATUS_TIMEOUT. @first is the WaitAll list, NULL for a WaitAny.
 */
static NTSTATUS wait_satisfy(PKWAIT_BLOCK blocks, ULONG count, PKWAIT_BLOCK first)
{
	ULONG i;

	if (first)
		return wait_all_satisfy(first) ? STATUS_SUCCESS : STATUS_TIMEOUT;
	for (i = 0; i < count; i++)
		if (event_consume((PRKEVENT)blocks[i].Object))
			return STATUS_WAIT_0 + i;
	return STATUS_TIMEOUT;
}

/**
 * KeWaitForMultipleObjects() - wait for any or all of several dispatcher
 *	objects to be signaled
 * @Count: how many objects @Object names, 1 to MAXIMUM_WAIT_OBJECTS
 * @Object: KEVENTs and PETHREADs (signaled once the thread has ended)
 * @WaitType: WaitAny or WaitAll
 * @WaitReason: ignored
 * @WaitMode: ignored
 * @Alertable: ignored; waits are never interrupted by signals
 * @Timeout: NULL to wait forever; zero to poll; negative for a relative
 *	and positive for an absolute time, in 100 ns units
 * @WaitBlockArray: @Count wait blocks, uninitialized, the caller's until
 *	the call returns; may be NULL when @Count is at most
 *	THREAD_WAIT_OBJECTS
 *
 * WaitAny is satisfied by the lowest-indexed signaled object, and only a
 * synchronization event among them is reset by it. WaitAll is satisfied
 * once all are signaled; it then resets every synchronization event. It is
 * atomic for the synchronization events: they are consumed one at a time,
 * in order of address, and if another wait took one first, those already
 * consumed are set again (waking their waiters) and the wait goes on, so
 * a WaitAll that does not return consumed nothing, but in the meantime a
 * poll of one of its events may find it not signaled. A notification event
 * or thread is checked after all the synchronization events are held;
 * these are not locked, so a WaitAll does not stop a KeResetEvent() on
 * one of them just before it returns. Windows bugchecks on a bad @Count;
 * this returns STATUS_INVALID_PARAMETER for that, and for an unknown
 * @WaitType, a NULL object, or an object named twice in a WaitAll.
 *
 * As KeWaitForSingleObject(), it passes through the lock of each object
 * that satisfied the wait before returning, so the caller may free them.
 *
 * Context: any context if @Timeout is zero (it does not sleep then);
 * otherwise process context, and it sleeps.
 * Return: STATUS_WAIT_0 + the index of the object that satisfied a WaitAny;
 * STATUS_SUCCESS (STATUS_WAIT_0) for a satisfied WaitAll; STATUS_TIMEOUT;
 * or STATUS_INVALID_PARAMETER.
 */
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
				  KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
				  BOOLEAN Alertable, PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray)
{
	KWAIT_BLOCK own[THREAD_WAIT_OBJECTS];
	PKWAIT_BLOCK blocks = WaitBlockArray ?: own, first = NULL;
	long left = MAX_SCHEDULE_TIMEOUT;
	NTSTATUS status;
	ULONG i;

	if (!Count || Count > MAXIMUM_WAIT_OBJECTS || !Object ||
	    (!WaitBlockArray && Count > THREAD_WAIT_OBJECTS) ||
	    (WaitType != WaitAll && WaitType != WaitAny))
		return STATUS_INVALID_PARAMETER;
	for (i = 0; i < Count; i++) {
		if (!Object[i])
			return STATUS_INVALID_PARAMETER;
		blocks[i].Object = Object[i];
	}
	if (WaitType == WaitAll && !wait_all_sort(blocks, Count, &first))
		return STATUS_INVALID_PARAMETER;

	status = wait_satisfy(blocks, Count, first);
	if (status == STATUS_TIMEOUT && Timeout && !Timeout->QuadPart)
		return STATUS_TIMEOUT;
	if (status != STATUS_TIMEOUT) {
		if (first)
			for (i = 0; i < Count; i++)
				wait_pass_lock(blocks[i].Object);
		else
			wait_pass_lock(blocks[status - STATUS_WAIT_0].Object);
		return status;
	}

	might_sleep();
	if (Timeout)
		left = timeout_to_jiffies(Timeout);
	for (i = 0; i < Count; i++) {
		init_waitqueue_entry(&blocks[i].Entry, current);
		add_wait_queue(&blocks[i].Object->WaitQueue, &blocks[i].Entry);
	}
	/*
	 * The task is marked asleep before each look, and each KeSetEvent()
	 * wakes it after changing the state: a set between the look and
	 * schedule_timeout() makes the latter return at once.
	 */
	for (;;) {
		set_current_state(TASK_IDLE);
		status = wait_satisfy(blocks, Count, first);
		if (status != STATUS_TIMEOUT || !left)
			break;
		left = schedule_timeout(left);
	}
	__set_current_state(TASK_RUNNING);
	/* Under each lock: also the pass through it KeWaitForSingleObject() makes. */
	for (i = 0; i < Count; i++)
		remove_wait_queue(&blocks[i].Object->WaitQueue, &blocks[i].Entry);
	return status;
}
EXPORT_SYMBOL_WSK(KeWaitForMultipleObjects);
