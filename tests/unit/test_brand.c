/* Brand folders: loading the fake brands under tests/unit/data/templates, telling
 * brands apart by MAC and file name, the files each model is served, the variables
 * a render sees (np_render_vars), the load errors of broken folders, and finally
 * the real templates/ folder with a Yealink phone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>

#include "np_brand.h"
#include "np_lint.h"
#include "np_render.h"
#include "np_test.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

/* A folder under tests/unit/data of the source tree (make check sets NP_SRCDIR;
 * without it the test is assumed to run from tests/ of an in-tree build). */
static const char *np_tb_data(const char *rel)
{
    const char *src = getenv("NP_SRCDIR");
    return apr_pstrcat(np_test_pool, src ? src : "..", "/tests/unit/data/", rel, NULL);
}

static const np_brands_t *np_tb_load(void)
{
    np_brands_t *bs = NULL;
    const char *err = NULL;

    ck_assert_msg(np_brands_load(np_test_pool, np_tb_data("templates"), &bs, &err) == 0, "load failed: %s",
                  err ? err : "?");
    ck_assert_ptr_nonnull(bs);
    return bs;
}

static const np_brand_t *np_tb_acme(const np_brands_t *bs)
{
    const np_brand_t *b = np_brands_get(bs, "acme");
    ck_assert_ptr_nonnull(b);
    return b;
}

static void np_tb_mac(const char *hex, unsigned char mac[NP_MAC_LEN])
{
    const char *err;
    size_t pos;
    ck_assert_msg(np_mac_parse(hex, strlen(hex), mac, &err, &pos) == 0, "bad test MAC %s", hex);
}

START_TEST(test_brand_load)
{
    const np_brands_t *bs = np_tb_load();
    const np_brand_t *b = np_tb_acme(bs);
    const np_model_t *m;
    const np_map_t *map;
    int i, found = 0;

    ck_assert_int_eq(bs->brands->nelts, 2);
    ck_assert_ptr_nonnull(np_brands_get(bs, "subco"));
    ck_assert_ptr_null(np_brands_get(bs, "acm"));
    ck_assert_ptr_null(np_brands_get(bs, "ACME"));
    ck_assert_str_eq(b->name, "acme");
    ck_assert_str_eq(b->display, "ACME Phones");
    ck_assert_int_eq(b->ranges->nelts, 2);
    ck_assert_int_eq(b->user_agents->nelts, 1);
    ck_assert_str_eq(((const char **)b->user_agents->elts)[0], "AcmePhone");
    ck_assert_int_eq(b->files->nelts, 4);
    ck_assert_int_eq(b->models->nelts, 3);
    /* Every file has its compiled template, and files sharing a template share it. */
    for (i = 0; i < b->files->nelts; i++)
        ck_assert_ptr_nonnull(((np_file_t *)b->files->elts)[i].tmpl);
    ck_assert_ptr_eq(((np_file_t *)b->files->elts)[0].tmpl, ((np_file_t *)b->files->elts)[3].tmpl);
    ck_assert_str_eq(((np_file_t *)b->files->elts)[1].content_type, "text/plain; charset=utf-8");

    m = np_brand_model(b, "X1");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->family, "Xfam");
    /* name and family are not capabilities; every other attribute is, as cap_* */
    ck_assert_int_eq(m->caps->nelts, 3);
    for (i = 0; i < m->caps->nelts; i++) {
        const np_cap_t *c = &((np_cap_t *)m->caps->elts)[i];
        ck_assert_msg(!strncmp(c->name, "cap_", 4), "capability %s", c->name);
        if (!strcmp(c->name, "cap_linekey_count")) {
            ck_assert_str_eq(c->value, "4");
            found++;
        }
        if (!strcmp(c->name, "cap_color")) {
            ck_assert_str_eq(c->value, "1");
            found++;
        }
    }
    ck_assert_int_eq(found, 2);
    ck_assert_ptr_null(np_brand_model(b, "x1"));
    ck_assert_ptr_null(np_brand_model(b, NULL));
    ck_assert_ptr_null(np_brand_model(b, "S1"));

    map = apr_hash_get(b->maps, "language", APR_HASH_KEY_STRING);
    ck_assert_ptr_nonnull(map);
    ck_assert_str_eq(map->dflt, "English");
    ck_assert_str_eq(apr_hash_get(map->entries, "de", APR_HASH_KEY_STRING), "German");
    /* Names the templates reference are collected for lint. */
    ck_assert_ptr_nonnull(apr_hash_get(b->names_used, "account_username_1", APR_HASH_KEY_STRING));
    ck_assert_ptr_nonnull(apr_hash_get(b->names_used, "cap_linekey_count", APR_HASH_KEY_STRING));
}
END_TEST

static const struct {
    const char *mac;
    const char *brand; /* NULL: no brand */
} np_tb_detect[] = {
    { "00aabbccddee", "acme" },       /* acme's OUI, outside subco's sub-range */
    { "00aabb0fffff", "acme" },       /* just below the sub-range */
    { "00aabb100000", "subco" },      /* first of the sub-range */
    { "00aabb1abcde", "subco" },
    { "00aabb1fffff", "subco" },      /* last of it */
    { "00aabb200000", "acme" },       /* just above */
    { "00acdeadbeef", "subco" },      /* only subco's wide 00a prefix */
    { "00a000000001", "subco" },
    { "0c0000000000", "acme" },       /* acme's from..to range, both ends */
    { "0c00000000ff", "acme" },
    { "0c00000000aa", "subco" },      /* a single MAC inside it */
    { "0c0000000100", NULL },
    { "001565aabbcc", NULL },
    { "00b000000000", NULL },
};

START_TEST(test_brand_detect)
{
    const np_brands_t *bs = np_tb_load();
    unsigned char mac[NP_MAC_LEN];
    const np_brand_t *b;

    np_tb_mac(np_tb_detect[_i].mac, mac);
    b = np_brands_detect(bs, mac);
    if (!np_tb_detect[_i].brand)
        ck_assert_msg(b == NULL, "%s detected as %s", np_tb_detect[_i].mac, b ? b->name : "");
    else
        ck_assert_msg(b && !strcmp(b->name, np_tb_detect[_i].brand), "%s detected as %s, want %s",
                      np_tb_detect[_i].mac, b ? b->name : "nothing", np_tb_detect[_i].brand);
}
END_TEST

static const struct {
    const char *name;
    int match;
    int has_mac;
    const char *mac;
} np_tb_names[] = {
    { "00aabbccddee.cfg", 1, 1, "00aabbccddee" },
    { "00AABBCCDDEE.cfg", 1, 1, "00aabbccddee" },
    { "00AaBbCcDdEe.cfg", 1, 1, "00aabbccddee" },
    { "00AABBCCDDEE.xml", 1, 1, "00aabbccddee" },
    { "00aabbccddee.xml", 1, 1, "00aabbccddee" },
    { "fam-00aabbccddee.xml", 1, 1, "00aabbccddee" },
    { "subco-00aabb100001.cfg", 1, 1, "00aabb100001" },
    /* a MAC of any brand: the brand is known only after the database answers */
    { "001565aabbcc.cfg", 1, 1, "001565aabbcc" },
    { "common.cfg", 1, 0, NULL },
    { "00aabbccdde.cfg", 0, 0, NULL },
    { "00aabbccddeef.cfg", 0, 0, NULL },
    { "00aabbccddeeff.cfg", 0, 0, NULL },
    { "00:aa:bb:cc:dd:ee.cfg", 0, 0, NULL },
    { "00aabbccddgg.cfg", 0, 0, NULL },
    { "00aabbccddee.cfg.bak", 0, 0, NULL },
    { "x00aabbccddee.cfg", 0, 0, NULL },
    { "00aabbccddee.CFG", 0, 0, NULL },
    { "Common.cfg", 0, 0, NULL },
    { "common.cfg2", 0, 0, NULL },
    { "{mac}.cfg", 0, 0, NULL },
    { ".cfg", 0, 0, NULL },
    { "", 0, 0, NULL },
    { "subco-.cfg", 0, 0, NULL },
};

START_TEST(test_brand_match_name)
{
    const np_brands_t *bs = np_tb_load();
    unsigned char mac[NP_MAC_LEN], want[NP_MAC_LEN];
    int has_mac = 42;
    const char *name = np_tb_names[_i].name;

    ck_assert_msg(np_brands_match_name(bs, name, mac, &has_mac) == np_tb_names[_i].match, "\"%s\": match %d wanted",
                  name, np_tb_names[_i].match);
    if (!np_tb_names[_i].match)
        return;
    ck_assert_msg(has_mac == np_tb_names[_i].has_mac, "\"%s\": has_mac %d", name, has_mac);
    if (np_tb_names[_i].mac) {
        np_tb_mac(np_tb_names[_i].mac, want);
        ck_assert_mem_eq(mac, want, NP_MAC_LEN);
    }
}
END_TEST

static const struct {
    const char *name;
    const char *model;
    const char *pattern; /* NULL: not served to this model */
} np_tb_files[] = {
    { "00AABBCCDDEE.xml", "X1", "{MAC}.xml" },
    { "00aabbccddee.xml", "X1", "{MAC}.xml" },
    { "00AABBCCDDEE.xml", "X2", NULL },          /* same family, but the list names the model */
    { "00AABBCCDDEE.xml", "Y1", NULL },
    { "00AABBCCDDEE.xml", NULL, NULL },          /* model pending */
    { "00AABBCCDDEE.xml", "Q9", NULL },          /* a model the brand does not know */
    { "fam-00aabbccddee.xml", "X1", "fam-{mac}.xml" },
    { "fam-00aabbccddee.xml", "X2", "fam-{mac}.xml" }, /* by family */
    { "fam-00aabbccddee.xml", "Y1", NULL },
    { "fam-00aabbccddee.xml", "Xfam", "fam-{mac}.xml" }, /* the list holds the name as written */
    { "00aabbccddee.cfg", "X1", "{mac}.cfg" },
    { "00AABBCCDDEE.cfg", "Y1", "{mac}.cfg" },
    { "00aabbccddee.cfg", NULL, "{mac}.cfg" },
    { "common.cfg", "Y1", "common.cfg" },
    { "common.cfg", NULL, "common.cfg" },
    { "subco-00aabb100001.cfg", "X1", NULL },    /* another brand's file */
    { "00aabbccdde.cfg", "X1", NULL },
    { "nothing.cfg", "X1", NULL },
};

START_TEST(test_brand_file)
{
    const np_brand_t *b = np_tb_acme(np_tb_load());
    const np_file_t *f = np_brand_file(b, np_tb_files[_i].name, np_tb_files[_i].model);

    if (!np_tb_files[_i].pattern)
        ck_assert_msg(f == NULL, "%s for %s served by %s", np_tb_files[_i].name,
                      np_tb_files[_i].model ? np_tb_files[_i].model : "(none)", f ? f->pattern : "");
    else
        ck_assert_msg(f && !strcmp(f->pattern, np_tb_files[_i].pattern), "%s for %s: got %s, want %s",
                      np_tb_files[_i].name, np_tb_files[_i].model ? np_tb_files[_i].model : "(none)",
                      f ? f->pattern : "nothing", np_tb_files[_i].pattern);
}
END_TEST

START_TEST(test_brand_main_file)
{
    const np_brands_t *bs = np_tb_load();
    const np_brand_t *b = np_tb_acme(bs);
    const np_file_t *f;

    /* {MAC}.xml is listed first but only for X1; everyone else falls through to {mac}.cfg. */
    ck_assert_str_eq(np_brand_main_file(b, "X1")->pattern, "{MAC}.xml");
    ck_assert_str_eq(np_brand_main_file(b, "X2")->pattern, "{mac}.cfg");
    ck_assert_str_eq(np_brand_main_file(b, "Y1")->pattern, "{mac}.cfg");
    ck_assert_str_eq(np_brand_main_file(b, NULL)->pattern, "{mac}.cfg");
    f = np_brand_main_file(np_brands_get(bs, "subco"), "S1");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->pattern, "subco-{mac}.cfg");
}
END_TEST

START_TEST(test_brand_file_name_for)
{
    const np_brand_t *b = np_tb_acme(np_tb_load());
    unsigned char mac[NP_MAC_LEN], back[NP_MAC_LEN];
    static const char *const want[] = { "00AABBCCDDEE.xml", "00aabbccddee.cfg", "common.cfg",
                                        "fam-00aabbccddee.xml" };
    int i, has_mac;

    np_tb_mac("00:aa:bb:cc:dd:ee", mac);
    ck_assert_int_eq(b->files->nelts, (int)NP_ARRAY_LEN(want));
    for (i = 0; i < b->files->nelts; i++) {
        const np_file_t *f = &((np_file_t *)b->files->elts)[i];
        const char *name = np_file_name_for(np_test_pool, f, mac);
        ck_assert_str_eq(name, want[i]);
        /* What we tell a phone to fetch, we must recognise when it asks. */
        ck_assert_int_eq(np_brands_match_name(np_tb_load(), name, back, &has_mac), 1);
        ck_assert_int_eq(has_mac, f->has_mac != 0);
        if (has_mac)
            ck_assert_mem_eq(back, mac, NP_MAC_LEN);
    }
}
END_TEST

/* ---- variables and rendering ------------------------------------------- */

typedef struct {
    const char *name, *value, *level;
} np_tb_setting_t;

/* The effective settings as the database lists them, lowest level first per name. */
static const np_tb_setting_t np_tb_settings[] = {
    { "cap_linekey_count", "3", "model" },   /* a capability overridden per model */
    { "cap_softkey_count", "-", "phone" },   /* and one that is only inherited */
    { "cap_color", "", "device" },
    { "language", "en", "default" },
    { "language", "de", "model" },
    { "language", "", "device" },
    { "language", "-", "phone" },
    { "a", "d", "default" },
    { "a", "m", "model" },
    { "a", "v", "device" },
    { "a", "p", "phone" },
    { "b", "d", "default" },
    { "b", "-", "model" },
    { "b", "v", "device" },
    { "b", "", "phone" },
    { "c", "-", "default" },
    { "d", "", "phone" },
    { "linekey_2", "blf 201", "phone" },
    { "account_username_1", "201", "device" },
    /* runtime values are nethprov's: a setting of the same name loses */
    { "mac", "ffffffffffff", "phone" },
    { "tok2", "forged", "phone" },
    { "provisioning_complete", "1", "phone" },
    { "brand", "evil", "phone" },
};

static np_phone_t np_tb_phone(const char *model, int via)
{
    np_phone_t ph;
    int i, n = (int)NP_ARRAY_LEN(np_tb_settings);

    memset(&ph, 0, sizeof ph);
    ph.mac = "00aabbccddee";
    ph.brand = "acme";
    ph.model = model;
    ph.via = via;
    ph.tok1 = "tokenone";
    ph.tok2 = "tokentwo";
    ph.nsettings = n;
    ph.names = apr_palloc(np_test_pool, sizeof(char *) * (size_t)n);
    ph.values = apr_palloc(np_test_pool, sizeof(char *) * (size_t)n);
    ph.levels = apr_palloc(np_test_pool, sizeof(char *) * (size_t)n);
    for (i = 0; i < n; i++) {
        ph.names[i] = np_tb_settings[i].name;
        ph.values[i] = np_tb_settings[i].value;
        ph.levels[i] = np_tb_settings[i].level;
    }
    return ph;
}

static void np_tb_assert_var(const np_vars_t *v, const char *name, const char *value, const char *level)
{
    const char *got = np_vars_get(v, name), *lv = np_vars_level(v, name);

    if (!value) {
        ck_assert_msg(got == NULL, "%s is \"%s\", want unset", name, got ? got : "");
        return;
    }
    ck_assert_msg(got && !strcmp(got, value), "%s is \"%s\", want \"%s\"", name, got ? got : "(unset)", value);
    ck_assert_msg(lv && !strcmp(lv, level), "%s comes from %s, want %s", name, lv ? lv : "(none)", level);
}

START_TEST(test_brand_render_vars)
{
    const np_brand_t *b = np_tb_acme(np_tb_load());
    np_phone_t ph = np_tb_phone("X1", 1);
    np_request_t rq = { "https://prov.example.com/prov", "AcmePhone X1 1.2.3", "00AABBCCDDEE.xml" };
    np_vars_t *v = np_render_vars(np_test_pool, b, &ph, &rq);

    /* capabilities sit below every database level */
    np_tb_assert_var(v, "cap_linekey_count", "3", "model");
    np_tb_assert_var(v, "cap_softkey_count", "2", "brand");
    np_tb_assert_var(v, "cap_color", "1", "brand");
    /* later levels win; "" and "-" inherit at every level */
    np_tb_assert_var(v, "language", "de", "model");
    np_tb_assert_var(v, "a", "p", "phone");
    np_tb_assert_var(v, "b", "v", "device");
    np_tb_assert_var(v, "c", NULL, NULL);
    np_tb_assert_var(v, "d", NULL, NULL);
    np_tb_assert_var(v, "account_username_1", "201", "device");
    /* runtime */
    np_tb_assert_var(v, "mac", "00aabbccddee", "runtime");
    np_tb_assert_var(v, "brand", "acme", "runtime");
    np_tb_assert_var(v, "model", "X1", "runtime");
    np_tb_assert_var(v, "tok1", "tokenone", "runtime");
    np_tb_assert_var(v, "tok2", "tokentwo", "runtime");
    np_tb_assert_var(v, "base_url", "https://prov.example.com/prov", "runtime");
    np_tb_assert_var(v, "provisioning_url1", "https://prov.example.com/prov/tokenone/", "runtime");
    np_tb_assert_var(v, "provisioning_url2", "https://prov.example.com/prov/tokentwo/", "runtime");
    np_tb_assert_var(v, "user_agent", "AcmePhone X1 1.2.3", "runtime");
    np_tb_assert_var(v, "filename", "00AABBCCDDEE.xml", "runtime");
    /* the request came through tok1: provisioning is not complete yet, whatever a setting says */
    ck_assert_str_eq(np_vars_get(v, "provisioning_complete"), "");
    np_tb_assert_var(v, "provisioning_complete", "", "runtime");

    ph.via = 2;
    v = np_render_vars(np_test_pool, b, &ph, &rq);
    np_tb_assert_var(v, "provisioning_complete", "1", "runtime");
    /* An admin preview shows the steady state. */
    ph.via = 0;
    v = np_render_vars(np_test_pool, b, &ph, &rq);
    np_tb_assert_var(v, "provisioning_complete", "1", "runtime");
}
END_TEST

/* A retired tok1, a pending model, no User-Agent: empty runtime values, no capabilities. */
START_TEST(test_brand_render_vars_minimal)
{
    const np_brand_t *b = np_tb_acme(np_tb_load());
    np_phone_t ph = np_tb_phone(NULL, 2);
    np_request_t rq = { "http://h", NULL, NULL };
    np_vars_t *v;

    ph.tok1 = NULL;
    ph.nsettings = 0;
    v = np_render_vars(np_test_pool, b, &ph, &rq);
    np_tb_assert_var(v, "tok1", "", "runtime");
    np_tb_assert_var(v, "provisioning_url1", "", "runtime");
    np_tb_assert_var(v, "provisioning_url2", "http://h/tokentwo/", "runtime");
    np_tb_assert_var(v, "model", "", "runtime");
    np_tb_assert_var(v, "user_agent", "", "runtime");
    np_tb_assert_var(v, "filename", "", "runtime");
    np_tb_assert_var(v, "cap_linekey_count", NULL, NULL);

    /* X2 declares softkey_count="": an empty capability is no capability. */
    ph.model = "X2";
    v = np_render_vars(np_test_pool, b, &ph, &rq);
    np_tb_assert_var(v, "cap_linekey_count", "8", "brand");
    np_tb_assert_var(v, "cap_softkey_count", NULL, NULL);
}
END_TEST

static const char *np_tb_render(const np_brand_t *b, const np_file_t *f, const np_phone_t *ph, const char *filename)
{
    np_request_t rq = { "https://prov.example.com", "AcmePhone", filename };
    np_buf_t buf;
    np_sink_t sink;
    const char *err = NULL;

    ck_assert_ptr_nonnull(f);
    np_buf_init(&buf, np_test_pool, 0);
    sink = np_buf_sink(&buf);
    ck_assert_msg(np_render(np_test_pool, b, f, ph, &rq, &sink, &err) == 0, "render failed: %s", err ? err : "?");
    return buf.data;
}

START_TEST(test_brand_render)
{
    const np_brand_t *b = np_tb_acme(np_tb_load());
    np_phone_t ph = np_tb_phone("Y1", 1);
    const char *out;

    /* Y1: two line keys from its capability, but the model-level setting says 3. */
    out = np_tb_render(b, np_brand_main_file(b, "Y1"), &ph, "00aabbccddee.cfg");
    ck_assert_str_eq(out, "#acme Y1\n"
                          "mac = 00aabbccddee\n"
                          "lang = German\n"
                          "linekey.1 = none\n"
                          "linekey.2 = blf 201\n"
                          "linekey.3 = none\n"
                          "url = https://prov.example.com/tokentwo/\n"
                          "complete = 0\n");
    ph.via = 2;
    out = np_tb_render(b, np_brand_file(b, "common.cfg", "Y1"), &ph, "common.cfg");
    ck_assert_str_eq(out, "common acme common.cfg\n");

    ph.model = "X1";
    out = np_tb_render(b, np_brand_main_file(b, "X1"), &ph, "00AABBCCDDEE.xml");
    ck_assert_ptr_nonnull(strstr(out, "<acme mac=\"00:AA:BB:CC:DD:EE\" model=\"X1\"><user>201</user>"
                                      "<key n=\"1\"></key><key n=\"2\">blf 201</key><key n=\"3\"></key></acme>"));
}
END_TEST

/* ---- load errors -------------------------------------------------------- */

static const struct {
    const char *dir;
    const char *file;     /* the file the message must start with, under dir */
    const char *line;     /* ":N:" or NULL */
    const char *mention;
} np_tb_errors[] = {
    { "bad-name", "acme/brand.xml", ":3:", "folder" },
    { "bad-dupmodel", "acme/brand.xml", ":7:", "X1" },
    { "bad-macprefix", "acme/brand.xml", ":5:", "prefix" },
    { "bad-missing", "acme/nothere.xml", NULL, "cannot open" },
    { "bad-tmpl", "acme/broken.xml", ":5:", "unknown filter 'nosuchfilter'" },
    { "bad-tmplpath", "acme/brand.xml", ":6:", "../BRAND/FILE" },
    /* the line is wherever libxml2 gives up, which varies by version */
    { "bad-xml", "acme/brand.xml", ":", "not well-formed" },
};

START_TEST(test_brand_load_errors)
{
    np_brands_t *bs = NULL;
    const char *err = NULL;
    const char *dir = np_tb_data(np_tb_errors[_i].dir);
    const char *want = apr_pstrcat(np_test_pool, dir, "/", np_tb_errors[_i].file, np_tb_errors[_i].line, NULL);

    ck_assert_msg(np_brands_load(np_test_pool, dir, &bs, &err) == -1, "%s loaded", np_tb_errors[_i].dir);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "\"%s\" does not start with %s", err, want);
    ck_assert_msg(strstr(err, np_tb_errors[_i].mention) != NULL, "\"%s\" does not mention %s", err,
                  np_tb_errors[_i].mention);
}
END_TEST

START_TEST(test_brand_load_no_brands)
{
    np_brands_t *bs = NULL;
    const char *err = NULL;
    /* data/ holds folders, none of which has a brand.xml of its own */
    const char *dir = np_tb_data("");

    ck_assert_int_eq(np_brands_load(np_test_pool, dir, &bs, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "brand.xml"));
    err = NULL;
    ck_assert_int_eq(np_brands_load(np_test_pool, np_tb_data("no-such-folder"), &bs, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "no-such-folder"));
}
END_TEST

/* ---- lint: unknown variables and incomplete maps --------------------------- */

START_TEST(test_brand_lint)
{
    static const char *const want[] = {
        "acme/acme.xml:3: map 'language' has no entry for values de, fr of language and no default",
        "acme/acme.xml:4: unknown variable 'colour' (not in the catalogue, not a runtime value)",
        "acme/acme.xml:5: unknown variable 'cap_nothing' (not in the catalogue, no model of the brand has",
        /* through np:let and default:, to the indexed variable */
        "acme/acme.xml:8: map 'keys' has no entry for values line, dnd of linekey_type_N and no default",
        "acme/acme.xml:8: unknown variable: no variable name starts with 'fkey_'",
    };
    apr_array_header_t *problems = apr_array_make(np_test_pool, 4, sizeof(const char *));
    const char *dir = np_tb_data("lint"), *err = NULL;
    np_brands_t *bs = NULL;
    size_t i;

    ck_assert_int_eq(np_brands_check(np_test_pool, dir, &bs, problems), (int)NP_ARRAY_LEN(want));
    ck_assert_ptr_null(bs);
    for (i = 0; i < NP_ARRAY_LEN(want); i++) {
        const char *got = ((const char **)problems->elts)[i];
        const char *w = apr_pstrcat(np_test_pool, dir, "/", want[i], NULL);
        ck_assert_msg(strncmp(got, w, strlen(w)) == 0, "problem %d: \"%s\" is not \"%s...\"", (int)i, got, w);
    }
    /* np_brands_load refuses the same folder with every problem, one per line */
    ck_assert_int_eq(np_brands_load(np_test_pool, dir, &bs, &err), -1);
    ck_assert_str_eq(err, apr_array_pstrcat(np_test_pool, problems, '\n'));
}
END_TEST

START_TEST(test_brand_lint_catalogue)
{
    np_catalogue_t *cat = NULL;
    const char *err = NULL;
    const char *path = apr_pstrcat(np_test_pool, np_tb_data("lint"), "/catalogue.tsv", NULL);
    const char *bad = apr_pstrcat(np_test_pool, np_tb_data("bad-tmpl"), "/acme/brand.xml", NULL);

    ck_assert_int_eq(np_catalogue_load(np_test_pool, path, &cat, &err), 0);
    ck_assert_int_eq(np_catalogue_count(cat), 4);
    /* not a catalogue: the first line that is not NAME<tab>TYPE<tab>0|1 is named */
    ck_assert_int_eq(np_catalogue_load(np_test_pool, bad, &cat, &err), -1);
    ck_assert_msg(strstr(err, "brand.xml:1: expected NAME<tab>TYPE") != NULL, "%s", err);
    ck_assert_int_eq(np_catalogue_load(np_test_pool, "/nonexistent/catalogue.tsv", &cat, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot read"));
}
END_TEST

/* The shipped templates pass lint against the shipped catalogue. */
START_TEST(test_brand_lint_shipped)
{
    apr_array_header_t *problems = apr_array_make(np_test_pool, 4, sizeof(const char *));
    np_brands_t *bs = NULL;
    int n = np_brands_check(np_test_pool, np_test_templates_dir(), &bs, problems);
    ck_assert_msg(n == 0, "%d problems, first: %s", n, n ? ((const char **)problems->elts)[0] : "");
    ck_assert_int_ge(bs->brands->nelts, 10);
}
END_TEST

/* ---- the real templates/ folder ------------------------------------------ */

static const np_tb_setting_t np_tb_yealink_settings[] = {
    { "hostname", "pbx.example.com", "default" },
    { "timezone", "Europe/Rome", "default" },
    { "language", "en", "default" },
    { "language", "it", "phone" },
    { "account_username_1", "201", "device" },
    { "account_extension_1", "201", "device" },
    { "account_password_1", "s3cret", "device" },
    { "account_display_name_1", "Mario Rossi", "device" },
    { "linekey_type_1", "blf", "phone" },
    { "linekey_value_1", "202", "phone" },
};

START_TEST(test_brand_yealink)
{
    np_brands_t *bs = NULL;
    const char *err = NULL;
    const np_brand_t *b;
    const np_file_t *f;
    unsigned char mac[NP_MAC_LEN];
    np_phone_t ph;
    const char *out;
    int i, n = (int)NP_ARRAY_LEN(np_tb_yealink_settings);

    ck_assert_msg(np_brands_load(np_test_pool, np_test_templates_dir(), &bs, &err) == 0, "%s", err ? err : "?");
    b = np_brands_get(bs, "yealink");
    ck_assert_ptr_nonnull(b);
    np_tb_mac("80:5e:c0:aa:bb:cc", mac);
    ck_assert_ptr_eq(np_brands_detect(bs, mac), b);
    ck_assert_ptr_nonnull(np_brand_model(b, "T46U"));
    f = np_brand_main_file(b, "T46U");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(np_file_name_for(np_test_pool, f, mac), "805ec0aabbcc.cfg");

    memset(&ph, 0, sizeof ph);
    ph.mac = "805ec0aabbcc";
    ph.brand = "yealink";
    ph.model = "T46U";
    ph.via = 2;
    ph.tok2 = "tok2tok2";
    ph.nsettings = n;
    ph.names = apr_palloc(np_test_pool, sizeof(char *) * (size_t)n);
    ph.values = apr_palloc(np_test_pool, sizeof(char *) * (size_t)n);
    ph.levels = apr_palloc(np_test_pool, sizeof(char *) * (size_t)n);
    for (i = 0; i < n; i++) {
        ph.names[i] = np_tb_yealink_settings[i].name;
        ph.values[i] = np_tb_yealink_settings[i].value;
        ph.levels[i] = np_tb_yealink_settings[i].level;
    }
    out = np_tb_render(b, f, &ph, "805ec0aabbcc.cfg");
    ck_assert_msg(strncmp(out, "#!version:1.0.0.1\n", 18) == 0, "first line wrong:\n%.200s", out);
    ck_assert_ptr_nonnull(strstr(out, "\naccount.1.user_name = 201\n"));
    ck_assert_ptr_nonnull(strstr(out, "\naccount.1.password = s3cret\n"));
    ck_assert_ptr_nonnull(strstr(out, "\naccount.1.sip_server.1.address = pbx.example.com\n"));
    ck_assert_ptr_nonnull(strstr(out, "\nstatic.auto_provision.server.url = https://prov.example.com/tok2tok2/\n"));
    ck_assert_ptr_nonnull(strstr(out, "\nlang.gui = Italian\n"));
    ck_assert_ptr_nonnull(strstr(out, "\nlocal_time.time_zone = +1\n"));
    /* one line per key up to the model's capability, and none beyond */
    ck_assert_ptr_nonnull(strstr(out, "\nlinekey.1.type = 16\n"));
    ck_assert_ptr_nonnull(strstr(out, "\nlinekey.1.value = 202\n"));
    ck_assert_ptr_nonnull(strstr(out, "\nlinekey.27.type = "));
    ck_assert_ptr_null(strstr(out, "\nlinekey.28."));
    ck_assert_ptr_nonnull(strstr(out, "\nexpansion_module.3.key.60.type = "));
    ck_assert_ptr_null(strstr(out, "\nexpansion_module.4."));
    /* lines only: every line is "key = value" or the version header */
    ck_assert_ptr_null(strstr(out, "\n\n"));
    ck_assert_int_eq(out[strlen(out) - 1], '\n');
}
END_TEST

/* ---- <manual>: what the admin types into the phone's web UI ------------------- */

START_TEST(test_brand_manual)
{
    const np_brands_t *bs = np_tb_load();
    const np_brand_t *b = np_tb_acme(bs), *sub = np_brands_get(bs, "subco");
    unsigned char mac[NP_MAC_LEN];

    ck_assert_str_eq(b->manual.where, "Setup > Provisioning > URL");
    ck_assert_str_eq(b->manual.disable, "Auto DHCP");
    ck_assert_str_eq(b->manual.file.pattern, "{MAC}.xml");
    ck_assert_int_eq(b->manual.noscheme, 1);
    np_tb_mac("00aabb0000ff", mac);
    ck_assert_str_eq(np_brand_manual_url(np_test_pool, b, "https://prov.example.com/p", "TOK", mac),
                     "prov.example.com/p/TOK/00AABB0000FF.xml");
    /* no <manual>: no text, and the URL is the token's directory */
    ck_assert_ptr_nonnull(sub);
    ck_assert_ptr_null(sub->manual.where);
    ck_assert_ptr_null(sub->manual.disable);
    ck_assert_ptr_null(sub->manual.file.pattern);
    ck_assert_str_eq(np_brand_manual_url(np_test_pool, sub, "https://prov.example.com/p", "TOK", mac),
                     "https://prov.example.com/p/TOK/");
}
END_TEST

/* Every shipped brand says where and what; the URL form follows its file and scheme. */
static const struct {
    const char *brand;
    const char *mac;
    const char *url;
} np_tb_manual_shipped[] = {
    { "yealink", "805ec0aabbcc", "https://pbx.example.com/provisioning/T1/" },
    { "snom", "000413aabbcc", "https://pbx.example.com/provisioning/T1/000413AABBCC.xml" },
    { "gigasetp", "000413e50001", "https://pbx.example.com/provisioning/T1/000413E50001.xml" },
    { "gigaset", "7c2f80aabbcc", "https://pbx.example.com/provisioning/T1/7C2F80AABBCC.xml" },
    { "fanvil", "0c383eaabbcc", "https://pbx.example.com/provisioning/T1/0c383eaabbcc.cfg" },
    { "nethesis", "e0e656aabbcc", "https://pbx.example.com/provisioning/T1/e0e656aabbcc.cfg" },
    { "sangoma", "005058aabbcc", "https://pbx.example.com/provisioning/T1/" },
    { "akuvox", "0c1105aabbcc", "https://pbx.example.com/provisioning/T1/0c1105aabbcc.cfg" },
    { "grandstream", "c074adaabbcc", "pbx.example.com/provisioning/T1" },
    { "poly", "0004f2aabbcc", "https://pbx.example.com/provisioning/T1/" },
};

START_TEST(test_brand_manual_shipped)
{
    np_brands_t *bs = NULL;
    const char *err = NULL;
    const np_brand_t *b;
    unsigned char mac[NP_MAC_LEN];

    ck_assert_msg(np_brands_load(np_test_pool, np_test_templates_dir(), &bs, &err) == 0, "%s", err ? err : "?");
    ck_assert_int_eq(bs->brands->nelts, (int)NP_ARRAY_LEN(np_tb_manual_shipped));
    b = np_brands_get(bs, np_tb_manual_shipped[_i].brand);
    ck_assert_ptr_nonnull(b);
    ck_assert_msg(b->manual.where && *b->manual.where, "%s: no where", b->name);
    ck_assert_msg(b->manual.disable && *b->manual.disable, "%s: no disable", b->name);
    np_tb_mac(np_tb_manual_shipped[_i].mac, mac);
    ck_assert_str_eq(np_brand_manual_url(np_test_pool, b, "https://pbx.example.com/provisioning", "T1", mac),
                     np_tb_manual_shipped[_i].url);
}
END_TEST

static const struct {
    const char *element;
    const char *message;
} np_tb_manual_bad[] = {
    { "<manual disable=\"x\"/>", "manual needs where=\"...\" and disable=\"...\"" },
    { "<manual where=\"a\"/>", "manual needs where=\"...\" and disable=\"...\"" },
    { "<manual where=\"a\" disable=\" b\"/>", "manual needs where=\"...\" and disable=\"...\"" },
    { "<manual where=\"a&#10;b\" disable=\"c\"/>", "text without control characters" },
    { "<manual where=\"a\" disable=\"b\" url=\"short\"/>", "manual url must be \"full\" or \"noscheme\"" },
    { "<manual where=\"a\" disable=\"b\" file=\"\"/>", "manual file must not be empty" },
    { "<manual where=\"a\" disable=\"b\" file=\"a/{mac}.cfg\"/>", "a file name may hold only letters" },
    { "<manual where=\"a\" disable=\"b\" file=\"{mac}{mac}.cfg\"/>", "a file name holds at most one {mac}" },
    { "<manual where=\"a\" disable=\"b\" file=\"{mac}.xml\"/>", "manual file '{mac}.xml' is none of the brand's <file> names" },
    { "<manual where=\"a\" disable=\"b\"/><manual where=\"a\" disable=\"b\"/>", "manual may appear once" },
};

START_TEST(test_brand_manual_bad)
{
    const char *path, *err = np_test_brand_error(
        apr_pstrcat(np_test_pool, "  <mac prefix=\"00aabb\"/>\n"
                                  "  <file name=\"{mac}.cfg\" template=\"acme.xml\" content-type=\"text/plain\"/>\n  ",
                    np_tb_manual_bad[_i].element, "\n", NULL), &path);

    ck_assert_msg(strncmp(err, apr_pstrcat(np_test_pool, path, ":4: ", NULL), strlen(path) + 4) == 0, "got: %s", err);
    ck_assert_msg(strstr(err, np_tb_manual_bad[_i].message) != NULL, "got: %s", err);
}
END_TEST

TCase *np_test_brand_tcase(void)
{
    TCase *tc = tcase_create("brand");

    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, test_brand_load);
    tcase_add_loop_test(tc, test_brand_detect, 0, (int)NP_ARRAY_LEN(np_tb_detect));
    tcase_add_loop_test(tc, test_brand_match_name, 0, (int)NP_ARRAY_LEN(np_tb_names));
    tcase_add_loop_test(tc, test_brand_file, 0, (int)NP_ARRAY_LEN(np_tb_files));
    tcase_add_test(tc, test_brand_main_file);
    tcase_add_test(tc, test_brand_file_name_for);
    tcase_add_test(tc, test_brand_render_vars);
    tcase_add_test(tc, test_brand_render_vars_minimal);
    tcase_add_test(tc, test_brand_render);
    tcase_add_loop_test(tc, test_brand_load_errors, 0, (int)NP_ARRAY_LEN(np_tb_errors));
    tcase_add_test(tc, test_brand_load_no_brands);
    tcase_add_test(tc, test_brand_lint);
    tcase_add_test(tc, test_brand_lint_catalogue);
    tcase_add_test(tc, test_brand_lint_shipped);
    tcase_add_test(tc, test_brand_yealink);
    tcase_add_test(tc, test_brand_manual);
    tcase_add_loop_test(tc, test_brand_manual_shipped, 0, (int)NP_ARRAY_LEN(np_tb_manual_shipped));
    tcase_add_loop_test(tc, test_brand_manual_bad, 0, (int)NP_ARRAY_LEN(np_tb_manual_bad));
    return tc;
}
