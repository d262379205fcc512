/* The default level, kept per process between requests. It is the same for every phone and
 * is most of what a phone gets, so the database leaves it out of a lookup while the
 * generation the process holds is current (see nethprov.provision_lookup). */
#ifndef NP_DEFAULTS_H
#define NP_DEFAULTS_H

typedef struct np_defaults_t np_defaults_t; /* one generation's rows: immutable, reference-counted */
typedef struct np_defcache_t np_defcache_t; /* the current generation; shared by the threads of a process */

np_defcache_t *np_defcache_create(void);
void np_defcache_destroy(np_defcache_t *c);

/** The current generation with a reference taken, or NULL when there is none yet. */
const np_defaults_t *np_defcache_acquire(np_defcache_t *c);
void np_defcache_release(np_defcache_t *c, const np_defaults_t *d);

/** Make (copies of) these rows the current generation; returns it with a reference taken, or NULL
 *  when memory runs out. */
const np_defaults_t *np_defcache_install(np_defcache_t *c, long long gen, int n, const char *const *names,
                                         const char *const *values);

long long np_defaults_gen(const np_defaults_t *d);
int np_defaults_count(const np_defaults_t *d);
const char *np_defaults_name(const np_defaults_t *d, int i);
const char *np_defaults_value(const np_defaults_t *d, int i);

#endif
