/* Fanvil's FDPS (also NethPhones), XML-RPC over plain HTTP. Basic auth carries
 * md5_hex(md5_hex(password)), not the password. A registration is a "material server" named by
 * the MAC that holds the provisioning server, path and protocol, and the device bound to it. */
#include <string.h>
#include <apr_strings.h>
#include <apr_uri.h>
#include <openssl/evp.h>
#include "np_mac.h"
#include "np_rps_int.h"

static const char *np_md5_hex(apr_pool_t *p, const char *s)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    char *hex;
    if (!EVP_Digest(s, strlen(s), d, &n, EVP_md5(), NULL))
        return NULL;
    hex = apr_palloc(p, 2 * n + 1);
    for (i = 0; i < n; i++)
        apr_snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return hex;
}

static int np_fanvil_auth(np_rps_ctx_t *x)
{
    const char *once = np_md5_hex(x->p, x->c->password);
    x->auth_password = once ? np_md5_hex(x->p, once) : NULL;
    if (!x->auth_password)
        return np_rps_fail(x, NP_RPS_ERR_VENDOR, "OpenSSL cannot compute MD5 here (FIPS mode?)");
    *(const char **)apr_array_push(x->secrets) = x->auth_password;
    return 0;
}

/* A call whose failure, when it is the service's answer, is ignored: the thing to remove may not exist. */
static int np_fanvil_quiet(np_rps_ctx_t *x, const char *method)
{
    np_xv_t mac = np_xv_str(np_rps_mac(x, NP_MAC_PLAIN_UPPER));
    const char *msg;
    int ok;
    if (np_rps_xmlrpc(x, method, &mac, 1, &ok, &msg, NULL) != 0)
        return -1;
    return 0;
}

static int np_fanvil_reg(np_rps_ctx_t *x)
{
    const char *mac = np_rps_mac(x, NP_MAC_PLAIN_UPPER), *prot, *msg;
    np_xv_t items[7], arr, params[2];
    apr_uri_t u;
    int ok;

    if (np_fanvil_auth(x) != 0)
        return -1;
    if (apr_uri_parse(x->p, x->d->url, &u) != APR_SUCCESS || !u.scheme || !u.hostname)
        return np_rps_fail(x, NP_RPS_ERR_URL, "the provisioning URL cannot be parsed");
    prot = !strcasecmp(u.scheme, "ftp") ? "1" : !strcasecmp(u.scheme, "tftp") ? "2"
         : !strcasecmp(u.scheme, "http") ? "4" : !strcasecmp(u.scheme, "https") ? "5" : NULL;
    if (!prot)
        return np_rps_fail(x, NP_RPS_ERR_URL, apr_psprintf(x->p, "scheme %s: FDPS knows ftp, tftp, http and https", u.scheme));

    if (np_fanvil_quiet(x, "redirect.deleteServer") != 0)
        return -1;
    items[0] = np_xv_str(apr_pstrcat(x->p, "cfgName=", mac, NULL));
    items[1] = np_xv_str("cfgPfMode=1");
    items[2] = np_xv_str("cfgDhcpOpt=false");
    items[3] = np_xv_str("cfgPnpEnable=false");
    items[4] = np_xv_str(apr_pstrcat(x->p, "cfgPfSrv=", u.hostname, u.port_str ? ":" : "", u.port_str, NULL));
    items[5] = np_xv_str(apr_pstrcat(x->p, "cfgPfName=", u.path ? u.path + (*u.path == '/') : "", NULL));
    items[6] = np_xv_str(apr_pstrcat(x->p, "cfgPfProt=", prot, NULL));
    arr = np_xv_array(items, 7);
    if (np_rps_xmlrpc(x, "redirect.addMaterialServer", &arr, 1, &ok, &msg, NULL) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    if (np_fanvil_quiet(x, "redirect.deRegisterDevice") != 0)
        return -1;
    params[0] = np_xv_str(mac);
    params[1] = np_xv_str(mac);
    if (np_rps_xmlrpc(x, "redirect.registerDevice", params, 2, &ok, &msg, NULL) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    return np_rps_done(x, NP_RPS_REGISTERED, msg);
}

static int np_fanvil_unreg(np_rps_ctx_t *x)
{
    np_xv_t mac;
    const char *msg;
    int ok;
    if (np_fanvil_auth(x) != 0)
        return -1;
    mac = np_xv_str(np_rps_mac(x, NP_MAC_PLAIN_UPPER));
    if (np_rps_xmlrpc(x, "redirect.deRegisterDevice", &mac, 1, &ok, &msg, NULL) != 0)
        return -1;
    if (!ok)
        return np_rps_refused(x, msg);
    if (np_fanvil_quiet(x, "redirect.deleteServer") != 0)
        return -1;
    return np_rps_done(x, NP_RPS_UNREGISTERED, msg);
}

const np_rps_proto_t np_rps_fanvil = { "fanvil", np_fanvil_reg, np_fanvil_unreg, NULL };
