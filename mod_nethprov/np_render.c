#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "np_render.h"
#include "np_memo.h"

const char *const np_render_runtime_names[] = {
    "mac", "brand", "model", "tok1", "tok2", "provisioning_complete", "base_url", "provisioning_url1",
    "provisioning_url2", "user_agent", "filename", NULL
};

const char *const np_render_bootstrap_names[] = {
    "mac", "brand", "model", "tok1", "base_url", "provisioning_url1", "user_agent", "filename", NULL
};

static void np_render_caps(np_vars_t *v, const np_brand_t *brand, const char *model)
{
    const np_model_t *m = np_brand_model(brand, model);
    int i;
    if (m)
        for (i = 0; i < m->caps->nelts; i++) {
            const np_cap_t *c = &((np_cap_t *)m->caps->elts)[i];
            np_vars_layer(v, c->name, c->value, "brand");
        }
}

np_vars_t *np_render_bootstrap_vars(apr_pool_t *pool, const np_brand_t *brand, const np_boot_phone_t *bp,
                                    const np_request_t *rq)
{
    np_vars_t *v = np_vars_make(pool);

    np_render_caps(v, brand, bp->model);
    np_vars_force(v, "mac", bp->mac, "runtime");
    np_vars_force(v, "brand", brand->name, "runtime");
    np_vars_force(v, "model", bp->model ? bp->model : "", "runtime");
    np_vars_force(v, "tok1", bp->tok1, "runtime");
    np_vars_force(v, "base_url", rq->base_url, "runtime");
    np_vars_force(v, "provisioning_url1", apr_pstrcat(pool, rq->base_url, "/", bp->tok1, "/", NULL), "runtime");
    np_vars_force(v, "user_agent", rq->user_agent ? rq->user_agent : "", "runtime");
    np_vars_force(v, "filename", rq->filename ? rq->filename : "", "runtime");
    return v;
}

int np_render_bootstrap(apr_pool_t *pool, const np_brand_t *brand, const np_file_t *file, const np_boot_phone_t *bp,
                        const np_request_t *rq, const np_sink_t *sink, const char **err)
{
    return np_tmpl_render(file->tmpl, np_render_bootstrap_vars(pool, brand, bp, rq), pool, sink, err);
}

np_vars_t *np_render_vars(apr_pool_t *pool, const np_brand_t *brand, const np_phone_t *ph, const np_request_t *rq)
{
    np_vars_t *v = np_vars_make(pool);
    int i;

    np_render_caps(v, brand, ph->model);
    for (i = 0; i < ph->nsettings; i++)
        np_vars_layer(v, ph->names[i], ph->values[i], ph->levels[i]);

    np_vars_force(v, "mac", ph->mac, "runtime");
    np_vars_force(v, "brand", brand->name, "runtime");
    np_vars_force(v, "model", ph->model ? ph->model : "", "runtime");
    np_vars_force(v, "tok1", ph->tok1 ? ph->tok1 : "", "runtime");
    np_vars_force(v, "tok2", ph->tok2, "runtime");
    /* A preview (via 0) shows what the phone gets once provisioned: the steady state. */
    np_vars_force(v, "provisioning_complete", ph->via == 1 ? "" : "1", "runtime");
    np_vars_force(v, "base_url", rq->base_url, "runtime");
    np_vars_force(v, "provisioning_url1", ph->tok1 ? apr_pstrcat(pool, rq->base_url, "/", ph->tok1, "/", NULL) : "",
                  "runtime");
    np_vars_force(v, "provisioning_url2", apr_pstrcat(pool, rq->base_url, "/", ph->tok2, "/", NULL), "runtime");
    np_vars_force(v, "user_agent", rq->user_agent ? rq->user_agent : "", "runtime");
    np_vars_force(v, "filename", rq->filename ? rq->filename : "", "runtime");
    return v;
}

const char *np_render_etag(apr_pool_t *pool, const np_brand_t *brand, const np_file_t *file, const np_vars_t *vars)
{
    unsigned long long fp[2], h;
    h = np_fnv64(NP_FNV_SEED, &brand->digest, sizeof brand->digest);
    {
        unsigned long long td = np_tmpl_digest(file->tmpl);
        h = np_fnv64(h, &td, sizeof td);
    }
    h = np_fnv64(h, file->pattern, strlen(file->pattern));
    char *tag = apr_palloc(pool, 35);
    np_vars_fingerprint(vars, fp);
    /* APR's formatter has no %llx. */
    snprintf(tag, 35, "\"%016llx%016llx\"", fp[0] ^ h, fp[1] + h);
    return tag;
}

int np_render_file(apr_pool_t *pool, const np_file_t *file, const np_vars_t *vars, const np_sink_t *sink,
                   const char **err)
{
    return np_tmpl_render(file->tmpl, vars, pool, sink, err);
}

int np_render_file_memo(apr_pool_t *pool, const np_file_t *file, const np_vars_t *vars, const np_sink_t *sink,
                        np_memo_t *memo, const char **err)
{
    np_memo_req_t mrq;
    if (!memo)
        return np_tmpl_render(file->tmpl, vars, pool, sink, err);
    mrq.shared_fp = np_vars_split(vars, pool, &mrq.specific, &mrq.nspecific);
    return np_tmpl_render_memo(file->tmpl, vars, pool, sink, memo, &mrq, err);
}

int np_render(apr_pool_t *pool, const np_brand_t *brand, const np_file_t *file, const np_phone_t *ph,
              const np_request_t *rq, const np_sink_t *sink, const char **err)
{
    return np_tmpl_render(file->tmpl, np_render_vars(pool, brand, ph, rq), pool, sink, err);
}
