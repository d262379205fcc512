/* Requests for the handler's location are never mapped to the filesystem. httpd's core would turn
 * the URI into a path under the DocumentRoot (translate_name), then walk its <Directory> sections
 * (map_to_storage); a name longer than the filesystem allows makes the first log "AH00127: Cannot
 * map GET /provisioning/<token>/... to file", the request line and its token with it. The location
 * names no file: it is taken over here, as mod_proxy does with its "proxy:" names. */
#include <string.h>
#include <apr_strings.h>
#include <ap_expr.h>
#include <http_core.h>
#include <http_request.h>
#include "mod_nethprov.h"

/* r->filename of a request the handler serves: not a path, and it holds nothing of the URI. */
static const char np_map_filename[] = "nethprov:";

/* Does SetHandler (or another module's forced handler) give this location to mod_nethprov? At
 * translate_name the location's configuration is already merged; core sets r->handler from it
 * later, in fixups, by evaluating the same expression. */
static int np_map_is_ours(request_rec *r)
{
    const core_dir_config *d = ap_get_core_module_config(r->per_dir_config);
    const char *h = NULL, *err = NULL;

    if (d->expr_handler)
        h = ap_expr_str_exec(r, d->expr_handler, &err);
    else
        h = d->handler;
    return h && !err && !strcmp(h, "nethprov");
}

int np_translate_name(request_rec *r)
{
    if (!np_map_is_ours(r))
        return DECLINED;
    r->filename = apr_pstrdup(r->pool, np_map_filename);
    return OK;
}

/* OK skips core's walk of <Directory> and <Files>: <Location> sections still apply. */
int np_map_to_storage(request_rec *r)
{
    return r->filename && !strcmp(r->filename, np_map_filename) ? OK : DECLINED;
}
