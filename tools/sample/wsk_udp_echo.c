// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_udp_echo: a WSK UDP echo server, written as one is written for Windows.
 *
 * One dual-stack datagram socket on [::]:port (IPV6_V6ONLY cleared before
 * WskBind, so IPv4 peers arrive as v4-mapped addresses) receives with its
 * WskReceiveFromEvent callback. The callback keeps every chain it is given
 * (STATUS_PENDING) and queues its datagrams in a backlog. Each datagram is
 * sent back from the provider's own buffer, its indication's MDL: the
 * leading datagrams of the backlog that came from one peer (at most
 * UECHO_RUN) go back in one WskSendMessages, on one of UECHO_SENDS
 * pre-allocated IRPs; its completion gives those indications back with
 * WskRelease and sends the next run. Nothing is allocated per datagram. A
 * chain that arrives while UECHO_BACKLOG datagrams are queued is dropped,
 * as a busy UDP server drops, and counted.
 *
 * The callback and completion routines never wait. They update the backlog
 * under Uecho.Lock, and one thread at a time issues the sends (UechoRun),
 * outside the lock. Module exit stops taking datagrams, waits until every
 * indication kept has been given back (as WskCloseSocket requires), then
 * closes the socket.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <compat/compat.h>
#include <ntddk.h>
#include <wsk.h>

static ushort port = 40009;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "UDP port of the dual-stack echo socket");

#define UECHO_SENDS	64	/* WskSendMessages in flight, at most */
#define UECHO_RUN	16	/* datagrams per WskSendMessages, at most */
#define UECHO_BACKLOG	1024	/* datagrams kept and not sent yet, at most */

/* One WskSendMessages: a run of datagrams from one peer, sent back. */
typedef struct _UECHO_SEND {
	LIST_ENTRY Link;		/* in Uecho.FreeSends while idle */
	PIRP Irp;
	PWSK_DATAGRAM_INDICATION Run;	/* the datagrams sent, Next-linked */
	ULONG Count;
	ULONG Bytes;
	WSK_BUF_LIST Buffers[UECHO_RUN];
} UECHO_SEND, *PUECHO_SEND;

typedef struct _UECHO {
	WSK_REGISTRATION Registration;
	WSK_PROVIDER_NPI Npi;
	BOOLEAN NpiCaptured;
	PIRP Irp;			/* init and exit's own requests */
	PWSK_SOCKET Socket;
	UECHO_SEND Sends[UECHO_SENDS];

	KSPIN_LOCK Lock;		/* protects everything below */
	BOOLEAN Stopping;		/* the event drops what it is given */
	BOOLEAN Running;		/* a thread is issuing sends in UechoRun */
	LIST_ENTRY FreeSends;
	PWSK_DATAGRAM_INDICATION Backlog; /* kept, to be sent back, in order */
	PWSK_DATAGRAM_INDICATION *BacklogTail;
	ULONG Queued;			/* datagrams in Backlog */
	ULONG Kept;			/* datagrams not given back yet */
	KEVENT AllReleased;		/* Stopping and Kept reached 0 */
	ULONGLONG Datagrams;		/* sent back */
	ULONGLONG Bytes;
	ULONGLONG Dropped;		/* datagrams of chains not taken */
	ULONG SendFailures;		/* WskSendMessages that failed */
	NTSTATUS LastFailure;
} UECHO;

static UECHO Uecho;

static NTSTATUS UechoReceiveFromEvent(PVOID SocketContext, ULONG Flags,
				      PWSK_DATAGRAM_INDICATION DataIndication);

static const WSK_CLIENT_DISPATCH UechoClientDispatch = {
	MAKE_WSK_VERSION(1, 0), 0, NULL
};

static const WSK_CLIENT_DATAGRAM_DISPATCH UechoDatagramDispatch = {
	UechoReceiveFromEvent
};

/*
 * Synchronous requests (module init and exit only).
 */

static NTSTATUS UechoSyncComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
	KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Prepare Uecho.Irp for a request that UechoWait() waits for. */
static PIRP UechoSyncIrp(PKEVENT Event)
{
	KeInitializeEvent(Event, SynchronizationEvent, FALSE);
	IoReuseIrp(Uecho.Irp, STATUS_UNSUCCESSFUL);
	IoSetCompletionRoutine(Uecho.Irp, UechoSyncComplete, Event, TRUE, TRUE, TRUE);
	return Uecho.Irp;
}

/* Wait for the request a WSK call returned Status for; its final status. */
static NTSTATUS UechoWait(NTSTATUS Status, PKEVENT Event)
{
	if (Status == STATUS_PENDING) {
		KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
		Status = Uecho.Irp->IoStatus.Status;
	}
	return Status;
}

/* Set an option of the socket; Value must outlive the request. */
static NTSTATUS UechoSetOption(ULONG Level, ULONG Option, PULONG Value, const char *Name)
{
	const WSK_PROVIDER_DATAGRAM_DISPATCH *Dispatch = Uecho.Socket->Dispatch;
	NTSTATUS Status;
	KEVENT Event;

	Status = Dispatch->WskControlSocket(Uecho.Socket, WskSetOption, Option, Level,
					    sizeof(*Value), Value, 0, NULL, NULL,
					    UechoSyncIrp(&Event));
	Status = UechoWait(Status, &Event);
	if (!NT_SUCCESS(Status))
		pr_err("%s failed: 0x%08x\n", Name, Status);
	return Status;
}

/*
 * Sending back.
 */

static NTSTATUS UechoSendComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);

/* Whether two senders (both AF_INET6: the socket is dual stack) are one. */
static BOOLEAN UechoSamePeer(PSOCKADDR A, PSOCKADDR B)
{
	PSOCKADDR_IN6 X = (PSOCKADDR_IN6)A, Y = (PSOCKADDR_IN6)B;

	return X->sin6_port == Y->sin6_port && X->sin6_scope_id == Y->sin6_scope_id &&
	       RtlEqualMemory(&X->sin6_addr, &Y->sin6_addr, sizeof(X->sin6_addr));
}

/*
 * Take the backlog's leading run of datagrams from one peer into a free
 * send, with Uecho.Lock held; NULL if nothing is queued or no send is free.
 */
static PUECHO_SEND UechoTakeRun(VOID)
{
	PWSK_DATAGRAM_INDICATION Ind, Last = NULL;
	PUECHO_SEND S;

	if (!Uecho.Backlog || IsListEmpty(&Uecho.FreeSends))
		return NULL;
	S = CONTAINING_RECORD(RemoveHeadList(&Uecho.FreeSends), UECHO_SEND, Link);
	S->Run = Uecho.Backlog;
	S->Count = 0;
	S->Bytes = 0;
	for (Ind = Uecho.Backlog; Ind && S->Count < UECHO_RUN &&
	     UechoSamePeer(Ind->RemoteAddress, S->Run->RemoteAddress); Ind = Ind->Next) {
		S->Buffers[S->Count].Buffer = Ind->Buffer;
		S->Buffers[S->Count].Next = NULL;
		if (S->Count)
			S->Buffers[S->Count - 1].Next = &S->Buffers[S->Count];
		S->Bytes += (ULONG)Ind->Buffer.Length;
		S->Count++;
		Last = Ind;
	}
	Uecho.Backlog = Ind;
	if (!Ind)
		Uecho.BacklogTail = &Uecho.Backlog;
	Last->Next = NULL;
	Uecho.Queued -= S->Count;
	return S;
}

/*
 * Send back what the backlog holds while sends are free. Any context,
 * never waits. One thread at a time issues sends: a completion (inline, or
 * on another CPU) that finds one running returns; the running thread
 * picks up the send it freed.
 */
static VOID UechoRun(VOID)
{
	const WSK_PROVIDER_DATAGRAM_DISPATCH *Dispatch = Uecho.Socket->Dispatch;
	PUECHO_SEND S;
	KIRQL Irql;

	KeAcquireSpinLock(&Uecho.Lock, &Irql);
	if (Uecho.Running) {
		KeReleaseSpinLock(&Uecho.Lock, Irql);
		return;
	}
	Uecho.Running = TRUE;
	while ((S = UechoTakeRun()) != NULL) {
		KeReleaseSpinLock(&Uecho.Lock, Irql);
		IoReuseIrp(S->Irp, STATUS_UNSUCCESSFUL);
		IoSetCompletionRoutine(S->Irp, UechoSendComplete, S, TRUE, TRUE, TRUE);
		/* The replies go where the requests came from. */
		Dispatch->WskSendMessages(Uecho.Socket, S->Buffers, 0, S->Run->RemoteAddress,
					  0, NULL, S->Irp);
		KeAcquireSpinLock(&Uecho.Lock, &Irql);
	}
	Uecho.Running = FALSE;
	KeReleaseSpinLock(&Uecho.Lock, Irql);
}

/* A run went back (or failed): give its datagrams back, send the next. */
static NTSTATUS UechoSendComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	const WSK_PROVIDER_DATAGRAM_DISPATCH *Dispatch = Uecho.Socket->Dispatch;
	NTSTATUS Status = Irp->IoStatus.Status;
	PUECHO_SEND S = Context;
	BOOLEAN Released;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(DeviceObject);
	/* WskSendMessages completes once every datagram went, or fails. */
	if (NT_SUCCESS(Status) && Irp->IoStatus.Information != S->Bytes)
		Status = STATUS_UNSUCCESSFUL;
	Dispatch->WskRelease(Uecho.Socket, S->Run);
	KeAcquireSpinLock(&Uecho.Lock, &Irql);
	if (NT_SUCCESS(Status)) {
		Uecho.Datagrams += S->Count;
		Uecho.Bytes += S->Bytes;
	} else {
		Uecho.SendFailures++;
		Uecho.LastFailure = Status;
	}
	Uecho.Kept -= S->Count;
	Released = Uecho.Stopping && !Uecho.Kept;
	InsertTailList(&Uecho.FreeSends, &S->Link);
	KeReleaseSpinLock(&Uecho.Lock, Irql);
	if (Released)
		KeSetEvent(&Uecho.AllReleased, IO_NO_INCREMENT, FALSE);
	else
		UechoRun();
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/*
 * The event, at DISPATCH_LEVEL: keep the chain and queue its datagrams to
 * be sent back. Their buffers and addresses stay valid until WskRelease.
 */
static NTSTATUS UechoReceiveFromEvent(PVOID SocketContext, ULONG Flags,
				      PWSK_DATAGRAM_INDICATION DataIndication)
{
	PWSK_DATAGRAM_INDICATION Ind, Last = NULL;
	ULONG Count = 0;
	KIRQL Irql;

	UNREFERENCED_PARAMETER(SocketContext);
	UNREFERENCED_PARAMETER(Flags);
	if (!DataIndication) {
		pr_err("the socket on port %u no longer works\n", port);
		return STATUS_SUCCESS;
	}
	for (Ind = DataIndication; Ind; Ind = Ind->Next) {
		Count++;
		Last = Ind;
	}
	KeAcquireSpinLock(&Uecho.Lock, &Irql);
	if (Uecho.Stopping || Uecho.Queued + Count > UECHO_BACKLOG) {
		if (!Uecho.Stopping)
			Uecho.Dropped += Count;
		KeReleaseSpinLock(&Uecho.Lock, Irql);
		return STATUS_SUCCESS;	/* the provider frees them */
	}
	*Uecho.BacklogTail = DataIndication;
	Uecho.BacklogTail = &Last->Next;
	Uecho.Queued += Count;
	Uecho.Kept += Count;
	KeReleaseSpinLock(&Uecho.Lock, Irql);
	UechoRun();
	return STATUS_PENDING;
}

/*
 * Module init and exit.
 */

/* Stop taking datagrams, wait until every one kept is given back, close. */
static VOID UechoStop(VOID)
{
	const WSK_PROVIDER_BASIC_DISPATCH *Dispatch;
	BOOLEAN Wait;
	NTSTATUS Status;
	KEVENT Event;
	KIRQL Irql;

	if (!Uecho.Socket)
		return;
	KeAcquireSpinLock(&Uecho.Lock, &Irql);
	Uecho.Stopping = TRUE;
	Wait = Uecho.Kept != 0;
	KeReleaseSpinLock(&Uecho.Lock, Irql);
	/* Every datagram kept is in a send or will be: each send completes. */
	if (Wait)
		KeWaitForSingleObject(&Uecho.AllReleased, Executive, KernelMode, FALSE, NULL);
	/* No event runs once this close has completed. */
	Dispatch = Uecho.Socket->Dispatch;
	Status = UechoWait(Dispatch->WskCloseSocket(Uecho.Socket, UechoSyncIrp(&Event)), &Event);
	if (!NT_SUCCESS(Status))
		pr_err("WskCloseSocket failed: 0x%08x\n", Status);
	Uecho.Socket = NULL;
}

static VOID UechoCleanup(VOID)
{
	ULONG i;

	for (i = 0; i < UECHO_SENDS; i++)
		if (Uecho.Sends[i].Irp)
			IoFreeIrp(Uecho.Sends[i].Irp);
	if (Uecho.Irp)
		IoFreeIrp(Uecho.Irp);
	if (Uecho.NpiCaptured)
		WskReleaseProviderNPI(&Uecho.Registration);
	/* Waits until every socket of this client is closed. */
	WskDeregister(&Uecho.Registration);
}

static int __init UechoInit(void)
{
	WSK_CLIENT_NPI ClientNpi = { NULL, &UechoClientDispatch };
	WSK_EVENT_CALLBACK_CONTROL Control = { &NPI_WSK_INTERFACE_ID, WSK_EVENT_RECEIVE_FROM };
	const WSK_PROVIDER_DATAGRAM_DISPATCH *Dispatch;
	SOCKADDR_IN6 Address = { 0 };
	ULONG Zero = 0, Buffer = 1024 * 1024, i;
	NTSTATUS Status;
	KEVENT Event;

	KeInitializeSpinLock(&Uecho.Lock);
	InitializeListHead(&Uecho.FreeSends);
	Uecho.BacklogTail = &Uecho.Backlog;
	KeInitializeEvent(&Uecho.AllReleased, NotificationEvent, FALSE);

	Status = WskRegister(&ClientNpi, &Uecho.Registration);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskRegister failed: 0x%08x\n", Status);
		return -EIO;
	}
	Status = WskCaptureProviderNPI(&Uecho.Registration, WSK_INFINITE_WAIT, &Uecho.Npi);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskCaptureProviderNPI failed: 0x%08x\n", Status);
		goto fail;
	}
	Uecho.NpiCaptured = TRUE;
	Status = STATUS_INSUFFICIENT_RESOURCES;
	Uecho.Irp = IoAllocateIrp(1, FALSE);
	if (!Uecho.Irp)
		goto fail;
	for (i = 0; i < UECHO_SENDS; i++) {
		Uecho.Sends[i].Irp = IoAllocateIrp(1, FALSE);
		if (!Uecho.Sends[i].Irp)
			goto fail;
		InsertTailList(&Uecho.FreeSends, &Uecho.Sends[i].Link);
	}

	Status = Uecho.Npi.Dispatch->WskSocket(Uecho.Npi.Client, AF_INET6, SOCK_DGRAM,
					       IPPROTO_UDP, WSK_FLAG_DATAGRAM_SOCKET, &Uecho,
					       &UechoDatagramDispatch, NULL, NULL, NULL,
					       UechoSyncIrp(&Event));
	Status = UechoWait(Status, &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskSocket failed: 0x%08x\n", Status);
		goto fail;
	}
	Uecho.Socket = (PWSK_SOCKET)Uecho.Irp->IoStatus.Information;
	Dispatch = Uecho.Socket->Dispatch;

	/* AF_INET6 sockets start IPv6-only, as on Windows: dual stack before binding. */
	Status = UechoSetOption(IPPROTO_IPV6, IPV6_V6ONLY, &Zero, "IPV6_V6ONLY");
	if (!NT_SUCCESS(Status))
		goto fail;
	/* Room for bursts while the echoes go out (Linux caps it at 2 x rmem_max). */
	Status = UechoSetOption(SOL_SOCKET, SO_RCVBUF, &Buffer, "SO_RCVBUF");
	if (!NT_SUCCESS(Status))
		goto fail;
	Address.sin6_family = AF_INET6;
	Address.sin6_port = htons(port);
	Status = Dispatch->WskBind(Uecho.Socket, (PSOCKADDR)&Address, 0, UechoSyncIrp(&Event));
	Status = UechoWait(Status, &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskBind([::]:%u) failed: 0x%08x\n", port, Status);
		goto fail;
	}
	Status = Dispatch->WskControlSocket(Uecho.Socket, WskSetOption, SO_WSK_EVENT_CALLBACK,
					    SOL_SOCKET, sizeof(Control), &Control, 0, NULL, NULL,
					    NULL);
	if (!NT_SUCCESS(Status)) {
		pr_err("SO_WSK_EVENT_CALLBACK failed: 0x%08x\n", Status);
		goto fail;
	}

	pr_info("listening on UDP [::]:%u (dual stack)\n", port);
	return 0;

fail:
	UechoStop();
	UechoCleanup();
	return Status == STATUS_ADDRESS_ALREADY_ASSOCIATED ? -EADDRINUSE : -EIO;
}

static void __exit UechoExit(void)
{
	UechoStop();
	UechoCleanup();
	pr_info("stopped, %llu datagrams and %llu bytes echoed, %llu dropped, %u sends failed\n",
		Uecho.Datagrams, Uecho.Bytes, Uecho.Dropped, Uecho.SendFailures);
	if (Uecho.SendFailures)
		pr_warn("the last failed send: 0x%08x\n", Uecho.LastFailure);
}

module_init(UechoInit);
module_exit(UechoExit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk sample server: a dual-stack UDP echo server on WskReceiveFromEvent");
WSK_IMPORT_NS();
