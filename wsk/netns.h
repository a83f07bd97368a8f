/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_NETNS_H
#define _WSK_NETNS_H

int wsk_netns_init(void);
void wsk_netns_exit(void);

#endif /* _WSK_NETNS_H */
