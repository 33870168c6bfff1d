/* The baseline of the compliance repository: the day before which upstream
 * changes are the accepted status quo. pkiwatch.json's "baseline" declares
 * it; the officer records it, once, as ledger/baselines/<YYYY-MM-DD>.json
 * (one commit, signed like every ledger commit) with the ids of the changes
 * it covers. Recording another day later is the officer's explicit change of
 * the baseline: a new file, the ledger stays append-only; the one recorded
 * last (by its time) is in force. */
#ifndef PW_BASELINE_H
#define PW_BASELINE_H

#include <stddef.h>

#include "util/strlist.h"

typedef struct {
	char date[11]; /* YYYY-MM-DD */
	char *time;    /* ISO 8601 UTC, when it was recorded */
	char *officer_name, *officer_email;
	pw_strlist changes; /* the change ids it covers */
	char *file;         /* "ledger/baselines/<date>.json" */
	char replaces[11];  /* the baseline it replaced, "" when none */
} pw_baseline;

/* The baseline recorded last in <root>/ledger/baselines/ (*found 0: none):
 * the one no other replaces, else the latest by time.
 * A malformed file is PW_EINPUT naming it. */
int pw_baseline_current(pw_baseline *out, int *found, const char *root);

/* Records the baseline `date` covering `changes` (replacing the baseline
 * `replaces`, NULL: none) as ledger/baselines/<date>.json
 * in one commit by `name` <`email`>, recorded at `at` (ISO 8601 UTC;
 * NULL: now, pw_day_now_iso); `commit` gets its id. A file for that day
 * already committed is PW_EINPUT. */
int pw_baseline_record(char commit[41], const char *root, const char *date,
                       const pw_strlist *changes, const char *replaces, const char *name,
                       const char *email, const char *at);

void pw_baseline_clear(pw_baseline *b);

#endif
