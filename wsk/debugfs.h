/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_DEBUGFS_H
#define _WSK_DEBUGFS_H

void wsk_debugfs_init(void);
void wsk_debugfs_exit(void);

#endif /* _WSK_DEBUGFS_H */
