/* Internals shared by the template compiler and the renderer. */
#ifndef NP_TMPL_INT_H
#define NP_TMPL_INT_H

#include "np_tmpl.h"

typedef enum { NP_N_ELEM, NP_N_TEXT, NP_N_LINE, NP_N_KV, NP_N_BLOCK, NP_N_LET, NP_N_ATTR } np_node_kind_e;
typedef enum { NP_W_XML, NP_W_LINES } np_writer_e;

typedef struct {
    const char *name;
    const np_istr_t *value;
} np_attr_t;

typedef struct np_node_t {
    np_node_kind_e kind;
    int line;
    const np_expr_t *if_expr;
    const char *for_var;           /* NULL: no loop */
    int slot;                      /* np:for variable's or np:let's slot in np_eval_t.slots */
    const np_expr_t *for_from, *for_to;
    const char *name;              /* element name (NULL: computed, in key); np:let name */
    const np_attr_t *attrs;
    int nattrs;
    const np_istr_t *text;         /* TEXT, LINE, KV value */
    const np_istr_t *key;          /* KV key; computed element or attribute name */
    const np_expr_t *let_value;
    struct np_node_t *children;
    struct np_node_t *next;
} np_node_t;

struct np_tmpl_t {
    const char *path;
    np_writer_e writer;
    const char *separator;
    int pad;
    int indent;
    size_t seplen;
    int nslots;
    unsigned long long digest;     /* of the source bytes: part of every ETag */
    np_node_t *body;
};

#endif
