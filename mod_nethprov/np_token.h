/* Provisioning secrets (tok1, tok2): generation and the shape a request may carry. */
#ifndef NP_TOKEN_H
#define NP_TOKEN_H

#include <stddef.h>

/* 20 random bytes = 160 bits, written as 40 lowercase hex digits. */
#define NP_TOKEN_BYTES 20
#define NP_TOKEN_CHARS (NP_TOKEN_BYTES * 2)
/* What a request may carry: [a-z0-9]{NP_TOKEN_MIN,NP_TOKEN_MAX}. Anything else is
 * refused before the database is asked. */
#define NP_TOKEN_MIN 26
#define NP_TOKEN_MAX 64

/** Fill out (NP_TOKEN_CHARS + 1 bytes) with a new token from OpenSSL's RAND_bytes.
 *  Returns 0, or -1 if the CSPRNG failed (never falls back to a weaker source). */
int np_token_generate(char *out);

/** 1 if s[0..len) has the shape of a token, else 0. */
int np_token_valid(const char *s, size_t len);

#endif
