// SPDX-License-Identifier: GPL-2.0
/*
 * WSK_BUF: Length bytes from Offset into a chain of MDLs, handed to the
 * socket as kvecs over the MDLs' mapped addresses, without copying.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/overflow.h>
#include "buffer.h"

static void *mdl_address(PMDL mdl)
{
	return MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority);
}

/*
 * Check a WSK_BUF a client passed: the MDL may be NULL only for 0 bytes,
 * Offset lies in the first MDL, the chain holds Offset + Length bytes (a sum
 * that overflows is refused, not wrapped), and every MDL it uses describes
 * mapped memory (built or probed).
 * Windows bugchecks on the same mistakes; wsk fails the call.
 */
NTSTATUS wsk_buf_check(const WSK_BUF *buf)
{
	SIZE_T need, have = 0;
	PMDL mdl;

	if (!buf)
		return STATUS_INVALID_PARAMETER;
	if (!buf->Length)
		return STATUS_SUCCESS;
	if (!buf->Mdl || buf->Offset >= MmGetMdlByteCount(buf->Mdl) ||
	    check_add_overflow((SIZE_T)buf->Offset, buf->Length, &need))
		return STATUS_INVALID_PARAMETER;
	for (mdl = buf->Mdl; mdl && have < need; mdl = mdl->Next) {
		if (!mdl_address(mdl))
			return STATUS_INVALID_PARAMETER;
		have += MmGetMdlByteCount(mdl);
	}
	return have >= need ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/*
 * Fill up to @max kvecs with the bytes of @buf after the first @skip;
 * *@len receives their total, and *@lent (if not NULL) whether all of them
 * lie in MDLs over a received skb's pages (WSK_MDL_LENT). Returns the
 * number of kvecs.
 */
int wsk_buf_kvec(const WSK_BUF *buf, size_t skip, struct kvec *vec, int max, size_t *len,
		 bool *lent)
{
	size_t left = buf->Length - skip, pos = buf->Offset + skip, part;
	PMDL mdl = buf->Mdl;
	bool all = true;
	int n = 0;

	*len = 0;
	while (mdl && pos >= MmGetMdlByteCount(mdl)) {
		pos -= MmGetMdlByteCount(mdl);
		mdl = mdl->Next;
	}
	for (; mdl && left && n < max; mdl = mdl->Next, pos = 0) {
		part = min_t(size_t, left, MmGetMdlByteCount(mdl) - pos);
		vec[n].iov_base = (char *)mdl_address(mdl) + pos;
		vec[n].iov_len = part;
		all &= mdl->Process == WSK_MDL_LENT;
		n++;
		left -= part;
		*len += part;
	}
	if (lent)
		*lent = all;
	return n;
}
