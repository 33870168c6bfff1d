/* The use case of `pkiwatch deadlines`: the dates the officer follows, on
 * what the workspace loads (tsp/deadlines.h), in one list: the overdue
 * replies (one per TSP and change: the first form that asked), the overdue
 * obligation dates, then from today on the effective dates of the applicable
 * changes and the obligation dates, in date order (an obligation date before
 * an effective date of the same day). Optionally also an iCalendar file
 * (tsp/ics.h) of them, written atomically. */
#ifndef PW_LIST_DEADLINES_H
#define PW_LIST_DEADLINES_H

#include <stddef.h>

#include "app/workspace.h"
#include "tsp/deadlines.h"
#include "util/buf.h"

typedef struct {
	/* only dates at most this many days ahead; < 0: no limit (overdue ones
	 * are listed always) */
	long within;
	/* only what concerns this TSP; NULL: every TSP the workspace loads */
	const char *tsp;
	/* also write the iCalendar file here (NULL: none); with `tsp`, its UIDs
	 * name the TSP */
	const char *ics;
} pw_list_deadlines_opts;

#define PW_LIST_DEADLINES_OPTS_INIT                                                                \
	{                                                                                          \
		.within = -1                                                                       \
	}

enum {
	PW_LIST_DEADLINES_REPLY = 1,  /* a reply overdue */
	PW_LIST_DEADLINES_OBLIGATION, /* a milestone or due date of an open obligation */
	PW_LIST_DEADLINES_EFFECTIVE   /* an effective date of an applicable change */
};

/* One line of the list; the pointers are into the result's lists. */
typedef struct {
	int kind; /* PW_LIST_DEADLINES_* */
	const pw_deadlines_reply *reply;
	const pw_deadlines_oblig *obligation;
	const pw_deadline *effective;
	/* REPLY: the change's distinct effective dates, in order (owned array,
	 * borrowed strings) */
	const char **dates;
	size_t ndates;
} pw_list_deadlines_entry;

typedef struct {
	const char *today; /* borrowed from the workspace */
	/* what the list is made of; deadlines.missing: the applicable ledger
	 * entries whose change is not in the mirrors (left out, to warn about),
	 * filled also when a later step fails */
	pw_deadlines deadlines;
	pw_deadlines_replies replies;
	pw_deadlines_obligs obligations;
	pw_list_deadlines_entry *entries; /* the list, in the order above */
	size_t count;
	/* events written to opts.ics: one per effective date, per form awaiting
	 * replies and per obligation date */
	size_t nevents;
} pw_list_deadlines_result;

/* Clear `out` either way. */
int pw_list_deadlines_run(pw_list_deadlines_result *out, pw_workspace *ws,
                          const pw_list_deadlines_opts *opts);
void pw_list_deadlines_result_clear(pw_list_deadlines_result *r);

/* The list as text for a terminal, appended to `out`: per entry a line
 * "DATE  WHEN  BALLOT  ID  what" and an indented line below it (an overdue
 * reply: the form and the change's effective dates; an obligation date: the
 * obligation; an effective date: the date's sentence, else the change's
 * subject); upstream and officer text with control characters as spaces.
 * An empty list says so, naming today. */
int pw_list_deadlines_text(pw_buf *out, const pw_list_deadlines_result *r);

/* The list as a JSON array (one object per entry, "kind" reply-overdue,
 * obligation-milestone, obligation-due or effective), appended to `out`
 * with a final line break. */
int pw_list_deadlines_json(pw_buf *out, const pw_list_deadlines_result *r);

#endif
