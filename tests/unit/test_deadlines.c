/* Deadlines and their iCalendar form: which dates are listed and in what
 * order; RFC 5545 escaping and folding (UTF-8 kept whole); date arithmetic. */
#include "testutil.h"
#include "util/day.h"

#include "tsp/deadlines.h"
#include "util/error.h"
#include "tsp/ics.h"

#include <string.h>

static pw_tsps tsps;

static int setup(void **state)
{
	(void)state;
	return pw_tsps_load(&tsps, tu_src_path("examples/compliance"));
}

static int teardown(void **state)
{
	(void)state;
	pw_tsps_clear(&tsps);
	return 0;
}

static void test_dates(void **state)
{
	char d[11];
	long n;
	(void)state;
	assert_int_equal(pw_day_add(d, "2024-02-28", 1), 0);
	assert_string_equal(d, "2024-02-29");
	assert_int_equal(pw_day_add(d, "2025-12-31", 1), 0);
	assert_string_equal(d, "2026-01-01");
	assert_int_equal(pw_day_diff(&n, "2025-03-01", "2025-09-15"), 0);
	assert_int_equal(n, 198);
	assert_int_equal(pw_day_diff(&n, "2025-03-01", "2025-02-28"), 0);
	assert_int_equal(n, -1);
	assert_int_equal(pw_day_diff(&n, "2025-3-1", "2025-02-28"), PW_EINPUT);
	assert_int_equal(pw_day_add(d, "2025-13-01", 1), PW_EINPUT);
}

/* Unfolds `ics` and checks every physical line: CRLF, at most 75 octets, and
 * no UTF-8 sequence split at a fold. Returns the unfolded text (caller frees). */
static char *unfold(const char *ics)
{
	char *out = malloc(strlen(ics) + 1), *o = out;
	const char *p = ics;
	while (*p) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 75);
		if (p != ics && *p == ' ') {
			assert_true(((unsigned char)p[1] & 0xC0) != 0x80);
			p++;
		} else if (p != ics) {
			*o++ = '\n';
		}
		memcpy(o, p, (size_t)(e - p));
		o += e - p;
		p = e + 2;
	}
	*o = '\0';
	return out;
}

static void test_line_escape_and_fold(void **state)
{
	pw_buf b = PW_BUF_INIT;
	char value[600], *u;
	size_t i;
	(void)state;
	assert_int_equal(pw_ics_line(&b, "SUMMARY",
	                             "a;b,c\\d\ne\x01"
	                             "f",
	                             1),
	                 0);
	assert_string_equal(b.ptr, "SUMMARY:a\\;b\\,c\\\\d\\ne f\r\n");
	pw_buf_reset(&b);
	/* 2-byte characters at every offset: no fold splits one */
	for (i = 0; i + 2 < sizeof(value); i += 2)
		memcpy(value + i, "\xc3\xa9", 2);
	value[i] = '\0';
	assert_int_equal(pw_ics_line(&b, "DESCRIPTION", value, 1), 0);
	u = unfold(b.ptr);
	assert_string_equal(u + strlen("DESCRIPTION:"), value);
	free(u);
	pw_buf_reset(&b);
	pw_buf_clear(&b);
}

static void set_item(pw_changeset_item *it, char *id, pw_tagset tags, pw_effective_date *dates,
                     size_t n)
{
	memset(it, 0, sizeof(*it));
	it->change.id = id;
	it->change.source = "cabforum-smime";
	memcpy(it->change.date, "2024-12-01", 11);
	it->change.subject = "Ballot X; with, commas";
	it->change.url = "https://github.com/cabforum/smime/commit/abc";
	it->change.cls.tags = tags;
	it->change.cls.dates = dates;
	it->change.cls.ndates = n;
}

static void test_collect_and_ics(void **state)
{
	pw_effective_date da[4], db[1], dc[1];
	pw_changeset_item items[3];
	pw_changeset set = {items, 3};
	pw_ledger_entry es[3];
	pw_ledger ledger = {es, 3};
	pw_deadlines d;
	pw_buf ics = PW_BUF_INIT, again = PW_BUF_INIT;
	char *u;
	(void)state;
	memset(da, 0, sizeof(da));
	memset(db, 0, sizeof(db));
	memset(dc, 0, sizeof(dc));
	memcpy(da[0].date, "2025-09-15", 11);
	memcpy(da[1].date, "2025-02-01", 11); /* past */
	memcpy(da[2].date, "2025-03-15", 11);
	memcpy(da[3].date, "2025-09-15", 11); /* the same date again */
	da[2].text = "SHALL lint";
	memcpy(db[0].date, "2025-03-01", 11); /* today */
	memcpy(dc[0].date, "2025-04-01", 11);
	set_item(&items[0], "s@a", PW_TAG_SMIME, da, 4);
	set_item(&items[1], "s@b", PW_TAG_NETSEC, db, 1);
	set_item(&items[2], "s@c", PW_TAG_SMIME, dc, 1);
	memset(es, 0, sizeof(es));
	es[0].change = "s@a";
	es[0].decision = "applicable";
	es[0].time = "2025-02-20T10:11:12Z";
	es[1] = es[0];
	es[1].change = "s@b";
	es[2] = es[0];
	es[2].change = "s@c";
	es[2].decision = "not-applicable";

	assert_int_equal(pw_deadlines_collect(&d, &set, &ledger, &tsps, "2025-03-01", -1), 0);
	assert_int_equal(d.count, 3);
	assert_string_equal(d.items[0].date, "2025-03-01");
	assert_int_equal(d.items[0].days, 0);
	assert_int_equal(d.items[0].ntsps, 3); /* netsec: every TSP */
	assert_string_equal(d.items[1].date, "2025-03-15");
	assert_int_equal(d.items[1].days, 14);
	assert_int_equal(d.items[1].ntsps, 1);
	assert_string_equal(d.items[1].tsps[0], "ministry-pki");
	assert_string_equal(d.items[2].date, "2025-09-15");

	assert_int_equal(pw_ics_deadlines(&ics, &d), 0);
	u = unfold(ics.ptr);
	assert_int_equal(strncmp(u, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:", 35), 0);
	assert_non_null(strstr(u, "\nUID:s-b-20250301@pkiwatch\n"));
	assert_non_null(strstr(u, "\nUID:s-a-20250315@pkiwatch\nDTSTAMP:20250220T101112Z\n"
	                          "DTSTART;VALUE=DATE:20250315\nDTEND;VALUE=DATE:20250316\n"
	                          "SUMMARY:s@a takes effect: Ballot X\\; with\\, commas\n"));
	assert_non_null(strstr(u, "SHALL lint\\nApplies to: ministry-pki\n"));
	assert_non_null(strstr(u, "\nEND:VCALENDAR"));
	free(u);
	/* the same deadlines: the same bytes */
	assert_int_equal(pw_ics_deadlines(&again, &d), 0);
	assert_string_equal(ics.ptr, again.ptr);
	/* one TSP's calendar: its events are not the full calendar's, nor another
	 * TSP's (imported side by side they must not replace each other) */
	pw_buf_reset(&again);
	assert_int_equal(pw_ics_calendar(&again, &d, NULL, NULL, "ministry-pki"), 0);
	u = unfold(again.ptr);
	assert_non_null(strstr(u, "\nUID:s-a-20250315-for-ministry-pki@pkiwatch\n"));
	assert_null(strstr(u, "\nUID:s-a-20250315@pkiwatch\n"));
	free(u);
	pw_deadlines_clear(&d);

	/* --within 14: today and 14 days ahead */
	assert_int_equal(pw_deadlines_collect(&d, &set, &ledger, &tsps, "2025-03-01", 14), 0);
	assert_int_equal(d.count, 2);
	pw_deadlines_clear(&d);
	assert_int_equal(pw_deadlines_collect(&d, &set, &ledger, &tsps, "tomorrow", 14), PW_EINPUT);
	pw_buf_clear(&ics);
	pw_buf_clear(&again);
}

/* The replies TSPs owe: only changes of issued forms still signed off as
 * applicable, still applying, unanswered; overdue always, the rest within
 * the window; sorted by reply-by date; one reply-by event per form. */
static void test_replies(void **state)
{
	pw_effective_date da[1];
	pw_changeset_item items[4];
	pw_changeset set = {items, 4};
	pw_ledger_entry es[4];
	pw_ledger ledger = {es, 4};
	char *c1[] = {"s@a", "s@b", "s@c", "s@d", "s@a", "s@gone"};
	char *c2[] = {"s@a"};
	char *answered[] = {"ministry-pki"};
	pw_issued_form forms[3];
	pw_issued issued = {forms, 3};
	pw_deadlines_replies r;
	pw_deadlines none;
	pw_buf ics = PW_BUF_INIT;
	char *u;
	(void)state;
	memset(da, 0, sizeof(da));
	memcpy(da[0].date, "2025-09-15", 11);
	set_item(&items[0], "s@a", PW_TAG_SMIME, da, 1);
	set_item(&items[1], "s@b", PW_TAG_SMIME, da, 1);        /* answered by ministry */
	set_item(&items[2], "s@c", PW_TAG_SMIME, da, 1);        /* now not-applicable */
	set_item(&items[3], "s@d", PW_TAG_CODE_SIGNING, da, 1); /* not ministry's */
	memset(es, 0, sizeof(es));
	es[0].change = "s@a";
	es[0].decision = "applicable";
	es[0].time = "2025-02-20T10:11:12Z";
	es[1] = es[0];
	es[1].change = "s@b";
	es[1].responded = answered;
	es[1].nresponded = 1;
	es[2] = es[0];
	es[2].change = "s@c";
	es[2].decision = "not-applicable";
	es[3] = es[0];
	es[3].change = "s@d";
	memset(forms, 0, sizeof(forms));
	forms[0].tsp = "ministry-pki";
	forms[0].form = "ministry-pki-20250120-aaaaaaaa";
	memcpy(forms[0].generated, "2025-01-20", 11);
	memcpy(forms[0].reply_by, "2025-02-19", 11);
	forms[0].changes = c1;
	forms[0].nchanges = 6;
	forms[1] = forms[0];
	forms[1].form = "ministry-pki-20250301-bbbbbbbb";
	memcpy(forms[1].generated, "2025-03-01", 11);
	memcpy(forms[1].reply_by, "2025-03-31", 11);
	forms[1].changes = c2;
	forms[1].nchanges = 1;
	forms[2] = forms[1];
	forms[2].tsp = "no-such-tsp"; /* not among the TSPs asked about */

	assert_int_equal(
	    pw_deadlines_collect_replies(&r, &set, &ledger, &tsps, &issued, "2025-03-01", -1), 0);
	assert_int_equal(r.count, 2); /* s@a twice: once per form, listed once per form */
	assert_string_equal(r.items[0].form->form, "ministry-pki-20250120-aaaaaaaa");
	assert_string_equal(r.items[0].item->change.id, "s@a");
	assert_int_equal(r.items[0].days, -10);
	assert_string_equal(r.items[1].form->form, "ministry-pki-20250301-bbbbbbbb");
	assert_int_equal(r.items[1].days, 30);
	assert_ptr_equal(pw_issued_first(&issued, "ministry-pki", "s@a"), &forms[0]);
	assert_null(pw_issued_first(&issued, "ministry-pki", "s@x"));

	memset(&none, 0, sizeof(none));
	assert_int_equal(pw_ics_calendar(&ics, &none, &r, NULL, NULL), 0);
	u = unfold(ics.ptr);
	assert_non_null(strstr(u, "\nUID:reply-ministry-pki-20250120-aaaaaaaa@pkiwatch\n"
	                          "DTSTAMP:20250120T000000Z\nDTSTART;VALUE=DATE:20250219\n"
	                          "DTEND;VALUE=DATE:20250220\nSUMMARY:Reply due from "
	                          "ministry-pki: form ministry-pki-20250120-aaaaaaaa\n"));
	assert_non_null(strstr(u, "about:\\n- s@a: Ballot X\\; with\\, commas"));
	assert_non_null(strstr(u, "\nUID:reply-ministry-pki-20250301-bbbbbbbb@pkiwatch\n"));
	assert_null(strstr(u, "s@b"));
	assert_null(strstr(u, "s@c"));
	assert_null(strstr(u, "s@d"));
	free(u);
	pw_buf_clear(&ics);
	pw_deadlines_clear_replies(&r);

	/* within 14 days: the overdue form only */
	assert_int_equal(
	    pw_deadlines_collect_replies(&r, &set, &ledger, &tsps, &issued, "2025-03-01", 14), 0);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.items[0].days, -10);
	pw_deadlines_clear_replies(&r);
	assert_int_equal(
	    pw_deadlines_collect_replies(&r, &set, &ledger, &tsps, &issued, "soon", 14), PW_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_line_escape_and_fold),
	    cmocka_unit_test(test_collect_and_ics),
	    cmocka_unit_test(test_replies),
	};
	return cmocka_run_group_tests_name("deadlines", tests, setup, teardown);
}
