/* Deadline follow-up: the upcoming effective dates of the signed-off changes
 * that apply to at least one TSP (applicability.h), soonest first. */
#ifndef PW_DEADLINES_H
#define PW_DEADLINES_H

#include <stddef.h>

#include "changeset.h"
#include "ledger.h"
#include "tsp.h"

typedef struct {
	char date[11];                  /* YYYY-MM-DD */
	long days;                      /* days from today (0: today) */
	const pw_changeset_item *item;  /* borrowed */
	const pw_ledger_entry *entry;   /* borrowed */
	const pw_effective_date *first; /* the change's first statement of this date */
	const char **tsps;              /* ids of the TSPs it applies to (borrowed) */
	size_t ntsps;
} pw_deadline;

typedef struct {
	pw_deadline *items; /* by date, then change id */
	size_t count;
	const char **missing; /* applicable ledger entries whose change is not in the set */
	size_t nmissing;
} pw_deadlines;

/* Every effective date from `today` on (and at most `within` days ahead when
 * within >= 0) of the changes signed off as applicable that apply to one of
 * `tsps` (all of them; pass a list of one to follow one TSP). A change that
 * states the same date twice is listed once. */
int pw_deadlines_collect(pw_deadlines *out, const pw_changeset *set, const pw_ledger *ledger,
                         const pw_tsps *tsps, const char *today, long within);
void pw_deadlines_clear(pw_deadlines *d);

/* Days from `from` to `to` (both YYYY-MM-DD); PW_EINPUT for a bad date. */
int pw_date_diff(const char *from, const char *to, long *days);

/* YYYY-MM-DD `days` after `date` (UTC calendar). */
int pw_date_add_days(const char *date, long days, char out[11]);

#endif
