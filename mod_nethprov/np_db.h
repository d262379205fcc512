/* PostgreSQL access: one prepared statement per question, parameters always out of line. */
#ifndef NP_DB_H
#define NP_DB_H

#include <apr_pools.h>
#include <libpq-fe.h>
#include "np_defaults.h"

/* What a render needs to know about one phone. */
typedef struct {
    const char *mac;       /* 12 lowercase hex digits */
    const char *brand;
    const char *model;     /* NULL: model pending */
    int via;               /* 1 or 2: the token the request used; 0: an admin preview */
    const char *tok1;      /* NULL once retired */
    const char *tok2;
    int nsettings;         /* stored settings in level order (default, model, device, phone); a name may
                            * appear at several levels: np_render_vars() layers them by the merge rule */
    const char **names;
    const char **values;
    const char **levels;
} np_phone_t;

/* What a bootstrap file may know about its phone: bootstrap_lookup returns only this, so nothing else
 * (settings, tok2, another phone) is there to leak. */
typedef struct {
    const char *mac;       /* 12 lowercase hex digits */
    const char *brand;
    const char *model;     /* NULL: model pending */
    const char *tok1;
} np_boot_phone_t;

typedef enum { NP_DB_FOUND, NP_DB_NOTFOUND, NP_DB_ERROR } np_db_status_e;

/** Connect and prepare every statement. timeout_ms bounds each statement (0: no bound).
 *  Returns NULL with *err (in pool) on failure. */
PGconn *np_db_connect(const char *conninfo, const char *app_name, int timeout_ms, apr_pool_t *pool,
                      const char **err);

/** 1 when the connection can no longer be used (the caller drops it). */
int np_db_broken(PGconn *conn);

/**
 * The request's one round trip: find the phone by token (and MAC when mac is not NULL),
 * retiring tok1 on the first use of tok2. With a cache (may be NULL) the default level comes
 * from it while its generation is current, and is refreshed from the answer otherwise.
 * Strings in *out live as long as pool.
 */
np_db_status_e np_db_lookup(PGconn *conn, apr_pool_t *pool, np_defcache_t *cache, const char *token,
                            const char *mac, np_phone_t *out, const char **err);

/** The bootstrap request: the phone with this MAC (12 hex digits) while its tok1 is not retired.
 *  Changes nothing. Strings in *out live as long as pool. */
np_db_status_e np_db_bootstrap(PGconn *conn, apr_pool_t *pool, const char *mac, np_boot_phone_t *out,
                               const char **err);

/** An admin's view of a phone by MAC (12 hex digits): nothing is changed. */
np_db_status_e np_db_phone(PGconn *conn, apr_pool_t *pool, const char *mac, np_phone_t *out, const char **err);

/** A connection that LISTENs on channel nethprov_changed (see np_lookcache.h); NULL with *err. */
PGconn *np_db_listen(const char *conninfo, apr_pool_t *pool, const char **err);

/** Wait up to timeout_ms for notifications: returns how many arrived (0 on timeout), or -1 when
 *  the connection is lost (the caller drops it). */
int np_db_notifications(PGconn *conn, int timeout_ms);

/** Run a parameterised statement; NULL with *err on failure. The result is cleared with pool. */
PGresult *np_db_exec(PGconn *conn, apr_pool_t *pool, const char *sql, int nparams, const char *const *params,
                     const char **err);

#endif
