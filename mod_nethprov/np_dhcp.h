/* DHCP server snippets that hand each brand's phones the provisioning URL in the option that brand
 * reads (brand.xml <dhcp>), the phones being told apart by MAC prefix or vendor class. */
#ifndef NP_DHCP_H
#define NP_DHCP_H

#include <stdint.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include "np_brand.h"
#include "np_tmpl.h"

typedef enum { NP_DHCP_DNSMASQ, NP_DHCP_ISC, NP_DHCP_KEA } np_dhcp_server_t;

/* A range that needs more byte prefixes than this is matched by its enclosing prefix instead. */
#define NP_DHCP_MAX_PREFIXES 16

typedef struct {
    unsigned char bytes[6];
    int len;          /* how many leading bytes of the MAC must equal bytes: 1 to 6 */
    int approx;       /* 1: the enclosing prefix of [lo, hi], which it over-covers */
    uint64_t lo, hi;  /* the brand's range (after merging adjacent ones) it stands for */
} np_dhcp_prefix_t;

/** Is s usable inside every server's quoted strings (printable ASCII, no space, quote, backslash,
 *  comma or semicolon)? */
int np_dhcp_text_ok(const char *s);

/** "dnsmasq", "isc" or "kea". Returns 0, or -1 for another name. */
int np_dhcp_server_parse(const char *name, np_dhcp_server_t *out);

/** The value the brand's phones get: base_url (trailing '/' ignored) in the brand's form: "full" adds
 *  '/' and the brand's file, "noscheme" drops "scheme://" (and adds '/' and the file only when there is
 *  one). NULL with *err when base_url is not an http(s) URL usable in a DHCP server's configuration. */
const char *np_dhcp_url(apr_pool_t *pool, const np_brand_dhcp_t *d, const char *base_url, const char **err);

/** The byte prefixes that match the brand's MAC ranges (np_dhcp_prefix_t), sorted, each once. */
apr_array_header_t *np_dhcp_prefixes(apr_pool_t *pool, const np_brand_t *b);

/**
 * Append to out the snippet of server for the brands in selected (np_brand_t *, in the order given).
 * all holds every brand: each prefix of a brand leaves out the exact, narrower prefixes of other brands
 * inside it (the module's rule: the narrowest range wins). Returns 0, or -1 with *err.
 */
int np_dhcp_write(np_buf_t *out, np_dhcp_server_t server, const np_brands_t *all,
                  const apr_array_header_t *selected, const char *base_url, const char **err);

#endif
