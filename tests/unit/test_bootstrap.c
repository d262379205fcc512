/* Token-less bootstrap files (<bootstrap> in brand.xml): parsing, name matching, the variables a
 * bootstrap template sees (only the whitelist), lint holding bootstrap templates to it, and every
 * shipped brand's bootstrap pointing at tok1 and nothing else. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>

#include "np_brand.h"
#include "np_lint.h"
#include "np_render.h"
#include "np_test.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])
#define NP_TB_TOK1 "1111111111aaaaaaaaaa1111111111aaaaaaaaaa"

static const char *np_bt_data(const char *rel)
{
    const char *src = getenv("NP_SRCDIR");
    return apr_pstrcat(np_test_pool, src ? src : "..", "/tests/unit/data/", rel, NULL);
}

static const np_brands_t *np_bt_shipped(void)
{
    np_brands_t *bs = NULL;
    const char *err = NULL;
    ck_assert_msg(np_brands_load(np_test_pool, np_test_templates_dir(), &bs, &err) == 0, "%s", err ? err : "?");
    return bs;
}

static int np_bt_whitelisted(const char *name)
{
    int i;
    if (!strncmp(name, "cap_", 4))
        return 1;
    for (i = 0; np_render_bootstrap_names[i]; i++)
        if (!strcmp(np_render_bootstrap_names[i], name))
            return 1;
    return 0;
}

/* Every shipped brand has bootstraps that render, see only whitelisted variables, and of which one at
 * least names tok1 (Poly's master only names the brand's other bootstrap file). */
START_TEST(test_bootstrap_shipped)
{
    const np_brands_t *bs = np_bt_shipped();
    np_request_t rq = { "https://pbx.example.com/provisioning", "Test UA", NULL };
    int i, j, k;

    ck_assert_int_ge(bs->brands->nelts, 10);
    for (i = 0; i < bs->brands->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)bs->brands->elts)[i];
        const np_model_t *m = &((np_model_t *)b->models->elts)[0];
        np_boot_phone_t bp = { "0004f2aabbcc", b->name, m->name, NP_TB_TOK1 };
        apr_array_header_t *all;
        int named = 0;

        ck_assert_msg(b->bootstraps->nelts >= 1, "brand %s has no <bootstrap>", b->name);
        all = np_vars_sorted(np_render_bootstrap_vars(np_test_pool, b, &bp, &rq), np_test_pool);
        for (k = 0; k < all->nelts; k++) {
            const np_var_entry_t *e = &((np_var_entry_t *)all->elts)[k];
            ck_assert_msg(np_bt_whitelisted(e->name), "bootstrap of %s sees '%s'", b->name, e->name);
        }
        for (j = 0; j < b->bootstraps->nelts; j++) {
            const np_file_t *f = &((np_file_t *)b->bootstraps->elts)[j];
            unsigned char mac[NP_MAC_LEN] = { 0x00, 0x04, 0xf2, 0xaa, 0xbb, 0xcc };
            np_buf_t buf;
            np_sink_t sink;
            const char *err = NULL;

            ck_assert_int_ne(f->has_mac, 0);
            ck_assert_ptr_nonnull(f->tmpl);
            rq.filename = np_file_name_for(np_test_pool, f, mac);
            np_buf_init(&buf, np_test_pool, 256);
            sink = np_buf_sink(&buf);
            ck_assert_msg(np_render_bootstrap(np_test_pool, b, f, &bp, &rq, &sink, &err) == 0, "%s %s: %s", b->name,
                          f->pattern, err ? err : "?");
            named += strstr(apr_pstrmemdup(np_test_pool, buf.data, buf.len), NP_TB_TOK1) != NULL;
        }
        ck_assert_msg(named >= 1, "no bootstrap of %s names tok1", b->name);
    }
}
END_TEST

START_TEST(test_bootstrap_vars)
{
    const np_brand_t *b = np_brands_get(np_bt_shipped(), "yealink");
    np_request_t rq = { "http://10.0.0.1/provisioning", NULL, "805ec0aabbcc.cfg" };
    np_boot_phone_t bp = { "805ec0aabbcc", "yealink", "T46U", NP_TB_TOK1 };
    np_vars_t *v = np_render_bootstrap_vars(np_test_pool, b, &bp, &rq);

    ck_assert_str_eq(np_vars_get(v, "provisioning_url1"), "http://10.0.0.1/provisioning/" NP_TB_TOK1 "/");
    ck_assert_str_eq(np_vars_get(v, "mac"), "805ec0aabbcc");
    ck_assert_str_eq(np_vars_get(v, "model"), "T46U");
    ck_assert_str_eq(np_vars_get(v, "user_agent"), "");
    ck_assert_str_eq(np_vars_get(v, "cap_linekey_count"), "27");
    ck_assert_ptr_null(np_vars_get(v, "tok2"));
    ck_assert_ptr_null(np_vars_get(v, "provisioning_url2"));
    ck_assert_ptr_null(np_vars_get(v, "provisioning_complete"));
    /* a model pending: no capability, model empty */
    bp.model = NULL;
    v = np_render_bootstrap_vars(np_test_pool, b, &bp, &rq);
    ck_assert_str_eq(np_vars_get(v, "model"), "");
    ck_assert_ptr_null(np_vars_get(v, "cap_linekey_count"));
}
END_TEST

static const struct {
    const char *name;
    int match;
    const char *brand;      /* whose bootstrap file serves it (NULL: none) */
} np_bt_names[] = {
    { "805ec0aabbcc.cfg", 1, "yealink" },
    { "805EC0AABBCC.cfg", 1, "yealink" },
    { "805ec0aabbcc.boot", 1, "yealink" },
    { "y000000000000.boot", 0, NULL },      /* no MAC: never a bootstrap */
    { "000000000000.cfg", 0, NULL },        /* the zero MAC is no phone's */
    { "cfg000b82aabbcc.xml", 1, "grandstream" },
    { "0004f2aabbcc-phone.cfg", 1, "poly" },
    { "000413AABBCC.xml", 1, "snom" },
    { "snom-firmware.xml", 0, NULL },
    { "805ec0aabbcc.cfg.bak", 0, NULL },
};

START_TEST(test_bootstrap_match)
{
    const np_brands_t *bs = np_bt_shipped();
    unsigned char mac[NP_MAC_LEN];
    int i;

    ck_assert_int_eq(np_brands_match_bootstrap(bs, np_bt_names[_i].name, mac), np_bt_names[_i].match);
    for (i = 0; i < bs->brands->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)bs->brands->elts)[i];
        const np_file_t *f = np_brand_bootstrap_file(b, np_bt_names[_i].name, b->name[0] == 'p' ? "VVX450" : NULL);
        if (np_bt_names[_i].brand && !strcmp(b->name, np_bt_names[_i].brand))
            ck_assert_msg(f != NULL, "%s: no bootstrap of %s", np_bt_names[_i].name, b->name);
    }
}
END_TEST

/* A bootstrap never replaces the file a token request gets, even under the same name. */
START_TEST(test_bootstrap_apart)
{
    const np_brand_t *b = np_brands_get(np_bt_shipped(), "yealink");
    const np_file_t *normal = np_brand_file(b, "805ec0aabbcc.cfg", "T46U");
    const np_file_t *boot = np_brand_bootstrap_file(b, "805ec0aabbcc.cfg", "T46U");

    ck_assert_ptr_nonnull(normal);
    ck_assert_ptr_nonnull(boot);
    ck_assert_str_eq(normal->template_name, "yealink.cfg.xml");
    ck_assert_str_eq(boot->template_name, "bootstrap.cfg.xml");
    ck_assert_ptr_ne(normal->tmpl, boot->tmpl);
    ck_assert_int_eq(b->files->nelts, 3);
}
END_TEST

START_TEST(test_bootstrap_lint)
{
    static const char *const want[] = {
        /* one message over two lines: parenthesised, since clang's -Wstring-concatenation takes a split
           literal in an array for a missing comma */
        ("acme/boot.xml:4: a bootstrap template reads only mac, brand, model, tok1, base_url, provisioning_url1, "
         "user_agent, filename and the model's cap_*, not 'tok2'"),
        "acme/boot.xml:5: a bootstrap template reads only", /* ... not a computed name starting with 'linekey_value_' */
        "acme/boot.xml:6: a bootstrap template reads only",
        /* a template shared with a file is still held to the whitelist when a bootstrap uses it */
        "acme/acme.xml:3: a bootstrap template reads only",
        "acme/acme.xml:4: a bootstrap template reads only",
    };
    static const char *const names[] = { "'tok2'", "'linekey_value_'", "'provisioning_complete'", "'language'",
                                         "'provisioning_url2'" };
    apr_array_header_t *problems = apr_array_make(np_test_pool, 4, sizeof(const char *));
    const char *dir = np_bt_data("bootstrap-lint");
    np_brands_t *bs = NULL;
    size_t i;

    ck_assert_int_eq(np_brands_check(np_test_pool, dir, &bs, problems), (int)NP_ARRAY_LEN(want));
    for (i = 0; i < NP_ARRAY_LEN(want); i++) {
        const char *got = ((const char **)problems->elts)[i];
        const char *w = apr_pstrcat(np_test_pool, dir, "/", want[i], NULL);
        ck_assert_msg(strncmp(got, w, strlen(w)) == 0, "problem %d: \"%s\" is not \"%s...\"", (int)i, got, w);
        ck_assert_msg(strstr(got, names[i]) != NULL, "problem %d: \"%s\" does not name %s", (int)i, got, names[i]);
    }
}
END_TEST

START_TEST(test_bootstrap_needs_mac)
{
    np_brands_t *bs = NULL;
    const char *err = NULL;
    const char *dir = np_bt_data("bad-bootstrap");
    const char *want = apr_pstrcat(np_test_pool, dir, "/acme/brand.xml:5: a bootstrap name must hold {mac}", NULL);

    ck_assert_int_eq(np_brands_load(np_test_pool, dir, &bs, &err), -1);
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "\"%s\" is not \"%s...\"", err, want);
}
END_TEST

TCase *np_test_bootstrap_tcase(void)
{
    TCase *tc = tcase_create("bootstrap");

    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, test_bootstrap_shipped);
    tcase_add_test(tc, test_bootstrap_vars);
    tcase_add_loop_test(tc, test_bootstrap_match, 0, (int)NP_ARRAY_LEN(np_bt_names));
    tcase_add_test(tc, test_bootstrap_apart);
    tcase_add_test(tc, test_bootstrap_lint);
    tcase_add_test(tc, test_bootstrap_needs_mac);
    return tc;
}
