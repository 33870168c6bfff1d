/* The dashboard issue ("pkiwatch dashboard", marker <!-- pkiwatch:dashboard -->):
 * what awaits sign-off (oldest first, with age in days), effective dates in
 * the next 180 days, and what was recently signed off. */
#ifndef PW_DASHBOARD_H
#define PW_DASHBOARD_H

#include <stddef.h>

#include "core/noise.h"
#include "core/tsp.h"
#include "publish/issue.h"
#include "ledger/ledger.h"
#include "tsp/obligation.h"
#include "util/buf.h"

#define PW_DASHBOARD_TITLE  "pkiwatch dashboard"
#define PW_DASHBOARD_MARKER "<!-- pkiwatch:dashboard -->"

typedef struct {
	const pw_issue_group *group;
	long number;    /* issue number, 0 when not known (dry run) */
	int signed_off; /* every change of the group is in the ledger */
	/* when its wait for sign-off began (pw_publish_waiting_since, what the
	 * job summary and the digest count from); NULL or "": the oldest
	 * upstream date of the group */
	const char *waiting_since;
} pw_dashboard_entry;

/* The body (caller frees). `today` is YYYY-MM-DD. "Awaiting sign-off" is
 * by source: the ballots and versions (oldest wait first), then those with
 * no normative effect (`noise`, rules/noise.json; NULL: none) collapsed in
 * a <details> block with why and the bulk sign-off command per kind; "In
 * discussion" names a draft branch whose newest commit is noise (a merge of
 * main into it) by its branch; "Recently signed off" gives
 * each issue's title and, for an applicable decision, how many of the TSPs
 * it applies to have answered (counts, no TSP names). */
char *pw_dashboard_body(const pw_dashboard_entry *entries, size_t n, const pw_ledger *ledger,
                        const pw_noise *noise, const char *today);

/* One obligation for the dashboard, and its issue (0: not known). */
typedef struct {
	const pw_obligation *ob;
	long number;
} pw_dashboard_obligation;

/* Appends the "Obligations" section: the open and overdue obligations in the
 * given order (overdue first, then by their next date: pw_obligations'
 * order), each with its TSP (names from `tsps`, may be NULL), the next
 * milestone and the days to it, "due soon" when that is within `soon_days`;
 * the counts in its heading. */
int pw_dashboard_obligations(pw_buf *b, const pw_dashboard_obligation *v, size_t n,
                             const pw_tsps *tsps, const char *today, long soon_days);

#endif
