// SPDX-License-Identifier: GPL-2.0
/*
 * The provider dispatch tables, one per socket kind, in Windows member
 * order. Every slot is filled.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "datagram.h"
#include "dispatch.h"
#include "irp.h"
#include "socket.h"

const WSK_PROVIDER_DISPATCH wsk_provider_dispatch = {
	.Version = MAKE_WSK_VERSION(1, 0),
	.WskSocket = wsk_socket,
	.WskSocketConnect = wsk_socket_connect,
	.WskControlClient = wsk_control_client,
	.WskGetAddressInfo = wsk_get_address_info,
	.WskFreeAddressInfo = wsk_free_address_info,
	.WskGetNameInfo = wsk_get_name_info,
};

#define BASIC_FUNCTIONS						\
	.Basic = {						\
		.WskControlSocket = wsk_control_socket,		\
		.WskCloseSocket = wsk_close_socket,		\
	}

const WSK_PROVIDER_BASIC_DISPATCH wsk_basic_dispatch = {
	.WskControlSocket = wsk_control_socket,
	.WskCloseSocket = wsk_close_socket,
};

const WSK_PROVIDER_LISTEN_DISPATCH wsk_listen_dispatch = {
	BASIC_FUNCTIONS,
	.WskBind = wsk_bind,
	.WskAccept = wsk_accept,
	.WskInspectComplete = wsk_inspect_complete,
	.WskGetLocalAddress = wsk_get_local_address,
};

const WSK_PROVIDER_CONNECTION_DISPATCH wsk_connection_dispatch = {
	BASIC_FUNCTIONS,
	.WskBind = wsk_bind,
	.WskConnect = wsk_connect,
	.WskGetLocalAddress = wsk_get_local_address,
	.WskGetRemoteAddress = wsk_get_remote_address,
	.WskSend = wsk_send,
	.WskReceive = wsk_receive,
	.WskDisconnect = wsk_disconnect,
	.WskRelease = wsk_release,
	.WskConnectEx = wsk_connect_ex,
	.WskSendEx = wsk_send_ex,
	.WskReceiveEx = wsk_receive_ex,
};

const WSK_PROVIDER_DATAGRAM_DISPATCH wsk_datagram_dispatch = {
	BASIC_FUNCTIONS,
	.WskBind = wsk_bind,
	.WskSendTo = wsk_send_to,
	.WskReceiveFrom = wsk_receive_from,
	.WskRelease = wsk_release_datagrams,
	.WskGetLocalAddress = wsk_get_local_address,
	.WskSendMessages = wsk_send_messages,
};

const WSK_PROVIDER_STREAM_DISPATCH wsk_stream_dispatch = {
	BASIC_FUNCTIONS,
	.WskBind = wsk_bind,
	.WskAccept = wsk_accept,
	.WskConnect = wsk_connect,
	.WskListen = wsk_listen,
	.WskSend = wsk_send,
	.WskReceive = wsk_receive,
	.WskDisconnect = wsk_disconnect,
	.WskRelease = wsk_release,
	.WskGetLocalAddress = wsk_get_local_address,
	.WskGetRemoteAddress = wsk_get_remote_address,
	.WskConnectEx = wsk_connect_ex,
	.WskSendEx = wsk_send_ex,
	.WskReceiveEx = wsk_receive_ex,
};
