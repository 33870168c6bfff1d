/* tsp/obligation: derivation by the shipped rules (rules/obligations.json) on
 * hand-made changes, ledger entries and TSP profiles; every expected value
 * below was worked out by hand, not copied from a run:
 *  - ids: "ob-<tsp>-" and the first 8 hex digits of git's blob id of
 *    "<tsp>|<key>", computed with `printf '%s' KEY | git hash-object --stdin`;
 *  - dates: milestones counted in days from the due date or the audit period
 *    (the arithmetic is in the comments);
 *  - update in place: a later change naming a further criterion for the same
 *    document keeps the id and the earliest due date;
 *  - due shifting: the officer's "due" event moves the due date and the
 *    milestones counted from it, not those counted from the audit period;
 *  - status and order: overdue first, done milestones, met, waived. */
#include "testutil.h"

#include "scratch.h"
#include "tsp/obligation.h"
#include "tsp/summary.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static pw_obligrules *rules;
static pw_tsps tsps;
static pw_tsps sa_tsps; /* the TSPs that owe the annual self-assessment */

#define CHANGE_A "cabforum-smime@aaaaaaaaaaaa" /* the S/MIME BRs adopted */
#define CHANGE_B "cabforum-smime@bbbbbbbbbbbb" /* TS 119 411-6, no date */
#define CHANGE_C "cabforum-smime@cccccccccccc" /* extant CAs: transition end */

static int setup(void **state)
{
	(void)state;
	scratch_new();
	/* ETSI, S/MIME, 411-1 and 411-2 in scope, an extant S/MIME CA */
	scratch_put("tsps/etsi-a.json",
	            "{\"name\":\"A\",\"certificate_types\":[\"smime\"],\"extant_cas\":[{\"name\":"
	            "\"Mail CA 2019\",\"not_before\":\"2019-04-01\",\"types\":[\"smime\"]}],"
	            "\"audit\":{\"scheme\":\"etsi\",\"period_end\":\"11-15\",\"criteria\":["
	            "\"ETSI EN 319 411-1\",\"ETSI EN 319 411-2\"]}}");
	/* ETSI with the S/MIME BRs in scope already, period ending 03-31 */
	scratch_put("tsps/etsi-b.json",
	            "{\"name\":\"B\",\"certificate_types\":[\"smime\"],\"audit\":{\"scheme\":"
	            "\"etsi\",\"period_end\":\"03-31\",\"criteria\":[\"ETSI EN 319 411-1\","
	            "\"CA/Browser Forum S/MIME Baseline Requirements\"]}}");
	/* WebTrust, S/MIME, period ending 06-30 */
	scratch_put("tsps/wt.json",
	            "{\"name\":\"W\",\"certificate_types\":[\"smime\"],\"audit\":{"
	            "\"scheme\":\"webtrust\",\"period_end\":\"06-30\",\"criteria\":["
	            "\"WebTrust for CAs\"]}}");
	/* TLS only */
	scratch_put("tsps/tls.json",
	            "{\"name\":\"T\",\"certificate_types\":[\"tls\"],\"extant_cas\":"
	            "[{\"name\":\"TLS CA\",\"not_before\":\"2020-01-01\",\"types\":["
	            "\"tls\"]}],\"audit\":{\"scheme\":\"webtrust\"}}");
	/* the annual self-assessment: S/MIME, period ending 11-30, owed from
	 * 2023-06-01; and one issuing TLS and S/MIME */
	scratch_put("sa/tsps/sa.json",
	            "{\"name\":\"S\",\"certificate_types\":[\"smime\"],\"audit\":{\"scheme\":"
	            "\"etsi\",\"period_end\":\"11-30\"},\"self_assessment\":{\"since\":"
	            "\"2023-06-01\"}}");
	scratch_put("sa/tsps/sa2.json",
	            "{\"name\":\"S2\",\"certificate_types\":[\"tls\",\"smime\"],\"audit\":{"
	            "\"scheme\":\"webtrust\",\"period_end\":\"11-30\"},\"self_assessment\":{"
	            "\"since\":\"2023-06-01\"}}");
	{
		char *sa = scratch_path("sa");
		int rc = pw_tsps_load(&sa_tsps, sa);
		free(sa);
		if (rc < 0)
			return -1;
	}
	if (pw_obligrules_load(&rules, tu_src_path("rules")) < 0 ||
	    pw_tsps_load(&tsps, scratch_dir) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	pw_obligrules_free(rules);
	pw_tsps_clear(&tsps);
	pw_tsps_clear(&sa_tsps);
	return scratch_teardown(state);
}

/* The three changes, as the change set has them (kept lines of 8.4). */
typedef struct {
	pw_changeset_item items[3];
	pw_changeset set;
	pw_effective_date da, dc;
	pw_change_doc doc;
	pw_ledger_entry entries[3];
	pw_ledger ledger;
} world;

static void change(pw_changeset_item *it, char *id, const char *date, long long t, pw_tagset tags,
                   pw_effective_date *d, pw_change_doc *doc, const char *kept)
{
	memset(it, 0, sizeof(*it));
	it->change.id = id;
	it->change.source = "cabforum-smime";
	memcpy(it->change.date, date, 11);
	it->change.time = t;
	it->change.status = PW_STATUS_ADOPTED;
	it->change.docs = doc;
	it->change.ndocs = 1;
	it->change.cls.tags = tags;
	it->change.cls.dates = d;
	it->change.cls.ndates = d ? 1 : 0;
	it->kept = (char *)kept;
}

/* Changes A, B, C; the first `signed_off` of them signed off applicable. */
static void make_world(world *w, size_t signed_off)
{
	size_t i;
	memset(w, 0, sizeof(*w));
	w->doc.path = "SBR.md";
	memcpy(w->da.date, "2023-09-01", 11);
	w->da.text = "1.0.0 SMC01 Version 1.0 of the S/MIME Baseline Requirements adopted";
	memcpy(w->dc.date, "2024-09-15", 11);
	w->dc.text =
	    "| 1.0.1 | SMC03 | Transition end for Extant S/MIME CAs | September 15, 2024 |";
	change(&w->items[0], CHANGE_A, "2023-01-03", 1672700000, PW_TAG_SMIME | PW_TAG_AUDIT,
	       &w->da, &w->doc,
	       "SBR.md\t8.4\t2. For Audit Periods starting after the Effective Date, \"WebTrust "
	       "for CAs v2.2.2 or newer\" AND \"WebTrust for S/MIME Baseline Requirements v1.0.0 "
	       "or newer\"; or\n"
	       "SBR.md\t8.4\t1. For Audit Periods starting before the Effective Date, WebTrust "
	       "for Network Security v2.0\n"
	       "SBR.md\t8.4\t3. \"ETSI EN 319 411-1 v1.3.1 or newer\", which includes normative "
	       "references to ETSI EN 319 401 AND this document; or\n");
	w->items[0].new_document = 1;
	change(&w->items[1], CHANGE_B, "2023-12-08", 1702000000, PW_TAG_SMIME | PW_TAG_AUDIT, NULL,
	       &w->doc,
	       "SBR.md\t8.4\t3. ETSI TS 119 411-6 v1.1.1 or newer, which includes normative "
	       "references to ETSI EN 319 401, ETSI EN 319 411-1 and ETSI EN 319 411-2; or\n");
	change(&w->items[2], CHANGE_C, "2023-08-10", 1691600000, PW_TAG_SMIME | PW_TAG_EXTANT_CA,
	       &w->dc, &w->doc, NULL);
	w->set.items = w->items;
	w->set.count = 3;
	for (i = 0; i < signed_off; i++) {
		w->entries[i].change = w->items[i].change.id;
		w->entries[i].decision = "applicable";
	}
	w->ledger.items = w->entries;
	w->ledger.count = signed_off;
}

static void derive(pw_obligations *out, world *w, const pw_obligation_records *rec,
                   const char *today)
{
	pw_obligations_opts o = PW_OBLIGATIONS_OPTS_INIT;
	o.rules = rules;
	o.set = &w->set;
	o.ledger = &w->ledger;
	o.tsps = &tsps;
	o.records = rec;
	o.today = today;
	assert_int_equal(pw_obligations_derive(out, &o), 0);
}

/* make_world with the first `signed_off` changes signed off, then derive. */
static void derive_world(pw_obligations *out, world *w, size_t signed_off,
                         const pw_obligation_records *rec, const char *today)
{
	make_world(w, signed_off);
	derive(out, w, rec, today);
}

/* The one obligation of `tsp` by `rule`. */
static const pw_obligation *of(const pw_obligations *l, const char *tsp, const char *rule)
{
	const pw_obligation *found = NULL;
	size_t i;
	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].tsp, tsp) == 0 && strcmp(l->items[i].rule, rule) == 0) {
			if (found)
				fail_msg("two obligations of %s by %s", tsp, rule);
			found = &l->items[i];
		}
	if (!found)
		fail_msg("no obligation of %s by %s", tsp, rule);
	return found;
}

static size_t count_of(const pw_obligations *l, const char *tsp)
{
	size_t i, n = 0;
	for (i = 0; i < l->count; i++)
		n += strcmp(l->items[i].tsp, tsp) == 0;
	return n;
}

static void assert_ms(const pw_obligation *o, size_t i, const char *what, const char *due)
{
	assert_true(i < o->nmilestones);
	assert_string_equal(o->milestones[i].what, what);
	assert_string_equal(o->milestones[i].due, due);
}

/* The due dates of an ETSI scope extension's three milestones. */
static void assert_scope_ms(const pw_obligation *o, const char *engaged, const char *audited,
                            const char *attested)
{
	assert_ms(o, 0, "auditor engaged", engaged);
	assert_ms(o, 1, "scope-extension audit performed", audited);
	assert_ms(o, 2, "attestation received", attested);
}

/* The due dates of a WebTrust audit period's three milestones. */
static void assert_period_ms(const pw_obligation *o, const char *begins, const char *ends,
                             const char *report)
{
	assert_ms(o, 0, "audit period begins with the criteria in scope", begins);
	assert_ms(o, 1, "audit period ends", ends);
	assert_ms(o, 2, "audit report received", report);
}

static void test_make_id(void **state)
{
	char *id = NULL;
	(void)state;
	/* printf '%s' 'etsi-a|etsi-scope-extension|cabforum-smime:SBR.md' |
	 *   git hash-object --stdin  ->  7d1e4a823b78... */
	assert_int_equal(
	    pw_obligation_make_id(&id, "etsi-a", "etsi-scope-extension|cabforum-smime:SBR.md"), 0);
	assert_string_equal(id, "ob-etsi-a-7d1e4a82");
	free(id);
}

/* One change: the ETSI scope extension, the WebTrust period, nothing for
 * the TLS TSP nor for the ETSI TSP whose scope covers it. */
static void test_first_change(void **state)
{
	pw_obligations l;
	const pw_obligation *o;
	world w;
	(void)state;
	derive_world(&l, &w, 1, NULL, "2023-01-10");
	/* etsi-a: the document adopted (its first version) is not in its scope;
	 * EN 319 411-1 and EN 319 401 (named in 8.4) are */
	o = of(&l, "etsi-a", "etsi-scope-extension");
	assert_string_equal(o->id, "ob-etsi-a-7d1e4a82");
	assert_string_equal(o->kind, "audit");
	assert_string_equal(o->criteria[0], "CA/Browser Forum S/MIME Baseline Requirements");
	assert_null(o->criteria[1]);
	assert_string_equal(o->due, "2023-09-01");
	assert_string_equal(o->derived_due, "2023-09-01");
	assert_int_equal(o->nmilestones, 3);
	/* 2023-09-01 - 120 days: May 4 (Sep 1 - 31 = Aug 1, - 31 = Jul 1, - 30 =
	 * Jun 1, - 28 more = May 4); + 30 days: Oct 1 */
	assert_scope_ms(o, "2023-05-04", "2023-09-01", "2023-10-01");
	assert_string_equal(o->changes[0], CHANGE_A);
	assert_null(o->changes[1]);
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_string_equal(o->what, "Scope-extension audit: bring CA/Browser Forum S/MIME "
	                             "Baseline Requirements into the audit scope; the next "
	                             "period-of-time audit must include it");
	/* wt: "starting after" 2023-09-01 (the change's date; the line has none):
	 * its period holding that day ends 2024-06-30, the next is 2024-07-01 to
	 * 2025-06-30. WebTrust for CAs is in its scope; the "starting before"
	 * line (Network Security) states no new requirement */
	o = of(&l, "wt", "webtrust-audit-period");
	/* printf '%s' 'wt|webtrust-audit-period|2024-07-01' | git hash-object --stdin */
	assert_string_equal(o->id, "ob-wt-904750c6");
	assert_string_equal(o->criteria[0], "WebTrust for S/MIME Baseline Requirements v1.0.0");
	assert_null(o->criteria[1]);
	assert_string_equal(o->period[0], "2024-07-01");
	assert_string_equal(o->period[1], "2025-06-30");
	assert_string_equal(o->due, "2025-06-30");
	/* period start + 0, period end + 0, period end + 90: Jun 30 + 31 = Jul
	 * 31, + 31 = Aug 31, + 28 = Sep 28 */
	assert_period_ms(o, "2024-07-01", "2025-06-30", "2025-09-28");
	assert_string_equal(o->what, "The audit period 2024-07-01 to 2025-06-30 must include "
	                             "WebTrust for S/MIME Baseline Requirements v1.0.0");
	assert_int_equal(count_of(&l, "wt"), 1);
	assert_int_equal(count_of(&l, "etsi-b"), 0);
	assert_int_equal(count_of(&l, "tls"), 0);
	assert_int_equal(l.count, 2);
	pw_obligations_clear(&l);
}

/* B names TS 119 411-6 without a date: etsi-a's obligation is updated in
 * place (same id, criteria replaced by the one that includes the S/MIME
 * BRs, due date the earliest), etsi-b gets one due at its period end. */
static void test_update_in_place(void **state)
{
	pw_obligations l;
	const pw_obligation *o;
	world w;
	(void)state;
	derive_world(&l, &w, 2, NULL, "2023-12-12");
	o = of(&l, "etsi-a", "etsi-scope-extension");
	assert_string_equal(o->id, "ob-etsi-a-7d1e4a82");
	assert_string_equal(o->criteria[0], "ETSI TS 119 411-6 v1.1.1");
	assert_null(o->criteria[1]); /* it includes the S/MIME BRs */
	assert_string_equal(o->due, "2023-09-01");
	assert_string_equal(o->changes[0], CHANGE_A);
	assert_string_equal(o->changes[1], CHANGE_B);
	assert_int_equal(o->nquotes, 2);
	assert_int_equal(o->status, PW_OBLIGATION_OVERDUE); /* 2023-05-04 passed */
	assert_int_equal(count_of(&l, "etsi-a"), 1);
	/* etsi-b: next period end after 2023-12-08 with period_end 03-31 is
	 * 2024-03-31; - 120 days: Mar 31 - 31 = Feb 29 (leap), - 29 = Jan 31,
	 * - 31 = Dec 31, - 29 = Dec 2 */
	o = of(&l, "etsi-b", "etsi-scope-extension");
	/* printf '%s' 'etsi-b|etsi-scope-extension|cabforum-smime:SBR.md' | git hash-object */
	assert_string_equal(o->id, "ob-etsi-b-7ec39ac1");
	assert_string_equal(o->criteria[0], "ETSI TS 119 411-6 v1.1.1");
	assert_string_equal(o->due, "2024-03-31");
	assert_ms(o, 0, "auditor engaged", "2023-12-02");
	assert_ms(o, 2, "attestation received", "2024-04-30");
	assert_non_null(
	    strstr(o->reason, "the change states no date: due at the audit period end"));
	/* its engagement (2023-12-02) is past on 2023-12-12 already */
	assert_int_equal(o->status, PW_OBLIGATION_OVERDUE);
	/* the WebTrust TSP: B names no WebTrust criterion */
	assert_int_equal(count_of(&l, "wt"), 1);
	/* overdue first */
	assert_int_equal(l.items[0].status, PW_OBLIGATION_OVERDUE);
	pw_obligations_clear(&l);
}

/* C: an effective date about extant CAs, for each extant CA of a matching
 * type; the TLS TSP's TLS CA is not of the change's type. */
static void test_transition(void **state)
{
	pw_obligations l;
	const pw_obligation *o;
	world w;
	(void)state;
	derive_world(&l, &w, 3, NULL, "2024-01-01");
	o = of(&l, "etsi-a", "extant-ca-transition");
	/* printf '%s' 'etsi-a|extant-ca-transition|Mail CA 2019|2024-09-15' | git hash-object */
	assert_string_equal(o->id, "ob-etsi-a-4084067e");
	assert_string_equal(o->kind, "transition");
	assert_string_equal(o->due, "2024-09-15");
	/* - 90 days: Sep 15 - 31 = Aug 15, - 31 = Jul 15, - 28 = Jun 17 */
	assert_ms(o, 0, "transition plan agreed", "2024-06-17");
	assert_ms(o, 1, "transition done", "2024-09-15");
	assert_string_equal(o->what, "Extant CA Mail CA 2019: 1.0.1 SMC03 Transition end for "
	                             "Extant S/MIME CAs");
	assert_string_equal(o->reason, "operates extant CA 'Mail CA 2019' (since 2019-04-01)");
	assert_int_equal(count_of(&l, "tls"), 0);
	pw_obligations_clear(&l);
}

static cJSON *record(const char *json)
{
	cJSON *j = cJSON_Parse(json);
	assert_non_null(j);
	return j;
}

/* The officer moves etsi-a's due date by 30 days: the milestones counted
 * from it move too; the WebTrust obligation's, counted from its period,
 * stay when its due date moves. */
static void test_due_shifting(void **state)
{
	cJSON *docs[2];
	pw_obligation_records rec = {docs, 2};
	pw_obligations l;
	const pw_obligation *o;
	world w;
	(void)state;
	docs[0] =
	    record("{\"id\":\"ob-etsi-a-7d1e4a82\",\"tsp\":\"etsi-a\",\"events\":[{\"action\":"
	           "\"due\",\"date\":\"2023-10-01\",\"note\":\"CAB booked late\"}]}");
	docs[1] = record("{\"id\":\"ob-wt-904750c6\",\"tsp\":\"wt\",\"events\":[{\"action\":"
	                 "\"due\",\"date\":\"2025-07-31\",\"note\":\"x\"}]}");
	derive_world(&l, &w, 1, &rec, "2023-01-10");
	o = of(&l, "etsi-a", "etsi-scope-extension");
	assert_string_equal(o->due, "2023-10-01");
	assert_string_equal(o->derived_due, "2023-09-01");
	/* + 30 days each: May 4 -> Jun 3, Sep 1 -> Oct 1, Oct 1 -> Oct 31 */
	assert_scope_ms(o, "2023-06-03", "2023-10-01", "2023-10-31");
	o = of(&l, "wt", "webtrust-audit-period");
	assert_string_equal(o->due, "2025-07-31");
	assert_period_ms(o, "2024-07-01", "2025-06-30", "2025-09-28");
	pw_obligations_clear(&l);
	cJSON_Delete(docs[0]);
	cJSON_Delete(docs[1]);
}

/* Milestones done, evidence, accept, waive; an officer's own obligation;
 * status from today and the order. */
static void test_status_and_records(void **state)
{
	cJSON *docs[3];
	pw_obligation_records rec = {docs, 3};
	pw_obligations l;
	const pw_obligation *o;
	world w;
	(void)state;
	docs[0] = record("{\"id\":\"ob-etsi-a-7d1e4a82\",\"tsp\":\"etsi-a\",\"events\":["
	                 "{\"action\":\"done\",\"milestone\":1,\"date\":\"2023-04-20\"}]}");
	docs[1] = record("{\"id\":\"ob-wt-904750c6\",\"tsp\":\"wt\",\"events\":[{\"action\":"
	                 "\"waive\",\"note\":\"left the program\",\"date\":\"2023-06-01\"}]}");
	docs[2] = record("{\"id\":\"ob-etsi-b-00000001\",\"tsp\":\"etsi-b\",\"added\":{\"kind\":"
	                 "\"officer\",\"what\":\"Annual self-assessment\",\"due\":\"2023-08-01\","
	                 "\"changes\":[],\"milestones\":[{\"what\":\"draft\",\"due\":"
	                 "\"2023-07-01\"}]},\"events\":[]}");
	/* 2023-06-15: etsi-a's first milestone is done (2023-05-04 passed does
	 * not count), the next is 2023-09-01: open; etsi-b's draft (2023-07-01)
	 * not yet due: open; wt waived */
	derive_world(&l, &w, 1, &rec, "2023-06-15");
	o = of(&l, "etsi-a", "etsi-scope-extension");
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_string_equal(o->milestones[0].done, "2023-04-20");
	assert_string_equal(pw_obligation_next(o)->what, "scope-extension audit performed");
	assert_string_equal(pw_obligation_next_date(o), "2023-09-01");
	o = of(&l, "wt", "webtrust-audit-period");
	assert_int_equal(o->status, PW_OBLIGATION_WAIVED);
	assert_string_equal(o->note, "left the program");
	assert_string_equal(o->closed, "2023-06-01");
	o = of(&l, "etsi-b", "officer");
	assert_string_equal(o->id, "ob-etsi-b-00000001");
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_string_equal(pw_obligation_next_date(o), "2023-07-01");
	/* order: open by next date (etsi-b 07-01, etsi-a 09-01), then closed */
	assert_string_equal(l.items[0].tsp, "etsi-b");
	assert_string_equal(l.items[1].tsp, "etsi-a");
	assert_string_equal(l.items[2].tsp, "wt");
	pw_obligations_clear(&l);
	/* 2023-07-02: the draft is late: overdue, and first */
	derive(&l, &w, &rec, "2023-07-02");
	assert_string_equal(l.items[0].tsp, "etsi-b");
	assert_int_equal(l.items[0].status, PW_OBLIGATION_OVERDUE);
	assert_int_equal(of(&l, "etsi-a", "etsi-scope-extension")->status, PW_OBLIGATION_OPEN);
	pw_obligations_clear(&l);
	/* evidence and acceptance: met, whatever the date */
	cJSON_Delete(docs[0]);
	docs[0] = record("{\"id\":\"ob-etsi-a-7d1e4a82\",\"tsp\":\"etsi-a\",\"events\":["
	                 "{\"action\":\"evidence\",\"url\":\"https://cab.example/a\",\"note\":"
	                 "\"letter\"},{\"action\":\"accept\",\"note\":\"ok\",\"date\":"
	                 "\"2023-11-02\"}]}");
	derive(&l, &w, &rec, "2024-01-01");
	o = of(&l, "etsi-a", "etsi-scope-extension");
	assert_int_equal(o->status, PW_OBLIGATION_MET);
	assert_string_equal(o->closed, "2023-11-02");
	assert_int_equal(cJSON_GetArraySize(o->evidence), 1);
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(o->evidence, 0), "url")),
	    "https://cab.example/a");
	pw_obligations_clear(&l);
	cJSON_Delete(docs[0]);
	cJSON_Delete(docs[1]);
	cJSON_Delete(docs[2]);
}

/* Not signed off, or not applicable: nothing derived. */
static void test_needs_applicable_signoff(void **state)
{
	pw_obligations l;
	world w;
	(void)state;
	make_world(&w, 3);
	w.entries[0].decision = "not-applicable";
	w.entries[1].decision = "not-applicable";
	w.ledger.count = 2;
	derive(&l, &w, NULL, "2023-01-10");
	assert_int_equal(l.count, 0);
	pw_obligations_clear(&l);
}

/* The summary row of `change` x `tsp`, and its position in *at. */
static const pw_summary_row *row_of(const pw_summary *s, const char *change, const char *tsp,
                                    size_t *at)
{
	size_t i;
	for (i = 0; i < s->count; i++)
		if (strcmp(s->items[i].item->change.id, change) == 0 &&
		    strcmp(s->items[i].tsp->id, tsp) == 0) {
			*at = i;
			return &s->items[i];
		}
	fail_msg("no summary row %s x %s", change, tsp);
	return NULL;
}

/* summary: B states no effective date; for each ETSI TSP its row is ranked
 * by the due date of the obligation B is part of (issue 12), and a TSP
 * whose obligation is met gets no date from it. On 2023-12-12:
 *  - etsi-a: B updated the scope extension due 2023-09-01: days Sep 1 ->
 *    Dec 12 = 29 + 31 + 30 + 12 = 102 before today: -102, no response: a
 *    risk ("date passed"), next to A's rows of the same date;
 *  - etsi-b: its own obligation from B, due at its period end 2024-03-31:
 *    Dec 12 -> Dec 31 = 19, + 31 + 29 (2024 is a leap year) + 31 = 110
 *    days: no risk, and before every row without a date. */
static void test_summary_ranks_by_obligation_due(void **state)
{
	pw_responses none = {.items = NULL};
	pw_obligations l;
	pw_summary s;
	pw_buf md = PW_BUF_INIT;
	const pw_summary_row *r;
	cJSON *docs[1], *j;
	pw_obligation_records rec = {docs, 1};
	size_t at, i;
	world w;
	(void)state;
	derive_world(&l, &w, 2, NULL, "2023-12-12");
	assert_int_equal(pw_summary_build(&s, &w.set, &w.ledger, &tsps, &none, "2023-12-12"), 0);
	r = row_of(&s, CHANGE_B, "etsi-b", &at);
	assert_string_equal(r->effective, ""); /* before: dateless, ranked last */
	pw_summary_set_obligations(&s, &l);
	r = row_of(&s, CHANGE_B, "etsi-a", &at);
	assert_string_equal(r->effective, "2023-09-01");
	assert_int_equal(r->days, -102);
	assert_int_equal(r->risk, PW_RISK_NO_RESPONSE);
	assert_string_equal(r->due_from->id, "ob-etsi-a-7d1e4a82");
	r = row_of(&s, CHANGE_B, "etsi-b", &at);
	assert_string_equal(r->effective, "2024-03-31");
	assert_int_equal(r->days, 110);
	assert_int_equal(r->risk, PW_RISK_NONE);
	assert_string_equal(r->due_from->id, "ob-etsi-b-7ec39ac1");
	/* ranked: after every risk, before every applicable row without a date */
	for (i = 0; i < s.count; i++) {
		const pw_summary_row *x = &s.items[i];
		if (x->risk)
			assert_true(i < at);
		else if (!x->why_not && !x->effective[0])
			assert_true(i > at);
	}
	/* A's rows have a date of their own: no due_from */
	assert_null(row_of(&s, CHANGE_A, "etsi-b", &at)->due_from);
	assert_int_equal(pw_summary_markdown(&md, &s), 0);
	assert_non_null(strstr(md.ptr, "| 2024-03-31 (due of ob-etsi-b-7ec39ac1) | 110 |"));
	assert_non_null(j = pw_summary_json(&s));
	for (i = 0; i < (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(j, "rows")); i++) {
		const cJSON *x = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "rows"), (int)i);
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(x, "tsp")), "etsi-b") == 0 &&
		    strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(x, "change")), CHANGE_B) == 0) {
			assert_string_equal(
			    cJSON_GetStringValue(cJSON_GetObjectItem(x, "due_from")),
			    "ob-etsi-b-7ec39ac1");
			assert_string_equal(
			    cJSON_GetStringValue(cJSON_GetObjectItem(x, "effective")),
			    "2024-03-31");
			assert_int_equal(cJSON_GetObjectItem(x, "days")->valueint, 110);
		}
	}
	cJSON_Delete(j);
	pw_buf_clear(&md);
	pw_summary_clear(&s);
	pw_obligations_clear(&l);
	/* etsi-b's obligation met: its row of B stays without a date */
	docs[0] = record("{\"id\":\"ob-etsi-b-7ec39ac1\",\"tsp\":\"etsi-b\",\"events\":["
	                 "{\"action\":\"evidence\",\"url\":\"https://cab.example/b\"},"
	                 "{\"action\":\"accept\",\"date\":\"2023-12-01\"}]}");
	derive(&l, &w, &rec, "2023-12-12");
	assert_int_equal(pw_summary_build(&s, &w.set, &w.ledger, &tsps, &none, "2023-12-12"), 0);
	pw_summary_set_obligations(&s, &l);
	r = row_of(&s, CHANGE_B, "etsi-b", &at);
	assert_string_equal(r->effective, "");
	assert_null(r->due_from);
	assert_string_equal(row_of(&s, CHANGE_B, "etsi-a", &at)->effective, "2023-09-01");
	pw_summary_clear(&s);
	pw_obligations_clear(&l);
	cJSON_Delete(docs[0]);
}

/* ---- the annual self-assessment ----
 * TSP sa: period end 11-30, owed from 2023-06-01, so the first period is
 * 2022-12-01..2023-11-30 (the first ending on or after 2023-06-01), due 92
 * days after its end: 2023-11-30 + 31 = 12-31, + 31 = 2024-01-31, + 29 (2024
 * is a leap year) = 02-29, + 1 = 2024-03-01. The next, 2023-12-01..
 * 2024-11-30: + 31 = 12-31, + 31 = 2025-01-31, + 28 = 02-28, + 2 =
 * 2025-03-02. Then 2025-11-30 + 92 = 2026-03-02 (28-day February again).
 * SBR.md's versions (the change set below): 1.0.1 (2023-07-01), 1.0.2
 * released 2023-10-01 (its own date; committed 2023-09-20), 1.0.3
 * (2024-06-01). 1.0.1 counts up to 2023-10-01 + 90 = 12-30 (Oct 30 + Nov 30
 * + Dec 30 days); imported 2023-12-31 it is 91 days superseded.
 * Ids: printf '%s' 'sa|annual-self-assessment|cabforum-smime:SBR.md|
 * 2023-11-30' | git hash-object --stdin -> 7abd150c..., the 2024-11-30 one
 * -> 027aa954.... */

#define SA_2023 "ob-sa-7abd150c"
#define SA_2024 "ob-sa-027aa954"
#define SA_MS0                                                                                     \
	"self-assessment imported, on %s or a newer version (one superseded by more than 90 days " \
	"does not count)"

typedef struct {
	pw_changeset_item items[5];
	pw_changeset set;
	pw_change_doc doc, tdoc;
	char *versions[5][1];
	pw_effective_date release;
	pw_ledger ledger;
} sa_world;

static void sa_make(sa_world *w)
{
	static const char *const vs[] = {"1.0.1", "1.0.2", "1.0.3"};
	static const char *const dates[] = {"2023-07-01", "2023-09-20", "2024-06-01"};
	static char *ids[] = {"cabforum-smime@111111111111", "cabforum-smime@222222222222",
	                      "cabforum-smime@333333333333", "mozilla-ccadb@444444444444",
	                      "mozilla-ccadb@555555555555"};
	size_t i;
	memset(w, 0, sizeof(*w));
	w->doc.path = "SBR.md";
	memcpy(w->release.date, "2023-10-01", 11);
	w->release.release = 1;
	w->release.text = "| 1.0.2 | SMC02 | ... | October 1, 2023 |";
	for (i = 0; i < 3; i++) {
		change(&w->items[i], ids[i], dates[i], 1688000000 + (long long)i * 10000000,
		       PW_TAG_SMIME, i == 1 ? &w->release : NULL, &w->doc, NULL);
		w->versions[i][0] = (char *)vs[i];
		w->items[i].change.cls.versions = w->versions[i];
		w->items[i].change.cls.nversions = 1;
	}
	/* the CCADB template: 1.2 of 2023-06-16, 1.3 of 2024-01-17 */
	w->tdoc.path = "cas/self-assessment.md";
	for (i = 3; i < 5; i++) {
		change(&w->items[i], ids[i], i == 3 ? "2023-06-16" : "2024-01-17",
		       1686000000 + (long long)i * 10000000, PW_TAG_TLS, NULL, &w->tdoc, NULL);
		w->items[i].change.source = "mozilla-ccadb";
		w->versions[i][0] = i == 3 ? "1.2" : "1.3";
		w->items[i].change.cls.versions = w->versions[i];
		w->items[i].change.cls.nversions = 1;
	}
	w->set.items = w->items;
	w->set.count = 5;
}

static void sa_derive(pw_obligations *out, sa_world *w, const pw_assessments *as,
                      const pw_obligation_records *rec, const char *today)
{
	pw_obligations_opts o = PW_OBLIGATIONS_OPTS_INIT;
	o.rules = rules;
	o.set = &w->set;
	o.ledger = &w->ledger;
	o.tsps = &sa_tsps;
	o.records = rec;
	o.assessments = as;
	o.today = today;
	assert_int_equal(pw_obligations_derive(out, &o), 0);
}

static const pw_obligation *by_id(const pw_obligations *l, const char *id)
{
	const pw_obligation *o = pw_obligations_find(l, id);
	if (!o)
		fail_msg("no obligation %s", id);
	return o;
}

static void assert_sa_ms(const pw_obligation *o, const char *version, const char *due,
                         const char *imported, const char *accepted)
{
	char want[256];
	snprintf(want, sizeof(want), SA_MS0, version);
	assert_int_equal(o->nmilestones, 2);
	assert_ms(o, 0, want, due);
	assert_ms(o, 1, "self-assessment accepted by the officer", due);
	assert_string_equal(o->milestones[0].done, imported);
	assert_string_equal(o->milestones[1].done, accepted);
}

/* An assessment record of TSP sa for SBR.md. */
static pw_assessment_record sa_rec(const char *version, const char *imported, const char *accepted)
{
	pw_assessment_record r;
	memset(&r, 0, sizeof(r));
	r.tsp = "sa";
	r.document = "cabforum-smime:SBR.md";
	r.version = (char *)version;
	r.rel_path = "ledger/self-assessments/sa/cabforum-smime/SBR.md@V.json";
	snprintf(r.imported_time, sizeof(r.imported_time), "%s", imported);
	snprintf(r.accepted_time, sizeof(r.accepted_time), "%s", accepted);
	memcpy(r.imported, imported, 10);
	if (*accepted)
		memcpy(r.accepted, accepted, 10);
	return r;
}

/* sa2's BR.md obligation: the CCADB template's milestone, done by the
 * officer; met only with it. Id: printf '%s' 'sa2|annual-self-assessment|
 * cabforum-servercert:docs/BR.md|2023-11-30' | git hash-object --stdin ->
 * 32f22ed8.... On the due date 2024-03-01 template 1.2 is 44 days
 * superseded by 1.3 (Jan 17 to Mar 1: 14 + 29 + 1): it counts; on
 * 2024-05-01 (the due date passed) 105 days (14 + 29 + 31 + 30 + 1): only
 * 1.3. */
#define SA2_BR "ob-sa2-32f22ed8"
#define SA_TMPL                                                                                    \
	"CCADB self-assessment sent to the root programs on "                                      \
	"mozilla-ccadb:cas/self-assessment.md version %s or a newer template version (the "        \
	"officer marks it done)"

static void test_self_assessment_template(void **state)
{
	pw_assessment_record recs[1];
	pw_assessments as = {recs, 1};
	cJSON *docs[1];
	pw_obligation_records rec = {docs, 1};
	pw_obligations l;
	const pw_obligation *o;
	char want[256];
	sa_world w;
	(void)state;
	sa_make(&w);
	sa_derive(&l, &w, NULL, NULL, "2024-02-10");
	o = by_id(&l, SA2_BR);
	assert_int_equal(o->nmilestones, 3);
	snprintf(want, sizeof(want), SA_TMPL, "1.2");
	assert_ms(o, 2, want, "2024-03-01");
	/* SBR.md has no template */
	assert_int_equal(by_id(&l, "ob-sa-7abd150c")->nmilestones, 2);
	pw_obligations_clear(&l);
	sa_derive(&l, &w, NULL, NULL, "2024-05-01");
	snprintf(want, sizeof(want), SA_TMPL, "1.3");
	assert_ms(by_id(&l, SA2_BR), 2, want, "2024-03-01");
	pw_obligations_clear(&l);
	/* imported and accepted: open until the officer marks the template's */
	recs[0] = sa_rec("9.9", "2024-02-01T09:00:00Z", "2024-02-05T09:00:00Z");
	recs[0].tsp = "sa2";
	recs[0].document = "cabforum-servercert:docs/BR.md";
	sa_derive(&l, &w, &as, NULL, "2024-02-10");
	o = by_id(&l, SA2_BR);
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_string_equal(o->milestones[1].done, "2024-02-05");
	assert_string_equal(o->milestones[2].done, "");
	assert_null(o->note);
	pw_obligations_clear(&l);
	docs[0] = record("{\"id\":\"" SA2_BR "\",\"tsp\":\"sa2\",\"events\":[{\"action\":"
	                 "\"done\",\"milestone\":3,\"date\":\"2024-02-08\"}]}");
	sa_derive(&l, &w, &as, &rec, "2024-02-10");
	o = by_id(&l, SA2_BR);
	assert_int_equal(o->status, PW_OBLIGATION_MET);
	assert_string_equal(o->closed, "2024-02-05");
	assert_string_equal(o->milestones[2].done, "2024-02-08");
	pw_obligations_clear(&l);
	cJSON_Delete(docs[0]);
}

/* The periods, their due dates across a leap year, the order they are
 * listed in, the version that still counts; nothing recorded. */
static void test_self_assessment_cycles(void **state)
{
	pw_obligations l;
	const pw_obligation *o;
	size_t i, n = 0;
	sa_world w;
	(void)state;
	sa_make(&w);
	sa_derive(&l, &w, NULL, NULL, "2024-02-10");
	/* sa: SBR.md; sa2: BR.md and SBR.md (tls and smime) */
	assert_int_equal(l.count, 3);
	o = by_id(&l, SA_2023);
	assert_string_equal(o->tsp, "sa");
	assert_string_equal(o->kind, "self-assessment");
	assert_string_equal(o->rule, "annual-self-assessment");
	assert_string_equal(o->what, "Annual self-assessment of cabforum-smime:SBR.md for the "
	                             "audit period 2022-12-01 to 2023-11-30");
	assert_string_equal(o->due, "2024-03-01");
	assert_string_equal(o->period[0], "2022-12-01");
	assert_string_equal(o->period[1], "2023-11-30");
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	/* on 2024-03-01, 1.0.1 is 152 days superseded, 1.0.2 not yet */
	assert_sa_ms(o, "version 1.0.2", "2024-03-01", "", "");
	assert_non_null(strstr(o->reason, "owes the annual self-assessment for the audit periods "
	                                  "ending on or after 2023-06-01"));
	for (i = 0; i < l.count; i++)
		if (strcmp(l.items[i].tsp, "sa2") == 0) {
			n++;
			assert_string_equal(l.items[i].due, "2024-03-01");
		}
	assert_int_equal(n, 2);
	/* BR.md declares no version in this change set */
	for (i = 0; i < l.count; i++)
		if (strstr(l.items[i].what, "docs/BR.md")) {
			char want[256];
			snprintf(want, sizeof(want), SA_MS0, "the current version");
			assert_int_equal(l.items[i].nmilestones, 3); /* and the template's */
			assert_ms(&l.items[i], 0, want, "2024-03-01");
		}
	pw_obligations_clear(&l);

	/* on the due day: still open, the next period not listed yet */
	sa_derive(&l, &w, NULL, NULL, "2024-03-01");
	assert_int_equal(l.count, 3);
	assert_int_equal(by_id(&l, SA_2023)->status, PW_OBLIGATION_OPEN);
	pw_obligations_clear(&l);

	/* the day after: overdue, and the next period from today */
	sa_derive(&l, &w, NULL, NULL, "2024-03-02");
	assert_int_equal(l.count, 6);
	assert_int_equal(by_id(&l, SA_2023)->status, PW_OBLIGATION_OVERDUE);
	o = by_id(&l, SA_2024);
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_string_equal(o->due, "2025-03-02");
	assert_string_equal(o->period[0], "2023-12-01");
	assert_string_equal(o->period[1], "2024-11-30");
	/* on 2025-03-02 1.0.2 is 274 days superseded (by 1.0.3 of 2024-06-01) */
	assert_sa_ms(o, "version 1.0.3", "2025-03-02", "", "");
	/* overdue first */
	assert_int_equal(l.items[0].status, PW_OBLIGATION_OVERDUE);
	pw_obligations_clear(&l);
}

/* Imported on a superseded version: does not count; imported on a
 * current one: the first milestone; accepted: met; the next period needs
 * its own. */
static void test_self_assessment_met(void **state)
{
	pw_assessment_record recs[3];
	pw_assessments as = {recs, 2};
	pw_obligations l;
	const pw_obligation *o;
	sa_world w;
	(void)state;
	sa_make(&w);
	recs[0] = sa_rec("1.0.1", "2023-12-31T10:00:00Z", "2024-01-05T10:00:00Z");
	recs[1] = sa_rec("1.0.2", "2024-02-20T09:00:00Z", "");
	sa_derive(&l, &w, &as, NULL, "2024-02-25");
	o = by_id(&l, SA_2023);
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_sa_ms(o, "version 1.0.2", "2024-03-01", "2024-02-20", "");
	assert_non_null(strstr(o->reason, "; version 1.0.2 imported 2024-02-20, not yet accepted"));
	assert_non_null(strstr(o->reason, "; version 1.0.1 imported 2023-12-31 does not count: "
	                                  "superseded on 2023-10-01, more than 90 days before"));
	assert_string_equal(o->updated, "2024-02-20T09:00:00Z");
	pw_obligations_clear(&l);
	/* a day earlier, 1.0.1 was 90 days superseded: it counts, and was accepted */
	recs[0] = sa_rec("1.0.1", "2023-12-30T10:00:00Z", "2024-01-05T10:00:00Z");
	sa_derive(&l, &w, &as, NULL, "2024-02-25");
	o = by_id(&l, SA_2023);
	assert_int_equal(o->status, PW_OBLIGATION_MET);
	/* the version that counted on that day */
	assert_sa_ms(o, "version 1.0.1", "2024-03-01", "2023-12-30", "2024-01-05");
	pw_obligations_clear(&l);
	recs[0] = sa_rec("1.0.1", "2023-12-31T10:00:00Z", "2024-01-05T10:00:00Z");
	/* not accepted by the due date: overdue */
	sa_derive(&l, &w, &as, NULL, "2024-03-02");
	assert_int_equal(by_id(&l, SA_2023)->status, PW_OBLIGATION_OVERDUE);
	pw_obligations_clear(&l);
	/* accepted on 2024-03-05: met that day; the next period has nothing */
	recs[1] = sa_rec("1.0.2", "2024-02-20T09:00:00Z", "2024-03-05T08:00:00Z");
	sa_derive(&l, &w, &as, NULL, "2024-03-10");
	o = by_id(&l, SA_2023);
	assert_int_equal(o->status, PW_OBLIGATION_MET);
	assert_string_equal(o->closed, "2024-03-05");
	assert_sa_ms(o, "version 1.0.2", "2024-03-01", "2024-02-20", "2024-03-05");
	assert_string_equal(o->note, "self-assessment of cabforum-smime:SBR.md version 1.0.2 "
	                             "imported 2024-02-20, accepted 2024-03-05 "
	                             "(ledger/self-assessments/sa/cabforum-smime/SBR.md@V.json)");
	o = by_id(&l, SA_2024);
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_sa_ms(o, "version 1.0.3", "2025-03-02", "", "");
	pw_obligations_clear(&l);
	/* 1.0.3 imported and accepted in January 2025: the second period met,
	 * the third (due 2026-03-02) listed from 2025-03-03 on */
	recs[2] = sa_rec("1.0.3", "2025-01-15T12:00:00Z", "2025-01-20T12:00:00Z");
	as.count = 3;
	sa_derive(&l, &w, &as, NULL, "2025-03-10");
	o = by_id(&l, SA_2024);
	assert_int_equal(o->status, PW_OBLIGATION_MET);
	assert_string_equal(o->closed, "2025-01-20");
	assert_int_equal(count_of(&l, "sa"), 3);
	for (size_t i = 0; i < l.count; i++)
		if (strcmp(l.items[i].tsp, "sa") == 0 && strcmp(l.items[i].id, SA_2023) != 0 &&
		    strcmp(l.items[i].id, SA_2024) != 0) {
			assert_string_equal(l.items[i].due, "2026-03-02");
			assert_string_equal(l.items[i].period[0], "2024-12-01");
			assert_int_equal(l.items[i].status, PW_OBLIGATION_OPEN);
		}
	pw_obligations_clear(&l);
}

/* A late one meets the period it is late for; a period the officer waived
 * takes none; before `since` nothing counts. */
static void test_self_assessment_late_and_waived(void **state)
{
	pw_assessment_record recs[1];
	pw_assessments as = {recs, 1};
	cJSON *docs[1];
	pw_obligation_records rec = {docs, 1};
	pw_obligations l;
	const pw_obligation *o;
	sa_world w;
	(void)state;
	sa_make(&w);
	recs[0] = sa_rec("1.0.2", "2024-04-10T09:00:00Z", "2024-04-11T09:00:00Z");
	sa_derive(&l, &w, &as, NULL, "2024-05-01");
	o = by_id(&l, SA_2023);
	assert_int_equal(o->status, PW_OBLIGATION_MET);
	assert_string_equal(o->closed, "2024-04-11");
	o = by_id(&l, SA_2024);
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_string_equal(o->milestones[0].done, "");
	pw_obligations_clear(&l);
	/* the first period waived: the same record meets the second */
	docs[0] = record("{\"id\":\"" SA_2023 "\",\"tsp\":\"sa\",\"events\":[{\"action\":"
	                 "\"waive\",\"note\":\"merged into the 2024 one\",\"date\":"
	                 "\"2024-04-01\"}]}");
	sa_derive(&l, &w, &as, &rec, "2024-05-01");
	assert_int_equal(by_id(&l, SA_2023)->status, PW_OBLIGATION_WAIVED);
	o = by_id(&l, SA_2024);
	assert_int_equal(o->status, PW_OBLIGATION_MET);
	assert_string_equal(o->closed, "2024-04-11");
	/* met by an import of 2024-04-10, when 1.0.2 was the newest */
	assert_sa_ms(o, "version 1.0.2", "2025-03-02", "2024-04-10", "2024-04-11");
	pw_obligations_clear(&l);
	cJSON_Delete(docs[0]);
	/* `since` is the first day that counts */
	recs[0] = sa_rec("1.0.1", "2023-05-31T23:00:00Z", "2023-06-02T09:00:00Z");
	sa_derive(&l, &w, &as, NULL, "2023-07-01");
	assert_int_equal(by_id(&l, SA_2023)->status, PW_OBLIGATION_OPEN);
	assert_string_equal(by_id(&l, SA_2023)->milestones[0].done, "");
	pw_obligations_clear(&l);
	recs[0] = sa_rec("1.0.1", "2023-06-01T00:00:00Z", "2023-06-02T09:00:00Z");
	sa_derive(&l, &w, &as, NULL, "2023-07-01");
	assert_int_equal(by_id(&l, SA_2023)->status, PW_OBLIGATION_MET);
	assert_string_equal(by_id(&l, SA_2023)->milestones[0].done, "2023-06-01");
	pw_obligations_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_make_id),
	    cmocka_unit_test(test_first_change),
	    cmocka_unit_test(test_update_in_place),
	    cmocka_unit_test(test_transition),
	    cmocka_unit_test(test_due_shifting),
	    cmocka_unit_test(test_status_and_records),
	    cmocka_unit_test(test_needs_applicable_signoff),
	    cmocka_unit_test(test_summary_ranks_by_obligation_due),
	    cmocka_unit_test(test_self_assessment_cycles),
	    cmocka_unit_test(test_self_assessment_met),
	    cmocka_unit_test(test_self_assessment_late_and_waived),
	    cmocka_unit_test(test_self_assessment_template),
	};
	return cmocka_run_group_tests_name("obligation", tests, setup, teardown);
}
