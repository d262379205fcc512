/* Memoised blocks must never change a byte: every render through the memo is compared with a
 * plain render of the same inputs, over a sequence of phones that share, override and change
 * what the blocks read. */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "np_test.h"
#include "np_brand.h"
#include "np_memo.h"
#include "np_render.h"

typedef struct {
    const char *name, *value, *level;
} np_tm_set_t;

/* A phone of model T46U with the given extra settings (levels in order). */
static np_phone_t np_tm_phone(const char *mac, const char *tok2, const np_tm_set_t *sets, int n)
{
    np_phone_t ph;
    int i;
    memset(&ph, 0, sizeof ph);
    ph.mac = mac;
    ph.brand = "yealink";
    ph.model = "T46U";
    ph.via = 2;
    ph.tok2 = tok2;
    ph.names = apr_palloc(np_test_pool, sizeof(char *) * (size_t)(n + 1));
    ph.values = apr_palloc(np_test_pool, sizeof(char *) * (size_t)(n + 1));
    ph.levels = apr_palloc(np_test_pool, sizeof(char *) * (size_t)(n + 1));
    for (i = 0; i < n; i++) {
        ph.names[i] = sets[i].name;
        ph.values[i] = sets[i].value;
        ph.levels[i] = sets[i].level;
    }
    ph.nsettings = n;
    return ph;
}

static const char *np_tm_render(const np_brand_t *b, const np_phone_t *ph, np_memo_t *memo)
{
    np_request_t rq = { "https://pbx.example.com/provisioning", "UA", NULL };
    const np_file_t *f = np_brand_main_file(b, ph->model);
    np_vars_t *v;
    np_buf_t buf;
    np_sink_t sink;
    const char *err = NULL;

    ck_assert_ptr_nonnull(f);
    v = np_render_vars(np_test_pool, b, ph, &rq);
    np_buf_init(&buf, np_test_pool, 0);
    sink = np_buf_sink(&buf);
    ck_assert_msg(np_render_file_memo(np_test_pool, f, v, &sink, memo, &err) == 0, "render failed: %s", err);
    return buf.data;
}

START_TEST(test_memo_same_bytes)
{
    np_brands_t *bs;
    const np_brand_t *b;
    const char *err;
    np_memo_t *memo = np_memo_create();
    unsigned long hits, misses;
    static const np_tm_set_t base[] = {
        { "language", "it", "default" }, { "timezone", "Europe/Rome", "default" }, { "hostname", "pbx", "default" },
        { "account_username_1", "201", "device" }, { "account_password_1", "s3cret", "device" },
        { "account_display_name_1", "Alice", "device" }, { "account_extension_1", "201", "device" },
    };
    static const np_tm_set_t with_expkey[] = {
        { "language", "it", "default" }, { "timezone", "Europe/Rome", "default" }, { "hostname", "pbx", "default" },
        { "account_username_1", "202", "device" }, { "account_password_1", "other", "device" },
        { "expkey_type_5", "blf", "phone" }, { "expkey_value_5", "201", "phone" }, { "expkey_label_5", "Alice", "phone" },
    };
    static const np_tm_set_t model_change[] = {
        { "language", "it", "default" }, { "timezone", "Europe/Rome", "default" }, { "hostname", "pbx", "default" },
        { "expkey_type_7", "speed_dial", "model" }, { "expkey_value_7", "0612345678", "model" },
        { "account_username_1", "203", "device" },
    };
    static const np_tm_set_t default_change[] = {
        { "language", "en", "default" }, { "timezone", "America/New_York", "default" }, { "hostname", "pbx2", "default" },
        { "pickup_direct", "**", "default" }, { "account_username_1", "204", "device" },
    };
    struct {
        const char *mac, *tok;
        const np_tm_set_t *sets;
        int n;
    } seq[] = {
        { "001565000001", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1", base, 7 },
        { "001565000002", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2", base, 7 },
        { "001565000003", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3", with_expkey, 8 },
        { "001565000004", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4", base, 7 },
        { "001565000005", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa5", model_change, 6 },
        { "001565000006", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa6", default_change, 5 },
        { "001565000007", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa7", base, 7 },
        { "001565000008", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa8", with_expkey, 8 },
    };
    int i;

    ck_assert_int_eq(np_brands_load(np_test_pool, np_test_templates_dir(), &bs, &err), 0);
    b = np_brands_get(bs, "yealink");
    ck_assert_ptr_nonnull(b);
    for (i = 0; i < (int)(sizeof seq / sizeof seq[0]); i++) {
        np_phone_t ph = np_tm_phone(seq[i].mac, seq[i].tok, seq[i].sets, seq[i].n);
        const char *plain = np_tm_render(b, &ph, NULL);
        const char *memoed = np_tm_render(b, &ph, memo);
        ck_assert_msg(strcmp(plain, memoed) == 0, "phone %d: the memo changed the output", i + 1);
        /* and a second time, now certainly from the memo where it applies */
        ck_assert_msg(strcmp(plain, np_tm_render(b, &ph, memo)) == 0, "phone %d: the memo's reuse changed the output",
                      i + 1);
    }
    /* the phone with an expansion key really shows it, so that test above had something to catch */
    {
        np_phone_t ph = np_tm_phone(seq[2].mac, seq[2].tok, seq[2].sets, seq[2].n);
        ck_assert_ptr_nonnull(strstr(np_tm_render(b, &ph, memo), "expansion_module.1.key.5.value = 201\n"));
    }
    np_memo_stats(memo, &hits, &misses);
    ck_assert_msg(hits > misses, "the memo was hardly used: %lu hits, %lu misses", hits, misses);
    np_memo_destroy(memo);
}
END_TEST

/* A block that reads a name bound outside it (np:let) is reused only while that value is the same. */
START_TEST(test_memo_outer_let)
{
    static const char src[] =
        "<np:template xmlns:np=\"urn:nethprov:template:1\" writer=\"lines\">"
        "<np:let name=\"who\" value=\"user ~ '!'\"/>"
        "<np:block><np:kv key=\"greeting\">{who} {shared}</np:kv></np:block>"
        "</np:template>";
    np_expr_env_t env;
    const char *err = NULL, *users[] = { "ann", "bob", "ann" };
    np_tmpl_t *t;
    np_memo_t *memo = np_memo_create();
    int i;

    memset(&env, 0, sizeof env);
    env.pool = np_test_pool;
    t = np_tmpl_compile_mem(&env, "t.xml", src, sizeof src - 1, &err);
    ck_assert_msg(t != NULL, "%s", err);
    for (i = 0; i < 3; i++) {
        np_vars_t *v = np_vars_make(np_test_pool);
        np_memo_req_t mrq;
        np_buf_t buf;
        np_sink_t sink;
        np_vars_layer(v, "shared", "hi", "default");
        np_vars_layer(v, "user", users[i], "phone");
        mrq.shared_fp = np_vars_split(v, np_test_pool, &mrq.specific, &mrq.nspecific);
        np_buf_init(&buf, np_test_pool, 0);
        sink = np_buf_sink(&buf);
        ck_assert_int_eq(np_tmpl_render_memo(t, v, np_test_pool, &sink, memo, &mrq, &err), 0);
        ck_assert_str_eq(buf.data, apr_psprintf(np_test_pool, "greeting = %s! hi\n", users[i]));
    }
    np_memo_destroy(memo);
}
END_TEST

TCase *np_test_memo_tcase(void)
{
    TCase *tc = tcase_create("memo");
    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, test_memo_same_bytes);
    tcase_add_test(tc, test_memo_outer_let);
    return tc;
}
