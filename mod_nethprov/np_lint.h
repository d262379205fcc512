/* Static checks of brand data against the variable catalogue (templates/catalogue.tsv): every
 * variable a template reads must exist, and a map applied to an enum must cover its values.
 * httpd (at start) and `nethprov lint` run the same checks, so they print the same messages. */
#ifndef NP_LINT_H
#define NP_LINT_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "np_brand.h"

typedef struct np_catalogue_t np_catalogue_t;

/** Read a catalogue file. Returns 0, or -1 with *err naming file and line. */
int np_catalogue_load(apr_pool_t *pool, const char *path, np_catalogue_t **out, const char **err);

/** Number of variables in the catalogue. */
int np_catalogue_count(const np_catalogue_t *cat);

/** Check brand b; append one message (const char *, "file:line: ...") per problem. Returns how many. */
int np_lint_brand(apr_pool_t *pool, const np_brand_t *b, const np_catalogue_t *cat, apr_array_header_t *problems);

#endif
