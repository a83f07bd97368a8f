/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference wsk depends on, in one place.
 */
#ifndef _WSK_COMPAT_H
#define _WSK_COMPAT_H

#include <linux/version.h>
#include <linux/export.h>
#include <linux/module.h>

/* From 6.13 on, symbol namespaces are string literals. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define WSK_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, "WSK")
#define WSK_IMPORT_NS()		MODULE_IMPORT_NS("WSK")
#define WSK_IMPORT_KUNIT_NS()	MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define WSK_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, WSK)
#define WSK_IMPORT_NS()		MODULE_IMPORT_NS(WSK)
#define WSK_IMPORT_KUNIT_NS()	MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

#endif /* _WSK_COMPAT_H */
