/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wsk_torture: what its files share. main.c runs the phases, the threads and
 * the timer; ops.c issues the WSK calls; socket.c keeps the sockets and takes
 * their event callbacks; oracle.c tracks every request and judges every
 * status; faults.c drives failslab; netns.c makes network namespaces.
 */
#ifndef _WSK_TORTURE_H
#define _WSK_TORTURE_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/prandom.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <ntddk.h>
#include <wsk.h>

/* Every call the torture makes, and what it counts besides. */
enum torture_call {
	TC_SOCKET,
	TC_SOCKET_CONNECT,
	TC_BIND,
	TC_LISTEN,
	TC_ACCEPT,
	TC_CONNECT,
	TC_SEND,
	TC_RECEIVE,
	TC_DISCONNECT,
	TC_ABORT,
	TC_CLOSE,
	TC_GET_LOCAL,
	TC_GET_REMOTE,
	TC_SET_OPTION,
	TC_GET_OPTION,
	TC_EVENT,		/* SO_WSK_EVENT_CALLBACK, no IRP */
	TC_RELEASE,		/* WskRelease of a held indication */
	TC_SEND_TO,
	TC_RECEIVE_FROM,
	TC_CONTROL_CLIENT,	/* WSK_LINUX_SET_NET_NAMESPACE */
	TC_NR
};

/* The statuses the oracle knows; anything else counts as "other". */
enum torture_status {
	TS_SUCCESS,
	TS_PENDING,
	TS_EVENT_PENDING,
	TS_CANCELLED,
	TS_INSUFFICIENT_RESOURCES,
	TS_FILE_FORCED_CLOSED,
	TS_INVALID_DEVICE_STATE,
	TS_INVALID_PARAMETER,
	TS_INVALID_HANDLE,
	TS_NOT_IMPLEMENTED,
	TS_NOT_SUPPORTED,
	TS_ADDRESS_ALREADY_ASSOCIATED,
	TS_INVALID_ADDRESS_COMPONENT,
	TS_CONNECTION_REFUSED,
	TS_CONNECTION_RESET,
	TS_CONNECTION_ABORTED,
	TS_CONNECTION_DISCONNECTED,
	TS_CONNECTION_ACTIVE,
	TS_NETWORK_UNREACHABLE,
	TS_HOST_UNREACHABLE,
	TS_IO_TIMEOUT,
	TS_UNSUCCESSFUL,
	TS_OTHER,
	TS_NR
};

#define TS(x)	BIT_ULL(TS_##x)

/* Socket kinds, as the index of their WskSocket flag. */
enum torture_kind {
	TK_BASIC,
	TK_LISTEN,
	TK_CONNECTION,
	TK_STREAM,
	TK_DATAGRAM,
	TK_NR
};

#define TORTURE_NS	0x80000000	/* in torture_sock.ns_gen: made by the namespace client */
/* torture_sock.history, for the failure messages */
enum {
	TH_BIND, TH_CONNECT, TH_CONNECT_FAILED, TH_LISTEN, TH_DISCONNECT, TH_ABORT, TH_EVENT,
	TH_ACCEPTED, TH_NR
};

#define TORTURE_HELD	4	/* data indications a socket keeps at most */

struct torture_sock;

/* One request: its IRP, buffers and what the oracle expects of it. */
struct torture_req {
	struct list_head link;		/* outstanding list, or the free cache */
	refcount_t refs;		/* outstanding, the submitter, cancellers */
	atomic_t state;			/* TR_IDLE, TR_OUTSTANDING, TR_DONE */
	PIRP irp;
	bool own_irp;			/* irp is the socket's close_irp */
	enum torture_call call;
	struct torture_sock *sock;	/* the socket the call is on */
	struct torture_sock *child;	/* WskSocket, WskAccept, WskSocketConnect */
	u64 allowed;			/* TS() mask of the completion statuses allowed */
	NTSTATUS status;
	ULONG_PTR information;
	ktime_t start;
	size_t length;
	u8 *data;
	WSK_BUF buf;
	WSK_BUF_LIST list[2];		/* WskSendMessages: buf twice */
	SOCKADDR_STORAGE addr[2];
	ULONG option;
	u8 control[64] __aligned(8);	/* datagrams: control information sent or received */
	ULONG control_len;
	ULONG flags;
};

/*
 * One socket. Never freed while the phase runs after it had a WSK socket:
 * closed ones wait in a quarantine, so that a late callback finds its
 * context alive and is reported, not a use-after-free.
 */
struct torture_sock {
	spinlock_t lock;		/* everything below but the constants */
	PWSK_SOCKET ws;			/* NULL until created or accepted */
	enum torture_kind kind;
	u16 family;
	u16 port;			/* a listener's, once known */
	u32 ns_gen;			/* 0: init_net; else TORTURE_NS | the namespace's number */
	int slot;			/* in torture.socks, -1 when out */
	bool bound, listening, connected, accept_event, dead;
	unsigned long history;		/* TH_ bits: what was tried on it */
	int users;			/* callers about to make a call on it */
	bool close_wanted, close_issued;
	bool close_done;		/* WRITE_ONCE, read by every callback */
	void *held[TORTURE_HELD];	/* PWSK_DATA_INDICATION or, datagram, _DATAGRAM_ */
	int nheld;
	atomic_t requests;		/* requests on it not yet put */
	PIRP close_irp;			/* allocated with the socket: a close never fails */
	struct torture_req close_req;
	struct list_head link;		/* in the quarantine once closed */
};

enum { TR_IDLE, TR_OUTSTANDING, TR_DONE };

/* Fault injection modes of a phase. */
enum torture_faults {
	TF_NONE,
	TF_TASK,	/* failslab task-filtered: only the torture's threads */
	TF_SYSTEM,	/* failslab everywhere */
};

/* What the statistics count besides calls and statuses. */
enum torture_counter {
	TN_CANCEL,		/* IoCancelIrp calls */
	TN_CANCEL_HIT,		/* ... that found a cancel routine */
	TN_IRP_ALLOC,		/* IoAllocateIrp */
	TN_IRP_REUSE,		/* IoReuseIrp */
	TN_IRP_FREE,		/* IoFreeIrp */
	TN_NS_CREATED,
	TN_NS_DESTROYED,
	TN_NS_FAILED,		/* a namespace the torture could not make */
	TN_PEER_RESET,		/* kernel-socket peers that reset */
	TN_PEER_CLOSE,		/* ... that closed gracefully */
	TN_ACCEPT_EVENT,
	TN_ACCEPT_REJECTED,
	TN_LISTENER_DEAD,	/* accept event with a NULL socket */
	TN_RECEIVE_EVENT,
	TN_HELD,		/* indications kept (STATUS_PENDING) */
	TN_NOT_ACCEPTED,	/* STATUS_DATA_NOT_ACCEPTED */
	TN_DISCONNECT_EVENT,
	TN_BACKLOG_EVENT,
	TN_BYTES_SENT,
	TN_BYTES_RECEIVED,
	TN_NO_MEMORY,		/* the torture's own allocations that failed */
	TN_NR
};

#define TORTURE_MAX_SOCKS	256

struct torture {
	/* parameters of the running phase */
	u32 seed;
	int max_socks;
	int max_pending;
	enum torture_faults faults;
	int fault_rate;

	WSK_REGISTRATION reg[2];	/* [0] init_net, [1] namespaces */
	WSK_PROVIDER_NPI npi[2];
	bool registered[2];

	spinlock_t lock;		/* socks, nsocks, quarantine, ns_gen, draining */
	struct torture_sock *socks[TORTURE_MAX_SOCKS];
	int nsocks;
	struct list_head quarantine;
	int nquarantine;
	u32 ns_gen;			/* the last namespace's number */
	struct net *ns_net;		/* the live one, with a reference, or NULL */
	bool draining;			/* closing everything: create nothing */
	bool stopping;			/* threads and the timer stop */

	spinlock_t req_lock;		/* outstanding, noutstanding, cache */
	struct list_head outstanding;
	int noutstanding;
	struct list_head cache;
	int ncache;

	struct rnd_state __percpu *rnd;	/* completion routines' and events' */
};

extern struct torture torture;

/* argv and envp of a usermode helper */
struct torture_words {
	char *word[6];
};

/* oracle.c */
extern const char *const torture_call_names[TC_NR];
extern const char *const torture_kind_names[TK_NR];
void torture_returned(enum torture_call call, NTSTATUS ret, bool ns);
u32 torture_random(void);
void torture_fail(const char *fmt, ...) __printf(1, 2);
long torture_failures(void);
void torture_count_op(enum torture_call call);
void torture_count_status(enum torture_call call, NTSTATUS status);
void torture_count(enum torture_counter what, long n);
u64 torture_allowed(enum torture_call call, bool ns);
void torture_check_status(enum torture_call call, NTSTATUS status, u64 allowed,
			  const char *when, struct torture_sock *ts);
struct torture_req *torture_req_get(enum torture_call call, struct torture_sock *ts,
				    gfp_t gfp);
struct torture_req *torture_req_close(struct torture_sock *ts);
int torture_req_data(struct torture_req *r, size_t length, gfp_t gfp, u32 rnd);
void torture_req_arm(struct torture_req *r);
void torture_req_submitted(struct torture_req *r, NTSTATUS ret);
void torture_req_put(struct torture_req *r);
void torture_cancel_random(void);
int torture_outstanding(void);
void torture_report_outstanding(void);
long torture_total_ops(void);
void torture_oracle_reset(void);
void torture_oracle_free(void);
void torture_stats_print(const char *phase, bool final);

/* socket.c */
extern const WSK_CLIENT_LISTEN_DISPATCH torture_listen_dispatch;
extern const WSK_CLIENT_CONNECTION_DISPATCH torture_conn_dispatch;
extern const WSK_CLIENT_DATAGRAM_DISPATCH torture_dgram_dispatch;
extern const WSK_CLIENT_STREAM_DISPATCH torture_stream_dispatch;
struct torture_sock *torture_sock_new(enum torture_kind kind, u16 family, u32 ns_gen, gfp_t gfp);
void torture_sock_discard(struct torture_sock *ts);
void torture_sock_installed(struct torture_sock *ts, PWSK_SOCKET ws);
void torture_sock_completed(struct torture_req *r);
struct torture_sock *torture_sock_pick(bool (*want)(struct torture_sock *ts));
void torture_sock_put(struct torture_sock *ts);
bool torture_sock_release_held(struct torture_sock *ts);
void torture_sock_close(struct torture_sock *ts);
void torture_sock_close_all(void);
int torture_sock_count(void);
void torture_sock_free_all(void);
void torture_sock_check_alive(struct torture_sock *ts, const char *what);
void torture_sock_describe(struct torture_sock *ts, char *buf, size_t size);

/* ops.c */
void torture_op_thread(struct rnd_state *rs);
void torture_op_timer(struct rnd_state *rs);
void torture_peer_reset(u32 rnd);

/* faults.c */
int torture_faults_start(enum torture_faults mode, int rate);
void torture_faults_stop(void);
void torture_faults_self(void);

/* netns.c */
int torture_netns_start(void);
void torture_netns_stop(void);

#endif /* _WSK_TORTURE_H */
