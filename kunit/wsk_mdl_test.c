// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: MDLs over kmalloc'd, vmalloc'd, page and stack memory, and MDL
 * chains on an IRP.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <compat/compat.h>
#include "wsk_test.h"

static PMDL build_mdl(struct kunit *test, void *va, ULONG len)
{
	PMDL mdl = wsk_test_mdl(test, va, len);

	KUNIT_EXPECT_NULL(test, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority));
	MmBuildMdlForNonPagedPool(mdl);
	return mdl;
}

/* The MDL describes exactly [va, va + len) and each page it spans. */
static void check_mdl(struct kunit *test, PMDL mdl, char *va, ULONG len)
{
	ULONG pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len), i;
	PPFN_NUMBER pfn = MmGetMdlPfnArray(mdl);
	char *page = (char *)((unsigned long)va & PAGE_MASK);

	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), len);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteOffset(mdl), offset_in_page(va));
	KUNIT_EXPECT_PTR_EQ(test, MmGetMdlVirtualAddress(mdl), (PVOID)va);
	KUNIT_EXPECT_PTR_EQ(test, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority),
			    (PVOID)va);
	KUNIT_EXPECT_NULL(test, mdl->Next);
	for (i = 0; i < pages; i++, page += PAGE_SIZE) {
		unsigned long want = virt_addr_valid(page) ?
				     page_to_pfn(virt_to_page(page)) : vmalloc_to_pfn(page);

		KUNIT_EXPECT_EQ_MSG(test, pfn[i], want, "page %u", i);
	}
}

static void mdl_kmalloc(struct kunit *test)
{
	char *buf = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	check_mdl(test, build_mdl(test, buf + 100, 2 * PAGE_SIZE), buf + 100, 2 * PAGE_SIZE);
}

static void mdl_vmalloc(struct kunit *test)
{
	char *buf = vmalloc(5 * PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wsk_test_vfree, buf), 0);
	check_mdl(test, build_mdl(test, buf + 7, 4 * PAGE_SIZE + 1), buf + 7,
		  4 * PAGE_SIZE + 1);
}

static void free_pages_action(void *p)
{
	free_pages((unsigned long)p, 1);
}

static void mdl_pages(struct kunit *test)
{
	char *buf = (char *)__get_free_pages(GFP_KERNEL, 1);
	PPFN_NUMBER pfn;
	PMDL mdl;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_pages_action, buf), 0);
	mdl = build_mdl(test, buf, 2 * PAGE_SIZE);
	check_mdl(test, mdl, buf, 2 * PAGE_SIZE);
	pfn = MmGetMdlPfnArray(mdl);
	KUNIT_EXPECT_EQ(test, pfn[1], pfn[0] + 1);
}

static void mdl_stack(struct kunit *test)
{
	char buf[64];

	memset(buf, 0, sizeof(buf));
	check_mdl(test, build_mdl(test, buf, sizeof(buf)), buf, sizeof(buf));
}

/* With an IRP, the first MDL becomes MdlAddress and secondary ones chain. */
static void mdl_chain_on_irp(struct kunit *test)
{
	char *buf = kunit_kmalloc(test, 300, GFP_KERNEL);
	struct wsk_test_irp t;
	PMDL a, b, c;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	wsk_test_irp_init(test, &t);
	a = IoAllocateMdl(buf, 100, FALSE, FALSE, t.irp);
	b = IoAllocateMdl(buf + 100, 100, TRUE, FALSE, t.irp);
	c = IoAllocateMdl(buf + 200, 100, TRUE, FALSE, t.irp);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_PTR_EQ(test, t.irp->MdlAddress, a);
	KUNIT_EXPECT_PTR_EQ(test, a->Next, b);
	KUNIT_EXPECT_PTR_EQ(test, b->Next, c);
	KUNIT_EXPECT_NULL(test, c->Next);
	t.irp->MdlAddress = NULL;
	IoFreeMdl(a);
	IoFreeMdl(b);
	IoFreeMdl(c);
}

static void mdl_probe_and_lock(struct kunit *test)
{
	char *buf = kunit_kmalloc(test, 64, GFP_KERNEL);
	PMDL mdl;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	mdl = IoAllocateMdl(buf, 64, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	MmProbeAndLockPages(mdl, KernelMode, IoWriteAccess);
	KUNIT_EXPECT_PTR_EQ(test, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority),
			    (PVOID)buf);
	KUNIT_EXPECT_TRUE(test, mdl->MdlFlags & MDL_PAGES_LOCKED);
	MmUnlockPages(mdl);
	KUNIT_EXPECT_FALSE(test, mdl->MdlFlags & MDL_PAGES_LOCKED);
	IoFreeMdl(mdl);
}

static struct kunit_case mdl_cases[] = {
	KUNIT_CASE(mdl_kmalloc),
	KUNIT_CASE(mdl_vmalloc),
	KUNIT_CASE(mdl_pages),
	KUNIT_CASE(mdl_stack),
	KUNIT_CASE(mdl_chain_on_irp),
	KUNIT_CASE(mdl_probe_and_lock),
	{}
};

static struct kunit_suite mdl_suite = {
	.name = "wsk_mdl",
	.test_cases = mdl_cases,
};

kunit_test_suite(mdl_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: wsk MDLs");
WSK_IMPORT_NS();
