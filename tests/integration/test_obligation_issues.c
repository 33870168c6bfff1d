/* Obligation issues on the fake GitHub, from the real cabforum-smime history
 * (since 2023-01-01): an ETSI-audited S/MIME TSP (ministry: EN 319 411-1
 * and EN 319 411-2 in scope, an extant S/MIME CA) and a TLS-only one
 * (northwind). Every expected date below was checked by hand against the
 * upstream documents: SBR v1.0.0 (SMC-1, 7502900, 2023-01-03), section 1.2.1:
 * "Effective Date ... September 01, 2023"; 120 days before is 2023-05-04, 30
 * days after 2023-10-01 (date -d); SMC-4 (f46343c, 2023-12-08), section 8.4:
 * "ETSI TS 119 411-6 v1.1.1 or newer". */
#include "testutil.h"

#include "fakegh.h"
#include "pubenv.h"

#include <string.h>

#define SMC1 "cabforum-smime@750290055cf5"
#define SMC4 "cabforum-smime@f46343c04da6"

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

/* "ob-<tsp>-" and the first 8 hex digits of git's blob id of "<tsp>|<key>",
 * recomputed with git itself (tsp/obligation.h). */
static void expected_id(char *id, size_t size, const char *tsp, const char *key)
{
	char *out = NULL;
	assert_int_equal(
	    tu_sh(&out, NULL, "printf '%%s' '%s|%s' | git hash-object --stdin", tsp, key), 0);
	snprintf(id, size, "ob-%s-%.8s", tsp, out);
	free(out);
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
	expected_id(id, sizeof(id), "ministry", "etsi-scope-extension|cabforum-smime:SBR.md");
	sync_on("2023-01-10", NULL);
	assert_int_equal(cJSON_GetArraySize(issues_with("<!-- pkiwatch:obligation ")), 0);
	run_ok(NULL, "signoff " SMC1 " --decision applicable");
	sync_on("2023-01-10", &out);
	tu_assert_has(out, "obligations: 1 issue: 1 created, 0 updated");
	free(out);
	/* northwind (TLS only) gets none */
	assert_int_equal(cJSON_GetArraySize(issues_with("<!-- pkiwatch:obligation ob-northwind")),
	                 0);
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
	tu_assert_has(body(ob), "> 1.0.0 SMC01 Version 1.0 of the S/MIME Baseline Requirements "
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

	/* 2023-05-05: the engagement milestone is overdue: label and status */
	sync_on("2023-05-05", NULL);
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
	assert_int_equal(cJSON_GetArraySize(issues_with("<!-- pkiwatch:obligation ")), 1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_issue_lifecycle, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
