/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_BUFFER_H
#define _WSK_BUFFER_H

#include <linux/uio.h>
#include <wsk.h>

NTSTATUS wsk_buf_check(const struct _WSK_BUF *buf);
void wsk_mdl_over_direct(PMDL mdl, void *va, ULONG len);
int wsk_buf_kvec(const struct _WSK_BUF *buf, size_t skip, struct kvec *vec, int max, size_t *len);

#endif /* _WSK_BUFFER_H */
