// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: WskGetAddressInfo, WskFreeAddressInfo and WskGetNameInfo:
 * numeric names and services, localhost (resolved, then connected to),
 * the wildcard, the hints, and the statuses of what cannot be resolved or
 * is bad input. DNS names go through a resolver this suite registers, as
 * wsk_dns.ko would (the test kernel has no dns_resolver).
 */
#include <linux/inet.h>
#include <linux/module.h>
#include <net/ipv6.h>
#include <compat/compat.h>
#include <wsk_linux.h>
#include "wsk_test.h"

/* A UNICODE_STRING over a kunit-allocated copy of @s (NULL for NULL). */
static PUNICODE_STRING ustr(struct kunit *test, const char *s)
{
	PUNICODE_STRING u;
	size_t i, n;

	if (!s)
		return NULL;
	n = strlen(s);
	u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u);
	u->Buffer = kunit_kcalloc(test, n + 1, sizeof(WCHAR), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u->Buffer);
	for (i = 0; i < n; i++)
		u->Buffer[i] = s[i];
	u->Length = n * sizeof(WCHAR);
	u->MaximumLength = (n + 1) * sizeof(WCHAR);
	return u;
}

/* An empty UNICODE_STRING of @chars characters of room. */
static PUNICODE_STRING ubuf(struct kunit *test, size_t chars)
{
	PUNICODE_STRING u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, u);
	u->Buffer = kunit_kcalloc(test, chars, sizeof(WCHAR), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u->Buffer);
	u->MaximumLength = chars * sizeof(WCHAR);
	return u;
}

/* Whether @u holds exactly @s. */
static bool ustr_is(PUNICODE_STRING u, const char *s)
{
	size_t i, n = strlen(s);

	if (u->Length != n * sizeof(WCHAR))
		return false;
	for (i = 0; i < n; i++)
		if (u->Buffer[i] != s[i])
			return false;
	return true;
}

struct resolve {
	struct wsk_test_client *c;
	struct wsk_test_irp t;
	PADDRINFOEXW result;
};

static void resolve_free(void *data)
{
	struct resolve *r = data;

	r->c->npi.Dispatch->WskFreeAddressInfo(r->c->npi.Client, r->result);
	r->result = NULL;
}

/* WskGetAddressInfo(@node, @service, @hints), waited for: its status. */
static NTSTATUS resolve(struct kunit *test, struct resolve *r, const char *node,
			const char *service, PADDRINFOEXW hints)
{
	NTSTATUS ret;

	wsk_test_irp_rearm(&r->t);
	r->result = (PADDRINFOEXW)0x1;	/* untouched unless it succeeds */
	ret = r->c->npi.Dispatch->WskGetAddressInfo(r->c->npi.Client, ustr(test, node),
						    ustr(test, service), NS_ALL, NULL, hints,
						    &r->result, NULL, NULL, r->t.irp);
	ret = wsk_test_irp_wait(test, &r->t, ret);
	KUNIT_EXPECT_EQ(test, r->t.information, 0UL);
	if (ret != STATUS_SUCCESS) {
		KUNIT_EXPECT_PTR_EQ(test, r->result, (PADDRINFOEXW)0x1);
		r->result = NULL;
	}
	return ret;
}

static struct resolve *resolve_start(struct kunit *test)
{
	struct resolve *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->c = wsk_test_client_start(test);
	wsk_test_irp_init(test, &r->t);
	/* Freed before the client stops: actions run last added first. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, resolve_free, r), 0);
	return r;
}

static int count(PADDRINFOEXW ai)
{
	int n = 0;

	for (; ai; ai = ai->ai_next)
		n++;
	return n;
}

static void expect_v4(struct kunit *test, PADDRINFOEXW ai, __be32 addr, u16 port)
{
	const struct sockaddr_in *sin;

	KUNIT_ASSERT_NOT_NULL(test, ai);
	KUNIT_EXPECT_EQ(test, ai->ai_family, AF_INET);
	KUNIT_EXPECT_EQ(test, ai->ai_addrlen, sizeof(*sin));
	sin = (const struct sockaddr_in *)ai->ai_addr;
	KUNIT_ASSERT_NOT_NULL(test, sin);
	KUNIT_EXPECT_EQ(test, sin->sin_family, AF_INET);
	KUNIT_EXPECT_EQ(test, sin->sin_addr.s_addr, addr);
	KUNIT_EXPECT_EQ(test, ntohs(sin->sin_port), port);
}

static void expect_v6(struct kunit *test, PADDRINFOEXW ai, const struct in6_addr *addr,
		      u16 port, u32 scope)
{
	const struct sockaddr_in6 *sin6;

	KUNIT_ASSERT_NOT_NULL(test, ai);
	KUNIT_EXPECT_EQ(test, ai->ai_family, AF_INET6);
	KUNIT_EXPECT_EQ(test, ai->ai_addrlen, sizeof(*sin6));
	sin6 = (const struct sockaddr_in6 *)ai->ai_addr;
	KUNIT_ASSERT_NOT_NULL(test, sin6);
	KUNIT_EXPECT_EQ(test, sin6->sin6_family, AF_INET6);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&sin6->sin6_addr, addr));
	KUNIT_EXPECT_EQ(test, ntohs(sin6->sin6_port), port);
	KUNIT_EXPECT_EQ(test, sin6->sin6_scope_id, scope);
}

/* Numeric hosts and services, with and without hints. */
static void resolve_numeric(struct kunit *test)
{
	struct resolve *r = resolve_start(test);
	ADDRINFOEXW hints = { .ai_family = AF_INET6, .ai_flags = AI_V4MAPPED };
	struct in6_addr v6, mapped;

	KUNIT_ASSERT_EQ(test, resolve(test, r, "192.0.2.7", "8080", NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, count(r->result), 1);
	expect_v4(test, r->result, htonl(0xc0000207), 8080);
	KUNIT_EXPECT_EQ(test, r->result->ai_socktype, 0);
	resolve_free(r);

	KUNIT_ASSERT_EQ(test, resolve(test, r, "2001:db8::5", "https", NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, count(r->result), 1);
	KUNIT_ASSERT_EQ(test, in6_pton("2001:db8::5", -1, (u8 *)&v6, -1, NULL), 1);
	expect_v6(test, r->result, &v6, 443, 0);
	resolve_free(r);

	KUNIT_ASSERT_EQ(test, resolve(test, r, "fe80::1%3", NULL, NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, in6_pton("fe80::1", -1, (u8 *)&v6, -1, NULL), 1);
	expect_v6(test, r->result, &v6, 0, 3);
	resolve_free(r);

	/* IPv4 for an AF_INET6 hint: only v4-mapped, with AI_V4MAPPED. */
	KUNIT_ASSERT_EQ(test, resolve(test, r, "10.1.2.3", "445", &hints), STATUS_SUCCESS);
	ipv6_addr_set_v4mapped(htonl(0x0a010203), &mapped);
	expect_v6(test, r->result, &mapped, 445, 0);
	resolve_free(r);
	hints.ai_flags = 0;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "10.1.2.3", "445", &hints), STATUS_NO_MATCH);
	hints.ai_family = AF_INET;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "::1", "445", &hints), STATUS_NO_MATCH);

	/* The hints' socket type and protocol come back as they were. */
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_protocol = IPPROTO_UDP;
	KUNIT_ASSERT_EQ(test, resolve(test, r, "127.0.0.1", "53", &hints), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->result->ai_socktype, SOCK_DGRAM);
	KUNIT_EXPECT_EQ(test, r->result->ai_protocol, IPPROTO_UDP);
	KUNIT_EXPECT_NULL(test, r->result->ai_canonname);
}

/*
 * WskSocketConnect to the first answer of @r, of the hints' type and
 * protocol (0: TCP), which listener @l accepts; then close all three.
 */
static void connect_to_answer(struct kunit *test, struct resolve *r, PWSK_SOCKET l)
{
	struct sockaddr_storage local;
	struct wsk_test_irp t, ta;
	NTSTATUS ret, accepting;
	PWSK_SOCKET s;

	wsk_test_irp_init(test, &t);
	wsk_test_irp_init(test, &ta);
	accepting = wsk_test_start_accept(l, &ta, NULL, NULL);
	wsk_test_loopback(&local, AF_INET, 0);
	wsk_test_irp_rearm(&t);
	ret = r->c->npi.Dispatch->WskSocketConnect(r->c->npi.Client, SOCK_STREAM,
						   r->result->ai_protocol, (PSOCKADDR)(&local),
						   r->result->ai_addr, 0, NULL, NULL, NULL, NULL,
						   NULL, t.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_SUCCESS);
	s = (PWSK_SOCKET)t.information;
	wsk_test_track(s);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &ta, accepting), STATUS_SUCCESS);
	wsk_test_track((PWSK_SOCKET)ta.information);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, (PWSK_SOCKET)ta.information),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, l), STATUS_SUCCESS);
}

/*
 * "localhost": both loopbacks, IPv6 first, or the one of the hinted
 * family; then a connection to the IPv4 answer reaches a listener.
 */
static void resolve_localhost_connect(struct kunit *test)
{
	struct resolve *r = resolve_start(test);
	ADDRINFOEXW hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
			      .ai_protocol = IPPROTO_TCP };
	struct wsk_test_irp t;
	char service[8];
	PWSK_SOCKET l;
	u16 port;

	KUNIT_ASSERT_EQ(test, resolve(test, r, "LocalHost", "7", NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, count(r->result), 2);
	expect_v6(test, r->result, &in6addr_loopback, 7, 0);
	expect_v4(test, r->result->ai_next, htonl(INADDR_LOOPBACK), 7);
	resolve_free(r);

	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, r->c, &t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	snprintf(service, sizeof(service), "%u", port);
	KUNIT_ASSERT_EQ(test, resolve(test, r, "localhost", service, &hints), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, count(r->result), 1);
	expect_v4(test, r->result, htonl(INADDR_LOOPBACK), port);
	KUNIT_EXPECT_EQ(test, r->result->ai_socktype, SOCK_STREAM);

	connect_to_answer(test, r, l);
}

/* No host: the wildcard with AI_PASSIVE, else loopback. */
static void resolve_no_host(struct kunit *test)
{
	struct resolve *r = resolve_start(test);
	ADDRINFOEXW hints = { .ai_flags = AI_PASSIVE };

	KUNIT_ASSERT_EQ(test, resolve(test, r, NULL, "3260", &hints), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, count(r->result), 2);
	expect_v6(test, r->result, &in6addr_any, 3260, 0);
	expect_v4(test, r->result->ai_next, htonl(INADDR_ANY), 3260);
	resolve_free(r);

	hints.ai_flags = 0;
	hints.ai_family = AF_INET6;
	KUNIT_ASSERT_EQ(test, resolve(test, r, NULL, "drbd", &hints), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, count(r->result), 1);
	expect_v6(test, r->result, &in6addr_loopback, 7788, 0);
}

/* What cannot be resolved, and bad input: one completion each, nothing returned. */
static void resolve_errors(struct kunit *test)
{
	struct resolve *r = resolve_start(test);
	const WSK_PROVIDER_DISPATCH *d = r->c->npi.Dispatch;
	ADDRINFOEXW hints = {};
	struct sockaddr_in sin = {};
	NTSTATUS ret;

	KUNIT_EXPECT_EQ(test, resolve(test, r, "no-such-host.invalid", "80", NULL),
			STATUS_NO_MATCH);
	KUNIT_EXPECT_EQ(test, resolve(test, r, "localhost", "no-such-service", NULL),
			STATUS_NO_MATCH);
	KUNIT_EXPECT_EQ(test, resolve(test, r, "localhost", "99999", NULL), STATUS_NO_MATCH);
	hints.ai_flags = AI_NUMERICHOST;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "localhost", "80", &hints), STATUS_NO_MATCH);
	hints.ai_flags = AI_NUMERICSERV;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "127.0.0.1", "http", &hints), STATUS_NO_MATCH);

	KUNIT_EXPECT_EQ(test, resolve(test, r, NULL, NULL, NULL), STATUS_INVALID_PARAMETER);
	hints.ai_flags = 0x40000000;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "127.0.0.1", NULL, &hints),
			STATUS_INVALID_PARAMETER);
	hints.ai_flags = 0;
	hints.ai_family = AF_PACKET;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "127.0.0.1", NULL, &hints),
			STATUS_INVALID_PARAMETER);
	hints.ai_family = AF_UNSPEC;
	hints.ai_addr = (struct sockaddr *)&sin;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "127.0.0.1", NULL, &hints),
			STATUS_INVALID_PARAMETER);
	hints.ai_addr = NULL;
	hints.ai_socktype = SOCK_RAW;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "127.0.0.1", NULL, &hints),
			STATUS_INVALID_PARAMETER);

	/* A namespace wsk has no provider for; a thread without its process. */
	wsk_test_irp_rearm(&r->t);
	ret = d->WskGetAddressInfo(r->c->npi.Client, ustr(test, "127.0.0.1"), NULL, 99, NULL,
				   NULL, &r->result, NULL, NULL, r->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &r->t, ret), STATUS_INVALID_PARAMETER);
	wsk_test_irp_rearm(&r->t);
	ret = d->WskGetAddressInfo(r->c->npi.Client, ustr(test, "127.0.0.1"), NULL, NS_ALL,
				   NULL, NULL, &r->result, NULL, (PETHREAD)current, r->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &r->t, ret), STATUS_INVALID_PARAMETER);
	wsk_test_irp_rearm(&r->t);
	ret = d->WskGetAddressInfo(r->c->npi.Client, ustr(test, "127.0.0.1"), NULL, NS_ALL,
				   NULL, NULL, NULL, NULL, NULL, r->t.irp);
	KUNIT_EXPECT_EQ(test, wsk_test_irp_wait(test, &r->t, ret), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, r->result);

	/* No IRP: refused, nothing touched. */
	KUNIT_EXPECT_EQ(test, d->WskGetAddressInfo(r->c->npi.Client, ustr(test, "127.0.0.1"),
						   NULL, NS_ALL, NULL, NULL, &r->result, NULL,
						   NULL, NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, r->result);
	d->WskFreeAddressInfo(r->c->npi.Client, NULL);	/* nothing to free */
}

/* WskGetNameInfo on an address of @len bytes: its status. */
static NTSTATUS name_info(struct kunit *test, struct resolve *r, const void *sa, ULONG len,
			  PUNICODE_STRING host, PUNICODE_STRING serv, ULONG flags)
{
	NTSTATUS ret;

	wsk_test_irp_rearm(&r->t);
	ret = r->c->npi.Dispatch->WskGetNameInfo(r->c->npi.Client, (PSOCKADDR)sa, len, host,
						 serv, flags, NULL, NULL, r->t.irp);
	return wsk_test_irp_wait(test, &r->t, ret);
}

/* Addresses back to names: localhost and well-known services, else numbers. */
static void name_info_cases(struct kunit *test)
{
	struct resolve *r = resolve_start(test);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(445),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(7788),
				     .sin6_scope_id = 2 };
	PUNICODE_STRING host = ubuf(test, NI_MAXHOST), serv = ubuf(test, NI_MAXSERV);

	KUNIT_ASSERT_EQ(test, name_info(test, r, &sin, sizeof(sin), host, serv, 0),
			STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, ustr_is(host, "localhost"));
	KUNIT_EXPECT_TRUE(test, ustr_is(serv, "microsoft-ds"));
	KUNIT_EXPECT_EQ(test, host->Buffer[host->Length / sizeof(WCHAR)], 0);
	KUNIT_ASSERT_EQ(test, name_info(test, r, &sin, sizeof(sin), host, serv,
					NI_NUMERICHOST | NI_NUMERICSERV), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, ustr_is(host, "127.0.0.1"));
	KUNIT_EXPECT_TRUE(test, ustr_is(serv, "445"));

	sin.sin_addr.s_addr = htonl(0xc0000201);
	sin.sin_port = htons(40001);
	KUNIT_ASSERT_EQ(test, name_info(test, r, &sin, sizeof(sin), host, serv, 0),
			STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, ustr_is(host, "192.0.2.1"));
	KUNIT_EXPECT_TRUE(test, ustr_is(serv, "40001"));
	KUNIT_EXPECT_EQ(test, name_info(test, r, &sin, sizeof(sin), host, NULL, NI_NAMEREQD),
			STATUS_NO_MATCH);

	KUNIT_ASSERT_EQ(test, in6_pton("fe80::1", -1, (u8 *)&sin6.sin6_addr, -1, NULL), 1);
	KUNIT_ASSERT_EQ(test, name_info(test, r, &sin6, sizeof(sin6), host, serv, 0),
			STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, ustr_is(host, "fe80::1%2"));
	KUNIT_EXPECT_TRUE(test, ustr_is(serv, "drbd"));

	/* Bad input, and a buffer too small. */
	KUNIT_EXPECT_EQ(test, name_info(test, r, &sin6, sizeof(sin), host, serv, 0),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, name_info(test, r, &sin, sizeof(sin), NULL, NULL, 0),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, name_info(test, r, &sin, sizeof(sin), host, serv, 0x100),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, name_info(test, r, &sin, sizeof(sin), ubuf(test, 4), NULL, 0),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, r->c->npi.Dispatch->WskGetNameInfo(r->c->npi.Client,
								 (PSOCKADDR)(&sin), sizeof(sin),
								 host, serv, 0, NULL, NULL, NULL),
			STATUS_INVALID_PARAMETER);
}

/* The test's DNS: a few names, the calls it got, the context it ran in. */
static atomic_t dns_calls;
static bool dns_in_task;
static int dns_module_refs;

static void dns_v4(struct sockaddr_storage *ss, const char *a)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = in_aton(a);
}

static void dns_v6(struct sockaddr_storage *ss, const char *a)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	in6->sin6_family = AF_INET6;
	in6_pton(a, -1, (u8 *)&in6->sin6_addr, -1, NULL);
}

static int test_resolve(struct net *net, const char *name, struct sockaddr_storage *addrs,
			int max)
{
	int i;

	atomic_inc(&dns_calls);
	dns_in_task = KeGetCurrentIrql() == PASSIVE_LEVEL;
	dns_module_refs = module_refcount(THIS_MODULE);
	might_sleep();
	if (!strcmp(name, "dual.test") && max >= 3) {
		dns_v4(&addrs[0], "192.0.2.1");
		dns_v6(&addrs[1], "2001:db8::1");
		dns_v4(&addrs[2], "192.0.2.2");
		return 3;
	}
	if (!strcmp(name, "loop.test")) {
		dns_v4(&addrs[0], "127.0.0.1");
		return 1;
	}
	if (!strcmp(name, "many.test")) {
		for (i = 0; i < max; i++) {
			dns_v4(&addrs[i], "192.0.2.9");
			((struct sockaddr_in *)&addrs[i])->sin_addr.s_addr += htonl(i);
		}
		return max + 4;	/* more than it was given room for */
	}
	if (!strcmp(name, "late.test"))
		return -ETIMEDOUT;
	return -ENODATA;
}

static const struct wsk_resolver test_resolver = {
	.owner = THIS_MODULE,
	.resolve = test_resolve,
};

static void resolver_off(void *unused)
{
	wsk_resolver_unregister(&test_resolver);
}

/*
 * Names only DNS knows go to the registered resolver, in process context
 * with a reference on its module, and come back filtered by the hints
 * (IPv6 first); without a resolver they complete STATUS_NO_MATCH at once.
 */
static void resolve_dns(struct kunit *test)
{
	struct resolve *r = resolve_start(test);
	ADDRINFOEXW hints = { .ai_family = AF_INET };
	struct in6_addr v6, mapped;
	int refs = module_refcount(THIS_MODULE);

	KUNIT_EXPECT_EQ(test, resolve(test, r, "dual.test", "445", NULL), STATUS_NO_MATCH);
	KUNIT_ASSERT_EQ(test, wsk_resolver_register(&test_resolver), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, resolver_off, NULL), 0);
	KUNIT_EXPECT_EQ(test, wsk_resolver_register(&test_resolver), -EBUSY);
	atomic_set(&dns_calls, 0);

	KUNIT_ASSERT_EQ(test, resolve(test, r, "dual.test", "445", NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, dns_in_task);
	KUNIT_EXPECT_GT(test, dns_module_refs, refs);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs);
	KUNIT_ASSERT_EQ(test, count(r->result), 3);
	in6_pton("2001:db8::1", -1, (u8 *)&v6, -1, NULL);
	expect_v6(test, r->result, &v6, 445, 0);
	expect_v4(test, r->result->ai_next, in_aton("192.0.2.1"), 445);
	expect_v4(test, r->result->ai_next->ai_next, in_aton("192.0.2.2"), 445);
	resolve_free(r);

	KUNIT_ASSERT_EQ(test, resolve(test, r, "dual.test", NULL, &hints), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, count(r->result), 2);
	expect_v4(test, r->result, in_aton("192.0.2.1"), 0);
	resolve_free(r);
	hints.ai_family = AF_INET6;
	KUNIT_ASSERT_EQ(test, resolve(test, r, "dual.test", NULL, &hints), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, count(r->result), 1);
	resolve_free(r);
	/* AI_V4MAPPED: IPv4 answers as IPv6 ones only when there is no IPv6 one. */
	hints.ai_flags = AI_V4MAPPED;
	KUNIT_ASSERT_EQ(test, resolve(test, r, "loop.test", "7", &hints), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, count(r->result), 1);
	ipv6_addr_set_v4mapped(htonl(INADDR_LOOPBACK), &mapped);
	expect_v6(test, r->result, &mapped, 7, 0);
	resolve_free(r);
	KUNIT_ASSERT_EQ(test, resolve(test, r, "dual.test", NULL, &hints), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, count(r->result), 1);
	resolve_free(r);
	hints.ai_flags = AI_V4MAPPED | AI_ALL;
	KUNIT_ASSERT_EQ(test, resolve(test, r, "dual.test", NULL, &hints), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, count(r->result), 3);
	resolve_free(r);

	/* At most 8 answers; the resolver's failures. */
	KUNIT_ASSERT_EQ(test, resolve(test, r, "many.test", NULL, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, count(r->result), 8);
	resolve_free(r);
	KUNIT_EXPECT_EQ(test, resolve(test, r, "nosuch.test", NULL, NULL), STATUS_NO_MATCH);
	KUNIT_EXPECT_EQ(test, resolve(test, r, "late.test", NULL, NULL), STATUS_IO_TIMEOUT);
	hints.ai_family = AF_INET6;
	hints.ai_flags = 0;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "loop.test", NULL, &hints), STATUS_NO_MATCH);
	KUNIT_EXPECT_EQ(test, atomic_read(&dns_calls), 10);

	/* AI_NUMERICHOST never asks DNS. */
	hints.ai_flags = AI_NUMERICHOST;
	KUNIT_EXPECT_EQ(test, resolve(test, r, "dual.test", NULL, &hints), STATUS_NO_MATCH);
	KUNIT_EXPECT_EQ(test, atomic_read(&dns_calls), 10);

	wsk_resolver_unregister(&test_resolver);
	KUNIT_EXPECT_EQ(test, resolve(test, r, "dual.test", NULL, NULL), STATUS_NO_MATCH);
	KUNIT_EXPECT_EQ(test, atomic_read(&dns_calls), 10);
}

/* A name DNS gives, then a connection to it reaches a listener. */
static void resolve_dns_connect(struct kunit *test)
{
	struct resolve *r = resolve_start(test);
	struct wsk_test_irp t;
	char service[8];
	PWSK_SOCKET l;
	u16 port;

	KUNIT_ASSERT_EQ(test, wsk_resolver_register(&test_resolver), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, resolver_off, NULL), 0);
	wsk_test_irp_init(test, &t);
	l = wsk_test_listener(test, r->c, &t, AF_INET, NULL, NULL, &port);
	KUNIT_ASSERT_NOT_NULL(test, l);
	snprintf(service, sizeof(service), "%u", port);
	KUNIT_ASSERT_EQ(test, resolve(test, r, "loop.test", service, NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, count(r->result), 1);

	connect_to_answer(test, r, l);
}

static struct kunit_case resolve_cases[] = {
	KUNIT_CASE(resolve_numeric),
	KUNIT_CASE(resolve_localhost_connect),
	KUNIT_CASE(resolve_no_host),
	KUNIT_CASE(resolve_errors),
	KUNIT_CASE(name_info_cases),
	KUNIT_CASE(resolve_dns),
	KUNIT_CASE(resolve_dns_connect),
	{}
};

static struct kunit_suite resolve_suite = {
	.name = "wsk_resolve",
	.suite_init = wsk_test_loopback_up,
	.test_cases = resolve_cases,
};

kunit_test_suite(resolve_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: wsk name resolution");
WSK_IMPORT_NS();
