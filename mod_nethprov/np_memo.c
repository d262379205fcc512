#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "np_memo.h"

#define NP_MEMO_WAYS 4      /* renderings kept per block: phones of a few models, or settings in flux */
#define NP_MEMO_BUCKETS 256

struct np_memo_entry_t {
    int refs;               /* guarded by the memo's lock; the bucket holds one */
    const void *key;
    int block;
    unsigned long long shared_fp;
    int nnames;
    unsigned long long *names; /* sorted, unique */
    int nouter;
    int *outer;
    char **outer_vals;
    size_t len;
    char *bytes;
};

typedef struct {
    np_memo_entry_t *way[NP_MEMO_WAYS];
    unsigned next;          /* round-robin replacement */
} np_memo_bucket_t;

struct np_memo_t {
    pthread_mutex_t lock;
    unsigned long hits, misses;
    np_memo_bucket_t buckets[NP_MEMO_BUCKETS];
};

np_memo_t *np_memo_create(void)
{
    np_memo_t *m = calloc(1, sizeof *m);
    if (m)
        pthread_mutex_init(&m->lock, NULL);
    return m;
}

static void np_memo_free(np_memo_entry_t *e)
{
    int i;
    for (i = 0; i < e->nouter; i++)
        free(e->outer_vals[i]);
    free(e->outer_vals);
    free(e->outer);
    free(e->names);
    free(e->bytes);
    free(e);
}

static void np_memo_unref(np_memo_entry_t *e)
{
    if (--e->refs == 0)
        np_memo_free(e);
}

void np_memo_destroy(np_memo_t *m)
{
    int b, w;
    if (!m)
        return;
    for (b = 0; b < NP_MEMO_BUCKETS; b++)
        for (w = 0; w < NP_MEMO_WAYS; w++)
            if (m->buckets[b].way[w])
                np_memo_unref(m->buckets[b].way[w]);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

void np_memo_stats(np_memo_t *m, unsigned long *hits, unsigned long *misses)
{
    pthread_mutex_lock(&m->lock);
    *hits = m->hits;
    *misses = m->misses;
    pthread_mutex_unlock(&m->lock);
}

static np_memo_bucket_t *np_memo_bucket(np_memo_t *m, const void *key, int block)
{
    unsigned long long h = ((unsigned long long)(size_t)key + (unsigned long long)block * 0x100000001b3ULL)
                           * 0x9e3779b97f4a7c15ULL;
    return &m->buckets[(h >> 40) % NP_MEMO_BUCKETS];
}

static int np_u64_cmp(const void *a, const void *b)
{
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return x < y ? -1 : x > y;
}

static int np_memo_has(const np_memo_entry_t *e, unsigned long long h)
{
    int lo = 0, hi = e->nnames - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (e->names[mid] == h)
            return 1;
        if (e->names[mid] < h)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

static int np_memo_valid(const np_memo_entry_t *e, const np_memo_req_t *rq, const char *const *slots)
{
    int i;
    if (e->shared_fp != rq->shared_fp)
        return 0;
    for (i = 0; i < rq->nspecific; i++)
        if (np_memo_has(e, rq->specific[i]))
            return 0;
    for (i = 0; i < e->nouter; i++)
        if (strcmp(slots[e->outer[i]] ? slots[e->outer[i]] : "", e->outer_vals[i]))
            return 0;
    return 1;
}

const np_memo_entry_t *np_memo_find(np_memo_t *m, const void *key, int block, const np_memo_req_t *rq,
                                    const char *const *slots)
{
    np_memo_bucket_t *b = np_memo_bucket(m, key, block);
    np_memo_entry_t *found = NULL;
    int w;

    pthread_mutex_lock(&m->lock);
    for (w = 0; w < NP_MEMO_WAYS && !found; w++) {
        np_memo_entry_t *e = b->way[w];
        if (e && e->key == key && e->block == block && np_memo_valid(e, rq, slots))
            found = e;
    }
    if (found) {
        found->refs++;
        m->hits++;
    }
    else
        m->misses++;
    pthread_mutex_unlock(&m->lock);
    return found;
}

const char *np_memo_bytes(const np_memo_entry_t *e, size_t *len)
{
    *len = e->len;
    return e->bytes;
}

void np_memo_done(np_memo_t *m, const np_memo_entry_t *ce)
{
    pthread_mutex_lock(&m->lock);
    np_memo_unref((np_memo_entry_t *)ce);
    pthread_mutex_unlock(&m->lock);
}

void np_memo_store(np_memo_t *m, const void *key, int block, const np_memo_req_t *rq,
                   const unsigned long long *names, int nnames, const int *outer, const char *const *outer_vals,
                   int nouter, const char *bytes, size_t len)
{
    np_memo_entry_t *e = calloc(1, sizeof *e), *old;
    np_memo_bucket_t *b;
    int i, k;

    if (!e)
        return;
    e->refs = 1;
    e->key = key;
    e->block = block;
    e->shared_fp = rq->shared_fp;
    e->names = malloc(sizeof *e->names * (size_t)(nnames + 1));
    e->outer = malloc(sizeof *e->outer * (size_t)(nouter + 1));
    e->outer_vals = calloc((size_t)nouter + 1, sizeof *e->outer_vals);
    e->bytes = malloc(len + 1);
    if (!e->names || !e->outer || !e->outer_vals || !e->bytes) {
        np_memo_free(e);
        return;
    }
    memcpy(e->names, names, sizeof *names * (size_t)nnames);
    qsort(e->names, (size_t)nnames, sizeof *e->names, np_u64_cmp);
    for (i = 0, k = 0; i < nnames; i++)
        if (k == 0 || e->names[k - 1] != e->names[i])
            e->names[k++] = e->names[i];
    e->nnames = k;
    /* A rendering that read a value of this phone's own is no use to another phone. */
    for (i = 0; i < rq->nspecific; i++)
        if (np_memo_has(e, rq->specific[i])) {
            np_memo_free(e);
            return;
        }
    for (i = 0; i < nouter; i++) {
        e->outer[i] = outer[i];
        if (!(e->outer_vals[i] = strdup(outer_vals[i] ? outer_vals[i] : ""))) {
            e->nouter = i;
            np_memo_free(e);
            return;
        }
    }
    e->nouter = nouter;
    memcpy(e->bytes, bytes, len);
    e->len = len;

    b = np_memo_bucket(m, key, block);
    pthread_mutex_lock(&m->lock);
    old = b->way[b->next % NP_MEMO_WAYS];
    b->way[b->next % NP_MEMO_WAYS] = e;
    b->next++;
    if (old)
        np_memo_unref(old);
    pthread_mutex_unlock(&m->lock);
}
