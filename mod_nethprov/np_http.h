/* A small HTTP client over libcurl for the vendors' redirect services: one request, bounded in
 * time, retried with backoff when the failure is transient. Proxies come from the environment
 * (https_proxy, no_proxy, ...), as libcurl reads them. No httpd headers. */
#ifndef NP_HTTP_H
#define NP_HTTP_H

#include <stddef.h>
#include <apr_pools.h>
#include <apr_tables.h>

typedef struct {
    long connect_timeout_ms; /* TCP + TLS handshake */
    long timeout_ms;         /* the whole exchange, each attempt */
    int retries;             /* more attempts after a transient failure */
    long backoff_ms;         /* wait before the first retry; doubled for each next one */
} np_http_opts_t;

typedef struct {
    const char *method;       /* "POST", "PUT", "GET", "DELETE" */
    const char *url;
    const char *user;         /* Basic auth when not NULL */
    const char *password;
    const char *content_type; /* of the body; NULL: no body */
    const char *body;
    size_t body_len;
    const char *const *headers; /* more "Name: value" lines, NULL-terminated; may be NULL */
} np_http_req_t;

typedef enum {
    NP_HTTP_OK,          /* an HTTP answer arrived (any status) */
    NP_HTTP_CONNECT,     /* could not connect: refused, no route, name not resolved */
    NP_HTTP_TIMEOUT,     /* no complete answer within the time allowed */
    NP_HTTP_TLS,         /* the TLS handshake or the certificate check failed */
    NP_HTTP_FAILED       /* anything else (bad URL, broken answer) */
} np_http_fail_e;

typedef struct {
    np_http_fail_e fail;
    const char *error;   /* what went wrong, when fail != NP_HTTP_OK */
    long status;         /* HTTP status of the last answer (0: none) */
    char *body;          /* NUL-terminated copy of the answer's body */
    size_t body_len;
    apr_table_t *headers; /* of the last answer */
    int attempts;
} np_http_resp_t;

/* Runs RQ, retrying connection failures, timeouts and the statuses 429, 502, 503 and 504.
 * Returns 0 when an answer arrived (whatever its status), -1 with out->fail and out->error
 * otherwise. Everything is allocated from P. */
int np_http_do(apr_pool_t *p, const np_http_opts_t *o, const np_http_req_t *rq, np_http_resp_t *out);

/* 1 for the statuses worth another attempt. */
int np_http_status_transient(long status);

#endif
