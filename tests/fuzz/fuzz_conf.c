/* libFuzzer target: the CLI's configuration file (np_conf_parse) and the redirect services' settings
 * read from it (np_rps_conf_for_brand). An error names the file and line; a file that is accepted
 * gives every brand finite timeouts and retries in their ranges. */
#include <math.h>
#include <string.h>
#include <apr_strings.h>
#include "np_conf.h"
#include "np_fuzz.h"
#include "np_rps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const brands[] = { "yealink", "snom", "fanvil", "nethesis", "gigaset", "gigasetp", "poly", NULL };
    static const char *const numbers[] = { "rps.timeout", "rps.connect_timeout", "rps.retries", NULL };
    apr_pool_t *p = np_fuzz_pool();
    const char *text = apr_pmemdup(p, data, size ? size : 1), *err = NULL;
    np_conf_t conf;
    int i;

    if (np_conf_parse(p, "fuzz.conf", text, size, &conf, &err) != 0) {
        NP_FUZZ_CHECK(err != NULL && !strncmp(err, "fuzz.conf:", 10));
        apr_pool_destroy(p);
        return 0;
    }
    for (i = 0; numbers[i]; i++) {
        const char *s = conf.rps ? apr_hash_get(conf.rps, numbers[i], APR_HASH_KEY_STRING) : NULL;
        double d;
        if (!s)
            continue;
        d = strtod(s, NULL);
        NP_FUZZ_CHECK(isfinite(d) && d >= 0 && d <= 600);
    }
    for (i = 0; brands[i]; i++) {
        np_rps_conf_t rc;
        const char *why = NULL;
        int st = np_rps_conf_for_brand(p, conf.rps, brands[i], &rc, &why);
        /* the numbers were checked with the file's line: np_rps may not find fault with them */
        NP_FUZZ_CHECK(st != -1 || (why && strncmp(why, "rps.timeout", 11) && strncmp(why, "rps.connect_timeout", 19)
                                   && strncmp(why, "rps.retries", 11)));
        if (st != -1) {
            NP_FUZZ_CHECK(rc.http.timeout_ms >= 100 && rc.http.timeout_ms <= 600000);
            NP_FUZZ_CHECK(rc.http.connect_timeout_ms >= 100 && rc.http.connect_timeout_ms <= 600000);
            NP_FUZZ_CHECK(rc.http.retries >= 0 && rc.http.retries <= 10);
        }
    }
    apr_pool_destroy(p);
    return 0;
}
