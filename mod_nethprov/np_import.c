/* The input side of `nethprov import`: CSV, one MAC per line, and free text. See np_import.h
 * for the rules; the comments here explain how they are carried out. */
#include <string.h>

#include <apr_strings.h>

#include "np_import.h"

/* A cap on how much of a bad value an error quotes: a broken CSV row can put a whole
 * paragraph into the MAC cell, and the message must stay one readable line. */
#define NP_IMPORT_QUOTE_MAX 40
/* Records looked at past the first when the delimiter is ambiguous: enough to outvote a
 * stray comma in one display name, few enough to cost nothing on a large file. */
#define NP_CSV_SAMPLE 20
/* Header cells longer than this cannot be a known name after normalisation. */
#define NP_IMPORT_NAME_MAX 32

enum { NP_COL_MAC, NP_COL_MODEL, NP_COL_EXT, NP_COL_NAME, NP_COL_CODE, NP_COL_COUNT };

struct np_csv_t {
    apr_pool_t *pool;
    const char *p;
    const char *end;
    const char *line_start;   /* for columns */
    int line;
    char delim;
    apr_array_header_t *fields;
    char *scratch;            /* unescaped quoted fields are built here, then copied */
    size_t scratch_cap;
    int err_line;
    int err_col;
};

/* ---- small helpers shared by every mode ---- */

/* Length of the line ending at p (LF, CRLF or a lone CR), 0 if none. */
static size_t np_import_eol(const char *p, const char *end)
{
    if (p >= end)
        return 0;
    if (*p == '\n')
        return 1;
    if (*p == '\r')
        return (p + 1 < end && p[1] == '\n') ? 2 : 1;
    return 0;
}

/* 1-based column of pos: UTF-8 continuation bytes don't start a character, so they
 * don't count; this keeps columns in line with an editor for accented names. */
static int np_import_column(const char *line_start, const char *pos)
{
    int col = 1;

    for (; line_start < pos; line_start++)
        if (((unsigned char)*line_start & 0xc0) != 0x80)
            col++;
    return col;
}

static int np_import_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int np_import_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int np_import_alnum(char c)
{
    return np_import_alpha(c) || (c >= '0' && c <= '9');
}

static int np_import_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void np_import_add_error(apr_pool_t *p, np_import_result_t *res, int line, int column,
                                const char *what)
{
    np_import_error_t *e = apr_array_push(res->errors);

    e->line = line;
    e->column = column;
    e->message = apr_psprintf(p, "line %d, column %d: %s", line, column, what);
}

/* np_mac_parse's messages are written for a field that is known to hold a MAC; an import
 * error also has to show the value, so each is reworded to say what to fix. */
static const char *np_import_mac_detail(apr_pool_t *p, const char *text, size_t len,
                                        const char *err, size_t errpos)
{
    unsigned char c = errpos < len ? (unsigned char)text[errpos] : 0;

    if (strcmp(err, "invalid character in MAC address") == 0) {
        if (c >= 0x80) {
            /* Quote the whole UTF-8 character, not a lone lead byte. */
            size_t n = 1;
            while (errpos + n < len && ((unsigned char)text[errpos + n] & 0xc0) == 0x80)
                n++;
            return apr_psprintf(p, "'%.*s' is not a hex digit", (int)n, text + errpos);
        }
        if (c > ' ' && c < 0x7f)
            return apr_psprintf(p, "'%c' is not a hex digit", c);
        if (c == '\t')
            return "a tab is not allowed in a MAC address";
        return apr_psprintf(p, "character 0x%02x is not allowed in a MAC address", c);
    }
    if (strcmp(err, "MAC address too short") == 0)
        return "too short: a MAC address has 12 hex digits";
    if (strcmp(err, "MAC address too long") == 0)
        return "too long: a MAC address has 12 hex digits";
    if (strcmp(err, "multicast MAC address") == 0)
        return "it is a multicast address (odd first byte), which no phone has";
    if (strcmp(err, "broadcast MAC address") == 0)
        return "it is the broadcast address";
    if (strcmp(err, "all-zero MAC address") == 0)
        return "it is all zeros";
    if (strcmp(err, "unexpected separator in MAC address") == 0 && c)
        return apr_psprintf(p, "unexpected separator '%c'", c);
    if (strcmp(err, "mixed separators in MAC address") == 0 && c)
        return apr_psprintf(p, "separator '%c' differs from the first one", c);
    if (strcmp(err, "missing separator in MAC address") == 0)
        return "a separator is missing";
    return err;
}

/* Parse text as a MAC; on success append a row and return it, else append an error placed
 * at the offending character (when offset_ok says text sits verbatim in the line from
 * column on) and return NULL. quiet suppresses the error for guesses that may not be MACs. */
static np_import_row_t *np_import_take_mac(apr_pool_t *p, np_import_result_t *res,
                                           const char *text, size_t len, int line,
                                           int column, int offset_ok, int quiet)
{
    unsigned char mac[NP_MAC_LEN];
    const char *err = NULL;
    size_t errpos = 0;
    np_import_row_t *row;

    if (np_mac_parse(text, len, mac, &err, &errpos) != 0) {
        if (!quiet) {
            int col = column;
            /* errpos == len ("too short") points just past the value. */
            if (offset_ok)
                col += np_import_column(text, text + (errpos < len ? errpos : len)) - 1;
            np_import_add_error(p, res, line, col,
                                apr_psprintf(p, "%.*s%s is not a MAC address: %s",
                                             (int)(len > NP_IMPORT_QUOTE_MAX
                                                   ? NP_IMPORT_QUOTE_MAX : len),
                                             text, len > NP_IMPORT_QUOTE_MAX ? "..." : "",
                                             np_import_mac_detail(p, text, len, err, errpos)));
        }
        return NULL;
    }
    row = apr_array_push(res->rows);
    memset(row, 0, sizeof *row);
    row->line = line;
    row->column = column;
    row->mac_text = apr_pstrmemdup(p, text, len);
    memcpy(row->mac, mac, NP_MAC_LEN);
    np_mac_format(mac, NP_MAC_PLAIN, row->mac_norm);
    return row;
}

/* ---- CSV record reader ---- */

np_csv_t *np_csv_create(apr_pool_t *p, const char *buf, size_t len, char delim)
{
    np_csv_t *csv = apr_pcalloc(p, sizeof *csv);

    csv->pool = p;
    csv->p = buf;
    csv->end = buf + len;
    csv->line_start = buf;
    csv->line = 1;
    csv->delim = delim;
    csv->fields = apr_array_make(p, 8, sizeof(np_csv_field_t));
    return csv;
}

/* A blank around a field; a tab is not one when it is the delimiter. */
static int np_csv_blank(const np_csv_t *csv, char c)
{
    return c == ' ' || (c == '\t' && csv->delim != '\t');
}

static void np_csv_put(np_csv_t *csv, size_t *n, char c)
{
    if (*n + 1 >= csv->scratch_cap) {
        /* Doubling keeps a long quoted field linear; the old buffer stays in the pool,
         * which is fine for the few fields that outgrow it. */
        size_t cap = csv->scratch_cap ? csv->scratch_cap * 2 : 256;
        char *s = apr_palloc(csv->pool, cap);
        if (*n)
            memcpy(s, csv->scratch, *n);
        csv->scratch = s;
        csv->scratch_cap = cap;
    }
    csv->scratch[(*n)++] = c;
}

/* Step over a line ending at csv->p, if any, keeping line and line_start right. */
static void np_csv_newline(np_csv_t *csv)
{
    size_t n = np_import_eol(csv->p, csv->end);

    if (n) {
        csv->p += n;
        csv->line++;
        csv->line_start = csv->p;
    }
}

/* Skip blank and comment lines; 0 at the end of input. */
static int np_csv_skip(np_csv_t *csv)
{
    for (;;) {
        const char *q = csv->p;

        while (q < csv->end && np_csv_blank(csv, *q))
            q++;
        if (q >= csv->end) {
            csv->p = csv->end;
            return 0;
        }
        if (*q == '#') {
            while (q < csv->end && !np_import_eol(q, csv->end))
                q++;
        } else if (!np_import_eol(q, csv->end)) {
            return 1;
        }
        csv->p = q;
        np_csv_newline(csv);
    }
}

/* A quoted field starting at s (on '"'). Returns 0, or -1 if the quote never closes. */
static int np_csv_quoted(np_csv_t *csv, const char *s, np_csv_field_t *f)
{
    const char *r = s + 1;
    size_t n = 0;
    int verbatim = 1;
    int qline = csv->line, qcol = np_import_column(csv->line_start, s);

    f->line = csv->line;
    f->column = qcol + 1;
    for (;;) {
        size_t eol;

        if (r >= csv->end) {
            csv->err_line = qline;
            csv->err_col = qcol;
            return -1;
        }
        if (*r == '"') {
            if (r + 1 < csv->end && r[1] == '"') {
                np_csv_put(csv, &n, '"');
                r += 2;
                verbatim = 0;
                continue;
            }
            r++;
            break;
        }
        if ((eol = np_import_eol(r, csv->end)) > 0) {
            /* A line break inside a cell is LF whatever the file uses, so a display
             * name reads the same from Excel and from LibreOffice. */
            np_csv_put(csv, &n, '\n');
            verbatim = 0;
            r += eol;
            csv->line++;
            csv->line_start = r;
            continue;
        }
        np_csv_put(csv, &n, *r++);
    }
    /* Text after the closing quote is not RFC 4180, but spreadsheets keep it, so it is
     * kept too rather than failing the row; blanks before the delimiter are dropped. */
    {
        const char *tail = r, *tail_end;

        while (r < csv->end && *r != csv->delim && !np_import_eol(r, csv->end))
            r++;
        tail_end = r;
        while (tail_end > tail && np_csv_blank(csv, tail_end[-1]))
            tail_end--;
        if (tail_end > tail)
            verbatim = 0;
        for (; tail < tail_end; tail++)
            np_csv_put(csv, &n, *tail);
    }
    f->value = apr_pstrmemdup(csv->pool, n ? csv->scratch : "", n);
    f->len = n;
    f->verbatim = verbatim;
    csv->p = r;
    return 0;
}

int np_csv_next(np_csv_t *csv, const np_csv_field_t **fields, int *nfields, int *line)
{
    const char *rec_line_start;
    int rec_line;

    *fields = NULL;
    *nfields = 0;
    if (!np_csv_skip(csv))
        return 0;
    rec_line = csv->line;
    rec_line_start = csv->line_start;
    if (line)
        *line = rec_line;
    csv->fields->nelts = 0;
    for (;;) {
        np_csv_field_t *f = apr_array_push(csv->fields);
        const char *s = csv->p;

        while (s < csv->end && np_csv_blank(csv, *s))
            s++;
        if (s < csv->end && *s == '"') {
            if (np_csv_quoted(csv, s, f) != 0) {
                /* Resume on the line after the record's first: whatever the stray quote
                 * swallowed after that is most likely ordinary rows. */
                csv->p = rec_line_start;
                while (csv->p < csv->end && !np_import_eol(csv->p, csv->end))
                    csv->p++;
                csv->line = rec_line;
                np_csv_newline(csv);
                csv->fields->nelts = 0;
                return -1;
            }
        } else {
            const char *r = s, *e;

            while (r < csv->end && *r != csv->delim && *r != '\n' && *r != '\r')
                r++;
            e = r;
            while (e > s && np_csv_blank(csv, e[-1]))
                e--;
            f->value = apr_pstrmemdup(csv->pool, s, (apr_size_t)(e - s));
            f->len = (size_t)(e - s);
            f->line = csv->line;
            f->column = np_import_column(csv->line_start, s);
            f->verbatim = 1;
            csv->p = r;
        }
        if (csv->p < csv->end && *csv->p == csv->delim) {
            csv->p++;
            continue;
        }
        np_csv_newline(csv);
        break;
    }
    *fields = (const np_csv_field_t *)csv->fields->elts;
    *nfields = csv->fields->nelts;
    return 1;
}

void np_csv_error(const np_csv_t *csv, int *line, int *column)
{
    *line = csv->err_line;
    *column = csv->err_col;
}

char np_csv_detect_delimiter(apr_pool_t *p, const char *buf, size_t len)
{
    static const char cands[] = { ',', ';', '\t' };
    char best = ',';
    int best_n = 1, best_same = -1;
    size_t i;

    for (i = 0; i < sizeof cands; i++) {
        np_csv_t *csv = np_csv_create(p, buf, len, cands[i]);
        const np_csv_field_t *f;
        int n0, n, same = 0, k;

        if (np_csv_next(csv, &f, &n0, NULL) != 1)
            continue;
        for (k = 0; k < NP_CSV_SAMPLE; k++) {
            int rc = np_csv_next(csv, &f, &n, NULL);
            if (rc == 0)
                break;
            if (rc == 1 && n == n0)
                same++;
        }
        /* Strictly greater: on a full tie the earlier candidate stays. */
        if (n0 > best_n || (n0 == best_n && n0 > 1 && same > best_same)) {
            best = cands[i];
            best_n = n0;
            best_same = same;
        }
    }
    return best;
}

/* ---- CSV import ---- */

/* The column a header cell names, or -1. Spaces, '_' and '-' are dropped and case folded
 * so "MAC Address", "mac_address" and "Mac-Address" are one name. */
static int np_import_column_kind(const char *s, size_t len)
{
    static const struct {
        const char *name;
        int kind;
    } names[] = {
        { "mac", NP_COL_MAC },
        { "macaddress", NP_COL_MAC },
        { "model", NP_COL_MODEL },
        { "extension", NP_COL_EXT },
        { "ext", NP_COL_EXT },
        { "user", NP_COL_EXT },
        { "displayname", NP_COL_NAME },
        { "name", NP_COL_NAME },
        { "checkcode", NP_COL_CODE },
        { "macid", NP_COL_CODE },
        { "macidcode", NP_COL_CODE },
        { "macidcheckcode", NP_COL_CODE },
    };
    char norm[NP_IMPORT_NAME_MAX + 1];
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '\t')
            continue;
        if (n == NP_IMPORT_NAME_MAX)
            return -1;
        norm[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    norm[n] = '\0';
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(norm, names[i].name) == 0)
            return names[i].kind;
    return -1;
}

/* 1 if the record is a header: it names a column and holds no MAC. Fills cols[]. */
static int np_import_header(const np_csv_field_t *f, int n, int cols[NP_COL_COUNT])
{
    int i, named = 0;
    unsigned char mac[NP_MAC_LEN];

    for (i = 0; i < NP_COL_COUNT; i++)
        cols[i] = -1;
    for (i = 0; i < n; i++) {
        int kind = np_import_column_kind(f[i].value, f[i].len);
        if (np_mac_parse(f[i].value, f[i].len, mac, NULL, NULL) == 0)
            return 0;
        /* The first column with a name wins, as a spreadsheet user reading left to
         * right would expect. */
        if (kind >= 0 && cols[kind] < 0) {
            cols[kind] = i;
            named = 1;
        }
    }
    return named;
}

/* A cell's value with blanks trimmed, or NULL if none is left. */
static const char *np_import_cell(apr_pool_t *p, const np_csv_field_t *f, int n, int idx)
{
    const char *s, *e;

    if (idx < 0 || idx >= n)
        return NULL;
    s = f[idx].value;
    e = s + f[idx].len;
    while (s < e && np_import_blank(*s))
        s++;
    while (e > s && np_import_blank(e[-1]))
        e--;
    if (s == e)
        return NULL;
    if (s == f[idx].value && e == s + f[idx].len)
        return s;
    return apr_pstrmemdup(p, s, (apr_size_t)(e - s));
}

static void np_import_csv(apr_pool_t *p, const char *buf, size_t len, np_import_result_t *res)
{
    np_csv_t *csv;
    const np_csv_field_t *f;
    int n, line, rc, first = 1;
    int cols[NP_COL_COUNT] = { 0, 1, 2, 3, 4 };

    res->delimiter = np_csv_detect_delimiter(p, buf, len);
    csv = np_csv_create(p, buf, len, res->delimiter);
    while ((rc = np_csv_next(csv, &f, &n, &line)) != 0) {
        const np_csv_field_t *mf;
        np_import_row_t *row;
        const char *mac_s;
        size_t mac_len;
        int i, empty = 1, col;

        if (rc < 0) {
            int eline, ecol;
            np_csv_error(csv, &eline, &ecol);
            np_import_add_error(p, res, eline, ecol,
                                "unterminated quoted field: the closing '\"' is missing");
            first = 0;
            continue;
        }
        if (first) {
            first = 0;
            if (np_import_header(f, n, cols)) {
                res->header = 1;
                if (cols[NP_COL_MAC] < 0) {
                    np_import_add_error(p, res, line, 1,
                                        "the header names no MAC column "
                                        "(expected \"mac\" or \"mac address\")");
                    return;
                }
                continue;
            }
            cols[NP_COL_MAC] = 0;
            cols[NP_COL_MODEL] = 1;
            cols[NP_COL_EXT] = 2;
            cols[NP_COL_NAME] = 3;
            cols[NP_COL_CODE] = 4;
        }
        for (i = 0; i < n && empty; i++)
            if (np_import_cell(p, f, n, i))
                empty = 0;
        if (empty)
            continue;   /* Excel's ";;;" rows under a table */
        if (cols[NP_COL_MAC] >= n) {
            const np_csv_field_t *last = &f[n - 1];
            np_import_add_error(p, res, last->line,
                                last->column + (last->verbatim ? (int)last->len : 0),
                                apr_psprintf(p, "the MAC column (column %d) is missing",
                                             cols[NP_COL_MAC] + 1));
            continue;
        }
        mf = &f[cols[NP_COL_MAC]];
        mac_s = mf->value;
        mac_len = mf->len;
        col = mf->column;
        /* Trim here rather than use np_import_cell so the column keeps pointing at the
         * first character of the MAC when the cell was padded. */
        while (mac_len && np_import_blank(*mac_s)) {
            mac_s++;
            mac_len--;
            col++;
        }
        while (mac_len && np_import_blank(mac_s[mac_len - 1]))
            mac_len--;
        if (mac_len == 0) {
            np_import_add_error(p, res, mf->line, mf->column, "the MAC column is empty");
            continue;
        }
        row = np_import_take_mac(p, res, mac_s, mac_len, mf->line, col, mf->verbatim, 0);
        if (!row)
            continue;
        row->line = line;
        row->model = np_import_cell(p, f, n, cols[NP_COL_MODEL]);
        row->extension = np_import_cell(p, f, n, cols[NP_COL_EXT]);
        row->display_name = np_import_cell(p, f, n, cols[NP_COL_NAME]);
        if ((row->check_code = np_import_cell(p, f, n, cols[NP_COL_CODE]))) {
            const np_csv_field_t *cf = &f[cols[NP_COL_CODE]];
            char *u = apr_pstrdup(p, row->check_code);
            size_t k;
            for (k = 0; u[k]; k++)
                u[k] = (u[k] >= 'a' && u[k] <= 'z') ? (char)(u[k] - 'a' + 'A') : u[k];
            if (k != 4 || strspn(u, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 4) {
                np_import_add_error(p, res, cf->line, cf->column,
                                    apr_psprintf(p, "'%s' is not a MAC-ID check code: 4 letters or digits, as printed "
                                                    "after the MAC on the label", row->check_code));
                apr_array_pop(res->rows);
                continue;
            }
            row->check_code = u;
        }
    }
}

/* ---- one MAC per line ---- */

/* The content of the line at ls..le without blanks and a trailing " #" comment; 0 if
 * nothing is left or the line is a comment. */
static int np_import_line_content(const char *ls, const char *le, const char **s,
                                  const char **e)
{
    const char *a = ls, *b, *q;

    while (a < le && np_import_blank(*a))
        a++;
    if (a == le || *a == '#')
        return 0;
    b = le;
    for (q = a + 1; q < le; q++)
        if (*q == '#' && np_import_blank(q[-1])) {
            b = q;
            break;
        }
    while (b > a && np_import_blank(b[-1]))
        b--;
    *s = a;
    *e = b;
    return 1;
}

static void np_import_lines(apr_pool_t *p, const char *buf, size_t len, np_import_result_t *res)
{
    const char *ls = buf, *end = buf + len;
    int line = 1;

    while (ls < end) {
        const char *le = ls, *s, *e;

        while (le < end && !np_import_eol(le, end))
            le++;
        if (np_import_line_content(ls, le, &s, &e))
            np_import_take_mac(p, res, s, (size_t)(e - s), line,
                               np_import_column(ls, s), 1, 0);
        ls = le + np_import_eol(le, end);
        line++;
    }
}

/* ---- free text ---- */

static int np_import_wordch(char c)
{
    return np_import_alnum(c) || c == ':' || c == '-' || c == '.';
}

static int np_import_sep(char c)
{
    return c == ':' || c == '-' || c == '.';
}

/* Length of the run of "hh hh hh ..." pairs starting at s, in pairs; each pair must stand
 * alone (not part of a longer word) and pairs are joined by exactly one space. */
static int np_import_pairs(const char *s, const char *le, const char **run_end)
{
    int k = 0;

    for (;;) {
        if (s + 2 > le || !np_import_hex(s[0]) || !np_import_hex(s[1])
            || (s + 2 < le && np_import_wordch(s[2])))
            break;
        k++;
        *run_end = s + 2;
        if (s + 3 < le && s[2] == ' ')
            s += 3;
        else
            break;
    }
    return k;
}

/* One word of free text, as described in np_import.h. */
static void np_import_word(apr_pool_t *p, np_import_result_t *res, const char *ls,
                           const char *ws, const char *we, int line)
{
    int plus = ws > ls && ws[-1] == '+';
    int ngroups = 0, lens[8], colon = 0, dash = 0, dot = 0, all_hex = 1, i;
    const char *q, *g;

    while (ws < we && np_import_sep(*ws))
        ws++;
    while (we > ws && np_import_sep(we[-1]))
        we--;
    /* Labels such as "MAC:" or "SN:" glued to the value. Requiring a non-hex letter keeps
     * "AB:CD:..." (which is the value itself) intact. */
    for (;;) {
        int nonhex = 0;
        for (q = ws; q < we && np_import_alpha(*q); q++)
            if (!np_import_hex(*q))
                nonhex = 1;
        if (q < we && *q == ':' && q > ws && nonhex)
            ws = q + 1;
        else
            break;
    }
    if (ws >= we)
        return;
    for (g = q = ws; q <= we; q++) {
        if (q < we && !np_import_sep(*q)) {
            if (!np_import_hex(*q))
                all_hex = 0;
            continue;
        }
        if (q == g || ngroups == 8)
            return;   /* "::" of IPv6, or too many groups to be a MAC */
        lens[ngroups++] = (int)(q - g);
        if (q < we) {
            colon |= *q == ':';
            dash |= *q == '-';
            dot |= *q == '.';
        }
        g = q + 1;
    }
    if (ngroups == 1) {
        if (lens[0] == 12 && all_hex && !plus)
            np_import_take_mac(p, res, ws, 12, line, np_import_column(ls, ws), 1, 1);
        return;
    }
    if (!dot && ngroups == 6) {
        for (i = 0; i < 6; i++)
            if (lens[i] > 2)
                return;
    } else if (!dot && !dash && (ngroups == 5 || ngroups == 7)) {
        for (i = 0; i < ngroups; i++)
            if (lens[i] != 2)
                return;
    } else if (dot && !colon && !dash && ngroups == 3) {
        for (i = 0; i < 3; i++)
            if (lens[i] != 4)
                return;
    } else {
        return;
    }
    np_import_take_mac(p, res, ws, (size_t)(we - ws), line, np_import_column(ls, ws), 1, 0);
}

static void np_import_text(apr_pool_t *p, const char *buf, size_t len, np_import_result_t *res)
{
    const char *ls = buf, *end = buf + len;
    int line = 1;

    while (ls < end) {
        const char *le = ls, *i;

        while (le < end && !np_import_eol(le, end))
            le++;
        for (i = ls; i < le;) {
            const char *ws, *run_end = NULL;
            int k;

            if (!np_import_wordch(*i)) {
                i++;
                continue;
            }
            ws = i;
            if ((k = np_import_pairs(ws, le, &run_end)) > 1) {
                /* Only a run of exactly six is taken: five or seven pairs are some
                 * other list of numbers. */
                if (k == 6)
                    np_import_take_mac(p, res, ws, (size_t)(run_end - ws), line,
                                       np_import_column(ls, ws), 1, 1);
                i = run_end;
                continue;
            }
            while (i < le && np_import_wordch(*i))
                i++;
            np_import_word(p, res, ls, ws, i, line);
        }
        ls = le + np_import_eol(le, end);
        line++;
    }
}

/* ---- mode choice and entry point ---- */

int np_import_mac_like(const char *s, size_t len)
{
    size_t i;
    int hex = 0, other = 0;

    if (len < 10 || len > 20)
        return 0;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (np_import_hex(c))
            hex++;
        else if (np_import_alpha(c))
            other++;
        else if (c != ':' && c != '-' && c != '.' && c != ' ')
            return 0;
    }
    return hex >= 9 && other <= 3;
}

np_import_mode_e np_import_detect(apr_pool_t *p, const char *buf, size_t len)
{
    const char *ls, *end;
    const np_csv_field_t *f;
    int n, cols[NP_COL_COUNT];
    np_csv_t *csv;

    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    csv = np_csv_create(p, buf, len, np_csv_detect_delimiter(p, buf, len));
    if (np_csv_next(csv, &f, &n, NULL) == 1
        && (np_import_header(f, n, cols)
            || (n >= 2 && np_import_mac_like(f[0].value, f[0].len))))
        return NP_IMPORT_CSV;
    end = buf + len;
    for (ls = buf; ls < end;) {
        const char *le = ls, *s, *e;

        while (le < end && !np_import_eol(le, end))
            le++;
        if (np_import_line_content(ls, le, &s, &e)) {
            if (!np_import_mac_like(s, (size_t)(e - s)))
                return NP_IMPORT_TEXT;
        }
        ls = le + np_import_eol(le, end);
    }
    /* Also for an empty input, which reads the same in every mode. */
    return NP_IMPORT_LINES;
}

np_import_result_t *np_import_parse(apr_pool_t *p, const char *buf, size_t len,
                                    np_import_mode_e mode)
{
    np_import_result_t *res = apr_pcalloc(p, sizeof *res);

    res->rows = apr_array_make(p, 64, sizeof(np_import_row_t));
    res->errors = apr_array_make(p, 8, sizeof(np_import_error_t));
    if (!buf)
        len = 0;
    if (len >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 || memcmp(buf, "\xfe\xff", 2) == 0)) {
        /* Reading UTF-16 byte by byte would see a NUL after every character and find
         * nothing; better to say how to export the file. */
        res->mode = mode == NP_IMPORT_AUTO ? NP_IMPORT_CSV : mode;
        np_import_add_error(p, res, 1, 1,
                            "the file is UTF-16 (Excel \"Unicode Text\"); "
                            "save it as \"CSV UTF-8\" instead");
        return res;
    }
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    res->mode = mode == NP_IMPORT_AUTO ? np_import_detect(p, buf, len) : mode;
    switch (res->mode) {
    case NP_IMPORT_CSV:
        np_import_csv(p, buf, len, res);
        break;
    case NP_IMPORT_LINES:
        np_import_lines(p, buf, len, res);
        break;
    case NP_IMPORT_TEXT:
    default:
        res->mode = NP_IMPORT_TEXT;
        np_import_text(p, buf, len, res);
        break;
    }
    return res;
}

static const char *const np_import_modes[] = { "auto", "csv", "lines", "text" };

const char *np_import_mode_name(np_import_mode_e mode)
{
    if ((int)mode < 0 || (size_t)mode >= sizeof np_import_modes / sizeof np_import_modes[0])
        return NULL;
    return np_import_modes[mode];
}

int np_import_mode_by_name(const char *name)
{
    size_t i;

    if (!name)
        return -1;
    for (i = 0; i < sizeof np_import_modes / sizeof np_import_modes[0]; i++)
        if (strcmp(name, np_import_modes[i]) == 0)
            return (int)i;
    return -1;
}
