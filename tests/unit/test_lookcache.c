/* Kept lookups: used only for the generation they were read in, only while listening, only for
 * the MAC of their phone, and never for an answer that still has a write pending. */
#include <stdio.h>
#include <string.h>
#include "np_test.h"
#include "np_lookcache.h"

static np_phone_t np_tl_phone(const char *mac, const char *tok1, int via)
{
    static const char *names[] = { "language", "account_password_1" };
    static const char *values[] = { "it", "s3cret" };
    static const char *levels[] = { "default", "device" };
    np_phone_t ph;
    memset(&ph, 0, sizeof ph);
    ph.mac = mac;
    ph.brand = "yealink";
    ph.model = "T46U";
    ph.via = via;
    ph.tok1 = tok1;
    ph.tok2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    ph.nsettings = 2;
    ph.names = names;
    ph.values = values;
    ph.levels = levels;
    return ph;
}

#define NP_TL_TOK "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* A hit holds its entry until the request's pool goes: give the references back before the cache. */
static apr_pool_t *np_tl_req;

static void np_tl_setup(void)
{
    np_test_setup();
    apr_pool_create(&np_tl_req, np_test_pool);
}

static void np_tl_done(np_lookcache_t *c)
{
    apr_pool_destroy(np_tl_req);
    np_tl_req = NULL;
    np_lookcache_destroy(c);
}

START_TEST(test_lookcache_not_listening_keeps_nothing)
{
    np_lookcache_t *c = np_lookcache_create(10);
    np_phone_t ph = np_tl_phone("001565000001", NULL, 2), out;
    ck_assert_uint_eq(np_lookcache_gen(c), 0);
    np_lookcache_put(c, np_lookcache_gen(c), NP_TL_TOK, &ph);
    ck_assert_int_eq(np_lookcache_get(c, NP_TL_TOK, NULL, np_tl_req, &out), 0);
    np_tl_done(c);
}
END_TEST

START_TEST(test_lookcache_hit_copies_everything)
{
    np_lookcache_t *c = np_lookcache_create(10);
    np_phone_t ph = np_tl_phone("001565000001", NULL, 2), out;
    unsigned long gen;
    np_lookcache_set_listening(c, 1);
    gen = np_lookcache_gen(c);
    ck_assert_uint_ne(gen, 0);
    np_lookcache_put(c, gen, NP_TL_TOK, &ph);
    ck_assert_int_eq(np_lookcache_get(c, NP_TL_TOK, "001565000001", np_tl_req, &out), 1);
    ck_assert_str_eq(out.mac, "001565000001");
    ck_assert_ptr_ne(out.mac, ph.mac); /* a copy, not the caller's memory */
    ck_assert_int_eq(out.nsettings, 2);
    ck_assert_str_eq(out.values[1], "s3cret");
    ck_assert_str_eq(out.levels[1], "device");
    ck_assert_ptr_null(out.tok1);
    /* another MAC in the file name: no */
    ck_assert_int_eq(np_lookcache_get(c, NP_TL_TOK, "001565000002", np_tl_req, &out), 0);
    np_tl_done(c);
}
END_TEST

START_TEST(test_lookcache_change_forgets)
{
    np_lookcache_t *c = np_lookcache_create(10);
    np_phone_t ph = np_tl_phone("001565000001", NULL, 2), out;
    unsigned long before;
    np_lookcache_set_listening(c, 1);
    before = np_lookcache_gen(c);
    np_lookcache_put(c, before, NP_TL_TOK, &ph);
    np_lookcache_bump(c);
    ck_assert_int_eq(np_lookcache_get(c, NP_TL_TOK, NULL, np_tl_req, &out), 0);
    /* read before the change, kept after it: refused */
    np_lookcache_put(c, before, NP_TL_TOK, &ph);
    ck_assert_int_eq(np_lookcache_get(c, NP_TL_TOK, NULL, np_tl_req, &out), 0);
    /* losing the listener forgets too, and nothing is kept until it is back */
    np_lookcache_put(c, np_lookcache_gen(c), NP_TL_TOK, &ph);
    ck_assert_int_eq(np_lookcache_get(c, NP_TL_TOK, NULL, np_tl_req, &out), 1);
    np_lookcache_set_listening(c, 0);
    ck_assert_int_eq(np_lookcache_get(c, NP_TL_TOK, NULL, np_tl_req, &out), 0);
    np_tl_done(c);
}
END_TEST

START_TEST(test_lookcache_pending_writes_not_kept)
{
    np_lookcache_t *c = np_lookcache_create(10);
    np_phone_t first_access = np_tl_phone("001565000001", NULL, 1);
    np_phone_t tok1_alive = np_tl_phone("001565000001", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 2), out;
    np_lookcache_set_listening(c, 1);
    np_lookcache_put(c, np_lookcache_gen(c), NP_TL_TOK, &first_access);
    np_lookcache_put(c, np_lookcache_gen(c), NP_TL_TOK, &tok1_alive);
    ck_assert_int_eq(np_lookcache_get(c, NP_TL_TOK, NULL, np_tl_req, &out), 0);
    np_tl_done(c);
}
END_TEST

START_TEST(test_lookcache_bounded)
{
    np_lookcache_t *c = np_lookcache_create(3);
    unsigned long hits, misses;
    int entries, i;
    char tok[41];
    np_lookcache_set_listening(c, 1);
    for (i = 0; i < 10; i++) {
        np_phone_t ph = np_tl_phone("001565000001", NULL, 2);
        snprintf(tok, sizeof tok, "%040d", i);
        np_lookcache_put(c, np_lookcache_gen(c), tok, &ph);
    }
    np_lookcache_stats(c, &hits, &misses, &entries);
    ck_assert_int_le(entries, 3);
    ck_assert_int_ge(entries, 1);
    np_tl_done(c);
}
END_TEST

TCase *np_test_lookcache_tcase(void)
{
    TCase *tc = tcase_create("lookcache");
    tcase_add_checked_fixture(tc, np_tl_setup, np_test_teardown);
    tcase_add_test(tc, test_lookcache_not_listening_keeps_nothing);
    tcase_add_test(tc, test_lookcache_hit_copies_everything);
    tcase_add_test(tc, test_lookcache_change_forgets);
    tcase_add_test(tc, test_lookcache_pending_writes_not_kept);
    tcase_add_test(tc, test_lookcache_bounded);
    return tc;
}
