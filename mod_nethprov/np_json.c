/* JSON reading into np_xv_t: see np_json.h. */
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

static int np_jp_hex4(np_jp_t *j, unsigned *u)
{
    int i;
    *u = 0;
    if (j->e - j->at < 4)
        return np_jp_fail(j, "a short \\u escape");
    for (i = 0; i < 4; i++) {
        char c = *j->at++;
        *u = *u * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99);
        if (*u > 0xffff)
            return np_jp_fail(j, "a bad \\u escape");
    }
    return 0;
}

static int np_jp_string(np_jp_t *j, const char **out)
{
    char *buf, *o;
    j->at++; /* the opening quote */
    o = buf = apr_palloc(j->p, (size_t)(j->e - j->at) + 1);
    while (j->at < j->e && *j->at != '"') {
        unsigned char c = (unsigned char)*j->at++;
        unsigned u, lo;
        if (c < 0x20)
            return np_jp_fail(j, "a control character in a string");
        if (c != '\\') {
            *o++ = (char)c;
            continue;
        }
        if (j->at >= j->e)
            break;
        switch (c = (unsigned char)*j->at++) {
        case '"': case '\\': case '/': *o++ = (char)c; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
            if (np_jp_hex4(j, &u))
                return -1;
            if (u >= 0xd800 && u < 0xdc00) {
                if (j->e - j->at < 6 || j->at[0] != '\\' || j->at[1] != 'u')
                    return np_jp_fail(j, "a lone surrogate");
                j->at += 2;
                if (np_jp_hex4(j, &lo) || lo < 0xdc00 || lo > 0xdfff)
                    return np_jp_fail(j, "a bad surrogate pair");
                u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
            }
            if (u < 0x80)
                *o++ = (char)u;
            else if (u < 0x800) {
                *o++ = (char)(0xc0 | (u >> 6));
                *o++ = (char)(0x80 | (u & 0x3f));
            }
            else if (u < 0x10000) {
                *o++ = (char)(0xe0 | (u >> 12));
                *o++ = (char)(0x80 | ((u >> 6) & 0x3f));
                *o++ = (char)(0x80 | (u & 0x3f));
            }
            else {
                *o++ = (char)(0xf0 | (u >> 18));
                *o++ = (char)(0x80 | ((u >> 12) & 0x3f));
                *o++ = (char)(0x80 | ((u >> 6) & 0x3f));
                *o++ = (char)(0x80 | (u & 0x3f));
            }
            break;
        default:
            return np_jp_fail(j, "a bad escape");
        }
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
        const char *st = j->at;
        int integral = 1;
        char *end;
        if (*j->at == '-')
            j->at++;
        while (j->at < j->e && ((*j->at >= '0' && *j->at <= '9') || *j->at == '.' || *j->at == 'e' || *j->at == 'E'
                                || *j->at == '+' || *j->at == '-')) {
            integral &= *j->at >= '0' && *j->at <= '9';
            j->at++;
        }
        if (j->at == st || (j->at == st + 1 && *st == '-'))
            return np_jp_fail(j, "expected a value");
        v->s = apr_pstrmemdup(j->p, st, (size_t)(j->at - st));
        v->type = integral ? NP_XV_INT : NP_XV_DOUBLE;
        if (integral) {
            v->i = strtol(v->s, &end, 10);
            if (*end)
                return np_jp_fail(j, "a bad number");
        }
        else {
            strtod(v->s, &end);
            if (*end)
                return np_jp_fail(j, "a bad number");
        }
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
