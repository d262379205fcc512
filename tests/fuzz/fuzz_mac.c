/* libFuzzer target: the MAC parser (np_mac_parse). Whatever it accepts must format, in every style,
 * into text it reads back as the same address; what it refuses must say where. */
#include <string.h>
#include <apr_strings.h>
#include "np_fuzz.h"
#include "np_mac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = np_fuzz_pool();
    /* a copy of exactly SIZE bytes on the heap, so that a read past the end is an ASan error */
    char *s = apr_pmemdup(p, data, size ? size : 1);
    unsigned char mac[NP_MAC_LEN], again[NP_MAC_LEN];
    const char *err = NULL;
    size_t pos = 0;
    int style;

    if (np_mac_parse(s, size, mac, &err, &pos) == 0) {
        NP_FUZZ_CHECK(memcmp(mac, "\0\0\0\0\0\0", NP_MAC_LEN) && !(mac[0] & 1));
        for (style = NP_MAC_PLAIN; style <= NP_MAC_DASH_UPPER; style++) {
            char buf[NP_MAC_STRLEN];
            np_mac_format(mac, (np_mac_style_e)style, buf);
            NP_FUZZ_CHECK(strlen(buf) < NP_MAC_STRLEN);
            NP_FUZZ_CHECK(np_mac_parse(buf, strlen(buf), again, &err, &pos) == 0);
            NP_FUZZ_CHECK(!memcmp(mac, again, NP_MAC_LEN));
        }
    }
    else {
        NP_FUZZ_CHECK(err != NULL && *err);
        NP_FUZZ_CHECK(pos <= size);
    }
    /* style names come from templates (mac:STYLE) */
    style = np_mac_style_by_name(apr_pstrmemdup(p, s, size));
    NP_FUZZ_CHECK(style >= -1 && style <= NP_MAC_DASH_UPPER);
    apr_pool_destroy(p);
    return 0;
}
