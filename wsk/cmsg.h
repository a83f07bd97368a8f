/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_CMSG_H
#define _WSK_CMSG_H

#include <linux/types.h>

size_t wsk_cmsg_to_client(void *from, size_t len, void *to, size_t room, bool *trunc);
int wsk_cmsg_from_client(void *from, size_t len, void *to, size_t room);

#endif /* _WSK_CMSG_H */
