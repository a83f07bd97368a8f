/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Windows NT base types for WSK clients built as Linux kernel modules.
 *
 * Sizes follow the Windows LLP64 model (ULONG and LONG are 32 bits, pointers
 * and ULONG_PTR 64 bits), so structures keep their Windows layout.
 */
#ifndef _WSK_NTDEF_H
#define _WSK_NTDEF_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/spinlock_types.h>

#include "nt/sal.h"

#define IN
#define OUT
#define OPTIONAL
#define NTAPI
#define NTKERNELAPI
#define NTSYSAPI
#define WSKAPI
#define WSKCOUNTINGDRIVER

/*
 * Pointer types are spelled with the C types underneath, which are the
 * same types, so that checkpatch parses them.
 */
#define VOID void
#define CONST const
#define WINAPI
#define C_ASSERT(e)	_Static_assert(e, #e)
typedef void *PVOID;
typedef const void *PCVOID;
typedef char CHAR;
typedef char *PCHAR;
typedef const char *PCSTR;
typedef u8 UCHAR;
typedef u8 *PUCHAR;
typedef s16 SHORT;
typedef s16 CSHORT;
typedef u16 USHORT;
typedef u16 *PUSHORT;
typedef u16 WCHAR;
typedef u16 *PWCHAR;
typedef u16 *PWCH;
typedef u16 *PWSTR;
typedef const u16 *PCWSTR;
typedef s32 LONG;
typedef s32 *PLONG;
typedef u32 ULONG;
typedef u32 *PULONG;
typedef s64 LONGLONG;
typedef u64 ULONGLONG;
typedef s64 INT64;
typedef u64 UINT64;
typedef s64 LONG64;
typedef u64 ULONG64;
typedef u64 DWORD64;
typedef s32 INT32;
typedef u32 UINT32;
typedef u16 UINT16;
typedef u8 UINT8;
typedef int BOOL;
typedef s32 INT;
typedef u32 UINT;
typedef u32 DWORD;
typedef unsigned long ULONG_PTR;
typedef unsigned long *PULONG_PTR;
typedef long LONG_PTR;
typedef ULONG_PTR SIZE_T;
typedef unsigned long *PSIZE_T;
typedef LONG_PTR SSIZE_T;
typedef u8 BOOLEAN;
typedef u8 *PBOOLEAN;
typedef void *HANDLE;
typedef void **PHANDLE;
typedef LONG NTSTATUS;
typedef s32 *PNTSTATUS;
typedef UCHAR KIRQL;
typedef u8 *PKIRQL;
typedef CHAR CCHAR;
/* A Linux spin lock (see nt/rtl.h), not a ULONG_PTR: opaque to clients. */
typedef spinlock_t KSPIN_LOCK;
typedef spinlock_t *PKSPIN_LOCK;
typedef void *PSECURITY_DESCRIPTOR;
typedef ULONG_PTR PFN_NUMBER;
typedef unsigned long *PPFN_NUMBER;

#define TRUE 1
#define FALSE 0

typedef union _LARGE_INTEGER {
	struct {
		ULONG LowPart;
		LONG HighPart;
	};
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
	struct {
		ULONG LowPart;
		ULONG HighPart;
	};
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct _UNICODE_STRING {
	USHORT Length;
	USHORT MaximumLength;
	PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const struct _UNICODE_STRING *PCUNICODE_STRING;

typedef struct _GUID {
	ULONG Data1;
	USHORT Data2;
	USHORT Data3;
	UCHAR Data4[8];
} GUID, *PGUID;

/* Opaque kernel objects: clients only pass pointers to them around. */
typedef struct _EPROCESS *PEPROCESS;
typedef struct _ETHREAD *PETHREAD;
typedef struct _DEVICE_OBJECT DEVICE_OBJECT, *PDEVICE_OBJECT;
typedef struct _FILE_OBJECT FILE_OBJECT, *PFILE_OBJECT;
typedef struct _DRIVER_OBJECT DRIVER_OBJECT, *PDRIVER_OBJECT;

typedef enum _KPROCESSOR_MODE_ENUM {
	KernelMode,
	UserMode,
} MODE;
typedef CCHAR KPROCESSOR_MODE;

#define NT_SUCCESS(Status)	(((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status)	((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status)	((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status)	((((ULONG)(Status)) >> 30) == 3)

#define UNREFERENCED_PARAMETER(P)	((void)(P))
#define CONTAINING_RECORD(address, type, field) \
	((type *)((char *)(address) - offsetof(type, field)))

#endif /* _WSK_NTDEF_H */
