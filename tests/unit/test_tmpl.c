/* Templates compiled from memory and rendered into a buffer: the lines writer
 * (layout, control attributes, scoping, refusal of line breaks), the xml writer
 * (output that libxml2 reads back whatever the values hold), and the compile
 * errors, each of which must name the template and the line. */
#include <stdio.h>
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "np_test.h"
#include "np_tmpl.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

#define NP_TT_ROOT "<np:template xmlns:np=\"urn:nethprov:template:1\" "
#define NP_TT_LINES NP_TT_ROOT "writer=\"lines\">\n"
#define NP_TT_XML NP_TT_ROOT "writer=\"xml\">\n"
#define NP_TT_END "</np:template>\n"

static np_map_t np_tt_language;

static const np_map_t *np_tt_map_lookup(void *baton, const char *name)
{
    (void)baton;
    return strcmp(name, "language") ? NULL : &np_tt_language;
}

static np_expr_env_t np_tt_env(void)
{
    np_expr_env_t env;

    /* Zeroed first: fields this test does not know about stay at their "absent" value. */
    memset(&env, 0, sizeof env);
    np_tt_language.name = "language";
    np_tt_language.entries = apr_hash_make(np_test_pool);
    apr_hash_set(np_tt_language.entries, "it", APR_HASH_KEY_STRING, "Italian");
    np_tt_language.dflt = "English";
    env.pool = np_test_pool;
    env.map_lookup = np_tt_map_lookup;
    env.baton = NULL;
    env.names_used = NULL;
    return env;
}

static np_vars_t *np_tt_vars(void)
{
    static const char *const kv[][2] = {
        { "user", "201" },
        { "n", "3" },
        { "cnt", "2" },
        { "zero", "0" },
        { "late", "V" },
        { "lang", "it" },
        { "company", "Rossi & Figli <Sales> \"HQ\"" },
        { "base", "dc=x,o=\"a,b\"" },
        { "quote", "it's \"q\" & <t>" },
        { "ws", "a\tb\nc" },
        { "cr", "a\r\nb" },
        { "lf", "first\nsecond" },
        { "lone_cr", "first\rsecond" },
        { "ctl", "a\x01" "b" },
        { "esc", "a\x1b" "b" },
        { "badutf", "a\xff" "b" },
        { "utf", "Citt\xc3\xa0 \xe2\x82\xac" },
    };
    np_vars_t *v = np_vars_make(np_test_pool);
    size_t i;

    for (i = 0; i < NP_ARRAY_LEN(kv); i++)
        np_vars_layer(v, kv[i][0], kv[i][1], "phone");
    return v;
}

static const np_tmpl_t *np_tt_compile(const char *src)
{
    np_expr_env_t env = np_tt_env();
    const char *err = NULL;
    const np_tmpl_t *t = np_tmpl_compile_mem(&env, "t.xml", src, strlen(src), &err);

    ck_assert_msg(t != NULL, "template did not compile: %s", err ? err : "?");
    return t;
}

/* Render; returns the output, or NULL with *err. */
static const char *np_tt_render_vars(const np_tmpl_t *t, const np_vars_t *v, const char **err)
{
    np_buf_t b;
    np_sink_t sink;

    np_buf_init(&b, np_test_pool, 0);
    sink = np_buf_sink(&b);
    *err = NULL;
    if (np_tmpl_render(t, v, np_test_pool, &sink, err) != 0) {
        ck_assert_ptr_nonnull(*err);
        return NULL;
    }
    /* The buffer length and the terminated string must agree: no NUL in the output. */
    ck_assert_uint_eq(strlen(b.data), b.len);
    return b.data;
}

static const char *np_tt_render(const char *src)
{
    const char *err;
    const char *out = np_tt_render_vars(np_tt_compile(src), np_tt_vars(), &err);

    ck_assert_msg(out != NULL, "render failed: %s", err);
    return out;
}

/* ---- lines writer ------------------------------------------------------- */

START_TEST(test_tmpl_lines_basic)
{
    const char *out = np_tt_render(NP_TT_LINES
                                   "  <!-- a comment is not output -->\n"
                                   "  <np:line>#!version:1.0.0.1</np:line>\n"
                                   "  <np:kv key=\"account.1.user_name\">{user}</np:kv>\n"
                                   "  <np:kv key=\"k.{n}\">v{n + 1}</np:kv>\n"
                                   "  <np:kv key=\"lang\">{lang | map:language}</np:kv>\n"
                                   "  <np:kv key=\"empty\"></np:kv>\n"
                                   "  <np:line></np:line>\n"
                                   "  <np:line>{{braces}} &amp; &lt;lt&gt;</np:line>\n"
                                   NP_TT_END);

    ck_assert_str_eq(out, "#!version:1.0.0.1\n"
                          "account.1.user_name = 201\n"
                          "k.3 = v4\n"
                          "lang = Italian\n"
                          "empty = \n"
                          "\n"
                          "{braces} & <lt>\n");
}
END_TEST

START_TEST(test_tmpl_lines_separator_pad)
{
    const char *out = np_tt_render(NP_TT_ROOT "writer=\"lines\" separator=\": \" pad=\"6\">\n"
                                   "  <np:kv key=\"ab\">1</np:kv>\n"
                                   "  <np:kv key=\"abcdef\">2</np:kv>\n"
                                   "  <np:kv key=\"abcdefghij\">3</np:kv>\n"
                                   "  <np:line>not padded</np:line>\n"
                                   NP_TT_END);

    /* The key is padded, never cut; np:line has no key and so no padding. */
    ck_assert_str_eq(out, "ab    : 1\n"
                          "abcdef: 2\n"
                          "abcdefghij: 3\n"
                          "not padded\n");
    out = np_tt_render(NP_TT_ROOT "writer=\"lines\" separator=\"=\">\n"
                       "  <np:kv key=\"a\">b</np:kv>\n"
                       NP_TT_END);
    ck_assert_str_eq(out, "a=b\n");
}
END_TEST

START_TEST(test_tmpl_lines_if)
{
    const char *out = np_tt_render(NP_TT_LINES
                                   "  <np:line np:if=\"user\">user set</np:line>\n"
                                   "  <np:line np:if=\"no_such_var\">never</np:line>\n"
                                   "  <np:line np:if=\"zero\">never</np:line>\n"
                                   "  <np:kv key=\"a\" np:if=\"user == 201\">1</np:kv>\n"
                                   "  <np:kv key=\"b\" np:if=\"user != 201\">2</np:kv>\n"
                                   "  <np:block np:if=\"not zero\">\n"
                                   "    <np:line>in block</np:line>\n"
                                   "    <np:block np:if=\"zero\"><np:line>never</np:line></np:block>\n"
                                   "  </np:block>\n"
                                   "  <np:block np:if=\"zero\"><np:line>never</np:line></np:block>\n"
                                   NP_TT_END);

    ck_assert_str_eq(out, "user set\na = 1\nin block\n");
}
END_TEST

START_TEST(test_tmpl_lines_for)
{
    const char *out = np_tt_render(NP_TT_LINES
                                   /* nested loops; the inner bound uses the outer variable */
                                   "  <np:block np:for=\"i in 1..cnt + 1\">\n"
                                   "    <np:kv np:for=\"j in 1..i\" key=\"k.{i}.{j}\">{i * 10 + j}</np:kv>\n"
                                   "  </np:block>\n"
                                   /* empty ranges write nothing */
                                   "  <np:line np:for=\"i in 3..2\">never</np:line>\n"
                                   "  <np:line np:for=\"i in 1..zero\">never</np:line>\n"
                                   "  <np:line np:for=\"i in 1..no_such_var\">never</np:line>\n"
                                   /* one pass, negative bounds */
                                   "  <np:line np:for=\"i in 4..4\">one {i}</np:line>\n"
                                   "  <np:line np:for=\"i in -1..1\">neg {i}</np:line>\n"
                                   /* np:if is evaluated per pass */
                                   "  <np:line np:for=\"i in 1..5\" np:if=\"i % 2\">odd {i}</np:line>\n"
                                   /* the loop variable shadows a variable, and only inside the loop */
                                   "  <np:line np:for=\"n in 1..2\">n={n}</np:line>\n"
                                   "  <np:line>after n={n}</np:line>\n"
                                   "  <np:line np:for=\" x   in  ( 1 )..(1+1) \">sp {x}</np:line>\n"
                                   NP_TT_END);

    ck_assert_str_eq(out, "k.1.1 = 11\n"
                          "k.2.1 = 21\nk.2.2 = 22\n"
                          "k.3.1 = 31\nk.3.2 = 32\nk.3.3 = 33\n"
                          "one 4\n"
                          "neg -1\nneg 0\nneg 1\n"
                          "odd 1\nodd 3\nodd 5\n"
                          "n=1\nn=2\n"
                          "after n=3\n"
                          "sp 1\nsp 2\n");
}
END_TEST

START_TEST(test_tmpl_lines_let)
{
    const char *out = np_tt_render(NP_TT_LINES
                                   "  <np:line>[{late}]</np:line>\n"
                                   "  <np:let name=\"a\" value=\"'outer'\"/>\n"
                                   "  <np:line>1 {a}</np:line>\n"
                                   "  <np:block>\n"
                                   "    <np:line>2 {a}</np:line>\n"
                                   "    <np:let name=\"a\" value=\"a ~ '+inner'\"/>\n"
                                   "    <np:line>3 {a}</np:line>\n"
                                   "    <np:block><np:line>4 {a}</np:line></np:block>\n"
                                   "  </np:block>\n"
                                   "  <np:line>5 {a}</np:line>\n"
                                   /* a let binds following siblings only: before it the variable shows */
                                   "  <np:line>6 {late}</np:line>\n"
                                   "  <np:let name=\"late\" value=\"'L'\"/>\n"
                                   "  <np:line>7 {late}</np:line>\n"
                                   /* a let per loop pass, gone after the loop */
                                   "  <np:block np:for=\"i in 1..3\">\n"
                                   "    <np:let name=\"sq\" value=\"i * i\"/>\n"
                                   "    <np:line>sq {sq}</np:line>\n"
                                   "  </np:block>\n"
                                   "  <np:line>8 [{sq}]</np:line>\n"
                                   /* a let shadows a variable; the value is computed once, where it stands */
                                   "  <np:let name=\"user\" value=\"user + 1\"/>\n"
                                   "  <np:line>9 {user}</np:line>\n"
                                   "  <np:let name=\"user\" value=\"user + 1\"/>\n"
                                   "  <np:line>10 {user}</np:line>\n"
                                   NP_TT_END);

    ck_assert_str_eq(out, "[V]\n"
                          "1 outer\n"
                          "2 outer\n"
                          "3 outer+inner\n"
                          "4 outer+inner\n"
                          "5 outer\n"
                          "6 V\n"
                          "7 L\n"
                          "sq 1\nsq 4\nsq 9\n"
                          "8 []\n"
                          "9 202\n"
                          "10 203\n");
}
END_TEST

/* A value that would start a new line is refused, and the error names the key. */
static const struct {
    const char *body;
    const char *mention;
} np_tt_breaks[] = {
    { "<np:kv key=\"display_name\">{lf}</np:kv>", "display_name" },
    { "<np:kv key=\"display_name\">{lone_cr}</np:kv>", "display_name" },
    { "<np:kv key=\"account.{n}.label\">x{cr}</np:kv>", "account.3.label" },
    { "<np:kv key=\"{lf}\">x</np:kv>", "key" },
    { "<np:line>{lf}</np:line>", "line" },
    { "<np:block np:for=\"i in 1..2\"><np:kv key=\"k{i}\">{i == 2 ? lf : 'ok'}</np:kv></np:block>", "k2" },
};

START_TEST(test_tmpl_lines_refuse_breaks)
{
    const char *src = apr_pstrcat(np_test_pool, NP_TT_LINES "  <np:kv key=\"before\">ok</np:kv>\n  ",
                                  np_tt_breaks[_i].body, "\n" NP_TT_END, NULL);
    const char *err;

    ck_assert_msg(np_tt_render_vars(np_tt_compile(src), np_tt_vars(), &err) == NULL, "%s rendered",
                  np_tt_breaks[_i].body);
    ck_assert_msg(strstr(err, np_tt_breaks[_i].mention) != NULL, "\"%s\" does not mention %s", err,
                  np_tt_breaks[_i].mention);
    /* The error is located like a compile error: template name and line. */
    ck_assert_msg(strncmp(err, "t.xml:3:", 8) == 0, "\"%s\" lacks t.xml:3:", err);
}
END_TEST

/* ---- xml writer --------------------------------------------------------- */

static xmlDoc *np_tt_parse(const char *out)
{
    xmlDoc *doc = xmlReadMemory(out, (int)strlen(out), "out.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR
                                | XML_PARSE_NOWARNING);
    ck_assert_msg(doc != NULL, "output is not well-formed XML:\n%s", out);
    return doc;
}

static xmlNode *np_tt_child(xmlNode *parent, const char *name, int nth)
{
    xmlNode *c;
    for (c = parent->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name) && nth-- == 0)
            return c;
    ck_abort_msg("no element <%s> number %d", name, nth);
    return NULL;
}

static void np_tt_assert_prop(xmlNode *n, const char *attr, const char *want)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    int ok = v && !strcmp((const char *)v, want);
    char got[256];

    snprintf(got, sizeof got, "%s", v ? (const char *)v : "(none)");
    xmlFree(v);
    ck_assert_msg(ok, "<%s %s>: got \"%s\", want \"%s\"", n->name, attr, got, want);
}

static void np_tt_assert_text(xmlNode *n, const char *want)
{
    xmlChar *v = xmlNodeGetContent(n);
    int ok = v && !strcmp((const char *)v, want);
    char got[256];

    snprintf(got, sizeof got, "%s", v ? (const char *)v : "(none)");
    xmlFree(v);
    ck_assert_msg(ok, "<%s> text: got \"%s\", want \"%s\"", n->name, got, want);
}

START_TEST(test_tmpl_xml_hostile)
{
    const char *out = np_tt_render(NP_TT_XML
                                   "  <config version=\"1\">\n"
                                   "    <company name=\"{company}\">{company}</company>\n"
                                   "    <ldap base=\"{base}\" note=\"lit &amp; {n} {{x}}\">{base}</ldap>\n"
                                   "    <q a=\"{quote}\">{quote}</q>\n"
                                   "    <ws a=\"{ws}\">{ws}</ws>\n"
                                   "    <u a=\"{utf}\">{utf}</u>\n"
                                   "    <mixed>a{n}<b>{user}</b>c</mixed>\n"
                                   "  </config>\n"
                                   NP_TT_END);
    xmlDoc *doc = np_tt_parse(out);
    xmlNode *root = xmlDocGetRootElement(doc), *n;

    ck_assert_str_eq((const char *)root->name, "config");
    np_tt_assert_prop(root, "version", "1");
    n = np_tt_child(root, "company", 0);
    np_tt_assert_prop(n, "name", "Rossi & Figli <Sales> \"HQ\"");
    np_tt_assert_text(n, "Rossi & Figli <Sales> \"HQ\"");
    n = np_tt_child(root, "ldap", 0);
    np_tt_assert_prop(n, "base", "dc=x,o=\"a,b\"");
    np_tt_assert_prop(n, "note", "lit & 3 {x}");
    np_tt_assert_text(n, "dc=x,o=\"a,b\"");
    n = np_tt_child(root, "q", 0);
    np_tt_assert_prop(n, "a", "it's \"q\" & <t>");
    np_tt_assert_text(n, "it's \"q\" & <t>");
    /* Tab and newline survive in an attribute only when the writer escapes them
     * (a parser turns literal ones into spaces). */
    n = np_tt_child(root, "ws", 0);
    np_tt_assert_prop(n, "a", "a\tb\nc");
    np_tt_assert_text(n, "a\tb\nc");
    n = np_tt_child(root, "u", 0);
    np_tt_assert_prop(n, "a", "Citt\xc3\xa0 \xe2\x82\xac");
    np_tt_assert_text(n, "Citt\xc3\xa0 \xe2\x82\xac");
    n = np_tt_child(root, "mixed", 0);
    np_tt_assert_text(n, "a3201c");
    np_tt_assert_text(np_tt_child(n, "b", 0), "201");
    xmlFreeDoc(doc);

    ck_assert_msg(strncmp(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0, "no XML declaration:\n%s",
                  out);
    /* With indent 0, whitespace-only text of the template is not copied. */
    ck_assert_ptr_nonnull(strstr(out, "<config version=\"1\"><company "));
}
END_TEST

START_TEST(test_tmpl_xml_for_if_let)
{
    const char *out = np_tt_render(NP_TT_XML
                                   "  <keys>\n"
                                   "    <np:let name=\"base\" value=\"n * 10\"/>\n"
                                   "    <key np:for=\"i in 1..4\" np:if=\"i != 2\" idx=\"{i}\" v=\"{base + i}\">k{i}</key>\n"
                                   "    <np:block np:for=\"i in 1..2\">\n"
                                   "      <row np:for=\"j in 1..i\" at=\"{i}.{j}\"></row>\n"
                                   "    </np:block>\n"
                                   "    <none np:for=\"i in 1..0\"/>\n"
                                   "    <cond np:if=\"zero\"/>\n"
                                   "    <empty/>\n"
                                   "    <empty2></empty2>\n"
                                   "    <emptyattr a=\"{no_such_var}\"/>\n"
                                   "  </keys>\n"
                                   NP_TT_END);
    xmlDoc *doc = np_tt_parse(out);
    xmlNode *root = xmlDocGetRootElement(doc), *n;
    static const char *const idx[] = { "1", "3", "4" };
    static const char *const at[] = { "1.1", "2.1", "2.2" };
    int i, count = 0;

    for (n = root->children; n; n = n->next)
        count += n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "key");
    ck_assert_int_eq(count, 3);
    for (i = 0; i < 3; i++) {
        n = np_tt_child(root, "key", i);
        np_tt_assert_prop(n, "idx", idx[i]);
        np_tt_assert_prop(n, "v", apr_psprintf(np_test_pool, "%d", 30 + (idx[i][0] - '0')));
        np_tt_assert_text(n, apr_pstrcat(np_test_pool, "k", idx[i], NULL));
        np_tt_assert_prop(np_tt_child(root, "row", i), "at", at[i]);
    }
    xmlFreeDoc(doc);
    ck_assert_ptr_null(strstr(out, "<none"));
    ck_assert_ptr_null(strstr(out, "<cond"));
    /* Full end tags only: some phones cannot read <a/>. */
    ck_assert_ptr_null(strstr(out, "/>"));
    ck_assert_ptr_nonnull(strstr(out, "<empty></empty>"));
    ck_assert_ptr_nonnull(strstr(out, "<empty2></empty2>"));
    ck_assert_ptr_nonnull(strstr(out, "<emptyattr a=\"\"></emptyattr>"));
    ck_assert_ptr_nonnull(strstr(out, "<row at=\"1.1\"></row>"));
}
END_TEST

START_TEST(test_tmpl_xml_indent)
{
    static const char body[] = "  <a>\n    <b x=\"1\">t</b>\n    <c></c>\n  </a>\n" NP_TT_END;
    const char *flat = np_tt_render(apr_pstrcat(np_test_pool, NP_TT_XML, body, NULL));
    const char *ind = np_tt_render(apr_pstrcat(np_test_pool, NP_TT_ROOT "writer=\"xml\" indent=\"3\">\n", body,
                                               NULL));
    xmlDoc *doc;

    ck_assert_ptr_nonnull(strstr(flat, "<a><b x=\"1\">t</b><c></c></a>"));
    ck_assert_ptr_nonnull(strstr(ind, "<a>\n   <b x=\"1\">t</b>\n   <c></c>\n</a>"));
    /* Indentation adds whitespace between elements, never inside a value. */
    doc = np_tt_parse(ind);
    np_tt_assert_text(np_tt_child(xmlDocGetRootElement(doc), "b", 0), "t");
    xmlFreeDoc(doc);
}
END_TEST

/* Characters XML cannot carry are refused rather than written. */
static const struct {
    const char *body;
    const char *mention;
} np_tt_xml_refused[] = {
    { "<a>{ctl}</a>", "text" },
    { "<a>{esc}</a>", "text" },
    { "<a>{badutf}</a>", "text" },
    { "<a val=\"{ctl}\"></a>", "val" },
    { "<a><b np:for=\"i in 1..2\" val=\"{i == 2 ? esc : 'ok'}\"></b></a>", "val" },
    { "<a val=\"{badutf}\"></a>", "val" },
};

START_TEST(test_tmpl_xml_refuse_controls)
{
    const char *src = apr_pstrcat(np_test_pool, NP_TT_XML "  ", np_tt_xml_refused[_i].body, "\n" NP_TT_END, NULL);
    const char *err;

    ck_assert_msg(np_tt_render_vars(np_tt_compile(src), np_tt_vars(), &err) == NULL, "%s rendered",
                  np_tt_xml_refused[_i].body);
    ck_assert_msg(strstr(err, np_tt_xml_refused[_i].mention) != NULL, "\"%s\" does not mention %s", err,
                  np_tt_xml_refused[_i].mention);
    ck_assert_msg(strncmp(err, "t.xml:2:", 8) == 0, "\"%s\" lacks t.xml:2:", err);
}
END_TEST

/* The same template and values give the same bytes every time (ETags depend on it). */
START_TEST(test_tmpl_deterministic)
{
    static const char *const srcs[] = {
        NP_TT_LINES
        "  <np:line>#!version:1.0.0.1</np:line>\n"
        "  <np:kv np:for=\"i in 1..50\" key=\"linekey.{i}.value\">{i * n} {company}</np:kv>\n"
        NP_TT_END,
        NP_TT_ROOT "writer=\"xml\" indent=\"2\">\n"
        "  <cfg><k np:for=\"i in 1..50\" a=\"{i}\" b=\"{company}\" c=\"{base}\">{quote}</k></cfg>\n"
        NP_TT_END,
    };
    size_t i;

    for (i = 0; i < NP_ARRAY_LEN(srcs); i++) {
        const np_tmpl_t *t = np_tt_compile(srcs[i]);
        const char *err;
        const char *a = np_tt_render_vars(t, np_tt_vars(), &err);
        const char *b = np_tt_render_vars(t, np_tt_vars(), &err);
        ck_assert_ptr_nonnull(a);
        ck_assert_ptr_nonnull(b);
        ck_assert_ptr_ne(a, b);
        ck_assert_str_eq(a, b);
        ck_assert_uint_gt(strlen(a), 50 * 10);
    }
}
END_TEST

/* The buffer grows from a tiny start without losing or reordering bytes. */
START_TEST(test_tmpl_buf_growth)
{
    const np_tmpl_t *t = np_tt_compile(NP_TT_LINES
                                       "  <np:kv np:for=\"i in 1..3000\" key=\"key.{i}\">{i}</np:kv>\n"
                                       NP_TT_END);
    np_buf_t b;
    np_sink_t sink;
    const char *err = NULL, *p;
    int i;

    np_buf_init(&b, np_test_pool, 1);
    sink = np_buf_sink(&b);
    ck_assert_int_eq(np_tmpl_render(t, np_tt_vars(), np_test_pool, &sink, &err), 0);
    ck_assert_uint_eq(strlen(b.data), b.len);
    for (i = 1, p = b.data; i <= 3000; i++) {
        const char *want = apr_psprintf(np_test_pool, "key.%d = %d\n", i, i);
        ck_assert_msg(strncmp(p, want, strlen(want)) == 0, "line %d wrong", i);
        p += strlen(want);
    }
    ck_assert_str_eq(p, "");
}
END_TEST

static int np_tt_failing_write(void *ctx, const char *buf, size_t len)
{
    (void)ctx;
    (void)buf;
    (void)len;
    return -1;
}

static void np_tt_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* A sink that gives up (the client went away) ends the render with an error. */
START_TEST(test_tmpl_sink_failure)
{
    static const char *const srcs[] = {
        NP_TT_LINES "  <np:line>x</np:line>\n" NP_TT_END,
        NP_TT_XML "  <a>x</a>\n" NP_TT_END,
    };
    np_sink_t sink = { np_tt_failing_write, NULL };
    size_t i;

    /* libxml2 reports the failed flush on stderr too; keep the test output clean. */
    xmlSetGenericErrorFunc(NULL, np_tt_quiet);
    for (i = 0; i < NP_ARRAY_LEN(srcs); i++) {
        const char *err = NULL;
        int rv = np_tmpl_render(np_tt_compile(srcs[i]), np_tt_vars(), np_test_pool, &sink, &err);
        ck_assert_int_eq(rv, -1);
        ck_assert_ptr_nonnull(err);
    }
    xmlSetGenericErrorFunc(NULL, NULL);
}
END_TEST

/* A loop bound taken from a value must not make a render run (nearly) forever. */
START_TEST(test_tmpl_loop_limit)
{
    np_vars_t *v = np_tt_vars();
    const np_tmpl_t *t = np_tt_compile(NP_TT_LINES
                                       "  <np:line np:for=\"i in lo..hi\">{i}</np:line>\n"
                                       NP_TT_END);
    static const char *const bounds[][2] = {
        { "1", "1000000000" },
        { "-999999999999999999", "999999999999999999" },
        { "-9223372036854775808", "9223372036854775807" },
        { "999999999999999990", "999999999999999999" },
    };
    const char *err, *out;
    size_t i;

    for (i = 0; i < NP_ARRAY_LEN(bounds); i++) {
        np_vars_force(v, "lo", bounds[i][0], "phone");
        np_vars_force(v, "hi", bounds[i][1], "phone");
        out = np_tt_render_vars(t, v, &err);
        /* Either refused, or a bounded number of lines: never a runaway loop. */
        ck_assert_msg(out == NULL || strlen(out) < 1000000, "%s..%s rendered %zu bytes", bounds[i][0], bounds[i][1],
                      strlen(out));
    }
    np_vars_force(v, "lo", "1", "phone");
    np_vars_force(v, "hi", "1000000000", "phone");
    ck_assert_ptr_null(np_tt_render_vars(t, v, &err));
    ck_assert_ptr_nonnull(strstr(err, "loop"));
}
END_TEST

/* ---- computed element and attribute names ------------------------------- */

START_TEST(test_tmpl_computed_names)
{
    const char *out = np_tt_render(NP_TT_XML
        "  <cfg>\n"
        "    <np:element name=\"P{300 + i}\" np:for=\"i in 1..2\" kind=\"k{i}\">v{i}</np:element>\n"
        "    <poly><np:attr name=\"reg.{n}.label\">{user}</np:attr><np:attr name=\"reg.{n + 1}.x\">&lt;&amp;&gt;</np:attr>"
        "</poly>\n"
        "  </cfg>\n" NP_TT_END);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(strstr(out, "<P301 kind=\"k1\">v1</P301><P302 kind=\"k2\">v2</P302>"));
    ck_assert_ptr_nonnull(strstr(out, "<poly reg.3.label=\"201\" reg.4.x=\"&lt;&amp;&gt;\"></poly>"));
}
END_TEST

START_TEST(test_tmpl_computed_names_refused)
{
    const char *err = NULL;
    np_vars_t *v = np_tt_vars();
    /* a name that is not an XML name, and an attribute after content, fail the render */
    ck_assert_ptr_null(np_tt_render_vars(np_tt_compile(NP_TT_XML "<a><np:element name=\"1{n}\">x</np:element></a>" NP_TT_END),
                                         v, &err));
    ck_assert_ptr_nonnull(strstr(err, "not an element name"));
    ck_assert_ptr_null(np_tt_render_vars(np_tt_compile(NP_TT_XML "<a><np:attr name=\"x y\">1</np:attr></a>" NP_TT_END),
                                         v, &err));
    ck_assert_ptr_nonnull(strstr(err, "not an attribute name"));
    ck_assert_ptr_null(np_tt_render_vars(np_tt_compile(NP_TT_XML "<a>text<np:attr name=\"late\">1</np:attr></a>" NP_TT_END),
                                         v, &err));
    ck_assert_ptr_nonnull(strstr(err, "after the element's content"));
}
END_TEST

/* ---- compile errors ----------------------------------------------------- */

static const struct {
    const char *src;
    const char *prefix;  /* "name:LINE:" */
    const char *mention;
} np_tt_errors[] = {
    /* wrong root */
    { "<template writer=\"lines\"/>\n", "t.xml:1:", "np:template" },
    { "<?xml version=\"1.0\"?>\n<np:template xmlns:np=\"urn:other\" writer=\"lines\"/>\n", "t.xml:2:",
      "np:template" },
    { NP_TT_ROOT "writer=\"lines\"><np:line/></np:template>\n<extra/>\n", "t.xml:2:", "not well-formed" },
    /* writer */
    { NP_TT_ROOT ">\n</np:template>\n", "t.xml:1:", "writer" },
    { NP_TT_ROOT "writer=\"json\">\n</np:template>\n", "t.xml:1:", "writer" },
    { NP_TT_ROOT "writer=\"lines\" pad=\"-1\">\n</np:template>\n", "t.xml:1:", "pad" },
    /* output elements and text where lines are written */
    { NP_TT_LINES "\n  <foo/>\n" NP_TT_END, "t.xml:3:", "foo" },
    { NP_TT_LINES "  <np:block>\n    <np:line>ok</np:line>\n    <foo/>\n  </np:block>\n" NP_TT_END, "t.xml:4:",
      "foo" },
    /* np:line / np:kv in an xml template */
    { NP_TT_XML "  <a>\n    <np:line>x</np:line>\n  </a>\n" NP_TT_END, "t.xml:3:", "np:line" },
    { NP_TT_XML "  <a>\n    <np:kv key=\"k\">x</np:kv>\n  </a>\n" NP_TT_END, "t.xml:3:", "np:kv" },
    /* np:kv without key */
    { NP_TT_LINES "  <np:line>ok</np:line>\n  <np:kv>v</np:kv>\n" NP_TT_END, "t.xml:3:", "key" },
    /* unknown np: element */
    { NP_TT_LINES "  <np:loop/>\n" NP_TT_END, "t.xml:2:", "np:loop" },
    { NP_TT_XML "  <a>\n\n    <np:if/>\n  </a>\n" NP_TT_END, "t.xml:4:", "np:if" },
    /* bad np:for */
    { NP_TT_LINES "  <np:line np:for=\"i from 1 to 3\">x</np:line>\n" NP_TT_END, "t.xml:2:", "np:for" },
    { NP_TT_LINES "  <np:line np:for=\"1..3\">x</np:line>\n" NP_TT_END, "t.xml:2:", "np:for" },
    { NP_TT_LINES "  <np:line np:for=\"i in 1.3\">x</np:line>\n" NP_TT_END, "t.xml:2:", "np:for" },
    { NP_TT_LINES "  <np:line np:for=\"i in 3\">x</np:line>\n" NP_TT_END, "t.xml:2:", "np:for" },
    { NP_TT_LINES "  <np:line np:for=\"i in 1..\">x</np:line>\n" NP_TT_END, "t.xml:2:", "column" },
    { NP_TT_LINES "  <np:line np:for=\"i in ..3\">x</np:line>\n" NP_TT_END, "t.xml:2:", "column" },
    { NP_TT_LINES "  <np:line np:for=\"i in 1..3 4\">x</np:line>\n" NP_TT_END, "t.xml:2:", "column" },
    /* malformed XML */
    { NP_TT_LINES "  <np:line>x</np:lin>\n" NP_TT_END, "t.xml:2:", "not well-formed" },
    { NP_TT_LINES "\n\n  <np:kv key=\"a & b\">x</np:kv>\n" NP_TT_END, "t.xml:4:", "not well-formed" },
    { "", "t.xml:", "not well-formed" },
    /* expression errors carry the template line and the column */
    { NP_TT_LINES "  <np:line>ok</np:line>\n  <np:line np:if=\"1 +\">x</np:line>\n" NP_TT_END, "t.xml:3:",
      "column" },
    { NP_TT_LINES "  <np:kv key=\"k\">{x | nope}</np:kv>\n" NP_TT_END, "t.xml:2:", "unknown filter 'nope'" },
    { NP_TT_LINES "  <np:kv key=\"k}\">x</np:kv>\n" NP_TT_END, "t.xml:2:", "'}'" },
    { NP_TT_LINES "  <np:line>{x | map:nomap}</np:line>\n" NP_TT_END, "t.xml:2:", "unknown map 'nomap'" },
    { NP_TT_XML "  <a b=\"{1 +}\"></a>\n" NP_TT_END, "t.xml:2:", "column" },
    { NP_TT_XML "  <a>\n    <b>{'abc}</b>\n  </a>\n" NP_TT_END, "t.xml:3:", "unterminated string" },
    /* np:let */
    { NP_TT_LINES "  <np:let name=\"a\"/>\n" NP_TT_END, "t.xml:2:", "value" },
    { NP_TT_LINES "  <np:let name=\"a\" value=\"1\" np:if=\"1\"/>\n" NP_TT_END, "t.xml:2:", "np:let" },
    { NP_TT_LINES "  <np:let name=\"a\" value=\"(1\"/>\n" NP_TT_END, "t.xml:2:", "')'" },
    /* an xml template writes exactly one document element */
    { NP_TT_XML "  <a></a>\n  <b></b>\n" NP_TT_END, "t.xml:1:", "root" },
    { NP_TT_XML NP_TT_END, "t.xml:1:", "root" },
    /* output elements have no namespace; unknown np: attributes are refused */
    { NP_TT_XML "  <x:a xmlns:x=\"urn:x\"></x:a>\n" NP_TT_END, "t.xml:2:", "namespace" },
    { NP_TT_XML "  <a np:when=\"1\"></a>\n" NP_TT_END, "t.xml:2:", "when" },
    /* the root element is written exactly once: no loop, condition, block or text at the top */
    { NP_TT_XML "  <a np:for=\"i in 1..2\">{i}</a>\n" NP_TT_END, "t.xml:1:", "root" },
    { NP_TT_XML "  <a np:if=\"0\">x</a>\n" NP_TT_END, "t.xml:1:", "root" },
    { NP_TT_XML "  <a></a>\n  <np:block><b></b></np:block>\n" NP_TT_END, "t.xml:1:", "root" },
    { NP_TT_XML "hello {1+1}" NP_TT_END, "t.xml:1:", "root" },
    /* loop and let names are names; a leading space once read before the buffer */
    { NP_TT_LINES "  <np:line np:for=\" in 1..3\">x</np:line>\n" NP_TT_END, "t.xml:2:", "np:for" },
    { NP_TT_LINES "  <np:line np:for=\"a b in 1..2\">x</np:line>\n" NP_TT_END, "t.xml:2:", "np:for" },
    { NP_TT_LINES "  <np:let name=\"a b\" value=\"1\"/>\n" NP_TT_END, "t.xml:2:", "name" },
    /* a literal line break in a lines template is refused when compiling, not at every render */
    { NP_TT_LINES "  <np:kv key=\"k\">\n  v\n</np:kv>\n" NP_TT_END, "t.xml:", "line break" },
    { NP_TT_LINES "  <np:line>a\nb</np:line>\n" NP_TT_END, "t.xml:", "line break" },
    /* np:element and np:attr belong to xml templates and need a name */
    { NP_TT_LINES "  <np:element name=\"a\">x</np:element>\n" NP_TT_END, "t.xml:2:", "np:element" },
    { NP_TT_LINES "  <np:attr name=\"a\">x</np:attr>\n" NP_TT_END, "t.xml:2:", "np:attr" },
    { NP_TT_XML "  <a><np:element>x</np:element></a>\n" NP_TT_END, "t.xml:2:", "name" },
    { NP_TT_XML "  <a><np:attr>x</np:attr></a>\n" NP_TT_END, "t.xml:2:", "name" },
};

START_TEST(test_tmpl_compile_errors)
{
    np_expr_env_t env = np_tt_env();
    const char *err = NULL;
    const char *src = np_tt_errors[_i].src;

    ck_assert_msg(np_tmpl_compile_mem(&env, "t.xml", src, strlen(src), &err) == NULL, "compiled:\n%s", src);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strncmp(err, np_tt_errors[_i].prefix, strlen(np_tt_errors[_i].prefix)) == 0,
                  "\"%s\" does not start with %s (template:\n%s)", err, np_tt_errors[_i].prefix, src);
    ck_assert_msg(strstr(err, np_tt_errors[_i].mention) != NULL, "\"%s\" does not mention %s (template:\n%s)",
                  err, np_tt_errors[_i].mention, src);
}
END_TEST

START_TEST(test_tmpl_compile_file)
{
    np_expr_env_t env = np_tt_env();
    const char *err = NULL;
    const char *path = apr_pstrcat(np_test_pool, np_test_templates_dir(), "/no/such/file.xml", NULL);

    ck_assert_ptr_null(np_tmpl_compile_file(&env, path, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, path));
}
END_TEST

TCase *np_test_tmpl_tcase(void)
{
    TCase *tc = tcase_create("tmpl");

    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, test_tmpl_lines_basic);
    tcase_add_test(tc, test_tmpl_lines_separator_pad);
    tcase_add_test(tc, test_tmpl_lines_if);
    tcase_add_test(tc, test_tmpl_lines_for);
    tcase_add_test(tc, test_tmpl_lines_let);
    tcase_add_loop_test(tc, test_tmpl_lines_refuse_breaks, 0, (int)NP_ARRAY_LEN(np_tt_breaks));
    tcase_add_test(tc, test_tmpl_xml_hostile);
    tcase_add_test(tc, test_tmpl_xml_for_if_let);
    tcase_add_test(tc, test_tmpl_xml_indent);
    tcase_add_loop_test(tc, test_tmpl_xml_refuse_controls, 0, (int)NP_ARRAY_LEN(np_tt_xml_refused));
    tcase_add_test(tc, test_tmpl_deterministic);
    tcase_add_test(tc, test_tmpl_buf_growth);
    tcase_add_test(tc, test_tmpl_sink_failure);
    tcase_add_test(tc, test_tmpl_loop_limit);
    tcase_add_loop_test(tc, test_tmpl_compile_errors, 0, (int)NP_ARRAY_LEN(np_tt_errors));
    tcase_add_test(tc, test_tmpl_computed_names);
    tcase_add_test(tc, test_tmpl_computed_names_refused);
    tcase_add_test(tc, test_tmpl_compile_file);
    return tc;
}
