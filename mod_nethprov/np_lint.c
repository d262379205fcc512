#include <stdio.h>
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include "np_lint.h"
#include "np_render.h"

typedef struct {
    const char *name;
    const char *type;
    int indexed;
    apr_array_header_t *allowed; /* const char *: an enum's values (a boolean's: 0 and 1) */
} np_catvar_t;

struct np_catalogue_t {
    apr_hash_t *vars;            /* name -> np_catvar_t */
};

int np_catalogue_count(const np_catalogue_t *cat)
{
    return (int)apr_hash_count(cat->vars);
}

static int np_cat_line(apr_pool_t *pool, np_catalogue_t *cat, char *line, const char *path, int lineno,
                       const char **err)
{
    char *f[4] = { NULL, NULL, NULL, NULL }, *p = line, *tok, *last;
    np_catvar_t *v;
    int n = 0;

    while (n < 4 && p) {
        char *tab = strchr(p, '\t');
        if (tab)
            *tab = '\0';
        f[n++] = p;
        p = tab ? tab + 1 : NULL;
    }
    if (n < 3 || !*f[0] || !*f[1] || (strcmp(f[2], "0") && strcmp(f[2], "1"))) {
        *err = apr_psprintf(pool, "%s:%d: expected NAME<tab>TYPE<tab>INDEXED(0|1)[<tab>ALLOWED]", path, lineno);
        return -1;
    }
    if (apr_hash_get(cat->vars, f[0], APR_HASH_KEY_STRING)) {
        *err = apr_psprintf(pool, "%s:%d: variable '%s' listed twice", path, lineno, f[0]);
        return -1;
    }
    v = apr_pcalloc(pool, sizeof *v);
    v->name = apr_pstrdup(pool, f[0]);
    v->type = apr_pstrdup(pool, f[1]);
    v->indexed = f[2][0] == '1';
    v->allowed = apr_array_make(pool, 4, sizeof(const char *));
    if (!strcmp(v->type, "boolean")) {
        *(const char **)apr_array_push(v->allowed) = "0";
        *(const char **)apr_array_push(v->allowed) = "1";
    }
    for (tok = apr_strtok(f[3] ? apr_pstrdup(pool, f[3]) : NULL, " ", &last); tok; tok = apr_strtok(NULL, " ", &last))
        *(const char **)apr_array_push(v->allowed) = tok;
    if (!strcmp(v->type, "enum") && v->allowed->nelts == 0) {
        *err = apr_psprintf(pool, "%s:%d: enum '%s' lists no allowed values", path, lineno, v->name);
        return -1;
    }
    apr_hash_set(cat->vars, v->name, APR_HASH_KEY_STRING, v);
    return 0;
}

int np_catalogue_load(apr_pool_t *pool, const char *path, np_catalogue_t **out, const char **err)
{
    np_catalogue_t *cat = apr_pcalloc(pool, sizeof *cat);
    char buf[8192];
    int lineno = 0;
    FILE *f = fopen(path, "r");

    if (!f) {
        *err = apr_psprintf(pool, "%s: cannot read the variable catalogue", path);
        return -1;
    }
    cat->vars = apr_hash_make(pool);
    while (fgets(buf, sizeof buf, f)) {
        size_t n = strlen(buf);
        lineno++;
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            buf[--n] = '\0';
        if (!n || buf[0] == '#')
            continue;
        if (np_cat_line(pool, cat, buf, path, lineno, err) != 0) {
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    *out = cat;
    return 0;
}

/* The catalogue entry of a constant name: NAME itself, or NAME for NAME_N of an indexed variable. */
static const np_catvar_t *np_cat_find(const np_catalogue_t *cat, const char *name)
{
    const np_catvar_t *v = apr_hash_get(cat->vars, name, APR_HASH_KEY_STRING);
    const char *us = strrchr(name, '_');
    if (v && !v->indexed)
        return v;
    if (us && us[1] && strspn(us + 1, "0123456789") == strlen(us + 1)) {
        v = apr_hash_get(cat->vars, name, (apr_ssize_t)(us - name));
        if (v && v->indexed)
            return v;
    }
    return NULL;
}

/* The entry a computed name starting with prefix reads, when the prefix is "NAME_" of an indexed variable. */
static const np_catvar_t *np_cat_find_indexed(const np_catalogue_t *cat, const char *prefix)
{
    size_t n = strlen(prefix);
    const np_catvar_t *v;
    if (n < 2 || prefix[n - 1] != '_')
        return NULL;
    v = apr_hash_get(cat->vars, prefix, (apr_ssize_t)(n - 1));
    return v && v->indexed ? v : NULL;
}

static int np_is_runtime(const char *name)
{
    int i;
    for (i = 0; np_render_runtime_names[i]; i++)
        if (!strcmp(np_render_runtime_names[i], name))
            return 1;
    return 0;
}

/* Some model of the brand (or the catalogue, or a runtime name) has a variable starting with prefix. */
static int np_prefix_known(const np_brand_t *b, const np_catalogue_t *cat, const char *prefix, apr_pool_t *pool)
{
    size_t n = strlen(prefix);
    apr_hash_index_t *hi;
    int i, j;
    for (hi = apr_hash_first(pool, cat->vars); hi; hi = apr_hash_next(hi))
        if (!strncmp(((const np_catvar_t *)apr_hash_this_val(hi))->name, prefix, n))
            return 1;
    for (i = 0; np_render_runtime_names[i]; i++)
        if (!strncmp(np_render_runtime_names[i], prefix, n))
            return 1;
    for (i = 0; i < b->models->nelts; i++) {
        const np_model_t *m = &((np_model_t *)b->models->elts)[i];
        for (j = 0; j < m->caps->nelts; j++)
            if (!strncmp(((np_cap_t *)m->caps->elts)[j].name, prefix, n))
                return 1;
    }
    return 0;
}

static int np_cap_known(const np_brand_t *b, const char *name)
{
    int i, j;
    for (i = 0; i < b->models->nelts; i++) {
        const np_model_t *m = &((np_model_t *)b->models->elts)[i];
        for (j = 0; j < m->caps->nelts; j++)
            if (!strcmp(((np_cap_t *)m->caps->elts)[j].name, name))
                return 1;
    }
    return 0;
}

static void np_problem(apr_pool_t *pool, apr_hash_t *seen, apr_array_header_t *problems, const char *msg)
{
    (void)pool;
    if (apr_hash_get(seen, msg, APR_HASH_KEY_STRING))
        return;
    apr_hash_set(seen, msg, APR_HASH_KEY_STRING, msg);
    *(const char **)apr_array_push(problems) = msg;
}

/* A map applied to an enum (or boolean) must give every allowed value something, or have a default. */
static void np_lint_map(apr_pool_t *pool, const np_ref_t *r, const np_catvar_t *v, apr_hash_t *seen,
                        apr_array_header_t *problems)
{
    const char *missing = NULL;
    int i, n = 0;
    if (!v || r->map->dflt || v->allowed->nelts == 0)
        return;
    for (i = 0; i < v->allowed->nelts; i++) {
        const char *val = ((const char **)v->allowed->elts)[i];
        if (apr_hash_get(r->map->entries, val, APR_HASH_KEY_STRING))
            continue;
        missing = missing ? apr_pstrcat(pool, missing, ", ", val, NULL) : val;
        n++;
    }
    if (n)
        np_problem(pool, seen, problems,
                   apr_psprintf(pool, "%s:%d: map '%s' has no entry for %s %s of %s%s and no default"
                                " (add them, or default=\"\" when they mean nothing here)", r->path,
                                r->line, r->map->name, n == 1 ? "value" : "values", missing, v->name,
                                v->indexed ? "_N" : ""));
}

static int np_is_bootstrap_name(const char *name)
{
    int i;
    for (i = 0; np_render_bootstrap_names[i]; i++)
        if (!strcmp(np_render_bootstrap_names[i], name))
            return 1;
    return 0;
}

/* A bootstrap template reads only the bootstrap variables and cap_*: anything else would render empty
 * anyway (they are not there), but a template that asks for them was written for the wrong purpose. */
static void np_lint_bootstrap(apr_pool_t *pool, const np_brand_t *b, apr_hash_t *seen, apr_array_header_t *problems)
{
    int i;
    for (i = 0; b->boot_refs && i < b->boot_refs->nelts; i++) {
        const np_ref_t *r = &((np_ref_t *)b->boot_refs->elts)[i];
        if (!r->computed && (np_is_bootstrap_name(r->name) || (!strncmp(r->name, "cap_", 4) && np_cap_known(b, r->name))))
            continue;
        np_problem(pool, seen, problems,
                   apr_psprintf(pool, "%s:%d: a bootstrap template reads only mac, brand, model, tok1, base_url, "
                                "provisioning_url1, user_agent, filename and the model's cap_*, not %s'%s'",
                                r->path, r->line, r->computed ? "a computed name starting with " : "", r->name));
    }
}

int np_lint_brand(apr_pool_t *pool, const np_brand_t *b, const np_catalogue_t *cat, apr_array_header_t *problems)
{
    apr_hash_t *seen = apr_hash_make(pool);
    int before = problems->nelts, i;

    np_lint_bootstrap(pool, b, seen, problems);

    for (i = 0; b->refs && i < b->refs->nelts; i++) {
        const np_ref_t *r = &((np_ref_t *)b->refs->elts)[i];
        const np_catvar_t *v;
        if (r->computed) {
            v = np_cat_find_indexed(cat, r->name);
            if (!v && *r->name && !np_prefix_known(b, cat, r->name, pool))
                np_problem(pool, seen, problems,
                           apr_psprintf(pool, "%s:%d: unknown variable: no variable name starts with '%s'", r->path,
                                        r->line, r->name));
        }
        else {
            v = np_cat_find(cat, r->name);
            if (!v && !np_is_runtime(r->name) && !(!strncmp(r->name, "cap_", 4) && np_cap_known(b, r->name)))
                np_problem(pool, seen, problems,
                           apr_psprintf(pool, "%s:%d: unknown variable '%s' (not in the catalogue, %s)", r->path,
                                        r->line, r->name,
                                        strncmp(r->name, "cap_", 4) ? "not a runtime value"
                                                                    : "no model of the brand has this capability"));
        }
        if (r->map)
            np_lint_map(pool, r, v, seen, problems);
    }
    return problems->nelts - before;
}
