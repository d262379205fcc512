#include <stdarg.h>
#include <stdio.h>
#include "np_log.h"

static np_log_fn *np_log_sink;
static void *np_log_baton;
static np_log_level_e np_log_max = NP_LOG_WARN;

void np_log_set(np_log_fn *fn, void *baton, np_log_level_e max_level)
{
    np_log_sink = fn;
    np_log_baton = baton;
    np_log_max = max_level;
}

void np_log(np_log_level_e level, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;

    if (level > np_log_max)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (np_log_sink)
        np_log_sink(np_log_baton, level, buf);
    else
        fprintf(stderr, "nethprov: %s\n", buf);
}
