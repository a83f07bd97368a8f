/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System threads and the object calls a driver makes on them:
 * PsCreateSystemThread runs the start routine on a kernel thread and gives
 * a handle; ObReferenceObjectByHandle turns it into a PETHREAD that
 * KeWaitForSingleObject waits on until the thread has ended; ZwClose and
 * ObDereferenceObject let go. A HANDLE here is the object's address.
 */
#ifndef _WSK_NT_THREAD_H
#define _WSK_NT_THREAD_H

#include "../ntdef.h"

typedef VOID KSTART_ROUTINE(PVOID StartContext);
typedef VOID
(*PKSTART_ROUTINE)(PVOID StartContext);

typedef ULONG ACCESS_MASK;

#define SYNCHRONIZE		0x00100000
#define STANDARD_RIGHTS_REQUIRED 0x000F0000
#define THREAD_ALL_ACCESS	(STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)

#define OBJ_INHERIT		0x00000002
#define OBJ_CASE_INSENSITIVE	0x00000040
#define OBJ_KERNEL_HANDLE	0x00000200

typedef struct _OBJECT_ATTRIBUTES {
	ULONG Length;
	HANDLE RootDirectory;
	PUNICODE_STRING ObjectName;
	ULONG Attributes;
	PVOID SecurityDescriptor;
	PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

/* A macro in the WDK; the same as a function. */
static inline void InitializeObjectAttributes(POBJECT_ATTRIBUTES p, PUNICODE_STRING n,
					      ULONG a, HANDLE r, PVOID s)
{
	p->Length = sizeof(OBJECT_ATTRIBUTES);
	p->RootDirectory = r;
	p->Attributes = a;
	p->ObjectName = n;
	p->SecurityDescriptor = s;
	p->SecurityQualityOfService = NULL;
}

typedef struct _CLIENT_ID {
	HANDLE UniqueProcess;
	HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef struct _OBJECT_TYPE *POBJECT_TYPE;
typedef struct _OBJECT_HANDLE_INFORMATION *POBJECT_HANDLE_INFORMATION;

extern POBJECT_TYPE *PsThreadType;

#define NtCurrentProcess()	((HANDLE)(LONG_PTR)(-1))

NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
			      POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
			      PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
			      PVOID StartContext);
NTSTATUS PsTerminateSystemThread(NTSTATUS ExitStatus);
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
				   POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
				   PVOID *Object, POBJECT_HANDLE_INFORMATION HandleInformation);
/* Drivers pass a PETHREAD * as the PVOID * (a warning on Windows): cast it. */
#define ObReferenceObjectByHandle(h, a, t, m, o, i) \
	ObReferenceObjectByHandle(h, a, t, m, (PVOID *)(o), i)
LONG_PTR ObfReferenceObject(PVOID Object);
LONG_PTR ObfDereferenceObject(PVOID Object);
#define ObReferenceObject(o)	ObfReferenceObject(o)
#define ObDereferenceObject(o)	ObfDereferenceObject(o)
NTSTATUS ZwClose(HANDLE Handle);

#endif /* _WSK_NT_THREAD_H */
