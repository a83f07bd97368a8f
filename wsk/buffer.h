/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_BUFFER_H
#define _WSK_BUFFER_H

#include <linux/uio.h>
#include <wsk.h>

NTSTATUS wsk_buf_check(const struct _WSK_BUF *buf);
/*
 * The Process of an MDL wsk built over the pages of a received skb, which
 * WskSend may lend to TCP rather than copy (no client MDL has it).
 */
extern char wsk_mdl_lent;
#define WSK_MDL_LENT	((struct _EPROCESS *)&wsk_mdl_lent)

void wsk_mdl_over_direct(PMDL mdl, void *va, ULONG len);
int wsk_buf_kvec(const struct _WSK_BUF *buf, size_t skip, struct kvec *vec, int max, size_t *len,
		 bool *lent);

#endif /* _WSK_BUFFER_H */
