// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the executive services a ported driver uses around its WSK code:
 * system threads and waiting on them, handles and object references,
 * SLISTs (from task and softirq at once), pool allocation,
 * RtlInitUnicodeString, device objects and DbgPrint's format rewriting.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/timer.h>
#include <compat/compat.h>
#include "debug.h"
#include "wsk_test.h"

static LARGE_INTEGER no_wait = { .QuadPart = 0 };

struct thread_ctx {
	KEVENT go;
	atomic_t ran;
	bool terminate;		/* end with PsTerminateSystemThread() */
	bool in_task;
	KIRQL irql;
};

static VOID thread_routine(PVOID context)
{
	struct thread_ctx *x = context;

	x->in_task = in_task();
	x->irql = KeGetCurrentIrql();
	KeWaitForSingleObject(&x->go, Executive, KernelMode, FALSE, NULL);
	atomic_inc(&x->ran);
	if (x->terminate)
		PsTerminateSystemThread(STATUS_SUCCESS);
	atomic_inc(&x->ran);	/* only when it returns instead */
}

/*
 * A thread runs its routine at PASSIVE_LEVEL; its object, referenced from
 * the handle, is signaled only once it has ended, whether the routine
 * returned or called PsTerminateSystemThread(); the handle and the
 * reference are let go in either order.
 */
static void thread_wait_for_end(struct kunit *test)
{
	LARGE_INTEGER timeout = { .QuadPart = -10000LL * WSK_TEST_TIMEOUT_MS };
	struct thread_ctx x = {};
	CLIENT_ID id = {};
	PETHREAD thread;
	HANDLE h;
	int way;

	for (way = 0; way < 2; way++) {
		KeInitializeEvent(&x.go, NotificationEvent, FALSE);
		atomic_set(&x.ran, 0);
		x.terminate = way;
		KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, &id,
							   thread_routine, &x), STATUS_SUCCESS);
		KUNIT_EXPECT_NE(test, (unsigned long)id.UniqueThread, 0UL);
		KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType,
								KernelMode, &thread, NULL),
				STATUS_SUCCESS);
		if (way)
			KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
		msleep(20);
		KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE,
							    &no_wait), STATUS_TIMEOUT);
		KeSetEvent(&x.go, IO_NO_INCREMENT, FALSE);
		KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE,
							    &timeout), STATUS_SUCCESS);
		/* Still signaled: a thread object does not reset. */
		KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE,
							    &no_wait), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, atomic_read(&x.ran), way ? 1 : 2);
		KUNIT_EXPECT_TRUE(test, x.in_task);
		KUNIT_EXPECT_EQ(test, x.irql, PASSIVE_LEVEL);
		ObDereferenceObject(thread);
		if (!way)
			KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_INVALID_HANDLE);	/* closed */
	}
}

/* Bad handles and arguments, and PsTerminateSystemThread outside a system thread. */
static void thread_bad_input(struct kunit *test)
{
	u32 not_a_thread[16] = {};
	PVOID object = NULL;
	HANDLE h;

	KUNIT_EXPECT_EQ(test, PsCreateSystemThread(&h, 0, NULL, NULL, NULL, NULL, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, PsCreateSystemThread(NULL, 0, NULL, NULL, NULL, thread_routine,
						   NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(NULL, 0, NULL, KernelMode, &object, NULL),
			STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(not_a_thread, 0, NULL, KernelMode,
							&object, NULL), STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_NULL(test, object);
	KUNIT_EXPECT_EQ(test, ZwClose(not_a_thread), STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, PsTerminateSystemThread(STATUS_SUCCESS), STATUS_INVALID_PARAMETER);
}

struct slist_item {
	SLIST_ENTRY entry;
	int value;
};

/* Push, pop and flush: LIFO, depth, the previous first entry returned. */
static void slist_basics(struct kunit *test)
{
	struct slist_item items[3] = { { .value = 1 }, { .value = 2 }, { .value = 3 } };
	SLIST_HEADER head;
	PSLIST_ENTRY e;
	int i;

	KUNIT_EXPECT_EQ(test, (unsigned long)&items[1].entry % 16, 0UL);
	InitializeSListHead(&head);
	KUNIT_EXPECT_NULL(test, InterlockedPopEntrySList(&head));
	KUNIT_EXPECT_EQ(test, QueryDepthSList(&head), 0);
	KUNIT_EXPECT_NULL(test, InterlockedPushEntrySList(&head, &items[0].entry));
	for (i = 1; i < 3; i++)
		KUNIT_EXPECT_PTR_EQ(test, InterlockedPushEntrySList(&head, &items[i].entry),
				    &items[i - 1].entry);
	KUNIT_EXPECT_EQ(test, QueryDepthSList(&head), 3);
	KUNIT_EXPECT_PTR_EQ(test, FirstEntrySList(&head), &items[2].entry);
	e = InterlockedPopEntrySList(&head);
	KUNIT_EXPECT_EQ(test, CONTAINING_RECORD(e, struct slist_item, entry)->value, 3);
	e = InterlockedFlushSList(&head);
	KUNIT_EXPECT_EQ(test, QueryDepthSList(&head), 0);
	KUNIT_EXPECT_NULL(test, InterlockedPopEntrySList(&head));
	KUNIT_ASSERT_PTR_EQ(test, e, &items[1].entry);
	KUNIT_EXPECT_PTR_EQ(test, e->Next, &items[0].entry);
	KUNIT_EXPECT_NULL(test, e->Next->Next);
}

#define SLIST_ITEMS	256

struct slist_race {
	SLIST_HEADER head;
	struct slist_item items[SLIST_ITEMS];
	struct timer_list timer;
	atomic_t popped_bh;
	int rounds;
};

/* In softirq: pop what is there and push it back. */
static void slist_timer(struct timer_list *t)
{
	struct slist_race *r = from_timer(r, t, timer);
	PSLIST_ENTRY e;
	int i;

	for (i = 0; i < 32; i++) {
		e = InterlockedPopEntrySList(&r->head);
		if (!e)
			break;
		atomic_inc(&r->popped_bh);
		InterlockedPushEntrySList(&r->head, e);
	}
	if (--r->rounds > 0)
		mod_timer(&r->timer, jiffies + 1);
}

/* The task pops and pushes while a timer does the same: nothing lost or doubled. */
static void slist_task_and_softirq(struct kunit *test)
{
	struct slist_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned long end = jiffies + msecs_to_jiffies(300);
	int i, seen = 0, sum = 0;
	PSLIST_ENTRY e;

	KUNIT_ASSERT_NOT_NULL(test, r);
	InitializeSListHead(&r->head);
	for (i = 0; i < SLIST_ITEMS; i++) {
		r->items[i].value = i;
		InterlockedPushEntrySList(&r->head, &r->items[i].entry);
	}
	r->rounds = 20;
	timer_setup(&r->timer, slist_timer, 0);
	mod_timer(&r->timer, jiffies + 1);
	while (time_before(jiffies, end)) {
		e = InterlockedPopEntrySList(&r->head);
		if (e)
			InterlockedPushEntrySList(&r->head, e);
		cond_resched();
	}
	del_timer_sync(&r->timer);
	KUNIT_EXPECT_EQ(test, QueryDepthSList(&r->head), SLIST_ITEMS);
	for (e = InterlockedFlushSList(&r->head); e; e = e->Next) {
		sum += CONTAINING_RECORD(e, struct slist_item, entry)->value;
		seen++;
	}
	KUNIT_EXPECT_EQ(test, seen, SLIST_ITEMS);
	KUNIT_EXPECT_EQ(test, sum, SLIST_ITEMS * (SLIST_ITEMS - 1) / 2);
	KUNIT_EXPECT_GT(test, atomic_read(&r->popped_bh), 0);
}

/* ExAllocatePoolZero zeroes; the others allocate; RtlInitUnicodeString counts bytes. */
static void pool_and_strings(struct kunit *test)
{
	static const WCHAR name[] = { '\\', 'D', 'e', 'v', 0 };
	UNICODE_STRING u;
	u8 *p;
	int i;

	ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
	p = ExAllocatePoolZero(NonPagedPoolNx, 300, 0x776b7374);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < 300; i++)
		KUNIT_EXPECT_EQ(test, p[i], 0);
	ExFreePoolWithTag(p, 0x776b7374);
	p = ExAllocatePoolUninitialized(PagedPool, 64, 0x776b7374);
	KUNIT_EXPECT_NOT_NULL(test, p);
	ExFreePool(p);
	p = ExAllocatePool(NonPagedPool, 64);
	KUNIT_EXPECT_NOT_NULL(test, p);
	ExFreePool(p);

	RtlInitUnicodeString(&u, name);
	KUNIT_EXPECT_PTR_EQ(test, (const WCHAR *)u.Buffer, &name[0]);
	KUNIT_EXPECT_EQ(test, u.Length, 8);
	KUNIT_EXPECT_EQ(test, u.MaximumLength, 10);
	RtlInitUnicodeString(&u, NULL);
	KUNIT_EXPECT_EQ(test, u.Length, 0);
	KUNIT_EXPECT_EQ(test, u.MaximumLength, 0);
	KUNIT_EXPECT_NULL(test, u.Buffer);
}

/* Devices link to their driver, carry their extension, and unlink when deleted. */
static void device_objects(struct kunit *test)
{
	DRIVER_OBJECT driver = {};
	PDEVICE_OBJECT a, b;
	UNICODE_STRING none = {};

	KUNIT_ASSERT_EQ(test, IoCreateDevice(&driver, 32, &none, FILE_DEVICE_UNKNOWN,
					     FILE_DEVICE_SECURE_OPEN, FALSE, &a), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(&driver, 0, NULL, FILE_DEVICE_NETWORK, 0, TRUE, &b),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, driver.DeviceObject, b);
	KUNIT_EXPECT_PTR_EQ(test, b->NextDevice, a);
	KUNIT_EXPECT_PTR_EQ(test, a->DriverObject, &driver);
	KUNIT_EXPECT_NOT_NULL(test, a->DeviceExtension);
	KUNIT_EXPECT_NULL(test, b->DeviceExtension);
	KUNIT_EXPECT_TRUE(test, a->Flags & DO_DEVICE_INITIALIZING);
	KUNIT_EXPECT_TRUE(test, b->Flags & DO_EXCLUSIVE);
	memset(a->DeviceExtension, 0xa5, 32);	/* KASAN: the extension is there */
	KUNIT_EXPECT_EQ(test, IoCreateSymbolicLink(&none, &none), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoDeleteSymbolicLink(&none), STATUS_SUCCESS);
	IoDeleteDevice(b);
	KUNIT_EXPECT_PTR_EQ(test, driver.DeviceObject, a);
	IoDeleteDevice(a);
	KUNIT_EXPECT_NULL(test, driver.DeviceObject);
	KUNIT_EXPECT_EQ(test, IoCreateDevice(NULL, 0, NULL, 0, 0, FALSE, &a),
			STATUS_INVALID_PARAMETER);
}

/* Windows format strings, rewritten for printk. */
static void dbgprint_formats(struct kunit *test)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "status %#lx\n", "status %#x\n" },
		{ "%I64u bytes, %Iu, %I32d", "%llu bytes, %zu, %d" },
		{ "%-8ld|%08lX|%llu", "%-8d|%08X|%llu" },
		{ "%ws and %wZ and %S", "%p and %p and %p" },
		{ "%hu %hhx %c %s %p %%", "%hu %hhx %c %s %p %%" },
		{ "count%n", "count" },
	};
	char out[64], tiny[4];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_ASSERT_TRUE(test, wsk_dbg_format(cases[i].in, out, sizeof(out)));
		KUNIT_EXPECT_STREQ(test, out, cases[i].out);
	}
	KUNIT_EXPECT_FALSE(test, wsk_dbg_format("too long", tiny, sizeof(tiny)));
	KUNIT_EXPECT_EQ(test, DbgPrint("wsk-test: DbgPrint %lu %I64x %ws\n", (ULONG)7,
				       (ULONGLONG)0xabcULL, (PCWSTR)NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,
					 "wsk-test: DbgPrintEx %d\n", 1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, (NTSTATUS)DbgPrint(NULL), STATUS_INVALID_PARAMETER);
}

static struct kunit_case executive_cases[] = {
	KUNIT_CASE(thread_wait_for_end),
	KUNIT_CASE(thread_bad_input),
	KUNIT_CASE(slist_basics),
	KUNIT_CASE(slist_task_and_softirq),
	KUNIT_CASE(pool_and_strings),
	KUNIT_CASE(device_objects),
	KUNIT_CASE(dbgprint_formats),
	{}
};

static struct kunit_suite executive_suite = {
	.name = "wsk_executive",
	.test_cases = executive_cases,
};

kunit_test_suite(executive_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: wsk's executive services for ported drivers");
WSK_IMPORT_NS();
WSK_IMPORT_KUNIT_NS();
