/* The report of a sync for the GitHub Action: the step outputs
 * ($GITHUB_OUTPUT lines) and the Markdown job summary ($GITHUB_STEP_SUMMARY),
 * built from what the publish run did (pw_publish_stats' per-group results,
 * which borrow the groups and their change records), the reminders and the
 * obligations' issues, check-ins and escalations.
 *
 * Effective dates: a change states any number of them (pw_classification's
 * `dates`, each YYYY-MM-DD: when a requirement starts to apply or a deadline
 * falls); an issue (group) has the dates of all its changes. Every stated
 * date counts, not only a change's first or earliest one: a change whose
 * first date has passed may still have a later one ahead. Drafts (proposed
 * changes) count too, as on the dashboard; the summary marks them. "Upcoming"
 * means on or after `today`. */
#ifndef PW_SYNCREPORT_H
#define PW_SYNCREPORT_H

#include <stddef.h>

#include "util/buf.h"
#include "publish/checkin.h"
#include "publish/publish.h"
#include "publish/remind.h"

#define PW_SYNCREPORT_DATES_MAX 10

typedef struct {
	const pw_issue_group *group;
	const pw_publish_result *issue;
	char date[11];
	long days; /* from today */
	/* the first statement of the date among the group's changes and the
	 * change's ballot or id (borrowed): a derived deadline says what it is */
	const pw_effective_date *d;
	const char *change;
} pw_syncreport_date;

typedef struct {
	const char *repository; /* owner/name: links when the API gave no html_url */
	const char *today;      /* YYYY-MM-DD */
	int dry_run;
	const pw_publish_stats *published;
	const pw_remind_stats *reminded; /* may be NULL (no reminders run) */
	/* the check-ins and escalations on the obligations' issues; may be NULL
	 * (the obligations' issues themselves are in published->obligations) */
	const pw_checkin_stats *checked;
	/* derived by pw_syncreport_build */
	size_t created, updated, awaiting;
	const pw_publish_result **waiting; /* not signed off, longest waiting first */
	pw_syncreport_date *dates;         /* upcoming (issue, date) pairs, soonest first */
	size_t ndates;
} pw_syncreport;

/* Fills the derived fields of `r` (whose first six fields the caller set). */
int pw_syncreport_build(pw_syncreport *r);
void pw_syncreport_clear(pw_syncreport *r);

/* Appends the step outputs: "new-changes=N", "updated-changes=N",
 * "awaiting-signoff=N", "next-effective-date=YYYY-MM-DD" (empty when none),
 * one a line. In a dry run new-changes counts the issues it would create. */
int pw_syncreport_outputs(pw_buf *out, const pw_syncreport *r);

/* Appends the Markdown job summary. Upstream text is neutralised for tables
 * (pw_mdsafe_github: no live mentions, HTML or pipes). */
int pw_syncreport_markdown(pw_buf *out, const pw_syncreport *r);

/* Renders both and appends them to `outputs_path` and `summary_path` (either
 * may be NULL). Both files are opened (created when missing) before either is
 * written, never truncated: $GITHUB_OUTPUT is shared by a job's steps. When
 * one cannot be opened nothing is written (a file this call created is
 * removed again). */
int pw_syncreport_write(const pw_syncreport *r, const char *outputs_path, const char *summary_path);

/* Before any work: PW_EINPUT naming the file when `outputs_path` or
 * `summary_path` (either may be NULL) could not be appended to later: not a
 * regular file (a directory), not writable, or missing in a directory that
 * is missing or not writable. */
int pw_syncreport_check(const char *outputs_path, const char *summary_path);

#endif
