/* MAC parsing and formatting: every spelling an admin might paste, and the
 * error position for each way of getting it wrong. */
#include <string.h>

#include "np_mac.h"
#include "np_test.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

static const struct {
    const char *in;
    unsigned char mac[NP_MAC_LEN];
} np_mac_good[] = {
    { "00:15:65:AA:BB:CC", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "00:15:65:aa:bb:cc", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "00-15-65-aa-bb-cc", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "00-15-65-AA-BB-CC", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "0015.65aa.bbcc", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "0015.65AA.BBCC", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "001565AABBCC", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "001565aabbcc", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "00 15 65 aa bb cc", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "00:15:65:Aa:bB:cC", { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc } },
    { "80:5e:c0:01:02:03", { 0x80, 0x5e, 0xc0, 0x01, 0x02, 0x03 } },
    /* Locally administered (bit 1) is fine; only the group bit is refused. */
    { "02:00:00:00:00:01", { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 } },
    { "00:00:00:00:00:01", { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } },
    { "fe:ff:ff:ff:ff:ff", { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff } },
    { "0004f2123456", { 0x00, 0x04, 0xf2, 0x12, 0x34, 0x56 } },
};

static const struct {
    const char *in;
    size_t errpos;
    const char *err;
} np_mac_bad[] = {
    { "", 0, "empty MAC address" },
    { "001565aabbc", 11, "MAC address too short" },
    { "001565aabbccd", 12, "MAC address too long" },
    { "001565aabbccdd", 12, "MAC address too long" },
    { "00:15:65:aa:bb", 14, "MAC address too short" },
    { "00:15:65:aa:bb:c", 16, "MAC address too short" },
    { "00:15:65:aa:bb:cc:dd", 17, "MAC address too long" },
    { "00:15:65:aa:bb:cc ", 17, "MAC address too long" },
    { "0015.65aa.bbc", 13, "MAC address too short" },
    { "0015.65aa.bbcc.", 14, "MAC address too long" },
    { "00", 2, "MAC address too short" },
    { "x01565aabbcc", 0, "invalid character in MAC address" },
    { "00156gaabbcc", 5, "invalid character in MAC address" },
    { "001565aabbcg", 11, "invalid character in MAC address" },
    { "00:15:65:ag:bb:cc", 10, "invalid character in MAC address" },
    { "00:15:65:aa:bb:cz", 16, "invalid character in MAC address" },
    { "0015.65aa.bbcx", 13, "invalid character in MAC address" },
    { "00_15_65_aa_bb_cc", 2, "invalid character in MAC address" },
    { "00:15:65:aa_bb:cc", 11, "invalid character in MAC address" },
    { "00\t15\t65\taa\tbb\tcc", 2, "invalid character in MAC address" },
    { "00:15-65:aa:bb:cc", 5, "mixed separators in MAC address" },
    { "00-15-65-aa-bb:cc", 14, "mixed separators in MAC address" },
    { "00:15:65:aa:bb cc", 14, "mixed separators in MAC address" },
    { "0015.65aa-bbcc", 9, "mixed separators in MAC address" },
    { "0015:65aa:bbcc", 4, "unexpected separator in MAC address" },
    { "00.15.65.aa.bb.cc", 2, "unexpected separator in MAC address" },
    { "0:15:65:aa:bb:cc", 1, "unexpected separator in MAC address" },
    { " 00:15:65:aa:bb:cc", 0, "unexpected separator in MAC address" },
    { "00:15::65:aa:bb", 6, "unexpected separator in MAC address" },
    { "00:1565:aa:bb:cc", 5, "missing separator in MAC address" },
    { "0015.65aab.bcc", 9, "missing separator in MAC address" },
    { "01:00:5e:00:00:01", 0, "multicast MAC address" },
    { "33:33:00:00:00:01", 0, "multicast MAC address" },
    { "ff:ff:ff:ff:ff:ff", 0, "broadcast MAC address" },
    { "FFFF.FFFF.FFFF", 0, "broadcast MAC address" },
    { "00:00:00:00:00:00", 0, "all-zero MAC address" },
    { "000000000000", 0, "all-zero MAC address" },
};

START_TEST(test_mac_parse_good)
{
    unsigned char mac[NP_MAC_LEN];
    const char *err = NULL;
    size_t errpos = 999;
    const char *in = np_mac_good[_i].in;

    ck_assert_msg(np_mac_parse(in, strlen(in), mac, &err, &errpos) == 0,
                  "\"%s\" rejected: %s at %zu", in, err ? err : "?", errpos);
    ck_assert_mem_eq(mac, np_mac_good[_i].mac, NP_MAC_LEN);
}
END_TEST

START_TEST(test_mac_parse_bad)
{
    unsigned char mac[NP_MAC_LEN];
    const char *err = NULL;
    size_t errpos = 999;
    const char *in = np_mac_bad[_i].in;

    memset(mac, 0x5a, sizeof mac);
    ck_assert_msg(np_mac_parse(in, strlen(in), mac, &err, &errpos) == -1,
                  "\"%s\" accepted", in);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strcmp(err, np_mac_bad[_i].err) == 0,
                  "\"%s\": got \"%s\", want \"%s\"", in, err, np_mac_bad[_i].err);
    ck_assert_msg(errpos == np_mac_bad[_i].errpos,
                  "\"%s\": error at %zu, want %zu", in, errpos, np_mac_bad[_i].errpos);
    /* A rejected address must not leak half-parsed bytes to the caller. */
    ck_assert_uint_eq(mac[0], 0x5a);
    ck_assert_uint_eq(mac[5], 0x5a);
}
END_TEST

/* The length argument bounds the parse; the string needn't be terminated. */
START_TEST(test_mac_parse_uses_len)
{
    static const unsigned char want[NP_MAC_LEN] = { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc };
    static const char embedded_nul[] = "00:15\0" "65:aa:bb:cc";
    unsigned char mac[NP_MAC_LEN];
    const char *err = NULL;
    size_t errpos = 0;

    ck_assert_int_eq(np_mac_parse("00:15:65:aa:bb:ccXYZ", 17, mac, &err, &errpos), 0);
    ck_assert_mem_eq(mac, want, NP_MAC_LEN);
    ck_assert_int_eq(np_mac_parse("001565aabbcc", 6, mac, &err, &errpos), -1);
    ck_assert_str_eq(err, "MAC address too short");
    ck_assert_uint_eq(errpos, 6);
    ck_assert_int_eq(np_mac_parse(embedded_nul, sizeof embedded_nul - 1, mac, &err, &errpos), -1);
    ck_assert_str_eq(err, "invalid character in MAC address");
    ck_assert_uint_eq(errpos, 5);
    ck_assert_int_eq(np_mac_parse(NULL, 0, mac, &err, &errpos), -1);
    /* err and errpos are optional for callers that only want yes or no. */
    ck_assert_int_eq(np_mac_parse("zz", 2, mac, NULL, NULL), -1);
    ck_assert_int_eq(np_mac_parse("001565aabbcc", 12, mac, NULL, NULL), 0);
}
END_TEST

static const struct {
    np_mac_style_e style;
    const char *name;
    const char *out;
} np_mac_styles[] = {
    { NP_MAC_PLAIN, "plain", "001565aabbcc" },
    { NP_MAC_PLAIN_UPPER, "PLAIN", "001565AABBCC" },
    { NP_MAC_COLON, "colon", "00:15:65:aa:bb:cc" },
    { NP_MAC_COLON_UPPER, "COLON", "00:15:65:AA:BB:CC" },
    { NP_MAC_DASH, "dash", "00-15-65-aa-bb-cc" },
    { NP_MAC_DASH_UPPER, "DASH", "00-15-65-AA-BB-CC" },
};

START_TEST(test_mac_format)
{
    static const unsigned char mac[NP_MAC_LEN] = { 0x00, 0x15, 0x65, 0xaa, 0xbb, 0xcc };
    unsigned char back[NP_MAC_LEN];
    char buf[NP_MAC_STRLEN + 4];
    const char *err;
    size_t errpos;

    memset(buf, '#', sizeof buf);
    ck_assert_ptr_eq(np_mac_format(mac, np_mac_styles[_i].style, buf), buf);
    ck_assert_str_eq(buf, np_mac_styles[_i].out);
    ck_assert_uint_lt(strlen(buf), NP_MAC_STRLEN);
    ck_assert_int_eq(np_mac_style_by_name(np_mac_styles[_i].name), (int)np_mac_styles[_i].style);
    /* Whatever we write, we must read back. */
    ck_assert_int_eq(np_mac_parse(buf, strlen(buf), back, &err, &errpos), 0);
    ck_assert_mem_eq(back, mac, NP_MAC_LEN);
}
END_TEST

START_TEST(test_mac_format_extremes)
{
    static const unsigned char ones[NP_MAC_LEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const unsigned char mixed[NP_MAC_LEN] = { 0x0a, 0xf0, 0x09, 0x90, 0x00, 0x01 };
    char buf[NP_MAC_STRLEN];

    ck_assert_str_eq(np_mac_format(ones, NP_MAC_COLON_UPPER, buf), "FF:FF:FF:FF:FF:FF");
    ck_assert_str_eq(np_mac_format(mixed, NP_MAC_DASH, buf), "0a-f0-09-90-00-01");
    ck_assert_str_eq(np_mac_format(mixed, NP_MAC_PLAIN_UPPER, buf), "0AF009900001");
    ck_assert_str_eq(np_mac_format(mixed, (np_mac_style_e)42, buf), "");
}
END_TEST

START_TEST(test_mac_style_unknown)
{
    ck_assert_int_eq(np_mac_style_by_name(NULL), -1);
    ck_assert_int_eq(np_mac_style_by_name(""), -1);
    ck_assert_int_eq(np_mac_style_by_name("Colon"), -1);
    ck_assert_int_eq(np_mac_style_by_name("colons"), -1);
    ck_assert_int_eq(np_mac_style_by_name("cisco"), -1);
    ck_assert_int_eq(np_mac_style_by_name(" plain"), -1);
}
END_TEST

TCase *np_test_mac_tcase(void)
{
    TCase *tc = tcase_create("mac");

    tcase_add_loop_test(tc, test_mac_parse_good, 0, (int)NP_ARRAY_LEN(np_mac_good));
    tcase_add_loop_test(tc, test_mac_parse_bad, 0, (int)NP_ARRAY_LEN(np_mac_bad));
    tcase_add_test(tc, test_mac_parse_uses_len);
    tcase_add_loop_test(tc, test_mac_format, 0, (int)NP_ARRAY_LEN(np_mac_styles));
    tcase_add_test(tc, test_mac_format_extremes);
    tcase_add_test(tc, test_mac_style_unknown);
    return tc;
}
