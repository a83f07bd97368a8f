/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the wsk KUnit suites: a registered client, IRPs that
 * count their completions, and markers around splats a test provokes.
 */
#ifndef _WSK_KUNIT_TEST_H
#define _WSK_KUNIT_TEST_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <ntddk.h>
#include <wsk.h>

/* How long a test waits for an IRP before declaring it lost. */
#define WSK_TEST_TIMEOUT_MS 10000

/* Print markers the harness uses to accept a splat the test provokes. */
#define wsk_test_expect_splat_begin() pr_info("wsk-test: expect-splat-begin\n")
#define wsk_test_expect_splat_end() pr_info("wsk-test: expect-splat-end\n")

/* An IRP whose completion routine counts its calls and records IoStatus. */
struct wsk_test_irp {
	PIRP irp;
	KEVENT done;
	atomic_t calls;
	NTSTATUS status;
	ULONG_PTR information;
	NTSTATUS routine_returns;
};

static inline NTSTATUS wsk_test_irp_routine(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct wsk_test_irp *t = context;
	NTSTATUS ret = t->routine_returns;

	t->status = irp->IoStatus.Status;
	t->information = irp->IoStatus.Information;
	atomic_inc(&t->calls);
	KeSetEvent(&t->done, IO_NO_INCREMENT, FALSE);
	return ret;
}

static inline void wsk_test_irp_free(void *irp)
{
	IoFreeIrp(irp);
}

/* Allocate t->irp, freed when the test ends, and arm it for a first call. */
static inline void wsk_test_irp_init(struct kunit *test, struct wsk_test_irp *t)
{
	memset(t, 0, sizeof(*t));
	t->irp = IoAllocateIrp(1, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, t->irp);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_irp_free, t->irp), 0);
	KeInitializeEvent(&t->done, NotificationEvent, FALSE);
	t->routine_returns = STATUS_MORE_PROCESSING_REQUIRED;
	IoSetCompletionRoutine(t->irp, wsk_test_irp_routine, t, TRUE, TRUE, TRUE);
}

/* Reuse the IRP for another call, as a WSK client does. */
static inline void wsk_test_irp_rearm(struct wsk_test_irp *t)
{
	IoReuseIrp(t->irp, STATUS_UNSUCCESSFUL);
	KeClearEvent(&t->done);
	atomic_set(&t->calls, 0);
	IoSetCompletionRoutine(t->irp, wsk_test_irp_routine, t, TRUE, TRUE, TRUE);
}

/*
 * Finish a call that returned @ret: wait if it is pending, then check the
 * WSK contract (one completion, whose status a non-pending return equals)
 * and return the completion status.
 */
static inline NTSTATUS wsk_test_irp_wait(struct kunit *test, struct wsk_test_irp *t,
					 NTSTATUS ret)
{
	LARGE_INTEGER timeout = { .QuadPart = -10000LL * WSK_TEST_TIMEOUT_MS };

	if (ret == STATUS_PENDING) {
		if (KeWaitForSingleObject(&t->done, Executive, KernelMode, FALSE, &timeout) !=
		    STATUS_SUCCESS) {
			KUNIT_FAIL(test, "pending IRP never completed");
			return STATUS_PENDING;
		}
	} else {
		KUNIT_EXPECT_EQ_MSG(test, t->status, ret,
				    "non-pending return must equal the completion status");
	}
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&t->calls), 1, "completion routine calls");
	KUNIT_EXPECT_EQ(test, t->irp->IoStatus.Status, t->status);
	return t->status;
}

/* A registered client with a captured provider NPI, undone at test end. */
struct wsk_test_client {
	WSK_REGISTRATION reg;
	WSK_PROVIDER_NPI npi;
	bool captured;
};

static const WSK_CLIENT_DISPATCH wsk_test_client_dispatch = {
	.Version = MAKE_WSK_VERSION(1, 0),
};

static inline void wsk_test_client_stop(void *data)
{
	struct wsk_test_client *c = data;

	if (c->captured)
		WskReleaseProviderNPI(&c->reg);
	WskDeregister(&c->reg);
}

static inline struct wsk_test_client *wsk_test_client_start(struct kunit *test)
{
	WSK_CLIENT_NPI npi = { .Dispatch = &wsk_test_client_dispatch };
	struct wsk_test_client *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, WskRegister(&npi, &c->reg), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_client_stop, c), 0);
	KUNIT_ASSERT_EQ(test, WskCaptureProviderNPI(&c->reg, WSK_NO_WAIT, &c->npi),
			STATUS_SUCCESS);
	c->captured = true;
	return c;
}

/* Create a socket through WskSocket and return it, or NULL. */
static inline PWSK_SOCKET wsk_test_socket(struct kunit *test, struct wsk_test_client *c,
					  struct wsk_test_irp *t, ADDRESS_FAMILY family,
					  USHORT type, ULONG protocol, ULONG flags)
{
	NTSTATUS ret;

	wsk_test_irp_rearm(t);
	ret = c->npi.Dispatch->WskSocket(c->npi.Client, family, type, protocol, flags,
					 NULL, NULL, NULL, NULL, NULL, t->irp);
	if (wsk_test_irp_wait(test, t, ret) != STATUS_SUCCESS)
		return NULL;
	return (PWSK_SOCKET)t->information;
}

/* Close a socket through WskCloseSocket and return the close status. */
static inline NTSTATUS wsk_test_close(struct kunit *test, struct wsk_test_irp *t,
				      PWSK_SOCKET s)
{
	const WSK_PROVIDER_BASIC_DISPATCH *d = s->Dispatch;

	wsk_test_irp_rearm(t);
	return wsk_test_irp_wait(test, t, d->WskCloseSocket(s, t->irp));
}

/* Bring loopback up in init_net: suites may run before user space does. */
static inline int wsk_test_loopback_up(struct kunit_suite *suite)
{
	struct net_device *lo = init_net.loopback_dev;
	int ret;

	rtnl_lock();
	ret = dev_change_flags(lo, lo->flags | IFF_UP, NULL);
	rtnl_unlock();
	return ret;
}

#endif /* _WSK_KUNIT_TEST_H */
