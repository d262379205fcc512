/* Templates: XML documents compiled once (at start-up) into a tree of nodes with
 * pre-parsed expressions, then rendered per request by an output writer
 * ("xml" through libxml2's writer, or "lines" for key = value formats). */
#ifndef NP_TMPL_H
#define NP_TMPL_H

#include <stddef.h>
#include <apr_pools.h>
#include "np_expr.h"

typedef struct np_tmpl_t np_tmpl_t;

/* Where rendered bytes go. Returns 0, or -1 to abort the render. */
typedef int np_sink_fn(void *ctx, const char *buf, size_t len);

typedef struct {
    np_sink_fn *write;
    void *ctx;
} np_sink_t;

/**
 * Compile the template file at path. env supplies the brand's maps (and collects
 * the names used). On error returns NULL with *err as "path:line: message".
 */
np_tmpl_t *np_tmpl_compile_file(const np_expr_env_t *env, const char *path, const char **err);

/** Same, from a string in memory (name is used in messages). */
np_tmpl_t *np_tmpl_compile_mem(const np_expr_env_t *env, const char *name, const char *buf, size_t len,
                               const char **err);

/** A hash of the template's source: changes whenever the template does. */
unsigned long long np_tmpl_digest(const np_tmpl_t *t);

/**
 * Render with the given variables into sink. pool is scratch for this render.
 * Returns 0, or -1 with *err (e.g. a value with a line break in a line format).
 */
int np_tmpl_render(const np_tmpl_t *t, const np_vars_t *vars, apr_pool_t *pool, const np_sink_t *sink,
                   const char **err);

/**
 * Same, reusing and keeping top-level blocks in memo (lines templates only; see np_memo.h).
 * mrq describes the request (np_vars_split). memo may be NULL.
 */
struct np_memo_t;
struct np_memo_req_t;
int np_tmpl_render_memo(const np_tmpl_t *t, const np_vars_t *vars, apr_pool_t *pool, const np_sink_t *sink,
                        struct np_memo_t *memo, const struct np_memo_req_t *mrq, const char **err);

/* A growable in-memory sink, for callers that need the whole body (ETag, length). */
typedef struct {
    apr_pool_t *pool;
    char *data;
    size_t len;
    size_t cap;
} np_buf_t;

void np_buf_init(np_buf_t *b, apr_pool_t *pool, size_t initial);
np_sink_t np_buf_sink(np_buf_t *b);

#endif
