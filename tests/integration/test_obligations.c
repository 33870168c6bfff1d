/* pkiwatch obligations and pkiwatch obligation on the real cabforum-smime
 * history: audit obligations derived from SMC-1, SMC-4 and SMC-9 for an
 * ETSI-audited S/MIME TSP (ministry-pki: EN 319 411-1 and 411-2 in scope), a
 * WebTrust-audited one (mailtrust, period ending 06-30) and TLS-only ones
 * (none); the officer's actions, each one ledger commit; bad input refused
 * with nothing recorded. */
#include "testutil.h"

#include "compliance_fixture.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMC3 "cabforum-smime@3639f2c60f9f" /* extant CAs: transition end 2024-09-15 */
#define SMC4 "cabforum-smime@f46343c04da6" /* ETSI TS 119 411-6, no date */

static compfix fx;

static int setup(void **state)
{
	(void)state;
	/* and an ETSI TSP with the S/MIME BRs in scope already */
	compfix_start_obligations(&fx, "mailsign",
	                          "{\"name\":\"Mailsign\",\"certificate_types\":[\"smime\"],"
	                          "\"audit\":{\"scheme\":\"etsi\",\"period_end\":\"03-31\","
	                          "\"criteria\":[\"ETSI EN 319 411-1\",\"CA/Browser Forum S/MIME "
	                          "Baseline Requirements\"]}}\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	compfix_free(&fx);
	return 0;
}

/* The obligations as JSON on `today`. */
static cJSON *list(const char *today, const char *args)
{
	char *out = NULL, *err = NULL;
	cJSON *j;
	setenv("PKIWATCH_TODAY", today, 1);
	if (compfix_run(&fx, &out, &err, "obligations --format json %s", args) != 0)
		fail_msg("obligations failed: %s", err);
	assert_string_equal(err, "");
	j = cJSON_Parse(out);
	assert_non_null(j);
	free(out);
	free(err);
	return j;
}

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* The one obligation of `tsp` with `rule`, failing unless exactly one. */
static const cJSON *only(const cJSON *arr, const char *tsp, const char *rule, int nth)
{
	const cJSON *o, *found = NULL;
	int seen = 0;
	cJSON_ArrayForEach(o, arr)
	{
		if (strcmp(str(o, "tsp"), tsp) == 0 && strcmp(str(o, "rule"), rule) == 0 &&
		    seen++ == nth)
			found = o;
	}
	if (!found)
		fail_msg("no obligation %d of %s by %s", nth, tsp, rule);
	return found;
}

static int count_tsp(const cJSON *arr, const char *tsp)
{
	const cJSON *o;
	int n = 0;
	cJSON_ArrayForEach(o, arr) n += strcmp(str(o, "tsp"), tsp) == 0;
	return n;
}

static void assert_milestone(const cJSON *o, int i, const char *what, const char *due)
{
	const cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "milestones"), i);
	assert_non_null(m);
	assert_string_equal(str(m, "what"), what);
	assert_string_equal(str(m, "due"), due);
}

static const char *criterion(const cJSON *o, int i)
{
	return cJSON_GetStringValue(
	    cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "criteria"), i));
}

/* `item` printed as JSON contains `want`. */
static void assert_printed_has(const cJSON *item, const char *want)
{
	char *text = cJSON_PrintUnformatted(item);
	assert_non_null(text);
	tu_assert_has(text, want);
	free(text);
}

static void test_derived(void **state)
{
	cJSON *j;
	const cJSON *o;
	char id[64];
	(void)state;
	tu_upstream_or_skip();
	j = list("2023-01-10", "");
	/* ETSI: the S/MIME BRs into the scope, by the effective date */
	o = only(j, "ministry-pki", "etsi-scope-extension", 0);
	compfix_obligation_id(id, sizeof(id), "ministry-pki",
	                      "etsi-scope-extension|cabforum-smime:SBR.md");
	assert_string_equal(str(o, "id"), id);
	assert_string_equal(str(o, "kind"), "audit");
	assert_string_equal(str(o, "status"), "open");
	assert_string_equal(str(o, "due"), "2023-09-01");
	assert_string_equal(criterion(o, 0), "CA/Browser Forum S/MIME Baseline Requirements");
	assert_milestone(o, 0, "auditor engaged", "2023-05-04"); /* 120 days before */
	assert_milestone(o, 1, "scope-extension audit performed", "2023-09-01");
	assert_milestone(o, 2, "attestation received", "2023-10-01");
	assert_printed_has(cJSON_GetObjectItemCaseSensitive(o, "quotes"),
	                   "Version 1.0 of the S/MIME Baseline Requirements adopted");
	/* WebTrust: the first audit period starting after 2023-09-01 */
	o = only(j, "mailtrust", "webtrust-audit-period", 0);
	assert_string_equal(criterion(o, 0), "WebTrust for S/MIME Baseline Requirements v1.0.0");
	assert_null(criterion(o, 1)); /* WebTrust for CAs is in its scope */
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(o, "period"), "start"),
	                    "2024-07-01");
	assert_string_equal(str(o, "due"), "2025-06-30");
	assert_milestone(o, 2, "audit report received", "2025-09-28"); /* 90 days after */
	/* TLS-only TSPs: none */
	assert_int_equal(count_tsp(j, "northwind-trust"), 0);
	assert_int_equal(count_tsp(j, "codeworks-signing"), 0);
	assert_int_equal(count_tsp(j, "mailsign"), 0); /* its scope covers SMC-1 */
	assert_int_equal(cJSON_GetArraySize(j), 2);
	cJSON_Delete(j);
	/* overdue from the day after the engagement milestone */
	j = list("2023-05-04", "--tsp ministry-pki");
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "status"), "open");
	cJSON_Delete(j);
	j = list("2023-05-05", "--tsp ministry-pki --status overdue");
	assert_int_equal(cJSON_GetArraySize(j), 1);
	cJSON_Delete(j);
}

/* SMC-4 updates the ETSI obligation (same id) to TS 119 411-6; SMC-9 puts
 * WebTrust for Network Security into the WebTrust TSP's period starting after
 * 2025-04-01 and gives the ETSI TSP nothing new. */
static void test_later_changes(void **state)
{
	cJSON *before, *j;
	const cJSON *o;
	(void)state;
	tu_upstream_or_skip();
	before = list("2023-12-12", "");
	compfix_ledger(&fx, SMC4, "applicable", "[]", NULL);
	compfix_ledger(&fx, SMC9, "applicable", "[]", NULL);
	j = list("2023-12-12", "");
	o = only(j, "ministry-pki", "etsi-scope-extension", 0);
	assert_string_equal(str(o, "id"),
	                    str(only(before, "ministry-pki", "etsi-scope-extension", 0), "id"));
	assert_string_equal(criterion(o, 0), "ETSI TS 119 411-6 v1.1.1");
	assert_null(criterion(o, 1)); /* it includes the S/MIME BRs */
	assert_string_equal(str(o, "due"), "2023-09-01");
	assert_string_equal(str(o, "status"), "overdue");
	assert_printed_has(cJSON_GetObjectItemCaseSensitive(o, "changes"), SMC4);
	tu_assert_has(str(o, "what"), "ETSI TS 119 411-6 v1.1.1");
	assert_int_equal(count_tsp(j, "ministry-pki"), 1);
	/* a change without a date: due at the next audit period end */
	o = only(j, "mailsign", "etsi-scope-extension", 0);
	assert_string_equal(criterion(o, 0), "ETSI TS 119 411-6 v1.1.1");
	assert_string_equal(str(o, "due"), "2024-03-31");
	assert_milestone(o, 0, "auditor engaged", "2023-12-02");
	tu_assert_has(str(o, "reason"), "the change states no date: due at the audit period end");
	o = only(j, "mailtrust", "webtrust-audit-period", 1);
	assert_string_equal(criterion(o, 0), "WebTrust for Network Security v2.0");
	assert_null(criterion(o, 1)); /* S/MIME BRs: the earlier period's already */
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(o, "period"), "start"),
	                    "2025-07-01");
	assert_string_equal(str(o, "due"), "2026-06-30");
	assert_int_equal(count_tsp(j, "northwind-trust"), 0);
	cJSON_Delete(before);
	cJSON_Delete(j);
	{
		char path[4096];
		snprintf(path, sizeof(path), "%s/ledger/%s.json", fx.repo, SMC4);
		remove(path);
		snprintf(path, sizeof(path), "%s/ledger/%s.json", fx.repo, SMC9);
		remove(path);
	}
}

/* The summary row of `tsp` and `change`, failing when there is none. */
static const cJSON *summary_row(const cJSON *summary, const char *tsp, const char *change)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(summary, "rows"))
	{
		if (strcmp(str(r, "tsp"), tsp) == 0 && strcmp(str(r, "change"), change) == 0)
			return r;
	}
	fail_msg("no summary row of %s for %s", tsp, change);
	return NULL;
}

/* Whether the row applies by rule `rule` ("type", "audit"). */
static int applies_by(const cJSON *row, const char *rule)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(
	                          cJSON_GetObjectItemCaseSensitive(row, "applies"), "rules"))
	{
		if (strcmp(cJSON_GetStringValue(v), rule) == 0)
			return 1;
	}
	return 0;
}

static const char *applies_reason(const cJSON *row)
{
	return str(cJSON_GetObjectItemCaseSensitive(row, "applies"), "reason");
}

/* Applicability by audit scheme (rules/obligations.json audit_only_sections
 * and the criteria's schemes), on the real SMC-1, SMC-4 and SMC-9: SMC-4
 * changes only 1.2.1, 1.6.3, 8.4 and 8.6 and names only ETSI criteria (TS
 * 119 411-6 and the EN 319 401/411-1/411-2 it references), so it reaches
 * neither WebTrust TSP (mailtrust: smime; northwind-trust: tls) and reaches
 * the ETSI S/MIME TSP as an audit matter naming TS 119 411-6. SMC-9 changes
 * much besides its audit section: it reaches ministry-pki by certificate
 * type but not as an audit matter, since its 8.4 adds only WebTrust
 * criteria (its item "4. ETSI TS 119 411-6 ..." is item 3 renumbered, the
 * same text, not a new requirement); mailtrust gets it as an audit matter
 * naming WebTrust for Network Security v2.0. SMC-1 names both schemes:
 * both S/MIME TSPs get it as an audit matter, each reason naming its own
 * scheme's criteria only. */
static void test_scheme_applicability(void **state)
{
	char *out = NULL, *err = NULL, path[4096];
	cJSON *j, *ob;
	const cJSON *r;
	(void)state;
	tu_upstream_or_skip();
	compfix_ledger(&fx, SMC4, "applicable", "[]", NULL);
	compfix_ledger(&fx, SMC9, "applicable", "[]", NULL);
	setenv("PKIWATCH_TODAY", "2024-01-15", 1);
	if (compfix_run(&fx, &out, &err, "summary --format json") != 0)
		fail_msg("summary failed: %s", err);
	assert_non_null(j = cJSON_Parse(out));
	free(out);
	free(err);
	/* SMC-4 */
	r = summary_row(j, "mailtrust", SMC4);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "applicable")));
	assert_string_equal(applies_reason(r),
	                    "an audit change naming only etsi criteria (ETSI TS 119 411-6 "
	                    "v1.1.1, ETSI EN 319 401, ETSI EN 319 411-1, ETSI EN 319 411-2); "
	                    "audited under webtrust");
	r = summary_row(j, "northwind-trust", SMC4);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "applicable")));
	tu_assert_has(applies_reason(r), "an audit change naming only etsi criteria");
	r = summary_row(j, "ministry-pki", SMC4);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "applicable")));
	assert_true(applies_by(r, "audit"));
	tu_assert_has(applies_reason(r), "naming ETSI TS 119 411-6 v1.1.1");
	/* SMC-9 */
	r = summary_row(j, "ministry-pki", SMC9);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "applicable")));
	assert_true(applies_by(r, "type"));
	assert_false(applies_by(r, "audit"));
	assert_string_equal(applies_reason(r), "issues smime certificates");
	r = summary_row(j, "mailtrust", SMC9);
	assert_true(applies_by(r, "audit"));
	tu_assert_has(applies_reason(r), "WebTrust for Network Security v2.0");
	tu_assert_lacks(applies_reason(r), "ETSI");
	/* SMC-1: both, each with its own scheme's criteria */
	r = summary_row(j, "mailtrust", SMC1);
	assert_true(applies_by(r, "audit"));
	tu_assert_has(applies_reason(r), "WebTrust for S/MIME Baseline Requirements v1.0.0");
	tu_assert_lacks(applies_reason(r), "ETSI");
	r = summary_row(j, "ministry-pki", SMC1);
	assert_true(applies_by(r, "audit"));
	tu_assert_has(applies_reason(r), "ETSI EN 319 411-1 v1.3.1");
	tu_assert_lacks(applies_reason(r), "WebTrust");
	cJSON_Delete(j);
	/* the obligations follow: SMC-9 adds nothing to the ETSI TSP's (its
	 * TS 119 411-6 line is only renumbered), SMC-4 nothing to mailtrust */
	ob = list("2024-01-15", "");
	assert_int_equal(count_tsp(ob, "ministry-pki"), 1);
	assert_printed_has(cJSON_GetObjectItemCaseSensitive(
	                       only(ob, "ministry-pki", "etsi-scope-extension", 0), "changes"),
	                   SMC4);
	{
		char *text = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(
		    only(ob, "ministry-pki", "etsi-scope-extension", 0), "changes"));
		tu_assert_lacks(text, SMC9);
		free(text);
	}
	assert_int_equal(count_tsp(ob, "mailtrust"), 2); /* SMC-1's period, SMC-9's */
	cJSON_Delete(ob);
	snprintf(path, sizeof(path), "%s/ledger/%s.json", fx.repo, SMC4);
	remove(path);
	snprintf(path, sizeof(path), "%s/ledger/%s.json", fx.repo, SMC9);
	remove(path);
}

/* `summary` lists the open obligations after its table, and each TSP's form
 * says what that TSP must do by when, its own only. On 2023-06-01 (SMC-1
 * signed off): ministry-pki's scope extension is overdue (engagement due
 * 2023-05-04), mailtrust's WebTrust period is open. */
static void test_summary_and_form(void **state)
{
	char *out = NULL, *err = NULL, *md = NULL;
	cJSON *j;
	const cJSON *o;
	int n = 0;
	(void)state;
	tu_upstream_or_skip();
	setenv("PKIWATCH_TODAY", "2023-06-01", 1);
	assert_int_equal(compfix_run(&fx, &out, &err, "summary --tsp ministry-pki --format md"), 0);
	tu_assert_has(out, "\n## Open obligations\n\n| Status | TSP | Obligation | What | Next | "
	                   "Due |\n|---|---|---|---|---|---|\n| **overdue** | ministry-pki | "
	                   "ob-ministry-pki-");
	tu_assert_has(out, " | Scope-extension audit: bring CA/Browser Forum S/MIME Baseline "
	                   "Requirements into the audit scope; the next period-of-time audit must "
	                   "include it | 2023-05-04: auditor engaged | 2023-09-01 |\n");
	tu_assert_lacks(out, "mailtrust");
	free(out);
	free(err);
	assert_int_equal(compfix_run(&fx, &out, &err, "summary --format json"), 0);
	assert_non_null(j = cJSON_Parse(out));
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(j, "obligations"))
	{
		n++;
		if (strcmp(str(o, "tsp"), "ministry-pki") == 0)
			assert_string_equal(str(o, "status"), "overdue");
		else
			assert_string_equal(str(o, "status"), "open");
	}
	assert_int_equal(n, 2);
	cJSON_Delete(j);
	free(out);
	free(err);
	/* the forms: each TSP's own obligations */
	assert_int_equal(compfix_run(&fx, NULL, &err, "forms --format md --out %s/of", fx.dir), 0);
	free(err);
	assert_int_equal(
	    tu_sh(&md, NULL, "cat '%s'/of/ministry-pki/ministry-pki-20230601-*.md", fx.dir), 0);
	tu_assert_has(md, "\n## Your obligations\n\n");
	tu_assert_has(md,
	              "\n### 1. Scope-extension audit: bring CA/Browser Forum S/MIME Baseline "
	              "Requirements into the audit scope; the next period-of-time audit must "
	              "include it\n\n| Field | Value |\n|---|---|\n| Due | 2023-09-01 |\n"
	              "| Status | **overdue** |\n| Milestone 1: auditor engaged | 2023-05-04 |\n"
	              "| Milestone 2: scope-extension audit performed | 2023-09-01 |\n"
	              "| Milestone 3: attestation received | 2023-10-01 |\n"
	              "| Required by | " SMC1 " |\n");
	tu_assert_lacks(md, "WebTrust for S/MIME");
	tu_assert_lacks(md, "mailtrust");
	free(md);
	assert_int_equal(tu_sh(&md, NULL, "cat '%s'/of/mailtrust/mailtrust-20230601-*.md", fx.dir),
	                 0);
	tu_assert_has(md, "\n### 1. The audit period 2024-07-01 to 2025-06-30 must include "
	                  "WebTrust for S/MIME Baseline Requirements v1.0.0\n");
	tu_assert_has(md, "| Status | open |\n| Milestone 1: audit period begins with the criteria "
	                  "in scope | 2024-07-01 |\n");
	tu_assert_lacks(md, "ministry-pki");
	tu_assert_lacks(md, "Ministry of the Interior");
	tu_assert_lacks(md, "Scope-extension");
	free(md);
}

#define run(err, ...) compfix_run(&fx, NULL, err, __VA_ARGS__)

static void test_officer_actions(void **state)
{
	cJSON *j;
	char *err = NULL, *id, evidence[4096], *out = NULL;
	long commits;
	(void)state;
	tu_upstream_or_skip();
	j = list("2023-06-01", "--tsp ministry-pki");
	id = strdup(str(cJSON_GetArrayItem(j, 0), "id"));
	cJSON_Delete(j);
	commits = compfix_commits(&fx);
	/* bad input: exit 2, nothing recorded */
	assert_int_equal(run(&err, "obligation done %s --milestone %s", id, "4"), 2);
	tu_assert_has(err, "--milestone: 4 is not a milestone of");
	free(err);
	assert_int_equal(run(&err, "obligation accept %s%s", id, ""), 2);
	tu_assert_has(err, "no evidence recorded");
	free(err);
	assert_int_equal(run(&err, "obligation waive %s%s", id, ""), 2);
	tu_assert_has(err, "--note: a text is needed");
	free(err);
	assert_int_equal(run(&err, "obligation done %s --milestone %s", "ob-nobody-00000000", "1"),
	                 2);
	tu_assert_has(err, "unknown obligation 'ob-nobody-00000000'");
	free(err);
	assert_int_equal(run(&err, "obligation due %s --date %s --note x", id, "2023-13-01"), 2);
	tu_assert_has(err, "--date: '2023-13-01' is not a date");
	free(err);
	assert_int_equal(run(&err, "obligation evidence %s --file %s", id, "/nonexistent/x.pdf"),
	                 2);
	free(err);
	assert_int_equal(compfix_commits(&fx), commits);
	/* milestone 1 done, evidence, accept: three commits; met */
	assert_int_equal(run(NULL, "obligation done %s --milestone %s", id, "1"), 0);
	snprintf(evidence, sizeof(evidence), "%s/attestation.pdf", fx.dir);
	tu_write(evidence, "scope extension attestation\n");
	assert_int_equal(
	    run(NULL, "obligation evidence %s --file %s --note 'CAB letter'", id, evidence), 0);
	assert_int_equal(run(NULL, "obligation accept %s%s", id, ""), 0);
	assert_int_equal(compfix_commits(&fx), commits + 3);
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git log -1 --format=%%an%%n%%B", fx.repo),
	                 0);
	tu_assert_has(out, "Maria Jansen\npkiwatch obligation accept: ");
	tu_assert_has(out, "Signed-off-by: Maria Jansen <maria.jansen@authority.example>");
	free(out);
	j = list("2023-06-01", "--tsp ministry-pki --status met");
	assert_int_equal(cJSON_GetArraySize(j), 1);
	{
		const cJSON *o = cJSON_GetArrayItem(j, 0),
		            *f = cJSON_GetObjectItemCaseSensitive(
		                cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "evidence"),
		                                   0),
		                "file");
		char *blob = NULL;
		assert_int_equal(tu_sh(&blob, NULL, "git hash-object '%s'", evidence), 0);
		assert_true(strncmp(blob, str(f, "sha1"), 40) == 0);
		free(blob);
		assert_string_equal(str(f, "name"), "attestation.pdf");
		assert_string_equal(str(o, "closed"), "2023-06-01");
		assert_string_not_equal(
		    str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "milestones"), 0),
		        "done"),
		    "");
	}
	cJSON_Delete(j);
	j = list("2023-06-01", "--tsp ministry-pki");
	assert_int_equal(cJSON_GetArraySize(j), 0); /* open: none */
	cJSON_Delete(j);
	/* evidence for a met obligation: refused, nothing recorded */
	assert_int_equal(run(&err, "obligation evidence %s --url %s", id, "https://x.example/r"),
	                 2);
	tu_assert_has(err, "already met (2023-06-01); nothing recorded");
	free(err);
	assert_int_equal(compfix_commits(&fx), commits + 3);
	/* the officer adds one, with a milestone */
	assert_int_equal(
	    compfix_run(&fx, NULL, NULL,
	                "obligation add --tsp mailtrust --what 'Annual self-assessment' "
	                "--due 2024-03-01 --milestone 'draft=2024-02-01' --from %s",
	                SMC1),
	    0);
	assert_int_equal(
	    compfix_run(&fx, NULL, &err, "obligation add --tsp nobody --what x --due 2024-03-01"),
	    2);
	tu_assert_has(err, "--tsp: unknown TSP 'nobody'");
	free(err);
	j = list("2024-02-02", "--tsp mailtrust");
	{
		const cJSON *o = only(j, "mailtrust", "officer", 0);
		assert_string_equal(str(o, "kind"), "officer");
		assert_string_equal(str(o, "status"), "overdue");
		assert_milestone(o, 0, "draft", "2024-02-01");
		/* overdue first */
		assert_string_equal(str(cJSON_GetArrayItem(j, 0), "id"), str(o, "id"));
	}
	cJSON_Delete(j);
	free(id);
}

/* The evidence report's section 5 from the obligation records, after
 * test_officer_actions (ministry-pki's obligation: milestone 1 done,
 * attestation.pdf recorded, accepted, all on 2023-06-01; mailtrust's
 * officer-added one open): for 2023, both, with status at the period's
 * end, milestones, the evidence by name, size and git blob id, who
 * accepted when; JSON the same with the record's events; byte-identical on a
 * re-run. */
static void test_evidence_report(void **state)
{
	char *md = NULL, *blob = NULL, *again = NULL, ev[4096], want[1024];
	cJSON *j;
	const cJSON *o, *sum;
	int n = 0;
	(void)state;
	tu_upstream_or_skip();
	md = compfix_evidence_2023(&fx, "md,json");
	snprintf(ev, sizeof(ev), "%s/attestation.pdf", fx.dir);
	assert_int_equal(tu_sh(&blob, NULL, "git hash-object '%s' | tr -d '\\n'", ev), 0);
	tu_assert_has(md, "| Obligations open in the period (opened, met, waived in it; overdue at "
	                  "its end) | 2 (0, 1, 0; 0) |");
	tu_assert_has(md, "## 5. Obligations\n\n2 obligations were open in the period: 0 opened, "
	                  "1 met and 0 waived in it, 0 overdue at its end.\n");
	tu_assert_has(md, " | ministry-pki | audit | 2023-09-01 | met |\n");
	tu_assert_has(md, " | mailtrust | officer | 2024-03-01 | open |\n");
	tu_assert_has(md, "- Rule: etsi-scope-extension; opened 2025-02-20; due 2023-09-01; at the "
	                  "end of the period: **met**\n- Changes: `" SMC1 "`\n- Milestones:\n"
	                  "  1. 2023-05-04 auditor engaged: done 2023-06-01\n"
	                  "  2. 2023-09-01 scope-extension audit performed: not done\n"
	                  "  3. 2023-10-01 attestation received: not done\n- Evidence:\n"
	                  "  - file attestation.pdf (28 bytes, git blob `");
	snprintf(want, sizeof(want),
	         "git blob `%s`), recorded by Maria Jansen \\<maria.jansen@authority.example\\> "
	         "at ",
	         blob);
	tu_assert_has(md, want);
	tu_assert_has(md, ": CAB letter\n- Accepted on 2023-06-01 by Maria Jansen "
	                  "\\<maria.jansen@authority.example\\> at ");
	tu_assert_has(md,
	              "- Rule: officer; opened by the officer; due 2024-03-01; at the end of the "
	              "period: **open**\n- Changes: `" SMC1 "`\n- Milestones:\n"
	              "  1. 2024-02-01 draft: not done\n- Evidence: none recorded\n");
	free(md);
	assert_int_equal(
	    tu_sh(&md, NULL, "cat '%s/ev/evidence-2023-01-01-2023-12-31.json'", fx.dir), 0);
	assert_non_null(j = cJSON_Parse(md));
	sum = cJSON_GetObjectItemCaseSensitive(j, "summary");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(sum, "obligations")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(sum, "obligations_met")->valueint, 1);
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(j, "obligations"))
	{
		n++;
		if (strcmp(str(o, "tsp"), "ministry-pki") != 0)
			continue;
		assert_string_equal(str(o, "status_at_end"), "met");
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "events")),
		                 3);
		assert_printed_has(cJSON_GetObjectItemCaseSensitive(o, "events"), blob);
	}
	assert_int_equal(n, 2);
	cJSON_Delete(j);
	/* the same repository commit and range: the same bytes */
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "evidence --from 2023-01-01 --to 2023-12-31 --format md,json "
	                             "--out %s/ev2",
	                             fx.dir),
	                 0);
	assert_int_equal(tu_sh(&again, NULL,
	                       "cd '%s' && cmp ev/evidence-2023-01-01-2023-12-31.md "
	                       "ev2/evidence-2023-01-01-2023-12-31.md && cmp "
	                       "ev/evidence-2023-01-01-2023-12-31.json "
	                       "ev2/evidence-2023-01-01-2023-12-31.json",
	                       fx.dir),
	                 0);
	free(again);
	free(md);
	free(blob);
	/* 2024: mailtrust's officer obligation (milestone 2024-02-01 and due
	 * 2024-03-01, nothing done) is overdue at the period's end, in the
	 * summary's count and section 5, in the Markdown and the PDF's text */
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "evidence --from 2024-01-01 --to 2024-12-31 --format md,pdf "
	                             "--out %s/ev3",
	                             fx.dir),
	                 0);
	assert_int_equal(tu_sh(&md, NULL, "cat '%s/ev3/evidence-2024-01-01-2024-12-31.md'", fx.dir),
	                 0);
	tu_assert_has(md, "| Obligations open in the period (opened, met, waived in it; overdue at "
	                  "its end) | 1 (0, 0, 0; 1) |");
	tu_assert_has(md,
	              "| `ob-mailtrust-c377b941` | mailtrust | officer | 2024-03-01 | overdue |");
	tu_assert_has(md, "due 2024-03-01; at the end of the period: **overdue**");
	free(md);
	assert_int_equal(tu_sh(&md, NULL,
	                       "pdftotext -layout '%s/ev3/evidence-2024-01-01-2024-12-31.pdf' -",
	                       fx.dir),
	                 0);
	tu_assert_has(md, "5. Obligations");
	tu_assert_has(md,
	              "1 obligation was open in the period: 0 opened, 0 met and 0 waived in it, "
	              "1 overdue at its end.");
	tu_assert_has(md, "at the end of the period: overdue");
	free(md);
}

static void test_bad_options(void **state)
{
	char *err = NULL;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(compfix_run(&fx, NULL, &err, "obligations --status later"), 2);
	tu_assert_has(err, "--status takes open, overdue, met, waived or all");
	free(err);
	assert_int_equal(compfix_run(&fx, NULL, &err, "obligation finish x"), 2);
	free(err);
	assert_int_equal(compfix_run(&fx, NULL, &err, "obligation done x --url y"), 2);
	tu_assert_has(err, "'--url' is not an option of 'obligation done'");
	free(err);
}

/* The obligation entries of `deadlines --format json` (kind obligation-*). */
static cJSON *oblig_deadlines(const char *args)
{
	char *out = NULL, *err = NULL;
	cJSON *all, *only_ob = cJSON_CreateArray(), *o;
	if (compfix_run(&fx, &out, &err, "deadlines --format json %s", args) != 0)
		fail_msg("deadlines failed: %s", err);
	assert_non_null(all = cJSON_Parse(out));
	cJSON_ArrayForEach(o, all)
	{
		if (strncmp(str(o, "kind"), "obligation-", 11) == 0)
			cJSON_AddItemToArray(only_ob, cJSON_Duplicate(o, 1));
	}
	cJSON_Delete(all);
	free(out);
	free(err);
	return only_ob;
}

static void assert_oblig_date(const cJSON *arr, int i, const char *kind, const char *date, int days,
                              const char *text)
{
	const cJSON *o = cJSON_GetArrayItem(arr, i);
	if (!o)
		fail_msg("no obligation date %d", i);
	assert_string_equal(str(o, "kind"), kind);
	assert_string_equal(str(o, "date"), date);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "days")->valueint, days);
	assert_string_equal(str(o, "text"), text);
}

/* `deadlines` and its .ics list the open obligations' dates: every milestone
 * not done, and the due date when no milestone falls on it; overdue ones
 * first. Runs after test_officer_actions: ministry-pki's obligation is met
 * (none of its dates), mailtrust has SMC-1's WebTrust period (2024-07-01 to
 * 2025-06-30; milestones 2024-07-01, 2025-06-30 = its due date, 2025-09-28)
 * and the officer's "Annual self-assessment" (draft 2024-02-01, due
 * 2024-03-01). Days from 2024-02-02: -1; to 2024-03-01: 28 (February 2024
 * has 29 days); to 2024-07-01: 29 + 31 + 30 + 31 + 30 - 1 = 150. The
 * calendar, read by python3-icalendar: one event per date, UIDs
 * "<id>-m<N>@pkiwatch" and "<id>-due@pkiwatch", the same file on a re-run;
 * moving the WebTrust obligation's due date keeps the milestone events
 * (counted from the period) and adds its due date's. */
static void test_deadlines_and_calendar(void **state)
{
	cJSON *j;
	char *out = NULL, *err = NULL, *wt, *off, ics[4096];
	(void)state;
	tu_upstream_or_skip();
	setenv("PKIWATCH_TODAY", "2024-02-02", 1);
	j = list("2024-02-02", "--tsp mailtrust");
	wt = strdup(str(only(j, "mailtrust", "webtrust-audit-period", 0), "id"));
	off = strdup(str(only(j, "mailtrust", "officer", 0), "id"));
	cJSON_Delete(j);
	snprintf(ics, sizeof(ics), "%s/deadlines.ics", fx.dir);
	j = oblig_deadlines("--ics ../deadlines.ics");
	assert_int_equal(cJSON_GetArraySize(j), 5);
	assert_oblig_date(j, 0, "obligation-milestone", "2024-02-01", -1, "draft");
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "obligation"), off);
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "status"), "overdue");
	assert_oblig_date(j, 1, "obligation-due", "2024-03-01", 28, "due");
	assert_oblig_date(j, 2, "obligation-milestone", "2024-07-01", 150,
	                  "audit period begins with the criteria in scope");
	assert_string_equal(str(cJSON_GetArrayItem(j, 2), "obligation"), wt);
	assert_string_equal(str(cJSON_GetArrayItem(j, 2), "tsp"), "mailtrust");
	assert_oblig_date(j, 3, "obligation-milestone", "2025-06-30", 514, "audit period ends");
	assert_oblig_date(j, 4, "obligation-milestone", "2025-09-28", 604, "audit report received");
	cJSON_Delete(j);
	/* ministry-pki's is met: none */
	j = oblig_deadlines("--tsp ministry-pki");
	assert_int_equal(cJSON_GetArraySize(j), 0);
	cJSON_Delete(j);
	/* text */
	assert_int_equal(compfix_run(&fx, &out, &err, "deadlines --tsp mailtrust --within 30"), 0);
	tu_assert_has(out, "2024-02-01  1 day ago     -         ");
	tu_assert_has(out, "  overdue obligation of mailtrust: milestone 1 of 1, draft\n"
	                   "    Annual self-assessment\n");
	tu_assert_has(out, "2024-03-01  in 28 days    -         ");
	tu_assert_has(out, "  obligation of mailtrust: due, the obligation met\n");
	tu_assert_lacks(out, "2024-07-01"); /* beyond 30 days */
	free(out);
	free(err);
	/* the calendar */
	assert_int_equal(
	    tu_sh(&out, &err,
	          "/usr/bin/python3 -c 'import sys, icalendar\n"
	          "c = icalendar.Calendar.from_ical(open(sys.argv[1], \"rb\").read())\n"
	          "for e in c.walk(\"VEVENT\"):\n"
	          "  if \"obligation\" in e[\"CATEGORIES\"].to_ical().decode():\n"
	          "    print(e[\"UID\"], e[\"DTSTART\"].dt, e[\"SUMMARY\"])' '%s'",
	          ics),
	    0);
	{
		char want[512];
		snprintf(
		    want, sizeof(want),
		    "%s-m1@pkiwatch 2024-02-01 Obligation of mailtrust: draft\n"
		    "%s-due@pkiwatch 2024-03-01 Obligation of mailtrust due\n"
		    "%s-m1@pkiwatch 2024-07-01 Obligation of mailtrust: audit period begins "
		    "with the criteria in scope\n"
		    "%s-m2@pkiwatch 2025-06-30 Obligation of mailtrust: audit period ends\n"
		    "%s-m3@pkiwatch 2025-09-28 Obligation of mailtrust: audit report received\n",
		    off, off, wt, wt, wt);
		assert_string_equal(out, want);
	}
	free(out);
	free(err);
	assert_int_equal(tu_sh(NULL, NULL, "cp '%s' '%s.1'", ics, ics), 0);
	assert_int_equal(compfix_run(&fx, NULL, NULL, "deadlines --ics ../deadlines.ics"), 0);
	assert_int_equal(tu_sh(NULL, NULL, "cmp '%s' '%s.1'", ics, ics), 0);
	/* the officer moves the WebTrust due date */
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "obligation due %s --date 2025-07-31 --note 'report late'",
	                             wt),
	                 0);
	j = oblig_deadlines("--tsp mailtrust");
	assert_int_equal(cJSON_GetArraySize(j), 6);
	assert_oblig_date(j, 3, "obligation-milestone", "2025-06-30", 514, "audit period ends");
	assert_oblig_date(j, 4, "obligation-due", "2025-07-31", 545, "due");
	assert_string_equal(str(cJSON_GetArrayItem(j, 4), "obligation"), wt);
	cJSON_Delete(j);
	free(wt);
	free(off);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_derived),
	    cmocka_unit_test(test_later_changes),
	    cmocka_unit_test(test_scheme_applicability),
	    cmocka_unit_test(test_summary_and_form),
	    cmocka_unit_test(test_officer_actions),
	    cmocka_unit_test(test_evidence_report),
	    cmocka_unit_test(test_bad_options),
	    cmocka_unit_test(test_deadlines_and_calendar),
	};
	return cmocka_run_group_tests_name("obligations", tests, setup, teardown);
}
