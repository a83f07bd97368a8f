/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IRP subset a WSK client uses: allocation, reuse, completion routines,
 * cancellation and stack locations, with the WDK's names and layout.
 */
#ifndef _WSK_NT_IRP_H
#define _WSK_NT_IRP_H

#include <linux/atomic.h>
#include "../ntdef.h"
#include "list.h"
#include "kevent.h"

struct _IRP;
struct _MDL;

typedef NTSTATUS IO_COMPLETION_ROUTINE(PDEVICE_OBJECT DeviceObject,
				       struct _IRP *Irp, PVOID Context);
typedef NTSTATUS
(*PIO_COMPLETION_ROUTINE)(PDEVICE_OBJECT DeviceObject, struct _IRP *Irp, PVOID Context);

typedef void DRIVER_CANCEL(PDEVICE_OBJECT DeviceObject, struct _IRP *Irp);
typedef void
(*PDRIVER_CANCEL)(PDEVICE_OBJECT DeviceObject, struct _IRP *Irp);

typedef struct _IO_STATUS_BLOCK {
	union {
		NTSTATUS Status;
		PVOID Pointer;
	};
	ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

/* IO_STACK_LOCATION.Control */
#define SL_PENDING_RETURNED	0x01
#define SL_ERROR_RETURNED	0x02
#define SL_INVOKE_ON_CANCEL	0x20
#define SL_INVOKE_ON_SUCCESS	0x40
#define SL_INVOKE_ON_ERROR	0x80

#define IO_NO_INCREMENT		0
#define IO_NETWORK_INCREMENT	2

#define IO_TYPE_IRP		6

typedef struct _IO_STACK_LOCATION {
	UCHAR MajorFunction;
	UCHAR MinorFunction;
	UCHAR Flags;
	UCHAR Control;
	union {
		struct {
			ULONG OutputBufferLength;
			ULONG __aligned(8) InputBufferLength;
			ULONG __aligned(8) IoControlCode;
			PVOID Type3InputBuffer;
		} DeviceIoControl;
		struct {
			PVOID Argument1;
			PVOID Argument2;
			PVOID Argument3;
			PVOID Argument4;
		} Others;
	} Parameters;
	PDEVICE_OBJECT DeviceObject;
	PFILE_OBJECT FileObject;
	PIO_COMPLETION_ROUTINE CompletionRoutine;
	PVOID Context;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

#define WSK_IRP_HISTORY 8

/*
 * Provider bookkeeping appended to the Windows layout: the IRP's life-cycle
 * state, in checking mode its recent history, and room for a request's
 * arguments beyond its stack location. Clients never touch it.
 */
struct wsk_irp_track {
	unsigned long args[4];
	u64 start_ns;		/* local_clock() when wsk took it, if traced */
	atomic_t state;
	u32 taken;		/* jiffies then, for its age */
	u8 next;
	struct {
		u8 event;
		u8 state;
		u32 status;
		void *caller;
	} history[WSK_IRP_HISTORY];
};

typedef struct _IRP {
	CSHORT Type;
	USHORT Size;
	struct _MDL *MdlAddress;
	ULONG Flags;
	union {
		struct _IRP *MasterIrp;
		LONG IrpCount;
		PVOID SystemBuffer;
	} AssociatedIrp;
	LIST_ENTRY ThreadListEntry;
	IO_STATUS_BLOCK IoStatus;
	KPROCESSOR_MODE RequestorMode;
	BOOLEAN PendingReturned;
	CHAR StackCount;
	CHAR CurrentLocation;
	BOOLEAN Cancel;
	KIRQL CancelIrql;
	CCHAR ApcEnvironment;
	UCHAR AllocationFlags;
	PIO_STATUS_BLOCK UserIosb;
	PKEVENT UserEvent;
	union {
		struct {
			PVOID UserApcRoutine;
			PVOID UserApcContext;
		} AsynchronousParameters;
		LARGE_INTEGER AllocationSize;
	} Overlay;
	PDRIVER_CANCEL CancelRoutine;
	PVOID UserBuffer;
	union {
		struct {
			struct {
				PVOID DriverContext[4];
			};
			PETHREAD Thread;
			PCHAR AuxiliaryBuffer;
			struct {
				LIST_ENTRY ListEntry;
				union {
					struct _IO_STACK_LOCATION *CurrentStackLocation;
					ULONG PacketType;
				};
			};
			PFILE_OBJECT OriginalFileObject;
		} Overlay;
		PVOID CompletionKey;
	} Tail;
	struct wsk_irp_track WskTrack;
} IRP, *PIRP;

static inline USHORT IoSizeOfIrp(CCHAR StackSize)
{
	return (USHORT)(sizeof(IRP) + StackSize * sizeof(IO_STACK_LOCATION));
}

static inline PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP Irp)
{
	return Irp->Tail.Overlay.CurrentStackLocation;
}

static inline PIO_STACK_LOCATION IoGetNextIrpStackLocation(PIRP Irp)
{
	return Irp->Tail.Overlay.CurrentStackLocation - 1;
}

static inline void IoSetNextIrpStackLocation(PIRP Irp)
{
	Irp->CurrentLocation--;
	Irp->Tail.Overlay.CurrentStackLocation--;
}

static inline void IoSkipCurrentIrpStackLocation(PIRP Irp)
{
	Irp->CurrentLocation++;
	Irp->Tail.Overlay.CurrentStackLocation++;
}

static inline void IoCopyCurrentIrpStackLocationToNext(PIRP Irp)
{
	PIO_STACK_LOCATION cur = IoGetCurrentIrpStackLocation(Irp);
	PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);

	memcpy(next, cur, offsetof(IO_STACK_LOCATION, CompletionRoutine));
	next->Control = 0;
}

static inline void IoMarkIrpPending(PIRP Irp)
{
	IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED;
}

static inline void IoSetCompletionRoutine(PIRP Irp,
					  PIO_COMPLETION_ROUTINE CompletionRoutine,
					  PVOID Context, BOOLEAN InvokeOnSuccess,
					  BOOLEAN InvokeOnError,
					  BOOLEAN InvokeOnCancel)
{
	PIO_STACK_LOCATION sl = IoGetNextIrpStackLocation(Irp);

	sl->CompletionRoutine = CompletionRoutine;
	sl->Context = Context;
	sl->Control = 0;
	if (InvokeOnSuccess)
		sl->Control |= SL_INVOKE_ON_SUCCESS;
	if (InvokeOnError)
		sl->Control |= SL_INVOKE_ON_ERROR;
	if (InvokeOnCancel)
		sl->Control |= SL_INVOKE_ON_CANCEL;
}

static inline PDRIVER_CANCEL IoSetCancelRoutine(PIRP Irp,
						PDRIVER_CANCEL CancelRoutine)
{
	return xchg(&Irp->CancelRoutine, CancelRoutine);
}

PIRP IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota);
void IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize);
void IoReuseIrp(PIRP Irp, NTSTATUS Iostatus);
void IoFreeIrp(PIRP Irp);
BOOLEAN IoCancelIrp(PIRP Irp);
void IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost);
void IoAcquireCancelSpinLock(PKIRQL Irql);
void IoReleaseCancelSpinLock(KIRQL Irql);

#define IoCompleteRequest(Irp, PriorityBoost) IofCompleteRequest(Irp, PriorityBoost)

#endif /* _WSK_NT_IRP_H */
