/* XML-RPC: call bodies as the services expect them, answers and faults decoded, bad answers refused. */
#include <string.h>
#include <apr_strings.h>
#include "np_test.h"
#include "np_xmlrpc.h"

START_TEST(np_xmlrpc_call_body)
{
    np_xv_t items[2] = { np_xv_str("cfgName=A&B"), np_xv_str("x<y>") };
    np_xv_t params[4] = { np_xv_str("00-15-65-AA-BB-CC"), np_xv_bool(1), np_xv_int(-7), np_xv_array(items, 2) };
    const char *body = np_xmlrpc_call(np_test_pool, "redirect.registerDevice", params, 4);
    ck_assert_str_eq(body, "<?xml version=\"1.0\"?>\n<methodCall><methodName>redirect.registerDevice</methodName><params>"
                           "<param><value><string>00-15-65-AA-BB-CC</string></value></param>"
                           "<param><value><boolean>1</boolean></value></param>"
                           "<param><value><int>-7</int></value></param>"
                           "<param><value><array><data><value><string>cfgName=A&amp;B</string></value>"
                           "<value><string>x&lt;y&gt;</string></value></data></array></value></param>"
                           "</params></methodCall>\n");
    /* what the decoder refuses in an <int> (more than four bytes) is written as an <i8> */
    {
        np_xv_t wide[2] = { np_xv_int(2147483647L), np_xv_int(-2147483649L) };
        ck_assert_str_eq(np_xmlrpc_call(np_test_pool, "m", wide, 2),
                         "<?xml version=\"1.0\"?>\n<methodCall><methodName>m</methodName><params>"
                         "<param><value><int>2147483647</int></value></param>"
                         "<param><value><i8>-2147483649</i8></value></param></params></methodCall>\n");
    }
    ck_assert_str_eq(np_xmlrpc_call(np_test_pool, "m", NULL, 0),
                     "<?xml version=\"1.0\"?>\n<methodCall><methodName>m</methodName><params></params></methodCall>\n");
}
END_TEST

static np_xmlrpc_kind_e np_t_parse(const char *s, np_xv_t **v, long *code, const char **fs, const char **err)
{
    *v = NULL;
    *err = NULL;
    return np_xmlrpc_parse(np_test_pool, s, strlen(s), v, code, fs, err);
}

START_TEST(np_xmlrpc_pair_answer)
{
    np_xv_t *v;
    long code;
    const char *fs, *err, *msg;
    int ok;
    /* as Python's xmlrpc.server and the vendors write it: whitespace between elements */
    ck_assert_int_eq(np_t_parse("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
                                "<value><boolean>0</boolean></value>\n<value><string>Error:owned_by_other_user</string></value>\n"
                                "</data></array></value>\n</param>\n</params>\n</methodResponse>\n",
                                &v, &code, &fs, &err),
                     NP_XMLRPC_RESULT);
    ck_assert_int_eq(v->type, NP_XV_ARRAY);
    ck_assert_int_eq(v->n, 2);
    ck_assert_int_eq(np_xmlrpc_pair(v, &ok, &msg), 0);
    ck_assert_int_eq(ok, 0);
    ck_assert_str_eq(msg, "Error:owned_by_other_user");
    /* a <value> without a type is a string; entities are decoded */
    ck_assert_int_eq(np_t_parse("<methodResponse><params><param><value><array><data><value><boolean>1</boolean></value>"
                                "<value>OK &amp; done</value></data></array></value></param></params></methodResponse>",
                                &v, &code, &fs, &err),
                     NP_XMLRPC_RESULT);
    ck_assert_int_eq(np_xmlrpc_pair(v, &ok, &msg), 0);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(msg, "OK & done");
    /* a lone boolean */
    ck_assert_int_eq(np_t_parse("<methodResponse><params><param><value><boolean>1</boolean></value></param></params>"
                                "</methodResponse>", &v, &code, &fs, &err), NP_XMLRPC_RESULT);
    ck_assert_int_eq(np_xmlrpc_pair(v, &ok, &msg), 0);
    ck_assert_int_eq(ok, 1);
    ck_assert_ptr_null(msg);
    /* not a pair */
    ck_assert_int_eq(np_t_parse("<methodResponse><params><param><value><i4>3</i4></value></param></params>"
                                "</methodResponse>", &v, &code, &fs, &err), NP_XMLRPC_RESULT);
    ck_assert_int_eq(v->type, NP_XV_INT);
    ck_assert_int_eq(v->i, 3);
    ck_assert_int_eq(np_xmlrpc_pair(v, &ok, &msg), -1);
}
END_TEST

START_TEST(np_xmlrpc_struct_and_fault)
{
    np_xv_t *v = NULL;
    long code = 0;
    const char *fs = NULL, *err;
    ck_assert_int_eq(np_t_parse("<methodResponse><fault><value><struct>"
                                "<member><name>faultCode</name><value><int>-32601</int></value></member>"
                                "<member><name>faultString</name><value><string>method x not found</string></value></member>"
                                "</struct></value></fault></methodResponse>", &v, &code, &fs, &err),
                     NP_XMLRPC_FAULT);
    ck_assert_int_eq(code, -32601);
    ck_assert_str_eq(fs, "method x not found");
    ck_assert_int_eq(np_t_parse("<methodResponse><params><param><value><struct><member><name>a</name><value><nil/></value>"
                                "</member></struct></value></param></params></methodResponse>", &v, &code, &fs, &err),
                     NP_XMLRPC_RESULT);
    ck_assert_int_eq(v->type, NP_XV_STRUCT);
    ck_assert_str_eq(v->names[0], "a");
    ck_assert_int_eq(v->items[0].type, NP_XV_NIL);
}
END_TEST

static const struct {
    const char *doc, *err;
} np_t_bad[] = {
    { "<html><body>502 Bad Gateway</body></html>", "the document is <html>, not <methodResponse>" },
    { "<methodResponse></methodResponse>", "<methodResponse> holds neither <params><param> nor <fault>" },
    { "<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>",
      "<boolean> holds '2' (line 1)" },
    { "<methodResponse><params><param><value><array/></value></param></params></methodResponse>",
      "an <array> without <data> (line 1)" },
    { "<methodResponse><params><param><value><date>x</date></value></param></params></methodResponse>",
      "unknown value type <date> (line 1)" },
    { "<methodResponse><params><param><value><int>1x</int></value></param></params></methodResponse>",
      "<int> holds '1x' (line 1)" },
    /* strtol saturates at LONG_MAX: an answer's number out of range is refused, not clamped */
    { "<methodResponse><params><param><value><int>99999999999999999999</int></value></param></params></methodResponse>",
      "<int> holds '99999999999999999999', out of range (line 1)" },
    { "<methodResponse><params><param><value><i8>-9223372036854775809</i8></value></param></params></methodResponse>",
      "<i8> holds '-9223372036854775809', out of range (line 1)" },
    /* <int> and <i4> are four-byte integers (the XML-RPC specification) */
    { "<methodResponse><params><param><value><i4>2147483648</i4></value></param></params></methodResponse>",
      "<i4> holds '2147483648', out of range (line 1)" },
    { "<methodResponse><params><param><value><int>-2147483649</int></value></param></params></methodResponse>",
      "<int> holds '-2147483649', out of range (line 1)" },
    { "<methodResponse><params><param><value><boolean>99999999999999999999</boolean></value></param></params>"
      "</methodResponse>", "<boolean> holds '99999999999999999999', out of range (line 1)" },
};

START_TEST(np_xmlrpc_bad_answers)
{
    np_xv_t *v;
    long code;
    const char *fs, *err;
    ck_assert_int_eq(np_t_parse(np_t_bad[_i].doc, &v, &code, &fs, &err), NP_XMLRPC_BAD);
    ck_assert_str_eq(err, np_t_bad[_i].err);
}
END_TEST

START_TEST(np_xmlrpc_not_xml)
{
    np_xv_t *v;
    long code;
    const char *fs, *err;
    ck_assert_int_eq(np_t_parse("Service Unavailable", &v, &code, &fs, &err), NP_XMLRPC_BAD);
    ck_assert_ptr_nonnull(strstr(err, "not XML"));
    /* an external entity is not fetched, and the document is refused or left unexpanded */
    ck_assert_int_ne(np_t_parse("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><methodResponse><params><param>"
                                "<value><string>&x;</string></value></param></params></methodResponse>",
                                &v, &code, &fs, &err) == NP_XMLRPC_RESULT && v->s && strstr(v->s, "root:"),
                     1);
}
END_TEST

/* The integers at the edges of their ranges are read exactly. */
START_TEST(np_xmlrpc_int_limits)
{
    static const struct {
        const char *type, *text;
        long want;
    } ok[] = {
        { "int", "2147483647", 2147483647L }, { "int", "-2147483648", -2147483647L - 1 }, { "i4", " 7 ", 7 },
        { "i8", "9223372036854775807", 9223372036854775807L }, { "i8", "-9223372036854775808", -9223372036854775807L - 1 },
    };
    size_t i;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        np_xv_t *v;
        long code;
        const char *fs, *err;
        const char *doc = apr_psprintf(np_test_pool, "<methodResponse><params><param><value><%s>%s</%s></value></param>"
                                       "</params></methodResponse>", ok[i].type, ok[i].text, ok[i].type);
        ck_assert_int_eq(np_t_parse(doc, &v, &code, &fs, &err), NP_XMLRPC_RESULT);
        ck_assert_int_eq(v->type, NP_XV_INT);
        ck_assert_int_eq(v->i, ok[i].want);
    }
}
END_TEST

/* Internal entities that expand ten-fold per level ("billion laughs"): this one would become a 10 MB
 * string (the one of the issue, 130 KB, a 1 GB one). Any DOCTYPE is refused before its entities are read. */
START_TEST(np_xmlrpc_entity_bomb)
{
    char *doc = apr_pstrdup(np_test_pool, "<?xml version=\"1.0\"?>\n<!DOCTYPE methodResponse [\n"
                                          "<!ENTITY x0 \"0123456789\">\n");
    np_xv_t *v = NULL;
    long code;
    const char *fs, *err = NULL;
    int i;
    for (i = 1; i <= 6; i++)
        doc = apr_psprintf(np_test_pool, "%s<!ENTITY x%d \"&x%d;&x%d;&x%d;&x%d;&x%d;&x%d;&x%d;&x%d;&x%d;&x%d;\">\n", doc, i,
                           i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    doc = apr_pstrcat(np_test_pool, doc, "]>\n<methodResponse><params><param><value><string>&x6;</string></value></param>"
                                         "</params></methodResponse>\n", NULL);
    ck_assert_int_eq(np_t_parse(doc, &v, &code, &fs, &err), NP_XMLRPC_BAD);
    ck_assert_str_eq(err, "the answer declares a DOCTYPE (line 2), which an XML-RPC answer never needs: refused, since "
                          "its entities could expand without bound");
    /* a DOCTYPE without entities, or naming an external DTD, is refused the same way */
    ck_assert_int_eq(np_t_parse("<!DOCTYPE methodResponse><methodResponse><params><param><value>x</value></param>"
                                "</params></methodResponse>", &v, &code, &fs, &err), NP_XMLRPC_BAD);
    ck_assert_ptr_nonnull(strstr(err, "declares a DOCTYPE (line 1)"));
    ck_assert_int_eq(np_t_parse("<!DOCTYPE methodResponse SYSTEM \"http://127.0.0.1:1/x.dtd\"><methodResponse><params>"
                                "<param><value>x</value></param></params></methodResponse>", &v, &code, &fs, &err),
                     NP_XMLRPC_BAD);
    ck_assert_ptr_nonnull(strstr(err, "declares a DOCTYPE"));
    /* character references and the predefined entities are no DOCTYPE and still decode */
    ck_assert_int_eq(np_t_parse("<methodResponse><params><param><value>&lt;&#233;&#x41;&amp;<![CDATA[<b>]]></value></param>"
                                "</params></methodResponse>", &v, &code, &fs, &err), NP_XMLRPC_RESULT);
    ck_assert_str_eq(v->s, "<\xc3\xa9" "A&<b>");
}
END_TEST

/* The decoded text of an answer is capped (1 MiB): no service answers that much. */
START_TEST(np_xmlrpc_text_cap)
{
    size_t n = 1024 * 1024 + 1;
    char *big = apr_palloc(np_test_pool, n + 1);
    np_xv_t *v;
    long code;
    const char *fs, *err = NULL, *doc;
    memset(big, 'a', n);
    big[n] = '\0';
    doc = apr_pstrcat(np_test_pool, "<methodResponse><params><param><value><string>", big,
                      "</string></value></param></params></methodResponse>", NULL);
    ck_assert_int_eq(np_t_parse(doc, &v, &code, &fs, &err), NP_XMLRPC_BAD);
    ck_assert_str_eq(err, "the answer's text is longer than 1 MiB (line 1)");
    big[n - 1] = '\0';
    doc = apr_pstrcat(np_test_pool, "<methodResponse><params><param><value><string>", big,
                      "</string></value></param></params></methodResponse>", NULL);
    ck_assert_int_eq(np_t_parse(doc, &v, &code, &fs, &err), NP_XMLRPC_RESULT);
    ck_assert_uint_eq(strlen(v->s), n - 1);
}
END_TEST

TCase *np_test_xmlrpc_tcase(void)
{
    TCase *tc = tcase_create("xmlrpc");
    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, np_xmlrpc_call_body);
    tcase_add_test(tc, np_xmlrpc_pair_answer);
    tcase_add_test(tc, np_xmlrpc_struct_and_fault);
    tcase_add_loop_test(tc, np_xmlrpc_bad_answers, 0, (int)(sizeof np_t_bad / sizeof np_t_bad[0]));
    tcase_add_test(tc, np_xmlrpc_not_xml);
    tcase_add_test(tc, np_xmlrpc_int_limits);
    tcase_add_test(tc, np_xmlrpc_entity_bomb);
    tcase_add_test(tc, np_xmlrpc_text_cap);
    return tc;
}
