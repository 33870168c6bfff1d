/* A git repository in the test's scratch directory (scratch.h), as the
 * ledger unit tests use it, and git's answers in it. Removed with the
 * scratch directory (scratch_teardown). */
#ifndef PW_TEST_GITREPO_H
#define PW_TEST_GITREPO_H

/* scratch_new(), then a repository there on branch main with ledger/old.json
 * ("{}") and git's user T <t@example.org>; everything committed as "init"
 * when `commit`, else the branch is unborn and old.json untracked. */
void gitrepo_ledger(int commit);

/* What `git <args>` prints in scratch_dir, stderr included (caller frees). */
char *gitrepo_git(const char *args);

/* `git <args>` prints `want` (stderr included). */
void gitrepo_assert(const char *args, const char *want);

#endif
