/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sequenced singly linked lists (SLIST_HEADER), usable at any IRQL. The
 * entries are 16-byte aligned as on x64 Windows; the header keeps the
 * first entry's address with bit 0 as a bit spin lock, taken with
 * interrupts off, so push, pop and flush are atomic against each other
 * from any context, as InterlockedPopEntrySList is on Windows.
 */
#ifndef _WSK_NT_SLIST_H
#define _WSK_NT_SLIST_H

#include <linux/bit_spinlock.h>
#include <linux/irqflags.h>
#include "../ntdef.h"

typedef struct __aligned(16) _SLIST_ENTRY {
	struct _SLIST_ENTRY *Next;
} SLIST_ENTRY, *PSLIST_ENTRY;

typedef union __aligned(16) _SLIST_HEADER {
	struct {
		ULONGLONG Alignment;
		ULONGLONG Region;
	};
	struct {
		unsigned long first;	/* PSLIST_ENTRY, bit 0 the lock */
		USHORT depth;
		USHORT sequence;
	} wsk;
} SLIST_HEADER, *PSLIST_HEADER;

static inline void InitializeSListHead(PSLIST_HEADER SListHead)
{
	SListHead->Alignment = 0;
	SListHead->Region = 0;
}

static inline unsigned long wsk_slist_lock(PSLIST_HEADER h)
{
	unsigned long flags;

	local_irq_save(flags);
	bit_spin_lock(0, &h->wsk.first);
	return flags;
}

/* Store the new first entry and release the lock. */
static inline void wsk_slist_unlock(PSLIST_HEADER h, PSLIST_ENTRY first, unsigned long flags)
{
	h->wsk.sequence++;
	WRITE_ONCE(h->wsk.first, (unsigned long)first | 1UL);
	bit_spin_unlock(0, &h->wsk.first);
	local_irq_restore(flags);
}

static inline PSLIST_ENTRY wsk_slist_first(PSLIST_HEADER h)
{
	return (PSLIST_ENTRY)(READ_ONCE(h->wsk.first) & ~1UL);
}

/* Push @ListEntry; returns the previous first entry, NULL if the list was empty. */
static inline PSLIST_ENTRY InterlockedPushEntrySList(PSLIST_HEADER ListHead,
						     PSLIST_ENTRY ListEntry)
{
	unsigned long flags = wsk_slist_lock(ListHead);
	PSLIST_ENTRY old = wsk_slist_first(ListHead);

	ListEntry->Next = old;
	ListHead->wsk.depth++;
	wsk_slist_unlock(ListHead, ListEntry, flags);
	return old;
}

/* Pop the first entry, or NULL. */
static inline PSLIST_ENTRY InterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
	unsigned long flags = wsk_slist_lock(ListHead);
	PSLIST_ENTRY e = wsk_slist_first(ListHead);

	if (e)
		ListHead->wsk.depth--;
	wsk_slist_unlock(ListHead, e ? e->Next : NULL, flags);
	return e;
}

/* Take the whole chain, most recently pushed first; the list is empty after. */
static inline PSLIST_ENTRY InterlockedFlushSList(PSLIST_HEADER ListHead)
{
	unsigned long flags = wsk_slist_lock(ListHead);
	PSLIST_ENTRY e = wsk_slist_first(ListHead);

	ListHead->wsk.depth = 0;
	wsk_slist_unlock(ListHead, NULL, flags);
	return e;
}

static inline USHORT QueryDepthSList(PSLIST_HEADER SListHead)
{
	return READ_ONCE(SListHead->wsk.depth);
}

#define FirstEntrySList(SListHead)	wsk_slist_first(SListHead)
/* The WDK's spin lock argument is not needed: the header has its own. */
#define ExInterlockedPushEntrySList(Head, Entry, Lock) \
	((void)(Lock), InterlockedPushEntrySList(Head, Entry))
#define ExInterlockedPopEntrySList(Head, Lock) \
	((void)(Lock), InterlockedPopEntrySList(Head))
#define ExInterlockedFlushSList(Head)			InterlockedFlushSList(Head)

#endif /* _WSK_NT_SLIST_H */
