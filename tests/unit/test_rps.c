/* The redirect services' common part: configuration per brand, the URL registered, error mapping,
 * and what a dry run shows (secrets masked). Nothing here touches the network. */
#include <string.h>
#include <apr_strings.h>
#include "np_json.h"
#include "np_rps_int.h"
#include "np_test.h"

static apr_hash_t *np_t_keys(const char *const *kv)
{
    apr_hash_t *h = apr_hash_make(np_test_pool);
    for (; kv && *kv; kv += 2)
        apr_hash_set(h, kv[0], APR_HASH_KEY_STRING, kv[1]);
    return h;
}

START_TEST(np_rps_conf_brands)
{
    static const char *const kv[] = { "rps.snom.user", "u", "rps.snom.password", "p", "rps.fanvil.user", "f",
                                      "rps.fanvil.password", "fp", "rps.gigaset.mode", "gateway", "rps.gateway.user", "g",
                                      "rps.gateway.password", "gp", "rps.timeout", "2.5", "rps.retries", "0", NULL };
    apr_hash_t *h = np_t_keys(kv);
    np_rps_conf_t c;
    const char *why = NULL;

    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, h, "snom", &c, &why), NP_RPS_REGISTERED);
    ck_assert_str_eq(c.service, "snom");
    ck_assert_str_eq(c.mode, "xmlrpc");
    ck_assert_str_eq(c.url, "https://secure-provisioning.snom.com:8083/xmlrpc/");
    ck_assert_int_eq(c.http.timeout_ms, 2500);
    ck_assert_int_eq(c.http.connect_timeout_ms, 5000);
    ck_assert_int_eq(c.http.retries, 0);
    /* NethPhones use Fanvil's service and its credentials */
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, h, "nethesis", &c, &why), NP_RPS_REGISTERED);
    ck_assert_str_eq(c.service, "fanvil");
    ck_assert_str_eq(c.user, "f");
    ck_assert_str_eq(c.url, "http://fdps.fanvil.com/xmlrpc.php");
    /* gateway mode: the gateway's URL and credentials */
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, h, "gigaset", &c, &why), NP_RPS_REGISTERED);
    ck_assert_str_eq(c.mode, "gateway");
    ck_assert_str_eq(c.url, "https://rps.nethesis.it");
    ck_assert_str_eq(c.user, "g");
    /* no credentials: not configured, and the message names the keys */
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, h, "yealink", &c, &why), NP_RPS_NOT_CONFIGURED);
    ck_assert_ptr_nonnull(strstr(why, "rps.yealink.user and rps.yealink.password"));
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, NULL, "yealink", &c, &why), NP_RPS_NOT_CONFIGURED);
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, h, "grandstream", &c, &why), NP_RPS_NOT_SUPPORTED);
    /* Gigaset Pro P: GRAPE, the SRAPS protocol at Gigaset */
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, h, "gigasetp", &c, &why), NP_RPS_NOT_CONFIGURED);
    ck_assert_ptr_nonnull(strstr(why, "rps.grape.user and rps.grape.password"));
    {
        static const char *const g[] = { "rps.grape.user", "id", "rps.grape.password", "key", NULL };
        ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(g), "gigasetp", &c, &why), NP_RPS_REGISTERED);
        ck_assert_str_eq(c.service, "grape");
        ck_assert_str_eq(c.mode, "grape");
        ck_assert_str_eq(c.url, "https://api.grape.gigaset.net/api/v1/");
    }
}
END_TEST

START_TEST(np_rps_conf_errors)
{
    static const char *const mode[] = { "rps.snom.mode", "hawk", NULL };
    static const char *const fmode[] = { "rps.fanvil.mode", "ymcs", NULL };
    static const char *const url[] = { "rps.snom.url", "ftp://x/", NULL };
    static const char *const timeout[] = { "rps.timeout", "0", NULL };
    static const char *const retries[] = { "rps.retries", "two", NULL };
    static const char *const nan_timeout[] = { "rps.connect_timeout", "nan", NULL };
    np_rps_conf_t c;
    const char *why;
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(mode), "snom", &c, &why), -1);
    ck_assert_str_eq(why, "rps.snom.mode = hawk: expected xmlrpc, sraps or gateway");
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(fmode), "fanvil", &c, &why), -1);
    ck_assert_str_eq(why, "rps.fanvil.mode = ymcs: expected xmlrpc or gateway");
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(url), "snom", &c, &why), -1);
    ck_assert_str_eq(why, "rps.snom.url = ftp://x/: expected an http:// or https:// URL");
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(timeout), "snom", &c, &why), -1);
    ck_assert_str_eq(why, "rps.timeout = 0: expected a number from 0.1 to 600");
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(retries), "snom", &c, &why), -1);
    ck_assert_str_eq(why, "rps.retries = two: expected a number from 0 to 10");
    /* keys that did not come through np_conf_parse: a NaN fails the range check too */
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(nan_timeout), "snom", &c, &why), -1);
    ck_assert_str_eq(why, "rps.connect_timeout = nan: expected a number from 0.1 to 600");
}
END_TEST

START_TEST(np_rps_urls)
{
    const char *b = "https://pbx/provisioning";
    ck_assert_str_eq(np_rps_url(np_test_pool, "yealink", b, "t1"), "https://pbx/provisioning/t1/");
    ck_assert_str_eq(np_rps_url(np_test_pool, "snom", b, "t1"), "https://pbx/provisioning/t1/{mac}.xml");
    ck_assert_str_eq(np_rps_url(np_test_pool, "fanvil", b, "t1"), "https://pbx/provisioning/t1/$mac.cfg");
    ck_assert_str_eq(np_rps_url(np_test_pool, "gigaset", b, "t1"), "https://pbx/provisioning/t1/%MACD.xml");
    ck_assert_str_eq(np_rps_url(np_test_pool, "grape", b, "t1"), "https://pbx/provisioning/t1/{mac}.xml");
}
END_TEST

static const struct {
    const char *service, *msg;
    np_rps_err_e err;
} np_t_map[] = {
    { "snom", "Error:owned_by_other_user", NP_RPS_ERR_OWNED },
    { "snom", "Error:malformed_mac", NP_RPS_ERR_MAC },
    { "snom", "Error:malformed_url", NP_RPS_ERR_URL },
    { "fanvil", "Error: device_had_existed", NP_RPS_ERR_OWNED },
    { "fanvil", "Error: mac_format_error", NP_RPS_ERR_MAC },
    { "fanvil", "Error: url_format_error", NP_RPS_ERR_URL },
    { "gigaset", "mac_already_in_use: 7C2F80000001", NP_RPS_ERR_OWNED },
    { "gigaset", "mac_not_exist: 7C2F80000001-AB12", NP_RPS_ERR_MAC },
    { "gigaset", "url_invalid: x", NP_RPS_ERR_URL },
    { "gigaset", "something: mac_already_in_use:", NP_RPS_ERR_VENDOR },
    { "yealink", "Error:a1b2c3d4e5", NP_RPS_ERR_OWNED },
    { "yealink", "Error:The url can only begin with 'http://'", NP_RPS_ERR_URL },
    { "yealink", "Error:Invalid MAC format", NP_RPS_ERR_VENDOR },
    { "yealink", "Err", NP_RPS_ERR_VENDOR },
    { "gateway", "device_owned_by_other_user", NP_RPS_ERR_OWNED },
    { "gateway", "malformed_mac_address", NP_RPS_ERR_MAC },
    { "gateway", "unsupported_url_scheme", NP_RPS_ERR_URL },
    { "gateway", "connection_to_remote_provider_failed", NP_RPS_ERR_UNREACHABLE },
    { "gateway", "missing_mac-id_crc", NP_RPS_ERR_INPUT },
    { "snom", NULL, NP_RPS_ERR_VENDOR },
    { "ymcs", "HTTP 400, code 800004: device belongs to another organization", NP_RPS_ERR_OWNED },
    { "ymcs", "800001 invalid mac", NP_RPS_ERR_MAC },
    { "sraps", "HTTP 403: taken_mac_or_forbidden", NP_RPS_ERR_OWNED },
    { "sraps", "HTTP 401: Hawk authentication failed", NP_RPS_ERR_AUTH },
};

START_TEST(np_rps_error_mapping)
{
    ck_assert_int_eq(np_rps_classify(np_t_map[_i].service, np_t_map[_i].msg), np_t_map[_i].err);
}
END_TEST

START_TEST(np_rps_dry_run_masks)
{
    static const char *const kv[] = { "rps.fanvil.user", "acct", "rps.fanvil.password", "pw-secret", NULL };
    const char *secrets[] = { "0123456789abcdef0123456789abcdef01234567", NULL };
    np_rps_device_t d = { "0c383e000001", NULL, NULL };
    np_rps_conf_t c;
    np_rps_result_t r;
    const char *why;
    int i;

    d.url = np_rps_url(np_test_pool, "fanvil", "http://pbx:8080/provisioning", secrets[0]);
    ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(kv), "fanvil", &c, &why), NP_RPS_REGISTERED);
    ck_assert_int_eq(np_rps_run(np_test_pool, &c, NP_RPS_REGISTER, &d, 1, secrets, &r), 0);
    ck_assert_int_eq(r.shown->nelts, 4);
    ck_assert_ptr_nonnull(r.warning); /* FDPS is plain HTTP */
    ck_assert_ptr_nonnull(strstr(((const char **)r.shown->elts)[1], "cfgPfName=provisioning/********/$mac.cfg"));
    ck_assert_ptr_nonnull(strstr(((const char **)r.shown->elts)[1], "cfgPfSrv=pbx:8080"));
    ck_assert_ptr_nonnull(strstr(((const char **)r.shown->elts)[1], "cfgPfProt=4"));
    for (i = 0; i < r.shown->nelts; i++) {
        const char *s = ((const char **)r.shown->elts)[i];
        ck_assert_ptr_null(strstr(s, secrets[0]));
        ck_assert_ptr_null(strstr(s, "pw-secret"));
        ck_assert_ptr_null(strstr(s, "Basic YW")); /* no encoded credentials either */
        ck_assert_ptr_nonnull(strstr(s, "(user acct, password ********)"));
    }
    /* Gigaset without its check code: refused before anything is sent */
    {
        static const char *const gk[] = { "rps.gigaset.user", "a", "rps.gigaset.password", "b", NULL };
        np_rps_device_t g = { "7c2f80000001", "https://pbx/p/t/%MACD.xml", NULL };
        ck_assert_int_eq(np_rps_conf_for_brand(np_test_pool, np_t_keys(gk), "gigaset", &c, &why), NP_RPS_REGISTERED);
        ck_assert_int_eq(np_rps_run(np_test_pool, &c, NP_RPS_REGISTER, &g, 1, NULL, &r), -1);
        ck_assert_int_eq(r.err, NP_RPS_ERR_INPUT);
        ck_assert_int_eq(r.shown->nelts, 0);
        g.check_code = "AB12";
        ck_assert_int_eq(np_rps_run(np_test_pool, &c, NP_RPS_REGISTER, &g, 1, NULL, &r), 0);
        ck_assert_ptr_nonnull(strstr(((const char **)r.shown->elts)[1], "<string>7C2F80000001-AB12</string>"));
    }
}
END_TEST

/* Expected values computed with Python's hmac and hashlib from the algorithm in the docs. */
START_TEST(np_rps_hawk)
{
    const char *key = "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn";
    ck_assert_str_eq(np_hawk_header(np_test_pool, "dh37fgj492je", key, "PUT",
                                    "https://Example.COM:8443/api/v1/endpoints/000413aabbcc?x=1",
                                    "application/json; charset=utf-8", "{\"a\":1}", 1353832234L, "j4h3g2"),
                     "Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", "
                     "hash=\"qKG2AtsqLMhIdy7+OrxWG0bU8wTDncYSW0gmNukAKpI=\", mac=\"f1hCr0XkWnjSL1/CbMykLcEtag9C6zzrhHnfCqTstJ0=\"");
    /* a GET: empty content type and payload; the default port of https */
    ck_assert_str_eq(np_hawk_header(np_test_pool, "dh37fgj492je", key, "GET", "https://example.com/resource/1?b=1&a=2", "",
                                    NULL, 1353832234L, "j4h3g2"),
                     "Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", "
                     "hash=\"B0weSUXsMcb5UhL41FZbrUJCAotzSI3HawE1NPLRUz8=\", mac=\"id1AjnGcpDUyoKvmFTXT3rYdMcdxAde98JyzT6W+Zew=\"");
}
END_TEST

START_TEST(np_rps_json_reader)
{
    np_xv_t *v;
    const char *err = NULL;
    const np_xv_t *e;
    const char *doc = " {\"total\":1, \"failureCount\": 0, \"ok\": true, \"n\": null, \"x\": -1.5e3,"
                      " \"errors\": [{\"mac\": \"805ec0aabbcc\", \"errorInfo\": \"a\\\"b\\u00e8\\n\"}], \"e\": {}, \"a\": []} ";
    ck_assert_int_eq(np_json_parse(np_test_pool, doc, strlen(doc), &v, &err), 0);
    ck_assert_int_eq(v->type, NP_XV_STRUCT);
    ck_assert_int_eq(np_json_get(v, "total")->i, 1);
    ck_assert_int_eq(np_json_get(v, "ok")->type, NP_XV_BOOL);
    ck_assert_int_eq(np_json_get(v, "n")->type, NP_XV_NIL);
    ck_assert_int_eq(np_json_get(v, "x")->type, NP_XV_DOUBLE);
    e = np_json_get(v, "errors");
    ck_assert_int_eq(e->n, 1);
    ck_assert_str_eq(np_json_str_of(&e->items[0], "errorInfo"), "a\"b\xc3\xa8\n");
    ck_assert_int_eq(np_json_get(v, "e")->n, 0);
    ck_assert_ptr_null(np_json_get(v, "missing"));
    ck_assert_int_eq(np_json_parse(np_test_pool, "{\"a\":1,}", 8, &v, &err), -1);
    ck_assert_str_eq(err, "at byte 7: expected a member name");
    ck_assert_int_eq(np_json_parse(np_test_pool, "[1] x", 5, &v, &err), -1);
    ck_assert_str_eq(err, "at byte 4: text after the value");
    ck_assert_int_eq(np_json_parse(np_test_pool, "\"abc", 4, &v, &err), -1);
    ck_assert_str_eq(err, "at byte 4: an unterminated string");
    ck_assert_str_eq(np_json_quote(np_test_pool, "a\"\\\x01"), "\"a\\\"\\\\\\u0001\"");
}
END_TEST

TCase *np_test_rps_tcase(void)
{
    TCase *tc = tcase_create("rps");
    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, np_rps_conf_brands);
    tcase_add_test(tc, np_rps_conf_errors);
    tcase_add_test(tc, np_rps_urls);
    tcase_add_loop_test(tc, np_rps_error_mapping, 0, (int)(sizeof np_t_map / sizeof np_t_map[0]));
    tcase_add_test(tc, np_rps_dry_run_masks);
    tcase_add_test(tc, np_rps_hawk);
    tcase_add_test(tc, np_rps_json_reader);
    return tc;
}
