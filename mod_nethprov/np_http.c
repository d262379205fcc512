/* HTTP over libcurl: see np_http.h. */
#include <string.h>
#include <apr_strings.h>
#include <apr_time.h>
#include <curl/curl.h>
#include "np_config.h"
#include "np_http.h"

/* An answer larger than this is not a redirect service's. */
#define NP_HTTP_MAX_BODY (4 * 1024 * 1024)

typedef struct {
    apr_pool_t *p;
    char *data;
    size_t len, cap;
    int too_big;
} np_http_sink_t;

static size_t np_http_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    np_http_sink_t *s = ud;
    size_t n = size * nmemb;
    if (s->len + n > NP_HTTP_MAX_BODY) {
        s->too_big = 1;
        return 0;
    }
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        char *d;
        while (cap < s->len + n + 1)
            cap *= 2;
        d = apr_palloc(s->p, cap);
        if (s->len)
            memcpy(d, s->data, s->len);
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, ptr, n);
    s->len += n;
    s->data[s->len] = '\0';
    return n;
}

/* Each header line of the answer; a status line starts a new answer. */
static size_t np_http_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    np_http_resp_t *out = ud;
    size_t n = size * nmemb, k;
    const char *colon;
    if (n >= 5 && !memcmp(ptr, "HTTP/", 5)) {
        apr_table_clear(out->headers);
        return n;
    }
    if (!(colon = memchr(ptr, ':', n)))
        return n;
    k = n;
    while (k && (ptr[k - 1] == '\r' || ptr[k - 1] == '\n'))
        k--;
    {
        apr_pool_t *p = apr_table_elts(out->headers)->pool;
        const char *v = colon + 1;
        while (v < ptr + k && (*v == ' ' || *v == '\t'))
            v++;
        apr_table_addn(out->headers, apr_pstrmemdup(p, ptr, (size_t)(colon - ptr)),
                       apr_pstrmemdup(p, v, (size_t)(ptr + k - v)));
    }
    return n;
}

int np_http_status_transient(long status)
{
    return status == 429 || status == 502 || status == 503 || status == 504;
}

static np_http_fail_e np_http_kind(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return NP_HTTP_CONNECT;
    case CURLE_OPERATION_TIMEDOUT:
        return NP_HTTP_TIMEOUT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        return NP_HTTP_TLS;
    default:
        return NP_HTTP_FAILED;
    }
}

static int np_http_once(apr_pool_t *p, CURL *h, const np_http_opts_t *o, const np_http_req_t *rq,
                        np_http_resp_t *out)
{
    np_http_sink_t sink = { p, NULL, 0, 0, 0 };
    struct curl_slist *hdrs = NULL;
    char errbuf[CURL_ERROR_SIZE];
    CURLcode rc;
    int i;

    curl_easy_reset(h);
    errbuf[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, rq->url);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    /* A redirect service must not send our credentials elsewhere. */
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "nethprov/" PACKAGE_VERSION);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, np_http_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    out->headers = apr_table_make(p, 8);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, np_http_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, out);
    if (rq->user) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, rq->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, rq->password ? rq->password : "");
    }
    if (rq->content_type) {
        hdrs = curl_slist_append(hdrs, apr_pstrcat(p, "Content-Type: ", rq->content_type, NULL));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(rq->body ? rq->body_len : 0));
    }
    /* curl would add "Expect: 100-continue" to large bodies; the services do not answer it. */
    hdrs = curl_slist_append(hdrs, "Expect:");
    for (i = 0; rq->headers && rq->headers[i]; i++)
        hdrs = curl_slist_append(hdrs, rq->headers[i]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, rq->method);
    if (!strcmp(rq->method, "GET"))
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);

    rc = curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    out->status = 0;
    if (rc != CURLE_OK) {
        out->fail = sink.too_big ? NP_HTTP_FAILED : np_http_kind(rc);
        out->error = sink.too_big ? "the answer is larger than 4 MiB"
                                  : apr_pstrdup(p, *errbuf ? errbuf : curl_easy_strerror(rc));
        return -1;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    out->fail = NP_HTTP_OK;
    out->error = NULL;
    out->body = sink.data ? sink.data : apr_pstrdup(p, "");
    out->body_len = sink.len;
    return 0;
}

int np_http_do(apr_pool_t *p, const np_http_opts_t *o, const np_http_req_t *rq, np_http_resp_t *out)
{
    static int inited;
    long wait = o->backoff_ms;
    CURL *h;
    int rc;

    if (!inited) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        inited = 1;
    }
    memset(out, 0, sizeof *out);
    if (!(h = curl_easy_init())) {
        out->fail = NP_HTTP_FAILED;
        out->error = "libcurl could not start a request";
        return -1;
    }
    for (;;) {
        out->attempts++;
        rc = np_http_once(p, h, o, rq, out);
        if (out->attempts > o->retries)
            break;
        if (rc == 0 ? !np_http_status_transient(out->status)
                    : out->fail != NP_HTTP_CONNECT && out->fail != NP_HTTP_TIMEOUT)
            break;
        apr_sleep(apr_time_from_msec(wait));
        wait *= 2;
    }
    curl_easy_cleanup(h);
    return rc;
}
