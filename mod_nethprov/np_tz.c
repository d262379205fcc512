/* Time zones from the system tz database.
 *
 * Phones don't speak IANA names; they want an offset and a DST rule. The TZif
 * footer (RFC 8536 section 3.3) already holds exactly that as a POSIX TZ string
 * for all times after the last explicit transition, so only the footer is
 * read. The transition tables in front of it are skipped with pread() at
 * offsets computed from the header counts: that keeps the reader free of heap
 * allocation and of large stack buffers, which matters inside httpd threads.
 * Nothing here touches the process-wide TZ environment or tzset(), since other
 * threads of the server may be formatting times concurrently. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "np_tz.h"

#define NP_TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define NP_TZ_NAME_MAX 128
#define NP_TZ_PATH_MAX 4096
/* Real TZif files are a few KiB; anything far larger is not one we want to trust. */
#define NP_TZ_FILE_MAX (256 * 1024)
#define NP_TZ_HEADER_LEN 44
/* POSIX limits the UTC offset to 24 hours; RFC 8536 lets transition times
 * range over -167..167 hours so that rules like "M3.4.4/26" can be written. */
#define NP_TZ_OFFSET_HOURS_MAX 24
#define NP_TZ_TIME_HOURS_MAX 167
#define NP_TZ_DEFAULT_RULE_SECS (2 * 3600)

static const char np_tz_err_name[] = "invalid zone name";
static const char np_tz_err_unknown[] = "unknown zone";
static const char np_tz_err_io[] = "cannot read zone file";
static const char np_tz_err_not_tzif[] = "not a TZif file";
static const char np_tz_err_no_footer[] = "no POSIX footer";
static const char np_tz_err_too_long[] = "POSIX rule too long";
static const char np_tz_err_abbr[] = "invalid zone abbreviation";
static const char np_tz_err_abbr_long[] = "zone abbreviation too long";
static const char np_tz_err_offset[] = "invalid UTC offset";
static const char np_tz_err_rule[] = "invalid rule";
static const char np_tz_err_unsupported[] = "unsupported rule";
static const char np_tz_err_trailing[] = "trailing characters after rule";

static int np_tz_fail(const char **err, const char *msg)
{
    if (err)
        *err = msg;
    return -1;
}

/* ---- POSIX TZ string ---------------------------------------------------- */

/* Plain ASCII tests: the C library's ctype functions follow the locale,
 * which httpd may have set to anything. */
static int np_tz_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int np_tz_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int np_tz_parse_abbr(const char **pp, char *buf, size_t bufsize, const char **err)
{
    const char *p = *pp;
    const char *start;
    size_t len;

    if (*p == '<') {
        start = ++p;
        while (np_tz_is_alpha(*p) || np_tz_is_digit(*p) || *p == '+' || *p == '-')
            p++;
        if (*p != '>')
            return np_tz_fail(err, np_tz_err_abbr);
        len = (size_t)(p - start);
        p++;
    } else {
        start = p;
        while (np_tz_is_alpha(*p))
            p++;
        len = (size_t)(p - start);
    }
    /* POSIX requires at least three characters in either form. */
    if (len < 3)
        return np_tz_fail(err, np_tz_err_abbr);
    if (len >= bufsize)
        return np_tz_fail(err, np_tz_err_abbr_long);
    memcpy(buf, start, len);
    buf[len] = '\0';
    *pp = p;
    return 0;
}

/* Reads at most max_digits digits so that absurd input can't overflow. */
static int np_tz_parse_uint(const char **pp, int max_digits, int *out)
{
    const char *p = *pp;
    int v = 0, n = 0;

    while (n < max_digits && np_tz_is_digit(*p)) {
        v = v * 10 + (*p - '0');
        p++;
        n++;
    }
    if (n == 0 || np_tz_is_digit(*p))
        return -1;
    *out = v;
    *pp = p;
    return 0;
}

/* [+-]hh[:mm[:ss]], the shape shared by offsets and rule times. */
static int np_tz_parse_hms(const char **pp, int max_hours, int *secs)
{
    const char *p = *pp;
    int sign = 1, h, m = 0, s = 0;

    if (*p == '+' || *p == '-') {
        if (*p == '-')
            sign = -1;
        p++;
    }
    /* Offsets take at most two hour digits and rule times three, so that a
     * padded "005" is refused as an offset like any other malformed one. */
    if (np_tz_parse_uint(&p, max_hours >= 100 ? 3 : 2, &h) < 0 || h > max_hours)
        return -1;
    if (*p == ':') {
        p++;
        if (np_tz_parse_uint(&p, 2, &m) < 0 || m > 59)
            return -1;
        if (*p == ':') {
            p++;
            if (np_tz_parse_uint(&p, 2, &s) < 0 || s > 59)
                return -1;
        }
    }
    *secs = sign * (h * 3600 + m * 60 + s);
    *pp = p;
    return 0;
}

static int np_tz_parse_rule(const char **pp, np_tz_rule_t *rule, const char **err)
{
    const char *p = *pp;

    /* Julian-day rules can't be expressed as the month/week/weekday triple
     * that phone configurations take, so they are refused rather than
     * approximated. */
    if (*p == 'J' || np_tz_is_digit(*p))
        return np_tz_fail(err, np_tz_err_unsupported);
    if (*p != 'M')
        return np_tz_fail(err, np_tz_err_rule);
    p++;
    if (np_tz_parse_uint(&p, 2, &rule->month) < 0 || rule->month < 1 || rule->month > 12)
        return np_tz_fail(err, np_tz_err_rule);
    if (*p++ != '.')
        return np_tz_fail(err, np_tz_err_rule);
    if (np_tz_parse_uint(&p, 1, &rule->week) < 0 || rule->week < 1 || rule->week > 5)
        return np_tz_fail(err, np_tz_err_rule);
    if (*p++ != '.')
        return np_tz_fail(err, np_tz_err_rule);
    if (np_tz_parse_uint(&p, 1, &rule->wday) < 0 || rule->wday > 6)
        return np_tz_fail(err, np_tz_err_rule);
    rule->secs = NP_TZ_DEFAULT_RULE_SECS;
    if (*p == '/') {
        p++;
        if (np_tz_parse_hms(&p, NP_TZ_TIME_HOURS_MAX, &rule->secs) < 0)
            return np_tz_fail(err, np_tz_err_rule);
    }
    *pp = p;
    return 0;
}

int np_tz_parse_posix(const char *rule, np_tz_info_t *out, const char **err)
{
    /* Built aside and copied at the end, so a failed parse leaves *out as it was. */
    np_tz_info_t info;
    const char *p;
    int west;

    if (!rule)
        return np_tz_fail(err, np_tz_err_abbr);
    if (strlen(rule) >= sizeof info.posix)
        return np_tz_fail(err, np_tz_err_too_long);
    memset(&info, 0, sizeof info);
    strcpy(info.posix, rule);
    p = rule;

    if (np_tz_parse_abbr(&p, info.std_abbr, sizeof info.std_abbr, err) < 0)
        return -1;
    if (np_tz_parse_hms(&p, NP_TZ_OFFSET_HOURS_MAX, &west) < 0)
        return np_tz_fail(err, np_tz_err_offset);
    info.std_offset = -west;

    if (*p == '\0') {
        info.dst_offset = info.std_offset;
        *out = info;
        return 0;
    }

    if (np_tz_parse_abbr(&p, info.dst_abbr, sizeof info.dst_abbr, err) < 0)
        return -1;
    if (*p != ',' && *p != '\0') {
        if (np_tz_parse_hms(&p, NP_TZ_OFFSET_HOURS_MAX, &west) < 0)
            return np_tz_fail(err, np_tz_err_offset);
        info.dst_offset = -west;
    } else {
        info.dst_offset = info.std_offset + 3600;
    }

    /* POSIX leaves the dates implementation-defined when a DST name comes
     * without a rule; guessing (glibc falls back to US dates) would give
     * phones wrong clocks for half the year, so it is refused instead. */
    if (*p == '\0')
        return np_tz_fail(err, np_tz_err_unsupported);
    if (*p != ',')
        return np_tz_fail(err, np_tz_err_rule);
    p++;
    if (np_tz_parse_rule(&p, &info.start, err) < 0)
        return -1;
    if (*p != ',')
        return np_tz_fail(err, np_tz_err_rule);
    p++;
    if (np_tz_parse_rule(&p, &info.end, err) < 0)
        return -1;
    if (*p != '\0')
        return np_tz_fail(err, np_tz_err_trailing);

    info.has_dst = 1;
    *out = info;
    return 0;
}

/* ---- TZif file ---------------------------------------------------------- */

static int np_tz_name_ok(const char *zone)
{
    size_t comp_len = 0;
    size_t i;

    if (!zone)
        return 0;
    for (i = 0; zone[i] != '\0'; i++) {
        char c = zone[i];
        if (i >= NP_TZ_NAME_MAX)
            return 0;
        if (c == '/') {
            /* Also rejects a leading '/', i.e. an absolute path, and "//". */
            if (comp_len == 0)
                return 0;
            comp_len = 0;
        } else if (np_tz_is_alpha(c) || np_tz_is_digit(c) || c == '_' || c == '+' || c == '-') {
            comp_len++;
        } else {
            /* '.' lands here, so "." and ".." components can't occur. */
            return 0;
        }
    }
    return comp_len > 0;
}

static uint32_t np_tz_be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* pread() may return short counts on some file systems, and EINTR under a
 * busy httpd; loop until n bytes, EOF or a real error. */
static ssize_t np_tz_read_at(int fd, void *buf, size_t n, off_t off)
{
    size_t got = 0;

    while (got < n) {
        ssize_t r = pread(fd, (char *)buf + got, n - got, off + (off_t)got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Checks the header at off and sets *block_size to the length of the data
 * block behind it; -1 if there is no sane header there. time_size is 4 for
 * the v1 block and 8 for the v2+ block, whose transition times are 64-bit. */
static int np_tz_header(int fd, off_t off, uint64_t file_size, unsigned time_size,
                        char *version, uint64_t *block_size)
{
    unsigned char h[NP_TZ_HEADER_LEN];
    uint64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;

    if ((uint64_t)off + NP_TZ_HEADER_LEN > file_size)
        return -1;
    if (np_tz_read_at(fd, h, sizeof h, off) != (ssize_t)sizeof h)
        return -1;
    if (memcmp(h, "TZif", 4) != 0)
        return -1;
    *version = (char)h[4];
    isutcnt = np_tz_be32(h + 20);
    isstdcnt = np_tz_be32(h + 24);
    leapcnt = np_tz_be32(h + 28);
    timecnt = np_tz_be32(h + 32);
    typecnt = np_tz_be32(h + 36);
    charcnt = np_tz_be32(h + 40);
    /* Constraints RFC 8536 places on every header; a file breaking them is
     * corrupt, and its counts can't be trusted to find the footer. */
    if (typecnt == 0 || (isutcnt != 0 && isutcnt != typecnt) ||
        (isstdcnt != 0 && isstdcnt != typecnt))
        return -1;
    /* Counts are 32-bit, so none of these products can overflow 64 bits. */
    *block_size = timecnt * time_size + timecnt + typecnt * 6 + charcnt +
                  leapcnt * (time_size + 4) + isstdcnt + isutcnt;
    return 0;
}

static int np_tz_read_footer(int fd, uint64_t file_size, char *rule, size_t rule_size,
                             const char **err)
{
    char version, version2;
    uint64_t v1_size, v2_size, off;
    /* Room for "\n" + the longest rule we accept + "\n". */
    char buf[sizeof ((np_tz_info_t *)0)->posix + 2];
    size_t want, n, i;
    ssize_t got;

    if (np_tz_header(fd, 0, file_size, 4, &version, &v1_size) < 0)
        return np_tz_fail(err, np_tz_err_not_tzif);
    /* Version 1 files end after the first block and carry no rule. */
    if (version == '\0')
        return np_tz_fail(err, np_tz_err_no_footer);
    off = NP_TZ_HEADER_LEN + v1_size;
    if (off > file_size ||
        np_tz_header(fd, (off_t)off, file_size, 8, &version2, &v2_size) < 0 ||
        version2 != version)
        return np_tz_fail(err, np_tz_err_not_tzif);
    off += NP_TZ_HEADER_LEN + v2_size;
    if (off > file_size)
        return np_tz_fail(err, np_tz_err_not_tzif);
    if (off == file_size)
        return np_tz_fail(err, np_tz_err_no_footer);

    want = sizeof buf;
    if (file_size - off < want)
        want = (size_t)(file_size - off);
    got = np_tz_read_at(fd, buf, want, (off_t)off);
    if (got < 0)
        return np_tz_fail(err, np_tz_err_io);
    n = (size_t)got;
    if (n < 2 || buf[0] != '\n')
        return np_tz_fail(err, np_tz_err_no_footer);
    for (i = 1; i < n && buf[i] != '\n'; i++)
        ;
    if (i == n)
        return np_tz_fail(err, n == sizeof buf ? np_tz_err_too_long : np_tz_err_no_footer);
    /* zic writes an empty footer when no POSIX rule can describe the zone's
     * future, e.g. a zone whose last transitions don't follow a pattern. */
    if (i == 1)
        return np_tz_fail(err, np_tz_err_no_footer);
    if (i - 1 >= rule_size)
        return np_tz_fail(err, np_tz_err_too_long);
    memcpy(rule, buf + 1, i - 1);
    rule[i - 1] = '\0';
    return 0;
}

int np_tz_lookup(const char *zoneinfo_dir, const char *zone, np_tz_info_t *out, const char **err)
{
    char path[NP_TZ_PATH_MAX];
    char rule[sizeof out->posix];
    struct stat st;
    int fd, n, rc;

    if (!np_tz_name_ok(zone))
        return np_tz_fail(err, np_tz_err_name);
    if (!zoneinfo_dir || zoneinfo_dir[0] == '\0')
        zoneinfo_dir = NP_TZ_DEFAULT_DIR;
    n = snprintf(path, sizeof path, "%s/%s", zoneinfo_dir, zone);
    if (n < 0 || (size_t)n >= sizeof path)
        return np_tz_fail(err, np_tz_err_name);

    /* O_NONBLOCK: a FIFO planted under the zoneinfo directory must not hang
     * a server thread in open(); regular files ignore the flag. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return np_tz_fail(err, np_tz_err_unknown);
        return np_tz_fail(err, np_tz_err_io);
    }
    if (fstat(fd, &st) < 0) {
        close(fd);
        return np_tz_fail(err, np_tz_err_io);
    }
    /* A directory such as "Europe" is a valid name but not a zone. */
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return np_tz_fail(err, np_tz_err_unknown);
    }
    if (st.st_size > NP_TZ_FILE_MAX) {
        close(fd);
        return np_tz_fail(err, np_tz_err_not_tzif);
    }
    rc = np_tz_read_footer(fd, (uint64_t)st.st_size, rule, sizeof rule, err);
    close(fd);
    if (rc < 0)
        return -1;
    return np_tz_parse_posix(rule, out, err);
}

char *np_tz_format_hours(int offset_secs, char *buf)
{
    /* Widened first: negating INT_MIN as an int would overflow. */
    long long v = offset_secs;
    char sign = v < 0 ? '-' : '+';
    long long mins = ((v < 0 ? -v : v) + 30) / 60;

    /* Real offsets stay within +-25h; the clamp only keeps nonsense input
     * inside the 8-byte buffer the caller promised. */
    if (mins > 99 * 60 + 59)
        mins = 99 * 60 + 59;
    if (mins == 0)
        snprintf(buf, 8, "0");
    else if (mins % 60 == 0)
        snprintf(buf, 8, "%c%lld", sign, mins / 60);
    else
        snprintf(buf, 8, "%c%lld:%02lld", sign, mins / 60, mins % 60);
    return buf;
}
