/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-only extensions of the WSK API.
 */
#ifndef _WSK_WSK_LINUX_H
#define _WSK_WSK_LINUX_H

#include "wsk.h"

/*
 * WskControlClient code: create this client's next sockets in another
 * network namespace. InputBuffer points to a struct net pointer, InputSize
 * is sizeof(struct net *), Irp must be NULL; the caller holds a reference
 * on the namespace during the call. wsk keeps none: when the namespace goes
 * away its sockets are forced closed (their calls fail with
 * STATUS_FILE_FORCED_CLOSED), and this client's WskSocket then completes
 * with STATUS_INVALID_DEVICE_STATE until it chooses another namespace.
 * The default is init_net.
 */
#define WSK_LINUX_SET_NET_NAMESPACE	0x80000001

#endif /* _WSK_WSK_LINUX_H */
