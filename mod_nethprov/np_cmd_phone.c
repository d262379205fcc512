/* CLI commands about phones and brand data. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <apr_strings.h>
#include "np_cmd.h"
#include "np_db.h"
#include "np_render.h"

static apr_pool_t *np_scratch(np_cmd_t *c)
{
    apr_pool_t *p;
    apr_pool_create(&p, c->pool);
    return p;
}

int np_cmd_sync(np_cmd_t *c, int argc, const char *const *argv)
{
    const char *err;
    int i, j, k, rc;

    if (argc)
        return np_cmd_fail(NP_EXIT_USAGE, "sync takes no arguments");
    if ((rc = np_cmd_brands(c)) || (rc = np_cmd_db(c)))
        return rc;
    if (!np_db_exec(c->conn, c->pool, "BEGIN", 0, NULL, &err))
        return np_cmd_fail(NP_EXIT_DB, "%s", err);
    for (i = 0; i < c->brands->brands->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)c->brands->brands->elts)[i];
        const char *ranges = "{";
        const char *params[5];
        np_buf_t models;

        for (j = 0; j < b->ranges->nelts; j++) {
            const np_mac_range_t *r = &((np_mac_range_t *)b->ranges->elts)[j];
            char one[32];
            snprintf(one, sizeof one, "%012llx-%012llx", (unsigned long long)r->lo, (unsigned long long)r->hi);
            ranges = apr_pstrcat(c->pool, ranges, j ? "," : "", one, NULL);
        }
        ranges = apr_pstrcat(c->pool, ranges, "}", NULL);
        np_buf_init(&models, c->pool, 4096);
        np_json_raw(&models, "[");
        for (j = 0; j < b->models->nelts; j++) {
            const np_model_t *m = &((np_model_t *)b->models->elts)[j];
            np_json_raw(&models, j ? ",{\"name\":" : "{\"name\":");
            np_json_str(&models, m->name);
            np_json_raw(&models, ",\"family\":");
            np_json_str(&models, m->family);
            np_json_raw(&models, ",\"caps\":{");
            for (k = 0; k < m->caps->nelts; k++) {
                const np_cap_t *cap = &((np_cap_t *)m->caps->elts)[k];
                if (k)
                    np_json_raw(&models, ",");
                np_json_str(&models, cap->name);
                np_json_raw(&models, ":");
                np_json_str(&models, cap->value);
            }
            np_json_raw(&models, "}}");
        }
        np_json_raw(&models, "]");
        params[0] = b->name;
        params[1] = b->display ? b->display : b->name;
        params[2] = ranges;
        params[3] = models.data;
        if (!np_db_exec(c->conn, c->pool, "SELECT nethprov.sync_brand($1, $2, $3::text[], $4::jsonb)", 4, params,
                        &err)) {
            np_db_exec(c->conn, c->pool, "ROLLBACK", 0, NULL, &err);
            return np_cmd_fail(NP_EXIT_REJECTED, "brand %s: %s", b->name, err);
        }
        params[0] = b->name;
        params[1] = b->manual.where;
        params[2] = b->manual.disable;
        params[3] = b->manual.file.pattern;
        params[4] = b->manual.noscheme ? "true" : "false";
        if (!np_db_exec(c->conn, c->pool, "SELECT nethprov.set_brand_manual($1, $2, $3, $4, $5::boolean)", 5, params,
                        &err)) {
            np_db_exec(c->conn, c->pool, "ROLLBACK", 0, NULL, &err);
            return np_cmd_fail(NP_EXIT_REJECTED, "brand %s: %s", b->name, err);
        }
        printf("%s: %d MAC ranges, %d models\n", b->name, b->ranges->nelts, b->models->nelts);
    }
    if (!np_db_exec(c->conn, c->pool, "COMMIT", 0, NULL, &err))
        return np_cmd_fail(NP_EXIT_DB, "%s", err);
    return NP_EXIT_OK;
}

int np_cmd_lint(np_cmd_t *c, int argc, const char *const *argv)
{
    apr_array_header_t *problems = apr_array_make(c->pool, 8, sizeof(const char *));
    np_brands_t *bs = NULL;
    int i, n;
    (void)argv;
    if (argc)
        return np_cmd_fail(NP_EXIT_USAGE, "lint takes no arguments");
    /* The same check httpd makes at start, so the messages are the same. */
    if ((n = np_brands_check(c->pool, c->templates_dir, &bs, problems)) != 0) {
        for (i = 0; i < problems->nelts; i++)
            fprintf(stderr, "%s\n", ((const char **)problems->elts)[i]);
        return np_cmd_fail(NP_EXIT_REJECTED, "%d problem%s in %s", n, n == 1 ? "" : "s", c->templates_dir);
    }
    for (i = 0; i < bs->brands->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)bs->brands->elts)[i];
        printf("%s: ok (%d files, %d models, %d maps, %d variable reads)\n", b->name, b->files->nelts,
               b->models->nelts, (int)apr_hash_count(b->maps), b->refs->nelts);
    }
    return NP_EXIT_OK;
}

/* Fetch one phone (admin view) by the MAC given on the command line. */
static int np_cmd_phone(np_cmd_t *c, const char *arg, np_phone_t *ph, const np_brand_t **brand)
{
    unsigned char mac[6];
    char mac12[13];
    const char *err;
    int rc;

    if ((rc = np_cmd_mac_arg(arg, mac, mac12)) || (rc = np_cmd_db(c)))
        return rc;
    switch (np_db_phone(c->conn, c->pool, mac12, ph, &err)) {
    case NP_DB_NOTFOUND:
        return np_cmd_fail(NP_EXIT_REJECTED, "no phone with MAC %s", np_mac_format(mac, NP_MAC_COLON, mac12));
    case NP_DB_ERROR:
        return np_cmd_fail(np_db_broken(c->conn) ? NP_EXIT_DB : NP_EXIT_REJECTED, "%s", err);
    default:
        break;
    }
    if (brand) {
        if ((rc = np_cmd_brands(c)))
            return rc;
        if (!(*brand = np_brands_get(c->brands, ph->brand)))
            return np_cmd_fail(NP_EXIT_REJECTED, "brand '%s' of phone %s has no templates in %s", ph->brand, arg,
                               c->templates_dir);
    }
    return 0;
}

/* The brand's <manual> data for url: the brand folder is optional there (the URLs come from the database
 * alone), so a folder that cannot be loaded only leaves the web UI lines out, with a warning. */
static const np_brand_t *np_url_brand(np_cmd_t *c, const char *brand)
{
    const np_brand_t *b;
    const char *err;

    if (!brand) {
        fprintf(stderr, "nethprov: no web UI instructions: the phone has no brand\n");
        return NULL;
    }
    if (!c->brands && np_brands_load(c->pool, c->templates_dir, &c->brands, &err) != 0) {
        c->brands = NULL;
        fprintf(stderr, "nethprov: no web UI instructions: %s\n", err);
        return NULL;
    }
    if (!(b = np_brands_get(c->brands, brand)))
        fprintf(stderr, "nethprov: no web UI instructions: brand '%s' has no folder in %s\n", brand, c->templates_dir);
    else if (!b->manual.where)
        fprintf(stderr, "nethprov: no web UI instructions: %s/brand.xml has no <manual>\n", b->dir);
    return b && b->manual.where ? b : NULL;
}

int np_cmd_url(np_cmd_t *c, int argc, const char *const *argv)
{
    np_phone_t ph;
    const np_brand_t *b;
    unsigned char mac[NP_MAC_LEN];
    const char *tok1 = NULL, *tok2, *typed = NULL, *err;
    size_t pos;
    int rc;

    if (argc != 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov url [--json] MAC");
    if ((rc = np_cmd_need_base_url(c)) || (rc = np_cmd_phone(c, argv[0], &ph, NULL)))
        return rc;
    if (ph.tok1)
        tok1 = apr_pstrcat(c->pool, c->base_url, "/", ph.tok1, "/", NULL);
    tok2 = apr_pstrcat(c->pool, c->base_url, "/", ph.tok2, "/", NULL);
    /* A retired tok1 answers no more: the admin types the permanent tok2 URL instead. */
    if ((b = np_url_brand(c, ph.brand)) && np_mac_parse(ph.mac, strlen(ph.mac), mac, &err, &pos) == 0)
        typed = np_brand_manual_url(c->pool, b, c->base_url, ph.tok1 ? ph.tok1 : ph.tok2, mac);
    if (c->json) {
        np_buf_t j;
        np_buf_init(&j, c->pool, 1024);
        np_json_raw(&j, "{\"mac\": ");
        np_json_str(&j, ph.mac);
        np_json_raw(&j, ", \"brand\": ");
        np_json_str(&j, ph.brand);
        np_json_raw(&j, ", \"tok1\": ");
        np_json_str(&j, tok1);
        np_json_raw(&j, ", \"tok2\": ");
        np_json_str(&j, tok2);
        np_json_raw(&j, ", \"url_to_type\": ");
        np_json_str(&j, typed);
        np_json_raw(&j, ", \"where\": ");
        np_json_str(&j, typed ? b->manual.where : NULL);
        np_json_raw(&j, ", \"disable\": ");
        np_json_str(&j, typed ? b->manual.disable : NULL);
        np_json_raw(&j, "}\n");
        fwrite(j.data, 1, j.len, stdout);
        return NP_EXIT_OK;
    }
    if (tok1)
        printf("tok1 %s\n", tok1);
    else
        printf("tok1 retired (the phone has fetched its configuration with tok2)\n");
    printf("tok2 %s\n", tok2);
    if (typed) {
        printf("URL to type: %s\n", typed);
        printf("type into the phone's web UI: %s\n", b->manual.where);
        printf("first disable: %s\n", b->manual.disable);
    }
    return NP_EXIT_OK;
}

/* Secret variables, from the catalogue (indexed names by their stem), plus tokens and the URLs that hold them. */
static int np_is_secret(apr_hash_t *secret, const char *name)
{
    const char *u;
    if (apr_hash_get(secret, name, APR_HASH_KEY_STRING) || !strcmp(name, "tok1") || !strcmp(name, "tok2")
        || !strncmp(name, "provisioning_url", 16))
        return 1;
    if ((u = strrchr(name, '_')) && u[1] >= '0' && u[1] <= '9')
        return apr_hash_get(secret, name, (apr_ssize_t)(u - name)) != NULL;
    return 0;
}

int np_cmd_phone_show(np_cmd_t *c, int argc, const char *const *argv)
{
    np_phone_t ph;
    const np_brand_t *brand;
    np_request_t rq;
    apr_array_header_t *all;
    apr_hash_t *secret = apr_hash_make(c->pool);
    PGresult *res;
    const char *err;
    int rc, i;

    if (argc != 1)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov phone show MAC [--show-secrets]");
    if ((rc = np_cmd_phone(c, argv[0], &ph, &brand)))
        return rc;
    if (!(res = np_db_exec(c->conn, c->pool, "SELECT name FROM nethprov.variables WHERE secret", 0, NULL, &err)))
        return np_cmd_fail(NP_EXIT_DB, "%s", err);
    for (i = 0; i < PQntuples(res); i++)
        apr_hash_set(secret, PQgetvalue(res, i, 0), APR_HASH_KEY_STRING, "");
    rq.base_url = c->base_url ? c->base_url : "";
    rq.user_agent = NULL;
    rq.filename = NULL;
    printf("phone %s  brand %s  model %s\n", argv[0], ph.brand, ph.model ? ph.model : "(pending)");
    all = np_vars_sorted(np_render_vars(c->pool, brand, &ph, &rq), c->pool);
    printf("%-32s %-8s %s\n", "VARIABLE", "LEVEL", "VALUE");
    for (i = 0; i < all->nelts; i++) {
        const np_var_entry_t *e = &((np_var_entry_t *)all->elts)[i];
        const char *v = e->value;
        if (!c->show_secrets && np_is_secret(secret, e->name) && *v)
            v = "********";
        printf("%-32s %-8s %s\n", e->name, e->level, v);
    }
    return NP_EXIT_OK;
}

static int np_render_to(np_cmd_t *c, apr_pool_t *p, const np_brand_t *brand, const np_phone_t *ph, const char *file,
                        FILE *out)
{
    np_request_t rq = { c->base_url, NULL, file };
    const np_file_t *f;
    np_buf_t buf;
    np_sink_t sink;
    const char *err;

    if (!file) {
        if (!(f = np_brand_main_file(brand, ph->model)))
            return np_cmd_fail(NP_EXIT_REJECTED, "brand %s has no per-phone file", brand->name);
        {
            unsigned char mac[6];
            char m12[13];
            np_cmd_mac_arg(ph->mac, mac, m12);
            rq.filename = np_file_name_for(p, f, mac);
        }
    }
    else if (!(f = np_brand_file(brand, file, ph->model)))
        return np_cmd_fail(NP_EXIT_REJECTED, "brand %s serves no file named '%s' to model %s", brand->name, file,
                           ph->model ? ph->model : "(pending)");
    np_buf_init(&buf, p, 16384);
    sink = np_buf_sink(&buf);
    if (np_render(p, brand, f, ph, &rq, &sink, &err) != 0)
        return np_cmd_fail(NP_EXIT_REJECTED, "cannot render: %s", err);
    if (out)
        return fwrite(buf.data, 1, buf.len, out) == buf.len ? 0 : np_cmd_fail(NP_EXIT_REJECTED, "write failed");
    {
        const char *dir = apr_pstrcat(p, c->out_dir, "/", ph->tok2, NULL);
        const char *path = apr_pstrcat(p, dir, "/", rq.filename, NULL);
        FILE *fo;
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return np_cmd_fail(NP_EXIT_REJECTED, "%s: %s", dir, strerror(errno));
        if (!(fo = fopen(path, "wb")))
            return np_cmd_fail(NP_EXIT_REJECTED, "%s: %s", path, strerror(errno));
        if (fwrite(buf.data, 1, buf.len, fo) != buf.len) {
            fclose(fo);
            return np_cmd_fail(NP_EXIT_REJECTED, "%s: write failed", path);
        }
        fclose(fo);
    }
    return 0;
}

/* The bootstrap file, as the module serves it: the same database function, the same render. */
static int np_render_bootstrap_to(np_cmd_t *c, const char *arg, const char *file)
{
    unsigned char mac[6];
    char mac12[13];
    np_boot_phone_t bp;
    np_request_t rq = { c->base_url, NULL, file };
    const np_brand_t *brand;
    const np_file_t *f = NULL;
    np_buf_t buf;
    np_sink_t sink;
    const char *err;
    int rc, i;

    if ((rc = np_cmd_mac_arg(arg, mac, mac12)) || (rc = np_cmd_db(c)) || (rc = np_cmd_brands(c)))
        return rc;
    switch (np_db_bootstrap(c->conn, c->pool, mac12, &bp, &err)) {
    case NP_DB_NOTFOUND:
        return np_cmd_fail(NP_EXIT_REJECTED, "phone %s gets no bootstrap: unknown, or its first provisioning is "
                           "complete (tok1 retired)", np_mac_format(mac, NP_MAC_COLON, mac12));
    case NP_DB_ERROR:
        return np_cmd_fail(np_db_broken(c->conn) ? NP_EXIT_DB : NP_EXIT_REJECTED, "%s", err);
    default:
        break;
    }
    if (!(brand = np_brands_get(c->brands, bp.brand)))
        return np_cmd_fail(NP_EXIT_REJECTED, "brand '%s' of phone %s has no templates in %s", bp.brand, arg,
                           c->templates_dir);
    if (file)
        f = np_brand_bootstrap_file(brand, file, bp.model);
    else
        /* the first bootstrap file the model is served */
        for (i = 0; !f && i < brand->bootstraps->nelts; i++) {
            rq.filename = np_file_name_for(c->pool, &((np_file_t *)brand->bootstraps->elts)[i], mac);
            f = np_brand_bootstrap_file(brand, rq.filename, bp.model);
        }
    if (!f)
        return np_cmd_fail(NP_EXIT_REJECTED, "brand %s has no bootstrap file%s%s for model %s", brand->name,
                           file ? " named " : "", file ? file : "", bp.model ? bp.model : "(pending)");
    np_buf_init(&buf, c->pool, 1024);
    sink = np_buf_sink(&buf);
    if (np_render_bootstrap(c->pool, brand, f, &bp, &rq, &sink, &err) != 0)
        return np_cmd_fail(NP_EXIT_REJECTED, "cannot render: %s", err);
    return fwrite(buf.data, 1, buf.len, stdout) == buf.len ? 0 : np_cmd_fail(NP_EXIT_REJECTED, "write failed");
}

int np_cmd_render(np_cmd_t *c, int argc, const char *const *argv)
{
    np_phone_t ph;
    const np_brand_t *brand;
    int rc, i;

    if ((rc = np_cmd_need_base_url(c)))
        return rc;
    if (c->out_dir) {
        PGresult *res;
        const char *err;
        if (argc || c->bootstrap)
            return np_cmd_fail(NP_EXIT_USAGE, "render --out-dir DIR takes no MAC nor --bootstrap: it renders every "
                               "phone's main file");
        if ((rc = np_cmd_db(c)) || (rc = np_cmd_brands(c)))
            return rc;
        if (!(res = np_db_exec(c->conn, c->pool, "SELECT replace(mac::text, ':', '') FROM nethprov.phones ORDER BY mac",
                               0, NULL, &err)))
            return np_cmd_fail(NP_EXIT_DB, "%s", err);
        if (mkdir(c->out_dir, 0755) != 0 && errno != EEXIST)
            return np_cmd_fail(NP_EXIT_REJECTED, "%s: %s", c->out_dir, strerror(errno));
        for (i = 0; i < PQntuples(res); i++) {
            apr_pool_t *p = np_scratch(c);
            if ((rc = np_cmd_phone(c, PQgetvalue(res, i, 0), &ph, &brand)) || (rc = np_render_to(c, p, brand, &ph, NULL, NULL)))
                return rc;
            apr_pool_destroy(p);
        }
        printf("%d files written under %s\n", PQntuples(res), c->out_dir);
        return NP_EXIT_OK;
    }
    if (argc < 1 || argc > 2)
        return np_cmd_fail(NP_EXIT_USAGE, "usage: nethprov render [--bootstrap] MAC [FILE]  or  nethprov render --out-dir DIR");
    if (c->bootstrap)
        return np_render_bootstrap_to(c, argv[0], argc == 2 ? argv[1] : NULL);
    if ((rc = np_cmd_phone(c, argv[0], &ph, &brand)))
        return rc;
    return np_render_to(c, c->pool, brand, &ph, argc == 2 ? argv[1] : NULL, stdout);
}
