#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "np_db.h"

#define NP_SQL_LOOKUP \
    "SELECT mac, brand, model, via, tok1, tok2, name, value, level, defaults_gen" \
    " FROM nethprov.provision_lookup($1, $2, $3::bigint)"

#define NP_SQL_BOOTSTRAP "SELECT mac, brand, model, tok1 FROM nethprov.bootstrap_lookup($1)"

/* Tables whose writes notify nethprov_changed (sql/migrations/001_init.sql). */
#define NP_DB_NOTIFY_TRIGGERS 9

#define NP_SQL_PHONE \
    "SELECT replace(p.mac::text, ':', ''), p.brand, p.model, 0, p.tok1, p.tok2, e.name, e.value, e.level" \
    " FROM nethprov.phones AS p LEFT JOIN LATERAL nethprov.phone_effective(p.id) AS e ON true" \
    " WHERE p.mac = $1::macaddr"

static void np_db_quiet(void *arg, const char *message)
{
    /* Server notices would land in httpd's error log; nothing in them is ours to report. */
}

static apr_status_t np_db_clear(void *res)
{
    PQclear(res);
    return APR_SUCCESS;
}

static const char *np_db_msg(apr_pool_t *pool, PGconn *conn, const PGresult *res)
{
    const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
    char *s = apr_pstrdup(pool, m && *m ? m : "unknown database error");
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = '\0';
    return s;
}

/* Connect (conninfo may be a full connection string) with notices silenced; NULL with *err. */
static PGconn *np_db_open(const char *conninfo, const char *app_name, apr_pool_t *pool, const char **err)
{
    const char *keys[] = { "dbname", "fallback_application_name", NULL };
    const char *vals[] = { conninfo, app_name, NULL };
    PGconn *conn = PQconnectdbParams(keys, vals, 1);

    if (!conn) {
        *err = "out of memory";
        return NULL;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        *err = np_db_msg(pool, conn, NULL);
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, np_db_quiet, NULL);
    return conn;
}

PGconn *np_db_connect(const char *conninfo, const char *app_name, int timeout_ms, apr_pool_t *pool,
                      const char **err)
{
    const char *tparams[] = { apr_itoa(pool, timeout_ms) };
    PGconn *conn = np_db_open(conninfo, app_name, pool, err);
    PGresult *res;

    if (!conn)
        return NULL;
    /* A slow query must not hold an httpd worker for long; an admin's import may take longer. */
    res = PQexecParams(conn, "SELECT set_config('statement_timeout', $1, false)", 1, NULL, tparams, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        goto fail;
    PQclear(res);
    res = PQprepare(conn, "np_lookup", NP_SQL_LOOKUP, 3, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        goto fail;
    PQclear(res);
    return conn;
fail:
    *err = np_db_msg(pool, conn, res);
    PQclear(res);
    PQfinish(conn);
    return NULL;
}

int np_db_broken(PGconn *conn)
{
    return !conn || PQstatus(conn) != CONNECTION_OK;
}

/* Rank of a level in the merge: rows are layered in this order, so a later level wins. */
static int np_db_level_rank(const char *level)
{
    static const char *const order[] = { "default", "model", "device", "phone" };
    int i;
    for (i = 0; i < 4; i++)
        if (!strcmp(level, order[i]))
            return i;
    return -1;
}

/* Columns 0-5 describe the phone and repeat on every row; 6-8 are one stored setting. */
static void np_db_fill_phone(PGresult *res, np_phone_t *out, apr_pool_t *pool, int extra)
{
    int n = PQntuples(res);
    memset(out, 0, sizeof *out);
    out->mac = PQgetvalue(res, 0, 0);
    out->brand = PQgetvalue(res, 0, 1);
    out->model = PQgetisnull(res, 0, 2) ? NULL : PQgetvalue(res, 0, 2);
    out->via = atoi(PQgetvalue(res, 0, 3));
    out->tok1 = PQgetisnull(res, 0, 4) ? NULL : PQgetvalue(res, 0, 4);
    out->tok2 = PQgetvalue(res, 0, 5);
    out->names = apr_palloc(pool, sizeof(char *) * (size_t)(n + extra));
    out->values = apr_palloc(pool, sizeof(char *) * (size_t)(n + extra));
    out->levels = apr_palloc(pool, sizeof(char *) * (size_t)(n + extra));
}

static void np_db_push(np_phone_t *out, const char *name, const char *value, const char *level)
{
    out->names[out->nsettings] = name;
    out->values[out->nsettings] = value;
    out->levels[out->nsettings] = level;
    out->nsettings++;
}

/* The rows of rank from res, in the order they came. */
static void np_db_push_rank(np_phone_t *out, PGresult *res, int rank)
{
    int i, n = PQntuples(res);
    for (i = 0; i < n; i++)
        if (!PQgetisnull(res, i, 6) && np_db_level_rank(PQgetvalue(res, i, 8)) == rank)
            np_db_push(out, PQgetvalue(res, i, 6), PQgetvalue(res, i, 7), PQgetvalue(res, i, 8));
}

static apr_status_t np_db_release_defaults(void *data)
{
    void **pair = data;
    np_defcache_release(pair[0], pair[1]);
    return APR_SUCCESS;
}

/* Hold a reference to d for as long as pool lives: the request's strings point into it. */
static void np_db_hold(apr_pool_t *pool, np_defcache_t *cache, const np_defaults_t *d)
{
    void **pair = apr_palloc(pool, 2 * sizeof(void *));
    pair[0] = cache;
    pair[1] = (void *)d;
    apr_pool_cleanup_register(pool, pair, np_db_release_defaults, apr_pool_cleanup_null);
}

static PGresult *np_db_run(PGconn *conn, apr_pool_t *pool, const char *stmt, int np, const char *const *params,
                           const char **err)
{
    PGresult *res = PQexecPrepared(conn, stmt, np, params, NULL, NULL, 0);

    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        *err = np_db_msg(pool, conn, res);
        PQclear(res);
        return NULL;
    }
    apr_pool_cleanup_register(pool, res, np_db_clear, apr_pool_cleanup_null);
    return res;
}

np_db_status_e np_db_lookup(PGconn *conn, apr_pool_t *pool, np_defcache_t *cache, const char *token,
                            const char *mac, np_phone_t *out, const char **err)
{
    const np_defaults_t *d = cache ? np_defcache_acquire(cache) : NULL;
    const char *params[3] = { token, mac, NULL };
    PGresult *res;
    int rank, i, n;

    if (d) {
        np_db_hold(pool, cache, d);
        params[2] = apr_ltoa(pool, (long)np_defaults_gen(d));
    }
    if (!(res = np_db_run(conn, pool, "np_lookup", 3, params, err)))
        return NP_DB_ERROR;
    if ((n = PQntuples(res)) == 0)
        return NP_DB_NOTFOUND;

    /* The rows come unmerged and in no particular order: put them in level order here, and
     * np_render_vars() applies the merge rule while layering them. */
    if (cache && (!d || np_defaults_gen(d) != atoll(PQgetvalue(res, 0, 9)))) {
        /* The database sent the default level (a new generation): keep it for the next requests. */
        const char **names = apr_palloc(pool, sizeof(char *) * (size_t)n);
        const char **values = apr_palloc(pool, sizeof(char *) * (size_t)n);
        int k = 0;
        for (i = 0; i < n; i++)
            if (!PQgetisnull(res, i, 6) && np_db_level_rank(PQgetvalue(res, i, 8)) == 0) {
                names[k] = PQgetvalue(res, i, 6);
                values[k++] = PQgetvalue(res, i, 7);
            }
        if ((d = np_defcache_install(cache, atoll(PQgetvalue(res, 0, 9)), k, names, values)))
            np_db_hold(pool, cache, d);
    }
    if (d) {
        np_db_fill_phone(res, out, pool, np_defaults_count(d));
        for (i = 0; i < np_defaults_count(d); i++)
            np_db_push(out, np_defaults_name(d, i), np_defaults_value(d, i), "default");
    }
    else {
        np_db_fill_phone(res, out, pool, 0);
        np_db_push_rank(out, res, 0);
    }
    for (rank = 1; rank < 4; rank++)
        np_db_push_rank(out, res, rank);
    return NP_DB_FOUND;
}

np_db_status_e np_db_bootstrap(PGconn *conn, apr_pool_t *pool, const char *mac, np_boot_phone_t *out,
                               const char **err)
{
    const char *params[1] = { mac };
    PGresult *res = PQexecParams(conn, NP_SQL_BOOTSTRAP, 1, NULL, params, NULL, NULL, 0);

    /* Not prepared: a phone asks once in its life, and a connection must not depend on a
     * migration that only the bootstrap needs (a module upgraded before its database). */
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        *err = np_db_msg(pool, conn, res);
        PQclear(res);
        return NP_DB_ERROR;
    }
    apr_pool_cleanup_register(pool, res, np_db_clear, apr_pool_cleanup_null);
    if (PQntuples(res) != 1)
        return NP_DB_NOTFOUND;
    out->mac = PQgetvalue(res, 0, 0);
    out->brand = PQgetvalue(res, 0, 1);
    out->model = PQgetisnull(res, 0, 2) ? NULL : PQgetvalue(res, 0, 2);
    out->tok1 = PQgetvalue(res, 0, 3);
    return NP_DB_FOUND;
}

np_db_status_e np_db_phone(PGconn *conn, apr_pool_t *pool, const char *mac, np_phone_t *out, const char **err)
{
    const char *params[1] = { mac };
    PGresult *res;
    int i;

    /* An admin's question, not the hot path: not prepared, so that the web server's role, which
     * may not read the tables, can still prepare everything it uses. */
    if (!(res = np_db_exec(conn, pool, NP_SQL_PHONE, 1, params, err)))
        return NP_DB_ERROR;
    if (PQntuples(res) == 0)
        return NP_DB_NOTFOUND;
    /* phone_effective() has merged already: one row per name, each with its winning level. */
    np_db_fill_phone(res, out, pool, 0);
    for (i = 0; i < PQntuples(res); i++)
        if (!PQgetisnull(res, i, 6))
            np_db_push(out, PQgetvalue(res, i, 6), PQgetvalue(res, i, 7), PQgetvalue(res, i, 8));
    return NP_DB_FOUND;
}

PGresult *np_db_exec(PGconn *conn, apr_pool_t *pool, const char *sql, int nparams, const char *const *params,
                     const char **err)
{
    PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);

    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        *err = np_db_msg(pool, conn, res);
        PQclear(res);
        return NULL;
    }
    apr_pool_cleanup_register(pool, res, np_db_clear, apr_pool_cleanup_null);
    return res;
}

PGconn *np_db_listen(const char *conninfo, apr_pool_t *pool, const char **err)
{
    PGconn *conn = np_db_open(conninfo, "mod_nethprov listener", pool, err);
    PGresult *res;

    if (!conn)
        return NULL;
    /* Without the triggers that notify, nothing would ever say that kept lookups are stale:
     * refuse to listen to a database whose schema predates them. */
    res = PQexecParams(conn,
                       "SELECT count(*) FROM pg_catalog.pg_trigger AS t JOIN pg_catalog.pg_proc AS f ON f.oid = t.tgfoid"
                       " WHERE f.oid = pg_catalog.to_regprocedure('nethprov.notify_changed()') AND t.tgenabled <> 'D'",
                       0, NULL, NULL, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || atoi(PQgetvalue(res, 0, 0)) < NP_DB_NOTIFY_TRIGGERS) {
        *err = PQresultStatus(res) == PGRES_TUPLES_OK
                   ? "the database lacks nethprov's change-notification triggers (run the migrations)"
                   : np_db_msg(pool, conn, res);
        PQclear(res);
        PQfinish(conn);
        return NULL;
    }
    PQclear(res);
    res = PQexecParams(conn, "LISTEN nethprov_changed", 0, NULL, NULL, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        *err = np_db_msg(pool, conn, res);
        PQclear(res);
        PQfinish(conn);
        return NULL;
    }
    PQclear(res);
    return conn;
}

int np_db_notifications(PGconn *conn, int timeout_ms)
{
    struct pollfd pfd;
    PGnotify *n;
    int count = 0, rv;

    pfd.fd = PQsocket(conn);
    pfd.events = POLLIN;
    pfd.revents = 0;
    if (pfd.fd < 0)
        return -1;
    rv = poll(&pfd, 1, timeout_ms);
    if (rv < 0)
        return 0; /* interrupted: try again */
    if (rv > 0 && !PQconsumeInput(conn))
        return -1;
    while ((n = PQnotifies(conn)) != NULL) {
        PQfreemem(n);
        count++;
    }
    return PQstatus(conn) == CONNECTION_OK ? count : -1;
}
