/* responses import of a file naming no form ($.form absent or null), on the
 * real cabforum-smime history and the example TSPs: a TSP with an issuance
 * record cannot skip the form check by leaving the form out; changes its
 * forms asked about are recorded as before. */
#include "testutil.h"

#include "compliance_fixture.h"

#include <stdlib.h>
#include <string.h>

static compfix fx;

static int setup(void **state)
{
	(void)state;
	compfix_env();
	return 0;
}

#define ANSWER(change)                                                                             \
	"{\"change\":\"" change "\",\"impact\":\"low\",\"days\":10,\"meets_date\":true}"

static char *response_file(const char *text)
{
	char *path = malloc(strlen(fx.dir) + 32);
	static int n;
	sprintf(path, "%s/answers-%d.json", fx.dir, n++);
	tu_write(path, text);
	return path;
}

/* ministry-pki's form asked about SMC-6 and SMC-9; SMC-10 was signed off
 * after it, so no form asked about it: answering it without naming a form is
 * refused (exit 2, nothing recorded); SMC-9 without a form is recorded. */
static void test_no_form_is_checked(void **state)
{
	char *out = NULL, *err = NULL, *f, *before;
	(void)state;
	const char *up = tu_upstream_or_skip();
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	compfix_init(&fx, up);
	compfix_signoffs(&fx, NULL);
	assert_int_equal(
	    tu_sh(NULL, NULL, "mv '%s/ledger/" SMC10 ".json' '%s/smc10.json'", fx.repo, fx.dir), 0);
	compfix_commit(&fx);
	compfix_officer_is_git_user(&fx);
	assert_int_equal(compfix_run(&fx, NULL, NULL, "forms --format md"), 0);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && mv ../smc10.json 'ledger/" SMC10
	                       ".json' && git add ledger && git commit -qm 'SMC-10 signed off'",
	                       fx.repo),
	                 0);
	assert_int_equal(tu_sh(&before, NULL, "cd '%s' && git rev-parse HEAD", fx.repo), 0);
	f = response_file(
	    "{\"tsp\":\"ministry-pki\",\"responses\":[" ANSWER(SMC9) "," ANSWER(SMC10) "]}");
	assert_int_equal(compfix_run(&fx, &out, &err, "responses import '%s'", f), 2);
	tu_assert_has(err, f);
	tu_assert_has(
	    err, ": $.responses[1].change: no form issued to TSP ministry-pki asked about " SMC10
	         " (the file names no form in $.form)");
	assert_string_equal(out, "");
	free(out);
	free(err);
	free(f);
	f = response_file(
	    "{\"tsp\":\"ministry-pki\",\"form\":null,\"responses\":[" ANSWER(SMC10) "]}");
	assert_int_equal(compfix_run(&fx, NULL, &err, "responses import '%s'", f), 2);
	tu_assert_has(err, "no form issued to TSP ministry-pki asked about " SMC10);
	free(err);
	free(f);
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git rev-parse HEAD", fx.repo), 0);
	assert_string_equal(out, before);
	free(out);
	free(before);
	/* a change a form asked about, without naming the form: recorded */
	f = response_file("{\"tsp\":\"ministry-pki\",\"responses\":[" ANSWER(SMC9) "]}");
	assert_int_equal(compfix_run(&fx, &out, NULL, "responses import '%s'", f), 0);
	tu_assert_has(out, "1 answer of ministry-pki, 1 recorded");
	free(out);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_prestate_setup_teardown(test_no_form_is_checked, NULL,
	                                             compfix_teardown, &fx),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
