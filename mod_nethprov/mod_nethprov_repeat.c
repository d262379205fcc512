/* Errors that repeat with every request, logged when they start, once a minute and when they end
 * (see np_repeat_t in mod_nethprov.h). Only the error paths take the lock: a success reads one
 * word and returns while nothing is failing. */
#include <apr_atomic.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>
#include "mod_nethprov.h"

#define NP_REPEAT_INTERVAL apr_time_from_sec(60)

/* Per child; made in child_init, before any worker thread runs. */
static apr_thread_mutex_t *np_repeat_lock;

void np_repeat_child_init(apr_pool_t *p, server_rec *s)
{
    if (apr_thread_mutex_create(&np_repeat_lock, APR_THREAD_MUTEX_DEFAULT, p) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, NPLOGNO(20) "cannot create the log-repeat lock");
        np_repeat_lock = NULL;
    }
}

static void np_repeat_lock_on(void)
{
    if (np_repeat_lock)
        apr_thread_mutex_lock(np_repeat_lock);
}

static void np_repeat_lock_off(void)
{
    if (np_repeat_lock)
        apr_thread_mutex_unlock(np_repeat_lock);
}

np_repeat_e np_repeat_fail(np_repeat_t *rep, unsigned long *count)
{
    apr_time_t now = apr_time_now();
    np_repeat_e e = NP_REPEAT_QUIET;

    np_repeat_lock_on();
    rep->total++;
    rep->count++;
    if (!apr_atomic_read32(&rep->active)) {
        rep->since = rep->logged = now;
        rep->total = rep->count = 1;
        apr_atomic_set32(&rep->active, 1);
        e = NP_REPEAT_FIRST;
    }
    else if (now - rep->logged >= NP_REPEAT_INTERVAL) {
        rep->logged = now;
        e = NP_REPEAT_AGAIN;
    }
    *count = rep->count;
    if (e != NP_REPEAT_QUIET)
        rep->count = 0;
    np_repeat_lock_off();
    return e;
}

int np_repeat_ok(np_repeat_t *rep, unsigned long *total, long *secs)
{
    int ended = 0;

    if (!apr_atomic_read32(&rep->active))
        return 0;
    np_repeat_lock_on();
    if (apr_atomic_read32(&rep->active)) {
        apr_atomic_set32(&rep->active, 0);
        *total = rep->total;
        *secs = (long)apr_time_sec(apr_time_now() - rep->since);
        ended = 1;
    }
    np_repeat_lock_off();
    return ended;
}

const char *np_repeat_note(apr_pool_t *p, np_repeat_e e, unsigned long count)
{
    if (e == NP_REPEAT_FIRST)
        return " (repeats are counted and logged once a minute)";
    return apr_psprintf(p, " (%lu times in the last minute)", count);
}
