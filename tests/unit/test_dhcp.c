/* DHCP snippets (np_dhcp): MAC ranges as byte prefixes, the URL forms, the lines each server gets,
 * other brands' narrower ranges left out, the <dhcp> element of brand.xml (shipped brands and errors). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>

#include "np_brand.h"
#include "np_dhcp.h"
#include "np_test.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

static uint64_t np_td_hex(const char *s)
{
    return (uint64_t)strtoull(s, NULL, 16);
}

/* A brand in memory: name, dhcp as given, ranges "LO-HI" (12 hex digits each), NULL-terminated. */
static np_brand_t *np_td_brand(const char *name, const np_brand_dhcp_t *dhcp, ...)
{
    np_brand_t *b = apr_pcalloc(np_test_pool, sizeof *b);
    const char *r;
    va_list ap;

    b->name = name;
    b->display = apr_pstrcat(np_test_pool, "The ", name, NULL);
    b->ranges = apr_array_make(np_test_pool, 4, sizeof(np_mac_range_t));
    if (dhcp)
        b->dhcp = *dhcp;
    else {
        b->dhcp.options[0] = 66;
        b->dhcp.noptions = 1;
    }
    va_start(ap, dhcp);
    while ((r = va_arg(ap, const char *))) {
        np_mac_range_t *mr = apr_array_push(b->ranges);
        mr->lo = np_td_hex(r);
        mr->hi = np_td_hex(r + 13);
    }
    va_end(ap);
    return b;
}

static np_brands_t *np_td_brands(np_brand_t *a, np_brand_t *b)
{
    np_brands_t *bs = apr_pcalloc(np_test_pool, sizeof *bs);
    bs->brands = apr_array_make(np_test_pool, 2, sizeof(np_brand_t *));
    *(np_brand_t **)apr_array_push(bs->brands) = a;
    if (b)
        *(np_brand_t **)apr_array_push(bs->brands) = b;
    return bs;
}

/* The prefixes of b as "001565 approx:000413d8 ..." */
static const char *np_td_prefixes(const np_brand_t *b)
{
    const apr_array_header_t *pre = np_dhcp_prefixes(np_test_pool, b);
    const char *s = "";
    int i, j;
    for (i = 0; i < pre->nelts; i++) {
        const np_dhcp_prefix_t *p = &((np_dhcp_prefix_t *)pre->elts)[i];
        s = apr_pstrcat(np_test_pool, s, i ? " " : "", p->approx ? "~" : "", NULL);
        for (j = 0; j < p->len; j++)
            s = apr_psprintf(np_test_pool, "%s%02x", s, p->bytes[j]);
    }
    return s;
}

static const struct {
    const char *lo_hi[3];
    const char *want;
} np_td_ranges[] = {
    /* a whole OUI */
    { { "001565000000-001565ffffff" }, "001565" },
    /* a 4-byte prefix */
    { { "000413e50000-000413e5ffff" }, "000413e5" },
    /* adjacent halves merge into whole prefixes */
    { { "589ec6900000-589ec6907fff", "589ec6908000-589ec691ffff" }, "589ec690 589ec691" },
    /* a nibble prefix: sixteen bytes */
    { { "001560000000-00156fffffff" },
      "001560 001561 001562 001563 001564 001565 001566 001567 001568 001569 00156a 00156b 00156c 00156d 00156e 00156f" },
    /* one MAC */
    { { "000413e41f3f-000413e41f3f" }, "000413e41f3f" },
    /* the largest aligned block at each step */
    { { "0c0000000000-0c00000201ff" }, "0c000000 0c000001 0c00000200 0c00000201" },
    /* too many prefixes: the enclosing one, marked */
    { { "000413800000-000413809eb2" }, "~00041380" },
    /* an approximation that equals another range's prefix is written once */
    { { "000413800000-000413809eb2", "00041380a22d-00041380f5fa" }, "~00041380" },
};

START_TEST(test_dhcp_prefixes)
{
    np_brand_t *b = np_td_brand("acme", NULL, np_td_ranges[_i].lo_hi[0], np_td_ranges[_i].lo_hi[1],
                                np_td_ranges[_i].lo_hi[2], NULL);
    ck_assert_str_eq(np_td_prefixes(b), np_td_ranges[_i].want);
}
END_TEST

START_TEST(test_dhcp_url)
{
    np_brand_dhcp_t d = { { 66 }, 1, 0, NULL, NULL };
    const char *err = NULL;

    ck_assert_str_eq(np_dhcp_url(np_test_pool, &d, "https://pbx.example.com/provisioning", &err),
                     "https://pbx.example.com/provisioning/");
    ck_assert_str_eq(np_dhcp_url(np_test_pool, &d, "http://10.0.0.1:8080/p//", &err), "http://10.0.0.1:8080/p/");
    d.file = "{mac}.xml";
    ck_assert_str_eq(np_dhcp_url(np_test_pool, &d, "https://pbx.example.com/provisioning/", &err),
                     "https://pbx.example.com/provisioning/{mac}.xml");
    d.noscheme = 1;
    ck_assert_str_eq(np_dhcp_url(np_test_pool, &d, "https://pbx.example.com/provisioning", &err),
                     "pbx.example.com/provisioning/{mac}.xml");
    d.file = NULL;
    ck_assert_str_eq(np_dhcp_url(np_test_pool, &d, "https://pbx.example.com/provisioning/", &err),
                     "pbx.example.com/provisioning");
    ck_assert_ptr_null(np_dhcp_url(np_test_pool, &d, "ftp://pbx/p", &err));
    ck_assert_ptr_nonnull(strstr(err, "'ftp://pbx/p' is not an http:// or https:// URL"));
    ck_assert_ptr_null(np_dhcp_url(np_test_pool, &d, "https:///p", &err));
    ck_assert_ptr_null(np_dhcp_url(np_test_pool, &d, "https://pbx/a\"b", &err));
    ck_assert_ptr_nonnull(strstr(err, "quote"));
    ck_assert_ptr_null(np_dhcp_url(np_test_pool, &d, "https://pbx/a,b", &err));
}
END_TEST

START_TEST(test_dhcp_server_parse)
{
    np_dhcp_server_t s;
    ck_assert_int_eq(np_dhcp_server_parse("dnsmasq", &s), 0);
    ck_assert_int_eq(s, NP_DHCP_DNSMASQ);
    ck_assert_int_eq(np_dhcp_server_parse("isc", &s), 0);
    ck_assert_int_eq(s, NP_DHCP_ISC);
    ck_assert_int_eq(np_dhcp_server_parse("kea", &s), 0);
    ck_assert_int_eq(s, NP_DHCP_KEA);
    ck_assert_int_eq(np_dhcp_server_parse("ISC", &s), -1);
    ck_assert_int_eq(np_dhcp_server_parse("bind", &s), -1);
}
END_TEST

/* acme owns 00:aa:bb and one MAC range; sub (option 114, vendor class) owns 00:aa:bb:10-1f inside it. */
static const char *np_td_write(np_dhcp_server_t server, int only_acme)
{
    np_brand_dhcp_t sub_dhcp = { { 114, 66 }, 2, 1, "cfg.xml", "subphone" };
    np_brand_t *acme = np_td_brand("acme", NULL, "00aabb000000-00aabbffffff", NULL);
    np_brand_t *sub = np_td_brand("sub", &sub_dhcp, "00aabb100000-00aabb1fffff", NULL);
    np_brands_t *all = np_td_brands(acme, sub);
    apr_array_header_t *sel = apr_array_make(np_test_pool, 2, sizeof(np_brand_t *));
    np_buf_t out;
    const char *err = NULL;

    *(np_brand_t **)apr_array_push(sel) = acme;
    if (!only_acme)
        *(np_brand_t **)apr_array_push(sel) = sub;
    np_buf_init(&out, np_test_pool, 256);
    ck_assert_msg(np_dhcp_write(&out, server, all, sel, "https://pbx.example.com/p/", &err) == 0, "%s", err);
    return apr_pstrmemdup(np_test_pool, out.data, out.len);
}

#define NP_TD_HAS(s, piece) ck_assert_msg(strstr((s), (piece)) != NULL, "missing [%s] in:\n%s", (piece), (s))
#define NP_TD_HASNT(s, piece) ck_assert_msg(strstr((s), (piece)) == NULL, "unexpected [%s] in:\n%s", (piece), (s))

START_TEST(test_dhcp_dnsmasq)
{
    const char *s = np_td_write(NP_DHCP_DNSMASQ, 0);

    NP_TD_HAS(s, "\n# The acme (acme): option 66\n"
                 "dhcp-mac=set:np-acme-1,00:aa:bb:*:*:*\n"
                 "dhcp-mac=set:np-acme-1-not,00:aa:bb:10:*:*\n");
    NP_TD_HAS(s, "dhcp-mac=set:np-acme-1-not,00:aa:bb:1f:*:*\n"
                 "dhcp-option-force=tag:np-acme-1,tag:!np-acme-1-not,66,\"https://pbx.example.com/p/\"\n");
    NP_TD_HAS(s, "\n# The sub (sub): option 114 66\n"
                 "dhcp-mac=set:np-sub,00:aa:bb:10:*:*\n");
    NP_TD_HAS(s, "dhcp-vendorclass=set:np-sub,subphone\n"
                 "dhcp-option-force=tag:np-sub,114,\"pbx.example.com/p/cfg.xml\"\n"
                 "dhcp-option-force=tag:np-sub,66,\"pbx.example.com/p/cfg.xml\"\n");
    /* the acme section comes first, as selected */
    ck_assert_msg(strstr(s, "np-acme") < strstr(s, "np-sub"), "acme is not first:\n%s", s);
}
END_TEST

START_TEST(test_dhcp_isc)
{
    const char *s = np_td_write(NP_DHCP_ISC, 0);

    NP_TD_HAS(s, "# nethprov dhcp --server isc: the provisioning URL for each brand's phones (base URL "
                 "https://pbx.example.com/p/)\n\n# The acme (acme): option 66\nclass \"np-acme\" {\n");
    /* 114 has a name in dhcpd (default-url): nothing to define */
    NP_TD_HASNT(s, "code 114");
    NP_TD_HAS(s, "    match if (substring(hardware, 1, 3) = 00:aa:bb and not (substring(hardware, 1, 4) = 00:aa:bb:10 "
                 "or substring(hardware, 1, 4) = 00:aa:bb:11");
    NP_TD_HAS(s, "    option tftp-server-name \"https://pbx.example.com/p/\";\n}\n");
    NP_TD_HAS(s, "           or substring(option vendor-class-identifier, 0, 8) = \"subphone\";\n"
                 "    option default-url \"pbx.example.com/p/cfg.xml\";\n"
                 "    option tftp-server-name \"pbx.example.com/p/cfg.xml\";\n}\n");
}
END_TEST

START_TEST(test_dhcp_isc_defines_unnamed_codes_once)
{
    np_brand_dhcp_t d = { { 160, 66 }, 2, 0, NULL, NULL };
    np_brand_t *a = np_td_brand("aaa", &d, "0004f2000000-0004f2ffffff", NULL);
    np_brand_t *b = np_td_brand("bbb", &d, "64167f000000-64167fffffff", NULL);
    apr_array_header_t *sel = apr_array_make(np_test_pool, 2, sizeof(np_brand_t *));
    np_buf_t out;
    const char *err = NULL, *s, *def = "option np-option-160 code 160 = text;\n";

    *(np_brand_t **)apr_array_push(sel) = a;
    *(np_brand_t **)apr_array_push(sel) = b;
    np_buf_init(&out, np_test_pool, 256);
    ck_assert_int_eq(np_dhcp_write(&out, NP_DHCP_ISC, np_td_brands(a, b), sel, "http://h/p", &err), 0);
    s = apr_pstrmemdup(np_test_pool, out.data, out.len);
    NP_TD_HAS(s, def);
    NP_TD_HASNT(strstr(s, def) + 1, def);
    NP_TD_HAS(s, "    option np-option-160 \"http://h/p/\";\n    option tftp-server-name \"http://h/p/\";\n");
}
END_TEST

START_TEST(test_dhcp_kea)
{
    const char *s = np_td_write(NP_DHCP_KEA, 0);

    ck_assert_str_eq(apr_pstrndup(np_test_pool, s, 20), "\"client-classes\": [\n");
    NP_TD_HAS(s, "      \"name\": \"np-acme\",\n");
    NP_TD_HAS(s, "\"test\": \"(substring(pkt4.mac,0,3) == 0x00aabb and not (substring(pkt4.mac,0,4) == 0x00aabb10 or ");
    NP_TD_HAS(s, "{ \"name\": \"tftp-server-name\", \"data\": \"https://pbx.example.com/p/\", \"always-send\": true }");
    NP_TD_HAS(s, "or substring(option[60].hex,0,8) == 'subphone'\",\n");
    /* 114 as raw bytes: "pbx.example.com/p/cfg.xml" */
    NP_TD_HAS(s, "{ \"code\": 114, \"csv-format\": false, \"data\": \"7062782e6578616d706c652e636f6d2f702f6366672e786d6c\", "
                 "\"always-send\": true }");
    ck_assert_str_eq(s + strlen(s) - 6, "}\n  ]\n");
}
END_TEST

/* The narrower brand leaves out nothing of the wider one: its MACs are its own. */
START_TEST(test_dhcp_narrower_keeps_its_own)
{
    const char *s = np_td_write(NP_DHCP_ISC, 0);
    const char *sub = strstr(s, "class \"np-sub\"");
    ck_assert_ptr_nonnull(sub);
    NP_TD_HASNT(sub, "and not");
}
END_TEST

/* Left out even when the narrower brand is not in the snippet: those phones are not acme's. */
START_TEST(test_dhcp_exclusion_without_the_other_brand)
{
    const char *s = np_td_write(NP_DHCP_DNSMASQ, 1);
    NP_TD_HAS(s, "dhcp-mac=set:np-acme-1-not,00:aa:bb:10:*:*\n");
    NP_TD_HASNT(s, "np-sub");
}
END_TEST

START_TEST(test_dhcp_write_errors)
{
    np_brand_t *none = np_td_brand("none", NULL, NULL);
    apr_array_header_t *sel = apr_array_make(np_test_pool, 1, sizeof(np_brand_t *));
    np_buf_t out;
    const char *err = NULL;

    *(np_brand_t **)apr_array_push(sel) = none;
    np_buf_init(&out, np_test_pool, 256);
    ck_assert_int_eq(np_dhcp_write(&out, NP_DHCP_ISC, np_td_brands(none, NULL), sel, "https://h/p", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "brand none has neither a MAC range nor a dhcp vendor-class"));
    none->dhcp.vendor_class = "nn";
    ck_assert_int_eq(np_dhcp_write(&out, NP_DHCP_ISC, np_td_brands(none, NULL), sel, "h/p", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "'h/p' is not an http:// or https:// URL"));
}
END_TEST

START_TEST(test_dhcp_shipped_brands)
{
    np_brands_t *bs = NULL;
    const char *err = NULL;
    const np_brand_t *b;

    ck_assert_msg(np_brands_load(np_test_pool, np_test_templates_dir(), &bs, &err) == 0, "%s", err);
    b = np_brands_get(bs, "gigaset");
    ck_assert_int_eq(b->dhcp.noptions, 1);
    ck_assert_int_eq(b->dhcp.options[0], 114);
    b = np_brands_get(bs, "poly");
    ck_assert_int_eq(b->dhcp.noptions, 2);
    ck_assert_int_eq(b->dhcp.options[0], 160);
    ck_assert_int_eq(b->dhcp.options[1], 66);
    b = np_brands_get(bs, "grandstream");
    ck_assert_int_eq(b->dhcp.noscheme, 1);
    ck_assert_ptr_null(b->dhcp.file);
    b = np_brands_get(bs, "snom");
    ck_assert_str_eq(b->dhcp.vendor_class, "snom");
    ck_assert_str_eq(b->dhcp.file, "{mac}.xml");
    /* no <dhcp>: option 66, the full URL */
    b = np_brands_get(bs, "sangoma");
    ck_assert_int_eq(b->dhcp.noptions, 1);
    ck_assert_int_eq(b->dhcp.options[0], 66);
    ck_assert_int_eq(b->dhcp.noscheme, 0);
    ck_assert_ptr_null(b->dhcp.file);
    ck_assert_ptr_null(b->dhcp.vendor_class);
}
END_TEST

static const struct {
    const char *element;
    const char *message;
} np_td_bad[] = {
    { "<dhcp/>", "dhcp needs option=\"CODE ...\"" },
    { "<dhcp option=\"255\"/>", "dhcp option must be 1 to 4 option codes (1-254)" },
    { "<dhcp option=\"66x\"/>", "dhcp option must be 1 to 4 option codes (1-254)" },
    { "<dhcp option=\"-66\"/>", "dhcp option must be 1 to 4 option codes (1-254)" },
    { "<dhcp option=\"1 2 3 4 5\"/>", "dhcp option must be 1 to 4 option codes (1-254)" },
    { "<dhcp option=\"66 66\"/>", "dhcp option 66 written twice" },
    { "<dhcp option=\"66\" url=\"short\"/>", "dhcp url must be \"full\" or \"noscheme\"" },
    { "<dhcp option=\"66\" file=\"a b\"/>", "dhcp file and vendor-class must be printable ASCII" },
    { "<dhcp option=\"66\" file=\"/x\"/>", "dhcp file and vendor-class must be printable ASCII" },
    { "<dhcp option=\"66\" vendor-class=\"a,b\"/>", "dhcp file and vendor-class must be printable ASCII" },
    { "<dhcp option=\"66\"/><dhcp option=\"114\"/>", "dhcp may appear once" },
};

START_TEST(test_dhcp_bad_element)
{
    const char *path, *err = np_test_brand_error(
        apr_pstrcat(np_test_pool, "  <mac prefix=\"00aabb\"/>\n  ", np_td_bad[_i].element, "\n", NULL), &path);

    ck_assert_msg(strstr(err, apr_pstrcat(np_test_pool, path, ":3: ", np_td_bad[_i].message, NULL)) != NULL,
                  "got: %s", err);
}
END_TEST

TCase *np_test_dhcp_tcase(void)
{
    TCase *tc = tcase_create("dhcp");

    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_loop_test(tc, test_dhcp_prefixes, 0, (int)NP_ARRAY_LEN(np_td_ranges));
    tcase_add_test(tc, test_dhcp_url);
    tcase_add_test(tc, test_dhcp_server_parse);
    tcase_add_test(tc, test_dhcp_dnsmasq);
    tcase_add_test(tc, test_dhcp_isc);
    tcase_add_test(tc, test_dhcp_isc_defines_unnamed_codes_once);
    tcase_add_test(tc, test_dhcp_kea);
    tcase_add_test(tc, test_dhcp_narrower_keeps_its_own);
    tcase_add_test(tc, test_dhcp_exclusion_without_the_other_brand);
    tcase_add_test(tc, test_dhcp_write_errors);
    tcase_add_test(tc, test_dhcp_shipped_brands);
    tcase_add_loop_test(tc, test_dhcp_bad_element, 0, (int)NP_ARRAY_LEN(np_td_bad));
    return tc;
}
