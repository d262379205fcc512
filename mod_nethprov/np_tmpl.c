/* Template compiler: libxml2 reads the template once; we keep only our own node tree. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "np_tmpl_int.h"

#define NP_TMPL_NS "urn:nethprov:template:1"

typedef struct {
    const np_expr_env_t *env;
    np_tmpl_t *t;
    const char *err;
} np_cc_t;

/* Bind name in the compile-time scope; returns its slot, or -1 (and an error) when nested too deep. */
static int np_cc_bind(np_cc_t *cc, const xmlNode *n, const char *name, const np_expr_t *origin)
{
    np_scope_t *sc = cc->env->scope;
    if (sc->depth >= (int)(sizeof sc->names / sizeof sc->names[0])) {
        if (!cc->err)
            cc->err = apr_psprintf(cc->env->pool, "%s:%ld: more than 64 np:for/np:let names in scope", cc->t->path,
                                   xmlGetLineNo((xmlNode *)n));
        return -1;
    }
    sc->names[sc->depth] = name;
    sc->origins[sc->depth] = origin;
    sc->slots[sc->depth] = sc->nslots;
    sc->depth++;
    return sc->nslots++;
}

static void *np_cc_fail(np_cc_t *cc, const xmlNode *n, const char *msg)
{
    if (!cc->err)
        cc->err = apr_psprintf(cc->env->pool, "%s:%ld: %s", cc->t->path, n ? xmlGetLineNo((xmlNode *)n) : 0L, msg);
    return NULL;
}

static int np_is_np(const xmlNode *n)
{
    return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, NP_TMPL_NS);
}

static int np_is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static const char *np_attr_np(const xmlNode *n, const char *name, apr_pool_t *pool)
{
    xmlChar *v = xmlGetNsProp((xmlNode *)n, (const xmlChar *)name, (const xmlChar *)NP_TMPL_NS);
    const char *r;
    if (!v)
        return NULL;
    r = apr_pstrdup(pool, (const char *)v);
    xmlFree(v);
    return r;
}

static const char *np_attr_plain(const xmlNode *n, const char *name, apr_pool_t *pool)
{
    xmlChar *v = xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name);
    const char *r;
    if (!v)
        return NULL;
    r = apr_pstrdup(pool, (const char *)v);
    xmlFree(v);
    return r;
}

/* The variable references recorded since index from were made on n's line. */
static void np_cc_where(np_cc_t *cc, const xmlNode *n, int from)
{
    apr_array_header_t *refs = cc->env->refs;
    int i;
    for (i = from; refs && i < refs->nelts; i++) {
        ((np_ref_t *)refs->elts)[i].path = cc->t->path;
        ((np_ref_t *)refs->elts)[i].line = (int)xmlGetLineNo((xmlNode *)n);
    }
}

static int np_cc_nrefs(const np_cc_t *cc)
{
    return cc->env->refs ? cc->env->refs->nelts : 0;
}

static const np_expr_t *np_cc_expr_n(np_cc_t *cc, const xmlNode *n, const char *src, size_t len)
{
    const char *err;
    int from = np_cc_nrefs(cc);
    const np_expr_t *e = np_expr_compile(cc->env, src, len, &err);
    np_cc_where(cc, n, from);
    return e ? e : np_cc_fail(cc, n, err);
}

static const np_expr_t *np_cc_expr(np_cc_t *cc, const xmlNode *n, const char *src)
{
    return np_cc_expr_n(cc, n, src, strlen(src));
}

static const np_istr_t *np_cc_istr(np_cc_t *cc, const xmlNode *n, const char *src)
{
    const char *err;
    int from = np_cc_nrefs(cc);
    const np_istr_t *s = np_istr_compile(cc->env, src, &err);
    np_cc_where(cc, n, from);
    return s ? s : np_cc_fail(cc, n, err);
}

static int np_is_name(const char *s, size_t n)
{
    size_t i;
    if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return 0;
    for (i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')
              || s[i] == '_'))
            return 0;
    return 1;
}

/* np:for="NAME in FROM..TO" */
static int np_cc_for(np_cc_t *cc, const xmlNode *n, np_node_t *node, const char *spec)
{
    const char *p = spec, *in, *dots;
    size_t nl;

    while (*p == ' ')
        p++;
    nl = strcspn(p, " ");
    if (!np_is_name(p, nl))
        return np_cc_fail(cc, n, "np:for needs a loop variable name: 'NAME in FROM..TO'"), -1;
    in = p + nl;
    while (*in == ' ')
        in++;
    if (strncmp(in, "in ", 3) || !(dots = strstr(in + 3, "..")))
        return np_cc_fail(cc, n, "np:for must read 'NAME in FROM..TO'"), -1;
    node->for_var = apr_pstrmemdup(cc->env->pool, p, nl);
    if (!(node->for_from = np_cc_expr_n(cc, n, in + 3, (size_t)(dots - (in + 3))))
        || !(node->for_to = np_cc_expr(cc, n, dots + 2)))
        return -1;
    return 0;
}

static char *np_text_of(const xmlNode *n, apr_pool_t *pool)
{
    xmlChar *c = xmlNodeGetContent((xmlNode *)n);
    char *r = apr_pstrdup(pool, c ? (const char *)c : "");
    xmlFree(c);
    return r;
}

static np_node_t *np_cc_children(np_cc_t *cc, const xmlNode *first);

static np_node_t *np_cc_element_body(np_cc_t *cc, const xmlNode *n, np_node_t *node);
static np_node_t *np_cc_output(np_cc_t *cc, const xmlNode *n, np_node_t *node, const char *skip);

static np_node_t *np_cc_element(np_cc_t *cc, const xmlNode *n)
{
    apr_pool_t *pool = cc->env->pool;
    np_node_t *node = apr_pcalloc(pool, sizeof *node);
    const char *s;

    node->line = (int)xmlGetLineNo((xmlNode *)n);
    /* The loop variable is in scope for the element's own np:if, attributes and content. */
    if ((s = np_attr_np(n, "for", pool))) {
        if (np_cc_for(cc, n, node, s) != 0 || (node->slot = np_cc_bind(cc, n, node->for_var, NULL)) < 0)
            return NULL;
        node = np_cc_element_body(cc, n, node);
        cc->env->scope->depth--;
        return node;
    }
    return np_cc_element_body(cc, n, node);
}

static np_node_t *np_cc_element_body(np_cc_t *cc, const xmlNode *n, np_node_t *node)
{
    apr_pool_t *pool = cc->env->pool;
    const char *s;

    if ((s = np_attr_np(n, "if", pool)) && !(node->if_expr = np_cc_expr(cc, n, s)))
        return NULL;

    if (np_is_np(n)) {
        const char *local = (const char *)n->name;
        if (!strcmp(local, "line")) {
            node->kind = NP_N_LINE;
            if (cc->t->writer != NP_W_LINES)
                return np_cc_fail(cc, n, "np:line belongs in a writer=\"lines\" template");
            if (!(node->text = np_cc_istr(cc, n, np_text_of(n, pool))))
                return NULL;
            if (np_istr_literal_break(node->text))
                return np_cc_fail(cc, n, "np:line text holds a line break (write one np:line per line)");
        }
        else if (!strcmp(local, "kv")) {
            node->kind = NP_N_KV;
            if (cc->t->writer != NP_W_LINES)
                return np_cc_fail(cc, n, "np:kv belongs in a writer=\"lines\" template");
            if (!(s = np_attr_plain(n, "key", pool)))
                return np_cc_fail(cc, n, "np:kv needs a key attribute");
            if (!(node->key = np_cc_istr(cc, n, s)) || !(node->text = np_cc_istr(cc, n, np_text_of(n, pool))))
                return NULL;
            if (np_istr_literal_break(node->key) || np_istr_literal_break(node->text))
                return np_cc_fail(cc, n, "np:kv key or value holds a line break");
        }
        else if (!strcmp(local, "element")) {
            /* An output element whose name is computed: <np:element name="P{3000 + n}"> */
            if (cc->t->writer != NP_W_XML)
                return np_cc_fail(cc, n, "np:element belongs in a writer=\"xml\" template");
            if (!(s = np_attr_plain(n, "name", pool)))
                return np_cc_fail(cc, n, "np:element needs a name attribute");
            node->kind = NP_N_ELEM;
            if (!(node->key = np_cc_istr(cc, n, s)))
                return NULL;
            return np_cc_output(cc, n, node, "name");
        }
        else if (!strcmp(local, "attr")) {
            /* An attribute of the enclosing output element, name and value computed. */
            if (cc->t->writer != NP_W_XML)
                return np_cc_fail(cc, n, "np:attr belongs in a writer=\"xml\" template");
            if (!(s = np_attr_plain(n, "name", pool)))
                return np_cc_fail(cc, n, "np:attr needs a name attribute");
            node->kind = NP_N_ATTR;
            if (!(node->key = np_cc_istr(cc, n, s)) || !(node->text = np_cc_istr(cc, n, np_text_of(n, pool))))
                return NULL;
        }
        else if (!strcmp(local, "block")) {
            node->kind = NP_N_BLOCK;
            node->children = np_cc_children(cc, n->children);
            if (cc->err)
                return NULL;
        }
        else if (!strcmp(local, "let")) {
            node->kind = NP_N_LET;
            if (node->for_var || node->if_expr)
                return np_cc_fail(cc, n, "np:let takes no np:if or np:for");
            if (!(node->name = np_attr_plain(n, "name", pool)) || !(s = np_attr_plain(n, "value", pool)))
                return np_cc_fail(cc, n, "np:let needs name and value attributes");
            if (!np_is_name(node->name, strlen(node->name)))
                return np_cc_fail(cc, n, "np:let name must be a name: letters, digits and '_'");
            if (!(node->let_value = np_cc_expr(cc, n, s)))
                return NULL;
        }
        else
            return np_cc_fail(cc, n, apr_psprintf(pool, "unknown element np:%s", local));
        return node;
    }

    if (cc->t->writer != NP_W_XML)
        return np_cc_fail(cc, n, apr_psprintf(pool, "output element <%s> in a writer=\"lines\" template", n->name));
    if (n->ns)
        return np_cc_fail(cc, n, "output elements must not be in a namespace");
    node->kind = NP_N_ELEM;
    node->name = apr_pstrdup(pool, (const char *)n->name);
    return np_cc_output(cc, n, node, NULL);
}

/* The attributes and content of an output element (skip: an attribute of ours not to copy). */
static np_node_t *np_cc_output(np_cc_t *cc, const xmlNode *n, np_node_t *node, const char *skip)
{
    apr_pool_t *pool = cc->env->pool;
    apr_array_header_t *attrs = apr_array_make(pool, 4, sizeof(np_attr_t));
    const xmlAttr *a;

    for (a = n->properties; a; a = a->next) {
        np_attr_t *at;
        xmlChar *v;
        if (a->ns) {
            if (!strcmp((const char *)a->ns->href, NP_TMPL_NS)
                && (!strcmp((const char *)a->name, "if") || !strcmp((const char *)a->name, "for")))
                continue;
            return np_cc_fail(cc, n, apr_psprintf(pool, "unknown namespaced attribute %s", a->name));
        }
        if (skip && !strcmp((const char *)a->name, skip))
            continue;
        at = apr_array_push(attrs);
        at->name = apr_pstrdup(pool, (const char *)a->name);
        v = xmlNodeListGetString(n->doc, a->children, 1);
        at->value = np_cc_istr(cc, n, v ? (const char *)v : "");
        xmlFree(v);
        if (!at->value)
            return NULL;
    }
    node->attrs = (const np_attr_t *)attrs->elts;
    node->nattrs = attrs->nelts;
    node->children = np_cc_children(cc, n->children);
    return cc->err ? NULL : node;
}

static np_node_t *np_cc_children(np_cc_t *cc, const xmlNode *first)
{
    np_node_t *head = NULL, **tail = &head;
    const xmlNode *n;
    int depth0 = cc->env->scope->depth;

    for (n = first; n; n = n->next) {
        np_node_t *node = NULL;
        if (n->type == XML_ELEMENT_NODE) {
            if (!(node = np_cc_element(cc, n)))
                return NULL;
            /* A let's name is bound after its value is compiled, for the siblings that follow. */
            if (node->kind == NP_N_LET && (node->slot = np_cc_bind(cc, n, node->name, node->let_value)) < 0)
                return NULL;
        }
        else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *txt = (const char *)n->content;
            if (!txt || np_is_blank(txt))
                continue;
            if (cc->t->writer != NP_W_XML)
                return np_cc_fail(cc, n, "text outside np:line or np:kv in a writer=\"lines\" template");
            node = apr_pcalloc(cc->env->pool, sizeof *node);
            node->kind = NP_N_TEXT;
            node->line = (int)xmlGetLineNo((xmlNode *)n);
            if (!(node->text = np_cc_istr(cc, n, txt)))
                return NULL;
        }
        else
            continue;
        *tail = node;
        tail = &node->next;
    }
    cc->env->scope->depth = depth0;
    return head;
}

static np_tmpl_t *np_cc_doc(const np_expr_env_t *env0, const char *name, xmlDoc *doc, const char **err)
{
    np_scope_t scope;
    np_expr_env_t envs = *env0, *env = &envs;
    np_cc_t cc = { env, NULL, NULL };
    xmlNode *root = xmlDocGetRootElement(doc);
    const char *s;
    apr_pool_t *pool = env->pool;

    cc.t = apr_pcalloc(pool, sizeof *cc.t);
    cc.t->path = apr_pstrdup(pool, name);
    cc.t->separator = " = ";
    if (!root || !np_is_np(root) || strcmp((const char *)root->name, "template")) {
        np_cc_fail(&cc, root, "the root element must be np:template (xmlns:np=\"" NP_TMPL_NS "\")");
        *err = cc.err;
        return NULL;
    }
    s = np_attr_plain(root, "writer", pool);
    if (s && !strcmp(s, "xml"))
        cc.t->writer = NP_W_XML;
    else if (s && !strcmp(s, "lines"))
        cc.t->writer = NP_W_LINES;
    else {
        np_cc_fail(&cc, root, "np:template needs writer=\"xml\" or writer=\"lines\"");
        *err = cc.err;
        return NULL;
    }
    if ((s = np_attr_plain(root, "separator", pool)))
        cc.t->separator = s;
    if ((s = np_attr_plain(root, "pad", pool)))
        cc.t->pad = atoi(s);
    if ((s = np_attr_plain(root, "indent", pool)))
        cc.t->indent = atoi(s);
    if (cc.t->pad < 0 || cc.t->pad > 200 || cc.t->indent < 0 || cc.t->indent > 16) {
        np_cc_fail(&cc, root, "pad must be 0..200 and indent 0..16");
        *err = cc.err;
        return NULL;
    }
    memset(&scope, 0, sizeof scope);
    envs.scope = &scope;
    cc.t->seplen = strlen(cc.t->separator);
    cc.t->body = np_cc_children(&cc, root->children);
    cc.t->nslots = scope.nslots;
    if (cc.err) {
        *err = cc.err;
        return NULL;
    }
    if (cc.t->writer == NP_W_XML) {
        /* Exactly one root element, written exactly once: anything else is not a document. */
        int roots = 0, bad = 0;
        np_node_t *n;
        for (n = cc.t->body; n; n = n->next) {
            roots += n->kind == NP_N_ELEM;
            bad |= n->kind == NP_N_TEXT || n->kind == NP_N_BLOCK || n->kind == NP_N_LINE || n->kind == NP_N_KV
                   || (n->kind == NP_N_ELEM && (n->if_expr || n->for_var));
        }
        if (roots != 1 || bad) {
            np_cc_fail(&cc, root, "a writer=\"xml\" template needs exactly one output root element, without np:if or np:for");
            *err = cc.err;
            return NULL;
        }
    }
    return cc.t;
}

np_tmpl_t *np_tmpl_compile_mem(const np_expr_env_t *env, const char *name, const char *buf, size_t len,
                               const char **err)
{
    xmlDoc *doc;
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    np_tmpl_t *t;

    if (!ctxt) {
        *err = "out of memory";
        return NULL;
    }
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char *msg = apr_pstrdup(env->pool, e && e->message ? e->message : "parse error");
        size_t ml = strlen(msg);
        while (ml && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
            msg[--ml] = '\0';
        *err = apr_psprintf(env->pool, "%s:%d: not well-formed XML: %s", name, e ? e->line : 0, msg);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    t = np_cc_doc(env, name, doc, err);
    if (t)
        t->digest = np_fnv64(NP_FNV_SEED, buf, len);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return t;
}

unsigned long long np_tmpl_digest(const np_tmpl_t *t)
{
    return t->digest;
}

np_tmpl_t *np_tmpl_compile_file(const np_expr_env_t *env, const char *path, const char **err)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;
    size_t got;

    if (!f) {
        *err = apr_psprintf(env->pool, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0 || size > 4 * 1024 * 1024) {
        fclose(f);
        *err = apr_psprintf(env->pool, "%s: not a regular file of at most 4 MiB", path);
        return NULL;
    }
    buf = apr_palloc(env->pool, (apr_size_t)size + 1);
    got = fread(buf, 1, (size_t)size, f);
    fclose(f);
    buf[got] = '\0';
    return np_tmpl_compile_mem(env, path, buf, got, err);
}
