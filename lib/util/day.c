#include "util/day.h"

#include "util/error.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (H. Hinnant's days_from_civil / civil_from_days). */
long pw_day_from_ymd(long y, long m, long d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void to_civil(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int pw_day_ymd_valid(long y, long m, long d)
{
	long cy, cm, cd;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	/* 2025-02-30 would become 2025-03-02: only a date that comes back is one */
	to_civil(pw_day_from_ymd(y, m, d), &cy, &cm, &cd);
	return cy == y && cm == m && cd == d;
}

static int digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The YYYY-MM-DD at the start of `s`; 0 when it is not a calendar date. */
static int prefix_day(const char *s, long *day)
{
	long y, m, d;
	if (!s || strnlen(s, 10) < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2))
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!pw_day_ymd_valid(y, m, d))
		return 0;
	*day = pw_day_from_ymd(y, m, d);
	return 1;
}

int pw_day_parse(long *day, const char *date)
{
	if (!prefix_day(date, day) || date[10] != '\0')
		return pw_error_set(PW_EINPUT, "'%s' is not a date (YYYY-MM-DD)", date ? date : "");
	return 0;
}

int pw_day_valid(const char *date)
{
	long day;
	return prefix_day(date, &day) && date[10] == '\0';
}

void pw_day_format(char out[11], long day)
{
	long y, m, d;
	to_civil(day, &y, &m, &d);
	if (y < 0 || y > 9999) /* out of the format's range: clamp, never overflow */
		y = y < 0 ? 0 : 9999;
	snprintf(out, 11, "%04ld-%02ld-%02ld", y, m, d);
}

int pw_day_diff(long *days, const char *from, const char *to)
{
	long a, b;
	int rc;
	if ((rc = pw_day_parse(&a, from)) < 0 || (rc = pw_day_parse(&b, to)) < 0)
		return rc;
	*days = b - a;
	return 0;
}

int pw_day_add(char out[11], const char *date, long days)
{
	long n;
	int rc = pw_day_parse(&n, date);
	if (rc < 0)
		return rc;
	/* years 0..9999 span about 3.65 million days */
	if (days > 4000000 || days < -4000000 || n + days < pw_day_from_ymd(1, 1, 1) ||
	    n + days > pw_day_from_ymd(9999, 12, 31))
		return pw_error_set(PW_EINPUT, "'%s' plus %ld days is not a date", date, days);
	pw_day_format(out, n + days);
	return 0;
}

long pw_day_between(const char *from, const char *to)
{
	long a, b;
	if (!prefix_day(from, &a) || !prefix_day(to, &b))
		return 0;
	return b - a;
}

void pw_day_now_iso(char out[21], const char *today)
{
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		memcpy(out, "1970-01-01T00:00:00Z", 21);
	if (today && strlen(today) == 10 && pw_day_valid(today))
		memcpy(out, today, 10);
}
