/* Runs every Check unit test of the core library (no httpd, no database). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "np_brand.h"
#include "np_test.h"

apr_pool_t *np_test_pool;

void np_test_setup(void)
{
    apr_pool_create(&np_test_pool, NULL);
}

void np_test_teardown(void)
{
    apr_pool_destroy(np_test_pool);
    np_test_pool = NULL;
}

const char *np_test_templates_dir(void)
{
    const char *src = getenv("NP_SRCDIR");
    static char buf[4096];
    if (!src)
        src = "..";
    snprintf(buf, sizeof buf, "%s/templates", src);
    return buf;
}

const char *np_test_brand_error(const char *body, const char **path)
{
    char dir[] = "/tmp/np_test_brand_XXXXXX";
    const char *err = NULL;
    np_brands_t *bs = NULL;
    FILE *f;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(mkdir(apr_pstrcat(np_test_pool, dir, "/acme", NULL), 0700), 0);
    *path = apr_pstrcat(np_test_pool, dir, "/acme/brand.xml", NULL);
    ck_assert_ptr_nonnull(f = fopen(*path, "w"));
    fprintf(f, "<brand name=\"acme\">\n%s</brand>\n", body);
    fclose(f);
    ck_assert_int_eq(np_brands_load(np_test_pool, dir, &bs, &err), -1);
    unlink(*path);
    rmdir(apr_pstrcat(np_test_pool, dir, "/acme", NULL));
    rmdir(dir);
    return err;
}

int main(void)
{
    Suite *s;
    SRunner *sr;
    int failed;

    apr_app_initialize(NULL, NULL, NULL);
    s = suite_create("nethprov core");
    suite_add_tcase(s, np_test_mac_tcase());
    suite_add_tcase(s, np_test_token_tcase());
    suite_add_tcase(s, np_test_tz_tcase());
    suite_add_tcase(s, np_test_vars_tcase());
    suite_add_tcase(s, np_test_expr_tcase());
    suite_add_tcase(s, np_test_tmpl_tcase());
    suite_add_tcase(s, np_test_brand_tcase());
    suite_add_tcase(s, np_test_defaults_tcase());
    suite_add_tcase(s, np_test_memo_tcase());
    suite_add_tcase(s, np_test_lookcache_tcase());
    suite_add_tcase(s, np_test_import_tcase());
    suite_add_tcase(s, np_test_conf_tcase());
    suite_add_tcase(s, np_test_dhcp_tcase());
    suite_add_tcase(s, np_test_bootstrap_tcase());
    suite_add_tcase(s, np_test_xmlrpc_tcase());
    suite_add_tcase(s, np_test_json_tcase());
    suite_add_tcase(s, np_test_rps_tcase());
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
