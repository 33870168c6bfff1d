/* Obligation issues: one issue per obligation (tsp/obligation.h) in the
 * compliance repository, found again through its hidden marker like a change
 * issue (publish.h), never through a local state file. The body carries,
 * each on its own line:
 *   <!-- pkiwatch:obligation <id> -->
 *   <!-- pkiwatch:opened YYYY-MM-DD -->  the day pkiwatch opened the issue
 *                                        (kept when the body is rewritten;
 *                                        check-ins count from it, checkin.h)
 *   <!-- pkiwatch:digest <hex> -->       of the rest of the body
 *   <!-- pkiwatch:ostate <summary> -->   due date, milestone dates, criteria
 *                                        and changes, for the update comment
 * The compliance repository is the authority's own (TSPs do not read it), so
 * the issue names its TSP. The body: what, by when, status, the next
 * milestone, the rule and why it applies, the changes with a link to their
 * issues, the milestones as a task list, the quoted requirement, the evidence
 * recorded (name, size and git blob id: never the file), the acceptance or
 * waiver, and the commands that record progress. Untrusted text (upstream
 * quotes, profile names, the officer's notes) is neutralised (util/mdsafe);
 * every part is bounded so that the body stays well under GitHub's 65,536
 * characters. Nothing in the body changes from one day to the next by itself:
 * it is rewritten only when the obligation changes.
 *
 * Labels: pkiwatch (so the publisher's one listing finds it), obligation, the
 * TSP's id, overdue while it is, and the configuration's labels.
 *
 * Per run: an obligation without an issue gets one (one that is met or
 * waived already is opened and closed at once, for the record); an issue
 * whose digest differs is rewritten, after a comment saying what changed
 * when its due date, milestone dates, criteria or changes did (marked with
 * the new digest: a run that dies in between does not comment twice); the
 * open issue of a met or waived obligation gets one comment with the
 * acceptance and its evidence, or with the waiver's reason, and is closed
 * (completed, or not planned); a closed issue of an obligation that is open
 * (again) is reopened. An issue whose obligation is no longer derived is
 * left as it is.
 *
 * API calls: none for an obligation whose issue is up to date; a create (and
 * a close) per new one; a comment list, a comment and an update per changed
 * one. Labels are created by the caller (publish.c, with the change issues'). */
#ifndef PW_OBLIGISSUE_H
#define PW_OBLIGISSUE_H

#include <stddef.h>

#include "core/config.h"
#include "core/tsp.h"
#include "github/github.h"
#include "tsp/obligation.h"
#include "util/strlist.h"

struct pw_existing_issues; /* publish.h */
struct pw_publish_stats;   /* publish.h */

typedef struct {
	const pw_config *cfg;              /* extra labels */
	const pw_obligations *obligations; /* the obligations derived today */
	const pw_tsps *tsps;               /* the TSPs' names; NULL: ids only */
	const char *today;                 /* YYYY-MM-DD */
	long soon_days;                    /* the dashboard's "due soon": 0 = 90 */
	const char *bodies; /* a dry run's outbox bodies/: each body written there; NULL: none */
} pw_obligissue_opts;

#define PW_OBLIGISSUE_OPTS_INIT                                                                    \
	{                                                                                          \
		.cfg = NULL                                                                        \
	}

typedef struct {
	const pw_obligation *ob; /* borrowed from the options' obligations */
	long number;             /* its issue (a made-up number in a dry run) */
	int action;              /* PW_PUBLISH_UNCHANGED, _CREATED, _UPDATED (publish.h) */
	int open;                /* the issue is open after this run */
	int closed, reopened;    /* by this run */
	char *error;             /* why it failed (see pw_obligissue_stats.failed), or NULL */
	char opened[11];         /* the day its issue was opened (its marker) */
} pw_obligissue_result;

typedef struct {
	pw_obligissue_result *items; /* one per obligation, in the obligations' order */
	size_t count;
	size_t created, updated, unchanged, closed, reopened;
	/* of `closed`: open issues of obligations no longer derived (their
	 * change's sign-off reverted, the TSP's profile changed), closed as not
	 * planned with a comment saying why */
	size_t withdrawn;
	/* refused by GitHub (404, 410, 422, 5xx after the retries) or refused
	 * before sending: reported, and the others go on (as for change issues) */
	size_t failed;
	size_t requests; /* API requests sent */
} pw_obligissue_stats;

/* The labels of `o`'s issue, each once (*out emptied first). */
int pw_obligissue_labels(pw_strlist *out, const pw_obligation *o, const pw_config *cfg);

/* The title: "Obligation: <TSP name>: <what>" (neutralised, bounded). */
char *pw_obligissue_title(const pw_obligation *o, const pw_tsps *tsps);

/* The body (caller frees) for an issue opened on `opened`; `changes` (may be
 * NULL) gives the change issues' numbers for the links. */
int pw_obligissue_body(char **out, const pw_obligation *o, const pw_tsps *tsps,
                       const struct pw_publish_stats *changes, const char *opened);

/* The day the body's opened marker gives, into out ("" when none). */
void pw_obligissue_opened(char out[11], const char *body);

/* Brings every obligation's issue in line (see above). `ex`: the pkiwatch
 * issues listed by this run; `changes`: the change issues it published (the
 * links; may be NULL); `max_requests`: stop before request N+1 (0: no
 * limit). `st` is filled as far as the run got; clear it either way. */
int pw_obligissue_publish(pw_obligissue_stats *st, pw_github *gh,
                          const struct pw_existing_issues *ex,
                          const struct pw_publish_stats *changes, const pw_obligissue_opts *o,
                          size_t max_requests);
void pw_obligissue_stats_clear(pw_obligissue_stats *st);

#endif
