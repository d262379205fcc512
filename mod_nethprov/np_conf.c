/* The nethprov CLI's configuration file: see np_conf.h. */
#include <string.h>
#include <apr_file_io.h>
#include <apr_strings.h>
#include "np_conf.h"

/* Files larger than this are not configuration files. */
#define NP_CONF_MAX (1024 * 1024)

/* The keys of the redirect services (np_rps.h reads them). */
static int np_conf_rps_key(const char *name)
{
    static const char *const global[] = { "rps.timeout", "rps.connect_timeout", "rps.retries", "rps.gateway.url",
                                          "rps.gateway.user", "rps.gateway.password", NULL };
    static const char *const services[] = { "yealink", "snom", "fanvil", "gigaset", "grape", NULL };
    static const char *const per[] = { "mode", "url", "user", "password", NULL };
    int i, j;
    for (i = 0; global[i]; i++)
        if (!strcmp(name, global[i]))
            return 1;
    for (i = 0; services[i]; i++) {
        size_t n = strlen(services[i]);
        if (strncmp(name + 4, services[i], n) || name[4 + n] != '.')
            continue;
        for (j = 0; per[j]; j++)
            if (!strcmp(name + 5 + n, per[j]))
                return 1;
    }
    return 0;
}

/* The numbers of rps.*, checked where the file says them (np_rps.c reads them as doubles). Plain
 * decimals only: strtod would also take "nan", "inf", hex floats and exponents, and a NaN passes any
 * range check, since every comparison with it is false. */
static const struct {
    const char *key;
    int whole;            /* 1: digits only */
    long lo, hi;          /* in tenths */
    const char *expected; /* for the message */
} np_conf_numbers[] = {
    { "rps.timeout", 0, 1, 6000, "a number of seconds from 0.1 to 600" },
    { "rps.connect_timeout", 0, 1, 6000, "a number of seconds from 0.1 to 600" },
    { "rps.retries", 1, 0, 100, "a whole number from 0 to 10" },
};

/* 0 when V (trimmed) is DIGITS[.DIGITS] (DIGITS alone when WHOLE) from LO to HI tenths, compared
 * exactly: the value is read as its whole tenths plus whether any digit after them is not zero. */
static int np_conf_number_ok(const char *v, int whole, long lo, long hi)
{
    long tenths = 0;
    int digits = 0, frac = 0, more = 0;
    const char *c = v;

    for (; *c >= '0' && *c <= '9'; c++, digits++)
        if ((tenths = tenths * 10 + (*c - '0')) > hi)
            return -1; /* also keeps the number from overflowing */
    if (!digits)
        return -1;
    tenths *= 10;
    if (*c == '.' && !whole) {
        for (c++; *c >= '0' && *c <= '9'; c++, frac++)
            if (frac == 0)
                tenths += *c - '0';
            else
                more |= *c != '0';
        if (!frac)
            return -1;
    }
    if (*c)
        return -1;
    return tenths >= lo && (tenths < hi || (tenths == hi && !more)) ? 0 : -1;
}

static int np_conf_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* [*s, *e) without the blanks at both ends. */
static void np_conf_trim(const char **s, const char **e)
{
    while (*s < *e && np_conf_space(**s))
        (*s)++;
    while (*e > *s && np_conf_space((*e)[-1]))
        (*e)--;
}

int np_conf_parse(apr_pool_t *p, const char *name, const char *text, size_t len, np_conf_t *conf,
                  const char **err)
{
    const char *pos = text, *end = text + len;
    int line = 0;

    memset(conf, 0, sizeof *conf);
    while (pos < end) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        const char *ls = pos, *le = nl ? nl : end, *eq, *ks, *ke, *vs, *ve;
        const char **slot;
        char *key;

        line++;
        pos = nl ? nl + 1 : end;
        np_conf_trim(&ls, &le);
        if (ls == le || *ls == '#')
            continue;
        if (memchr(ls, '\0', (size_t)(le - ls))) {
            *err = apr_psprintf(p, "%s:%d: the line holds a NUL byte", name, line);
            return -1;
        }
        if (!(eq = memchr(ls, '=', (size_t)(le - ls)))) {
            *err = apr_psprintf(p, "%s:%d: expected 'key = value'", name, line);
            return -1;
        }
        ks = ls;
        ke = eq;
        vs = eq + 1;
        ve = le;
        np_conf_trim(&ks, &ke);
        np_conf_trim(&vs, &ve);
        if (ks == ke) {
            *err = apr_psprintf(p, "%s:%d: expected 'key = value' (no key before '=')", name, line);
            return -1;
        }
        key = apr_pstrmemdup(p, ks, (size_t)(ke - ks));
        if (!strcmp(key, "base_url"))
            slot = &conf->base_url;
        else if (!strcmp(key, "templates"))
            slot = &conf->templates;
        else if (!strcmp(key, "database"))
            slot = &conf->database;
        else if (!strncmp(key, "rps.", 4)) {
            if (!np_conf_rps_key(key)) {
                *err = apr_psprintf(p, "%s:%d: unknown key '%s' (known: rps.timeout, rps.connect_timeout, rps.retries, "
                                       "rps.SERVICE.mode|url|user|password for yealink, snom, fanvil, gigaset, grape, "
                                       "rps.gateway.url|user|password)", name, line, key);
                return -1;
            }
            if (!conf->rps)
                conf->rps = apr_hash_make(p);
            /* a slot of its own, copied into the hash once the checks below pass */
            slot = apr_pcalloc(p, sizeof *slot);
            *slot = apr_hash_get(conf->rps, key, APR_HASH_KEY_STRING);
        }
        else {
            *err = apr_psprintf(p, "%s:%d: unknown key '%s' (known: base_url, templates, database)", name, line,
                                key);
            return -1;
        }
        if (vs == ve) {
            *err = apr_psprintf(p, "%s:%d: '%s' has no value", name, line, key);
            return -1;
        }
        if (*slot) {
            *err = apr_psprintf(p, "%s:%d: '%s' is set twice", name, line, key);
            return -1;
        }
        *slot = apr_pstrmemdup(p, vs, (size_t)(ve - vs));
        {
            size_t i;
            for (i = 0; i < sizeof np_conf_numbers / sizeof np_conf_numbers[0]; i++)
                if (!strcmp(key, np_conf_numbers[i].key)
                    && np_conf_number_ok(*slot, np_conf_numbers[i].whole, np_conf_numbers[i].lo, np_conf_numbers[i].hi)) {
                    *err = apr_psprintf(p, "%s:%d: %s = %s: expected %s", name, line, key, *slot,
                                        np_conf_numbers[i].expected);
                    return -1;
                }
        }
        if (!strncmp(key, "rps.", 4))
            apr_hash_set(conf->rps, key, APR_HASH_KEY_STRING, *slot);
    }
    return 0;
}

int np_conf_read(apr_pool_t *p, const char *path, int missing_ok, np_conf_t *conf, const char **err)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;
    char *buf, msg[256];
    apr_size_t n;

    memset(conf, 0, sizeof *conf);
    rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY, APR_FPROT_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        if (missing_ok && APR_STATUS_IS_ENOENT(rv))
            return 0;
        *err = apr_psprintf(p, "%s: %s", path, apr_strerror(rv, msg, sizeof msg));
        return -1;
    }
    if ((rv = apr_file_info_get(&fi, APR_FINFO_TYPE | APR_FINFO_SIZE, f)) != APR_SUCCESS) {
        apr_file_close(f);
        *err = apr_psprintf(p, "%s: %s", path, apr_strerror(rv, msg, sizeof msg));
        return -1;
    }
    if (fi.filetype != APR_REG || fi.size > NP_CONF_MAX) {
        apr_file_close(f);
        *err = apr_psprintf(p, "%s: %s", path,
                            fi.filetype != APR_REG ? "not a regular file" : "larger than 1 MiB");
        return -1;
    }
    n = (apr_size_t)fi.size;
    buf = apr_palloc(p, n + 1);
    rv = n ? apr_file_read_full(f, buf, n, &n) : APR_SUCCESS;
    apr_file_close(f);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_EOF(rv)) {
        *err = apr_psprintf(p, "%s: %s", path, apr_strerror(rv, msg, sizeof msg));
        return -1;
    }
    buf[n] = '\0';
    return np_conf_parse(p, path, buf, n, conf, err);
}
