/* Shared by the protocol files of the redirect services (np_rps_*.c): not for the CLI. */
#ifndef NP_RPS_INT_H
#define NP_RPS_INT_H

#include "np_rps.h"
#include "np_xmlrpc.h"

typedef struct {
    apr_pool_t *p;
    const np_rps_conf_t *c;
    const np_rps_device_t *d;
    int dry_run;
    apr_array_header_t *secrets; /* const char *: masked wherever text is shown */
    np_rps_result_t *r;
    const char *auth_user;       /* what goes into Basic auth (Fanvil hashes the password) */
    const char *auth_password;
} np_rps_ctx_t;

typedef struct {
    const char *service;
    int (*reg)(np_rps_ctx_t *x);
    int (*unreg)(np_rps_ctx_t *x);
    int (*status)(np_rps_ctx_t *x); /* NULL: the service has no lookup */
} np_rps_proto_t;

extern const np_rps_proto_t np_rps_yealink, np_rps_snom, np_rps_fanvil, np_rps_gigaset, np_rps_gateway, np_rps_ymcs,
    np_rps_sraps;

/* One HTTP exchange. 0 with RESP when an answer came; -1 with x->r failed (unreachable); 1 in a dry
 * run, with the request added to x->r->shown. */
int np_rps_http(np_rps_ctx_t *x, const np_http_req_t *rq, np_http_resp_t *resp);

/* One XML-RPC call to the service's endpoint. 0 with the [success, message] reply in *ok and *msg
 * (and the whole value in *raw when RAW is not NULL); -1 with x->r failed (unreachable, refused
 * credentials, an HTTP error, a fault or an answer not understood). A dry run answers *ok = 1. */
int np_rps_xmlrpc(np_rps_ctx_t *x, const char *method, const np_xv_t *params, int n, int *ok, const char **msg,
                  np_xv_t **raw);

/* A JSON exchange: BODY (NULL: none) sent as application/json with the extra HEADERS; the answer's
 * status in *status and its body parsed into *answer (NULL when empty or not JSON). Returns as
 * np_rps_http. */
int np_rps_json(np_rps_ctx_t *x, const char *method, const char *url, const char *const *headers, const char *body,
                const char *user, const char *password, long *status, np_xv_t **answer, np_http_resp_t *resp);

/* N random bytes as 2N lowercase hex digits (OpenSSL's generator); NULL if it fails. */
const char *np_rps_random_hex(apr_pool_t *p, int n);

/* The Hawk 1.0 Authorization header value (HMAC-SHA256) of a request; NULL if it cannot be made. */
const char *np_hawk_header(apr_pool_t *p, const char *id, const char *key, const char *method, const char *url,
                           const char *content_type, const char *body, long ts, const char *nonce);

/* Fills x->r: a failure of kind E with the service's VENDOR_MSG (may be NULL), in clear words. */
int np_rps_fail(np_rps_ctx_t *x, np_rps_err_e e, const char *vendor_msg);
/* Fills x->r with a failure classified from the vendor's message (np_rps_classify). */
int np_rps_refused(np_rps_ctx_t *x, const char *vendor_msg);
int np_rps_done(np_rps_ctx_t *x, np_rps_state_e s, const char *msg);

/* S with every secret replaced by ********. */
const char *np_rps_mask(np_rps_ctx_t *x, const char *s);

/* The MAC in a vendor's spelling. */
const char *np_rps_mac(np_rps_ctx_t *x, int style);

#endif
