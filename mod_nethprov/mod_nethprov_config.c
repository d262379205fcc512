/* Directives. Every value is checked when the configuration is read, so `apache2 -t`
 * reports a bad one with the directive's name; templates are compiled here too. */
#include <ctype.h>
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <libpq-fe.h>
#include "mod_nethprov.h"

void *np_srv_create(apr_pool_t *p, server_rec *s)
{
    np_srv_conf_t *sc = apr_pcalloc(p, sizeof *sc);
    sc->retry_after = NP_UNSET;
    sc->pool_max = NP_UNSET;
    sc->cache = NP_UNSET;
    sc->cache_entries = NP_UNSET;
    sc->bootstrap = NP_UNSET;
    return sc;
}

void *np_srv_merge(apr_pool_t *p, void *basev, void *addv)
{
    const np_srv_conf_t *base = basev, *add = addv;
    np_srv_conf_t *sc = apr_pcalloc(p, sizeof *sc);
    sc->conninfo = add->conninfo ? add->conninfo : base->conninfo;
    sc->templates_dir = add->templates_dir ? add->templates_dir : base->templates_dir;
    sc->brands = add->templates_dir ? add->brands : base->brands;
    sc->ua_brands = add->templates_dir ? add->ua_brands : base->ua_brands;
    sc->base_url = add->base_url ? add->base_url : base->base_url;
    sc->base_path = add->base_url ? add->base_path : base->base_path;
    sc->retry_after = add->retry_after != NP_UNSET ? add->retry_after : base->retry_after;
    sc->pool_max = add->pool_max != NP_UNSET ? add->pool_max : base->pool_max;
    sc->cache = add->cache != NP_UNSET ? add->cache : base->cache;
    sc->cache_entries = add->cache_entries != NP_UNSET ? add->cache_entries : base->cache_entries;
    sc->bootstrap = add->bootstrap != NP_UNSET ? add->bootstrap : base->bootstrap;
    return sc;
}

int np_retry_after(const np_srv_conf_t *sc)
{
    return sc->retry_after == NP_UNSET ? 10 : sc->retry_after;
}

static np_srv_conf_t *np_conf(cmd_parms *cmd)
{
    return ap_get_module_config(cmd->server->module_config, &nethprov_module);
}

static const char *np_set_database(cmd_parms *cmd, void *dc, const char *arg)
{
    char *err = NULL;
    PQconninfoOption *opts;

    /* Parse only: no connection may be opened before httpd forks. */
    if (!(opts = PQconninfoParse(arg, &err))) {
        const char *msg = apr_psprintf(cmd->pool, "NethprovDatabase: not a valid libpq connection string: %s",
                                       err ? err : "out of memory");
        PQfreemem(err);
        return msg;
    }
    PQconninfoFree(opts);
    np_conf(cmd)->conninfo = arg;
    return NULL;
}

/* Could the brand's templates read user_agent? A name computed at render time counts when its
 * constant start is a start of "user_agent" (or empty): then the value may be read, and must be an
 * input of the render and the ETag. Done once, when the templates are compiled. */
static int np_brand_reads_user_agent(const np_brand_t *b)
{
    static const char ua[] = "user_agent";
    int i;

    for (i = 0; i < b->refs->nelts; i++) {
        const np_ref_t *ref = &((const np_ref_t *)b->refs->elts)[i];
        if (ref->computed ? !strncmp(ua, ref->name, strlen(ref->name)) : !strcmp(ref->name, ua))
            return 1;
    }
    return 0;
}

static apr_hash_t *np_ua_brands(apr_pool_t *p, const np_brands_t *brands)
{
    apr_hash_t *h = apr_hash_make(p);
    int i;

    for (i = 0; i < brands->brands->nelts; i++) {
        const np_brand_t *b = ((const np_brand_t **)brands->brands->elts)[i];
        if (np_brand_reads_user_agent(b))
            apr_hash_set(h, b->name, APR_HASH_KEY_STRING, b);
    }
    return h;
}

static const char *np_set_templates(cmd_parms *cmd, void *dc, const char *arg)
{
    np_srv_conf_t *sc = np_conf(cmd);
    const char *dir = ap_server_root_relative(cmd->pool, arg), *err;

    if (!dir)
        return apr_psprintf(cmd->pool, "NethprovTemplates: invalid path '%s'", arg);
    if (np_brands_load(cmd->pool, dir, &sc->brands, &err) != 0)
        return apr_psprintf(cmd->pool, "NethprovTemplates: %s", err);
    sc->ua_brands = np_ua_brands(cmd->pool, sc->brands);
    sc->templates_dir = dir;
    return NULL;
}

static const char *np_set_base_url(cmd_parms *cmd, void *dc, const char *arg)
{
    const char *host, *c;
    char *url;
    size_t n;

    if (!strncmp(arg, "https://", 8))
        host = arg + 8;
    else if (!strncmp(arg, "http://", 7))
        host = arg + 7;
    else
        return apr_psprintf(cmd->pool, "NethprovBaseURL: '%s' must start with http:// or https://", arg);
    if (!*host || *host == '/')
        return apr_psprintf(cmd->pool, "NethprovBaseURL: '%s' has no host name", arg);
    for (c = arg; *c; c++)
        if (isspace((unsigned char)*c) || iscntrl((unsigned char)*c) || *c == '?' || *c == '#' || *c == '"')
            return apr_psprintf(cmd->pool, "NethprovBaseURL: '%s' may hold no spaces, quotes, query or fragment",
                                arg);
    url = apr_pstrdup(cmd->pool, arg);
    n = strlen(url);
    while (n && url[n - 1] == '/')
        url[--n] = '\0';
    np_conf(cmd)->base_url = url;
    np_conf(cmd)->base_path = (c = strchr(host, '/')) ? url + (c - arg) : "";
    return NULL;
}

static const char *np_set_int(cmd_parms *cmd, const char *arg, int lo, int hi, int *slot)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < lo || v > hi)
        return apr_psprintf(cmd->pool, "%s: '%s' must be a whole number from %d to %d", cmd->cmd->name, arg, lo, hi);
    *slot = (int)v;
    return NULL;
}

static const char *np_set_retry_after(cmd_parms *cmd, void *dc, const char *arg)
{
    return np_set_int(cmd, arg, 1, 3600, &np_conf(cmd)->retry_after);
}

static const char *np_set_pool_max(cmd_parms *cmd, void *dc, const char *arg)
{
    return np_set_int(cmd, arg, 1, 1024, &np_conf(cmd)->pool_max);
}

static const char *np_set_cache(cmd_parms *cmd, void *dc, int on)
{
    np_conf(cmd)->cache = on;
    return NULL;
}

static const char *np_set_bootstrap(cmd_parms *cmd, void *dc, int on)
{
    np_conf(cmd)->bootstrap = on;
    return NULL;
}

static const char *np_set_cache_entries(cmd_parms *cmd, void *dc, const char *arg)
{
    return np_set_int(cmd, arg, 1, 10000000, &np_conf(cmd)->cache_entries);
}

const command_rec np_cmds[] = {
    AP_INIT_TAKE1("NethprovDatabase", np_set_database, NULL, RSRC_CONF,
                  "libpq connection string of the nethprov database, e.g. \"host=/run/postgresql dbname=nethprov\""),
    AP_INIT_TAKE1("NethprovTemplates", np_set_templates, NULL, RSRC_CONF,
                  "folder holding one sub-folder of templates per brand"),
    AP_INIT_TAKE1("NethprovBaseURL", np_set_base_url, NULL, RSRC_CONF,
                  "public URL of the provisioning location, written into configs, e.g. https://pbx.example.com/provisioning"),
    AP_INIT_TAKE1("NethprovRetryAfter", np_set_retry_after, NULL, RSRC_CONF,
                  "seconds a phone is told to wait when the database is unreachable (default 10)"),
    AP_INIT_TAKE1("NethprovPoolMax", np_set_pool_max, NULL, RSRC_CONF,
                  "most database connections per httpd child (default 4, or the child's thread count if smaller)"),
    AP_INIT_FLAG("NethprovCache", np_set_cache, NULL, RSRC_CONF,
                 "On: keep lookups between requests and forget them when PostgreSQL notifies a committed change "
                 "(default Off: every request asks the database)"),
    AP_INIT_TAKE1("NethprovCacheEntries", np_set_cache_entries, NULL, RSRC_CONF,
                  "most phones kept per httpd child with NethprovCache On (default 20000; about 4 KB each)"),
    AP_INIT_FLAG("NethprovBootstrap", np_set_bootstrap, NULL, RSRC_CONF,
                 "On: answer GET <base URL path>/<file> without a token with a file that only points a phone whose "
                 "first provisioning is incomplete at its tok1 URL; restrict it with Require ip (default Off)"),
    /* Every field named: clang's -Wmissing-field-initializers counts a lone { NULL } as missing some. */
    { NULL, { NULL }, NULL, 0, RAW_ARGS, NULL }
};

/* A server that uses any directive must have the three that make it work. */
int np_srv_check(apr_pool_t *p, server_rec *s)
{
    for (; s; s = s->next) {
        const np_srv_conf_t *sc = ap_get_module_config(s->module_config, &nethprov_module);
        if (!sc->conninfo && !sc->brands && !sc->base_url)
            continue;
        if (!sc->conninfo || !sc->brands || !sc->base_url) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, NPLOGNO(02)
                         "mod_nethprov needs NethprovDatabase, NethprovTemplates and NethprovBaseURL together "
                         "(server %s: missing %s%s%s)", s->server_hostname ? s->server_hostname : "(main)",
                         sc->conninfo ? "" : "NethprovDatabase ", sc->brands ? "" : "NethprovTemplates ",
                         sc->base_url ? "" : "NethprovBaseURL");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    return OK;
}
