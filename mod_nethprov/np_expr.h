/* The template expression language: compiled once into a tree, evaluated per render.
 * Syntax: templates/README.md, "Expressions" and "Filters". */
#ifndef NP_EXPR_H
#define NP_EXPR_H

#include <apr_pools.h>
#include <apr_hash.h>
#include "np_vars.h"

typedef struct np_expr_t np_expr_t;
typedef struct np_istr_t np_istr_t;

/* A value map of a brand (brand.xml <map>). */
typedef struct {
    const char *name;
    apr_hash_t *entries; /* key -> value (const char *) */
    const char *dflt;    /* NULL: unmapped keys give "" */
} np_map_t;

/* Names bound by the template (np:for, np:let) that are in scope where an expression is
 * compiled: each gets a slot, so evaluation reads an array instead of searching by name. */
typedef struct {
    const char *names[64];
    int slots[64];
    const np_expr_t *origins[64]; /* np:let: the bound expression (lint follows it to a variable); np:for: NULL */
    int depth;
    int nslots;             /* slots handed out so far in this template */
} np_scope_t;

/* A variable the templates read, as lint sees it. */
typedef struct {
    const char *name;     /* the constant name; for a computed name, its literal start ("" if none) */
    int computed;         /* 1: name is only the start of a computed name */
    const np_map_t *map;  /* the map a map: filter looks this variable's value up in (else NULL) */
    const char *path;     /* where: set by the template compiler */
    int line;
} np_ref_t;

/* Compile-time environment: how map names resolve, and where names are recorded. */
typedef struct {
    apr_pool_t *pool;
    const np_map_t *(*map_lookup)(void *baton, const char *name);
    void *baton;
    apr_hash_t *names_used; /* optional: every constant variable name referenced (for lint) */
    np_scope_t *scope;      /* optional: template-bound names in scope */
    apr_array_header_t *refs; /* optional: np_ref_t, every variable read (for lint) */
} np_expr_env_t;

/* Loop and let bindings, innermost first. */
typedef struct np_local_t {
    const char *name;
    const char *value;
    const struct np_local_t *next;
} np_local_t;

/* While a memoised block renders, what it reads is recorded (see np_memo.h). */
typedef struct {
    apr_array_header_t *names;  /* unsigned long long: hashes of the variable names looked up */
    apr_array_header_t *outer;  /* int: slots read that were bound outside the block */
    unsigned char *inner;       /* per slot: 1 once bound inside the block */
} np_rec_t;

typedef struct {
    const np_vars_t *vars;
    const np_local_t *locals; /* bindings by name, for expressions compiled without a scope */
    np_rec_t *rec;            /* not NULL: record every lookup */
    const char **slots;       /* bindings by slot, for names resolved at compile time */
    apr_pool_t *pool;         /* scratch for values made during evaluation */
} np_eval_t;

/**
 * Compile the expression in src[0..len). Returns NULL and sets *err (allocated in
 * env->pool, with the 1-based column) on a syntax error.
 */
np_expr_t *np_expr_compile(const np_expr_env_t *env, const char *src, size_t len, const char **err);

/** Compile text with {EXPR} placeholders ({{ and }} are literal braces). */
np_istr_t *np_istr_compile(const np_expr_env_t *env, const char *src, const char **err);

/** 1 when a literal part of the string holds CR or LF. */
int np_istr_literal_break(const np_istr_t *s);

/** 1 when the interpolated string has no placeholder (its value is constant). */
int np_istr_is_const(const np_istr_t *s);

const char *np_expr_eval(const np_expr_t *e, np_eval_t *ev);
const char *np_istr_eval(const np_istr_t *s, np_eval_t *ev);

/* Segment by segment, so a writer can stream a placeholder string without joining it first. */
int np_istr_nsegs(const np_istr_t *s);
/* *brk is set to 1 when the segment holds a CR or LF (measured in the same pass as its length). */
const char *np_istr_seg(const np_istr_t *s, int i, np_eval_t *ev, size_t *len, int *brk);

/** Truth of a value: "" and "0" are false. */
int np_expr_truthy(const char *v);

/** Parse an integer value the way arithmetic does (non-integers are 0). */
long np_expr_int(const char *v);

#endif
