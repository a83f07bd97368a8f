// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the IRP contract. Completion routines run exactly once, as their
 * invoke-on flags say; STATUS_MORE_PROCESSING_REQUIRED hands the IRP back;
 * IoCancelIrp cancels a pending request exactly once; the checking mode
 * catches double completion, resubmission and freeing while pending.
 */
#include <linux/completion.h>
#include <linux/module.h>
#include <linux/timer.h>
#include <compat/compat.h>
#include "wsk_test.h"
#include "irp.h"
#include "queue.h"
#include "verifier.h"

/* A queue of the module's own kind, with requests the test controls. */
struct test_queue {
	struct wsk_queue q;
	struct completion released;
};

static DECLARE_COMPLETION(gate);
static atomic_t ops_run;

static void test_queue_release(struct wsk_queue *q)
{
	complete(&container_of(q, struct test_queue, q)->released);
}

static void test_queue_drop(void *data)
{
	struct test_queue *tq = data;

	wsk_queue_put(&tq->q);
	wait_for_completion(&tq->released);
}

static struct test_queue *test_queue_new(struct kunit *test)
{
	struct test_queue *tq = kunit_kzalloc(test, sizeof(*tq), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tq);
	wsk_queue_init(&tq->q, test_queue_release);
	init_completion(&tq->released);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, test_queue_drop, tq), 0);
	return tq;
}

/* Holds the queue's worker until the test opens the gate. */
static NTSTATUS blocking_op(struct wsk_queue *q, PIRP irp)
{
	wait_for_completion_timeout(&gate, msecs_to_jiffies(WSK_TEST_TIMEOUT_MS));
	irp->IoStatus.Information = 1;
	return STATUS_SUCCESS;
}

static NTSTATUS counting_op(struct wsk_queue *q, PIRP irp)
{
	atomic_inc(&ops_run);
	irp->IoStatus.Information = 42;
	return STATUS_SUCCESS;
}

static NTSTATUS submit(struct test_queue *tq, struct wsk_test_irp *t, wsk_op_t op)
{
	if (!wsk_irp_start(t->irp))
		return STATUS_INVALID_PARAMETER;
	return wsk_queue_submit(&tq->q, t->irp, op, true);
}

/* Occupy the worker of @tq; the returned IRP completes when the gate opens. */
static void block_queue(struct kunit *test, struct test_queue *tq, struct wsk_test_irp *b)
{
	reinit_completion(&gate);
	wsk_test_irp_init(test, b);
	KUNIT_ASSERT_EQ(test, submit(tq, b, blocking_op), STATUS_PENDING);
}

static void unblock_queue(struct kunit *test, struct wsk_test_irp *b)
{
	complete_all(&gate);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, b, STATUS_PENDING), STATUS_SUCCESS);
}

static void irp_success_completes_once(struct kunit *test)
{
	struct test_queue *tq = test_queue_new(test);
	struct wsk_test_irp t;

	wsk_test_irp_init(test, &t);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, submit(tq, &t, counting_op)),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, t.information, 42UL);
	KUNIT_EXPECT_TRUE(test, t.irp->PendingReturned);
}

static void irp_error_completes_once(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t;
	NTSTATUS ret;

	wsk_test_irp_init(test, &t);
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, AF_UNIX, SOCK_STREAM, 0,
					 WSK_FLAG_STREAM_SOCKET, NULL, NULL, NULL, NULL, NULL,
					 t.irp);
	KUNIT_EXPECT_EQ(test, ret, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, t.information, 0UL);
}

/* The routine runs only for the outcomes its invoke-on flags name. */
static void irp_invoke_flags(struct kunit *test)
{
	struct test_queue *tq = test_queue_new(test);
	struct wsk_test_irp t;

	wsk_test_irp_init(test, &t);
	IoSetCompletionRoutine(t.irp, wsk_test_irp_routine, &t, FALSE, TRUE, TRUE);
	KUNIT_EXPECT_EQ(test, submit(tq, &t, counting_op), STATUS_PENDING);
	flush_workqueue(wsk_wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.calls), 0);
	KUNIT_EXPECT_EQ(test, t.irp->IoStatus.Status, STATUS_SUCCESS);

	IoReuseIrp(t.irp, STATUS_UNSUCCESSFUL);
	IoSetCompletionRoutine(t.irp, wsk_test_irp_routine, &t, TRUE, FALSE, FALSE);
	KUNIT_EXPECT_TRUE(test, wsk_irp_start(t.irp));
	KUNIT_EXPECT_EQ(test, wsk_irp_complete(t.irp, STATUS_CONNECTION_RESET, 0),
			STATUS_CONNECTION_RESET);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.calls), 0);
	KUNIT_EXPECT_EQ(test, t.irp->IoStatus.Status, STATUS_CONNECTION_RESET);
}

/*
 * STATUS_MORE_PROCESSING_REQUIRED stops completion: the IRP's UserEvent is
 * not signaled. Any other return goes on to the end, which sets it and
 * copies IoStatus to UserIosb.
 */
static void irp_more_processing_keeps_irp(struct kunit *test)
{
	struct test_queue *tq = test_queue_new(test);
	IO_STATUS_BLOCK iosb = {};
	struct wsk_test_irp t;
	KEVENT user_event;

	KeInitializeEvent(&user_event, NotificationEvent, FALSE);
	wsk_test_irp_init(test, &t);
	t.irp->UserEvent = &user_event;
	t.irp->UserIosb = &iosb;
	wsk_test_irp_wait(test, &t, submit(tq, &t, counting_op));
	flush_workqueue(wsk_wq);	/* the completion has finished */
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&user_event), 0);
	KUNIT_EXPECT_EQ(test, iosb.Information, 0UL);

	wsk_test_irp_rearm(&t);
	t.irp->UserEvent = &user_event;
	t.irp->UserIosb = &iosb;
	t.routine_returns = STATUS_SUCCESS;
	wsk_test_irp_wait(test, &t, submit(tq, &t, counting_op));
	/* The routine has returned; the rest of the completion follows it. */
	KUNIT_EXPECT_EQ(test, wsk_test_wait_event(&user_event), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, iosb.Status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, iosb.Information, 42UL);
}

static int order[2];
static atomic_t order_pos;

static NTSTATUS lower_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	order[atomic_inc_return(&order_pos) - 1] = 1;
	return STATUS_SUCCESS;
}

/* An IRP from a higher driver: routines run from the lowest location up. */
static void irp_two_stack_locations(struct kunit *test)
{
	struct test_queue *tq = test_queue_new(test);
	struct wsk_test_irp t;

	memset(&t, 0, sizeof(t));
	KeInitializeEvent(&t.done, NotificationEvent, FALSE);
	t.routine_returns = STATUS_MORE_PROCESSING_REQUIRED;
	t.irp = IoAllocateIrp(2, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, t.irp);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_irp_free, t.irp), 0);

	IoSetCompletionRoutine(t.irp, wsk_test_irp_routine, &t, TRUE, TRUE, TRUE);
	IoSetNextIrpStackLocation(t.irp);
	IoSetCompletionRoutine(t.irp, lower_routine, NULL, TRUE, TRUE, TRUE);
	atomic_set(&order_pos, 0);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, submit(tq, &t, counting_op)),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&order_pos), 1);
	KUNIT_EXPECT_EQ(test, order[0], 1);
	KUNIT_EXPECT_EQ(test, (int)t.irp->CurrentLocation, 3);
}

/* One IRP carries 1000 real WSK calls, reused with IoReuseIrp each time. */
static void irp_reused_1000_calls(struct kunit *test)
{
	struct wsk_test_client *c = wsk_test_client_start(test);
	struct wsk_test_irp t;
	PWSK_SOCKET s;
	int i;

	wsk_test_irp_init(test, &t);
	for (i = 0; i < 500; i++) {
		s = wsk_test_socket(test, c, &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
				    WSK_FLAG_CONNECTION_SOCKET);
		KUNIT_ASSERT_NOT_NULL(test, s);
		KUNIT_ASSERT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
		KUNIT_ASSERT_EQ(test, t.information, 0UL);
	}
}

static void irp_cancel_pending(struct kunit *test)
{
	struct test_queue *tq = test_queue_new(test);
	struct wsk_test_irp b, t;

	block_queue(test, tq, &b);
	wsk_test_irp_init(test, &t);
	atomic_set(&ops_run, 0);
	KUNIT_ASSERT_EQ(test, submit(tq, &t, counting_op), STATUS_PENDING);
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(t.irp));
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, STATUS_PENDING), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, t.information, 0UL);
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(t.irp));
	unblock_queue(test, &b);
	flush_workqueue(wsk_wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&ops_run), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.calls), 1);
}

/* Cancel an IRP before it is submitted: the call completes it cancelled. */
static void irp_cancel_before_submit(struct kunit *test)
{
	struct test_queue *tq = test_queue_new(test);
	struct wsk_test_irp t;
	NTSTATUS ret;

	wsk_test_irp_init(test, &t);
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(t.irp));
	ret = submit(tq, &t, counting_op);
	KUNIT_EXPECT_EQ(test, ret, STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_CANCELLED);
}

/* Cancel racing normal completion: one completion either way. */
static void irp_cancel_races_completion(struct kunit *test)
{
	struct test_queue *tq = test_queue_new(test);
	int i, cancelled = 0, done = 0;
	struct wsk_test_irp t;
	NTSTATUS status;

	wsk_test_irp_init(test, &t);
	for (i = 0; i < 300; i++) {
		wsk_test_irp_rearm(&t);
		KUNIT_ASSERT_EQ(test, submit(tq, &t, counting_op), STATUS_PENDING);
		if (i % 3)
			udelay(i % 50);
		IoCancelIrp(t.irp);
		status = wsk_test_irp_wait(test, &t, STATUS_PENDING);
		KUNIT_ASSERT_TRUE(test, status == STATUS_SUCCESS || status == STATUS_CANCELLED);
		if (status == STATUS_CANCELLED)
			cancelled++;
		else
			done++;
		flush_workqueue(wsk_wq);
		KUNIT_ASSERT_EQ(test, atomic_read(&t.calls), 1);
	}
	kunit_info(test, "%d cancelled, %d completed first\n", cancelled, done);
}

static void verifier_double_completion(struct kunit *test)
{
	unsigned long before = wsk_verifier_count(WSK_VIOLATION_DOUBLE_COMPLETE);
	struct test_queue *tq = test_queue_new(test);
	const void *reported = NULL;
	struct wsk_test_irp t;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_wait(test, &t, submit(tq, &t, counting_op));
	t.irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
	wsk_test_expect_splat_begin();
	IoCompleteRequest(t.irp, IO_NO_INCREMENT);
	wsk_test_expect_splat_end();
	KUNIT_EXPECT_EQ(test, wsk_verifier_count(WSK_VIOLATION_DOUBLE_COMPLETE), before + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.calls), 1);
	/* debugfs's verifier file shows it, with the IRP's history */
	KUNIT_EXPECT_EQ(test, wsk_verifier_last_report(&reported), WSK_VIOLATION_DOUBLE_COMPLETE);
	KUNIT_EXPECT_PTR_EQ(test, reported, (const void *)t.irp);
}

static void verifier_submit_while_pending(struct kunit *test)
{
	unsigned long before = wsk_verifier_count(WSK_VIOLATION_SUBMIT_PENDING);
	struct test_queue *tq = test_queue_new(test);
	struct wsk_test_irp b, t;

	block_queue(test, tq, &b);
	wsk_test_irp_init(test, &t);
	KUNIT_ASSERT_EQ(test, submit(tq, &t, counting_op), STATUS_PENDING);
	wsk_test_expect_splat_begin();
	KUNIT_EXPECT_EQ(test, submit(tq, &t, counting_op), STATUS_INVALID_PARAMETER);
	wsk_test_expect_splat_end();
	KUNIT_EXPECT_EQ(test, wsk_verifier_count(WSK_VIOLATION_SUBMIT_PENDING), before + 1);
	unblock_queue(test, &b);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, STATUS_PENDING), STATUS_SUCCESS);
}

static void verifier_free_while_pending(struct kunit *test)
{
	unsigned long before = wsk_verifier_count(WSK_VIOLATION_FREE_PENDING);
	struct test_queue *tq = test_queue_new(test);
	struct wsk_test_irp b, t;

	block_queue(test, tq, &b);
	memset(&t, 0, sizeof(t));
	KeInitializeEvent(&t.done, NotificationEvent, FALSE);
	t.irp = IoAllocateIrp(1, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, t.irp);
	IoSetCompletionRoutine(t.irp, wsk_test_irp_routine, &t, TRUE, TRUE, TRUE);
	KUNIT_ASSERT_EQ(test, submit(tq, &t, counting_op), STATUS_PENDING);
	wsk_test_expect_splat_begin();
	IoFreeIrp(t.irp);
	wsk_test_expect_splat_end();
	KUNIT_EXPECT_EQ(test, wsk_verifier_count(WSK_VIOLATION_FREE_PENDING), before + 1);
	unblock_queue(test, &b);
	flush_workqueue(wsk_wq);
	/* The orphaned IRP was freed by its completion, without its routine. */
	KUNIT_EXPECT_EQ(test, atomic_read(&t.calls), 0);
}

static atomic_t polls;

static void counting_poll(struct wsk_queue *q)
{
	atomic_inc(&polls);
}

/* A request submitted from a timer, while another runner holds the queue. */
struct timer_submit {
	struct timer_list timer;
	struct completion fired;
	struct test_queue *tq;
	struct wsk_test_irp *t;
	NTSTATUS ret;
};

static void timer_submit_fire(struct timer_list *timer)
{
	struct timer_submit *ts = from_timer(ts, timer, timer);

	ts->ret = submit(ts->tq, ts->t, counting_op);
	complete(&ts->fired);
}

/*
 * The work item, kicked while another runner holds the queue (here the
 * test thread, sleeping as the listener's worker may in lock_sock()), waits
 * to be queued again when that runner leaves; it does not requeue itself
 * in a loop meanwhile. The request it missed still runs, once.
 */
static void queue_waits_for_other_runner(struct kunit *test)
{
	struct timer_submit *ts = kunit_kzalloc(test, sizeof(*ts), GFP_KERNEL);
	struct test_queue *tq = test_queue_new(test);
	struct wsk_test_irp t;
	long missed;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ts);
	wsk_test_irp_init(test, &t);
	atomic_set(&ops_run, 0);
	atomic_set(&polls, 0);
	tq->q.poll = counting_poll;
	ts->tq = tq;
	ts->t = &t;
	init_completion(&ts->fired);
	timer_setup(&ts->timer, timer_submit_fire, 0);

	KUNIT_ASSERT_TRUE(test, wsk_queue_enter(&tq->q));
	missed = atomic_long_read(&wsk_queue_missed);
	mod_timer(&ts->timer, jiffies + 1);
	wait_for_completion(&ts->fired);
	del_timer_sync(&ts->timer);
	KUNIT_EXPECT_EQ(test, ts->ret, STATUS_PENDING);
	msleep(200);
	missed = atomic_long_read(&wsk_queue_missed) - missed;
	KUNIT_EXPECT_LE_MSG(test, missed, 2L, "the work item spun on a busy queue");
	KUNIT_EXPECT_EQ(test, atomic_read(&ops_run), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&polls), 0);

	/* Leaving runs what waits here, then the work item comes back once. */
	wsk_queue_finish(&tq->q);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &t, STATUS_PENDING), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&ops_run), 1);
	for (i = 0; i < 100 && atomic_read(&polls) < 2; i++)
		msleep(20);
	KUNIT_EXPECT_GE(test, atomic_read(&polls), 2);
	flush_work(&tq->q.work);
}

static struct kunit_case irp_cases[] = {
	KUNIT_CASE(irp_success_completes_once),
	KUNIT_CASE(irp_error_completes_once),
	KUNIT_CASE(irp_invoke_flags),
	KUNIT_CASE(irp_more_processing_keeps_irp),
	KUNIT_CASE(irp_two_stack_locations),
	KUNIT_CASE(irp_reused_1000_calls),
	KUNIT_CASE(irp_cancel_pending),
	KUNIT_CASE(irp_cancel_before_submit),
	KUNIT_CASE(irp_cancel_races_completion),
	KUNIT_CASE(verifier_double_completion),
	KUNIT_CASE(verifier_submit_while_pending),
	KUNIT_CASE(verifier_free_while_pending),
	KUNIT_CASE(queue_waits_for_other_runner),
	{}
};

static struct kunit_suite irp_suite = {
	.name = "wsk_irp",
	.suite_init = wsk_test_loopback_up,
	.test_cases = irp_cases,
};

kunit_test_suite(irp_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: wsk IRP completion, cancellation and checking mode");
WSK_IMPORT_NS();
WSK_IMPORT_KUNIT_NS();
