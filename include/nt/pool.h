/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Executive pool allocation on kmalloc. Non-paged pool may be used at
 * DISPATCH_LEVEL, so it never sleeps; paged pool may.
 */
#ifndef _WSK_NT_POOL_H
#define _WSK_NT_POOL_H

#include <linux/slab.h>
#include "../ntdef.h"

typedef enum _POOL_TYPE {
	NonPagedPool,
	NonPagedPoolExecute = NonPagedPool,
	PagedPool,
	NonPagedPoolNx = 512,
} POOL_TYPE;

typedef ULONGLONG POOL_FLAGS;

#define POOL_FLAG_UNINITIALIZED	0x0000000000000002ULL
#define POOL_FLAG_NON_PAGED	0x0000000000000040ULL
#define POOL_FLAG_PAGED		0x0000000000000100ULL

static inline PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
					  ULONG Tag)
{
	return kmalloc(NumberOfBytes, PoolType == PagedPool ? GFP_KERNEL : GFP_ATOMIC);
}

static inline PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
	gfp_t gfp = (Flags & POOL_FLAG_PAGED) ? GFP_KERNEL : GFP_ATOMIC;

	if (!(Flags & POOL_FLAG_UNINITIALIZED))
		gfp |= __GFP_ZERO;
	return kmalloc(NumberOfBytes, gfp);
}

static inline void ExFreePoolWithTag(PVOID P, ULONG Tag)
{
	kfree(P);
}

static inline void ExFreePool(PVOID P)
{
	kfree(P);
}

#endif /* _WSK_NT_POOL_H */
