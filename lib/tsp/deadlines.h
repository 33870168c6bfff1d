/* Deadline follow-up: the upcoming effective dates of the signed-off changes
 * that apply to at least one TSP (applicability.h), soonest first; the
 * replies TSPs owe: the changes of issued forms (issued.h) still without the
 * TSP's response, by reply-by date; and the dates of the TSPs' open
 * obligations (obligation.h): milestones not done and due dates. */
#ifndef PW_DEADLINES_H
#define PW_DEADLINES_H

#include <stddef.h>

#include "classify/changeset.h"
#include "tsp/issued.h"
#include "ledger/ledger.h"
#include "core/tsp.h"
#include "tsp/obligation.h"

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
 * states the same date twice is listed once. A derived deadline of a root
 * program (rules/deadlines.json) lists only the TSPs in that program. */
int pw_deadlines_collect(pw_deadlines *out, const pw_changeset *set, const pw_ledger *ledger,
                         const pw_tsps *tsps, const char *today, long within);
void pw_deadlines_clear(pw_deadlines *d);

/* One change of an issued form that the TSP has not answered yet. */
typedef struct {
	const pw_issued_form *form;    /* borrowed: form id, TSP, generated, reply_by */
	const pw_changeset_item *item; /* borrowed */
	const pw_ledger_entry *entry;  /* borrowed */
	long days;                     /* today to the reply-by date; < 0: overdue */
} pw_deadlines_reply;

typedef struct {
	pw_deadlines_reply *items; /* by reply-by date, form id, then the form's order */
	size_t count;
} pw_deadlines_replies;

/* The unanswered changes of the forms in `issued` sent to one of `tsps`: the
 * change is still signed off as applicable, in the set, applies to the TSP
 * and the TSP has no response to it in the ledger. Overdue ones (reply-by
 * date before `today`) always; the others when `within` < 0 or the reply-by
 * date is at most `within` days ahead. */
int pw_deadlines_collect_replies(pw_deadlines_replies *out, const pw_changeset *set,
                                 const pw_ledger *ledger, const pw_tsps *tsps,
                                 const pw_issued *issued, const char *today, long within);
void pw_deadlines_clear_replies(pw_deadlines_replies *r);

/* One date of an open or overdue obligation: a milestone not done yet, or
 * its due date when no milestone falls on that day (an ETSI scope
 * extension's audit milestone is its due date: one date, not two). */
typedef struct {
	char date[11];
	long days;               /* today to the date; < 0: overdue */
	const pw_obligation *ob; /* borrowed */
	size_t milestone;        /* 1-based, in the listed order; 0: the due date */
	const char *what;        /* the milestone's text, or the obligation's (borrowed) */
} pw_deadlines_oblig;

typedef struct {
	pw_deadlines_oblig *items; /* by date, obligation id, milestone */
	size_t count;
} pw_deadlines_obligs;

/* The dates of the obligations of `tsps` in `obs` that are neither met nor
 * waived: the overdue ones (before `today`) always; the others when `within`
 * < 0 or the date is at most `within` days ahead. */
int pw_deadlines_collect_obligations(pw_deadlines_obligs *out, const pw_obligations *obs,
                                     const pw_tsps *tsps, const char *today, long within);
void pw_deadlines_clear_obligations(pw_deadlines_obligs *d);

#endif
