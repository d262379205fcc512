/* Memoised template blocks. Most of a config does not depend on the phone: the expansion-module
 * keys of a phone without expansion keys come out the same for every phone of its model. A
 * top-level np:block (or loop) of a lines template is kept, per process, with what it read:
 *  - the fingerprint of the shared levels (brand capabilities, defaults, model settings),
 *  - the hashes of every variable name it looked up,
 *  - the values of the template names (np:let) bound outside it that it read.
 * It is reused for a phone when the shared fingerprint matches, no name it read is set at a
 * phone-specific level (device, phone, runtime) for this phone, and those outer values match.
 * Reusing a block therefore writes exactly the bytes rendering it would. */
#ifndef NP_MEMO_H
#define NP_MEMO_H

#include <stddef.h>

typedef struct np_memo_t np_memo_t;

/* What a request brings to the memo: see np_vars_split(). */
typedef struct np_memo_req_t {
    unsigned long long shared_fp;
    const unsigned long long *specific; /* hashes of the names set at phone-specific levels */
    int nspecific;
} np_memo_req_t;

np_memo_t *np_memo_create(void);
void np_memo_destroy(np_memo_t *m);

/* Counters for tests and tuning. */
void np_memo_stats(np_memo_t *m, unsigned long *hits, unsigned long *misses);



/* ---- used by the template renderer ---- */

typedef struct np_memo_entry_t np_memo_entry_t;

/** A reusable rendering of block `block` of template `key` for this request, with a reference
 *  taken (give it back with np_memo_done), or NULL. slots are the request's current np:let values. */
const np_memo_entry_t *np_memo_find(np_memo_t *m, const void *key, int block, const np_memo_req_t *rq,
                                    const char *const *slots);
const char *np_memo_bytes(const np_memo_entry_t *e, size_t *len);
void np_memo_done(np_memo_t *m, const np_memo_entry_t *e);

/** Keep a rendering made for rq: names are the hashes of the variable names it read (any order,
 *  repeats allowed), outer the slots bound outside the block that it read, with their values.
 *  A rendering that read a name set at one of rq's phone-specific levels is not kept. */
void np_memo_store(np_memo_t *m, const void *key, int block, const np_memo_req_t *rq,
                   const unsigned long long *names, int nnames, const int *outer, const char *const *outer_vals,
                   int nouter, const char *bytes, size_t len);
#endif
