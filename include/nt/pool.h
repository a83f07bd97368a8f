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

/* Executive pool priorities, ignored. */
typedef enum _EX_POOL_PRIORITY {
	LowPoolPriority,
	NormalPoolPriority = 16,
	HighPoolPriority = 32,
} EX_POOL_PRIORITY;

/* ExInitializeDriverRuntime's flag: non-paged pool is never executable here. */
#define DrvRtPoolNxOptIn	0x00000001

static inline gfp_t wsk_pool_gfp(POOL_TYPE PoolType)
{
	return PoolType == PagedPool ? GFP_KERNEL : GFP_ATOMIC;
}

static inline void ExInitializeDriverRuntime(ULONG RuntimeFlags)
{
}

static inline PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
					  ULONG Tag)
{
	return kmalloc(NumberOfBytes, wsk_pool_gfp(PoolType));
}

static inline PVOID ExAllocatePoolWithTagPriority(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
						  ULONG Tag, EX_POOL_PRIORITY Priority)
{
	return kmalloc(NumberOfBytes, wsk_pool_gfp(PoolType));
}

/* Deprecated in the WDK: uninitialized, untagged. */
static inline PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
	return kmalloc(NumberOfBytes, wsk_pool_gfp(PoolType));
}

static inline PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	return kzalloc(NumberOfBytes, wsk_pool_gfp(PoolType));
}

static inline PVOID ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
						ULONG Tag)
{
	return kmalloc(NumberOfBytes, wsk_pool_gfp(PoolType));
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
