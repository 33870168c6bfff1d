/* pw_forms_issue_run, the use case of `pkiwatch forms`, called as a second
 * front end would: on the real cabforum-smime history and the example TSPs,
 * what the result holds (one item per TSP, the files, the records' commits,
 * the signed-off changes no longer in the mirrors) and the cancellation flag
 * (nothing written, nothing recorded). */
#include "testutil.h"

#include "compliance_fixture.h"

#include "app/forms_issue.h"
#include "util/error.h"

#include <git2.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

static compfix fx;
static pw_workspace *ws; /* the result borrows from it: freed by done() */
static char config[4096];

static int run(pw_forms_issue_result *res, const pw_forms_issue_opts *o)
{
	pw_workspace_opts wo = PW_WORKSPACE_OPTS_INIT;

	snprintf(config, sizeof(config), "%s/pkiwatch.json", fx.repo);
	wo.config_path = config;
	wo.cache_dir = fx.cache;
	assert_null(ws);
	assert_int_equal(pw_workspace_new(&ws, &wo), 0);
	return pw_forms_issue_run(res, ws, o);
}

static void done(pw_forms_issue_result *res)
{
	pw_forms_issue_result_clear(res);
	pw_workspace_free(ws);
	ws = NULL;
}

static int teardown(void **state)
{
	pw_workspace_free(ws);
	ws = NULL;
	return compfix_teardown(state);
}

static const pw_forms_issue_item *item(const pw_forms_issue_result *res, const char *tsp)
{
	size_t i;
	for (i = 0; i < res->count; i++)
		if (strcmp(res->items[i].tsp, tsp) == 0)
			return &res->items[i];
	fail_msg("no item for %s", tsp);
	return NULL;
}

static int is_file(const char *path)
{
	struct stat st;
	return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Markdown only: one item per TSP in tsps/ order, a form for the S/MIME
 * TSPs, its record committed; the same run again records nothing. */
static void test_issue_then_again(void **state)
{
	pw_forms_issue_opts o = {.formats = PW_FORMS_ISSUE_MD};
	pw_forms_issue_result res;
	const pw_forms_issue_item *m, *c;
	char *head = NULL, *commit;
	long before;
	(void)state;

	compfix_start_officer(&fx, 1);
	before = compfix_commits(&fx);
	assert_int_equal(run(&res, &o), 0);
	assert_int_equal(res.count, 3);
	assert_int_equal(res.nmissing, 0);
	c = item(&res, "codeworks-signing"); /* code signing only: no S/MIME change */
	assert_int_equal(c->changes, 0);
	assert_null(c->md_path);
	m = item(&res, "ministry-pki");
	assert_true(m->changes > 0);
	assert_true(is_file(m->md_path));
	assert_null(m->html_path); /* not asked for */
	assert_null(m->pdf_path);
	tu_assert_has(m->md_path, "/forms/ministry-pki/ministry-pki-20250301-");
	/* 30 days would be after the earliest date to come (SMC-9, SMC-10:
	 * 2025-03-15): a week before it, which is a week after today */
	assert_string_equal(m->reply_by, "2025-03-08");
	assert_string_equal(m->reply_late, "");
	assert_int_equal(m->recorded, 1);
	assert_int_equal(strlen(m->commit), 40);
	/* the record's commit is on the branch, holding the record only */
	assert_int_equal(
	    tu_sh(&head, NULL,
	          "cd '%s' && git log --format=%%H -1 -- ledger/forms/ministry-pki.json", fx.repo),
	    0);
	commit = strndup(head, 40);
	assert_string_equal(commit, m->commit);
	free(commit);
	free(head);
	assert_int_equal(compfix_commits(&fx), before + 2); /* one record per TSP with a form */
	done(&res);

	assert_int_equal(run(&res, &o), 0);
	m = item(&res, "ministry-pki");
	assert_int_equal(m->recorded, 0);
	assert_string_equal(m->commit, "");
	assert_int_equal(compfix_commits(&fx), before + 2);
	done(&res);
}

/* The flag set (as the CLI's signal handler does): the run stops after the
 * first form's files are made, names the signal, and leaves no form, no
 * staging directory and no record. */
static void test_cancelled(void **state)
{
	volatile sig_atomic_t flag = SIGTERM;
	pw_forms_issue_opts o = {.formats = PW_FORMS_ISSUE_MD | PW_FORMS_ISSUE_HTML,
	                         .cancel = &flag};
	pw_forms_issue_result res;
	long before;
	(void)state;

	compfix_start_officer(&fx, 1);
	before = compfix_commits(&fx);
	assert_int_equal(run(&res, &o), PW_ERROR);
	assert_string_equal(pw_error_last(),
	                    "interrupted (Terminated): no form written, nothing recorded");
	done(&res);
	assert_int_equal(compfix_commits(&fx), before);
	assert_int_equal(tu_sh(NULL, NULL, "test -z \"$(ls -A '%s/forms')\"", fx.repo), 0);
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/ledger/forms'", fx.repo), 0);
}

/* A signed-off change the mirrors no longer show is reported (the CLI
 * warns), left out of every form, and the run goes on. */
static void test_missing_change(void **state)
{
	pw_forms_issue_opts o = {.formats = PW_FORMS_ISSUE_MD};
	pw_forms_issue_result res;
	(void)state;

	compfix_start_officer(&fx, 1);
	compfix_ledger(&fx, "cabforum-smime@0123456789ab", "applicable", "[]", NULL);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git add ledger && git commit -qm gone", fx.repo), 0);
	assert_int_equal(run(&res, &o), 0);
	assert_int_equal(res.nmissing, 1);
	assert_string_equal(res.missing[0], "cabforum-smime@0123456789ab");
	assert_true(item(&res, "ministry-pki")->changes > 0);
	done(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_prestate_setup_teardown(test_issue_then_again, NULL, teardown, &fx),
	    cmocka_unit_test_prestate_setup_teardown(test_cancelled, NULL, teardown, &fx),
	    cmocka_unit_test_prestate_setup_teardown(test_missing_change, NULL, teardown, &fx),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, compfix_forms_setup, NULL);
	git_libgit2_shutdown();
	return rc;
}
