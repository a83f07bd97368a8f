/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory descriptor lists. An MDL describes a run of kernel memory: its
 * virtual address (when mapped) and, after the header, the page frame number
 * of each page it spans, as on Windows. A WSK_BUF points into a chain of them.
 */
#ifndef _WSK_NT_MDL_H
#define _WSK_NT_MDL_H

#include <linux/mm.h>
#include "../ntdef.h"

struct _IRP;

typedef struct _MDL {
	struct _MDL *Next;
	CSHORT Size;
	CSHORT MdlFlags;
	struct _EPROCESS *Process;
	PVOID MappedSystemVa;
	PVOID StartVa;
	ULONG ByteCount;
	ULONG ByteOffset;
} MDL, *PMDL;

#define MDL_MAPPED_TO_SYSTEM_VA		0x0001
#define MDL_PAGES_LOCKED		0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL	0x0004
#define MDL_ALLOCATED_FIXED_SIZE	0x0008
#define MDL_PARTIAL			0x0010

typedef enum _MM_PAGE_PRIORITY {
	LowPagePriority,
	NormalPagePriority = 16,
	HighPagePriority = 32,
} MM_PAGE_PRIORITY;

#define MdlMappingNoWrite	0x80000000
#define MdlMappingNoExecute	0x40000000

typedef enum _LOCK_OPERATION {
	IoReadAccess,
	IoWriteAccess,
	IoModifyAccess,
} LOCK_OPERATION;

/*
 * Windows' PAGE_ALIGN rounds down, Linux's rounds up; the kernel's macro
 * wins here, so MDL code uses NT_PAGE_ALIGN_DOWN.
 */
#define BYTE_OFFSET(Va)	((ULONG)((ULONG_PTR)(Va) & (PAGE_SIZE - 1)))
#define NT_PAGE_ALIGN_DOWN(Va)	((PVOID)((ULONG_PTR)(Va) & PAGE_MASK))
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size) \
	((ULONG)((BYTE_OFFSET(Va) + (SIZE_T)(Size) + PAGE_SIZE - 1) >> PAGE_SHIFT))

static inline ULONG MmGetMdlByteCount(const MDL *Mdl)
{
	return Mdl->ByteCount;
}

static inline ULONG MmGetMdlByteOffset(const MDL *Mdl)
{
	return Mdl->ByteOffset;
}

static inline PVOID MmGetMdlVirtualAddress(const MDL *Mdl)
{
	return (PCHAR)Mdl->StartVa + Mdl->ByteOffset;
}

static inline PPFN_NUMBER MmGetMdlPfnArray(PMDL Mdl)
{
	return (PPFN_NUMBER)(Mdl + 1);
}

static inline SIZE_T MmSizeOfMdl(PVOID Base, SIZE_T Length)
{
	return sizeof(MDL) +
	       ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length) * sizeof(PFN_NUMBER);
}

static inline void MmInitializeMdl(PMDL Mdl, PVOID BaseVa, SIZE_T Length)
{
	Mdl->Next = NULL;
	Mdl->Size = (CSHORT)MmSizeOfMdl(BaseVa, Length);
	Mdl->MdlFlags = 0;
	Mdl->Process = NULL;
	Mdl->MappedSystemVa = NULL;
	Mdl->StartVa = NT_PAGE_ALIGN_DOWN(BaseVa);
	Mdl->ByteOffset = BYTE_OFFSET(BaseVa);
	Mdl->ByteCount = (ULONG)Length;
}

/*
 * Every MDL built here describes kernel memory that is already mapped, so
 * the system address is the described address; NULL for an MDL whose pages
 * were never described (Windows' "Safe" variant returns NULL on failure).
 */
static inline PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority)
{
	if (!(Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)))
		return NULL;
	return Mdl->MappedSystemVa;
}

PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer,
		   BOOLEAN ChargeQuota, struct _IRP *Irp);
void IoFreeMdl(PMDL Mdl);
void MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList);
void MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
			 LOCK_OPERATION Operation);
void MmUnlockPages(PMDL MemoryDescriptorList);

#endif /* _WSK_NT_MDL_H */
