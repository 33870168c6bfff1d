/* pw_commit_files when something goes wrong around the move of
 * HEAD: a base that is no longer HEAD (a commit landed meanwhile), a locked
 * branch, a failure before HEAD moved when the index cannot be put back (the
 * index and the work tree must still agree, and the error says what to run),
 * and a kill after every step. */
#include "testutil.h"

#include "gitrepo.h"
#include "scratch.h"

#include "util/error.h"
#include "ledger/commit.h"
#include "ledger/commit_int.h"

#include <git2.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
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

/* Once the index is written, another git process takes the branch (and the
 * index too, in `arg`'s case). */
static void lock_at_indexed(int step, void *arg)
{
	if (step != PW_COMMIT_STEP_INDEXED)
		return;
	assert_int_equal(tu_sh(NULL, NULL, "touch '%s/.git/refs/heads/main.lock'", scratch_dir), 0);
	if (arg)
		assert_int_equal(tu_sh(NULL, NULL, "touch '%s/.git/index.lock'", scratch_dir), 0);
}

/* HEAD cannot move (the branch is locked) after the files and the index were
 * written: the index entries go back, then the files: as before. */
static void test_branch_fails_index_back(void **state)
{
	char base[41], commits[2][41], *before;
	int kept = -1;
	(void)state;
	gitrepo_ledger(1);
	before = gitrepo_git("rev-parse HEAD");
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	pw_commit_step_hook = lock_at_indexed;
	pw_commit_step_arg = NULL;
	assert_int_equal(commit2(base, commits, &kept), PW_ERROR);
	pw_commit_step_hook = NULL;
	assert_int_equal(kept, 0);
	tu_assert_has(pw_error_last(), "refs/heads/main is locked by another git process");
	tu_assert_has(pw_error_last(), "nothing recorded; try again");
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s/.git/refs/heads/main.lock'", scratch_dir), 0);
	gitrepo_assert("rev-parse HEAD", before);
	gitrepo_assert("status --porcelain --untracked-files=all", "");
	free(before);
}

/* HEAD cannot move and the index cannot be put back: nothing recorded, the
 * index and the files agree, and the message says what to run; running it
 * leaves a clean work tree. */
static void test_index_stuck(void **state)
{
	char base[41], commits[2][41], *before, *err;
	(void)state;
	gitrepo_ledger(1);
	before = gitrepo_git("rev-parse HEAD");
	assert_int_equal(pw_commit_base(base, scratch_dir), 0);
	pw_commit_step_hook = lock_at_indexed;
	pw_commit_step_arg = (void *)1;
	assert_int_equal(commit2(base, commits, NULL), PW_ERROR);
	pw_commit_step_hook = NULL;
	pw_commit_step_arg = NULL;
	err = strdup(pw_error_last());
	tu_assert_has(err, "nothing recorded, but the index could not be put back");
	tu_assert_has(err, "run `git reset -q -- 'ledger/a.json' 'ledger/old.json'`");
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s/.git/index.lock' '%s/.git/refs/heads/main.lock'",
	                       scratch_dir, scratch_dir),
	                 0);
	gitrepo_assert("rev-parse HEAD", before);
	gitrepo_assert("diff --stat", ""); /* the work tree is what the index holds */
	gitrepo_assert("reset -q -- 'ledger/a.json' 'ledger/old.json' && "
	               "git status --porcelain --untracked-files=all",
	               " M ledger/old.json\n?? ledger/a.json\n");
	free(err);
	free(before);
}

/* Killed (as by SIGKILL: no clean-up) after each step in turn, then the
 * officer's next plain `git commit` of another file: git works (no lock left
 * behind) and never undoes a recorded batch. Killed once HEAD moved, the
 * entries are in HEAD and stay; killed once the index is written, the plain
 * commit records them; killed before, HEAD never held them. */
static int kill_at;

static void die_at(int step, void *arg)
{
	(void)arg;
	if (step == kill_at)
		_exit(9);
}

static void test_killed_at_every_step(void **state)
{
	int s;
	(void)state;
	for (s = PW_COMMIT_STEP_PREPARED; s <= PW_COMMIT_STEP_MOVED; s++) {
		char base[41], commits[2][41];
		pid_t pid;
		int st;
		gitrepo_ledger(1);
		assert_int_equal(pw_commit_base(base, scratch_dir), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			kill_at = s;
			pw_commit_step_hook = die_at;
			commit2(base, commits, NULL);
			_exit(0);
		}
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 9);
		assert_int_equal(
		    tu_sh(NULL, NULL,
		          "cd '%s' && ! test -e .git/index.lock && echo x > other.txt && "
		          "git add other.txt && git commit -q -m plain",
		          scratch_dir),
		    0);
		if (s >= PW_COMMIT_STEP_INDEXED) {
			gitrepo_assert("cat-file -p HEAD:ledger/a.json", "{\n\t\"n\":\t1\n}\n");
			gitrepo_assert("cat-file -p HEAD:ledger/old.json", "{\n\t\"n\":\t2\n}\n");
		} else {
			assert_int_equal(tu_sh(NULL, NULL,
			                       "cd '%s' && git cat-file -e HEAD:ledger/a.json",
			                       scratch_dir),
			                 128);
		}
		scratch_teardown(NULL);
	}
}

#define TEST(f) cmocka_unit_test_teardown(f, scratch_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_base_moved_meanwhile),    TEST(test_unborn_base_moved_meanwhile),
	    TEST(test_locked_branch_message),   TEST(test_locked_index_message),
	    TEST(test_branch_fails_index_back), TEST(test_index_stuck),
	    TEST(test_killed_at_every_step),
	};
	git_libgit2_init();
	{
		int rc = cmocka_run_group_tests(tests, NULL, NULL);
		git_libgit2_shutdown();
		return rc;
	}
}
