// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: KEVENTs, the waits a WSK client uses for its IRPs, waits on
 * several events and threads at once, the IRQL a caller is reported to run
 * at, and the run-time library helpers.
 */
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <compat/compat.h>
#include "wsk_test.h"

static LARGE_INTEGER no_wait = { .QuadPart = 0 };
static LARGE_INTEGER long_wait = { .QuadPart = -10000LL * WSK_TEST_TIMEOUT_MS };

static void kevent_notification_stays_set(struct kunit *test)
{
	KEVENT e;

	KeInitializeEvent(&e, NotificationEvent, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &no_wait),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeSetEvent(&e, IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_NE(test, KeSetEvent(&e, IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &no_wait),
			STATUS_SUCCESS);
	KUNIT_EXPECT_NE(test, KeResetEvent(&e), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e), 0);
}

static void kevent_synchronization_auto_resets(struct kunit *test)
{
	KEVENT e;

	KeInitializeEvent(&e, SynchronizationEvent, TRUE);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &no_wait),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &no_wait),
			STATUS_TIMEOUT);
	KeSetEvent(&e, IO_NO_INCREMENT, FALSE);
	KeClearEvent(&e);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e), 0);
}

static void kevent_relative_timeout(struct kunit *test)
{
	LARGE_INTEGER twenty_ms = { .QuadPart = -200000 };
	unsigned long start = jiffies;
	KEVENT e;

	KeInitializeEvent(&e, NotificationEvent, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE,
						    &twenty_ms), STATUS_TIMEOUT);
	KUNIT_EXPECT_GE(test, jiffies - start, msecs_to_jiffies(20));
}

struct timed_set {
	struct timer_list timer;
	KEVENT event;
};

static void timed_set_fire(struct timer_list *timer)
{
	struct timed_set *ts = from_timer(ts, timer, timer);

	KeSetEvent(&ts->event, IO_NO_INCREMENT, FALSE);
}

/* A waiter sleeps until softirq context sets the event. */
static void kevent_set_from_softirq(struct kunit *test)
{
	struct timed_set ts;

	KeInitializeEvent(&ts.event, SynchronizationEvent, FALSE);
	timer_setup_on_stack(&ts.timer, timed_set_fire, 0);
	mod_timer(&ts.timer, jiffies + msecs_to_jiffies(20));
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ts.event, Executive, KernelMode, FALSE,
						    NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ts.event), 0);
	del_timer_sync(&ts.timer);
	destroy_timer_on_stack(&ts.timer);
}

/* KeWaitForMultipleObjects(), with the caller's timeout. */
static NTSTATUS wait_many(ULONG count, PVOID *objects, WAIT_TYPE type,
			  LARGE_INTEGER *timeout, PKWAIT_BLOCK blocks)
{
	return KeWaitForMultipleObjects(count, objects, type, Executive, KernelMode, FALSE,
					timeout, blocks);
}

struct timed_set_of {
	struct timer_list timer;
	PKEVENT event;
};

static void timed_set_of_fire(struct timer_list *timer)
{
	struct timed_set_of *ts = from_timer(ts, timer, timer);

	KeSetEvent(ts->event, IO_NO_INCREMENT, FALSE);
}

/* Set @event from a timer in @ms; stop_timed_set() waits for it to be done. */
static void start_timed_set(struct timed_set_of *ts, PKEVENT event, unsigned int ms)
{
	ts->event = event;
	timer_setup_on_stack(&ts->timer, timed_set_of_fire, 0);
	mod_timer(&ts->timer, jiffies + msecs_to_jiffies(ms));
}

static void stop_timed_set(struct timed_set_of *ts)
{
	del_timer_sync(&ts->timer);
	destroy_timer_on_stack(&ts->timer);
}

/* WaitAny sleeps until softirq context sets one of three; only that one is reset. */
static void kwait_any_set_from_timer(struct kunit *test)
{
	struct timed_set_of ts;
	KEVENT e[3];
	PVOID objects[3] = { &e[0], &e[1], &e[2] };
	int i;

	for (i = 0; i < 3; i++)
		KeInitializeEvent(&e[i], SynchronizationEvent, FALSE);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAny, &no_wait, NULL), STATUS_TIMEOUT);
	start_timed_set(&ts, &e[1], 20);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAny, &long_wait, NULL), STATUS_WAIT_1);
	stop_timed_set(&ts);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[i]), 0);
}

/* Of several signaled, the lowest index wins; a notification event stays set. */
static void kwait_any_lowest_index(struct kunit *test)
{
	KEVENT e[3];
	PVOID objects[3] = { &e[0], &e[1], &e[2] };

	KeInitializeEvent(&e[0], SynchronizationEvent, FALSE);
	KeInitializeEvent(&e[1], SynchronizationEvent, TRUE);
	KeInitializeEvent(&e[2], NotificationEvent, TRUE);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAny, &no_wait, NULL), STATUS_WAIT_1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[1]), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[2]), 1);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAny, &no_wait, NULL), STATUS_WAIT_2);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAny, NULL, NULL), STATUS_WAIT_2);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[2]), 1);
	KeSetEvent(&e[0], IO_NO_INCREMENT, FALSE);
	KeSetEvent(&e[1], IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAny, &long_wait, NULL), STATUS_WAIT_0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[0]), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[1]), 1);
}

struct setter {
	PKEVENT events[3];	/* set in this order, 20 ms apart */
	atomic_t sets;		/* counted before each set */
};

static VOID setter_routine(PVOID context)
{
	struct setter *s = context;
	int i;

	for (i = 0; i < 3; i++) {
		msleep(20);
		atomic_inc(&s->sets);
		KeSetEvent(s->events[i], IO_NO_INCREMENT, FALSE);
	}
}

/* Run @routine on a system thread and return its referenced object. */
static PETHREAD thread_start(struct kunit *test, PKSTART_ROUTINE routine, PVOID context)
{
	PETHREAD thread;
	HANDLE h;

	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL,
						   routine, context), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType,
							KernelMode, &thread, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
	return thread;
}

/* No timeout: the threads use the test's stack, and each of their waits ends. */
static void thread_end_wait(struct kunit *test, PETHREAD thread)
{
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE,
						    NULL), STATUS_SUCCESS);
	ObDereferenceObject(thread);
}

/*
 * WaitAll returns only once another thread has set the last of three; it
 * resets both synchronization events and leaves the notification event set.
 */
static void kwait_all_until_last(struct kunit *test)
{
	struct setter s = {};
	PETHREAD thread;
	KEVENT e[3];
	PVOID objects[3] = { &e[0], &e[1], &e[2] };

	KeInitializeEvent(&e[0], SynchronizationEvent, FALSE);
	KeInitializeEvent(&e[1], NotificationEvent, FALSE);
	KeInitializeEvent(&e[2], SynchronizationEvent, FALSE);
	s.events[0] = &e[1];
	s.events[1] = &e[0];
	s.events[2] = &e[2];
	atomic_set(&s.sets, 0);
	thread = thread_start(test, setter_routine, &s);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAll, &long_wait, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.sets), 3);
	thread_end_wait(test, thread);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[0]), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[1]), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[2]), 0);
}

/* A WaitAll that is not satisfied consumes nothing; once it is, it consumes all. */
static void kwait_all_poll(struct kunit *test)
{
	KEVENT e[3];
	PVOID objects[3] = { &e[0], &e[1], &e[2] };

	KeInitializeEvent(&e[0], SynchronizationEvent, TRUE);
	KeInitializeEvent(&e[1], SynchronizationEvent, FALSE);
	KeInitializeEvent(&e[2], NotificationEvent, TRUE);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAll, &no_wait, NULL), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[0]), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[2]), 1);
	/* In address order the unsignaled one may come last: swap them too. */
	objects[0] = &e[1];
	objects[1] = &e[0];
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAll, &no_wait, NULL), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[0]), 1);
	KeSetEvent(&e[1], IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, wait_many(3, objects, WaitAll, &no_wait, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[0]), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[1]), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[2]), 1);
}

/* A relative timeout ends a WaitAny and a WaitAll, and the WaitAll took nothing. */
static void kwait_relative_timeout(struct kunit *test)
{
	LARGE_INTEGER twenty_ms = { .QuadPart = -200000 };
	unsigned long start;
	KEVENT e[2];
	PVOID objects[2] = { &e[0], &e[1] };

	KeInitializeEvent(&e[0], NotificationEvent, FALSE);
	KeInitializeEvent(&e[1], SynchronizationEvent, FALSE);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAny, &twenty_ms, NULL), STATUS_TIMEOUT);
	KUNIT_EXPECT_GE(test, jiffies - start, msecs_to_jiffies(20));
	KeSetEvent(&e[1], IO_NO_INCREMENT, FALSE);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAll, &twenty_ms, NULL), STATUS_TIMEOUT);
	KUNIT_EXPECT_GE(test, jiffies - start, msecs_to_jiffies(20));
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[1]), 1);
}

/* More than THREAD_WAIT_OBJECTS, up to MAXIMUM_WAIT_OBJECTS, in the caller's blocks. */
static void kwait_caller_blocks(struct kunit *test)
{
	struct timed_set_of ts;
	PKWAIT_BLOCK blocks;
	PVOID *objects;
	KEVENT *e;
	int i;

	e = kunit_kcalloc(test, MAXIMUM_WAIT_OBJECTS, sizeof(*e), GFP_KERNEL);
	objects = kunit_kcalloc(test, MAXIMUM_WAIT_OBJECTS, sizeof(*objects), GFP_KERNEL);
	blocks = kunit_kcalloc(test, MAXIMUM_WAIT_OBJECTS, sizeof(*blocks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_ASSERT_NOT_NULL(test, objects);
	KUNIT_ASSERT_NOT_NULL(test, blocks);
	for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++) {
		KeInitializeEvent(&e[i], SynchronizationEvent, FALSE);
		objects[i] = &e[i];
	}

	start_timed_set(&ts, &e[5], 20);
	KUNIT_EXPECT_EQ(test, wait_many(8, objects, WaitAny, &long_wait, blocks),
			STATUS_WAIT_0 + 5);
	stop_timed_set(&ts);
	for (i = 0; i < 7; i++)
		KeSetEvent(&e[i], IO_NO_INCREMENT, FALSE);
	start_timed_set(&ts, &e[7], 20);
	KUNIT_EXPECT_EQ(test, wait_many(8, objects, WaitAll, &long_wait, blocks),
			STATUS_SUCCESS);
	stop_timed_set(&ts);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[i]), 0);

	start_timed_set(&ts, &e[63], 20);
	KUNIT_EXPECT_EQ(test, wait_many(MAXIMUM_WAIT_OBJECTS, objects, WaitAny, &long_wait,
					blocks), STATUS_WAIT_63);
	stop_timed_set(&ts);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e[63]), 0);
}

/* Counts, arrays and wait types Windows bugchecks on; duplicates in a WaitAll. */
static void kwait_bad_input(struct kunit *test)
{
	PVOID objects[MAXIMUM_WAIT_OBJECTS + 1];
	PKWAIT_BLOCK blocks;
	KEVENT e;
	int i;

	blocks = kunit_kcalloc(test, MAXIMUM_WAIT_OBJECTS + 1, sizeof(*blocks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, blocks);
	KeInitializeEvent(&e, SynchronizationEvent, TRUE);
	for (i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
		objects[i] = &e;
	KUNIT_EXPECT_EQ(test, wait_many(0, objects, WaitAny, &no_wait, blocks),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wait_many(MAXIMUM_WAIT_OBJECTS + 1, objects, WaitAny, &no_wait,
					blocks), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wait_many(THREAD_WAIT_OBJECTS + 1, objects, WaitAny, &no_wait,
					NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wait_many(1, NULL, WaitAny, &no_wait, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wait_many(1, objects, (WAIT_TYPE)2, &no_wait, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAll, &long_wait, NULL),
			STATUS_INVALID_PARAMETER);
	objects[1] = NULL;
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAny, NULL, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e), 1);
	/* A WaitAny may name an object twice, as a WaitAll may not. */
	objects[1] = &e;
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAny, &no_wait, NULL), STATUS_WAIT_0);
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAny, &no_wait, NULL), STATUS_TIMEOUT);
}

static VOID wait_go_routine(PVOID context)
{
	KeWaitForSingleObject(context, Executive, KernelMode, FALSE, NULL);
}

/* A system thread's object, with an event: signaled once the thread ended. */
static void kwait_thread_and_event(struct kunit *test)
{
	PETHREAD thread;
	KEVENT go, e;
	PVOID objects[2] = { &e };

	KeInitializeEvent(&go, NotificationEvent, FALSE);
	KeInitializeEvent(&e, NotificationEvent, FALSE);
	thread = thread_start(test, wait_go_routine, &go);
	objects[1] = thread;
	msleep(20);
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAny, &no_wait, NULL), STATUS_TIMEOUT);
	KeSetEvent(&go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAny, &long_wait, NULL), STATUS_WAIT_1);
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAll, &no_wait, NULL), STATUS_TIMEOUT);
	KeSetEvent(&e, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAll, &no_wait, NULL), STATUS_SUCCESS);
	/* A thread object does not reset. */
	KUNIT_EXPECT_EQ(test, wait_many(2, objects, WaitAll, &no_wait, NULL), STATUS_SUCCESS);
	thread_end_wait(test, thread);
}

/*
 * Two synchronization events as locks, taken by three threads at once: two
 * take both with a WaitAll (naming them in opposite orders), one takes the
 * second alone with KeWaitForSingleObject(). A WaitAll that took one
 * without the other would be seen holding a lock another holds; one that
 * lost an event it gave back, or a lost wakeup, would time out.
 */
#define CONTEND_ROUNDS 500

struct contend {
	KEVENT locks[2];
	atomic_t holders[2];
	atomic_t overlaps, timeouts;
};

struct contender {
	struct contend *c;
	PVOID objects[2];
	ULONG count;
};

static VOID contend_routine(PVOID context)
{
	struct contender *t = context;
	struct contend *c = t->c;
	int round, i, held;
	NTSTATUS status;

	for (round = 0; round < CONTEND_ROUNDS; round++) {
		if (t->count == 1)
			status = KeWaitForSingleObject(t->objects[0], Executive, KernelMode,
						       FALSE, &long_wait);
		else
			status = wait_many(t->count, t->objects, WaitAll, &long_wait, NULL);
		if (status != STATUS_SUCCESS) {
			atomic_inc(&c->timeouts);
			return;
		}
		for (i = 0; i < 2; i++) {
			held = t->count == 2 || t->objects[0] == &c->locks[i];
			if (held && atomic_inc_return(&c->holders[i]) != 1)
				atomic_inc(&c->overlaps);
		}
		if (round % 8 == 0)
			usleep_range(10, 20);
		for (i = 0; i < 2; i++) {
			if (t->count == 2 || t->objects[0] == &c->locks[i]) {
				atomic_dec(&c->holders[i]);
				KeSetEvent(&c->locks[i], IO_NO_INCREMENT, FALSE);
			}
		}
		if (round % 16 == 0)
			cond_resched();
	}
}

static void kwait_all_contended(struct kunit *test)
{
	struct contender t[3];
	PETHREAD threads[3];
	struct contend c = {};
	int i;

	KeInitializeEvent(&c.locks[0], SynchronizationEvent, TRUE);
	KeInitializeEvent(&c.locks[1], SynchronizationEvent, TRUE);
	t[0] = (struct contender){ &c, { &c.locks[0], &c.locks[1] }, 2 };
	t[1] = (struct contender){ &c, { &c.locks[1], &c.locks[0] }, 2 };
	t[2] = (struct contender){ &c, { &c.locks[1] }, 1 };
	for (i = 0; i < 3; i++)
		threads[i] = thread_start(test, contend_routine, &t[i]);
	for (i = 0; i < 3; i++)
		thread_end_wait(test, threads[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&c.overlaps), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&c.timeouts), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&c.locks[0]), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&c.locks[1]), 1);
}

static void kevent_irql(struct kunit *test)
{
	static DEFINE_SPINLOCK(lock);

	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	spin_lock(&lock);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	spin_unlock(&lock);
	local_bh_disable();
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	local_bh_enable();
}

/* The run-time library helpers that come with the IRQL model. */
static void rtl_interlocked_and_spin_locks(struct kunit *test)
{
	LONG n = 5;
	PVOID p = NULL;
	KSPIN_LOCK lock;
	KIRQL old;
	char buf[4] = { 1, 2, 3, 4 };

	KUNIT_EXPECT_EQ(test, InterlockedIncrement(&n), 6);
	KUNIT_EXPECT_EQ(test, InterlockedDecrement(&n), 5);
	KUNIT_EXPECT_EQ(test, InterlockedExchangeAdd(&n, 10), 5);
	KUNIT_EXPECT_EQ(test, InterlockedExchange(&n, 1), 15);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange(&n, 7, 2), 1);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange(&n, 7, 1), 1);
	KUNIT_EXPECT_EQ(test, n, 7);
	KUNIT_EXPECT_NULL(test, InterlockedExchangePointer(&p, buf));
	KUNIT_EXPECT_PTR_EQ(test, InterlockedCompareExchangePointer(&p, NULL, buf), (PVOID)buf);
	KUNIT_EXPECT_NULL(test, p);

	KUNIT_EXPECT_EQ(test, RtlUshortByteSwap(0x1234), 0x3412);
	KUNIT_EXPECT_EQ(test, RtlUlongByteSwap(0x12345678), 0x78563412U);
	RtlZeroMemory(buf, 2);
	KUNIT_EXPECT_EQ(test, buf[1], 0);
	KUNIT_EXPECT_EQ(test, buf[2], 3);

	KeInitializeSpinLock(&lock);
	KeAcquireSpinLock(&lock, &old);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeReleaseSpinLock(&lock, old);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static struct kunit_case kevent_cases[] = {
	KUNIT_CASE(kevent_notification_stays_set),
	KUNIT_CASE(kevent_synchronization_auto_resets),
	KUNIT_CASE(kevent_relative_timeout),
	KUNIT_CASE(kevent_set_from_softirq),
	KUNIT_CASE(kwait_any_set_from_timer),
	KUNIT_CASE(kwait_any_lowest_index),
	KUNIT_CASE(kwait_all_until_last),
	KUNIT_CASE(kwait_all_poll),
	KUNIT_CASE(kwait_relative_timeout),
	KUNIT_CASE(kwait_caller_blocks),
	KUNIT_CASE(kwait_bad_input),
	KUNIT_CASE(kwait_thread_and_event),
	KUNIT_CASE(kwait_all_contended),
	KUNIT_CASE(kevent_irql),
	KUNIT_CASE(rtl_interlocked_and_spin_locks),
	{}
};

static struct kunit_suite kevent_suite = {
	.name = "wsk_kevent",
	.test_cases = kevent_cases,
};

kunit_test_suite(kevent_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: wsk KEVENTs, waits on several objects, and IRQL");
WSK_IMPORT_NS();
