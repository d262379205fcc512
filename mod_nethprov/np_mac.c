/* MAC address parsing and formatting.
 *
 * The spelling is recognised from where the first non-hex character sits,
 * not from the length alone: a 14-character string may be Cisco's dotted
 * form or a six-group address missing its last group, and telling the two
 * apart lets the error point at the character the admin actually mistyped. */
#include <string.h>

#include "np_mac.h"

#define NP_MAC_HEXDIGITS 12
#define NP_MAC_SIX_GROUP_LEN 17  /* "00:15:65:aa:bb:cc" */
#define NP_MAC_CISCO_LEN 14      /* "0015.65aa.bbcc" */

static const char np_mac_err_empty[] = "empty MAC address";
static const char np_mac_err_short[] = "MAC address too short";
static const char np_mac_err_long[] = "MAC address too long";
static const char np_mac_err_char[] = "invalid character in MAC address";
static const char np_mac_err_unexpected_sep[] = "unexpected separator in MAC address";
static const char np_mac_err_missing_sep[] = "missing separator in MAC address";
static const char np_mac_err_mixed_sep[] = "mixed separators in MAC address";
static const char np_mac_err_zero[] = "all-zero MAC address";
static const char np_mac_err_broadcast[] = "broadcast MAC address";
static const char np_mac_err_multicast[] = "multicast MAC address";

static int np_mac_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int np_mac_is_sep(char c)
{
    return c == ':' || c == '-' || c == '.' || c == ' ';
}

static int np_mac_fail(const char **err, size_t *errpos, const char *msg, size_t pos)
{
    if (err)
        *err = msg;
    if (errpos)
        *errpos = pos;
    return -1;
}

int np_mac_parse(const char *s, size_t len, unsigned char out[NP_MAC_LEN],
                 const char **err, size_t *errpos)
{
    size_t first_nonhex = 0;
    size_t expected_len;
    size_t group;   /* hex digits between two separators */
    char sep = 0;
    size_t i;
    int ndigits = 0;
    unsigned char mac[NP_MAC_LEN];
    int zero = 1, bcast = 1;

    if (!s || len == 0)
        return np_mac_fail(err, errpos, np_mac_err_empty, 0);

    while (first_nonhex < len && np_mac_hexval(s[first_nonhex]) >= 0)
        first_nonhex++;

    if (first_nonhex >= NP_MAC_HEXDIGITS) {
        expected_len = NP_MAC_HEXDIGITS;
        group = NP_MAC_HEXDIGITS;
    } else if (first_nonhex == len) {
        return np_mac_fail(err, errpos, np_mac_err_short, len);
    } else if (first_nonhex == 2 && s[2] != '.' && np_mac_is_sep(s[2])) {
        sep = s[2];
        expected_len = NP_MAC_SIX_GROUP_LEN;
        group = 2;
    } else if (first_nonhex == 4 && s[4] == '.') {
        sep = '.';
        expected_len = NP_MAC_CISCO_LEN;
        group = 4;
    } else if (np_mac_is_sep(s[first_nonhex])) {
        return np_mac_fail(err, errpos, np_mac_err_unexpected_sep, first_nonhex);
    } else {
        return np_mac_fail(err, errpos, np_mac_err_char, first_nonhex);
    }

    memset(mac, 0, sizeof mac);
    for (i = 0; i < expected_len && i < len; i++) {
        char c = s[i];
        /* Every (group + 1)th character is a separator slot. */
        int sep_slot = sep && (i % (group + 1)) == group;

        if (sep_slot) {
            if (c == sep)
                continue;
            if (np_mac_is_sep(c))
                return np_mac_fail(err, errpos, np_mac_err_mixed_sep, i);
            if (np_mac_hexval(c) >= 0)
                return np_mac_fail(err, errpos, np_mac_err_missing_sep, i);
            return np_mac_fail(err, errpos, np_mac_err_char, i);
        }
        if (np_mac_hexval(c) < 0) {
            if (np_mac_is_sep(c))
                return np_mac_fail(err, errpos, np_mac_err_unexpected_sep, i);
            return np_mac_fail(err, errpos, np_mac_err_char, i);
        }
        mac[ndigits / 2] = (unsigned char)((mac[ndigits / 2] << 4) | np_mac_hexval(c));
        ndigits++;
    }
    if (len < expected_len)
        return np_mac_fail(err, errpos, np_mac_err_short, len);
    if (len > expected_len)
        return np_mac_fail(err, errpos, np_mac_err_long, expected_len);

    for (i = 0; i < NP_MAC_LEN; i++) {
        if (mac[i] != 0x00)
            zero = 0;
        if (mac[i] != 0xff)
            bcast = 0;
    }
    /* Address-wide problems have no single culprit character, so they are
     * reported at the start of the address. Broadcast is tested before the
     * group bit because it has that bit set too and deserves its own name. */
    if (zero)
        return np_mac_fail(err, errpos, np_mac_err_zero, 0);
    if (bcast)
        return np_mac_fail(err, errpos, np_mac_err_broadcast, 0);
    if (mac[0] & 0x01)
        return np_mac_fail(err, errpos, np_mac_err_multicast, 0);

    memcpy(out, mac, NP_MAC_LEN);
    return 0;
}

char *np_mac_format(const unsigned char mac[NP_MAC_LEN], np_mac_style_e style, char *buf)
{
    const char *digits = "0123456789abcdef";
    char sep = 0;
    char *p = buf;
    int i;

    switch (style) {
    case NP_MAC_PLAIN:
        break;
    case NP_MAC_PLAIN_UPPER:
        digits = "0123456789ABCDEF";
        break;
    case NP_MAC_COLON:
        sep = ':';
        break;
    case NP_MAC_COLON_UPPER:
        sep = ':';
        digits = "0123456789ABCDEF";
        break;
    case NP_MAC_DASH:
        sep = '-';
        break;
    case NP_MAC_DASH_UPPER:
        sep = '-';
        digits = "0123456789ABCDEF";
        break;
    default:
        /* An empty result is easier to notice in a rendered config than a
         * guessed spelling that the phone might silently misread. */
        buf[0] = '\0';
        return buf;
    }

    for (i = 0; i < NP_MAC_LEN; i++) {
        if (sep && i > 0)
            *p++ = sep;
        *p++ = digits[mac[i] >> 4];
        *p++ = digits[mac[i] & 0x0f];
    }
    *p = '\0';
    return buf;
}

int np_mac_style_by_name(const char *name)
{
    static const struct {
        const char *name;
        np_mac_style_e style;
    } styles[] = {
        { "plain", NP_MAC_PLAIN },
        { "PLAIN", NP_MAC_PLAIN_UPPER },
        { "colon", NP_MAC_COLON },
        { "COLON", NP_MAC_COLON_UPPER },
        { "dash", NP_MAC_DASH },
        { "DASH", NP_MAC_DASH_UPPER },
    };
    size_t i;

    if (!name)
        return -1;
    for (i = 0; i < sizeof styles / sizeof styles[0]; i++)
        if (strcmp(name, styles[i].name) == 0)
            return (int)styles[i].style;
    return -1;
}
