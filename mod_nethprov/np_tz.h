/* Time zones: vendor time-zone fields derived from an IANA zone name, read from
 * the system tz database (TZif files; the POSIX TZ rule in their footer). */
#ifndef NP_TZ_H
#define NP_TZ_H

typedef struct {
    int month;   /* 1..12 */
    int week;    /* 1..5, 5 = last week of the month */
    int wday;    /* 0 = Sunday .. 6 = Saturday */
    int secs;    /* local time of day of the change, seconds after midnight (may be negative or > 86400 per POSIX) */
} np_tz_rule_t;

typedef struct {
    char posix[64];      /* the footer rule, e.g. "CET-1CEST,M3.5.0,M10.5.0/3" */
    char std_abbr[16];   /* "CET" */
    char dst_abbr[16];   /* "CEST", "" when the zone keeps no DST */
    int std_offset;      /* seconds EAST of UTC (Rome: +3600, New York: -18000) */
    int dst_offset;      /* seconds east of UTC while DST is on (= std_offset when no DST) */
    int has_dst;         /* 1 when the rule has a DST part with M-format start/end */
    np_tz_rule_t start;  /* DST start, valid when has_dst */
    np_tz_rule_t end;    /* DST end, valid when has_dst */
} np_tz_info_t;

/**
 * Look up zone (e.g. "Europe/Rome") under zoneinfo_dir (NULL means
 * "/usr/share/zoneinfo"). The name must be a relative path of [A-Za-z0-9_+-]
 * components separated by '/', with no "." or ".." component.
 * Returns 0 and fills *out, or -1 with *err pointing at a static message
 * (unknown zone, not a TZif file, no POSIX footer, unsupported rule).
 */
int np_tz_lookup(const char *zoneinfo_dir, const char *zone, np_tz_info_t *out, const char **err);

/**
 * Parse a POSIX TZ rule string ("CET-1CEST,M3.5.0,M10.5.0/3", "<+0530>-5:30", "EST5EDT,M3.2.0,M11.1.0").
 * Note POSIX offsets are WEST of UTC; np_tz_info_t stores them EAST. Fills out->posix too.
 * Returns 0, or -1 with *err.
 */
int np_tz_parse_posix(const char *rule, np_tz_info_t *out, const char **err);

/** Format an offset in seconds east of UTC as hours the way most phones want:
 *  "+1", "0", "-5", "+5:30", "-3:30", "+5:45". buf must hold 8 bytes. Returns buf. */
char *np_tz_format_hours(int offset_secs, char *buf);

#endif
