/* Calendar arithmetic: checked against the C library's own calendar
 * (timegm/gmtime_r) over two centuries, and on the edges of strict parsing. */
#include "testutil.h"

#include "util/day.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Every day from 1900-01-01 to 2100-12-31: format and parse agree with gmtime. */
static void test_against_libc(void **state)
{
	long day, back;
	char ours[11], libc[11];
	struct tm tm;
	(void)state;
	long first, last;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 0; /* 1900-01-01 */
	tm.tm_mday = 1;
	first = (long)(timegm(&tm) / 86400);
	tm.tm_year = 200; /* 2100-12-31 */
	tm.tm_mon = 11;
	tm.tm_mday = 31;
	last = (long)(timegm(&tm) / 86400);
	assert_true(last - first > 73000);
	for (day = first; day <= last; day++) {
		time_t t = (time_t)day * 86400 + 43200;
		assert_non_null(gmtime_r(&t, &tm));
		assert_int_equal(strftime(libc, sizeof(libc), "%Y-%m-%d", &tm), 10);
		pw_day_format(ours, day);
		assert_string_equal(ours, libc);
		assert_int_equal(pw_day_parse(&back, libc), 0);
		assert_int_equal(back, day);
	}
}

static void test_parse_strict(void **state)
{
	long d;
	(void)state;
	assert_int_equal(pw_day_parse(&d, "1970-01-01"), 0);
	assert_int_equal(d, 0);
	assert_int_equal(pw_day_parse(&d, "2024-02-29"), 0);
	assert_int_equal(pw_day_parse(&d, "2025-02-29"), PW_EINPUT);
	assert_string_equal(pw_error_last(), "'2025-02-29' is not a date (YYYY-MM-DD)");
	assert_int_equal(pw_day_parse(&d, "2025-02-30"), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, "2025-04-31"), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, "2025-13-01"), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, "2025-00-10"), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, "2025-3-1"), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, "2025-03-01T00:00:00Z"), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, " 2025-03-01"), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, "+025-03-01"), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, ""), PW_EINPUT);
	assert_int_equal(pw_day_parse(&d, NULL), PW_EINPUT);
}

/* pw_day_valid accepts what pw_day_parse accepts and leaves the last error
 * message alone (a date left out is no error of its own). */
static void test_valid_keeps_error(void **state)
{
	static const char *const dates[] = {"1970-01-01",
	                                    "2024-02-29",
	                                    "2100-01-01",
	                                    "2025-02-29",
	                                    "2025-04-31",
	                                    "2025-3-1",
	                                    "2025-03-01T00:00:00Z",
	                                    "2025-1\xe2\x80\x90"
	                                    "1",
	                                    "",
	                                    "2025-03-0x"};
	size_t i;
	long d;
	(void)state;
	for (i = 0; i < sizeof(dates) / sizeof(*dates); i++) {
		pw_error_set(PW_ERROR, "GitHub: stopped (request limit)");
		assert_int_equal(pw_day_valid(dates[i]), i < 3);
		assert_string_equal(pw_error_last(), "GitHub: stopped (request limit)");
		assert_int_equal(pw_day_parse(&d, dates[i]) == 0, i < 3);
	}
	assert_false(pw_day_valid(NULL));
}

static void test_diff_and_add(void **state)
{
	long n;
	char d[11];
	(void)state;
	assert_int_equal(pw_day_diff(&n, "2024-12-31", "2025-03-01"), 0);
	assert_int_equal(n, 60);
	assert_int_equal(pw_day_diff(&n, "2025-03-01", "2024-12-31"), 0);
	assert_int_equal(n, -60);
	assert_int_equal(pw_day_add(d, "2024-02-28", 1), 0);
	assert_string_equal(d, "2024-02-29");
	assert_int_equal(pw_day_add(d, "2025-03-01", -1), 0);
	assert_string_equal(d, "2025-02-28");
	assert_int_equal(pw_day_add(d, "2025-12-15", 30), 0);
	assert_string_equal(d, "2026-01-14");
	/* out of YYYY range: an error, not a wrapped or clamped date */
	assert_int_equal(pw_day_add(d, "9999-12-31", 1), PW_EINPUT);
	assert_int_equal(pw_day_add(d, "2025-01-01", 2147483647L), PW_EINPUT);
	assert_int_equal(pw_day_add(d, "0000-01-01", -1), PW_EINPUT);
}

/* Lenient on what follows the date (GitHub timestamps), 0 for anything that
 * is not a date: never a wait measured from 1970. */
static void test_days_between(void **state)
{
	(void)state;
	assert_int_equal(pw_day_between("2025-03-01T23:59:59Z", "2025-03-08"), 7);
	assert_int_equal(pw_day_between("2025-03-08", "2025-03-01"), -7);
	assert_int_equal(pw_day_between("", "2025-03-01"), 0);
	assert_int_equal(pw_day_between(NULL, "2025-03-01"), 0);
	assert_int_equal(pw_day_between("2025-02-30", "2025-03-01"), 0);
	assert_int_equal(pw_day_between("yesterday!", "2025-03-01"), 0);
}

/* Now as an ISO time: the exact shape, a date pw_day_parse accepts, and a time
 * between the clock read before and after the call; on a given day, that day
 * with the clock's time of day; a day that is not a date is ignored. */
static void test_now_iso(void **state)
{
	char now[21];
	struct tm tm;
	time_t before, after, got;
	long day;
	int i;
	(void)state;
	memset(now, 'x', sizeof(now));
	before = time(NULL);
	pw_day_now_iso(now, NULL);
	after = time(NULL);
	assert_int_equal(strlen(now), 20);
	for (i = 0; i < 20; i++) {
		if (i == 4 || i == 7)
			assert_int_equal(now[i], '-');
		else if (i == 10)
			assert_int_equal(now[i], 'T');
		else if (i == 13 || i == 16)
			assert_int_equal(now[i], ':');
		else if (i == 19)
			assert_int_equal(now[i], 'Z');
		else
			assert_true(now[i] >= '0' && now[i] <= '9');
	}
	assert_non_null(strptime(now, "%Y-%m-%dT%H:%M:%SZ", memset(&tm, 0, sizeof(tm))));
	got = timegm(&tm);
	assert_true(got >= before && got <= after);
	now[10] = '\0';
	assert_int_equal(pw_day_parse(&day, now), 0);
	assert_int_equal(day, (long)(got / 86400));
	/* on a given day ($PKIWATCH_TODAY's): that date, the clock's time of day */
	before = time(NULL);
	pw_day_now_iso(now, "2023-06-01");
	after = time(NULL);
	assert_int_equal(strlen(now), 20);
	assert_int_equal(strncmp(now, "2023-06-01T", 11), 0);
	assert_non_null(strptime(now, "%Y-%m-%dT%H:%M:%SZ", memset(&tm, 0, sizeof(tm))));
	got = timegm(&tm) - (time_t)pw_day_from_ymd(2023, 6, 1) * 86400; /* seconds of the day */
	assert_true(got >= 0 && got < 86400);
	assert_true((before % 86400 <= after % 86400)
	                ? got >= before % 86400 && got <= after % 86400
	                : got >= before % 86400 || got <= after % 86400); /* across midnight */
	/* not a date: the clock's */
	pw_day_now_iso(now, "2023-02-30");
	assert_int_not_equal(strncmp(now, "2023-02-30", 10), 0);
	assert_true(strncmp(now, "20", 2) == 0 && now[10] == 'T');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_against_libc),      cmocka_unit_test(test_parse_strict),
	    cmocka_unit_test(test_valid_keeps_error), cmocka_unit_test(test_diff_and_add),
	    cmocka_unit_test(test_days_between),      cmocka_unit_test(test_now_iso),
	};
	return cmocka_run_group_tests_name("day", tests, NULL, NULL);
}
