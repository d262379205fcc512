/* brand.xml loader. Every error names the file and line: httpd refuses to start on it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_file_info.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "np_brand.h"
#include "np_dhcp.h"
#include "np_lint.h"

typedef struct {
    apr_pool_t *pool;
    const char *path;
    const char *err;
} np_bl_t;

static int np_bl_fail(np_bl_t *bl, const xmlNode *n, const char *msg)
{
    if (!bl->err)
        bl->err = apr_psprintf(bl->pool, "%s:%ld: %s", bl->path, n ? xmlGetLineNo((xmlNode *)n) : 0L, msg);
    return -1;
}

static const char *np_prop(np_bl_t *bl, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name);
    const char *r;
    if (!v)
        return NULL;
    r = apr_pstrdup(bl->pool, (const char *)v);
    xmlFree(v);
    return r;
}

static int np_file_matches(const np_file_t *f, const char *name, unsigned char mac[NP_MAC_LEN]);

static int np_hex_value(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        int c = tolower((unsigned char)s[i]);
        if (c >= '0' && c <= '9')
            v = v * 16 + (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v * 16 + (uint64_t)(c - 'a' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static uint64_t np_mac_u64(const unsigned char mac[NP_MAC_LEN])
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < NP_MAC_LEN; i++)
        v = (v << 8) | mac[i];
    return v;
}

static int np_bl_mac(np_bl_t *bl, np_brand_t *b, const xmlNode *n)
{
    const char *prefix = np_prop(bl, n, "prefix"), *from = np_prop(bl, n, "from"), *to = np_prop(bl, n, "to");
    np_mac_range_t *r = apr_array_push(b->ranges);

    if (prefix) {
        size_t len = strlen(prefix);
        uint64_t v;
        if (len < 1 || len > 12 || np_hex_value(prefix, len, &v))
            return np_bl_fail(bl, n, "mac prefix must be 1 to 12 hex digits");
        r->lo = v << (4 * (12 - len));
        r->hi = r->lo | ((((uint64_t)1) << (4 * (12 - len))) - 1);
        return 0;
    }
    if (!from || !to || strlen(from) != 12 || strlen(to) != 12 || np_hex_value(from, 12, &r->lo)
        || np_hex_value(to, 12, &r->hi) || r->lo > r->hi)
        return np_bl_fail(bl, n, "mac needs prefix=\"HEX\" or from=\"12 HEX\" to=\"12 HEX\" with from <= to");
    return 0;
}

static const np_map_t *np_bl_map_lookup(void *baton, const char *name)
{
    return apr_hash_get(((np_brand_t *)baton)->maps, name, APR_HASH_KEY_STRING);
}

static int np_bl_map(np_bl_t *bl, np_brand_t *b, const xmlNode *n)
{
    np_map_t *m = apr_pcalloc(bl->pool, sizeof *m);
    const xmlNode *c;

    if (!(m->name = np_prop(bl, n, "name")))
        return np_bl_fail(bl, n, "map needs a name");
    if (apr_hash_get(b->maps, m->name, APR_HASH_KEY_STRING))
        return np_bl_fail(bl, n, apr_psprintf(bl->pool, "map '%s' defined twice", m->name));
    m->dflt = np_prop(bl, n, "default");
    m->entries = apr_hash_make(bl->pool);
    for (c = n->children; c; c = c->next) {
        const char *k, *v;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)c->name, "entry"))
            return np_bl_fail(bl, c, "a map holds only <entry key=\"..\" value=\"..\"/>");
        k = np_prop(bl, c, "key");
        v = np_prop(bl, c, "value");
        if (!k || !v)
            return np_bl_fail(bl, c, "entry needs key and value");
        if (apr_hash_get(m->entries, k, APR_HASH_KEY_STRING))
            return np_bl_fail(bl, c, apr_psprintf(bl->pool, "key '%s' twice in map '%s'", k, m->name));
        apr_hash_set(m->entries, k, APR_HASH_KEY_STRING, v);
    }
    apr_hash_set(b->maps, m->name, APR_HASH_KEY_STRING, m);
    return 0;
}

static int np_bl_model(np_bl_t *bl, np_brand_t *b, const xmlNode *n)
{
    np_model_t *m = apr_array_push(b->models);
    const xmlAttr *a;
    int i;

    if (!(m->name = np_prop(bl, n, "name")))
        return np_bl_fail(bl, n, "model needs a name");
    for (i = 0; i < b->models->nelts - 1; i++)
        if (!strcmp(((np_model_t *)b->models->elts)[i].name, m->name))
            return np_bl_fail(bl, n, apr_psprintf(bl->pool, "model '%s' defined twice", m->name));
    m->family = np_prop(bl, n, "family");
    m->caps = apr_array_make(bl->pool, 8, sizeof(np_cap_t));
    for (a = n->properties; a; a = a->next) {
        np_cap_t *cap;
        const char *an = (const char *)a->name;
        if (!strcmp(an, "name") || !strcmp(an, "family"))
            continue;
        cap = apr_array_push(m->caps);
        cap->name = apr_pstrcat(bl->pool, "cap_", an, NULL);
        cap->value = np_prop(bl, n, an);
    }
    return 0;
}

/* A file name pattern (<file>, <bootstrap>, <manual file>): its parts around {mac}. */
static int np_bl_name(np_bl_t *bl, const xmlNode *n, const char *name, np_file_t *f)
{
    const char *at, *c;

    for (c = name; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("._-{}", *c))
            return np_bl_fail(bl, n, "a file name may hold only letters, digits, '.', '_', '-' and {mac}");
    f->pattern = name;
    if ((at = strstr(name, "{mac}")) || (at = strstr(name, "{MAC}"))) {
        f->has_mac = at[1] == 'M' ? 2 : 1;
        f->prefix = apr_pstrmemdup(bl->pool, name, (apr_size_t)(at - name));
        f->suffix = apr_pstrdup(bl->pool, at + 5);
    }
    else {
        f->has_mac = 0;
        f->prefix = name;
        f->suffix = "";
    }
    if (strchr(f->prefix, '{') || strchr(f->suffix, '{'))
        return np_bl_fail(bl, n, "a file name holds at most one {mac} and no other placeholder");
    return 0;
}

/* FILE, or ../BRAND/FILE: a template of another brand, compiled with this brand's maps and models. */
static int np_bl_template_ok(const char *t)
{
    const char *slash;
    if (!strncmp(t, "../", 3)) {
        const char *b = t + 3;
        if (!(slash = strchr(b, '/')) || slash == b)
            return 0;
        for (; b < slash; b++)
            if (!((*b >= 'a' && *b <= 'z') || (b > t + 3 && *b >= '0' && *b <= '9')))
                return 0;
        t = slash + 1;
    }
    return *t && *t != '.' && !strchr(t, '/');
}

static int np_bl_file(np_bl_t *bl, apr_array_header_t *files, const xmlNode *n)
{
    np_file_t *f = apr_array_push(files);
    const char *name = np_prop(bl, n, "name");

    f->template_name = np_prop(bl, n, "template");
    f->content_type = np_prop(bl, n, "content-type");
    f->models = np_prop(bl, n, "models");
    if (!name || !f->template_name || !f->content_type)
        return np_bl_fail(bl, n, "file needs name, template and content-type");
    if (np_bl_name(bl, n, name, f) != 0)
        return -1;
    if (!np_bl_template_ok(f->template_name))
        return np_bl_fail(bl, n, "template must name a file in the brand's folder, or ../BRAND/FILE in another "
                                 "brand's (a brand that runs another's firmware)");
    return 0;
}

static int np_bl_dhcp(np_bl_t *bl, np_brand_t *b, const xmlNode *n)
{
    np_brand_dhcp_t *d = &b->dhcp;
    const char *opt = np_prop(bl, n, "option"), *url = np_prop(bl, n, "url"), *c;
    int i;

    d->noptions = 0;
    for (c = opt ? opt : ""; *c;) {
        char *end = NULL;
        long v;
        if (*c == ' ') {
            c++;
            continue;
        }
        v = isdigit((unsigned char)*c) ? strtol(c, &end, 10) : 0;
        if (v < 1 || v > 254 || (*end && *end != ' ') || d->noptions == NP_DHCP_MAX_OPTIONS)
            return np_bl_fail(bl, n, "dhcp option must be 1 to 4 option codes (1-254), space separated");
        for (i = 0; i < d->noptions; i++)
            if (d->options[i] == v)
                return np_bl_fail(bl, n, apr_psprintf(bl->pool, "dhcp option %ld written twice", v));
        d->options[d->noptions++] = (int)v;
        c = end;
    }
    if (!d->noptions)
        return np_bl_fail(bl, n, "dhcp needs option=\"CODE ...\" (e.g. 66)");
    if (url && strcmp(url, "full") && strcmp(url, "noscheme"))
        return np_bl_fail(bl, n, "dhcp url must be \"full\" or \"noscheme\"");
    d->noscheme = url && !strcmp(url, "noscheme");
    d->file = np_prop(bl, n, "file");
    d->vendor_class = np_prop(bl, n, "vendor-class");
    if ((d->file && (!np_dhcp_text_ok(d->file) || d->file[0] == '/'))
        || (d->vendor_class && !np_dhcp_text_ok(d->vendor_class)))
        return np_bl_fail(bl, n, "dhcp file and vendor-class must be printable ASCII without spaces, quotes, "
                                 "backslashes, commas or semicolons (file: no leading '/')");
    return 0;
}

/* Text shown to the admin on one line and stored in the database: printable, no control characters. */
static int np_bl_text_ok(const char *s)
{
    if (!s || !*s || *s == ' ')
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s < ' ' || *s == 0x7f)
            return 0;
    return s[-1] != ' ';
}

static int np_bl_manual(np_bl_t *bl, np_brand_t *b, const xmlNode *n)
{
    np_brand_manual_t *m = &b->manual;
    const char *url = np_prop(bl, n, "url"), *file = np_prop(bl, n, "file");

    m->where = np_prop(bl, n, "where");
    m->disable = np_prop(bl, n, "disable");
    if (!np_bl_text_ok(m->where) || !np_bl_text_ok(m->disable))
        return np_bl_fail(bl, n, "manual needs where=\"...\" and disable=\"...\": text without control characters "
                                 "or leading and trailing spaces");
    if (url && strcmp(url, "full") && strcmp(url, "noscheme"))
        return np_bl_fail(bl, n, "manual url must be \"full\" or \"noscheme\"");
    m->noscheme = url && !strcmp(url, "noscheme");
    if (file && !*file)
        return np_bl_fail(bl, n, "manual file must not be empty (leave it out: the URL ends with the token's '/')");
    return file ? np_bl_name(bl, n, file, &m->file) : 0;
}

/* The typed URL must reach a file the brand serves: the <manual> file, filled, matches one of its <file>s. */
static int np_bl_manual_check(np_bl_t *bl, const np_brand_t *b, const xmlNode *n)
{
    static const unsigned char mac[NP_MAC_LEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
    const char *name;
    unsigned char got[NP_MAC_LEN];
    int j;

    if (!b->manual.file.pattern)
        return 0;
    name = np_file_name_for(bl->pool, &b->manual.file, mac);
    for (j = 0; j < b->files->nelts; j++)
        if (np_file_matches(&((np_file_t *)b->files->elts)[j], name, got))
            return 0;
    return np_bl_fail(bl, n, apr_psprintf(bl->pool, "manual file '%s' is none of the brand's <file> names",
                                          b->manual.file.pattern));
}

/* A bootstrap is answered without a token: the MAC in its name is all that identifies the phone. */
static int np_bl_bootstrap(np_bl_t *bl, np_brand_t *b, const xmlNode *n)
{
    if (np_bl_file(bl, b->bootstraps, n) != 0)
        return -1;
    if (!((np_file_t *)b->bootstraps->elts)[b->bootstraps->nelts - 1].has_mac)
        return np_bl_fail(bl, n, "a bootstrap name must hold {mac} or {MAC}");
    return 0;
}

/* Bootstrap templates are compiled apart (never shared with a file's) and record what they read
 * in boot_refs, so that lint can hold them to the bootstrap variables. */
static int np_bl_compile(np_bl_t *bl, np_brand_t *b, apr_array_header_t *files, apr_array_header_t *refs)
{
    apr_hash_t *done = apr_hash_make(bl->pool);
    np_expr_env_t env = { 0 };
    int i;

    env.pool = bl->pool;
    env.map_lookup = np_bl_map_lookup;
    env.baton = b;
    env.names_used = files == b->files ? b->names_used : NULL;
    env.refs = refs;
    for (i = 0; i < files->nelts; i++) {
        np_file_t *f = &((np_file_t *)files->elts)[i];
        const np_tmpl_t *t = apr_hash_get(done, f->template_name, APR_HASH_KEY_STRING);
        if (!t) {
            const char *path = apr_pstrcat(bl->pool, b->dir, "/", f->template_name, NULL);
            if (!(t = np_tmpl_compile_file(&env, path, &bl->err)))
                return -1;
            apr_hash_set(done, f->template_name, APR_HASH_KEY_STRING, t);
        }
        f->tmpl = t;
    }
    return 0;
}

static int np_brand_name_ok(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

static unsigned long long np_bl_digest(const char *path)
{
    unsigned long long h = NP_FNV_SEED;
    char buf[8192];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        h = np_fnv64(h, buf, n);
    fclose(f);
    return h;
}

static int np_bl_brand(np_bl_t *bl, const char *dir, const char *dirname, np_brand_t **out)
{
    xmlDoc *doc;
    xmlNode *root, *n;
    np_brand_t *b = apr_pcalloc(bl->pool, sizeof *b);
    int rv = 0, dhcp_seen = 0;
    const xmlNode *manual = NULL;

    bl->path = apr_pstrcat(bl->pool, dir, "/brand.xml", NULL);
    doc = xmlReadFile(bl->path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        char *msg = apr_pstrdup(bl->pool, e && e->message ? e->message : "cannot read");
        size_t ml = strlen(msg);
        while (ml && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
            msg[--ml] = '\0';
        bl->err = apr_psprintf(bl->pool, "%s:%d: not well-formed XML: %s", bl->path, e ? e->line : 0, msg);
        return -1;
    }
    root = xmlDocGetRootElement(doc);
    b->digest = np_bl_digest(bl->path);
    b->dir = dir;
    b->ranges = apr_array_make(bl->pool, 8, sizeof(np_mac_range_t));
    b->user_agents = apr_array_make(bl->pool, 2, sizeof(const char *));
    b->files = apr_array_make(bl->pool, 4, sizeof(np_file_t));
    b->bootstraps = apr_array_make(bl->pool, 1, sizeof(np_file_t));
    b->boot_refs = apr_array_make(bl->pool, 16, sizeof(np_ref_t));
    b->models = apr_array_make(bl->pool, 16, sizeof(np_model_t));
    b->maps = apr_hash_make(bl->pool);
    b->names_used = apr_hash_make(bl->pool);
    b->refs = apr_array_make(bl->pool, 256, sizeof(np_ref_t));
    b->dhcp.options[0] = 66;
    b->dhcp.noptions = 1;
    if (!root || strcmp((const char *)root->name, "brand"))
        rv = np_bl_fail(bl, root, "the root element must be <brand>");
    else if (!(b->name = np_prop(bl, root, "name")) || strcmp(b->name, dirname))
        rv = np_bl_fail(bl, root, apr_psprintf(bl->pool, "brand name must equal its folder's name '%s'", dirname));
    else if (!np_brand_name_ok(b->name))
        rv = np_bl_fail(bl, root, "a brand name is a lowercase letter followed by lowercase letters and digits");
    b->display = rv ? NULL : np_prop(bl, root, "display");
    for (n = root ? root->children : NULL; n && rv == 0; n = n->next) {
        const char *en = (const char *)n->name;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp(en, "mac"))
            rv = np_bl_mac(bl, b, n);
        else if (!strcmp(en, "user-agent")) {
            const char *m = np_prop(bl, n, "match");
            if (!m || !*m)
                rv = np_bl_fail(bl, n, "user-agent needs match=\"substring\"");
            else
                *(const char **)apr_array_push(b->user_agents) = m;
        }
        else if (!strcmp(en, "file"))
            rv = np_bl_file(bl, b->files, n);
        else if (!strcmp(en, "bootstrap"))
            rv = np_bl_bootstrap(bl, b, n);
        else if (!strcmp(en, "model"))
            rv = np_bl_model(bl, b, n);
        else if (!strcmp(en, "map"))
            rv = np_bl_map(bl, b, n);
        else if (!strcmp(en, "dhcp"))
            rv = dhcp_seen++ ? np_bl_fail(bl, n, "dhcp may appear once") : np_bl_dhcp(bl, b, n);
        else if (!strcmp(en, "manual"))
            rv = manual ? np_bl_fail(bl, n, "manual may appear once") : np_bl_manual(bl, b, (manual = n));
        else
            rv = np_bl_fail(bl, n, apr_psprintf(bl->pool, "unknown element <%s>", en));
    }
    if (rv == 0 && manual)
        rv = np_bl_manual_check(bl, b, manual);
    xmlFreeDoc(doc);
    if (rv == 0 && b->files->nelts == 0)
        rv = np_bl_fail(bl, NULL, "a brand needs at least one <file>");
    if (rv == 0)
        rv = np_bl_compile(bl, b, b->files, b->refs);
    if (rv == 0)
        rv = np_bl_compile(bl, b, b->bootstraps, b->boot_refs);
    *out = b;
    return rv;
}

static int np_strptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int np_brands_check(apr_pool_t *pool, const char *templates_dir, np_brands_t **out, apr_array_header_t *problems)
{
    apr_dir_t *d;
    apr_finfo_t fi;
    apr_array_header_t *names = apr_array_make(pool, 16, sizeof(const char *));
    np_brands_t *bs = apr_pcalloc(pool, sizeof *bs);
    np_bl_t bl = { pool, templates_dir, NULL };
    np_catalogue_t *cat = NULL;
    const char *err;
    int i, before = problems->nelts;

    if (apr_dir_open(&d, templates_dir, pool) != APR_SUCCESS) {
        *(const char **)apr_array_push(problems) =
            apr_psprintf(pool, "%s: cannot open the templates folder", templates_dir);
        return 1;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d) == APR_SUCCESS) {
        const char *path;
        apr_finfo_t bf;
        if (fi.filetype != APR_DIR || fi.name[0] == '.')
            continue;
        path = apr_pstrcat(pool, templates_dir, "/", fi.name, "/brand.xml", NULL);
        if (apr_stat(&bf, path, APR_FINFO_TYPE, pool) == APR_SUCCESS)
            *(const char **)apr_array_push(names) = apr_pstrdup(pool, fi.name);
    }
    apr_dir_close(d);
    if (np_catalogue_load(pool, apr_pstrcat(pool, templates_dir, "/catalogue.tsv", NULL), &cat, &err) != 0)
        cat = NULL;
    /* Sorted, so that load order (and so every tie) is the same on every machine. */
    qsort(names->elts, (size_t)names->nelts, sizeof(const char *), np_strptr_cmp);
    bs->brands = apr_array_make(pool, names->nelts, sizeof(np_brand_t *));
    /* Every brand is checked even after one fails, so one run reports every problem. */
    for (i = 0; i < names->nelts; i++) {
        const char *name = ((const char **)names->elts)[i];
        np_brand_t *b;
        bl.err = NULL;
        if (np_bl_brand(&bl, apr_pstrcat(pool, templates_dir, "/", name, NULL), name, &b) != 0) {
            *(const char **)apr_array_push(problems) = bl.err;
            continue;
        }
        if (cat)
            np_lint_brand(pool, b, cat, problems);
        *(np_brand_t **)apr_array_push(bs->brands) = b;
    }
    if (names->nelts == 0)
        *(const char **)apr_array_push(problems) =
            apr_psprintf(pool, "%s: no <brand>/brand.xml found", templates_dir);
    if (!cat)
        *(const char **)apr_array_push(problems) = err;
    if (problems->nelts > before)
        return problems->nelts - before;
    *out = bs;
    return 0;
}

int np_brands_load(apr_pool_t *pool, const char *templates_dir, np_brands_t **out, const char **err)
{
    apr_array_header_t *problems = apr_array_make(pool, 4, sizeof(const char *));
    if (np_brands_check(pool, templates_dir, out, problems) == 0)
        return 0;
    *err = apr_array_pstrcat(pool, problems, '\n');
    return -1;
}

const np_brand_t *np_brands_get(const np_brands_t *bs, const char *name)
{
    int i;
    for (i = 0; i < bs->brands->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)bs->brands->elts)[i];
        if (!strcmp(b->name, name))
            return b;
    }
    return NULL;
}

const np_brand_t *np_brands_detect(const np_brands_t *bs, const unsigned char mac[NP_MAC_LEN])
{
    uint64_t m = np_mac_u64(mac), best_span = UINT64_MAX;
    const np_brand_t *best = NULL;
    int i, j;

    for (i = 0; i < bs->brands->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)bs->brands->elts)[i];
        for (j = 0; j < b->ranges->nelts; j++) {
            const np_mac_range_t *r = &((np_mac_range_t *)b->ranges->elts)[j];
            if (m >= r->lo && m <= r->hi && r->hi - r->lo < best_span) {
                best_span = r->hi - r->lo;
                best = b;
            }
        }
    }
    return best;
}

/* Does name match f? With {mac}: prefix, 12 hex digits, suffix. */
static int np_file_matches(const np_file_t *f, const char *name, unsigned char mac[NP_MAC_LEN])
{
    size_t pl = strlen(f->prefix), sl = strlen(f->suffix), nl = strlen(name);
    const char *err;
    size_t pos;

    if (!f->has_mac)
        return strcmp(f->prefix, name) == 0;
    if (nl != pl + 12 + sl || memcmp(name, f->prefix, pl) || memcmp(name + pl + 12, f->suffix, sl))
        return 0;
    return np_mac_parse(name + pl, 12, mac, &err, &pos) == 0;
}

int np_brands_match_name(const np_brands_t *bs, const char *filename, unsigned char mac[NP_MAC_LEN], int *has_mac)
{
    int i, j;
    for (i = 0; i < bs->brands->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)bs->brands->elts)[i];
        for (j = 0; j < b->files->nelts; j++) {
            const np_file_t *f = &((np_file_t *)b->files->elts)[j];
            if (np_file_matches(f, filename, mac)) {
                *has_mac = f->has_mac != 0;
                return 1;
            }
        }
    }
    return 0;
}

static int np_in_list(const char *list, const char *word)
{
    size_t wl;
    if (!word)
        return 0;
    wl = strlen(word);
    while (*list) {
        size_t n;
        while (*list == ' ')
            list++;
        n = strcspn(list, " ");
        if (n == wl && !strncmp(list, word, wl))
            return 1;
        list += n;
    }
    return 0;
}

static int np_file_for_model(const np_brand_t *brand, const np_file_t *f, const char *model)
{
    const np_model_t *m;
    if (!f->models)
        return 1;
    m = np_brand_model(brand, model);
    return np_in_list(f->models, model) || (m && np_in_list(f->models, m->family));
}

static const np_file_t *np_brand_find(const np_brand_t *brand, const apr_array_header_t *files, const char *filename,
                                      const char *model)
{
    unsigned char mac[NP_MAC_LEN];
    int j;
    for (j = 0; j < files->nelts; j++) {
        const np_file_t *f = &((np_file_t *)files->elts)[j];
        if (np_file_matches(f, filename, mac) && np_file_for_model(brand, f, model))
            return f;
    }
    return NULL;
}

const np_file_t *np_brand_file(const np_brand_t *brand, const char *filename, const char *model)
{
    return np_brand_find(brand, brand->files, filename, model);
}

const np_file_t *np_brand_bootstrap_file(const np_brand_t *brand, const char *filename, const char *model)
{
    return np_brand_find(brand, brand->bootstraps, filename, model);
}

int np_brands_match_bootstrap(const np_brands_t *bs, const char *filename, unsigned char mac[NP_MAC_LEN])
{
    int i, j;
    for (i = 0; i < bs->brands->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)bs->brands->elts)[i];
        for (j = 0; j < b->bootstraps->nelts; j++)
            if (np_file_matches(&((np_file_t *)b->bootstraps->elts)[j], filename, mac))
                return 1;
    }
    return 0;
}

const np_file_t *np_brand_main_file(const np_brand_t *brand, const char *model)
{
    int j;
    for (j = 0; j < brand->files->nelts; j++) {
        const np_file_t *f = &((np_file_t *)brand->files->elts)[j];
        if (f->has_mac && np_file_for_model(brand, f, model))
            return f;
    }
    return NULL;
}

const np_model_t *np_brand_model(const np_brand_t *brand, const char *model)
{
    int i;
    if (!model)
        return NULL;
    for (i = 0; i < brand->models->nelts; i++) {
        const np_model_t *m = &((np_model_t *)brand->models->elts)[i];
        if (!strcmp(m->name, model))
            return m;
    }
    return NULL;
}

const char *np_file_name_for(apr_pool_t *pool, const np_file_t *f, const unsigned char mac[NP_MAC_LEN])
{
    char buf[NP_MAC_STRLEN];
    if (!f->has_mac)
        return f->prefix;
    np_mac_format(mac, f->has_mac == 2 ? NP_MAC_PLAIN_UPPER : NP_MAC_PLAIN, buf);
    return apr_pstrcat(pool, f->prefix, buf, f->suffix, NULL);
}

const char *np_brand_manual_url(apr_pool_t *pool, const np_brand_t *brand, const char *base_url, const char *token,
                                const unsigned char mac[NP_MAC_LEN])
{
    const np_brand_manual_t *m = &brand->manual;
    const char *rest;

    if (m->file.pattern)
        return apr_pstrcat(pool, m->noscheme && (rest = strstr(base_url, "://")) ? rest + 3 : base_url, "/", token,
                           "/", np_file_name_for(pool, &m->file, mac), NULL);
    /* Without a file, a noscheme URL also loses its trailing '/', as <dhcp url="noscheme">: the phone adds "/<file>". */
    if (m->noscheme)
        return apr_pstrcat(pool, (rest = strstr(base_url, "://")) ? rest + 3 : base_url, "/", token, NULL);
    return apr_pstrcat(pool, base_url, "/", token, "/", NULL);
}
