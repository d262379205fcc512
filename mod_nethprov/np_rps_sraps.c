/* Snom's SRAPS REST API, and Gigaset's GRAPE (the same protocol), every request signed with Hawk
 * 1.0 (HMAC-SHA256; id = access key id, key = secret). A registration finds the uuid of the
 * provisioning-server setting ("setting_server"; GRAPE: "ProvisioningServer"), the company of the
 * access key and its endpoints list, then PUTs the phone with that setting pointing at the URL
 * and autoprovisioning enabled. */
#include <string.h>
#include <time.h>
#include <apr_base64.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_uri.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "np_json.h"
#include "np_mac.h"
#include "np_rps_int.h"

/* Settings pages followed at most: SRAPS has far fewer settings than this many pages hold. */
#define NP_SRAPS_PAGES 20

static const char *np_b64(apr_pool_t *p, const unsigned char *d, int n)
{
    char *o = apr_palloc(p, (apr_size_t)apr_base64_encode_len(n));
    apr_base64_encode(o, (const char *)d, n);
    return o;
}

/* Docs: vendors.md 3.2 (Falconieri's libs/grape/auth.go); ext is empty. */
const char *np_hawk_header(apr_pool_t *p, const char *id, const char *key, const char *method, const char *url,
                           const char *content_type, const char *body, long ts, const char *nonce)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    apr_uri_t u;
    const char *payload, *hash, *norm, *port, *uri;
    char *ct, *host, *c;

    if (apr_uri_parse(p, url, &u) != APR_SUCCESS || !u.hostname || !u.scheme)
        return NULL;
    ct = apr_pstrdup(p, content_type ? content_type : "");
    if ((c = strchr(ct, ';')))
        *c = '\0';
    apr_collapse_spaces(ct, ct);
    for (c = ct; *c; c++)
        *c = (char)apr_tolower(*c);
    host = apr_pstrdup(p, u.hostname);
    for (c = host; *c; c++)
        *c = (char)apr_tolower(*c);
    port = u.port_str ? u.port_str : !strcasecmp(u.scheme, "https") ? "443" : "80";
    uri = apr_pstrcat(p, u.path ? u.path : "/", u.query ? "?" : "", u.query, NULL);
    payload = apr_pstrcat(p, "hawk.1.payload\n", ct, "\n", body ? body : "", "\n", NULL);
    if (!EVP_Digest(payload, strlen(payload), d, &n, EVP_sha256(), NULL))
        return NULL;
    hash = np_b64(p, d, (int)n);
    norm = apr_psprintf(p, "hawk.1.header\n%ld\n%s\n%s\n%s\n%s\n%s\n%s\n\n", ts, nonce, method, uri, host, port, hash);
    if (!HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)norm, strlen(norm), d, &n))
        return NULL;
    return apr_psprintf(p, "Hawk id=\"%s\", ts=\"%ld\", nonce=\"%s\", hash=\"%s\", mac=\"%s\"", id, ts, nonce, hash,
                        np_b64(p, d, (int)n));
}

/* One signed exchange: 0 with *status and *a, -1 with x->r failed, 1 in a dry run. */
static int np_sraps_call(np_rps_ctx_t *x, const char *method, const char *url, const char *body, long *status,
                         np_xv_t **a, np_http_resp_t *resp)
{
    const char **h = apr_pcalloc(x->p, 3 * sizeof(char *));
    const char *nonce = np_rps_random_hex(x->p, 8);
    const char *auth = nonce ? np_hawk_header(x->p, x->c->user, x->c->password, method, url, body ? "application/json" : "",
                                              body, (long)time(NULL), nonce)
                             : NULL;
    if (!auth)
        return np_rps_fail(x, NP_RPS_ERR_VENDOR, apr_pstrcat(x->p, "cannot sign a request to ", url, NULL));
    h[0] = apr_pstrcat(x->p, "Authorization: ", auth, NULL);
    h[1] = "Accept: application/json";
    return np_rps_json(x, method, url, h, body, NULL, NULL, status, a, resp);
}

/* The service's words from an error body: message, detail or error. */
static const char *np_sraps_error(np_rps_ctx_t *x, long status, const np_xv_t *a)
{
    const char *m = np_json_str_of(a, "message");
    if (!m)
        m = np_json_str_of(a, "detail");
    if (!m)
        m = np_json_str_of(a, "error");
    return apr_psprintf(x->p, "HTTP %ld%s%s", status, m ? ": " : "", m ? m : "");
}

/* A link from an answer made absolute against the API's URL. */
static const char *np_sraps_abs(np_rps_ctx_t *x, const char *link)
{
    apr_uri_t u;
    if (!link || strstr(link, "://"))
        return link;
    if (apr_uri_parse(x->p, x->c->url, &u) != APR_SUCCESS)
        return link;
    return apr_pstrcat(x->p, u.scheme, "://", u.hostinfo, *link == '/' ? "" : "/", link, NULL);
}

static const char *np_sraps_url(np_rps_ctx_t *x, const char *path)
{
    size_t n = strlen(x->c->url);
    return apr_pstrcat(x->p, x->c->url, n && x->c->url[n - 1] == '/' ? "" : "/", path, NULL);
}

/* The next page from a Link header: <url>; rel="next". */
static const char *np_sraps_next(np_rps_ctx_t *x, const np_http_resp_t *resp)
{
    const char *l = apr_table_get(resp->headers, "Link"), *s, *e;
    if (!l || !(s = strstr(l, "rel=\"next\"")))
        return NULL;
    while (s > l && *s != '<')
        s--;
    if (*s != '<' || !(e = strchr(s, '>')))
        return NULL;
    return np_sraps_abs(x, apr_pstrmemdup(x->p, s + 1, (size_t)(e - s - 1)));
}

static int np_sraps_setting(np_rps_ctx_t *x, const char *name, const char **uuid)
{
    const char *url = np_sraps_url(x, "settings/?page_size=1000");
    int page, i, rc;
    for (page = 0; url && page < NP_SRAPS_PAGES; page++) {
        np_http_resp_t resp;
        np_xv_t *a;
        const np_xv_t *list;
        long status;
        if ((rc = np_sraps_call(x, "GET", url, NULL, &status, &a, &resp)))
            return rc;
        if (status != 200)
            return np_rps_refused(x, apr_pstrcat(x->p, "settings: ", np_sraps_error(x, status, a), NULL));
        list = a && a->type == NP_XV_STRUCT ? np_json_get(a, "results") : a;
        for (i = 0; list && list->type == NP_XV_ARRAY && i < list->n; i++) {
            const char *pn = np_json_str_of(&list->items[i], "param_name");
            if (pn && !strcmp(pn, name) && (*uuid = np_json_str_of(&list->items[i], "uuid")))
                return 0;
        }
        url = np_sraps_next(x, &resp);
    }
    return np_rps_fail(x, NP_RPS_ERR_VENDOR, apr_psprintf(x->p, "no setting \"%s\" in the service's settings", name));
}

/* The URL of the company's endpoints list, through the access key's token. */
static int np_sraps_endpoints(np_rps_ctx_t *x, const char **endpoints)
{
    np_http_resp_t resp;
    np_xv_t *a;
    long status;
    const char *company;
    int rc;
    if ((rc = np_sraps_call(x, "GET", np_sraps_url(x, apr_pstrcat(x->p, "tokens/", x->c->user, NULL)), NULL, &status, &a,
                            &resp)))
        return rc;
    if (status != 200 || !(company = np_sraps_abs(x, np_json_str_of(np_json_get(a, "links"), "company"))))
        return np_rps_refused(x, apr_pstrcat(x->p, "tokens: ", np_sraps_error(x, status, a), NULL));
    if ((rc = np_sraps_call(x, "GET", company, NULL, &status, &a, &resp)))
        return rc;
    if (status != 200 || !(*endpoints = np_sraps_abs(x, np_json_str_of(np_json_get(a, "links"), "endpoints"))))
        return np_rps_refused(x, apr_pstrcat(x->p, "company: ", np_sraps_error(x, status, a), NULL));
    if ((*endpoints)[strlen(*endpoints) - 1] != '/')
        *endpoints = apr_pstrcat(x->p, *endpoints, "/", NULL);
    return 0;
}

static int np_sraps_dry(np_rps_ctx_t *x)
{
    x->r->message = "the later requests depend on the service's answers";
    return 0;
}

static int np_sraps_reg(np_rps_ctx_t *x)
{
    const char *uuid, *endpoints, *mac = np_rps_mac(x, NP_MAC_PLAIN), *body;
    np_http_resp_t resp;
    np_xv_t *a;
    long status;
    int rc;

    if ((rc = np_sraps_setting(x, strcmp(x->c->mode, "grape") ? "setting_server" : "ProvisioningServer", &uuid))
        || (rc = np_sraps_endpoints(x, &endpoints)))
        return rc > 0 ? np_sraps_dry(x) : -1;
    body = apr_pstrcat(x->p, "{\"mac\":\"", mac, "\",\"autoprovisioning_enabled\":true,\"settings_manager\":{",
                       np_json_quote(x->p, uuid), ":{\"value\":", np_json_quote(x->p, x->d->url),
                       ",\"attrs\":{\"perm\":\"RW\"}}}}", NULL);
    if ((rc = np_sraps_call(x, "PUT", apr_pstrcat(x->p, endpoints, mac, NULL), body, &status, &a, &resp)))
        return rc > 0 ? 0 : -1;
    if (status < 200 || status > 299)
        return np_rps_refused(x, np_sraps_error(x, status, a));
    return np_rps_done(x, NP_RPS_REGISTERED, NULL);
}

static int np_sraps_unreg(np_rps_ctx_t *x)
{
    const char *endpoints;
    np_http_resp_t resp;
    np_xv_t *a;
    long status;
    int rc;
    if ((rc = np_sraps_endpoints(x, &endpoints)))
        return rc > 0 ? np_sraps_dry(x) : -1;
    if ((rc = np_sraps_call(x, "DELETE", apr_pstrcat(x->p, endpoints, np_rps_mac(x, NP_MAC_PLAIN), NULL), NULL, &status, &a,
                            &resp)))
        return rc > 0 ? 0 : -1;
    if (status == 404)
        return np_rps_done(x, NP_RPS_UNREGISTERED, "the service did not know the phone");
    if (status < 200 || status > 299)
        return np_rps_refused(x, np_sraps_error(x, status, a));
    return np_rps_done(x, NP_RPS_UNREGISTERED, NULL);
}

static int np_sraps_status(np_rps_ctx_t *x)
{
    const char *endpoints;
    const np_xv_t *sm;
    np_http_resp_t resp;
    np_xv_t *a;
    long status;
    int rc, i;
    if ((rc = np_sraps_endpoints(x, &endpoints)))
        return rc > 0 ? np_sraps_dry(x) : -1;
    if ((rc = np_sraps_call(x, "GET", apr_pstrcat(x->p, endpoints, np_rps_mac(x, NP_MAC_PLAIN), NULL), NULL, &status, &a,
                            &resp)))
        return rc > 0 ? 0 : -1;
    if (status == 404)
        return np_rps_done(x, NP_RPS_UNREGISTERED, "the service does not know the phone");
    if (status != 200)
        return np_rps_refused(x, np_sraps_error(x, status, a));
    sm = np_json_get(a, "settings_manager");
    for (i = 0; sm && sm->type == NP_XV_STRUCT && i < sm->n; i++) {
        const char *v = np_json_str_of(&sm->items[i], "value");
        if (v && !strcmp(v, x->d->url))
            return np_rps_done(x, NP_RPS_REGISTERED, "redirected to this phone's URL");
    }
    return np_rps_done(x, NP_RPS_REGISTERED, "known to the service, with another URL (register again)");
}

const np_rps_proto_t np_rps_sraps = { "sraps", np_sraps_reg, np_sraps_unreg, np_sraps_status };
