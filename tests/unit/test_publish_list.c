/* pw_existing_list on answers of the fake GitHub: the date part of each
 * issue's created_at (an RFC 3339 timestamp) is kept only when it is a
 * calendar date (lib/util/day); a timestamp on an impossible day is ignored
 * exactly as a missing or garbled one. */
#include "testutil.h"

#include "util/error.h"
#include "fakegh.h"
#include "github/github.h"
#include "publish/publish.h"

#include <string.h>

/* Stops the fake when the test failed before it did. */
static int teardown(void **state)
{
	(void)state;
	fakegh_stop_all();
	return 0;
}

/* The listed issue with this number. */
static const pw_existing_issue *issue(const pw_existing_issues *e, long number)
{
	size_t i;
	for (i = 0; i < e->count; i++)
		if (e->items[i].number == number)
			return &e->items[i];
	fail_msg("issue %ld not listed", number);
	return NULL;
}

/* One page of the listing as GitHub could send it (answered by a fault):
 * issue N carries marker "cN" and the created_at shown. */
static const char listing[] =
    "{\"action\":\"status\",\"status\":200,\"method\":\"GET\",\"path\":\"/issues$\","
    "\"body\":["
    "{\"number\":1,\"body\":\"<!-- pkiwatch:change c1 -->\","
    "\"created_at\":\"2026-01-05T10:00:00Z\"},"
    "{\"number\":2,\"body\":\"<!-- pkiwatch:change c2 -->\","
    "\"created_at\":\"2025-02-30T10:00:00Z\"},"
    "{\"number\":3,\"body\":\"<!-- pkiwatch:change c3 -->\","
    "\"created_at\":\"yesterdayT10:00:00Z\"},"
    "{\"number\":4,\"body\":\"<!-- pkiwatch:change c4 -->\"},"
    "{\"number\":5,\"body\":\"<!-- pkiwatch:change c5 -->\","
    "\"created_at\":\"2025-1\\u20101T10:00Z\"},"
    "{\"number\":6,\"body\":\"<!-- pkiwatch:change c6 -->\","
    "\"created_at\":\"2024-02-29T23:59:59+01:00\"},"
    "{\"number\":7,\"body\":\"<!-- pkiwatch:change c7 -->\","
    "\"created_at\":\"2023-02-29T00:00:00Z\"},"
    "{\"number\":8,\"body\":\"<!-- pkiwatch:change c8 -->\",\"created_at\":\"2025-03\"},"
    "{\"number\":9,\"body\":\"<!-- pkiwatch:change c9 -->\","
    "\"created_at\":\"2100-01-01T00:00:00Z\"}]}";

static void test_created_at_is_a_calendar_date(void **state)
{
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	pw_github *gh = NULL;
	pw_existing_issues e;
	fakegh fake;
	(void)state;
	setenv("NO_PROXY", "127.0.0.1", 1);
	fakegh_start(&fake, NULL);
	fakegh_fault(&fake, listing);
	o.api_url = fake.url;
	o.token = FAKEGH_TOKEN;
	o.repository = FAKEGH_REPO;
	if (pw_github_new(&gh, &o) < 0)
		fail_msg("pw_github_new: %s", pw_error_last());
	if (pw_publish_existing_list(&e, gh) < 0)
		fail_msg("pw_existing_list: %s", pw_error_last());
	assert_int_equal(e.count, 9);
	assert_string_equal(issue(&e, 1)->created_at, "2026-01-05"); /* the date part */
	assert_string_equal(issue(&e, 2)->created_at, "");           /* no 30 February */
	assert_string_equal(issue(&e, 3)->created_at, "");           /* not a date */
	assert_string_equal(issue(&e, 4)->created_at, "");           /* absent */
	/* "2025-1" U+2010 "1": a date in prose, not an ISO date */
	assert_string_equal(issue(&e, 5)->created_at, "");
	assert_string_equal(issue(&e, 6)->created_at, "2024-02-29"); /* a leap day */
	assert_string_equal(issue(&e, 7)->created_at, "");           /* not a leap year */
	assert_string_equal(issue(&e, 8)->created_at, "");           /* too short */
	/* a calendar date, also outside the years policy prose is searched for */
	assert_string_equal(issue(&e, 9)->created_at, "2100-01-01");
	pw_publish_existing_clear(&e);
	pw_github_free(gh);
	fakegh_stop(&fake);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_created_at_is_a_calendar_date, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
