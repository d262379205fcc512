/* The nethprov CLI: shared state and the command table. */
#ifndef NP_CMD_H
#define NP_CMD_H

#include <apr_hash.h>
#include <apr_pools.h>
#include <apr_getopt.h>
#include <libpq-fe.h>
#include "np_brand.h"
#include "np_tmpl.h"

/* Documented exit codes. */
#define NP_EXIT_OK 0
#define NP_EXIT_REJECTED 1
#define NP_EXIT_USAGE 2
#define NP_EXIT_DB 3

typedef struct {
    apr_pool_t *pool;
    /* Each: the option, else the environment, else the configuration file, else the default. */
    const char *conninfo;      /* --db, else database in the file, else libpq's environment (PGHOST, ...) */
    const char *templates_dir; /* --templates, NETHPROV_TEMPLATES, templates, or the installed folder */
    const char *base_url;      /* --base-url, NETHPROV_BASE_URL or base_url */
    int show_secrets;
    const char *out_dir;
    int bootstrap;             /* render --bootstrap */
    const char *model;         /* import, phone add: --model */
    const char *format;        /* import: --format auto|csv|lines|text */
    int dry_run;
    int partial;
    int force;                 /* user rm */
    int json;                  /* user list, phone list: --json */
    int csv;                   /* phone list: --csv */
    int level_default;         /* set, get: --default */
    const char *phone;         /* set, get: --phone MAC */
    const char *brand;         /* phone list: --brand (the last one) */
    apr_array_header_t *brand_list; /* dhcp: every --brand, as written */
    const char *server;        /* dhcp: --server dnsmasq|isc|kea */
    int unassigned;            /* phone list: --unassigned */
    int all;                   /* rps register: --all */
    const char *check_code;    /* rps register: --check-code (Gigaset MAC-ID) */
    const char *token;         /* phone rotate-token: --tok1 (default) or --tok2 */
    apr_hash_t *rps;           /* the rps.* keys of the configuration file */
    const char *conf_path;     /* the configuration file read, for messages */
    PGconn *conn;
    np_brands_t *brands;
} np_cmd_t;

typedef struct {
    const char *name;     /* "phone show" */
    const char *args;     /* "MAC" */
    const char *summary;
    int (*run)(np_cmd_t *c, int argc, const char *const *argv);
    const char *opts;     /* the long options it takes, space separated: "format model partial dry-run" */
} np_cmd_def_t;

int np_cmd_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int np_cmd_db(np_cmd_t *c);
int np_cmd_need_base_url(np_cmd_t *c); /* 0, or the usage error that names the three places to set it */
int np_cmd_brands(np_cmd_t *c);
int np_cmd_mac_arg(const char *arg, unsigned char mac[6], char mac12[13]);

void np_json_raw(np_buf_t *b, const char *s);
void np_json_str(np_buf_t *b, const char *s); /* NULL writes null */

int np_cmd_sync(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_import(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_lint(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_url(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_phone_show(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_user_add(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_user_rm(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_user_list(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_assign(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_unassign(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_set(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_get(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_phone_add(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_phone_rm(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_phone_list(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_vars(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_render(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_dhcp(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_rps_register(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_rps_unregister(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_rps_status(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_rps_check(np_cmd_t *c, int argc, const char *const *argv);
int np_cmd_rotate_token(np_cmd_t *c, int argc, const char *const *argv);

#endif
