/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_CONTROL_H
#define _WSK_CONTROL_H

#include "queue.h"
#include "socket.h"

/* WskControlSocket's arguments, kept in the IRP for the socket's worker. */
struct wsk_control_args {
	ULONG code;
	ULONG level;
	u32 in_size;
	u32 out_size;
	void *in;
	void *out;
};

WSK_IRP_ARGS_FIT(struct wsk_control_args);

NTSTATUS wsk_control_set_int(struct wsk_sock *ws, int level, int code, int val);
NTSTATUS wsk_control_output(PIRP irp, const void *value, size_t size);
bool wsk_ioctl_known(ULONG code);
NTSTATUS wsk_ioctl_check(struct wsk_sock *ws, const struct wsk_control_args *a);
NTSTATUS wsk_ioctl_op(struct wsk_queue *q, PIRP irp);

#endif /* _WSK_CONTROL_H */
