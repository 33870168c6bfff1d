/* The integrity of forms and responses on the real cabforum-smime history and
 * the example TSPs:
 * - `responses import` checks a response file's form against the TSP's
 *   issuance record (ledger/forms/<tsp>.json): issued to that TSP, asking
 *   about every change answered; a form reissued later with more changes;
 *   another TSP's form; a repository from before issuance records;
 * - `forms` and `responses import` are all or nothing: a renderer failing for
 *   the second TSP, a target that cannot be written, a locked branch or index
 *   leave no output of any TSP, the ledger and HEAD as they were.
 */
#include "testutil.h"

#include "compliance_fixture.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static compfix fx;

static char *head(void)
{
	char *out = NULL;
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git rev-parse HEAD", fx.repo), 0);
	return out;
}

/* The work tree is HEAD's: nothing modified, staged or untracked (no form, no
 * staging directory left anywhere). */
static void assert_clean(void)
{
	char *out = NULL;
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && git status --porcelain --untracked-files=all", fx.repo),
	    0);
	assert_string_equal(out, "");
	free(out);
}

/* HEAD is still `before` (freed here) and the work tree is HEAD's. */
static void assert_kept(char *before)
{
	char *now = head();
	assert_string_equal(now, before);
	free(now);
	free(before);
	assert_clean();
}

/* Forms in markdown for every TSP, committed. */
static void commit_forms(void)
{
	assert_int_equal(compfix_run(&fx, NULL, NULL, "forms --format md"), 0);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git add forms && git commit -qm forms", fx.repo), 0);
}

/* Another git process holds .git/`name` (lock) until unlock. */
static void lock(const char *name)
{
	assert_int_equal(tu_sh(NULL, NULL, "touch '%s/.git/%s'", fx.repo, name), 0);
}

static void unlock(const char *name)
{
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s/.git/%s'", fx.repo, name), 0);
}

/* The id of the `n`-th form recorded for `tsp` (caller frees). */
static char *form_id(const char *tsp, int n)
{
	cJSON *j = compfix_issued(&fx, tsp);
	char *id = cJSON_GetStringValue(
	    cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "forms"), n), "form"));
	assert_non_null(id);
	id = strdup(id);
	cJSON_Delete(j);
	return id;
}

#define ANSWER(change)                                                                             \
	"{\"change\":\"" change "\",\"impact\":\"low\",\"days\":10,\"meets_date\":true}"

/* Writes a response file of `tsp` answering `form` (NULL: none) with
 * `answers` (JSON objects, comma-separated); returns its path (caller frees). */
static char *response_file(const char *tsp, const char *form, const char *answers)
{
	char *path = malloc(strlen(fx.dir) + 32), text[4096];
	static int n;
	sprintf(path, "%s/answers-%d.json", fx.dir, n++);
	snprintf(text, sizeof(text), "{\"tsp\":\"%s\",%s%s%s\"responses\":[%s]}\n", tsp,
	         form ? "\"form\":\"" : "", form ? form : "", form ? "\"," : "", answers);
	tu_write(path, text);
	return path;
}

/* Imports `file`; returns the exit status, output in *out and *err. */
static int import(char **out, char **err, const char *file)
{
	return compfix_run(&fx, out, err, "responses import '%s'", file);
}

/* Refused with exit 2 and `msg` naming the file; nothing written. */
static void assert_refused(const char *file, const char *msg)
{
	char *err = NULL;
	long before = compfix_commits(&fx);
	assert_int_equal(import(NULL, &err, file), 2);
	tu_assert_has(err, "pkiwatch: ");
	tu_assert_has(err, file);
	tu_assert_has(err, msg);
	assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1); /* one line */
	free(err);
	assert_int_equal(compfix_commits(&fx), before);
	assert_clean();
}

/* A form issued to the TSP, asking about the changes answered: recorded.
 * A form never issued, another TSP's form, a change the form did not ask
 * about: exit 2 naming the form and the change, nothing written. */
static void test_import_checks_the_form(void **state)
{
	char *out = NULL, *ministry, *northwind, *f;
	(void)state;
	compfix_start_officer(&fx, 1);
	commit_forms();
	ministry = form_id("ministry-pki", 0);     /* SMC-6, SMC-9, SMC-10 */
	northwind = form_id("northwind-trust", 0); /* SMC-12 */

	/* a change the form did not ask about (SMC-12 is on northwind's form only) */
	f = response_file("ministry-pki", ministry, ANSWER(SMC9) "," ANSWER(SMC12));
	{
		char msg[512];
		snprintf(
		    msg, sizeof(msg),
		    ": $.responses[1].change: form %s (issued 2025-03-01) did not ask about " SMC12
		    "; no form issued to TSP ministry-pki did",
		    ministry);
		assert_refused(f, msg);
	}
	free(f);
	/* a well-formed id of this TSP that was never issued */
	f = response_file("ministry-pki", "ministry-pki-20250301-0a1b2c3d", ANSWER(SMC9));
	assert_refused(f, ": $.form: form ministry-pki-20250301-0a1b2c3d was never issued to TSP "
	                  "ministry-pki (it is not in ledger/forms/ministry-pki.json)");
	free(f);
	/* another TSP's form, either way round */
	f = response_file("ministry-pki", northwind, ANSWER(SMC9));
	{
		char msg[512];
		snprintf(msg, sizeof(msg), ": $.form: '%s' is not a form id of TSP ministry-pki",
		         northwind);
		assert_refused(f, msg);
	}
	free(f);
	f = response_file("northwind-trust", ministry, ANSWER(SMC12));
	assert_refused(f, "is not a form id of TSP northwind-trust");
	free(f);

	/* the form's own changes, in part: recorded with the form id */
	f = response_file("ministry-pki", ministry, ANSWER(SMC10) "," ANSWER(SMC6));
	assert_int_equal(import(&out, NULL, f), 0);
	tu_assert_has(out, "2 answers of ministry-pki, 2 recorded");
	tu_assert_lacks(out, "not checked");
	free(out);
	free(f);
	{
		char path[4096], *text;
		snprintf(path, sizeof(path), "%s/ledger/" SMC10 ".json", fx.repo);
		text = tu_read(path);
		tu_assert_has(text, ministry);
		free(text);
	}
	free(ministry);
	free(northwind);
}

/* A form issued, then reissued later with more changes: the first form's
 * answers stay valid for what it asked; a change only the later one asked
 * about cannot be answered on the first (the error names the later form). */
static void test_reissued_form(void **state)
{
	char *out = NULL, *first, *second, *f, msg[512];
	(void)state;
	compfix_start_officer(&fx, 0);
	assert_int_equal(compfix_run(&fx, &out, NULL, "forms --tsp ministry-pki --format md"), 0);
	tu_assert_has(out, "ministry-pki: 2 changes");
	free(out);
	first = form_id("ministry-pki", 0);                   /* SMC-6, SMC-9 */
	compfix_ledger(&fx, SMC10, "applicable", "[]", NULL); /* signed off later */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git add -A && git commit -qm 'SMC-10 signed off'",
	                       fx.repo),
	                 0);
	setenv("PKIWATCH_TODAY", "2025-03-10", 1);
	assert_int_equal(compfix_run(&fx, &out, NULL, "forms --tsp ministry-pki --format md"), 0);
	tu_assert_has(out, "ministry-pki: 3 changes");
	free(out);
	second = form_id("ministry-pki", 1); /* SMC-6, SMC-9, SMC-10 */
	assert_string_not_equal(first, second);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git add forms && git commit -qm forms", fx.repo), 0);

	f = response_file("ministry-pki", first, ANSWER(SMC6) "," ANSWER(SMC10));
	snprintf(msg, sizeof(msg),
	         ": $.responses[1].change: form %s (issued 2025-03-01) did not ask about " SMC10
	         "; form %s (issued 2025-03-10) did",
	         first, second);
	assert_refused(f, msg);
	free(f);
	/* the first form's own change, late: accepted */
	f = response_file("ministry-pki", first, ANSWER(SMC6));
	assert_int_equal(import(&out, NULL, f), 0);
	tu_assert_has(out, "1 answer of ministry-pki, 1 recorded");
	free(out);
	free(f);
	/* the reissued form: all it asked */
	f = response_file("ministry-pki", second, ANSWER(SMC9) "," ANSWER(SMC10));
	assert_int_equal(import(&out, NULL, f), 0);
	tu_assert_has(out, "2 answers of ministry-pki, 2 recorded");
	free(out);
	free(f);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	free(first);
	free(second);
}

/* A TSP with no issuance record at all (a repository from before records
 * were kept, or forms made before): the form cannot be checked; the import
 * goes ahead and says so on stdout. A file without a form: no remark. */
static void test_no_issuance_record(void **state)
{
	char *out = NULL, *err = NULL, *f;
	(void)state;
	compfix_start_officer(&fx, 1);
	f = response_file("ministry-pki", "ministry-pki-20250115-0a1b2c3d", ANSWER(SMC9));
	assert_int_equal(import(&out, &err, f), 0);
	assert_string_equal(err, "");
	tu_assert_has(out,
	              ": form ministry-pki-20250115-0a1b2c3d not checked: TSP ministry-pki has "
	              "no issuance record (ledger/forms/ministry-pki.json)");
	tu_assert_has(out, "1 answer of ministry-pki, 1 recorded");
	free(out);
	free(err);
	free(f);
	/* records kept for another TSP only: ministry's still cannot be checked */
	assert_int_equal(compfix_run(&fx, NULL, NULL, "forms --tsp northwind-trust --format md"),
	                 0);
	f = response_file("ministry-pki", "ministry-pki-20250115-0a1b2c3d", ANSWER(SMC10));
	assert_int_equal(import(&out, NULL, f), 0);
	tu_assert_has(out, "not checked");
	tu_assert_has(out, "1 recorded");
	free(out);
	free(f);
	f = response_file("ministry-pki", NULL, ANSWER(SMC6));
	assert_int_equal(import(&out, NULL, f), 0);
	tu_assert_lacks(out, "not checked");
	tu_assert_has(out, "1 recorded");
	free(out);
	free(f);
}

/* The renderer fails for the second TSP: no file of the first is left (not
 * even forms/), no issuance record is written or committed. */
static void test_forms_renderer_fails_half_way(void **state)
{
	char *out = NULL, *err = NULL, *before;
	(void)state;
	compfix_start_officer(&fx, 1);
	compfix_fake_renderer(
	    &fx, "if [ $n -ge 2 ]; then echo 'fake renderer: out of paper' >&2; exit 3; fi");
	before = head();
	assert_int_equal(compfix_run(&fx, &out, &err, "forms --format md,html,pdf"), 1);
	unsetenv("PKIWATCH_CHROMIUM");
	tu_assert_has(err, "pkiwatch: ");
	tu_assert_has(err, "/forms/northwind-trust/northwind-trust-20250301-");
	tu_assert_has(err, ".pdf: ");
	tu_assert_has(err, "could not make a PDF (it failed: fake renderer: out of paper)");
	tu_assert_lacks(err, "pkiwatch-stage");
	assert_string_equal(out, "");
	free(out);
	free(err);
	/* the first TSP's PDF was made: the renderer did run twice */
	{
		char path[4096], *runs;
		snprintf(path, sizeof(path), "%s/runs", fx.dir);
		runs = tu_read(path);
		assert_string_equal(runs, "2\n");
		free(runs);
	}
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/forms'", fx.repo), 0);
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/ledger/forms'", fx.repo), 0);
	assert_kept(before);

	/* the same with earlier forms in place: they stay as they were */
	commit_forms();
	before = head();
	compfix_fake_renderer(
	    &fx, "if [ $n -ge 2 ]; then echo 'fake renderer: out of paper' >&2; exit 3; fi");
	setenv("PKIWATCH_TODAY", "2025-03-05", 1);
	assert_int_equal(compfix_run(&fx, NULL, NULL, "forms --format md,pdf"), 1);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	unsetenv("PKIWATCH_CHROMIUM");
	assert_kept(before);
}

/* A target that cannot be written (forms/northwind-trust is a file): found
 * when the files are put in place; ministry-pki's are not left behind. */
static void test_forms_blocked_target(void **state)
{
	char *err = NULL, *before;
	(void)state;
	compfix_start_officer(&fx, 1);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && mkdir forms && echo x > forms/northwind-trust && git "
	                       "add forms && git commit -qm 'a file in the way'",
	                       fx.repo),
	                 0);
	before = head();
	assert_int_equal(compfix_run(&fx, NULL, &err, "forms --format md,html"), 1);
	tu_assert_has(err, "forms/northwind-trust: cannot create directory: exists and is not a "
	                   "directory");
	free(err);
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/forms/ministry-pki'", fx.repo), 0);
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/ledger/forms'", fx.repo), 0);
	assert_kept(before);
}

/* Git fails after the forms are in place (the branch is locked by another
 * git process): the forms are taken back, the earlier ones kept. */
static void test_forms_git_failure(void **state)
{
	char *err = NULL, *before, *out, *md;
	(void)state;
	compfix_start_officer(&fx, 1);
	commit_forms();
	assert_int_equal(tu_sh(&md, NULL, "cd '%s' && cat forms/ministry-pki/*.md", fx.repo), 0);
	before = head();
	lock("refs/heads/main.lock");
	setenv("PKIWATCH_TODAY", "2025-03-05", 1);
	assert_int_equal(compfix_run(&fx, NULL, &err, "forms --format md,html"), 1);
	tu_assert_has(err, "ledger commit: ");
	free(err);
	/* into a new directory: it goes too */
	assert_int_equal(compfix_run(&fx, NULL, NULL, "forms --format md --out ../fresh"), 1);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	unlock("refs/heads/main.lock");
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/fresh'", fx.dir), 0);
	assert_kept(before); /* no 2025-03-05 form, no record */
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && cat forms/ministry-pki/*.md", fx.repo), 0);
	assert_string_equal(out, md);
	free(out);
	free(md);
}

/* Git fails half-way through an import (the index is locked by another git
 * process, found after the commits were made): HEAD and every ledger file as
 * they were; once the lock is gone the same import records all. */
static void test_import_git_failure(void **state)
{
	char *out = NULL, *err = NULL, *before, *f, *form, *ledger_before = NULL, expect[512];
	(void)state;
	compfix_start_officer(&fx, 1);
	commit_forms();
	form = form_id("ministry-pki", 0);
	f = response_file("ministry-pki", form, ANSWER(SMC6) "," ANSWER(SMC9) "," ANSWER(SMC10));
	before = head();
	assert_int_equal(tu_sh(&ledger_before, NULL, "cd '%s' && cat ledger/*.json", fx.repo), 0);
	lock("index.lock");
	assert_int_equal(import(&out, &err, f), 1);
	tu_assert_has(err, "ledger commit: index");
	assert_string_equal(out, "");
	free(out);
	free(err);
	/* and a locked branch */
	unlock("index.lock");
	lock("refs/heads/main.lock");
	assert_int_equal(import(NULL, &err, f), 1);
	tu_assert_has(err, "ledger commit: ");
	free(err);
	unlock("refs/heads/main.lock");
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && cat ledger/*.json", fx.repo), 0);
	assert_string_equal(out, ledger_before);
	free(out);
	assert_kept(before);
	/* then it works: one commit per answer */
	assert_int_equal(import(&out, NULL, f), 0);
	tu_assert_has(out, "3 answers of ministry-pki, 3 recorded");
	free(out);
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git log --format=%%s -3", fx.repo), 0);
	assert_string_equal(out,
	                    "response: ministry-pki to " SMC10 "\nresponse: ministry-pki to " SMC9
	                    "\nresponse: ministry-pki to " SMC6 "\n");
	free(out);
	/* nothing else changed; the answered form written beside the form */
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && git status --porcelain --untracked-files=all", fx.repo),
	    0);
	snprintf(expect, sizeof(expect),
	         "?? forms/ministry-pki/%s-answered.html\n?? forms/ministry-pki/%s-answered.md\n",
	         form, form);
	assert_string_equal(out, expect);
	free(out);
	free(ledger_before);
	free(form);
	free(f);
}

#define TEST(f) cmocka_unit_test_prestate_setup_teardown(f, NULL, compfix_teardown, &fx)

int main(void)
{
	// clang-format off
	const struct CMUnitTest tests[] = {
	    TEST(test_import_checks_the_form),
	    TEST(test_reissued_form),
	    TEST(test_no_issuance_record),
	    TEST(test_forms_renderer_fails_half_way),
	    TEST(test_forms_blocked_target),
	    TEST(test_forms_git_failure),
	    TEST(test_import_git_failure),
	};
	// clang-format on
	return cmocka_run_group_tests_name("forms_integrity", tests, compfix_forms_setup, NULL);
}
