/* A Falconieri-style gateway (NethVoice's rps.nethesis.it): PUT /providers/{provider}/{MAC} with
 * {"url": ...} and Basic auth; the gateway calls the vendor. It has no removal and no lookup. */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "np_json.h"
#include "np_mac.h"
#include "np_rps_int.h"

static int np_gateway_reg(np_rps_ctx_t *x)
{
    static const char *const hdrs[] = { "Accept: application/json;charset=utf-8", NULL };
    const char *provider = x->c->service; /* the gateway's provider names are the services' */
    const char *url, *err, *msg, *perr;
    np_xv_t *answer = NULL;
    np_http_req_t rq;
    np_http_resp_t resp;
    int rc;

    if (!strcmp(provider, "gigaset") && !x->d->check_code)
        return np_rps_fail(x, NP_RPS_ERR_INPUT,
                           apr_psprintf(x->p, "the MAC-ID check code of %s is unknown: give the 4 characters after "
                                              "the MAC on the label (XXXXXXXXXXXX-XXXX) with --check-code",
                                        np_rps_mac(x, NP_MAC_COLON)));
    url = apr_pstrcat(x->p, x->c->url, x->c->url[strlen(x->c->url) - 1] == '/' ? "" : "/", "providers/", provider, "/",
                      np_rps_mac(x, NP_MAC_DASH_UPPER), NULL);
    if (!strcmp(provider, "gigaset"))
        url = apr_pstrcat(x->p, url, "?crc=", x->d->check_code, NULL);
    memset(&rq, 0, sizeof rq);
    rq.method = "PUT";
    rq.url = url;
    rq.user = x->auth_user;
    rq.password = x->auth_password;
    rq.content_type = "application/json;charset=utf-8";
    rq.headers = hdrs;
    rq.body = apr_pstrcat(x->p, "{\"url\":", np_json_quote(x->p, x->d->url), "}", NULL);
    rq.body_len = strlen(rq.body);
    if ((rc = np_rps_http(x, &rq, &resp)) != 0)
        return rc > 0 ? 0 : -1;
    if (resp.body_len && np_json_parse(x->p, resp.body, resp.body_len, &answer, &perr) != 0)
        answer = NULL;
    if (resp.status >= 200 && resp.status < 300) {
        /* the YMCS provider answers the PIN the phone asks for at first boot */
        const char *pin = np_json_str_of(answer, "device_pin");
        return np_rps_done(x, NP_RPS_REGISTERED, pin ? apr_pstrcat(x->p, "device PIN ", pin, NULL) : NULL);
    }
    err = np_json_str_of(answer, "error");
    msg = np_json_str_of(answer, "message");
    if (!err)
        return np_rps_fail(x, resp.status == 403 ? NP_RPS_ERR_AUTH : NP_RPS_ERR_VENDOR,
                           apr_psprintf(x->p, "HTTP %ld", resp.status));
    if (resp.status == 404 && !strcmp(err, "provider_not_supported")) {
        x->r->state = NP_RPS_NOT_SUPPORTED;
        x->r->message = apr_psprintf(x->p, "the gateway at %s does not support provider %s", x->c->url, provider);
        return -1;
    }
    return np_rps_refused(x, msg ? apr_psprintf(x->p, "%s: %s", err, msg) : err);
}

static int np_gateway_unreg(np_rps_ctx_t *x)
{
    x->r->state = NP_RPS_NOT_SUPPORTED;
    x->r->message = apr_psprintf(x->p, "the gateway at %s cannot remove a registration: remove %s in the vendor's "
                                       "portal, or register it elsewhere",
                                 x->c->url, np_rps_mac(x, NP_MAC_COLON));
    return -1;
}

const np_rps_proto_t np_rps_gateway = { "gateway", np_gateway_reg, np_gateway_unreg, NULL };
