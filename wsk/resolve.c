// SPDX-License-Identifier: GPL-2.0
/*
 * WskGetAddressInfo, WskFreeAddressInfo and WskGetNameInfo: names to
 * addresses and back, for what a kernel can answer itself.
 *
 * Host names: numeric IPv4 and IPv6 addresses (an IPv6 one may carry a
 * numeric %scope), "localhost", and no name at all (the wildcard with
 * AI_PASSIVE, else loopback). Other names go to the DNS resolver a module
 * registered (wsk_resolver_register(); wsk_dns.ko asks the kernel's
 * dns_resolver, as CIFS and NFS do), or else complete STATUS_NO_MATCH, as
 * Windows does for a name it cannot resolve.
 * Services: a decimal port, or one of the well-known names in
 * wsk_services[]. With no family hint, an IPv6 answer comes before the
 * IPv4 one, as on Windows; ai_socktype and ai_protocol are the hints' (0
 * stays 0: one entry per address, not one per socket type).
 *
 * WskGetAddressInfo checks and parses at once and builds the list on the
 * client's queue, in the worker (GFP_KERNEL); each element is one
 * allocation that WskFreeAddressInfo, and nothing else, frees. A DNS query
 * blocks until the resolver answers (the kernel's resolver upcalls to user
 * space): it runs on a work item of its own on wsk's workqueue, whose
 * workers the workqueue replaces while it sleeps, so that it holds up
 * neither the client's queue nor a socket's; it cannot be cancelled. The
 * client's WskDeregister waits for it, and unloading wsk for its worker.
 * WskGetNameInfo only formats: it completes at once.
 *
 * Contexts: the entry points in any context, without sleeping.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>
#include <compat/compat.h>
#include <wsk_linux.h>
#include "dispatch.h"
#include "irp.h"
#include "registration.h"
#include "socket.h"

/* Longest host and service names taken, in characters. */
#define WSK_NAME_MAX		255
#define WSK_SERVICE_MAX		NI_MAXSERV

/* Most addresses a DNS answer gives the client. */
#define WSK_DNS_MAX		8

/* The AI_ flags wsk understands; others are refused. */
#define WSK_AI_FLAGS	(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_NUMERICSERV | \
			 AI_DNS_ONLY | AI_ALL | AI_ADDRCONFIG | AI_V4MAPPED | \
			 AI_NON_AUTHORITATIVE | AI_SECURE | AI_RETURN_PREFERRED_NAMES | \
			 AI_FQDN | AI_FILESERVER | AI_DISABLE_IDN_ENCODING)

#define WSK_NI_FLAGS	(NI_NOFQDN | NI_NUMERICHOST | NI_NAMEREQD | NI_NUMERICSERV | NI_DGRAM)

/* Services by name, those a storage, file or VPN driver asks for. */
static const struct {
	const char *name;
	u16 port;
} wsk_services[] = {
	{ "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 },
	{ "domain", 53 }, { "http", 80 }, { "kerberos", 88 }, { "ntp", 123 },
	{ "netbios-ssn", 139 }, { "snmp", 161 }, { "ldap", 389 }, { "https", 443 },
	{ "microsoft-ds", 445 }, { "openvpn", 1194 }, { "nfs", 2049 },
	{ "iscsi-target", 3260 }, { "drbd", 7788 },
};

/* The answers found at the call, kept in the IRP until the worker builds the list. */
struct resolve_args {
	PADDRINFOEXW *result;
	int socktype;
	int protocol;
	u32 scope_id;			/* of an IPv6 answer */
	__be16 port;
	u8 count;
	u8 family[2];
};

struct resolve_more {
	struct in6_addr addr[2];	/* an IPv4 one in its first 4 bytes */
};

WSK_IRP_ARGS_FIT(struct resolve_args);
WSK_IRP_MORE_ARGS_FIT(struct resolve_more);

/* One element of a result list: the ADDRINFOEXW and its address. */
struct wsk_addrinfo {
	u32 magic;
	ADDRINFOEXW ai;
	union wsk_address addr;
};

#define WSK_ADDRINFO_MAGIC	0x574b4149	/* "WKAI" */

/* @s as ASCII in @to (NUL-terminated): false if too long or not ASCII. */
static bool unicode_to_ascii(PUNICODE_STRING s, char *to, size_t room)
{
	size_t n, i;

	if (!s->Buffer && s->Length)
		return false;
	n = s->Length / sizeof(WCHAR);
	if (n >= room)
		return false;
	for (i = 0; i < n; i++) {
		if (!s->Buffer[i] || s->Buffer[i] > 0x7f)
			return false;
		to[i] = s->Buffer[i];
	}
	to[n] = '\0';
	return true;
}

/* @s into @to, NUL-terminated if there is room: false if it does not fit. */
static bool ascii_to_unicode(const char *s, PUNICODE_STRING to)
{
	size_t n = strlen(s), i;

	if (!to->Buffer || n * sizeof(WCHAR) > to->MaximumLength)
		return false;
	for (i = 0; i < n; i++)
		to->Buffer[i] = s[i];
	if ((n + 1) * sizeof(WCHAR) <= to->MaximumLength)
		to->Buffer[n] = 0;
	to->Length = n * sizeof(WCHAR);
	return true;
}

/* The port of a decimal number or a known name; -1 if none. */
static int service_port(const char *s, bool numeric_only)
{
	unsigned int i;
	u16 port;

	if (!kstrtou16(s, 10, &port) && isdigit(s[0]))
		return port;
	if (numeric_only)
		return -1;
	for (i = 0; i < ARRAY_SIZE(wsk_services); i++)
		if (!strcasecmp(s, wsk_services[i].name))
			return wsk_services[i].port;
	return -1;
}

static void add_answer(struct resolve_args *a, struct resolve_more *m, int family,
		       const void *addr)
{
	a->family[a->count] = family;
	memset(&m->addr[a->count], 0, sizeof(m->addr[0]));
	memcpy(&m->addr[a->count], addr, family == AF_INET ? 4 : 16);
	a->count++;
}

/* Loopback (@passive: the wildcard) of the families @family allows, IPv6 first. */
static void add_local(struct resolve_args *a, struct resolve_more *m, int family, bool passive)
{
	__be32 v4 = passive ? htonl(INADDR_ANY) : htonl(INADDR_LOOPBACK);

	if (family != AF_INET)
		add_answer(a, m, AF_INET6, passive ? &in6addr_any : &in6addr_loopback);
	if (family != AF_INET6)
		add_answer(a, m, AF_INET, &v4);
}

/* A numeric address or "localhost" in @a: STATUS_NO_MATCH for anything else. */
static NTSTATUS parse_host(const char *host, const ADDRINFOEXW *hints,
			   struct resolve_args *a, struct resolve_more *m)
{
	int family = hints ? hints->ai_family : AF_UNSPEC;
	int flags = hints ? hints->ai_flags : 0;
	struct in6_addr v6;
	const char *end;
	__be32 v4;
	u32 scope;

	if (in4_pton(host, -1, (u8 *)&v4, -1, NULL)) {
		if (family == AF_INET6 && !(flags & AI_V4MAPPED))
			return STATUS_NO_MATCH;
		if (family == AF_INET6) {
			ipv6_addr_set_v4mapped(v4, &v6);
			add_answer(a, m, AF_INET6, &v6);
		} else {
			add_answer(a, m, AF_INET, &v4);
		}
		return STATUS_SUCCESS;
	}
	if (in6_pton(host, -1, (u8 *)&v6, '%', &end)) {
		if (family == AF_INET)
			return STATUS_NO_MATCH;
		if (*end == '%' && (kstrtou32(end + 1, 10, &scope) || !isdigit(end[1])))
			return STATUS_NO_MATCH;
		a->scope_id = *end == '%' ? scope : 0;
		add_answer(a, m, AF_INET6, &v6);
		return STATUS_SUCCESS;
	}
	if (flags & AI_NUMERICHOST)
		return STATUS_NO_MATCH;
	if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost.")) {
		add_local(a, m, family, false);
		return STATUS_SUCCESS;
	}
	return STATUS_MORE_PROCESSING_REQUIRED;	/* a name for DNS */
}

/* Hints as GetAddrInfoExW takes them: the rest must be zero. */
static bool hints_valid(const ADDRINFOEXW *h)
{
	if (h->ai_addrlen || h->ai_canonname || h->ai_addr || h->ai_next || h->ai_blob ||
	    h->ai_bloblen || h->ai_provider || (h->ai_flags & ~WSK_AI_FLAGS))
		return false;
	if (h->ai_family != AF_UNSPEC && h->ai_family != AF_INET && h->ai_family != AF_INET6)
		return false;
	if (h->ai_socktype && h->ai_socktype != SOCK_STREAM && h->ai_socktype != SOCK_DGRAM)
		return false;
	return !h->ai_protocol || h->ai_protocol == IPPROTO_TCP || h->ai_protocol == IPPROTO_UDP;
}

/*
 * Check and parse a WskGetAddressInfo: its status, the answers in @a and
 * @m, or STATUS_MORE_PROCESSING_REQUIRED with the name to ask DNS for in
 * @host.
 */
static NTSTATUS resolve_parse(PUNICODE_STRING node, PUNICODE_STRING service, ULONG name_space,
			      GUID *provider, const ADDRINFOEXW *hints, PEPROCESS process,
			      PETHREAD thread, struct resolve_args *a, struct resolve_more *m,
			      char *host)
{
	int flags = hints ? hints->ai_flags : 0;
	char serv[WSK_SERVICE_MAX + 1];
	int port = 0;

	if ((!node && !service) || (thread && !process) || provider ||
	    (name_space != NS_ALL && name_space != NS_DNS) || (hints && !hints_valid(hints)))
		return STATUS_INVALID_PARAMETER;
	if (service) {
		if (!unicode_to_ascii(service, serv, sizeof(serv)))
			return STATUS_INVALID_PARAMETER;
		port = service_port(serv, flags & AI_NUMERICSERV);
		if (port < 0)
			return STATUS_NO_MATCH;
	}
	a->port = htons(port);
	a->socktype = hints ? hints->ai_socktype : 0;
	a->protocol = hints ? hints->ai_protocol : 0;
	a->count = 0;
	a->scope_id = 0;
	if (!node) {
		add_local(a, m, hints ? hints->ai_family : AF_UNSPEC, flags & AI_PASSIVE);
		return STATUS_SUCCESS;
	}
	if (!unicode_to_ascii(node, host, WSK_NAME_MAX + 1))
		return STATUS_NO_MATCH;	/* not ASCII: an IDN name, not encoded for DNS */
	return parse_host(host, hints, a, m);
}

static void addrinfo_free(PADDRINFOEXW ai)
{
	struct wsk_addrinfo *e;
	PADDRINFOEXW next;

	for (; ai; ai = next) {
		next = ai->ai_next;
		e = container_of(ai, struct wsk_addrinfo, ai);
		if (WARN_ONCE(e->magic != WSK_ADDRINFO_MAGIC,
			      "WskFreeAddressInfo: not a list WskGetAddressInfo returned\n"))
			return;
		e->magic = 0;
		kfree(e);
	}
}

/* Build the result list of @n answers, of @a's port, type and protocol. */
static NTSTATUS build_list(const struct resolve_args *a, const u8 *family,
			   const struct in6_addr *addr, int n)
{
	PADDRINFOEXW head = NULL, *tail = &head;
	struct wsk_addrinfo *e;
	int i;

	for (i = 0; i < n; i++) {
		e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (!e) {
			addrinfo_free(head);
			return STATUS_INSUFFICIENT_RESOURCES;
		}
		e->magic = WSK_ADDRINFO_MAGIC;
		e->ai.ai_family = family[i];
		e->ai.ai_socktype = a->socktype;
		e->ai.ai_protocol = a->protocol;
		e->ai.ai_addr = &e->addr.sa;
		if (family[i] == AF_INET) {
			e->addr.in.sin_family = AF_INET;
			e->addr.in.sin_port = a->port;
			memcpy(&e->addr.in.sin_addr, &addr[i], 4);
			e->ai.ai_addrlen = sizeof(e->addr.in);
		} else {
			e->addr.in6.sin6_family = AF_INET6;
			e->addr.in6.sin6_port = a->port;
			e->addr.in6.sin6_addr = addr[i];
			e->addr.in6.sin6_scope_id = a->scope_id;
			e->ai.ai_addrlen = sizeof(e->addr.in6);
		}
		*tail = &e->ai;
		tail = &e->ai.ai_next;
	}
	*a->result = head;
	return STATUS_SUCCESS;
}

/* Build the result list of what resolve_parse() found. */
static NTSTATUS resolve_op(struct wsk_queue *q, PIRP irp)
{
	struct resolve_args *a = wsk_irp_args(irp);
	struct resolve_more *m = wsk_irp_more_args(irp);

	return build_list(a, a->family, m->addr, a->count);
}

/* A name nothing resolves: answered later, as Windows answers it. */
static NTSTATUS no_match_op(struct wsk_queue *q, PIRP irp)
{
	return STATUS_NO_MATCH;
}

/* The resolver a module registered, or NULL. */
static const struct wsk_resolver __rcu *wsk_resolver;
static DEFINE_SPINLOCK(wsk_resolver_lock);

/**
 * wsk_resolver_register() - resolve WskGetAddressInfo's host names with @resolver
 * @resolver: the resolver, which must stay until wsk_resolver_unregister()
 *
 * Context: any context; does not sleep.
 * Return: 0, or -EBUSY when another resolver is registered.
 */
int wsk_resolver_register(const struct wsk_resolver *resolver)
{
	int err = 0;

	spin_lock(&wsk_resolver_lock);
	if (rcu_access_pointer(wsk_resolver))
		err = -EBUSY;
	else
		rcu_assign_pointer(wsk_resolver, resolver);
	spin_unlock(&wsk_resolver_lock);
	return err;
}
EXPORT_SYMBOL_WSK(wsk_resolver_register);

/**
 * wsk_resolver_unregister() - stop resolving with @resolver
 * @resolver: the resolver wsk_resolver_register() took
 *
 * Queries that took a reference on @resolver's module still finish with it.
 *
 * Context: process context; sleeps (synchronize_rcu()).
 */
void wsk_resolver_unregister(const struct wsk_resolver *resolver)
{
	spin_lock(&wsk_resolver_lock);
	if (rcu_access_pointer(wsk_resolver) == resolver)
		RCU_INIT_POINTER(wsk_resolver, NULL);
	spin_unlock(&wsk_resolver_lock);
	synchronize_rcu();
}
EXPORT_SYMBOL_WSK(wsk_resolver_unregister);

/* A WskGetAddressInfo for a name only DNS knows. */
struct dns_request {
	struct work_struct work;
	PIRP irp;
	struct wsk_client *client;
	struct resolve_args a;
	int family;		/* the hints' */
	int flags;
	char name[WSK_NAME_MAX + 1];
};

/* The resolver, with a reference on its module; NULL if none. */
static const struct wsk_resolver *resolver_get(void)
{
	const struct wsk_resolver *r;

	rcu_read_lock();
	r = rcu_dereference(wsk_resolver);
	if (r && !try_module_get(r->owner))
		r = NULL;
	rcu_read_unlock();
	return r;
}

/*
 * Keep the answers the hints allow, IPv6 first: with AF_INET6 and
 * AI_V4MAPPED, IPv4 ones as v4-mapped when there is no IPv6 one (or always,
 * with AI_ALL). Returns how many, in @family and @addr.
 */
static int dns_answers(const struct dns_request *d, const struct sockaddr_storage *got, int n,
		       u8 *family, struct in6_addr *addr)
{
	bool mapped = d->family == AF_INET6 && (d->flags & AI_V4MAPPED);
	int i, k = 0, v6 = 0;

	for (i = 0; i < n; i++) {
		if (got[i].ss_family != AF_INET6 || d->family == AF_INET)
			continue;
		family[k] = AF_INET6;
		addr[k++] = ((const struct sockaddr_in6 *)&got[i])->sin6_addr;
		v6++;
	}
	for (i = 0; i < n; i++) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&got[i];

		if (got[i].ss_family != AF_INET || (d->family == AF_INET6 && !mapped) ||
		    (mapped && v6 && !(d->flags & AI_ALL)))
			continue;
		memset(&addr[k], 0, sizeof(addr[k]));
		if (mapped) {
			family[k] = AF_INET6;
			ipv6_addr_set_v4mapped(in->sin_addr.s_addr, &addr[k++]);
		} else {
			family[k] = AF_INET;
			memcpy(&addr[k++], &in->sin_addr, 4);
		}
	}
	return k;
}

static void dns_work(struct work_struct *work)
{
	struct dns_request *d = container_of(work, struct dns_request, work);
	struct sockaddr_storage *got = NULL;
	struct in6_addr addr[WSK_DNS_MAX];
	const struct wsk_resolver *r;
	NTSTATUS status = STATUS_NO_MATCH;
	struct wsk_client *client;
	u8 family[WSK_DNS_MAX];
	struct net *net;
	int n = 0;

	r = resolver_get();
	net = wsk_client_get_net(d->client);
	if (r && net) {
		got = kcalloc(WSK_DNS_MAX, sizeof(*got), GFP_KERNEL);
		n = got ? r->resolve(net, d->name, got, WSK_DNS_MAX) : -ENOMEM;
	}
	if (n == -ENOMEM)
		status = STATUS_INSUFFICIENT_RESOURCES;
	else if (n == -ETIMEDOUT)
		status = STATUS_IO_TIMEOUT;
	else if (n > 0)
		n = dns_answers(d, got, min(n, WSK_DNS_MAX), family, addr);
	if (n > 0)
		status = build_list(&d->a, family, addr, n);
	kfree(got);
	if (net)
		put_net(net);
	if (r)
		module_put(r->owner);
	client = d->client;
	wsk_irp_complete(d->irp, status, 0);
	kfree(d);
	wsk_client_leave(client);
}

/* Send @irp, started, to DNS for @host: STATUS_PENDING, or its status. */
static NTSTATUS dns_submit(struct wsk_client *client, PIRP irp, const char *host,
			   const struct resolve_args *a, const ADDRINFOEXW *hints)
{
	struct dns_request *d;

	d = kzalloc(sizeof(*d), GFP_ATOMIC);
	if (!d)
		return wsk_irp_complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
	INIT_WORK(&d->work, dns_work);
	d->irp = irp;
	d->client = client;
	d->a = *a;
	d->family = hints ? hints->ai_family : AF_UNSPEC;
	d->flags = hints ? hints->ai_flags : 0;
	strscpy(d->name, host, sizeof(d->name));
	wsk_client_enter(client);
	IoMarkIrpPending(irp);
	queue_work(wsk_wq, &d->work);
	return STATUS_PENDING;
}

/**
 * wsk_get_address_info() - WskGetAddressInfo: a host and service to addresses
 * @Client: the client handle from WskCaptureProviderNPI()
 * @NodeName: a numeric IPv4 or IPv6 address, "localhost", a name for the
 *	registered DNS resolver, or NULL
 * @ServiceName: a decimal port or a well-known service name, or NULL
 *	(port 0); not both NULL
 * @NameSpace: NS_ALL or NS_DNS
 * @Provider: NULL (no namespace provider can be chosen)
 * @Hints: NULL, or ai_family (AF_UNSPEC, AF_INET, AF_INET6), ai_socktype,
 *	ai_protocol (Linux values) and ai_flags (AI_PASSIVE, ...), the rest zero
 * @Result: receives the list, which the client frees with
 *	WskFreeAddressInfo()
 * @OwningProcess: ignored
 * @OwningThread: ignored; only with @OwningProcess
 * @Irp: completes with the status; Information 0
 *
 * AI_NUMERICHOST refuses "localhost"; AI_NUMERICSERV refuses service
 * names; AI_PASSIVE with no @NodeName gives the wildcard addresses;
 * AI_V4MAPPED with AF_INET6 gives a numeric IPv4 address as v4-mapped.
 * AI_CANONNAME gives no canonical name (ai_canonname NULL).
 *
 * A DNS answer gives at most 8 addresses, those of the hints' family (see
 * dns_answers()).
 *
 * As on Windows, a request with valid arguments completes later, even for a
 * name or service that does not resolve.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_PENDING, or the status the IRP completed with:
 * STATUS_INVALID_PARAMETER for a bad argument (a NULL @Irp touches nothing,
 * nor does a NULL @Client, which gives STATUS_INVALID_HANDLE), STATUS_NO_MATCH
 * for a host or
 * service that cannot be resolved (any name DNS would need when no resolver
 * is registered), STATUS_IO_TIMEOUT when the resolver timed out,
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS wsk_get_address_info(PWSK_CLIENT Client, PUNICODE_STRING NodeName,
			      PUNICODE_STRING ServiceName, ULONG NameSpace, GUID *Provider,
			      PADDRINFOEXW Hints, PADDRINFOEXW *Result,
			      PEPROCESS OwningProcess, PETHREAD OwningThread, PIRP Irp)
{
	struct wsk_client *client = wsk_client(Client);
	char host[WSK_NAME_MAX + 1];
	struct resolve_args a = {};
	struct resolve_more m = {};
	NTSTATUS status;

	if (!Irp)
		return STATUS_INVALID_PARAMETER;
	if (!client)
		return STATUS_INVALID_HANDLE;	/* the IRP untouched, as WskSocket */
	if (!Result)
		return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
	status = resolve_parse(NodeName, ServiceName, NameSpace, Provider, Hints, OwningProcess,
			       OwningThread, &a, &m, host);
	if (status == STATUS_INVALID_PARAMETER)
		return wsk_irp_fail(Irp, status);
	if (!wsk_irp_start(Irp))
		return STATUS_INVALID_PARAMETER;
	a.result = Result;
	if (status == STATUS_MORE_PROCESSING_REQUIRED && rcu_access_pointer(wsk_resolver))
		return dns_submit(client, Irp, host, &a, Hints);
	*(struct resolve_args *)wsk_irp_args(Irp) = a;
	*(struct resolve_more *)wsk_irp_more_args(Irp) = m;
	wsk_client_enter(client);
	status = wsk_queue_submit(&client->queue, Irp,
				  status == STATUS_SUCCESS ? resolve_op : no_match_op, true);
	wsk_client_leave(client);
	return status;
}

/**
 * wsk_free_address_info() - WskFreeAddressInfo: free a WskGetAddressInfo list
 * @Client: the client handle
 * @AddrInfo: the list's head, as WskGetAddressInfo returned it; NULL does
 *	nothing
 *
 * A list wsk did not make is not freed (a warning, once).
 *
 * Context: any context; does not sleep.
 */
void wsk_free_address_info(PWSK_CLIENT Client, PADDRINFOEXW AddrInfo)
{
	addrinfo_free(AddrInfo);
}

/* The host part of @sa, as text: numeric, or "localhost" for loopback. */
static NTSTATUS name_host(const union wsk_address *sa, ULONG flags, char *buf, size_t room)
{
	bool loopback = sa->sa.sa_family == AF_INET ?
			ipv4_is_loopback(sa->in.sin_addr.s_addr) :
			ipv6_addr_loopback(&sa->in6.sin6_addr);

	if (!(flags & NI_NUMERICHOST) && loopback) {
		strscpy(buf, "localhost", room);
		return STATUS_SUCCESS;
	}
	if (flags & NI_NAMEREQD)
		return STATUS_NO_MATCH;	/* no reverse DNS query yet */
	if (sa->sa.sa_family == AF_INET)
		snprintf(buf, room, "%pI4", &sa->in.sin_addr);
	else if (sa->in6.sin6_scope_id)
		snprintf(buf, room, "%pI6c%%%u", &sa->in6.sin6_addr, sa->in6.sin6_scope_id);
	else
		snprintf(buf, room, "%pI6c", &sa->in6.sin6_addr);
	return STATUS_SUCCESS;
}

/* The service part of @sa: a known name unless NI_NUMERICSERV, else decimal. */
static void name_service(const union wsk_address *sa, ULONG flags, char *buf, size_t room)
{
	u16 port = ntohs(sa->sa.sa_family == AF_INET ? sa->in.sin_port : sa->in6.sin6_port);
	unsigned int i;

	for (i = 0; !(flags & NI_NUMERICSERV) && i < ARRAY_SIZE(wsk_services); i++) {
		if (wsk_services[i].port == port) {
			strscpy(buf, wsk_services[i].name, room);
			return;
		}
	}
	snprintf(buf, room, "%u", port);
}

/**
 * wsk_get_name_info() - WskGetNameInfo: an address to a host and service name
 * @Client: the client handle from WskCaptureProviderNPI()
 * @SockAddr: an AF_INET or AF_INET6 address
 * @SockAddrLength: its size
 * @NodeName: receives the host (Length set; NUL-terminated if there is
 *	room), or NULL
 * @ServiceName: receives the service, or NULL; not both NULL
 * @Flags: NI_NUMERICHOST, NI_NUMERICSERV, NI_NAMEREQD, NI_NOFQDN, NI_DGRAM
 * @OwningProcess: ignored
 * @OwningThread: ignored; only with @OwningProcess
 * @Irp: completes with the status; Information 0
 *
 * A loopback address is "localhost" unless NI_NUMERICHOST; other addresses
 * are numeric (no reverse DNS yet), or STATUS_NO_MATCH with NI_NAMEREQD.
 * Ports are well-known names unless NI_NUMERICSERV, else decimal.
 *
 * Context: any context; does not sleep.
 * Return: the status the IRP completed with: STATUS_SUCCESS,
 * STATUS_INVALID_PARAMETER (a NULL @Irp touches nothing, nor does a NULL
 * @Client, which gives STATUS_INVALID_HANDLE), STATUS_NO_MATCH,
 * STATUS_BUFFER_TOO_SMALL when a name does not fit its MaximumLength.
 */
NTSTATUS wsk_get_name_info(PWSK_CLIENT Client, PSOCKADDR SockAddr, ULONG SockAddrLength,
			   PUNICODE_STRING NodeName, PUNICODE_STRING ServiceName, ULONG Flags,
			   PEPROCESS OwningProcess, PETHREAD OwningThread, PIRP Irp)
{
	char host[INET6_ADDRSTRLEN + 16], serv[WSK_SERVICE_MAX];
	union wsk_address sa = {};
	NTSTATUS status;

	if (!Irp)
		return STATUS_INVALID_PARAMETER;
	if (!Client)
		return STATUS_INVALID_HANDLE;	/* the IRP untouched, as WskSocket */
	if (!SockAddr || !SockAddrLength || SockAddrLength > sizeof(sa) ||
	    (!NodeName && !ServiceName) || (Flags & ~WSK_NI_FLAGS) ||
	    (OwningThread && !OwningProcess))
		return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
	memcpy(&sa, SockAddr, SockAddrLength);
	if (wsk_address_length(&sa.sa) != SockAddrLength)
		return wsk_irp_fail(Irp, STATUS_INVALID_PARAMETER);
	if (NodeName) {
		status = name_host(&sa, Flags, host, sizeof(host));
		if (status != STATUS_SUCCESS)
			return wsk_irp_fail(Irp, status);
		if (!ascii_to_unicode(host, NodeName))
			return wsk_irp_fail(Irp, STATUS_BUFFER_TOO_SMALL);
	}
	if (ServiceName) {
		name_service(&sa, Flags, serv, sizeof(serv));
		if (!ascii_to_unicode(serv, ServiceName))
			return wsk_irp_fail(Irp, STATUS_BUFFER_TOO_SMALL);
	}
	return wsk_irp_fail(Irp, STATUS_SUCCESS);	/* start and complete it at once */
}
