/* NethprovCache On: each child keeps the lookups it made (np_lookcache) and runs one thread that
 * listens for PostgreSQL's change notifications; every notification, and every loss of the
 * listening connection, makes the kept lookups unusable. */
#include <apr_hash.h>
#include <apr_allocator.h>
#include <apr_thread_mutex.h>
#include <apr_thread_proc.h>
#include "mod_nethprov.h"
#include "np_db.h"
#include "np_lookcache.h"

#define NP_CACHE_DEFAULT_ENTRIES 20000

typedef struct {
    const char *conninfo;
    np_lookcache_t *cache;
    server_rec *s;
    volatile int stop;
    apr_thread_t *thread;
    apr_pool_t *pool; /* the listener's own (see np_listener_pool) */
} np_listener_t;

/* APR pools are not thread-safe: the listener, which makes and frees a pool for every attempt to
 * connect, must not do it in the child's pool, where worker threads allocate. Its pool has no
 * parent, an allocator of its own and a mutex on that allocator (for the thread's own pool, made
 * from it in this thread and freed in the listener's). */
static apr_status_t np_listener_pool(apr_pool_t **out)
{
    apr_allocator_t *a;
    apr_thread_mutex_t *m;
    apr_status_t rv;

    if ((rv = apr_allocator_create(&a)) != APR_SUCCESS)
        return rv;
    if ((rv = apr_pool_create_unmanaged_ex(out, NULL, a)) != APR_SUCCESS) {
        apr_allocator_destroy(a);
        return rv;
    }
    apr_allocator_owner_set(a, *out);
    if ((rv = apr_thread_mutex_create(&m, APR_THREAD_MUTEX_DEFAULT, *out)) != APR_SUCCESS) {
        apr_pool_destroy(*out);
        return rv;
    }
    apr_allocator_mutex_set(a, m);
    return APR_SUCCESS;
}

static void *APR_THREAD_FUNC np_listen(apr_thread_t *thread, void *data)
{
    np_listener_t *l = data;
    PGconn *conn = NULL;
    int logged = 0;

    while (!l->stop) {
        int n;
        if (!conn) {
            const char *err;
            apr_pool_t *p;
            apr_pool_create(&p, l->pool);
            if (!(conn = np_db_listen(l->conninfo, p, &err))) {
                if (!logged++)
                    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, l->s, NPLOGNO(13)
                                 "cache listener cannot connect (serving without the cache): %s", err);
                apr_pool_destroy(p);
                for (n = 0; n < 10 && !l->stop; n++)
                    apr_sleep(apr_time_from_msec(100));
                continue;
            }
            apr_pool_destroy(p);
            if (logged)
                ap_log_error(APLOG_MARK, APLOG_INFO, 0, l->s, NPLOGNO(14) "cache listener connected again");
            logged = 0;
            np_lookcache_set_listening(l->cache, 1);
        }
        n = np_db_notifications(conn, 200);
        if (n > 0)
            np_lookcache_bump(l->cache);
        else if (n < 0) {
            np_lookcache_set_listening(l->cache, 0);
            PQfinish(conn);
            conn = NULL;
        }
    }
    np_lookcache_set_listening(l->cache, 0);
    if (conn)
        PQfinish(conn);
    apr_thread_exit(thread, APR_SUCCESS);
    return NULL;
}

static apr_status_t np_listener_stop(void *data)
{
    np_listener_t *l = data;
    apr_status_t rv;
    l->stop = 1;
    if (l->thread)
        apr_thread_join(&rv, l->thread);
    np_lookcache_destroy(l->cache);
    apr_pool_destroy(l->pool);
    return APR_SUCCESS;
}

void np_cache_child_init(apr_pool_t *p, server_rec *s)
{
    apr_hash_t *by_conninfo = apr_hash_make(p);

    for (; s; s = s->next) {
        np_srv_conf_t *sc = ap_get_module_config(s->module_config, &nethprov_module);
        np_listener_t *l;

        if (sc->cache != 1 || !sc->conninfo)
            continue;
        if ((l = apr_hash_get(by_conninfo, sc->conninfo, APR_HASH_KEY_STRING))) {
            sc->lookups = l->cache;
            continue;
        }
        l = apr_pcalloc(p, sizeof *l);
        l->conninfo = sc->conninfo;
        l->s = s;
        if (np_listener_pool(&l->pool) != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, NPLOGNO(15) "cannot start the cache listener thread");
            continue;
        }
        if (!(l->cache = np_lookcache_create(sc->cache_entries != NP_UNSET ? sc->cache_entries
                                                                           : NP_CACHE_DEFAULT_ENTRIES))) {
            apr_pool_destroy(l->pool);
            continue;
        }
        if (apr_thread_create(&l->thread, NULL, np_listen, l, l->pool) != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, NPLOGNO(15) "cannot start the cache listener thread");
            np_lookcache_destroy(l->cache);
            apr_pool_destroy(l->pool);
            continue;
        }
        apr_pool_cleanup_register(p, l, np_listener_stop, apr_pool_cleanup_null);
        apr_hash_set(by_conninfo, sc->conninfo, APR_HASH_KEY_STRING, l);
        sc->lookups = l->cache;
    }
}
