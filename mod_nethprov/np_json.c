/* JSON reading into np_xv_t: see np_json.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "np_json.h"

#define NP_JSON_DEPTH 32

typedef struct {
    apr_pool_t *p;
    const char *s, *e, *at;
    const char *err;
} np_jp_t;

static int np_jp_fail(np_jp_t *j, const char *what)
{
    if (!j->err)
        j->err = apr_psprintf(j->p, "at byte %ld: %s", (long)(j->at - j->s), what);
    return -1;
}

static void np_jp_ws(np_jp_t *j)
{
    while (j->at < j->e && (*j->at == ' ' || *j->at == '\t' || *j->at == '\n' || *j->at == '\r'))
        j->at++;
}

/* Four hex digits at j->at (after "\\u"); -1 when they are not. */
static int np_jp_hex4(np_jp_t *j, unsigned *u)
{
    int i;
    *u = 0;
    if (j->e - j->at < 4)
        return -1;
    for (i = 0; i < 4; i++) {
        char c = j->at[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        *u = *u * 16 + (unsigned)d;
    }
    j->at += 4;
    return 0;
}

/* The length of the UTF-8 sequence at S (at most N bytes), or 0 when it is not one: no overlong
 * forms, no surrogates, nothing beyond U+10FFFF (RFC 3629, section 4). */
static size_t np_jp_utf8(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned cp;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, cp = s[0] & 0x1fu;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, cp = s[0] & 0x0fu;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, cp = s[0] & 0x07u;
    else
        return 0;
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

/* A \\u escape at j->at (its backslash), decoded into O; the code points a string may not hold
 * (U+0000, which would cut the C string short, and surrogates outside a pair, which have no UTF-8
 * form) are refused. Returns the bytes written, or -1. */
static int np_jp_escape_u(np_jp_t *j, char *o)
{
    const char *at = j->at;
    unsigned u, lo;
    int n;

    j->at += 2;
    if (np_jp_hex4(j, &u)) {
        j->at = at;
        return np_jp_fail(j, "a bad \\u escape (expected four hex digits)");
    }
    if (u == 0) {
        j->at = at;
        return np_jp_fail(j, "\\u0000 (NUL) is not allowed in a string");
    }
    if (u >= 0xdc00 && u <= 0xdfff) {
        j->at = at;
        return np_jp_fail(j, apr_psprintf(j->p, "a lone surrogate (\\u%04x without a high surrogate before it)", u));
    }
    if (u >= 0xd800 && u < 0xdc00) {
        const char *second = j->at;
        if (j->e - j->at < 2 || j->at[0] != '\\' || j->at[1] != 'u') {
            j->at = at;
            return np_jp_fail(j, apr_psprintf(j->p, "a lone surrogate (\\u%04x without a low surrogate after it)", u));
        }
        j->at += 2;
        if (np_jp_hex4(j, &lo)) {
            j->at = second;
            return np_jp_fail(j, "a bad \\u escape (expected four hex digits)");
        }
        if (lo < 0xdc00 || lo > 0xdfff) {
            j->at = second;
            return np_jp_fail(j, apr_psprintf(j->p, "a bad surrogate pair (\\u%04x followed by \\u%04x)", u, lo));
        }
        u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
    }
    if (u < 0x80) {
        o[0] = (char)u;
        n = 1;
    }
    else if (u < 0x800) {
        o[0] = (char)(0xc0 | (u >> 6));
        o[1] = (char)(0x80 | (u & 0x3f));
        n = 2;
    }
    else if (u < 0x10000) {
        o[0] = (char)(0xe0 | (u >> 12));
        o[1] = (char)(0x80 | ((u >> 6) & 0x3f));
        o[2] = (char)(0x80 | (u & 0x3f));
        n = 3;
    }
    else {
        o[0] = (char)(0xf0 | (u >> 18));
        o[1] = (char)(0x80 | ((u >> 12) & 0x3f));
        o[2] = (char)(0x80 | ((u >> 6) & 0x3f));
        o[3] = (char)(0x80 | (u & 0x3f));
        n = 4;
    }
    return n;
}

static int np_jp_string(np_jp_t *j, const char **out)
{
    const char *c;
    char *buf, *o;

    j->at++; /* the opening quote */
    /* The buffer is sized by this string (an escape never decodes longer than it is written), not by
     * the rest of the document: many short strings must not ask for the document's length each. */
    for (c = j->at; c < j->e && *c != '"'; c++)
        if (*c == '\\' && c + 1 < j->e)
            c++;
    o = buf = apr_palloc(j->p, (size_t)(c - j->at) + 1);
    while (j->at < j->e && *j->at != '"') {
        unsigned char ch = (unsigned char)*j->at;
        size_t n;
        int w;
        if (ch < 0x20)
            return np_jp_fail(j, "a control character in a string");
        if (ch != '\\') {
            if (!(n = np_jp_utf8((const unsigned char *)j->at, (size_t)(j->e - j->at))))
                return np_jp_fail(j, "a string that is not UTF-8");
            memcpy(o, j->at, n);
            o += n;
            j->at += n;
            continue;
        }
        if (j->e - j->at < 2) {
            j->at = j->e;
            break;
        }
        switch (ch = (unsigned char)j->at[1]) {
        case '"': case '\\': case '/': *o++ = (char)ch; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
            if ((w = np_jp_escape_u(j, o)) < 0)
                return -1;
            o += w;
            continue;
        default:
            return np_jp_fail(j, "a bad escape");
        }
        j->at += 2;
    }
    if (j->at >= j->e)
        return np_jp_fail(j, "an unterminated string");
    j->at++;
    *o = '\0';
    *out = buf;
    return 0;
}

static int np_jp_value(np_jp_t *j, np_xv_t *v, int depth);

/* The items of an array or object, collected then copied into one block. */
static int np_jp_list(np_jp_t *j, np_xv_t *v, int depth, int object)
{
    apr_array_header_t *items = apr_array_make(j->p, 8, sizeof(np_xv_t));
    apr_array_header_t *names = apr_array_make(j->p, 8, sizeof(const char *));
    char close = object ? '}' : ']';

    j->at++;
    np_jp_ws(j);
    if (j->at < j->e && *j->at == close)
        j->at++;
    else
        for (;;) {
            np_jp_ws(j);
            if (object) {
                if (j->at >= j->e || *j->at != '"')
                    return np_jp_fail(j, "expected a member name");
                if (np_jp_string(j, apr_array_push(names)))
                    return -1;
                np_jp_ws(j);
                if (j->at >= j->e || *j->at++ != ':')
                    return np_jp_fail(j, "expected ':'");
            }
            if (np_jp_value(j, apr_array_push(items), depth + 1))
                return -1;
            np_jp_ws(j);
            if (j->at < j->e && *j->at == ',') {
                j->at++;
                continue;
            }
            if (j->at < j->e && *j->at == close) {
                j->at++;
                break;
            }
            return np_jp_fail(j, object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
    v->type = object ? NP_XV_STRUCT : NP_XV_ARRAY;
    v->n = items->nelts;
    v->items = (np_xv_t *)items->elts;
    v->names = object ? (const char **)names->elts : NULL;
    return 0;
}

static int np_jp_value(np_jp_t *j, np_xv_t *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (depth > NP_JSON_DEPTH)
        return np_jp_fail(j, "nested too deeply");
    np_jp_ws(j);
    if (j->at >= j->e)
        return np_jp_fail(j, "expected a value");
    switch (*j->at) {
    case '{':
        return np_jp_list(j, v, depth, 1);
    case '[':
        return np_jp_list(j, v, depth, 0);
    case '"':
        v->type = NP_XV_STRING;
        return np_jp_string(j, &v->s);
    case 't':
    case 'f':
    case 'n': {
        static const char *const words[] = { "true", "false", "null" };
        int i;
        for (i = 0; i < 3; i++)
            if ((size_t)(j->e - j->at) >= strlen(words[i]) && !strncmp(j->at, words[i], strlen(words[i]))) {
                j->at += strlen(words[i]);
                v->type = i == 2 ? NP_XV_NIL : NP_XV_BOOL;
                v->i = i == 0;
                return 0;
            }
        return np_jp_fail(j, "expected a value");
    }
    default: {
        /* RFC 8259, section 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
        const char *st = j->at, *c = j->at;
        int integral = 1;
        char *end;
        if (c < j->e && *c == '-' && ++c < j->e && (*c < '0' || *c > '9'))
            return np_jp_fail(j, "a bad number");
        if (c >= j->e || *c < '0' || *c > '9')
            return np_jp_fail(j, "expected a value");
        if (*c == '0')
            c++;
        else
            while (c < j->e && *c >= '0' && *c <= '9')
                c++;
        if (c < j->e && *c == '.') {
            integral = 0;
            if (++c >= j->e || *c < '0' || *c > '9')
                return np_jp_fail(j, "a bad number");
            while (c < j->e && *c >= '0' && *c <= '9')
                c++;
        }
        if (c < j->e && (*c == 'e' || *c == 'E')) {
            integral = 0;
            if (++c < j->e && (*c == '+' || *c == '-'))
                c++;
            if (c >= j->e || *c < '0' || *c > '9')
                return np_jp_fail(j, "a bad number");
            while (c < j->e && *c >= '0' && *c <= '9')
                c++;
        }
        /* what follows a number is a delimiter, never more of a word ("1-2", "01", "1x") */
        if (c < j->e && ((*c >= '0' && *c <= '9') || *c == '-' || *c == '+' || *c == '.' || (*c >= 'a' && *c <= 'z')
                         || (*c >= 'A' && *c <= 'Z')))
            return np_jp_fail(j, "a bad number");
        v->s = apr_pstrmemdup(j->p, st, (size_t)(c - st));
        v->type = integral ? NP_XV_INT : NP_XV_DOUBLE;
        /* strtol and strtod clamp what is out of range (LONG_MAX, HUGE_VAL): refused, not clamped */
        errno = 0;
        if (integral)
            v->i = strtol(v->s, &end, 10);
        else if (isinf(strtod(v->s, &end)))
            errno = ERANGE;
        else
            errno = 0; /* an underflow is read as the nearest double, which is what it means */
        if (errno == ERANGE)
            return np_jp_fail(j, "a number out of range");
        if (*end)
            return np_jp_fail(j, "a bad number");
        j->at = c;
        return 0;
    }
    }
}

int np_json_parse(apr_pool_t *p, const char *text, size_t len, np_xv_t **out, const char **err)
{
    np_jp_t j = { p, text, text + len, text, NULL };
    np_xv_t *v = apr_pcalloc(p, sizeof *v);
    if (np_jp_value(&j, v, 0) != 0) {
        *err = j.err;
        return -1;
    }
    np_jp_ws(&j);
    if (j.at != j.e) {
        np_jp_fail(&j, "text after the value");
        *err = j.err;
        return -1;
    }
    *out = v;
    return 0;
}

const np_xv_t *np_json_get(const np_xv_t *v, const char *name)
{
    int i;
    for (i = 0; v && v->type == NP_XV_STRUCT && i < v->n; i++)
        if (!strcmp(v->names[i], name))
            return &v->items[i];
    return NULL;
}

const char *np_json_str_of(const np_xv_t *v, const char *name)
{
    const np_xv_t *m = np_json_get(v, name);
    return m && m->type == NP_XV_STRING ? m->s : NULL;
}

const char *np_json_quote(apr_pool_t *p, const char *s)
{
    size_t n = 2;
    const char *c;
    char *o, *d;
    for (c = s; *c; c++)
        n += *c == '"' || *c == '\\' ? 2 : (unsigned char)*c < 0x20 ? 6 : 1;
    d = o = apr_palloc(p, n + 1);
    *d++ = '"';
    for (c = s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            *d++ = '\\';
            *d++ = *c;
        }
        else if ((unsigned char)*c < 0x20) {
            apr_snprintf(d, 7, "\\u%04x", (unsigned char)*c);
            d += 6;
        }
        else
            *d++ = *c;
    }
    *d++ = '"';
    *d = '\0';
    return o;
}
