#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "np_defaults.h"

struct np_defaults_t {
    long long gen;
    int n;
    int refs;            /* guarded by the cache's lock */
    const char **names;
    const char **values;
    /* the strings follow in the same allocation */
};

struct np_defcache_t {
    pthread_mutex_t lock;
    np_defaults_t *cur;  /* holds one reference of its own */
};

np_defcache_t *np_defcache_create(void)
{
    np_defcache_t *c = calloc(1, sizeof *c);
    if (c)
        pthread_mutex_init(&c->lock, NULL);
    return c;
}

void np_defcache_destroy(np_defcache_t *c)
{
    if (!c)
        return;
    if (c->cur)
        np_defcache_release(c, c->cur);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

const np_defaults_t *np_defcache_acquire(np_defcache_t *c)
{
    np_defaults_t *d;
    pthread_mutex_lock(&c->lock);
    if ((d = c->cur))
        d->refs++;
    pthread_mutex_unlock(&c->lock);
    return d;
}

void np_defcache_release(np_defcache_t *c, const np_defaults_t *cd)
{
    np_defaults_t *d = (np_defaults_t *)cd;
    int last;
    if (!d)
        return;
    pthread_mutex_lock(&c->lock);
    last = --d->refs == 0;
    pthread_mutex_unlock(&c->lock);
    if (last)
        free(d);
}

const np_defaults_t *np_defcache_install(np_defcache_t *c, long long gen, int n, const char *const *names,
                                         const char *const *values)
{
    size_t size = sizeof(np_defaults_t) + 2 * sizeof(char *) * (size_t)n, off;
    np_defaults_t *d, *old = NULL;
    char *p;
    int i;

    for (i = 0; i < n; i++)
        size += strlen(names[i]) + strlen(values[i]) + 2;
    if (!(d = malloc(size)))
        return NULL;
    d->gen = gen;
    d->n = n;
    d->refs = 1; /* the caller's */
    d->names = (const char **)(d + 1);
    d->values = d->names + n;
    p = (char *)(d->values + n);
    for (i = 0; i < n; i++) {
        off = strlen(names[i]) + 1;
        d->names[i] = memcpy(p, names[i], off);
        p += off;
        off = strlen(values[i]) + 1;
        d->values[i] = memcpy(p, values[i], off);
        p += off;
    }
    pthread_mutex_lock(&c->lock);
    /* Any other generation replaces the current one: a database restored from a backup may count
     * from a lower number, and a thread that installs an older one by a race is corrected by
     * the next lookup, which sees the mismatch. */
    if (!c->cur || c->cur->gen != gen) {
        old = c->cur;
        c->cur = d;
        d->refs++;
    }
    pthread_mutex_unlock(&c->lock);
    if (old)
        np_defcache_release(c, old);
    return d;
}

long long np_defaults_gen(const np_defaults_t *d)
{
    return d->gen;
}

int np_defaults_count(const np_defaults_t *d)
{
    return d->n;
}

const char *np_defaults_name(const np_defaults_t *d, int i)
{
    return d->names[i];
}

const char *np_defaults_value(const np_defaults_t *d, int i)
{
    return d->values[i];
}
