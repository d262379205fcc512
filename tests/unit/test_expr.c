/* The template expression language (templates/README.md, "Expressions" and
 * "Filters"): one table of expressions and the values they must give, then the
 * interpolated strings, the local bindings and the compile errors. */
#include <stdio.h>
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>

#include "np_expr.h"
#include "np_test.h"
#include "np_tmpl.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

/* Two maps, as a brand.xml would declare them: one with a default, one without. */
static np_map_t np_ex_language, np_ex_nodefault;

static const np_map_t *np_ex_map_lookup(void *baton, const char *name)
{
    (void)baton;
    if (!strcmp(name, "language"))
        return &np_ex_language;
    if (!strcmp(name, "nodefault"))
        return &np_ex_nodefault;
    return NULL;
}

static np_expr_env_t np_ex_env(void)
{
    np_expr_env_t env;

    /* Zeroed first: fields this test does not know about stay at their "absent" value. */
    memset(&env, 0, sizeof env);
    np_ex_language.name = "language";
    np_ex_language.entries = apr_hash_make(np_test_pool);
    apr_hash_set(np_ex_language.entries, "it", APR_HASH_KEY_STRING, "Italian");
    apr_hash_set(np_ex_language.entries, "en", APR_HASH_KEY_STRING, "English");
    np_ex_language.dflt = "English";
    np_ex_nodefault.name = "nodefault";
    np_ex_nodefault.entries = apr_hash_make(np_test_pool);
    apr_hash_set(np_ex_nodefault.entries, "a", APR_HASH_KEY_STRING, "A");
    np_ex_nodefault.dflt = NULL;

    env.pool = np_test_pool;
    env.map_lookup = np_ex_map_lookup;
    env.baton = NULL;
    env.names_used = NULL;
    return env;
}

static np_vars_t *np_ex_vars(void)
{
    static const char *const kv[][2] = {
        { "name", "Rossi" },
        { "n", "3" },
        { "m", "2" },
        { "k", "5" },
        { "cap", "60" },
        { "linekey_type_3", "line" },
        { "linekey_type_7", "blf7" },
        { "expkey_type_65", "blf" },
        { "x3y", "mid" },
        { "ten", "10" },
        { "nine", "9" },
        { "zero", "0" },
        { "word", "abc" },
        { "lang", "it" },
        { "lang_x", "xx" },
        { "macv", "00:15:65:AA:BB:CC" },
        { "rome", "Europe/Rome" },
        /* Names that start with a keyword must still be names. */
        { "order", "o" },
        { "android", "a" },
        { "nothing", "n" },
    };
    np_vars_t *v = np_vars_make(np_test_pool);
    size_t i;

    for (i = 0; i < NP_ARRAY_LEN(kv); i++)
        np_vars_layer(v, kv[i][0], kv[i][1], "phone");
    /* Runtime may force an empty value: a set-but-empty variable. */
    np_vars_force(v, "empty", "", "runtime");
    return v;
}

static const char *np_ex_eval(const char *src, const np_local_t *locals)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;
    np_expr_t *e = np_expr_compile(&env, src, strlen(src), &err);
    np_eval_t ev;

    ck_assert_msg(e != NULL, "\"%s\" did not compile: %s", src, err ? err : "?");
    memset(&ev, 0, sizeof ev);
    ev.vars = np_ex_vars();
    ev.locals = locals;
    ev.pool = np_test_pool;
    return np_expr_eval(e, &ev);
}

static const struct {
    const char *src;
    const char *want;
} np_ex_cases[] = {
    /* literals */
    { "42", "42" },
    { "007", "007" },
    { "'text'", "text" },
    { "''", "" },
    { "'it\\'s'", "it's" },
    { "'a\\\\b'", "a\\b" },
    { "'{x} | y'", "{x} | y" },
    { "  'pad'  ", "pad" },
    /* variables; unknown ones are empty */
    { "name", "Rossi" },
    { "no_such_var", "" },
    { "empty", "" },
    { "order", "o" },
    { "nothing ~ android", "na" },
    /* computed names */
    { "linekey_type_{n}", "line" },
    { "linekey_type_{n + 4}", "blf7" },
    { "linekey_type_{n + 1}", "" },
    { "expkey_type_{(m-1)*cap+k}", "blf" },
    { "expkey_type_{(m - 1) * cap + k}", "blf" },
    { "x{n}y", "mid" },
    { "linekey_type_{'3'}", "line" },
    /* arithmetic and precedence */
    { "1 + 2 * 3", "7" },
    { "(1 + 2) * 3", "9" },
    { "10 - 4 - 3", "3" },
    { "100 / 10 / 5", "2" },
    { "20 / 3", "6" },
    { "20 % 3", "2" },
    { "2 - 3 * 4 / 2 % 5", "1" },
    { "ten + nine", "19" },
    { "ten * n - k", "25" },
    { "-5 + 2", "-3" },
    { "- -5", "5" },
    { "-(2 + 3) * 2", "-10" },
    { "-n", "-3" },
    { "'-4' * 2", "-8" },
    { "'+4' + 1", "5" },
    { "no_such_var - 1", "-1" },
    { "7 / 0", "0" },
    { "7 % 0", "0" },
    { "7 / zero", "0" },
    { "7 / word", "0" },
    /* a non-integer operand counts as 0 */
    { "word + 1", "1" },
    { "'1.5' + 1", "1" },
    { "' 2' + 1", "1" },
    { "'12abc' * 2", "0" },
    { "'-' + 3", "3" },
    { "word * 3", "0" },
    /* comparisons: numeric when both are integers, else byte-wise */
    { "'10' > '9' | bool", "1" },
    { "ten > nine | bool", "1" },
    { "ten < nine | bool", "0" },
    { "'10a' > '9' | bool", "0" },
    { "'b' > 'a' | bool", "1" },
    { "'a' < 'b' | bool", "1" },
    { "'B' < 'a' | bool", "1" },
    { "'abc' == word | bool", "1" },
    { "'abc' != 'abd' | bool", "1" },
    { "'abc' != 'abc' | bool", "0" },
    { "'007' == '7' | bool", "1" },
    { "'-1' < '0' | bool", "1" },
    { "-1 < 0 | bool", "1" },
    { "1 <= 1 | bool", "1" },
    { "1 >= 2 | bool", "0" },
    { "2 >= 2 | bool", "1" },
    { "'' == 0 | bool", "0" },
    { "no_such_var == '' | bool", "1" },
    { "'a' ~ 'b' == 'ab' | bool", "1" },
    { "1 + 1 == 2 | bool", "1" },
    /* truthiness: "" and "0" are false, everything else true */
    { "zero | bool", "0" },
    { "empty | bool", "0" },
    { "no_such_var | bool", "0" },
    { "word | bool", "1" },
    { "'00' | bool", "1" },
    { "' ' | bool", "1" },
    { "'-0' | bool", "1" },
    { "'' or 'x' | bool", "1" },
    { "'0' or '' | bool", "0" },
    { "'0' and 'x' | bool", "0" },
    { "'a' and 'b' | bool", "1" },
    { "'a' and '' | bool", "0" },
    { "not '' | bool", "1" },
    { "not '0' | bool", "1" },
    { "not 'x' | bool", "0" },
    { "not not 'x' | bool", "1" },
    { "not nothing | bool", "0" },
    { "1 or 0 and 0 | bool", "1" },
    { "(1 or 0) and 0 | bool", "0" },
    { "not 1 == 2 | bool", "1" },
    { "not zero and word | bool", "1" },
    /* ternary */
    { "ten > nine ? 'yes' : 'no'", "yes" },
    { "zero ? 'yes' : 'no'", "no" },
    { "empty ? 1 : 2", "2" },
    { "'0.0' ? 1 : 2", "1" },
    { "0 ? 'a' : 1 ? 'b' : 'c'", "b" },
    { "1 ? 0 ? 'x' : 'y' : 'z'", "y" },
    { "word ? name ~ '!' : name", "Rossi!" },
    /* concatenation binds looser than + */
    { "'a' ~ 'b' ~ name", "abRossi" },
    { "1 + 2 ~ 3", "33" },
    { "'n' ~ n * 2", "n6" },
    { "'' ~ ''", "" },
    /* map */
    { "lang | map:language", "Italian" },
    { "'en' | map:language", "English" },
    { "lang_x | map:language", "English" },
    { "no_such_var | map:language", "English" },
    { "'a' | map:nodefault", "A" },
    { "'z' | map:nodefault", "" },
    { "'A' | map:nodefault", "" },
    /* default */
    { "no_such_var | default:'x'", "x" },
    { "empty | default:'x'", "x" },
    { "name | default:'x'", "Rossi" },
    { "zero | default:5", "0" },
    { "no_such_var | default:name", "Rossi" },
    { "no_such_var | default:7", "7" },
    { "no_such_var | default:(n + 1)", "4" },
    { "no_such_var | default:linekey_type_{n}", "line" },
    { "no_such_var | default:other_missing | default:'z'", "z" },
    /* bool covered above; upper and lower touch ASCII only */
    { "name | upper", "ROSSI" },
    { "'MiXeD 1' | lower", "mixed 1" },
    { "'\xc3\xa0" "b' | upper", "\xc3\xa0" "B" },
    { "'\xc3\x80" "B' | lower", "\xc3\x80" "b" },
    /* mac */
    { "macv | mac:plain", "001565aabbcc" },
    { "macv | mac:PLAIN", "001565AABBCC" },
    { "macv | mac:colon", "00:15:65:aa:bb:cc" },
    { "macv | mac:COLON", "00:15:65:AA:BB:CC" },
    { "macv | mac:dash", "00-15-65-aa-bb-cc" },
    { "macv | mac:DASH", "00-15-65-AA-BB-CC" },
    { "'001565AABBCC' | mac:colon", "00:15:65:aa:bb:cc" },
    { "'0015.65aa.bbcc' | mac:DASH", "00-15-65-AA-BB-CC" },
    { "'zz' | mac:plain", "" },
    { "'' | mac:plain", "" },
    { "'001565aabbc' | mac:plain", "" },
    { "'001565aabbccd' | mac:plain", "" },
    { "'ff:ff:ff:ff:ff:ff' | mac:plain", "" },
    /* tz */
    { "rome | tz:offset", "+1" },
    { "'Asia/Kolkata' | tz:offset", "+5:30" },
    { "'America/New_York' | tz:offset", "-5" },
    { "'America/St_Johns' | tz:offset", "-3:30" },
    { "'UTC' | tz:offset", "0" },
    { "rome | tz:offset_min", "60" },
    { "'Asia/Kolkata' | tz:offset_min", "330" },
    { "'America/New_York' | tz:offset_min", "-300" },
    { "rome | tz:dst", "1" },
    { "'Asia/Kolkata' | tz:dst", "0" },
    { "rome | tz:dst_offset_min", "120" },
    { "rome | tz:std_abbr", "CET" },
    { "rome | tz:dst_abbr", "CEST" },
    { "rome | tz:posix", "CET-1CEST,M3.5.0,M10.5.0/3" },
    { "rome | tz:start_month", "3" },
    { "rome | tz:start_week", "5" },
    { "rome | tz:start_wday", "0" },
    { "rome | tz:start_hour", "2" },
    { "rome | tz:start_min", "0" },
    { "rome | tz:end_month", "10" },
    { "rome | tz:end_week", "5" },
    { "rome | tz:end_wday", "0" },
    { "rome | tz:end_hour", "3" },
    { "rome | tz:end_min", "0" },
    { "'America/New_York' | tz:start_week", "2" },
    { "'America/New_York' | tz:end_month", "11" },
    { "'America/New_York' | tz:end_week", "1" },
    /* Lord Howe's DST is only half an hour: minutes must not be rounded to hours */
    { "'Australia/Lord_Howe' | tz:dst_offset_min", "660" },
    { "'Australia/Lord_Howe' | tz:offset", "+10:30" },
    /* a zone with no DST has no rule fields */
    { "'Asia/Kolkata' | tz:start_month", "" },
    { "'Asia/Kolkata' | tz:end_hour", "" },
    { "'No/Such_Zone' | tz:offset", "" },
    { "'../etc/passwd' | tz:offset", "" },
    { "'' | tz:offset", "" },
    /* urlencode */
    { "'a b&c/d?e=f~g-h_i.j' | urlencode", "a%20b%26c%2Fd%3Fe%3Df~g-h_i.j" },
    { "'100%' | urlencode", "100%25" },
    { "'\xc3\xa9' | urlencode", "%C3%A9" },
    { "'AZaz09' | urlencode", "AZaz09" },
    /* string filters */
    { "'https://pbx/p' | startswith:'https:'", "1" },
    { "'http://pbx/p' | startswith:'https:'", "" },
    { "'fw.bin' | endswith:'.bin'", "1" },
    { "'fw.rom' | endswith:'.bin'", "" },
    { "'x' | endswith:'long'", "" },
    { "'cn o sn' | contains:' o '", "1" },
    { "'cn' | contains:'o'", "" },
    { "'https://pbx.example.com/p' | after:'://'", "pbx.example.com/p" },
    { "'https://pbx.example.com/p' | after:'://' | before:'/'", "pbx.example.com" },
    { "'nohost' | before:'/'", "nohost" },
    { "'nohost' | after:'/'", "" },
    { "'%cn %o' | remove:'%'", "cn o" },
    { "'aXbXc' | remove:'X'", "abc" },
    { "'  cn   o  sn ' | word:2", "o" },
    { "'cn o' | word:1", "cn" },
    { "'cn o' | word:3", "" },
    { "'cn o' | word:0", "" },
    { "'7' | pad:2", "07" },
    { "'123' | pad:2", "123" },
    { "'' | pad:3", "000" },
    { "n | pad:4", "0003" },
    { "'' | urlencode", "" },
    /* xmlsafe changes nothing */
    { "'<a&b>\"' | xmlsafe", "<a&b>\"" },
    /* filters run left to right, after everything else */
    { "lang | map:language | upper", "ITALIAN" },
    { "no_such_var | default:'Ab' | lower | upper", "AB" },
    { "zero ? 'a' : 'b' | upper", "B" },
    { "'x' ~ 'y' | upper", "XY" },
    { "(name | upper) ~ name", "ROSSIRossi" },
    { "name|lower", "rossi" },
    { "name | map : language", "English" },
};

START_TEST(test_expr_eval)
{
    const char *src = np_ex_cases[_i].src;
    const char *got = np_ex_eval(src, NULL);

    ck_assert_msg(got && !strcmp(got, np_ex_cases[_i].want), "\"%s\" gave \"%s\", want \"%s\"", src,
                  got ? got : "(null)", np_ex_cases[_i].want);
}
END_TEST

/* The length bounds the source: np:for compiles FROM out of the middle of its attribute. */
START_TEST(test_expr_len_bounded)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;
    np_expr_t *e = np_expr_compile(&env, "1+2)))", 3, &err);
    np_eval_t ev = { .vars = np_ex_vars(), .locals = NULL, .pool = np_test_pool };

    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(np_expr_eval(e, &ev), "3");
    ck_assert_ptr_null(np_expr_compile(&env, "'abc'", 4, &err));
    ck_assert_ptr_nonnull(strstr(err, "unterminated string"));
}
END_TEST

/* Loop and let bindings: innermost first, shadowing variables, also in computed names. */
START_TEST(test_expr_locals)
{
    np_local_t outer = { "x", "out", NULL };
    np_local_t nloc = { "n", "7", &outer };
    np_local_t inner = { "x", "in", &nloc };
    np_local_t blank = { "name", "", &inner };
    np_local_t prefix = { "na", "short", NULL };

    ck_assert_str_eq(np_ex_eval("x", &outer), "out");
    ck_assert_str_eq(np_ex_eval("x", &inner), "in");
    ck_assert_str_eq(np_ex_eval("n", &inner), "7");
    ck_assert_str_eq(np_ex_eval("n", NULL), "3");
    ck_assert_str_eq(np_ex_eval("linekey_type_{n}", &inner), "blf7");
    ck_assert_str_eq(np_ex_eval("n * 2 ~ x", &inner), "14in");
    /* A binding to "" still shadows the variable. */
    ck_assert_str_eq(np_ex_eval("name", &blank), "");
    ck_assert_str_eq(np_ex_eval("name | default:'d'", &blank), "d");
    /* Names match exactly, not by prefix. */
    ck_assert_str_eq(np_ex_eval("name", &prefix), "Rossi");
    ck_assert_str_eq(np_ex_eval("na", &prefix), "short");
    ck_assert_str_eq(np_ex_eval("nam", &prefix), "");
}
END_TEST

START_TEST(test_expr_truthy_int)
{
    ck_assert_int_eq(np_expr_truthy(NULL), 0);
    ck_assert_int_eq(np_expr_truthy(""), 0);
    ck_assert_int_eq(np_expr_truthy("0"), 0);
    ck_assert_int_eq(np_expr_truthy("00"), 1);
    ck_assert_int_eq(np_expr_truthy("false"), 1);
    ck_assert_int_eq(np_expr_int(NULL), 0);
    ck_assert_int_eq(np_expr_int("-12"), -12);
    ck_assert_int_eq(np_expr_int("+12"), 12);
    ck_assert_int_eq(np_expr_int("12 "), 0);
    ck_assert_int_eq(np_expr_int("0x10"), 0);
    ck_assert_int_eq(np_expr_int("-"), 0);
    ck_assert_int_eq(np_expr_int(""), 0);
}
END_TEST

/* Constant names are recorded for lint; computed ones cannot be. */
START_TEST(test_expr_names_used)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;
    const char *src = "a + linekey_{n} + (b | default:c) ~ 'lit'";

    env.names_used = apr_hash_make(np_test_pool);
    ck_assert_ptr_nonnull(np_expr_compile(&env, src, strlen(src), &err));
    ck_assert_ptr_nonnull(apr_hash_get(env.names_used, "a", APR_HASH_KEY_STRING));
    ck_assert_ptr_nonnull(apr_hash_get(env.names_used, "b", APR_HASH_KEY_STRING));
    ck_assert_ptr_nonnull(apr_hash_get(env.names_used, "c", APR_HASH_KEY_STRING));
    ck_assert_ptr_nonnull(apr_hash_get(env.names_used, "n", APR_HASH_KEY_STRING));
    ck_assert_ptr_null(apr_hash_get(env.names_used, "linekey_", APR_HASH_KEY_STRING));
    ck_assert_ptr_null(apr_hash_get(env.names_used, "lit", APR_HASH_KEY_STRING));
    ck_assert_ptr_null(apr_hash_get(env.names_used, "default", APR_HASH_KEY_STRING));
}
END_TEST

static const struct {
    const char *src;
    const char *want;
    int is_const;
} np_istr_cases[] = {
    { "", "", 1 },
    { "plain text", "plain text", 1 },
    { "{{literal}}", "{literal}", 1 },
    { "a {{b}} c", "a {b} c", 1 },
    { "a {name} b {n + 1}c", "a Rossi b 4c", 0 },
    { "{name}{name}", "RossiRossi", 0 },
    { "{{{name}}}", "{Rossi}", 0 },
    { "x = {'}'}", "x = }", 0 },
    { "{'{{'}", "{{", 0 },
    { "{linekey_type_{n}}", "line", 0 },
    { "{ name | upper }", "ROSSI", 0 },
    { "{zero ? 'a' : 'b'}!", "b!", 0 },
    { "{no_such_var}", "", 0 },
};

START_TEST(test_istr_eval)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;
    const char *src = np_istr_cases[_i].src;
    np_istr_t *s = np_istr_compile(&env, src, &err);
    np_eval_t ev = { .vars = np_ex_vars(), .locals = NULL, .pool = np_test_pool };
    const char *got;

    ck_assert_msg(s != NULL, "\"%s\" did not compile: %s", src, err ? err : "?");
    got = np_istr_eval(s, &ev);
    ck_assert_msg(!strcmp(got, np_istr_cases[_i].want), "\"%s\" gave \"%s\", want \"%s\"", src, got,
                  np_istr_cases[_i].want);
    ck_assert_int_eq(np_istr_is_const(s), np_istr_cases[_i].is_const);
}
END_TEST

/* Many placeholders in one string (more than any fixed-size fast path). */
START_TEST(test_istr_many_segments)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;
    np_eval_t ev = { .vars = np_ex_vars(), .locals = NULL, .pool = np_test_pool };
    const char *src = "", *want = "";
    np_istr_t *s;
    int i;

    for (i = 0; i < 100; i++) {
        src = apr_psprintf(np_test_pool, "%s{n + %d}-", src, i);
        want = apr_psprintf(np_test_pool, "%s%d-", want, 3 + i);
    }
    s = np_istr_compile(&env, src, &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(np_istr_eval(s, &ev), want);
}
END_TEST

static const struct {
    const char *src;
    const char *problem;
    const char *column; /* NULL: the column is checked only for being there */
} np_istr_errors[] = {
    { "a}b", "'}'", "column 2" },
    { "ab}", "'}'", "column 3" },
    { "{name", "expected '}'", "column 6" },
    { "{}", "unexpected", "column 2" },
    { "x{name | nope}", "unknown filter 'nope'", NULL },
    { "{'abc}", "unterminated string", NULL },
};

START_TEST(test_istr_errors)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;
    const char *src = np_istr_errors[_i].src;

    ck_assert_msg(np_istr_compile(&env, src, &err) == NULL, "\"%s\" compiled", src);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, np_istr_errors[_i].problem) != NULL, "\"%s\": \"%s\" lacks \"%s\"", src, err,
                  np_istr_errors[_i].problem);
    ck_assert_msg(strstr(err, np_istr_errors[_i].column ? np_istr_errors[_i].column : "column ") != NULL,
                  "\"%s\": \"%s\" lacks the column", src, err);
}
END_TEST

static const struct {
    const char *src;
    const char *problem;
    const char *column;
} np_expr_errors[] = {
    { "x | nope", "unknown filter 'nope'", NULL },
    { "x | map:missing", "unknown map 'missing'", NULL },
    { "x | map", "map", NULL },
    { "x | tz:bogus", "unknown tz field 'bogus'", NULL },
    { "x | tz", "tz", NULL },
    { "x | mac:weird", "mac", NULL },
    { "x | default", "default", NULL },
    { "x |", "filter", NULL },
    { "'abc", "unterminated string", "column 5" },
    { "name ~ 'abc\\'", "unterminated string", NULL },
    { "(1 + 2", "')'", "column 7" },
    { "((1)", "')'", "column 5" },
    { "1 2", "unexpected text", "column 3" },
    { "name name", "unexpected text", "column 6" },
    { "1 < 2 < 3", "unexpected text", "column 7" },
    { "a ? b", "':'", NULL },
    { "", "end", "column 1" },
    { "1 +", "end", "column 4" },
    { "#", "unexpected character", "column 1" },
    { "linekey_{n", "'}'", NULL },
};

START_TEST(test_expr_errors)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;
    const char *src = np_expr_errors[_i].src;

    ck_assert_msg(np_expr_compile(&env, src, strlen(src), &err) == NULL, "\"%s\" compiled", src);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, np_expr_errors[_i].problem) != NULL, "\"%s\": \"%s\" lacks \"%s\"", src, err,
                  np_expr_errors[_i].problem);
    ck_assert_msg(strstr(err, np_expr_errors[_i].column ? np_expr_errors[_i].column : "column ") != NULL,
                  "\"%s\": \"%s\" lacks the column", src, err);
}
END_TEST

/* A template without maps (map_lookup NULL) refuses map: rather than crash. */
START_TEST(test_expr_no_maps)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;

    env.map_lookup = NULL;
    ck_assert_ptr_null(np_expr_compile(&env, "x | map:language", 16, &err));
    ck_assert_ptr_nonnull(strstr(err, "unknown map 'language'"));
}
END_TEST

/* N copies of S, then TAIL. */
static const char *np_ex_repeat(const char *s, int n, const char *tail)
{
    size_t sl = strlen(s), tl = strlen(tail);
    char *o = apr_palloc(np_test_pool, sl * (size_t)n + tl + 1), *d = o;
    int i;
    for (i = 0; i < n; i++, d += sl)
        memcpy(d, s, sl);
    memcpy(d, tail, tl + 1);
    return o;
}

/* Nesting the parser would recurse into, and trees the evaluator would recurse down, without a
 * bound: each overflowed the stack (a crash of lint or of httpd's start-up) before they were capped
 * at compile time. 100,000 levels, so that the crash was certain whatever the stack's size. */
START_TEST(test_expr_depth_capped)
{
    const int n = 100000;
    const char *srcs[8];
    int i;

    srcs[0] = apr_pstrcat(np_test_pool, np_ex_repeat("(", n, "1"), np_ex_repeat(")", n, ""), NULL);
    srcs[1] = np_ex_repeat("-", n, "1");
    srcs[2] = np_ex_repeat("not ", n, "1");
    srcs[3] = np_ex_repeat("1 ? 2 : ", n, "3");
    srcs[4] = np_ex_repeat("1 + ", n, "1");                /* left-deep: the parser loops, eval recursed */
    srcs[5] = np_ex_repeat("'a' ~ ", n, "'b'");
    srcs[6] = apr_pstrcat(np_test_pool, "name", np_ex_repeat(" | upper", n, ""), NULL);
    srcs[7] = apr_pstrcat(np_test_pool, np_ex_repeat("x{", n, "n"), np_ex_repeat("}", n, ""), NULL);
    for (i = 0; i < 8; i++) {
        np_expr_env_t env = np_ex_env();
        const char *err = NULL;
        ck_assert_msg(np_expr_compile(&env, srcs[i], strlen(srcs[i]), &err) == NULL, "case %d compiled", i);
        ck_assert_msg(err && strstr(err, "nested too deeply (more than 100 levels) at column "), "case %d: %s", i,
                      err ? err : "(null)");
        /* the message quotes the start of the expression only */
        ck_assert_msg(strlen(err) < 300, "case %d: a message of %lu bytes", i, (unsigned long)strlen(err));
    }
}
END_TEST

/* Depth up to the cap still compiles and evaluates. */
START_TEST(test_expr_depth_allowed)
{
    np_expr_env_t env = np_ex_env();
    const char *err = NULL;
    const char *src = apr_pstrcat(np_test_pool, np_ex_repeat("(", 90, "7"), np_ex_repeat(")", 90, ""), NULL);
    np_expr_t *e = np_expr_compile(&env, src, strlen(src), &err);
    np_eval_t ev;

    ck_assert_msg(e != NULL, "%s", err ? err : "?");
    memset(&ev, 0, sizeof ev);
    ev.vars = np_ex_vars();
    ev.pool = np_test_pool;
    ck_assert_str_eq(np_expr_eval(e, &ev), "7");
    src = np_ex_repeat("1 + ", 90, "1");
    ck_assert_ptr_nonnull(e = np_expr_compile(&env, src, strlen(src), &err));
    ck_assert_str_eq(np_expr_eval(e, &ev), "91");
    src = np_ex_repeat("-", 90, "5");
    ck_assert_ptr_nonnull(e = np_expr_compile(&env, src, strlen(src), &err));
    ck_assert_str_eq(np_expr_eval(e, &ev), "5");
}
END_TEST

/* In a template the error names the file and line, as lint and httpd's start-up report it; the
 * same cap holds in an interpolated string. */
START_TEST(test_expr_depth_in_template)
{
    np_expr_env_t env = np_ex_env();
    np_scope_t scope;
    const char *err = NULL;
    const char *src = apr_pstrcat(np_test_pool, "<np:template xmlns:np=\"urn:nethprov:template:1\" writer=\"lines\">\n"
                                  "  <np:line>a</np:line>\n  <np:line>{", np_ex_repeat("-", 100000, "1"),
                                  "}</np:line>\n</np:template>\n", NULL);
    memset(&scope, 0, sizeof scope);
    env.scope = &scope;
    ck_assert_ptr_null(np_tmpl_compile_mem(&env, "deep.xml", src, strlen(src), &err));
    ck_assert_msg(err && !strncmp(err, "deep.xml:3: ", 12) && strstr(err, "nested too deeply"), "%s",
                  err ? err : "(null)");
    src = np_ex_repeat("(", 100000, "");
    ck_assert_ptr_null(np_istr_compile(&env, apr_pstrcat(np_test_pool, "x{", src, "}", NULL), &err));
    ck_assert_ptr_nonnull(strstr(err, "nested too deeply"));
}
END_TEST

TCase *np_test_expr_tcase(void)
{
    TCase *tc = tcase_create("expr");

    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_loop_test(tc, test_expr_eval, 0, (int)NP_ARRAY_LEN(np_ex_cases));
    tcase_add_test(tc, test_expr_len_bounded);
    tcase_add_test(tc, test_expr_locals);
    tcase_add_test(tc, test_expr_truthy_int);
    tcase_add_test(tc, test_expr_names_used);
    tcase_add_loop_test(tc, test_istr_eval, 0, (int)NP_ARRAY_LEN(np_istr_cases));
    tcase_add_test(tc, test_istr_many_segments);
    tcase_add_loop_test(tc, test_istr_errors, 0, (int)NP_ARRAY_LEN(np_istr_errors));
    tcase_add_loop_test(tc, test_expr_errors, 0, (int)NP_ARRAY_LEN(np_expr_errors));
    tcase_add_test(tc, test_expr_no_maps);
    tcase_add_test(tc, test_expr_depth_capped);
    tcase_add_test(tc, test_expr_depth_allowed);
    tcase_add_test(tc, test_expr_depth_in_template);
    return tc;
}
