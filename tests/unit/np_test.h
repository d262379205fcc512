/* Shared by the Check unit tests: one TCase per core source file. */
#ifndef NP_TEST_H
#define NP_TEST_H

#include <check.h>
#include <apr_pools.h>

/* A fresh pool per test, made and destroyed by np_test_setup/np_test_teardown. */
extern apr_pool_t *np_test_pool;
void np_test_setup(void);
void np_test_teardown(void);

/* Absolute path of the source tree's templates/ folder (from the NP_SRCDIR environment or ../templates). */
const char *np_test_templates_dir(void);

/* Load a brand "acme" whose brand.xml holds body (after its first line) in a temporary folder, which
 * must fail: returns the error; *path is the brand.xml it names (removed by then). */
const char *np_test_brand_error(const char *body, const char **path);

TCase *np_test_mac_tcase(void);
TCase *np_test_token_tcase(void);
TCase *np_test_tz_tcase(void);
TCase *np_test_vars_tcase(void);
TCase *np_test_expr_tcase(void);
TCase *np_test_tmpl_tcase(void);
TCase *np_test_brand_tcase(void);
TCase *np_test_defaults_tcase(void);
TCase *np_test_memo_tcase(void);
TCase *np_test_lookcache_tcase(void);
TCase *np_test_import_tcase(void);
TCase *np_test_conf_tcase(void);
TCase *np_test_dhcp_tcase(void);
TCase *np_test_bootstrap_tcase(void);
TCase *np_test_xmlrpc_tcase(void);
TCase *np_test_json_tcase(void);
TCase *np_test_rps_tcase(void);

#endif
