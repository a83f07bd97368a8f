/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCP ioctls of Windows' mstcpip.h a WSK client issues with
 * WskControlSocket(WskIoctl): keepalive values and TCP statistics. The
 * codes and layouts are Windows'.
 */
#ifndef _WSK_MSTCPIP_H
#define _WSK_MSTCPIP_H

#include "ws2def.h"

/* Input of SIO_KEEPALIVE_VALS; the times are in milliseconds. */
struct tcp_keepalive {
	ULONG onoff;
	ULONG keepalivetime;
	ULONG keepaliveinterval;
};

#define SIO_KEEPALIVE_VALS	_WSAIOW(IOC_VENDOR, 4)
#define SIO_TCP_INFO		_WSAIORW(IOC_VENDOR, 39)

typedef enum _TCPSTATE {
	TCPSTATE_CLOSED,
	TCPSTATE_LISTEN,
	TCPSTATE_SYN_SENT,
	TCPSTATE_SYN_RCVD,
	TCPSTATE_ESTABLISHED,
	TCPSTATE_FIN_WAIT_1,
	TCPSTATE_FIN_WAIT_2,
	TCPSTATE_CLOSE_WAIT,
	TCPSTATE_CLOSING,
	TCPSTATE_LAST_ACK,
	TCPSTATE_TIME_WAIT,
	TCPSTATE_MAX
} TCPSTATE;

/* Output of SIO_TCP_INFO with version 0 as input (a ULONG). */
typedef struct _TCP_INFO_v0 {
	TCPSTATE State;
	ULONG Mss;
	ULONG64 ConnectionTimeMs;
	BOOLEAN TimestampsEnabled;
	ULONG RttUs;
	ULONG MinRttUs;
	ULONG BytesInFlight;
	ULONG Cwnd;
	ULONG SndWnd;
	ULONG RcvWnd;
	ULONG RcvBuf;
	ULONG64 BytesOut;
	ULONG64 BytesIn;
	ULONG BytesReordered;
	ULONG BytesRetrans;
	ULONG FastRetrans;
	ULONG DupAcksIn;
	ULONG TimeoutEpisodes;
	UCHAR SynRetrans;
} TCP_INFO_v0, *PTCP_INFO_v0;

/* Output of SIO_TCP_INFO with version 1: version 0 and the send limits. */
typedef struct _TCP_INFO_v1 {
	TCPSTATE State;
	ULONG Mss;
	ULONG64 ConnectionTimeMs;
	BOOLEAN TimestampsEnabled;
	ULONG RttUs;
	ULONG MinRttUs;
	ULONG BytesInFlight;
	ULONG Cwnd;
	ULONG SndWnd;
	ULONG RcvWnd;
	ULONG RcvBuf;
	ULONG64 BytesOut;
	ULONG64 BytesIn;
	ULONG BytesReordered;
	ULONG BytesRetrans;
	ULONG FastRetrans;
	ULONG DupAcksIn;
	ULONG TimeoutEpisodes;
	UCHAR SynRetrans;
	ULONG SndLimTransRwin;
	ULONG SndLimTimeRwin;
	ULONG64 SndLimBytesRwin;
	ULONG SndLimTransCwnd;
	ULONG SndLimTimeCwnd;
	ULONG64 SndLimBytesCwnd;
	ULONG SndLimTransSnd;
	ULONG SndLimTimeSnd;
	ULONG64 SndLimBytesSnd;
} TCP_INFO_v1, *PTCP_INFO_v1;

#endif /* _WSK_MSTCPIP_H */
