/* XML-RPC (the subset the redirect services use): methodCall bodies, and methodResponse or
 * fault answers parsed with libxml2. No httpd headers. */
#ifndef NP_XMLRPC_H
#define NP_XMLRPC_H

#include <apr_pools.h>

typedef enum { NP_XV_STRING, NP_XV_BOOL, NP_XV_INT, NP_XV_DOUBLE, NP_XV_ARRAY, NP_XV_STRUCT, NP_XV_NIL } np_xv_type_e;

typedef struct np_xv np_xv_t;
struct np_xv {
    np_xv_type_e type;
    const char *s;      /* STRING (and the text of DOUBLE) */
    long i;             /* BOOL (0/1), INT */
    int n;              /* ARRAY, STRUCT: number of items */
    np_xv_t *items;     /* ARRAY, STRUCT */
    const char **names; /* STRUCT: the member names */
};

np_xv_t np_xv_str(const char *s);
np_xv_t np_xv_bool(int b);
np_xv_t np_xv_int(long i);
/* An array of N values (the array ITEMS is referred to, not copied). */
np_xv_t np_xv_array(np_xv_t *items, int n);

/* The body of a call of METHOD with N parameters. */
char *np_xmlrpc_call(apr_pool_t *p, const char *method, const np_xv_t *params, int n);

typedef enum { NP_XMLRPC_RESULT, NP_XMLRPC_FAULT, NP_XMLRPC_BAD } np_xmlrpc_kind_e;

/* Parses an answer. RESULT: *result is the first parameter. FAULT: *fault_code and
 * *fault_string. BAD: *err says what is wrong with the document. */
np_xmlrpc_kind_e np_xmlrpc_parse(apr_pool_t *p, const char *body, size_t len, np_xv_t **result, long *fault_code,
                                 const char **fault_string, const char **err);

/* The redirect services answer [success, message]: 0 with *ok and *msg (NULL when absent) when V
 * has that shape (a lone boolean is accepted), -1 otherwise. */
int np_xmlrpc_pair(const np_xv_t *v, int *ok, const char **msg);

#endif
