/* Yealink RPS, XML-RPC: a per-MAC URL without a server object (as Falconieri registers). */
#include <string.h>
#include "np_mac.h"
#include "np_rps_int.h"

/* The name the registrations appear under in Yealink's portal. */
#define NP_YEALINK_SERVER "nethprov"

static int np_yealink_reg(np_rps_ctx_t *x)
{
    np_xv_t params[4];
    const char *msg;
    int ok;

    params[0] = np_xv_str(np_rps_mac(x, NP_MAC_DASH_UPPER));
    params[1] = np_xv_str(NP_YEALINK_SERVER);
    params[2] = np_xv_str(x->d->url);
    params[3] = np_xv_str("1"); /* override a registration of this account */
    if (np_rps_xmlrpc(x, "redirect.registerDeviceWithUniqueUrl", params, 4, &ok, &msg, NULL) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    return np_rps_done(x, NP_RPS_REGISTERED, msg);
}

static int np_yealink_unreg(np_rps_ctx_t *x)
{
    np_xv_t mac = np_xv_str(np_rps_mac(x, NP_MAC_DASH_UPPER));
    const char *msg;
    int ok;
    if (np_rps_xmlrpc(x, "redirect.deRegisterDevice", &mac, 1, &ok, &msg, NULL) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    return np_rps_done(x, NP_RPS_UNREGISTERED, msg);
}

static int np_yealink_status(np_rps_ctx_t *x)
{
    np_xv_t mac = np_xv_str(np_rps_mac(x, NP_MAC_DASH_UPPER));
    const char *msg;
    int ok;
    if (np_rps_xmlrpc(x, "redirect.checkDevice", &mac, 1, &ok, &msg, NULL) != 0)
        return -1;
    return np_rps_done(x, ok ? NP_RPS_REGISTERED : NP_RPS_UNREGISTERED, msg);
}

const np_rps_proto_t np_rps_yealink = { "yealink", np_yealink_reg, np_yealink_unreg, np_yealink_status };
