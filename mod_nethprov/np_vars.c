/* Variables of one render: an open-addressing hash table keyed by name. Templates hash their
 * constant names once, when compiled, so a lookup while rendering costs one probe or two. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "np_vars.h"

typedef struct {
    unsigned long long hash;   /* 0: empty slot */
    const char *name;
    size_t len;
    const char *value;
    const char *level;
} np_var_slot_t;

struct np_vars_t {
    apr_pool_t *pool;
    np_var_slot_t *slots;
    size_t cap;                /* a power of two */
    size_t count;
};

unsigned long long np_fnv64(unsigned long long h, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

unsigned long long np_vars_hash(const char *name, size_t len)
{
    unsigned long long h = np_fnv64(NP_FNV_SEED, name, len);
    return h ? h : 1; /* 0 marks an empty slot */
}

np_vars_t *np_vars_make(apr_pool_t *pool)
{
    np_vars_t *v = apr_palloc(pool, sizeof *v);
    v->pool = pool;
    v->cap = 512;
    v->count = 0;
    v->slots = apr_pcalloc(pool, v->cap * sizeof *v->slots);
    return v;
}

int np_vars_inherits(const char *value)
{
    return value == NULL || value[0] == '\0' || (value[0] == '-' && value[1] == '\0');
}

static np_var_slot_t *np_vars_find(const np_vars_t *v, const char *name, size_t len, unsigned long long hash)
{
    size_t i = (size_t)hash & (v->cap - 1);
    for (;; i = (i + 1) & (v->cap - 1)) {
        np_var_slot_t *s = &v->slots[i];
        if (!s->hash || (s->hash == hash && s->len == len && !memcmp(s->name, name, len)))
            return s;
    }
}

static void np_vars_grow(np_vars_t *v)
{
    np_var_slot_t *old = v->slots;
    size_t oldcap = v->cap, i;
    v->cap *= 2;
    v->slots = apr_pcalloc(v->pool, v->cap * sizeof *v->slots);
    for (i = 0; i < oldcap; i++)
        if (old[i].hash)
            *np_vars_find(v, old[i].name, old[i].len, old[i].hash) = old[i];
}

void np_vars_force(np_vars_t *v, const char *name, const char *value, const char *level)
{
    size_t len = strlen(name);
    unsigned long long h = np_vars_hash(name, len);
    np_var_slot_t *s = np_vars_find(v, name, len, h);
    if (!s->hash) {
        /* Keep the table at most half full, so probes stay short. */
        if (2 * (v->count + 1) > v->cap) {
            np_vars_grow(v);
            s = np_vars_find(v, name, len, h);
        }
        s->hash = h;
        s->name = name;
        s->len = len;
        v->count++;
    }
    s->value = value;
    s->level = level;
}

int np_vars_layer(np_vars_t *v, const char *name, const char *value, const char *level)
{
    if (np_vars_inherits(value))
        return 0;
    np_vars_force(v, name, value, level);
    return 1;
}

const char *np_vars_get_h(const np_vars_t *v, const char *name, size_t len, unsigned long long hash)
{
    const np_var_slot_t *s = np_vars_find(v, name, len, hash);
    return s->hash ? s->value : NULL;
}

const char *np_vars_get_n(const np_vars_t *v, const char *name, size_t len)
{
    return np_vars_get_h(v, name, len, np_vars_hash(name, len));
}

const char *np_vars_get(const np_vars_t *v, const char *name)
{
    return np_vars_get_n(v, name, strlen(name));
}

const char *np_vars_level(const np_vars_t *v, const char *name)
{
    size_t len = strlen(name);
    const np_var_slot_t *s = np_vars_find(v, name, len, np_vars_hash(name, len));
    return s->hash ? s->level : NULL;
}

/* A final avalanche (from SplitMix64), so that summing entry hashes does not let similar entries cancel. */
static unsigned long long np_mix64(unsigned long long z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void np_vars_fingerprint(const np_vars_t *v, unsigned long long out[2])
{
    unsigned long long sum = 0, x = 0;
    size_t i;

    for (i = 0; i < v->cap; i++) {
        const np_var_slot_t *s = &v->slots[i];
        unsigned long long h;
        if (!s->hash)
            continue;
        h = np_fnv64(s->hash, "=", 1);
        h = np_fnv64(h, s->value, strlen(s->value));
        sum += np_mix64(h);
        x ^= np_mix64(h ^ 0x9e3779b97f4a7c15ULL);
    }
    out[0] = sum;
    out[1] = x ^ (unsigned long long)v->count;
}

static int np_vars_shared_level(const char *level)
{
    return level && (!strcmp(level, "default") || !strcmp(level, "model") || !strcmp(level, "brand"));
}

unsigned long long np_vars_split(const np_vars_t *v, apr_pool_t *pool, const unsigned long long **specific,
                                 int *nspecific)
{
    unsigned long long sum = 0, x = 0, *spec = apr_palloc(pool, sizeof *spec * (v->count + 1));
    size_t i;
    int n = 0;

    for (i = 0; i < v->cap; i++) {
        const np_var_slot_t *s = &v->slots[i];
        unsigned long long h;
        if (!s->hash)
            continue;
        if (!np_vars_shared_level(s->level)) {
            spec[n++] = s->hash;
            continue;
        }
        h = np_fnv64(s->hash, "=", 1);
        h = np_fnv64(h, s->value, strlen(s->value));
        sum += np_mix64(h);
        x ^= np_mix64(h ^ 0x9e3779b97f4a7c15ULL);
    }
    *specific = spec;
    *nspecific = n;
    return sum ^ (x * 0x100000001b3ULL);
}

/* Compare names so that embedded numbers sort by value: key_2 < key_10. */
static int np_vars_natcmp1(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            char *ea, *eb;
            unsigned long na = strtoul(a, &ea, 10), nb = strtoul(b, &eb, 10);
            if (na != nb)
                return na < nb ? -1 : 1;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

/* Names equal but for leading zeros (a01, a1) fall back to bytes, so the order is total. */
static int np_vars_natcmp(const void *pa, const void *pb)
{
    const char *a = ((const np_var_entry_t *)pa)->name;
    const char *b = ((const np_var_entry_t *)pb)->name;
    int c = np_vars_natcmp1(a, b);
    return c ? c : strcmp(a, b);
}

apr_array_header_t *np_vars_sorted(const np_vars_t *v, apr_pool_t *pool)
{
    apr_array_header_t *arr = apr_array_make(pool, (int)v->count + 1, sizeof(np_var_entry_t));
    size_t i;

    for (i = 0; i < v->cap; i++) {
        np_var_entry_t *e;
        if (!v->slots[i].hash)
            continue;
        e = apr_array_push(arr);
        e->name = v->slots[i].name;
        e->value = v->slots[i].value;
        e->level = v->slots[i].level;
    }
    qsort(arr->elts, (size_t)arr->nelts, sizeof(np_var_entry_t), np_vars_natcmp);
    return arr;
}
