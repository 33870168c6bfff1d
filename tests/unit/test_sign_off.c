/* pw_sign_off_run, the use case of `pkiwatch signoff`, called as a second
 * front end would, on the real cabforum-smime history and the example TSPs,
 * without a GitHub token: a decision on SMC-10 becomes ledger/<id>.json in
 * one commit by the officer, with the TSPs it applies to worked out from the
 * profiles (only ministry-pki issues S/MIME certificates); the same decision
 * again commits nothing; another decision on it is refused. */
#include "testutil.h"

#include "compliance_fixture.h"

#include "app/sign_off.h"
#include "util/error.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <string.h>

static compfix fx;

static pw_workspace *ws;

/* Signs off `target` on a new workspace `ws` (res->items[].change is
 * borrowed from it: done() frees both). */
static int sign_off(pw_sign_off_result *res, const char *target, const char *decision)
{
	const char *targets[] = {target};
	pw_sign_off_opts o = PW_SIGN_OFF_OPTS_INIT;

	o.select.targets = targets;
	o.select.ntargets = 1;
	o.decision = decision;
	o.note = "checked by the unit test";
	compfix_workspace(&ws, &fx);
	return pw_sign_off_run(res, ws, &o);
}

static void done(pw_sign_off_result *res)
{
	pw_sign_off_result_clear(res);
	pw_workspace_free(ws);
	ws = NULL;
}

static char *git(const char *args)
{
	char *out = NULL;
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git %s", fx.repo, args), 0);
	return out;
}

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static void test_records_once(void **state)
{
	pw_sign_off_result res;
	char path[4096], *text, *h;
	const cJSON *applies;
	cJSON *entry;
	long before;
	(void)state;

	compfix_start_officer(&fx, 0); /* SMC-10 not decided yet */
	unsetenv("GITHUB_TOKEN");
	unsetenv("GH_TOKEN");
	before = compfix_commits(&fx);
	assert_int_equal(sign_off(&res, SMC10, "applicable"), 0);
	assert_int_equal(res.github, 0);
	assert_int_equal(res.count, 1);
	assert_string_equal(res.items[0].change->change.id, SMC10);
	assert_null(res.items[0].skipped_decision);
	assert_int_equal(res.items[0].res.recorded, 1);
	assert_int_equal(res.items[0].res.applies_to.count, 1);
	assert_string_equal(res.items[0].res.applies_to.items[0], "ministry-pki");
	assert_int_equal(compfix_commits(&fx), before + 1);
	h = git("rev-parse HEAD");
	assert_memory_equal(h, res.items[0].res.commit, 40);
	free(h);
	done(&res);

	/* the commit holds that file alone, by the officer */
	text = git("show --name-only --format='%an <%ae>' HEAD");
	assert_string_equal(text, "Maria Jansen <maria.jansen@authority.example>\n\nledger/" SMC10
	                          ".json\n");
	free(text);
	snprintf(path, sizeof(path), "%s/ledger/%s.json", fx.repo, SMC10);
	text = tu_read(path);
	assert_non_null(entry = cJSON_Parse(text));
	free(text);
	assert_string_equal(str(entry, "change"), SMC10);
	assert_string_equal(str(entry, "decision"), "applicable");
	assert_string_equal(str(entry, "note"), "checked by the unit test");
	applies = cJSON_GetObjectItemCaseSensitive(entry, "applies_to");
	assert_int_equal(cJSON_GetArraySize(applies), 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(applies, 0)), "ministry-pki");
	cJSON_Delete(entry);

	/* the same decision again: nothing committed, the entry reported */
	assert_int_equal(sign_off(&res, SMC10, "applicable"), 0);
	assert_int_equal(res.count, 1);
	assert_int_equal(res.items[0].res.recorded, 0);
	assert_string_equal(res.items[0].res.commit, "");
	assert_string_equal(res.items[0].res.entry.decision, "applicable");
	assert_int_equal(compfix_commits(&fx), before + 1);
	done(&res);

	/* another decision on a change named by its id: refused, nothing written */
	assert_int_equal(sign_off(&res, SMC10, "not-applicable"), PW_EINPUT);
	tu_assert_has(pw_error_last(), "already signed off as applicable");
	assert_int_equal(compfix_commits(&fx), before + 1);
	text = git("status --porcelain");
	assert_string_equal(text, "");
	free(text);
	done(&res);
}

/* A change id that is not in the mirrors: PW_ENOTFOUND naming it, no commit. */
static void test_unknown_change(void **state)
{
	pw_sign_off_result res;
	long before;
	(void)state;

	compfix_start_officer(&fx, 0);
	unsetenv("GITHUB_TOKEN");
	unsetenv("GH_TOKEN");
	before = compfix_commits(&fx);
	assert_int_equal(sign_off(&res, "cabforum-smime@000000000000", "applicable"), PW_ENOTFOUND);
	tu_assert_has(pw_error_last(), "cabforum-smime@000000000000");
	assert_int_equal(res.count, 0);
	assert_int_equal(compfix_commits(&fx), before);
	done(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_prestate_setup_teardown(test_records_once, NULL, compfix_teardown,
	                                             &fx),
	    cmocka_unit_test_prestate_setup_teardown(test_unknown_change, NULL, compfix_teardown,
	                                             &fx),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, compfix_forms_setup, NULL);
	git_libgit2_shutdown();
	return rc;
}
