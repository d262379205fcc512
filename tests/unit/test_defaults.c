/* The per-process copy of the default level: generations replace each other, and a
 * generation stays readable while a request holds it, even after it was replaced. */
#include <string.h>
#include "np_test.h"
#include "np_defaults.h"

static const char *const np_td_names[] = { "language", "timezone" };
static const char *const np_td_values[] = { "it", "Europe/Rome" };

START_TEST(test_defaults_empty_cache)
{
    np_defcache_t *c = np_defcache_create();
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(np_defcache_acquire(c));
    np_defcache_destroy(c);
}
END_TEST

START_TEST(test_defaults_install_copies)
{
    np_defcache_t *c = np_defcache_create();
    char name[16] = "language", value[16] = "it";
    const char *names[1] = { name }, *values[1] = { value };
    const np_defaults_t *d = np_defcache_install(c, 7, 1, names, values), *again;

    strcpy(name, "XXXXXXXX");
    strcpy(value, "YY");
    ck_assert_int_eq(np_defaults_gen(d), 7);
    ck_assert_int_eq(np_defaults_count(d), 1);
    ck_assert_str_eq(np_defaults_name(d, 0), "language");
    ck_assert_str_eq(np_defaults_value(d, 0), "it");
    again = np_defcache_acquire(c);
    ck_assert_ptr_eq(again, d);
    np_defcache_release(c, again);
    np_defcache_release(c, d);
    np_defcache_destroy(c);
}
END_TEST

START_TEST(test_defaults_replaced_but_held)
{
    np_defcache_t *c = np_defcache_create();
    const np_defaults_t *old = np_defcache_install(c, 1, 2, np_td_names, np_td_values);
    const np_defaults_t *held = np_defcache_acquire(c), *cur;
    const char *v2[] = { "en", "UTC" };

    np_defcache_release(c, old);
    np_defcache_release(c, np_defcache_install(c, 2, 2, np_td_names, v2));
    cur = np_defcache_acquire(c);
    ck_assert_int_eq(np_defaults_gen(cur), 2);
    ck_assert_str_eq(np_defaults_value(cur, 0), "en");
    /* the request that held generation 1 still reads it intact */
    ck_assert_int_eq(np_defaults_gen(held), 1);
    ck_assert_str_eq(np_defaults_value(held, 1), "Europe/Rome");
    np_defcache_release(c, held);
    np_defcache_release(c, cur);
    np_defcache_destroy(c);
}
END_TEST

START_TEST(test_defaults_lower_generation_replaces)
{
    /* a restored database may count from a lower number */
    np_defcache_t *c = np_defcache_create();
    const np_defaults_t *d;
    np_defcache_release(c, np_defcache_install(c, 50, 2, np_td_names, np_td_values));
    np_defcache_release(c, np_defcache_install(c, 3, 0, NULL, NULL));
    d = np_defcache_acquire(c);
    ck_assert_int_eq(np_defaults_gen(d), 3);
    ck_assert_int_eq(np_defaults_count(d), 0);
    np_defcache_release(c, d);
    np_defcache_destroy(c);
}
END_TEST

TCase *np_test_defaults_tcase(void)
{
    TCase *tc = tcase_create("defaults");
    tcase_add_test(tc, test_defaults_empty_cache);
    tcase_add_test(tc, test_defaults_install_copies);
    tcase_add_test(tc, test_defaults_replaced_but_held);
    tcase_add_test(tc, test_defaults_lower_generation_replaces);
    return tc;
}
