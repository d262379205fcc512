/* GET /provisioning/<token>/<file>: one database round trip, one render, one response.
 * Every refusal is the same plain 404, whatever the reason, so nothing can be probed. */
/* First: with offsetof defined, APR's ring macros (the brigade's) use it instead of arithmetic on a
 * null pointer, which clang's -Wnull-pointer-subtraction rejects. */
#include <stddef.h>
#include <string.h>
#include <http_protocol.h>
#include <http_request.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include "mod_nethprov.h"
#include "np_db.h"
#include "np_lookcache.h"
#include "np_render.h"
#include "np_token.h"

#define NP_FILE_MAX 128

/* Errors that would repeat with every request of a phone (or of every phone): see np_repeat_t. */
static np_repeat_t np_unconfigured_rep, np_nobrand_rep, np_render_rep;

int np_file_name_ok(const char *f, size_t len)
{
    size_t i;
    if (len == 0 || len > NP_FILE_MAX || f[0] == '.')
        return 0;
    for (i = 0; i < len; i++) {
        char c = f[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
              || c == '-'))
            return 0;
    }
    return 1;
}

/* The access log must not hold secrets: log formats can use %{nethprov-uri}n instead of %r/%U. */
static void np_note_masked_uri(request_rec *r, const char *file)
{
    apr_table_setn(r->notes, "nethprov-uri", apr_pstrcat(r->pool, "/***/", file, NULL));
}

typedef struct {
    np_srv_conf_t *sc;
    const char *token, *mac;
    np_phone_t *ph;
} np_lookup_args_t;

static np_db_status_e np_lookup_call(PGconn *conn, request_rec *r, void *baton, const char **err)
{
    np_lookup_args_t *a = baton;
    return np_db_lookup(conn, r->pool, a->sc->defaults, a->token, a->mac, a->ph, err);
}

static np_db_status_e np_lookup(request_rec *r, np_srv_conf_t *sc, const char *token, const char *mac,
                                np_phone_t *ph)
{
    np_lookup_args_t a = { sc, token, mac, ph };
    return np_conn_call(r, sc, np_lookup_call, &a);
}

int np_send_body(request_rec *r, const char *data, apr_size_t len)
{
    apr_bucket_brigade *bb;

    ap_set_content_length(r, (apr_off_t)len);
    if (r->header_only)
        return OK;
    /* The body already lives in the request pool: hand it to the output filters without a copy. */
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_pool_create(data, len, r->pool, r->connection->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(r->connection->bucket_alloc));
    if (ap_pass_brigade(r->output_filters, bb) != APR_SUCCESS)
        return AP_FILTER_ERROR;
    return OK;
}

int np_handler(request_rec *r)
{
    np_srv_conf_t *sc;
    const char *uri, *slash, *token, *file, *err;
    size_t tlen, flen;
    unsigned char mac[NP_MAC_LEN];
    char mac12[NP_MAC_STRLEN];
    int has_mac, rv;
    np_phone_t ph;
    const np_brand_t *brand;
    const np_file_t *f;
    np_request_t rq;
    np_buf_t body;
    np_sink_t sink;
    np_vars_t *vars;
    const char *tok;
    unsigned long gen;
    np_db_status_e st;

    if (!r->handler || strcmp(r->handler, "nethprov"))
        return DECLINED;
    sc = ap_get_module_config(r->server->module_config, &nethprov_module);
    if (r->method_number != M_GET) {
        /* httpd builds the 405's Allow header from allowed_methods (GET brings HEAD), not from
         * r->allowed, which left it saying only TRACE. */
        ap_allow_methods(r, REPLACE_ALLOW, "GET", NULL);
        return HTTP_METHOD_NOT_ALLOWED;
    }
    if (!sc->brands || !sc->db || !sc->base_url) {
        unsigned long n;
        np_repeat_e e = np_repeat_fail(&np_unconfigured_rep, &n);
        if (e != NP_REPEAT_QUIET)
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, NPLOGNO(08) "mod_nethprov is not configured for this "
                          "server, or its database connection pool could not be made%s",
                          np_repeat_note(r->pool, e, n));
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if ((file = np_bootstrap_file(r, sc)))
        return np_bootstrap(r, sc, file);

    /* The last two segments of the (already decoded and normalised) path: <token>/<file>. */
    uri = r->uri;
    file = strrchr(uri, '/');
    if (!file || file == uri)
        return HTTP_NOT_FOUND;
    slash = file;
    file++;
    for (token = slash - 1; token > uri && token[-1] != '/'; token--)
        ;
    tlen = (size_t)(slash - token);
    flen = strlen(file);
    np_note_masked_uri(r, np_file_name_ok(file, flen) ? file : "-");
    if (!np_token_valid(token, tlen) || !np_file_name_ok(file, flen))
        return HTTP_NOT_FOUND;
    if (!np_brands_match_name(sc->brands, file, mac, &has_mac))
        return HTTP_NOT_FOUND;
    if (has_mac)
        np_mac_format(mac, NP_MAC_PLAIN, mac12);

    tok = apr_pstrmemdup(r->pool, token, tlen);
    /* The generation is read before the database is asked: a change committed meanwhile makes
     * what is read now unusable for later requests, never the other way round. */
    gen = sc->lookups ? np_lookcache_gen(sc->lookups) : 0;
    if (gen && np_lookcache_get(sc->lookups, tok, has_mac ? mac12 : NULL, r->pool, &ph))
        st = NP_DB_FOUND;
    else if ((st = np_lookup(r, sc, tok, has_mac ? mac12 : NULL, &ph)) == NP_DB_FOUND && gen)
        np_lookcache_put(sc->lookups, gen, tok, &ph);
    switch (st) {
    case NP_DB_NOTFOUND:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, NPLOGNO(09) "no phone for this token and %s", file);
        return HTTP_NOT_FOUND;
    case NP_DB_ERROR:
        apr_table_setn(r->err_headers_out, "Retry-After", apr_itoa(r->pool, np_retry_after(sc)));
        return HTTP_SERVICE_UNAVAILABLE;
    default:
        break;
    }
    if (!(brand = np_brands_get(sc->brands, ph.brand))) {
        unsigned long n;
        np_repeat_e e = np_repeat_fail(&np_nobrand_rep, &n);
        if (e != NP_REPEAT_QUIET)
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, NPLOGNO(10) "phone %s is of brand '%s', which has no "
                          "templates%s", ph.mac, ph.brand, np_repeat_note(r->pool, e, n));
        return HTTP_NOT_FOUND;
    }
    if (!(f = np_brand_file(brand, file, ph.model)))
        return HTTP_NOT_FOUND;

    rq.base_url = sc->base_url;
    /* The User-Agent is an input of the render, and so of the ETag, only for a brand whose templates
     * read it: a phone whose new firmware says a new User-Agent still gets its 304. */
    rq.user_agent = apr_hash_get(sc->ua_brands, brand->name, APR_HASH_KEY_STRING)
                        ? apr_table_get(r->headers_in, "User-Agent")
                        : NULL;
    rq.filename = file;
    vars = np_render_vars(r->pool, brand, &ph, &rq);

    /* The ETag comes from the inputs, so a phone that already has this config gets its 304
     * without anything being rendered. */
    ap_set_content_type(r, f->content_type);
    apr_table_setn(r->headers_out, "ETag", np_render_etag(r->pool, brand, f, vars));
    apr_table_setn(r->headers_out, "Cache-Control", "no-cache");
    if ((rv = ap_meets_conditions(r)) != OK)
        return rv;

    np_buf_init(&body, r->pool, 65536);
    sink = np_buf_sink(&body);
    if (np_render_file_memo(r->pool, f, vars, &sink, sc->memo, &err) != 0) {
        unsigned long n;
        np_repeat_e e = np_repeat_fail(&np_render_rep, &n);
        if (e != NP_REPEAT_QUIET)
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, NPLOGNO(11) "cannot render %s for phone %s: %s%s", file,
                          ph.mac, err, np_repeat_note(r->pool, e, n));
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, NPLOGNO(12) "serving %s to phone %s (token %d)", file, ph.mac, ph.via);
    return np_send_body(r, body.data, body.len);
}
