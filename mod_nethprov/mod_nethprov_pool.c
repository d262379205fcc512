/* Database connections: a pool per child process (apr_reslist, as mod_dbd does).
 * Nothing connects before fork; connections are made on first use and dropped when broken. */
#include <ap_mpm.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include "mod_nethprov.h"
#include "np_db.h"
#include "np_defaults.h"
#include "np_memo.h"

typedef struct {
    apr_reslist_t *conns;
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

#define NP_POOL_DEFAULT 4
/* A lookup takes a fraction of a millisecond: one that takes seconds means trouble, and holds a worker. */
#define NP_LOOKUP_TIMEOUT_MS 5000

typedef struct {
    const char *conninfo;
    server_rec *s;
} np_pool_ctx_t;

static apr_status_t np_conn_make(void **res, void *params, apr_pool_t *pool)
{
    np_pool_ctx_t *ctx = params;
    const char *err;
    PGconn *conn = np_db_connect(ctx->conninfo, "mod_nethprov", NP_LOOKUP_TIMEOUT_MS, pool, &err);

    if (!conn) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, ctx->s, NPLOGNO(03) "cannot connect to the database: %s", err);
        return APR_EGENERAL;
    }
    *res = conn;
    return APR_SUCCESS;
}

static apr_status_t np_conn_drop(void *res, void *params, apr_pool_t *pool)
{
    PQfinish(res);
    return APR_SUCCESS;
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
        apr_reslist_t *rl;
        np_pool_ctx_t *ctx;
        np_pool_pair_t *pair;
        int hmax;

        sc->memo = np_child_memo;
        if (!sc->conninfo)
            continue;
        if ((pair = apr_hash_get(by_conninfo, sc->conninfo, APR_HASH_KEY_STRING))) {
            sc->conns = pair->conns;
            sc->defaults = pair->defaults;
            continue;
        }
        ctx = apr_palloc(p, sizeof *ctx);
        ctx->conninfo = sc->conninfo;
        ctx->s = s;
        /* A lookup holds a connection for a tenth of a millisecond: a few per child keep up with
         * every thread, and fewer backends compete less for the database's CPUs. */
        hmax = sc->pool_max != NP_UNSET ? sc->pool_max : (threads < NP_POOL_DEFAULT ? threads : NP_POOL_DEFAULT);
        if (apr_reslist_create(&rl, 0, hmax < 4 ? hmax : 4, hmax, apr_time_from_sec(300), np_conn_make, np_conn_drop,
                               ctx, p) != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, NPLOGNO(04) "cannot create the database connection pool");
            continue;
        }
        /* A request waits at most this long for a free connection, then gets a 503. */
        apr_reslist_timeout_set(rl, apr_time_from_sec(5));
        pair = apr_palloc(p, sizeof *pair);
        pair->conns = rl;
        if ((pair->defaults = np_defcache_create()))
            apr_pool_cleanup_register(p, pair->defaults, np_defcache_cleanup, apr_pool_cleanup_null);
        apr_hash_set(by_conninfo, sc->conninfo, APR_HASH_KEY_STRING, pair);
        sc->conns = rl;
        sc->defaults = pair->defaults;
    }
}
