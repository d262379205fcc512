/* nethprov: command-line administration of phones, built on the same core as the module. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include "np_cmd.h"
#include "np_conf.h"
#include "np_config.h"
#include "np_db.h"
#include "np_mac.h"

static const np_cmd_def_t np_cmds[] = {
    { "url", "MAC", "print the phone's provisioning URLs (tok1: first access, tok2: permanent) and where to type one "
                   "into its web UI", np_cmd_url, "db templates base-url json" },
    { "phone show", "MAC", "print every effective setting of a phone and the level it comes from", np_cmd_phone_show,
      "db templates base-url show-secrets" },
    { "render", "MAC [FILE]", "print the bytes the module serves the phone for FILE (default: its main file)",
      np_cmd_render, "db templates base-url out-dir bootstrap" },
    { "import", "[FILE|-]", "add the phones whose MACs a CSV, a list or pasted text holds (all or nothing)",
      np_cmd_import, "db format model partial dry-run" },
    { "phone add", "MAC", "register a phone (--model M: its model; --check-code: Gigaset MAC-ID check code)", np_cmd_phone_add, "db model check-code" },
    { "phone rm", "MAC", "remove a phone, its device and its settings", np_cmd_phone_rm, "db" },
    { "phone list", "", "list phones (--brand B, --model M, --unassigned; --json or --csv)", np_cmd_phone_list, "db brand model unassigned json csv" },
    { "user add", "EXT NAME", "add a user, or rename it", np_cmd_user_add, "db" },
    { "user rm", "EXT", "remove a user (--force: even with devices, which are unassigned)", np_cmd_user_rm, "db force" },
    { "user list", "", "list users and their device count (--json)", np_cmd_user_list, "db json" },
    { "assign", "MAC EXT", "assign a phone to a user (first free device position)", np_cmd_assign, "db" },
    { "unassign", "MAC", "unassign a phone from its user", np_cmd_unassign, "db" },
    { "set", "KEY=VALUE...", "store settings at --default, --model BRAND/MODEL or --phone MAC ('' or - clears)",
      np_cmd_set, "db default model phone" },
    { "get", "KEY...", "print settings stored at --default, --model BRAND/MODEL or --phone MAC", np_cmd_get, "db default model phone" },
    { "vars", "[PATTERN]", "list the settings catalogue (names containing PATTERN)", np_cmd_vars, "db" },
    { "sync", "", "copy brands, MAC ranges, models and web UI instructions from the templates folder into the database",
      np_cmd_sync, "db templates" },
    { "rps register", "MAC...", "register phones' tok1 URLs at their vendor's redirect service (--all, --brand B; --dry-run, --force)", np_cmd_rps_register, "db base-url all brand dry-run force check-code" },
    { "rps unregister", "MAC...", "remove phones from their vendor's redirect service", np_cmd_rps_unregister, "db dry-run" },
    { "rps check", "MAC...", "ask the redirect service whether each phone is registered there, with its URL (stores nothing)", np_cmd_rps_check, "db base-url" },
    { "rps status", "[MAC...]", "what the redirect services last answered about phones (--json)", np_cmd_rps_status, "db json" },
    { "phone rotate-token", "MAC", "issue a new token (--tok1, default, or --tok2); a new tok1 is registered again at the redirect service", np_cmd_rotate_token, "db base-url tok1 tok2" },
    { "lint", "", "compile every brand file and template; report errors, unknown variables and incomplete maps with file:line", np_cmd_lint, "templates" },
    { "dhcp", "--server S", "print a DHCP server snippet (S: dnsmasq, isc or kea) giving each brand's phones the provisioning URL", np_cmd_dhcp, "templates base-url server brand" },
    /* Listed for the overview and 'nethprov help help'; main() answers it before any other command. */
    { "help", "[COMMAND]", "print this overview, or the usage, summary and options of COMMAND", NULL, "" },
    { NULL, NULL, NULL, NULL, NULL }
};

static const apr_getopt_option_t np_opts[] = {
    { "db", 'd', 1, "libpq connection string (default: database in the configuration file, else PGHOST, PGDATABASE, ...)" },
    { "templates", 't', 1, "templates folder (default: $NETHPROV_TEMPLATES, templates in the configuration file, or " NP_TEMPLATES_DIR ")" },
    { "base-url", 'b', 1, "public provisioning URL, http:// or https://, e.g. https://pbx.example.com/provisioning "
                           "($NETHPROV_BASE_URL, base_url)" },
    { "show-secrets", 's', 0, "phone show: print passwords and tokens instead of masking them" },
    { "out-dir", 'o', 1, "render: write every phone's main file under DIR/<tok2>/<file> instead of printing one" },
    { "bootstrap", 'z', 0, "render: the token-less bootstrap file (NethprovBootstrap) instead, while tok1 is not retired" },
    { "model", 'm', 1, "import, phone add, phone list: a model; set, get: the BRAND/MODEL level" },
    { "format", 'f', 1, "import: auto (default), csv, lines (one MAC a line) or text (MACs anywhere in the text)" },
    { "partial", 'p', 0, "import: write the good rows even when others are refused" },
    { "dry-run", 'n', 0, "import: check and report, write nothing; rps: show the requests (secrets masked), send nothing" },
    { "default", 'D', 0, "set, get: the default level" },
    { "phone", 'P', 1, "set, get: the level of the phone with this MAC" },
    { "force", 'F', 0, "user rm: remove a user that has devices (unassigning them); rps register: register again "
                       "a phone already registered with the same URL" },
    { "json", 'j', 0, "user list, phone list, rps status: print a JSON array; url: a JSON object" },
    { "csv", 'c', 0, "phone list: print CSV" },
    { "brand", 'B', 1, "phone list, rps register: only phones of this brand; dhcp: only these brands (repeat, or B1,B2)" },
    { "server", 'S', 1, "dhcp: the DHCP server, dnsmasq, isc or kea" },
    { "unassigned", 'u', 0, "phone list: only phones assigned to no user" },
    { "all", 256, 0, "rps register: every phone" },
    { "check-code", 257, 1, "rps register, phone add: the Gigaset MAC-ID check code of the one phone given (label: MAC-XXXX)" },
    { "tok1", 258, 0, "phone rotate-token: the first-access token (default)" },
    { "tok2", 259, 0, "phone rotate-token: the permanent token" },
    { "help", 'h', 0, "print this help (after a command: that command's help; also 'nethprov help COMMAND')" },
    { "version", 'V', 0, "print the version" },
    { NULL, 0, 0, NULL }
};

int np_cmd_fail(int code, const char *fmt, ...)
{
    va_list ap;
    fputs("nethprov: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

static void np_usage(FILE *out)
{
    int i;
    fprintf(out, "usage: nethprov [OPTIONS] COMMAND [ARGS]\n\ncommands:\n");
    for (i = 0; np_cmds[i].name; i++)
    {
        char head[64];
        snprintf(head, sizeof head, "%s %s", np_cmds[i].name, np_cmds[i].args);
        fprintf(out, "  %-26s %s\n", head, np_cmds[i].summary);
    }
    fprintf(out, "\noptions:\n");
    for (i = 0; np_opts[i].name; i++)
        fprintf(out, "  --%-16s %s\n", np_opts[i].name, np_opts[i].description);
    fprintf(out, "\nconfiguration file: %s, or $NETHPROV_CONF (key = value: base_url, templates, database)\n",
            NP_CONF_FILE);
    fprintf(out, "\nexit status: 0 ok, 1 rejected input or not found, 2 usage error, 3 database unreachable\n");
}

/* The usage line, summary and options of one command. */
static void np_cmd_usage(FILE *out, const np_cmd_def_t *d)
{
    const char *o = d->opts;
    int j;

    fprintf(out, "usage: nethprov %s%s%s [OPTIONS]\n\n%s\n", d->name, *d->args ? " " : "", d->args, d->summary);
    fprintf(out, "\noptions:\n");
    while (*o) {
        size_t n = strcspn(o, " ");
        for (j = 0; np_opts[j].name; j++)
            if (strlen(np_opts[j].name) == n && !strncmp(o, np_opts[j].name, n))
                fprintf(out, "  --%-16s %s\n", np_opts[j].name, np_opts[j].description);
        o += n;
        o += strspn(o, " ");
    }
    fprintf(out, "  --%-16s %s\n", "help", "print this help");
    fprintf(out, "\nsettings come from the options, the environment, then %s ($NETHPROV_CONF); see nethprov(1)\n",
                 NP_CONF_FILE);
}

/* The command that ARGV (ARGC words) starts with: its index, and its word count in *words; -1 if none. */
static int np_cmd_find(int argc, const char *const *argv, int *words)
{
    int i;
    for (i = 0; np_cmds[i].name; i++) {
        const char *name = np_cmds[i].name, *sp = strchr(name, ' ');
        *words = sp ? 2 : 1;
        if (argc < *words || (sp ? (strncmp(argv[0], name, (size_t)(sp - name)) || argv[0][sp - name]
                                    || strcmp(argv[1], sp + 1))
                                 : strcmp(argv[0], name)))
            continue;
        return i;
    }
    return -1;
}

/* Is the first word of NAME the N bytes at W? */
static int np_first_word_is(const char *name, const char *w, size_t n)
{
    return !strncmp(name, w, n) && (name[n] == ' ' || !name[n]);
}

/* The words that may follow GROUP ("phone": "show, add, rm, ..."), or with GROUP NULL the first words of
 * every command, each once, in the order of the table; "" when GROUP starts no command of two words. */
static const char *np_cmd_words(apr_pool_t *p, const char *group)
{
    const char *out = "";
    size_t glen = group ? strlen(group) : 0;
    int i, j;

    for (i = 0; np_cmds[i].name; i++) {
        const char *name = np_cmds[i].name, *w = name;
        size_t n = strcspn(name, " ");
        if (group) {
            if (strncmp(name, group, glen) || name[glen] != ' ')
                continue;
            w = name + glen + 1;
            n = strlen(w);
        }
        else {
            for (j = 0; j < i && !np_first_word_is(np_cmds[j].name, w, n); j++)
                ;
            if (j < i)
                continue;
        }
        out = apr_pstrcat(p, out, *out ? ", " : "", apr_pstrmemdup(p, w, n), NULL);
    }
    return out;
}

/* ARGV names no command: say which word is wrong and list the ones that would be right there. */
static int np_cmd_unknown(apr_pool_t *p, int argc, const char *const *argv)
{
    const char *subs = np_cmd_words(p, argv[0]);

    if (!*subs)
        return np_cmd_fail(NP_EXIT_USAGE, "unknown command '%s'; the commands are: %s (see 'nethprov --help')",
                           argv[0], np_cmd_words(p, NULL));
    if (argc < 2)
        return np_cmd_fail(NP_EXIT_USAGE, "'%s' needs a subcommand: %s (see 'nethprov help %s')", argv[0], subs,
                           argv[0]);
    return np_cmd_fail(NP_EXIT_USAGE, "unknown subcommand '%s' of '%s'; the %s subcommands are: %s (see 'nethprov "
                       "help %s')", argv[1], argv[0], argv[0], subs, argv[0]);
}

/* nethprov COMMAND --help, nethprov help COMMAND: that command's help, or, for the first word of
 * several ("phone"), the commands that start with it. */
static int np_help(apr_pool_t *p, int argc, const char *const *argv)
{
    int i, words, n = 0;
    size_t len;

    if (argc < 1) {
        np_usage(stdout);
        return NP_EXIT_OK;
    }
    if ((i = np_cmd_find(argc, argv, &words)) >= 0) {
        np_cmd_usage(stdout, &np_cmds[i]);
        return NP_EXIT_OK;
    }
    if (argc > 1) /* "help phone frob": the group is known, the subcommand is not */
        return np_cmd_unknown(p, argc, argv);
    len = strlen(argv[0]);
    for (i = 0; np_cmds[i].name; i++)
        if (!strncmp(np_cmds[i].name, argv[0], len) && np_cmds[i].name[len] == ' ') {
            if (!n++)
                printf("commands:\n");
            printf("  %s%s%s\n      %s\n", np_cmds[i].name, *np_cmds[i].args ? " " : "", np_cmds[i].args,
                   np_cmds[i].summary);
        }
    if (n)
        return NP_EXIT_OK;
    return np_cmd_unknown(p, argc, argv);
}

/* Does command D take the long option NAME (a word of its opts)? */
static int np_cmd_takes(const np_cmd_def_t *d, const char *name)
{
    const char *o = d->opts;
    size_t len = strlen(name);

    while (*o) {
        size_t n = strcspn(o, " ");
        if (n == len && !strncmp(o, name, n))
            return 1;
        o += n;
        o += strspn(o, " ");
    }
    return 0;
}

/* Every option given must be one the command takes: one it would ignore looks obeyed ("user list --csv"
 * printing a table, "lint --force" forcing nothing). */
static int np_check_options(apr_pool_t *p, const np_cmd_def_t *d, const apr_array_header_t *given)
{
    const char *takes = "", *o = d->opts;
    int i;

    for (i = 0; i < given->nelts; i++) {
        const apr_getopt_option_t *g = ((const apr_getopt_option_t **)given->elts)[i];
        if (np_cmd_takes(d, g->name))
            continue;
        while (*o) {
            size_t n = strcspn(o, " ");
            takes = apr_pstrcat(p, takes, *takes ? ", --" : "--", apr_pstrmemdup(p, o, n), NULL);
            o += n;
            o += strspn(o, " ");
        }
        return np_cmd_fail(NP_EXIT_USAGE, "%s does not take --%s; %s%s (see 'nethprov help %s')", d->name, g->name,
                           *takes ? "its options are " : "it takes no options", takes, d->name);
    }
    return 0;
}

/* Settings the options left unset: the environment, then the configuration file, then the default.
 * *base_url_from names where the base URL came from, for messages about it. */
static int np_settings(np_cmd_t *c, const char *opt_templates, const char *opt_base_url, const char **base_url_from)
{
    const char *path = getenv("NETHPROV_CONF"), *err;
    np_conf_t conf;

    if (np_conf_read(c->pool, path ? path : NP_CONF_FILE, !path, &conf, &err) != 0)
        return np_cmd_fail(NP_EXIT_USAGE, "%s", err);
    if (!c->conninfo)
        c->conninfo = conf.database;
    c->rps = conf.rps;
    c->conf_path = path ? path : NP_CONF_FILE;
    c->templates_dir = opt_templates               ? opt_templates
                       : getenv("NETHPROV_TEMPLATES") ? getenv("NETHPROV_TEMPLATES")
                       : conf.templates               ? conf.templates
                                                      : NP_TEMPLATES_DIR;
    if (opt_base_url) {
        c->base_url = opt_base_url;
        *base_url_from = "--base-url";
    }
    else if (getenv("NETHPROV_BASE_URL")) {
        c->base_url = getenv("NETHPROV_BASE_URL");
        *base_url_from = "NETHPROV_BASE_URL";
    }
    else {
        c->base_url = conf.base_url;
        *base_url_from = apr_pstrcat(c->pool, c->conf_path, ": base_url", NULL);
    }
    return 0;
}

/* The base URL is what every phone is sent to, so only a URL a phone can fetch from will do: http:// or
 * https:// (lower case, as the module's NethprovBaseURL), then a host. FROM says where it came from. */
static int np_check_base_url(const char *url, const char *from)
{
    const char *rest = !strncmp(url, "https://", 8) ? url + 8 : !strncmp(url, "http://", 7) ? url + 7 : NULL;

    if (!rest || !*rest || *rest == '/')
        return np_cmd_fail(NP_EXIT_USAGE, "%s: base URL '%s' is not an http:// or https:// URL with a host "
                           "(e.g. https://pbx.example.com/provisioning)", from, url);
    return 0;
}

int np_cmd_need_base_url(np_cmd_t *c)
{
    if (!c->base_url)
        return np_cmd_fail(NP_EXIT_USAGE, "no base URL: pass --base-url or set NETHPROV_BASE_URL, or base_url in %s "
                           "(e.g. https://pbx.example.com/provisioning)", c->conf_path);
    return 0;
}

int np_cmd_db(np_cmd_t *c)
{
    const char *err;
    if (c->conn)
        return 0;
    if (!(c->conn = np_db_connect(c->conninfo ? c->conninfo : "", "nethprov", 0, c->pool, &err)))
        return np_cmd_fail(NP_EXIT_DB, "cannot use the database: %s", err);
    return 0;
}

int np_cmd_brands(np_cmd_t *c)
{
    const char *err;
    if (c->brands)
        return 0;
    if (np_brands_load(c->pool, c->templates_dir, &c->brands, &err) != 0)
        return np_cmd_fail(NP_EXIT_REJECTED, "%s", err);
    return 0;
}

int np_cmd_mac_arg(const char *arg, unsigned char mac[6], char mac12[13])
{
    const char *err;
    size_t pos;
    if (np_mac_parse(arg, strlen(arg), mac, &err, &pos) != 0)
        return np_cmd_fail(NP_EXIT_REJECTED, "'%s' is not a MAC address: %s (at character %lu)", arg, err,
                           (unsigned long)pos + 1);
    np_mac_format(mac, NP_MAC_PLAIN, mac12);
    return 0;
}

/* Options may follow the command ("nethprov render --out-dir D"): move every option, and the
 * argument of those that take one, in front of the first word, keeping their order. apr_getopt's own
 * interleaving loses the argument of an option that comes after a non-option. */
static const char *const *np_options_first(apr_pool_t *p, int argc, const char *const *argv)
{
    const char **out = apr_pcalloc(p, sizeof(char *) * ((size_t)argc + 1));
    const char **words = apr_pcalloc(p, sizeof(char *) * ((size_t)argc + 1));
    int i, no = 0, nw = 0, j;

    out[no++] = argv[0];
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            for (i++; i < argc; i++)
                words[nw++] = argv[i];
            break;
        }
        if (a[0] == '-' && a[1]) {
            out[no++] = a;
            if (a[1] == '-' && !strchr(a, '=')) {
                for (j = 0; np_opts[j].name; j++)
                    if (!strcmp(a + 2, np_opts[j].name) && np_opts[j].has_arg && i + 1 < argc)
                        out[no++] = argv[++i];
            }
            else if (a[1] != '-' && !a[2]) {
                for (j = 0; np_opts[j].name; j++)
                    if (np_opts[j].optch == a[1] && np_opts[j].has_arg && i + 1 < argc)
                        out[no++] = argv[++i];
            }
            continue;
        }
        words[nw++] = a;
    }
    if (nw)
        out[no++] = "--";
    for (i = 0; i < nw; i++)
        out[no++] = words[i];
    out[no] = NULL;
    return out;
}

int main(int argc, const char *const *argv)
{
    np_cmd_t c;
    apr_getopt_t *os;
    apr_array_header_t *given;
    const np_cmd_def_t *d;
    int opt, i, rc, words, help = 0;
    const char *arg, *opt_templates = NULL, *opt_base_url = NULL, *base_url_from = NULL;

    apr_app_initialize(&argc, &argv, NULL);
    atexit(apr_terminate);
    xmlInitParser();
    memset(&c, 0, sizeof c);
    apr_pool_create(&c.pool, NULL);
    c.brand_list = apr_array_make(c.pool, 4, sizeof(const char *));
    given = apr_array_make(c.pool, 8, sizeof(const apr_getopt_option_t *));
    argv = np_options_first(c.pool, argc, argv);
    for (argc = 0; argv[argc]; argc++)
        ;
    apr_getopt_init(&os, c.pool, argc, argv);
    for (;;) {
        apr_status_t rv = apr_getopt_long(os, np_opts, &opt, &arg);
        if (rv == APR_EOF)
            break;
        if (rv != APR_SUCCESS) {
            fprintf(stderr, "Try 'nethprov --help'.\n");
            return NP_EXIT_USAGE;
        }
        /* Kept to check, once the command is known, that it takes each of them. */
        for (i = 0; np_opts[i].name; i++)
            if (np_opts[i].optch == opt) {
                *(const apr_getopt_option_t **)apr_array_push(given) = &np_opts[i];
                break;
            }
        switch (opt) {
        case 'd': c.conninfo = arg; break;
        case 't': opt_templates = arg; break;
        case 'b': opt_base_url = arg; break;
        case 's': c.show_secrets = 1; break;
        case 'o': c.out_dir = arg; break;
        case 'z': c.bootstrap = 1; break;
        case 'm': c.model = arg; break;
        case 'f': c.format = arg; break;
        case 'p': c.partial = 1; break;
        case 'n': c.dry_run = 1; break;
        case 'D': c.level_default = 1; break;
        case 'P': c.phone = arg; break;
        case 'F': c.force = 1; break;
        case 'j': c.json = 1; break;
        case 'c': c.csv = 1; break;
        case 'B': c.brand = arg; *(const char **)apr_array_push(c.brand_list) = arg; break;
        case 'S': c.server = arg; break;
        case 'u': c.unassigned = 1; break;
        case 256: c.all = 1; break;
        case 257: c.check_code = arg; break;
        case 258:
        case 259:
            if (c.token && strcmp(c.token, opt == 258 ? "tok1" : "tok2"))
                return np_cmd_fail(NP_EXIT_USAGE, "--tok1 and --tok2 exclude each other: rotate one token at a time");
            c.token = opt == 258 ? "tok1" : "tok2";
            break;
        case 'V': printf("nethprov %s\n", PACKAGE_VERSION); return NP_EXIT_OK;
        default: help = 1; break;
        }
    }
    argc -= os->ind;
    argv += os->ind;
    if (help)
        return np_help(c.pool, argc, argv);
    if (argc >= 1 && !strcmp(argv[0], "help"))
        return np_help(c.pool, argc - 1, argv + 1);
    if (argc < 1) {
        np_usage(stderr);
        return NP_EXIT_USAGE;
    }
    if ((i = np_cmd_find(argc, argv, &words)) < 0)
        return np_cmd_unknown(c.pool, argc, argv);
    d = &np_cmds[i];
    if ((rc = np_check_options(c.pool, d, given)) || (rc = np_settings(&c, opt_templates, opt_base_url, &base_url_from)))
        return rc;
    /* Checked only for the commands that use it: a stale NETHPROV_BASE_URL does not stop 'nethprov vars'. */
    if (c.base_url && np_cmd_takes(d, "base-url")) {
        char *u;
        size_t n;
        if ((rc = np_check_base_url(c.base_url, base_url_from)))
            return rc;
        u = apr_pstrdup(c.pool, c.base_url);
        n = strlen(u);
        while (n && u[n - 1] == '/')
            u[--n] = '\0';
        c.base_url = u;
    }
    else
        c.base_url = NULL;
    rc = d->run(&c, argc - words, argv + words);
    if (c.conn)
        PQfinish(c.conn);
    return rc;
}
