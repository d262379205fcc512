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
    np_mac_range_t *r = apr_pmemdup(pool, b->ranges->elts, sizeof(np_mac_range_t) * (size_t)b->ranges->nelts + 1);
    int n = b->ranges->nelts, i, j, m = 0;

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
    /* An enclosing prefix may hold others of the same brand: keep the outermost, once. */
    for (i = 0; i < all->nelts; i++) {
        const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)all->elts)[i];
        int dup = 0;
        for (j = 0; j < all->nelts && !dup; j++) {
            const np_dhcp_prefix_t *q = &((np_dhcp_prefix_t *)all->elts)[j];
            dup = j != i && np_prefix_holds(q, p) && (q->len < p->len || j < i);
        }
        if (!dup)
            *(np_dhcp_prefix_t *)apr_array_push(out) = *p;
    }
    return out;
}

/* The exact prefixes of other brands that lie strictly inside one of mine. */
static apr_array_header_t *np_dhcp_exclusions(apr_pool_t *pool, const np_brands_t *all, const np_brand_t *b,
                                              const apr_array_header_t *mine)
{
    apr_array_header_t *out = apr_array_make(pool, 4, sizeof(np_dhcp_prefix_t));
    int i, j, k;

    for (i = 0; i < all->brands->nelts; i++) {
        const np_brand_t *o = ((np_brand_t **)all->brands->elts)[i];
        const apr_array_header_t *theirs;
        if (o == b || !strcmp(o->name, b->name))
            continue;
        theirs = np_dhcp_prefixes(pool, o);
        for (j = 0; j < theirs->nelts; j++) {
            const np_dhcp_prefix_t *t = &((np_dhcp_prefix_t *)theirs->elts)[j];
            if (t->approx)
                continue;
            for (k = 0; k < mine->nelts; k++) {
                const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)mine->elts)[k];
                if (p->len < t->len && np_prefix_holds(p, t)) {
                    *(np_dhcp_prefix_t *)apr_array_push(out) = *t;
                    break;
                }
            }
        }
    }
    return out;
}

typedef struct {
    np_buf_t *out;
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

/* ---- dnsmasq: tags set by dhcp-mac / dhcp-vendorclass, options sent to a tag and not its -not tag. */

static void np_dhcp_dnsmasq(np_dw_t *w, const np_brand_t *b, const apr_array_header_t *pre,
                            const apr_array_header_t *excl, const char *url)
{
    int i, k;
    for (i = 0; i < pre->nelts; i++) {
        const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)pre->elts)[i];
        np_dw(w, "dhcp-mac=set:np-%s,%s", b->name, np_prefix_hex(w->pool, p, ":"));
        for (k = p->len; k < 6; k++)
            np_dw(w, ":*");
        np_dw(w, "\n");
    }
    for (i = 0; i < excl->nelts; i++) {
        const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)excl->elts)[i];
        np_dw(w, "dhcp-mac=set:np-%s-not,%s", b->name, np_prefix_hex(w->pool, p, ":"));
        for (k = p->len; k < 6; k++)
            np_dw(w, ":*");
        np_dw(w, "\n");
    }
    if (b->dhcp.vendor_class)
        np_dw(w, "dhcp-vendorclass=set:np-%s,%s\n", b->name, b->dhcp.vendor_class);
    /* -force: phones do not all list these options in their parameter request list. */
    for (i = 0; i < b->dhcp.noptions; i++)
        np_dw(w, "dhcp-option-force=tag:np-%s,%s%s%s%d,\"%s\"\n", b->name, excl->nelts ? "tag:!np-" : "",
              excl->nelts ? b->name : "", excl->nelts ? "-not," : "", b->dhcp.options[i], url);
}

/* ---- ISC dhcpd: one class per brand, "match if" on substring(hardware, 1, N) (byte 0 is the type). */

static const char *np_isc_option_name(apr_pool_t *pool, int code)
{
    if (code == 66)
        return "tftp-server-name";
    if (code == 114)
        return "default-url";
    return apr_psprintf(pool, "np-option-%d", code);
}

static const char *np_isc_test(apr_pool_t *pool, const apr_array_header_t *pre)
{
    const char *s = "";
    int i;
    for (i = 0; i < pre->nelts; i++) {
        const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)pre->elts)[i];
        s = apr_psprintf(pool, "%s%ssubstring(hardware, 1, %d) = %s", s, i ? "\n           or " : "", p->len,
                         np_prefix_hex(pool, p, ":"));
    }
    return s;
}

static void np_dhcp_isc(np_dw_t *w, const np_brand_t *b, const apr_array_header_t *pre,
                        const apr_array_header_t *excl, const char *url)
{
    const char *test = np_isc_test(w->pool, pre);
    int i;

    if (b->dhcp.vendor_class)
        test = apr_psprintf(w->pool, "%s%ssubstring(option vendor-class-identifier, 0, %lu) = \"%s\"", test,
                            *test ? "\n           or " : "", (unsigned long)strlen(b->dhcp.vendor_class),
                            b->dhcp.vendor_class);
    np_dw(w, "class \"np-%s\" {\n    match if (%s)", b->name, test);
    if (excl->nelts)
        np_dw(w, "\n        and not (%s)", np_isc_test(w->pool, excl));
    np_dw(w, ";\n");
    for (i = 0; i < b->dhcp.noptions; i++)
        np_dw(w, "    option %s \"%s\";\n", np_isc_option_name(w->pool, b->dhcp.options[i]), url);
    np_dw(w, "}\n");
}

/* ---- Kea: a client class per brand. Options other than 66 are written as raw bytes (csv-format false),
 * which Kea takes for any code whether or not its version defines it (114 and 160 changed meaning). */

static const char *np_kea_test(apr_pool_t *pool, const apr_array_header_t *pre)
{
    const char *s = "";
    int i;
    for (i = 0; i < pre->nelts; i++) {
        const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)pre->elts)[i];
        s = apr_psprintf(pool, "%s%ssubstring(pkt4.mac,0,%d) == 0x%s", s, i ? " or " : "", p->len,
                         np_prefix_hex(pool, p, ""));
    }
    return s;
}

static void np_dhcp_kea(np_dw_t *w, const np_brand_t *b, const apr_array_header_t *pre,
                        const apr_array_header_t *excl, const char *url, int first)
{
    const char *test = np_kea_test(w->pool, pre), *hex = "", *notes = np_dhcp_approx_notes(w->pool, b, pre, ". ");
    int i;

    if (b->dhcp.vendor_class)
        test = apr_psprintf(w->pool, "%s%ssubstring(option[60].hex,0,%lu) == '%s'", test, *test ? " or " : "",
                            (unsigned long)strlen(b->dhcp.vendor_class), b->dhcp.vendor_class);
    if (excl->nelts)
        test = apr_psprintf(w->pool, "(%s) and not (%s)", test, np_kea_test(w->pool, excl));
    for (i = 0; url[i]; i++)
        hex = apr_psprintf(w->pool, "%s%02x", hex, (unsigned char)url[i]);
    np_dw(w, "%s    {\n", first ? "" : ",\n");
    np_dw(w, "      \"name\": \"np-%s\",\n", b->name);
    np_dw(w, "      \"comment\": \"%s: option", b->display ? b->display : b->name);
    for (i = 0; i < b->dhcp.noptions; i++)
        np_dw(w, " %d", b->dhcp.options[i]);
    np_dw(w, " = %s%s%s\",\n", url, notes ? ". " : "", notes ? notes : "");
    np_dw(w, "      \"test\": \"%s\",\n", test);
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

    w.out = out;
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
        const apr_array_header_t *pre = np_dhcp_prefixes(w.pool, b), *excl = np_dhcp_exclusions(w.pool, all, b, pre);
        const char *url = np_dhcp_url(w.pool, &b->dhcp, base_url, err), *notes;

        if (!url)
            return -1;
        if (!pre->nelts && !b->dhcp.vendor_class) {
            *err = apr_psprintf(w.pool, "brand %s has neither a MAC range nor a dhcp vendor-class: its phones "
                                        "cannot be told apart", b->name);
            return -1;
        }
        if (server == NP_DHCP_KEA) {
            np_dhcp_kea(&w, b, pre, excl, url, i == 0);
            continue;
        }
        np_dw(&w, "\n# %s (%s): option", b->display ? b->display : b->name, b->name);
        for (j = 0; j < b->dhcp.noptions; j++)
            np_dw(&w, " %d", b->dhcp.options[j]);
        np_dw(&w, "\n");
        if ((notes = np_dhcp_approx_notes(w.pool, b, pre, "\n# ")))
            np_dw(&w, "# %s\n", notes);
        if (server == NP_DHCP_DNSMASQ)
            np_dhcp_dnsmasq(&w, b, pre, excl, url);
        else
            np_dhcp_isc(&w, b, pre, excl, url);
    }
    if (server == NP_DHCP_KEA)
        np_dw(&w, "%s]\n", selected->nelts ? "\n  " : "  ");
    return 0;
}
