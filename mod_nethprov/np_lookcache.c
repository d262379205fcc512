#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "np_lookcache.h"

#define NP_LC_BUCKETS 4096

typedef struct np_lc_entry_t {
    struct np_lc_entry_t *next;
    int refs;                   /* guarded by the cache's lock; the table holds one */
    unsigned long gen;
    char *token;
    np_phone_t ph;              /* every string in the same allocation as the entry */
} np_lc_entry_t;

struct np_lookcache_t {
    pthread_mutex_t lock;
    unsigned long gen;          /* 0 while not listening */
    unsigned long next_gen;
    int listening;
    int max_entries, count;
    unsigned long hits, misses;
    np_lc_entry_t *buckets[NP_LC_BUCKETS];
};

np_lookcache_t *np_lookcache_create(int max_entries)
{
    np_lookcache_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    c->max_entries = max_entries;
    c->next_gen = 1;
    return c;
}

static void np_lc_unref(np_lc_entry_t *e)
{
    if (--e->refs == 0)
        free(e);
}

/* Drop every entry (with the lock held). */
static void np_lc_clear(np_lookcache_t *c)
{
    int b;
    for (b = 0; b < NP_LC_BUCKETS; b++) {
        np_lc_entry_t *e = c->buckets[b], *n;
        for (; e; e = n) {
            n = e->next;
            np_lc_unref(e);
        }
        c->buckets[b] = NULL;
    }
    c->count = 0;
}

void np_lookcache_destroy(np_lookcache_t *c)
{
    if (!c)
        return;
    np_lc_clear(c);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

unsigned long np_lookcache_gen(np_lookcache_t *c)
{
    unsigned long g;
    pthread_mutex_lock(&c->lock);
    g = c->listening ? c->gen : 0;
    pthread_mutex_unlock(&c->lock);
    return g;
}

/* A new generation: old entries are of no use any more, so their memory goes now. */
static void np_lc_newgen(np_lookcache_t *c)
{
    c->gen = ++c->next_gen;
    np_lc_clear(c);
}

void np_lookcache_bump(np_lookcache_t *c)
{
    pthread_mutex_lock(&c->lock);
    np_lc_newgen(c);
    pthread_mutex_unlock(&c->lock);
}

void np_lookcache_set_listening(np_lookcache_t *c, int listening)
{
    pthread_mutex_lock(&c->lock);
    if (c->listening != listening) {
        c->listening = listening;
        np_lc_newgen(c);
    }
    pthread_mutex_unlock(&c->lock);
}

static unsigned np_lc_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % NP_LC_BUCKETS;
}

static apr_status_t np_lc_release(void *data)
{
    void **pair = data;
    np_lookcache_t *c = pair[0];
    pthread_mutex_lock(&c->lock);
    np_lc_unref(pair[1]);
    pthread_mutex_unlock(&c->lock);
    return APR_SUCCESS;
}

int np_lookcache_get(np_lookcache_t *c, const char *token, const char *mac, apr_pool_t *pool, np_phone_t *out)
{
    np_lc_entry_t *e;
    void **pair;

    pthread_mutex_lock(&c->lock);
    for (e = c->listening ? c->buckets[np_lc_hash(token)] : NULL; e; e = e->next)
        if (!strcmp(e->token, token))
            break;
    /* The MAC in the file name must be this phone's, exactly as the database would check. */
    if (!e || e->gen != c->gen || (mac && strcmp(e->ph.mac, mac))) {
        c->misses++;
        pthread_mutex_unlock(&c->lock);
        return 0;
    }
    e->refs++;
    c->hits++;
    pthread_mutex_unlock(&c->lock);
    pair = apr_palloc(pool, 2 * sizeof(void *));
    pair[0] = c;
    pair[1] = e;
    apr_pool_cleanup_register(pool, pair, np_lc_release, apr_pool_cleanup_null);
    *out = e->ph;
    return 1;
}

/* Copy s to *p and advance it. */
static const char *np_lc_copy(char **p, const char *s)
{
    size_t n;
    char *d = *p;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    memcpy(d, s, n);
    *p += n;
    return d;
}

void np_lookcache_put(np_lookcache_t *c, unsigned long gen, const char *token, const np_phone_t *ph)
{
    size_t size = sizeof(np_lc_entry_t) + 3 * sizeof(char *) * (size_t)ph->nsettings;
    const char *strs[6] = { token, ph->mac, ph->brand, ph->model, ph->tok1, ph->tok2 };
    np_lc_entry_t *e;
    char *p;
    int i;
    unsigned b;

    if (!gen || ph->via != 2 || ph->tok1)
        return;
    for (i = 0; i < 6; i++)
        size += strs[i] ? strlen(strs[i]) + 1 : 0;
    for (i = 0; i < ph->nsettings; i++)
        size += strlen(ph->names[i]) + strlen(ph->values[i]) + strlen(ph->levels[i]) + 3;
    if (!(e = malloc(size)))
        return;
    e->refs = 1;
    e->gen = gen;
    e->ph = *ph;
    e->ph.names = (const char **)(e + 1);
    e->ph.values = e->ph.names + ph->nsettings;
    e->ph.levels = e->ph.values + ph->nsettings;
    p = (char *)(e->ph.levels + ph->nsettings);
    e->token = (char *)np_lc_copy(&p, token);
    e->ph.mac = np_lc_copy(&p, ph->mac);
    e->ph.brand = np_lc_copy(&p, ph->brand);
    e->ph.model = np_lc_copy(&p, ph->model);
    e->ph.tok1 = NULL;
    e->ph.tok2 = np_lc_copy(&p, ph->tok2);
    for (i = 0; i < ph->nsettings; i++) {
        e->ph.names[i] = np_lc_copy(&p, ph->names[i]);
        e->ph.values[i] = np_lc_copy(&p, ph->values[i]);
        e->ph.levels[i] = np_lc_copy(&p, ph->levels[i]);
    }

    b = np_lc_hash(token);
    pthread_mutex_lock(&c->lock);
    /* Known only as of an older generation: something may have changed since it was read. */
    if (gen != c->gen || !c->listening) {
        pthread_mutex_unlock(&c->lock);
        free(e);
        return;
    }
    {
        np_lc_entry_t **pp;
        for (pp = &c->buckets[b]; *pp; pp = &(*pp)->next)
            if (!strcmp((*pp)->token, token)) {
                np_lc_entry_t *old = *pp;
                *pp = old->next;
                np_lc_unref(old);
                c->count--;
                break;
            }
    }
    if (c->count >= c->max_entries)
        np_lc_clear(c);
    e->next = c->buckets[b];
    c->buckets[b] = e;
    c->count++;
    pthread_mutex_unlock(&c->lock);
}

void np_lookcache_stats(np_lookcache_t *c, unsigned long *hits, unsigned long *misses, int *entries)
{
    pthread_mutex_lock(&c->lock);
    *hits = c->hits;
    *misses = c->misses;
    *entries = c->count;
    pthread_mutex_unlock(&c->lock);
}
