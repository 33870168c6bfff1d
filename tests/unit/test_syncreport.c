/* The sync report (outputs and job summary) from hand-made publish results. */
#include "testutil.h"

#include "util/buf.h"
#include "publish/syncreport.h"

#include <string.h>

/* One change per group, with the given dates ("" ends the list). */
typedef struct {
	pw_changeset_item item;
	const pw_changeset_item *ptr;
	pw_effective_date dates[16];
	pw_issue_group group;
} fake_group;

static void make_group(fake_group *f, const char *id, const char *subject, const char *ballot,
                       const char *const *dates)
{
	size_t n = 0;
	memset(f, 0, sizeof(*f));
	f->item.change.id = (char *)id;
	f->item.change.source = (char *)"cabforum-smime";
	f->item.change.subject = (char *)subject;
	f->item.change.status = PW_STATUS_ADOPTED;
	f->item.change.cls.ballot = (char *)ballot;
	for (; dates && dates[n]; n++)
		snprintf(f->dates[n].date, sizeof(f->dates[n].date), "%s", dates[n]);
	f->item.change.cls.dates = f->dates;
	f->item.change.cls.ndates = n;
	f->ptr = &f->item;
	f->group.key = (char *)id;
	f->group.items = &f->ptr;
	f->group.count = f->group.marked = 1;
}

/* What pw_publish fills in: when each issue not signed off began to wait
 * (no ledger: since the issue was opened, the changes having no date). */
static void waiting_all(pw_publish_stats *st)
{
	pw_ledger none = {NULL, 0};
	size_t i;
	for (i = 0; i < st->nresults; i++)
		if (!st->results[i].signed_off)
			pw_publish_waiting_since(st->results[i].waiting_since, st->results[i].group,
			                         &none, st->results[i].created_at, "2025-03-01");
}

/* Result `res`: issue #`number` of group `g`, opened on `created_at`. */
static void result(pw_publish_result *res, fake_group *g, int number, const char *created_at)
{
	memset(res, 0, sizeof(*res));
	res->group = &g->group;
	res->number = number;
	snprintf(res->created_at, sizeof(res->created_at), "%s", created_at);
}

/* `st`: the `n` results `res` with their waits (waiting_all); `r`: the
 * report of st for acme/compliance on `today`. */
static void report(pw_syncreport *r, pw_publish_stats *st, pw_publish_result *res, size_t n,
                   const char *today)
{
	memset(st, 0, sizeof(*st));
	st->results = res;
	st->nresults = n;
	waiting_all(st);
	memset(r, 0, sizeof(*r));
	r->repository = "acme/compliance";
	r->today = today;
	r->published = st;
}

static char *render(pw_syncreport *r, int markdown)
{
	pw_buf b = PW_BUF_INIT;
	assert_int_equal(pw_syncreport_build(r), 0);
	assert_int_equal(markdown ? pw_syncreport_markdown(&b, r) : pw_syncreport_outputs(&b, r),
	                 0);
	pw_syncreport_clear(r);
	return pw_buf_detach(&b);
}

/* Nothing published: zeros and an empty date, and a summary that says so. */
static void test_empty(void **state)
{
	pw_publish_stats st;
	pw_syncreport r;
	char *s;
	(void)state;
	report(&r, &st, NULL, 0, "2025-03-01");
	s = render(&r, 0);
	assert_string_equal(s, "new-changes=0\nupdated-changes=0\nawaiting-signoff=0\n"
	                       "next-effective-date=\n");
	free(s);
	s = render(&r, 1);
	assert_non_null(strstr(s, "## pkiwatch sync: acme/compliance (2025-03-01)\n"));
	assert_non_null(strstr(s, "No new or updated changes."));
	assert_non_null(strstr(s, "Nothing awaits sign-off."));
	assert_non_null(strstr(s, "No upcoming effective dates."));
	assert_non_null(strstr(s, "No reminder was due."));
	free(s);
}

/* Every stated date counts (not only a change's first), past ones do not,
 * a date stated twice by one issue is listed once, at most ten, soonest
 * first; links fall back to github.com when the API gave no html_url. */
static void test_dates_and_links(void **state)
{
	static const char *const a_dates[] = {"2024-09-15", "2025-03-15", "2025-03-15", NULL};
	static const char *const b_dates[] = {
	    "2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01",
	    "2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", NULL};
	fake_group a, b;
	pw_publish_result res[2];
	pw_publish_stats st;
	pw_syncreport r;
	char *s, *dates;
	size_t rows = 0;
	(void)state;
	make_group(&a, "cabforum-smime@aaaaaaaaaaaa", "SMC05 - CAA", "SMC-5", a_dates);
	make_group(&b, "cabforum-smime@bbbbbbbbbbbb", "Many dates", NULL, b_dates);
	result(&res[0], &a, 5, "2025-03-01");
	res[0].action = PW_PUBLISH_CREATED;
	result(&res[1], &b, 2, "2025-01-01");
	res[1].html_url = (char *)"https://ghe.example/acme/compliance/issues/2";
	res[1].signed_off = 1;
	report(&r, &st, res, 2, "2025-03-02");
	st.unchanged = 1;
	s = render(&r, 0);
	/* a's first date has passed, its second is the soonest */
	assert_string_equal(s, "new-changes=1\nupdated-changes=0\nawaiting-signoff=1\n"
	                       "next-effective-date=2025-03-15\n");
	free(s);
	s = render(&r, 1);
	assert_non_null(strstr(s, "| new | \\[cabforum-smime\\] SMC-5: CAA | 2025-03-15 | "
	                          "[#5](https://github.com/acme/compliance/issues/5) |\n"));
	dates = strstr(s, "### Next effective dates");
	assert_non_null(dates);
	assert_non_null(strstr(dates, "| 2025-03-15 | 13 days | \\[cabforum-smime\\] SMC-5: "
	                              "CAA | [#5](https://github.com/acme/compliance/"
	                              "issues/5) |\n| 2025-04-01 | 30 days | \\[cabforum-smime\\] "
	                              "Many dates (signed off) | "
	                              "[#2](https://ghe.example/acme/compliance/issues/2) |\n"));
	for (const char *p = strstr(dates, "|---|"); p && (p = strstr(p + 1, "\n| 20"));)
		rows++;
	assert_int_equal(rows, PW_SYNCREPORT_DATES_MAX);
	assert_null(strstr(dates, "2024-09-15"));
	assert_null(strstr(dates, "2025-03-01"));
	assert_non_null(strstr(dates, "2025-12-01"));
	assert_null(strstr(dates, "2026-01-01")); /* the eleventh */
	assert_non_null(strstr(s, "### Awaiting sign-off (1)\n"));
	free(s);
}

/* Only calendar dates are listed: an impossible day (30 February, 31 April)
 * or a prose form of a date in the field is skipped as a non-date is. */
static void test_dates_not_calendar(void **state)
{
	static const char *const dates[] = {"2025-02-30",
	                                    "2025-04-31",
	                                    "2025-1\xe2\x80\x90"
	                                    "1",
	                                    "soon",
	                                    "2025-05-01",
	                                    NULL};
	fake_group a;
	pw_publish_result res;
	pw_publish_stats st;
	pw_syncreport r;
	char *s, *list;
	(void)state;
	make_group(&a, "cabforum-smime@aaaaaaaaaaaa", "SMC05 - CAA", "SMC-5", dates);
	result(&res, &a, 5, "2025-02-01");
	res.action = PW_PUBLISH_CREATED;
	report(&r, &st, &res, 1, "2025-02-01");
	s = render(&r, 0);
	assert_string_equal(s, "new-changes=1\nupdated-changes=0\nawaiting-signoff=1\n"
	                       "next-effective-date=2025-05-01\n");
	free(s);
	s = render(&r, 1);
	list = strstr(s, "### Next effective dates");
	assert_non_null(list);
	assert_non_null(strstr(list, "| 2025-05-01 | 89 days |"));
	assert_null(strstr(list, "2025-02-30"));
	assert_null(strstr(list, "2025-04-31"));
	assert_null(strstr(list, "2025-1\xe2\x80\x90"));
	assert_null(strstr(list, "soon"));
	free(s);
}

/* Dry run: no links; awaiting sign-off oldest first; reminders with TSP
 * names neutralised. */
static void test_dry_run_and_reminders(void **state)
{
	fake_group a, b;
	pw_publish_result res[2];
	pw_publish_stats st;
	pw_remind_stats rs;
	pw_reminder rm[2];
	char *tsps[] = {(char *)"Evil | TSP @everyone <b>", NULL};
	pw_syncreport r;
	char *s, *w;
	(void)state;
	make_group(&a, "cabforum-smime@aaaaaaaaaaaa", "Newer", NULL, NULL);
	make_group(&b, "cabforum-smime@bbbbbbbbbbbb", "Older", NULL, NULL);
	result(&res[0], &a, 7, "2025-02-20");
	result(&res[1], &b, 3, "2025-01-01");
	report(&r, &st, res, 2, "2025-03-01");
	memset(rm, 0, sizeof(rm));
	memset(&rs, 0, sizeof(rs)); /* reminders on the issues (rs.digest 0) */
	rm[0].kind = PW_REMIND_SIGNOFF;
	rm[0].issue = &res[1];
	rm[0].days = 59;
	rm[1].kind = PW_REMIND_RESPONSES;
	rm[1].issue = &res[0];
	rm[1].days = 1;
	snprintf(rm[1].date, sizeof(rm[1].date), "2025-03-02");
	rm[1].tsps.items = tsps;
	rm[1].tsps.count = 1;
	rs.items = rm;
	rs.count = 2;
	rs.due = 2;
	rs.requests = 4;
	r.dry_run = 1;
	r.reminded = &rs;
	s = render(&r, 1);
	assert_null(strstr(s, "](http"));
	w = strstr(s, "### Awaiting sign-off (2)");
	assert_non_null(w);
	assert_true(strstr(w, "Older | 59 days (since 2025-01-01)") <
	            strstr(w, "Newer | 9 days (since 2025-02-20)"));
	assert_non_null(strstr(s, "### Reminders (dry run: in the outbox)"));
	assert_non_null(strstr(s, "| (dry run) | sign-off: waiting 59 days |\n"));
	assert_non_null(strstr(s, "| (dry run) | responses missing, effective 2025-03-02 (in 1 "
	                          "day): Evil \\| TSP @\xe2\x80\x8d"
	                          "everyone &lt;b&gt; |\n"));
	free(s);
}

/* An issue opened after "today" (the runner's clock behind GitHub's, or
 * PKIWATCH_TODAY in the past) has waited 0 days, not a negative number. */
static void test_clock_behind(void **state)
{
	fake_group a;
	pw_publish_result res[1];
	pw_publish_stats st;
	pw_syncreport r;
	char *s;
	(void)state;
	make_group(&a, "cabforum-smime@aaaaaaaaaaaa", "Later", NULL, NULL);
	result(&res[0], &a, 9, "2025-03-05");
	report(&r, &st, res, 1, "2025-03-01");
	r.dry_run = 1;
	s = render(&r, 1);
	assert_non_null(strstr(s, "Later | 0 days (since 2025-03-05) |"));
	assert_null(strstr(s, "-4"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_dates_and_links),
	    cmocka_unit_test(test_dates_not_calendar),
	    cmocka_unit_test(test_dry_run_and_reminders),
	    cmocka_unit_test(test_clock_behind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
