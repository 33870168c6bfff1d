/* forms when something else happens meanwhile, on the
 * real cabforum-smime history and the example TSPs:
 * - a commit landing while `forms` renders (another `forms` run from the
 *   renderer) fails the run cleanly instead of being overwritten;
 * - a TSP's form folder that is a symbolic link to another file system;
 * - an interrupted run (SIGTERM while rendering) and what earlier runs left.
 */
#include "testutil.h"

#include "compliance_fixture.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static compfix fx;
static char *shm; /* a directory on another file system, removed by teardown */

static int teardown(void **state)
{
	if (shm)
		tu_rmrf(shm);
	free(shm);
	shm = NULL;
	return compfix_teardown(state);
}

/* HEAD's ledger/forms/<tsp>.json (caller frees). */
static char *committed_record(const char *tsp)
{
	char *out = NULL;
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && git show HEAD:ledger/forms/%s.json", fx.repo, tsp), 0);
	return out;
}

/* While the outer `forms` renders its first PDF, the renderer runs a second
 * `forms` (another day, ministry-pki only) which commits its record. The outer
 * run must not overwrite that record with one built before it: it fails
 * (exit 1, the branch changed meanwhile), its forms are taken back, and the
 * inner run's record and forms stay. */
static void test_forms_commit_meanwhile(void **state)
{
	char body[4096], *out = NULL, *err = NULL, *rec, *inner;
	(void)state;
	compfix_start_officer(&fx, 1);
	snprintf(body, sizeof(body),
	         "if [ $n -eq 1 ]; then (cd '%s' && PKIWATCH_TODAY=2025-03-05 '%s' --cache '%s' "
	         "forms --tsp ministry-pki --format md > '%s/inner.out' 2>&1; echo $? > "
	         "'%s/inner.rc'); fi",
	         fx.repo, tu_bin(), fx.cache, fx.dir, fx.dir);
	compfix_fake_renderer(&fx, body);
	assert_int_equal(compfix_run(&fx, &out, &err, "forms --format md,pdf"), 1);
	unsetenv("PKIWATCH_CHROMIUM");
	{
		char path[4096], *rc;
		snprintf(path, sizeof(path), "%s/inner.rc", fx.dir);
		rc = tu_read(path);
		snprintf(path, sizeof(path), "%s/inner.out", fx.dir);
		inner = tu_read(path);
		assert_non_null(rc);
		if (strcmp(rc, "0\n") != 0)
			fail_msg("inner forms failed: %s", inner ? inner : "");
		free(rc);
	}
	tu_assert_has(inner, "issued: form ministry-pki-20250305-");
	free(inner);
	assert_string_equal(out, "");
	tu_assert_has(err, "pkiwatch: ");
	tu_assert_has(err, "changed meanwhile");
	tu_assert_has(err, "nothing recorded");
	assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1); /* one line */
	free(out);
	free(err);
	/* HEAD holds the inner run's record, and only it */
	rec = committed_record("ministry-pki");
	tu_assert_has(rec, "ministry-pki-20250305-");
	tu_assert_lacks(rec, "20250301");
	free(rec);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && ! git cat-file -e HEAD:ledger/forms/northwind-trust.json",
	          fx.repo),
	    0);
	/* no file of the outer run; the inner run's form is there */
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && find forms ledger -name '*20250301*'", fx.repo), 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && git status --porcelain --untracked-files=all", fx.repo),
	    0);
	tu_assert_has(out, "?? forms/ministry-pki/ministry-pki-20250305-");
	tu_assert_lacks(out, "pkiwatch-stage");
	tu_assert_lacks(out, "ledger/");
	free(out);
}

/* A directory under /dev/shm when it is another file system than `near`
 * (caller removes and frees); else the test is skipped, saying why. */
static char *other_fs_dir(const char *near)
{
	struct stat a, b;
	char *dir;
	if (stat("/dev/shm", &a) != 0 || !S_ISDIR(a.st_mode) || stat(near, &b) != 0) {
		print_message("skipped: no /dev/shm: cannot test a target on another file "
		              "system\n");
		skip();
	}
	if (a.st_dev == b.st_dev) {
		print_message("skipped: /dev/shm is the test directory's file system: cannot "
		              "test a target on another one\n");
		skip();
	}
	dir = strdup("/dev/shm/pkiwatch-test-XXXXXX");
	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return dir;
}

/* forms/ministry-pki is a symbolic link to a directory on another file
 * system: its forms are copied there, all or nothing like the rest (a
 * blocked second TSP leaves nothing there, not even a hidden copy). */
static void test_forms_target_on_other_fs(void **state)
{
	char *out = NULL, *err = NULL;
	(void)state;
	compfix_start_officer(&fx, 1);
	shm = other_fs_dir(fx.dir);
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s' && mkdir forms && ln -s '%s' forms/ministry-pki && echo x > "
	          "forms/northwind-trust",
	          fx.repo, shm),
	    0);
	assert_int_equal(compfix_run(&fx, NULL, &err, "forms --format md,html"), 1);
	tu_assert_has(err, "forms/northwind-trust: cannot create directory");
	free(err);
	assert_int_equal(tu_sh(&out, NULL, "ls -A '%s'", shm), 0);
	assert_string_equal(out, "");
	free(out);
	/* once the way is clear it works */
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s/forms/northwind-trust'", fx.repo), 0);
	assert_int_equal(compfix_run(&fx, &out, &err, "forms --format md,html"), 0);
	tu_assert_has(out, "issued: form ministry-pki-20250301-");
	free(out);
	free(err);
	assert_int_equal(tu_sh(&out, NULL,
	                       "cd '%s' && ls -A | sed 's/^ministry-pki-20250301-[^.]*\\./F./'",
	                       shm),
	                 0);
	assert_string_equal(out, "F.html\nF.md\n");
	free(out);
	assert_int_equal(tu_sh(&out, NULL, "find '%s/forms' -name '.pkiwatch*'", fx.repo), 0);
	assert_string_equal(out, "");
	free(out);
}

/* A SIGTERM to `forms` while its renderer runs (the fake renderer sends it
 * on its second run): the run stops once that render is done, removing
 * every staged form (exit 128 + 15, HEAD and work tree as they were). While
 * it ran, the staging directory was git-ignored. */
static void test_forms_interrupted(void **state)
{
	char body[4096], path[4096], *err = NULL, *before = NULL, *status1, *out = NULL;
	(void)state;
	compfix_start_officer(&fx, 1);
	snprintf(body, sizeof(body),
	         "if [ $n -eq 1 ]; then (cd '%s' && git status --porcelain --untracked-files=all "
	         "> '%s/status1' && find . -name '.pkiwatch-stage-*' > '%s/staged1'); fi\n"
	         "if [ $n -eq 2 ]; then kill -TERM $PPID; fi",
	         fx.repo, fx.dir, fx.dir);
	compfix_fake_renderer(&fx, body);
	assert_int_equal(tu_sh(&before, NULL, "cd '%s' && git rev-parse HEAD", fx.repo), 0);
	assert_int_equal(compfix_run(&fx, NULL, &err, "forms --format md,pdf"), 128 + 15);
	unsetenv("PKIWATCH_CHROMIUM");
	tu_assert_has(err, "pkiwatch: interrupted (Terminated): no form written, nothing recorded");
	free(err);
	/* the first run saw a staging directory, and git did not */
	snprintf(path, sizeof(path), "%s/staged1", fx.dir);
	status1 = tu_read(path);
	tu_assert_has(status1, "./forms/.pkiwatch-stage-");
	free(status1);
	snprintf(path, sizeof(path), "%s/status1", fx.dir);
	status1 = tu_read(path);
	assert_non_null(status1);
	tu_assert_lacks(status1, "pkiwatch-stage");
	tu_assert_lacks(status1, "forms/");
	free(status1);
	/* nothing left */
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && find . -name '.pkiwatch*'", fx.repo), 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(tu_sh(&out, NULL,
	                       "cd '%s' && git rev-parse HEAD && git status "
	                       "--porcelain --untracked-files=all",
	                       fx.repo),
	                 0);
	assert_string_equal(out, before);
	free(out);
	free(before);
}

/* Ctrl-C reaches forms and its renderer (one process group): the renderer
 * dies of it, and forms reports the interruption, not a failed PDF. */
static void test_forms_ctrl_c(void **state)
{
	char *err = NULL, *out = NULL;
	(void)state;
	compfix_start_officer(&fx, 1);
	compfix_fake_renderer(
	    &fx, "if [ $n -eq 2 ]; then kill -INT $PPID; echo 'killed' >&2; exit 130; fi");
	assert_int_equal(compfix_run(&fx, NULL, &err, "forms --format md,pdf"), 128 + 2);
	unsetenv("PKIWATCH_CHROMIUM");
	assert_string_equal(err, "pkiwatch: interrupted (Interrupt): no form written, nothing "
	                         "recorded\n");
	free(err);
	assert_int_equal(tu_sh(&out, NULL,
	                       "cd '%s' && find . -name '.pkiwatch*' && git status --porcelain "
	                       "--untracked-files=all",
	                       fx.repo),
	                 0);
	assert_string_equal(out, "");
	free(out);
}

/* Staging directories of earlier runs (killed: their .gitignore not locked,
 * or none, from an older pkiwatch) are removed by the next run; one a live
 * run holds (its .gitignore locked) is not. */
static void test_stale_staging_removed(void **state)
{
	char *out = NULL;
	(void)state;
	compfix_start_officer(&fx, 1);
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s' && mkdir -p forms/.pkiwatch-stage-dead01 forms/.pkiwatch-stage-old002 "
	          "forms/.pkiwatch-stage-live03 && echo '*' > "
	          "forms/.pkiwatch-stage-dead01/.gitignore "
	          "&& echo secret > forms/.pkiwatch-stage-dead01/0-f.md && echo secret > "
	          "forms/.pkiwatch-stage-old002/0-f.md && echo '*' > "
	          "forms/.pkiwatch-stage-live03/.gitignore && touch -d '1 hour ago' "
	          "forms/.pkiwatch-stage-*",
	          fx.repo),
	    0);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && flock forms/.pkiwatch-stage-live03/.gitignore '%s' "
	                       "--cache '%s' forms --format md",
	                       fx.repo, tu_bin(), fx.cache),
	                 0);
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && ls -A forms | grep pkiwatch", fx.repo), 0);
	assert_string_equal(out, ".pkiwatch-stage-live03\n");
	free(out);
}

#define TEST(f) cmocka_unit_test_prestate_setup_teardown(f, NULL, teardown, &fx)

int main(void)
{
	// clang-format off
	const struct CMUnitTest tests[] = {
	    TEST(test_forms_commit_meanwhile),
	    TEST(test_forms_target_on_other_fs),
	    TEST(test_forms_interrupted),
	    TEST(test_forms_ctrl_c),
	    TEST(test_stale_staging_removed),
	};
	// clang-format on
	return cmocka_run_group_tests(tests, compfix_forms_setup, NULL);
}
