/* CLI: the vendors' redirect services (nethprov rps ...) and token rotation. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <apr_strings.h>
#include "np_cmd.h"
#include "np_db.h"
#include "np_mac.h"
#include "np_rps.h"

typedef struct {
    const char *mac;        /* 00:15:65:aa:bb:cc, as PostgreSQL writes it */
    const char *mac12;
    const char *brand;
    const char *tok1;       /* NULL once retired */
    const char *check_code; /* NULL if unknown */
} np_rps_target_t;

typedef struct {
    int failed;
    apr_hash_t *notes;      /* brand -> why it was not registered: said once */
    apr_hash_t *warned;     /* endpoints whose warning was printed */
} np_rps_run_t;

#define NP_RPS_SELECT                                                                                           \
    "SELECT p.mac::text, replace(p.mac::text, ':', ''), p.brand, p.tok1, s.check_code "                        \
    "FROM nethprov.phones AS p LEFT JOIN nethprov.rps_status AS s ON s.phone_id = p.id "

static int np_rps_rows(np_cmd_t *c, PGresult *res, apr_array_header_t *out)
{
    int i;
    for (i = 0; i < PQntuples(res); i++) {
        np_rps_target_t *t = apr_array_push(out);
        t->mac = apr_pstrdup(c->pool, PQgetvalue(res, i, 0));
        t->mac12 = apr_pstrdup(c->pool, PQgetvalue(res, i, 1));
        t->brand = apr_pstrdup(c->pool, PQgetvalue(res, i, 2));
        t->tok1 = PQgetisnull(res, i, 3) ? NULL : apr_pstrdup(c->pool, PQgetvalue(res, i, 3));
        t->check_code = PQgetisnull(res, i, 4) ? NULL : apr_pstrdup(c->pool, PQgetvalue(res, i, 4));
    }
    return 0;
}

/* The phones named by the arguments, or every phone (--all), or those of --brand. */
static int np_rps_targets(np_cmd_t *c, int argc, const char *const *argv, int allow_all, apr_array_header_t **out)
{
    const char *err;
    PGresult *res;
    int i, rc;

    *out = apr_array_make(c->pool, 16, sizeof(np_rps_target_t));
    if (allow_all && (c->all || c->brand)) {
        const char *params[1] = { c->brand };
        if (argc)
            return np_cmd_fail(NP_EXIT_USAGE, "give MACs, or --all, or --brand B: not both");
        if ((rc = np_cmd_db(c)))
            return rc;
        if (!(res = np_db_exec(c->conn, c->pool,
                               c->brand ? NP_RPS_SELECT "WHERE p.brand = $1 ORDER BY p.mac" : NP_RPS_SELECT "ORDER BY p.mac",
                               c->brand ? 1 : 0, params, &err)))
            return np_cmd_fail(NP_EXIT_DB, "%s", err);
        if (c->brand && !PQntuples(res))
            return np_cmd_fail(NP_EXIT_REJECTED, "no phone of brand '%s'", c->brand);
        return np_rps_rows(c, res, *out);
    }
    if (!argc)
        return np_cmd_fail(NP_EXIT_USAGE, allow_all ? "give MACs, --all or --brand B" : "give one MAC or more");
    if ((rc = np_cmd_db(c)))
        return rc;
    for (i = 0; i < argc; i++) {
        unsigned char mac[6];
        char mac12[13];
        const char *params[1];
        if ((rc = np_cmd_mac_arg(argv[i], mac, mac12)))
            return rc;
        params[0] = mac12;
        if (!(res = np_db_exec(c->conn, c->pool, NP_RPS_SELECT "WHERE p.mac = $1::macaddr", 1, params, &err)))
            return np_cmd_fail(NP_EXIT_DB, "%s", err);
        if (!PQntuples(res))
            return np_cmd_fail(NP_EXIT_REJECTED, "no phone with MAC %s", np_mac_format(mac, NP_MAC_COLON, mac12));
        np_rps_rows(c, res, *out);
    }
    return 0;
}

static int np_rps_record(np_cmd_t *c, const np_rps_target_t *t, const np_rps_conf_t *conf, const char *state,
                         const char *message, const char *url)
{
    const char *err;
    const char *service = !conf->service ? t->brand
                          : strcmp(conf->mode, "xmlrpc") && strcmp(conf->mode, conf->service)
                              ? apr_pstrcat(c->pool, conf->service, "/", conf->mode, NULL)
                              : conf->service;
    const char *params[5] = { t->mac, service, state, message, url };
    if (!np_db_exec(c->conn, c->pool, "SELECT nethprov.rps_record($1::macaddr, $2, $3, $4, $5)", 5, params, &err))
        return np_cmd_fail(NP_EXIT_DB, "%s: cannot record the answer: %s", t->mac, err);
    return 0;
}

static void np_rps_print(const np_rps_target_t *t, const char *what, const char *msg)
{
    printf("%-17s  %-11s  %s%s%s\n", t->mac, t->brand, what, msg && *msg ? ": " : "", msg && *msg ? msg : "");
}

static void np_rps_warn(np_rps_run_t *run, const np_rps_conf_t *conf, const np_rps_result_t *r)
{
    if (r->warning && !apr_hash_get(run->warned, conf->url, APR_HASH_KEY_STRING)) {
        apr_hash_set(run->warned, conf->url, APR_HASH_KEY_STRING, "");
        fprintf(stderr, "nethprov: warning: %s\n", r->warning);
    }
}

/* One phone: register or unregister it, print and record the answer. Returns 0, or an exit
 * code that stops the whole run (the database or the configuration is unusable). */
static int np_rps_one(np_cmd_t *c, np_rps_run_t *run, np_rps_op_e op, const np_rps_target_t *t, int explicit_mac)
{
    np_rps_conf_t conf;
    np_rps_device_t dev;
    np_rps_result_t r;
    const char *why, *err, *secrets[2] = { t->tok1, NULL };
    int st;

    st = np_rps_conf_for_brand(c->pool, c->rps, t->brand, &conf, &why);
    if (st < 0)
        return np_cmd_fail(NP_EXIT_USAGE, "%s: %s", c->conf_path, why);
    if (st != NP_RPS_REGISTERED) {
        np_rps_print(t, np_rps_state_name((np_rps_state_e)st), NULL);
        if (!apr_hash_get(run->notes, t->brand, APR_HASH_KEY_STRING))
            apr_hash_set(run->notes, t->brand, APR_HASH_KEY_STRING, why);
        if (explicit_mac && op == NP_RPS_UNREGISTER)
            run->failed = 1;
        if (op == NP_RPS_REGISTER && !c->dry_run)
            return np_rps_record(c, t, &conf, np_rps_state_name((np_rps_state_e)st), why, NULL);
        return 0;
    }
    memset(&dev, 0, sizeof dev);
    dev.mac = t->mac12;
    dev.check_code = t->check_code;
    if (op == NP_RPS_REGISTER) {
        const char *params[2];
        PGresult *res;
        if (!t->tok1) {
            np_rps_print(t, "skipped", "tok1 is retired (the phone has fetched its configuration with tok2); "
                                       "issue a new one with 'nethprov phone rotate-token MAC --tok1'");
            run->failed |= explicit_mac;
            return 0;
        }
        dev.url = np_rps_url(c->pool, conf.service, c->base_url, t->tok1);
        params[0] = t->mac;
        params[1] = dev.url;
        if (!c->force && !c->dry_run) {
            if (!(res = np_db_exec(c->conn, c->pool, "SELECT nethprov.rps_is_registered($1::macaddr, $2)", 2, params,
                                   &err)))
                return np_cmd_fail(NP_EXIT_DB, "%s", err);
            if (!strcmp(PQgetvalue(res, 0, 0), "t")) {
                np_rps_print(t, "already registered", NULL);
                return 0;
            }
        }
    }
    np_rps_run(c->pool, &conf, op, &dev, c->dry_run, secrets, &r);
    np_rps_warn(run, &conf, &r);
    if (c->dry_run) {
        int i;
        if (r.state == NP_RPS_FAILED || r.state == NP_RPS_NOT_SUPPORTED) {
            np_rps_print(t, np_rps_state_name(r.state), r.message);
            run->failed = 1;
            return 0;
        }
        np_rps_print(t, op == NP_RPS_REGISTER ? "would register" : "would unregister",
                     apr_psprintf(c->pool, "%d request%s to %s", r.shown->nelts, r.shown->nelts == 1 ? "" : "s", conf.url));
        for (i = 0; i < r.shown->nelts; i++) {
            const char *s = ((const char **)r.shown->elts)[i];
            printf("    ");
            for (; *s; s++) {
                putchar(*s);
                if (*s == '\n' && s[1])
                    printf("    ");
            }
            if (s[-1] != '\n')
                putchar('\n');
        }
        return 0;
    }
    np_rps_print(t, np_rps_state_name(r.state), r.message);
    if (r.state == NP_RPS_FAILED || (op == NP_RPS_UNREGISTER && r.state == NP_RPS_NOT_SUPPORTED))
        run->failed = 1;
    if (op == NP_RPS_UNREGISTER && r.state == NP_RPS_NOT_SUPPORTED)
        return 0; /* the registration, if any, is still there */
    return np_rps_record(c, t, &conf, np_rps_state_name(r.state), r.message,
                         r.state == NP_RPS_REGISTERED ? dev.url : NULL);
}

/* The file holds the services' passwords: say so when others may read it. */
static void np_rps_conf_mode(np_cmd_t *c)
{
    struct stat st;
    apr_hash_index_t *hi;
    int secret = 0;
    for (hi = c->rps ? apr_hash_first(c->pool, c->rps) : NULL; hi; hi = apr_hash_next(hi))
        secret |= strstr((const char *)apr_hash_this_key(hi), ".password") != NULL;
    if (secret && stat(c->conf_path, &st) == 0 && (st.st_mode & 077))
        fprintf(stderr, "nethprov: warning: %s holds passwords but others may read it (mode %03o): chmod 600 %s\n",
                c->conf_path, (unsigned)(st.st_mode & 0777), c->conf_path);
}

static int np_rps_each(np_cmd_t *c, np_rps_op_e op, apr_array_header_t *targets, int explicit_mac)
{
    np_rps_run_t run = { 0, apr_hash_make(c->pool), apr_hash_make(c->pool) };
    apr_hash_index_t *hi;
    int i, rc;

    np_rps_conf_mode(c);
    for (i = 0; i < targets->nelts; i++)
        if ((rc = np_rps_one(c, &run, op, &((np_rps_target_t *)targets->elts)[i], explicit_mac)))
            return rc;
    for (hi = apr_hash_first(c->pool, run.notes); hi; hi = apr_hash_next(hi))
        fprintf(stderr, "nethprov: note: %s\n", (const char *)apr_hash_this_val(hi));
    return run.failed ? NP_EXIT_REJECTED : NP_EXIT_OK;
}

int np_cmd_rps_register(np_cmd_t *c, int argc, const char *const *argv)
{
    apr_array_header_t *targets;
    const char *err;
    int rc;

    if ((rc = np_cmd_need_base_url(c)))
        return rc;
    if (c->check_code && (argc != 1 || c->all || c->brand))
        return np_cmd_fail(NP_EXIT_USAGE, "--check-code belongs to one phone: give exactly one MAC");
    if ((rc = np_rps_targets(c, argc, argv, 1, &targets)))
        return rc;
    if (c->check_code) {
        np_rps_target_t *t = (np_rps_target_t *)targets->elts;
        const char *params[2] = { t->mac, c->check_code };
        if (!c->dry_run && !np_db_exec(c->conn, c->pool, "SELECT nethprov.rps_set_check_code($1::macaddr, $2)", 2,
                                       params, &err))
            return np_cmd_fail(np_db_broken(c->conn) ? NP_EXIT_DB : NP_EXIT_REJECTED, "%s", err);
        t->check_code = apr_pstrdup(c->pool, c->check_code);
        apr_collapse_spaces((char *)t->check_code, t->check_code);
        {
            char *u;
            for (u = (char *)t->check_code; *u; u++)
                *u = (char)(*u >= 'a' && *u <= 'z' ? *u - 32 : *u);
        }
    }
    return np_rps_each(c, NP_RPS_REGISTER, targets, !(c->all || c->brand));
}

int np_cmd_rps_unregister(np_cmd_t *c, int argc, const char *const *argv)
{
    apr_array_header_t *targets;
    int rc;
    if ((rc = np_rps_targets(c, argc, argv, 0, &targets)))
        return rc;
    return np_rps_each(c, NP_RPS_UNREGISTER, targets, 1);
}

int np_cmd_rps_check(np_cmd_t *c, int argc, const char *const *argv)
{
    apr_array_header_t *targets;
    np_rps_run_t run = { 0, apr_hash_make(c->pool), apr_hash_make(c->pool) };
    int i, rc;

    if ((rc = np_rps_targets(c, argc, argv, 0, &targets)))
        return rc;
    for (i = 0; i < targets->nelts; i++) {
        const np_rps_target_t *t = &((np_rps_target_t *)targets->elts)[i];
        const char *why, *secrets[2] = { t->tok1, NULL };
        np_rps_conf_t conf;
        np_rps_device_t dev = { t->mac12, "", t->check_code };
        np_rps_result_t r;
        int st = np_rps_conf_for_brand(c->pool, c->rps, t->brand, &conf, &why);
        if (st < 0)
            return np_cmd_fail(NP_EXIT_USAGE, "%s: %s", c->conf_path, why);
        if (st != NP_RPS_REGISTERED) {
            np_rps_print(t, np_rps_state_name((np_rps_state_e)st), why);
            continue;
        }
        /* Without a tok1 or a base URL there is no URL to compare: any URL found is "another". */
        if (t->tok1 && c->base_url)
            dev.url = np_rps_url(c->pool, conf.service, c->base_url, t->tok1);
        np_rps_run(c->pool, &conf, NP_RPS_STATUS, &dev, 0, secrets, &r);
        np_rps_warn(&run, &conf, &r);
        np_rps_print(t, np_rps_state_name(r.state), r.message);
        run.failed |= r.state == NP_RPS_FAILED;
    }
    return run.failed ? NP_EXIT_REJECTED : NP_EXIT_OK;
}

int np_cmd_rps_status(np_cmd_t *c, int argc, const char *const *argv)
{
    const char *err, *sql;
    const char **params = NULL;
    PGresult *res;
    np_buf_t out;
    int i, rc;

    if ((rc = np_cmd_db(c)))
        return rc;
    sql = "SELECT p.mac::text, p.brand, s.service, s.state, s.message, s.check_code,"
          " to_char(s.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
          " FROM nethprov.phones AS p LEFT JOIN nethprov.rps_status AS s ON s.phone_id = p.id ";
    if (argc) {
        const char *list = "{";
        for (i = 0; i < argc; i++) {
            unsigned char mac[6];
            char mac12[13];
            if ((rc = np_cmd_mac_arg(argv[i], mac, mac12)))
                return rc;
            list = apr_pstrcat(c->pool, list, i ? "," : "", mac12, NULL);
        }
        params = apr_palloc(c->pool, sizeof(char *));
        params[0] = apr_pstrcat(c->pool, list, "}", NULL);
        sql = apr_pstrcat(c->pool, sql, "WHERE p.mac = ANY ($1::macaddr[]) ORDER BY p.mac", NULL);
    }
    else
        sql = apr_pstrcat(c->pool, sql, "WHERE s.phone_id IS NOT NULL ORDER BY p.mac", NULL);
    if (!(res = np_db_exec(c->conn, c->pool, sql, argc ? 1 : 0, params, &err)))
        return np_cmd_fail(NP_EXIT_DB, "%s", err);
    if (argc && PQntuples(res) != argc) {
        for (i = 0; i < argc; i++) {
            unsigned char mac[6];
            char mac12[13], colon[NP_MAC_STRLEN];
            int j, found = 0;
            np_cmd_mac_arg(argv[i], mac, mac12);
            np_mac_format(mac, NP_MAC_COLON, colon);
            for (j = 0; j < PQntuples(res); j++)
                found |= !strcmp(PQgetvalue(res, j, 0), colon);
            if (!found)
                return np_cmd_fail(NP_EXIT_REJECTED, "no phone with MAC %s", colon);
        }
    }
    if (c->json) {
        static const char *const keys[] = { "mac", "brand", "service", "state", "message", "check_code", "updated" };
        np_buf_init(&out, c->pool, 4096);
        np_json_raw(&out, "[");
        for (i = 0; i < PQntuples(res); i++) {
            int k;
            np_json_raw(&out, i ? ",\n{" : "\n{");
            for (k = 0; k < 7; k++) {
                np_json_raw(&out, k ? "," : "");
                np_json_str(&out, keys[k]);
                np_json_raw(&out, ":");
                np_json_str(&out, PQgetisnull(res, i, k) ? NULL : PQgetvalue(res, i, k));
            }
            np_json_raw(&out, "}");
        }
        np_json_raw(&out, "\n]\n");
        fwrite(out.data, 1, out.len, stdout);
        return NP_EXIT_OK;
    }
    printf("%-17s  %-11s  %-16s  %-14s  %-20s  %s\n", "MAC", "BRAND", "SERVICE", "STATE", "UPDATED", "MESSAGE");
    for (i = 0; i < PQntuples(res); i++)
        printf("%-17s  %-11s  %-16s  %-14s  %-20s  %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
               PQgetisnull(res, i, 2) ? "-" : PQgetvalue(res, i, 2),
               PQgetisnull(res, i, 3) ? "never" : PQgetvalue(res, i, 3),
               PQgetisnull(res, i, 6) ? "-" : PQgetvalue(res, i, 6), PQgetvalue(res, i, 4));
    return NP_EXIT_OK;
}

int np_cmd_rotate_token(np_cmd_t *c, int argc, const char *const *argv)
{
    const char *which = c->token ? c->token : "tok1", *err, *params[2], *why;
    apr_array_header_t *targets;
    np_rps_conf_t conf;
    PGresult *res;
    int rc, st;

    if (argc != 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov phone rotate-token MAC [--tok1|--tok2]");
    if ((rc = np_rps_targets(c, argc, argv, 0, &targets)))
        return rc;
    {
        np_rps_target_t *t = (np_rps_target_t *)targets->elts;
        st = np_rps_conf_for_brand(c->pool, c->rps, t->brand, &conf, &why);
        if (st < 0)
            return np_cmd_fail(NP_EXIT_USAGE, "%s: %s", c->conf_path, why);
        /* Checked before the rotation, which would otherwise leave the service pointing at a dead URL. */
        if (!strcmp(which, "tok1") && st == NP_RPS_REGISTERED && !c->base_url)
            return np_cmd_fail(NP_EXIT_USAGE, "no base URL to register the new tok1 with: pass --base-url or set "
                                              "NETHPROV_BASE_URL, or base_url in %s", c->conf_path);
        params[0] = t->mac;
        params[1] = which;
        if (!(res = np_db_exec(c->conn, c->pool, "SELECT nethprov.phone_rotate_token($1::macaddr, $2)", 2, params,
                               &err)))
            return np_cmd_fail(np_db_broken(c->conn) ? NP_EXIT_DB : NP_EXIT_REJECTED, "%s", err);
        printf("%s: new %s issued (nethprov url %s prints the URLs)\n", t->mac, which, t->mac);
        if (strcmp(which, "tok1")) {
            /* A phone learns tok2 only from a configuration fetched through tok1, which a new tok2 leaves as it
             * was: alive, or retired (the phone's first fetch with tok2 retires it), and then no road is left. */
            if (t->tok1)
                printf("%s: a phone still configured with the old tok2 gets 404 until it is provisioned again "
                       "through its tok1 URL (unchanged)\n", t->mac);
            else
                printf("%s: tok1 is retired, so a phone still configured with the old tok2 gets 404 and cannot be "
                       "provisioned again until it gets a new tok1: nethprov phone rotate-token %s --tok1\n",
                       t->mac, t->mac);
            return NP_EXIT_OK;
        }
        if (st != NP_RPS_REGISTERED) {
            printf("%s: not registered at a redirect service (%s)\n", t->mac, why);
            return NP_EXIT_OK;
        }
        t->tok1 = apr_pstrdup(c->pool, PQgetvalue(res, 0, 0));
        c->force = 1;
        return np_rps_each(c, NP_RPS_REGISTER, targets, 1);
    }
}
