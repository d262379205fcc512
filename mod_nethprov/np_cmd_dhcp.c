/* nethprov dhcp: a DHCP server snippet that points each brand's phones at the provisioning URL. */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "np_cmd.h"
#include "np_dhcp.h"

/* Is name among the --brand values (each may be a comma-separated list)? */
static int np_dhcp_wanted(const apr_array_header_t *list, const char *name)
{
    int i;
    for (i = 0; i < list->nelts; i++) {
        const char *s = ((const char **)list->elts)[i];
        size_t n = strlen(name);
        while (*s) {
            size_t w = strcspn(s, ",");
            if (w == n && !strncmp(s, name, n))
                return 1;
            s += w + (s[w] == ',');
        }
    }
    return 0;
}

int np_cmd_dhcp(np_cmd_t *c, int argc, const char *const *argv)
{
    apr_array_header_t *selected, *list = c->brand_list;
    np_dhcp_server_t server;
    np_buf_t out;
    const char *err;
    int i, rc;

    if (argc)
        return np_cmd_fail(NP_EXIT_USAGE, "dhcp takes no arguments (brands go in --brand B)");
    if (!c->server)
        return np_cmd_fail(NP_EXIT_USAGE, "dhcp needs --server dnsmasq, isc or kea");
    if (np_dhcp_server_parse(c->server, &server) != 0)
        return np_cmd_fail(NP_EXIT_USAGE, "unknown DHCP server '%s': use dnsmasq, isc or kea", c->server);
    if ((rc = np_cmd_need_base_url(c)) || (rc = np_cmd_brands(c)))
        return rc;
    selected = apr_array_make(c->pool, 16, sizeof(np_brand_t *));
    for (i = 0; list && i < list->nelts; i++) {
        char *names = apr_pstrdup(c->pool, ((const char **)list->elts)[i]), *last, *name;
        for (name = apr_strtok(names, ",", &last); name; name = apr_strtok(NULL, ",", &last))
            if (!np_brands_get(c->brands, name)) {
                const char *known = "";
                int j;
                for (j = 0; j < c->brands->brands->nelts; j++)
                    known = apr_pstrcat(c->pool, known, j ? " " : "",
                                        ((np_brand_t **)c->brands->brands->elts)[j]->name, NULL);
                return np_cmd_fail(NP_EXIT_REJECTED, "unknown brand '%s' (brands in %s: %s)", name,
                                   c->templates_dir, known);
            }
    }
    /* In the loaded order (by name), each once, so the output does not depend on how --brand was written. */
    for (i = 0; i < c->brands->brands->nelts; i++) {
        np_brand_t *b = ((np_brand_t **)c->brands->brands->elts)[i];
        if (!list || !list->nelts || np_dhcp_wanted(list, b->name))
            *(np_brand_t **)apr_array_push(selected) = b;
    }
    np_buf_init(&out, c->pool, 8192);
    if (np_dhcp_write(&out, server, c->brands, selected, c->base_url, &err) != 0)
        return np_cmd_fail(NP_EXIT_REJECTED, "%s", err);
    fwrite(out.data, 1, out.len, stdout);
    return fflush(stdout) == 0 ? NP_EXIT_OK : np_cmd_fail(NP_EXIT_REJECTED, "cannot write the output");
}
