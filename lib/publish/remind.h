/* Reminders, posted by the scheduled sync after publishing (never by
 * `publish` itself). By default (the configuration's "reminders": "digest")
 * everything due goes into one digest comment on the dashboard issue, once
 * per remind_after_days (a period index from Monday 2000-01-03 in its marker
 * <!-- pkiwatch:digest every N days, period P -->), naming the officers once:
 * waiting issues with their title, wait start and days; effective dates with
 * the number of TSPs without an answer (no TSP names on the dashboard). No
 * comment lands on a change issue, closed or open. With "issues", each item
 * is a comment on its change issue, as described next, except on an issue
 * that is closed (signed off, or closed by hand): no comment lands there, its
 * items go into the digest on the dashboard instead (the same comment as in
 * digest mode, listing only those items):
 *
 *  - sign-off: an issue whose group is not fully signed off and that has
 *    waited at least remind_after_days (since its waiting_since: when it was
 *    opened, or the oldest upstream date of the changes without sign-off
 *    when that is later, e.g. an issue reopened for a new change) gets a comment
 *    naming the officers (a GitHub @handle only where the configuration gives
 *    one, else the plain name), how long it has waited and the sign-off
 *    command. Its hidden marker carries the start of the wait and the interval
 *    index floor(days waiting / remind_after_days): one comment per interval.
 *  - missing responses: a signed-off change (decision applicable) with an
 *    effective date from today to warn_before_days ahead, while TSPs it
 *    applies to (applicability.h) have no response in its ledger entry
 *    (response.h), gets a comment on its group's issue naming those TSPs and
 *    the days left. One comment per issue and date per interval: the marker
 *    carries the date and floor((warn_before_days - days left) /
 *    remind_after_days), so the first comment comes when the date enters the
 *    window and the next remind_after_days later.
 * The markers make re-runs the same day (or in the same interval) post
 * nothing. In a dry run the client writes the comments to the outbox.
 *
 * API calls: none for an issue with nothing due; per due reminder one
 * comment list (ceil(comments/100) pages) plus one POST when its marker is
 * not there yet. A re-run in the same interval costs the lists only. */
#ifndef PW_REMIND_H
#define PW_REMIND_H

#include <stddef.h>

#include "classify/changeset.h"
#include "core/config.h"
#include "github/github.h"
#include "ledger/ledger.h"
#include "publish/publish.h"
#include "core/tsp.h"
#include "util/buf.h"
#include "util/strlist.h"

typedef struct {
	const pw_config *cfg;              /* officers, remind_after_days, warn_before_days */
	const pw_publish_stats *published; /* the groups' issues (pw_publish's results) */
	const pw_ledger *ledger;
	/* the TSP profiles; NULL: loaded from <cfg->root>/tsps/ when a signed-off
	 * change has a date in the window (a run with none never reads them) */
	const pw_tsps *tsps;
	const char *today; /* YYYY-MM-DD */
} pw_remind_opts;

#define PW_REMIND_OPTS_INIT                                                                        \
	{                                                                                          \
		.cfg = NULL                                                                        \
	}

enum { PW_REMIND_SIGNOFF = 1, PW_REMIND_RESPONSES };

/* One comment posted. */
typedef struct {
	int kind;                       /* PW_REMIND_* */
	const pw_publish_result *issue; /* borrowed from opts->published */
	long days;                      /* sign-off: days waiting; responses: days left */
	char date[11];                  /* responses: the effective date */
	pw_strlist tsps;                /* responses: names of the TSPs missing */
	/* responses: what the date is when a rule derived it ("Apple: follow
	 * CCADB-2.1 (within 14 days of publication)", plain text), or NULL */
	char *what;
	int digest; /* an item of the digest (digest mode, or its issue is closed) */
} pw_reminder;

typedef struct {
	/* on issues: the comments posted; digest: the items of the digest */
	pw_reminder *items;
	size_t count;
	/* digest mode (the configuration's "reminders": "digest"), and whether
	 * this run posted the digest comment (0: nothing due, posted already
	 * this period, or no dashboard yet) */
	int digest, digest_posted;
	size_t ndigest;  /* items of the digest (all of them in digest mode) */
	long dashboard;  /* the dashboard issue the digest goes to (0: none yet) */
	size_t due;      /* reminders due (posted or found posted already) */
	size_t requests; /* API requests sent */
} pw_remind_stats;

/* Posts what is due. `st` lists what was posted (also on failure, as far
 * as it got); release it with pw_remind_stats_clear. */
int pw_remind_run(pw_github *gh, const pw_remind_opts *o, pw_remind_stats *st);
void pw_remind_stats_clear(pw_remind_stats *st);

/* Appends the officers as the reminders name them, "Maria Jansen (@mjansen),
 * Jan de Vries": a mention only where the configuration gives a GitHub login
 * (the people the issues are assigned to). */
int pw_remind_officers(pw_buf *b, const pw_config *cfg);

#endif
