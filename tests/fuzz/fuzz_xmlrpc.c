/* libFuzzer target: the XML-RPC answer decoder (np_xmlrpc_parse). An answer may come from anyone on
 * the path (Fanvil's service is plain HTTP): nothing it says may expand (the decoded text is never
 * longer than the answer), and what it decodes to must survive encoding and decoding again. */
#include <string.h>
#include <apr_strings.h>
#include "np_fuzz.h"
#include "np_xmlrpc.h"

/* The text a value holds, in bytes; *cr set when a string holds a CR (which XML's line-end handling
 * reads back as LF, so such a value is left out of the round trip). */
static size_t np_fz_text(const np_xv_t *v, int *cr)
{
    size_t n = 0;
    int i;
    if (v->s) {
        n += strlen(v->s);
        *cr |= strchr(v->s, '\r') != NULL;
    }
    for (i = 0; (v->type == NP_XV_ARRAY || v->type == NP_XV_STRUCT) && i < v->n; i++) {
        if (v->type == NP_XV_STRUCT) {
            n += strlen(v->names[i]);
            *cr |= strchr(v->names[i], '\r') != NULL;
        }
        n += np_fz_text(&v->items[i], cr);
    }
    return n;
}

static int np_fz_same(const np_xv_t *a, const np_xv_t *b)
{
    int i;
    if (a->type != b->type || a->n != b->n || ((a->type == NP_XV_INT || a->type == NP_XV_BOOL) && a->i != b->i))
        return 0;
    if ((a->type == NP_XV_STRING || a->type == NP_XV_DOUBLE) && strcmp(a->s, b->s))
        return 0;
    for (i = 0; (a->type == NP_XV_ARRAY || a->type == NP_XV_STRUCT) && i < a->n; i++)
        if ((a->type == NP_XV_STRUCT && strcmp(a->names[i], b->names[i])) || !np_fz_same(&a->items[i], &b->items[i]))
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = np_fuzz_pool();
    const char *body = apr_pmemdup(p, data, size ? size : 1), *fs = NULL, *err = NULL;
    np_xv_t *v = NULL, *back = NULL;
    long code = 0;
    int cr = 0;

    switch (np_xmlrpc_parse(p, body, size, &v, &code, &fs, &err)) {
    case NP_XMLRPC_RESULT: {
        /* the value as a call's parameter, then that call made an answer again */
        const char *call = np_xmlrpc_call(p, "m", v, 1), *head = "<methodCall><methodName>m</methodName><params>";
        const char *at = strstr(call, head), *tail;
        char *answer;
        NP_FUZZ_CHECK(np_fz_text(v, &cr) <= size);
        if (cr)
            break;
        NP_FUZZ_CHECK(at != NULL && (tail = strstr(at, "</params></methodCall>")) != NULL);
        answer = apr_psprintf(p, "<methodResponse><params>%.*s</params></methodResponse>",
                              (int)(tail - at - strlen(head)), at + strlen(head));
        NP_FUZZ_CHECK(np_xmlrpc_parse(p, answer, strlen(answer), &back, &code, &fs, &err) == NP_XMLRPC_RESULT);
        NP_FUZZ_CHECK(np_fz_same(v, back));
        break;
    }
    case NP_XMLRPC_FAULT:
        NP_FUZZ_CHECK(fs != NULL && strlen(fs) <= size);
        break;
    default:
        NP_FUZZ_CHECK(err != NULL && *err);
        break;
    }
    if (v) {
        int ok;
        const char *msg;
        (void)np_xmlrpc_pair(v, &ok, &msg);
    }
    apr_pool_destroy(p);
    return 0;
}
