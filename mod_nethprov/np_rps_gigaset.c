/* Gigaset's redirect server, XML-RPC (prov.gigaset.net/apxml/rpc.do). A device is named by its
 * MAC and the 4-character MAC-ID check code printed on its label. */
#include <string.h>
#include <apr_strings.h>
#include "np_mac.h"
#include "np_rps_int.h"

/* The provider label Gigaset records with a registration. */
#define NP_GIGASET_PROVIDER "nethprov"

static int np_gigaset_dereg(np_rps_ctx_t *x, int *ok, const char **msg)
{
    np_xv_t mac = np_xv_str(np_rps_mac(x, NP_MAC_PLAIN_UPPER));
    return np_rps_xmlrpc(x, "autoprov.deregisterDevice", &mac, 1, ok, msg, NULL);
}

static int np_gigaset_reg(np_rps_ctx_t *x)
{
    np_xv_t params[3];
    const char *msg;
    int ok;

    if (!x->d->check_code)
        return np_rps_fail(x, NP_RPS_ERR_INPUT,
                           apr_psprintf(x->p, "the MAC-ID check code of %s is unknown: give the 4 characters after "
                                              "the MAC on the label (XXXXXXXXXXXX-XXXX) with --check-code",
                                        np_rps_mac(x, NP_MAC_COLON)));
    /* A registration replaces any earlier one of this account; a device not registered is fine. */
    if (np_gigaset_dereg(x, &ok, &msg) != 0)
        return -1;
    params[0] = np_xv_str(apr_pstrcat(x->p, np_rps_mac(x, NP_MAC_PLAIN_UPPER), "-", x->d->check_code, NULL));
    params[1] = np_xv_str(x->d->url);
    params[2] = np_xv_str(NP_GIGASET_PROVIDER);
    if (np_rps_xmlrpc(x, "autoprov.registerDevice", params, 3, &ok, &msg, NULL) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    return np_rps_done(x, NP_RPS_REGISTERED, msg);
}

static int np_gigaset_unreg(np_rps_ctx_t *x)
{
    const char *msg;
    int ok;
    if (np_gigaset_dereg(x, &ok, &msg) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    return np_rps_done(x, NP_RPS_UNREGISTERED, msg);
}

const np_rps_proto_t np_rps_gigaset = { "gigaset", np_gigaset_reg, np_gigaset_unreg, NULL };
