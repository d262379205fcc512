/* The CLI's configuration file: key = value lines, comments, blanks, and every error's place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <apr_strings.h>

#include "np_conf.h"
#include "np_test.h"

static int np_t_parse(const char *text, np_conf_t *conf, const char **err)
{
    *err = NULL;
    return np_conf_parse(np_test_pool, "t.conf", text, strlen(text), conf, err);
}

START_TEST(np_conf_all_keys)
{
    np_conf_t c;
    const char *err;
    ck_assert_int_eq(np_t_parse("# nethprov\n\n  base_url = https://pbx.example.com/provisioning  \r\n"
                                "\ttemplates=/srv/t\n"
                                "database = host=/run/postgresql dbname=nethprov\n"
                                "   # indented comment\n",
                                &c, &err), 0);
    ck_assert_str_eq(c.base_url, "https://pbx.example.com/provisioning");
    ck_assert_str_eq(c.templates, "/srv/t");
    ck_assert_str_eq(c.database, "host=/run/postgresql dbname=nethprov");
}
END_TEST

START_TEST(np_conf_unset_keys_are_null)
{
    np_conf_t c;
    const char *err;
    ck_assert_int_eq(np_t_parse("templates = /x", &c, &err), 0); /* no final newline */
    ck_assert_str_eq(c.templates, "/x");
    ck_assert_ptr_null(c.base_url);
    ck_assert_ptr_null(c.database);
    ck_assert_int_eq(np_t_parse("", &c, &err), 0);
    ck_assert_ptr_null(c.templates);
}
END_TEST

START_TEST(np_conf_value_keeps_hash_and_equals)
{
    np_conf_t c;
    const char *err;
    ck_assert_int_eq(np_t_parse("base_url = http://h/p#x=1\n", &c, &err), 0);
    ck_assert_str_eq(c.base_url, "http://h/p#x=1");
}
END_TEST

static const struct {
    const char *text, *err;
} np_t_errors[] = {
    { "base_url = x\nnope = 1\n", "t.conf:2: unknown key 'nope' (known: base_url, templates, database)" },
    { "# c\n\njust words\n", "t.conf:3: expected 'key = value'" },
    { " = v\n", "t.conf:1: expected 'key = value' (no key before '=')" },
    { "templates =   \n", "t.conf:1: 'templates' has no value" },
    { "templates = a\r\ntemplates = b\r\n", "t.conf:2: 'templates' is set twice" },
    { "Base_URL = x\n", "t.conf:1: unknown key 'Base_URL' (known: base_url, templates, database)" },
};

START_TEST(np_conf_errors)
{
    np_conf_t c;
    const char *err;
    ck_assert_int_eq(np_t_parse(np_t_errors[_i].text, &c, &err), -1);
    ck_assert_str_eq(err, np_t_errors[_i].err);
}
END_TEST

START_TEST(np_conf_nul_byte)
{
    np_conf_t c;
    const char *err = NULL;
    ck_assert_int_eq(np_conf_parse(np_test_pool, "t.conf", "a\0b = c\n", 8, &c, &err), -1);
    ck_assert_str_eq(err, "t.conf:1: the line holds a NUL byte");
}
END_TEST

START_TEST(np_conf_read_file)
{
    char path[] = "/tmp/np_test_conf_XXXXXX";
    const char *text = "base_url = http://x/p\n", *err = NULL;
    np_conf_t c;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    ck_assert_int_eq(np_conf_read(np_test_pool, path, 0, &c, &err), 0);
    ck_assert_str_eq(c.base_url, "http://x/p");
    unlink(path);

    /* a missing file: fine when allowed, an error naming it otherwise */
    ck_assert_int_eq(np_conf_read(np_test_pool, path, 1, &c, &err), 0);
    ck_assert_ptr_null(c.base_url);
    ck_assert_int_eq(np_conf_read(np_test_pool, path, 0, &c, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, path));

    /* a folder is not a configuration file */
    ck_assert_int_eq(np_conf_read(np_test_pool, "/tmp", 1, &c, &err), -1);
    ck_assert_str_eq(err, "/tmp: not a regular file");
}
END_TEST

START_TEST(np_conf_read_error_names_file)
{
    char path[] = "/tmp/np_test_conf_XXXXXX";
    const char *text = "templates = /t\nbogus\n", *err = NULL;
    np_conf_t c;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    ck_assert_int_eq(np_conf_read(np_test_pool, path, 1, &c, &err), -1);
    ck_assert_str_eq(err, apr_psprintf(np_test_pool, "%s:2: expected 'key = value'", path));
    unlink(path);
}
END_TEST

START_TEST(np_conf_rps_keys)
{
    np_conf_t c;
    const char *err;
    ck_assert_ptr_null((np_t_parse("base_url = x\n", &c, &err), c.rps));
    ck_assert_int_eq(np_t_parse("rps.yealink.user = acct\nrps.yealink.password = a=b#c\nrps.gateway.url = https://g\n"
                                "rps.timeout = 5\n", &c, &err), 0);
    ck_assert_str_eq(apr_hash_get(c.rps, "rps.yealink.user", APR_HASH_KEY_STRING), "acct");
    ck_assert_str_eq(apr_hash_get(c.rps, "rps.yealink.password", APR_HASH_KEY_STRING), "a=b#c");
    ck_assert_str_eq(apr_hash_get(c.rps, "rps.gateway.url", APR_HASH_KEY_STRING), "https://g");
    ck_assert_int_eq(apr_hash_count(c.rps), 4);
    ck_assert_int_eq(np_t_parse("rps.snom.user = a\nrps.snom.user = b\n", &c, &err), -1);
    ck_assert_str_eq(err, "t.conf:2: 'rps.snom.user' is set twice");
    ck_assert_int_eq(np_t_parse("rps.snom.password =\n", &c, &err), -1);
    ck_assert_str_eq(err, "t.conf:1: 'rps.snom.password' has no value");
    ck_assert_int_eq(np_t_parse("rps.grandstream.user = a\n", &c, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "t.conf:1: unknown key 'rps.grandstream.user' (known: rps.timeout"));
    ck_assert_int_eq(np_t_parse("rps.gateway.mode = xmlrpc\n", &c, &err), -1);
    ck_assert_int_eq(np_t_parse("rps.snom = a\n", &c, &err), -1);
}
END_TEST

/* The numbers of rps.*: strtod read "nan" (and "inf", "0x1p3", "1e1") and every comparison with a NaN
 * is false, so nan passed the range check and the cast to a timeout in milliseconds was undefined. They
 * are read as plain decimals here, with the file and line of a bad one. */
static const struct {
    const char *text, *err;
} np_t_numbers[] = {
    { "rps.timeout = nan\n", "t.conf:1: rps.timeout = nan: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = NaN\n", "t.conf:1: rps.timeout = NaN: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = -nan\n", "t.conf:1: rps.timeout = -nan: expected a number of seconds from 0.1 to 600" },
    { "\nrps.connect_timeout = nan\n",
      "t.conf:2: rps.connect_timeout = nan: expected a number of seconds from 0.1 to 600" },
    { "rps.connect_timeout = inf\n",
      "t.conf:1: rps.connect_timeout = inf: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = infinity\n", "t.conf:1: rps.timeout = infinity: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 0x10\n", "t.conf:1: rps.timeout = 0x10: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 0x1p3\n", "t.conf:1: rps.timeout = 0x1p3: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 1e1\n", "t.conf:1: rps.timeout = 1e1: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 5s\n", "t.conf:1: rps.timeout = 5s: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 5 # five\n", "t.conf:1: rps.timeout = 5 # five: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 601\n", "t.conf:1: rps.timeout = 601: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 600.5\n", "t.conf:1: rps.timeout = 600.5: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 0.05\n", "t.conf:1: rps.timeout = 0.05: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = -1\n", "t.conf:1: rps.timeout = -1: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = .5\n", "t.conf:1: rps.timeout = .5: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 5.\n", "t.conf:1: rps.timeout = 5.: expected a number of seconds from 0.1 to 600" },
    { "rps.timeout = 99999999999999999999999\n",
      "t.conf:1: rps.timeout = 99999999999999999999999: expected a number of seconds from 0.1 to 600" },
    { "rps.retries = nan\n", "t.conf:1: rps.retries = nan: expected a whole number from 0 to 10" },
    { "rps.retries = inf\n", "t.conf:1: rps.retries = inf: expected a whole number from 0 to 10" },
    { "rps.retries = 2.5\n", "t.conf:1: rps.retries = 2.5: expected a whole number from 0 to 10" },
    { "rps.retries = 11\n", "t.conf:1: rps.retries = 11: expected a whole number from 0 to 10" },
    { "rps.retries = -1\n", "t.conf:1: rps.retries = -1: expected a whole number from 0 to 10" },
    { "rps.retries = 0x2\n", "t.conf:1: rps.retries = 0x2: expected a whole number from 0 to 10" },
};

START_TEST(np_conf_rps_numbers_refused)
{
    np_conf_t c;
    const char *err;
    ck_assert_int_eq(np_t_parse(np_t_numbers[_i].text, &c, &err), -1);
    ck_assert_str_eq(err, np_t_numbers[_i].err);
}
END_TEST

START_TEST(np_conf_rps_numbers_accepted)
{
    static const char *const ok[] = { "rps.timeout = 0.1\nrps.connect_timeout = 600\nrps.retries = 0\n",
                                      "rps.timeout = 2.5\nrps.connect_timeout = 5\nrps.retries = 10\n",
                                      "rps.timeout = 600.0\nrps.connect_timeout = 0.10\nrps.retries = 02\n",
                                      "rps.timeout=20\r\n" };
    size_t i;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        np_conf_t c;
        const char *err = NULL;
        ck_assert_msg(np_t_parse(ok[i], &c, &err) == 0, "%s: %s", ok[i], err);
    }
}
END_TEST

TCase *np_test_conf_tcase(void)
{
    TCase *tc = tcase_create("conf");
    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, np_conf_all_keys);
    tcase_add_test(tc, np_conf_unset_keys_are_null);
    tcase_add_test(tc, np_conf_value_keeps_hash_and_equals);
    tcase_add_loop_test(tc, np_conf_errors, 0, (int)(sizeof np_t_errors / sizeof np_t_errors[0]));
    tcase_add_test(tc, np_conf_nul_byte);
    tcase_add_test(tc, np_conf_read_file);
    tcase_add_test(tc, np_conf_read_error_names_file);
    tcase_add_test(tc, np_conf_rps_keys);
    tcase_add_loop_test(tc, np_conf_rps_numbers_refused, 0, (int)(sizeof np_t_numbers / sizeof np_t_numbers[0]));
    tcase_add_test(tc, np_conf_rps_numbers_accepted);
    return tc;
}
