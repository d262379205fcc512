/* Shared by the httpd glue files only; the core library never includes httpd headers. */
#ifndef MOD_NETHPROV_H
#define MOD_NETHPROV_H

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <apr_reslist.h>
#include "np_brand.h"
#include "np_db.h"

/* Our own log tags (AH numbers are httpd's): NP01..; mod_nethprov_*.c hold the next free number in a comment. */
#define NPLOGNO(n) "NP" #n ": "

#define NP_UNSET (-1)

typedef struct np_dbpool_t np_dbpool_t;

typedef struct {
    const char *conninfo;
    const char *templates_dir;
    const char *base_url;
    int retry_after;
    int pool_max;
    int cache;              /* NethprovCache: keep lookups between requests (NP_UNSET: off) */
    int cache_entries;
    int bootstrap;          /* NethprovBootstrap: answer <base path>/<file> without a token (NP_UNSET: off) */
    const char *base_path;  /* the path of base_url ("" for none): where the bootstrap files are */
    np_brands_t *brands;
    apr_hash_t *ua_brands;  /* names of the brands whose templates read user_agent (made with brands) */
    struct np_dbpool_t *db; /* per child process, made in child_init */
    struct np_defcache_t *defaults; /* the default level, per child, shared with the servers of the same database */
    struct np_memo_t *memo;         /* rendered blocks, per child */
    struct np_lookcache_t *lookups; /* NethprovCache: per child, with its listener thread */
} np_srv_conf_t;

extern module AP_MODULE_DECLARE_DATA nethprov_module;
/* mod_nethprov.c gets its log index from AP_DECLARE_MODULE itself. */
#ifndef NP_MODULE_MAIN
APLOG_USE_MODULE(nethprov);
#endif

extern const command_rec np_cmds[];
void *np_srv_create(apr_pool_t *p, server_rec *s);
void *np_srv_merge(apr_pool_t *p, void *base, void *add);
int np_srv_check(apr_pool_t *p, server_rec *s);

int np_retry_after(const np_srv_conf_t *sc);

void np_pool_child_init(apr_pool_t *p, server_rec *s);
void np_cache_child_init(apr_pool_t *p, server_rec *s);

int np_handler(request_rec *r);
int np_file_name_ok(const char *f, size_t len);

/* One database question on a pooled connection (mod_nethprov_pool.c). When the connection turns out
 * broken, every connection of the pool opened before it is dropped (a database restart killed them
 * all) and the question is asked once more on one opened after the failure. NP_DB_ERROR means 503;
 * failures are logged as an outage (np_repeat_t): when it starts, once a minute, when it ends. */
typedef np_db_status_e (*np_conn_fn)(PGconn *conn, request_rec *r, void *baton, const char **err);
np_db_status_e np_conn_call(request_rec *r, np_srv_conf_t *sc, np_conn_fn fn, void *baton);

/* An error that comes back with every request (the database is down, a template that cannot render)
 * is logged when it starts, then at most once a minute with how often it happened, then (for an
 * outage) once when it ends: under load, one line a request would flood the error log. Zeroed
 * storage is a valid np_repeat_t; one lock per child serialises them (mod_nethprov_repeat.c). */
typedef struct {
    volatile apr_uint32_t active; /* read without the lock on the hot path */
    apr_time_t since;             /* the first failure of this period */
    apr_time_t logged;            /* the last line written */
    unsigned long count;          /* failures since the last line */
    unsigned long total;          /* failures since the first */
} np_repeat_t;

typedef enum { NP_REPEAT_QUIET, NP_REPEAT_FIRST, NP_REPEAT_AGAIN } np_repeat_e;

/* One more failure: NP_REPEAT_FIRST (log it: it starts), NP_REPEAT_AGAIN (log it: a minute has passed,
 * *count failures since the last line, this one included) or NP_REPEAT_QUIET (only counted). */
np_repeat_e np_repeat_fail(np_repeat_t *rep, unsigned long *count);
/* A success: 1 when it ends a failing period (log it), with *total failures over *secs seconds. */
int np_repeat_ok(np_repeat_t *rep, unsigned long *total, long *secs);
/* The end of a repeated message: what a reader needs to know about the lines not written. */
const char *np_repeat_note(apr_pool_t *p, np_repeat_e e, unsigned long count);
void np_repeat_child_init(apr_pool_t *p, server_rec *s);

/* The handler's location is never mapped to the filesystem (mod_nethprov_map.c): httpd's core would
 * log the URI, token included, when it cannot map an over-long name. */
int np_translate_name(request_rec *r);
int np_map_to_storage(request_rec *r);

/* Content-Length, then the body (already in the request pool) unless HEAD. */
int np_send_body(request_rec *r, const char *data, apr_size_t len);

/* The token-less bootstrap (mod_nethprov_bootstrap.c): the file name when r asks for <base path>/<file>
 * on a server with NethprovBootstrap On, else NULL; then the answer. */
const char *np_bootstrap_file(request_rec *r, const np_srv_conf_t *sc);
int np_bootstrap(request_rec *r, np_srv_conf_t *sc, const char *file);

#endif
