/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_NTDDK_H
#define _WSK_NTDDK_H

#include "wdm.h"

#endif /* _WSK_NTDDK_H */
