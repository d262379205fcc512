/* libFuzzer target: the import parser (np_import.h) in every mode over arbitrary bytes, then the
 * duplicate merge and the CSV reader on its own. Uses the core library's public API only, no
 * database. Every row and note it returns must point at a real place (line and column >= 1)
 * and hold a MAC np_mac_parse accepts: a crash, a sanitizer report or an abort is a bug.
 * Seeds: tests/fuzz/corpus/import/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <apr_tables.h>

#include "np_import.h"
#include "np_mac.h"

static void np_fuzz_check(const np_import_result_t *r)
{
    int i;

    if (r->mode == NP_IMPORT_AUTO)
        abort();
    for (i = 0; i < r->rows->nelts; i++) {
        const np_import_row_t *row = &APR_ARRAY_IDX(r->rows, i, np_import_row_t);
        unsigned char mac[NP_MAC_LEN];
        if (row->line < 1 || row->column < 1 || np_mac_parse(row->mac_norm, strlen(row->mac_norm), mac, NULL, NULL))
            abort();
        if (row->check_code && strlen(row->check_code) != 4)
            abort();
    }
    for (i = 0; i < r->errors->nelts; i++) {
        const np_import_error_t *e = &APR_ARRAY_IDX(r->errors, i, np_import_error_t);
        if (e->line < 1 || e->column < 1 || !e->message || !e->what)
            abort();
    }
    for (i = 0; i < r->ignored->nelts; i++)
        if (APR_ARRAY_IDX(r->ignored, i, np_import_note_t).line < 1)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    static const np_import_mode_e modes[] = { NP_IMPORT_AUTO, NP_IMPORT_CSV, NP_IMPORT_LINES, NP_IMPORT_TEXT };
    apr_pool_t *p;
    size_t i;
    /* An empty input is passed as NULL, 0 too: the API takes it, without NULL + 0 inside. */
    const char *buf = size ? (const char *)data : NULL;

    if (!ready) {
        apr_initialize();
        ready = 1;
    }
    apr_pool_create(&p, NULL);
    for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        np_import_result_t *r = np_import_parse(p, buf, size, modes[i]);
        np_fuzz_check(r);
        np_import_merge_duplicates(p, r, i == 1 ? "T46U" : NULL);
        np_fuzz_check(r);
    }
    (void)np_import_detect(p, buf, size);
    {
        np_csv_t *csv = np_csv_create(p, buf, size, np_csv_detect_delimiter(p, buf, size));
        const np_csv_field_t *f;
        int n, line, k;
        while ((k = np_csv_next(csv, &f, &n, &line)) != 0)
            if (k > 0 && (n < 1 || !f[0].value))
                abort();
    }
    apr_pool_destroy(p);
    return 0;
}
