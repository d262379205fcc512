/* DHCP snippets for dnsmasq, ISC dhcpd and Kea. Each brand becomes one class (dnsmasq: one tag) that
 * matches its MAC prefixes or vendor class and carries the brand's options. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "np_dhcp.h"

int np_dhcp_text_ok(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s <= ' ' || *s > '~' || strchr("\"\\,;'", *s))
            return 0;
    return 1;
}

int np_dhcp_server_parse(const char *name, np_dhcp_server_t *out)
{
    if (!strcmp(name, "dnsmasq"))
        *out = NP_DHCP_DNSMASQ;
    else if (!strcmp(name, "isc"))
        *out = NP_DHCP_ISC;
    else if (!strcmp(name, "kea"))
        *out = NP_DHCP_KEA;
    else
        return -1;
    return 0;
}

const char *np_dhcp_url(apr_pool_t *pool, const np_brand_dhcp_t *d, const char *base_url, const char **err)
{
    const char *rest = NULL;
    char *u = apr_pstrdup(pool, base_url);
    size_t n = strlen(u);

    while (n && u[n - 1] == '/')
        u[--n] = '\0';
    if (!strncmp(u, "http://", 7))
        rest = u + 7;
    else if (!strncmp(u, "https://", 8))
        rest = u + 8;
    if (!rest || !*rest || *rest == '/') {
        *err = apr_psprintf(pool, "base URL '%s' is not an http:// or https:// URL with a host", base_url);
        return NULL;
    }
    if (!np_dhcp_text_ok(u)) {
        *err = apr_psprintf(pool, "base URL '%s' holds a space, quote, backslash, comma, semicolon or "
                                  "non-ASCII character, which DHCP server configurations cannot carry", base_url);
        return NULL;
    }
    if (d->noscheme)
        return d->file ? apr_pstrcat(pool, rest, "/", d->file, NULL) : rest;
    return apr_pstrcat(pool, u, "/", d->file ? d->file : "", NULL);
}

static int np_range_cmp(const void *a, const void *b)
{
    const np_mac_range_t *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : 0;
}

static void np_prefix_set(np_dhcp_prefix_t *p, uint64_t mac, int len)
{
    int i;
    for (i = 0; i < 6; i++)
        p->bytes[i] = (unsigned char)(mac >> (8 * (5 - i)));
    p->len = len;
}

/* Does a hold every MAC b holds? */
static int np_prefix_holds(const np_dhcp_prefix_t *a, const np_dhcp_prefix_t *b)
{
    return a->len <= b->len && !memcmp(a->bytes, b->bytes, (size_t)a->len);
}

/* [lo, hi] as the fewest byte-aligned blocks: at each step the largest block that starts at lo and
 * ends within hi. */
static void np_range_blocks(uint64_t lo, uint64_t hi, apr_array_header_t *out)
{
    while (lo <= hi) {
        int k = 0;
        np_dhcp_prefix_t *p;
        while (k < 5 && (lo & ((((uint64_t)1) << (8 * (k + 1))) - 1)) == 0
               && lo + ((((uint64_t)1) << (8 * (k + 1))) - 1) <= hi)
            k++;
        p = apr_array_push(out);
        memset(p, 0, sizeof *p);
        np_prefix_set(p, lo, 6 - k);
        lo += ((uint64_t)1) << (8 * k);
    }
}

apr_array_header_t *np_dhcp_prefixes(apr_pool_t *pool, const np_brand_t *b)
{
    apr_array_header_t *all = apr_array_make(pool, 16, sizeof(np_dhcp_prefix_t));
    apr_array_header_t *out = apr_array_make(pool, 16, sizeof(np_dhcp_prefix_t));
    apr_array_header_t *blocks = apr_array_make(pool, 16, sizeof(np_dhcp_prefix_t));
    np_mac_range_t *r = apr_palloc(pool, sizeof(np_mac_range_t) * ((size_t)b->ranges->nelts + 1));
    int n = b->ranges->nelts, i, j, m = 0;

    if (b->ranges->nelts)
        memcpy(r, b->ranges->elts, sizeof(np_mac_range_t) * (size_t)n);
    /* Adjacent ranges merged first: 58:9E:C6:90:00:00-7F:FF and 90:80:00-FF:FF are one prefix. */
    qsort(r, (size_t)n, sizeof *r, np_range_cmp);
    for (i = 0; i < n; i++) {
        if (m && r[i].lo <= r[m - 1].hi + 1) {
            if (r[i].hi > r[m - 1].hi)
                r[m - 1].hi = r[i].hi;
            continue;
        }
        r[m++] = r[i];
    }
    for (i = 0; i < m; i++) {
        int common = 0;
        blocks->nelts = 0;
        np_range_blocks(r[i].lo, r[i].hi, blocks);
        while (common < 6 && ((r[i].lo >> (8 * (5 - common))) & 0xff) == ((r[i].hi >> (8 * (5 - common))) & 0xff))
            common++;
        if (blocks->nelts > NP_DHCP_MAX_PREFIXES && common > 0) {
            np_dhcp_prefix_t *p = apr_array_push(all);
            np_prefix_set(p, r[i].lo, common);
            p->approx = 1;
            p->lo = r[i].lo;
            p->hi = r[i].hi;
            continue;
        }
        for (j = 0; j < blocks->nelts; j++) {
            np_dhcp_prefix_t *p = apr_array_push(all);
            *p = ((np_dhcp_prefix_t *)blocks->elts)[j];
            p->lo = r[i].lo;
            p->hi = r[i].hi;
        }
    }
    /* Approximations of neighbouring ranges may coincide: each prefix once. A prefix inside another of
     * the same brand stays, since the outer one may leave out another brand's range around it. */
    for (i = 0; i < all->nelts; i++) {
        const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)all->elts)[i];
        int dup = 0;
        for (j = 0; j < out->nelts && !dup; j++) {
            const np_dhcp_prefix_t *q = &((np_dhcp_prefix_t *)out->elts)[j];
            dup = q->len == p->len && !memcmp(q->bytes, p->bytes, (size_t)p->len);
        }
        if (!dup)
            *(np_dhcp_prefix_t *)apr_array_push(out) = *p;
    }
    return out;
}

/* One way a MAC belongs to a brand: one of its prefixes, minus the exact prefixes of other brands strictly
 * inside it (the module's rule: the narrowest range wins). An approximate prefix of another brand is not
 * left out: a phone there gets both brands' options rather than none. */
typedef struct {
    const np_dhcp_prefix_t *prefix;
    apr_array_header_t *minus; /* np_dhcp_prefix_t */
} np_dhcp_term_t;

static apr_array_header_t *np_dhcp_terms(apr_pool_t *pool, const np_brands_t *all, const np_brand_t *b,
                                         const apr_array_header_t *mine)
{
    apr_array_header_t *terms = apr_array_make(pool, mine->nelts, sizeof(np_dhcp_term_t));
    int i, j, k;

    for (k = 0; k < mine->nelts; k++) {
        np_dhcp_term_t *t = apr_array_push(terms);
        t->prefix = &((np_dhcp_prefix_t *)mine->elts)[k];
        t->minus = apr_array_make(pool, 2, sizeof(np_dhcp_prefix_t));
    }
    for (i = 0; i < all->brands->nelts; i++) {
        const np_brand_t *o = ((np_brand_t **)all->brands->elts)[i];
        const apr_array_header_t *theirs;
        if (!strcmp(o->name, b->name))
            continue;
        theirs = np_dhcp_prefixes(pool, o);
        for (j = 0; j < theirs->nelts; j++) {
            const np_dhcp_prefix_t *q = &((np_dhcp_prefix_t *)theirs->elts)[j];
            for (k = 0; k < terms->nelts && !q->approx; k++) {
                np_dhcp_term_t *t = &((np_dhcp_term_t *)terms->elts)[k];
                if (t->prefix->len < q->len && np_prefix_holds(t->prefix, q))
                    *(np_dhcp_prefix_t *)apr_array_push(t->minus) = *q;
            }
        }
    }
    return terms;
}

typedef struct {
    np_sink_t sink;
    apr_pool_t *pool;
} np_dw_t;

static void np_dw(np_dw_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void np_dw(np_dw_t *w, const char *fmt, ...)
{
    va_list ap;
    const char *s;
    va_start(ap, fmt);
    s = apr_pvsprintf(w->pool, fmt, ap);
    va_end(ap);
    w->sink.write(w->sink.ctx, s, strlen(s));
}

/* The prefix's bytes joined by sep ("00:04:13"), or as one hex number ("000413"). */
static const char *np_prefix_hex(apr_pool_t *pool, const np_dhcp_prefix_t *p, const char *sep)
{
    const char *s = "";
    int i;
    for (i = 0; i < p->len; i++)
        s = apr_psprintf(pool, "%s%s%02x", s, i ? sep : "", p->bytes[i]);
    return s;
}

static const char *np_mac_text(apr_pool_t *pool, uint64_t mac)
{
    np_dhcp_prefix_t p;
    np_prefix_set(&p, mac, 6);
    return np_prefix_hex(pool, &p, ":");
}

/* What the prefixes that over-cover their range cover too much, one sentence each (NULL: none). */
static const char *np_dhcp_approx_notes(apr_pool_t *pool, const np_brand_t *b, const apr_array_header_t *pre,
                                        const char *sep)
{
    const char *s = NULL;
    int i;
    for (i = 0; i < pre->nelts; i++) {
        const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)pre->elts)[i];
        if (p->approx)
            s = apr_psprintf(pool, "%s%s%s: %s-%s is matched as the whole of %s (an exact match takes more than "
                                   "%d prefixes), so a phone of another brand there gets these options too",
                             s ? s : "", s ? sep : "", b->name, np_mac_text(pool, p->lo), np_mac_text(pool, p->hi),
                             np_prefix_hex(pool, p, ":"), NP_DHCP_MAX_PREFIXES);
    }
    return s;
}

/* ---- dnsmasq: dhcp-mac / dhcp-vendorclass set tags; the options go to a tag and not its -not tag. The
 * prefixes with nothing left out share the tag np-BRAND; each other prefix has a tag of its own. */

static void np_dnsmasq_mac(np_dw_t *w, const char *tag, const np_dhcp_prefix_t *p)
{
    int k;
    np_dw(w, "dhcp-mac=set:%s,%s", tag, np_prefix_hex(w->pool, p, ":"));
    for (k = p->len; k < 6; k++)
        np_dw(w, ":*");
    np_dw(w, "\n");
}

static void np_dnsmasq_options(np_dw_t *w, const np_brand_t *b, const char *tag, int minus, const char *url)
{
    int i;
    /* -force: phones do not all list these options in their parameter request list. */
    for (i = 0; i < b->dhcp.noptions; i++)
        np_dw(w, "dhcp-option-force=tag:%s,%s%s%s%d,\"%s\"\n", tag, minus ? "tag:!" : "", minus ? tag : "",
              minus ? "-not," : "", b->dhcp.options[i], url);
}

static void np_dhcp_dnsmasq(np_dw_t *w, const np_brand_t *b, const apr_array_header_t *terms, const char *url)
{
    const char *tag = apr_pstrcat(w->pool, "np-", b->name, NULL);
    int i, j, n = 0, plain = 0;

    for (i = 0; i < terms->nelts; i++) {
        const np_dhcp_term_t *t = &((np_dhcp_term_t *)terms->elts)[i];
        if (!t->minus->nelts) {
            np_dnsmasq_mac(w, tag, t->prefix);
            plain++;
        }
    }
    if (b->dhcp.vendor_class) {
        np_dw(w, "dhcp-vendorclass=set:%s,%s\n", tag, b->dhcp.vendor_class);
        plain++;
    }
    if (plain)
        np_dnsmasq_options(w, b, tag, 0, url);
    for (i = 0; i < terms->nelts; i++) {
        const np_dhcp_term_t *t = &((np_dhcp_term_t *)terms->elts)[i];
        const char *own;
        if (!t->minus->nelts)
            continue;
        own = apr_psprintf(w->pool, "%s-%d", tag, ++n);
        np_dnsmasq_mac(w, own, t->prefix);
        for (j = 0; j < t->minus->nelts; j++)
            np_dnsmasq_mac(w, apr_pstrcat(w->pool, own, "-not", NULL), &((np_dhcp_prefix_t *)t->minus->elts)[j]);
        np_dnsmasq_options(w, b, own, 1, url);
    }
}

/* ---- ISC dhcpd and Kea: one class per brand whose test is the OR of the terms. */

typedef struct {
    const char *(*prefix)(apr_pool_t *pool, const np_dhcp_prefix_t *p);
    const char *or_, *and_not;
} np_dhcp_syntax_t;

static const char *np_isc_prefix(apr_pool_t *pool, const np_dhcp_prefix_t *p)
{
    /* byte 0 of hardware is the hardware type */
    return apr_psprintf(pool, "substring(hardware, 1, %d) = %s", p->len, np_prefix_hex(pool, p, ":"));
}

static const char *np_kea_prefix(apr_pool_t *pool, const np_dhcp_prefix_t *p)
{
    return apr_psprintf(pool, "substring(pkt4.mac,0,%d) == 0x%s", p->len, np_prefix_hex(pool, p, ""));
}

static const np_dhcp_syntax_t np_isc_syntax = { np_isc_prefix, "\n           or ", " and not " };
static const np_dhcp_syntax_t np_kea_syntax = { np_kea_prefix, " or ", " and not " };

static const char *np_dhcp_test(apr_pool_t *pool, const np_dhcp_syntax_t *sx, const apr_array_header_t *terms,
                                const char *vendor_test)
{
    const char *s = "";
    int i, j;
    for (i = 0; i < terms->nelts; i++) {
        const np_dhcp_term_t *t = &((np_dhcp_term_t *)terms->elts)[i];
        const char *one = sx->prefix(pool, t->prefix);
        if (t->minus->nelts) {
            const char *minus = "";
            for (j = 0; j < t->minus->nelts; j++)
                minus = apr_pstrcat(pool, minus, j ? " or " : "",
                                    sx->prefix(pool, &((np_dhcp_prefix_t *)t->minus->elts)[j]), NULL);
            one = apr_pstrcat(pool, "(", one, sx->and_not, "(", minus, "))", NULL);
        }
        s = apr_pstrcat(pool, s, i ? sx->or_ : "", one, NULL);
    }
    if (vendor_test)
        s = apr_pstrcat(pool, s, *s ? sx->or_ : "", vendor_test, NULL);
    return s;
}

static const char *np_isc_option_name(apr_pool_t *pool, int code)
{
    if (code == 66)
        return "tftp-server-name";
    if (code == 114)
        return "default-url";
    return apr_psprintf(pool, "np-option-%d", code);
}

static void np_dhcp_isc(np_dw_t *w, const np_brand_t *b, const apr_array_header_t *terms, const char *url)
{
    const char *vc = NULL;
    int i;

    if (b->dhcp.vendor_class)
        vc = apr_psprintf(w->pool, "substring(option vendor-class-identifier, 0, %lu) = \"%s\"",
                          (unsigned long)strlen(b->dhcp.vendor_class), b->dhcp.vendor_class);
    np_dw(w, "class \"np-%s\" {\n    match if %s;\n", b->name, np_dhcp_test(w->pool, &np_isc_syntax, terms, vc));
    for (i = 0; i < b->dhcp.noptions; i++)
        np_dw(w, "    option %s \"%s\";\n", np_isc_option_name(w->pool, b->dhcp.options[i]), url);
    np_dw(w, "}\n");
}

/* Kea: options other than 66 are written as raw bytes (csv-format false), which Kea takes for any code
 * whether or not its version defines it (114 and 160 changed meaning between versions). */
static void np_dhcp_kea(np_dw_t *w, const np_brand_t *b, const apr_array_header_t *pre,
                        const apr_array_header_t *terms, const char *url, int first)
{
    const char *vc = NULL, *hex = "", *notes = np_dhcp_approx_notes(w->pool, b, pre, ". ");
    int i;

    if (b->dhcp.vendor_class)
        vc = apr_psprintf(w->pool, "substring(option[60].hex,0,%lu) == '%s'",
                          (unsigned long)strlen(b->dhcp.vendor_class), b->dhcp.vendor_class);
    for (i = 0; url[i]; i++)
        hex = apr_psprintf(w->pool, "%s%02x", hex, (unsigned char)url[i]);
    np_dw(w, "%s    {\n", first ? "" : ",\n");
    np_dw(w, "      \"name\": \"np-%s\",\n", b->name);
    np_dw(w, "      \"comment\": \"%s: option", b->display ? b->display : b->name);
    for (i = 0; i < b->dhcp.noptions; i++)
        np_dw(w, " %d", b->dhcp.options[i]);
    np_dw(w, " = %s%s%s\",\n", url, notes ? ". " : "", notes ? notes : "");
    np_dw(w, "      \"test\": \"%s\",\n", np_dhcp_test(w->pool, &np_kea_syntax, terms, vc));
    np_dw(w, "      \"option-data\": [");
    for (i = 0; i < b->dhcp.noptions; i++) {
        int code = b->dhcp.options[i];
        np_dw(w, "%s\n        ", i ? "," : "");
        if (code == 66)
            np_dw(w, "{ \"name\": \"tftp-server-name\", \"data\": \"%s\", \"always-send\": true }", url);
        else
            np_dw(w, "{ \"code\": %d, \"csv-format\": false, \"data\": \"%s\", \"always-send\": true }", code, hex);
    }
    np_dw(w, "\n      ]\n    }");
}

int np_dhcp_write(np_buf_t *out, np_dhcp_server_t server, const np_brands_t *all,
                  const apr_array_header_t *selected, const char *base_url, const char **err)
{
    np_dw_t w;
    int i, j, k;

    w.sink = np_buf_sink(out);
    w.pool = out->pool;
    if (server == NP_DHCP_KEA)
        np_dw(&w, "\"client-classes\": [\n");
    else
        np_dw(&w, "# nethprov dhcp --server %s: the provisioning URL for each brand's phones (base URL %s)\n",
              server == NP_DHCP_ISC ? "isc" : "dnsmasq", base_url);
    if (server == NP_DHCP_ISC) {
        /* Codes dhcpd has no name for, each defined once. */
        int done[256] = { 0 };
        done[66] = done[114] = 1;
        for (i = 0; i < selected->nelts; i++) {
            const np_brand_t *b = ((np_brand_t **)selected->elts)[i];
            for (k = 0; k < b->dhcp.noptions; k++)
                if (!done[b->dhcp.options[k]]++)
                    np_dw(&w, "option np-option-%d code %d = text;\n", b->dhcp.options[k], b->dhcp.options[k]);
        }
    }
    for (i = 0; i < selected->nelts; i++) {
        const np_brand_t *b = ((np_brand_t **)selected->elts)[i];
        const apr_array_header_t *pre = np_dhcp_prefixes(w.pool, b), *terms = np_dhcp_terms(w.pool, all, b, pre);
        const char *url = np_dhcp_url(w.pool, &b->dhcp, base_url, err), *notes;

        if (!url)
            return -1;
        if (!pre->nelts && !b->dhcp.vendor_class) {
            *err = apr_psprintf(w.pool, "brand %s has neither a MAC range nor a dhcp vendor-class: its phones "
                                        "cannot be told apart", b->name);
            return -1;
        }
        if (server == NP_DHCP_KEA) {
            np_dhcp_kea(&w, b, pre, terms, url, i == 0);
            continue;
        }
        np_dw(&w, "\n# %s (%s): option", b->display ? b->display : b->name, b->name);
        for (j = 0; j < b->dhcp.noptions; j++)
            np_dw(&w, " %d", b->dhcp.options[j]);
        np_dw(&w, "\n");
        if ((notes = np_dhcp_approx_notes(w.pool, b, pre, "\n# ")))
            np_dw(&w, "# %s\n", notes);
        if (server == NP_DHCP_DNSMASQ)
            np_dhcp_dnsmasq(&w, b, terms, url);
        else
            np_dhcp_isc(&w, b, terms, url);
    }
    if (server == NP_DHCP_KEA)
        np_dw(&w, "%s]\n", selected->nelts ? "\n  " : "  ");
    return 0;
}
