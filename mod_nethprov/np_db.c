#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "np_db.h"

#define NP_SQL_LOOKUP \
    "SELECT mac, brand, model, via, tok1, tok2, name, value, level FROM nethprov.provision_lookup($1, $2)"

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

PGconn *np_db_connect(const char *conninfo, const char *app_name, apr_pool_t *pool, const char **err)
{
    const char *keys[] = { "dbname", "fallback_application_name", NULL };
    const char *vals[] = { conninfo, app_name, NULL };
    const char *tparams[] = { "5000" };
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    PGresult *res;

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
    /* A slow query must not hold an httpd worker for long. */
    res = PQexecParams(conn, "SELECT set_config('statement_timeout', $1, false)", 1, NULL, tparams, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        goto fail;
    PQclear(res);
    res = PQprepare(conn, "np_lookup", NP_SQL_LOOKUP, 2, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        goto fail;
    PQclear(res);
    res = PQprepare(conn, "np_phone", NP_SQL_PHONE, 1, NULL);
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

static np_db_status_e np_db_fill(PGresult *res, np_phone_t *out, apr_pool_t *pool)
{
    int n = PQntuples(res), i, k = 0, rank;

    if (n == 0)
        return NP_DB_NOTFOUND;
    memset(out, 0, sizeof *out);
    out->mac = PQgetvalue(res, 0, 0);
    out->brand = PQgetvalue(res, 0, 1);
    out->model = PQgetisnull(res, 0, 2) ? NULL : PQgetvalue(res, 0, 2);
    out->via = atoi(PQgetvalue(res, 0, 3));
    out->tok1 = PQgetisnull(res, 0, 4) ? NULL : PQgetvalue(res, 0, 4);
    out->tok2 = PQgetvalue(res, 0, 5);
    out->names = apr_palloc(pool, sizeof(char *) * (size_t)n);
    out->values = apr_palloc(pool, sizeof(char *) * (size_t)n);
    out->levels = apr_palloc(pool, sizeof(char *) * (size_t)n);
    /* The lookup returns every level's rows unmerged and in no particular order: put them in
     * level order here, and np_render_vars() applies the merge rule while layering them. */
    for (rank = 0; rank < 4; rank++)
        for (i = 0; i < n; i++) {
            if (PQgetisnull(res, i, 6) || np_db_level_rank(PQgetvalue(res, i, 8)) != rank)
                continue; /* a phone with no settings at all comes back as one row of NULLs */
            out->names[k] = PQgetvalue(res, i, 6);
            out->values[k] = PQgetvalue(res, i, 7);
            out->levels[k] = PQgetvalue(res, i, 8);
            k++;
        }
    out->nsettings = k;
    return NP_DB_FOUND;
}

static np_db_status_e np_db_run(PGconn *conn, apr_pool_t *pool, const char *stmt, int np, const char *const *params,
                                np_phone_t *out, const char **err)
{
    PGresult *res = PQexecPrepared(conn, stmt, np, params, NULL, NULL, 0);

    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        *err = np_db_msg(pool, conn, res);
        PQclear(res);
        return NP_DB_ERROR;
    }
    apr_pool_cleanup_register(pool, res, np_db_clear, apr_pool_cleanup_null);
    return np_db_fill(res, out, pool);
}

np_db_status_e np_db_lookup(PGconn *conn, apr_pool_t *pool, const char *token, const char *mac, np_phone_t *out,
                            const char **err)
{
    const char *params[2] = { token, mac };
    return np_db_run(conn, pool, "np_lookup", 2, params, out, err);
}

np_db_status_e np_db_phone(PGconn *conn, apr_pool_t *pool, const char *mac, np_phone_t *out, const char **err)
{
    const char *params[1] = { mac };
    return np_db_run(conn, pool, "np_phone", 1, params, out, err);
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
