/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LIST_ENTRY, the Windows doubly linked list, and its inline helpers.
 */
#ifndef _WSK_NT_LIST_H
#define _WSK_NT_LIST_H

#include "../ntdef.h"

typedef struct _LIST_ENTRY {
	struct _LIST_ENTRY *Flink;
	struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

static inline void InitializeListHead(PLIST_ENTRY ListHead)
{
	ListHead->Flink = ListHead;
	ListHead->Blink = ListHead;
}

static inline BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
	return ListHead->Flink == ListHead;
}

static inline BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
	PLIST_ENTRY flink = Entry->Flink;
	PLIST_ENTRY blink = Entry->Blink;

	blink->Flink = flink;
	flink->Blink = blink;
	return flink == blink;
}

static inline PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
	PLIST_ENTRY entry = ListHead->Flink;

	RemoveEntryList(entry);
	return entry;
}

static inline PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead)
{
	PLIST_ENTRY entry = ListHead->Blink;

	RemoveEntryList(entry);
	return entry;
}

static inline void InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
	PLIST_ENTRY blink = ListHead->Blink;

	Entry->Flink = ListHead;
	Entry->Blink = blink;
	blink->Flink = Entry;
	ListHead->Blink = Entry;
}

static inline void InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
	PLIST_ENTRY flink = ListHead->Flink;

	Entry->Flink = flink;
	Entry->Blink = ListHead;
	flink->Blink = Entry;
	ListHead->Flink = Entry;
}

#endif /* _WSK_NT_LIST_H */
