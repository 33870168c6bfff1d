/* A test's own temporary directory, for the unit tests of library functions
 * that work on files (ledger, stage, response): made in the test, removed by
 * the cmocka teardown scratch_teardown. */
#ifndef PW_TEST_SCRATCH_H
#define PW_TEST_SCRATCH_H

/* The current test's directory; NULL when there is none. */
extern char *scratch_dir;

/* Makes scratch_dir, a fresh temporary directory, and returns it. */
const char *scratch_new(void);

/* <scratch_dir>/<rel> (caller frees). */
char *scratch_path(const char *rel);

/* Writes <scratch_dir>/<rel> with `text`, making the directories it needs. */
void scratch_put(const char *rel, const char *text);

/* cmocka teardown: removes scratch_dir with everything in it. */
int scratch_teardown(void **state);

#endif
