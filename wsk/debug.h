/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_DEBUG_H
#define _WSK_DEBUG_H

#include <linux/types.h>

#if IS_ENABLED(CONFIG_KUNIT)
bool wsk_dbg_format(const char *fmt, char *out, size_t room);
#endif

#endif /* _WSK_DEBUG_H */
