// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_listener: a WSK server, written as one is written for Windows.
 *
 * It listens on two IPv4 ports in the two ways WSK offers:
 * - stream_port (40007): a STREAM socket, WskBind then WskListen, with one
 *   WskAccept always pending; its completion routine re-posts it.
 * - event_port (40008): a LISTEN socket whose WskAcceptEvent callback gets
 *   each connection at DISPATCH_LEVEL.
 * Every accepted connection is logged and closed at once, asynchronously,
 * with an IRP of its own that its completion routine frees. Completion
 * routines and the accept event never wait; only module init and exit do,
 * on a KEVENT, in process context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/module.h>
#include <compat/compat.h>
#include <ntddk.h>
#include <wsk.h>

static ushort stream_port = 40007;
module_param(stream_port, ushort, 0444);
MODULE_PARM_DESC(stream_port, "port of the STREAM socket served with WskAccept");

static ushort event_port = 40008;
module_param(event_port, ushort, 0444);
MODULE_PARM_DESC(event_port, "port of the LISTEN socket served by WskAcceptEvent");

typedef struct _LISTENER {
	WSK_REGISTRATION Registration;
	WSK_PROVIDER_NPI Npi;
	BOOLEAN NpiCaptured;
	PIRP Irp;			/* init and exit's own requests, one at a time */
	PWSK_SOCKET StreamSocket;	/* WskListen, WskAccept */
	PWSK_SOCKET EventSocket;	/* WskAcceptEvent */

	/* The pending WskAccept, and the IRP that will close what it accepts. */
	PIRP AcceptIrp;
	PIRP AcceptCloseIrp;
	SOCKADDR_STORAGE AcceptRemote;
	KEVENT AcceptIdle;		/* set while no WskAccept is pending */
	BOOLEAN Stopping;		/* no new WskAccept from now on */

	/* Socket closes in flight, plus one until module exit. */
	atomic_t Closes;
	KEVENT ClosesDone;

	atomic_t StreamAccepted;
	atomic_t EventAccepted;
} LISTENER, *PLISTENER;

static LISTENER Listener;

static NTSTATUS ListenerAcceptEvent(PVOID SocketContext, ULONG Flags,
				    PSOCKADDR LocalAddress, PSOCKADDR RemoteAddress,
				    PWSK_SOCKET AcceptSocket, PVOID *AcceptSocketContext,
				    const WSK_CLIENT_CONNECTION_DISPATCH **AcceptSocketDispatch);

static const WSK_CLIENT_DISPATCH ListenerClientDispatch = {
	MAKE_WSK_VERSION(1, 0), 0, NULL
};

static const WSK_CLIENT_LISTEN_DISPATCH ListenerEventDispatch = {
	ListenerAcceptEvent, NULL, NULL
};

/*
 * Synchronous requests (module init and exit only).
 */

static NTSTATUS ListenerSyncComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
	KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Prepare Listener.Irp for a request that ListenerWait() waits for. */
static PIRP ListenerSyncIrp(PKEVENT Event)
{
	KeInitializeEvent(Event, SynchronizationEvent, FALSE);
	IoReuseIrp(Listener.Irp, STATUS_UNSUCCESSFUL);
	IoSetCompletionRoutine(Listener.Irp, ListenerSyncComplete, Event, TRUE, TRUE, TRUE);
	return Listener.Irp;
}

/* Wait for the request a WSK call returned Status for; its final status. */
static NTSTATUS ListenerWait(NTSTATUS Status, PKEVENT Event)
{
	if (Status == STATUS_PENDING) {
		KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
		Status = Listener.Irp->IoStatus.Status;
	}
	return Status;
}

static VOID ListenerCloseSync(PWSK_SOCKET Socket, const char *Name)
{
	const WSK_PROVIDER_BASIC_DISPATCH *Dispatch = Socket->Dispatch;
	NTSTATUS Status;
	KEVENT Event;

	Status = ListenerWait(Dispatch->WskCloseSocket(Socket, ListenerSyncIrp(&Event)), &Event);
	if (!NT_SUCCESS(Status))
		pr_err("WskCloseSocket(%s) failed: 0x%08x\n", Name, Status);
}

/* Create a TCP socket of kind Flags and bind it to 0.0.0.0:Port. */
static NTSTATUS ListenerOpen(ULONG Flags, const VOID *Dispatch, USHORT Port,
			     PWSK_SOCKET *Result, const char *Name)
{
	const WSK_PROVIDER_LISTEN_DISPATCH *Listen;
	SOCKADDR_IN Address = { 0 };
	PWSK_SOCKET Socket;
	NTSTATUS Status;
	ULONG One = 1;
	KEVENT Event;

	Status = Listener.Npi.Dispatch->WskSocket(Listener.Npi.Client, AF_INET, SOCK_STREAM,
						  IPPROTO_TCP, Flags, &Listener, Dispatch,
						  NULL, NULL, NULL, ListenerSyncIrp(&Event));
	Status = ListenerWait(Status, &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskSocket(%s) failed: 0x%08x\n", Name, Status);
		return Status;
	}
	Socket = (PWSK_SOCKET)Listener.Irp->IoStatus.Information;
	/* LISTEN and STREAM tables both start with Basic, then WskBind. */
	Listen = Socket->Dispatch;

	/*
	 * Linux (unlike Windows) refuses to bind a listener while connections
	 * on its port linger in TIME_WAIT, as every connection this module
	 * closes does: without SO_REUSEADDR, rmmod and insmod could not follow
	 * each other.
	 */
	Status = Listen->WskControlSocket(Socket, WskSetOption, SO_REUSEADDR, SOL_SOCKET,
					  sizeof(One), &One, 0, NULL, NULL,
					  ListenerSyncIrp(&Event));
	Status = ListenerWait(Status, &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("SO_REUSEADDR(%s) failed: 0x%08x\n", Name, Status);
		goto close;
	}

	Address.sin_family = AF_INET;
	Address.sin_port = htons(Port);
	Address.sin_addr.s_addr = htonl(INADDR_ANY);
	Status = Listen->WskBind(Socket, (PSOCKADDR)&Address, 0, ListenerSyncIrp(&Event));
	Status = ListenerWait(Status, &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskBind(%s, 0.0.0.0:%u) failed: 0x%08x\n", Name, Port, Status);
		goto close;
	}
	*Result = Socket;
	return STATUS_SUCCESS;

close:
	ListenerCloseSync(Socket, Name);
	return Status;
}

/*
 * Asynchronous closes of accepted sockets.
 */

static NTSTATUS ListenerCloseComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	PLISTENER L = Context;

	UNREFERENCED_PARAMETER(DeviceObject);
	if (!NT_SUCCESS(Irp->IoStatus.Status))
		pr_err("WskCloseSocket failed: 0x%08x\n", Irp->IoStatus.Status);
	IoFreeIrp(Irp);
	if (atomic_dec_and_test(&L->Closes))
		KeSetEvent(&L->ClosesDone, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Close Socket with Irp, from IoAllocateIrp; any context, never waits. */
static VOID ListenerCloseAsync(PLISTENER L, PWSK_SOCKET Socket, PIRP Irp)
{
	const WSK_PROVIDER_BASIC_DISPATCH *Dispatch = Socket->Dispatch;

	atomic_inc(&L->Closes);
	IoSetCompletionRoutine(Irp, ListenerCloseComplete, L, TRUE, TRUE, TRUE);
	Dispatch->WskCloseSocket(Socket, Irp);
}

/*
 * Port stream_port: WskAccept, kept pending.
 */

static NTSTATUS ListenerAcceptComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);

/*
 * Post the next WskAccept, or set AcceptIdle when the module is stopping
 * or no IRP is left to close what it would accept. Any context.
 */
static VOID ListenerPostAccept(PLISTENER L)
{
	const WSK_PROVIDER_STREAM_DISPATCH *Dispatch;

	if (!L->AcceptCloseIrp)
		L->AcceptCloseIrp = IoAllocateIrp(1, FALSE);
	if (READ_ONCE(L->Stopping) || !L->AcceptCloseIrp) {
		if (!L->AcceptCloseIrp)
			pr_err("out of memory: no more WskAccept on port %u\n", stream_port);
		KeSetEvent(&L->AcceptIdle, IO_NO_INCREMENT, FALSE);
		return;
	}
	KeClearEvent(&L->AcceptIdle);
	Dispatch = L->StreamSocket->Dispatch;
	IoReuseIrp(L->AcceptIrp, STATUS_UNSUCCESSFUL);
	IoSetCompletionRoutine(L->AcceptIrp, ListenerAcceptComplete, L, TRUE, TRUE, TRUE);
	/* Whatever it returns, the IRP completes: ListenerAcceptComplete. */
	Dispatch->WskAccept(L->StreamSocket, 0, NULL, NULL, NULL, (PSOCKADDR)&L->AcceptRemote,
			    L->AcceptIrp);
}

/* May run in atomic context: never waits, and re-posts from here. */
static NTSTATUS ListenerAcceptComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	NTSTATUS Status = Irp->IoStatus.Status;
	PLISTENER L = Context;
	PWSK_SOCKET Socket;
	PIRP CloseIrp;

	UNREFERENCED_PARAMETER(DeviceObject);
	if (!NT_SUCCESS(Status)) {
		/* STATUS_CANCELLED: the listener closed. Never re-post after an error. */
		if (Status != STATUS_CANCELLED)
			pr_err("WskAccept failed: 0x%08x\n", Status);
		KeSetEvent(&L->AcceptIdle, IO_NO_INCREMENT, FALSE);
		return STATUS_MORE_PROCESSING_REQUIRED;
	}
	Socket = (PWSK_SOCKET)Irp->IoStatus.Information;
	atomic_inc(&L->StreamAccepted);
	pr_info("stream accepted %pISpc\n", &L->AcceptRemote);
	CloseIrp = L->AcceptCloseIrp;
	L->AcceptCloseIrp = NULL;
	ListenerCloseAsync(L, Socket, CloseIrp);
	ListenerPostAccept(L);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/*
 * Port event_port: WskAcceptEvent, called at DISPATCH_LEVEL.
 */

static NTSTATUS ListenerAcceptEvent(PVOID SocketContext, ULONG Flags,
				    PSOCKADDR LocalAddress, PSOCKADDR RemoteAddress,
				    PWSK_SOCKET AcceptSocket, PVOID *AcceptSocketContext,
				    const WSK_CLIENT_CONNECTION_DISPATCH **AcceptSocketDispatch)
{
	PLISTENER L = SocketContext;
	PIRP Irp;

	UNREFERENCED_PARAMETER(Flags);
	UNREFERENCED_PARAMETER(LocalAddress);
	if (!AcceptSocket) {
		pr_err("the listener on port %u no longer works\n", event_port);
		return STATUS_SUCCESS;
	}
	/* Refused, the provider resets the connection. */
	Irp = IoAllocateIrp(1, FALSE);
	if (!Irp)
		return STATUS_REQUEST_NOT_ACCEPTED;
	atomic_inc(&L->EventAccepted);
	pr_info("event accepted %pISpc\n", RemoteAddress);
	*AcceptSocketContext = NULL;
	*AcceptSocketDispatch = NULL;
	ListenerCloseAsync(L, AcceptSocket, Irp);
	return STATUS_SUCCESS;
}

/*
 * Module init and exit.
 */

/* Close both listeners, then wait for every close. Process context. */
static VOID ListenerStop(VOID)
{
	WRITE_ONCE(Listener.Stopping, TRUE);
	if (Listener.StreamSocket) {
		/* Completes the pending WskAccept with STATUS_CANCELLED. */
		ListenerCloseSync(Listener.StreamSocket, "stream");
		Listener.StreamSocket = NULL;
	}
	KeWaitForSingleObject(&Listener.AcceptIdle, Executive, KernelMode, FALSE, NULL);
	if (Listener.EventSocket) {
		/* No accept event runs once this close has completed. */
		ListenerCloseSync(Listener.EventSocket, "event");
		Listener.EventSocket = NULL;
	}
	if (!atomic_dec_and_test(&Listener.Closes))
		KeWaitForSingleObject(&Listener.ClosesDone, Executive, KernelMode, FALSE, NULL);
}

static VOID ListenerCleanup(VOID)
{
	IoFreeIrp(Listener.AcceptCloseIrp);
	IoFreeIrp(Listener.AcceptIrp);
	IoFreeIrp(Listener.Irp);
	if (Listener.NpiCaptured)
		WskReleaseProviderNPI(&Listener.Registration);
	/* Waits until every socket of this client is closed. */
	WskDeregister(&Listener.Registration);
}

static int __init ListenerInit(void)
{
	WSK_CLIENT_NPI ClientNpi = { NULL, &ListenerClientDispatch };
	WSK_EVENT_CALLBACK_CONTROL Control = { &NPI_WSK_INTERFACE_ID, WSK_EVENT_ACCEPT };
	const WSK_PROVIDER_STREAM_DISPATCH *Stream;
	const WSK_PROVIDER_LISTEN_DISPATCH *Listen;
	NTSTATUS Status;
	KEVENT Event;

	KeInitializeEvent(&Listener.AcceptIdle, NotificationEvent, TRUE);
	KeInitializeEvent(&Listener.ClosesDone, NotificationEvent, FALSE);
	atomic_set(&Listener.Closes, 1);

	Status = WskRegister(&ClientNpi, &Listener.Registration);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskRegister failed: 0x%08x\n", Status);
		return -EIO;
	}
	Status = WskCaptureProviderNPI(&Listener.Registration, WSK_INFINITE_WAIT, &Listener.Npi);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskCaptureProviderNPI failed: 0x%08x\n", Status);
		goto fail;
	}
	Listener.NpiCaptured = TRUE;

	Status = STATUS_INSUFFICIENT_RESOURCES;
	Listener.Irp = IoAllocateIrp(1, FALSE);
	Listener.AcceptIrp = IoAllocateIrp(1, FALSE);
	Listener.AcceptCloseIrp = IoAllocateIrp(1, FALSE);
	if (!Listener.Irp || !Listener.AcceptIrp || !Listener.AcceptCloseIrp)
		goto fail;

	Status = ListenerOpen(WSK_FLAG_STREAM_SOCKET, NULL, stream_port,
			      &Listener.StreamSocket, "stream");
	if (!NT_SUCCESS(Status))
		goto fail;
	Stream = Listener.StreamSocket->Dispatch;
	Status = ListenerWait(Stream->WskListen(Listener.StreamSocket, ListenerSyncIrp(&Event)),
			      &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("WskListen failed: 0x%08x\n", Status);
		goto fail;
	}
	ListenerPostAccept(&Listener);

	/* A LISTEN socket listens as soon as it is bound. */
	Status = ListenerOpen(WSK_FLAG_LISTEN_SOCKET, &ListenerEventDispatch, event_port,
			      &Listener.EventSocket, "event");
	if (!NT_SUCCESS(Status))
		goto fail;
	Listen = Listener.EventSocket->Dispatch;
	Status = Listen->WskControlSocket(Listener.EventSocket, WskSetOption,
					  SO_WSK_EVENT_CALLBACK, SOL_SOCKET, sizeof(Control),
					  &Control, 0, NULL, NULL, NULL);
	if (!NT_SUCCESS(Status)) {
		pr_err("SO_WSK_EVENT_CALLBACK failed: 0x%08x\n", Status);
		goto fail;
	}

	pr_info("listening on %u (WskListen) and %u (accept event)\n", stream_port, event_port);
	return 0;

fail:
	ListenerStop();
	ListenerCleanup();
	return Status == STATUS_ADDRESS_ALREADY_ASSOCIATED ? -EADDRINUSE : -EIO;
}

static void __exit ListenerExit(void)
{
	int Stream, Event;

	ListenerStop();
	ListenerCleanup();
	Stream = atomic_read(&Listener.StreamAccepted);
	Event = atomic_read(&Listener.EventAccepted);
	pr_info("stopped, %d connections (%d WskAccept, %d accept event)\n",
		Stream + Event, Stream, Event);
}

module_init(ListenerInit);
module_exit(ListenerExit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk sample server: WskListen with WskAccept, and WskAcceptEvent");
WSK_IMPORT_NS();
