/* The dashboard body (lib/publish/dashboard) on hand-made groups. */
#include "testutil.h"

#include "publish/dashboard.h"

#include <string.h>

/* An adopted change of cabforum-servercert with the effective dates `dates`
 * (up to 2) on 2025-01-10. */
static void make_item(pw_changeset_item *it, pw_effective_date *d, const char *id,
                      const char *const *dates, size_t n)
{
	size_t i;
	memset(it, 0, sizeof(*it));
	it->change.id = (char *)id;
	it->change.source = (char *)"cabforum-servercert";
	it->change.subject = (char *)"Ballot SC-67: something";
	it->change.status = PW_STATUS_ADOPTED;
	strcpy(it->change.date, "2025-01-10");
	it->change.classified = 1;
	it->change.cls.kind = "ballot";
	it->change.cls.ballot = (char *)"SC-67";
	for (i = 0; i < n; i++) {
		memset(&d[i], 0, sizeof(d[i]));
		snprintf(d[i].date, sizeof(d[i].date), "%s", dates[i]);
	}
	it->change.cls.dates = d;
	it->change.cls.ndates = n;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t k = 0;
	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		k++;
	return k;
}

/* Two changes of one issue stating the same date: the dashboard lists the
 * date once (issue 15: SC-67's line appeared twice); the issue's other date
 * and another issue's same date stay. */
static void test_upcoming_once_per_issue(void **state)
{
	static const char *const d1[] = {"2025-03-15", "2025-06-01"};
	static const char *const d2[] = {"2025-03-15"};
	pw_changeset_item a, b, c;
	pw_effective_date da[2], db[1], dc[1];
	const pw_changeset_item *g1items[2] = {&a, &b}, *g2items[1] = {&c};
	pw_issue_group groups[2];
	pw_dashboard_entry e[2];
	pw_ledger ledger = {NULL, 0};
	char *body;
	(void)state;
	make_item(&a, da, "cabforum-servercert@aaaaaaaaaaaa", d1, 2);
	make_item(&b, db, "cabforum-servercert@bbbbbbbbbbbb", d2, 1);
	make_item(&c, dc, "cabforum-servercert@cccccccccccc", d2, 1);
	memset(groups, 0, sizeof(groups));
	groups[0].key = "cabforum-servercert:SC-67";
	groups[0].items = g1items;
	groups[0].count = groups[0].marked = 2;
	groups[1].key = "cabforum-servercert@cccccccccccc";
	groups[1].items = g2items;
	groups[1].count = groups[1].marked = 1;
	memset(e, 0, sizeof(e));
	e[0].group = &groups[0];
	e[0].number = 7;
	e[1].group = &groups[1];
	e[1].number = 8;
	assert_non_null(body = pw_dashboard_body(e, 2, &ledger, "2025-03-01"));
	assert_int_equal(count_of(body, "- **2025-03-15** (in 14 days) #7 "), 1);
	assert_int_equal(count_of(body, "- **2025-03-15** (in 14 days) #8 "), 1);
	assert_int_equal(count_of(body, "- **2025-06-01** (in 92 days) #7 "), 1);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_upcoming_once_per_issue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
