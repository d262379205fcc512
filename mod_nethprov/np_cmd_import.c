/* nethprov import: MACs from a CSV, a list or pasted text, written by nethprov.import_phones() in
 * one call, so the database applies every rule (brand, model, duplicates, users, assignment) and
 * either everything or, with --partial, every good row is written. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <apr_strings.h>
#include "np_cmd.h"
#include "np_db.h"
#include "np_import.h"

/* The whole input: a file, or standard input for "-" or no argument. Inputs are small (a 100,000
 * row CSV is 4 MB); a limit keeps a wrong file (a disk image) from filling memory. */
#define NP_IMPORT_MAX (256u * 1024 * 1024)

static int np_read_all(np_cmd_t *c, const char *path, char **buf, size_t *len)
{
    FILE *f = (!path || !strcmp(path, "-")) ? stdin : fopen(path, "rb");
    size_t cap = 65536, n = 0, got;
    char *b;

    if (!f)
        return np_cmd_fail(NP_EXIT_REJECTED, "%s: %s", path, strerror(errno));
    b = apr_palloc(c->pool, cap);
    while ((got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb;
            if (cap >= NP_IMPORT_MAX) {
                if (f != stdin)
                    fclose(f);
                return np_cmd_fail(NP_EXIT_REJECTED, "%s: larger than %u MiB", path ? path : "input",
                                   NP_IMPORT_MAX >> 20);
            }
            nb = apr_palloc(c->pool, cap * 2);
            memcpy(nb, b, n);
            b = nb;
            cap *= 2;
        }
    }
    if (f != stdin)
        fclose(f);
    *buf = b;
    *len = n;
    return 0;
}

/* Gigaset MAC-ID check codes of the rows that were written, stored in the same transaction
 * (nethprov.rps_set_check_code) for `nethprov rps register`. */
static int np_import_check_codes(np_cmd_t *c, const np_import_result_t *in, PGresult *res, int written)
{
    apr_hash_t *codes = apr_hash_make(c->pool);
    np_buf_t json;
    const char *err, *params[1];
    int i, n = 0;

    for (i = 0; i < in->rows->nelts; i++) {
        const np_import_row_t *r = &((np_import_row_t *)in->rows->elts)[i];
        if (r->check_code)
            apr_hash_set(codes, r->mac_norm, APR_HASH_KEY_STRING, r->check_code);
    }
    if (!written || apr_hash_count(codes) == 0)
        return 0;
    np_buf_init(&json, c->pool, 64 * apr_hash_count(codes));
    np_json_raw(&json, "[");
    for (i = 0; i < PQntuples(res); i++) {
        const char *st = PQgetvalue(res, i, 2), *code;
        char mac12[13];
        size_t k, m = 0;
        const char *mac = PQgetvalue(res, i, 1);
        if (strcmp(st, "added") && strcmp(st, "updated") && strcmp(st, "unchanged"))
            continue;
        for (k = 0; mac[k] && m < 12; k++)
            if (mac[k] != ':')
                mac12[m++] = mac[k];
        mac12[m] = '\0';
        if (!(code = apr_hash_get(codes, mac12, APR_HASH_KEY_STRING)))
            continue;
        np_json_raw(&json, n++ ? ",{\"mac\":" : "{\"mac\":");
        np_json_str(&json, mac);
        np_json_raw(&json, ",\"code\":");
        np_json_str(&json, code);
        np_json_raw(&json, "}");
    }
    np_json_raw(&json, "]");
    if (!n)
        return 0;
    params[0] = json.data;
    if (!np_db_exec(c->conn, c->pool,
                    "SELECT count(nethprov.rps_set_check_code(x.mac::macaddr, x.code)) "
                    "FROM jsonb_to_recordset($1::jsonb) AS x (mac text, code text)", 1, params, &err)) {
        np_db_exec(c->conn, c->pool, "ROLLBACK", 0, NULL, &err);
        return np_cmd_fail(np_db_broken(c->conn) ? NP_EXIT_DB : NP_EXIT_REJECTED, "%s", err);
    }
    printf("MAC-ID check codes stored: %d\n", n);
    return 0;
}

int np_cmd_import(np_cmd_t *c, int argc, const char *const *argv)
{
    const char *path = argc ? argv[0] : "-", *err;
    np_import_result_t *in;
    np_buf_t rows;
    PGresult *res;
    const char *params[2];
    char *buf = NULL;
    size_t len = 0;
    int mode = NP_IMPORT_AUTO, rc, i, tty = isatty(2);
    int n_added = 0, n_unchanged = 0, n_updated = 0, n_conflict = 0, n_rejected = 0;

    if (argc > 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov import [FILE|-] [--format auto|csv|lines|text] "
                                          "[--model MODEL] [--partial] [--dry-run]");
    if (c->format && (mode = np_import_mode_by_name(c->format)) < 0)
        return np_cmd_fail(NP_EXIT_USAGE, "--format must be auto, csv, lines or text");
    if ((rc = np_read_all(c, path, &buf, &len)))
        return rc;
    in = np_import_parse(c->pool, buf, len, (np_import_mode_e)mode);
    if (tty && in->rows->nelts >= 10000)
        fprintf(stderr, "nethprov: %d rows read (%s); writing...\n", in->rows->nelts, np_import_mode_name(in->mode));

    /* Rows the parser refused are reported like the database's refusals, with their place. */
    for (i = 0; i < in->errors->nelts; i++) {
        const np_import_error_t *e = &((np_import_error_t *)in->errors->elts)[i];
        fprintf(stderr, "%s: %s\n", path, e->message);
        n_rejected++;
    }
    if (n_rejected && !c->partial) {
        printf("added 0, unchanged 0, updated 0, conflicts 0, rejected %d: nothing written (--partial writes the "
               "good rows)\n", n_rejected);
        return NP_EXIT_REJECTED;
    }
    if (in->rows->nelts == 0) {
        printf("no MAC address found in %s\n", path);
        return n_rejected ? NP_EXIT_REJECTED : NP_EXIT_OK;
    }

    np_buf_init(&rows, c->pool, (size_t)in->rows->nelts * 96 + 16);
    np_json_raw(&rows, "[");
    for (i = 0; i < in->rows->nelts; i++) {
        const np_import_row_t *r = &((np_import_row_t *)in->rows->elts)[i];
        char line[16];
        snprintf(line, sizeof line, "%d", r->line);
        np_json_raw(&rows, i ? ",{\"line\":" : "{\"line\":");
        np_json_raw(&rows, line);
        np_json_raw(&rows, ",\"mac\":");
        np_json_str(&rows, r->mac_norm);
        np_json_raw(&rows, ",\"model\":");
        np_json_str(&rows, r->model ? r->model : c->model);
        np_json_raw(&rows, ",\"extension\":");
        np_json_str(&rows, r->extension);
        np_json_raw(&rows, ",\"display_name\":");
        np_json_str(&rows, r->display_name);
        np_json_raw(&rows, "}");
    }
    np_json_raw(&rows, "]");

    if ((rc = np_cmd_db(c)))
        return rc;
    if (!np_db_exec(c->conn, c->pool, "BEGIN", 0, NULL, &err))
        return np_cmd_fail(NP_EXIT_DB, "%s", err);
    params[0] = rows.data;
    params[1] = c->partial ? "true" : "false";
    res = np_db_exec(c->conn, c->pool,
                     "SELECT line, mac, status, message FROM nethprov.import_phones($1::jsonb, $2::boolean)", 2,
                     params, &err);
    if (!res) {
        np_db_exec(c->conn, c->pool, "ROLLBACK", 0, NULL, &err);
        return np_cmd_fail(np_db_broken(c->conn) ? NP_EXIT_DB : NP_EXIT_REJECTED, "%s", err);
    }
    for (i = 0; i < PQntuples(res); i++) {
        const char *st = PQgetvalue(res, i, 2);
        if (!strcmp(st, "added"))
            n_added++;
        else if (!strcmp(st, "unchanged"))
            n_unchanged++;
        else if (!strcmp(st, "updated"))
            n_updated++;
        else {
            if (!strcmp(st, "conflict"))
                n_conflict++;
            else
                n_rejected++;
            fprintf(stderr, "%s: line %s: %s: %s\n", path, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                    PQgetvalue(res, i, 3));
        }
    }
    if ((rc = np_import_check_codes(c, in, res, (n_conflict + n_rejected == 0) || c->partial)))
        return rc;
    if (!np_db_exec(c->conn, c->pool, c->dry_run ? "ROLLBACK" : "COMMIT", 0, NULL, &err))
        return np_cmd_fail(NP_EXIT_DB, "%s", err);
    printf("added %d, unchanged %d, updated %d, conflicts %d, rejected %d%s\n", n_added, n_unchanged, n_updated,
           n_conflict, n_rejected,
           c->dry_run ? " (dry run: nothing written)"
                      : (n_conflict + n_rejected && !c->partial ? ": nothing written (--partial writes the good rows)"
                                                                 : ""));
    return n_conflict + n_rejected ? NP_EXIT_REJECTED : NP_EXIT_OK;
}
