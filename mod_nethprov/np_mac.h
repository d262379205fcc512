/* MAC addresses: parsing the forms admins type or paste, and the spellings vendors use. */
#ifndef NP_MAC_H
#define NP_MAC_H

#include <stddef.h>

#define NP_MAC_LEN 6
/* "00:15:65:aa:bb:cc" plus NUL: the longest spelling np_mac_format writes */
#define NP_MAC_STRLEN 18

typedef enum {
    NP_MAC_PLAIN,       /* 001565aabbcc */
    NP_MAC_PLAIN_UPPER, /* 001565AABBCC */
    NP_MAC_COLON,       /* 00:15:65:aa:bb:cc */
    NP_MAC_COLON_UPPER, /* 00:15:65:AA:BB:CC */
    NP_MAC_DASH,        /* 00-15-65-aa-bb-cc */
    NP_MAC_DASH_UPPER   /* 00-15-65-AA-BB-CC */
} np_mac_style_e;

/**
 * Parse one MAC written as 12 hex digits, either bare ("001565AABBCC"), in six
 * groups of two separated by ':' '-' or ' ' (one separator kind throughout), or
 * in Cisco's three groups of four ("0015.65aa.bbcc"). Case does not matter.
 * Rejects any other length or character, and the all-zero, broadcast and
 * multicast (group bit set) addresses, which no phone has.
 * Returns 0 and fills out[6], or -1 and points *err at a static English message
 * and *errpos at the 0-based offset in s where the problem is.
 */
int np_mac_parse(const char *s, size_t len, unsigned char out[NP_MAC_LEN],
                 const char **err, size_t *errpos);

/** Write mac in the given style into buf (at least NP_MAC_STRLEN bytes); returns buf. */
char *np_mac_format(const unsigned char mac[NP_MAC_LEN], np_mac_style_e style, char *buf);

/** Style by name: "plain" "PLAIN" "colon" "COLON" "dash" "DASH"; -1 if unknown. */
int np_mac_style_by_name(const char *name);

#endif
