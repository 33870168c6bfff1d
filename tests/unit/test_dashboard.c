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
	assert_non_null(body = pw_dashboard_body(e, 2, &ledger, NULL, "2025-03-01"));
	assert_int_equal(count_of(body, "- **2025-03-15** (in 14 days) #7 "), 1);
	assert_int_equal(count_of(body, "- **2025-03-15** (in 14 days) #8 "), 1);
	assert_int_equal(count_of(body, "- **2025-06-01** (in 92 days) #7 "), 1);
	free(body);
}

/* A change of `source` with `kind`, `subject`, `ballot` (may be NULL). */
static void make_change(pw_changeset_item *it, const char *id, const char *kind,
                        const char *subject, const char *ballot, int proposed)
{
	memset(it, 0, sizeof(*it));
	it->change.id = (char *)id;
	it->change.source = (char *)"cabforum-servercert";
	it->change.subject = (char *)subject;
	it->change.status = proposed ? PW_STATUS_PROPOSED : PW_STATUS_ADOPTED;
	strcpy(it->change.date, "2025-01-10");
	it->change.classified = 1;
	it->change.cls.kind = kind;
	it->change.cls.ballot = (char *)ballot;
}

/* Issue 15's dashboard: by source, the ballots listed and what has no
 * normative effect (rules/noise.json) collapsed with why and the bulk
 * sign-off per kind; a draft branch whose newest commit merges main is named
 * by its branch; recently signed off with the issue's title and the TSPs'
 * answers counted, no TSP named. */
static void test_grouped_noise_recent(void **state)
{
	pw_changeset_item a, b, c, d;
	const pw_changeset_item *ga[1] = {&a}, *gb[1] = {&b}, *gc[1] = {&c}, *gd[1] = {&d};
	pw_issue_group groups[4];
	pw_dashboard_entry e[4];
	pw_ledger_entry le;
	pw_ledger ledger = {&le, 1};
	char *tsps[] = {(char *)"ministry", (char *)"northwind", (char *)"codeworks"};
	char *responded[] = {(char *)"northwind"};
	pw_noise *noise = NULL;
	char *body;
	const char *aw, *det, *disc, *rec;
	size_t i;
	(void)state;
	assert_int_equal(pw_noise_load(&noise, NULL), 0);
	make_change(&a, "cabforum-servercert@aaaaaaaaaaaa", "ballot", "SC-90: Sunset email DCV",
	            "SC-90", 0);
	make_change(&b, "cabforum-servercert@bbbbbbbbbbbb", "editorial",
	            "Fix formatting in table 1.2.1", NULL, 0);
	make_change(&c, "cabforum-servercert@cccccccccccc", "ballot",
	            "Merge branch 'main' into recording-validation-method", NULL, 1);
	make_change(&d, "cabforum-servercert@dddddddddddd", "ballot", "SC-81: Shorter validity",
	            "SC-81", 0);
	memset(groups, 0, sizeof(groups));
	groups[0].key = "cabforum-servercert:SC-90";
	groups[0].items = ga;
	groups[1].key = "cabforum-servercert@bbbbbbbbbbbb";
	groups[1].items = gb;
	groups[2].key = "cabforum-servercert:branch:recording-validation-method";
	groups[2].items = gc;
	groups[2].proposed = 1;
	groups[3].key = "cabforum-servercert:SC-81";
	groups[3].items = gd;
	memset(e, 0, sizeof(e));
	for (i = 0; i < 4; i++) {
		groups[i].count = 1;
		e[i].group = &groups[i];
		e[i].number = (long)i + 1;
	}
	e[3].signed_off = 1;
	memset(&le, 0, sizeof(le));
	le.change = (char *)"cabforum-servercert@dddddddddddd";
	le.decision = (char *)"applicable";
	le.tsps = tsps;
	le.ntsps = 3;
	le.responded = responded;
	le.nresponded = 1;
	le.time = (char *)"2025-02-01T10:00:00Z";
	le.officer_name = (char *)"Maria Jansen";
	assert_non_null(body = pw_dashboard_body(e, 4, &ledger, noise, "2025-03-01"));
	aw = strstr(body, "## Awaiting sign-off (2)\n\n### `cabforum-servercert` (2)\n\n"
	                  "- #1 **SC-90** SC-90: Sunset email DCV — waiting ");
	det = strstr(body, "\n<details><summary>1 with no normative effect (sign off in "
	                   "bulk)</summary>\n\n- #2 Fix formatting in table 1.2.1 — editorial "
	                   "change — waiting ");
	disc = strstr(body, "- #3 `cabforum-servercert` draft branch `recording-validation-method` "
	                    "(newest commit: merge of main into a draft)\n");
	rec = strstr(body, "## Recently signed off\n\nTSP answers to the 1 applicable decision: "
	                   "1 of 3 received.\n\n- 2025-02-01 **applicable** #4 "
	                   "`cabforum-servercert` **SC-81** SC-81: Shorter validity — TSP answers: "
	                   "1 of 3 — by Maria Jansen\n");
	if (!aw || !det || !disc || !rec)
		fail_msg("a part is missing in:\n%s", body);
	assert_true(aw < det && det < disc && disc < rec);
	assert_non_null(strstr(det, "In bulk: `pkiwatch signoff --kind editorial --source "
	                            "cabforum-servercert --decision not-applicable`"));
	assert_null(strstr(body, "ministry")); /* no TSP named */
	assert_null(strstr(body, "northwind"));
	assert_null(strstr(body, "Merge branch"));
	free(body);
	/* with its proposal (history.h), the draft says what it proposes */
	c.change.proposal = (char *)"Improve recording of validation methods";
	assert_non_null(body = pw_dashboard_body(e, 4, &ledger, noise, "2025-03-01"));
	tu_assert_has(body,
	              "- #3 `cabforum-servercert` draft branch `recording-validation-method`: "
	              "Improve recording of validation methods\n");
	assert_null(strstr(body, "newest commit"));
	free(body);
	/* a stale draft (rules/noise.json) leaves "In discussion" for its own
	 * heading, which names the label its issue carries; its line says what
	 * it proposes, the dates it proposed (all past) and its newest commit's
	 * date */
	c.change.stale = 1;
	{
		pw_effective_date dates[2];
		memset(dates, 0, sizeof(dates));
		snprintf(dates[0].date, sizeof(dates[0].date), "2026-05-15");
		snprintf(dates[1].date, sizeof(dates[1].date), "2026-11-15");
		c.change.cls.dates = dates;
		c.change.cls.ndates = 2;
		assert_non_null(body = pw_dashboard_body(e, 4, &ledger, noise, "2026-12-05"));
		c.change.cls.dates = NULL;
		c.change.cls.ndates = 0;
	}
	tu_assert_has(body, "\n## In discussion (0)\n\nNo draft ballot or policy version.\n"
	                    "\n## Stale drafts (1)\n\nLeft standing: no commit for over a year "
	                    "and no date it proposes still to come. Their issues carry the label "
	                    "`stale` until the draft gets a new commit.\n\n"
	                    "- #3 `cabforum-servercert` draft branch "
	                    "`recording-validation-method`: Improve recording of validation "
	                    "methods — proposed 2026-05-15, 2026-11-15 — newest commit "
	                    "2025-01-10\n");
	free(body);
	/* without a proposal, its newest commit merging main: by its branch and why */
	c.change.proposal = NULL;
	assert_non_null(body = pw_dashboard_body(e, 4, &ledger, noise, "2026-12-05"));
	tu_assert_has(body, "- #3 `cabforum-servercert` draft branch "
	                    "`recording-validation-method` (newest commit: merge of main into a "
	                    "draft) — newest commit 2025-01-10\n");
	free(body);
	c.change.stale = 0;
	pw_noise_free(noise);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_upcoming_once_per_issue),
	    cmocka_unit_test(test_grouped_noise_recent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
