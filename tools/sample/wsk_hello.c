// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_hello: the smallest WSK client, written as one is written for Windows.
 * It registers, captures the provider NPI, opens a listening socket and a
 * stream socket for IPv4 and IPv6, closes them and deregisters, waiting for
 * each IRP with a KEVENT set by its completion routine.
 */
#include <linux/module.h>
#include <compat/compat.h>
#include <ntddk.h>
#include <wsk.h>

static const WSK_CLIENT_DISPATCH HelloClientDispatch = {
	MAKE_WSK_VERSION(1, 0), 0, NULL
};

static WSK_REGISTRATION HelloRegistration;

static NTSTATUS HelloComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
	KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Wait for a WSK call that took Irp, and return its final status. */
static NTSTATUS HelloWait(NTSTATUS Status, PIRP Irp, PKEVENT Event)
{
	if (Status == STATUS_PENDING) {
		KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
		Status = Irp->IoStatus.Status;
	}
	return Status;
}

static NTSTATUS HelloOpenClose(PWSK_PROVIDER_NPI Npi, PIRP Irp, ADDRESS_FAMILY Family,
			       ULONG Kind, const char *Name)
{
	const WSK_PROVIDER_BASIC_DISPATCH *Basic;
	PWSK_SOCKET Socket;
	NTSTATUS Status;
	KEVENT Event;

	KeInitializeEvent(&Event, SynchronizationEvent, FALSE);
	IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
	IoSetCompletionRoutine(Irp, HelloComplete, &Event, TRUE, TRUE, TRUE);
	Status = Npi->Dispatch->WskSocket(Npi->Client, Family, SOCK_STREAM, IPPROTO_TCP, Kind,
					  NULL, NULL, NULL, NULL, NULL, Irp);
	Status = HelloWait(Status, Irp, &Event);
	if (!NT_SUCCESS(Status)) {
		pr_err("wsk_hello: WskSocket(%s) failed: 0x%08x\n", Name, Status);
		return Status;
	}
	Socket = (PWSK_SOCKET)Irp->IoStatus.Information;
	Basic = Socket->Dispatch;
	pr_info("wsk_hello: opened %s socket\n", Name);

	IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
	IoSetCompletionRoutine(Irp, HelloComplete, &Event, TRUE, TRUE, TRUE);
	Status = HelloWait(Basic->WskCloseSocket(Socket, Irp), Irp, &Event);
	pr_info("wsk_hello: closed %s socket: 0x%08x\n", Name, Status);
	return Status;
}

static int __init HelloInit(void)
{
	WSK_CLIENT_NPI ClientNpi = { NULL, &HelloClientDispatch };
	NTSTATUS Status = STATUS_INSUFFICIENT_RESOURCES;
	WSK_PROVIDER_NPI Npi;
	PIRP Irp;

	Status = WskRegister(&ClientNpi, &HelloRegistration);
	if (!NT_SUCCESS(Status)) {
		pr_err("wsk_hello: WskRegister failed: 0x%08x\n", Status);
		return -EIO;
	}
	Status = WskCaptureProviderNPI(&HelloRegistration, WSK_INFINITE_WAIT, &Npi);
	if (!NT_SUCCESS(Status)) {
		pr_err("wsk_hello: WskCaptureProviderNPI failed: 0x%08x\n", Status);
		WskDeregister(&HelloRegistration);
		return -EIO;
	}
	pr_info("wsk_hello: registered, provider WSK version %u.%u\n",
		WSK_MAJOR_VERSION(Npi.Dispatch->Version), WSK_MINOR_VERSION(Npi.Dispatch->Version));

	Irp = IoAllocateIrp(1, FALSE);
	if (Irp) {
		Status = HelloOpenClose(&Npi, Irp, AF_INET, WSK_FLAG_LISTEN_SOCKET, "IPv4 listen");
		if (NT_SUCCESS(Status))
			Status = HelloOpenClose(&Npi, Irp, AF_INET6, WSK_FLAG_STREAM_SOCKET,
						"IPv6 stream");
		IoFreeIrp(Irp);
	}
	WskReleaseProviderNPI(&HelloRegistration);
	WskDeregister(&HelloRegistration);
	if (NT_SUCCESS(Status))
		pr_info("wsk_hello: deregistered: PASS\n");
	else
		pr_err("wsk_hello: deregistered: FAIL (0x%08x)\n", Status);
	return 0;
}

static void __exit HelloExit(void)
{
}

module_init(HelloInit);
module_exit(HelloExit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk sample client: register, open and close sockets");
WSK_IMPORT_NS();
