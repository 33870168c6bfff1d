/* Date parsing in every form upstream documents use. */
#include "testutil.h"

#include "classify/dates.h"

#include <string.h>

static void expect(const char *text, const char *iso)
{
	pw_date *ds = NULL;
	size_t n = 0;
	char out[11];
	assert_int_equal(pw_dates_find(&ds, &n, text, strlen(text)), 0);
	if (!iso) {
		if (n)
			fail_msg("'%s': unexpected date", text);
		free(ds);
		return;
	}
	if (n != 1)
		fail_msg("'%s': %zu dates, want 1 (%s)", text, n, iso);
	pw_dates_format(out, &ds[0]);
	assert_string_equal(out, iso);
	free(ds);
}

static void test_formats(void **state)
{
	(void)state;
	expect("Effective 2026-03-15, CAs", "2026-03-15");
	expect("Effective March 15, 2026 the CA", "2026-03-15");
	expect("from 15 March 2026 on", "2026-03-15");
	expect("13 Aug 2019", "2019-08-13");
	expect("2 Sept 2020", "2020-09-02");
	expect("Sept. 2, 2020", "2020-09-02");
	expect("7-1-2026", "2026-07-01");
	expect("(effective 10/4/2023)", "2023-10-04");
	expect("| 09-Mar-2018 |", "2018-03-09");
	expect("| 26\xe2\x80\x90"
	       "Sep\xe2\x80\x90"
	       "19 |",
	       "2019-09-26"); /* U+2010 hyphens, 2-digit year */
	expect("date: 11 March, 2025", "2025-03-11");
	expect("18-November-2024", "2024-11-18");
	expect("March 15th, 2026:", "2026-03-15");
	expect("September 01, 2023|", "2023-09-01");
	expect("before\xc2\xa0"
	       "March\xc2\xa0"
	       "15, 2025",
	       "2025-03-15"); /* no-break spaces */
}

static void test_not_dates(void **state)
{
	(void)state;
	expect("Regulation (EU) 2021/1042 and Directive 2017/1132", NULL);
	expect("ISO 17442-1:2020, X.509 (10/2012)", NULL);
	expect("OID 2.23.140.1.5.1.1", NULL);
	expect("February 30, 2024", NULL);
	expect("2023-13-01", NULL);
	expect("Version 1.0.10", NULL);
	expect("Marches 15, 2026", NULL);
	expect("12-34-2026", NULL);
	expect("1899-01-01", NULL);
}

/* A month alone is its first day, marked as such (the classifier needs
 * wording right before it: "Beginning August 2024"). */
static void test_month_only(void **state)
{
	const char *t = "RFC 5280, May 2008. Beginning in August 2024, X; by March 15, 2026.";
	pw_date *ds = NULL;
	size_t n = 0;
	char out[11];
	(void)state;
	expect("March 2026", "2026-03-01");
	expect("Starting February 2024 CAs", "2024-02-01");
	expect("Marches 2026", NULL);
	expect("March 20266", NULL);
	assert_int_equal(pw_dates_find(&ds, &n, t, strlen(t)), 0);
	assert_int_equal(n, 3);
	assert_true(ds[0].month_only);
	assert_true(ds[1].month_only);
	pw_dates_format(out, &ds[1]);
	assert_string_equal(out, "2024-08-01");
	assert_false(ds[2].month_only);
	pw_dates_format(out, &ds[2]);
	assert_string_equal(out, "2026-03-15");
	free(ds);
}

static void test_several_and_spans(void **state)
{
	const char *t = "Prior to 2025-09-17, X. Effective 2025-09-17, Y; by 1 July 2026.";
	pw_date *ds = NULL;
	size_t n = 0;
	(void)state;
	assert_int_equal(pw_dates_find(&ds, &n, t, strlen(t)), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ds[0].start, 9);
	assert_int_equal(ds[0].end, 19);
	assert_int_equal(pw_dates_key(&ds[2]), 20260701);
	free(ds);
	assert_int_equal(pw_dates_key_iso("2024-02-29"), 20240229);
	assert_int_equal(pw_dates_key_iso("2023-02-29"), -1);
	assert_int_equal(pw_dates_key_iso("March 1, 2024"), -1);
}

static void test_hostile_input(void **state)
{
	size_t len = 1u << 20, n = 0;
	char *big = malloc(len);
	pw_date *ds = NULL;
	(void)state;
	assert_non_null(big);
	memset(big, '1', len); /* one 1 MB "number" */
	assert_int_equal(pw_dates_find(&ds, &n, big, len), 0);
	assert_int_equal(n, 0);
	memcpy(big + len - 10, "2026-03-15", 10);
	big[len - 11] = ' ';
	assert_int_equal(pw_dates_find(&ds, &n, big, len), 0);
	assert_int_equal(n, 1);
	free(ds);
	assert_int_equal(pw_dates_find(&ds, &n, "March 1", 7), 0); /* truncated */
	assert_int_equal(n, 0);
	assert_int_equal(pw_dates_parse("\xff\xfe", 2, NULL), 0);
	/* a separator at the very end of the buffer (exactly sized: ASan sees overreads) */
	memcpy(big, "26-", 3);
	{
		char *tight = malloc(3);
		assert_non_null(tight);
		memcpy(tight, "26-", 3);
		assert_int_equal(pw_dates_find(&ds, &n, tight, 3), 0);
		assert_int_equal(n, 0);
		free(tight);
	}
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_formats),       cmocka_unit_test(test_not_dates),
	    cmocka_unit_test(test_month_only),    cmocka_unit_test(test_several_and_spans),
	    cmocka_unit_test(test_hostile_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
