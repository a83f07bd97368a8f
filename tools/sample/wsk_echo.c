// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_echo: a WSK echo server, written as one is written for Windows.
 *
 * One dual-stack LISTEN socket on [::]:port (IPV6_V6ONLY cleared before
 * WskBind, so IPv4 peers arrive as v4-mapped addresses) hands each
 * connection to its WskAcceptEvent callback. A connection keeps
 * ECHO_BUFFERS WskReceive posted, each with its own IRP, buffer and MDL;
 * what a receive brings is sent back with WskSend from the same buffer,
 * whose next WskReceive is posted once that send has completed. Receives
 * complete in the order they were posted and their sends are issued in that
 * order too, so the echo is the received stream, byte for byte. A receive
 * of zero bytes (the peer closed gracefully) is answered, after the last
 * echo, with a graceful WskDisconnect, then WskCloseSocket; an error closes
 * at once. The connection is freed once its close and all of its IRPs have
 * completed.
 *
 * With receive_events=1 it echoes as a fast Windows server does, without a
 * buffer of its own: WskReceiveEvent (enabled on the listener, which its
 * connections inherit, with WskDisconnectEvent) keeps each indicated chain
 * (STATUS_PENDING), and every element is sent back with WskSend from the
 * stack's own buffer, then given back with WskRelease once that send has
 * completed. A connection has a ring of ECHO_EVENT_SLOTS IRPs for that,
 * taken and given back in order; a chain that finds too few free (the
 * peer does not read its echo) is refused with STATUS_DATA_NOT_ACCEPTED,
 * and once half of them are free again a zero-length WskReceive, on an IRP
 * of its own, resumes the indications. The peer's disconnect takes a slot
 * too, so that WskDisconnect follows the last echo.
 *
 * Completion routines and the accept event never wait. They update the
 * connection under its spin lock, and one thread at a time issues the
 * connection's WSK calls (EchoRun), outside the lock: a call that completes
 * at once re-enters no other call. Only module init and exit wait, on a
 * KEVENT, in process context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <compat/compat.h>
#include <ntddk.h>
#include <wsk.h>

static ushort port = 40009;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "TCP port of the dual-stack echo listener");

static uint buffer_size = 16 * 1024;
module_param(buffer_size, uint, 0444);
MODULE_PARM_DESC(buffer_size, "bytes of each of the two receive buffers per connection (512 to 1048576, default 16384)");

static bool receive_events;
module_param(receive_events, bool, 0444);
MODULE_PARM_DESC(receive_events, "echo what WskReceiveEvent indicates, from the stack's buffers (default off: WskReceive into two buffers)");

static bool log_connections = true;
module_param(log_connections, bool, 0444);
MODULE_PARM_DESC(log_connections, "log each accepted and closed connection (default on)");

#define ECHO_BUFFERS		2		/* receives kept posted per connection */
#define ECHO_EVENT_SLOTS	32		/* with receive_events: IRPs per connection */
#define ECHO_POOL_TAG		0x6f686345	/* 'Echo' */

typedef enum _ECHO_BUFFER_STATE {
	EchoIdle,		/* the next WskReceive is to be posted (events: free) */
	EchoReceiving,		/* WskReceive pending */
	EchoReceived,		/* data to send back, in turn; Length 0: the peer closed */
	EchoSending,		/* WskSend, or the graceful WskDisconnect, pending */
	EchoDone,		/* nothing more on this buffer */
} ECHO_BUFFER_STATE;

typedef enum _ECHO_ACTION {
	EchoNothing,
	EchoReceive,
	EchoSend,
	EchoDisconnect,
	EchoClose,
	EchoResume,		/* events: the zero-length WskReceive */
} ECHO_ACTION;

typedef struct _ECHO_CONNECTION ECHO_CONNECTION, *PECHO_CONNECTION;

typedef struct _ECHO_BUFFER {
	PECHO_CONNECTION Connection;
	PIRP Irp;
	BOOLEAN IrpReady;		/* initialized: reused from then on */
	PMDL Mdl;
	PVOID Data;
	WSK_BUF WskBuf;			/* the pending request's; valid until it completes */
	PWSK_DATA_INDICATION Indication;	/* events: the element echoed, kept till sent */
	ECHO_BUFFER_STATE State;
	ULONG Sequence;			/* rank of its receive on the connection */
	ULONG Length;			/* bytes received, to send back */
} ECHO_BUFFER, *PECHO_BUFFER;

struct _ECHO_CONNECTION {
	LIST_ENTRY Link;		/* in Echo.Connections until the close completes */
	LONG References;		/* that list, each IRP out, each caller of EchoRun */
	PWSK_SOCKET Socket;
	PIRP CloseIrp;
	PIRP ResumeIrp;			/* events: the zero-length WskReceive's */
	BOOLEAN CloseIrpReady, ResumeIrpReady;
	WSK_BUF ResumeBuf;		/* its zero-length buffer */
	SOCKADDR_STORAGE Remote;
	BOOLEAN StopRequested;		/* module exit closes it; under Echo.Lock */

	KSPIN_LOCK Lock;		/* protects everything below */
	BOOLEAN Running;		/* a thread is issuing calls in EchoRun */
	BOOLEAN PeerClosed;		/* a receive brought 0 bytes */
	BOOLEAN CloseWanted;
	BOOLEAN CloseIssued;		/* no call on Socket after this one */
	BOOLEAN Refused;		/* events: a chain was refused, resume when slots free */
	BOOLEAN ResumeIssued;		/* events: the zero-length WskReceive is pending */
	ULONG Slots;			/* buffers in use: ECHO_BUFFERS or ECHO_EVENT_SLOTS */
	ULONG Freed;			/* events: slots given back; NextReceive - Freed in use */
	ULONG NextReceive;		/* Sequence of the next WskReceive */
	ULONG NextSend;			/* Sequence whose data goes out next */
	ULONGLONG BytesEchoed;
	ECHO_BUFFER Buffers[ECHO_EVENT_SLOTS];
};

typedef struct _ECHO {
	WSK_REGISTRATION Registration;
	WSK_PROVIDER_NPI Npi;
	BOOLEAN NpiCaptured;
	PIRP Irp;			/* init and exit's own requests, one at a time */
	PWSK_SOCKET ListenSocket;
	BOOLEAN Stopping;		/* the accept event refuses connections */

	KSPIN_LOCK Lock;		/* Connections, their StopRequested, BytesEchoed */
	LIST_ENTRY Connections;
	ULONGLONG BytesEchoed;		/* of the connections freed */
	LONG Live;			/* connections not freed, plus one until exit */
	KEVENT AllFreed;		/* Live reached 0 */
	LONG Accepted;
} ECHO;

static ECHO Echo;

static NTSTATUS EchoAcceptEvent(PVOID SocketContext, ULONG Flags,
				PSOCKADDR LocalAddress, PSOCKADDR RemoteAddress,
				PWSK_SOCKET AcceptSocket, PVOID *AcceptSocketContext,
				const WSK_CLIENT_CONNECTION_DISPATCH **AcceptSocketDispatch);

static const WSK_CLIENT_DISPATCH EchoClientDispatch = {
	MAKE_WSK_VERSION(1, 0), 0, NULL
};

static const WSK_CLIENT_LISTEN_DISPATCH EchoListenDispatch = {
	EchoAcceptEvent, NULL, NULL
};

static NTSTATUS EchoReceiveEvent(PVOID SocketContext, ULONG Flags,
				 PWSK_DATA_INDICATION DataIndication, SIZE_T BytesIndicated,
				 SIZE_T *BytesAccepted);
static NTSTATUS EchoDisconnectEvent(PVOID SocketContext, ULONG Flags);

static const WSK_CLIENT_CONNECTION_DISPATCH EchoConnectionEvents = {
	EchoReceiveEvent, EchoDisconnectEvent, NULL
};

/*
 * Synchronous requests (module init and exit only).
 */

static NTSTATUS EchoSyncComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
	KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Prepare Echo.Irp for a request that EchoWait() waits for. */
static PIRP EchoSyncIrp(PKEVENT Event)
{
	KeInitializeEvent(Event, SynchronizationEvent, FALSE);
	IoReuseIrp(Echo.Irp, STATUS_UNSUCCESSFUL);
	IoSetCompletionRoutine(Echo.Irp, EchoSyncComplete, Event, TRUE, TRUE, TRUE);
	return Echo.Irp;
}

/* Wait for the request a WSK call returned Status for; its final status. */
static NTSTATUS EchoWait(NTSTATUS Status, PKEVENT Event)
{
	if (Status == STATUS_PENDING) {
		KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
		Status = Echo.Irp->IoStatus.Status;
	}
	return Status;
}

/* Set an option of the listening socket; Value must outlive the request. */
static NTSTATUS EchoSetOption(ULONG Level, ULONG Option, PULONG Value, const char *Name)
{
	const WSK_PROVIDER_LISTEN_DISPATCH *Dispatch = Echo.ListenSocket->Dispatch;
	NTSTATUS Status;
	KEVENT Event;

	Status = Dispatch->WskControlSocket(Echo.ListenSocket, WskSetOption, Option, Level,
					    sizeof(*Value), Value, 0, NULL, NULL,
					    EchoSyncIrp(&Event));
	Status = EchoWait(Status, &Event);
	if (!NT_SUCCESS(Status))
		pr_err("%s failed: 0x%08x\n", Name, Status);
	return Status;
}

/*
 * Connections: references and freeing.
 */

static VOID EchoFreeConnection(PECHO_CONNECTION C)
{
	if (C->Buffers[0].Data)
		ExFreePoolWithTag(C->Buffers[0].Data, ECHO_POOL_TAG);
	ExFreePoolWithTag(C, ECHO_POOL_TAG);
}

/* Bytes of an MDL for buffer_size bytes wherever they start, pointer aligned. */
static SIZE_T EchoMdlSize(VOID)
{
	return ALIGN(MmSizeOfMdl((PVOID)(PAGE_SIZE - 1), buffer_size), sizeof(PVOID));
}

/*
 * A connection with its IRPs and buffers, or NULL. Any context. Two pool
 * allocations, as a connection of a fast Windows server has: one for the
 * data of every buffer, one for the connection with its IRPs and MDLs
 * (MmInitializeMdl) after it. With receive_events, the second only: the
 * data is the stack's. Each IRP is initialized when first used
 * (EchoPrepareIrp): most connections use few of the 32 slots.
 */
static PECHO_CONNECTION EchoAllocateConnection(VOID)
{
	ULONG Slots = receive_events ? ECHO_EVENT_SLOTS : ECHO_BUFFERS;
	SIZE_T Head = ALIGN(sizeof(ECHO_CONNECTION), sizeof(PVOID));
	SIZE_T MdlSize = receive_events ? 0 : EchoMdlSize();
	USHORT IrpSize = IoSizeOfIrp(1);
	PUCHAR Data = NULL, Next;
	PECHO_CONNECTION C;
	PECHO_BUFFER B;
	ULONG i;

	if (!receive_events) {
		Data = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED,
				       (SIZE_T)Slots * buffer_size, ECHO_POOL_TAG);
		if (!Data)
			return NULL;
	}
	/* The IRPs and MDLs are initialized when used: only the head is zeroed. */
	C = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED,
			    Head + (Slots + 2) * IrpSize + Slots * MdlSize, ECHO_POOL_TAG);
	if (!C) {
		if (Data)
			ExFreePoolWithTag(Data, ECHO_POOL_TAG);
		return NULL;
	}
	RtlZeroMemory(C, Head);
	KeInitializeSpinLock(&C->Lock);
	C->Slots = Slots;
	Next = (PUCHAR)C + Head;
	C->CloseIrp = (PIRP)Next;
	Next += IrpSize;
	C->ResumeIrp = (PIRP)Next;
	Next += IrpSize;
	for (i = 0; i < Slots; i++) {
		B = &C->Buffers[i];
		B->Connection = C;
		B->State = EchoIdle;
		B->Irp = (PIRP)Next;
		Next += IrpSize;
		if (!Data)
			continue;
		B->Data = Data + (SIZE_T)i * buffer_size;
		B->Mdl = (PMDL)Next;
		MmInitializeMdl(B->Mdl, B->Data, buffer_size);
		MmBuildMdlForNonPagedPool(B->Mdl);
		Next += MdlSize;
	}
	return C;
}

static VOID EchoReference(PECHO_CONNECTION C)
{
	InterlockedIncrement(&C->References);
}

/* Drop a reference; the last one frees the connection. Any context. */
static VOID EchoRelease(PECHO_CONNECTION C)
{
	KIRQL Irql;

	if (InterlockedDecrement(&C->References))
		return;
	if (log_connections)
		pr_info("closed %pISpc, %llu bytes echoed\n", &C->Remote, C->BytesEchoed);
	KeAcquireSpinLock(&Echo.Lock, &Irql);
	Echo.BytesEchoed += C->BytesEchoed;
	KeReleaseSpinLock(&Echo.Lock, Irql);
	EchoFreeConnection(C);
	if (!InterlockedDecrement(&Echo.Live))
		KeSetEvent(&Echo.AllFreed, IO_NO_INCREMENT, FALSE);
}

/*
 * Connections: the calls, issued by EchoRun one at a time.
 */

static NTSTATUS EchoReceiveComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
static NTSTATUS EchoResumeComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
static NTSTATUS EchoSendComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
static NTSTATUS EchoDisconnectComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
static NTSTATUS EchoCloseComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);

/* receive_events: the free slots of the ring, and the next one. */
static ULONG EchoFreeSlots(PECHO_CONNECTION C)
{
	return C->Slots - (C->NextReceive - C->Freed);
}

/* Queue an element's echo (NULL: the disconnect) on the ring's next slot. */
static VOID EchoQueue(PECHO_CONNECTION C, PWSK_DATA_INDICATION Indication)
{
	PECHO_BUFFER B = &C->Buffers[C->NextReceive % C->Slots];

	B->Indication = Indication;
	B->Length = Indication ? (ULONG)Indication->Buffer.Length : 0;
	B->Sequence = C->NextReceive++;
	B->State = EchoReceived;
}

/*
 * What to do next on C, with C->Lock held; *Buffer gets the buffer it uses.
 * Closing comes first; then the echo of the oldest receive, in receive
 * order; then a receive on a free buffer while the peer still sends.
 */
static ECHO_ACTION EchoNextAction(PECHO_CONNECTION C, PECHO_BUFFER *Buffer)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *Dispatch = C->Socket->Dispatch;
	PECHO_BUFFER B;
	ULONG i;

	if (C->CloseWanted) {
		if (C->CloseIssued)
			return EchoNothing;
		/* Give back what will not be echoed; sends in flight do it when done. */
		for (i = 0; i < C->Slots; i++) {
			B = &C->Buffers[i];
			if (B->State == EchoReceived && B->Indication) {
				Dispatch->WskRelease(C->Socket, B->Indication);
				B->Indication = NULL;
				B->State = EchoDone;
			}
		}
		C->CloseIssued = TRUE;
		return EchoClose;
	}
	for (i = 0; i < C->Slots; i++) {
		/* Events: slots are used in turn, the next echo's is known. */
		B = &C->Buffers[receive_events ? C->NextSend % C->Slots : i];
		if (B->State == EchoReceived && B->Sequence == C->NextSend) {
			C->NextSend++;
			B->State = EchoSending;
			*Buffer = B;
			return B->Length ? EchoSend : EchoDisconnect;
		}
		if (receive_events)
			break;
	}
	if (C->PeerClosed)
		return EchoNothing;
	if (receive_events) {
		/* After a refused chain, a zero-length WskReceive resumes the events. */
		if (!C->Refused || C->ResumeIssued || EchoFreeSlots(C) < C->Slots / 2)
			return EchoNothing;
		C->Refused = FALSE;
		C->ResumeIssued = TRUE;
		return EchoResume;
	}
	for (i = 0; i < C->Slots; i++) {
		B = &C->Buffers[i];
		if (B->State == EchoIdle) {
			B->State = EchoReceiving;
			B->Sequence = C->NextReceive++;
			*Buffer = B;
			return EchoReceive;
		}
	}
	return EchoNothing;
}

/* An IRP of the connection's memory, ready for its next request. */
static VOID EchoPrepareIrp(PIRP Irp, PBOOLEAN Ready)
{
	if (*Ready) {
		IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
		return;
	}
	IoInitializeIrp(Irp, IoSizeOfIrp(1), 1);
	*Ready = TRUE;
}

/*
 * Issue one call. Whatever it returns, its IRP completes (maybe already):
 * the completion routine handles the result, and drops the IRP's reference.
 */
static VOID EchoIssue(PECHO_CONNECTION C, ECHO_ACTION Action, PECHO_BUFFER B)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *Dispatch = C->Socket->Dispatch;

	EchoReference(C);
	if (Action == EchoClose) {
		EchoPrepareIrp(C->CloseIrp, &C->CloseIrpReady);
		IoSetCompletionRoutine(C->CloseIrp, EchoCloseComplete, C, TRUE, TRUE, TRUE);
		Dispatch->WskCloseSocket(C->Socket, C->CloseIrp);
		return;
	}
	if (Action == EchoResume) {
		EchoPrepareIrp(C->ResumeIrp, &C->ResumeIrpReady);
		IoSetCompletionRoutine(C->ResumeIrp, EchoResumeComplete, C, TRUE, TRUE, TRUE);
		Dispatch->WskReceive(C->Socket, &C->ResumeBuf, 0, C->ResumeIrp);
		return;
	}
	EchoPrepareIrp(B->Irp, &B->IrpReady);
	B->WskBuf.Mdl = B->Mdl;
	B->WskBuf.Offset = 0;
	switch (Action) {
	case EchoReceive:
		B->WskBuf.Length = buffer_size;
		IoSetCompletionRoutine(B->Irp, EchoReceiveComplete, B, TRUE, TRUE, TRUE);
		Dispatch->WskReceive(C->Socket, &B->WskBuf, 0, B->Irp);
		break;
	case EchoSend:
		B->WskBuf.Length = B->Length;
		if (B->Indication)	/* from the stack's buffer */
			B->WskBuf = B->Indication->Buffer;
		IoSetCompletionRoutine(B->Irp, EchoSendComplete, B, TRUE, TRUE, TRUE);
		Dispatch->WskSend(C->Socket, &B->WskBuf, 0, B->Irp);
		break;
	default:
		/* Graceful: after the sends issued before it, then FIN. */
		IoSetCompletionRoutine(B->Irp, EchoDisconnectComplete, B, TRUE, TRUE, TRUE);
		Dispatch->WskDisconnect(C->Socket, NULL, 0, B->Irp);
		break;
	}
}

/*
 * Issue what C needs, until nothing is left. Any context, never waits; the
 * caller holds a reference. One thread at a time issues calls: a routine
 * that completes during one of them (or on another CPU) records its result
 * and returns; the thread running here picks the result up.
 */
static VOID EchoRun(PECHO_CONNECTION C)
{
	PECHO_BUFFER B = NULL;
	ECHO_ACTION Action;
	KIRQL Irql;

	KeAcquireSpinLock(&C->Lock, &Irql);
	if (C->Running) {
		KeReleaseSpinLock(&C->Lock, Irql);
		return;
	}
	C->Running = TRUE;
	while ((Action = EchoNextAction(C, &B)) != EchoNothing) {
		KeReleaseSpinLock(&C->Lock, Irql);
		EchoIssue(C, Action, B);
		KeAcquireSpinLock(&C->Lock, &Irql);
	}
	C->Running = FALSE;
	KeReleaseSpinLock(&C->Lock, Irql);
}

/* STATUS_CANCELLED only comes from our own close: not worth a line. */
static VOID EchoReportFailure(PECHO_CONNECTION C, const char *Call, NTSTATUS Status)
{
	if (Status != STATUS_CANCELLED)
		pr_warn("%pISpc: %s failed: 0x%08x\n", &C->Remote, Call, Status);
}

/*
 * The end of every completion routine: report a failure, run what follows,
 * drop the IRP's reference (which may free C).
 */
static NTSTATUS EchoCompleted(PECHO_CONNECTION C, const char *Call, NTSTATUS Status)
{
	if (!NT_SUCCESS(Status))
		EchoReportFailure(C, Call, Status);
	EchoRun(C);
	EchoRelease(C);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Record the outcome, run what follows, drop the IRP's reference. */
static NTSTATUS EchoReceiveComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	NTSTATUS Status = Irp->IoStatus.Status;
	PECHO_BUFFER B = Context;
	PECHO_CONNECTION C = B->Connection;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(DeviceObject);
	KeAcquireSpinLock(&C->Lock, &Irql);
	if (NT_SUCCESS(Status) && (Irp->IoStatus.Information || !C->PeerClosed)) {
		/* 0 bytes: the peer closed; disconnect when its turn comes. */
		if (!Irp->IoStatus.Information)
			C->PeerClosed = TRUE;
		B->Length = (ULONG)Irp->IoStatus.Information;
		B->State = EchoReceived;
	} else {
		B->State = EchoDone;
		if (!NT_SUCCESS(Status))
			C->CloseWanted = TRUE;
	}
	KeReleaseSpinLock(&C->Lock, Irql);
	return EchoCompleted(C, "WskReceive", Status);
}

/* receive_events: the zero-length WskReceive completed, the events resume. */
static NTSTATUS EchoResumeComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	NTSTATUS Status = Irp->IoStatus.Status;
	PECHO_CONNECTION C = Context;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(DeviceObject);
	KeAcquireSpinLock(&C->Lock, &Irql);
	C->ResumeIssued = FALSE;
	if (!NT_SUCCESS(Status))
		C->CloseWanted = TRUE;
	KeReleaseSpinLock(&C->Lock, Irql);
	return EchoCompleted(C, "WskReceive", Status);
}

static NTSTATUS EchoSendComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	NTSTATUS Status = Irp->IoStatus.Status;
	PECHO_BUFFER B = Context;
	PECHO_CONNECTION C = B->Connection;
	const WSK_PROVIDER_CONNECTION_DISPATCH *Dispatch = C->Socket->Dispatch;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(DeviceObject);
	/* WskSend completes once every byte is queued, or fails. */
	if (NT_SUCCESS(Status) && Irp->IoStatus.Information != B->Length)
		Status = STATUS_UNSUCCESSFUL;
	if (B->Indication) {
		Dispatch->WskRelease(C->Socket, B->Indication);
		B->Indication = NULL;
	}
	KeAcquireSpinLock(&C->Lock, &Irql);
	if (NT_SUCCESS(Status)) {
		C->BytesEchoed += B->Length;
		B->State = EchoIdle;
		C->Freed++;	/* events: sends complete in order, as they were issued */
	} else {
		B->State = EchoDone;
		C->CloseWanted = TRUE;
	}
	KeReleaseSpinLock(&C->Lock, Irql);
	return EchoCompleted(C, "WskSend", Status);
}

static NTSTATUS EchoDisconnectComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	NTSTATUS Status = Irp->IoStatus.Status;
	PECHO_BUFFER B = Context;
	PECHO_CONNECTION C = B->Connection;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(DeviceObject);
	KeAcquireSpinLock(&C->Lock, &Irql);
	B->State = EchoDone;
	C->CloseWanted = TRUE;
	KeReleaseSpinLock(&C->Lock, Irql);
	return EchoCompleted(C, "WskDisconnect", Status);
}

/* The socket is gone: leave the list, drop its reference and the IRP's. */
static NTSTATUS EchoCloseComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	PECHO_CONNECTION C = Context;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(DeviceObject);
	if (!NT_SUCCESS(Irp->IoStatus.Status))
		EchoReportFailure(C, "WskCloseSocket", Irp->IoStatus.Status);
	KeAcquireSpinLock(&Echo.Lock, &Irql);
	RemoveEntryList(&C->Link);
	KeReleaseSpinLock(&Echo.Lock, Irql);
	EchoRelease(C);
	/* May free C, and with it this IRP: it is not touched after this. */
	EchoRelease(C);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/*
 * receive_events: keep the chain and echo each element from the stack's
 * buffer (each released on its own, after its send), or refuse it when
 * too few IRPs are free, keeping one for the peer's disconnect.
 */
static NTSTATUS EchoReceiveEvent(PVOID SocketContext, ULONG Flags,
				 PWSK_DATA_INDICATION DataIndication, SIZE_T BytesIndicated,
				 SIZE_T *BytesAccepted)
{
	PECHO_CONNECTION C = SocketContext;
	PWSK_DATA_INDICATION Next;
	ULONG Count = 0;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(Flags);
	UNREFERENCED_PARAMETER(BytesIndicated);
	UNREFERENCED_PARAMETER(BytesAccepted);
	for (Next = DataIndication; Next; Next = Next->Next)
		Count++;
	KeAcquireSpinLock(&C->Lock, &Irql);
	if (!DataIndication) {
		C->CloseWanted = TRUE;	/* the socket no longer works */
	} else if (C->CloseWanted || EchoFreeSlots(C) <= Count) {
		C->Refused = TRUE;
		KeReleaseSpinLock(&C->Lock, Irql);
		return STATUS_DATA_NOT_ACCEPTED;
	}
	for (; DataIndication; DataIndication = Next) {
		Next = DataIndication->Next;
		DataIndication->Next = NULL;	/* released on its own */
		EchoQueue(C, DataIndication);	/* the ring has room */
	}
	EchoReference(C);
	KeReleaseSpinLock(&C->Lock, Irql);
	EchoRun(C);
	EchoRelease(C);
	return Count ? STATUS_PENDING : STATUS_SUCCESS;
}

/* receive_events: the peer's FIN takes a slot, so WskDisconnect follows the last echo. */
static NTSTATUS EchoDisconnectEvent(PVOID SocketContext, ULONG Flags)
{
	PECHO_CONNECTION C = SocketContext;
	KIRQL Irql;

	KeAcquireSpinLock(&C->Lock, &Irql);
	if (!C->PeerClosed) {
		C->PeerClosed = TRUE;
		if ((Flags & WSK_FLAG_ABORTIVE) || !EchoFreeSlots(C))
			C->CloseWanted = TRUE;
		else if (!C->CloseWanted)
			EchoQueue(C, NULL);
	}
	EchoReference(C);
	KeReleaseSpinLock(&C->Lock, Irql);
	EchoRun(C);
	EchoRelease(C);
	return STATUS_SUCCESS;
}

/*
 * The accept event, at DISPATCH_LEVEL: set the connection up and post its
 * receives. The addresses are valid during the call only.
 */
static NTSTATUS EchoAcceptEvent(PVOID SocketContext, ULONG Flags,
				PSOCKADDR LocalAddress, PSOCKADDR RemoteAddress,
				PWSK_SOCKET AcceptSocket, PVOID *AcceptSocketContext,
				const WSK_CLIENT_CONNECTION_DISPATCH **AcceptSocketDispatch)
{
	PECHO_CONNECTION C;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(SocketContext);
	UNREFERENCED_PARAMETER(Flags);
	UNREFERENCED_PARAMETER(LocalAddress);
	if (!AcceptSocket) {
		pr_err("the listener on port %u no longer works\n", port);
		return STATUS_SUCCESS;
	}
	/* Refused, the provider resets the connection. */
	if (READ_ONCE(Echo.Stopping))
		return STATUS_REQUEST_NOT_ACCEPTED;
	C = EchoAllocateConnection();
	if (!C) {
		pr_warn("out of memory: connection from %pISpc refused\n", RemoteAddress);
		return STATUS_REQUEST_NOT_ACCEPTED;
	}
	C->Socket = AcceptSocket;
	RtlCopyMemory(&C->Remote, RemoteAddress, RemoteAddress->sa_family == AF_INET6 ?
		      sizeof(SOCKADDR_IN6) : sizeof(SOCKADDR_IN));
	C->References = 2;	/* Echo.Connections', and this call's */
	InterlockedIncrement(&Echo.Live);
	InterlockedIncrement(&Echo.Accepted);
	KeAcquireSpinLock(&Echo.Lock, &Irql);
	InsertTailList(&Echo.Connections, &C->Link);
	KeReleaseSpinLock(&Echo.Lock, Irql);
	if (log_connections)
		pr_info("accepted %pISpc\n", &C->Remote);

	*AcceptSocketContext = C;
	*AcceptSocketDispatch = receive_events ? &EchoConnectionEvents : NULL;
	EchoRun(C);
	EchoRelease(C);
	return STATUS_SUCCESS;
}

/*
 * Module init and exit.
 */

/* Close every open connection; each is freed once all its IRPs are back. */
static VOID EchoCloseConnections(VOID)
{
	PECHO_CONNECTION C, Next;
	PLIST_ENTRY Entry;
	KIRQL Irql;

	for (;;) {
		C = NULL;
		KeAcquireSpinLock(&Echo.Lock, &Irql);
		for (Entry = Echo.Connections.Flink; Entry != &Echo.Connections;
		     Entry = Entry->Flink) {
			Next = CONTAINING_RECORD(Entry, ECHO_CONNECTION, Link);
			if (!Next->StopRequested) {
				/* In the list, it holds a reference: it is alive. */
				Next->StopRequested = TRUE;
				EchoReference(Next);
				C = Next;
				break;
			}
		}
		KeReleaseSpinLock(&Echo.Lock, Irql);
		if (!C)
			return;
		KeAcquireSpinLock(&C->Lock, &Irql);
		C->CloseWanted = TRUE;
		KeReleaseSpinLock(&C->Lock, Irql);
		EchoRun(C);
		EchoRelease(C);
	}
}

/* Close the listener and every connection, and wait until all are freed. */
static VOID EchoStop(VOID)
{
	const WSK_PROVIDER_BASIC_DISPATCH *Dispatch;
	NTSTATUS Status;
	KEVENT Event;

	WRITE_ONCE(Echo.Stopping, TRUE);
	if (Echo.ListenSocket) {
		/* No accept event runs once this close has completed. */
		Dispatch = Echo.ListenSocket->Dispatch;
		Status = EchoWait(Dispatch->WskCloseSocket(Echo.ListenSocket, EchoSyncIrp(&Event)),
				  &Event);
		if (!NT_SUCCESS(Status))
			pr_err("WskCloseSocket(listener) failed: 0x%08x\n", Status);
		Echo.ListenSocket = NULL;
	}
	EchoCloseConnections();
	if (InterlockedDecrement(&Echo.Live))
		KeWaitForSingleObject(&Echo.AllFreed, Executive, KernelMode, FALSE, NULL);
}

static VOID EchoCleanup(VOID)
{
	IoFreeIrp(Echo.Irp);
	if (Echo.NpiCaptured)
		WskReleaseProviderNPI(&Echo.Registration);
	/* Waits until every socket of this client is closed. */
	WskDeregister(&Echo.Registration);
}

static int __init EchoInit(void)
{
	WSK_CLIENT_NPI ClientNpi = { NULL, &EchoClientDispatch };
	WSK_EVENT_CALLBACK_CONTROL Control = { &NPI_WSK_INTERFACE_ID, WSK_EVENT_ACCEPT };
	const WSK_PROVIDER_LISTEN_DISPATCH *Listen;
	SOCKADDR_IN6 Address = { 0 };
	ULONG Zero = 0, One = 1;
	NTSTATUS Status;
	KEVENT Event;

	if (buffer_size < 512 || buffer_size > 1024 * 1024) {
		pr_err("buffer_size=%u: want 512 to 1048576\n", buffer_size);
		return -EINVAL;
	}
	KeInitializeSpinLock(&Echo.Lock);
	InitializeListHead(&Echo.Connections);
	KeInitializeEvent(&Echo.AllFreed, NotificationEvent, FALSE);
	Echo.Live = 1;

	Status = WskRegister(&ClientNpi, &Echo.Registration);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskRegister failed: 0x%08x\n", Status);
		return -EIO;
	}
	Status = WskCaptureProviderNPI(&Echo.Registration, WSK_INFINITE_WAIT, &Echo.Npi);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskCaptureProviderNPI failed: 0x%08x\n", Status);
		goto fail;
	}
	Echo.NpiCaptured = TRUE;
	Status = STATUS_INSUFFICIENT_RESOURCES;
	Echo.Irp = IoAllocateIrp(1, FALSE);
	if (!Echo.Irp)
		goto fail;

	Status = Echo.Npi.Dispatch->WskSocket(Echo.Npi.Client, AF_INET6, SOCK_STREAM,
					      IPPROTO_TCP, WSK_FLAG_LISTEN_SOCKET, &Echo,
					      &EchoListenDispatch, NULL, NULL, NULL,
					      EchoSyncIrp(&Event));
	Status = EchoWait(Status, &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskSocket failed: 0x%08x\n", Status);
		goto fail;
	}
	Echo.ListenSocket = (PWSK_SOCKET)Echo.Irp->IoStatus.Information;
	Listen = Echo.ListenSocket->Dispatch;

	/* AF_INET6 sockets start IPv6-only, as on Windows: dual stack before binding. */
	Status = EchoSetOption(IPPROTO_IPV6, IPV6_V6ONLY, &Zero, "IPV6_V6ONLY");
	if (!NT_SUCCESS(Status))
		goto fail;
	/* As in wsk_listener: rmmod and insmod follow each other despite TIME_WAIT. */
	Status = EchoSetOption(SOL_SOCKET, SO_REUSEADDR, &One, "SO_REUSEADDR");
	if (!NT_SUCCESS(Status))
		goto fail;
	/* An echo answers at once: no Nagle delay (accepted sockets inherit it). */
	Status = EchoSetOption(IPPROTO_TCP, TCP_NODELAY, &One, "TCP_NODELAY");
	if (!NT_SUCCESS(Status))
		goto fail;

	/* A LISTEN socket listens as soon as it is bound. */
	Address.sin6_family = AF_INET6;
	Address.sin6_port = htons(port);
	Status = Listen->WskBind(Echo.ListenSocket, (PSOCKADDR)&Address, 0, EchoSyncIrp(&Event));
	Status = EchoWait(Status, &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskBind([::]:%u) failed: 0x%08x\n", port, Status);
		goto fail;
	}
	/* Accepted sockets inherit the listener's connection events. */
	if (receive_events)
		Control.EventMask |= WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT;
	Status = Listen->WskControlSocket(Echo.ListenSocket, WskSetOption, SO_WSK_EVENT_CALLBACK,
					  SOL_SOCKET, sizeof(Control), &Control, 0, NULL, NULL,
					  NULL);
	if (!NT_SUCCESS(Status)) {
		pr_err("SO_WSK_EVENT_CALLBACK failed: 0x%08x\n", Status);
		goto fail;
	}

	pr_info("listening on [::]:%u (dual stack%s)\n", port,
		receive_events ? ", echoing receive indications" : "");
	return 0;

fail:
	EchoStop();
	EchoCleanup();
	return Status == STATUS_ADDRESS_ALREADY_ASSOCIATED ? -EADDRINUSE : -EIO;
}

static void __exit EchoExit(void)
{
	EchoStop();
	EchoCleanup();
	pr_info("stopped, %d connections, %llu bytes echoed\n",
		READ_ONCE(Echo.Accepted), Echo.BytesEchoed);
}

module_init(EchoInit);
module_exit(EchoExit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk sample server: a dual-stack echo server on WskAcceptEvent");
WSK_IMPORT_NS();
