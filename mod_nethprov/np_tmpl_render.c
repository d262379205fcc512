/* Template renderer: walks the compiled tree; values reach the output only through
 * libxml2's writer (xml) or the line checks below (lines). */
#include <string.h>
#include <apr_strings.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlstring.h>
#include "np_tmpl_int.h"
#include "np_memo.h"

typedef struct {
    const np_tmpl_t *t;
    np_eval_t ev;
    const np_sink_t *sink;
    xmlTextWriterPtr xw;
    const char *err;
} np_rc_t;

static int np_rc_fail(np_rc_t *rc, const np_node_t *n, const char *msg)
{
    if (!rc->err)
        rc->err = apr_psprintf(rc->ev.pool, "%s:%d: %s", rc->t->path, n ? n->line : 0, msg);
    return -1;
}

/* XML 1.0 allows no C0 controls but tab, LF and CR, and the text must be UTF-8. */
static int np_xml_ok(const char *v)
{
    const unsigned char *p;
    for (p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return xmlCheckUTF8((const xmlChar *)v);
}

static int np_render_list(np_rc_t *rc, const np_node_t *n);

/* Write an interpolated string straight into the sink, refusing line breaks; returns its length or -1. */
enum { NP_PART_LINE, NP_PART_KEY, NP_PART_VALUE };

static long np_write_istr(np_rc_t *rc, const np_node_t *n, const np_istr_t *is, int part)
{
    int i, nsegs = np_istr_nsegs(is);
    long total = 0;

    for (i = 0; i < nsegs; i++) {
        size_t len;
        int brk;
        const char *v = np_istr_seg(is, i, &rc->ev, &len, &brk);
        if (brk)
            return np_rc_fail(rc, n, part == NP_PART_VALUE
                                         ? apr_psprintf(rc->ev.pool, "refused a value with a line break for %s",
                                                        np_istr_eval(n->key, &rc->ev))
                                         : part == NP_PART_KEY ? "refused a key with a line break"
                                                               : "refused a line with a line break");
        if (len && rc->sink->write(rc->sink->ctx, v, len))
            return np_rc_fail(rc, n, "output failed");
        total += (long)len;
    }
    return total;
}

static int np_write_line(np_rc_t *rc, const np_node_t *n)
{
    static const char spaces[] = "                                                                ";
    if (n->kind == NP_N_KV) {
        long kl = np_write_istr(rc, n, n->key, NP_PART_KEY);
        long pad;
        if (kl < 0)
            return -1;
        for (pad = rc->t->pad - kl; pad > 0; pad -= (long)(sizeof spaces - 1))
            if (rc->sink->write(rc->sink->ctx, spaces, pad < (long)(sizeof spaces - 1) ? (size_t)pad : sizeof spaces - 1))
                return np_rc_fail(rc, n, "output failed");
        if (rc->sink->write(rc->sink->ctx, rc->t->separator, rc->t->seplen))
            return np_rc_fail(rc, n, "output failed");
        if (np_write_istr(rc, n, n->text, NP_PART_VALUE) < 0)
            return -1;
    }
    else if (np_write_istr(rc, n, n->text, NP_PART_LINE) < 0)
        return -1;
    if (rc->sink->write(rc->sink->ctx, "\n", 1))
        return np_rc_fail(rc, n, "output failed");
    return 0;
}

/* A computed element or attribute name must be an XML name (no colon: no namespaces here). */
static int np_xml_name_ok(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'
              || *s == '-' || *s == '.'))
            return 0;
    return 1;
}

static int np_render_attr(np_rc_t *rc, const np_node_t *n)
{
    const char *name = np_istr_eval(n->key, &rc->ev), *v = np_istr_eval(n->text, &rc->ev);
    if (!np_xml_name_ok(name))
        return np_rc_fail(rc, n, apr_psprintf(rc->ev.pool, "'%s' is not an attribute name", name));
    if (!np_xml_ok(v))
        return np_rc_fail(rc, n, apr_psprintf(rc->ev.pool, "refused a control character or invalid UTF-8 in "
                                              "attribute %s", name));
    /* libxml2 refuses an attribute after the element's content has begun: np:attr comes first. */
    if (xmlTextWriterWriteAttribute(rc->xw, (const xmlChar *)name, (const xmlChar *)v) < 0)
        return np_rc_fail(rc, n, apr_psprintf(rc->ev.pool, "attribute %s after the element's content", name));
    return 0;
}

static int np_render_elem(np_rc_t *rc, const np_node_t *n)
{
    int i;
    const char *name = n->name;
    if (!name && !np_xml_name_ok(name = np_istr_eval(n->key, &rc->ev)))
        return np_rc_fail(rc, n, apr_psprintf(rc->ev.pool, "'%s' is not an element name", name));
    if (xmlTextWriterStartElement(rc->xw, (const xmlChar *)name) < 0)
        return np_rc_fail(rc, n, "output failed");
    for (i = 0; i < n->nattrs; i++) {
        const char *v = np_istr_eval(n->attrs[i].value, &rc->ev);
        if (!np_xml_ok(v))
            return np_rc_fail(rc, n, apr_psprintf(rc->ev.pool, "refused a control character or invalid UTF-8 in "
                                                  "attribute %s", n->attrs[i].name));
        if (xmlTextWriterWriteAttribute(rc->xw, (const xmlChar *)n->attrs[i].name, (const xmlChar *)v) < 0)
            return np_rc_fail(rc, n, "output failed");
    }
    if (np_render_list(rc, n->children))
        return -1;
    /* Always <a></a>, never <a/>: some phones' XML readers handle only the long form. */
    if (xmlTextWriterFullEndElement(rc->xw) < 0)
        return np_rc_fail(rc, n, "output failed");
    return 0;
}

static int np_render_one(np_rc_t *rc, const np_node_t *n)
{
    const char *v;

    if (n->if_expr && !np_expr_truthy(np_expr_eval(n->if_expr, &rc->ev)))
        return 0;
    switch (n->kind) {
    case NP_N_ELEM:
        return np_render_elem(rc, n);
    case NP_N_TEXT:
        v = np_istr_eval(n->text, &rc->ev);
        if (!np_xml_ok(v))
            return np_rc_fail(rc, n, "refused a control character or invalid UTF-8 in text");
        if (xmlTextWriterWriteString(rc->xw, (const xmlChar *)v) < 0)
            return np_rc_fail(rc, n, "output failed");
        return 0;
    case NP_N_LINE:
    case NP_N_KV:
        return np_write_line(rc, n);
    case NP_N_BLOCK:
        return np_render_list(rc, n->children);
    case NP_N_ATTR:
        return np_render_attr(rc, n);
    default:
        return 0;
    }
}

/* Loops bind their variable as a local for each pass; np_if is tested inside the loop. */
static int np_render_node(np_rc_t *rc, const np_node_t *n)
{
    long i, from, to;
    int rv = 0;

    if (!n->for_var)
        return np_render_one(rc, n);
    from = np_expr_int(np_expr_eval(n->for_from, &rc->ev));
    to = np_expr_int(np_expr_eval(n->for_to, &rc->ev));
    /* Compared as unsigned so that extreme bounds cannot overflow the check. */
    if (to >= from && (unsigned long)to - (unsigned long)from >= 100000UL)
        return np_rc_fail(rc, n, "loop of more than 100000 passes refused");
    if (rc->ev.rec)
        rc->ev.rec->inner[n->slot] = 1;
    for (i = from; i <= to && rv == 0; i++) {
        rc->ev.slots[n->slot] = apr_ltoa(rc->ev.pool, i);
        rv = np_render_one(rc, n);
    }
    return rv;
}

static int np_render_list(np_rc_t *rc, const np_node_t *n)
{
    int rv = 0;

    for (; n && rv == 0; n = n->next) {
        if (n->kind == NP_N_LET) {
            rc->ev.slots[n->slot] = np_expr_eval(n->let_value, &rc->ev);
            if (rc->ev.rec)
                rc->ev.rec->inner[n->slot] = 1;
        }
        else
            rv = np_render_node(rc, n);
    }
    return rv;
}

/* A top-level block: written from the memo when a rendering of it fits this request, else
 * rendered while recording what it reads, and kept. */
static int np_render_memo_node(np_rc_t *rc, const np_node_t *n, int idx, np_memo_t *memo, const np_memo_req_t *mrq)
{
    const np_memo_entry_t *e = np_memo_find(memo, rc->t, idx, mrq, rc->ev.slots);
    const np_sink_t *outer_sink = rc->sink;
    np_rec_t rec;
    np_buf_t buf;
    np_sink_t bsink;
    unsigned char *seen;
    int rv, i, k;
    int *outer;
    const char **outer_vals;

    if (e) {
        size_t len;
        const char *bytes = np_memo_bytes(e, &len);
        rv = len && rc->sink->write(rc->sink->ctx, bytes, len) ? np_rc_fail(rc, n, "output failed") : 0;
        np_memo_done(memo, e);
        return rv;
    }
    rec.names = apr_array_make(rc->ev.pool, 512, sizeof(unsigned long long));
    rec.outer = apr_array_make(rc->ev.pool, 8, sizeof(int));
    rec.inner = apr_pcalloc(rc->ev.pool, (size_t)rc->t->nslots + 1);
    np_buf_init(&buf, rc->ev.pool, 16384);
    bsink = np_buf_sink(&buf);
    rc->sink = &bsink;
    rc->ev.rec = &rec;
    rv = np_render_node(rc, n);
    rc->ev.rec = NULL;
    rc->sink = outer_sink;
    if (rv)
        return rv;
    if (buf.len && rc->sink->write(rc->sink->ctx, buf.data, buf.len))
        return np_rc_fail(rc, n, "output failed");
    /* Each outer slot once, with the value it had while the block rendered. */
    seen = apr_pcalloc(rc->ev.pool, (size_t)rc->t->nslots + 1);
    outer = apr_palloc(rc->ev.pool, sizeof(int) * (size_t)(rec.outer->nelts + 1));
    outer_vals = apr_palloc(rc->ev.pool, sizeof(char *) * (size_t)(rec.outer->nelts + 1));
    for (i = 0, k = 0; i < rec.outer->nelts; i++) {
        int slot = ((int *)rec.outer->elts)[i];
        if (seen[slot])
            continue;
        seen[slot] = 1;
        outer[k] = slot;
        outer_vals[k++] = rc->ev.slots[slot];
    }
    np_memo_store(memo, rc->t, idx, mrq, (const unsigned long long *)rec.names->elts, rec.names->nelts,
                  outer, outer_vals, k, buf.data, buf.len);
    return 0;
}

/* The body of a lines template, top level by top level, so that big blocks can come from the memo. */
static int np_render_top(np_rc_t *rc, np_memo_t *memo, const np_memo_req_t *mrq)
{
    const np_node_t *n;
    int rv = 0, idx = 0;

    for (n = rc->t->body; n && rv == 0; n = n->next, idx++) {
        if (n->kind == NP_N_LET)
            rc->ev.slots[n->slot] = np_expr_eval(n->let_value, &rc->ev);
        else if (memo && (n->kind == NP_N_BLOCK || n->for_var))
            rv = np_render_memo_node(rc, n, idx, memo, mrq);
        else
            rv = np_render_node(rc, n);
    }
    return rv;
}

static int np_xml_write_cb(void *ctx, const char *buf, int len)
{
    const np_sink_t *sink = ctx;
    return sink->write(sink->ctx, buf, (size_t)len) ? -1 : len;
}

int np_tmpl_render(const np_tmpl_t *t, const np_vars_t *vars, apr_pool_t *pool, const np_sink_t *sink,
                   const char **err)
{
    return np_tmpl_render_memo(t, vars, pool, sink, NULL, NULL, err);
}

int np_tmpl_render_memo(const np_tmpl_t *t, const np_vars_t *vars, apr_pool_t *pool, const np_sink_t *sink,
                        np_memo_t *memo, const np_memo_req_t *mrq, const char **err)
{
    np_rc_t rc;
    int rv;

    memset(&rc, 0, sizeof rc);
    rc.t = t;
    rc.ev.vars = vars;
    rc.ev.pool = pool;
    rc.ev.slots = apr_pcalloc(pool, sizeof(const char *) * (size_t)(t->nslots + 1));
    rc.sink = sink;
    if (t->writer == NP_W_LINES) {
        rv = np_render_top(&rc, memo, mrq);
    }
    else {
        xmlOutputBufferPtr out = xmlOutputBufferCreateIO(np_xml_write_cb, NULL, (void *)sink, NULL);
        if (!out || !(rc.xw = xmlNewTextWriter(out))) {
            if (out)
                xmlOutputBufferClose(out);
            *err = "out of memory";
            return -1;
        }
        if (t->indent) {
            char ind[17];
            memset(ind, ' ', (size_t)t->indent);
            ind[t->indent] = '\0';
            xmlTextWriterSetIndent(rc.xw, 1);
            xmlTextWriterSetIndentString(rc.xw, (const xmlChar *)ind);
        }
        rv = xmlTextWriterStartDocument(rc.xw, NULL, "UTF-8", NULL) < 0 ? np_rc_fail(&rc, NULL, "output failed") : 0;
        if (rv == 0)
            rv = np_render_list(&rc, t->body);
        if (rv == 0 && xmlTextWriterEndDocument(rc.xw) < 0)
            rv = np_rc_fail(&rc, NULL, "output failed");
        xmlFreeTextWriter(rc.xw); /* flushes and closes the output buffer */
    }
    if (rv)
        *err = rc.err ? rc.err : "render failed";
    return rv;
}

static int np_buf_write(void *ctx, const char *buf, size_t len)
{
    np_buf_t *b = ctx;
    if (b->len + len + 1 <= b->cap) {
        memcpy(b->data + b->len, buf, len);
        b->len += len;
        b->data[b->len] = '\0';
        return 0;
    }
    {
        size_t ncap = b->cap ? b->cap * 2 : 4096;
        char *nd;
        while (ncap < b->len + len + 1)
            ncap *= 2;
        nd = apr_palloc(b->pool, ncap);
        if (b->len)
            memcpy(nd, b->data, b->len);
        b->data = nd;
        b->cap = ncap;
    }
    memcpy(b->data + b->len, buf, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

void np_buf_init(np_buf_t *b, apr_pool_t *pool, size_t initial)
{
    b->pool = pool;
    b->len = 0;
    b->cap = initial ? initial : 4096;
    b->data = apr_palloc(pool, b->cap);
    b->data[0] = '\0';
}

np_sink_t np_buf_sink(np_buf_t *b)
{
    np_sink_t s = { np_buf_write, b };
    return s;
}
