// SPDX-License-Identifier: GPL-2.0
/*
 * MDLs over kernel memory: kmalloc'd (direct map), vmalloc'd or stack
 * (vmalloc area) and module data. An MDL records its virtual address and the
 * page frame of each page it spans, so a WSK_BUF can later become a kvec or
 * bvec iov_iter without copying.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <compat/compat.h>
#include <wdm.h>
#include "buffer.h"

/**
 * IoAllocateMdl() - allocate an MDL describing a buffer
 * @VirtualAddress: start of the buffer
 * @Length: its length in bytes
 * @SecondaryBuffer: with @Irp, chain the MDL after Irp->MdlAddress instead of
 *	replacing it
 * @ChargeQuota: ignored
 * @Irp: optional IRP to attach the MDL to
 *
 * The page array is filled by MmBuildMdlForNonPagedPool() or
 * MmProbeAndLockPages().
 *
 * Context: any context; does not sleep.
 * Return: the MDL, or NULL when memory is short or @Length is too large.
 */
PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer,
		   BOOLEAN ChargeQuota, PIRP Irp)
{
	SIZE_T size = MmSizeOfMdl(VirtualAddress, Length);
	PMDL mdl, *tail;

	/* As on Windows, Size must fit 16 bits: about 32 MiB per MDL. */
	if (size > U16_MAX)
		return NULL;
	mdl = kmalloc(size, GFP_ATOMIC);
	if (!mdl)
		return NULL;
	MmInitializeMdl(mdl, VirtualAddress, Length);
	if (Irp) {
		if (SecondaryBuffer) {
			for (tail = &Irp->MdlAddress; *tail; tail = &(*tail)->Next)
				;
			*tail = mdl;
		} else {
			Irp->MdlAddress = mdl;
		}
	}
	return mdl;
}
EXPORT_SYMBOL_WSK(IoAllocateMdl);

/**
 * IoFreeMdl() - free an MDL from IoAllocateMdl()
 * @Mdl: the MDL; the memory it describes is not touched
 *
 * Context: any context; does not sleep.
 */
void IoFreeMdl(PMDL Mdl)
{
	kfree(Mdl);
}
EXPORT_SYMBOL_WSK(IoFreeMdl);

/*
 * The page array of an MDL over @n pages in the direct map (kmalloc,
 * pages), physically contiguous: its first page's number gives the others.
 */
static void mdl_fill_contiguous(PMDL mdl, ULONG n)
{
	PPFN_NUMBER pfn = MmGetMdlPfnArray(mdl);
	unsigned long first = page_to_pfn(virt_to_page(mdl->StartVa));
	ULONG i;

	for (i = 0; i < n; i++)
		pfn[i] = first + i;
}

/*
 * A buffer in the direct map is filled by mdl_fill_contiguous(). Anything
 * else (vmalloc, a vmapped stack) is looked up page by page.
 */
static void mdl_fill_pages(PMDL mdl)
{
	PPFN_NUMBER pfn = MmGetMdlPfnArray(mdl);
	ULONG n = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(mdl), mdl->ByteCount);
	char *va = mdl->StartVa;
	ULONG i;

	if (n && virt_addr_valid(va) && virt_addr_valid(va + (n - 1) * PAGE_SIZE)) {
		mdl_fill_contiguous(mdl, n);
	} else {
		for (i = 0; i < n; i++, va += PAGE_SIZE) {
			if (virt_addr_valid(va))
				pfn[i] = page_to_pfn(virt_to_page(va));
			else
				pfn[i] = vmalloc_to_pfn(va);
		}
	}
	mdl->MappedSystemVa = MmGetMdlVirtualAddress(mdl);
}

char wsk_mdl_lent;
EXPORT_SYMBOL_IF_KUNIT(wsk_mdl_lent);

/*
 * An MDL over memory in the direct map (a kmalloc'd object, a page or a
 * compound page's part), as MmBuildMdlForNonPagedPool() builds one,
 * without its checks: the memory is physically contiguous.
 */
void wsk_mdl_over_direct(PMDL mdl, void *va, ULONG len)
{
	MmInitializeMdl(mdl, va, len);
	mdl_fill_contiguous(mdl, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len));
	mdl->MappedSystemVa = va;
	mdl->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

/**
 * MmBuildMdlForNonPagedPool() - describe the pages of a kernel buffer
 * @MemoryDescriptorList: an MDL from IoAllocateMdl() over kmalloc'd,
 *	vmalloc'd, page or stack memory
 *
 * Context: any context; does not sleep.
 */
void MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
	mdl_fill_pages(MemoryDescriptorList);
	MemoryDescriptorList->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}
EXPORT_SYMBOL_WSK(MmBuildMdlForNonPagedPool);

/**
 * MmProbeAndLockPages() - describe and "lock" the pages of a kernel buffer
 * @MemoryDescriptorList: the MDL
 * @AccessMode: ignored; only kernel memory can be described
 * @Operation: ignored
 *
 * Kernel memory is always resident, so this only fills the page array and
 * marks the MDL mapped. Undo with MmUnlockPages().
 *
 * Context: any context; does not sleep.
 */
void MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
			 LOCK_OPERATION Operation)
{
	mdl_fill_pages(MemoryDescriptorList);
	MemoryDescriptorList->MdlFlags |= MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA;
}
EXPORT_SYMBOL_WSK(MmProbeAndLockPages);

/**
 * MmUnlockPages() - undo MmProbeAndLockPages()
 * @MemoryDescriptorList: the MDL
 *
 * Context: any context; does not sleep.
 */
void MmUnlockPages(PMDL MemoryDescriptorList)
{
	MemoryDescriptorList->MdlFlags &= ~(MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA);
}
EXPORT_SYMBOL_WSK(MmUnlockPages);
