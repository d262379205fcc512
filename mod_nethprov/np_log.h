/* Logging from the core library goes through a sink the host installs: httpd's
 * error log in the module, stderr in the CLI. The core never calls ap_log_*. */
#ifndef NP_LOG_H
#define NP_LOG_H

typedef enum { NP_LOG_ERR = 0, NP_LOG_WARN, NP_LOG_INFO, NP_LOG_DEBUG } np_log_level_e;

typedef void np_log_fn(void *baton, np_log_level_e level, const char *msg);

void np_log_set(np_log_fn *fn, void *baton, np_log_level_e max_level);
void np_log(np_log_level_e level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
