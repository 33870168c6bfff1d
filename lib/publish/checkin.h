/* Check-ins and escalations on the obligations' issues (obligissue.h),
 * posted by the scheduled sync after publishing (never by `publish`):
 *
 *  - check-in: while an obligation is open and not overdue, a comment naming
 *    the next milestone, its date and the days left, and the due date, at the
 *    rules' cadence (rules/obligations.json "checkins"): every far_every days
 *    (14) while the due date is more than near_within days (90) away, every
 *    near_every days (7) within. Counted from the last check-in or
 *    escalation on the issue, else from the day pkiwatch opened it.
 *  - escalation: while it is overdue (the first milestone not done, or the
 *    due date, has passed), a comment naming the officers (a GitHub @handle
 *    where the configuration gives one) and what is overdue by how many
 *    days: once as soon as a milestone turns overdue, then every
 *    escalate_every days (7) while it stays so. The issue's overdue label
 *    comes with the status (obligissue.h). No check-ins while overdue.
 *
 * Each comment carries a hidden marker with the obligation, the day and, for
 * an escalation, the milestone (0: the due date):
 *   <!-- pkiwatch:checkin <id> <YYYY-MM-DD> -->
 *   <!-- pkiwatch:escalate <id> <N> <YYYY-MM-DD> -->
 * which is all the state there is: a re-run the same day finds its comment
 * (nothing new); a run after a gap of several intervals posts one comment,
 * not a backlog; a met or waived obligation gets none (its issue is closed).
 * In a dry run the client writes the comments to the outbox.
 *
 * API calls: per open obligation with an open issue one comment list, plus
 * one POST when a comment is due. */
#ifndef PW_CHECKIN_H
#define PW_CHECKIN_H

#include <stddef.h>

#include "core/config.h"
#include "core/obligrules.h"
#include "core/tsp.h"
#include "github/github.h"
#include "publish/obligissue.h"

typedef struct {
	const pw_config *cfg;              /* officers */
	const pw_obligrules *rules;        /* the cadence */
	const pw_obligissue_stats *issues; /* the obligations' issues (this run's publish) */
	const pw_tsps *tsps;               /* names; NULL: ids */
	const char *today;                 /* YYYY-MM-DD */
} pw_checkin_opts;

#define PW_CHECKIN_OPTS_INIT                                                                       \
	{                                                                                          \
		.cfg = NULL                                                                        \
	}

enum { PW_CHECKIN_CHECKIN = 1, PW_CHECKIN_ESCALATION };

/* One comment posted. */
typedef struct {
	int kind;                          /* PW_CHECKIN_* */
	const pw_obligissue_result *issue; /* borrowed from opts->issues */
	long days;                         /* days to the next date (negative: overdue) */
	size_t milestone;                  /* 1-based; 0: the due date */
} pw_checkin;

typedef struct {
	pw_checkin *items;
	size_t count;
	size_t checkins, escalations; /* posted */
	size_t requests;              /* API requests sent */
} pw_checkin_stats;

/* Posts what is due. `st` lists what was posted (also on failure, as far as
 * it got); release it with pw_checkin_stats_clear. */
int pw_checkin_run(pw_checkin_stats *st, pw_github *gh, const pw_checkin_opts *o);
void pw_checkin_stats_clear(pw_checkin_stats *st);

#endif
