// SPDX-License-Identifier: GPL-2.0
/*
 * System threads: PsCreateSystemThread on a kthread, the thread object a
 * driver waits on for the thread to end, and the handle and reference
 * calls around it.
 *
 * The object is a dispatcher object (KeWaitForSingleObject() waits on it
 * like a notification event) with a reference count: one for the handle
 * PsCreateSystemThread returns, one for the running thread, one for each
 * ObReferenceObjectByHandle(). The thread signals it, then drops its own
 * reference, when the start routine returns or calls
 * PsTerminateSystemThread(). A HANDLE is the object's address, used only
 * once found on the list of live objects; it is valid until ZwClose().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <compat/compat.h>
#include <wdm.h>

#undef ObReferenceObjectByHandle	/* the function itself, here */

struct _ETHREAD {
	KEVENT done;		/* first: the dispatcher header waits use */
	struct list_head node;	/* on threads, while referenced */
	refcount_t refs;
	bool handle_open;	/* ZwClose() not called yet */
	PKSTART_ROUTINE start;
	PVOID context;
	NTSTATUS exit_status;
};

/*
 * Every thread object alive: a handle or object pointer is only used once
 * found here, so a stale or made-up one gets STATUS_INVALID_HANDLE, not a
 * read of whatever it points at. Drivers have a few threads: a list will do.
 */
static LIST_HEAD(threads);
static DEFINE_SPINLOCK(threads_lock);

/* What ObReferenceObjectByHandle() is asked for; only threads exist here. */
static struct _OBJECT_TYPE {
	int unused;
} thread_type;
static POBJECT_TYPE thread_type_ptr = &thread_type;

/*
 * PsThreadType: the object type of threads, which drivers pass to
 * ObReferenceObjectByHandle() as *PsThreadType; the only type wsk's handles
 * have. A variable, as NPI_WSK_INTERFACE_ID is: no kernel-doc.
 */
POBJECT_TYPE *PsThreadType = &thread_type_ptr;
EXPORT_SYMBOL_WSK(PsThreadType);

static void thread_put(struct _ETHREAD *t)
{
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&threads_lock, flags);
	last = refcount_dec_and_test(&t->refs);
	if (last)
		list_del(&t->node);
	spin_unlock_irqrestore(&threads_lock, flags);
	if (last)
		kfree(t);
}

/*
 * The live thread object at @object, referenced; with @handle, only while
 * its handle is open, and closing it (@close) drops the handle's reference
 * instead.
 */
static struct _ETHREAD *thread_find(PVOID object, bool handle, bool close)
{
	struct _ETHREAD *t, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&threads_lock, flags);
	list_for_each_entry(t, &threads, node) {
		if (t != object || (handle && !t->handle_open))
			continue;
		if (close)
			t->handle_open = false;	/* its reference passes to the caller */
		else
			refcount_inc(&t->refs);
		found = t;
		break;
	}
	spin_unlock_irqrestore(&threads_lock, flags);
	return found;
}

/* The end of a system thread: signal its object, drop the thread's reference. */
static void __noreturn thread_end(struct _ETHREAD *t, NTSTATUS status)
{
	t->exit_status = status;
	KeSetEvent(&t->done, 0, FALSE);
	thread_put(t);
	kthread_complete_and_exit(NULL, 0);
}

static int thread_main(void *data)
{
	struct _ETHREAD *t = data;

	t->start(t->context);
	thread_end(t, STATUS_SUCCESS);
}

/**
 * PsCreateSystemThread() - run a routine on a new kernel thread
 * @ThreadHandle: receives the thread's handle, for ZwClose() and
 *	ObReferenceObjectByHandle()
 * @DesiredAccess: ignored (THREAD_ALL_ACCESS)
 * @ObjectAttributes: ignored
 * @ProcessHandle: NULL (a system thread) or NtCurrentProcess(); ignored
 * @ClientId: optional; receives the thread's id as UniqueThread
 * @StartRoutine: runs at PASSIVE_LEVEL on the thread, with @StartContext
 * @StartContext: passed to @StartRoutine
 *
 * The thread ends when @StartRoutine returns or calls
 * PsTerminateSystemThread(). A module must wait for its threads to end
 * before it unloads (KeWaitForSingleObject() on the referenced object).
 *
 * Context: process context; sleeps.
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER, or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
			      POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
			      PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
			      PVOID StartContext)
{
	struct task_struct *task;
	struct _ETHREAD *t;

	might_sleep();
	if (!ThreadHandle || !StartRoutine)
		return STATUS_INVALID_PARAMETER;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return STATUS_INSUFFICIENT_RESOURCES;
	KeInitializeEvent(&t->done, NotificationEvent, FALSE);
	t->done.Header.Type = WSK_THREAD_OBJECT;
	refcount_set(&t->refs, 2);	/* the handle's and the thread's */
	t->handle_open = true;
	t->start = StartRoutine;
	t->context = StartContext;
	t->exit_status = STATUS_PENDING;
	spin_lock_irq(&threads_lock);
	list_add(&t->node, &threads);
	spin_unlock_irq(&threads_lock);
	task = kthread_run(thread_main, t, "wsk-%ps", StartRoutine);
	if (IS_ERR(task)) {
		spin_lock_irq(&threads_lock);
		list_del(&t->node);
		spin_unlock_irq(&threads_lock);
		kfree(t);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	if (ClientId) {
		ClientId->UniqueProcess = NULL;
		ClientId->UniqueThread = (HANDLE)(unsigned long)task_pid_nr(task);
	}
	*ThreadHandle = t;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(PsCreateSystemThread);

/**
 * PsTerminateSystemThread() - end the calling system thread
 * @ExitStatus: the thread's exit status
 *
 * Context: a thread PsCreateSystemThread() started.
 * Return: STATUS_INVALID_PARAMETER if the caller is not one; else it does
 * not return.
 */
NTSTATUS PsTerminateSystemThread(NTSTATUS ExitStatus)
{
	if (!(current->flags & PF_KTHREAD) || kthread_func(current) != thread_main)
		return STATUS_INVALID_PARAMETER;
	thread_end(kthread_data(current), ExitStatus);
}
EXPORT_SYMBOL_WSK(PsTerminateSystemThread);

/**
 * ObReferenceObjectByHandle() - the object behind a handle, referenced
 * @Handle: a handle from PsCreateSystemThread()
 * @DesiredAccess: ignored
 * @ObjectType: the thread type (what PsThreadType points to) or NULL
 * @AccessMode: ignored
 * @Object: receives the object (a PETHREAD), to release with
 *	ObDereferenceObject()
 * @HandleInformation: ignored
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS, STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH
 * or STATUS_INVALID_PARAMETER.
 */
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
				   POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
				   PVOID *Object, POBJECT_HANDLE_INFORMATION HandleInformation)
{
	struct _ETHREAD *t;

	if (!Object)
		return STATUS_INVALID_PARAMETER;
	if (ObjectType && ObjectType != *PsThreadType)
		return STATUS_OBJECT_TYPE_MISMATCH;
	t = thread_find(Handle, true, false);
	if (!t)
		return STATUS_INVALID_HANDLE;
	*Object = t;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(ObReferenceObjectByHandle);

/**
 * ObfReferenceObject() - take another reference on an object
 * @Object: a PETHREAD
 *
 * Context: any context; does not sleep.
 * Return: 1 (the count itself is not reported).
 */
LONG_PTR ObfReferenceObject(PVOID Object)
{
	struct _ETHREAD *t = thread_find(Object, false, false);

	if (WARN_ONCE(!t, "ObReferenceObject: not an object wsk made\n"))
		return 0;
	return 1;
}
EXPORT_SYMBOL_WSK(ObfReferenceObject);

/**
 * ObfDereferenceObject() - drop a reference ObReferenceObjectByHandle() or
 *	ObReferenceObject() took
 * @Object: the object
 *
 * Context: any context; does not sleep.
 * Return: 0.
 */
LONG_PTR ObfDereferenceObject(PVOID Object)
{
	struct _ETHREAD *t = thread_find(Object, false, false);

	if (WARN_ONCE(!t, "ObDereferenceObject: not an object wsk made\n"))
		return 0;
	thread_put(t);	/* the reference thread_find() took */
	thread_put(t);	/* the caller's */
	return 0;
}
EXPORT_SYMBOL_WSK(ObfDereferenceObject);

/**
 * ZwClose() - close a handle PsCreateSystemThread() returned
 * @Handle: the handle; the thread runs on, and its object lives while
 *	referenced
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_HANDLE (also for a handle
 * closed already).
 */
NTSTATUS ZwClose(HANDLE Handle)
{
	struct _ETHREAD *t = thread_find(Handle, true, true);

	if (!t)
		return STATUS_INVALID_HANDLE;
	thread_put(t);	/* the handle's */
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(ZwClose);
