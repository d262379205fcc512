/* The nethprov CLI's configuration file (/etc/nethprov.conf, or $NETHPROV_CONF): "key = value"
 * lines, '#' comments and blank lines. No httpd headers. */
#ifndef NP_CONF_H
#define NP_CONF_H

#include <stddef.h>
#include <apr_hash.h>
#include <apr_pools.h>

#define NP_CONF_FILE "/etc/nethprov.conf"

/* The settings a file may hold; NULL for those it does not set. */
typedef struct {
    const char *base_url;  /* base_url: public provisioning URL */
    const char *templates; /* templates: templates folder */
    const char *database;  /* database: libpq connection string */
    apr_hash_t *rps;       /* the redirect services' keys, rps.*: name -> value (see np_rps.h) */
} np_conf_t;

/* Parses LEN bytes of TEXT (NAME is the file name used in messages) into CONF, which it first
 * clears. Returns 0, or -1 with *err = "NAME:LINE: what is wrong" (allocated from P). Unknown
 * keys, a line without '=', an empty key or value and a key given twice are errors. The rps.*
 * keys are rps.timeout, rps.connect_timeout, rps.retries, rps.SERVICE.{mode,url,user,password}
 * for SERVICE yealink, snom, fanvil, gigaset, grape, and rps.gateway.{url,user,password}. */
int np_conf_parse(apr_pool_t *p, const char *name, const char *text, size_t len, np_conf_t *conf,
                  const char **err);

/* Reads and parses the file PATH. When MISSING_OK and the file does not exist, CONF is cleared
 * and 0 returned; any other failure to read it is an error (-1, *err names the file). */
int np_conf_read(apr_pool_t *p, const char *path, int missing_ok, np_conf_t *conf, const char **err);

#endif
