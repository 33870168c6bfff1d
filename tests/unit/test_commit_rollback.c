/* pw_commit_files when something goes wrong around the move of
 * HEAD: a base that is no longer HEAD (a commit landed meanwhile), a locked
 * branch, and a failure after HEAD moved when HEAD cannot be moved back
 * (HEAD and the work tree must still agree, and the error says what to run). */
#include "testutil.h"

#include "gitrepo.h"
#include "scratch.h"

#include "util/error.h"
#include "ledger/commit.h"
#include "ledger/commit_int.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

/* Two files, a new one and a changed one, on `base`. */
static int commit2(const char *base, char commits[2][41], int *kept)
{
	cJSON *a = cJSON_Parse("{\"n\":1}"), *b = cJSON_Parse("{\"n\":2}");
	pw_commit_file f[2] = {{.path = "ledger/a.json", .json = a, .message = "one\n"},
	                       {.path = "ledger/old.json", .json = b, .message = "two\n"}};
	pw_commit_opts opts = {
	    .author_name = "Maria Jansen", .author_email = "maria@a.example", .base = base};
	int rc = pw_commit_files(commits, kept, scratch_dir, f, 2, &opts);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return rc;
}

/* A commit landing after the base was read: the batch fails, saying so, and
 * that commit stays HEAD. */
static void test_base_moved_meanwhile(void **state)
{
	char base[41], commits[2][41], *before;
	int kept = -1;
	(void)state;
	gitrepo_ledger(1);
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	assert_int_equal(strlen(base), 40);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git commit -q --allow-empty -m other", scratch_dir), 0);
	before = gitrepo_git("rev-parse HEAD");
	assert_int_equal(commit2(base, commits, &kept), PW_ERROR);
	assert_int_equal(kept, 0);
	tu_assert_has(pw_error_last(), "ledger commit: refs/heads/main changed meanwhile");
	tu_assert_has(pw_error_last(), "nothing recorded; try again");
	gitrepo_assert("rev-parse HEAD", before);
	gitrepo_assert("status --porcelain --untracked-files=all", "");
	free(before);
	/* on the current base it lands */
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	assert_int_equal(commit2(base, commits, &kept), 0);
	gitrepo_assert("log --format=%s -3", "two\none\nother\n");
	gitrepo_assert("status --porcelain --untracked-files=all", "");
}

/* An unborn branch as the base, and a commit made meanwhile: refused too. */
static void test_unborn_base_moved_meanwhile(void **state)
{
	char base[41], commits[2][41];
	(void)state;
	gitrepo_ledger(0);
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	assert_string_equal(base, "");
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git commit -q --allow-empty -m other", scratch_dir), 0);
	assert_int_equal(commit2(base, commits, NULL), PW_ERROR);
	tu_assert_has(pw_error_last(), "changed meanwhile");
	gitrepo_assert("log --format=%s", "other\n");
}

/* A locked branch: said in words, not libgit2's "failed to lock file". */
static void test_locked_branch_message(void **state)
{
	char base[41], commits[2][41];
	(void)state;
	gitrepo_ledger(1);
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	assert_int_equal(tu_sh(NULL, NULL, "touch '%s/.git/refs/heads/main.lock'", scratch_dir), 0);
	assert_int_equal(commit2(base, commits, NULL), PW_ERROR);
	tu_assert_has(pw_error_last(),
	              "ledger commit: refs/heads/main is locked by another git "
	              "process (refs/heads/main.lock); nothing recorded; try again");
}

/* A locked index, found after HEAD moved: said in words; HEAD goes back. */
static void test_locked_index_message(void **state)
{
	char base[41], commits[2][41], *before;
	(void)state;
	gitrepo_ledger(1);
	before = gitrepo_git("rev-parse HEAD");
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	assert_int_equal(tu_sh(NULL, NULL, "touch '%s/.git/index.lock'", scratch_dir), 0);
	assert_int_equal(commit2(base, commits, NULL), PW_ERROR);
	assert_string_equal(pw_error_last(), "ledger commit: index: locked by another git process "
	                                     "(index.lock); nothing recorded; try again");
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s/.git/index.lock'", scratch_dir), 0);
	gitrepo_assert("rev-parse HEAD", before);
	free(before);
}

/* After HEAD moved: another git process takes the index and the branch. */
static void lock_both(void *arg)
{
	(void)arg;
	assert_int_equal(tu_sh(NULL, NULL,
	                       "touch '%s/.git/index.lock' '%s/.git/refs/heads/main.lock'",
	                       scratch_dir, scratch_dir),
	                 0);
}

static void lock_index(void *arg)
{
	(void)arg;
	assert_int_equal(tu_sh(NULL, NULL, "touch '%s/.git/index.lock'", scratch_dir), 0);
}

/* The index cannot be written and HEAD cannot be moved back: the commits
 * stay, the files too (HEAD and the work tree agree), and the error says to
 * run git add; doing so leaves nothing to commit. */
static void test_head_stuck(void **state)
{
	char base[41], commits[2][41], *err;
	int kept = -1;
	(void)state;
	gitrepo_ledger(1);
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	pw_commit_after_move_hook = lock_both;
	assert_int_equal(commit2(base, commits, &kept), PW_ERROR);
	pw_commit_after_move_hook = NULL;
	assert_int_equal(kept, 1);
	err = strdup(pw_error_last());
	tu_assert_has(err, "ledger commit: index: ");
	tu_assert_has(err, "ledger commit: index: locked by another git process (index.lock); "
	                   "recorded in ");
	if (strstr(err, "nothing recorded"))
		fail_msg("says nothing was recorded: %s", err);
	tu_assert_has(err,
	              "refs/heads/main could not be moved back: locked by another git process");
	tu_assert_has(err, "the index was not updated: run `git add -- 'ledger/a.json' "
	                   "'ledger/old.json'`");
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s/.git/index.lock' '%s/.git/refs/heads/main.lock'",
	                       scratch_dir, scratch_dir),
	                 0);
	{
		char *tip = gitrepo_git("rev-parse HEAD"), want[64];
		snprintf(want, sizeof(want), "%s\n", commits[1]);
		assert_string_equal(tip, want);
		/* the error names the commit */
		want[12] = '\0';
		tu_assert_has(err, want);
		free(tip);
	}
	/* the work tree holds what HEAD holds */
	gitrepo_assert("diff HEAD --stat -- ledger/old.json", "");
	gitrepo_assert("cat-file -p HEAD:ledger/a.json", "{\n\t\"n\":\t1\n}\n");
	gitrepo_assert("add -- ledger/a.json ledger/old.json && git status --porcelain", "");
	free(err);
}

/* Only the index fails: HEAD goes back, then the files: as before. */
static void test_index_fails_head_back(void **state)
{
	char base[41], commits[2][41], *before;
	int kept = -1;
	(void)state;
	gitrepo_ledger(1);
	before = gitrepo_git("rev-parse HEAD");
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	pw_commit_after_move_hook = lock_index;
	assert_int_equal(commit2(base, commits, &kept), PW_ERROR);
	pw_commit_after_move_hook = NULL;
	assert_int_equal(kept, 0);
	tu_assert_has(pw_error_last(), "ledger commit: index: ");
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s/.git/index.lock'", scratch_dir), 0);
	gitrepo_assert("rev-parse HEAD", before);
	gitrepo_assert("status --porcelain --untracked-files=all", "");
	free(before);
}

#define TEST(f) cmocka_unit_test_teardown(f, scratch_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_base_moved_meanwhile),
	    TEST(test_unborn_base_moved_meanwhile),
	    TEST(test_locked_branch_message),
	    TEST(test_locked_index_message),
	    TEST(test_head_stuck),
	    TEST(test_index_fails_head_back),
	};
	git_libgit2_init();
	{
		int rc = cmocka_run_group_tests(tests, NULL, NULL);
		git_libgit2_shutdown();
		return rc;
	}
}
