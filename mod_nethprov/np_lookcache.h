/* Lookups kept between requests (NethprovCache On). An entry holds what the database said about
 * a phone fetched with its permanent token; it is used while no change has been committed since.
 * Changes are learnt from PostgreSQL notifications (channel nethprov_changed, sent by statement
 * triggers when a transaction that wrote the data commits): every notification starts a new
 * generation, and entries of an older generation are never used. While the listening connection
 * is down, nothing is served from the cache. */
#ifndef NP_LOOKCACHE_H
#define NP_LOOKCACHE_H

#include <apr_pools.h>
#include "np_db.h"
#include "np_defaults.h"

typedef struct np_lookcache_t np_lookcache_t;

np_lookcache_t *np_lookcache_create(int max_entries);
void np_lookcache_destroy(np_lookcache_t *c);

/** The current generation, or 0 when the cache must not be used (no listener, or it failed). */
unsigned long np_lookcache_gen(np_lookcache_t *c);

/** The listener: something changed (a notification arrived). */
void np_lookcache_bump(np_lookcache_t *c);

/** The listener: healthy (1, listening) or not (0). Any change of state starts a new generation. */
void np_lookcache_set_listening(np_lookcache_t *c, int listening);

/**
 * The phone of token (whose MAC must be mac, when mac is not NULL) from the cache, if its entry
 * is of the current generation: fills *out with strings that live as long as pool. Returns 1 on
 * a hit, 0 otherwise.
 */
int np_lookcache_get(np_lookcache_t *c, const char *token, const char *mac, apr_pool_t *pool, np_phone_t *out);

/**
 * Keep ph (just read from the database for token) as of generation gen, the value
 * np_lookcache_gen() had before the database was asked. Only a phone fetched with tok2 whose tok1
 * is retired is kept: any other answer has a write pending.
 */
void np_lookcache_put(np_lookcache_t *c, unsigned long gen, const char *token, const np_phone_t *ph);

void np_lookcache_stats(np_lookcache_t *c, unsigned long *hits, unsigned long *misses, int *entries);

#endif
