// SPDX-License-Identifier: GPL-2.0
/*
 * The one errno to NTSTATUS table. -EAGAIN and -EINPROGRESS mean "not yet"
 * and are handled by keeping the request pending; they never reach a client.
 *
 * Reviewed against what sock_create_kern(), kernel_bind(), kernel_listen(),
 * kernel_accept(), kernel_connect(), the send and receive paths, setsockopt
 * and the ICMP errors TCP reports (icmp_err_convert) return. What is left
 * for STATUS_UNSUCCESSFUL has no Windows counterpart a client could act on:
 * -EIO, -ENOSPC, -EPROTO (an ICMP parameter problem), -EEXIST and -EBUSY
 * from options.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/bug.h>
#include <kunit/visibility.h>
#include "status.h"

NTSTATUS wsk_errno_to_status(int err)
{
	switch (err) {
	case 0:
		return STATUS_SUCCESS;
	case -EADDRINUSE:
		return STATUS_ADDRESS_ALREADY_ASSOCIATED;
	case -EADDRNOTAVAIL:
	case -ENODEV:		/* an IPv6 scope or a device that does not exist */
		return STATUS_INVALID_ADDRESS_COMPONENT;
	case -ECONNREFUSED:
		return STATUS_CONNECTION_REFUSED;
	case -ECONNRESET:
	case -ENETRESET:
		return STATUS_CONNECTION_RESET;
	case -ECONNABORTED:
		return STATUS_CONNECTION_ABORTED;
	case -ENOTCONN:
	case -EALREADY:		/* a connect already under way */
		return STATUS_INVALID_DEVICE_STATE;
	case -EISCONN:
		return STATUS_CONNECTION_ACTIVE;
	case -EPIPE:
	case -ESHUTDOWN:
		return STATUS_CONNECTION_DISCONNECTED;
	case -ETIMEDOUT:
		return STATUS_IO_TIMEOUT;
	case -ENETUNREACH:
	case -ENETDOWN:
		return STATUS_NETWORK_UNREACHABLE;
	case -EHOSTUNREACH:
	case -ENONET:		/* an ICMP "host isolated" */
		return STATUS_HOST_UNREACHABLE;
	case -EHOSTDOWN:
		return STATUS_HOST_DOWN;
	case -EINVAL:
	case -EFAULT:
	case -EDESTADDRREQ:	/* a datagram with no address, and none fixed */
		return STATUS_INVALID_PARAMETER;
	case -EMSGSIZE:
		return STATUS_INVALID_BUFFER_SIZE;
	case -EOPNOTSUPP:
	case -EAFNOSUPPORT:
	case -EPROTONOSUPPORT:
	case -ESOCKTNOSUPPORT:
	case -EPROTOTYPE:
	case -ENOPROTOOPT:
	case -ENOTSUPP:		/* the kernel's internal "not supported" */
		return STATUS_NOT_SUPPORTED;
	case -EACCES:
	case -EPERM:
		return STATUS_ACCESS_DENIED;
	case -ENOMEM:
	case -ENOBUFS:
	case -ENFILE:		/* no memory for another struct socket */
	case -EMFILE:
		return STATUS_INSUFFICIENT_RESOURCES;
	case -EBADF:
	case -ENOTSOCK:
		return STATUS_INVALID_HANDLE;
	case -ECANCELED:
	case -EINTR:
		return STATUS_CANCELLED;
	case -ENOENT:
		return STATUS_NOT_FOUND;
	case -EAGAIN:
	case -EINPROGRESS:
		/* A caller forgot to keep the request pending. */
		WARN_ONCE(1, "wsk: errno %d must keep the request pending\n", err);
		return STATUS_UNSUCCESSFUL;
	default:
		return STATUS_UNSUCCESSFUL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(wsk_errno_to_status);
