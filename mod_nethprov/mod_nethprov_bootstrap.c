/* GET <base path>/<file> without a token (NethprovBootstrap On): DHCP option 66 sends a phone fresh
 * from its box here. A phone whose first provisioning is incomplete gets a file holding only its
 * tok1 URL (the database answers nothing else, see np_db_bootstrap); anything else is the same 404
 * as every other refusal. The admin restricts the URL to the phones' networks with Require ip. */
#include <string.h>
#include <http_protocol.h>
#include <http_request.h>
#include <apr_strings.h>
#include "mod_nethprov.h"
#include "np_render.h"

/* A User-Agent is the client's text: at most this much of it goes into the log (httpd escapes the
 * error log's messages itself). */
#define NP_UA_LOG_MAX 200

static np_repeat_t np_boot_render_rep;

const char *np_bootstrap_file(request_rec *r, const np_srv_conf_t *sc)
{
    size_t bl;
    const char *file;

    if (sc->bootstrap != 1 || !sc->base_path)
        return NULL;
    /* Exactly <base path>/<file>: a deeper path is a token request (or nothing), and must stay
     * within reach of the <Location>/<LocationMatch> that restricts the bootstrap. */
    bl = strlen(sc->base_path);
    if (strncmp(r->uri, sc->base_path, bl) || r->uri[bl] != '/')
        return NULL;
    file = r->uri + bl + 1;
    return *file && !strchr(file, '/') ? file : NULL;
}

typedef struct {
    const char *mac;
    np_boot_phone_t *bp;
} np_boot_args_t;

static np_db_status_e np_boot_call(PGconn *conn, request_rec *r, void *baton, const char **err)
{
    np_boot_args_t *a = baton;
    return np_db_bootstrap(conn, r->pool, a->mac, a->bp, err);
}

int np_bootstrap(request_rec *r, np_srv_conf_t *sc, const char *file)
{
    unsigned char mac[NP_MAC_LEN];
    char mac12[NP_MAC_STRLEN];
    np_boot_phone_t bp;
    np_boot_args_t args = { mac12, &bp };
    const np_brand_t *brand;
    const np_file_t *f;
    np_request_t rq;
    np_buf_t body;
    np_sink_t sink;
    const char *err, *ua;

    /* No secret in this URL, but the access log format reads the note. */
    apr_table_setn(r->notes, "nethprov-uri", np_file_name_ok(file, strlen(file)) ? r->uri : "-");
    if (!np_file_name_ok(file, strlen(file)) || !np_brands_match_bootstrap(sc->brands, file, mac))
        return HTTP_NOT_FOUND;
    np_mac_format(mac, NP_MAC_PLAIN, mac12);
    switch (np_conn_call(r, sc, np_boot_call, &args)) {
    case NP_DB_NOTFOUND:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, NPLOGNO(16) "bootstrap: no phone %s waiting for its first "
                      "provisioning", mac12);
        return HTTP_NOT_FOUND;
    case NP_DB_ERROR:
        apr_table_setn(r->err_headers_out, "Retry-After", apr_itoa(r->pool, np_retry_after(sc)));
        return HTTP_SERVICE_UNAVAILABLE;
    default:
        break;
    }
    /* The name must be one of the phone's own brand's bootstrap files, for its model. */
    if (!(brand = np_brands_get(sc->brands, bp.brand)) || !(f = np_brand_bootstrap_file(brand, file, bp.model))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, NPLOGNO(17) "bootstrap: phone %s (%s) has no bootstrap file %s",
                      bp.mac, bp.brand, file);
        return HTTP_NOT_FOUND;
    }

    ua = apr_table_get(r->headers_in, "User-Agent");
    rq.base_url = sc->base_url;
    rq.user_agent = ua;
    rq.filename = file;
    np_buf_init(&body, r->pool, 1024);
    sink = np_buf_sink(&body);
    if (np_render_bootstrap(r->pool, brand, f, &bp, &rq, &sink, &err) != 0) {
        unsigned long n;
        np_repeat_e e = np_repeat_fail(&np_boot_render_rep, &n);
        if (e != NP_REPEAT_QUIET)
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, NPLOGNO(18) "cannot render bootstrap %s for phone %s: %s%s",
                          file, bp.mac, err, np_repeat_note(r->pool, e, n));
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* Never the URL nor tok1: who asked, from where, with what. */
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r, NPLOGNO(19) "bootstrap %s served to phone %s (%s %s) from %s, "
                  "User-Agent \"%s\"", file, bp.mac, bp.brand, bp.model ? bp.model : "model pending",
                  r->useragent_ip,
                  ua ? apr_pstrndup(r->pool, ua, NP_UA_LOG_MAX) : "-");

    /* The answer depends on the phone's state, which changes when it uses tok2: never stored. */
    ap_set_content_type(r, f->content_type);
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    return np_send_body(r, body.data, body.len);
}
