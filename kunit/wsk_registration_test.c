// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: client registration. Captures in every wait mode, capture after
 * deregistration, and WskDeregister waiting for a held NPI and an open
 * socket, with several clients at once.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <compat/compat.h>
#include "wsk_test.h"

static void registration_capture_modes(struct kunit *test)
{
	static const ULONG waits[] = { WSK_NO_WAIT, WSK_INFINITE_WAIT, 1000 };
	WSK_CLIENT_NPI cnpi = { .Dispatch = &wsk_test_client_dispatch };
	WSK_PROVIDER_CHARACTERISTICS pc;
	WSK_PROVIDER_NPI npi[3];
	WSK_REGISTRATION reg;
	int i;

	KUNIT_ASSERT_EQ(test, WskRegister(&cnpi, &reg), STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(waits); i++) {
		KUNIT_EXPECT_EQ(test, WskCaptureProviderNPI(&reg, waits[i], &npi[i]),
				STATUS_SUCCESS);
		KUNIT_EXPECT_NOT_NULL(test, npi[i].Client);
		KUNIT_EXPECT_PTR_EQ(test, npi[i].Client, npi[0].Client);
		KUNIT_ASSERT_NOT_NULL(test, npi[i].Dispatch);
		KUNIT_EXPECT_EQ(test, npi[i].Dispatch->Version, MAKE_WSK_VERSION(1, 0));
		KUNIT_EXPECT_NOT_NULL(test, npi[i].Dispatch->WskSocket);
		KUNIT_EXPECT_NOT_NULL(test, npi[i].Dispatch->WskSocketConnect);
		KUNIT_EXPECT_NOT_NULL(test, npi[i].Dispatch->WskControlClient);
		KUNIT_EXPECT_NOT_NULL(test, npi[i].Dispatch->WskGetAddressInfo);
		KUNIT_EXPECT_NOT_NULL(test, npi[i].Dispatch->WskFreeAddressInfo);
		KUNIT_EXPECT_NOT_NULL(test, npi[i].Dispatch->WskGetNameInfo);
	}
	KUNIT_EXPECT_EQ(test, WskQueryProviderCharacteristics(&reg, &pc), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, pc.HighestVersion, MAKE_WSK_VERSION(1, 0));
	KUNIT_EXPECT_EQ(test, pc.LowestVersion, MAKE_WSK_VERSION(1, 0));
	for (i = 0; i < ARRAY_SIZE(waits); i++)
		WskReleaseProviderNPI(&reg);
	WskDeregister(&reg);
	KUNIT_EXPECT_EQ(test, WskCaptureProviderNPI(&reg, WSK_NO_WAIT, &npi[0]),
			STATUS_DEVICE_NOT_READY);
	KUNIT_EXPECT_EQ(test, WskCaptureProviderNPI(&reg, WSK_INFINITE_WAIT, &npi[0]),
			STATUS_DEVICE_NOT_READY);
}

static void registration_bad_arguments(struct kunit *test)
{
	static const WSK_CLIENT_DISPATCH v2 = { .Version = MAKE_WSK_VERSION(2, 0) };
	WSK_CLIENT_NPI cnpi = { .Dispatch = &v2 };
	WSK_PROVIDER_NPI npi;
	WSK_REGISTRATION reg;

	KUNIT_EXPECT_EQ(test, WskRegister(NULL, &reg), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, WskRegister(&cnpi, NULL), STATUS_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, WskRegister(&cnpi, &reg), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, WskCaptureProviderNPI(&reg, WSK_NO_WAIT, &npi),
			STATUS_NOINTERFACE);
	KUNIT_EXPECT_EQ(test, WskCaptureProviderNPI(&reg, WSK_NO_WAIT, NULL),
			STATUS_INVALID_PARAMETER);
	WskDeregister(&reg);
}

struct deregistration {
	WSK_REGISTRATION reg;
	struct completion done;
};

static int deregister_thread(void *data)
{
	struct deregistration *d = data;

	WskDeregister(&d->reg);
	complete(&d->done);
	return 0;
}

/* WskDeregister blocks while an NPI is captured or a socket is open. */
static void registration_deregister_waits(struct kunit *test)
{
	WSK_CLIENT_NPI cnpi = { .Dispatch = &wsk_test_client_dispatch };
	struct deregistration *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	WSK_PROVIDER_NPI npi, late;
	struct wsk_test_irp t;
	struct task_struct *k;
	PWSK_SOCKET s;
	NTSTATUS ret;

	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->done);
	wsk_test_irp_init(test, &t);
	KUNIT_ASSERT_EQ(test, WskRegister(&cnpi, &d->reg), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, WskCaptureProviderNPI(&d->reg, WSK_NO_WAIT, &npi),
			STATUS_SUCCESS);
	wsk_test_irp_rearm(&t);
	ret = npi.Dispatch->WskSocket(npi.Client, AF_INET6, SOCK_STREAM, IPPROTO_TCP,
				      WSK_FLAG_STREAM_SOCKET, NULL, NULL, NULL, NULL, NULL,
				      t.irp);
	KUNIT_ASSERT_EQ(test, wsk_test_irp_wait(test, &t, ret), STATUS_SUCCESS);
	s = (PWSK_SOCKET)t.information;

	k = kthread_run(deregister_thread, d, "wsk-dereg-test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	msleep(200);
	KUNIT_EXPECT_FALSE(test, completion_done(&d->done));
	KUNIT_EXPECT_EQ(test, WskCaptureProviderNPI(&d->reg, WSK_NO_WAIT, &late),
			STATUS_DEVICE_NOT_READY);

	WskReleaseProviderNPI(&d->reg);
	msleep(200);
	KUNIT_EXPECT_FALSE(test, completion_done(&d->done));

	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s), STATUS_SUCCESS);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&d->done,
							  msecs_to_jiffies(WSK_TEST_TIMEOUT_MS)),
			0UL);
	KUNIT_EXPECT_EQ(test, WskCaptureProviderNPI(&d->reg, WSK_NO_WAIT, &late),
			STATUS_DEVICE_NOT_READY);
}

/* Clients are independent: one deregisters while the others work on. */
static void registration_several_clients(struct kunit *test)
{
	struct wsk_test_client *c[3];
	PWSK_SOCKET s[3];
	struct wsk_test_irp t;
	int i;

	wsk_test_irp_init(test, &t);
	for (i = 0; i < 3; i++) {
		c[i] = wsk_test_client_start(test);
		KUNIT_EXPECT_PTR_NE(test, c[i]->npi.Client, (i ? c[0]->npi.Client : NULL));
		s[i] = wsk_test_socket(test, c[i], &t, AF_INET, SOCK_STREAM, IPPROTO_TCP,
				       WSK_FLAG_LISTEN_SOCKET);
		KUNIT_ASSERT_NOT_NULL(test, s[i]);
	}
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s[1]), STATUS_SUCCESS);
	WskReleaseProviderNPI(&c[1]->reg);
	c[1]->captured = false;
	WskDeregister(&c[1]->reg);
	KUNIT_EXPECT_EQ(test, WskCaptureProviderNPI(&c[1]->reg, WSK_NO_WAIT, &c[1]->npi),
			STATUS_DEVICE_NOT_READY);
	/* Its stop action deregisters again: a no-op on a dead registration. */
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s[0]), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wsk_test_close(test, &t, s[2]), STATUS_SUCCESS);
}

static struct kunit_case registration_cases[] = {
	KUNIT_CASE(registration_capture_modes),
	KUNIT_CASE(registration_bad_arguments),
	KUNIT_CASE(registration_deregister_waits),
	KUNIT_CASE(registration_several_clients),
	{}
};

static struct kunit_suite registration_suite = {
	.name = "wsk_registration",
	.test_cases = registration_cases,
};

kunit_test_suite(registration_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: wsk client registration");
WSK_IMPORT_NS();
