/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver object, its routines and the I/O control code layout, as a
 * ported driver's DriverEntry and unload routine use them. On Linux the
 * module's init calls DriverEntry with a DRIVER_OBJECT wsk_linux.h's
 * WSK_DRIVER_MODULE() provides, and its exit calls DriverUnload.
 */
#ifndef _WSK_NT_DRIVER_H
#define _WSK_NT_DRIVER_H

#include "../ntdef.h"

struct _IRP;

typedef NTSTATUS DRIVER_INITIALIZE(struct _DRIVER_OBJECT *DriverObject,
				   PUNICODE_STRING RegistryPath);
typedef NTSTATUS
(*PDRIVER_INITIALIZE)(struct _DRIVER_OBJECT *DriverObject, PUNICODE_STRING RegistryPath);
typedef VOID DRIVER_UNLOAD(struct _DRIVER_OBJECT *DriverObject);
typedef VOID
(*PDRIVER_UNLOAD)(struct _DRIVER_OBJECT *DriverObject);
typedef NTSTATUS DRIVER_DISPATCH(struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp);
typedef NTSTATUS
(*PDRIVER_DISPATCH)(struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp);

#define IRP_MJ_CREATE			0x00
#define IRP_MJ_CLOSE			0x02
#define IRP_MJ_READ			0x03
#define IRP_MJ_WRITE			0x04
#define IRP_MJ_DEVICE_CONTROL		0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL	0x0f
#define IRP_MJ_SHUTDOWN			0x10
#define IRP_MJ_CLEANUP			0x12
#define IRP_MJ_PNP			0x1b
#define IRP_MJ_MAXIMUM_FUNCTION		0x1b

/* A ported driver's entry point, declared as drivers declare it. */
DRIVER_INITIALIZE DriverEntry;

#define DO_BUFFERED_IO		0x00000004
#define DO_EXCLUSIVE		0x00000008
#define DO_DIRECT_IO		0x00000010
#define DO_DEVICE_INITIALIZING	0x00000080

/*
 * A device object: IoCreateDevice() makes one with its extension. Linux
 * has no object namespace for it: its name and symbolic links are
 * accepted and ignored, and nothing outside the module opens it.
 */
struct _DEVICE_OBJECT {
	CSHORT Type;
	USHORT Size;
	LONG ReferenceCount;
	struct _DRIVER_OBJECT *DriverObject;
	struct _DEVICE_OBJECT *NextDevice;
	struct _DEVICE_OBJECT *AttachedDevice;
	struct _IRP *CurrentIrp;
	PVOID Timer;
	ULONG Flags;
	ULONG Characteristics;
	PVOID Vpb;
	PVOID DeviceExtension;
	ULONG DeviceType;
	CCHAR StackSize;
};

NTSTATUS IoCreateDevice(struct _DRIVER_OBJECT *DriverObject, ULONG DeviceExtensionSize,
			PUNICODE_STRING DeviceName, ULONG DeviceType,
			ULONG DeviceCharacteristics, BOOLEAN Exclusive,
			PDEVICE_OBJECT *DeviceObject);
VOID IoDeleteDevice(PDEVICE_OBJECT DeviceObject);
NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName);
NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName);

/* The WDK's members, in its order; wsk only fills DriverUnload's slot. */
struct _DRIVER_OBJECT {
	CSHORT Type;
	CSHORT Size;
	PDEVICE_OBJECT DeviceObject;
	ULONG Flags;
	PVOID DriverStart;
	ULONG DriverSize;
	PVOID DriverSection;
	PVOID DriverExtension;
	UNICODE_STRING DriverName;
	PUNICODE_STRING HardwareDatabase;
	PVOID FastIoDispatch;
	PDRIVER_INITIALIZE DriverInit;
	PVOID DriverStartIo;
	PDRIVER_UNLOAD DriverUnload;
	PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
};

/* I/O control codes (devioctl.h) */
typedef ULONG DEVICE_TYPE;

#define CTL_CODE(DeviceType, Function, Method, Access) \
	(((DeviceType) << 16) | ((Access) << 14) | ((Function) << 2) | (Method))
#define DEVICE_TYPE_FROM_CTL_CODE(ctrlCode)	(((ULONG)(ctrlCode) & 0xffff0000) >> 16)
#define METHOD_FROM_CTL_CODE(ctrlCode)		((ULONG)((ctrlCode) & 3))

#define METHOD_BUFFERED		0
#define METHOD_IN_DIRECT	1
#define METHOD_OUT_DIRECT	2
#define METHOD_NEITHER		3

#define FILE_ANY_ACCESS		0
#define FILE_READ_ACCESS	0x0001
#define FILE_WRITE_ACCESS	0x0002

#define FILE_DEVICE_NETWORK		0x00000012
#define FILE_DEVICE_UNKNOWN		0x00000022
#define FILE_DEVICE_BUS_EXTENDER	0x0000002a
#define FILE_DEVICE_SECURE_OPEN		0x00000100

/* Device property keys (devpropdef.h) */
typedef GUID DEVPROPGUID;
typedef ULONG DEVPROPID;

typedef struct _DEVPROPKEY {
	DEVPROPGUID fmtid;
	DEVPROPID pid;
} DEVPROPKEY;

#define DEFINE_DEVPROPKEY(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8, pid)	\
	static const struct _DEVPROPKEY name __maybe_unused =			\
		{ { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }, pid }

#endif /* _WSK_NT_DRIVER_H */
