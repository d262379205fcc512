/* A small JSON reader for the redirect services' answers: the document becomes an np_xv_t tree
 * (objects are NP_XV_STRUCT, numbers NP_XV_INT when integral, else NP_XV_DOUBLE). No httpd headers. */
#ifndef NP_JSON_H
#define NP_JSON_H

#include <stddef.h>
#include <apr_pools.h>
#include "np_xmlrpc.h"

/* Parses LEN bytes of TEXT. 0 with *out, or -1 with *err ("at byte N: what"). */
int np_json_parse(apr_pool_t *p, const char *text, size_t len, np_xv_t **out, const char **err);

/* The member NAME of object V (NULL when V is not an object or has no such member). */
const np_xv_t *np_json_get(const np_xv_t *v, const char *name);
/* The string member NAME of V, or NULL. */
const char *np_json_str_of(const np_xv_t *v, const char *name);

/* S as a JSON string literal, quotes included. */
const char *np_json_quote(apr_pool_t *p, const char *s);

#endif
