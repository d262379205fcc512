/* The JSON reader of the redirect services' answers (RFC 8259): what it accepts, and each hostile or
 * malformed input it refuses, with the byte where the problem starts. */
#include <string.h>
#include <apr_strings.h>
#include "np_json.h"
#include "np_test.h"

static int np_tj_parse(const char *s, size_t len, np_xv_t **v, const char **err)
{
    *v = NULL;
    *err = NULL;
    return np_json_parse(np_test_pool, s, len, v, err);
}

/* Strings: escapes, surrogate pairs, UTF-8 as it comes. */
START_TEST(np_json_strings)
{
    static const struct {
        const char *doc, *want;
    } ok[] = {
        { "\"\\u00e8\\u00C8\"", "\xc3\xa8\xc3\x88" },
        { "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80" },           /* U+1F600, a surrogate pair */
        { "\"\\u0001\\u007f\\u0800\\uffff\"", "\x01\x7f\xe0\xa0\x80\xef\xbf\xbf" },
        { "\"Citt\xc3\xa0 \xe2\x82\xac \xf4\x8f\xbf\xbf\"", "Citt\xc3\xa0 \xe2\x82\xac \xf4\x8f\xbf\xbf" },
        { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t" },
        { "\"\"", "" },
    };
    size_t i;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        np_xv_t *v;
        const char *err;
        ck_assert_msg(np_tj_parse(ok[i].doc, strlen(ok[i].doc), &v, &err) == 0, "%s: %s", ok[i].doc, err);
        ck_assert_int_eq(v->type, NP_XV_STRING);
        ck_assert_str_eq(v->s, ok[i].want);
    }
}
END_TEST

/* Numbers: integers exactly, to the limits of a long; the rest as doubles. */
START_TEST(np_json_numbers)
{
    static const struct {
        const char *doc;
        int type;
        long i;
    } ok[] = {
        { "0", NP_XV_INT, 0 }, { "-0", NP_XV_INT, 0 }, { "42", NP_XV_INT, 42 },
        { "9223372036854775807", NP_XV_INT, 9223372036854775807L },
        { "-9223372036854775808", NP_XV_INT, -9223372036854775807L - 1 },
        { "1.5", NP_XV_DOUBLE, 0 }, { "-1.5e3", NP_XV_DOUBLE, 0 }, { "1E+2", NP_XV_DOUBLE, 0 }, { "0.0e-0", NP_XV_DOUBLE, 0 },
    };
    size_t i;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        np_xv_t *v;
        const char *err;
        ck_assert_msg(np_tj_parse(ok[i].doc, strlen(ok[i].doc), &v, &err) == 0, "%s: %s", ok[i].doc, err);
        ck_assert_int_eq(v->type, ok[i].type);
        ck_assert_str_eq(v->s, ok[i].doc);
        if (ok[i].type == NP_XV_INT)
            ck_assert_int_eq(v->i, ok[i].i);
    }
}
END_TEST

static const struct {
    const char *doc;
    size_t len; /* 0: strlen(doc) */
    const char *err;
} np_tj_bad[] = {
    /* 'g' is no hex digit: it was read as 16, so "\u000g" gave "c" */
    { "\"\\u000g\"", 0, "at byte 1: a bad \\u escape (expected four hex digits)" },
    { "[\"ok\", \"\\u12\"]", 0, "at byte 8: a bad \\u escape (expected four hex digits)" },
    { "\"\\u-123\"", 0, "at byte 1: a bad \\u escape (expected four hex digits)" },
    /* U+0000 cut the string short: refused */
    { "\"a\\u0000b\"", 0, "at byte 2: \\u0000 (NUL) is not allowed in a string" },
    /* a surrogate not in a pair has no UTF-8 form */
    { "\"\\udc00\"", 0, "at byte 1: a lone surrogate (\\udc00 without a high surrogate before it)" },
    { "\"\\ud800\"", 0, "at byte 1: a lone surrogate (\\ud800 without a low surrogate after it)" },
    { "\"\\ud800x\"", 0, "at byte 1: a lone surrogate (\\ud800 without a low surrogate after it)" },
    { "\"\\ud800\\u0041\"", 0, "at byte 7: a bad surrogate pair (\\ud800 followed by \\u0041)" },
    { "\"\\ud800\\ud800\"", 0, "at byte 7: a bad surrogate pair (\\ud800 followed by \\ud800)" },
    /* the bytes of a string must be UTF-8 */
    { "\"a\xff\"", 0, "at byte 2: a string that is not UTF-8" },
    { "\"\xc0\x80\"", 0, "at byte 1: a string that is not UTF-8" },         /* overlong NUL */
    { "\"\xed\xa0\x80\"", 0, "at byte 1: a string that is not UTF-8" },     /* an encoded surrogate */
    { "\"\xf4\x90\x80\x80\"", 0, "at byte 1: a string that is not UTF-8" }, /* beyond U+10FFFF */
    { "\"\xe2\x82\"", 0, "at byte 1: a string that is not UTF-8" },         /* cut short */
    { "\"a\0b\"", 5, "at byte 2: a control character in a string" },
    /* integers beyond a long were saturated to LONG_MAX without a word */
    { "99999999999999999999", 0, "at byte 0: a number out of range" },
    { "{\"total\": -9223372036854775809}", 0, "at byte 10: a number out of range" },
    { "1e999", 0, "at byte 0: a number out of range" },
    /* the number grammar of RFC 8259 */
    { "01", 0, "at byte 0: a bad number" },
    { "1.", 0, "at byte 0: a bad number" },
    { "1e", 0, "at byte 0: a bad number" },
    { "1-2", 0, "at byte 0: a bad number" },
    { "--1", 0, "at byte 0: a bad number" },
    { ".5", 0, "at byte 0: expected a value" },
    { "+1", 0, "at byte 0: expected a value" },
    { "-", 0, "at byte 0: expected a value" },
    { "[1,", 0, "at byte 3: expected a value" },
    { "\"abc", 0, "at byte 4: an unterminated string" },
    { "\"abc\\", 0, "at byte 5: an unterminated string" },
};

START_TEST(np_json_refused)
{
    np_xv_t *v;
    const char *err;
    const char *doc = np_tj_bad[_i].doc;
    size_t len = np_tj_bad[_i].len ? np_tj_bad[_i].len : strlen(doc);
    ck_assert_msg(np_tj_parse(doc, len, &v, &err) == -1, "case %d was accepted", _i);
    ck_assert_str_eq(err, np_tj_bad[_i].err);
}
END_TEST

/* Nesting is bounded (the reader recurses): 32 levels. */
START_TEST(np_json_depth)
{
    char doc[200];
    np_xv_t *v;
    const char *err;
    memset(doc, '[', 33);
    memset(doc + 33, ']', 33);
    ck_assert_int_eq(np_tj_parse(doc, 66, &v, &err), 0);
    memset(doc, '[', 100);
    memset(doc + 100, ']', 100);
    ck_assert_int_eq(np_tj_parse(doc, 200, &v, &err), -1);
    ck_assert_str_eq(err, "at byte 33: nested too deeply");
}
END_TEST

/* What np_json_quote writes reads back as the same string. */
START_TEST(np_json_quote_roundtrip)
{
    static const char *const s[] = { "", "plain", "a\"b\\c/d", "\x01\x1f\n\t", "Citt\xc3\xa0 \xf0\x9f\x98\x80" };
    size_t i;
    for (i = 0; i < sizeof s / sizeof s[0]; i++) {
        const char *q = np_json_quote(np_test_pool, s[i]), *err;
        np_xv_t *v;
        ck_assert_msg(np_tj_parse(q, strlen(q), &v, &err) == 0, "%s: %s", q, err);
        ck_assert_str_eq(v->s, s[i]);
    }
}
END_TEST

/* Many short strings in a long document: each string's buffer is sized by that string, not by the
 * rest of the document (which made 100,000 empty strings ask for gigabytes). */
START_TEST(np_json_many_strings)
{
    const int n = 100000;
    char *doc = apr_palloc(np_test_pool, (size_t)n * 3 + 2), *d = doc;
    np_xv_t *v;
    const char *err;
    int i;
    *d++ = '[';
    for (i = 0; i < n; i++) {
        memcpy(d, i ? ",\"\"" : "\"\"", i ? 3 : 2);
        d += i ? 3 : 2;
    }
    *d++ = ']';
    ck_assert_int_eq(np_tj_parse(doc, (size_t)(d - doc), &v, &err), 0);
    ck_assert_int_eq(v->n, n);
}
END_TEST

TCase *np_test_json_tcase(void)
{
    TCase *tc = tcase_create("json");
    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, np_json_strings);
    tcase_add_test(tc, np_json_numbers);
    tcase_add_loop_test(tc, np_json_refused, 0, (int)(sizeof np_tj_bad / sizeof np_tj_bad[0]));
    tcase_add_test(tc, np_json_depth);
    tcase_add_test(tc, np_json_quote_roundtrip);
    tcase_add_test(tc, np_json_many_strings);
    return tc;
}
