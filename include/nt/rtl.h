/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run-time library helpers WSK clients use: memory, byte order, interlocked
 * operations and spin locks.
 */
#ifndef _WSK_NT_RTL_H
#define _WSK_NT_RTL_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/swab.h>
#include "../ntdef.h"
#include "kevent.h"

#define RtlZeroMemory(Destination, Length)	memset((Destination), 0, (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlEqualMemory(Destination, Source, Length) \
	(!memcmp((Destination), (Source), (Length)))

/*
 * Point @DestinationString at @SourceString, a NUL-terminated WCHAR
 * string (L"..." needs -fshort-wchar in the client's Kbuild: Linux's
 * wchar_t is 32 bits), without copying. NULL gives an empty string.
 */
static inline void RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
	size_t n = 0;

	if (SourceString)
		while (SourceString[n] && n < 0x7ffe)
			n++;
	DestinationString->Buffer = (PWCH)SourceString;
	DestinationString->Length = n * sizeof(WCHAR);
	DestinationString->MaximumLength = SourceString ? (n + 1) * sizeof(WCHAR) : 0;
}

static inline USHORT RtlUshortByteSwap(USHORT Source)
{
	return swab16(Source);
}

static inline ULONG RtlUlongByteSwap(ULONG Source)
{
	return swab32(Source);
}

static inline ULONGLONG RtlUlonglongByteSwap(ULONGLONG Source)
{
	return swab64(Source);
}

/*
 * LONG has atomic_t's layout; the Interlocked family works on either. The
 * parameters are volatile as on Windows (spelled __volatile__ here).
 */
static inline LONG InterlockedIncrement(__volatile__ LONG *Addend)
{
	return atomic_inc_return((atomic_t *)Addend);
}

static inline LONG InterlockedDecrement(__volatile__ LONG *Addend)
{
	return atomic_dec_return((atomic_t *)Addend);
}

static inline LONG InterlockedExchangeAdd(__volatile__ LONG *Addend, LONG Value)
{
	return atomic_fetch_add(Value, (atomic_t *)Addend);
}

static inline LONG InterlockedExchange(__volatile__ LONG *Target, LONG Value)
{
	return atomic_xchg((atomic_t *)Target, Value);
}

static inline LONG InterlockedCompareExchange(__volatile__ LONG *Destination, LONG Exchange,
					      LONG Comparand)
{
	return atomic_cmpxchg((atomic_t *)Destination, Comparand, Exchange);
}

static inline PVOID InterlockedExchangePointer(__volatile__ PVOID *Target, PVOID Value)
{
	return xchg(Target, Value);
}

static inline PVOID InterlockedCompareExchangePointer(__volatile__ PVOID *Destination,
						      PVOID Exchange, PVOID Comparand)
{
	return cmpxchg(Destination, Comparand, Exchange);
}

/*
 * Spin locks. A KSPIN_LOCK is a Linux spinlock_t; acquiring one disables
 * bottom halves, the Linux counterpart of raising the IRQL to DISPATCH_LEVEL.
 * All KSPIN_LOCKs share one lockdep class.
 */
static inline void KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
	spin_lock_init(SpinLock);
}

static inline void KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql)
{
	*OldIrql = KeGetCurrentIrql();
	spin_lock_bh(SpinLock);
}

static inline void KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
	spin_unlock_bh(SpinLock);
}

static inline void KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
	spin_lock(SpinLock);
}

static inline void KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
	spin_unlock(SpinLock);
}

#endif /* _WSK_NT_RTL_H */
