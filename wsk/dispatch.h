/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The functions behind the provider dispatch tables, one per WSK call.
 */
#ifndef _WSK_DISPATCH_H
#define _WSK_DISPATCH_H

#include <wsk.h>

NTSTATUS wsk_socket(PWSK_CLIENT Client, ADDRESS_FAMILY AddressFamily, USHORT SocketType,
		    ULONG Protocol, ULONG Flags, PVOID SocketContext, const void *Dispatch,
		    PEPROCESS OwningProcess, PETHREAD OwningThread,
		    PSECURITY_DESCRIPTOR SecurityDescriptor, PIRP Irp);
NTSTATUS wsk_socket_connect(PWSK_CLIENT Client, USHORT SocketType, ULONG Protocol,
			    PSOCKADDR LocalAddress, PSOCKADDR RemoteAddress, ULONG Flags,
			    PVOID SocketContext, const WSK_CLIENT_CONNECTION_DISPATCH *Dispatch,
			    PEPROCESS OwningProcess, PETHREAD OwningThread,
			    PSECURITY_DESCRIPTOR SecurityDescriptor, PIRP Irp);
NTSTATUS wsk_control_client(PWSK_CLIENT Client, ULONG ControlCode, SIZE_T InputSize,
			    PVOID InputBuffer, SIZE_T OutputSize, PVOID OutputBuffer,
			    SIZE_T *OutputSizeReturned, PIRP Irp);
NTSTATUS wsk_get_address_info(PWSK_CLIENT Client, PUNICODE_STRING NodeName,
			      PUNICODE_STRING ServiceName, ULONG NameSpace, GUID *Provider,
			      PADDRINFOEXW Hints, PADDRINFOEXW *Result,
			      PEPROCESS OwningProcess, PETHREAD OwningThread, PIRP Irp);
void wsk_free_address_info(PWSK_CLIENT Client, PADDRINFOEXW AddrInfo);
NTSTATUS wsk_get_name_info(PWSK_CLIENT Client, PSOCKADDR SockAddr, ULONG SockAddrLength,
			   PUNICODE_STRING NodeName, PUNICODE_STRING ServiceName, ULONG Flags,
			   PEPROCESS OwningProcess, PETHREAD OwningThread, PIRP Irp);
NTSTATUS wsk_control_socket(PWSK_SOCKET Socket, WSK_CONTROL_SOCKET_TYPE RequestType,
			    ULONG ControlCode, ULONG Level, SIZE_T InputSize, PVOID InputBuffer,
			    SIZE_T OutputSize, PVOID OutputBuffer, SIZE_T *OutputSizeReturned,
			    PIRP Irp);
NTSTATUS wsk_close_socket(PWSK_SOCKET Socket, PIRP Irp);
NTSTATUS wsk_bind(PWSK_SOCKET Socket, PSOCKADDR LocalAddress, ULONG Flags, PIRP Irp);
NTSTATUS wsk_listen(PWSK_SOCKET Socket, PIRP Irp);
NTSTATUS wsk_connect(PWSK_SOCKET Socket, PSOCKADDR RemoteAddress, ULONG Flags, PIRP Irp);
NTSTATUS wsk_connect_ex(PWSK_SOCKET Socket, PSOCKADDR RemoteAddress, PWSK_BUF Buffer,
			ULONG Flags, PIRP Irp);
NTSTATUS wsk_accept(PWSK_SOCKET ListenSocket, ULONG Flags, PVOID AcceptSocketContext,
		    const WSK_CLIENT_CONNECTION_DISPATCH *AcceptSocketDispatch,
		    PSOCKADDR LocalAddress, PSOCKADDR RemoteAddress, PIRP Irp);
NTSTATUS wsk_inspect_complete(PWSK_SOCKET ListenSocket, PWSK_INSPECT_ID InspectID,
			      WSK_INSPECT_ACTION Action, PIRP Irp);
NTSTATUS wsk_send(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, PIRP Irp);
NTSTATUS wsk_receive(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, PIRP Irp);
NTSTATUS wsk_send_ex(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, ULONG ControlInfoLength,
		     PCMSGHDR ControlInfo, PIRP Irp);
NTSTATUS wsk_receive_ex(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags,
			PULONG ControlInfoLength, PCMSGHDR ControlInfo, PULONG ControlFlags,
			PIRP Irp);
NTSTATUS wsk_send_to(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, PSOCKADDR RemoteAddress,
		     ULONG ControlInfoLength, PCMSGHDR ControlInfo, PIRP Irp);
NTSTATUS wsk_send_messages(PWSK_SOCKET Socket, PWSK_BUF_LIST BufferList, ULONG Flags,
			   PSOCKADDR RemoteAddress, ULONG ControlInfoLength, PCMSGHDR ControlInfo,
			   PIRP Irp);
NTSTATUS wsk_receive_from(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags,
			  PSOCKADDR RemoteAddress, PULONG ControlLength, PCMSGHDR ControlInfo,
			  PULONG ControlFlags, PIRP Irp);
NTSTATUS wsk_release(PWSK_SOCKET Socket, PWSK_DATA_INDICATION DataIndication);
NTSTATUS wsk_disconnect(PWSK_SOCKET Socket, PWSK_BUF Buffer, ULONG Flags, PIRP Irp);
NTSTATUS wsk_get_local_address(PWSK_SOCKET Socket, PSOCKADDR LocalAddress, PIRP Irp);
NTSTATUS wsk_get_remote_address(PWSK_SOCKET Socket, PSOCKADDR RemoteAddress, PIRP Irp);

extern const WSK_PROVIDER_DISPATCH wsk_provider_dispatch;
extern const WSK_PROVIDER_BASIC_DISPATCH wsk_basic_dispatch;
extern const WSK_PROVIDER_LISTEN_DISPATCH wsk_listen_dispatch;
extern const WSK_PROVIDER_CONNECTION_DISPATCH wsk_connection_dispatch;
extern const WSK_PROVIDER_DATAGRAM_DISPATCH wsk_datagram_dispatch;
extern const WSK_PROVIDER_STREAM_DISPATCH wsk_stream_dispatch;

#endif /* _WSK_DISPATCH_H */
