/* ledger/commit.c's test hook: not part of the library's interface; only
 * commit.c and the tests include this. */
#ifndef PW_COMMIT_INT_H
#define PW_COMMIT_INT_H

/* The steps of pw_commit_files, in order: every file staged and every commit
 * made; the files in place; the index written; HEAD moved (the batch is
 * recorded). */
enum {
	PW_COMMIT_STEP_PREPARED,
	PW_COMMIT_STEP_APPLIED,
	PW_COMMIT_STEP_INDEXED,
	PW_COMMIT_STEP_MOVED
};

/* Called by pw_commit_files after each step with pw_commit_step_arg (NULL:
 * none), so that a test can make the next steps fail, or kill the process
 * there. */
extern void (*pw_commit_step_hook)(int step, void *arg);
extern void *pw_commit_step_arg;

#endif
