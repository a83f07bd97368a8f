// SPDX-License-Identifier: GPL-2.0
/*
 * Pools of the objects a socket lends to its client (indications), so that
 * a steady flow of them costs no allocation.
 *
 * What the client gives back (WskRelease, in any context) goes to the
 * socket's pool, under its lock; the runner takes the whole pool at once
 * when its own spares run out. A pool keeps at most @max spares, the rest
 * go back to the slab. It outlives the socket while the client holds
 * objects: once the socket is released, what comes back is freed, and the
 * last one frees the pool.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "pool.h"

/*
 * @objects counts every object allocated for the socket and not yet
 * freed: spare, in the runner's hands or the client's.
 */
struct wsk_pool {
	spinlock_t lock;		/* the fields below */
	bool released;			/* the socket is: free what comes back */
	unsigned int objects;
	unsigned int spares;		/* on @free */
	unsigned int max;
	struct kmem_cache *cache;
	struct wsk_pool_item *free;
};

/* Free a list of items, linked by ->next, to their slab. */
static void items_free(struct kmem_cache *cache, struct wsk_pool_item *item)
{
	struct wsk_pool_item *next;

	for (; item; item = next) {
		next = item->next;
		kmem_cache_free(cache, item);
	}
}

/**
 * wsk_pool_get() - an object from the runner's spares, else the pool's,
 *	else the slab
 * @s: the socket's side of its pool (the pool made on first use)
 * @cache: the objects' slab, whose objects start with a struct wsk_pool_item
 * @max: the spares the pool keeps, at most
 * @gfp: for the slab and the pool
 *
 * Context: the socket's runner.
 * Return: the object's item, or NULL when memory is short.
 */
struct wsk_pool_item *wsk_pool_get(struct wsk_pool_spares *s, struct kmem_cache *cache,
				   unsigned int max, gfp_t gfp)
{
	struct wsk_pool *pool = s->pool;
	struct wsk_pool_item *item;
	unsigned long flags;

	if (!pool) {
		pool = kzalloc(sizeof(*pool), gfp);
		if (!pool)
			return NULL;
		spin_lock_init(&pool->lock);
		pool->cache = cache;
		pool->max = max;
		s->pool = pool;
	}
	if (!s->free) {
		spin_lock_irqsave(&pool->lock, flags);
		s->free = pool->free;
		pool->free = NULL;
		pool->spares = 0;
		spin_unlock_irqrestore(&pool->lock, flags);
	}
	item = s->free;
	if (item) {
		s->free = item->next;
		return item;
	}
	item = kmem_cache_alloc(cache, gfp);
	if (!item)
		return NULL;
	item->pool = pool;
	spin_lock_irqsave(&pool->lock, flags);
	pool->objects++;
	spin_unlock_irqrestore(&pool->lock, flags);
	return item;
}

/* Back to the runner's spares: an object not lent after all. */
void wsk_pool_unget(struct wsk_pool_spares *s, struct wsk_pool_item *item)
{
	item->next = s->free;
	s->free = item;
}

/*
 * Give a batch back to its pool; past the pool's maximum of spares, or once
 * the socket is released, to the slab.
 */
static void batch_put(struct wsk_pool_batch *b)
{
	struct wsk_pool *pool = b->head->pool;
	struct wsk_pool_item *head = b->head;
	struct kmem_cache *cache;
	unsigned long flags;
	bool last = false;

	spin_lock_irqsave(&pool->lock, flags);
	cache = pool->cache;
	if (pool->released || pool->spares + b->n > pool->max) {
		pool->objects -= b->n;
		last = pool->released && !pool->objects;
	} else {
		b->tail->next = pool->free;
		pool->free = head;
		pool->spares += b->n;
		head = NULL;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	items_free(cache, head);
	if (last)
		kfree(pool);
	b->head = NULL;
	b->n = 0;
}

/**
 * wsk_pool_batch_add() - give back an object the client released
 * @b: the batch, zeroed before the first object
 * @item: the object's item, whose contents are done with
 *
 * Objects of one pool that follow each other share a lock; end the batch
 * with wsk_pool_batch_end().
 *
 * Context: any context; does not sleep.
 */
void wsk_pool_batch_add(struct wsk_pool_batch *b, struct wsk_pool_item *item)
{
	if (b->head && item->pool != b->head->pool)
		batch_put(b);
	item->next = NULL;
	if (b->head)
		b->tail->next = item;
	else
		b->head = item;
	b->tail = item;
	b->n++;
}

void wsk_pool_batch_end(struct wsk_pool_batch *b)
{
	if (b->head)
		batch_put(b);
}

/**
 * wsk_pool_release() - the socket is released: free its spares
 * @s: the socket's side of its pool
 *
 * The pool goes with them, unless the client still holds objects: then
 * the last one it gives back frees it.
 *
 * Context: the socket's runner.
 */
void wsk_pool_release(struct wsk_pool_spares *s)
{
	struct wsk_pool_item *item, *spares = s->free;
	struct wsk_pool *pool = s->pool;
	struct kmem_cache *cache;
	unsigned long flags;
	unsigned int n = 0;
	bool last;

	if (!pool)
		return;
	cache = pool->cache;	/* the pool may be gone once unlocked */
	s->pool = NULL;
	s->free = NULL;
	for (item = spares; item; item = item->next)
		n++;
	spin_lock_irqsave(&pool->lock, flags);
	pool->released = true;
	item = pool->free;
	pool->free = NULL;
	pool->objects -= n + pool->spares;
	pool->spares = 0;
	last = !pool->objects;
	spin_unlock_irqrestore(&pool->lock, flags);
	items_free(cache, spares);
	items_free(cache, item);
	if (last)
		kfree(pool);
}
