/* Reading MACs for `nethprov import`: CSV as spreadsheets write it, one MAC per line, free
 * text pasted from invoices, the automatic choice among them, and every error's place. */
#include <stdio.h>
#include <string.h>

#include <apr_strings.h>
#include <apr_time.h>

#include "np_import.h"
#include "np_test.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

/* Rows as "line:column mac model ext name" lines ('-' for NULL, a newline inside a value
 * shown as '|'), errors as their messages, one per line: a whole result compares with
 * one string, so a table row reads like the expected output. */
static const char *np_t_value(const char *s)
{
    char *c, *q;

    if (!s)
        return "-";
    c = apr_pstrdup(np_test_pool, s);
    for (q = c; *q; q++)
        if (*q == '\n')
            *q = '|';
    return c;
}

static const char *np_t_rows(const np_import_result_t *r)
{
    const char *out = "";
    int i;

    for (i = 0; i < r->rows->nelts; i++) {
        const np_import_row_t *row = &APR_ARRAY_IDX(r->rows, i, np_import_row_t);
        out = apr_psprintf(np_test_pool, "%s%d:%d %s %s %s %s\n", out, row->line, row->column,
                           row->mac_norm, np_t_value(row->model), np_t_value(row->extension),
                           np_t_value(row->display_name));
    }
    return out;
}

static const char *np_t_errors(const np_import_result_t *r)
{
    const char *out = "";
    int i;

    for (i = 0; i < r->errors->nelts; i++) {
        const np_import_error_t *e = &APR_ARRAY_IDX(r->errors, i, np_import_error_t);
        char prefix[64];
        /* The message must begin with the place the fields carry. */
        snprintf(prefix, sizeof prefix, "line %d, column %d: ", e->line, e->column);
        ck_assert_msg(strncmp(e->message, prefix, strlen(prefix)) == 0,
                      "\"%s\" does not start with \"%s\"", e->message, prefix);
        out = apr_psprintf(np_test_pool, "%s%s\n", out, e->message);
    }
    return out;
}

static np_import_result_t *np_t_parse(const char *in, np_import_mode_e mode)
{
    return np_import_parse(np_test_pool, in, strlen(in), mode);
}

/* ---- CSV ---- */

static const struct {
    const char *name;
    const char *in;
    char delim;
    int header;
    const char *rows;
    const char *errors;
} np_t_csv[] = {
    { "comma", "00:15:65:aa:bb:cc,T46U,201,Mario Rossi\n001565AABBCD,T48U,202,Anna\n", ',', 0,
      "1:1 001565aabbcc T46U 201 Mario Rossi\n2:1 001565aabbcd T48U 202 Anna\n", "" },
    { "semicolon", "00:15:65:aa:bb:cc;T46U;201;Rossi, Mario\n001565AABBCD;T48U;202;Anna\n", ';', 0,
      "1:1 001565aabbcc T46U 201 Rossi, Mario\n2:1 001565aabbcd T48U 202 Anna\n", "" },
    { "tab", "00:15:65:aa:bb:cc\tT46U\t201\tRossi; Mario, jr\n001565AABBCD\tT48U\n", '\t', 0,
      "1:1 001565aabbcc T46U 201 Rossi; Mario, jr\n2:1 001565aabbcd T48U - -\n", "" },
    { "bom crlf", "\xef\xbb\xbf" "00:15:65:aa:bb:cc;T46U\r\n001565AABBCD;T48U\r\n", ';', 0,
      "1:1 001565aabbcc T46U - -\n2:1 001565aabbcd T48U - -\n", "" },
    { "lone cr (old Mac Excel)", "00:15:65:aa:bb:cc,T46U\r001565AABBCD,T48U\r", ',', 0,
      "1:1 001565aabbcc T46U - -\n2:1 001565aabbcd T48U - -\n", "" },
    { "quotes with delimiter and escaped quote",
      "\"00:15:65:aa:bb:cc\";\"T46U\";\"201\";\"Rossi; Mario \"\"Super\"\"\"\n", ';', 0,
      "1:2 001565aabbcc T46U 201 Rossi; Mario \"Super\"\n", "" },
    { "newline inside quotes",
      "00:15:65:aa:bb:cc,T46U,201,\"Rossi\r\nMario\"\r\n001565aabbcd,T48U\r\n", ',', 0,
      "1:1 001565aabbcc T46U 201 Rossi|Mario\n3:1 001565aabbcd T48U - -\n", "" },
    { "header synonyms, other order, unknown column",
      "Display Name;Ext;MAC Address;Model;Notes\nMario;201;00-15-65-aa-bb-cc;T46U;desk 3\n", ';', 1,
      "2:11 001565aabbcc T46U 201 Mario\n", "" },
    { "header synonyms 2", " name , user , mac_address\nAnna,202,0015.65aa.bbcd\n", ',', 1,
      "2:10 001565aabbcd - 202 Anna\n", "" },
    { "header synonyms 3", "MACADDRESS\tDISPLAY_NAME\tEXTENSION\n001565aabbce\tLuca\t203\n", '\t', 1,
      "2:1 001565aabbce - 203 Luca\n", "" },
    { "header mac-address only", "Mac-Address\n00:15:65:aa:bb:cc\n\n001565aabbcd\n", ',', 1,
      "2:1 001565aabbcc - - -\n4:1 001565aabbcd - - -\n", "" },
    { "blank and comment lines",
      "# exported 2024-03-15\n\n00:15:65:aa:bb:cc,T46U\n   \n  # another\n001565aabbcd,T48U\n", ',', 0,
      "3:1 001565aabbcc T46U - -\n6:1 001565aabbcd T48U - -\n", "" },
    { "padded cells", "  00:15:65:aa:bb:cc  ,  T46U , 201 \n", ',', 0,
      "1:3 001565aabbcc T46U 201 -\n", "" },
    { "LibreOffice Text CSV (;, BOM, CRLF, quoted text)",
      "\xef\xbb\xbf" "\"MAC\";\"Model\";\"Extension\";\"Display name\"\r\n"
      "\"00:15:65:AA:BB:CC\";\"T46U\";201;\"Nicolò Rossi\"\r\n"
      "\"00:15:65:AA:BB:CD\";\"T48U\";;\"Bianchi; Anna\"\r\n"
      ";;;\r\n", ';', 1,
      "2:2 001565aabbcc T46U 201 Nicolò Rossi\n3:2 001565aabbcd T48U - Bianchi; Anna\n", "" },
    { "Excel CSV UTF-8 (BOM, CRLF, quotes only when needed, empty rows)",
      "\xef\xbb\xbf" "MAC Address,Model,Extension,Display Name\r\n"
      "001565AABBCC,T46U,201,\"Rossi, Mario\"\r\n"
      "001565AABBCD,T48U,202,\"Anna \"\"the boss\"\" Bianchi\"\r\n"
      ",,,\r\n,,,\r\n", ',', 1,
      "2:1 001565aabbcc T46U 201 Rossi, Mario\n3:1 001565aabbcd T48U 202 Anna \"the boss\" Bianchi\n",
      "" },
    { "Excel Italian locale (;)",
      "\xef\xbb\xbf" "mac;modello;ext;name\r\n001565AABBCC;T46U;201;Rossi, Mario\r\n", ';', 1,
      "2:1 001565aabbcc - 201 Rossi, Mario\n", "" },
    { "unterminated quote, reading resumes on the next line",
      "00:15:65:aa:bb:cc,T46U,201,\"Rossi\n001565aabbcd,T48U\n001565aabbce,T49U\n", ',', 0,
      "2:1 001565aabbcd T48U - -\n3:1 001565aabbce T49U - -\n",
      "line 1, column 28: unterminated quoted field: the closing '\"' is missing\n" },
    { "empty MAC column", "00:15:65:aa:bb:cc,T46U\n,T48U,202\n\"\",T49U\n", ',', 0,
      "1:1 001565aabbcc T46U - -\n",
      "line 2, column 1: the MAC column is empty\nline 3, column 2: the MAC column is empty\n" },
    { "bad MAC in a cell", "00:15:65:aa:bb:cc;T46U\n  00:15:65:GG:bb:cc;T48U\n", ';', 0,
      "1:1 001565aabbcc T46U - -\n",
      "line 2, column 12: 00:15:65:GG:bb:cc is not a MAC address: 'G' is not a hex digit\n" },
    { "bad MAC in a quoted cell", "x;y\n\"00:15:65:aa:bb:cg\";T46U\n", ';', 0,
      "",
      "line 1, column 1: x is not a MAC address: 'x' is not a hex digit\n"
      "line 2, column 18: 00:15:65:aa:bb:cg is not a MAC address: 'g' is not a hex digit\n" },
    { "columns count characters, not bytes", "name;mac\nNicolò;00:15:65:zz:bb:cc\n", ';', 1,
      "",
      "line 2, column 17: 00:15:65:zz:bb:cc is not a MAC address: 'z' is not a hex digit\n" },
    { "header without a MAC column", "model,extension\nT46U,201\n", ',', 1, "",
      "line 1, column 1: the header names no MAC column (expected \"mac\" or \"mac address\")\n" },
    { "MAC column missing from a short row", "name;ext;mac\nMario;201\n", ';', 1, "",
      "line 2, column 10: the MAC column (column 3) is missing\n" },
    { "single column without header", "00:15:65:aa:bb:cc\n", ',', 0,
      "1:1 001565aabbcc - - -\n", "" },
};

START_TEST(test_import_csv)
{
    np_import_result_t *r = np_t_parse(np_t_csv[_i].in, NP_IMPORT_CSV);

    ck_assert_msg(r->mode == NP_IMPORT_CSV, "%s", np_t_csv[_i].name);
    ck_assert_msg(r->delimiter == np_t_csv[_i].delim, "%s: delimiter '%c'", np_t_csv[_i].name,
                  r->delimiter);
    ck_assert_msg(r->header == np_t_csv[_i].header, "%s: header %d", np_t_csv[_i].name,
                  r->header);
    ck_assert_msg(strcmp(np_t_rows(r), np_t_csv[_i].rows) == 0, "%s: rows\n%s\nwant\n%s",
                  np_t_csv[_i].name, np_t_rows(r), np_t_csv[_i].rows);
    ck_assert_msg(strcmp(np_t_errors(r), np_t_csv[_i].errors) == 0, "%s: errors\n%s\nwant\n%s",
                  np_t_csv[_i].name, np_t_errors(r), np_t_csv[_i].errors);
}
END_TEST

/* The Gigaset MAC-ID check code column: kept upper-cased; anything but 4 letters or digits is an
 * error at its cell, and its row is not imported. */
START_TEST(test_import_csv_check_code)
{
    np_import_result_t *r = np_t_parse("MAC;Model;MAC-ID code\n"
                                       "7c:2f:80:aa:bb:01;Maxwell 3;ab1z\n"
                                       "7c:2f:80:aa:bb:02;Maxwell 3;\n"
                                       "7c:2f:80:aa:bb:03;Maxwell 3;AB-12\n", NP_IMPORT_CSV);
    ck_assert_int_eq(r->rows->nelts, 2);
    ck_assert_str_eq(APR_ARRAY_IDX(r->rows, 0, np_import_row_t).check_code, "AB1Z");
    ck_assert_ptr_null(APR_ARRAY_IDX(r->rows, 1, np_import_row_t).check_code);
    ck_assert_str_eq(np_t_errors(r), "line 4, column 29: 'AB-12' is not a MAC-ID check code: 4 letters or digits, "
                                     "as printed after the MAC on the label\n");
    /* without a header the fifth column is the code */
    r = np_t_parse("7c:2f:80:aa:bb:04,Maxwell 3,,,9x9x\n", NP_IMPORT_CSV);
    ck_assert_int_eq(r->rows->nelts, 1);
    ck_assert_str_eq(APR_ARRAY_IDX(r->rows, 0, np_import_row_t).check_code, "9X9X");
}
END_TEST

static const struct {
    const char *in;
    char delim;
} np_t_delims[] = {
    { "a,b,c\n", ',' },
    { "a;b;c\n", ';' },
    { "a\tb\tc\n", '\t' },
    { "a;b;c,d\n", ';' },
    { "a,b,c;d\n", ',' },
    { "a\tb\tc,d;e\n", '\t' },
    { "\"a;b\",c\n", ',' },
    { "# a;b;c\n\na,b\n", ',' },
    { "abc\n", ',' },
    { "", ',' },
    /* A tie on the first record goes to the delimiter the next records agree with. */
    { "a,b;c\nd;e\nf;g\n", ';' },
    { "a,b;c\nd,e\nf,g\n", ',' },
};

START_TEST(test_csv_detect)
{
    const char *in = np_t_delims[_i].in;
    char d = np_csv_detect_delimiter(np_test_pool, in, strlen(in));

    ck_assert_msg(d == np_t_delims[_i].delim, "\"%s\": got '%c'", in, d);
}
END_TEST

/* The reader on its own: where each field starts, and going on after a broken record. */
START_TEST(test_csv_reader)
{
    static const char in[] = "a, \"b\nc\" ,d\n\n#x\n\"e\"\"f\",g\n\"open,h\ni,j\n";
    np_csv_t *csv = np_csv_create(np_test_pool, in, sizeof in - 1, ',');
    const np_csv_field_t *f;
    int n, line, eline, ecol;

    ck_assert_int_eq(np_csv_next(csv, &f, &n, &line), 1);
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(line, 1);
    ck_assert_str_eq(f[0].value, "a");
    ck_assert_str_eq(f[1].value, "b\nc");
    ck_assert_int_eq(f[1].line, 1);
    ck_assert_int_eq(f[1].column, 5);
    ck_assert_int_eq(f[1].verbatim, 0);
    ck_assert_str_eq(f[2].value, "d");
    ck_assert_int_eq(f[2].line, 2);
    ck_assert_int_eq(f[2].column, 5);

    ck_assert_int_eq(np_csv_next(csv, &f, &n, &line), 1);
    ck_assert_int_eq(line, 5);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(f[0].value, "e\"f");
    ck_assert_uint_eq(f[0].len, 3);
    ck_assert_str_eq(f[1].value, "g");

    ck_assert_int_eq(np_csv_next(csv, &f, &n, &line), -1);
    ck_assert_ptr_null(f);
    np_csv_error(csv, &eline, &ecol);
    ck_assert_int_eq(eline, 6);
    ck_assert_int_eq(ecol, 1);

    ck_assert_int_eq(np_csv_next(csv, &f, &n, &line), 1);
    ck_assert_int_eq(line, 7);
    ck_assert_str_eq(f[0].value, "i");
    ck_assert_str_eq(f[1].value, "j");
    ck_assert_int_eq(np_csv_next(csv, &f, &n, &line), 0);
    ck_assert_int_eq(np_csv_next(csv, &f, &n, &line), 0);
}
END_TEST

/* ---- one MAC per line, and every MAC spelling and rejection through it ---- */

static const struct {
    const char *in;
    const char *norm;
} np_t_forms[] = {
    { "00:15:65:AA:BB:CC", "001565aabbcc" },
    { "00:15:65:aa:bb:cc", "001565aabbcc" },
    { "00-15-65-aa-bb-cc", "001565aabbcc" },
    { "00-15-65-AA-BB-CC", "001565aabbcc" },
    { "0015.65aa.bbcc", "001565aabbcc" },
    { "001565AABBCC", "001565aabbcc" },
    { "001565aabbcc", "001565aabbcc" },
    { "00 15 65 aa bb cc", "001565aabbcc" },
    { "  \t00:15:65:aa:bb:cc \t", "001565aabbcc" },
    { "0c:38:3e:11:22:33  # Fanvil, desk 4", "0c383e112233" },
};

START_TEST(test_import_lines_forms)
{
    np_import_result_t *r = np_t_parse(np_t_forms[_i].in, NP_IMPORT_LINES);
    const np_import_row_t *row;

    ck_assert_int_eq(r->errors->nelts, 0);
    ck_assert_int_eq(r->rows->nelts, 1);
    row = &APR_ARRAY_IDX(r->rows, 0, np_import_row_t);
    ck_assert_str_eq(row->mac_norm, np_t_forms[_i].norm);
    ck_assert_int_eq(row->line, 1);
    ck_assert_ptr_null(row->model);
    /* The text is kept as written, for messages that quote the admin's input. */
    ck_assert_int_eq(strncmp(row->mac_text, np_t_forms[_i].in + row->column - 1,
                             strlen(row->mac_text)), 0);
}
END_TEST

static const struct {
    const char *in;
    const char *error;
} np_t_rejects[] = {
    { "00:15:65:GG:BB:CC", "line 1, column 10: 00:15:65:GG:BB:CC is not a MAC address: 'G' is not a hex digit" },
    { "001565aabbc", "line 1, column 12: 001565aabbc is not a MAC address: too short: a MAC address has 12 hex digits" },
    { "001565aabbccd", "line 1, column 13: 001565aabbccd is not a MAC address: too long: a MAC address has 12 hex digits" },
    { "00:15:65:aa:bb", "line 1, column 15: 00:15:65:aa:bb is not a MAC address: too short: a MAC address has 12 hex digits" },
    { "01:00:5e:00:00:01", "line 1, column 1: 01:00:5e:00:00:01 is not a MAC address: it is a multicast address (odd first byte), which no phone has" },
    { "ff:ff:ff:ff:ff:ff", "line 1, column 1: ff:ff:ff:ff:ff:ff is not a MAC address: it is the broadcast address" },
    { "000000000000", "line 1, column 1: 000000000000 is not a MAC address: it is all zeros" },
    { "00:15-65:aa:bb:cc", "line 1, column 6: 00:15-65:aa:bb:cc is not a MAC address: separator '-' differs from the first one" },
    { "0015:65aa:bbcc", "line 1, column 5: 0015:65aa:bbcc is not a MAC address: unexpected separator ':'" },
    { "00:1565:aa:bb:cc", "line 1, column 6: 00:1565:aa:bb:cc is not a MAC address: a separator is missing" },
    { "00:15:65:aa:bb:cé", "line 1, column 17: 00:15:65:aa:bb:cé is not a MAC address: 'é' (U+00E9) is not an ASCII hex digit or separator" },
    /* An invisible character is named by its code point alone. */
    { "00:15:65:aa:\xe2\x80\x8b" "bb:cc", "line 1, column 13: 00:15:65:aa:\xe2\x80\x8b" "bb:cc is not a MAC address: U+200B is not an ASCII hex digit or separator" },
    /* Full-width forms other than the ASCII block are refused, with their column. */
    { "00:15:65:aa:bb:c\xc2\xb2", "line 1, column 17: 00:15:65:aa:bb:c\xc2\xb2 is not a MAC address: '\xc2\xb2' (U+00B2) is not an ASCII hex digit or separator" },
    { "00_15_65_aa_bb_cc", "line 1, column 3: 00_15_65_aa_bb_cc is not a MAC address: '_' is not a hex digit" },
    { "00:15:65:aa:bb:cc, T46U", "line 1, column 18: 00:15:65:aa:bb:cc, T46U is not a MAC address: too long: a MAC address has 12 hex digits" },
    { "   Yealink T46U", "line 1, column 4: Yealink T46U is not a MAC address: 'Y' is not a hex digit" },
    { "00:15:65:aa:bb:cc 0123456789012345678901234567890123456789",
      "line 1, column 18: 00:15:65:aa:bb:cc 0123456789012345678901... is not a MAC address: too long: a MAC address has 12 hex digits" },
};

START_TEST(test_import_lines_rejects)
{
    np_import_result_t *r = np_t_parse(np_t_rejects[_i].in, NP_IMPORT_LINES);
    const char *want = apr_pstrcat(np_test_pool, np_t_rejects[_i].error, "\n", NULL);

    ck_assert_int_eq(r->rows->nelts, 0);
    ck_assert_str_eq(np_t_errors(r), want);
}
END_TEST

START_TEST(test_import_lines_file)
{
    static const char in[] =
        "# delivery 15/03\r\n"
        "00:15:65:aa:bb:cc\r\n"
        "  00:15:65:GG:bb:cc  \r\n"
        "\r\n"
        "001565aabbcd # desk\r\n"
        "hello\r\n"
        "0015.65aa.bbce";
    np_import_result_t *r = np_t_parse(in, NP_IMPORT_LINES);

    ck_assert_str_eq(np_t_rows(r),
                     "2:1 001565aabbcc - - -\n5:1 001565aabbcd - - -\n7:1 001565aabbce - - -\n");
    ck_assert_str_eq(np_t_errors(r),
                     "line 3, column 12: 00:15:65:GG:bb:cc is not a MAC address: 'G' is not a hex digit\n"
                     "line 6, column 1: hello is not a MAC address: 'h' is not a hex digit\n");
}
END_TEST

/* ---- free text ---- */

START_TEST(test_import_text_invoice)
{
    static const char in[] =
        "Fattura n. 2024/0153 del 15/03/2024 - Tel. +39 0721 123456, cell. +393351234567\n"
        "Rif. ordine 12345678901234, IP 192.168.1.10, ore 12:30:45, € 1.234,56\n"
        "Yealink T46U  SN 8021A0B1C2D3E4F5  MAC 00:15:65:AA:BB:CC  1 pz  € 129,00\n"
        "Yealink T48U  S/N:8021A0B1C2D3E4F6  MAC:00-15-65-aa-bb-cd  1 pz\n"
        "Snom D785 0004.1322.3344 (MAC: 000413223345).\n"
        "Fanvil X4U mac 0c 38 3e 11 22 33, lotto 10 20 30 40 50 60 70\n"
        "Guasti: 00:15:65:GG:BB:CC e 01:00:5e:00:00:01 e 00:15:65:AA:BB\n"
        "IPv6 fe80::215:65ff:feaa:bbcc, 2001:db8:1:2:3:4, tel. 06-12-34-56-78, cod. 001565aabbccdd\n"
        "SN001565AABBCC, serie 8021a0b1c2d3e4f5a6, data 2024-03-15T10:20:30, v1.2.3.4\n"
        "ultimo: 001565AABBCE.\n";
    np_import_result_t *r = np_t_parse(in, NP_IMPORT_TEXT);

    ck_assert_int_eq(r->mode, NP_IMPORT_TEXT);
    ck_assert_str_eq(np_t_rows(r),
                     "3:40 001565aabbcc - - -\n"
                     "4:41 001565aabbcd - - -\n"
                     "5:11 000413223344 - - -\n"
                     "5:32 000413223345 - - -\n"
                     "6:16 0c383e112233 - - -\n"
                     "10:9 001565aabbce - - -\n");
    ck_assert_str_eq(np_t_errors(r),
                     "line 7, column 18: 00:15:65:GG:BB:CC is not a MAC address: 'G' is not a hex digit\n"
                     "line 7, column 29: 01:00:5e:00:00:01 is not a MAC address: it is a multicast address (odd first byte), which no phone has\n"
                     "line 7, column 63: 00:15:65:AA:BB is not a MAC address: too short: a MAC address has 12 hex digits\n");
}
END_TEST

static const struct {
    const char *in;
    const char *rows;
    const char *errors;
} np_t_text[] = {
    /* Noise alone gives nothing, and no complaints. */
    { "tel 0721 123456 +393351234567 15/03/2024 12:30 10.0.0.1 ::1 fe80::1", "", "" },
    { "serial 8021A0B1C2D3E4F5 and 8021A0B1C2D3E4F5A", "", "" },
    { "order 1234567890123 or 12345678901", "", "" },
    /* A bare run np_mac_parse refuses may be any number: silent. */
    { "ref 010203040506 and 000000000000", "", "" },
    { "AA:BB:CC:01:02:03", "1:1 aabbcc010203 - - -\n", "" },
    { "AB:CD:EF:01:02:03", "",
      "line 1, column 1: AB:CD:EF:01:02:03 is not a MAC address: it is a multicast address (odd first byte), which no phone has\n" },
    { "mac=00:15:65:aa:bb:cc;", "1:5 001565aabbcc - - -\n", "" },
    { "(00-15-65-AA-BB-CC)", "1:2 001565aabbcc - - -\n", "" },
    { "00:15:65:aa:bb:cc:dd", "",
      "line 1, column 18: 00:15:65:aa:bb:cc:dd is not a MAC address: too long: a MAC address has 12 hex digits\n" },
    { "0:15:65:aa:bb:cc", "",
      "line 1, column 2: 0:15:65:aa:bb:cc is not a MAC address: unexpected separator ':'\n" },
    { "0015.65aa.bbgg", "",
      "line 1, column 13: 0015.65aa.bbgg is not a MAC address: 'g' is not a hex digit\n" },
    { "00 15 65 aa bb cc dd", "", "" },
    { "x 00 15 65 aa bb cc y", "1:3 001565aabbcc - - -\n", "" },
    { "\xef\xbb\xbf" "001565aabbcc", "1:1 001565aabbcc - - -\n", "" },
};

START_TEST(test_import_text_table)
{
    np_import_result_t *r = np_t_parse(np_t_text[_i].in, NP_IMPORT_TEXT);

    ck_assert_msg(strcmp(np_t_rows(r), np_t_text[_i].rows) == 0, "\"%s\": rows\n%s",
                  np_t_text[_i].in, np_t_rows(r));
    ck_assert_msg(strcmp(np_t_errors(r), np_t_text[_i].errors) == 0, "\"%s\": errors\n%s",
                  np_t_text[_i].in, np_t_errors(r));
}
END_TEST

/* ---- auto mode ---- */

static const struct {
    const char *in;
    np_import_mode_e mode;
} np_t_auto[] = {
    { "00:15:65:aa:bb:cc,T46U\n", NP_IMPORT_CSV },
    { "\xef\xbb\xbf" "MAC;Model\r\n00:15:65:aa:bb:cc;T46U\r\n", NP_IMPORT_CSV },
    { "# list\nmac\n00:15:65:aa:bb:cc\n", NP_IMPORT_CSV },
    { "001565aabbcc\tT46U\t201\n", NP_IMPORT_CSV },
    { "00:15:65:aa:bb:cc\n001565aabbcd\n\n# x\n0015.65aa.bbce\n", NP_IMPORT_LINES },
    { "00 15 65 aa bb cc\n00 15 65 aa bb cd\n", NP_IMPORT_LINES },
    { "00:15:65:aa:bb:cc\n00:15:65:GG:bb:cd\n00:15:65:aa:bb\n", NP_IMPORT_LINES },
    { "", NP_IMPORT_LINES },
    { "00:15:65:aa:bb:cc\nTelefono di Mario\n", NP_IMPORT_TEXT },
    { "Fattura 123, del 15/03/2024\nMAC 00:15:65:aa:bb:cc\n", NP_IMPORT_TEXT },
    { "Yealink T46U MAC 00:15:65:AA:BB:CC 1 pz\n", NP_IMPORT_TEXT },
};

START_TEST(test_import_auto)
{
    const char *in = np_t_auto[_i].in;
    np_import_result_t *r = np_t_parse(in, NP_IMPORT_AUTO);

    ck_assert_msg(r->mode == np_t_auto[_i].mode, "\"%s\": %s", in, np_import_mode_name(r->mode));
    ck_assert_int_eq(np_import_detect(np_test_pool, in, strlen(in)), np_t_auto[_i].mode);
}
END_TEST

START_TEST(test_import_auto_results)
{
    np_import_result_t *r = np_t_parse("Yealink T46U MAC 00:15:65:AA:BB:CC 1 pz\n", NP_IMPORT_AUTO);

    ck_assert_str_eq(np_t_rows(r), "1:18 001565aabbcc - - -\n");
    r = np_t_parse("00:15:65:aa:bb:cc\n00:15:65:GG:bb:cd\n", NP_IMPORT_AUTO);
    ck_assert_str_eq(np_t_rows(r), "1:1 001565aabbcc - - -\n");
    ck_assert_str_eq(np_t_errors(r),
                     "line 2, column 10: 00:15:65:GG:bb:cd is not a MAC address: 'G' is not a hex digit\n");
}
END_TEST

START_TEST(test_import_misc)
{
    static const char utf16[] = "\xff\xfe" "0\0000\0";
    np_import_result_t *r = np_import_parse(np_test_pool, utf16, sizeof utf16 - 1, NP_IMPORT_AUTO);

    ck_assert_int_eq(r->rows->nelts, 0);
    ck_assert_str_eq(np_t_errors(r), "line 1, column 1: the file is UTF-16 (Excel \"Unicode Text\"); "
                                     "save it as \"CSV UTF-8\" instead\n");
    r = np_import_parse(np_test_pool, NULL, 0, NP_IMPORT_AUTO);
    ck_assert_int_eq(r->rows->nelts + r->errors->nelts, 0);
    r = np_t_parse("\xef\xbb\xbf", NP_IMPORT_CSV);
    ck_assert_int_eq(r->rows->nelts + r->errors->nelts, 0);

    ck_assert_str_eq(np_import_mode_name(NP_IMPORT_AUTO), "auto");
    ck_assert_str_eq(np_import_mode_name(NP_IMPORT_TEXT), "text");
    ck_assert_ptr_null(np_import_mode_name((np_import_mode_e)9));
    ck_assert_int_eq(np_import_mode_by_name("csv"), NP_IMPORT_CSV);
    ck_assert_int_eq(np_import_mode_by_name("lines"), NP_IMPORT_LINES);
    ck_assert_int_eq(np_import_mode_by_name("CSV"), -1);
    ck_assert_int_eq(np_import_mode_by_name(NULL), -1);

    ck_assert_int_eq(np_import_mac_like("00:15:65:GG:BB:CC", 17), 1);
    ck_assert_int_eq(np_import_mac_like("00:15:65:aa:bb", 14), 1);
    ck_assert_int_eq(np_import_mac_like("Yealink T46U", 12), 0);
    ck_assert_int_eq(np_import_mac_like("00:15", 5), 0);
    ck_assert_int_eq(np_import_mac_like("00:15:65:aa:bb:cc,", 18), 0);
}
END_TEST

/* 100,000 spreadsheet rows in memory: the import must not be what an admin waits for. */
START_TEST(test_import_csv_speed)
{
    const int nrows = 100000;
    size_t cap = (size_t)nrows * 64, len = 0;
    char *buf = apr_palloc(np_test_pool, cap);
    apr_time_t t0, t1, t2;
    np_import_result_t *r;
    int i;

    len += (size_t)snprintf(buf, cap, "\xef\xbb\xbfMAC;Model;Extension;Display name\r\n");
    for (i = 0; i < nrows; i++)
        len += (size_t)snprintf(buf + len, cap - len, "00:15:65:%02x:%02x:%02x;T46U;%d;\"User %d\"\r\n",
                                (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, 200 + i, i);
    t0 = apr_time_now();
    r = np_import_parse(np_test_pool, buf, len, NP_IMPORT_CSV);
    t1 = apr_time_now();
    ck_assert_int_eq(r->rows->nelts, nrows);
    ck_assert_int_eq(r->errors->nelts, 0);
    ck_assert_str_eq(APR_ARRAY_IDX(r->rows, nrows - 1, np_import_row_t).display_name, "User 99999");
    r = np_import_parse(np_test_pool, buf, len, NP_IMPORT_AUTO);
    t2 = apr_time_now();
    ck_assert_int_eq(r->mode, NP_IMPORT_CSV);
    ck_assert_int_eq(r->rows->nelts, nrows);
    fprintf(stderr, "import: %d CSV rows (%zu bytes) in %.1f ms, auto %.1f ms\n", nrows, len,
            (double)(t1 - t0) / 1000.0, (double)(t2 - t1) / 1000.0);
}
END_TEST


/* ---- issue 10: the import never loses or hides data ---- */

/* Excel's first line "sep=;" (written when the list separator is not a comma) names the
 * delimiter, in CSV mode and in auto mode; line numbers still count it. */
START_TEST(test_import_sep_line)
{
    static const char in[] = "sep=;\r\nmac;model;extension;display name\r\n"
                             "00:15:65:aa:bb:cc;T46U;201;Rossi, Mario\r\n";
    np_import_mode_e modes[] = { NP_IMPORT_CSV, NP_IMPORT_AUTO };
    np_import_result_t *r;
    size_t i;

    for (i = 0; i < NP_ARRAY_LEN(modes); i++) {
        r = np_t_parse(in, modes[i]);
        ck_assert_int_eq(r->mode, NP_IMPORT_CSV);
        ck_assert_int_eq(r->delimiter, ';');
        ck_assert_int_eq(r->header, 1);
        ck_assert_str_eq(np_t_errors(r), "");
        ck_assert_str_eq(np_t_rows(r), "3:1 001565aabbcc T46U 201 Rossi, Mario\n");
    }
    /* A delimiter no detection would pick, without a header, and an empty row's cells after it. */
    r = np_t_parse("\xef\xbb\xbf" "sep=|||\n00:15:65:aa:bb:cc|T46U|201\n", NP_IMPORT_AUTO);
    ck_assert_int_eq(r->delimiter, '|');
    ck_assert_str_eq(np_t_rows(r), "2:1 001565aabbcc T46U 201 -\n");
    r = np_t_parse("SEP=\t\n00:15:65:aa:bb:cc\tT46U\n", NP_IMPORT_CSV);
    ck_assert_str_eq(np_t_rows(r), "2:1 001565aabbcc T46U - -\n");
    /* A sep= line naming no usable delimiter is an error at its place, and the rest is read. */
    r = np_t_parse("sep=x\n00:15:65:aa:bb:cc;T46U\n", NP_IMPORT_CSV);
    ck_assert_str_eq(np_t_errors(r), "line 1, column 5: \"sep=\" must name the delimiter, one character such as "
                                     "; , | or a tab, and nothing else\n");
    ck_assert_str_eq(np_t_rows(r), "2:1 001565aabbcc T46U - -\n");
}
END_TEST

/* Auto mode: a table is CSV even when its first line is not a header or a MAC; prose with a
 * decimal comma on most lines is not a table; free text read from lines holding other cells
 * carries a warning. */
START_TEST(test_import_auto_tabular)
{
    np_import_result_t *r;

    r = np_t_parse("Telefoni ufficio 3;;\n00:15:65:aa:bb:cc;T46U;201\n00:15:65:aa:bb:cd;T48U;202\n", NP_IMPORT_AUTO);
    ck_assert_int_eq(r->mode, NP_IMPORT_CSV);
    ck_assert_str_eq(np_t_rows(r), "2:1 001565aabbcc T46U 201 -\n3:1 001565aabbcd T48U 202 -\n");
    /* The MAC in another column without a header: an error that says how to fix it. */
    r = np_t_parse("Mario;201;00:15:65:aa:bb:cc\nAnna;202;00:15:65:aa:bb:cd\n", NP_IMPORT_AUTO);
    ck_assert_int_eq(r->mode, NP_IMPORT_CSV);
    ck_assert_int_eq(r->rows->nelts, 0);
    ck_assert_str_eq(APR_ARRAY_IDX(r->errors, 0, np_import_error_t).message,
                     "line 1, column 1: Mario is not a MAC address: 'M' is not a hex digit; column 3 holds a MAC: "
                     "without a header line the MAC must be the first column (a header line names the columns: "
                     "mac, model, extension, display name)");
    ck_assert_int_eq(r->errors->nelts, 2);
    ck_assert_ptr_null(r->warning);

    /* An invoice with prices on most lines stays free text, without a warning. */
    r = np_t_parse("Fattura 117\n1 x T46U MAC 00:15:65:aa:bb:cc 129,00 EUR\n1 x T46U MAC 00:15:65:aa:bb:cd 129,00 EUR\n"
                   "1 x T48U MAC 00:15:65:aa:bb:ce 149,00 EUR\n", NP_IMPORT_AUTO);
    ck_assert_int_eq(r->mode, NP_IMPORT_TEXT);
    ck_assert_int_eq(r->rows->nelts, 3);
    ck_assert_ptr_null(r->warning);

    /* Mostly prose, with one line of cells: free text, and it says the cells are dropped. */
    r = np_t_parse("Ciao Luca, ecco i telefoni\nMario;00:15:65:aa:bb:cc;T46U\nil secondo è 00:15:65:aa:bb:cd\n"
                   "a presto\n", NP_IMPORT_AUTO);
    ck_assert_int_eq(r->mode, NP_IMPORT_TEXT);
    ck_assert_int_eq(r->rows->nelts, 2);
    ck_assert_str_eq(r->warning, "read as free text: columns other than the MAC are ignored; use --format csv");
    /* ... but not when the format was chosen, nor when the other cells are empty. */
    r = np_t_parse("Ciao\nMario;00:15:65:aa:bb:cc;T46U\nfine\nok\n", NP_IMPORT_TEXT);
    ck_assert_ptr_null(r->warning);
    r = np_t_parse("Ciao\n00:15:65:aa:bb:cc;;\nfine\nok\n", NP_IMPORT_AUTO);
    ck_assert_int_eq(r->mode, NP_IMPORT_TEXT);
    ck_assert_ptr_null(r->warning);
}
END_TEST

/* A Gigaset label's "MAC-ID 7C2F80C0FFEE-WXYZ": the MAC and its check code. */
START_TEST(test_import_gigaset_mac_id)
{
    np_import_result_t *r = np_t_parse("Gigaset N870 IP PRO, MAC-ID 7C2F80C0FFEE-wxyz, S/N 1234\n"
                                       "MAC-ID:7c2f80c0ffef-AB12.\n", NP_IMPORT_TEXT);
    const np_import_row_t *row;

    ck_assert_str_eq(np_t_errors(r), "");
    ck_assert_str_eq(np_t_rows(r), "1:29 7c2f80c0ffee - - -\n2:8 7c2f80c0ffef - - -\n");
    row = &APR_ARRAY_IDX(r->rows, 0, np_import_row_t);
    ck_assert_str_eq(row->check_code, "WXYZ");
    ck_assert_str_eq(row->mac_text, "7C2F80C0FFEE");
    ck_assert_str_eq(APR_ARRAY_IDX(r->rows, 1, np_import_row_t).check_code, "AB12");

    r = np_t_parse("7C2F80C0FFEE-WXYZ\n7C2F80C0FFEF-A1B2\n", NP_IMPORT_AUTO);
    ck_assert_int_eq(r->mode, NP_IMPORT_LINES);
    ck_assert_str_eq(np_t_rows(r), "1:1 7c2f80c0ffee - - -\n2:1 7c2f80c0ffef - - -\n");
    ck_assert_str_eq(APR_ARRAY_IDX(r->rows, 1, np_import_row_t).check_code, "A1B2");
}
END_TEST

/* Free text: a bare 12-digit run is a guess (the importer drops it when no vendor has its prefix);
 * a run that is no MAC at all is a note, not an error, and not silence. */
START_TEST(test_import_text_guesses)
{
    np_import_result_t *r = np_t_parse("S/N 001565aabbcc, MAC 00:15:65:aa:bb:cd, 00 15 65 aa bb ce, ord. 010203040506\n",
                                       NP_IMPORT_TEXT);
    const np_import_note_t *n;

    ck_assert_str_eq(np_t_errors(r), "");
    ck_assert_int_eq(r->rows->nelts, 3);
    ck_assert_int_eq(APR_ARRAY_IDX(r->rows, 0, np_import_row_t).guess, 1);
    ck_assert_int_eq(APR_ARRAY_IDX(r->rows, 1, np_import_row_t).guess, 0);
    ck_assert_int_eq(APR_ARRAY_IDX(r->rows, 2, np_import_row_t).guess, 1);
    ck_assert_int_eq(r->ignored->nelts, 1);
    n = &APR_ARRAY_IDX(r->ignored, 0, np_import_note_t);
    ck_assert_int_eq(n->line, 1);
    ck_assert_int_eq(n->column, 66);
    ck_assert_str_eq(n->mac_text, "010203040506");
    ck_assert_str_eq(n->message, "ignored: it is a multicast address (odd first byte), which no phone has");
}
END_TEST

/* Characters that look like digits: the full-width ASCII block is folded (its NFKC form), in every
 * mode; any other character beyond ASCII inside or touching a MAC is refused at its column. */
START_TEST(test_import_fullwidth)
{
    /* "００:１５:６５:ａａ:ｂｂ:ｃｃ", and the same with ideographic spaces */
    static const char fw[] = "\xef\xbc\x90\xef\xbc\x90\xef\xbc\x9a\xef\xbc\x91\xef\xbc\x95\xef\xbc\x9a"
                             "\xef\xbc\x96\xef\xbc\x95\xef\xbc\x9a\xef\xbd\x81\xef\xbd\x81\xef\xbc\x9a"
                             "\xef\xbd\x82\xef\xbd\x82\xef\xbc\x9a\xef\xbd\x83\xef\xbd\x83";
    np_import_mode_e modes[] = { NP_IMPORT_AUTO, NP_IMPORT_CSV, NP_IMPORT_LINES, NP_IMPORT_TEXT };
    np_import_result_t *r;
    size_t i;

    for (i = 0; i < NP_ARRAY_LEN(modes); i++) {
        r = np_t_parse(fw, modes[i]);
        ck_assert_msg(strcmp(np_t_rows(r), "1:1 001565aabbcc - - -\n") == 0, "mode %d: %s", (int)modes[i],
                      np_t_rows(r));
        ck_assert_str_eq(np_t_errors(r), "");
    }
    r = np_t_parse(apr_pstrcat(np_test_pool, "Nicolò: MAC ", fw, " (desk)", NULL), NP_IMPORT_TEXT);
    ck_assert_str_eq(np_t_rows(r), "1:13 001565aabbcc - - -\n");
    r = np_t_parse(apr_pstrcat(np_test_pool, "mac;model\n", fw, ";T46U\n", NULL), NP_IMPORT_AUTO);
    ck_assert_str_eq(np_t_rows(r), "2:1 001565aabbcc T46U - -\n");
    r = np_t_parse("\xef\xbc\x90\xef\xbc\x90\xe3\x80\x80\xef\xbc\x91\xef\xbc\x95\xe3\x80\x80\xef\xbc\x96\xef\xbc\x95"
                   "\xe3\x80\x80\xef\xbd\x81\xef\xbd\x81\xe3\x80\x80\xef\xbd\x82\xef\xbd\x82\xe3\x80\x80"
                   "\xef\xbd\x83\xef\xbd\x83", NP_IMPORT_TEXT);
    ck_assert_str_eq(np_t_rows(r), "1:1 001565aabbcc - - -\n");

    /* Refused in free text, which skipped them without a word: Cyrillic а, en dashes, a
     * superscript two, a letter touching the MAC. Columns are the original text's. */
    r = np_t_parse("Nicolò MAC 00:15:65:\xd0\xb0\xd0\xb0:bb:cc\n"
                   "MAC 00\xe2\x80\x93" "15\xe2\x80\x93" "65\xe2\x80\x93" "aa\xe2\x80\x93" "bb\xe2\x80\x93" "cc\n"
                   "sn 001565aabbc\xc2\xb2\n"
                   "è 00:15:65:aa:bb:cdé ok\n"
                   "vedi 00:15:65:aa:bb:ce \xe2\x80\x94 ok, «00:15:65:aa:bb:cf»\n", NP_IMPORT_TEXT);
    ck_assert_str_eq(np_t_errors(r),
                     "line 1, column 21: 00:15:65:\xd0\xb0\xd0\xb0:bb:cc is not a MAC address: '\xd0\xb0' (U+0430) "
                     "is not an ASCII hex digit or separator\n"
                     "line 2, column 7: 00\xe2\x80\x93" "15\xe2\x80\x93" "65\xe2\x80\x93" "aa\xe2\x80\x93" "bb"
                     "\xe2\x80\x93" "cc is not a MAC address: '\xe2\x80\x93' (U+2013) is not an ASCII hex digit or "
                     "separator\n"
                     "line 3, column 15: 001565aabbc\xc2\xb2 is not a MAC address: '\xc2\xb2' (U+00B2) is not an "
                     "ASCII hex digit or separator\n"
                     "line 4, column 20: 00:15:65:aa:bb:cd is not a MAC address: 'é' (U+00E9) is not an ASCII hex "
                     "digit or separator\n");
    ck_assert_str_eq(np_t_rows(r), "5:6 001565aabbce - - -\n5:31 001565aabbcf - - -\n");
}
END_TEST

/* Exact duplicates are merged (and noted); the same MAC with other data stays two rows. */
START_TEST(test_import_duplicates)
{
    np_import_result_t *r = np_t_parse("mac;model;extension;display name\n"
                                       "00:15:65:aa:bb:cc;T46U;201;Mario\n"
                                       "00-15-65-AA-BB-CC;T46U;201;\n"
                                       "00:15:65:aa:bb:cd;;202;\n"
                                       "001565aabbcd;;202;Anna\n"
                                       "00:15:65:aa:bb:ce;T46U;203;\n"
                                       "00:15:65:aa:bb:ce;T48U;203;\n"
                                       "00:15:65:aa:bb:ce;T46U;203;\n", NP_IMPORT_CSV);
    const np_import_note_t *n;

    ck_assert_int_eq(np_import_merge_duplicates(np_test_pool, r, "T46U"), 3);
    ck_assert_str_eq(np_t_rows(r), "2:1 001565aabbcc T46U 201 Mario\n4:1 001565aabbcd T46U 202 Anna\n"
                                   "6:1 001565aabbce T46U 203 -\n7:1 001565aabbce T48U 203 -\n");
    ck_assert_int_eq(r->duplicates->nelts, 3);
    n = &APR_ARRAY_IDX(r->duplicates, 0, np_import_note_t);
    ck_assert_int_eq(n->line, 3);
    ck_assert_str_eq(n->mac_text, "00-15-65-AA-BB-CC");
    ck_assert_str_eq(n->message, "duplicate of line 2, counted once");
    ck_assert_str_eq(APR_ARRAY_IDX(r->duplicates, 2, np_import_note_t).message, "duplicate of line 6, counted once");

    /* A guess seen again as a written-out MAC is no guess. */
    r = np_t_parse("sn 001565aabbcc mac 00:15:65:aa:bb:cc\n", NP_IMPORT_TEXT);
    ck_assert_int_eq(np_import_merge_duplicates(np_test_pool, r, NULL), 1);
    ck_assert_int_eq(r->rows->nelts, 1);
    ck_assert_int_eq(APR_ARRAY_IDX(r->rows, 0, np_import_row_t).guess, 0);
}
END_TEST

/* A 2 MB paste on one line: columns used to be counted from the line's start for every MAC (87 s).
 * CK's timeout is the guard; the evidence is that every byte is now counted once. */
START_TEST(test_import_long_line)
{
    const size_t target = 2u * 1024 * 1024;
    char *buf = apr_palloc(np_test_pool, target + 64);
    size_t len = 0;
    int i = 0, nmacs;
    np_import_result_t *r;
    const np_import_row_t *last;

    while (len < target) {
        len += (size_t)snprintf(buf + len, 64, "é MAC 00:15:%02x:%02x:%02x:%02x, ", (i >> 24) & 0xff, (i >> 16) & 0xff,
                                (i >> 8) & 0xff, i & 0xff);
        i++;
    }
    nmacs = i;
    r = np_import_parse(np_test_pool, buf, len, NP_IMPORT_AUTO);
    ck_assert_int_eq(r->mode, NP_IMPORT_TEXT);
    ck_assert_int_eq(r->rows->nelts, nmacs);
    last = &APR_ARRAY_IDX(r->rows, nmacs - 1, np_import_row_t);
    /* 25 characters per MAC, the MAC 7 characters into each */
    ck_assert_int_eq(last->column, (nmacs - 1) * 25 + 7);
    r = np_import_parse(np_test_pool, buf, len, NP_IMPORT_CSV);
    ck_assert_int_eq(r->errors->nelts, 1);
    ck_assert_int_eq(APR_ARRAY_IDX(r->errors, 0, np_import_error_t).column, 1);
}
END_TEST

/* No NULL + 0 anywhere (undefined behaviour UBSan reports): every entry point takes NULL, 0. */
START_TEST(test_import_null_input)
{
    np_import_mode_e modes[] = { NP_IMPORT_AUTO, NP_IMPORT_CSV, NP_IMPORT_LINES, NP_IMPORT_TEXT };
    const np_csv_field_t *f;
    np_csv_t *csv;
    int n, line;
    size_t i;

    for (i = 0; i < NP_ARRAY_LEN(modes); i++) {
        np_import_result_t *r = np_import_parse(np_test_pool, NULL, 0, modes[i]);
        ck_assert_int_eq(r->rows->nelts + r->errors->nelts + r->ignored->nelts, 0);
        ck_assert_int_ne(r->mode, NP_IMPORT_AUTO);
    }
    ck_assert_int_eq(np_import_detect(np_test_pool, NULL, 0), NP_IMPORT_LINES);
    ck_assert_int_eq(np_csv_detect_delimiter(np_test_pool, NULL, 0), ',');
    csv = np_csv_create(np_test_pool, NULL, 0, ';');
    ck_assert_int_eq(np_csv_next(csv, &f, &n, &line), 0);
}
END_TEST

TCase *np_test_import_tcase(void)
{
    TCase *tc = tcase_create("import");

    tcase_add_checked_fixture(tc, np_test_setup, np_test_teardown);
    tcase_add_test(tc, test_import_csv_check_code);
    tcase_add_loop_test(tc, test_import_csv, 0, (int)NP_ARRAY_LEN(np_t_csv));
    tcase_add_loop_test(tc, test_csv_detect, 0, (int)NP_ARRAY_LEN(np_t_delims));
    tcase_add_test(tc, test_csv_reader);
    tcase_add_loop_test(tc, test_import_lines_forms, 0, (int)NP_ARRAY_LEN(np_t_forms));
    tcase_add_loop_test(tc, test_import_lines_rejects, 0, (int)NP_ARRAY_LEN(np_t_rejects));
    tcase_add_test(tc, test_import_lines_file);
    tcase_add_test(tc, test_import_text_invoice);
    tcase_add_loop_test(tc, test_import_text_table, 0, (int)NP_ARRAY_LEN(np_t_text));
    tcase_add_loop_test(tc, test_import_auto, 0, (int)NP_ARRAY_LEN(np_t_auto));
    tcase_add_test(tc, test_import_auto_results);
    tcase_add_test(tc, test_import_misc);
    tcase_add_test(tc, test_import_csv_speed);
    tcase_add_test(tc, test_import_sep_line);
    tcase_add_test(tc, test_import_auto_tabular);
    tcase_add_test(tc, test_import_gigaset_mac_id);
    tcase_add_test(tc, test_import_text_guesses);
    tcase_add_test(tc, test_import_fullwidth);
    tcase_add_test(tc, test_import_duplicates);
    tcase_add_test(tc, test_import_long_line);
    tcase_add_test(tc, test_import_null_input);
    return tc;
}
