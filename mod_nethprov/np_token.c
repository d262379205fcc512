/* Provisioning tokens: 160 bits from OpenSSL's CSPRNG, hex encoded.
 *
 * The shape check is deliberately narrow: a token ends up in URLs and file
 * names a phone asks for, so anything that could walk a path or change case
 * on a case-insensitive store is refused before it reaches a lookup. */
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "np_token.h"

int np_token_generate(char *out)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char raw[NP_TOKEN_BYTES];
    int i;

    if (RAND_bytes(raw, (int)sizeof raw) != 1) {
        /* Callers that ignore the return value must not hand out a stale or
         * partial token, so leave an empty string that can never validate. */
        out[0] = '\0';
        OPENSSL_cleanse(raw, sizeof raw);
        return -1;
    }
    for (i = 0; i < NP_TOKEN_BYTES; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 0x0f];
    }
    out[NP_TOKEN_CHARS] = '\0';
    /* The raw bytes are the secret itself; don't leave them on the stack. */
    OPENSSL_cleanse(raw, sizeof raw);
    return 0;
}

int np_token_valid(const char *s, size_t len)
{
    size_t i;

    if (!s || len < NP_TOKEN_MIN || len > NP_TOKEN_MAX)
        return 0;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}
