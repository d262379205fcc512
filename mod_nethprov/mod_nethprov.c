/* mod_nethprov: the module record and its hooks. */
#define NP_MODULE_MAIN
#include <stdlib.h>
#include <http_core.h>
#include <http_request.h>
#include <libxml/parser.h>
#include "mod_nethprov.h"
#include "np_log.h"

static server_rec *np_log_server;

static void np_log_to_httpd(void *baton, np_log_level_e level, const char *msg)
{
    static const int levels[] = { APLOG_ERR, APLOG_WARNING, APLOG_INFO, APLOG_DEBUG };
    ap_log_error(APLOG_MARK, levels[level], 0, np_log_server, NPLOGNO(01) "%s", msg);
}

/* apache2 -t runs this instead of post_config: a missing directive must fail the check too. */
static void np_test_config(apr_pool_t *pconf, server_rec *s)
{
    if (np_srv_check(pconf, s) != OK)
        exit(1);
}

static int np_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    np_log_server = s;
    np_log_set(np_log_to_httpd, NULL, NP_LOG_INFO);
    return np_srv_check(pconf, s);
}

static void np_register_hooks(apr_pool_t *p)
{
    /* libxml2 must be initialised once, before any thread uses it. */
    xmlInitParser();
    ap_hook_test_config(np_test_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(np_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(np_repeat_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(np_pool_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(np_cache_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    /* Before mod_alias and core (the first would map the token's URI to a path). */
    ap_hook_translate_name(np_translate_name, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_map_to_storage(np_map_to_storage, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_handler(np_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(nethprov) = {
    STANDARD20_MODULE_STUFF,
    NULL,
    NULL,
    np_srv_create,
    np_srv_merge,
    np_cmds,
    np_register_hooks,
#if defined(AP_MODULE_FLAG_NONE)
    AP_MODULE_FLAG_ALWAYS_MERGE
#endif
};
