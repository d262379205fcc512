/* Brand data (templates/<brand>/brand.xml): MAC ranges, the files phones ask for,
 * models and their capabilities, value maps; plus the brand's compiled templates.
 * Loaded once; read-only afterwards, so threads share it freely. */
#ifndef NP_BRAND_H
#define NP_BRAND_H

#include <stdint.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include "np_mac.h"
#include "np_tmpl.h"

typedef struct {
    uint64_t lo, hi;                 /* inclusive, 48-bit MACs */
} np_mac_range_t;

typedef struct {
    const char *pattern;             /* as written: "{mac}.cfg" */
    const char *prefix, *suffix;     /* around {mac}; prefix is the whole name when has_mac is 0 */
    int has_mac;
    const char *template_name;
    const char *content_type;
    const char *models;              /* NULL: any model; else a space-separated list of models/families */
    const np_tmpl_t *tmpl;
} np_file_t;

typedef struct {
    const char *name;
    const char *family;
    apr_array_header_t *caps;        /* of np_cap_t */
} np_model_t;

typedef struct {
    const char *name;                /* cap_linekey_count */
    const char *value;
} np_cap_t;

/* What the brand's phones read from DHCP (brand.xml <dhcp>; absent: option 66, full URL). */
#define NP_DHCP_MAX_OPTIONS 4
typedef struct {
    int options[NP_DHCP_MAX_OPTIONS]; /* option codes, in the order written */
    int noptions;
    int noscheme;                    /* the URL without "scheme://" (Grandstream) */
    const char *file;                /* appended to the URL, in the phone's own syntax ("{mac}.xml"); NULL: none */
    const char *vendor_class;        /* option 60 prefix that also marks the brand's phones; NULL: none */
} np_brand_dhcp_t;

/* What the admin types into the phone's web UI when neither RPS nor DHCP reaches the phone
 * (brand.xml <manual>; absent: where is NULL). */
typedef struct {
    const char *where;               /* the page and field of the web UI that takes the URL */
    const char *disable;             /* what to turn off there, so that the phone keeps the typed URL */
    np_file_t file;                  /* appended to the URL when file.pattern is set ({mac} filled) */
    int noscheme;                    /* the URL without "scheme://" (the web UI has a protocol field of its own) */
} np_brand_manual_t;

typedef struct {
    const char *name;
    const char *display;
    const char *dir;
    apr_array_header_t *ranges;      /* np_mac_range_t */
    apr_array_header_t *user_agents; /* const char * substrings */
    apr_array_header_t *files;       /* np_file_t */
    apr_array_header_t *bootstraps;  /* np_file_t: <bootstrap> files, served without a token (NethprovBootstrap) */
    apr_array_header_t *boot_refs;   /* np_ref_t: what the bootstrap templates read (lint holds them to a whitelist) */
    apr_array_header_t *models;      /* np_model_t */
    apr_hash_t *maps;                /* name -> np_map_t */
    apr_hash_t *names_used;          /* variable names the templates reference */
    apr_array_header_t *refs;        /* np_ref_t: where the templates read which variable (lint) */
    unsigned long long digest;       /* of brand.xml's bytes: part of every ETag */
    np_brand_dhcp_t dhcp;
    np_brand_manual_t manual;
} np_brand_t;

typedef struct {
    apr_array_header_t *brands;      /* np_brand_t * */
} np_brands_t;

/** Load every templates_dir/<brand>/brand.xml, compile its templates and lint them against
 *  templates_dir/catalogue.tsv. On any problem returns -1 with *err: every problem found, one per
 *  line, each naming file and line. */
int np_brands_load(apr_pool_t *pool, const char *templates_dir, np_brands_t **out, const char **err);

/** The same, collecting the problems (const char *) in problems; returns how many (0: *out is set). */
int np_brands_check(apr_pool_t *pool, const char *templates_dir, np_brands_t **out, apr_array_header_t *problems);

const np_brand_t *np_brands_get(const np_brands_t *b, const char *name);

/** The brand whose narrowest range holds mac, or NULL. */
const np_brand_t *np_brands_detect(const np_brands_t *b, const unsigned char mac[NP_MAC_LEN]);

/**
 * Does filename name a file any brand serves? Returns 1 and sets *has_mac (and mac)
 * when a pattern matches, 0 when nothing could serve it. Nothing is looked up per brand yet:
 * the phone's brand is known only after the database has answered.
 */
int np_brands_match_name(const np_brands_t *b, const char *filename, unsigned char mac[NP_MAC_LEN], int *has_mac);

/** Does filename name a bootstrap file of any brand? Returns 1 with its MAC in mac, else 0. */
int np_brands_match_bootstrap(const np_brands_t *b, const char *filename, unsigned char mac[NP_MAC_LEN]);

/** The bootstrap file of brand that serves filename for model (NULL if none). */
const np_file_t *np_brand_bootstrap_file(const np_brand_t *brand, const char *filename, const char *model);

/** The file of brand that serves filename for model (NULL if none). */
const np_file_t *np_brand_file(const np_brand_t *brand, const char *filename, const char *model);

/** The first file of the brand whose name holds {mac}: the phone's main config. */
const np_file_t *np_brand_main_file(const np_brand_t *brand, const char *model);

const np_model_t *np_brand_model(const np_brand_t *brand, const char *model);

/** Write the file name for a phone (pattern with {mac} filled). */
const char *np_file_name_for(apr_pool_t *pool, const np_file_t *f, const unsigned char mac[NP_MAC_LEN]);

/** The URL to type into the phone's web UI (<manual>): base_url/token/, then the <manual> file for mac;
 *  noscheme: without "scheme://" (and, with no file, without the trailing '/'). */
const char *np_brand_manual_url(apr_pool_t *pool, const np_brand_t *brand, const char *base_url, const char *token,
                                const unsigned char mac[NP_MAC_LEN]);

#endif
