/* Shared by the libFuzzer targets tests/fuzz/fuzz_*.c: APR set up once, a fresh pool per input, and
 * the check that turns a broken invariant into a crash libFuzzer reports (and keeps the input of). */
#ifndef NP_FUZZ_H
#define NP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <apr_general.h>
#include <apr_pools.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NP_FUZZ_CHECK(cond)                                                                              \
    do {                                                                                                 \
        if (!(cond)) {                                                                                   \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);                \
            abort();                                                                                     \
        }                                                                                                \
    } while (0)

/* A pool for one input, under a root made at the first call (libFuzzer has no set-up hook we need). */
static inline apr_pool_t *np_fuzz_pool(void)
{
    static apr_pool_t *root;
    apr_pool_t *p;
    if (!root) {
        if (apr_initialize() != APR_SUCCESS || apr_pool_create(&root, NULL) != APR_SUCCESS)
            abort();
    }
    if (apr_pool_create(&p, root) != APR_SUCCESS)
        abort();
    return p;
}

/* 1 when S[0..N) is UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing beyond U+10FFFF). */
static inline int np_fuzz_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0, len, k;
    unsigned cp;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            len = 2, cp = c & 0x1fu;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3, cp = c & 0x0fu;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4, cp = c & 0x07u;
        else
            return 0;
        if (n - i < len)
            return 0;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3fu);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

#endif
