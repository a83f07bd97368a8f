/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-only extensions of the WSK API.
 */
#ifndef _WSK_WSK_LINUX_H
#define _WSK_WSK_LINUX_H

#include <linux/device/driver.h>
#include "compat/compat.h"
#include <linux/module.h>
#include "wsk.h"

/*
 * WskControlClient code: create this client's next sockets in another
 * network namespace. InputBuffer points to a struct net pointer, InputSize
 * is sizeof(struct net *), Irp must be NULL; the caller holds a reference
 * on the namespace during the call. wsk keeps none: when the namespace goes
 * away its sockets are forced closed (their calls fail with
 * STATUS_FILE_FORCED_CLOSED), and this client's WskSocket then completes
 * with STATUS_INVALID_DEVICE_STATE until it chooses another namespace.
 * The default is init_net.
 */
#define WSK_LINUX_SET_NET_NAMESPACE	0x80000001

/*
 * A DNS resolver for WskGetAddressInfo's host names, for a module that
 * provides one (wsk_dns.ko, over the kernel's dns_query()); clients never
 * need it. resolve() runs in process context and may sleep: it puts up to
 * @max addresses of @name (AF_INET or AF_INET6, port 0) in @addrs and
 * returns how many, or -errno: -ETIMEDOUT, -ENOMEM, any other for a name
 * that does not resolve. wsk holds a reference on @owner during each call.
 */
struct wsk_resolver {
	struct module *owner;
	int (*resolve)(struct net *net, const char *name, struct sockaddr_storage *addrs,
		       int max);
};

int wsk_resolver_register(const struct wsk_resolver *resolver);
void wsk_resolver_unregister(const struct wsk_resolver *resolver);

/*
 * The module glue of a ported driver: WSK_DRIVER_MODULE(DriverEntry) makes
 * the module's init call DriverEntry with a DRIVER_OBJECT of its own and an
 * empty registry path (a failure status fails the load), and its exit call
 * the DriverUnload routine DriverEntry set, if any. The client still
 * declares MODULE_LICENSE and WSK_IMPORT_NS().
 */
static DRIVER_OBJECT wsk_driver_object __maybe_unused;

static inline int wsk_driver_load(PDRIVER_OBJECT driver, PDRIVER_INITIALIZE entry)
{
	static UNICODE_STRING registry_path;

	driver->DriverInit = entry;
	return NT_SUCCESS(entry(driver, &registry_path)) ? 0 : -ENODEV;
}

static inline void wsk_driver_unload(PDRIVER_OBJECT driver, PDRIVER_INITIALIZE entry)
{
	if (driver->DriverUnload)
		driver->DriverUnload(driver);
}

#define WSK_DRIVER_MODULE(entry) \
	module_driver(wsk_driver_object, wsk_driver_load, wsk_driver_unload, entry)

#endif /* _WSK_WSK_LINUX_H */
