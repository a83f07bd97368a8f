// SPDX-License-Identifier: GPL-2.0
/*
 * DbgPrint and DbgPrintEx: Windows format strings to the kernel log.
 *
 * The format is rewritten for printk: Windows' 32-bit "l" is dropped
 * (%lx of a ULONG), I64 becomes "ll", I32 nothing and I "z"; wide and
 * counted strings (%ws, %S, %wZ, %Z), which printk cannot print, show as
 * pointers (%p). The arguments are passed on as they are.
 */
#define pr_fmt(fmt) fmt	/* the client's message, as it is */

#include <kunit/visibility.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <compat/compat.h>
#include <wdm.h>
#include "debug.h"

#define WSK_DBG_FORMAT	256

/*
 * Rewrite @fmt into @out (@room bytes); false if it does not fit. Every
 * rewrite is as long as what it replaces or shorter, so @fmt's length
 * bounds the result.
 */
VISIBLE_IF_KUNIT bool wsk_dbg_format(const char *fmt, char *out, size_t room)
{
	size_t n = 0, start;

	if (strlen(fmt) >= room)
		return false;
	while (*fmt) {
		if (*fmt != '%') {
			out[n++] = *fmt++;
			continue;
		}
		start = n;
		out[n++] = *fmt++;
		while (*fmt && strchr("-+ #0123456789.*", *fmt))
			out[n++] = *fmt++;
		if (!strncmp(fmt, "I64", 3)) {
			out[n++] = 'l';
			out[n++] = 'l';
			fmt += 3;
		} else if (!strncmp(fmt, "I32", 3)) {
			fmt += 3;
		} else if (*fmt == 'I') {
			out[n++] = 'z';
			fmt++;
		} else if (fmt[0] == 'l' && fmt[1] == 'l') {
			out[n++] = 'l';
			out[n++] = 'l';
			fmt += 2;
		} else if (*fmt == 'l') {
			fmt++;
		} else {
			while (*fmt == 'h')
				out[n++] = *fmt++;
		}
		if (fmt[0] == 'w' && (fmt[1] == 's' || fmt[1] == 'Z')) {
			out[n++] = 'p';
			fmt += 2;
		} else if (*fmt == 'S' || *fmt == 'Z') {
			out[n++] = 'p';
			fmt++;
		} else if (fmt[0] == 'w' && fmt[1] == 'c') {
			out[n++] = 'c';
			fmt += 2;
		} else if (*fmt == 'n') {
			n = start;	/* dropped: never written through */
			fmt++;
		} else if (*fmt) {
			out[n++] = *fmt++;
		}
	}
	out[n] = '\0';
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_dbg_format);

/* Print at DbgPrintEx's @level (TRACE and others as pr_debug: dynamic debug). */
static __printf(2, 3) void dbg_print_level(ULONG level, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	switch (level) {
	case DPFLTR_ERROR_LEVEL:
		pr_err("%pV", &vaf);
		break;
	case DPFLTR_WARNING_LEVEL:
		pr_warn("%pV", &vaf);
		break;
	case DPFLTR_INFO_LEVEL:
		pr_info("%pV", &vaf);
		break;
	default:
		pr_debug("%pV", &vaf);
		break;
	}
	va_end(args);
}

static ULONG dbg_vprint(ULONG level, PCSTR format, va_list args)
{
	char fmt[WSK_DBG_FORMAT];
	struct va_format vaf;
	va_list copy;

	if (!format)
		return STATUS_INVALID_PARAMETER;
	if (!wsk_dbg_format(format, fmt, sizeof(fmt))) {
		dbg_print_level(level, "%s\n", format);	/* too long to rewrite: as it is */
		return STATUS_SUCCESS;
	}
	va_copy(copy, args);
	vaf.fmt = fmt;
	vaf.va = &copy;
	dbg_print_level(level, "%pV", &vaf);
	va_end(copy);
	return STATUS_SUCCESS;
}

/**
 * DbgPrint() - print a Windows-style format to the kernel log
 * @Format: the format, as DbgPrint takes it on Windows
 *
 * At KERN_INFO; the message ends its line only where @Format does.
 *
 * Context: any context; does not sleep.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for a NULL @Format.
 */
ULONG DbgPrint(PCSTR Format, ...)
{
	va_list args;
	ULONG ret;

	va_start(args, Format);
	ret = dbg_vprint(DPFLTR_INFO_LEVEL, Format, args);
	va_end(args);
	return ret;
}
EXPORT_SYMBOL_WSK(DbgPrint);

/**
 * DbgPrintEx() - DbgPrint() at a level
 * @ComponentId: ignored
 * @Level: DPFLTR_ERROR_LEVEL (KERN_ERR), _WARNING_ (KERN_WARNING), _INFO_
 *	(KERN_INFO); _TRACE_ and others KERN_DEBUG
 * @Format: the format
 *
 * Context: any context; does not sleep.
 * Return: as DbgPrint().
 */
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
	va_list args;
	ULONG ret;

	va_start(args, Format);
	ret = dbg_vprint(Level, Format, args);
	va_end(args);
	return ret;
}
EXPORT_SYMBOL_WSK(DbgPrintEx);
