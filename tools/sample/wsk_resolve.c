// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_resolve: resolve a host name as a Windows WSK client does, with
 * WskGetAddressInfo, print the answers and free them with
 * WskFreeAddressInfo. insmod wsk_resolve.ko name=HOST [service=PORT];
 * without a name it only registers and deregisters. Each answer prints as
 *   wsk_resolve: HOST: ADDRESS
 * and the outcome as
 *   wsk_resolve: HOST: status 0xSTATUS, N answers
 */
#include <linux/module.h>
#include <compat/compat.h>
#include <ntddk.h>
#include <wsk.h>

static char *name;
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "the host name to resolve (none: do nothing)");

static char *service = "445";
module_param(service, charp, 0444);
MODULE_PARM_DESC(service, "the service (port) to resolve with it");

static const WSK_CLIENT_DISPATCH ResolveClientDispatch = {
	MAKE_WSK_VERSION(1, 0), 0, NULL
};

static NTSTATUS ResolveComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
	KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* @s as a counted wide string in @buf, of @room characters. */
static void ResolveString(UNICODE_STRING *u, WCHAR *buf, size_t room, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < room; i++)
		buf[i] = s[i];
	buf[i] = 0;
	u->Buffer = buf;
	u->Length = i * sizeof(WCHAR);
	u->MaximumLength = room * sizeof(WCHAR);
}

static void ResolveName(PWSK_PROVIDER_NPI Npi)
{
	WCHAR node_buf[256], service_buf[32];
	UNICODE_STRING node, serv;
	PADDRINFOEXW result = NULL, ai;
	unsigned int count = 0;
	NTSTATUS Status;
	KEVENT Event;
	PIRP Irp;

	Irp = IoAllocateIrp(1, FALSE);
	if (!Irp)
		return;
	ResolveString(&node, node_buf, ARRAY_SIZE(node_buf), name);
	ResolveString(&serv, service_buf, ARRAY_SIZE(service_buf), service);
	KeInitializeEvent(&Event, SynchronizationEvent, FALSE);
	IoSetCompletionRoutine(Irp, ResolveComplete, &Event, TRUE, TRUE, TRUE);
	Status = Npi->Dispatch->WskGetAddressInfo(Npi->Client, &node, &serv, NS_ALL, NULL, NULL,
						  &result, NULL, NULL, Irp);
	if (Status == STATUS_PENDING) {
		KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
		Status = Irp->IoStatus.Status;
	}
	for (ai = NT_SUCCESS(Status) ? result : NULL; ai; ai = ai->ai_next, count++)
		pr_info("wsk_resolve: %s: %pISpc\n", name, ai->ai_addr);
	pr_info("wsk_resolve: %s: status 0x%08x, %u answers\n", name, Status, count);
	if (NT_SUCCESS(Status))
		Npi->Dispatch->WskFreeAddressInfo(Npi->Client, result);
	IoFreeIrp(Irp);
}

static WSK_REGISTRATION ResolveRegistration;

static int __init ResolveInit(void)
{
	WSK_CLIENT_NPI ClientNpi = { NULL, &ResolveClientDispatch };
	WSK_PROVIDER_NPI Npi;
	NTSTATUS Status;

	Status = WskRegister(&ClientNpi, &ResolveRegistration);
	if (!NT_SUCCESS(Status))
		return -EIO;
	Status = WskCaptureProviderNPI(&ResolveRegistration, WSK_INFINITE_WAIT, &Npi);
	if (NT_SUCCESS(Status)) {
		if (name)
			ResolveName(&Npi);
		WskReleaseProviderNPI(&ResolveRegistration);
	}
	WskDeregister(&ResolveRegistration);
	return 0;
}

static void __exit ResolveExit(void)
{
}

module_init(ResolveInit);
module_exit(ResolveExit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk sample: WskGetAddressInfo of a host name");
WSK_IMPORT_NS();
