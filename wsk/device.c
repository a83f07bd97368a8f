// SPDX-License-Identifier: GPL-2.0
/*
 * Device objects, as a ported DriverEntry creates them: memory with the
 * device extension, linked to the driver object. There is no object
 * namespace: names and symbolic links are accepted and ignored.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <compat/compat.h>
#include <wdm.h>

/**
 * IoCreateDevice() - create a device object and its extension
 * @DriverObject: the driver's object; the device is linked to it
 * @DeviceExtensionSize: bytes of zeroed extension (DeviceExtension)
 * @DeviceName: ignored
 * @DeviceType: kept in DeviceType
 * @DeviceCharacteristics: kept in Characteristics
 * @Exclusive: kept as DO_EXCLUSIVE
 * @DeviceObject: receives the device, DO_DEVICE_INITIALIZING set
 *
 * Context: process context; sleeps.
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize,
			PUNICODE_STRING DeviceName, ULONG DeviceType,
			ULONG DeviceCharacteristics, BOOLEAN Exclusive,
			PDEVICE_OBJECT *DeviceObject)
{
	PDEVICE_OBJECT d;

	might_sleep();
	if (!DriverObject || !DeviceObject)
		return STATUS_INVALID_PARAMETER;
	d = kzalloc(sizeof(*d) + DeviceExtensionSize, GFP_KERNEL);
	if (!d)
		return STATUS_INSUFFICIENT_RESOURCES;
	d->Type = 3;	/* IO_TYPE_DEVICE */
	d->Size = sizeof(*d) + DeviceExtensionSize;
	d->DriverObject = DriverObject;
	d->Flags = DO_DEVICE_INITIALIZING | (Exclusive ? DO_EXCLUSIVE : 0);
	d->Characteristics = DeviceCharacteristics;
	d->DeviceType = DeviceType;
	d->StackSize = 1;
	d->DeviceExtension = DeviceExtensionSize ? d + 1 : NULL;
	d->NextDevice = DriverObject->DeviceObject;
	DriverObject->DeviceObject = d;
	*DeviceObject = d;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(IoCreateDevice);

/**
 * IoDeleteDevice() - unlink a device from its driver and free it
 * @DeviceObject: a device IoCreateDevice() made
 *
 * Context: process context.
 */
void IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
	PDEVICE_OBJECT *p;

	if (!DeviceObject)
		return;
	for (p = &DeviceObject->DriverObject->DeviceObject; *p; p = &(*p)->NextDevice) {
		if (*p == DeviceObject) {
			*p = DeviceObject->NextDevice;
			break;
		}
	}
	kfree(DeviceObject);
}
EXPORT_SYMBOL_WSK(IoDeleteDevice);

/**
 * IoCreateSymbolicLink() - accept a symbolic link name, which Linux ignores
 * @SymbolicLinkName: ignored
 * @DeviceName: ignored
 *
 * Context: any context.
 * Return: STATUS_SUCCESS.
 */
NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName)
{
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(IoCreateSymbolicLink);

/**
 * IoDeleteSymbolicLink() - the counterpart of IoCreateSymbolicLink()
 * @SymbolicLinkName: ignored
 *
 * Context: any context.
 * Return: STATUS_SUCCESS.
 */
NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName)
{
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_WSK(IoDeleteSymbolicLink);
