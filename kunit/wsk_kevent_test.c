// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: KEVENTs, the waits a WSK client uses for its IRPs, the IRQL a
 * caller is reported to run at, and the run-time library helpers.
 */
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <compat/compat.h>
#include "wsk_test.h"

static LARGE_INTEGER no_wait = { .QuadPart = 0 };

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
MODULE_DESCRIPTION("KUnit: wsk KEVENTs and IRQL");
WSK_IMPORT_NS();
