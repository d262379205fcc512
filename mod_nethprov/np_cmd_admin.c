/* CLI administration: users, assignment, settings, phones and the catalogue. Every change is one
 * call of a nethprov.* SQL function (migration 002), which holds the rule; the CLI only turns its
 * answer, or its error, into text and an exit status. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "np_cmd.h"
#include "np_db.h"
#include "np_mac.h"

static apr_status_t np_admin_clear(void *res)
{
    PQclear(res);
    return APR_SUCCESS;
}

/* Run one parameterised statement. On failure print the database's own words and set *rc:
 * 3 when the database cannot be reached (class 08 or a broken connection), 1 otherwise
 * (P0002 not found, 22023 bad value, 23505, 23514, 2BP01, 42704 ...). An error of SQLSTATE OWN
 * (when not NULL) is left for the caller to word: nothing printed, *rc 1 and *own_hit 1. */
static PGresult *np_admin_exec_own(np_cmd_t *c, const char *sql, int nparams, const char *const *params, int *rc,
                                   const char *own, int *own_hit)
{
    PGresult *res;
    ExecStatusType st;
    const char *state, *msg, *detail, *hint;

    if ((*rc = np_cmd_db(c)))
        return NULL;
    res = PQexecParams(c->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
        apr_pool_cleanup_register(c->pool, res, np_admin_clear, apr_pool_cleanup_null);
        *rc = 0;
        return res;
    }
    state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
    if (!msg) {
        char *m = apr_pstrdup(c->pool, PQerrorMessage(c->conn));
        size_t n = strlen(m);
        while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
            m[--n] = '\0';
        msg = *m ? m : "unknown database error";
    }
    if ((state && !strncmp(state, "08", 2)) || PQstatus(c->conn) != CONNECTION_OK || !res)
        *rc = np_cmd_fail(NP_EXIT_DB, "database unreachable: %s", msg);
    else if (own && state && !strcmp(state, own)) {
        *own_hit = 1;
        *rc = NP_EXIT_REJECTED;
    }
    else
        *rc = np_cmd_fail(NP_EXIT_REJECTED, "%s%s%s%s%s", msg, detail ? "\n  " : "", detail ? detail : "",
                          hint ? "\n  " : "", hint ? hint : "");
    PQclear(res);
    return NULL;
}

static PGresult *np_admin_exec(np_cmd_t *c, const char *sql, int nparams, const char *const *params, int *rc)
{
    return np_admin_exec_own(c, sql, nparams, params, rc, NULL, NULL);
}

static const char *np_val(PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* A MAC from the command line, checked here for a clear message, in the colon form. */
static int np_admin_mac(const char *arg, char colon[18])
{
    unsigned char mac[6];
    char m12[13];
    int rc;
    if ((rc = np_cmd_mac_arg(arg, mac, m12)))
        return rc;
    np_mac_format(mac, NP_MAC_COLON, colon);
    return 0;
}

/* ---- users ----------------------------------------------------------------------------------- */

int np_cmd_user_add(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res;
    int rc;
    if (argc != 2)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov user add EXT NAME");
    if (!(res = np_admin_exec(c, "SELECT nethprov.user_add($1, $2)", 2, argv, &rc)))
        return rc;
    printf("user %s (%s): %s\n", argv[0], argv[1], PQgetvalue(res, 0, 0));
    return NP_EXIT_OK;
}

int np_cmd_user_rm(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res;
    const char *params[2];
    int rc, busy = 0;
    if (argc != 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov user rm EXT [--force]");
    params[0] = argv[0];
    params[1] = c->force ? "true" : "false";
    /* 2BP01, the user has devices: the function's words name its parameter (p_force); here it is an option. */
    if (!(res = np_admin_exec_own(c, "SELECT nethprov.user_remove($1, $2::boolean)", 2, params, &rc, "2BP01", &busy))) {
        if (busy && (res = np_admin_exec(c, "SELECT count(*) FROM nethprov.devices WHERE user_extension = $1", 1,
                                         params, &rc)))
            rc = np_cmd_fail(NP_EXIT_REJECTED, "user %s has %s device%s: unassign them, or use --force to remove the "
                             "user anyway (its phones are kept, unassigned)", argv[0], PQgetvalue(res, 0, 0),
                             strcmp(PQgetvalue(res, 0, 0), "1") ? "s" : "");
        return rc;
    }
    printf("user %s removed (%s device%s unassigned)\n", argv[0], PQgetvalue(res, 0, 0),
           strcmp(PQgetvalue(res, 0, 0), "1") ? "s" : "");
    return NP_EXIT_OK;
}

int np_cmd_user_list(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res;
    int rc, i;
    (void)argv;
    if (argc)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov user list [--json]");
    if (!(res = np_admin_exec(c,
                              "SELECT u.extension, u.display_name, count(d.phone_id)::text"
                              " FROM nethprov.users AS u LEFT JOIN nethprov.devices AS d ON d.user_extension = u.extension"
                              " GROUP BY u.extension, u.display_name ORDER BY length(u.extension), u.extension",
                              0, NULL, &rc)))
        return rc;
    if (c->json) {
        np_buf_t b;
        np_buf_init(&b, c->pool, 4096);
        np_json_raw(&b, "[");
        for (i = 0; i < PQntuples(res); i++) {
            np_json_raw(&b, i ? ",\n {\"extension\": " : "\n {\"extension\": ");
            np_json_str(&b, PQgetvalue(res, i, 0));
            np_json_raw(&b, ", \"display_name\": ");
            np_json_str(&b, PQgetvalue(res, i, 1));
            np_json_raw(&b, ", \"devices\": ");
            np_json_raw(&b, PQgetvalue(res, i, 2));
            np_json_raw(&b, "}");
        }
        np_json_raw(&b, i ? "\n]\n" : "]\n");
        fwrite(b.data, 1, b.len, stdout);
        return NP_EXIT_OK;
    }
    printf("%-8s %-7s %s\n", "EXT", "DEVICES", "NAME");
    for (i = 0; i < PQntuples(res); i++)
        printf("%-8s %-7s %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 2), PQgetvalue(res, i, 1));
    return NP_EXIT_OK;
}

/* ---- assignment ------------------------------------------------------------------------------ */

int np_cmd_assign(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res;
    const char *params[2];
    char mac[18];
    int rc;
    if (argc != 2)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov assign MAC EXT");
    if ((rc = np_admin_mac(argv[0], mac)))
        return rc;
    params[0] = mac;
    params[1] = argv[1];
    if (!(res = np_admin_exec(c, "SELECT device_extension, device_position, moved_from FROM nethprov.assign($1, $2)",
                              2, params, &rc)))
        return rc;
    printf("phone %s: user %s, device extension %s (position %s)", mac, argv[1], PQgetvalue(res, 0, 0),
           PQgetvalue(res, 0, 1));
    if (np_val(res, 0, 2))
        printf(", moved from user %s", PQgetvalue(res, 0, 2));
    printf("\n");
    return NP_EXIT_OK;
}

int np_cmd_unassign(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res;
    const char *params[1];
    char mac[18];
    int rc;
    if (argc != 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov unassign MAC");
    if ((rc = np_admin_mac(argv[0], mac)))
        return rc;
    params[0] = mac;
    if (!(res = np_admin_exec(c, "SELECT nethprov.unassign($1)", 1, params, &rc)))
        return rc;
    if (np_val(res, 0, 0))
        printf("phone %s unassigned from user %s\n", mac, PQgetvalue(res, 0, 0));
    else
        printf("phone %s was not assigned\n", mac);
    return NP_EXIT_OK;
}

/* ---- settings -------------------------------------------------------------------------------- */

/* The level named by exactly one of --default, --model BRAND/MODEL, --phone MAC. */
static int np_level(np_cmd_t *c, const char *cmd, const char **level, const char **target)
{
    int n = c->level_default + (c->model != NULL) + (c->phone != NULL);
    if (n != 1)
        return np_cmd_fail(NP_EXIT_USAGE, "%s needs exactly one of --default, --model BRAND/MODEL, --phone MAC",
                           cmd);
    if (c->level_default) {
        *level = "default";
        *target = NULL;
    }
    else if (c->model) {
        *level = "model";
        *target = c->model;
    }
    else {
        *level = "phone";
        *target = c->phone;
    }
    return 0;
}

int np_cmd_set(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res;
    const char *params[3];
    np_buf_t b;
    int rc, i;

    if (argc < 1)
        return np_cmd_fail(NP_EXIT_USAGE,
                           "usage: nethprov set (--default | --model BRAND/MODEL | --phone MAC) KEY=VALUE...");
    if ((rc = np_level(c, "set", &params[0], &params[1])))
        return rc;
    np_buf_init(&b, c->pool, 1024);
    np_json_raw(&b, "{");
    for (i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i])
            return np_cmd_fail(NP_EXIT_USAGE, "'%s' is not KEY=VALUE (KEY= or KEY=- clears)", argv[i]);
        if (i)
            np_json_raw(&b, ",");
        np_json_str(&b, apr_pstrndup(c->pool, argv[i], (apr_size_t)(eq - argv[i])));
        np_json_raw(&b, ":");
        np_json_str(&b, (!eq[1] || !strcmp(eq + 1, "-")) ? NULL : eq + 1);
    }
    np_json_raw(&b, "}");
    params[2] = b.data;
    if (!(res = np_admin_exec(c, "SELECT nethprov.settings_set($1, $2, $3::jsonb)", 3, params, &rc)))
        return rc;
    printf("%s setting%s changed\n", PQgetvalue(res, 0, 0), strcmp(PQgetvalue(res, 0, 0), "1") ? "s" : "");
    return NP_EXIT_OK;
}

/* Edit distance (Levenshtein: insertions, deletions, substitutions) of A and B; 1000 when one is longer
 * than any variable name. */
static int np_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    int row[129];

    if (la > 128 || lb > 128)
        return 1000;
    for (j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (j = 1; j <= lb; j++) {
            int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

#define NP_NEAR_MAX 5

/* The names of the catalogue CAT (rows: name, indexed) closest to KEY, nearest first, for the message about
 * a name it does not hold: those a few edits away (fewer for a short KEY), and those KEY begins. An indexed
 * row NAME (it describes NAME_1, NAME_2 ...) is compared with KEY less its _N, and shown with it. "" if none. */
static const char *np_closest_vars(apr_pool_t *p, PGresult *cat, const char *key)
{
    const char *shown[NP_NEAR_MAX], *u = strrchr(key, '_'), *suffix = NULL, *bare = key, *out = "";
    int dist[NP_NEAR_MAX], n = 0, i, j;
    size_t klen = strlen(key);
    int limit = klen <= 4 ? 1 : klen <= 8 ? 2 : 3;

    if (u && u[1] && strspn(u + 1, "0123456789") == strlen(u + 1)) {
        suffix = u;
        bare = apr_pstrmemdup(p, key, (apr_size_t)(u - key));
    }
    for (i = 0; i < PQntuples(cat); i++) {
        const char *name = PQgetvalue(cat, i, 0);
        int indexed = !strcmp(PQgetvalue(cat, i, 1), "t");
        const char *cmp = indexed ? bare : key;
        size_t clen = strlen(cmp);
        int d = np_edit_distance(cmp, name);

        if (d > limit && !(clen >= 3 && !strncmp(name, cmp, clen)))
            continue;
        /* insertion into the NP_NEAR_MAX nearest, by distance; the catalogue's name order breaks ties */
        for (j = n; j > 0 && dist[j - 1] > d; j--)
            if (j < NP_NEAR_MAX) {
                dist[j] = dist[j - 1];
                shown[j] = shown[j - 1];
            }
        if (j >= NP_NEAR_MAX)
            continue;
        dist[j] = d;
        shown[j] = indexed ? apr_pstrcat(p, name, suffix ? suffix : "_N", NULL) : name;
        if (n < NP_NEAR_MAX)
            n++;
    }
    for (i = 0; i < n; i++)
        out = apr_pstrcat(p, out, i ? ", " : "", shown[i], NULL);
    return out;
}

/* Names the catalogue (nethprov.variables, through variable_for) does not know: a typo is not a setting that
 * happens to be unset at this level. Each is reported with the names closest to it; 1 if there was one. */
static int np_unknown_vars(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res, *cat = NULL;
    int rc, i, unknown = 0;

    for (i = 0; i < argc; i++) {
        const char *near;
        if (!(res = np_admin_exec(c, "SELECT nethprov.variable_for($1) IS NULL", 1, &argv[i], &rc)))
            return rc;
        if (strcmp(PQgetvalue(res, 0, 0), "t"))
            continue;
        if (!cat && !(cat = np_admin_exec(c, "SELECT name, indexed FROM nethprov.variables ORDER BY name", 0,
                                          NULL, &rc)))
            return rc;
        near = np_closest_vars(c->pool, cat, argv[i]);
        np_cmd_fail(NP_EXIT_REJECTED, "no variable '%s' in the catalogue%s%s ('nethprov vars' lists them)", argv[i],
                    *near ? "; the closest: " : "", near);
        unknown = 1;
    }
    return unknown ? NP_EXIT_REJECTED : 0;
}

int np_cmd_get(np_cmd_t *c, int argc, const char *const *argv)
{
    const char *params[3];
    int rc, i;

    if (argc < 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov get (--default | --model BRAND/MODEL | --phone MAC) KEY...");
    if ((rc = np_level(c, "get", &params[0], &params[1])) || (rc = np_unknown_vars(c, argc, argv)))
        return rc;
    for (i = 0; i < argc; i++) {
        PGresult *res;
        params[2] = argv[i];
        if (!(res = np_admin_exec(c, "SELECT nethprov.setting_get($1, $2, $3)", 3, params, &rc)))
            return rc;
        if (np_val(res, 0, 0))
            printf("%s=%s\n", argv[i], PQgetvalue(res, 0, 0));
        else
            printf("%s is not set at this level\n", argv[i]);
    }
    return NP_EXIT_OK;
}

/* ---- phones ---------------------------------------------------------------------------------- */

int np_cmd_phone_add(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res;
    const char *params[2];
    char mac[18];
    int rc;
    if (argc != 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov phone add MAC [--model MODEL] [--check-code CODE]");
    if ((rc = np_admin_mac(argv[0], mac)))
        return rc;
    params[0] = mac;
    params[1] = c->model;
    if (!c->check_code) {
        if (!(res = np_admin_exec(c, "SELECT nethprov.phone_add($1, $2)", 2, params, &rc)))
            return rc;
        printf("phone %s: %s\n", mac, PQgetvalue(res, 0, 0));
        return NP_EXIT_OK;
    }
    /* With the Gigaset MAC-ID check code (kept for `rps register`): both or neither. */
    params[1] = c->check_code;
    if (!(res = np_admin_exec(c, "WITH a AS (SELECT nethprov.phone_add($1::macaddr, $3) AS st) "
                                 "SELECT a.st, nethprov.rps_set_check_code($1::macaddr, $2) FROM a",
                              3, (const char *[]){ mac, c->check_code, c->model }, &rc)))
        return rc;
    {
        char *code = apr_pstrdup(c->pool, c->check_code), *u;
        for (u = code; *u; u++)
            *u = (char)toupper((unsigned char)*u);
        printf("phone %s: %s, MAC-ID check code %s stored\n", mac, PQgetvalue(res, 0, 0), code);
    }
    return NP_EXIT_OK;
}

int np_cmd_phone_rm(np_cmd_t *c, int argc, const char *const *argv)
{
    const char *params[1];
    char mac[18];
    int rc;
    if (argc != 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov phone rm MAC");
    if ((rc = np_admin_mac(argv[0], mac)))
        return rc;
    params[0] = mac;
    if (!np_admin_exec(c, "SELECT nethprov.phone_remove($1)", 1, params, &rc))
        return rc;
    printf("phone %s removed\n", mac);
    return NP_EXIT_OK;
}

static void np_csv_field(const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    }
    else if (s)
        fputs(s, stdout);
    putchar(last ? '\n' : ',');
}

int np_cmd_phone_list(np_cmd_t *c, int argc, const char *const *argv)
{
    static const char *const keys[] = { "mac", "brand", "model", "user", "display_name", "extension", "stage" };
    PGresult *res;
    const char *params[3];
    int rc, i, k;
    (void)argv;

    if (argc || (c->json && c->csv))
        return np_cmd_fail(NP_EXIT_USAGE,
                           "usage: nethprov phone list [--brand B] [--model M] [--unassigned] [--json | --csv]");
    params[0] = c->brand;
    params[1] = c->model;
    params[2] = c->unassigned ? "true" : "false";
    if (!(res = np_admin_exec(c,
                              "SELECT mac::text, brand, model, user_extension, display_name, device_extension, stage"
                              " FROM nethprov.phones_report"
                              " WHERE ($1::text IS NULL OR brand = $1) AND ($2::text IS NULL OR model = $2)"
                              " AND (NOT $3::boolean OR user_extension IS NULL) ORDER BY mac",
                              3, params, &rc)))
        return rc;
    if (c->json) {
        np_buf_t b;
        np_buf_init(&b, c->pool, 4096 + (size_t)PQntuples(res) * 160);
        np_json_raw(&b, "[");
        for (i = 0; i < PQntuples(res); i++) {
            np_json_raw(&b, i ? ",\n {" : "\n {");
            for (k = 0; k < 7; k++) {
                if (k)
                    np_json_raw(&b, ", ");
                np_json_str(&b, keys[k]);
                np_json_raw(&b, ": ");
                np_json_str(&b, np_val(res, i, k));
            }
            np_json_raw(&b, "}");
        }
        np_json_raw(&b, i ? "\n]\n" : "]\n");
        fwrite(b.data, 1, b.len, stdout);
        return NP_EXIT_OK;
    }
    if (c->csv) {
        for (k = 0; k < 7; k++)
            np_csv_field(keys[k], k == 6);
        for (i = 0; i < PQntuples(res); i++)
            for (k = 0; k < 7; k++)
                np_csv_field(np_val(res, i, k), k == 6);
        return NP_EXIT_OK;
    }
    printf("%-17s %-12s %-12s %-8s %-9s %-13s %s\n", "MAC", "BRAND", "MODEL", "USER", "EXTENSION", "STAGE", "NAME");
    for (i = 0; i < PQntuples(res); i++)
        printf("%-17s %-12s %-12s %-8s %-9s %-13s %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
               np_val(res, i, 2) ? PQgetvalue(res, i, 2) : "-", np_val(res, i, 3) ? PQgetvalue(res, i, 3) : "-",
               np_val(res, i, 5) ? PQgetvalue(res, i, 5) : "-", PQgetvalue(res, i, 6),
               np_val(res, i, 4) ? PQgetvalue(res, i, 4) : "");
    printf("%d phone%s\n", PQntuples(res), PQntuples(res) == 1 ? "" : "s");
    return NP_EXIT_OK;
}

/* ---- catalogue ------------------------------------------------------------------------------- */

int np_cmd_vars(np_cmd_t *c, int argc, const char *const *argv)
{
    PGresult *res;
    const char *params[1];
    int rc, i;

    if (argc > 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov vars [PATTERN]");
    params[0] = argc ? argv[0] : NULL;
    if (!(res = np_admin_exec(c,
                              "SELECT name, type,"
                              " CASE WHEN allowed IS NOT NULL THEN array_to_string(allowed, '|')"
                              "  WHEN min_value IS NOT NULL OR max_value IS NOT NULL"
                              "  THEN coalesce(min_value::text, '') || '..' || coalesce(max_value::text, '')"
                              "  ELSE coalesce(hint, '') END, description"
                              " FROM nethprov.variables"
                              " WHERE $1::text IS NULL OR strpos(lower(name), lower($1)) > 0 ORDER BY name",
                              1, params, &rc)))
        return rc;
    if (!PQntuples(res))
        return np_cmd_fail(NP_EXIT_REJECTED, "no variable name contains '%s'", params[0] ? params[0] : "");
    printf("%-32s %-14s %-24s %s\n", "NAME", "TYPE", "VALUES", "DESCRIPTION");
    for (i = 0; i < PQntuples(res); i++)
        printf("%-32s %-14s %-24s %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
               PQgetvalue(res, i, 3));
    return NP_EXIT_OK;
}
