/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_POOL_H
#define _WSK_POOL_H

#include <linux/slab.h>
#include <linux/spinlock.h>

struct wsk_pool;

/* The head of an object a pool lends: embedded in it. */
struct wsk_pool_item {
	struct wsk_pool *pool;
	struct wsk_pool_item *next;	/* on a free list */
};

/*
 * A socket's side of its pool: the pool, and the spares its runner takes
 * from without a lock. Both are the runner's.
 */
struct wsk_pool_spares {
	struct wsk_pool *pool;
	struct wsk_pool_item *free;
};

/* Items given back, gathered so that each pool's lock is taken once. */
struct wsk_pool_batch {
	struct wsk_pool_item *head, *tail;
	unsigned int n;
};

struct wsk_pool_item *wsk_pool_get(struct wsk_pool_spares *s, struct kmem_cache *cache,
				   unsigned int max, gfp_t gfp);
void wsk_pool_unget(struct wsk_pool_spares *s, struct wsk_pool_item *item);
void wsk_pool_batch_add(struct wsk_pool_batch *b, struct wsk_pool_item *item);
void wsk_pool_batch_end(struct wsk_pool_batch *b);
void wsk_pool_release(struct wsk_pool_spares *s);

#endif /* _WSK_POOL_H */
