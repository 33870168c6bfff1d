/* pw_respond_run, the use case of `pkiwatch respond`, called as a second
 * front end would, on the real cabforum-smime history and the example TSPs:
 * ministry-pki's answer to SMC-9 lands in the "responses" object of SMC-9's
 * ledger entry, the sign-off kept, in one commit by the officer; the same
 * answer again records nothing; a different one is refused unless replaced;
 * an answer to a change that does not apply to the TSP is refused. */
#include "testutil.h"

#include "compliance_fixture.h"

#include "app/respond.h"
#include "util/error.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <string.h>

static compfix fx;

/* ministry-pki's answer to `change`: impact, days, meets the date. */
static int respond(pw_respond_result *res, const char *change, const char *impact, long days,
                   int replace)
{
	pw_respond_opts o = PW_RESPOND_OPTS_INIT;
	pw_workspace *ws = NULL;
	pw_response r;
	int rc;

	memset(&r, 0, sizeof(r));
	assert_non_null(r.tsp = strdup("ministry-pki"));
	assert_non_null(r.change = strdup(change));
	snprintf(r.impact, sizeof(r.impact), "%s", impact);
	r.days = days;
	r.meets_date = 1;
	o.replace = replace;
	compfix_workspace(&ws, &fx);
	rc = pw_respond_run(res, ws, &r, &o);
	pw_workspace_free(ws);
	pw_response_clear(&r);
	return rc;
}

static char *git(const char *args)
{
	char *out = NULL;
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git %s", fx.repo, args), 0);
	return out;
}

/* ledger/<SMC9>.json's answer of ministry-pki (the caller deletes `*doc`). */
static const cJSON *answer(cJSON **doc)
{
	char path[4096], *text;
	snprintf(path, sizeof(path), "%s/ledger/%s.json", fx.repo, SMC9);
	text = tu_read(path);
	assert_non_null(*doc = cJSON_Parse(text));
	free(text);
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(*doc, "decision")), "applicable");
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(*doc, "responses"),
	                                        "ministry-pki");
}

static void test_records_answer(void **state)
{
	pw_respond_result res;
	const cJSON *a;
	cJSON *doc;
	char *text;
	long before;
	(void)state;

	compfix_start_officer(&fx, 1);
	before = compfix_commits(&fx);
	assert_int_equal(respond(&res, SMC9, "low", 20, 0), 0);
	assert_int_equal(res.status, PW_RESPONSE_NEW);
	assert_int_equal(compfix_commits(&fx), before + 1);
	text = git("rev-parse HEAD");
	assert_memory_equal(text, res.commit, 40);
	free(text);
	text = git("show --name-only --format='%an|%s' HEAD");
	assert_string_equal(text, "Maria Jansen|response: ministry-pki to " SMC9 "\n\nledger/" SMC9
	                          ".json\n");
	free(text);
	a = answer(&doc);
	assert_non_null(a);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "impact")),
	                    "low");
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(a, "days")), 20);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "meets_date")));
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "recorded_by")),
	    "Maria Jansen <maria.jansen@authority.example>");
	cJSON_Delete(doc);

	/* the same answer: nothing recorded */
	assert_int_equal(respond(&res, SMC9, "low", 20, 0), 0);
	assert_int_equal(res.status, PW_RESPONSE_SAME);
	assert_string_equal(res.commit, "");
	assert_int_equal(compfix_commits(&fx), before + 1);

	/* a different one: refused naming both, then replaced */
	assert_int_equal(respond(&res, SMC9, "high", 90, 0), PW_EINPUT);
	tu_assert_has(pw_error_last(), "conflicting answers of TSP ministry-pki to " SMC9);
	assert_int_equal(compfix_commits(&fx), before + 1);
	assert_int_equal(respond(&res, SMC9, "high", 90, 1), 0);
	assert_int_equal(res.status, PW_RESPONSE_REPLACED);
	assert_int_equal(compfix_commits(&fx), before + 2);
	a = answer(&doc);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "impact")),
	                    "high");
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(a, "days")), 90);
	cJSON_Delete(doc);
}

/* SMC-12 applies to northwind-trust only (the officer named it): refused. */
static void test_not_applicable_refused(void **state)
{
	pw_respond_result res;
	long before;
	(void)state;

	compfix_start_officer(&fx, 1);
	before = compfix_commits(&fx);
	assert_int_equal(respond(&res, SMC12, "low", 1, 0), PW_EINPUT);
	tu_assert_has(pw_error_last(), "does not apply to TSP ministry-pki");
	assert_int_equal(compfix_commits(&fx), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_prestate_setup_teardown(test_records_answer, NULL, compfix_teardown,
	                                             &fx),
	    cmocka_unit_test_prestate_setup_teardown(test_not_applicable_refused, NULL,
	                                             compfix_teardown, &fx),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, compfix_forms_setup, NULL);
	git_libgit2_shutdown();
	return rc;
}
