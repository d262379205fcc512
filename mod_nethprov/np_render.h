/* From a phone's database row to the bytes of one file: the levels are layered
 * (model capabilities, database settings, runtime values) and the brand's template runs.
 * The module and the CLI's preview call the same function, so they give the same bytes. */
#ifndef NP_RENDER_H
#define NP_RENDER_H

#include "np_brand.h"
#include "np_db.h"
#include "np_vars.h"

typedef struct {
    const char *base_url;   /* public URL of the provisioning location, no trailing '/' */
    const char *user_agent; /* may be NULL */
    const char *filename;   /* the file being rendered */
} np_request_t;

/** The names np_render_vars sets for the request (NULL-terminated); lint accepts them. */
extern const char *const np_render_runtime_names[];

/** The only names a bootstrap template sees (NULL-terminated), besides the model's cap_*. */
extern const char *const np_render_bootstrap_names[];

/** Every variable the template sees, with the level each came from. */
np_vars_t *np_render_vars(apr_pool_t *pool, const np_brand_t *brand, const np_phone_t *ph, const np_request_t *rq);

/**
 * The ETag of what np_render_file would write, without rendering: a hash of the brand data,
 * the template and every variable. Rendering is deterministic, so equal inputs mean equal bytes.
 * Returns a quoted strong ETag allocated in pool.
 */
const char *np_render_etag(apr_pool_t *pool, const np_brand_t *brand, const np_file_t *file, const np_vars_t *vars);

/** Render file with vars (from np_render_vars) into sink. Returns 0, or -1 with *err. */
int np_render_file(apr_pool_t *pool, const np_file_t *file, const np_vars_t *vars, const np_sink_t *sink,
                   const char **err);

/** Same, with blocks kept in and reused from memo (may be NULL): the bytes are the same. */
struct np_memo_t;
int np_render_file_memo(apr_pool_t *pool, const np_file_t *file, const np_vars_t *vars, const np_sink_t *sink,
                        struct np_memo_t *memo, const char **err);

/** np_render_vars then np_render_file. Returns 0, or -1 with *err. */
int np_render(apr_pool_t *pool, const np_brand_t *brand, const np_file_t *file, const np_phone_t *ph,
              const np_request_t *rq, const np_sink_t *sink, const char **err);

/**
 * The variables of a bootstrap file: the model's cap_* and np_render_bootstrap_names, no database
 * setting (bp carries none). Its provisioning_url1 is the phone's tok1 URL.
 */
np_vars_t *np_render_bootstrap_vars(apr_pool_t *pool, const np_brand_t *brand, const np_boot_phone_t *bp,
                                    const np_request_t *rq);

/** np_render_bootstrap_vars then np_render_file: the bytes the module serves. Returns 0, or -1 with *err. */
int np_render_bootstrap(apr_pool_t *pool, const np_brand_t *brand, const np_file_t *file, const np_boot_phone_t *bp,
                        const np_request_t *rq, const np_sink_t *sink, const char **err);

#endif
