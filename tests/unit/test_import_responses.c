/* pw_import_responses_run, the use case of `pkiwatch responses import`,
 * called as a second front end would, on the real cabforum-smime history
 * and the example TSPs: what the result holds (the file's TSP and form, one
 * item per answer with its status and commit) and the conflicts, one message
 * each, with nothing recorded. */
#include "testutil.h"

#include "compliance_fixture.h"

#include "app/import_responses.h"
#include "tsp/response.h"
#include "util/error.h"

#include <git2.h>
#include <string.h>

static compfix fx;
static char file[4096];

static int import(pw_import_responses_result *res, const char *text, int replace)
{
	pw_workspace_opts wo = PW_WORKSPACE_OPTS_INIT;
	pw_import_responses_opts o = {.replace = replace};
	pw_workspace *ws = NULL;
	char config[4096];
	int rc;

	snprintf(config, sizeof(config), "%s/pkiwatch.json", fx.repo);
	snprintf(file, sizeof(file), "%s/answers.json", fx.dir);
	tu_write(file, text);
	wo.config_path = config;
	wo.cache_dir = fx.cache;
	assert_int_equal(pw_workspace_new(&ws, &wo), 0);
	rc = pw_import_responses_run(res, ws, file, &o);
	pw_workspace_free(ws);
	return rc;
}

static char *head(void)
{
	char *out = NULL;
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git rev-parse HEAD", fx.repo), 0);
	out[40] = '\0';
	return out;
}

#define ANSWERS(impact9, impact10)                                                                 \
	"{\"tsp\":\"ministry-pki\",\"form\":\"ministry-pki-20250301-0a1b2c3d\",\"responses\":["    \
	"{\"change\":\"" SMC9 "\",\"impact\":\"" impact9 "\",\"days\":20,\"meets_date\":true},"    \
	"{\"change\":\"" SMC10 "\",\"impact\":\"" impact10 "\",\"days\":120,\"meets_date\":false," \
	"\"planned\":\"2025-07-01\"}]}\n"

static void test_import_then_again(void **state)
{
	pw_import_responses_result res;
	char *h;
	long before;
	(void)state;

	compfix_start_officer(&fx, 1);
	before = compfix_commits(&fx);
	assert_int_equal(import(&res, ANSWERS("low", "high"), 0), 0);
	assert_string_equal(res.tsp, "ministry-pki");
	assert_string_equal(res.form, "ministry-pki-20250301-0a1b2c3d");
	assert_int_equal(res.form_unchecked, 1); /* no issuance record in the fixture */
	assert_int_equal(res.count, 2);
	assert_string_equal(res.items[0].change, SMC9);
	assert_string_equal(res.items[1].change, SMC10);
	assert_int_equal(res.items[0].status, PW_RESPONSE_NEW);
	assert_int_equal(res.items[1].status, PW_RESPONSE_NEW);
	assert_int_equal(res.recorded, 2);
	assert_int_equal(res.conflicts.count, 0);
	h = head();
	assert_string_equal(res.items[1].commit, h); /* the last commit of the batch */
	free(h);
	assert_int_equal(strlen(res.items[0].commit), 40);
	assert_int_equal(compfix_commits(&fx), before + 2);
	pw_import_responses_result_clear(&res);

	assert_int_equal(import(&res, ANSWERS("low", "high"), 0), 0);
	assert_int_equal(res.items[0].status, PW_RESPONSE_SAME);
	assert_int_equal(res.items[1].status, PW_RESPONSE_SAME);
	assert_string_equal(res.items[0].commit, "");
	assert_int_equal(res.recorded, 0);
	assert_int_equal(compfix_commits(&fx), before + 2);
	pw_import_responses_result_clear(&res);
}

/* Both answers differ from the recorded ones: two messages in the result,
 * PW_EINPUT summing them up, no commit; with replace both are replaced. */
static void test_conflicts(void **state)
{
	pw_import_responses_result res;
	char want[8192];
	long before;
	(void)state;

	compfix_start_officer(&fx, 1);
	assert_int_equal(import(&res, ANSWERS("low", "high"), 0), 0);
	pw_import_responses_result_clear(&res);
	before = compfix_commits(&fx);

	assert_int_equal(import(&res, ANSWERS("medium", "none"), 0), PW_EINPUT);
	snprintf(want, sizeof(want), "%s: 2 conflicting answers; nothing recorded", file);
	assert_string_equal(pw_error_last(), want);
	assert_int_equal(res.conflicts.count, 2);
	tu_assert_has(res.conflicts.items[0], SMC9);
	tu_assert_has(res.conflicts.items[1], SMC10);
	tu_assert_has(res.conflicts.items[1], "conflicting answers of TSP ministry-pki");
	assert_int_equal(res.recorded, 0);
	assert_int_equal(compfix_commits(&fx), before);
	pw_import_responses_result_clear(&res);

	assert_int_equal(import(&res, ANSWERS("medium", "none"), 1), 0);
	assert_int_equal(res.items[0].status, PW_RESPONSE_REPLACED);
	assert_int_equal(res.items[1].status, PW_RESPONSE_REPLACED);
	assert_int_equal(res.recorded, 2);
	assert_int_equal(compfix_commits(&fx), before + 2);
	pw_import_responses_result_clear(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_prestate_setup_teardown(test_import_then_again, NULL, compfix_teardown,
	                                             &fx),
	    cmocka_unit_test_prestate_setup_teardown(test_conflicts, NULL, compfix_teardown, &fx),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, compfix_forms_setup, NULL);
	git_libgit2_shutdown();
	return rc;
}
