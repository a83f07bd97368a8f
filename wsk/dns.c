// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_dns.ko: WskGetAddressInfo's DNS names through the kernel's DNS
 * resolver (dns_query(), the upcall to user space's key.dns_resolver that
 * CIFS and NFS use). A module of its own, so that wsk.ko does not need
 * dns_resolver.ko; modprobe wsk_dns loads both.
 *
 * The "list" option asks for every address of the name, as a list of
 * numeric addresses separated by commas.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/time64.h>
#include <linux/dns_resolver.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <compat/compat.h>
#include <wsk_linux.h>

/* One numeric address of the answer into @ss: false if it is not one. */
static bool dns_address(const char *s, size_t len, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (in4_pton(s, len, (u8 *)&in->sin_addr, -1, NULL)) {
		in->sin_family = AF_INET;
		return true;
	}
	if (in6_pton(s, len, (u8 *)&in6->sin6_addr, -1, NULL)) {
		in6->sin6_family = AF_INET6;
		return true;
	}
	return false;
}

static int dns_resolve(struct net *net, const char *name, struct sockaddr_storage *addrs,
		       int max)
{
	char *answer = NULL, *p, *comma;
	int len, n = 0;

	len = dns_query(net, NULL, name, strlen(name), "list", &answer, NULL, false);
	if (len < 0)
		return len;
	for (p = answer; p && *p && n < max; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		if (dns_address(p, comma ? comma - p : strlen(p), &addrs[n]))
			n++;
	}
	kfree(answer);
	return n ? n : -ENODATA;
}

static const struct wsk_resolver dns_resolver = {
	.owner = THIS_MODULE,
	.resolve = dns_resolve,
};

static int __init wsk_dns_init(void)
{
	return wsk_resolver_register(&dns_resolver);
}

static void __exit wsk_dns_exit(void)
{
	wsk_resolver_unregister(&dns_resolver);
}

module_init(wsk_dns_init);
module_exit(wsk_dns_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk: DNS names for WskGetAddressInfo through the kernel's DNS resolver");
MODULE_VERSION(WSK_VERSION);
MODULE_AUTHOR("The wsk developers");
WSK_IMPORT_NS();
