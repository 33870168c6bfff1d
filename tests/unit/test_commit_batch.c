/* pw_commit_files: several ledger files as one commit each, landing
 * together; a git failure (a locked branch, a locked index) leaves HEAD, the
 * work tree and the index as they were, also on an unborn branch. */
#include "testutil.h"

#include "gitrepo.h"
#include "scratch.h"

#include "util/error.h"
#include "ledger/commit.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

/* Three files: a new one, a changed one, one in a new directory. */
static int commit3(char commits[3][41])
{
	cJSON *a = cJSON_Parse("{\"n\":1}"), *b = cJSON_Parse("{\"n\":2}"),
	      *c = cJSON_Parse("{\"n\":3}");
	pw_commit_file f[3] = {{.path = "ledger/a.json", .json = a, .message = "one\n\nfirst\n"},
	                       {.path = "ledger/old.json", .json = b, .message = "two\n"},
	                       {.path = "ledger/forms/t.json", .json = c, .message = "three\n"}};
	pw_commit_opts opts = {.author_name = "Maria Jansen", .author_email = "maria@a.example"};
	int rc = pw_commit_files(commits, NULL, scratch_dir, f, 3, &opts);
	cJSON_Delete(a);
	cJSON_Delete(b);
	cJSON_Delete(c);
	return rc;
}

/* Nothing of a failed batch: HEAD, files, index, no staging directory. */
static void assert_untouched(const char *head)
{
	gitrepo_assert("rev-parse -q --verify HEAD", head);
	gitrepo_assert("status --porcelain --untracked-files=all",
	               head[0] ? "" : "?? ledger/old.json\n");
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/ledger/a.json'", scratch_dir), 0);
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/ledger/forms'", scratch_dir), 0);
	assert_int_equal(tu_sh(NULL, NULL, "grep -qx '{}' '%s/ledger/old.json'", scratch_dir), 0);
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -q pkiwatch-stage", scratch_dir), 1);
}

static void test_batch_lands_together(void **state)
{
	char commits[3][41], want[512];
	(void)state;
	gitrepo_ledger(1);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && echo x > other && git add other", scratch_dir), 0);
	assert_int_equal(commit3(commits), 0);
	snprintf(want, sizeof(want),
	         "%s Maria Jansen three\n%s Maria Jansen two\n%s Maria Jansen one\n", commits[2],
	         commits[1], commits[0]);
	gitrepo_assert("log --format='%H %an %s' -3", want);
	/* each commit holds its one file */
	gitrepo_assert("show --name-only --format= HEAD~2", "ledger/a.json\n");
	gitrepo_assert("show --name-only --format= HEAD~1", "ledger/old.json\n");
	gitrepo_assert("show --name-only --format= HEAD", "ledger/forms/t.json\n");
	/* work tree and index agree with HEAD; the other staged file stays staged */
	gitrepo_assert("status --porcelain", "A  other\n");
	assert_int_equal(tu_sh(NULL, NULL, "grep -q '\"n\":.*2' '%s/ledger/old.json'", scratch_dir),
	                 0);
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -q pkiwatch-stage", scratch_dir), 1);
}

/* While another git process holds .git/`lock`, the batch fails (with an
 * error containing `msg` unless NULL) and leaves everything as it was. */
static void assert_fails_while_locked(const char *lock, const char *msg)
{
	char commits[3][41], *head = gitrepo_git("rev-parse -q --verify HEAD");
	assert_int_equal(tu_sh(NULL, NULL, "touch '%s/.git/%s'", scratch_dir, lock), 0);
	assert_int_equal(commit3(commits), PW_ERROR);
	if (msg && !strstr(pw_error_last(), msg))
		fail_msg("%s", pw_error_last());
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s/.git/%s'", scratch_dir, lock), 0);
	assert_untouched(head);
	free(head);
}

static void test_locked_branch(void **state)
{
	(void)state;
	gitrepo_ledger(1);
	assert_fails_while_locked("refs/heads/main.lock", "ledger commit: ");
}

/* The index is locked (another git command runs): found only after HEAD
 * moved and the files were in place; both are undone. */
static void test_locked_index(void **state)
{
	char commits[3][41];
	(void)state;
	gitrepo_ledger(1);
	assert_fails_while_locked("index.lock", "ledger commit: index");
	/* and then it works */
	assert_int_equal(commit3(commits), 0);
}

static void test_unborn_branch(void **state)
{
	char commits[3][41];
	(void)state;
	gitrepo_ledger(0);
	assert_fails_while_locked("index.lock", NULL);
	gitrepo_assert("rev-parse -q --verify HEAD", ""); /* still unborn */
	assert_int_equal(commit3(commits), 0);
	gitrepo_assert("rev-list --count main", "3\n");
}

/* A detached HEAD moves, and stays detached; the branch does not. */
static void test_detached_head(void **state)
{
	char commits[3][41], *out, *branch;
	(void)state;
	gitrepo_ledger(1);
	assert_int_equal(tu_sh(NULL, NULL, "cd '%s' && git checkout -q --detach", scratch_dir), 0);
	branch = gitrepo_git("rev-parse main");
	assert_int_equal(commit3(commits), 0);
	out = gitrepo_git("rev-parse HEAD");
	assert_int_equal(strncmp(out, commits[2], 40), 0);
	free(out);
	gitrepo_assert("rev-parse main", branch);
	gitrepo_assert("symbolic-ref -q HEAD || echo detached", "detached\n");
	free(branch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_batch_lands_together, scratch_teardown),
	    cmocka_unit_test_teardown(test_locked_branch, scratch_teardown),
	    cmocka_unit_test_teardown(test_locked_index, scratch_teardown),
	    cmocka_unit_test_teardown(test_unborn_branch, scratch_teardown),
	    cmocka_unit_test_teardown(test_detached_head, scratch_teardown),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests_name("ledger_batch", tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
