/* Yealink Management Cloud Service (YMCS) v2: OAuth2 client credentials, then JSON calls with a
 * Bearer token. Every request carries a fresh timestamp (ms) and nonce. A registration deletes the
 * device first, then adds it by MAC with a per-device URL; Yealink then asks for a device PIN at
 * first boot, which the service lists and the result message shows. */
#include <string.h>
#include <apr_strings.h>
#include <apr_time.h>
#include "np_json.h"
#include "np_mac.h"
#include "np_rps_int.h"

static const char *const *np_ymcs_headers(np_rps_ctx_t *x, const char *token)
{
    const char **h = apr_pcalloc(x->p, 4 * sizeof(char *));
    const char *nonce = np_rps_random_hex(x->p, 16);
    h[0] = apr_psprintf(x->p, "timestamp: %" APR_INT64_T_FMT, (apr_int64_t)(apr_time_now() / 1000));
    h[1] = apr_pstrcat(x->p, "nonce: ", nonce ? nonce : "", NULL);
    h[2] = token ? apr_pstrcat(x->p, "Authorization: Bearer ", token, NULL) : NULL;
    return h;
}

static const char *np_ymcs_url(np_rps_ctx_t *x, const char *path)
{
    size_t n = strlen(x->c->url);
    return apr_pstrcat(x->p, x->c->url, n && x->c->url[n - 1] == '/' ? path + 1 : path, NULL);
}

/* The service's error body {code, error, message}, in words. */
static const char *np_ymcs_error(np_rps_ctx_t *x, long status, const np_xv_t *a)
{
    const np_xv_t *code = np_json_get(a, "code");
    const char *msg = np_json_str_of(a, "message");
    if (!msg)
        msg = np_json_str_of(a, "error");
    return apr_psprintf(x->p, "HTTP %ld%s%s%s%s", status, code && code->s ? ", code " : "", code && code->s ? code->s : "",
                        msg ? ": " : "", msg ? msg : "");
}

/* A call with the token; 0 with a 2xx answer, -1 with x->r failed, 1 in a dry run. */
static int np_ymcs_call(np_rps_ctx_t *x, const char *token, const char *path, const char *body, np_xv_t **a)
{
    np_http_resp_t resp;
    long status;
    int rc = np_rps_json(x, "POST", np_ymcs_url(x, path), np_ymcs_headers(x, token), body, NULL, NULL, &status, a, &resp);
    if (rc)
        return rc;
    if (status < 200 || status > 299)
        return np_rps_refused(x, apr_pstrcat(x->p, path, ": ", np_ymcs_error(x, status, *a), NULL));
    return 0;
}

static int np_ymcs_token(np_rps_ctx_t *x, const char **token)
{
    np_http_resp_t resp;
    np_xv_t *a;
    long status;
    int rc = np_rps_json(x, "POST", np_ymcs_url(x, "/v2/token"), np_ymcs_headers(x, NULL),
                         "{\"grant_type\":\"client_credentials\"}", x->c->user, x->c->password, &status, &a, &resp);
    if (rc > 0) {
        *token = "(the access token)";
        return 0;
    }
    if (rc)
        return rc;
    if (status == 400 || !(*token = np_json_str_of(a, "access_token")))
        return np_rps_fail(x, status == 400 ? NP_RPS_ERR_AUTH : NP_RPS_ERR_VENDOR,
                           apr_pstrcat(x->p, "/v2/token: ", np_ymcs_error(x, status, a), NULL));
    *(const char **)apr_array_push(x->secrets) = *token;
    return 0;
}

static const char *np_ymcs_mac(np_rps_ctx_t *x)
{
    return np_rps_mac(x, NP_MAC_PLAIN);
}

/* The first entry of errors[] of a batch answer, when failureCount is not 0. */
static const char *np_ymcs_batch_error(np_rps_ctx_t *x, const np_xv_t *a)
{
    const np_xv_t *fail = np_json_get(a, "failureCount"), *errs = np_json_get(a, "errors");
    const char *m = NULL;
    if (!fail || fail->type != NP_XV_INT || fail->i == 0)
        return NULL;
    if (errs && errs->type == NP_XV_ARRAY && errs->n > 0) {
        m = np_json_str_of(&errs->items[0], "errorInfo");
        if (!m)
            m = np_json_str_of(&errs->items[0], "msg");
    }
    return m ? m : apr_psprintf(x->p, "%ld failure(s)", fail->i);
}

static int np_ymcs_delete(np_rps_ctx_t *x, const char *token, const char **failure)
{
    np_xv_t *a;
    int rc = np_ymcs_call(x, token, "/v2/rps/delDevices",
                          apr_pstrcat(x->p, "{\"deviceIdType\":\"mac\",\"deviceIds\":[\"", np_ymcs_mac(x), "\"]}", NULL), &a);
    *failure = rc == 0 ? np_ymcs_batch_error(x, a) : NULL;
    return rc;
}

static int np_ymcs_reg(np_rps_ctx_t *x)
{
    const char *token, *failure, *pin = NULL;
    np_xv_t *a;
    int rc;

    if (np_ymcs_token(x, &token) || np_ymcs_delete(x, token, &failure) < 0)
        return -1;
    /* a device that was not there is no reason to stop */
    rc = np_ymcs_call(x, token, "/v2/rps/addDevicesByMac",
                      apr_pstrcat(x->p, "[{\"mac\":\"", np_ymcs_mac(x), "\",\"uniqueServerUrl\":",
                                  np_json_quote(x->p, x->d->url), "}]", NULL), &a);
    if (rc)
        return rc > 0 ? 0 : -1;
    if ((failure = np_ymcs_batch_error(x, a)))
        return np_rps_refused(x, failure);
    if (np_ymcs_call(x, token, "/v2/rps/listDevicePins",
                     apr_pstrcat(x->p, "{\"macs\":[\"", np_ymcs_mac(x), "\"]}", NULL), &a) < 0)
        return -1;
    if (a && a->type == NP_XV_ARRAY && a->n > 0)
        pin = np_json_str_of(&a->items[0], "pin");
    return np_rps_done(x, NP_RPS_REGISTERED, pin ? apr_pstrcat(x->p, "device PIN ", pin, NULL) : NULL);
}

static int np_ymcs_unreg(np_rps_ctx_t *x)
{
    const char *token, *failure;
    int rc;
    if (np_ymcs_token(x, &token) || (rc = np_ymcs_delete(x, token, &failure)) < 0)
        return -1;
    if (rc > 0)
        return 0;
    if (failure)
        return np_rps_refused(x, failure);
    return np_rps_done(x, NP_RPS_UNREGISTERED, NULL);
}

static int np_ymcs_status(np_rps_ctx_t *x)
{
    const char *token, *url;
    const np_xv_t *data;
    np_xv_t *a;
    int rc;
    if (np_ymcs_token(x, &token))
        return -1;
    rc = np_ymcs_call(x, token, "/v2/rps/listDevices",
                      apr_pstrcat(x->p, "{\"skip\":0,\"limit\":1,\"autoCount\":true,\"filter\":{\"mac\":\"", np_ymcs_mac(x),
                                  "\"}}", NULL), &a);
    if (rc)
        return rc > 0 ? 0 : -1;
    data = np_json_get(a, "data");
    if (!data || data->type != NP_XV_ARRAY || data->n == 0)
        return np_rps_done(x, NP_RPS_UNREGISTERED, "not in the account's device list");
    url = np_json_str_of(&data->items[0], "uniqueServerUrl");
    return np_rps_done(x, NP_RPS_REGISTERED, url && !strcmp(url, x->d->url) ? "redirected to this phone's URL"
                                                                             : "redirected to another URL (register again)");
}

const np_rps_proto_t np_rps_ymcs = { "ymcs", np_ymcs_reg, np_ymcs_unreg, np_ymcs_status };
