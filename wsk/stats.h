/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_STATS_H
#define _WSK_STATS_H

#include <linux/seq_file.h>
#include <wdm.h>
#include "queue.h"

int wsk_stats_init(void);
void wsk_stats_exit(void);
void wsk_stats_start(void);
void wsk_stats_call(wsk_op_t op);
void wsk_stats_complete(NTSTATUS status);
void wsk_stats_show(struct seq_file *m);

#endif /* _WSK_STATS_H */
