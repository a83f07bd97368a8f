/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wsk's tracepoints, under events/wsk/ in tracefs: an IRP's submission,
 * completion (status, Information, time since the call took it, 0 if the
 * tracepoint was off then) and
 * cancel; a socket's creation and the release of its kernel socket; an
 * accepted connection; each event callback called. Sockets and clients are
 * named by their queue's id, as /sys/kernel/debug/wsk/ names them.
 */
#ifndef _WSK_TRACE_TYPES
#define _WSK_TRACE_TYPES
/* Event callbacks, as the wsk_event tracepoint names them. */
enum wsk_event_kind {
	WSK_EVENT_KIND_ACCEPT,
	WSK_EVENT_KIND_RECEIVE,
	WSK_EVENT_KIND_DISCONNECT,
	WSK_EVENT_KIND_SEND_BACKLOG,
	WSK_EVENT_KIND_RECEIVE_FROM,
	WSK_EVENT_KIND_INSPECT,
	WSK_EVENT_KIND_ABORT,
};
#endif

#undef TRACE_SYSTEM
#define TRACE_SYSTEM wsk

#if !defined(_WSK_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _WSK_TRACE_H

#include <linux/sched/clock.h>
#include <linux/tracepoint.h>
#include <wdm.h>
#include <wsk.h>
#include "queue.h"

TRACE_DEFINE_ENUM(WSK_EVENT_KIND_ACCEPT);
TRACE_DEFINE_ENUM(WSK_EVENT_KIND_RECEIVE);
TRACE_DEFINE_ENUM(WSK_EVENT_KIND_DISCONNECT);
TRACE_DEFINE_ENUM(WSK_EVENT_KIND_SEND_BACKLOG);
TRACE_DEFINE_ENUM(WSK_EVENT_KIND_RECEIVE_FROM);
TRACE_DEFINE_ENUM(WSK_EVENT_KIND_INSPECT);
TRACE_DEFINE_ENUM(WSK_EVENT_KIND_ABORT);

#define wsk_show_event_kind(kind)					\
	__print_symbolic(kind,                                          \
		{ WSK_EVENT_KIND_ACCEPT, "WskAcceptEvent" },            \
		{ WSK_EVENT_KIND_RECEIVE, "WskReceiveEvent" },          \
		{ WSK_EVENT_KIND_DISCONNECT, "WskDisconnectEvent" },    \
		{ WSK_EVENT_KIND_SEND_BACKLOG, "WskSendBacklogEvent" }, \
		{ WSK_EVENT_KIND_RECEIVE_FROM, "WskReceiveFromEvent" }, \
		{ WSK_EVENT_KIND_INSPECT, "WskInspectEvent" },          \
		{ WSK_EVENT_KIND_ABORT, "WskAbortEvent" })

#define wsk_show_kind(kind)						\
	__print_symbolic(kind,                                          \
		{ WSK_FLAG_BASIC_SOCKET, "basic" },                     \
		{ WSK_FLAG_LISTEN_SOCKET, "listen" },                   \
		{ WSK_FLAG_CONNECTION_SOCKET, "connection" },           \
		{ WSK_FLAG_DATAGRAM_SOCKET, "datagram" },               \
		{ WSK_FLAG_STREAM_SOCKET, "stream" })

TRACE_EVENT(wsk_irp_submit,
	    TP_PROTO(const struct _IRP *irp, const struct wsk_queue *q, wsk_op_t op),
	    TP_ARGS(irp, q, op),
	    TP_STRUCT__entry(__field(const void *, irp)
			     __field(unsigned int, id)
			     __field(void *, op)),
	    TP_fast_assign(__entry->irp = irp;
			   __entry->id = q->id;
			   __entry->op = op;),
	    TP_printk("irp=%p q=%u op=%ps", __entry->irp, __entry->id, __entry->op)
);

TRACE_EVENT(wsk_irp_complete,
	    TP_PROTO(const struct _IRP *irp),
	    TP_ARGS(irp),
	    TP_STRUCT__entry(__field(const void *, irp)
			     __field(u32, status)
			     __field(unsigned long, information)
			     __field(u64, latency_ns)),
	    TP_fast_assign(__entry->irp = irp;
			   __entry->status = irp->IoStatus.Status;
			   __entry->information = irp->IoStatus.Information;
			   __entry->latency_ns = irp->WskTrack.start_ns ?
						 local_clock() - irp->WskTrack.start_ns : 0;),
	    TP_printk("irp=%p status=0x%08x information=%lu latency_ns=%llu",
		      __entry->irp, __entry->status, __entry->information,
		      __entry->latency_ns)
);

TRACE_EVENT(wsk_irp_cancel,
	    TP_PROTO(const struct _IRP *irp, bool routine),
	    TP_ARGS(irp, routine),
	    TP_STRUCT__entry(__field(const void *, irp)
			     __field(bool, routine)),
	    TP_fast_assign(__entry->irp = irp;
			   __entry->routine = routine;),
	    TP_printk("irp=%p routine=%d", __entry->irp, __entry->routine)
);

TRACE_EVENT(wsk_socket_create,
	    TP_PROTO(unsigned int id, unsigned int client, unsigned long kind, int family,
		     unsigned int netns),
	    TP_ARGS(id, client, kind, family, netns),
	    TP_STRUCT__entry(__field(unsigned int, id)
			     __field(unsigned int, client)
			     __field(unsigned long, kind)
			     __field(int, family)
			     __field(unsigned int, netns)),
	    TP_fast_assign(__entry->id = id;
			   __entry->client = client;
			   __entry->kind = kind;
			   __entry->family = family;
			   __entry->netns = netns;),
	    TP_printk("q=%u client=%u kind=%s family=%d netns=%u", __entry->id,
		      __entry->client, wsk_show_kind(__entry->kind), __entry->family,
		      __entry->netns)
);

TRACE_EVENT(wsk_socket_close,
	    TP_PROTO(unsigned int id, u32 status, bool abortive),
	    TP_ARGS(id, status, abortive),
	    TP_STRUCT__entry(__field(unsigned int, id)
			     __field(u32, status)
			     __field(bool, abortive)),
	    TP_fast_assign(__entry->id = id;
			   __entry->status = status;
			   __entry->abortive = abortive;),
	    TP_printk("q=%u pending=0x%08x abortive=%d", __entry->id, __entry->status,
		      __entry->abortive)
);

TRACE_EVENT(wsk_accept,
	    TP_PROTO(unsigned int listener, unsigned int id, bool event),
	    TP_ARGS(listener, id, event),
	    TP_STRUCT__entry(__field(unsigned int, listener)
			     __field(unsigned int, id)
			     __field(bool, event)),
	    TP_fast_assign(__entry->listener = listener;
			   __entry->id = id;
			   __entry->event = event;),
	    TP_printk("listener=%u q=%u by=%s", __entry->listener, __entry->id,
		      __entry->event ? "WskAcceptEvent" : "WskAccept")
);

TRACE_EVENT(wsk_event,
	    TP_PROTO(unsigned int id, enum wsk_event_kind kind, u32 result),
	    TP_ARGS(id, kind, result),
	    TP_STRUCT__entry(__field(unsigned int, id)
			     __field(int, kind)
			     __field(u32, result)),
	    TP_fast_assign(__entry->id = id;
			   __entry->kind = kind;
			   __entry->result = result;),
	    TP_printk("q=%u event=%s result=0x%08x", __entry->id,
		      wsk_show_event_kind(__entry->kind), __entry->result)
);

#endif /* _WSK_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
