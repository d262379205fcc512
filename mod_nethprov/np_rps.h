/* The vendors' redirect services (RPS): tell a vendor's cloud which URL a phone of that brand must
 * fetch when it first boots. One interface over every protocol: register, unregister and check one
 * MAC. No httpd headers. */
#ifndef NP_RPS_H
#define NP_RPS_H

#include <apr_hash.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include "np_http.h"

typedef enum {
    NP_RPS_REGISTERED,
    NP_RPS_UNREGISTERED,
    NP_RPS_FAILED,
    NP_RPS_NOT_SUPPORTED,
    NP_RPS_NOT_CONFIGURED
} np_rps_state_e;

/* Why a call failed; the message says it in words. */
typedef enum {
    NP_RPS_ERR_NONE,
    NP_RPS_ERR_OWNED,       /* the MAC belongs to another account at the service */
    NP_RPS_ERR_MAC,         /* the service does not accept the MAC */
    NP_RPS_ERR_URL,         /* the service does not accept the URL */
    NP_RPS_ERR_AUTH,        /* the service refused the credentials */
    NP_RPS_ERR_UNREACHABLE, /* no answer: connection, timeout, TLS */
    NP_RPS_ERR_INPUT,       /* something the service needs is missing here (e.g. a check code) */
    NP_RPS_ERR_VENDOR       /* any other refusal or an answer not understood */
} np_rps_err_e;

typedef enum { NP_RPS_REGISTER, NP_RPS_UNREGISTER, NP_RPS_STATUS } np_rps_op_e;

/* How one brand's phones are registered. */
typedef struct {
    const char *brand;    /* the phone's brand */
    const char *service;  /* the vendor service: yealink, snom, fanvil, gigaset */
    const char *mode;     /* xmlrpc: the vendor's own API; gateway: a Falconieri-style gateway */
    const char *url;      /* the endpoint called (the vendor's, or the gateway's base URL) */
    const char *user;
    const char *password;
    const char *keys;     /* the configuration keys that hold the credentials, for messages */
    np_http_opts_t http;
} np_rps_conf_t;

typedef struct {
    const char *mac;        /* 12 lowercase hex digits */
    const char *url;        /* what the phone must fetch (see np_rps_url) */
    const char *check_code; /* Gigaset: the MAC-ID check code from the label; NULL if unknown */
} np_rps_device_t;

typedef struct {
    np_rps_state_e state;
    np_rps_err_e err;
    const char *message;       /* what happened, secrets masked */
    const char *warning;       /* e.g. a plain-HTTP service; NULL if none */
    apr_array_header_t *shown; /* dry run: each request (const char *), secrets masked */
} np_rps_result_t;

const char *np_rps_state_name(np_rps_state_e s);

/* The settings of BRAND from the rps.* keys of the configuration file (KEYS: name -> value).
 * Returns NP_RPS_REGISTERED when the brand can be registered (OUT filled), NP_RPS_NOT_SUPPORTED or
 * NP_RPS_NOT_CONFIGURED with *why, or -1 when a key's value is wrong (*why names it). */
int np_rps_conf_for_brand(apr_pool_t *p, apr_hash_t *keys, const char *brand, np_rps_conf_t *out,
                          const char **why);

/* The URL registered for a phone: its tok1 URL (BASE/TOK1/) plus the file name the brand's phones
 * request, with the placeholder the phone expands (Snom {mac}.xml, Fanvil $mac.cfg, Gigaset
 * %MACD.xml; nothing for Yealink). */
const char *np_rps_url(apr_pool_t *p, const char *service, const char *base_url, const char *tok1);

/* Runs OP for one device. SECRETS (NULL-terminated, may be NULL) are masked in every message and
 * in what a DRY_RUN shows; the password is always masked. DRY_RUN sends nothing: r->shown holds
 * the requests. Returns 0 when the service did what was asked, -1 otherwise (r says why). */
int np_rps_run(apr_pool_t *p, const np_rps_conf_t *c, np_rps_op_e op, const np_rps_device_t *d, int dry_run,
               const char *const *secrets, np_rps_result_t *r);

/* The category of a vendor's error message (see the services' documented errors). */
np_rps_err_e np_rps_classify(const char *service, const char *vendor_msg);

#endif
