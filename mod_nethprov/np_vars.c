#include <stdlib.h>
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include "np_vars.h"

struct np_vars_t {
    apr_pool_t *pool;
    apr_hash_t *h;
};

typedef struct {
    const char *value;
    const char *level;
} np_var_slot_t;

np_vars_t *np_vars_make(apr_pool_t *pool)
{
    np_vars_t *v = apr_palloc(pool, sizeof *v);
    v->pool = pool;
    v->h = apr_hash_make(pool);
    return v;
}

int np_vars_inherits(const char *value)
{
    return value == NULL || value[0] == '\0' || (value[0] == '-' && value[1] == '\0');
}

void np_vars_force(np_vars_t *v, const char *name, const char *value, const char *level)
{
    np_var_slot_t *s = apr_hash_get(v->h, name, APR_HASH_KEY_STRING);
    if (!s) {
        s = apr_palloc(v->pool, sizeof *s);
        apr_hash_set(v->h, name, APR_HASH_KEY_STRING, s);
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

const char *np_vars_get_n(const np_vars_t *v, const char *name, size_t len)
{
    const np_var_slot_t *s = apr_hash_get(v->h, name, (apr_ssize_t)len);
    return s ? s->value : NULL;
}

const char *np_vars_get(const np_vars_t *v, const char *name)
{
    return np_vars_get_n(v, name, strlen(name));
}

const char *np_vars_level(const np_vars_t *v, const char *name)
{
    const np_var_slot_t *s = apr_hash_get(v->h, name, APR_HASH_KEY_STRING);
    return s ? s->level : NULL;
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
    apr_array_header_t *arr = apr_array_make(pool, (int)apr_hash_count(v->h), sizeof(np_var_entry_t));
    apr_hash_index_t *hi;

    for (hi = apr_hash_first(pool, v->h); hi; hi = apr_hash_next(hi)) {
        const void *k;
        void *val;
        np_var_entry_t *e = apr_array_push(arr);
        apr_hash_this(hi, &k, NULL, &val);
        e->name = k;
        e->value = ((np_var_slot_t *)val)->value;
        e->level = ((np_var_slot_t *)val)->level;
    }
    qsort(arr->elts, (size_t)arr->nelts, sizeof(np_var_entry_t), np_vars_natcmp);
    return arr;
}
