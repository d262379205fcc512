/* libFuzzer target: the JSON reader of the redirect services' answers (np_json_parse). Whatever it
 * accepts holds only UTF-8 strings without NUL, integers exactly as written, and strings that
 * np_json_quote writes back into JSON it reads as the same string. */
#include <string.h>
#include <apr_strings.h>
#include "np_fuzz.h"
#include "np_json.h"

static void np_fz_walk(apr_pool_t *p, const np_xv_t *v, int depth)
{
    int i;
    NP_FUZZ_CHECK(depth <= 40);
    switch (v->type) {
    case NP_XV_STRING: {
        const char *q = np_json_quote(p, v->s), *err = NULL;
        np_xv_t *back = NULL;
        NP_FUZZ_CHECK(np_fuzz_utf8((const unsigned char *)v->s, strlen(v->s)));
        NP_FUZZ_CHECK(np_json_parse(p, q, strlen(q), &back, &err) == 0);
        NP_FUZZ_CHECK(back->type == NP_XV_STRING && !strcmp(back->s, v->s));
        break;
    }
    case NP_XV_INT:
        /* no clamping: the value prints as the text it was read from ("-0" aside) */
        NP_FUZZ_CHECK(!strcmp(apr_ltoa(p, v->i), v->s) || !strcmp(v->s, "-0"));
        break;
    case NP_XV_ARRAY:
    case NP_XV_STRUCT:
        for (i = 0; i < v->n; i++) {
            if (v->type == NP_XV_STRUCT)
                NP_FUZZ_CHECK(v->names[i] && np_fuzz_utf8((const unsigned char *)v->names[i], strlen(v->names[i])));
            np_fz_walk(p, &v->items[i], depth + 1);
        }
        break;
    default:
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = np_fuzz_pool();
    /* exactly SIZE bytes on the heap: a read past the end is an ASan error */
    const char *text = apr_pmemdup(p, data, size ? size : 1), *err = NULL;
    np_xv_t *v = NULL;

    if (np_json_parse(p, text, size, &v, &err) == 0) {
        NP_FUZZ_CHECK(v != NULL);
        np_fz_walk(p, v, 0);
    }
    else
        NP_FUZZ_CHECK(err != NULL && !strncmp(err, "at byte ", 8));
    apr_pool_destroy(p);
    return 0;
}
