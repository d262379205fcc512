/* Database connections: a pool per child process (apr_reslist, as mod_dbd does).
 * Nothing connects before fork; connections are made on first use and dropped when broken.
 *
 * A database restart kills every pooled connection at once, but each one only shows it when it is
 * used: the pool has a generation, every connection records the one it was opened in, and the
 * first broken connection moves the generation on, so that every older connection is dropped when
 * it is next taken, and the question is asked again on a connection opened after the failure. */
#include <ap_mpm.h>
#include <apr_atomic.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>
#include "mod_nethprov.h"
#include "np_db.h"
#include "np_defaults.h"
#include "np_memo.h"

#define NP_POOL_DEFAULT 4
/* A lookup takes a fraction of a millisecond: one that takes seconds means trouble, and holds a worker. */
#define NP_LOOKUP_TIMEOUT_MS 5000
/* Enough for libpq's message; the rest of a longer one is cut. */
#define NP_POOL_ERR_MAX 256

struct np_dbpool_t {
    apr_reslist_t *conns;
    const char *conninfo;
    server_rec *s;
    volatile apr_uint32_t gen;  /* connections opened in an older generation are dropped when taken */
    apr_thread_mutex_t *lock;   /* guards last_err */
    char last_err[NP_POOL_ERR_MAX]; /* why the last connect failed (the reslist only returns a status) */
    np_repeat_t outage;         /* answering 503 */
};

typedef struct {
    PGconn *conn;
    apr_uint32_t gen;
    apr_pool_t *pool; /* the connection's own: freed with it */
} np_conn_t;

typedef struct {
    struct np_dbpool_t *db;
    np_defcache_t *defaults;
} np_pool_pair_t;

static np_memo_t *np_child_memo;

static apr_status_t np_memo_cleanup(void *m)
{
    np_memo_destroy(m);
    return APR_SUCCESS;
}

static apr_status_t np_defcache_cleanup(void *c)
{
    np_defcache_destroy(c);
    return APR_SUCCESS;
}

static void np_dbpool_set_err(np_dbpool_t *db, const char *err)
{
    apr_thread_mutex_lock(db->lock);
    apr_cpystrn(db->last_err, err, sizeof db->last_err);
    apr_thread_mutex_unlock(db->lock);
}

static const char *np_dbpool_err(apr_pool_t *p, np_dbpool_t *db)
{
    const char *err;
    apr_thread_mutex_lock(db->lock);
    err = apr_pstrdup(p, db->last_err[0] ? db->last_err : "no connection could be opened");
    apr_thread_mutex_unlock(db->lock);
    return err;
}

/* Each attempt gets a pool of its own, without a parent: a failed attempt (every request while the
 * database is down) frees everything it allocated, and nothing is taken from the child's pool,
 * which other threads use. */
static apr_status_t np_conn_make(void **res, void *params, apr_pool_t *unused)
{
    np_dbpool_t *db = params;
    apr_uint32_t gen = apr_atomic_read32(&db->gen);
    apr_pool_t *p;
    np_conn_t *c;
    const char *err;
    PGconn *conn;

    if (apr_pool_create_unmanaged_ex(&p, NULL, NULL) != APR_SUCCESS)
        return APR_ENOMEM;
    if (!(conn = np_db_connect(db->conninfo, "mod_nethprov", NP_LOOKUP_TIMEOUT_MS, p, &err))) {
        np_dbpool_set_err(db, err);
        apr_pool_destroy(p);
        return APR_EGENERAL;
    }
    c = apr_palloc(p, sizeof *c);
    c->conn = conn;
    c->gen = gen;
    c->pool = p;
    *res = c;
    return APR_SUCCESS;
}

static apr_status_t np_conn_drop(void *res, void *params, apr_pool_t *unused)
{
    np_conn_t *c = res;
    PQfinish(c->conn);
    apr_pool_destroy(c->pool);
    return APR_SUCCESS;
}

/* A connection of the current generation: older ones are dropped on the way. The loop ends, since
 * a connection opened now is of the current generation unless another failure moved it on
 * meanwhile; the bound is for a database that keeps failing that way. */
static apr_status_t np_dbpool_acquire(np_dbpool_t *db, np_conn_t **out)
{
    int i;
    for (i = 0; i < 64; i++) {
        void *res;
        apr_status_t rv = apr_reslist_acquire(db->conns, &res);
        np_conn_t *c = res;
        if (rv != APR_SUCCESS)
            return rv;
        if (c->gen == apr_atomic_read32(&db->gen)) {
            *out = c;
            return APR_SUCCESS;
        }
        apr_reslist_invalidate(db->conns, c);
    }
    return APR_EGENERAL;
}

static void np_outage_fail(request_rec *r, np_dbpool_t *db, const char *why)
{
    unsigned long n;
    np_repeat_e e = np_repeat_fail(&db->outage, &n);

    if (e == NP_REPEAT_FIRST)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, NPLOGNO(21) "database unavailable (%s): answering 503 until "
                      "it is back; while it lasts this is logged once a minute", why);
    else if (e == NP_REPEAT_AGAIN)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, NPLOGNO(22) "database still unavailable (%s): %lu requests "
                      "answered 503 in the last minute", why, n);
}

static void np_outage_ok(request_rec *r, np_dbpool_t *db)
{
    unsigned long total;
    long secs;

    if (np_repeat_ok(&db->outage, &total, &secs))
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r, NPLOGNO(23) "database available again after %ld s; "
                      "%lu requests were answered 503", secs, total);
}

np_db_status_e np_conn_call(request_rec *r, np_srv_conf_t *sc, np_conn_fn fn, void *baton)
{
    np_dbpool_t *db = sc->db;
    int attempt;

    for (attempt = 0; attempt < 2; attempt++) {
        np_conn_t *c;
        const char *err = NULL;
        np_db_status_e st;
        apr_status_t rv = np_dbpool_acquire(db, &c);

        if (rv != APR_SUCCESS) {
            np_outage_fail(r, db, rv == APR_EGENERAL ? np_dbpool_err(r->pool, db)
                                                     : "no free connection in time");
            return NP_DB_ERROR;
        }
        st = fn(c->conn, r, baton, &err);
        if (st != NP_DB_ERROR) {
            apr_reslist_release(db->conns, c);
            np_outage_ok(r, db);
            return st;
        }
        if (!np_db_broken(c->conn)) {
            /* The server answered with an error (a missing migration, a permission): it will
             * answer the same to the next request. */
            apr_reslist_release(db->conns, c);
            np_outage_fail(r, db, apr_pstrcat(r->pool, "the lookup failed: ", err, NULL));
            return NP_DB_ERROR;
        }
        /* The first to see a broken connection of this generation moves it on: the others, opened
         * before the failure, went with the same server. */
        apr_atomic_cas32(&db->gen, c->gen + 1, c->gen);
        apr_reslist_invalidate(db->conns, c);
        if (attempt)
            np_outage_fail(r, db, apr_pstrcat(r->pool, "connection lost: ", err, NULL));
        else
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, NPLOGNO(07)
                          "database connection lost (%s); asking again on a new connection", err);
    }
    return NP_DB_ERROR;
}

void np_pool_child_init(apr_pool_t *p, server_rec *s)
{
    /* Servers that name the same database share one pool. */
    apr_hash_t *by_conninfo = apr_hash_make(p);
    int threads = 1;

    /* One memo per child: templates are keyed by address, shared by every server. */
    if ((np_child_memo = np_memo_create()))
        apr_pool_cleanup_register(p, np_child_memo, np_memo_cleanup, apr_pool_cleanup_null);
    ap_mpm_query(AP_MPMQ_MAX_THREADS, &threads);
    if (threads < 1)
        threads = 1;
    for (; s; s = s->next) {
        np_srv_conf_t *sc = ap_get_module_config(s->module_config, &nethprov_module);
        np_dbpool_t *db;
        np_pool_pair_t *pair;
        int hmax;

        sc->memo = np_child_memo;
        if (!sc->conninfo)
            continue;
        if ((pair = apr_hash_get(by_conninfo, sc->conninfo, APR_HASH_KEY_STRING))) {
            sc->db = pair->db;
            sc->defaults = pair->defaults;
            continue;
        }
        db = apr_pcalloc(p, sizeof *db);
        db->conninfo = sc->conninfo;
        db->s = s;
        /* A lookup holds a connection for a tenth of a millisecond: a few per child keep up with
         * every thread, and fewer backends compete less for the database's CPUs. */
        hmax = sc->pool_max != NP_UNSET ? sc->pool_max : (threads < NP_POOL_DEFAULT ? threads : NP_POOL_DEFAULT);
        if (apr_thread_mutex_create(&db->lock, APR_THREAD_MUTEX_DEFAULT, p) != APR_SUCCESS
            || apr_reslist_create(&db->conns, 0, hmax < 4 ? hmax : 4, hmax, apr_time_from_sec(300), np_conn_make,
                                  np_conn_drop, db, p) != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, NPLOGNO(04) "cannot create the database connection pool");
            continue;
        }
        /* A request waits at most this long for a free connection, then gets a 503. */
        apr_reslist_timeout_set(db->conns, apr_time_from_sec(5));
        pair = apr_palloc(p, sizeof *pair);
        pair->db = db;
        if ((pair->defaults = np_defcache_create()))
            apr_pool_cleanup_register(p, pair->defaults, np_defcache_cleanup, apr_pool_cleanup_null);
        apr_hash_set(by_conninfo, sc->conninfo, APR_HASH_KEY_STRING, pair);
        sc->db = db;
        sc->defaults = pair->defaults;
    }
}
