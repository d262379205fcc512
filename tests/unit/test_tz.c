/* Time zones: real zones from the system tz database, the POSIX rule parser
 * on its own, hand-built TZif files for the reader's edge cases, and the
 * hour spelling phones want. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "np_test.h"
#include "np_tz.h"

#define NP_ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])

typedef struct {
    const char *std_abbr;
    const char *dst_abbr;
    int std_offset;
    int dst_offset;
    int has_dst;
    np_tz_rule_t start;
    np_tz_rule_t end;
} np_tz_want_t;

static void np_tz_check(const char *what, const np_tz_info_t *got, const np_tz_want_t *want)
{
    ck_assert_msg(strcmp(got->std_abbr, want->std_abbr) == 0, "%s: std_abbr \"%s\", want \"%s\"",
                  what, got->std_abbr, want->std_abbr);
    ck_assert_msg(strcmp(got->dst_abbr, want->dst_abbr) == 0, "%s: dst_abbr \"%s\", want \"%s\"",
                  what, got->dst_abbr, want->dst_abbr);
    ck_assert_msg(got->std_offset == want->std_offset, "%s: std_offset %d, want %d",
                  what, got->std_offset, want->std_offset);
    ck_assert_msg(got->dst_offset == want->dst_offset, "%s: dst_offset %d, want %d",
                  what, got->dst_offset, want->dst_offset);
    ck_assert_msg(got->has_dst == want->has_dst, "%s: has_dst %d", what, got->has_dst);
    if (!want->has_dst)
        return;
    ck_assert_msg(got->start.month == want->start.month && got->start.week == want->start.week &&
                  got->start.wday == want->start.wday && got->start.secs == want->start.secs,
                  "%s: start M%d.%d.%d/%ds, want M%d.%d.%d/%ds", what,
                  got->start.month, got->start.week, got->start.wday, got->start.secs,
                  want->start.month, want->start.week, want->start.wday, want->start.secs);
    ck_assert_msg(got->end.month == want->end.month && got->end.week == want->end.week &&
                  got->end.wday == want->end.wday && got->end.secs == want->end.secs,
                  "%s: end M%d.%d.%d/%ds, want M%d.%d.%d/%ds", what,
                  got->end.month, got->end.week, got->end.wday, got->end.secs,
                  want->end.month, want->end.week, want->end.wday, want->end.secs);
}

/* ---- real zones --------------------------------------------------------- */

static const struct {
    const char *zone;
    np_tz_want_t want;
    const char *std_hours;
    const char *dst_hours;
} np_tz_zones[] = {
    { "Europe/Rome",
      { "CET", "CEST", 3600, 7200, 1, { 3, 5, 0, 7200 }, { 10, 5, 0, 10800 } }, "+1", "+2" },
    { "America/New_York",
      { "EST", "EDT", -18000, -14400, 1, { 3, 2, 0, 7200 }, { 11, 1, 0, 7200 } }, "-5", "-4" },
    { "Asia/Kolkata", { "IST", "", 19800, 19800, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, "+5:30", "+5:30" },
    { "Asia/Kathmandu", { "+0545", "", 20700, 20700, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, "+5:45", "+5:45" },
    { "America/St_Johns",
      { "NST", "NDT", -12600, -9000, 1, { 3, 2, 0, 7200 }, { 11, 1, 0, 7200 } }, "-3:30", "-2:30" },
    { "UTC", { "UTC", "", 0, 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, "0", "0" },
    { "Etc/UTC", { "UTC", "", 0, 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, "0", "0" },
    /* Southern hemisphere: DST starts in spring (October) and ends in April. */
    { "Australia/Sydney",
      { "AEST", "AEDT", 36000, 39600, 1, { 10, 1, 0, 7200 }, { 4, 1, 0, 10800 } }, "+10", "+11" },
    /* Lord Howe's DST moves the clock by only 30 minutes. */
    { "Australia/Lord_Howe",
      { "+1030", "+11", 37800, 39600, 1, { 10, 1, 0, 7200 }, { 4, 1, 0, 7200 } }, "+10:30", "+11" },
    { "America/Sao_Paulo", { "-03", "", -10800, -10800, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, "-3", "-3" },
    /* Etc/GMT signs are POSIX-style: GMT+5 is five hours WEST. */
    { "Etc/GMT+5", { "-05", "", -18000, -18000, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, "-5", "-5" },
    { "Etc/GMT-14", { "+14", "", 50400, 50400, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, "+14", "+14" },
};

START_TEST(test_tz_lookup_zone)
{
    np_tz_info_t info;
    const char *err = NULL;
    char hours[8];

    ck_assert_msg(np_tz_lookup(NULL, np_tz_zones[_i].zone, &info, &err) == 0, "%s: %s",
                  np_tz_zones[_i].zone, err ? err : "?");
    np_tz_check(np_tz_zones[_i].zone, &info, &np_tz_zones[_i].want);
    ck_assert_str_eq(np_tz_format_hours(info.std_offset, hours), np_tz_zones[_i].std_hours);
    ck_assert_str_eq(np_tz_format_hours(info.dst_offset, hours), np_tz_zones[_i].dst_hours);
    ck_assert_uint_gt(strlen(info.posix), 0);
}
END_TEST

START_TEST(test_tz_lookup_posix_copied)
{
    np_tz_info_t info;
    const char *err = NULL;

    ck_assert_int_eq(np_tz_lookup("/usr/share/zoneinfo", "Europe/Rome", &info, &err), 0);
    ck_assert_str_eq(info.posix, "CET-1CEST,M3.5.0,M10.5.0/3");
    /* An empty directory means the default one, never the file system root. */
    ck_assert_int_eq(np_tz_lookup("", "America/New_York", &info, &err), 0);
    ck_assert_str_eq(info.posix, "EST5EDT,M3.2.0,M11.1.0");
    ck_assert_int_eq(np_tz_lookup(NULL, "Australia/Lord_Howe", &info, &err), 0);
    ck_assert_str_eq(info.posix, "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
}
END_TEST

/* A name of exactly 128 characters, each component legal. */
static const char np_tz_name_128[] =
    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/"
    "Ccccccccccccccccccccccccccccccc/Dddddddddddddddddddddddddddddddd";
static const char np_tz_name_129[] =
    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/"
    "Ccccccccccccccccccccccccccccccc/Ddddddddddddddddddddddddddddddddd";

static const struct {
    const char *zone;
    const char *err;
} np_tz_bad_zones[] = {
    { "../etc/passwd", "invalid zone name" },
    { "/etc/passwd", "invalid zone name" },
    { "Europe/../../x", "invalid zone name" },
    { "Europe/./Rome", "invalid zone name" },
    { "..", "invalid zone name" },
    { ".", "invalid zone name" },
    { "", "invalid zone name" },
    { "/", "invalid zone name" },
    { "Europe/", "invalid zone name" },
    { "Europe//Rome", "invalid zone name" },
    { "Europe/Rome/", "invalid zone name" },
    { "Europe/Ro me", "invalid zone name" },
    { "Europe/Rome\n", "invalid zone name" },
    { "Europe\\Rome", "invalid zone name" },
    { "Europe/Rome%00", "invalid zone name" },
    { "zone.tab", "invalid zone name" },
    { "Europe/Nowhere", "unknown zone" },
    { "Nowhere", "unknown zone" },
    { "europe/rome", "unknown zone" },
    /* A directory, and a path through a regular file. */
    { "Europe", "unknown zone" },
    { "Europe/Rome/Centro", "unknown zone" },
    /* Neither is a TZif file, though both sit in the zoneinfo directory. */
    { "leapseconds", "not a TZif file" },
    { np_tz_name_128, "unknown zone" },
    { np_tz_name_129, "invalid zone name" },
};

START_TEST(test_tz_lookup_bad_zone)
{
    np_tz_info_t info;
    const char *err = NULL;

    memset(&info, 0x5a, sizeof info);
    ck_assert_int_eq(np_tz_lookup(NULL, np_tz_bad_zones[_i].zone, &info, &err), -1);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strcmp(err, np_tz_bad_zones[_i].err) == 0, "\"%s\": got \"%s\", want \"%s\"",
                  np_tz_bad_zones[_i].zone, err, np_tz_bad_zones[_i].err);
    ck_assert_int_eq(info.std_offset, 0x5a5a5a5a);
}
END_TEST

START_TEST(test_tz_lookup_null_zone)
{
    np_tz_info_t info;
    const char *err = NULL;

    ck_assert_int_eq(np_tz_lookup(NULL, NULL, &info, &err), -1);
    ck_assert_str_eq(err, "invalid zone name");
    /* A name that would be valid is still refused if the directory makes
     * the path absurdly long, rather than silently truncated. */
    {
        char dir[5000];
        memset(dir, 'a', sizeof dir - 1);
        dir[0] = '/';
        dir[sizeof dir - 1] = '\0';
        ck_assert_int_eq(np_tz_lookup(dir, "UTC", &info, &err), -1);
    }
}
END_TEST

/* Every zone the tz database lists must either resolve or fail for a reason
 * about its rule; "not a TZif file" would mean the block skipping is off. */
START_TEST(test_tz_lookup_all_listed_zones)
{
    FILE *f = fopen("/usr/share/zoneinfo/tzdata.zi", "r");
    char line[512];
    int zones = 0, ok = 0;

    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof line, f)) {
        char name[200];
        np_tz_info_t info;
        const char *err = NULL;

        /* "Z Europe/Rome ..." lines open a zone; "L target Link/Name" are links. */
        if (sscanf(line, "Z %199s", name) != 1 && sscanf(line, "L %*s %199s", name) != 1)
            continue;
        zones++;
        if (np_tz_lookup(NULL, name, &info, &err) == 0) {
            char hours[8];
            ok++;
            ck_assert_uint_lt(strlen(np_tz_format_hours(info.std_offset, hours)), 8);
            continue;
        }
        ck_assert_msg(strcmp(err, "unsupported rule") == 0 || strcmp(err, "no POSIX footer") == 0,
                      "%s: %s", name, err);
    }
    fclose(f);
    ck_assert_int_gt(zones, 300);
    /* Almost all zones have an M-format rule or none; allow a few exceptions. */
    ck_assert_int_gt(ok, zones - 10);
}
END_TEST

/* ---- POSIX rule strings ------------------------------------------------- */

static const struct {
    const char *rule;
    np_tz_want_t want;
} np_tz_posix_good[] = {
    { "CET-1CEST,M3.5.0,M10.5.0/3",
      { "CET", "CEST", 3600, 7200, 1, { 3, 5, 0, 7200 }, { 10, 5, 0, 10800 } } },
    { "EST5EDT,M3.2.0,M11.1.0",
      { "EST", "EDT", -18000, -14400, 1, { 3, 2, 0, 7200 }, { 11, 1, 0, 7200 } } },
    { "<+0530>-5:30", { "+0530", "", 19800, 19800, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "<-03>3", { "-03", "", -10800, -10800, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
      { "+1030", "+11", 37800, 39600, 1, { 10, 1, 0, 7200 }, { 4, 1, 0, 7200 } } },
    { "NST3:30NDT,M3.2.0,M11.1.0",
      { "NST", "NDT", -12600, -9000, 1, { 3, 2, 0, 7200 }, { 11, 1, 0, 7200 } } },
    { "AEST-10AEDT,M10.1.0,M4.1.0/3",
      { "AEST", "AEDT", 36000, 39600, 1, { 10, 1, 0, 7200 }, { 4, 1, 0, 10800 } } },
    /* Israel: Friday before the last Sunday, written as Thursday 26:00. */
    { "IST-2IDT,M3.4.4/26,M10.5.0",
      { "IST", "IDT", 7200, 10800, 1, { 3, 4, 4, 93600 }, { 10, 5, 0, 7200 } } },
    /* Greenland: negative transition time, and no explicit DST offset. */
    { "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
      { "-02", "-01", -7200, -3600, 1, { 3, 5, 0, -3600 }, { 10, 5, 0, 0 } } },
    { "UTC0", { "UTC", "", 0, 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "GMT+0", { "GMT", "", 0, 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "ABC+5", { "ABC", "", -18000, -18000, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "<+14>-14", { "+14", "", 50400, 50400, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "AAA-24", { "AAA", "", 86400, 86400, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "<+0030>-0:30", { "+0030", "", 1800, 1800, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "LMT-0:44:30", { "LMT", "", 2670, 2670, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
    { "EST5EDT4,M3.2.0/1:30:15,M11.1.0/-167",
      { "EST", "EDT", -18000, -14400, 1, { 3, 2, 0, 5415 }, { 11, 1, 0, -601200 } } },
    { "AAA3BBB,M1.1.6/167,M12.5.6/+0",
      { "AAA", "BBB", -10800, -7200, 1, { 1, 1, 6, 601200 }, { 12, 5, 6, 0 } } },
    /* Fifteen characters fill the abbreviation field exactly. */
    { "<ABCDEFGHIJKLMNO>1", { "ABCDEFGHIJKLMNO", "", -3600, -3600, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } } },
};

START_TEST(test_tz_posix_good)
{
    np_tz_info_t info;
    const char *err = NULL;
    const char *rule = np_tz_posix_good[_i].rule;

    ck_assert_msg(np_tz_parse_posix(rule, &info, &err) == 0, "\"%s\": %s", rule, err ? err : "?");
    ck_assert_str_eq(info.posix, rule);
    np_tz_check(rule, &info, &np_tz_posix_good[_i].want);
}
END_TEST

static const struct {
    const char *rule;
    const char *err;
} np_tz_posix_bad[] = {
    { "", "invalid zone abbreviation" },
    { "5", "invalid zone abbreviation" },
    { "CE-1", "invalid zone abbreviation" },
    { "<+05-5", "invalid zone abbreviation" },
    { "<ab>1", "invalid zone abbreviation" },
    { "<a b>1", "invalid zone abbreviation" },
    { "ABCDEFGHIJKLMNOP1", "zone abbreviation too long" },
    { "CET-1<ABCDEFGHIJKLMNOP>,M3.5.0,M10.5.0", "zone abbreviation too long" },
    { "CET", "invalid UTC offset" },
    { "CET-", "invalid UTC offset" },
    { "CET:1", "invalid UTC offset" },
    { "EST25", "invalid UTC offset" },
    { "EST5:60", "invalid UTC offset" },
    { "EST5:30:60", "invalid UTC offset" },
    { "EST5:", "invalid UTC offset" },
    { "EST005", "invalid UTC offset" },
    { "EST5EDT25,M3.2.0,M11.1.0", "invalid UTC offset" },
    { "EST5EDT;M3.2.0,M11.1.0", "invalid UTC offset" },
    { "CET-1C,M3.5.0,M10.5.0", "invalid zone abbreviation" },
    { "CET-1CEST", "unsupported rule" },
    { "CET-1CEST-2", "unsupported rule" },
    { "EST5EDT,J60,J300", "unsupported rule" },
    { "EST5EDT,60,300", "unsupported rule" },
    { "EST5EDT,M3.2.0,J300/2", "unsupported rule" },
    { "EST5EDT,0/0,J365/25", "unsupported rule" },
    { "EST5EDT,M13.2.0,M11.1.0", "invalid rule" },
    { "EST5EDT,M0.2.0,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.6.0,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.0.0,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.2.7,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.2,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.2.0", "invalid rule" },
    { "EST5EDT,M3.2.0,", "invalid rule" },
    { "EST5EDT,M3.2.0,,M11.1.0", "invalid rule" },
    { "EST5EDT,X3.2.0,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.2.0/168,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.2.0/-168,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.2.0/2:60,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.2.0/,M11.1.0", "invalid rule" },
    { "EST5EDT,M3.2.0,M11.1.0x", "trailing characters after rule" },
    { "EST5EDT,M3.2.0,M11.1.0,M12.1.0", "trailing characters after rule" },
    { "CET-1CEST,M3.5.0,M10.5.0/3 ", "trailing characters after rule" },
    { "AAAAAAAAAAAAAAA-1BBBBBBBBBBBBBBB,M3.5.0/-167:59:59,M10.5.0/-167:5", "POSIX rule too long" },
};

START_TEST(test_tz_posix_bad)
{
    np_tz_info_t info;
    const char *err = NULL;
    const char *rule = np_tz_posix_bad[_i].rule;

    memset(&info, 0x5a, sizeof info);
    ck_assert_msg(np_tz_parse_posix(rule, &info, &err) == -1, "\"%s\" accepted", rule);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strcmp(err, np_tz_posix_bad[_i].err) == 0, "\"%s\": got \"%s\", want \"%s\"",
                  rule, err, np_tz_posix_bad[_i].err);
    /* A failed parse leaves the caller's struct alone. */
    ck_assert_int_eq(info.std_offset, 0x5a5a5a5a);
    ck_assert_int_eq(info.has_dst, 0x5a5a5a5a);
}
END_TEST

START_TEST(test_tz_posix_longest)
{
    /* 63 characters: the most the posix field can hold. */
    static const char rule[] = "AAAAAAAAAAAAAAA-1BBBBBBBBBBBBBBB,M3.5.0/-167:59:59,M10.5.0/-167";
    np_tz_info_t info;
    const char *err = NULL;

    ck_assert_uint_eq(strlen(rule), sizeof info.posix - 1);
    ck_assert_int_eq(np_tz_parse_posix(rule, &info, &err), 0);
    ck_assert_str_eq(info.posix, rule);
    ck_assert_int_eq(info.start.secs, -(167 * 3600 + 59 * 60 + 59));
    ck_assert_int_eq(info.end.secs, -167 * 3600);
    ck_assert_int_eq(np_tz_parse_posix(NULL, &info, &err), -1);
}
END_TEST

/* ---- hand-built TZif files ---------------------------------------------- */

#define NP_TZIF_MAX 4096

typedef struct {
    const char *what;
    char version;          /* '\0', '2', '3', '4' */
    uint32_t counts1[6];   /* isutcnt isstdcnt leapcnt timecnt typecnt charcnt */
    uint32_t counts2[6];
    int bad_magic2;
    const char *footer;    /* bytes after the v2 block, NULL for none */
    long cut;              /* truncate the file to this many bytes, or -1 */
    const char *err;       /* NULL when the lookup must succeed */
    const char *posix;
} np_tzif_case_t;

static void np_tzif_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static size_t np_tzif_header(unsigned char *p, char version, const uint32_t counts[6], int bad_magic)
{
    int i;

    memset(p, 0, 44);
    memcpy(p, bad_magic ? "TZiF" : "TZif", 4);
    p[4] = (unsigned char)version;
    for (i = 0; i < 6; i++)
        np_tzif_put32(p + 20 + 4 * i, counts[i]);
    return 44;
}

/* Fill a data block with newlines, so that a reader hunting for the footer's
 * "\n" instead of skipping by the counts trips over them. Absurd counts are
 * cut to the room left: such files are meant to end early anyway. */
static size_t np_tzif_block(unsigned char *p, const uint32_t c[6], uint64_t time_size, size_t room)
{
    uint64_t n = c[3] * time_size + c[3] + c[4] * 6u + c[5] + c[2] * (time_size + 4) + c[1] + c[0];

    if (n > room)
        n = room;
    memset(p, '\n', (size_t)n);
    return (size_t)n;
}

static size_t np_tzif_build(const np_tzif_case_t *tc, unsigned char *buf)
{
    size_t n = 0, flen = tc->footer ? strlen(tc->footer) : 0;

    /* Keep room for both headers and the footer whatever the counts say. */
    n += np_tzif_header(buf + n, tc->version, tc->counts1, 0);
    n += np_tzif_block(buf + n, tc->counts1, 4, NP_TZIF_MAX - n - 44 - flen);
    if (tc->version != '\0') {
        n += np_tzif_header(buf + n, tc->version, tc->counts2, tc->bad_magic2);
        n += np_tzif_block(buf + n, tc->counts2, 8, NP_TZIF_MAX - n - flen);
    }
    memcpy(buf + n, tc->footer ? tc->footer : "", flen);
    n += flen;
    if (tc->cut >= 0 && (size_t)tc->cut < n)
        n = (size_t)tc->cut;
    return n;
}

/* Writes data as <tmpdir>/Test/Zone, looks it up, and removes it all again
 * before returning, so a failed assertion later leaves nothing behind. */
static int np_tzif_try(const unsigned char *data, size_t len, long sparse_size,
                       np_tz_info_t *info, const char **err)
{
    char dir[] = "/tmp/np_tz_test_XXXXXX";
    char sub[64], file[96];
    FILE *f;
    int rc = -2;

    if (!mkdtemp(dir))
        return -2;
    snprintf(sub, sizeof sub, "%s/Test", dir);
    snprintf(file, sizeof file, "%s/Zone", sub);
    if (mkdir(sub, 0700) == 0) {
        f = fopen(file, "wb");
        if (f) {
            int ok = fwrite(data, 1, len, f) == len;
            if (ok && sparse_size > 0)
                ok = fseek(f, sparse_size - 1, SEEK_SET) == 0 && fputc(0, f) == 0;
            if (fclose(f) == 0 && ok)
                rc = np_tz_lookup(dir, "Test/Zone", info, err);
            unlink(file);
        }
        rmdir(sub);
    }
    rmdir(dir);
    return rc;
}

static const np_tzif_case_t np_tzif_cases[] = {
    { "v2 with full v1 block", '2', { 2, 2, 1, 3, 2, 8 }, { 0, 0, 0, 5, 3, 12 }, 0,
      "\nAAA-1BBB,M3.5.0,M10.5.0/3\n", -1, NULL, "AAA-1BBB,M3.5.0,M10.5.0/3" },
    { "v3", '3', { 0, 0, 0, 0, 1, 4 }, { 3, 3, 2, 7, 3, 10 }, 0,
      "\n<-02>2<-01>,M3.5.0/-1,M10.5.0/0\n", -1, NULL, "<-02>2<-01>,M3.5.0/-1,M10.5.0/0" },
    { "v4", '4', { 1, 1, 0, 1, 1, 4 }, { 1, 1, 27, 1, 1, 4 }, 0,
      "\nUTC0\n", -1, NULL, "UTC0" },
    { "slim v1 block", '2', { 0, 0, 0, 0, 1, 1 }, { 0, 0, 0, 236, 6, 20 }, 0,
      "\nEST5EDT,M3.2.0,M11.1.0\n", -1, NULL, "EST5EDT,M3.2.0,M11.1.0" },
    { "v1 only", '\0', { 0, 0, 0, 2, 2, 8 }, { 0 }, 0, NULL, -1, "no POSIX footer", NULL },
    { "empty footer", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0, "\n\n", -1,
      "no POSIX footer", NULL },
    { "no footer", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0, NULL, -1,
      "no POSIX footer", NULL },
    { "footer without final newline", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\nUTC0", -1, "no POSIX footer", NULL },
    { "footer not starting with newline", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "UTC0\n", -1, "no POSIX footer", NULL },
    { "footer too long", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\nAAAAAAAAAAAAAAA-1BBBBBBBBBBBBBBB,M3.5.0/-167:59:59,M10.5.0/-167:59:59\n", -1,
      "POSIX rule too long", NULL },
    { "footer with Julian rule", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\n<+0330>-3:30<+0430>,J79/24,J263/24\n", -1, "unsupported rule", NULL },
    { "footer with bad rule", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\nCET-1CEST,M3.5.9,M10.5.0\n", -1, "invalid rule", NULL },
    { "bad second magic", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 1,
      "\nUTC0\n", -1, "not a TZif file", NULL },
    { "cut in v1 header", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\nUTC0\n", 30, "not a TZif file", NULL },
    { "cut in v1 block", '2', { 0, 0, 0, 4, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\nUTC0\n", 50, "not a TZif file", NULL },
    { "cut in v2 header", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\nUTC0\n", 44 + 10 + 20, "not a TZif file", NULL },
    { "cut in v2 block", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 9, 1, 4 }, 0,
      "\nUTC0\n", 44 + 10 + 44 + 30, "not a TZif file", NULL },
    { "huge counts", '2', { 0, 0, 0, 0xffffffffu, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\nUTC0\n", -1, "not a TZif file", NULL },
    { "zero typecnt", '2', { 0, 0, 0, 0, 0, 4 }, { 0, 0, 0, 0, 1, 4 }, 0,
      "\nUTC0\n", -1, "not a TZif file", NULL },
    { "isutcnt neither 0 nor typecnt", '2', { 0, 0, 0, 0, 1, 4 }, { 2, 0, 0, 0, 3, 4 }, 0,
      "\nUTC0\n", -1, "not a TZif file", NULL },
};

START_TEST(test_tz_tzif_file)
{
    const np_tzif_case_t *tc = &np_tzif_cases[_i];
    unsigned char buf[NP_TZIF_MAX];
    np_tz_info_t info;
    const char *err = NULL;
    size_t len = np_tzif_build(tc, buf);
    int rc = np_tzif_try(buf, len, 0, &info, &err);

    ck_assert_msg(rc != -2, "%s: could not write the test file", tc->what);
    if (!tc->err) {
        ck_assert_msg(rc == 0, "%s: %s", tc->what, err ? err : "?");
        ck_assert_str_eq(info.posix, tc->posix);
    } else {
        ck_assert_msg(rc == -1, "%s: accepted", tc->what);
        ck_assert_msg(err && strcmp(err, tc->err) == 0, "%s: got \"%s\", want \"%s\"",
                      tc->what, err ? err : "(null)", tc->err);
    }
}
END_TEST

START_TEST(test_tz_tzif_garbage)
{
    static const unsigned char text[] = "# not a zone file\n";
    np_tz_info_t info;
    const char *err = NULL;

    ck_assert_int_eq(np_tzif_try(text, sizeof text - 1, 0, &info, &err), -1);
    ck_assert_str_eq(err, "not a TZif file");
    ck_assert_int_eq(np_tzif_try(text, 0, 0, &info, &err), -1);
    ck_assert_str_eq(err, "not a TZif file");
}
END_TEST

START_TEST(test_tz_tzif_too_big)
{
    static const np_tzif_case_t tc = {
        "big", '2', { 0, 0, 0, 0, 1, 4 }, { 0, 0, 0, 0, 1, 4 }, 0, "\nUTC0\n", -1, NULL, NULL
    };
    unsigned char buf[NP_TZIF_MAX];
    np_tz_info_t info;
    const char *err = NULL;
    size_t len = np_tzif_build(&tc, buf);

    /* The same file is fine at its natural size and refused past 256 KiB. */
    ck_assert_int_eq(np_tzif_try(buf, len, 0, &info, &err), 0);
    ck_assert_int_eq(np_tzif_try(buf, len, 256 * 1024 + 1, &info, &err), -1);
    ck_assert_str_eq(err, "not a TZif file");
}
END_TEST

/* ---- hours as phones spell them ------------------------------------------ */

static const struct {
    int secs;
    const char *out;
} np_tz_hours[] = {
    { 0, "0" },
    { 3600, "+1" },
    { 7200, "+2" },
    { -18000, "-5" },
    { 19800, "+5:30" },
    { 20700, "+5:45" },
    { -12600, "-3:30" },
    { -9000, "-2:30" },
    { 37800, "+10:30" },
    { 50400, "+14" },
    { -43200, "-12" },
    { -1800, "-0:30" },
    { 2700, "+0:45" },
    /* Seconds round to the nearest minute. */
    { 29, "0" },
    { -29, "0" },
    { 30, "+0:01" },
    { 2670, "+0:45" },
    { 86399, "+24" },
    { 86400, "+24" },
    /* Nonsense input still fits the 8-byte buffer. */
    { 2147483647, "+99:59" },
    { -2147483647 - 1, "-99:59" },
};

START_TEST(test_tz_format_hours)
{
    char buf[8];

    memset(buf, '#', sizeof buf);
    ck_assert_ptr_eq(np_tz_format_hours(np_tz_hours[_i].secs, buf), buf);
    ck_assert_str_eq(buf, np_tz_hours[_i].out);
}
END_TEST

TCase *np_test_tz_tcase(void)
{
    TCase *tc = tcase_create("tz");

    tcase_add_loop_test(tc, test_tz_lookup_zone, 0, (int)NP_ARRAY_LEN(np_tz_zones));
    tcase_add_test(tc, test_tz_lookup_posix_copied);
    tcase_add_loop_test(tc, test_tz_lookup_bad_zone, 0, (int)NP_ARRAY_LEN(np_tz_bad_zones));
    tcase_add_test(tc, test_tz_lookup_null_zone);
    tcase_add_test(tc, test_tz_lookup_all_listed_zones);
    tcase_add_loop_test(tc, test_tz_posix_good, 0, (int)NP_ARRAY_LEN(np_tz_posix_good));
    tcase_add_loop_test(tc, test_tz_posix_bad, 0, (int)NP_ARRAY_LEN(np_tz_posix_bad));
    tcase_add_test(tc, test_tz_posix_longest);
    tcase_add_loop_test(tc, test_tz_tzif_file, 0, (int)NP_ARRAY_LEN(np_tzif_cases));
    tcase_add_test(tc, test_tz_tzif_garbage);
    tcase_add_test(tc, test_tz_tzif_too_big);
    tcase_add_loop_test(tc, test_tz_format_hours, 0, (int)NP_ARRAY_LEN(np_tz_hours));
    return tc;
}
