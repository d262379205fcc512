/* The variables a template sees, each with the level it came from.
 * The merge rule lives here: a later level overrides an earlier one, except that
 * an empty value or "-" means "inherit" and leaves the earlier value in place. */
#ifndef NP_VARS_H
#define NP_VARS_H

#include <apr_pools.h>
#include <apr_tables.h>

typedef struct np_vars_t np_vars_t;

/* Strings passed in are not copied: they must live as long as the pool of vars. */
np_vars_t *np_vars_make(apr_pool_t *pool);

/** 1 when value means "inherit" (NULL, "" or "-"). */
int np_vars_inherits(const char *value);

/** Apply one value at a level: a no-op returning 0 when value inherits, else set and return 1. */
int np_vars_layer(np_vars_t *v, const char *name, const char *value, const char *level);

/** Set regardless of the rule (runtime values such as tokens). */
void np_vars_force(np_vars_t *v, const char *name, const char *value, const char *level);

/** The value, or NULL when no level set it. */
const char *np_vars_get(const np_vars_t *v, const char *name);
const char *np_vars_get_n(const np_vars_t *v, const char *name, size_t len);
/** Same, with hash = np_vars_hash(name, len) computed beforehand (templates do it when compiled). */
const char *np_vars_get_h(const np_vars_t *v, const char *name, size_t len, unsigned long long hash);
unsigned long long np_vars_hash(const char *name, size_t len);
const char *np_vars_level(const np_vars_t *v, const char *name);

typedef struct {
    const char *name;
    const char *value;
    const char *level;
} np_var_entry_t;

/** 64-bit FNV-1a of len bytes, continuing from h (start with NP_FNV_SEED). */
#define NP_FNV_SEED 0xcbf29ce484222325ULL
unsigned long long np_fnv64(unsigned long long h, const void *data, size_t len);

/**
 * A fingerprint of every (name, value) pair, independent of the order they were set in:
 * two variable sets with the same pairs give the same 128 bits. Levels do not count.
 */
void np_vars_fingerprint(const np_vars_t *v, unsigned long long out[2]);

/**
 * For np_memo: a fingerprint of the variables at the levels every phone of a model shares
 * ("brand", "default", "model"), and the name hashes of all the others (device, phone,
 * runtime), allocated in pool.
 */
unsigned long long np_vars_split(const np_vars_t *v, apr_pool_t *pool, const unsigned long long **specific,
                                 int *nspecific);

/** Every variable, sorted by name (natural order: linekey_type_2 before linekey_type_10). */
apr_array_header_t *np_vars_sorted(const np_vars_t *v, apr_pool_t *pool);

#endif
