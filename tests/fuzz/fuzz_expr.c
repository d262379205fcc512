/* libFuzzer target: the template expression language. The input is compiled as an expression and as
 * an interpolated string ({EXPR} placeholders), as templates hold them; what compiles is evaluated
 * against a few variables. A compile error must be a message, never a crash (a template is compiled
 * when httpd starts), and evaluation must terminate with a string. */
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include "np_expr.h"
#include "np_fuzz.h"
#include "np_vars.h"

static const np_map_t *np_fz_map(void *baton, const char *name)
{
    const np_map_t *m = baton;
    return strcmp(name, m->name) ? NULL : m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const kv[][2] = {
        { "name", "Rossi" }, { "n", "3" }, { "big", "999999999999999999" }, { "neg", "-7" },
        { "lang", "it" }, { "macv", "00:15:65:AA:BB:CC" }, { "rome", "Europe/Rome" }, { "linekey_type_3", "line" },
    };
    apr_pool_t *p = np_fuzz_pool();
    char *src = apr_pstrmemdup(p, (const char *)data, size);
    np_map_t map = { "language", apr_hash_make(p), "English" };
    np_expr_env_t env;
    np_eval_t ev;
    np_vars_t *vars = np_vars_make(p);
    const char *err = NULL, *v;
    np_expr_t *e;
    np_istr_t *s;
    size_t i;

    apr_hash_set(map.entries, "it", APR_HASH_KEY_STRING, "Italian");
    for (i = 0; i < sizeof kv / sizeof kv[0]; i++)
        np_vars_layer(vars, kv[i][0], kv[i][1], "phone");
    memset(&env, 0, sizeof env);
    env.pool = p;
    env.map_lookup = np_fz_map;
    env.baton = &map;
    env.names_used = apr_hash_make(p);
    env.refs = apr_array_make(p, 4, sizeof(np_ref_t));
    memset(&ev, 0, sizeof ev);
    ev.vars = vars;
    ev.pool = p;

    /* the raw bytes, NULs included: np_expr_compile takes a length */
    if ((e = np_expr_compile(&env, (const char *)data, size, &err)) != NULL) {
        v = np_expr_eval(e, &ev);
        NP_FUZZ_CHECK(v != NULL);
        (void)np_expr_truthy(v);
        (void)np_expr_int(v);
    }
    else
        NP_FUZZ_CHECK(err != NULL && strstr(err, "at column ") != NULL);

    err = NULL;
    if ((s = np_istr_compile(&env, src, &err)) != NULL) {
        int k, n = np_istr_nsegs(s);
        v = np_istr_eval(s, &ev);
        NP_FUZZ_CHECK(v != NULL);
        for (k = 0; k < n; k++) {
            size_t len;
            int brk;
            const char *seg = np_istr_seg(s, k, &ev, &len, &brk);
            NP_FUZZ_CHECK(seg != NULL && strlen(seg) == len);
        }
        (void)np_istr_literal_break(s);
        NP_FUZZ_CHECK(!np_istr_is_const(s) || strcmp(v, src) == 0 || strstr(src, "{{") || strstr(src, "}}"));
    }
    else
        NP_FUZZ_CHECK(err != NULL && strstr(err, "column ") != NULL);
    apr_pool_destroy(p);
    return 0;
}
