/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SAL and driver annotations (sal.h, driverspecs.h): documentation for
 * Microsoft's static analysis, nothing to a Linux build. Each expands to
 * nothing, arguments and all; _Analysis_assume_() is a statement that does
 * nothing (its expression is not evaluated).
 */
#ifndef _WSK_NT_SAL_H
#define _WSK_NT_SAL_H

#define __sal_none(...)

/* Parameters */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _In_reads_(n) __sal_none(n)
#define _In_reads_opt_(n) __sal_none(n)
#define _In_reads_bytes_(n) __sal_none(n)
#define _In_reads_bytes_opt_(n) __sal_none(n)
#define _Out_writes_(n) __sal_none(n)
#define _Out_writes_opt_(n) __sal_none(n)
#define _Out_writes_bytes_(n) __sal_none(n)
#define _Out_writes_bytes_opt_(n) __sal_none(n)
#define _Out_writes_to_(n, c) __sal_none(n, c)
#define _Out_writes_bytes_to_(n, c) __sal_none(n, c)
#define _Inout_updates_(n) __sal_none(n)
#define _Inout_updates_bytes_(n) __sal_none(n)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_nullonfailure_
#define _Outptr_result_buffer_(n) __sal_none(n)
#define _Outptr_result_bytebuffer_(n) __sal_none(n)
#define _Reserved_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Frees_ptr_
#define _Frees_ptr_opt_

/* Results and functions */
#define _Must_inspect_result_
#define _Check_return_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_range_(l, h) __sal_none(l, h)
#define _Success_(e) __sal_none(e)
#define _Return_type_success_(e) __sal_none(e)
#define _Use_decl_annotations_
#define _At_(e, a) __sal_none(e, a)
#define _When_(c, a) __sal_none(c, a)
#define _Field_size_(n) __sal_none(n)
#define _Field_size_opt_(n) __sal_none(n)
#define _Field_size_bytes_(n) __sal_none(n)
#define _Field_size_part_(n, c) __sal_none(n, c)
#define _Field_size_bytes_part_(n, c) __sal_none(n, c)
#define _Field_range_(l, h) __sal_none(l, h)
#define _Struct_size_bytes_(n) __sal_none(n)
#define _Analysis_assume_(e) ((void)sizeof(e))
#define _Analysis_mode_(m) __sal_none(m)
#define _Printf_format_string_

/* IRQL, dispatch routines and locks (driverspecs.h) */
#define _IRQL_requires_max_(l) __sal_none(l)
#define _IRQL_requires_min_(l) __sal_none(l)
#define _IRQL_requires_(l) __sal_none(l)
#define _IRQL_requires_same_
#define _IRQL_raises_(l) __sal_none(l)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(k, p) __sal_none(k, p)
#define _IRQL_restores_global_(k, p) __sal_none(k, p)
#define _IRQL_always_function_max_(l) __sal_none(l)
#define _Function_class_(n) __sal_none(n)
#define _Dispatch_type_(t) __sal_none(t)
#define _Requires_lock_held_(l) __sal_none(l)
#define _Requires_lock_not_held_(l) __sal_none(l)
#define _Acquires_lock_(l) __sal_none(l)
#define _Releases_lock_(l) __sal_none(l)
#define _Guarded_by_(l) __sal_none(l)
#define _Interlocked_
#define _Kernel_clear_do_init_(y) __sal_none(y)
#define __drv_allocatesMem(k) __sal_none(k)
#define __drv_freesMem(k) __sal_none(k)
#define __drv_aliasesMem
#define __drv_maxIRQL(l) __sal_none(l)
#define __drv_requiresIRQL(l) __sal_none(l)
#define __drv_dispatchType(t) __sal_none(t)
#define __drv_mustHold(l) __sal_none(l)
#define __drv_when(c, a) __sal_none(c, a)

#endif /* _WSK_NT_SAL_H */
