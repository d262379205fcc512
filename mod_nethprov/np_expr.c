#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <apr_strings.h>
#include "np_expr.h"
#include "np_mac.h"
#include "np_tz.h"

/* How deeply an expression may nest: parentheses, computed names, prefix operators and ternaries
 * (which the parser recurses into), and the height of the tree (which the evaluator recurses down:
 * "1 + 1 + ..." is parsed by a loop, yet evaluated by recursion). Checked at compile time, so that a
 * bad template is reported with its file and line instead of overflowing the stack of lint or of
 * httpd's start-up; no template needs a tenth of it. */
#define NP_EXPR_DEPTH 100
#define NP_EXPR_DEEP "nested too deeply (more than 100 levels)"
/* An error quotes at most this much of the expression. */
#define NP_EXPR_QUOTE 80

enum { E_STR, E_VAR, E_SLOT, E_NEG, E_NOT, E_BIN, E_TERN, E_FILTER };
enum { OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_CAT, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD };
enum { F_MAP, F_DEFAULT, F_BOOL, F_UPPER, F_LOWER, F_MAC, F_TZ, F_URLENCODE, F_XMLSAFE,
       F_STARTSWITH, F_ENDSWITH, F_CONTAINS, F_BEFORE, F_AFTER, F_REMOVE, F_WORD, F_PAD };
enum {
    TZ_OFFSET, TZ_OFFSET_MIN, TZ_DST, TZ_DST_OFFSET_MIN, TZ_STD_ABBR, TZ_DST_ABBR, TZ_POSIX,
    TZ_START_MONTH, TZ_START_WEEK, TZ_START_WDAY, TZ_START_HOUR, TZ_START_MIN,
    TZ_END_MONTH, TZ_END_WEEK, TZ_END_WDAY, TZ_END_HOUR, TZ_END_MIN
};

static const char *const np_tz_fields[] = {
    "offset", "offset_min", "dst", "dst_offset_min", "std_abbr", "dst_abbr", "posix",
    "start_month", "start_week", "start_wday", "start_hour", "start_min",
    "end_month", "end_week", "end_wday", "end_hour", "end_min", NULL
};

/* A part of a variable name: literal text, or an expression whose value is spliced in. */
typedef struct {
    const char *lit;
    const np_expr_t *e;
} np_vpart_t;

struct np_expr_t {
    int kind;
    int op;              /* E_BIN operator, E_FILTER filter, or the filter's sub-choice */
    int arg;             /* mac style or tz field */
    const char *str;     /* E_STR literal; E_VAR constant name */
    size_t len;          /* of str */
    unsigned long long hash; /* E_VAR constant name: np_vars_hash(str, len) */
    const np_expr_t *a, *b, *c;
    const np_vpart_t *parts; /* E_VAR with computed parts */
    int nparts;
    const np_map_t *map;
    const np_expr_t *origin; /* E_SLOT of an np:let: the bound expression (lint only) */
    int height;              /* 1 for a leaf, else 1 + the highest child's */
};

typedef struct {
    const char *lit;     /* NULL for an expression segment */
    size_t litlen;
    int litbrk;          /* the literal holds CR or LF */
    const np_expr_t *e;
} np_seg_t;

struct np_istr_t {
    const np_seg_t *segs;
    int nsegs;
};

typedef struct {
    const np_expr_env_t *env;
    const char *s;
    size_t len;
    size_t pos;
    const char *err;
    size_t errpos;
    int depth; /* the nesting levels the parser is in (see NP_EXPR_DEPTH) */
} np_parser_t;

static np_expr_t *np_parse_pipe(np_parser_t *p);
static np_expr_t *np_parse_tern(np_parser_t *p);

static np_expr_t *np_fail(np_parser_t *p, const char *msg)
{
    if (!p->err) {
        p->err = msg;
        p->errpos = p->pos;
    }
    return NULL;
}

static np_expr_t *np_node(np_parser_t *p, int kind)
{
    np_expr_t *e = apr_pcalloc(p->env->pool, sizeof *e);
    e->kind = kind;
    e->height = 1;
    return e;
}

/* E, its children set: its height, or NULL (an error) when the tree grew higher than the cap. */
static np_expr_t *np_grown(np_parser_t *p, np_expr_t *e)
{
    int h = 0, i;
    if (!e)
        return NULL;
    if (e->a && e->a->height > h)
        h = e->a->height;
    if (e->b && e->b->height > h)
        h = e->b->height;
    if (e->c && e->c->height > h)
        h = e->c->height;
    for (i = 0; i < e->nparts; i++)
        if (e->parts[i].e && e->parts[i].e->height > h)
            h = e->parts[i].e->height;
    if (h >= NP_EXPR_DEPTH)
        return np_fail(p, NP_EXPR_DEEP);
    e->height = h + 1;
    return e;
}

/* One nesting level more (0), or an error (-1) past the cap; np_leave when the level is done. */
static int np_enter(np_parser_t *p)
{
    if (p->depth >= NP_EXPR_DEPTH) {
        np_fail(p, NP_EXPR_DEEP);
        return -1;
    }
    p->depth++;
    return 0;
}

static void np_leave(np_parser_t *p)
{
    p->depth--;
}

static int np_peek(np_parser_t *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n'
                               || p->s[p->pos] == '\r'))
        p->pos++;
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int np_is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int np_is_ident(int c)
{
    return np_is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Is the keyword kw at the current position (followed by a non-name character)? Consumes it if so. */
static int np_keyword(np_parser_t *p, const char *kw)
{
    size_t n = strlen(kw);
    if (np_peek(p) < 0 || p->len - p->pos < n || memcmp(p->s + p->pos, kw, n) != 0)
        return 0;
    if (p->pos + n < p->len && (np_is_ident((unsigned char)p->s[p->pos + n]) || p->s[p->pos + n] == '{'))
        return 0;
    p->pos += n;
    return 1;
}

static int np_accept(np_parser_t *p, const char *tok)
{
    size_t n = strlen(tok);
    if (np_peek(p) < 0 || p->len - p->pos < n || memcmp(p->s + p->pos, tok, n) != 0)
        return 0;
    p->pos += n;
    return 1;
}

/* A bare word (filter names and their word arguments): no computed parts. */
static const char *np_word(np_parser_t *p)
{
    size_t start;
    if (!np_is_ident_start(np_peek(p)))
        return NULL;
    start = p->pos;
    while (p->pos < p->len && np_is_ident((unsigned char)p->s[p->pos]))
        p->pos++;
    return apr_pstrmemdup(p->env->pool, p->s + start, p->pos - start);
}

static void np_note_ref(np_parser_t *p, const char *name, int computed, const np_map_t *map)
{
    np_ref_t *r;
    if (!p->env->refs)
        return;
    r = apr_array_push(p->env->refs);
    r->name = name;
    r->computed = computed;
    r->map = map;
    r->path = NULL;
    r->line = 0;
}

static void np_note_name(np_parser_t *p, const char *name)
{
    if (p->env->names_used)
        apr_hash_set(p->env->names_used, name, APR_HASH_KEY_STRING, name);
    np_note_ref(p, name, 0, NULL);
}

/* The variable a map: filter reads, through np:let bindings and default: filters; records it for lint. */
static void np_note_map_input(np_parser_t *p, const np_expr_t *in, const np_map_t *map)
{
    while (in && (in->kind == E_SLOT || (in->kind == E_FILTER && in->op == F_DEFAULT)))
        in = in->kind == E_SLOT ? in->origin : in->a;
    if (!in || in->kind != E_VAR)
        return;
    if (!in->parts)
        np_note_ref(p, in->str, 0, map);
    else
        np_note_ref(p, in->parts[0].lit ? in->parts[0].lit : "", 1, map);
}

static np_expr_t *np_parse_var(np_parser_t *p)
{
    apr_array_header_t *parts = apr_array_make(p->env->pool, 2, sizeof(np_vpart_t));
    size_t start = p->pos;
    np_expr_t *e = np_node(p, E_VAR);

    for (;;) {
        if (p->pos < p->len && np_is_ident((unsigned char)p->s[p->pos])) {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == '{') {
            np_vpart_t *vp;
            if (p->pos > start) {
                vp = apr_array_push(parts);
                vp->lit = apr_pstrmemdup(p->env->pool, p->s + start, p->pos - start);
                vp->e = NULL;
            }
            p->pos++;
            vp = apr_array_push(parts);
            vp->lit = NULL;
            if (np_enter(p))
                return NULL;
            vp->e = np_parse_pipe(p);
            np_leave(p);
            if (!vp->e)
                return NULL;
            if (!np_accept(p, "}"))
                return np_fail(p, "expected '}' to close a computed name");
            start = p->pos;
            continue;
        }
        break;
    }
    if (parts->nelts == 0) {
        const np_scope_t *sc = p->env->scope;
        int i;
        e->str = apr_pstrmemdup(p->env->pool, p->s + start, p->pos - start);
        e->len = p->pos - start;
        for (i = sc ? sc->depth - 1 : -1; i >= 0; i--)
            if (!strcmp(sc->names[i], e->str)) {
                e->kind = E_SLOT;
                e->arg = sc->slots[i];
                e->origin = sc->origins[i];
                return e;
            }
        e->hash = np_vars_hash(e->str, e->len);
        np_note_name(p, e->str);
        return e;
    }
    if (p->pos > start) {
        np_vpart_t *vp = apr_array_push(parts);
        vp->lit = apr_pstrmemdup(p->env->pool, p->s + start, p->pos - start);
        vp->e = NULL;
    }
    e->parts = (const np_vpart_t *)parts->elts;
    e->nparts = parts->nelts;
    np_note_ref(p, e->parts[0].lit ? e->parts[0].lit : "", 1, NULL);
    return np_grown(p, e);
}

static np_expr_t *np_parse_primary(np_parser_t *p)
{
    int c = np_peek(p);
    np_expr_t *e;

    if (c == '(') {
        p->pos++;
        if (np_enter(p))
            return NULL;
        e = np_parse_pipe(p);
        np_leave(p);
        if (!e)
            return NULL;
        if (!np_accept(p, ")"))
            return np_fail(p, "expected ')'");
        return e;
    }
    if (c >= '0' && c <= '9') {
        size_t start = p->pos;
        while (p->pos < p->len && isdigit((unsigned char)p->s[p->pos]))
            p->pos++;
        e = np_node(p, E_STR);
        e->str = apr_pstrmemdup(p->env->pool, p->s + start, p->pos - start);
        e->len = p->pos - start;
        return e;
    }
    if (c == '\'') {
        char *buf = apr_palloc(p->env->pool, p->len - p->pos + 1);
        size_t n = 0;
        p->pos++;
        while (p->pos < p->len && p->s[p->pos] != '\'') {
            if (p->s[p->pos] == '\\' && p->pos + 1 < p->len)
                p->pos++;
            buf[n++] = p->s[p->pos++];
        }
        if (p->pos >= p->len)
            return np_fail(p, "unterminated string");
        p->pos++;
        buf[n] = '\0';
        e = np_node(p, E_STR);
        e->str = buf;
        e->len = n;
        return e;
    }
    if (np_is_ident_start(c))
        return np_parse_var(p);
    if (c < 0)
        return np_fail(p, "unexpected end of expression");
    return np_fail(p, "unexpected character");
}

static np_expr_t *np_parse_unary(np_parser_t *p)
{
    if (np_peek(p) == '-') {
        np_expr_t *e = np_node(p, E_NEG);
        p->pos++;
        if (np_enter(p))
            return NULL;
        e->a = np_parse_unary(p);
        np_leave(p);
        return e->a ? np_grown(p, e) : NULL;
    }
    return np_parse_primary(p);
}

static np_expr_t *np_binary(np_parser_t *p, int op, np_expr_t *a, np_expr_t *b)
{
    np_expr_t *e;
    if (!a || !b)
        return NULL;
    e = np_node(p, E_BIN);
    e->op = op;
    e->a = a;
    e->b = b;
    return np_grown(p, e);
}

static np_expr_t *np_parse_mul(np_parser_t *p)
{
    np_expr_t *e = np_parse_unary(p);
    while (e) {
        int c = np_peek(p), op;
        if (c == '*')
            op = OP_MUL;
        else if (c == '/')
            op = OP_DIV;
        else if (c == '%')
            op = OP_MOD;
        else
            break;
        p->pos++;
        e = np_binary(p, op, e, np_parse_unary(p));
    }
    return e;
}

static np_expr_t *np_parse_add(np_parser_t *p)
{
    np_expr_t *e = np_parse_mul(p);
    while (e) {
        int c = np_peek(p);
        if (c != '+' && c != '-')
            break;
        p->pos++;
        e = np_binary(p, c == '+' ? OP_ADD : OP_SUB, e, np_parse_mul(p));
    }
    return e;
}

static np_expr_t *np_parse_cat(np_parser_t *p)
{
    np_expr_t *e = np_parse_add(p);
    while (e && np_peek(p) == '~') {
        p->pos++;
        e = np_binary(p, OP_CAT, e, np_parse_add(p));
    }
    return e;
}

static np_expr_t *np_parse_cmp(np_parser_t *p)
{
    static const struct { const char *tok; int op; } ops[] = {
        { "==", OP_EQ }, { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE }, { "<", OP_LT }, { ">", OP_GT }
    };
    np_expr_t *e = np_parse_cat(p);
    size_t i;

    if (!e)
        return NULL;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (np_accept(p, ops[i].tok))
            return np_binary(p, ops[i].op, e, np_parse_cat(p));
    return e;
}

static np_expr_t *np_parse_not(np_parser_t *p)
{
    if (np_keyword(p, "not")) {
        np_expr_t *e = np_node(p, E_NOT);
        if (np_enter(p))
            return NULL;
        e->a = np_parse_not(p);
        np_leave(p);
        return e->a ? np_grown(p, e) : NULL;
    }
    return np_parse_cmp(p);
}

static np_expr_t *np_parse_and(np_parser_t *p)
{
    np_expr_t *e = np_parse_not(p);
    while (e && np_keyword(p, "and"))
        e = np_binary(p, OP_AND, e, np_parse_not(p));
    return e;
}

static np_expr_t *np_parse_or(np_parser_t *p)
{
    np_expr_t *e = np_parse_and(p);
    while (e && np_keyword(p, "or"))
        e = np_binary(p, OP_OR, e, np_parse_and(p));
    return e;
}

static np_expr_t *np_parse_tern(np_parser_t *p)
{
    np_expr_t *c = np_parse_or(p), *e;
    if (!c || np_peek(p) != '?')
        return c;
    p->pos++;
    e = np_node(p, E_TERN);
    e->a = c;
    if (np_enter(p))
        return NULL;
    e->b = np_parse_tern(p);
    if (e->b && !np_accept(p, ":"))
        e->b = np_fail(p, "expected ':' in 'c ? a : b'");
    if (e->b)
        e->c = np_parse_tern(p);
    np_leave(p);
    return e->b && e->c ? np_grown(p, e) : NULL;
}

static np_expr_t *np_parse_filter(np_parser_t *p, np_expr_t *in)
{
    const char *name = np_word(p);
    np_expr_t *e = np_node(p, E_FILTER);
    e->a = in;

    if (!name)
        return np_fail(p, "expected a filter name after '|'");
    if (!strcmp(name, "map")) {
        const char *m;
        e->op = F_MAP;
        if (!np_accept(p, ":") || !(m = np_word(p)))
            return np_fail(p, "map needs a map name: map:NAME");
        if (!p->env->map_lookup || !(e->map = p->env->map_lookup(p->env->baton, m)))
            return np_fail(p, apr_psprintf(p->env->pool, "unknown map '%s'", m));
        np_note_map_input(p, in, e->map);
    }
    else if (!strcmp(name, "default")) {
        e->op = F_DEFAULT;
        if (!np_accept(p, ":") || !(e->b = np_parse_primary(p)))
            return np_fail(p, "default needs a value: default:X");
    }
    else if (!strcmp(name, "startswith") || !strcmp(name, "endswith") || !strcmp(name, "contains")
             || !strcmp(name, "before") || !strcmp(name, "after") || !strcmp(name, "remove")
             || !strcmp(name, "word") || !strcmp(name, "pad")) {
        static const struct { const char *name; int op; } ops[] = {
            { "startswith", F_STARTSWITH }, { "endswith", F_ENDSWITH }, { "contains", F_CONTAINS },
            { "before", F_BEFORE }, { "after", F_AFTER }, { "remove", F_REMOVE }, { "word", F_WORD }, { "pad", F_PAD }
        };
        size_t i;
        for (i = 0; strcmp(ops[i].name, name); i++)
            ;
        e->op = ops[i].op;
        if (!np_accept(p, ":") || !(e->b = np_parse_primary(p)))
            return np_fail(p, apr_psprintf(p->env->pool, "%s needs an argument: %s:X", name, name));
    }
    else if (!strcmp(name, "mac")) {
        const char *style;
        e->op = F_MAC;
        if (!np_accept(p, ":") || !(style = np_word(p)) || (e->arg = np_mac_style_by_name(style)) < 0)
            return np_fail(p, "mac needs a style: plain, PLAIN, colon, COLON, dash or DASH");
    }
    else if (!strcmp(name, "tz")) {
        const char *field;
        e->op = F_TZ;
        if (!np_accept(p, ":") || !(field = np_word(p)))
            return np_fail(p, "tz needs a field, e.g. tz:offset");
        for (e->arg = 0; np_tz_fields[e->arg] && strcmp(np_tz_fields[e->arg], field); e->arg++)
            ;
        if (!np_tz_fields[e->arg])
            return np_fail(p, apr_psprintf(p->env->pool, "unknown tz field '%s'", field));
    }
    else if (!strcmp(name, "bool"))
        e->op = F_BOOL;
    else if (!strcmp(name, "upper"))
        e->op = F_UPPER;
    else if (!strcmp(name, "lower"))
        e->op = F_LOWER;
    else if (!strcmp(name, "urlencode"))
        e->op = F_URLENCODE;
    else if (!strcmp(name, "xmlsafe"))
        e->op = F_XMLSAFE;
    else
        return np_fail(p, apr_psprintf(p->env->pool, "unknown filter '%s'", name));
    return np_grown(p, e);
}

static np_expr_t *np_parse_pipe(np_parser_t *p)
{
    np_expr_t *e = np_parse_tern(p);
    while (e && np_peek(p) == '|') {
        p->pos++;
        e = np_parse_filter(p, e);
    }
    return e;
}

/* SRC[0..LEN) in quotes for a message; a long one cut short (an error must not be the size of a
 * hostile template). */
static const char *np_expr_quote(apr_pool_t *pool, const char *src, size_t len)
{
    if (len <= NP_EXPR_QUOTE)
        return apr_psprintf(pool, "'%.*s'", (int)len, src);
    return apr_psprintf(pool, "'%.*s...' (%lu characters)", NP_EXPR_QUOTE, src, (unsigned long)len);
}

np_expr_t *np_expr_compile(const np_expr_env_t *env, const char *src, size_t len, const char **err)
{
    np_parser_t p = { env, src, len, 0, NULL, 0, 0 };
    np_expr_t *e = np_parse_pipe(&p);

    if (e && np_peek(&p) >= 0)
        e = np_fail(&p, "unexpected text after the expression");
    if (!e) {
        *err = apr_psprintf(env->pool, "%s at column %lu of %s", p.err, (unsigned long)p.errpos + 1,
                            np_expr_quote(env->pool, src, len));
        return NULL;
    }
    return e;
}

np_istr_t *np_istr_compile(const np_expr_env_t *env, const char *src, const char **err)
{
    apr_array_header_t *segs = apr_array_make(env->pool, 4, sizeof(np_seg_t));
    size_t len = strlen(src), i = 0;
    char *lit = apr_palloc(env->pool, len + 1);
    size_t nlit = 0;
    np_istr_t *s = apr_palloc(env->pool, sizeof *s);

    while (i < len) {
        if (src[i] == '{' && i + 1 < len && src[i + 1] == '{') {
            lit[nlit++] = '{';
            i += 2;
        }
        else if (src[i] == '}' && i + 1 < len && src[i + 1] == '}') {
            lit[nlit++] = '}';
            i += 2;
        }
        else if (src[i] == '}') {
            *err = apr_psprintf(env->pool, "a lone '}' at column %lu of %s (write }} for a brace)",
                                (unsigned long)i + 1, np_expr_quote(env->pool, src, len));
            return NULL;
        }
        else if (src[i] == '{') {
            np_parser_t p = { env, src, len, i + 1, NULL, 0, 0 };
            np_seg_t *seg;
            np_expr_t *e = np_parse_pipe(&p);
            if (e && !np_accept(&p, "}"))
                e = np_fail(&p, "expected '}'");
            if (!e) {
                *err = apr_psprintf(env->pool, "%s at column %lu of %s", p.err, (unsigned long)p.errpos + 1,
                                    np_expr_quote(env->pool, src, len));
                return NULL;
            }
            if (nlit) {
                seg = apr_array_push(segs);
                seg->lit = apr_pstrmemdup(env->pool, lit, nlit);
                seg->litlen = nlit;
                seg->litbrk = strpbrk(seg->lit, "\r\n") != NULL;
                seg->e = NULL;
                nlit = 0;
            }
            seg = apr_array_push(segs);
            seg->lit = NULL;
            seg->e = e;
            i = p.pos;
        }
        else
            lit[nlit++] = src[i++];
    }
    if (nlit || segs->nelts == 0) {
        np_seg_t *seg = apr_array_push(segs);
        seg->lit = apr_pstrmemdup(env->pool, lit, nlit);
        seg->litlen = nlit;
        seg->litbrk = strpbrk(seg->lit, "\r\n") != NULL;
        seg->e = NULL;
    }
    s->segs = (const np_seg_t *)segs->elts;
    s->nsegs = segs->nelts;
    return s;
}

int np_istr_literal_break(const np_istr_t *s)
{
    int i;
    for (i = 0; i < s->nsegs; i++)
        if (s->segs[i].lit && s->segs[i].litbrk)
            return 1;
    return 0;
}

int np_istr_is_const(const np_istr_t *s)
{
    return s->nsegs == 1 && s->segs[0].lit != NULL;
}

int np_expr_truthy(const char *v)
{
    return v && v[0] && !(v[0] == '0' && v[1] == '\0');
}

/* An integer here has at most 18 digits, so it always fits a long: longer digit strings are
 * compared as strings and count as 0 in arithmetic, never silently clamped. */
static int np_is_int(const char *v)
{
    int n = 0;
    if (*v == '-' || *v == '+')
        v++;
    for (; *v; v++, n++)
        if (*v < '0' || *v > '9' || n >= 18)
            return 0;
    return n > 0;
}

long np_expr_int(const char *v)
{
    return v && np_is_int(v) ? strtol(v, NULL, 10) : 0;
}

static const char *np_lookup(np_eval_t *ev, const char *name, size_t len, unsigned long long hash)
{
    const np_local_t *l;
    const char *v;
    for (l = ev->locals; l; l = l->next)
        if (!strncmp(l->name, name, len) && l->name[len] == '\0')
            return l->value;
    if (!hash)
        hash = np_vars_hash(name, len);
    if (ev->rec)
        *(unsigned long long *)apr_array_push(ev->rec->names) = hash;
    v = np_vars_get_h(ev->vars, name, len, hash);
    return v ? v : "";
}

/* The tz database is read once per zone per process; the cache is shared by threads. */
typedef struct np_tzc_t {
    char zone[132];
    int ok;
    np_tz_info_t info;
    struct np_tzc_t *next;
} np_tzc_t;

static pthread_mutex_t np_tzc_lock = PTHREAD_MUTEX_INITIALIZER;
static np_tzc_t *np_tzc_head;

static const np_tz_info_t *np_tzc_get(const char *zone)
{
    np_tzc_t *c;
    const np_tz_info_t *res = NULL;
    const char *err;

    if (strlen(zone) >= sizeof c->zone)
        return NULL;
    pthread_mutex_lock(&np_tzc_lock);
    for (c = np_tzc_head; c && strcmp(c->zone, zone); c = c->next)
        ;
    if (!c && (c = calloc(1, sizeof *c)) != NULL) {
        strcpy(c->zone, zone);
        c->ok = np_tz_lookup(NULL, zone, &c->info, &err) == 0;
        c->next = np_tzc_head;
        np_tzc_head = c;
    }
    if (c && c->ok)
        res = &c->info;
    pthread_mutex_unlock(&np_tzc_lock);
    return res;
}

static const char *np_tz_field(np_eval_t *ev, const char *zone, int field)
{
    const np_tz_info_t *tz = np_tzc_get(zone);
    const np_tz_rule_t *r;
    char buf[8];

    if (!tz)
        return "";
    r = field >= TZ_END_MONTH ? &tz->end : &tz->start;
    switch (field) {
    case TZ_OFFSET: return apr_pstrdup(ev->pool, np_tz_format_hours(tz->std_offset, buf));
    case TZ_OFFSET_MIN: return apr_itoa(ev->pool, tz->std_offset / 60);
    case TZ_DST: return tz->has_dst ? "1" : "0";
    case TZ_DST_OFFSET_MIN: return apr_itoa(ev->pool, tz->dst_offset / 60);
    case TZ_STD_ABBR: return tz->std_abbr;
    case TZ_DST_ABBR: return tz->dst_abbr;
    case TZ_POSIX: return tz->posix;
    }
    if (!tz->has_dst)
        return "";
    switch (field) {
    case TZ_START_MONTH: case TZ_END_MONTH: return apr_itoa(ev->pool, r->month);
    case TZ_START_WEEK: case TZ_END_WEEK: return apr_itoa(ev->pool, r->week);
    case TZ_START_WDAY: case TZ_END_WDAY: return apr_itoa(ev->pool, r->wday);
    case TZ_START_HOUR: case TZ_END_HOUR: return apr_itoa(ev->pool, r->secs / 3600);
    default: return apr_itoa(ev->pool, (r->secs % 3600) / 60);
    }
}

static const char *np_urlencode(apr_pool_t *pool, const char *v)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(pool, strlen(v) * 3 + 1), *o = out;
    for (; *v; v++) {
        unsigned char c = (unsigned char)*v;
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            *o++ = (char)c;
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* The string filters that take an argument x. */
static const char *np_filter_text(const np_expr_t *e, np_eval_t *ev, const char *v, const char *x)
{
    size_t vl = strlen(v), xl = strlen(x);
    const char *at;

    switch (e->op) {
    case F_STARTSWITH:
        return !strncmp(v, x, xl) ? "1" : "";
    case F_ENDSWITH:
        return vl >= xl && !strcmp(v + vl - xl, x) ? "1" : "";
    case F_CONTAINS:
        return strstr(v, x) ? "1" : "";
    case F_BEFORE: /* the text before the first x (all of it when x is absent) */
        return xl && (at = strstr(v, x)) ? apr_pstrmemdup(ev->pool, v, (apr_size_t)(at - v)) : v;
    case F_AFTER: /* the text after the first x ("" when x is absent) */
        return xl && (at = strstr(v, x)) ? at + xl : "";
    case F_REMOVE: {
        char *o = apr_palloc(ev->pool, vl + 1), *d = o;
        while (*v) {
            if (xl && !strncmp(v, x, xl))
                v += xl;
            else
                *d++ = *v++;
        }
        *d = '\0';
        return o;
    }
    case F_WORD: { /* the x-th word (from 1) of the value split at spaces and tabs */
        long n = np_expr_int(x);
        while (n > 0 && *v) {
            size_t len;
            v += strspn(v, " \t");
            len = strcspn(v, " \t");
            if (len && --n == 0)
                return apr_pstrmemdup(ev->pool, v, len);
            v += len;
        }
        return "";
    }
    default: { /* F_PAD: left-pad with zeros to x characters */
        long w = np_expr_int(x);
        char *o;
        if (w <= (long)vl || w > 64)
            return v;
        o = apr_palloc(ev->pool, (apr_size_t)w + 1);
        memset(o, '0', (size_t)w - vl);
        memcpy(o + (w - (long)vl), v, vl + 1);
        return o;
    }
    }
}

static const char *np_filter(const np_expr_t *e, np_eval_t *ev, const char *v)
{
    switch (e->op) {
    case F_MAP: {
        const char *m = apr_hash_get(e->map->entries, v, APR_HASH_KEY_STRING);
        return m ? m : (e->map->dflt ? e->map->dflt : "");
    }
    case F_DEFAULT:
        return *v ? v : np_expr_eval(e->b, ev);
    case F_BOOL:
        return np_expr_truthy(v) ? "1" : "0";
    case F_UPPER:
    case F_LOWER: {
        char *o = apr_pstrdup(ev->pool, v), *c;
        for (c = o; *c; c++)
            *c = (char)(e->op == F_UPPER ? toupper((unsigned char)*c) : tolower((unsigned char)*c));
        return o;
    }
    case F_MAC: {
        unsigned char mac[NP_MAC_LEN];
        const char *err;
        size_t pos;
        if (np_mac_parse(v, strlen(v), mac, &err, &pos) != 0)
            return "";
        return np_mac_format(mac, (np_mac_style_e)e->arg, apr_palloc(ev->pool, NP_MAC_STRLEN));
    }
    case F_TZ:
        return np_tz_field(ev, v, e->arg);
    case F_URLENCODE:
        return np_urlencode(ev->pool, v);
    case F_XMLSAFE:
        return v;
    default:
        return np_filter_text(e, ev, v, np_expr_eval(e->b, ev));
    }
}

static const char *np_bin(const np_expr_t *e, np_eval_t *ev)
{
    const char *a = np_expr_eval(e->a, ev), *b;
    long x, y;
    int c;

    if (e->op == OP_OR)
        return np_expr_truthy(a) ? a : np_expr_eval(e->b, ev);
    if (e->op == OP_AND)
        return !np_expr_truthy(a) ? "" : np_expr_eval(e->b, ev);
    b = np_expr_eval(e->b, ev);
    if (e->op == OP_CAT)
        return apr_pstrcat(ev->pool, a, b, NULL);
    if (e->op >= OP_EQ && e->op <= OP_GE) {
        if (np_is_int(a) && np_is_int(b)) {
            x = strtol(a, NULL, 10);
            y = strtol(b, NULL, 10);
            c = x < y ? -1 : x > y;
        }
        else
            c = strcmp(a, b);
        switch (e->op) {
        case OP_EQ: return c == 0 ? "1" : "";
        case OP_NE: return c != 0 ? "1" : "";
        case OP_LT: return c < 0 ? "1" : "";
        case OP_LE: return c <= 0 ? "1" : "";
        case OP_GT: return c > 0 ? "1" : "";
        default: return c >= 0 ? "1" : "";
        }
    }
    x = np_expr_int(a);
    y = np_expr_int(b);
    /* Unsigned arithmetic wraps instead of overflowing (undefined in signed C arithmetic). */
    switch (e->op) {
    case OP_ADD: x = (long)((unsigned long)x + (unsigned long)y); break;
    case OP_SUB: x = (long)((unsigned long)x - (unsigned long)y); break;
    case OP_MUL: x = (long)((unsigned long)x * (unsigned long)y); break;
    case OP_DIV: x = !y ? 0 : (y == -1 ? (long)(0UL - (unsigned long)x) : x / y); break;
    default: x = !y || y == -1 ? 0 : x % y; break;
    }
    return apr_ltoa(ev->pool, x);
}

const char *np_expr_eval(const np_expr_t *e, np_eval_t *ev)
{
    switch (e->kind) {
    case E_STR:
        return e->str;
    case E_VAR: {
        char name[256];
        size_t n = 0;
        int i;
        if (!e->nparts)
            return np_lookup(ev, e->str, e->len, e->hash);
        for (i = 0; i < e->nparts; i++) {
            const char *part = e->parts[i].lit ? e->parts[i].lit : np_expr_eval(e->parts[i].e, ev);
            size_t pl = strlen(part);
            if (n + pl >= sizeof name)
                return "";
            memcpy(name + n, part, pl);
            n += pl;
        }
        return np_lookup(ev, name, n, 0);
    }
    case E_SLOT:
        if (ev->rec && !ev->rec->inner[e->arg])
            *(int *)apr_array_push(ev->rec->outer) = e->arg;
        return ev->slots[e->arg] ? ev->slots[e->arg] : "";
    case E_NEG:
        return apr_ltoa(ev->pool, (long)(0UL - (unsigned long)np_expr_int(np_expr_eval(e->a, ev))));
    case E_NOT:
        return np_expr_truthy(np_expr_eval(e->a, ev)) ? "" : "1";
    case E_BIN:
        return np_bin(e, ev);
    case E_TERN:
        return np_expr_truthy(np_expr_eval(e->a, ev)) ? np_expr_eval(e->b, ev) : np_expr_eval(e->c, ev);
    default:
        return np_filter(e, ev, np_expr_eval(e->a, ev));
    }
}

int np_istr_nsegs(const np_istr_t *s)
{
    return s->nsegs;
}

const char *np_istr_seg(const np_istr_t *s, int i, np_eval_t *ev, size_t *len, int *brk)
{
    const char *v, *c;
    int b = 0;
    if (s->segs[i].lit) {
        *len = s->segs[i].litlen;
        *brk = s->segs[i].litbrk;
        return s->segs[i].lit;
    }
    v = np_expr_eval(s->segs[i].e, ev);
    for (c = v; *c; c++)
        b |= (*c == '\n') | (*c == '\r');
    *len = (size_t)(c - v);
    *brk = b;
    return v;
}

const char *np_istr_eval(const np_istr_t *s, np_eval_t *ev)
{
    const char *parts[64];
    int i;

    if (s->nsegs == 1)
        return s->segs[0].lit ? s->segs[0].lit : np_expr_eval(s->segs[0].e, ev);
    if (s->nsegs <= 64) {
        struct iovec vec[64];
        for (i = 0; i < s->nsegs; i++) {
            parts[i] = s->segs[i].lit ? s->segs[i].lit : np_expr_eval(s->segs[i].e, ev);
            vec[i].iov_base = (void *)parts[i];
            vec[i].iov_len = strlen(parts[i]);
        }
        return apr_pstrcatv(ev->pool, vec, (apr_size_t)s->nsegs, NULL);
    }
    {
        const char *acc = "";
        for (i = 0; i < s->nsegs; i++)
            acc = apr_pstrcat(ev->pool, acc, s->segs[i].lit ? s->segs[i].lit : np_expr_eval(s->segs[i].e, ev), NULL);
        return acc;
    }
}
