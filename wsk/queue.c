// SPDX-License-Identifier: GPL-2.0
/*
 * The one place requests are queued, run, completed and cancelled, for
 * every kind of object. An entry point starts the IRP, submits it here and
 * returns STATUS_PENDING; the object's work item runs the request on the
 * module's workqueue and completes it. A queued IRP carries a cancel
 * routine: whoever clears it first (IoCancelIrp, the worker, or a close)
 * owns the IRP, so it completes exactly once.
 *
 * One runner at a time runs a queue's requests and its owner's poll: its
 * work item, a socket callback in softirq (wsk_queue_enter_bh()), or the
 * listener's worker for a connection it just accepted (wsk_queue_enter()).
 * What only the runner touches needs no lock; wsk_queue_assert_runner()
 * checks, under lockdep, that a caller is the runner.
 *
 * struct wsk_queue, field by field:
 *
 *   field     protected by                 written by
 *   lock      -                            -
 *   irps      lock                         submitters (any context), the
 *                                          runner (take), IoCancelIrp
 *   local     the runner                   the runner's own submissions
 *   work      the workqueue                queue_requeue(), with a reference
 *   refs      refcount_t                   whoever holds the object
 *   runner    cmpxchg() to enter,          wsk_queue_enter(), _enter_bh(),
 *             xchg() to leave              queue_leave()
 *   rerun     the runner                   wsk_queue_kick() from the runner
 *   missed    WRITE_ONCE, ordered by       the work item (set), the runner
 *             smp_mb() against the         and the work item once entered
 *             leaving runner's xchg()      (clear)
 *   bh_missed as @missed                   wsk_queue_miss_bh() (set), the
 *                                          work item and a runner in
 *                                          softirq once entered (clear)
 *   cancelling, lock                       _flush(), queue_cancel(),
 *   drain                                  _drained()
 *   release,  set before first use         the owner
 *   poll
 *
 * The owner's waiting lists (a socket's accepts, connects, sends,
 * receives) are protected by @lock like @irps, through wsk_queue_park(),
 * wsk_queue_take() and wsk_queue_flush().
 *
 * Contexts: wsk_queue_submit(), _kick(), _complete(), _take(), _park(),
 * _unpark() and _flush() run in any context but a hard interrupt and never
 * sleep. wsk_queue_enter() and wsk_queue_finish() run in process context (a
 * wsk worker; KUnit's thread), and the ops _finish() runs may sleep.
 * wsk_queue_enter_bh() and _leave_bh() run in softirq. wsk_queue_run(),
 * _peek_local(), _take_local() and _flush_queued() need the runner.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include "irp.h"
#include "queue.h"
#include "stats.h"
#include "trace.h"
#include "verifier.h"

/* Rounds of a queue's work item before it yields to other work. */
#define WSK_QUEUE_BUDGET	16

struct workqueue_struct *wsk_wq;
EXPORT_SYMBOL_IF_KUNIT(wsk_wq);

/* Times a work item found another runner (a statistic; KUnit reads it). */
atomic_long_t wsk_queue_missed;
EXPORT_SYMBOL_IF_KUNIT(wsk_queue_missed);

/* The last id a queue was given. */
static atomic_t queue_ids;

static LIST_ENTRY *irp_entry(PIRP irp)
{
	return &irp->Tail.Overlay.ListEntry;
}

/* LIST_ENTRY has list_head's layout; the queue links IRPs through it. */
static struct list_head *irp_node(PIRP irp)
{
	BUILD_BUG_ON(offsetof(LIST_ENTRY, Flink) != offsetof(struct list_head, next));
	BUILD_BUG_ON(offsetof(LIST_ENTRY, Blink) != offsetof(struct list_head, prev));
	return (struct list_head *)irp_entry(irp);
}

static PIRP node_irp(struct list_head *node)
{
	return CONTAINING_RECORD((LIST_ENTRY *)node, IRP, Tail.Overlay.ListEntry);
}

static void queue_work_fn(struct work_struct *work);

/*
 * The queue lock keeps out softirqs, not hard interrupts: WSK calls are made
 * at IRQL <= DISPATCH_LEVEL, never from a hard interrupt handler, and the
 * socket callbacks take no queue lock. A caller with interrupts disabled
 * (under a Linux irqsave lock) cannot meet a softirq on its CPU and takes
 * the plain lock; one that could must keep softirqs out. Returns which.
 */
static bool queue_lock(struct wsk_queue *q)
	__acquires(&q->lock)
{
	if (irqs_disabled()) {
		spin_lock(&q->lock);
		return false;
	}
	spin_lock_bh(&q->lock);
	return true;
}

static void queue_unlock(struct wsk_queue *q, bool bh)
	__releases(&q->lock)
{
	if (bh)
		spin_unlock_bh(&q->lock);
	else
		spin_unlock(&q->lock);
}

void wsk_queue_init(struct wsk_queue *q, void (*release)(struct wsk_queue *q))
{
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->irps);
	INIT_LIST_HEAD(&q->local);
	INIT_WORK(&q->work, queue_work_fn);
	refcount_set(&q->refs, 1);
	q->runner = NULL;
	q->rerun = false;
	q->missed = false;
	q->bh_missed = false;
	q->cancelling = 0;
	q->drain = false;
	q->id = atomic_inc_return(&queue_ids);
	q->release = release;
	q->poll = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_queue_init);

/* Queue the work item again, with the reference it holds while queued. */
static void queue_requeue(struct wsk_queue *q)
{
	wsk_queue_get(q);
	if (!queue_work(wsk_wq, &q->work))
		wsk_queue_put(q);
}

/**
 * wsk_queue_kick() - run @q's work item: its queued requests, then its poll
 * @q: the queue, held by the caller
 *
 * Context: any context; does not sleep.
 */
void wsk_queue_kick(struct wsk_queue *q)
{
	/* From @q's own work item: loop. */
	if (wsk_queue_running_here(q)) {
		q->rerun = true;
		return;
	}
	queue_requeue(q);
}

/**
 * wsk_queue_complete() - complete a request of @q and drop its reference
 * @q: the queue the IRP was submitted to
 * @irp: the IRP, already taken from the queue (its cancel routine cleared)
 * @status: completion status; IoStatus.Information is left as the op set it
 */
void wsk_queue_complete(struct wsk_queue *q, PIRP irp, NTSTATUS status)
{
	wsk_irp_complete(irp, status, irp->IoStatus.Information);
	wsk_queue_put(q);
}
EXPORT_SYMBOL_IF_KUNIT(wsk_queue_complete);

/*
 * Count an IRP whose cancel routine IoCancelIrp called first, once: until
 * it has completed, a close waits. Called with the queue's lock held.
 */
static void queue_count_cancel(struct wsk_queue *q, PIRP irp)
{
	if (!wsk_request(irp)->counted) {
		wsk_request(irp)->counted = true;
		q->cancelling++;
	}
}

static void queue_cancel(PDEVICE_OBJECT dev, PIRP irp)
{
	struct wsk_queue *q = wsk_request(irp)->queue;
	bool bh, kick;

	IoReleaseCancelSpinLock(irp->CancelIrql);
	bh = queue_lock(q);
	list_del_init(irp_node(irp));
	queue_count_cancel(q, irp);
	queue_unlock(q, bh);
	wsk_irp_complete(irp, STATUS_CANCELLED, 0);
	/* The IRP's reference keeps @q until the count is down. */
	bh = queue_lock(q);
	kick = !--q->cancelling && q->drain;
	queue_unlock(q, bh);
	if (kick)
		wsk_queue_kick(q);
	wsk_queue_put(q);
}

/**
 * wsk_queue_submit() - queue a started IRP to run @op on the workqueue
 * @q: the object's queue
 * @irp: an IRP that wsk_irp_start() accepted
 * @op: the request's work
 * @cancellable: whether IoCancelIrp() may cancel it while it waits
 *
 * A request that @q's work item submits itself (from a completion routine
 * it called) waits on @q->local, without the lock and without a cancel
 * routine, unless requests from elsewhere wait before it: the work item
 * runs @q->local first, before it looks for more, so every request runs
 * after the ones submitted before it. IoCancelIrp() meanwhile only sets
 * Cancel, which the request sees if it has to wait (wsk_queue_park()).
 *
 * Context: any context but a hard interrupt; does not sleep.
 * Return: STATUS_PENDING, or STATUS_CANCELLED when the IRP was cancelled
 * before it could be queued, or STATUS_INVALID_DEVICE_STATE in a hard
 * interrupt (then it has completed already).
 */
NTSTATUS wsk_queue_submit(struct wsk_queue *q, PIRP irp, wsk_op_t op, bool cancellable)
{
	struct wsk_request *req = wsk_request(irp);
	bool bh;
	bool cancelled = false;

	trace_wsk_irp_submit(irp, q, op);
	wsk_stats_call(op);
	if (unlikely(wsk_above_dispatch_level()))
		return wsk_irp_complete(irp, STATUS_INVALID_DEVICE_STATE, 0);
	if (cancellable && irp->Cancel)
		return wsk_irp_complete(irp, STATUS_CANCELLED, 0);
	req->op = op;
	req->queue = q;
	req->cancellable = cancellable;
	req->counted = false;
	IoMarkIrpPending(irp);
	wsk_irp_log(irp, WSK_EV_PENDING, STATUS_PENDING);
	wsk_queue_get(q);	/* the IRP's reference, until it completes */

	if (wsk_queue_running_here(q) && list_empty_careful(&q->irps)) {
		list_add_tail(irp_node(irp), &q->local);	/* the work item runs it next */
		return STATUS_PENDING;
	}
	bh = queue_lock(q);
	list_add_tail(irp_node(irp), &q->irps);
	if (cancellable) {
		IoSetCancelRoutine(irp, queue_cancel);
		/* IoCancelIrp() may have set Cancel before seeing the routine. */
		cancelled = irp->Cancel && IoSetCancelRoutine(irp, NULL);
	}
	if (cancelled)
		list_del_init(irp_node(irp));
	else
		wsk_queue_kick(q);
	queue_unlock(q, bh);

	if (cancelled) {
		IoGetCurrentIrpStackLocation(irp)->Control &= ~SL_PENDING_RETURNED;
		wsk_queue_put(q);
		return wsk_irp_complete(irp, STATUS_CANCELLED, 0);
	}
	return STATUS_PENDING;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_queue_submit);

/*
 * Whoever clears a cancellable IRP's cancel routine first owns it; a request
 * that is not cancellable (a close) has none and is always ours.
 */
static bool queue_claim(PIRP irp)
{
	return !wsk_request(irp)->cancellable || IoSetCancelRoutine(irp, NULL);
}

/**
 * wsk_queue_take() - take the oldest IRP of @list that can be claimed
 * @q: the queue whose lock protects @list
 * @list: @q's own list or one of its owner's waiting lists
 *
 * An empty @list is seen without the lock: whoever adds to it afterwards
 * kicks @q again (a submit), or is @q's worker itself (a park).
 *
 * Context: any context; does not sleep.
 * Return: the IRP, unlinked and no longer cancellable, or NULL.
 */
PIRP wsk_queue_take(struct wsk_queue *q, struct list_head *list)
{
	struct list_head *node;
	bool bh;
	PIRP irp = NULL;

	if (list_empty_careful(list))
		return NULL;
	bh = queue_lock(q);
	list_for_each(node, list) {
		if (queue_claim(node_irp(node))) {
			irp = node_irp(node);
			list_del_init(node);
			break;
		}
		/* IoCancelIrp got there first and will unlink it. */
	}
	queue_unlock(q, bh);
	return irp;
}

static NTSTATUS queue_park(struct wsk_queue *q, struct list_head *list, PIRP irp, bool first)
{
	bool cancelled = false;
	bool bh;

	bh = queue_lock(q);
	if (first)
		list_add(irp_node(irp), list);
	else
		list_add_tail(irp_node(irp), list);
	if (wsk_request(irp)->cancellable) {
		IoSetCancelRoutine(irp, queue_cancel);
		cancelled = irp->Cancel && IoSetCancelRoutine(irp, NULL);
		if (cancelled)
			list_del_init(irp_node(irp));
	}
	queue_unlock(q, bh);
	if (cancelled) {
		irp->IoStatus.Information = 0;
		wsk_queue_complete(q, irp, STATUS_CANCELLED);
	}
	return STATUS_PENDING;
}

/**
 * wsk_queue_park() - make a request taken from @q wait on one of its lists
 * @q: the queue the IRP was submitted to
 * @list: a waiting list protected by @q's lock (pending accepts, receives...)
 * @irp: the IRP, as an op received it
 *
 * The IRP stays cancellable (if it was submitted so) while it waits; take it
 * back with wsk_queue_take() and complete it with wsk_queue_complete().
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, for the op to return.
 */
NTSTATUS wsk_queue_park(struct wsk_queue *q, struct list_head *list, PIRP irp)
{
	return queue_park(q, list, irp, false);
}

/**
 * wsk_queue_unpark() - put an IRP taken with wsk_queue_take() back first
 * @q: the queue the IRP was submitted to
 * @list: the list it was taken from
 * @irp: the IRP
 *
 * Context: any context; does not sleep.
 */
void wsk_queue_unpark(struct wsk_queue *q, struct list_head *list, PIRP irp)
{
	queue_park(q, list, irp, true);
}

/**
 * wsk_queue_peek_local() - the request @q's work item runs next, if it
 *	submitted it itself
 * @q: the queue
 *
 * Nothing takes such a request from @q->local but the work item, which
 * runs it before any other.
 *
 * Context: @q's work item.
 * Return: the IRP, left in place, or NULL.
 */
PIRP wsk_queue_peek_local(struct wsk_queue *q)
{
	wsk_queue_assert_runner(q);
	return list_empty(&q->local) ? NULL : node_irp(q->local.next);
}

/**
 * wsk_queue_take_local() - take the request wsk_queue_peek_local() returns
 * @q: the queue
 *
 * Context: whoever runs @q's requests.
 * Return: the IRP, unlinked, or NULL.
 */
PIRP wsk_queue_take_local(struct wsk_queue *q)
{
	PIRP irp = wsk_queue_peek_local(q);

	if (irp)
		list_del_init(irp_node(irp));
	return irp;
}

/* Whether the work item must go round again: kicked, or given requests. */
static bool queue_more(struct wsk_queue *q)
{
	return q->rerun || !list_empty(&q->local);
}

/**
 * wsk_queue_run() - run a request taken from @q, and complete it unless it
 *	waits
 * @q: the queue
 * @irp: the IRP, taken from @q's lists by its runner
 *
 * Context: whoever runs @q's requests.
 */
void wsk_queue_run(struct wsk_queue *q, PIRP irp)
{
	NTSTATUS status;

	wsk_queue_assert_runner(q);
	status = wsk_request(irp)->op(q, irp);

	if (status != STATUS_PENDING)
		wsk_queue_complete(q, irp, status);
}

/*
 * A runner just entered polls what the callbacks that found the queue busy
 * signalled: their data was queued before they set @bh_missed, and the
 * poll reads it after this clear.
 */
static void queue_clear_bh_missed(struct wsk_queue *q)
{
	WRITE_ONCE(q->bh_missed, false);
	smp_mb();	/* the clear before the poll's reads */
}

/*
 * Let another runner in; requeue the work item if it has more to do, or if
 * it ran meanwhile and found this runner there (@q->missed), or a callback
 * did (@q->bh_missed). With @again, a runner in softirq that only a
 * callback missed enters again instead, to poll once more: true if so.
 */
static bool queue_leave(struct wsk_queue *q, bool again)
{
	bool more = queue_more(q);

	q->rerun = false;
	/*
	 * The next runner sees what this one did to the lists and the socket;
	 * xchg() orders the release before reading @missed and @bh_missed,
	 * against the store to them before the work item or a callback tries
	 * to enter again (queue_work_fn(), wsk_queue_miss_bh()).
	 */
	xchg(&q->runner, NULL);
	if (again && !more && READ_ONCE(q->bh_missed) && wsk_queue_enter_bh(q)) {
		queue_clear_bh_missed(q);
		return true;
	}
	if (READ_ONCE(q->missed) || READ_ONCE(q->bh_missed)) {
		WRITE_ONCE(q->missed, false);
		more = true;
	}
	if (more)
		queue_requeue(q);
	return false;
}

/*
 * Run the queued requests, then the poll, and again while the poll
 * submitted more or a callback kicked; after WSK_QUEUE_BUDGET rounds,
 * requeue to let other work run. Requests the work item submits while it
 * runs the queued ones run in the same round, before the poll.
 */
static void queue_work_fn(struct work_struct *work)
{
	struct wsk_queue *q = container_of(work, struct wsk_queue, work);

	/*
	 * Another runner (a socket's softirq, or the listener's worker, which
	 * may sleep in lock_sock()) has the requests: it requeues the work
	 * item when it leaves, instead of the work item spinning on it. Try
	 * again after saying so, in case it left meanwhile.
	 */
	if (!wsk_queue_enter(q)) {
		atomic_long_inc(&wsk_queue_missed);
		WRITE_ONCE(q->missed, true);
		smp_mb();	/* pairs with the xchg() in queue_leave() */
		if (!wsk_queue_enter(q)) {
			wsk_queue_put(q);
			return;
		}
	}
	WRITE_ONCE(q->missed, false);	/* this run does what was missed */
	queue_clear_bh_missed(q);
	wsk_queue_finish(q);
	wsk_queue_put(q);
}

/**
 * wsk_queue_enter() - run @q's requests from this worker, as its work item
 * @q: the queue, held by the caller
 *
 * Requests submitted meanwhile from this task go on @q->local, without
 * waking @q's work item; those of others wait as for a running work item.
 * The listener's worker does this around the accept event, so that the
 * receives the event posts on the new connection run at once.
 *
 * Context: a wsk worker, process context.
 * Return: whether the caller now runs @q's requests, until
 * wsk_queue_finish(); not if another runner is there.
 */
bool wsk_queue_enter(struct wsk_queue *q)
{
	return !cmpxchg(&q->runner, NULL, current);
}
EXPORT_SYMBOL_IF_KUNIT(wsk_queue_enter);

/**
 * wsk_queue_finish() - run what @q has, then let another runner in
 * @q: the queue, entered with wsk_queue_enter()
 *
 * Runs the queued requests, then the poll, and again while the poll
 * submitted more or a callback kicked; after WSK_QUEUE_BUDGET rounds, the
 * work item takes over, to let other work run.
 */
void wsk_queue_finish(struct wsk_queue *q)
{
	int budget = WSK_QUEUE_BUDGET;
	PIRP irp;

	wsk_queue_assert_runner(q);
	do {
		q->rerun = false;
		while ((irp = wsk_queue_take_local(q)) || (irp = wsk_queue_take(q, &q->irps)))
			wsk_queue_run(q, irp);
		if (q->poll)
			q->poll(q);
	} while (queue_more(q) && --budget);
	queue_leave(q, false);
}
EXPORT_SYMBOL_IF_KUNIT(wsk_queue_finish);

/**
 * wsk_queue_enter_bh() - run @q's requests from a socket callback
 * @q: the queue, held by the caller
 *
 * A socket callback in softirq context may run the socket's requests itself
 * instead of kicking its work item, when nothing waits for the work item
 * and it is not running. Requests submitted meanwhile from the callback's
 * own context (completion routines) go on @q->local, for the callback to
 * run (wsk_queue_take_local()) or leave to the work item.
 *
 * Context: softirq.
 * Return: whether the caller now runs @q's requests, until
 * wsk_queue_leave_bh().
 */
bool wsk_queue_enter_bh(struct wsk_queue *q)
{
	if (!list_empty_careful(&q->irps))
		return false;	/* the work item is coming */
	return !cmpxchg(&q->runner, NULL, wsk_queue_self());
}

static bool queue_leave_bh(struct wsk_queue *q, bool again)
{
	PIRP irp;

	wsk_queue_assert_runner(q);
	/* Newest first, each to the head: they keep their order, cancellable. */
	while (!list_empty(&q->local)) {
		irp = node_irp(q->local.prev);
		list_del_init(irp_node(irp));
		queue_park(q, &q->irps, irp, true);
		q->rerun = true;
	}
	return queue_leave(q, again);
}

/**
 * wsk_queue_leave_bh() - stop running @q's requests from a socket callback
 * @q: the queue
 *
 * Requests left on @q->local, and a kick received meanwhile, go to the work
 * item. Those requests run before any queued since: they were submitted
 * first.
 *
 * Context: softirq, after wsk_queue_enter_bh() succeeded.
 */
void wsk_queue_leave_bh(struct wsk_queue *q)
{
	queue_leave_bh(q, false);
}

/**
 * wsk_queue_leave_bh_again() - leave, or run once more if a callback missed
 * @q: the queue, entered with wsk_queue_enter_bh()
 *
 * As wsk_queue_leave_bh(), but when a callback found this runner busy
 * (wsk_queue_miss_bh()) and nothing else waits for the work item, the
 * caller enters again to run its poll once more, in softirq.
 *
 * Context: softirq, after wsk_queue_enter_bh() succeeded.
 * Return: whether the caller runs @q's requests again (and leaves again).
 */
bool wsk_queue_leave_bh_again(struct wsk_queue *q)
{
	return queue_leave_bh(q, true);
}

/**
 * wsk_queue_miss_bh() - tell @q's runner that a callback found it busy
 * @q: the queue, held by the caller, which wsk_queue_enter_bh() refused
 *
 * Instead of kicking the work item, a callback in softirq that another
 * runner kept out (a callback on another CPU, or the work item) asks that
 * runner to poll once more before it leaves: either the runner sees
 * @bh_missed after its xchg() in queue_leave(), or the caller finds it
 * gone and enters itself. With requests waiting for the work item, the
 * caller kicks it, as before, and the work item polls after them.
 *
 * Context: softirq, after what the callback signals was queued.
 * Return: whether the caller now runs @q's requests; if not, a runner or
 * the work item polls after this, and the caller need not kick.
 */
bool wsk_queue_miss_bh(struct wsk_queue *q)
{
	WRITE_ONCE(q->bh_missed, true);
	smp_mb();	/* pairs with the xchg() in queue_leave() */
	if (!list_empty_careful(&q->irps)) {
		wsk_queue_kick(q);
		return false;
	}
	if (cmpxchg(&q->runner, NULL, wsk_queue_self()))
		return false;	/* its leave sees @bh_missed */
	queue_clear_bh_missed(q);
	return true;
}

/**
 * wsk_queue_flush() - complete every IRP waiting on @list with @status
 * @q: the queue whose lock protects @list
 * @list: @q's own list or one of its owner's waiting lists
 * @status: STATUS_CANCELLED on a close, STATUS_FILE_FORCED_CLOSED when the
 *	socket died
 *
 * IRPs whose cancellation is already under way complete through IoCancelIrp;
 * wsk_queue_drained() says when they have. An empty @list is seen without
 * the lock, as in wsk_queue_take().
 *
 * Context: any context; does not sleep.
 */
void wsk_queue_flush(struct wsk_queue *q, struct list_head *list, NTSTATUS status)
{
	struct list_head *node, *next;
	LIST_HEAD(flushed);
	bool bh;

	if (list_empty_careful(list))
		return;
	bh = queue_lock(q);
	list_for_each_safe(node, next, list) {
		if (queue_claim(node_irp(node)))
			list_move_tail(node, &flushed);
		else	/* IoCancelIrp got there first: it completes it */
			queue_count_cancel(q, node_irp(node));
	}
	queue_unlock(q, bh);

	list_for_each_safe(node, next, &flushed) {
		list_del_init(node);
		node_irp(node)->IoStatus.Information = 0;
		wsk_queue_complete(q, node_irp(node), status);
	}
}
EXPORT_SYMBOL_IF_KUNIT(wsk_queue_flush);

/**
 * wsk_queue_flush_queued() - complete every request waiting to run
 * @q: the queue
 * @status: their completion status
 *
 * Context: @q's work item.
 */
void wsk_queue_flush_queued(struct wsk_queue *q, NTSTATUS status)
{
	PIRP irp;

	while ((irp = wsk_queue_take_local(q))) {
		irp->IoStatus.Information = 0;
		wsk_queue_complete(q, irp, status);
	}
	wsk_queue_flush(q, &q->irps, status);
}

/**
 * wsk_queue_drained() - whether IRPs being cancelled have all completed
 * @q: the queue, whose lists the caller has flushed
 *
 * A close completes only once every other request of its socket has: those
 * IoCancelIrp got first complete on the canceller's side, maybe still
 * running their completion routines. If some have not, @q is kicked when
 * the last has.
 *
 * Context: @q's runner.
 * Return: true if none is left.
 */
bool wsk_queue_drained(struct wsk_queue *q)
{
	bool bh, drained;

	wsk_queue_assert_runner(q);

	bh = queue_lock(q);
	drained = !q->cancelling;
	q->drain = !drained;
	queue_unlock(q, bh);
	return drained;
}

/**
 * wsk_queue_walk() - call @fn for each IRP parked on @list, or queued on @q
 * @q: the queue whose lock protects @list
 * @list: a list of @q's owner, or NULL for the IRPs waiting for the runner
 * @fn: called with the queue's lock held: must not sleep or touch @q
 * @arg: passed to @fn
 *
 * For debugfs: the IRPs a runner holds meanwhile are on no list.
 *
 * Context: any context but a hard interrupt; does not sleep.
 */
void wsk_queue_walk(struct wsk_queue *q, struct list_head *list,
		    void (*fn)(PIRP irp, void *arg), void *arg)
{
	struct list_head *node;
	bool bh = queue_lock(q);

	list_for_each(node, list ?: &q->irps)
		fn(node_irp(node), arg);
	queue_unlock(q, bh);
}
