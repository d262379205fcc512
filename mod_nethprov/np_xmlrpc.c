/* XML-RPC encoding and decoding: see np_xmlrpc.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "np_xmlrpc.h"

/* Deeper nesting than this is not an answer of a redirect service. */
#define NP_XV_DEPTH 16
/* Nor is more text than this (all of an answer's strings and names together). */
#define NP_XV_TEXT_MAX (1024 * 1024)

/* What the decoder carries from value to value: the text budget left. */
typedef struct {
    apr_pool_t *p;
    size_t text_left;
} np_xd_t;

np_xv_t np_xv_str(const char *s)
{
    np_xv_t v = { NP_XV_STRING, s, 0, 0, NULL, NULL };
    return v;
}

np_xv_t np_xv_bool(int b)
{
    np_xv_t v = { NP_XV_BOOL, NULL, b ? 1 : 0, 0, NULL, NULL };
    return v;
}

np_xv_t np_xv_int(long i)
{
    np_xv_t v = { NP_XV_INT, NULL, i, 0, NULL, NULL };
    return v;
}

np_xv_t np_xv_array(np_xv_t *items, int n)
{
    np_xv_t v = { NP_XV_ARRAY, NULL, 0, n, items, NULL };
    return v;
}

static const char *np_xml_escape(apr_pool_t *p, const char *s)
{
    size_t n = 0;
    const char *c;
    char *o, *d;
    for (c = s; *c; c++)
        n += *c == '&' ? 5 : *c == '<' || *c == '>' ? 4 : 1;
    d = o = apr_palloc(p, n + 1);
    for (c = s; *c; c++) {
        const char *e = *c == '&' ? "&amp;" : *c == '<' ? "&lt;" : *c == '>' ? "&gt;" : NULL;
        if (e) {
            memcpy(d, e, strlen(e));
            d += strlen(e);
        }
        else
            *d++ = *c;
    }
    *d = '\0';
    return o;
}

static const char *np_xv_encode(apr_pool_t *p, const np_xv_t *v)
{
    const char *s;
    int i;
    switch (v->type) {
    case NP_XV_BOOL:
        return v->i ? "<value><boolean>1</boolean></value>" : "<value><boolean>0</boolean></value>";
    case NP_XV_INT:
        /* <int> holds four bytes (the decoder refuses more): a wider value is an <i8> */
        if (v->i > INT_MAX || v->i < INT_MIN)
            return apr_psprintf(p, "<value><i8>%ld</i8></value>", v->i);
        return apr_psprintf(p, "<value><int>%ld</int></value>", v->i);
    case NP_XV_DOUBLE:
        return apr_pstrcat(p, "<value><double>", v->s, "</double></value>", NULL);
    case NP_XV_NIL:
        return "<value><nil/></value>";
    case NP_XV_ARRAY:
        s = "<value><array><data>";
        for (i = 0; i < v->n; i++)
            s = apr_pstrcat(p, s, np_xv_encode(p, &v->items[i]), NULL);
        return apr_pstrcat(p, s, "</data></array></value>", NULL);
    case NP_XV_STRUCT:
        s = "<value><struct>";
        for (i = 0; i < v->n; i++)
            s = apr_pstrcat(p, s, "<member><name>", np_xml_escape(p, v->names[i]), "</name>",
                            np_xv_encode(p, &v->items[i]), "</member>", NULL);
        return apr_pstrcat(p, s, "</struct></value>", NULL);
    case NP_XV_STRING:
    default:
        return apr_pstrcat(p, "<value><string>", np_xml_escape(p, v->s ? v->s : ""), "</string></value>", NULL);
    }
}

char *np_xmlrpc_call(apr_pool_t *p, const char *method, const np_xv_t *params, int n)
{
    char *s = apr_pstrcat(p, "<?xml version=\"1.0\"?>\n<methodCall><methodName>", np_xml_escape(p, method),
                          "</methodName><params>", NULL);
    int i;
    for (i = 0; i < n; i++)
        s = apr_pstrcat(p, s, "<param>", np_xv_encode(p, &params[i]), "</param>", NULL);
    return apr_pstrcat(p, s, "</params></methodCall>\n", NULL);
}

/* -- decoding --------------------------------------------------------------------------------- */

static int np_xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The first element child of N (text and comments skipped). */
static xmlNode *np_xml_first(xmlNode *n)
{
    for (n = n ? n->children : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
        ;
    return n;
}

static xmlNode *np_xml_next(xmlNode *n)
{
    for (n = n ? n->next : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
        ;
    return n;
}

/* The text of N and its descendants, as xmlNodeGetContent gives it, but without expanding entity
 * references (xmlNodeGetContent expands them outside libxml2's amplification guard) and within the
 * answer's text budget. The walk is iterative; libxml2 already bounds the depth of elements (256). */
static char *np_xml_text(np_xd_t *d, xmlNode *n, const char **err)
{
    size_t len = 0;
    xmlNode *c;
    char *s = NULL;
    int pass;

    /* two passes over the same nodes: measure, then copy into one block */
    for (pass = 0; pass < 2; pass++) {
        size_t at = 0;
        for (c = n->children; c && c != n;) {
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                size_t cl = c->content ? strlen((const char *)c->content) : 0;
                if (pass == 0) {
                    if (cl > d->text_left - len) {
                        *err = apr_psprintf(d->p, "the answer's text is longer than 1 MiB (line %d)",
                                            (int)xmlGetLineNo(n));
                        return NULL;
                    }
                    len += cl;
                }
                else {
                    memcpy(s + at, c->content, cl);
                    at += cl;
                }
            }
            else if (c->type == XML_ENTITY_REF_NODE) {
                /* only a DTD declares entities, and a DOCTYPE is refused before: never here */
                *err = apr_psprintf(d->p, "an entity reference &%s; (line %d)", (const char *)c->name,
                                    (int)xmlGetLineNo(n));
                return NULL;
            }
            /* next in document order, staying under n */
            if (c->type == XML_ELEMENT_NODE && c->children)
                c = c->children;
            else {
                while (c != n && !c->next)
                    c = c->parent;
                if (c != n)
                    c = c->next;
            }
        }
        if (pass == 0)
            s = apr_palloc(d->p, len + 1);
        else
            s[at] = '\0';
    }
    d->text_left -= len;
    return s;
}

static int np_xv_decode(np_xd_t *d, xmlNode *value, np_xv_t *out, int depth, const char **err);

static int np_xv_decode_list(np_xd_t *d, xmlNode *first, const char *item, np_xv_t *out, int depth,
                             const char **err)
{
    apr_pool_t *p = d->p;
    xmlNode *c;
    int n = 0, i = 0;
    for (c = first; c; c = np_xml_next(c))
        n++;
    out->n = n;
    out->items = apr_pcalloc(p, sizeof(np_xv_t) * (size_t)(n ? n : 1));
    if (out->type == NP_XV_STRUCT)
        out->names = apr_pcalloc(p, sizeof(char *) * (size_t)(n ? n : 1));
    for (c = first; c; c = np_xml_next(c), i++) {
        xmlNode *v = c;
        if (!np_xml_is(c, item)) {
            *err = apr_psprintf(p, "<%s> where <%s> was expected (line %d)", (const char *)c->name, item,
                                (int)xmlGetLineNo(c));
            return -1;
        }
        if (out->type == NP_XV_STRUCT) {
            xmlNode *name = np_xml_first(c);
            if (!np_xml_is(name, "name") || !np_xml_is(v = np_xml_next(name), "value")) {
                *err = apr_psprintf(p, "a <member> without <name> and <value> (line %d)", (int)xmlGetLineNo(c));
                return -1;
            }
            if (!(out->names[i] = np_xml_text(d, name, err)))
                return -1;
        }
        if (np_xv_decode(d, v, &out->items[i], depth + 1, err) != 0)
            return -1;
    }
    return 0;
}

/* An integer of <int>, <i4> (four bytes, as the XML-RPC specification has it), <i8> or <boolean>:
 * strtol clamps what is out of range to LONG_MAX or LONG_MIN, which is refused here. */
static int np_xv_integer(np_xd_t *d, xmlNode *t, const char *name, np_xv_t *out, const char **err)
{
    const char *s = np_xml_text(d, t, err);
    char *end;
    int range;

    if (!s)
        return -1;
    errno = 0;
    out->i = strtol(s, &end, 10);
    range = errno == ERANGE || (strcmp(name, "i8") && strcmp(name, "boolean") && (out->i > INT_MAX || out->i < INT_MIN));
    while (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r')
        end++;
    if (!*s || *end || end == s || (!range && !strcmp(name, "boolean") && out->i != 0 && out->i != 1)) {
        *err = apr_psprintf(d->p, "<%s> holds '%s' (line %d)", name, s, (int)xmlGetLineNo(t));
        return -1;
    }
    if (range) {
        *err = apr_psprintf(d->p, "<%s> holds '%s', out of range (line %d)", name, s, (int)xmlGetLineNo(t));
        return -1;
    }
    return 0;
}

static int np_xv_decode(np_xd_t *d, xmlNode *value, np_xv_t *out, int depth, const char **err)
{
    apr_pool_t *p = d->p;
    xmlNode *t = np_xml_first(value);
    const char *name;

    memset(out, 0, sizeof *out);
    if (depth > NP_XV_DEPTH) {
        *err = "values nested too deeply";
        return -1;
    }
    if (!np_xml_is(value, "value")) {
        *err = apr_psprintf(p, "<%s> where <value> was expected", value ? (const char *)value->name : "nothing");
        return -1;
    }
    if (!t) { /* a <value> without a type element is a string */
        out->type = NP_XV_STRING;
        return (out->s = np_xml_text(d, value, err)) ? 0 : -1;
    }
    name = (const char *)t->name;
    if (!strcmp(name, "string")) {
        out->type = NP_XV_STRING;
        if (!(out->s = np_xml_text(d, t, err)))
            return -1;
    }
    else if (!strcmp(name, "boolean") || !strcmp(name, "int") || !strcmp(name, "i4") || !strcmp(name, "i8")) {
        out->type = *name == 'b' ? NP_XV_BOOL : NP_XV_INT;
        return np_xv_integer(d, t, name, out, err);
    }
    else if (!strcmp(name, "double") || !strcmp(name, "dateTime.iso8601") || !strcmp(name, "base64")) {
        out->type = *name == 'd' && name[1] == 'o' ? NP_XV_DOUBLE : NP_XV_STRING;
        if (!(out->s = np_xml_text(d, t, err)))
            return -1;
    }
    else if (!strcmp(name, "nil")) {
        out->type = NP_XV_NIL;
    }
    else if (!strcmp(name, "array")) {
        xmlNode *data = np_xml_first(t);
        out->type = NP_XV_ARRAY;
        if (!np_xml_is(data, "data")) {
            *err = apr_psprintf(p, "an <array> without <data> (line %d)", (int)xmlGetLineNo(t));
            return -1;
        }
        return np_xv_decode_list(d, np_xml_first(data), "value", out, depth, err);
    }
    else if (!strcmp(name, "struct")) {
        out->type = NP_XV_STRUCT;
        return np_xv_decode_list(d, np_xml_first(t), "member", out, depth, err);
    }
    else {
        *err = apr_psprintf(p, "unknown value type <%s> (line %d)", name, (int)xmlGetLineNo(t));
        return -1;
    }
    return 0;
}

static np_xmlrpc_kind_e np_xmlrpc_doc(apr_pool_t *p, xmlNode *root, np_xv_t **result, long *fault_code,
                                      const char **fault_string, const char **err)
{
    xmlNode *c = np_xml_first(root);
    np_xv_t *v = apr_pcalloc(p, sizeof *v);
    np_xd_t d = { p, NP_XV_TEXT_MAX };
    int i;

    if (!np_xml_is(root, "methodResponse")) {
        *err = apr_psprintf(p, "the document is <%s>, not <methodResponse>", root ? (const char *)root->name : "empty");
        return NP_XMLRPC_BAD;
    }
    if (np_xml_is(c, "fault")) {
        if (np_xv_decode(&d, np_xml_first(c), v, 0, err) != 0)
            return NP_XMLRPC_BAD;
        *fault_code = 0;
        *fault_string = "";
        for (i = 0; v->type == NP_XV_STRUCT && i < v->n; i++) {
            if (!strcmp(v->names[i], "faultCode") && v->items[i].type == NP_XV_INT)
                *fault_code = v->items[i].i;
            else if (!strcmp(v->names[i], "faultString") && v->items[i].type == NP_XV_STRING)
                *fault_string = v->items[i].s;
        }
        return NP_XMLRPC_FAULT;
    }
    if (!np_xml_is(c, "params") || !np_xml_is(c = np_xml_first(c), "param")) {
        *err = "<methodResponse> holds neither <params><param> nor <fault>";
        return NP_XMLRPC_BAD;
    }
    if (np_xv_decode(&d, np_xml_first(c), v, 0, err) != 0)
        return NP_XMLRPC_BAD;
    *result = v;
    return NP_XMLRPC_RESULT;
}

/* The parser's internalSubset callback, called when <!DOCTYPE has been read and before any of its
 * declarations: an answer comes from a remote server (Fanvil's over plain HTTP), and the entities a
 * DTD declares can expand a few kilobytes into gigabytes. No XML-RPC answer has a DOCTYPE, so the
 * parse stops right there. */
static void np_xmlrpc_no_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = ctx;
    *(int *)ctxt->_private = ctxt->input ? ctxt->input->line : 1;
    xmlStopParser(ctxt);
}

np_xmlrpc_kind_e np_xmlrpc_parse(apr_pool_t *p, const char *body, size_t len, np_xv_t **result, long *fault_code,
                                 const char **fault_string, const char **err)
{
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    np_xmlrpc_kind_e k;
    int doctype_line = 0;

    if (len > 0x7fffffff) {
        *err = "the answer is too large";
        return NP_XMLRPC_BAD;
    }
    if (!(ctxt = xmlNewParserCtxt())) {
        *err = "out of memory";
        return NP_XMLRPC_BAD;
    }
    ctxt->_private = &doctype_line;
    ctxt->sax->internalSubset = np_xmlrpc_no_dtd;
    /* No network, no DTD, no entity substitution (XML_PARSE_NOENT and XML_PARSE_DTDLOAD left out). */
    doc = xmlCtxtReadMemory(ctxt, body, (int)len, "answer.xml", NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doctype_line || (doc && (doc->intSubset || doc->extSubset))) {
        *err = apr_psprintf(p, "the answer declares a DOCTYPE (line %d), which an XML-RPC answer never needs: "
                               "refused, since its entities could expand without bound", doctype_line ? doctype_line : 1);
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return NP_XMLRPC_BAD;
    }
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        *err = "not XML";
        if (e && e->message) {
            char *m = apr_pstrdup(p, e->message);
            size_t n = strlen(m);
            while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
                m[--n] = '\0';
            *err = apr_psprintf(p, "not XML (line %d: %s)", e->line, m);
        }
        xmlFreeParserCtxt(ctxt);
        return NP_XMLRPC_BAD;
    }
    k = np_xmlrpc_doc(p, xmlDocGetRootElement(doc), result, fault_code, fault_string, err);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return k;
}

int np_xmlrpc_pair(const np_xv_t *v, int *ok, const char **msg)
{
    *msg = NULL;
    if (v->type == NP_XV_BOOL) {
        *ok = (int)v->i;
        return 0;
    }
    if (v->type != NP_XV_ARRAY || v->n < 1 || v->items[0].type != NP_XV_BOOL)
        return -1;
    *ok = (int)v->items[0].i;
    if (v->n > 1 && v->items[1].type == NP_XV_STRING)
        *msg = v->items[1].s;
    return 0;
}
