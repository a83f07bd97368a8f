/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_STATUS_H
#define _WSK_STATUS_H

#include <ntstatus.h>

NTSTATUS wsk_errno_to_status(int err);

#endif /* _WSK_STATUS_H */
