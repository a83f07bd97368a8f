/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_QUEUE_H
#define _WSK_QUEUE_H

#include <linux/build_bug.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <wdm.h>

struct wsk_queue;

/*
 * A request's work, run on the module's workqueue. It returns the status to
 * complete the IRP with (after setting IoStatus.Information), or
 * STATUS_PENDING when it has parked the IRP to complete it later with
 * wsk_queue_complete().
 */
typedef NTSTATUS
(*wsk_op_t)(struct wsk_queue *q, PIRP irp);

/*
 * The requests of one object (a client or a socket): IRPs waiting for the
 * worker, in order, and a reference count that keeps the object alive while
 * any of its IRPs is pending, its work is queued, or its owner holds it.
 * The lock also protects the owner's lists of parked IRPs. After running
 * the queued requests, the work item calls @poll, where a socket makes
 * progress on what its callbacks signalled. A request submitted from the
 * work item itself (a completion routine that sends what it received) goes
 * on @local, which only the work item touches, without the lock, and runs
 * before the work item polls. A kick from the work item itself (a callback
 * its own call caused) sets @rerun: it goes round again instead of queueing
 * itself. A socket's sk_data_ready may take the work item's place for a
 * while, in softirq (wsk_queue_enter_bh()): @runner says which runs. A
 * work item that finds another runner sets @missed and leaves, and that
 * runner queues it again when it leaves. A callback in softirq that finds
 * another runner sets @bh_missed instead: a runner in softirq then runs its
 * poll once more, there, before it leaves (wsk_queue_leave_bh_again()).
 * @cancelling counts the IRPs whose cancel routine IoCancelIrp called
 * first (a flush found them still linked, or the routine unlinked them)
 * until they have completed: a close waits for them (wsk_queue_drained()).
 * @id names the queue's owner in debugfs and tracepoints.
 */
struct wsk_queue {
	spinlock_t lock;		/* protects irps */
	struct list_head irps;
	struct list_head local;		/* submitted by the work item itself */
	struct work_struct work;
	refcount_t refs;
	struct task_struct *runner;	/* who runs the requests, or NULL */
	bool rerun;			/* kicked by its own work item: loop */
	bool missed;			/* the work item found another runner */
	bool bh_missed;			/* so did a callback in softirq */
	unsigned int cancelling;	/* IRPs IoCancelIrp owns, not yet completed */
	bool drain;			/* kick when cancelling drops to 0 */
	unsigned int id;		/* its name in debugfs and traces */
	void (*release)(struct wsk_queue *q);
	void (*poll)(struct wsk_queue *q);
};

/* Per-request provider state, kept in the IRP's DriverContext. */
struct wsk_request {
	wsk_op_t op;
	struct wsk_queue *queue;
	bool cancellable;
	bool counted;		/* in the queue's cancelling count */
	union {
		void *arg;	/* a call's extra argument */
		size_t done;	/* bytes transferred so far */
	};
};

static inline struct wsk_request *wsk_request(PIRP irp)
{
	BUILD_BUG_ON(sizeof(struct wsk_request) > sizeof(irp->Tail.Overlay.DriverContext));
	return (struct wsk_request *)irp->Tail.Overlay.DriverContext;
}

/*
 * A request's arguments beyond DriverContext live in the provider's own
 * stack location, as a Windows driver keeps them in Parameters. Each
 * argument structure is checked to fit with WSK_IRP_ARGS_FIT().
 */
static inline void *wsk_irp_args(PIRP irp)
{
	return &IoGetCurrentIrpStackLocation(irp)->Parameters;
}

#define WSK_IRP_ARGS_FIT(type) \
	static_assert(sizeof(type) <= sizeof(((IO_STACK_LOCATION *)NULL)->Parameters))

/* More room for a request's arguments, in the provider's part of the IRP. */
static inline void *wsk_irp_more_args(PIRP irp)
{
	return irp->WskTrack.args;
}

#define WSK_IRP_MORE_ARGS_FIT(type) \
	static_assert(sizeof(type) <= sizeof(((IRP *)NULL)->WskTrack.args))

extern struct workqueue_struct *wsk_wq;
extern atomic_long_t wsk_queue_missed;

void wsk_queue_init(struct wsk_queue *q, void (*release)(struct wsk_queue *q));
static inline void wsk_queue_get(struct wsk_queue *q)
{
	refcount_inc(&q->refs);
}

/* A reference, unless the last one is gone already (the object is being freed). */
static inline bool wsk_queue_tryget(struct wsk_queue *q)
{
	return refcount_inc_not_zero(&q->refs);
}

static inline void wsk_queue_put(struct wsk_queue *q)
{
	if (refcount_dec_and_test(&q->refs))
		q->release(q);
}

/*
 * Who runs a queue's requests: its work item, as the worker task, or a socket
 * callback in softirq context, as the task it interrupted with the low bit
 * set. Only one of them at a time: see wsk_queue_enter_bh().
 */
static inline struct task_struct *wsk_queue_self(void)
{
	if (in_task())
		return current;
	return (struct task_struct *)((unsigned long)current | 1);
}

/* Whether the caller is running @q's requests (not an interrupt on its CPU). */
static inline bool wsk_queue_running_here(struct wsk_queue *q)
{
	return READ_ONCE(q->runner) == wsk_queue_self();
}

/* A function that only @q's runner may call checks it under lockdep. */
static inline void wsk_queue_assert_runner(struct wsk_queue *q)
{
	lockdep_assert(wsk_queue_running_here(q));
}

NTSTATUS wsk_queue_submit(struct wsk_queue *q, PIRP irp, wsk_op_t op, bool cancellable);
void wsk_queue_kick(struct wsk_queue *q);
void wsk_queue_complete(struct wsk_queue *q, PIRP irp, NTSTATUS status);
PIRP wsk_queue_take(struct wsk_queue *q, struct list_head *list);
PIRP wsk_queue_peek_local(struct wsk_queue *q);
PIRP wsk_queue_take_local(struct wsk_queue *q);
void wsk_queue_run(struct wsk_queue *q, PIRP irp);
bool wsk_queue_enter(struct wsk_queue *q);
void wsk_queue_finish(struct wsk_queue *q);
bool wsk_queue_enter_bh(struct wsk_queue *q);
void wsk_queue_leave_bh(struct wsk_queue *q);
bool wsk_queue_miss_bh(struct wsk_queue *q);
bool wsk_queue_leave_bh_again(struct wsk_queue *q);
NTSTATUS wsk_queue_park(struct wsk_queue *q, struct list_head *list, PIRP irp);
void wsk_queue_unpark(struct wsk_queue *q, struct list_head *list, PIRP irp);
void wsk_queue_flush(struct wsk_queue *q, struct list_head *list, NTSTATUS status);
void wsk_queue_flush_queued(struct wsk_queue *q, NTSTATUS status);
bool wsk_queue_drained(struct wsk_queue *q);
void wsk_queue_walk(struct wsk_queue *q, struct list_head *list,
		    void (*fn)(PIRP irp, void *arg), void *arg);

#endif /* _WSK_QUEUE_H */
