/* Tokens: the shape of what we hand out, and the shape a request may carry. */
#include <string.h>

#include "np_test.h"
#include "np_token.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

START_TEST(test_token_generate_shape)
{
    char tok[NP_TOKEN_CHARS + 1];
    size_t i;

    memset(tok, 'X', sizeof tok);
    ck_assert_int_eq(np_token_generate(tok), 0);
    ck_assert_uint_eq(strlen(tok), 40);
    for (i = 0; i < NP_TOKEN_CHARS; i++)
        ck_assert_msg((tok[i] >= '0' && tok[i] <= '9') || (tok[i] >= 'a' && tok[i] <= 'f'),
                      "char %zu of \"%s\" is not lowercase hex", i, tok);
    /* What we generate must pass our own request filter. */
    ck_assert_int_eq(np_token_valid(tok, strlen(tok)), 1);
}
END_TEST

START_TEST(test_token_generate_differs)
{
    char a[NP_TOKEN_CHARS + 1], b[NP_TOKEN_CHARS + 1];

    ck_assert_int_eq(np_token_generate(a), 0);
    ck_assert_int_eq(np_token_generate(b), 0);
    ck_assert_str_ne(a, b);
}
END_TEST

/* Over many tokens every hex digit should turn up, and the two digits of a
 * byte should not always agree; a stuck nibble or a formatting slip (one
 * nibble written twice) would cost entropy without failing the shape test. */
START_TEST(test_token_generate_uses_all_digits)
{
    char tok[NP_TOKEN_CHARS + 1];
    int seen[16] = { 0 };
    int i, j, missing = 0, pairs_differ = 0;

    for (i = 0; i < 50; i++) {
        ck_assert_int_eq(np_token_generate(tok), 0);
        for (j = 0; j < NP_TOKEN_CHARS; j++)
            seen[tok[j] <= '9' ? tok[j] - '0' : tok[j] - 'a' + 10] = 1;
        for (j = 0; j < NP_TOKEN_CHARS; j += 2)
            if (tok[j] != tok[j + 1])
                pairs_differ++;
    }
    for (i = 0; i < 16; i++)
        if (!seen[i])
            missing++;
    ck_assert_int_eq(missing, 0);
    ck_assert_int_gt(pairs_differ, 0);
}
END_TEST

static const struct {
    const char *s;
    int valid;
} np_token_cases[] = {
    { "0123456789abcdef0123456789abcdef01234567", 1 },        /* 40, as generated */
    { "abcdefghijklmnopqrstuvwxyz", 1 },                      /* 26, the minimum */
    { "0123456789012345678901234", 0 },                       /* 25 */
    { "01234567890123456789012345", 1 },                      /* 26 digits only */
    { "0123456789012345678901234567890123456789012345678901234567890123", 1 }, /* 64 */
    { "01234567890123456789012345678901234567890123456789012345678901234", 0 }, /* 65 */
    { "", 0 },
    { "abc", 0 },
    { "0123456789ABCDEF0123456789abcdef01234567", 0 },
    { "0123456789abcdef0123456789abcdef0123456A", 0 },
    { "0123456789abcdef/123456789abcdef01234567", 0 },
    { "0123456789abcdef.123456789abcdef01234567", 0 },
    { "0123456789abcdef..23456789abcdef01234567", 0 },
    { "../../../../../../../../../../etc/passwd", 0 },
    { "0123456789abcdef 123456789abcdef01234567", 0 },
    { "0123456789abcdef-123456789abcdef01234567", 0 },
    { "0123456789abcdef_123456789abcdef01234567", 0 },
    { "0123456789abcdef%2f23456789abcdef01234567", 0 },
    { "0123456789abcdef0123456789abcdef0123456\n", 0 },
    { "0123456789abcdef0123456789abcdef0123456\xc3", 0 },
};

START_TEST(test_token_valid)
{
    const char *s = np_token_cases[_i].s;

    ck_assert_msg(np_token_valid(s, strlen(s)) == np_token_cases[_i].valid,
                  "np_token_valid(\"%s\") != %d", s, np_token_cases[_i].valid);
}
END_TEST

START_TEST(test_token_valid_len_bounds)
{
    static const char embedded_nul[] = "0123456789abcdef\0" "123456789abcdef01234567";

    /* Only len counts: trailing bytes beyond it are the caller's business. */
    ck_assert_int_eq(np_token_valid("0123456789abcdef0123456789/../x", 26), 1);
    ck_assert_int_eq(np_token_valid("0123456789abcdef0123456789/../x", 27), 0);
    ck_assert_int_eq(np_token_valid(embedded_nul, sizeof embedded_nul - 1), 0);
    ck_assert_int_eq(np_token_valid(NULL, 0), 0);
    ck_assert_int_eq(np_token_valid(NULL, 40), 0);
}
END_TEST

TCase *np_test_token_tcase(void)
{
    TCase *tc = tcase_create("token");

    tcase_add_test(tc, test_token_generate_shape);
    tcase_add_test(tc, test_token_generate_differs);
    tcase_add_test(tc, test_token_generate_uses_all_digits);
    tcase_add_loop_test(tc, test_token_valid, 0, (int)NP_ARRAY_LEN(np_token_cases));
    tcase_add_test(tc, test_token_valid_len_bounds);
    return tc;
}
