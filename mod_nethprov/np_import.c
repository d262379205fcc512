/* The input side of `nethprov import`: CSV, one MAC per line, and free text. See np_import.h
 * for the rules; the comments here explain how they are carried out. */
#include <string.h>

#include <stdint.h>
#include <strings.h>

#include <apr_hash.h>
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

/* A column cursor: the column of at is col. Each MAC of a line used to be placed by counting from
 * the line's start, which made a 2 MB one-line paste quadratic (87 s); callers ask for places in
 * increasing order, so counting on from the last one reads every byte once. */
typedef struct {
    const char *line_start;
    const char *at;
    int col;
} np_colcur_t;

static void np_colcur_reset(np_colcur_t *cc, const char *line_start)
{
    cc->line_start = cc->at = line_start;
    cc->col = 1;
}

static int np_colcur_get(np_colcur_t *cc, const char *pos)
{
    if (pos < cc->at) {
        /* Never happens in order; stays right (and slow) if it does. */
        cc->at = cc->line_start;
        cc->col = 1;
    }
    for (; cc->at < pos; cc->at++)
        if (((unsigned char)*cc->at & 0xc0) != 0x80)
            cc->col++;
    return cc->col;
}

struct np_csv_t {
    apr_pool_t *pool;
    const char *p;
    const char *end;
    const char *line_start;   /* for columns */
    np_colcur_t cc;           /* columns on the current line, counted on (see np_colcur_get) */
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
    e->what = what;
    e->message = apr_psprintf(p, "line %d, column %d: %s", line, column, what);
}

/* ---- characters beyond ASCII ---- */

/* The code point at s (at most n bytes) and its length in *len; a byte that starts no valid
 * UTF-8 sequence is returned as 0x110000 + the byte, length 1, so it can still be shown. */
static unsigned np_import_utf8(const char *s, size_t n, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned cp, need, i;

    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    if (u[0] >= 0xc2 && u[0] <= 0xdf) {
        need = 1;
        cp = u[0] & 0x1f;
    } else if (u[0] >= 0xe0 && u[0] <= 0xef) {
        need = 2;
        cp = u[0] & 0x0f;
    } else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
        need = 3;
        cp = u[0] & 0x07;
    } else {
        *len = 1;
        return 0x110000u + u[0];
    }
    if (n <= need) {
        *len = 1;
        return 0x110000u + u[0];
    }
    for (i = 1; i <= need; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            *len = 1;
            return 0x110000u + u[0];
        }
        cp = (cp << 6) | (u[i] & 0x3f);
    }
    *len = need + 1;
    return cp;
}

/* How a character beyond ASCII is named in a message: itself and its code point, since it may
 * look like a digit or not show at all (a zero-width space). */
static const char *np_import_char_name(apr_pool_t *p, const char *s, size_t n)
{
    size_t len;
    unsigned cp = np_import_utf8(s, n, &len);

    if (cp >= 0x110000u)
        return apr_psprintf(p, "byte 0x%02x (not UTF-8)", cp - 0x110000u);
    if (cp < 0xa0 || (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) || cp == 0xfeff)
        return apr_psprintf(p, "U+%04X", cp);
    return apr_psprintf(p, "'%.*s' (U+%04X)", (int)len, s, cp);
}

/* The full-width forms U+FF01..U+FF5E are ASCII 0x21..0x7E in a CJK font, and U+3000 is a
 * space: their NFKC (Unicode Standard Annex #15) is exactly that ASCII character, so they are
 * folded before a MAC is looked for. Each is one character for one, so a column counted on the
 * folded text is the column in the original. Returns s itself when nothing is folded. */
static const char *np_import_fold(apr_pool_t *p, const char *s, size_t len, size_t *outlen)
{
    char *out;
    size_t i, o = 0;

    for (i = 0; i + 2 < len; i++)
        if ((unsigned char)s[i] == 0xef || (unsigned char)s[i] == 0xe3)
            break;
    if (i + 2 >= len) {
        *outlen = len;
        return s;
    }
    out = apr_palloc(p, len + 1);
    memcpy(out, s, i);
    o = i;
    while (i < len) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (i + 2 < len && u[0] == 0xef && ((u[1] == 0xbc && u[2] >= 0x81) || (u[1] == 0xbd && u[2] <= 0x9e))
            && (u[2] & 0xc0) == 0x80) {
            unsigned cp = 0xf000u | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu);
            out[o++] = (char)(cp - 0xfee0u);
            i += 3;
        } else if (i + 2 < len && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) {
            out[o++] = ' ';
            i += 3;
        } else {
            out[o++] = s[i++];
        }
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

/* np_mac_parse's messages are written for a field that is known to hold a MAC; an import
 * error also has to show the value, so each is reworded to say what to fix. */
static const char *np_import_mac_detail(apr_pool_t *p, const char *text, size_t len,
                                        const char *err, size_t errpos)
{
    unsigned char c = errpos < len ? (unsigned char)text[errpos] : 0;

    if (strcmp(err, "invalid character in MAC address") == 0) {
        if (c >= 0x80)
            /* The whole character and its code point, not a lone lead byte: it may look
             * like a digit (a superscript) or not show at all. */
            return apr_psprintf(p, "%s is not an ASCII hex digit or separator",
                                np_import_char_name(p, text + errpos, len - errpos));
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
 * column on) and return NULL. quiet turns the error into a note in ->ignored, for guesses
 * that may be any number: they are no reason to refuse an import, but are still shown. */
static np_import_row_t *np_import_take_mac(apr_pool_t *p, np_import_result_t *res,
                                           const char *text, size_t len, int line,
                                           int column, int offset_ok, int quiet)
{
    unsigned char mac[NP_MAC_LEN];
    const char *err = NULL;
    size_t errpos = 0;
    np_import_row_t *row;

    if (np_mac_parse(text, len, mac, &err, &errpos) != 0) {
        if (quiet) {
            np_import_note_t *n = apr_array_push(res->ignored);
            n->line = line;
            n->column = column;
            n->mac_text = apr_pstrmemdup(p, text, len);
            n->message = apr_pstrcat(p, "ignored: ", np_import_mac_detail(p, text, len, err, errpos), NULL);
        } else {
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

    if (!buf) {
        buf = "";
        len = 0;
    }

    csv->pool = p;
    csv->p = buf;
    csv->end = buf + len;
    csv->line_start = buf;
    np_colcur_reset(&csv->cc, buf);
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
        np_colcur_reset(&csv->cc, csv->p);
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
    int qline = csv->line, qcol = np_colcur_get(&csv->cc, s);

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
            np_colcur_reset(&csv->cc, r);
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
            f->column = np_colcur_get(&csv->cc, s);
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

/* A cell folded like a MAC (full-width digits to ASCII), or NULL. */
static const char *np_import_cell_folded(apr_pool_t *p, const np_csv_field_t *f, int n, int idx)
{
    const char *v = np_import_cell(p, f, n, idx);
    size_t len;

    return v ? np_import_fold(p, v, strlen(v), &len) : NULL;
}

/* delim: the one a "sep=" line named, or 0 to detect it; buf starts on line first_line. */
static void np_import_csv(apr_pool_t *p, const char *buf, size_t len, np_import_result_t *res, char delim,
                          int first_line)
{
    np_csv_t *csv;
    const np_csv_field_t *f;
    int n, line, rc, first = 1, hinted = 0;
    int cols[NP_COL_COUNT] = { 0, 1, 2, 3, 4 };

    res->delimiter = delim ? delim : np_csv_detect_delimiter(p, buf, len);
    csv = np_csv_create(p, buf, len, res->delimiter);
    csv->line = first_line;
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
        /* Full-width digits become ASCII one character for one, so columns still hold. */
        mac_s = np_import_fold(p, mac_s, mac_len, &mac_len);
        row = np_import_take_mac(p, res, mac_s, mac_len, mf->line, col, mf->verbatim, 0);
        if (!row) {
            /* A table whose MAC is in another column and which has no header: say how to fix
             * it once, on the first row, rather than leave a column of riddles. */
            if (!res->header && !hinted) {
                for (i = 1; i < n; i++) {
                    unsigned char m[NP_MAC_LEN];
                    size_t fl;
                    const char *v = np_import_fold(p, f[i].value, f[i].len, &fl);
                    if (np_mac_parse(v, fl, m, NULL, NULL) == 0) {
                        np_import_error_t *e = &APR_ARRAY_IDX(res->errors, res->errors->nelts - 1,
                                                              np_import_error_t);
                        const char *hint = apr_psprintf(p, "; column %d holds a MAC: without a header line the "
                                                           "MAC must be the first column (a header line names "
                                                           "the columns: mac, model, extension, display name)",
                                                        i + 1);
                        e->what = apr_pstrcat(p, e->what, hint, NULL);
                        e->message = apr_pstrcat(p, e->message, hint, NULL);
                        hinted = 1;
                        break;
                    }
                }
            }
            continue;
        }
        row->line = line;
        row->model = np_import_cell(p, f, n, cols[NP_COL_MODEL]);
        row->extension = np_import_cell_folded(p, f, n, cols[NP_COL_EXT]);
        row->display_name = np_import_cell(p, f, n, cols[NP_COL_NAME]);
        if ((row->check_code = np_import_cell_folded(p, f, n, cols[NP_COL_CODE]))) {
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

/* A Gigaset label's MAC-ID "7C2F80C0FFEE-WXYZ" at s..s+len: 1 and the check code, upper-cased. */
static int np_import_mac_id(apr_pool_t *p, const char *s, size_t len, const char **code)
{
    char *c;
    size_t i;

    if (len != 17 || s[12] != '-')
        return 0;
    for (i = 0; i < 12; i++)
        if (!np_import_hex(s[i]))
            return 0;
    for (i = 13; i < 17; i++)
        if (!np_import_alnum(s[i]))
            return 0;
    c = apr_pstrmemdup(p, s + 13, 4);
    for (i = 0; i < 4; i++)
        if (c[i] >= 'a' && c[i] <= 'z')
            c[i] = (char)(c[i] - 'a' + 'A');
    *code = c;
    return 1;
}

static void np_import_lines(apr_pool_t *p, const char *buf, size_t len, np_import_result_t *res)
{
    const char *ls = buf, *end = buf + len;
    int line = 1;

    while (ls < end) {
        const char *le = ls, *s, *e, *code;

        while (le < end && !np_import_eol(le, end))
            le++;
        if (np_import_line_content(ls, le, &s, &e)) {
            size_t n;
            int col = np_import_column(ls, s);
            const char *f = np_import_fold(p, s, (size_t)(e - s), &n);
            np_import_row_t *row;
            if (np_import_mac_id(p, f, n, &code)) {
                if ((row = np_import_take_mac(p, res, f, 12, line, col, 1, 0)))
                    row->check_code = code;
            } else {
                np_import_take_mac(p, res, f, n, line, col, 1, 0);
            }
        }
        ls = le + np_import_eol(le, end);
        line++;
    }
}

/* ---- free text ---- */

/* What the free-text reader carries along a line. */
typedef struct {
    apr_pool_t *p;
    np_import_result_t *res;
    const char *ls;       /* the line's start and end */
    const char *le;
    int line;
    np_colcur_t cc;
    int warn;             /* auto mode: warn when cells next to a MAC are dropped */
    const char *took;     /* where the last MAC taken starts and ends */
    const char *took_end;
} np_text_t;

static int np_import_wordch(char c)
{
    return np_import_alnum(c) || c == ':' || c == '-' || c == '.';
}

static int np_import_sep(char c)
{
    return c == ':' || c == '-' || c == '.';
}

/* Characters beyond ASCII that end a word like a blank or a comma do: spaces, quotation marks,
 * bullets, currency and CJK punctuation around a MAC in prose. Any other one (a letter, a
 * superscript, a dash, an invisible character) is taken as part of the word, so that a MAC
 * holding or touching it is refused with its place rather than silently cut short. */
static int np_import_benign(unsigned cp)
{
    return cp == 0xa0 || cp == 0xa3 || cp == 0xa7 || cp == 0xa9 || cp == 0xab || cp == 0xae || cp == 0xb0
           || cp == 0xbb || (cp >= 0x2000 && cp <= 0x200a) || (cp >= 0x2018 && cp <= 0x201f) || cp == 0x2022
           || cp == 0x2026 || cp == 0x202f || cp == 0x205f || cp == 0x20ac || cp == 0x2122
           || (cp >= 0x3000 && cp <= 0x3002) || (cp >= 0x300c && cp <= 0x300f);
}

/* Dashes a word processor puts where '-' was typed (hyphen, en and em dash, minus): they separate
 * groups the way '-' does when the shape of a MAC is looked for, and are refused inside one. */
static int np_import_dashlike(unsigned cp)
{
    return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xfe58 || cp == 0xfe63 || cp == 0xff0d;
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

/* 1 when the MAC at ws..we is a whole cell of its line split by d and a cell next to it holds
 * something. Looks only around the MAC, so a long line is not read again for each one. */
static int np_text_cell(const np_text_t *t, const char *ws, const char *we, char d)
{
    const char *a = ws, *b = we, *q;
    int left, right;

#define NP_TEXT_BLANK(c) ((c) == ' ' || ((c) == '\t' && d != '\t'))
    while (a > t->ls && NP_TEXT_BLANK(a[-1]))
        a--;
    while (b < t->le && NP_TEXT_BLANK(*b))
        b++;
    left = a > t->ls && a[-1] == d;
    right = b < t->le && *b == d;
    if ((a > t->ls && !left) || (b < t->le && !right))
        return 0;   /* not a whole cell: text around it */
    if (left) {
        for (q = a - 1; q > t->ls && NP_TEXT_BLANK(q[-1]); q--)
            ;
        if (q > t->ls && q[-1] != d)
            return 1;
    }
    if (right) {
        for (q = b + 1; q < t->le && NP_TEXT_BLANK(*q); q++)
            ;
        if (q < t->le && *q != d)
            return 1;
    }
#undef NP_TEXT_BLANK
    return 0;
}

/* 1 when auto mode, reading free text, drops cells next to this MAC: any of the delimiters a
 * CSV may have, since a pasted table inside prose need not use the prose's commas. */
static int np_text_in_cells(const np_text_t *t, const char *ws, const char *we)
{
    return np_text_cell(t, ws, we, ',') || np_text_cell(t, ws, we, ';') || np_text_cell(t, ws, we, '\t');
}

/* A MAC found in text: taken as in every mode, then marked as a guess when it is a bare run. */
static np_import_row_t *np_text_take(np_text_t *t, const char *ws, const char *we, int guess)
{
    np_import_row_t *row = np_import_take_mac(t->p, t->res, ws, (size_t)(we - ws), t->line,
                                              np_colcur_get(&t->cc, ws), 1, guess);

    if (row) {
        t->took = ws;
        t->took_end = we;
        row->guess = guess;
        if (t->warn && !t->res->warning && np_text_in_cells(t, ws, we))
            t->res->warning = "read as free text: columns other than the MAC are ignored; use --format csv";
    }
    return row;
}

/* Drop separators at both ends of ws..we (a sentence's full stop) and labels glued to the value
 * ("MAC:", "S/N:" leaves "N:" which goes too, "MAC-ID:"). Requiring a non-hex letter in a label
 * keeps "AB:CD:..." (which is the value itself) intact. */
static void np_text_trim(const char **ws, const char **we)
{
    const char *s = *ws, *e = *we, *q;

    while (s < e && np_import_sep(*s))
        s++;
    while (e > s && np_import_sep(e[-1]))
        e--;
    for (;;) {
        int nonhex = 0;
        for (q = s; q < e && (np_import_alpha(*q) || (*q == '-' && q > s)); q++)
            if (np_import_alpha(*q) && !np_import_hex(*q))
                nonhex = 1;
        if (q < e && *q == ':' && q > s && nonhex)
            s = q + 1;
        else
            break;
    }
    *ws = s;
    *we = e;
}

/* One word of free text (ASCII only), as described in np_import.h. */
static void np_import_word(np_text_t *t, const char *ws, const char *we)
{
    int plus = ws > t->ls && ws[-1] == '+';
    int ngroups = 0, lens[8], colon = 0, dash = 0, dot = 0, all_hex = 1, i;
    const char *q, *g;

    np_text_trim(&ws, &we);
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
            np_text_take(t, ws, ws + 12, 1);
        return;
    }
    if (ngroups == 2 && dash && lens[0] == 12 && lens[1] == 4 && !plus) {
        /* A Gigaset label's MAC-ID: the MAC and its 4-character check code joined by '-',
         * "7C2F80C0FFEE-WXYZ" (the form Gigaset's redirect service takes, see
         * github.com/nethesis/falconieri, providers/gigaset.go, autoprov.registerDevice). */
        np_import_row_t *row;
        char *code;
        for (i = 0; i < 12; i++)
            if (!np_import_hex(ws[i]))
                return;
        if (!(row = np_text_take(t, ws, ws + 12, 1)))
            return;
        code = apr_pstrmemdup(t->p, ws + 13, 4);
        for (i = 0; i < 4; i++)
            if (code[i] >= 'a' && code[i] <= 'z')
                code[i] = (char)(code[i] - 'a' + 'A');
        row->check_code = code;
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
    np_text_take(t, ws, we, 0);
}

/* A word holding characters beyond ASCII (other than the benign ones). If it has the shape of
 * a MAC, counting such a character as a digit and a dash as a separator ("00:15:65:аа:bb:cc"
 * with Cyrillic а, "00–15–65–aa–bb–cc" with en dashes, "001565aabbc²"), it is an error at the
 * first of them; otherwise its ASCII parts are words of their own. */
static void np_text_foreign(np_text_t *t, const char *ws, const char *we)
{
    const char *s = ws, *e = we, *q, *first = NULL;
    int ngroups = 0, lens[8], cur = 0, shape = 0, i;
    size_t n;

    /* Dashes at the ends are punctuation ("see 00:15:65:aa:bb:cc — the desk phone"). */
    for (;;) {
        np_text_trim(&s, &e);
        if (s < e && (unsigned char)*s >= 0x80 && np_import_dashlike(np_import_utf8(s, (size_t)(e - s), &n))) {
            s += n;
            continue;
        }
        for (q = e; q > s && ((unsigned char)q[-1] & 0xc0) == 0x80; q--)
            ;
        if (q > s && (unsigned char)q[-1] >= 0xc0) {
            q--;
            if (np_import_dashlike(np_import_utf8(q, (size_t)(e - q), &n)) && q + n == e) {
                e = q;
                continue;
            }
        }
        break;
    }
    for (q = s; q < e; q++)
        if ((unsigned char)*q >= 0x80)
            break;
    if (q == e) {
        if (s < e)
            np_import_word(t, s, e);
        return;
    }
    for (q = s; q <= e && ngroups <= 8;) {
        unsigned cp = 0;
        int sep;

        if (q == e) {
            sep = 1;
            n = 1;
        } else if ((unsigned char)*q < 0x80) {
            sep = np_import_sep(*q);
            n = 1;
        } else {
            cp = np_import_utf8(q, (size_t)(e - q), &n);
            sep = np_import_dashlike(cp);
            if (!first)
                first = q;
        }
        if (sep) {
            if (ngroups == 8 || cur == 0) {
                ngroups = 9;   /* empty group or too many: no MAC shape */
                break;
            }
            lens[ngroups++] = cur;
            cur = 0;
        } else {
            cur++;
        }
        if (q == e)
            break;
        q += n;
    }
    if (ngroups == 1)
        shape = lens[0] == 12;
    else if (ngroups == 6)
        for (shape = 1, i = 0; i < 6; i++)
            shape = shape && lens[i] >= 1 && lens[i] <= 2;
    else if (ngroups == 5 || ngroups == 7)
        for (shape = 1, i = 0; i < ngroups; i++)
            shape = shape && lens[i] == 2;
    else if (ngroups == 3)
        shape = lens[0] == 4 && lens[1] == 4 && lens[2] == 4;
    if (shape && first) {
        int col = np_colcur_get(&t->cc, s);
        size_t len = (size_t)(e - s);
        np_import_add_error(t->p, t->res, t->line, col + np_import_column(s, first) - 1,
                            apr_psprintf(t->p, "%.*s%s is not a MAC address: %s is not an ASCII hex digit or separator",
                                         (int)(len > NP_IMPORT_QUOTE_MAX ? NP_IMPORT_QUOTE_MAX : len), s,
                                         len > NP_IMPORT_QUOTE_MAX ? "..." : "",
                                         np_import_char_name(t->p, first, (size_t)(e - first))));
        return;
    }
    /* Not a MAC's shape: the ASCII runs between the other characters are ordinary words, but a
     * MAC found right against one of those characters ("00:15:65:aa:bb:ccé") is refused there. */
    for (q = ws; q < we;) {
        const char *a, *bad = NULL;
        int before = t->res->rows->nelts;
        if ((unsigned char)*q >= 0x80 || !np_import_wordch(*q)) {
            q++;
            continue;
        }
        for (a = q; q < we && (unsigned char)*q < 0x80 && np_import_wordch(*q); q++)
            ;
        np_import_word(t, a, q);
        if (t->res->rows->nelts == before)
            continue;
        if (t->took_end < we && (unsigned char)*t->took_end >= 0x80)
            bad = t->took_end;
        else if (t->took > ws && (unsigned char)t->took[-1] >= 0x80)
            for (bad = t->took - 1; bad > ws && ((unsigned char)*bad & 0xc0) == 0x80; bad--)
                ;
        if (bad) {
            apr_array_pop(t->res->rows);
            np_import_add_error(t->p, t->res, t->line, np_colcur_get(&t->cc, bad),
                                apr_psprintf(t->p, "%.*s is not a MAC address: %s is not an ASCII hex digit or "
                                                   "separator", (int)(t->took_end - t->took), t->took,
                                             np_import_char_name(t->p, bad, (size_t)(we - bad))));
        }
    }
}

static void np_import_text(apr_pool_t *p, const char *buf, size_t len, np_import_result_t *res, int warn)
{
    const char *end = buf + len;
    np_text_t t;

    t.p = p;
    t.res = res;
    t.ls = buf;
    t.line = 1;
    t.warn = warn;
    while (t.ls < end) {
        const char *i;

        for (t.le = t.ls; t.le < end && !np_import_eol(t.le, end); t.le++)
            ;
        np_colcur_reset(&t.cc, t.ls);
        for (i = t.ls; i < t.le;) {
            const char *ws, *run_end = NULL;
            int k, foreign = 0;
            size_t n;

            if ((unsigned char)*i >= 0x80) {
                if (np_import_benign(np_import_utf8(i, (size_t)(t.le - i), &n))) {
                    i += n;
                    continue;
                }
            } else if (!np_import_wordch(*i)) {
                i++;
                continue;
            }
            ws = i;
            while (i < t.le) {
                if ((unsigned char)*i < 0x80) {
                    if (!np_import_wordch(*i))
                        break;
                    i++;
                } else {
                    if (np_import_benign(np_import_utf8(i, (size_t)(t.le - i), &n)))
                        break;
                    foreign = 1;
                    i += n;
                }
            }
            if (foreign) {
                np_text_foreign(&t, ws, i);
                continue;
            }
            if ((k = np_import_pairs(ws, t.le, &run_end)) > 1) {
                /* Only a run of exactly six is taken: five or seven pairs are some
                 * other list of numbers. */
                if (k == 6)
                    np_text_take(&t, ws, run_end, 1);
                i = run_end;
                continue;
            }
            np_import_word(&t, ws, i);
        }
        t.ls = t.le + np_import_eol(t.le, end);
        t.line++;
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

/* Excel writes "sep=;" as the first line when the list separator is not a comma, and
 * LibreOffice reads it (LibreOffice Help, "Importing and Exporting CSV Files",
 * help.libreoffice.org). Returns 1 with *delim and *skip (the bytes of that line, its end
 * included) for such a line, -1 with *skip for a "sep=" line naming no usable delimiter, 0 when
 * the first line is not one. Cells of an empty row may follow ("sep=;;;"). */
static int np_import_sep_line(const char *buf, size_t len, char *delim, size_t *skip)
{
    const char *end = buf + len, *q;
    char d;

    if (len < 4 || strncasecmp(buf, "sep=", 4) != 0)
        return 0;
    for (q = buf; q < end && !np_import_eol(q, end); q++)
        ;
    *skip = (size_t)(q - buf) + np_import_eol(q, end);
    d = len > 4 ? buf[4] : '\0';
    /* A letter, digit, quote or blank cannot separate cells; '#' starts a comment here. */
    if (!(d == '\t' || (d > ' ' && d < 0x7f && !np_import_alnum(d) && d != '"' && d != '#')))
        return -1;
    for (q = buf + 5; q < end && !np_import_eol(q, end); q++)
        if (*q != d && *q != ' ' && *q != '\t')
            return -1;
    *delim = d;
    return 1;
}

/* Records looked at to tell a table from prose. */
#define NP_IMPORT_TAB_SAMPLE 100
/* Columns looked at for a MAC in a table without a header. */
#define NP_IMPORT_TAB_COLS 8

/* 1 if buf looks like a table: most records split into two or more cells and one column holds
 * something like a MAC on most of them. The second half keeps prose out: Italian invoices have
 * a decimal comma ("129,00 EUR") on most lines, and read as CSV they would import nothing. */
static int np_import_tabular(apr_pool_t *p, const char *buf, size_t len, char delim)
{
    np_csv_t *csv = np_csv_create(p, buf, len, delim);
    const np_csv_field_t *f;
    int n, rc, nrec = 0, multi = 0, maclike[NP_IMPORT_TAB_COLS] = { 0 }, c;

    while (nrec < NP_IMPORT_TAB_SAMPLE && (rc = np_csv_next(csv, &f, &n, NULL)) != 0) {
        if (rc < 0)
            continue;
        nrec++;
        if (n >= 2)
            multi++;
        for (c = 0; c < n && c < NP_IMPORT_TAB_COLS; c++) {
            size_t fl;
            const char *v = np_import_fold(p, f[c].value, f[c].len, &fl);
            if (np_import_mac_like(v, fl))
                maclike[c]++;
        }
    }
    if (multi * 2 <= nrec)
        return 0;
    for (c = 0; c < NP_IMPORT_TAB_COLS; c++)
        if (maclike[c] * 2 > nrec)
            return 1;
    return 0;
}

np_import_mode_e np_import_detect(apr_pool_t *p, const char *buf, size_t len)
{
    const char *ls, *end;
    const np_csv_field_t *f;
    int n, cols[NP_COL_COUNT];
    np_csv_t *csv;
    char delim, sep;
    size_t skip;

    if (!buf)
        return NP_IMPORT_LINES;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    if (np_import_sep_line(buf, len, &sep, &skip) != 0)
        return NP_IMPORT_CSV;
    delim = np_csv_detect_delimiter(p, buf, len);
    csv = np_csv_create(p, buf, len, delim);
    if (np_csv_next(csv, &f, &n, NULL) == 1) {
        size_t fl;
        const char *v = n >= 2 ? np_import_fold(p, f[0].value, f[0].len, &fl) : NULL;
        if (np_import_header(f, n, cols) || (v && np_import_mac_like(v, fl)))
            return NP_IMPORT_CSV;
    }
    if (np_import_tabular(p, buf, len, delim))
        return NP_IMPORT_CSV;
    end = buf + len;
    for (ls = buf; ls < end;) {
        const char *le = ls, *s, *e;

        while (le < end && !np_import_eol(le, end))
            le++;
        if (np_import_line_content(ls, le, &s, &e)) {
            size_t fl;
            const char *v = np_import_fold(p, s, (size_t)(e - s), &fl);
            if (!np_import_mac_like(v, fl) && !np_import_mac_id(p, v, fl, &v))
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
    char sep = 0;
    size_t skip = 0;
    int first_line = 1, rc = 0;

    res->rows = apr_array_make(p, 64, sizeof(np_import_row_t));
    res->errors = apr_array_make(p, 8, sizeof(np_import_error_t));
    res->ignored = apr_array_make(p, 8, sizeof(np_import_note_t));
    res->duplicates = apr_array_make(p, 8, sizeof(np_import_note_t));
    /* No pointer arithmetic on NULL, not even + 0 (undefined in C, and UBSan says so). */
    if (!buf) {
        buf = "";
        len = 0;
    }
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
        if ((rc = np_import_sep_line(buf, len, &sep, &skip)) != 0) {
            if (rc < 0) {
                np_import_add_error(p, res, 1, 5,
                                    "\"sep=\" must name the delimiter, one character such as ; , | or a tab, "
                                    "and nothing else");
                sep = 0;
            }
            buf += skip;
            len -= skip;
            first_line = 2;
        }
        np_import_csv(p, buf, len, res, sep, first_line);
        break;
    case NP_IMPORT_LINES:
        np_import_lines(p, buf, len, res);
        break;
    case NP_IMPORT_TEXT:
    default: {
        size_t flen;
        /* Folding keeps every character's column (one for one). */
        const char *fb = np_import_fold(p, buf, len, &flen);
        res->mode = NP_IMPORT_TEXT;
        np_import_text(p, fb, flen, res, mode == NP_IMPORT_AUTO);
        break;
    }
    }
    return res;
}

/* ---- exact duplicates ---- */

/* a and b agree when equal or when one is missing; *merged gets the one present. */
static int np_import_agree(const char *a, const char *b, const char **merged)
{
    if (a && b && strcmp(a, b) != 0)
        return 0;
    *merged = a ? a : b;
    return 1;
}

int np_import_merge_duplicates(apr_pool_t *p, np_import_result_t *res, const char *default_model)
{
    apr_hash_t *seen = apr_hash_make(p);
    np_import_row_t *rows = (np_import_row_t *)res->rows->elts;
    int i, kept = 0, merged = 0;

    for (i = 0; i < res->rows->nelts; i++) {
        np_import_row_t *r = &rows[i];
        np_import_row_t *k;
        const char *mo, *ex, *dn, *cc;
        intptr_t at;

        if (!r->model)
            r->model = default_model;
        at = (intptr_t)apr_hash_get(seen, r->mac_norm, APR_HASH_KEY_STRING);
        k = at ? &rows[at - 1] : NULL;
        if (k && np_import_agree(k->model, r->model, &mo) && np_import_agree(k->extension, r->extension, &ex)
            && np_import_agree(k->display_name, r->display_name, &dn)
            && np_import_agree(k->check_code, r->check_code, &cc)) {
            np_import_note_t *n = apr_array_push(res->duplicates);
            k->model = mo;
            k->extension = ex;
            k->display_name = dn;
            k->check_code = cc;
            k->guess = k->guess && r->guess;
            n->line = r->line;
            n->column = r->column;
            n->mac_text = r->mac_text;
            n->message = apr_psprintf(p, "duplicate of line %d, counted once", k->line);
            merged++;
            continue;
        }
        if (kept != i)
            rows[kept] = *r;
        /* A MAC whose later row contradicts the first: the first stays the one compared. */
        if (!k)
            apr_hash_set(seen, rows[kept].mac_norm, APR_HASH_KEY_STRING, (void *)(intptr_t)(kept + 1));
        kept++;
    }
    res->rows->nelts = kept;
    return merged;
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
