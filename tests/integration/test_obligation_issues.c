/* Obligation issues on the fake GitHub, from the real cabforum-smime history
 * (since 2023-01-01): an ETSI-audited S/MIME TSP (ministry: EN 319 411-1
 * and EN 319 411-2 in scope, an extant S/MIME CA) and a TLS-only one
 * (northwind). Every expected date below was checked by hand against the
 * upstream documents: SBR v1.0.0 (SMC-1, 7502900, 2023-01-03), section 1.2.1:
 * "Effective Date ... September 01, 2023"; 120 days before is 2023-05-04, 30
 * days after 2023-10-01 (date -d); SMC-4 (f46343c, 2023-12-08), section 8.4:
 * "ETSI TS 119 411-6 v1.1.1 or newer". */
#include "testutil.h"

#include "compliance_fixture.h"
#include "fakegh.h"
#include "pubenv.h"

#include <string.h>
#include <time.h>

#define SMC4 "cabforum-smime@f46343c04da6"
#define SMC3 "cabforum-smime@3639f2c60f9f" /* extant CAs: transition end 2024-09-15 */

static pubenv env;

static int teardown(void **state)
{
	(void)state;
	pubenv_stop(&env);
	return 0;
}

static void start(void)
{
	char path[4096];
	pubenv_start(&env, "2023-01-01", NULL, PUBENV_REAL);
	snprintf(path, sizeof(path), "%s/tsps/ministry.json", env.repo);
	tu_write(path, "{\"name\":\"Ministry PKI\",\"certificate_types\":[\"smime\"],"
	               "\"extant_cas\":[{\"name\":\"Interior Mail CA 2019\",\"not_before\":"
	               "\"2019-04-01\",\"types\":[\"smime\"]}],\"audit\":{\"scheme\":\"etsi\","
	               "\"period_end\":\"11-15\",\"criteria\":[\"ETSI EN 319 411-1\","
	               "\"ETSI EN 319 411-2\"]}}\n");
}

static void run_ok(char **out, const char *args)
{
	char *err = NULL;
	if (pubenv_run(&env, out, &err, args) != 0)
		fail_msg("pkiwatch %s: %s", args, err);
	free(err);
}

static void sync_on(const char *today, char **out)
{
	setenv("PKIWATCH_TODAY", today, 1);
	run_ok(out, "sync");
}

/* The issues carrying `marker` (a JSON array, caller frees). */
static cJSON *issues_with(const char *marker)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL), *out = cJSON_CreateArray(), *i;
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (b && strstr(b, marker))
			cJSON_AddItemToArray(out, cJSON_Duplicate(i, 1));
	}
	cJSON_Delete(issues);
	return out;
}

static int count_with(const char *marker)
{
	cJSON *v = issues_with(marker);
	int n = cJSON_GetArraySize(v);
	cJSON_Delete(v);
	return n;
}

/* The one obligation issue (fails unless exactly one), duplicated. */
static cJSON *the_obligation_issue(void)
{
	cJSON *v = issues_with("<!-- pkiwatch:obligation ob-ministry-"), *one;
	assert_int_equal(cJSON_GetArraySize(v), 1);
	one = cJSON_DetachItemFromArray(v, 0);
	cJSON_Delete(v);
	return one;
}

static long number(const cJSON *issue)
{
	return (long)cJSON_GetObjectItem(issue, "number")->valuedouble;
}

static const char *body(const cJSON *issue)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(issue, "body"));
}

/* The comments on issue `n` holding `needle`, and their bodies joined. */
static size_t comments(long n, const char *needle, char **text)
{
	cJSON *state = fakegh_state(&env.fake), *list, *c;
	char key[32];
	size_t count = 0, len = 1;
	if (text)
		*text = calloc(1, 1);
	snprintf(key, sizeof(key), "%ld", n);
	list = cJSON_GetObjectItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(state, FAKEGH_REPO), "comments"), key);
	cJSON_ArrayForEach(c, list)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(c, "body"));
		if (!b || !strstr(b, needle))
			continue;
		count++;
		if (text) {
			len += strlen(b) + 1;
			*text = realloc(*text, len);
			strcat(*text, b);
			strcat(*text, "\n");
		}
	}
	cJSON_Delete(state);
	return count;
}

static char *dashboard(void)
{
	cJSON *v = issues_with("<!-- pkiwatch:dashboard -->");
	char *b;
	assert_int_equal(cJSON_GetArraySize(v), 1);
	b = strdup(body(cJSON_GetArrayItem(v, 0)));
	cJSON_Delete(v);
	return b;
}

static long change_issue(const char *change)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i = pubenv_issue_with(issues, change);
	long n;
	assert_non_null(i);
	n = number(i);
	cJSON_Delete(issues);
	return n;
}

/* One issue per obligation, idempotent, updated in place; labels follow
 * the status; the dashboard's section; closed when the evidence is accepted. */
static void test_issue_lifecycle(void **state)
{
	cJSON *ob;
	char *out = NULL, *text = NULL, *dash, want[256], id[64], cmd[512];
	long n, smc1;
	(void)state;
	tu_upstream_or_skip();
	start();
	compfix_obligation_id(id, sizeof(id), "ministry",
	                      "etsi-scope-extension|cabforum-smime:SBR.md");
	sync_on("2023-01-10", NULL);
	assert_int_equal(count_with("<!-- pkiwatch:obligation "), 0);
	run_ok(NULL, "signoff " SMC1 " --decision applicable");
	/* GitHub refuses the obligation's issue: reported (exit 1), the rest published */
	fakegh_fault(&env.fake, "{\"action\":\"status\",\"status\":422,\"method\":\"POST\","
	                        "\"path\":\"/issues$\"}");
	{
		char *err = NULL;
		assert_int_equal(pubenv_run(&env, NULL, &err, "sync"), 1);
		snprintf(want, sizeof(want), "pkiwatch: issue for obligation %s: ", id);
		tu_assert_has(err, want);
		tu_assert_has(err, "issues not published (GitHub refused them)");
		free(err);
	}
	assert_int_equal(count_with("<!-- pkiwatch:obligation "), 0);
	dash = dashboard();
	tu_assert_has(dash, "- (new) Ministry PKI: Scope-extension audit");
	free(dash);
	sync_on("2023-01-10", &out);
	tu_assert_has(out, "obligations: 1 issue: 1 created, 0 updated");
	free(out);
	/* northwind (TLS only) gets none */
	assert_int_equal(count_with("<!-- pkiwatch:obligation ob-northwind"), 0);
	ob = the_obligation_issue();
	n = number(ob);
	smc1 = change_issue(SMC1);
	snprintf(want, sizeof(want), "<!-- pkiwatch:obligation %s -->\n", id);
	tu_assert_has(body(ob), want);
	assert_true(pubenv_has_label(ob, "pkiwatch"));
	assert_true(pubenv_has_label(ob, "obligation"));
	assert_true(pubenv_has_label(ob, "ministry"));
	assert_true(pubenv_has_label(ob, "compliance")); /* the config's */
	assert_false(pubenv_has_label(ob, "overdue"));
	tu_assert_has(cJSON_GetStringValue(cJSON_GetObjectItem(ob, "title")),
	              "Obligation: Ministry PKI: Scope-extension audit: bring CA/Browser Forum "
	              "S/MIME Baseline Requirements into the audit scope");
	tu_assert_has(body(ob), "<!-- pkiwatch:opened 2023-01-10 -->");
	tu_assert_has(body(ob), "| Status | **open** |");
	tu_assert_has(body(ob), "| Due | **2023-09-01** |");
	tu_assert_has(body(ob), "| Next | auditor engaged, **2023-05-04** |");
	tu_assert_has(body(ob), "- [ ] 1. **2023-05-04** auditor engaged\n");
	tu_assert_has(body(ob), "- [ ] 2. **2023-09-01** scope-extension audit performed\n");
	tu_assert_has(body(ob), "- [ ] 3. **2023-10-01** attestation received\n");
	snprintf(want, sizeof(want), "`" SMC1 "` (#%ld)", smc1);
	tu_assert_has(body(ob), want); /* the link to the change's issue */
	tu_assert_has(body(ob), "> 1.0.0; SMC01; Version 1.0 of the S/MIME Baseline Requirements "
	                        "adopted");
	tu_assert_lacks(body(ob), "<!-- pkiwatch:change "); /* never taken for a change issue */
	cJSON_Delete(ob);
	dash = dashboard();
	tu_assert_has(dash, "## Obligations (1 open: 0 overdue, 0 due within 90 days)");
	snprintf(want, sizeof(want), "- #%ld Ministry PKI: Scope-extension audit", n);
	tu_assert_has(dash, want);
	tu_assert_has(dash, "next: auditor engaged, 2023-05-04 (in 114 days); due 2023-09-01");
	free(dash);

	/* again the same day: nothing sent but the lists */
	fakegh_clear_log(&env.fake);
	sync_on("2023-01-10", NULL);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);

	/* 2023-05-05: the engagement milestone is overdue: label, status, escalation */
	setenv("PKIWATCH_TODAY", "2023-05-05", 1);
	run_ok(NULL, "sync --step-summary ../summary.md");
	snprintf(cmd, sizeof(cmd), "%s/summary.md", env.dir);
	text = tu_read(cmd);
	tu_assert_has(text, "\n### Obligations\n\n1 open, 1 overdue; issues: 0 created, 1 updated, "
	                    "0 closed.\n\n| Issue | Obligation | Posted |\n|---|---|---|\n");
	snprintf(want, sizeof(want),
	         "| [#%ld](https://github.com/" FAKEGH_REPO "/issues/%ld) | `%s` | "
	         "escalation: milestone 1 overdue by 1 day |\n",
	         n, n, id);
	tu_assert_has(text, want);
	free(text);
	assert_int_equal(comments(n, "<!-- pkiwatch:escalate ", NULL), 1);
	ob = the_obligation_issue();
	assert_int_equal(number(ob), n);
	assert_true(pubenv_has_label(ob, "overdue"));
	tu_assert_has(body(ob), "| Status | **overdue** |");
	cJSON_Delete(ob);
	assert_int_equal(comments(n, "<!-- pkiwatch:oupdate ", NULL), 0); /* status only */
	dash = dashboard();
	tu_assert_has(dash, "## Obligations (1 open: 1 overdue, 0 due within 90 days)");
	snprintf(want, sizeof(want), "- **overdue** #%ld Ministry PKI: ", n);
	tu_assert_has(dash, want);
	tu_assert_has(dash, "next: auditor engaged, 2023-05-04 (overdue by 1 day); due 2023-09-01");
	free(dash);

	/* SMC-4 (2023-12-08) updates the same obligation: one comment saying what changed */
	sync_on("2023-12-12", NULL);
	run_ok(NULL, "signoff " SMC4 " --decision applicable");
	sync_on("2023-12-12", NULL);
	sync_on("2023-12-12", NULL);
	assert_int_equal(count_with("<!-- pkiwatch:obligation "), 1);
	ob = the_obligation_issue();
	tu_assert_has(body(ob), "ETSI TS 119 411-6 v1.1.1");
	snprintf(want, sizeof(want), "`" SMC4 "` (#%ld)", change_issue(SMC4));
	tu_assert_has(body(ob), want);
	cJSON_Delete(ob);
	assert_int_equal(comments(n, "<!-- pkiwatch:oupdate ", &text), 1);
	tu_assert_has(text, "- criteria: CA/Browser Forum S/MIME Baseline Requirements → ETSI TS "
	                    "119 411-6 v1.1.1\n");
	tu_assert_has(text, "- changes: " SMC1 " → " SMC1 "," SMC4 "\n");
	tu_assert_lacks(text, "due date"); /* the due date stays */
	free(text);

	/* evidence accepted: one comment, closed as completed */
	setenv("PKIWATCH_TODAY", "2023-12-19", 1);
	snprintf(cmd, sizeof(cmd),
	         "obligation evidence %s --url https://cab.example/a.pdf --note attestation", id);
	run_ok(NULL, cmd);
	snprintf(cmd, sizeof(cmd), "obligation accept %s --note 'scope extended'", id);
	run_ok(NULL, cmd);
	sync_on("2023-12-19", &out);
	tu_assert_has(out, "1 closed");
	free(out);
	sync_on("2023-12-19", NULL);
	ob = the_obligation_issue();
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ob, "state")), "closed");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ob, "state_reason")),
	                    "completed");
	assert_false(pubenv_has_label(ob, "overdue"));
	tu_assert_has(body(ob), "| Status | **met** |");
	tu_assert_has(body(ob), "link https://cab.example/a.pdf: attestation");
	cJSON_Delete(ob);
	assert_int_equal(comments(n, "<!-- pkiwatch:oclosed ", &text), 1);
	tu_assert_has(text, "**Met:** the officer accepted the evidence on 2023-12-19");
	tu_assert_has(text, "Note: scope extended");
	free(text);
	dash = dashboard();
	tu_assert_has(dash, "## Obligations (0 open: 0 overdue, 0 due within 90 days)");
	free(dash);
}

/* The markers' days of the comments of kind `kind` ("checkin", "escalate 1")
 * of obligation `id` on issue `n`, in order, each followed by a space. */
static char *days_of(long n, const char *id, const char *kind)
{
	char needle[160], *text = NULL, *p, *out = calloc(1, 4096);
	snprintf(needle, sizeof(needle), "<!-- pkiwatch:%s %s ",
	         kind[0] == 'c' ? "checkin" : "escalate", id);
	if (kind[0] != 'c')
		snprintf(needle, sizeof(needle), "<!-- pkiwatch:escalate %s %s ", id, kind + 9);
	comments(n, needle, &text);
	for (p = strstr(text, needle); p; p = strstr(p + 1, needle)) {
		strncat(out, p + strlen(needle), 10);
		strcat(out, " ");
	}
	free(text);
	return out;
}

static void assert_days(long n, const char *id, const char *kind, const char *want)
{
	char *got = days_of(n, id, kind);
	if (strcmp(got, want) != 0)
		fail_msg("%s on #%ld: got '%s', want '%s'", kind, n, got, want);
	free(got);
}

static long obligation_issue(const char *id)
{
	char marker[128];
	cJSON *v;
	long n;
	snprintf(marker, sizeof(marker), "<!-- pkiwatch:obligation %s -->", id);
	v = issues_with(marker);
	assert_int_equal(cJSON_GetArraySize(v), 1);
	n = number(cJSON_GetArrayItem(v, 0));
	cJSON_Delete(v);
	return n;
}

static int has_label(long n, const char *label)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
	int has = 0;
	cJSON_ArrayForEach(i, issues) if (number(i) == n) has = pubenv_has_label(i, label);
	cJSON_Delete(issues);
	return has;
}

/* A synced day: the sync, and on `twice` days a re-run that must send
 * nothing but lists. */
static void replay_day(const char *day, int twice)
{
	sync_on(day, NULL);
	if (twice) {
		fakegh_clear_log(&env.fake);
		sync_on(day, NULL);
		if (fakegh_count(&env.fake, "POST", NULL) || fakegh_count(&env.fake, "PATCH", NULL))
			fail_msg("the re-run on %s sent something", day);
	}
}

/* Issue 12's acceptance: the S/MIME incident replayed week by week
 * (Tuesdays from 2023-01-10 to 2024-01-30, none from 2023-03-14 to 03-28,
 * and also 2023-05-04, 2023-05-05 and 2024-01-31). The ETSI TSP (ministry)
 * gets its scope-extension obligation from SMC-1; the officer records the
 * engagement late (2023-06-06); SMC-4 is signed off on 2023-12-12; the
 * evidence is accepted on 2024-01-09. A WebTrust TSP (mailtrust, period end
 * 06-30) gets SMC-1's WebTrust for S/MIME in 2024-07-01..2025-06-30. Every
 * expected day was worked out by hand from the cadence (14 days while the due
 * date is more than 90 days away, 7 within; escalation at once, then every 7
 * days) and checked with date(1). */
static void test_incident_replay(void **state)
{
	char id[64], wt[64], cmd[512], *text = NULL, *dash, want[256], day[11];
	long n, w;
	int k;
	(void)state;
	tu_upstream_or_skip();
	start();
	snprintf(cmd, sizeof(cmd), "%s/tsps/mailtrust.json", env.repo);
	tu_write(cmd, COMPFIX_MAILTRUST);
	compfix_obligation_id(id, sizeof(id), "ministry",
	                      "etsi-scope-extension|cabforum-smime:SBR.md");
	compfix_obligation_id(wt, sizeof(wt), "mailtrust", "webtrust-audit-period|2024-07-01");

	sync_on("2023-01-10", NULL);
	run_ok(NULL, "signoff " SMC1 " --decision applicable");
	replay_day("2023-01-10", 1);
	n = obligation_issue(id);
	w = obligation_issue(wt);
	assert_int_equal(count_with("<!-- pkiwatch:obligation "), 2);
	{
		cJSON *v = issues_with("<!-- pkiwatch:obligation ob-mailtrust");
		tu_assert_has(body(cJSON_GetArrayItem(v, 0)),
		              "| Audit period | 2024-07-01 to 2025-06-30 |");
		tu_assert_has(body(cJSON_GetArrayItem(v, 0)), "| Due | **2025-06-30** |");
		cJSON_Delete(v);
	}
	/* every Tuesday from 2023-01-17 to 2024-01-30 (without 03-14..03-28) */
	for (k = 1;; k++) {
		struct tm tm = {.tm_year = 123, .tm_mon = 0, .tm_mday = 10 + 7 * k, .tm_hour = 12};
		time_t t = timegm(&tm);
		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		if (strcmp(day, "2024-01-30") > 0)
			break;
		if (strcmp(day, "2023-03-14") >= 0 && strcmp(day, "2023-03-28") <= 0)
			continue;
		if (strcmp(day, "2023-05-09") == 0) { /* the milestone's day, and the next */
			replay_day("2023-05-04", 1);
			assert_false(has_label(n, "overdue"));
			assert_int_equal(comments(n, "<!-- pkiwatch:escalate ", NULL), 0);
			replay_day("2023-05-05", 1);
			assert_true(has_label(n, "overdue"));
			assert_int_equal(comments(n, "<!-- pkiwatch:escalate ", &text), 1);
			tu_assert_has(
			    text,
			    "**Overdue:** milestone 1 **auditor engaged** was due "
			    "**2023-05-04**: overdue by 1 day. TSP: Ministry PKI (`ministry`)");
			tu_assert_has(text, "To act: Maria Jansen (@mjansen).");
			free(text);
			dash = dashboard();
			snprintf(want, sizeof(want), "- **overdue** #%ld Ministry PKI: ", n);
			tu_assert_has(dash, want);
			tu_assert_has(dash,
			              "## Obligations (2 open: 1 overdue, 0 due within 90 days)");
			free(dash);
		}
		if (strcmp(day, "2023-06-06") == 0) { /* engaged, late */
			setenv("PKIWATCH_TODAY", day, 1);
			snprintf(cmd, sizeof(cmd), "obligation done %s --milestone 1", id);
			run_ok(NULL, cmd);
		}
		if (strcmp(day, "2023-12-12") == 0) {
			setenv("PKIWATCH_TODAY", day, 1);
			run_ok(NULL, "signoff " SMC4 " --decision applicable");
		}
		if (strcmp(day, "2024-01-09") == 0) {
			setenv("PKIWATCH_TODAY", day, 1);
			snprintf(
			    cmd, sizeof(cmd),
			    "obligation evidence %s --url https://cab.example/411-6.pdf --note "
			    "'attestation, TS 119 411-6'",
			    id);
			run_ok(NULL, cmd);
			snprintf(cmd, sizeof(cmd), "obligation accept %s --note ok", id);
			run_ok(NULL, cmd);
		}
		replay_day(day, strcmp(day, "2023-06-06") == 0 || strcmp(day, "2023-09-05") == 0 ||
		                    strcmp(day, "2023-12-12") == 0 ||
		                    strcmp(day, "2024-01-09") == 0);
		if (strcmp(day, "2023-06-06") == 0)
			assert_false(has_label(n, "overdue"));
		if (strcmp(day, "2023-09-05") == 0)
			assert_true(has_label(n, "overdue"));
	}
	replay_day("2024-01-31", 1);

	/* ministry: far check-ins (one after the gap), escalations of milestone
	 * 1 from its day, weekly check-ins within 90 days of the due date once it
	 * was done, escalations of milestone 2 (2023-09-01) until the acceptance */
	assert_days(n, id, "checkin",
	            "2023-01-24 2023-02-07 2023-02-21 2023-03-07 2023-04-04 2023-04-18 2023-05-02 "
	            "2023-06-06 2023-06-13 2023-06-20 2023-06-27 2023-07-04 2023-07-11 2023-07-18 "
	            "2023-07-25 2023-08-01 2023-08-08 2023-08-15 2023-08-22 2023-08-29 ");
	assert_days(n, id, "escalate 1", "2023-05-05 2023-05-16 2023-05-23 2023-05-30 ");
	assert_days(n, id, "escalate 2",
	            "2023-09-05 2023-09-12 2023-09-19 2023-09-26 2023-10-03 2023-10-10 2023-10-17 "
	            "2023-10-24 2023-10-31 2023-11-07 2023-11-14 2023-11-21 2023-11-28 2023-12-05 "
	            "2023-12-12 2023-12-19 2023-12-26 2024-01-02 ");
	assert_int_equal(comments(n, "<!-- pkiwatch:checkin ", &text), 20);
	tu_assert_has(text, "next milestone 1 **auditor engaged** by **2023-05-04** (in 100 days); "
	                    "due **2023-09-01** (in 220 days)");
	tu_assert_has(text,
	              "next milestone 2 **scope-extension audit performed** by **2023-09-01** "
	              "(in 87 days); due **2023-09-01** (in 87 days)");
	free(text);
	assert_int_equal(comments(n, "<!-- pkiwatch:escalate ", NULL), 22);
	assert_int_equal(comments(n, "<!-- pkiwatch:oupdate ", &text), 1);
	tu_assert_has(text, "→ ETSI TS 119 411-6 v1.1.1");
	free(text);
	assert_int_equal(comments(n, "<!-- pkiwatch:oclosed ", &text), 1);
	tu_assert_has(text, "**Met:** the officer accepted the evidence on 2024-01-09");
	free(text);
	assert_false(has_label(n, "overdue"));
	/* mailtrust: every 14 days, the far cadence, all along */
	assert_days(w, wt, "checkin",
	            "2023-01-24 2023-02-07 2023-02-21 2023-03-07 2023-04-04 2023-04-18 2023-05-02 "
	            "2023-05-16 2023-05-30 2023-06-13 2023-06-27 2023-07-11 2023-07-25 2023-08-08 "
	            "2023-08-22 2023-09-05 2023-09-19 2023-10-03 2023-10-17 2023-10-31 2023-11-14 "
	            "2023-11-28 2023-12-12 2023-12-26 2024-01-09 2024-01-23 ");
	assert_int_equal(comments(w, "<!-- pkiwatch:escalate ", NULL), 0);
	/* no duplicates: two obligation issues, one per change */
	assert_int_equal(count_with("<!-- pkiwatch:obligation "), 2);
	assert_int_equal(count_with("<!-- pkiwatch:obligation ob-northwind"), 0);
	{
		cJSON *issues = fakegh_issues(&env.fake, NULL);
		assert_int_equal(pubenv_marker_count(issues, SMC1), 1);
		assert_int_equal(pubenv_marker_count(issues, SMC4), 1);
		cJSON_Delete(issues);
	}
	dash = dashboard();
	tu_assert_has(dash, "## Obligations (1 open: 0 overdue, 0 due within 90 days)");
	free(dash);
}

/* The id of the obligation of `kind` (exactly one) on `today`, into `id`. */
static void id_of_kind(char *id, size_t size, const char *kind, const char *today)
{
	char *out = NULL;
	cJSON *j, *o;
	int n = 0;
	setenv("PKIWATCH_TODAY", today, 1);
	run_ok(&out, "obligations --format json --status all");
	assert_non_null(j = cJSON_Parse(out));
	free(out);
	cJSON_ArrayForEach(o, j)
	{
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "kind")), kind) == 0) {
			snprintf(id, size, "%s",
			         cJSON_GetStringValue(cJSON_GetObjectItem(o, "id")));
			n++;
		}
	}
	cJSON_Delete(j);
	if (n != 1)
		fail_msg("%d obligations of kind %s", n, kind);
}

static const char *state_of(long n, const char *key)
{
	static char value[32];
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
	value[0] = '\0';
	cJSON_ArrayForEach(i, issues)
	{
		const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(i, key));
		if (number(i) == n && v)
			snprintf(value, sizeof(value), "%s", v);
	}
	cJSON_Delete(issues);
	return value;
}

/* Obligations of other kinds than audit (issue 12's check-ins "while an
 * obligation is open"): the officer's own (due 2023-03-01, milestone
 * "draft" 2023-02-01) and a transition of the extant CA (SMC-3: plan
 * 2024-06-17, done 2024-09-15), next to SMC-1's audit one; the dry run's
 * outbox holds their bodies; a waiver closes the issue as not planned and
 * stops the check-ins; a reverted waiver reopens the issue with a comment
 * saying why; a reverted sign-off leaves its obligation underived: one
 * comment saying so, closed as not planned. Days worked out by hand and
 * with date(1): from 2023-01-17 the draft is 15 days away and the due date
 * 43 (<= 90: every 7 days, counted from the issue's opening on 2023-01-10);
 * from 2023-01-24: 8 and 36 for the officer's, 510 (2024-06-17) and 600
 * (2024-09-15) for the transition (> 90: every 14 days). */
static void test_other_kinds_waive_reopen_withdraw(void **state)
{
	char audit[64], trans[64], off[64], cmd[512], want[512], *out = NULL, *text = NULL;
	long na, nt, no;
	(void)state;
	tu_upstream_or_skip();
	start();
	sync_on("2023-01-10", NULL);
	run_ok(NULL, "signoff " SMC1 " --decision applicable");
	run_ok(NULL, "signoff " SMC3 " --decision applicable");
	run_ok(NULL, "obligation add --tsp ministry --what 'Annual self-assessment' --due "
	             "2023-03-01 --milestone 'draft=2023-02-01'");
	id_of_kind(audit, sizeof(audit), "audit", "2023-01-10");
	id_of_kind(trans, sizeof(trans), "transition", "2023-01-10");
	id_of_kind(off, sizeof(off), "officer", "2023-01-10");

	/* the dry run's outbox: every obligation issue's body, as sent */
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish --dry-run --outbox ../box"), 0);
	{
		const char *ids[] = {audit, trans, off};
		for (int k = 0; k < 3; k++) {
			snprintf(cmd, sizeof(cmd), "%s/box/bodies/%s.md", env.dir, ids[k]);
			if (!(text = tu_read(cmd)))
				fail_msg("no body %s in the outbox", cmd);
			assert_int_equal(strncmp(text, "# Obligation: Ministry PKI: ", 28), 0);
			snprintf(want, sizeof(want), "\n\n<!-- pkiwatch:obligation %s -->\n",
			         ids[k]);
			tu_assert_has(text, want);
			free(text);
		}
		snprintf(cmd, sizeof(cmd), "%s/box/bodies/%s.md", env.dir, off);
		text = tu_read(cmd);
		tu_assert_has(text, "- [ ] 1. **2023-02-01** draft\n");
		free(text);
	}
	assert_int_equal(count_with("<!-- pkiwatch:obligation "), 0); /* nothing sent */

	sync_on("2023-01-10", &out);
	tu_assert_has(out, "obligations: 3 issues: 3 created, 0 updated");
	free(out);
	na = obligation_issue(audit);
	nt = obligation_issue(trans);
	no = obligation_issue(off);
	sync_on("2023-01-17", NULL);
	assert_days(no, off, "checkin", "2023-01-17 ");
	assert_days(nt, trans, "checkin", "");
	assert_days(na, audit, "checkin", "");
	comments(no, "<!-- pkiwatch:checkin ", &text);
	tu_assert_has(text, "**Check-in** on this obligation of Ministry PKI (`ministry`): next "
	                    "milestone 1 **draft** by **2023-02-01** (in 15 days); due "
	                    "**2023-03-01** (in 43 days).");
	free(text);
	/* the TSP answers about the transition (recorded by the officer): the
	 * issue shows it, one comment says what changed, the check-in quotes it */
	setenv("PKIWATCH_TODAY", "2023-01-20", 1);
	snprintf(cmd, sizeof(cmd),
	         "respond --tsp ministry --obligation %s --status in-progress --date 2024-05-01 "
	         "--comment 'new CA ordered'",
	         trans);
	run_ok(NULL, cmd);
	sync_on("2023-01-24", NULL);
	sync_on("2023-01-24", NULL);
	{
		cJSON *v;
		snprintf(want, sizeof(want), "<!-- pkiwatch:obligation %s -->", trans);
		v = issues_with(want);
		tu_assert_has(body(cJSON_GetArrayItem(v, 0)),
		              "\n### The TSP's answer\n\nin-progress, expected by 2024-05-01, "
		              "comment 'new CA ordered' (answered ");
		cJSON_Delete(v);
	}
	assert_int_equal(comments(nt, "<!-- pkiwatch:oupdate ", &text), 1);
	tu_assert_has(text, "- the TSP's answer: (none) → in-progress 2024-05-01\n");
	free(text);
	assert_days(no, off, "checkin", "2023-01-17 2023-01-24 ");
	assert_days(nt, trans, "checkin", "2023-01-24 ");
	assert_days(na, audit, "checkin", "2023-01-24 ");
	comments(nt, "<!-- pkiwatch:checkin ", &text);
	tu_assert_has(text, "**Check-in** on this obligation of Ministry PKI (`ministry`): next "
	                    "milestone 1 **transition plan agreed** by **2024-06-17** (in 510 "
	                    "days); due **2024-09-15** (in 600 days). The TSP's latest answer: "
	                    "in-progress, expected by 2024-05-01, comment 'new CA ordered' "
	                    "(answered ");
	free(text);
	comments(no, "<!-- pkiwatch:checkin ", &text);
	tu_assert_has(text, "(in 8 days); due **2023-03-01** (in 36 days).");
	free(text);

	/* the officer's obligation waived: closed as not planned, with the reason */
	setenv("PKIWATCH_TODAY", "2023-01-25", 1);
	snprintf(cmd, sizeof(cmd), "obligation waive %s --note 'covered by the annual audit'", off);
	run_ok(NULL, cmd);
	sync_on("2023-01-25", &out);
	tu_assert_has(out, "2 unchanged, 1 closed, 0 reopened");
	free(out);
	assert_string_equal(state_of(no, "state"), "closed");
	assert_string_equal(state_of(no, "state_reason"), "not_planned");
	assert_int_equal(comments(no, "<!-- pkiwatch:oclosed ", &text), 1);
	tu_assert_has(text, "**Waived** by the officer on 2023-01-25. Reason: covered by the "
	                    "annual audit");
	free(text);
	/* no more check-ins nor escalations: the draft's day (2023-02-01) passes */
	sync_on("2023-01-31", NULL);
	sync_on("2023-02-02", NULL);
	assert_days(no, off, "checkin", "2023-01-17 2023-01-24 ");
	assert_days(no, off, "escalate 1", "");
	assert_string_equal(state_of(no, "state"), "closed");

	/* the transition waived, then the waiver reverted in the ledger: reopened,
	 * one comment saying why */
	snprintf(cmd, sizeof(cmd), "obligation waive %s --note 'CA retired'", trans);
	run_ok(NULL, cmd);
	sync_on("2023-02-02", NULL);
	assert_string_equal(state_of(nt, "state"), "closed");
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git revert --no-edit HEAD >/dev/null", env.repo), 0);
	sync_on("2023-02-03", &out);
	tu_assert_has(out, "0 closed, 1 reopened");
	free(out);
	sync_on("2023-02-03", NULL);
	assert_string_equal(state_of(nt, "state"), "open");
	assert_int_equal(comments(nt, "<!-- pkiwatch:oreopen ", &text), 1);
	snprintf(want, sizeof(want),
	         "<!-- pkiwatch:oreopen %s 2023-02-03 -->\n**Reopened:** this obligation is open "
	         "in the compliance repository: no acceptance of evidence or waiver stands in "
	         "`ledger/obligations/%s.json`",
	         trans, trans);
	tu_assert_has(text, want);
	free(text);

	/* SMC-1's sign-off reverted: its obligation is derived no more */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git revert --no-edit $(git log --format=%%H -1 -- "
	                       "'ledger/" SMC1 ".json') >/dev/null",
	                       env.repo),
	                 0);
	sync_on("2023-02-04", &out);
	tu_assert_has(out, "1 closed, 0 reopened");
	free(out);
	fakegh_clear_log(&env.fake);
	sync_on("2023-02-04", NULL); /* again: nothing more */
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
	assert_string_equal(state_of(na, "state"), "closed");
	assert_string_equal(state_of(na, "state_reason"), "not_planned");
	assert_int_equal(comments(na, "<!-- pkiwatch:ogone ", &text), 1);
	snprintf(want, sizeof(want),
	         "**No longer derived:** pkiwatch derives this obligation (`%s`) no more from "
	         "what is signed off and the TSP profiles: the sign-off of the change it came from "
	         "was reverted or changed",
	         audit);
	tu_assert_has(text, want);
	tu_assert_has(text, "closes this issue as not planned and stops checking in");
	free(text);
	/* the others stay as they were */
	assert_string_equal(state_of(nt, "state"), "open");
	assert_string_equal(state_of(no, "state"), "closed");
}

/* The annual self-assessment (issue 17) on GitHub like any other obligation:
 * ministry's audit period ends 11-15 and it owes the self-assessment from
 * 2024-01-01, so the period 2023-11-16..2024-11-15 is due 2025-02-15 (15 + 31
 * + 31 + 15 days after 2024-11-15, as in test_self_assessment). Its issue is
 * opened by the sync of 2025-02-01, checked in on a week later (14 days left:
 * the 7-day cadence), and closed as completed by the sync after SBR 1.0.8
 * (current on 2025-03-01, superseded by nothing yet) was imported and
 * accepted. */
static void test_annual_self_assessment_issue(void **state)
{
	const char *period = "for the audit period 2023-11-16 to 2024-11-15";
	char *out = NULL, path[4096];
	cJSON *v, *i, *issue = NULL;
	long n;
	size_t before;
	(void)state;
	start();
	snprintf(path, sizeof(path), "%s/tsps/ministry.json", env.repo);
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "sed -i 's/\"extant_cas\"/\"self_assessment\":{\"since\":"
	          "\"2024-01-01\"},\"extant_cas\"/' '%s' && grep -q self_assessment '%s'",
	          path, path),
	    0);
	sync_on("2025-02-01", &out);
	free(out);
	v = issues_with("<!-- pkiwatch:obligation ob-ministry-");
	cJSON_ArrayForEach(i, v)
	{
		if (strstr(body(i), "Annual self-assessment of cabforum-smime:SBR.md") &&
		    strstr(body(i), period)) {
			assert_null(issue); /* one issue for the period */
			issue = i;
		}
	}
	assert_non_null(issue);
	n = number(issue);
	tu_assert_has(body(issue), "2025-02-15");
	cJSON_Delete(v);
	assert_string_equal(state_of(n, "state"), "open");

	before = comments(n, "**Check-in**", NULL);
	sync_on("2025-02-08", &out);
	free(out);
	assert_int_equal(comments(n, "**Check-in**", NULL), before + 1);
	/* the same day again: nothing new */
	sync_on("2025-02-08", &out);
	free(out);
	assert_int_equal(comments(n, "**Check-in**", NULL), before + 1);

	/* imported and accepted on 2025-03-01: the next sync closes it */
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	run_ok(&out, "self-assessment --tsp ministry --document cabforum-smime:SBR.md --version "
	             "1.0.8 --format csv --out sa");
	free(out);
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s/sa' && python3 -c 'import csv,sys\n"
	          "rows=list(csv.reader(open(sys.argv[1],newline=\"\")))\n"
	          "t=False\n"
	          "for r in rows:\n"
	          "  if t and len(r)>=5: r[4]=\"CPS \"+r[0]\n"
	          "  if r and r[0]==\"Section\": t=True\n"
	          "csv.writer(open(\"answers.csv\",\"w\",newline=\"\")).writerows(rows)' "
	          "ministry-cabforum-smime-SBR-1.0.8.csv",
	          env.repo),
	    0);
	run_ok(&out, "self-assessment import sa/answers.csv");
	free(out);
	run_ok(&out, "self-assessment accept ministry cabforum-smime:SBR.md");
	tu_assert_has(out, "version 1.0.8: accepted");
	free(out);
	sync_on("2025-03-01", &out);
	free(out);
	assert_string_equal(state_of(n, "state"), "closed");
	assert_string_equal(state_of(n, "state_reason"), "completed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_issue_lifecycle, teardown),
	    cmocka_unit_test_teardown(test_incident_replay, teardown),
	    cmocka_unit_test_teardown(test_other_kinds_waive_reopen_withdraw, teardown),
	    cmocka_unit_test_teardown(test_annual_self_assessment_issue, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
