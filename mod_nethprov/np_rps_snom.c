/* Snom's redirection service, XML-RPC (secure-provisioning.snom.com:8083). */
#include <string.h>
#include "np_mac.h"
#include "np_rps_int.h"

static int np_snom_reg(np_rps_ctx_t *x)
{
    np_xv_t params[2];
    const char *msg;
    int ok;
    params[0] = np_xv_str(np_rps_mac(x, NP_MAC_PLAIN_UPPER));
    params[1] = np_xv_str(x->d->url);
    if (np_rps_xmlrpc(x, "redirect.registerPhone", params, 2, &ok, &msg, NULL) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    return np_rps_done(x, NP_RPS_REGISTERED, msg);
}

static int np_snom_unreg(np_rps_ctx_t *x)
{
    np_xv_t mac = np_xv_str(np_rps_mac(x, NP_MAC_PLAIN_UPPER));
    const char *msg;
    int ok;
    if (np_rps_xmlrpc(x, "redirect.deregisterPhone", &mac, 1, &ok, &msg, NULL) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    return np_rps_done(x, NP_RPS_UNREGISTERED, msg);
}

/* The service answers [true, url] for a registered phone: compared, never shown (it holds tok1). */
static int np_snom_status(np_rps_ctx_t *x)
{
    np_xv_t mac = np_xv_str(np_rps_mac(x, NP_MAC_PLAIN_UPPER));
    const char *msg;
    int ok;
    if (np_rps_xmlrpc(x, "redirect.getPhoneRedirection", &mac, 1, &ok, &msg, NULL) != 0)
        return -1;
    if (x->dry_run)
        return 0;
    if (!ok)
        return np_rps_done(x, NP_RPS_UNREGISTERED, msg);
    return np_rps_done(x, NP_RPS_REGISTERED,
                       msg && !strcmp(msg, x->d->url) ? "redirected to this phone's URL"
                                                      : "redirected to another URL (register again)");
}

const np_rps_proto_t np_rps_snom = { "snom", np_snom_reg, np_snom_unreg, np_snom_status };
