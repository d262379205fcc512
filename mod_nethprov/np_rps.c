/* The redirect services' common part: configuration, the URL registered, the run of one operation,
 * error mapping and masking. See np_rps.h. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <openssl/rand.h>
#include "np_json.h"
#include "np_mac.h"
#include "np_rps_int.h"

static const char *const np_rps_services[] = { "yealink", "snom", "fanvil", "gigaset", "grape", NULL };

static const struct {
    const char *service, *url;
} np_rps_endpoints[] = {
    /* The vendors' documented endpoints (docs: vendors.md section 3). */
    { "yealink", "https://api-dm.yealink.com:8443/xmlrpc" },
    { "snom", "https://secure-provisioning.snom.com:8083/xmlrpc/" },
    { "fanvil", "http://fdps.fanvil.com/xmlrpc.php" },
    { "gigaset", "https://prov.gigaset.net/apxml/rpc.do" },
    { "gateway", "https://rps.nethesis.it" },
    { "yealink/ymcs", "https://eu-api.ymcs.yealink.com" },
    { "snom/sraps", "https://api.sraps.snom.com/api/v1/" },
    { "grape/grape", "https://api.grape.gigaset.net/api/v1/" },
};

const char *np_rps_state_name(np_rps_state_e s)
{
    switch (s) {
    case NP_RPS_REGISTERED: return "registered";
    case NP_RPS_UNREGISTERED: return "unregistered";
    case NP_RPS_FAILED: return "failed";
    case NP_RPS_NOT_SUPPORTED: return "not_supported";
    case NP_RPS_NOT_CONFIGURED: return "not_configured";
    }
    return "failed";
}

/* The service that registers phones of BRAND; NULL if none. NethPhones are Fanvil inside and
 * share Fanvil's service (as in NethVoice). */
static const char *np_rps_service_of(const char *brand)
{
    int i;
    if (!strcmp(brand, "nethesis"))
        return "fanvil";
    /* Gigaset Pro P phones are Snom inside and use GRAPE, Gigaset's twin of SRAPS. */
    if (!strcmp(brand, "gigasetp"))
        return "grape";
    if (!strcmp(brand, "grape"))
        return NULL;
    for (i = 0; np_rps_services[i]; i++)
        if (!strcmp(brand, np_rps_services[i]))
            return np_rps_services[i];
    return NULL;
}

static const char *np_rps_key(apr_pool_t *p, apr_hash_t *keys, const char *a, const char *b)
{
    return keys ? apr_hash_get(keys, apr_pstrcat(p, "rps.", a, b ? "." : "", b, NULL), APR_HASH_KEY_STRING) : NULL;
}

static int np_rps_number(apr_pool_t *p, apr_hash_t *keys, const char *name, double lo, double hi, double *v,
                         const char **why)
{
    const char *s = np_rps_key(p, keys, name, NULL);
    char *end;
    if (!s)
        return 0;
    *v = strtod(s, &end);
    /* written so that a NaN (every comparison with it is false) fails it too */
    if (end == s || *end || !(*v >= lo && *v <= hi)) {
        /* APR's %g writes 0.1 as .1 */
        *why = apr_psprintf(p, "rps.%s = %s: expected a number from %s to %s", name, s,
                            lo < 1 && lo > 0 ? apr_psprintf(p, "0.%d", (int)(lo * 10 + 0.5)) : apr_psprintf(p, "%d", (int)lo),
                            apr_psprintf(p, "%d", (int)hi));
        return -1;
    }
    return 0;
}

static const char *np_rps_endpoint(const char *service)
{
    size_t i;
    for (i = 0; i < sizeof np_rps_endpoints / sizeof *np_rps_endpoints; i++)
        if (!strcmp(np_rps_endpoints[i].service, service))
            return np_rps_endpoints[i].url;
    return NULL;
}

int np_rps_conf_for_brand(apr_pool_t *p, apr_hash_t *keys, const char *brand, np_rps_conf_t *out,
                          const char **why)
{
    double timeout = 20, connect = 5, retries = 2;
    const char *svc = np_rps_service_of(brand), *mode, *from;

    memset(out, 0, sizeof *out);
    out->brand = brand;
    if (np_rps_number(p, keys, "timeout", 0.1, 600, &timeout, why) || np_rps_number(p, keys, "connect_timeout", 0.1, 600, &connect, why)
        || np_rps_number(p, keys, "retries", 0, 10, &retries, why))
        return -1;
    out->http.timeout_ms = (long)(timeout * 1000);
    out->http.connect_timeout_ms = (long)(connect * 1000);
    out->http.retries = (int)retries;
    out->http.backoff_ms = 500;
    if (!svc) {
        *why = apr_psprintf(p, "brand %s has no redirect service nethprov can use: give its phones the URL "
                               "by DHCP (option 66) or in the vendor's portal", brand);
        return NP_RPS_NOT_SUPPORTED;
    }
    out->service = svc;
    mode = np_rps_key(p, keys, svc, "mode");
    out->mode = mode ? mode : !strcmp(svc, "grape") ? "grape" : "xmlrpc";
    {
        /* Each service's own API besides XML-RPC. */
        const char *extra = !strcmp(svc, "yealink") ? "ymcs" : !strcmp(svc, "snom") ? "sraps" : NULL;
        if (!strcmp(svc, "grape")) {
            if (strcmp(out->mode, "grape")) {
                *why = apr_psprintf(p, "rps.grape.mode = %s: expected grape", out->mode);
                return -1;
            }
        }
        else if (strcmp(out->mode, "xmlrpc") && strcmp(out->mode, "gateway") && !(extra && !strcmp(out->mode, extra))) {
            *why = apr_psprintf(p, "rps.%s.mode = %s: expected xmlrpc%s%s or gateway", svc, out->mode,
                                extra ? ", " : "", extra ? extra : "");
            return -1;
        }
    }
    from = !strcmp(out->mode, "gateway") ? "gateway" : svc;
    out->url = np_rps_key(p, keys, from, "url");
    if (!out->url)
        out->url = np_rps_endpoint(strcmp(out->mode, "xmlrpc") && strcmp(out->mode, "gateway")
                                       ? apr_pstrcat(p, svc, "/", out->mode, NULL) : from);
    if (strncmp(out->url, "https://", 8) && strncmp(out->url, "http://", 7)) {
        *why = apr_psprintf(p, "rps.%s.url = %s: expected an http:// or https:// URL", from, out->url);
        return -1;
    }
    out->user = np_rps_key(p, keys, from, "user");
    out->password = np_rps_key(p, keys, from, "password");
    out->keys = apr_psprintf(p, "rps.%s.user and rps.%s.password", from, from);
    if (!out->user || !out->password) {
        *why = apr_psprintf(p, "no credentials for the %s%s service of brand %s: set %s in the configuration file",
                            svc, strcmp(from, "gateway") ? "" : " gateway", brand, out->keys);
        return NP_RPS_NOT_CONFIGURED;
    }
    return NP_RPS_REGISTERED;
}

const char *np_rps_url(apr_pool_t *p, const char *service, const char *base_url, const char *tok1)
{
    const char *suffix = "";
    if (!strcmp(service, "snom") || !strcmp(service, "grape"))
        suffix = "{mac}.xml";
    else if (!strcmp(service, "fanvil"))
        suffix = "$mac.cfg";
    else if (!strcmp(service, "gigaset"))
        suffix = "%MACD.xml";
    return apr_pstrcat(p, base_url, "/", tok1, "/", suffix, NULL);
}

/* -- error mapping -------------------------------------------------------------------------------- */

static int np_starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

np_rps_err_e np_rps_classify(const char *service, const char *m)
{
    size_t i;
    if (!m)
        return NP_RPS_ERR_VENDOR;
    if (!strcmp(service, "snom")) {
        if (strstr(m, "owned_by_other_user"))
            return NP_RPS_ERR_OWNED;
        if (strstr(m, "malformed_mac"))
            return NP_RPS_ERR_MAC;
        if (strstr(m, "malformed_url"))
            return NP_RPS_ERR_URL;
    }
    else if (!strcmp(service, "fanvil")) {
        if (strstr(m, "device_had_existed"))
            return NP_RPS_ERR_OWNED;
        if (strstr(m, "mac_format_error"))
            return NP_RPS_ERR_MAC;
        if (strstr(m, "url_format_error"))
            return NP_RPS_ERR_URL;
    }
    else if (!strcmp(service, "gigaset")) {
        if (np_starts(m, "mac_already_in_use:"))
            return NP_RPS_ERR_OWNED;
        if (np_starts(m, "mac_not_exist:"))
            return NP_RPS_ERR_MAC;
        if (np_starts(m, "url_invalid:"))
            return NP_RPS_ERR_URL;
    }
    else if (!strcmp(service, "yealink")) {
        if (np_starts(m, "Error:The url can only begin with"))
            return NP_RPS_ERR_URL;
        /* Yealink names the account that owns the device: "Error:" and a 10-character id. */
        if (np_starts(m, "Error:")) {
            for (i = 0; i < 10; i++)
                if (!((m[6 + i] >= 'a' && m[6 + i] <= 'z') || (m[6 + i] >= '0' && m[6 + i] <= '9')))
                    break;
            if (i == 10)
                return NP_RPS_ERR_OWNED;
        }
    }
    else if (!strcmp(service, "ymcs")) {
        if (strstr(m, "800003") || strstr(m, "800004"))
            return NP_RPS_ERR_OWNED;
        if (strstr(m, "800001"))
            return NP_RPS_ERR_MAC;
        if (strstr(m, "900401") || strstr(m, "HTTP 403"))
            return NP_RPS_ERR_AUTH;
    }
    else if (!strcmp(service, "sraps") || !strcmp(service, "grape")) {
        if (strstr(m, "taken_mac_or_forbidden") || strstr(m, "User lacks permission to endpoint"))
            return NP_RPS_ERR_OWNED;
        if (strstr(m, "Hawk authentication failed") || strstr(m, "HTTP 403"))
            return NP_RPS_ERR_AUTH;
    }
    else if (!strcmp(service, "gateway")) {
        if (strstr(m, "device_owned_by_other_user"))
            return NP_RPS_ERR_OWNED;
        if (strstr(m, "mac_address"))
            return NP_RPS_ERR_MAC;
        if (strstr(m, "malformed_url") || strstr(m, "unable_to_parse_url") || strstr(m, "unsupported_url_scheme"))
            return NP_RPS_ERR_URL;
        if (strstr(m, "connection_to_remote_provider_failed"))
            return NP_RPS_ERR_UNREACHABLE;
        if (strstr(m, "mac-id_crc"))
            return NP_RPS_ERR_INPUT;
    }
    return NP_RPS_ERR_VENDOR;
}

/* -- helpers for the protocol files --------------------------------------------------------------- */

const char *np_rps_mask(np_rps_ctx_t *x, const char *s)
{
    int i;
    if (!s)
        return NULL;
    for (i = 0; i < x->secrets->nelts; i++) {
        const char *sec = ((const char **)x->secrets->elts)[i], *at;
        size_t n = strlen(sec);
        if (n < 4)
            continue; /* too short to mask without masking ordinary words */
        while ((at = strstr(s, sec)))
            s = apr_pstrcat(x->p, apr_pstrmemdup(x->p, s, (size_t)(at - s)), "********", at + n, NULL);
    }
    return s;
}

const char *np_rps_mac(np_rps_ctx_t *x, int style)
{
    unsigned char mac[6];
    const char *err;
    size_t pos;
    char *buf = apr_palloc(x->p, NP_MAC_STRLEN);
    if (np_mac_parse(x->d->mac, strlen(x->d->mac), mac, &err, &pos) != 0)
        return x->d->mac;
    return np_mac_format(mac, (np_mac_style_e)style, buf);
}

int np_rps_done(np_rps_ctx_t *x, np_rps_state_e s, const char *msg)
{
    x->r->state = s;
    x->r->err = NP_RPS_ERR_NONE;
    x->r->message = np_rps_mask(x, msg);
    return 0;
}

int np_rps_fail(np_rps_ctx_t *x, np_rps_err_e e, const char *vendor_msg)
{
    const char *svc = !strcmp(x->c->mode, "gateway") ? apr_pstrcat(x->p, "the gateway for ", x->c->service, NULL)
                      : strcmp(x->c->mode, "xmlrpc") ? apr_pstrcat(x->p, x->c->service, " (", x->c->mode, ")", NULL)
                                                     : x->c->service;
    const char *mac = np_rps_mac(x, NP_MAC_COLON);
    const char *v = vendor_msg ? apr_psprintf(x->p, " (service: %s)", vendor_msg) : "";
    const char *m;

    switch (e) {
    case NP_RPS_ERR_OWNED:
        m = apr_psprintf(x->p, "%s: device %s is owned by another account at %s%s; it must be released there first",
                         svc, mac, x->c->url, v);
        break;
    case NP_RPS_ERR_MAC:
        m = apr_psprintf(x->p, "%s: invalid MAC %s, the service does not accept it%s", svc, mac, v);
        break;
    case NP_RPS_ERR_URL:
        m = apr_psprintf(x->p, "%s: the service does not accept the provisioning URL of %s%s", svc, mac, v);
        break;
    case NP_RPS_ERR_AUTH:
        m = apr_psprintf(x->p, "%s: authentication failed at %s%s: check %s", svc, x->c->url, v, x->c->keys);
        break;
    case NP_RPS_ERR_UNREACHABLE:
        m = apr_psprintf(x->p, "%s: service unreachable at %s%s", svc, x->c->url, v);
        break;
    case NP_RPS_ERR_INPUT:
        m = apr_psprintf(x->p, "%s: %s", svc, vendor_msg ? vendor_msg : "missing input");
        break;
    default:
        m = apr_psprintf(x->p, "%s refused %s%s", svc, mac, v);
        break;
    }
    x->r->state = NP_RPS_FAILED;
    x->r->err = e;
    x->r->message = np_rps_mask(x, m);
    return -1;
}

int np_rps_refused(np_rps_ctx_t *x, const char *vendor_msg)
{
    return np_rps_fail(x, np_rps_classify(!strcmp(x->c->mode, "xmlrpc") ? x->c->service : x->c->mode, vendor_msg),
                       vendor_msg);
}

static const char *np_rps_show(np_rps_ctx_t *x, const np_http_req_t *rq)
{
    const char *s = apr_pstrcat(x->p, rq->method, " ", rq->url, "\n", NULL);
    int i;
    if (rq->user)
        s = apr_pstrcat(x->p, s, "Authorization: Basic (user ", rq->user, ", password ********)\n", NULL);
    if (rq->content_type)
        s = apr_pstrcat(x->p, s, "Content-Type: ", rq->content_type, "\n", NULL);
    for (i = 0; rq->headers && rq->headers[i]; i++)
        s = apr_pstrcat(x->p, s, rq->headers[i], "\n", NULL);
    if (rq->body)
        s = apr_pstrcat(x->p, s, "\n", apr_pstrmemdup(x->p, rq->body, rq->body_len), NULL);
    return np_rps_mask(x, s);
}

int np_rps_http(np_rps_ctx_t *x, const np_http_req_t *rq, np_http_resp_t *resp)
{
    static const char *const kinds[] = { "", "cannot connect", "timed out", "TLS failed", "failed" };
    if (x->dry_run) {
        *(const char **)apr_array_push(x->r->shown) = np_rps_show(x, rq);
        return 1;
    }
    if (np_http_do(x->p, &x->c->http, rq, resp) != 0)
        return np_rps_fail(x, NP_RPS_ERR_UNREACHABLE,
                           apr_psprintf(x->p, "%s: %s, %d attempt%s", kinds[resp->fail], resp->error, resp->attempts,
                                        resp->attempts == 1 ? "" : "s"));
    /* 403 is left to the protocols: SRAPS answers it for a MAC owned by another account. */
    if (resp->status == 401)
        return np_rps_fail(x, NP_RPS_ERR_AUTH, apr_psprintf(x->p, "HTTP %ld", resp->status));
    if (np_http_status_transient(resp->status))
        return np_rps_fail(x, NP_RPS_ERR_UNREACHABLE,
                           apr_psprintf(x->p, "HTTP %ld, %d attempts", resp->status, resp->attempts));
    return 0;
}

int np_rps_xmlrpc(np_rps_ctx_t *x, const char *method, const np_xv_t *params, int n, int *ok, const char **msg,
                  np_xv_t **raw)
{
    np_http_req_t rq;
    np_http_resp_t resp;
    np_xv_t *v = NULL;
    long fcode;
    const char *fstr, *err;
    int rc;

    memset(&rq, 0, sizeof rq);
    rq.method = "POST";
    rq.url = x->c->url;
    rq.user = x->auth_user;
    rq.password = x->auth_password;
    rq.content_type = "text/xml";
    rq.body = np_xmlrpc_call(x->p, method, params, n);
    rq.body_len = strlen(rq.body);
    if (raw)
        *raw = NULL;
    if ((rc = np_rps_http(x, &rq, &resp)) != 0) {
        *ok = rc > 0;
        *msg = NULL;
        return rc > 0 ? 0 : -1;
    }
    if (resp.status != 200)
        return np_rps_fail(x, resp.status == 403 ? NP_RPS_ERR_AUTH : NP_RPS_ERR_VENDOR,
                           apr_psprintf(x->p, "%s: HTTP %ld", method, resp.status));
    switch (np_xmlrpc_parse(x->p, resp.body, resp.body_len, &v, &fcode, &fstr, &err)) {
    case NP_XMLRPC_FAULT:
        return np_rps_refused(x, apr_psprintf(x->p, "%s: fault %ld: %s", method, fcode, fstr));
    case NP_XMLRPC_BAD:
        return np_rps_fail(x, NP_RPS_ERR_VENDOR, apr_psprintf(x->p, "%s: an answer not understood: %s", method, err));
    default:
        break;
    }
    if (raw)
        *raw = v;
    if (np_xmlrpc_pair(v, ok, msg) != 0)
        return np_rps_fail(x, NP_RPS_ERR_VENDOR, apr_psprintf(x->p, "%s: the answer is not [success, message]", method));
    return 0;
}

int np_rps_json(np_rps_ctx_t *x, const char *method, const char *url, const char *const *headers, const char *body,
                const char *user, const char *password, long *status, np_xv_t **answer, np_http_resp_t *resp)
{
    np_http_req_t rq;
    const char *err;
    int rc;

    memset(&rq, 0, sizeof rq);
    rq.method = method;
    rq.url = url;
    rq.user = user;
    rq.password = password;
    rq.headers = headers;
    if (body) {
        rq.content_type = "application/json";
        rq.body = body;
        rq.body_len = strlen(body);
    }
    *answer = NULL;
    *status = 0;
    if ((rc = np_rps_http(x, &rq, resp)) != 0)
        return rc;
    *status = resp->status;
    if (resp->body_len && np_json_parse(x->p, resp->body, resp->body_len, answer, &err) != 0)
        *answer = NULL;
    return 0;
}

const char *np_rps_random_hex(apr_pool_t *p, int n)
{
    unsigned char b[64];
    char *hex;
    int i;
    if (n > (int)sizeof b || RAND_bytes(b, n) != 1)
        return NULL;
    hex = apr_palloc(p, (size_t)(2 * n + 1));
    for (i = 0; i < n; i++)
        apr_snprintf(hex + 2 * i, 3, "%02x", b[i]);
    return hex;
}

int np_rps_run(apr_pool_t *p, const np_rps_conf_t *c, np_rps_op_e op, const np_rps_device_t *d, int dry_run,
               const char *const *secrets, np_rps_result_t *r)
{
    const np_rps_proto_t *proto;
    np_rps_ctx_t x;
    int i;

    memset(r, 0, sizeof *r);
    r->shown = apr_array_make(p, 4, sizeof(const char *));
    memset(&x, 0, sizeof x);
    x.p = p;
    x.c = c;
    x.d = d;
    x.dry_run = dry_run;
    x.r = r;
    x.secrets = apr_array_make(p, 4, sizeof(const char *));
    x.auth_user = c->user;
    x.auth_password = c->password;
    if (c->password)
        *(const char **)apr_array_push(x.secrets) = c->password;
    for (i = 0; secrets && secrets[i]; i++)
        *(const char **)apr_array_push(x.secrets) = secrets[i];

    if (!strcmp(c->mode, "gateway"))
        proto = &np_rps_gateway;
    else if (!strcmp(c->mode, "ymcs"))
        proto = &np_rps_ymcs;
    else if (!strcmp(c->mode, "sraps") || !strcmp(c->mode, "grape"))
        proto = &np_rps_sraps;
    else if (!strcmp(c->service, "yealink"))
        proto = &np_rps_yealink;
    else if (!strcmp(c->service, "snom"))
        proto = &np_rps_snom;
    else if (!strcmp(c->service, "fanvil"))
        proto = &np_rps_fanvil;
    else if (!strcmp(c->service, "gigaset"))
        proto = &np_rps_gigaset;
    else {
        r->state = NP_RPS_NOT_SUPPORTED;
        r->message = apr_psprintf(p, "no protocol for service %s", c->service);
        return -1;
    }
    if (!strncmp(c->url, "http://", 7))
        r->warning = apr_psprintf(p, "%s is plain HTTP: the credentials and the provisioning URL (with its token) "
                                     "cross the network unencrypted", c->url);
    switch (op) {
    case NP_RPS_REGISTER:
        return proto->reg(&x);
    case NP_RPS_UNREGISTER:
        return proto->unreg(&x);
    default:
        if (!proto->status) {
            r->state = NP_RPS_NOT_SUPPORTED;
            r->message = apr_psprintf(p, "%s%s has no lookup of a registration", c->service,
                                      !strcmp(c->mode, "gateway") ? " (gateway)" : "");
            return -1;
        }
        return proto->status(&x);
    }
}
