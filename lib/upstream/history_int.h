/* upstream/history.c's test hooks: not part of the library's interface;
 * only history.c and its tests include this. */
#ifndef PW_HISTORY_INT_H
#define PW_HISTORY_INT_H

#include <stddef.h>

/* Nonzero: every diff made of the blobs' tokens (lineclass.h) is made again
 * of the blobs as they are and the two lines compared; the counts say how
 * many diffs were compared and how many of them differed. */
extern int pw_history_check_diffs;
extern size_t pw_history_diffs_checked, pw_history_diff_mismatches;

#endif
