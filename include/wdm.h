/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of the WDK's wdm.h that WSK clients use: base types, status
 * codes, lists, events, IRPs, MDLs, pool allocation, SLISTs, system
 * threads, the driver object, debug output and SAL annotations.
 */
#ifndef _WSK_WDM_H
#define _WSK_WDM_H

#include "ntdef.h"
#include "ntstatus.h"
#include "nt/list.h"
#include "nt/kevent.h"
#include "nt/irp.h"
#include "nt/mdl.h"
#include "nt/pool.h"
#include "nt/rtl.h"
#include "nt/slist.h"
#include "nt/thread.h"
#include "nt/driver.h"
#include "nt/debug.h"

#endif /* _WSK_WDM_H */
