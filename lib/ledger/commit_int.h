/* ledger/commit.c's test hook: not part of the library's interface; only
 * commit.c and the tests include this. */
#ifndef PW_COMMIT_INT_H
#define PW_COMMIT_INT_H

/* Called by pw_commit_files once HEAD has moved, before the files are put in
 * place, with pw_commit_after_move_arg (NULL: none), so that a test can make
 * the later steps fail. */
extern void (*pw_commit_after_move_hook)(void *arg);
extern void *pw_commit_after_move_arg;

#endif
