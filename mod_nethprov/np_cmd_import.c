/* nethprov import: MACs from a CSV, a list or pasted text, written by nethprov.import_phones() in
 * one call, so the database applies every rule (brand, model, duplicates, users, assignment) and
 * either everything or, with --partial, every good row is written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* One line of what the import found, for the listing: sorted by place before it is printed. */
typedef struct {
    int line;
    int column;
    int seq;          /* input order among equal places */
    const char *text; /* without the place */
} np_import_item_t;

/* What one attempt at writing found; printed only once an attempt has finished, so that a retry
 * prints nothing twice. */
typedef struct {
    int added, unchanged, updated, conflict, rejected, ignored;
    int codes;                   /* MAC-ID check codes stored */
    apr_array_header_t *items;   /* of np_import_item_t */
    apr_array_header_t *refusals; /* of const char *: the database's refusals, for stderr */
} np_import_out_t;

static void np_import_item(np_import_out_t *o, apr_pool_t *p, int line, int column, const char *text)
{
    np_import_item_t *it = apr_array_push(o->items);
    it->line = line;
    it->column = column;
    it->seq = o->items->nelts;
    it->text = apr_pstrdup(p, text);
}

static int np_import_item_cmp(const void *a, const void *b)
{
    const np_import_item_t *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Errors worth a new attempt: another session wrote the same phone or user first (an import
 * that does not take the import lock, such as a hand-written INSERT), or a deadlock or
 * serialization failure. */
static int np_import_retryable(const char *state)
{
    return state && (!strcmp(state, "23505") || !strcmp(state, "40001") || !strcmp(state, "40P01"));
}

static apr_status_t np_import_clear(void *res)
{
    PQclear(res);
    return APR_SUCCESS;
}

/* A statement with its parameters out of line. NULL on failure with *state the SQLSTATE; the
 * server's message is not kept, since it is for the server log: it may quote a row's data and
 * PL/pgSQL's context, which tell an administrator nothing they can act on. */
static PGresult *np_import_exec(np_cmd_t *c, const char *sql, int n, const char *const *params,
                                const char **state)
{
    PGresult *res = PQexecParams(c->conn, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);

    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
        *state = apr_pstrdup(c->pool, s ? s : "08006");
        PQclear(res);
        return NULL;
    }
    apr_pool_cleanup_register(c->pool, res, np_import_clear, apr_pool_cleanup_null);
    return res;
}

/* Gigaset MAC-ID check codes of the rows that were written, stored in the same transaction
 * (nethprov.rps_set_check_code) for `nethprov rps register`. */
static int np_import_check_codes(np_cmd_t *c, const np_import_result_t *in, PGresult *res, np_import_out_t *o,
                                 const char **state)
{
    apr_hash_t *codes = apr_hash_make(c->pool);
    np_buf_t json;
    const char *params[1];
    int i, n = 0;

    for (i = 0; i < in->rows->nelts; i++) {
        const np_import_row_t *r = &((np_import_row_t *)in->rows->elts)[i];
        if (r->check_code)
            apr_hash_set(codes, r->mac_norm, APR_HASH_KEY_STRING, r->check_code);
    }
    if (apr_hash_count(codes) == 0)
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
    if (!np_import_exec(c, "SELECT count(nethprov.rps_set_check_code(x.mac::macaddr, x.code)) "
                           "FROM jsonb_to_recordset($1::jsonb) AS x (mac text, code text)", 1, params, state))
        return -1;
    o->codes = n;
    return 0;
}

/* One attempt in one transaction: the brands of the MACs (when listed, or to drop free text's
 * look-alikes), import_phones, the check codes, then COMMIT, or ROLLBACK for a dry run or when
 * nothing may be written (rollback). Returns 0, or -1 with *state. */
static int np_import_attempt(np_cmd_t *c, const np_import_result_t *in, int listing, int rollback,
                             np_import_out_t *o, const char **state)
{
    const np_import_row_t *rows = (const np_import_row_t *)in->rows->elts;
    const char **brands = apr_pcalloc(c->pool, sizeof *brands * (size_t)(in->rows->nelts + 1));
    int *sent = apr_palloc(c->pool, sizeof *sent * (size_t)(in->rows->nelts + 1));
    int i, nsent = 0, need_brands = listing, write;
    PGresult *res = NULL;
    const char *params[2], *ignore;
    np_buf_t json;

    for (i = 0; i < in->rows->nelts && !need_brands; i++)
        need_brands = rows[i].guess;
    if (!np_import_exec(c, "BEGIN", 0, NULL, state))
        return -1;
    if (need_brands) {
        np_buf_t arr;
        np_buf_init(&arr, c->pool, (size_t)in->rows->nelts * 14 + 4);
        np_json_raw(&arr, "{");
        for (i = 0; i < in->rows->nelts; i++) {
            np_json_raw(&arr, i ? "," : "");
            np_json_raw(&arr, rows[i].mac_norm);
        }
        np_json_raw(&arr, "}");
        params[0] = arr.data;
        /* A registered phone has its brand; another gets its MAC range's (detect_brand). */
        if (!(res = np_import_exec(c, "SELECT coalesce(p.brand, nethprov.detect_brand(m.mac)) "
                                      "FROM unnest($1::macaddr[]) WITH ORDINALITY AS m (mac, i) "
                                      "LEFT JOIN nethprov.phones AS p ON p.mac = m.mac ORDER BY m.i",
                                   1, params, state)))
            goto fail;
        for (i = 0; i < in->rows->nelts && i < PQntuples(res); i++)
            brands[i] = PQgetisnull(res, i, 0) ? NULL : PQgetvalue(res, i, 0);
    }
    for (i = 0; i < in->rows->nelts; i++) {
        if (rows[i].guess && need_brands && !brands[i]) {
            /* Twelve hex digits in prose with no vendor's prefix: a serial or an order number. */
            np_import_item(o, c->pool, rows[i].line, rows[i].column,
                           apr_pstrcat(c->pool, rows[i].mac_text, ": ignored: not a known phone vendor", NULL));
            o->ignored++;
            continue;
        }
        sent[nsent++] = i;
    }
    if (nsent) {
        np_buf_init(&json, c->pool, (size_t)nsent * 96 + 16);
        np_json_raw(&json, "[");
        for (i = 0; i < nsent; i++) {
            const np_import_row_t *r = &rows[sent[i]];
            char line[16];
            snprintf(line, sizeof line, "%d", r->line);
            np_json_raw(&json, i ? ",{\"line\":" : "{\"line\":");
            np_json_raw(&json, line);
            np_json_raw(&json, ",\"mac\":");
            np_json_str(&json, r->mac_norm);
            np_json_raw(&json, ",\"model\":");
            np_json_str(&json, r->model ? r->model : c->model);
            np_json_raw(&json, ",\"extension\":");
            np_json_str(&json, r->extension);
            np_json_raw(&json, ",\"display_name\":");
            np_json_str(&json, r->display_name);
            np_json_raw(&json, "}");
        }
        np_json_raw(&json, "]");
        params[0] = json.data;
        params[1] = c->partial && !rollback ? "true" : "false";
        if (!(res = np_import_exec(c, "SELECT line, mac, status, message FROM nethprov.import_phones($1::jsonb, "
                                      "$2::boolean)", 2, params, state)))
            goto fail;
        /* import_phones answers one row per row given, in the order given. */
        for (i = 0; i < PQntuples(res) && i < nsent; i++) {
            const np_import_row_t *r = &rows[sent[i]];
            const char *st = PQgetvalue(res, i, 2), *msg = PQgetvalue(res, i, 3), *word = st;
            const char *brand = brands[sent[i]];
            if (!strcmp(st, "added"))
                o->added++;
            else if (!strcmp(st, "unchanged"))
                o->unchanged++;
            else if (!strcmp(st, "updated"))
                o->updated++;
            else {
                if (!strcmp(st, "conflict"))
                    o->conflict++;
                else {
                    o->rejected++;
                    word = "refused";
                }
                *(const char **)apr_array_push(o->refusals) =
                    apr_psprintf(c->pool, "line %s: %s: %s", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), msg);
            }
            if (listing)
                np_import_item(o, c->pool, r->line, r->column,
                               apr_psprintf(c->pool, "%s (%s): %s%s%s", PQgetvalue(res, i, 1),
                                            brand ? brand : "no known brand", word, *msg ? ": " : "", msg));
        }
    }
    write = !c->dry_run && !rollback && (o->conflict + o->rejected == 0 || c->partial);
    if (res && nsent && write && np_import_check_codes(c, in, res, o, state) != 0)
        goto fail;
    if (!np_import_exec(c, write ? "COMMIT" : "ROLLBACK", 0, NULL, state))
        return -1;
    return 0;
fail:
    np_import_exec(c, "ROLLBACK", 0, NULL, &ignore);
    return -1;
}

/* Attempts at writing before giving up on a retryable error. */
#define NP_IMPORT_ATTEMPTS 3

int np_cmd_import(np_cmd_t *c, int argc, const char *const *argv)
{
    const char *path = argc ? argv[0] : "-", *state = NULL;
    np_import_result_t *in;
    np_import_out_t o;
    char *buf = NULL;
    size_t len = 0;
    int mode = NP_IMPORT_AUTO, rc, i, tty = isatty(2), listing, n_errors, attempt, rollback;

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
    if (in->warning)
        fprintf(stderr, "%s: %s\n", path, in->warning);
    /* Free text is a guess at what the admin meant: every MAC found, and what became of it, is
     * listed, so that a phone missing from a pasted invoice shows. A dry run lists in every mode. */
    listing = c->dry_run || in->mode == NP_IMPORT_TEXT;

    memset(&o, 0, sizeof o);
    o.items = apr_array_make(c->pool, 16, sizeof(np_import_item_t));
    o.refusals = apr_array_make(c->pool, 8, sizeof(const char *));
    /* Rows the parser refused are reported like the database's refusals, with their place. */
    n_errors = in->errors->nelts;
    for (i = 0; i < in->errors->nelts; i++) {
        const np_import_error_t *e = &((np_import_error_t *)in->errors->elts)[i];
        fprintf(stderr, "%s: %s\n", path, e->message);
        np_import_item(&o, c->pool, e->line, e->column, apr_pstrcat(c->pool, "refused: ", e->what, NULL));
    }
    for (i = 0; i < in->ignored->nelts; i++) {
        const np_import_note_t *n = &((np_import_note_t *)in->ignored->elts)[i];
        np_import_item(&o, c->pool, n->line, n->column, apr_pstrcat(c->pool, n->mac_text, ": ", n->message, NULL));
        o.ignored++;
    }
    np_import_merge_duplicates(c->pool, in, c->model);
    for (i = 0; i < in->duplicates->nelts; i++) {
        const np_import_note_t *n = &((np_import_note_t *)in->duplicates->elts)[i];
        np_import_item(&o, c->pool, n->line, n->column, apr_pstrcat(c->pool, n->mac_text, ": ", n->message, NULL));
    }

    /* One refusal means nothing is written; a listing still asks the database what would have
     * become of the other rows, in a transaction rolled back. */
    rollback = n_errors && !c->partial;
    if (in->rows->nelts && (listing || !rollback)) {
        int base = o.items->nelts, ignored = o.ignored;
        if ((rc = np_cmd_db(c)))
            return rc;
        for (attempt = 1;; attempt++) {
            if (np_import_attempt(c, in, listing, rollback, &o, &state) == 0)
                break;
            if (np_db_broken(c->conn))
                return np_cmd_fail(NP_EXIT_DB, "the connection to the database was lost (SQLSTATE %s): nothing was "
                                               "written", state);
            if (!np_import_retryable(state) || attempt == NP_IMPORT_ATTEMPTS)
                return np_cmd_fail(NP_EXIT_REJECTED, "the database could not carry out the import (SQLSTATE %s; "
                                                     "the server log has the details): nothing was written", state);
            /* Start again from what the parser found. */
            o.items->nelts = base;
            o.refusals->nelts = 0;
            o.added = o.unchanged = o.updated = o.conflict = o.rejected = o.codes = 0;
            o.ignored = ignored;
        }
    }

    for (i = 0; i < o.refusals->nelts; i++)
        fprintf(stderr, "%s: %s\n", path, APR_ARRAY_IDX(o.refusals, i, const char *));
    qsort(o.items->elts, (size_t)o.items->nelts, sizeof(np_import_item_t), np_import_item_cmp);
    for (i = 0; i < o.items->nelts; i++) {
        const np_import_item_t *it = &APR_ARRAY_IDX(o.items, i, np_import_item_t);
        /* Without a listing, only the duplicates (the errors went to stderr above). */
        if (listing || strstr(it->text, ": duplicate of line "))
            printf("line %d, column %d: %s\n", it->line, it->column, it->text);
    }
    if (o.codes)
        printf("MAC-ID check codes stored: %d\n", o.codes);
    if (in->rows->nelts == 0 && !n_errors && !o.ignored) {
        printf("no MAC address found in %s\n", path);
        return NP_EXIT_OK;
    }
    o.rejected += n_errors;
    printf("added %d, unchanged %d, updated %d, conflicts %d, rejected %d", o.added, o.unchanged, o.updated,
           o.conflict, o.rejected);
    if (in->duplicates->nelts)
        printf(", duplicates %d", in->duplicates->nelts);
    if (o.ignored)
        printf(", ignored %d", o.ignored);
    printf("%s\n", c->dry_run ? " (dry run: nothing written)"
                              : (o.conflict + o.rejected && !c->partial ? ": nothing written (--partial writes the "
                                                                          "good rows)"
                                                                        : ""));
    return o.conflict + o.rejected ? NP_EXIT_REJECTED : NP_EXIT_OK;
}
