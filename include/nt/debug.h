/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Debug output and assertions. As in the WDK, ASSERT, NT_ASSERT and
 * KdPrint only do something in a debug build (DBG nonzero: define it in
 * the client's Kbuild); DbgPrint always prints, to the kernel log.
 * PAGED_CODE() is might_sleep(): a kernel built with
 * CONFIG_DEBUG_ATOMIC_SLEEP reports a caller in atomic context, as the
 * WDK's checked build asserts a caller above APC_LEVEL.
 */
#ifndef _WSK_NT_DEBUG_H
#define _WSK_NT_DEBUG_H

#include <linux/bug.h>
#include <linux/kernel.h>
#include "../ntdef.h"

#ifndef DBG
#define DBG 0
#endif

#define PAGED_CODE()		might_sleep()
#define PAGED_CODE_LOCKED()	do { } while (0)

#define ASSERT(e)		((void)(DBG ? WARN_ON_ONCE(!(e)) : 0))
#define ASSERTMSG(msg, e)	((void)(DBG ? WARN_ONCE(!(e), "%s\n", msg) : 0))
#define NT_ASSERT(e)		ASSERT(e)
/* NT_VERIFY evaluates @e in every build, and asserts it in a debug one. */
#define NT_VERIFY(e)		({ bool __wsk_v = !!(e); ASSERT(__wsk_v); __wsk_v; })

/* DbgPrintEx levels */
#define DPFLTR_ERROR_LEVEL	0
#define DPFLTR_WARNING_LEVEL	1
#define DPFLTR_TRACE_LEVEL	2
#define DPFLTR_INFO_LEVEL	3
#define DPFLTR_IHVNETWORK_ID	80
#define DPFLTR_IHVDRIVER_ID	77
#define DPFLTR_DEFAULT_ID	101

ULONG DbgPrint(PCSTR Format, ...);
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);

/* KdPrint((format, ...)): the arguments in their own parentheses, as in the WDK. */
#define KdPrint(args)		((void)(DBG ? DbgPrint args : 0))
#define KdPrintEx(args)		((void)(DBG ? DbgPrintEx args : 0))

#endif /* _WSK_NT_DEBUG_H */
