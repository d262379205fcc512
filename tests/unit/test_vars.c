/* Variables and the level merge rule: a later level overrides an earlier one,
 * but "" and "-" mean "inherit" at every level, and runtime values are forced. */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>

#include "np_test.h"
#include "np_vars.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

START_TEST(test_vars_inherits)
{
    ck_assert_int_eq(np_vars_inherits(NULL), 1);
    ck_assert_int_eq(np_vars_inherits(""), 1);
    ck_assert_int_eq(np_vars_inherits("-"), 1);
    /* Only a lone dash inherits: values that merely contain one are real values. */
    ck_assert_int_eq(np_vars_inherits("--"), 0);
    ck_assert_int_eq(np_vars_inherits("-1"), 0);
    ck_assert_int_eq(np_vars_inherits(" "), 0);
    ck_assert_int_eq(np_vars_inherits("0"), 0);
}
END_TEST

START_TEST(test_vars_later_level_wins)
{
    np_vars_t *v = np_vars_make(np_test_pool);

    ck_assert_ptr_null(np_vars_get(v, "language"));
    ck_assert_ptr_null(np_vars_level(v, "language"));
    ck_assert_int_eq(np_vars_layer(v, "language", "en", "default"), 1);
    ck_assert_str_eq(np_vars_get(v, "language"), "en");
    ck_assert_str_eq(np_vars_level(v, "language"), "default");
    ck_assert_int_eq(np_vars_layer(v, "language", "it", "model"), 1);
    ck_assert_int_eq(np_vars_layer(v, "language", "de", "phone"), 1);
    ck_assert_str_eq(np_vars_get(v, "language"), "de");
    ck_assert_str_eq(np_vars_level(v, "language"), "phone");
    /* Other names are untouched by the layering of this one. */
    ck_assert_ptr_null(np_vars_get(v, "languag"));
    ck_assert_ptr_null(np_vars_get(v, "language_x"));
}
END_TEST

/* Every level may say "inherit"; the value and the level reported stay those of
 * the last level that did set it, however many inheriting levels follow. */
START_TEST(test_vars_inherit_every_level)
{
    static const char *const levels[] = { "brand", "default", "model", "device", "phone" };
    static const char *const blanks[] = { "", "-", NULL };
    np_vars_t *v = np_vars_make(np_test_pool);
    size_t i, j;

    for (j = 0; j < NP_ARRAY_LEN(blanks); j++)
        ck_assert_int_eq(np_vars_layer(v, "x", blanks[j], "brand"), 0);
    /* An inherit at the lowest level leaves the name unset, not set to "". */
    ck_assert_ptr_null(np_vars_get(v, "x"));

    ck_assert_int_eq(np_vars_layer(v, "x", "42", "brand"), 1);
    for (i = 1; i < NP_ARRAY_LEN(levels); i++)
        for (j = 0; j < NP_ARRAY_LEN(blanks); j++) {
            ck_assert_int_eq(np_vars_layer(v, "x", blanks[j], levels[i]), 0);
            ck_assert_str_eq(np_vars_get(v, "x"), "42");
            ck_assert_str_eq(np_vars_level(v, "x"), "brand");
        }

    /* A set in the middle, then inherits above it: the middle level is kept. */
    ck_assert_int_eq(np_vars_layer(v, "x", "7", "model"), 1);
    ck_assert_int_eq(np_vars_layer(v, "x", "-", "device"), 0);
    ck_assert_int_eq(np_vars_layer(v, "x", "", "phone"), 0);
    ck_assert_str_eq(np_vars_get(v, "x"), "7");
    ck_assert_str_eq(np_vars_level(v, "x"), "model");
}
END_TEST

START_TEST(test_vars_force)
{
    np_vars_t *v = np_vars_make(np_test_pool);

    np_vars_layer(v, "mac", "001565000001", "phone");
    np_vars_force(v, "mac", "001565aabbcc", "runtime");
    ck_assert_str_eq(np_vars_get(v, "mac"), "001565aabbcc");
    ck_assert_str_eq(np_vars_level(v, "mac"), "runtime");
    /* Forcing an empty value is how runtime says "no value": it must stick. */
    np_vars_force(v, "tok1", "", "runtime");
    ck_assert_str_eq(np_vars_get(v, "tok1"), "");
    np_vars_layer(v, "tok1", "abc", "phone");
    ck_assert_str_eq(np_vars_get(v, "tok1"), "abc");
    np_vars_force(v, "tok1", "-", "runtime");
    ck_assert_str_eq(np_vars_get(v, "tok1"), "-");
    ck_assert_str_eq(np_vars_level(v, "tok1"), "runtime");
}
END_TEST

/* The length-bounded lookup serves computed names built in a scratch buffer. */
START_TEST(test_vars_get_n)
{
    np_vars_t *v = np_vars_make(np_test_pool);
    const char buf[] = "linekey_type_10XYZ";

    np_vars_layer(v, "linekey_type_1", "blf", "phone");
    np_vars_layer(v, "linekey_type_10", "line", "phone");
    ck_assert_str_eq(np_vars_get_n(v, buf, 15), "line");
    ck_assert_str_eq(np_vars_get_n(v, buf, 14), "blf");
    ck_assert_ptr_null(np_vars_get_n(v, buf, 16));
    ck_assert_ptr_null(np_vars_get_n(v, buf, 13));
}
END_TEST

START_TEST(test_vars_sorted)
{
    /* Inserted in a scrambled order; the hash order must not leak into the listing. */
    static const char *const names[] = {
        "linekey_type_10", "linekey_type_2", "b", "linekey_type_1", "a10", "a9", "linekey_type_100",
        "linekey_label_3", "a", "cap_linekey_count", "expkey_10_1", "expkey_1_10", "expkey_2_1", "expkey_1_9"
    };
    static const char *const want[] = {
        "a", "a9", "a10", "b", "cap_linekey_count",
        /* every number in a name counts, not just the last */
        "expkey_1_9", "expkey_1_10", "expkey_2_1", "expkey_10_1",
        "linekey_label_3",
        "linekey_type_1", "linekey_type_2", "linekey_type_10", "linekey_type_100"
    };
    np_vars_t *v = np_vars_make(np_test_pool);
    apr_array_header_t *arr;
    const np_var_entry_t *e;
    size_t i;

    for (i = 0; i < NP_ARRAY_LEN(names); i++)
        np_vars_layer(v, names[i], apr_psprintf(np_test_pool, "v%zu", i), i % 2 ? "model" : "phone");
    /* An inheriting layer adds no entry. */
    np_vars_layer(v, "zz_blank", "-", "phone");
    np_vars_force(v, "mac", "001565aabbcc", "runtime");

    arr = np_vars_sorted(v, np_test_pool);
    ck_assert_int_eq(arr->nelts, (int)NP_ARRAY_LEN(want) + 1);
    e = (const np_var_entry_t *)arr->elts;
    /* "mac" comes after every "linekey_*" name: it is last. */
    for (i = 0; i < NP_ARRAY_LEN(want); i++)
        ck_assert_msg(strcmp(e[i].name, want[i]) == 0, "position %zu: got %s, want %s", i, e[i].name, want[i]);
    ck_assert_str_eq(e[NP_ARRAY_LEN(want)].name, "mac");
    ck_assert_str_eq(e[NP_ARRAY_LEN(want)].level, "runtime");
    ck_assert_str_eq(e[NP_ARRAY_LEN(want)].value, "001565aabbcc");
    /* Each entry carries its own value and level, not a neighbour's. */
    for (i = 0; i < NP_ARRAY_LEN(want); i++) {
        ck_assert_str_eq(e[i].value, np_vars_get(v, e[i].name));
        ck_assert_str_eq(e[i].level, np_vars_level(v, e[i].name));
    }
}
END_TEST

/* Names equal but for leading zeros must still sort the same way every time. */
START_TEST(test_vars_sorted_leading_zeros)
{
    np_vars_t *v = np_vars_make(np_test_pool);
    apr_array_header_t *all;
    np_vars_layer(v, "a1", "x", "default");
    np_vars_layer(v, "a01", "y", "default");
    np_vars_layer(v, "a001", "z", "default");
    all = np_vars_sorted(v, np_test_pool);
    ck_assert_int_eq(all->nelts, 3);
    ck_assert_str_eq(((np_var_entry_t *)all->elts)[0].name, "a001");
    ck_assert_str_eq(((np_var_entry_t *)all->elts)[1].name, "a01");
    ck_assert_str_eq(((np_var_entry_t *)all->elts)[2].name, "a1");
}
END_TEST

START_TEST(test_vars_sorted_empty)
{
    np_vars_t *v = np_vars_make(np_test_pool);
    ck_assert_int_eq(np_vars_sorted(v, np_test_pool)->nelts, 0);
}
END_TEST

TCase *np_test_vars_tcase(void)
{
    TCase *tc = tcase_create("vars");

    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, test_vars_inherits);
    tcase_add_test(tc, test_vars_later_level_wins);
    tcase_add_test(tc, test_vars_inherit_every_level);
    tcase_add_test(tc, test_vars_force);
    tcase_add_test(tc, test_vars_get_n);
    tcase_add_test(tc, test_vars_sorted);
    tcase_add_test(tc, test_vars_sorted_empty);
    tcase_add_test(tc, test_vars_sorted_leading_zeros);
    return tc;
}
