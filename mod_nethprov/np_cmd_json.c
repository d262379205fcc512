/* JSON for the parameters the CLI hands to SQL functions (jsonb): strings escaped, built in a buffer
 * so that 100,000 import rows cost linear time. */
#include <stdio.h>
#include <string.h>
#include "np_cmd.h"

void np_json_raw(np_buf_t *b, const char *s)
{
    np_sink_t k = np_buf_sink(b);
    k.write(k.ctx, s, strlen(s));
}

void np_json_str(np_buf_t *b, const char *s)
{
    np_sink_t k = np_buf_sink(b);
    const char *run;

    if (!s) {
        np_json_raw(b, "null");
        return;
    }
    k.write(k.ctx, "\"", 1);
    for (run = s; *s; s++) {
        char e[8];
        if (*s != '"' && *s != '\\' && (unsigned char)*s >= 0x20)
            continue;
        k.write(k.ctx, run, (size_t)(s - run));
        if (*s == '"' || *s == '\\')
            snprintf(e, sizeof e, "\\%c", *s);
        else
            snprintf(e, sizeof e, "\\u%04x", (unsigned char)*s);
        k.write(k.ctx, e, strlen(e));
        run = s + 1;
    }
    k.write(k.ctx, run, (size_t)(s - run));
    k.write(k.ctx, "\"", 1);
}
