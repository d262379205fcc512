/* Reading the MACs an admin hands to `nethprov import`: a CSV exported from a spreadsheet, a
 * list with one MAC per line, or arbitrary text pasted from an invoice or a delivery note.
 * No database here: the result is rows to import and errors to show, each with its place.
 *
 * Input is a whole buffer (files are small and a paste has no natural record boundary). A
 * UTF-8 byte order mark is skipped; lines may end in LF, CRLF or a lone CR (old Mac Excel).
 * Lines and columns are 1-based; a column counts characters (UTF-8 code points), not bytes,
 * so it matches what an editor shows; a tab counts as one column.
 *
 * Every error message starts with its place and says what is wrong, e.g.
 *   "line 7, column 12: 00:15:65:GG:BB:CC is not a MAC address: 'G' is not a hex digit"
 *
 * CSV (NP_IMPORT_CSV)
 *   Delimiter: ',' ';' or TAB, chosen on the first non-blank, non-comment record: the one
 *   splitting it into the most fields; a tie goes to the one whose field count holds on more
 *   of the next records, then to ',' ';' TAB in that order. Fields may be quoted with '"',
 *   with "" for a quote and delimiters or line breaks inside (a CRLF inside becomes LF).
 *   Blanks around a field and around its quotes are dropped (the importer trims inside
 *   quotes too). Blank lines, lines whose first
 *   non-blank character is '#', and rows whose cells are all empty (Excel's ";;;") are
 *   skipped. The first record is a header if one of its cells names a column and none is a
 *   valid MAC. Names are compared case-insensitively, ignoring spaces, '_' and '-':
 *     mac, mac address                 -> the MAC
 *     model                            -> model
 *     extension, ext, user             -> extension
 *     display name, name               -> display name
 *     check code, mac id, mac-id code  -> Gigaset MAC-ID check code (4 letters or digits
 *                                         printed after the MAC on the label; upper-cased)
 *   Other columns are ignored. Without a header the columns are MAC, model, extension,
 *   display name, check code. Errors: a header without a MAC column (nothing is imported), a row whose
 *   MAC cell is empty or missing, a MAC that np_mac_parse refuses, and an unterminated
 *   quote; after the latter, reading resumes on the line after the one where the broken
 *   row started, so one stray quote does not swallow the rest of the file.
 *
 * One MAC per line (NP_IMPORT_LINES)
 *   Every non-blank line not starting with '#' is one MAC in any np_mac_parse spelling,
 *   with surrounding blanks trimmed and an optional trailing comment after " #". Anything
 *   else is an error at the offending character.
 *
 * Free text (NP_IMPORT_TEXT)
 *   A word is a maximal run of ASCII letters, digits, ':' '-' '.'; separators at its ends are
 *   dropped (a sentence's full stop), and so are leading labels made of letters with at least
 *   one non-hex letter followed by ':' ("MAC:", "S/N:" leaves "N:" which goes too).
 *   A word is then
 *   - a MAC if it is exactly 12 hex digits (a 12-digit run inside a longer hex run, such as
 *     a 16-digit serial, is one longer word and is ignored; so is one stuck to letters, as in
 *     "SN001565AABBCC"), unless a '+' precedes it (a phone number such as +393351234567);
 *     a bare run np_mac_parse refuses (multicast, zero) is ignored silently since it may be
 *     any number;
 *   - a MAC attempt if it is six groups of one or two letters/digits separated by ':' or '-',
 *     five or seven groups of two separated by ':' (a MAC with a group lost or added;
 *     dashes are left alone because "06-12-34-56-78" is a French phone number), or three
 *     groups of four separated by '.' (Cisco). An attempt is a MAC if np_mac_parse takes
 *     it and an error otherwise (bad character, multicast, wrong length);
 *   - otherwise ignored: words, dates, times, IPv4/IPv6 addresses, serials, prices.
 *   Six consecutive two-hex-digit words separated by single spaces ("00 15 65 aa bb cc")
 *   are a MAC if valid, and ignored otherwise (pairs of digits are too common to complain).
 *   A MAC found twice is reported twice: duplicates are the importer's business.
 *
 * Auto (NP_IMPORT_AUTO) picks, on the first content line (not blank, not a comment):
 *   CSV if it is a header, or splits into two or more fields whose first looks like a MAC;
 *   else one-per-line if every content line looks like one MAC (see np_import_mac_like);
 *   else free text.
 */
#ifndef NP_IMPORT_H
#define NP_IMPORT_H

#include <stddef.h>
#include <apr_pools.h>
#include <apr_tables.h>

#include "np_mac.h"

typedef enum {
    NP_IMPORT_AUTO,
    NP_IMPORT_CSV,
    NP_IMPORT_LINES,
    NP_IMPORT_TEXT
} np_import_mode_e;

/* One MAC to import. Strings live in the pool given to np_import_parse. */
typedef struct {
    int line;                  /* physical line where the row (or the MAC) starts */
    int column;                /* column of the MAC text */
    const char *mac_text;      /* as written, trimmed */
    unsigned char mac[NP_MAC_LEN];
    char mac_norm[NP_MAC_STRLEN]; /* lowercase plain, "001565aabbcc" */
    const char *model;         /* CSV only; NULL when absent or empty */
    const char *extension;     /* CSV only; NULL when absent or empty */
    const char *display_name;  /* CSV only; NULL when absent or empty */
    const char *check_code;    /* NULL when absent or empty; 4 upper-case letters or digits (a CSV
                                  column, or the "-XXXX" after a Gigaset MAC-ID in text and lines) */
    int guess;                 /* free text: a bare run of 12 hex digits (or six spaced pairs), which may
                                  as well be a serial or an order number: the importer ignores it, and
                                  says so, when no phone vendor has its prefix */
} np_import_row_t;

typedef struct {
    int line;
    int column;
    const char *message;       /* "line L, column C: what is wrong" */
    const char *what;          /* the same without the place */
} np_import_error_t;

/* Something read and not imported, which is not an error: a look-alike in free text, an exact
 * duplicate row. Shown to the user so that nothing disappears without a word. */
typedef struct {
    int line;
    int column;
    const char *mac_text;      /* as written */
    const char *message;       /* "ignored: it is a multicast address ...", "duplicate of line 2, counted once" */
} np_import_note_t;

typedef struct {
    np_import_mode_e mode;        /* the mode used, never NP_IMPORT_AUTO */
    char delimiter;               /* CSV: the delimiter used; else 0 */
    int header;                   /* CSV: 1 if the first record was a header */
    apr_array_header_t *rows;     /* of np_import_row_t */
    apr_array_header_t *errors;   /* of np_import_error_t */
    apr_array_header_t *ignored;  /* of np_import_note_t: free text's 12-digit runs that are no MAC */
    apr_array_header_t *duplicates; /* of np_import_note_t, filled by np_import_merge_duplicates */
    const char *warning;          /* auto mode read free text from lines holding other fields: say so */
} np_import_result_t;

/** Read buf[0..len) in the given mode. Never NULL; problems are in ->errors (a UTF-16
 *  file, which Excel writes as "Unicode Text", is one error asking for UTF-8). */
np_import_result_t *np_import_parse(apr_pool_t *p, const char *buf, size_t len,
                                    np_import_mode_e mode);

/** Merge the rows that repeat an earlier row's MAC without contradicting it: for each of model
 *  (default_model when the row has none), extension, display name and check code, the same value
 *  or none on one of the two. The earlier row keeps its place and gets the values of both; the
 *  later one becomes a note in ->duplicates ("duplicate of line N, counted once"). The same MAC
 *  with different data stays two rows: a conflict for the importer. Returns how many merged. */
int np_import_merge_duplicates(apr_pool_t *p, np_import_result_t *res, const char *default_model);

/** The mode NP_IMPORT_AUTO would choose for buf (a BOM may be present). */
np_import_mode_e np_import_detect(apr_pool_t *p, const char *buf, size_t len);

/** "auto" "csv" "lines" "text" and back; by_name returns -1 for an unknown name. */
const char *np_import_mode_name(np_import_mode_e mode);
int np_import_mode_by_name(const char *name);

/** 1 if s[0..len) looks like someone meant it as one MAC, valid or not: 10 to 20
 *  characters, only letters, digits and ": - . space", at least 9 hex digits and at most
 *  3 other letters ("00:15:65:GG:BB:CC" and "00:15:65:aa:bb" do, "Yealink T46U" doesn't). */
int np_import_mac_like(const char *s, size_t len);


/* ---- the CSV record reader underneath, for callers wanting other columns ---- */

typedef struct np_csv_t np_csv_t;

typedef struct {
    const char *value;   /* unquoted, unescaped, trimmed, NUL-terminated */
    size_t len;
    int line;            /* where the value starts */
    int column;
    int verbatim;        /* 1 if value is a copy of the input from line/column on, so an
                            offset in value is the same offset in the line (no "" or CRLF
                            inside), which lets errors point inside the field */
} np_csv_field_t;

/** A reader over buf[0..len) (no BOM: np_import_parse skips it) splitting on delim. */
np_csv_t *np_csv_create(apr_pool_t *p, const char *buf, size_t len, char delim);

/** Next record, skipping blank and comment lines. Returns 1 and sets *fields (valid until
 *  the next call) and *nfields; 0 at the end; -1 for an unterminated quote, with *fields
 *  NULL and np_csv_error giving the opening quote's place (the reader is then past the
 *  line where the broken record started and can go on). *line gets the record's first line. */
int np_csv_next(np_csv_t *csv, const np_csv_field_t **fields, int *nfields, int *line);

/** Where the last -1 of np_csv_next came from. */
void np_csv_error(const np_csv_t *csv, int *line, int *column);

/** ',' ';' or '\t' as described at the top; ',' when nothing splits the first record. */
char np_csv_detect_delimiter(apr_pool_t *p, const char *buf, size_t len);

#endif
