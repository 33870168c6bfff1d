/* Publishing to the compliance repository's issues: one issue per group of
 * changes (see issue.h), found again through its hidden markers, and the
 * dashboard issue. Idempotent: the existing pkiwatch issues are listed once per
 * run (state=all, every page); a group with no issue gets one, an issue whose
 * digest marker differs from the group's is rewritten and gets a comment
 * saying what changed (before the rewrite, itself marked, so a run that dies
 * in between does not comment twice), everything else is left alone.
 *
 * API calls: list issues (ceil(issues/100)), list labels (1), per new group
 * one create (plus one per label seen for the first time), per changed group
 * a comment list, a comment and an update, and one dashboard update when its
 * text changed (it carries the date: at most once a day). */
#ifndef PW_PUBLISH_H
#define PW_PUBLISH_H

#include <stddef.h>

#include "core/config.h"
#include "core/noise.h"
#include "github/github.h"
#include "publish/baselineissue.h"
#include "publish/issue.h"
#include "publish/obligissue.h"
#include "ledger/ledger.h"

typedef struct {
	const pw_config *cfg;
	const pw_issue_groups *groups;
	const pw_ledger *ledger;
	const char *today;   /* YYYY-MM-DD: for the dashboard */
	const char *bodies;  /* directory for the rendered bodies (dry run), or NULL */
	size_t max_requests; /* stop (as if killed) before request N+1; 0 = no limit */
	/* the obligations' issues (obligissue.h), after the change issues, and
	 * the dashboard's "Obligations" section; NULL: none */
	const pw_obligissue_opts *obligations;
	/* what has no normative effect (rules/noise.json), for the dashboard;
	 * NULL: loaded from the rules directory */
	const pw_noise *noise;
	/* the baseline's one summary issue (baselineissue.h); NULL: none */
	const pw_baselineissue *baseline;
} pw_publish_opts;

#define PW_PUBLISH_OPTS_INIT                                                                       \
	{                                                                                          \
		.cfg = NULL                                                                        \
	}

/* What a run did with one group's issue. */
enum { PW_PUBLISH_UNCHANGED = 0, PW_PUBLISH_CREATED, PW_PUBLISH_UPDATED };

typedef struct {
	const pw_issue_group *group; /* borrowed from the options' groups */
	long number;                 /* the issue (a made-up number in a dry run) */
	char *html_url;      /* the API's html_url when it is a plain http(s) URL, else NULL */
	char created_at[11]; /* YYYY-MM-DD the issue was opened ("today" when just created) */
	/* not signed off: when its wait for sign-off began (pw_publish_waiting_since);
	 * "" when signed off or created_at is unknown */
	char waiting_since[11];
	int action;     /* PW_PUBLISH_* */
	int signed_off; /* every change of the group is in the ledger */
	int reopened;
	int closed;  /* the issue is closed as this run left it (signed off, or closed by hand) */
	char *error; /* why its issue could not be published (one line), else NULL */
} pw_publish_result;

typedef struct pw_publish_stats {
	size_t groups; /* issues pkiwatch maintains for changes */
	size_t created, updated, unchanged, reopened;
	size_t labels_created;
	/* issues brought in line with the ledger's decisions (reflect.h), and the
	 * decision comments that took */
	size_t reflected, decisions_commented;
	long dashboard; /* its number (0 in a dry run before it exists) */
	int dashboard_created, dashboard_updated;
	/* the baseline's summary issue (0: none or a dry run before it exists) */
	long baseline_issue;
	int baseline_created, baseline_updated;
	size_t requests; /* API requests sent */
	size_t failed;   /* groups whose issue GitHub refused (see their results' error) */
	/* one per group, in the groups' order (as far as the run got) */
	pw_publish_result *results;
	size_t nresults;
	pw_obligissue_stats obligations; /* the obligations' issues */
} pw_publish_stats;

/* Publishes. `st` is filled (also on failure, as far as the run got) and
 * must be released with pw_publish_stats_clear.
 *
 * One issue that GitHub refuses (a 404, 410 or 422 for its request, a 5xx
 * after the retries) does not stop the others: its result carries the
 * message, the run goes on with the other groups and the dashboard, and then
 * fails (PW_ERROR) saying how many were not published; a re-run tries them
 * again. Anything else (token, permissions, rate limit, network) stops the run.
 *
 * Existing issues are found by marker among those labelled pkiwatch; when a
 * group (or the dashboard) has none there, every issue of the repository is
 * listed once more before anything is opened, so an issue whose label was
 * removed is found, not duplicated (ceil(all issues / 100) more requests,
 * only on runs that would open an issue). */
int pw_publish(pw_github *gh, const pw_publish_opts *o, pw_publish_stats *st);
void pw_publish_stats_clear(pw_publish_stats *st);

/* Whether every change of `g` has a ledger entry. */
int pw_publish_group_signed_off(const pw_issue_group *g, const pw_ledger *ledger);

/* When group `g`, whose issue was opened on `created_at`, began to wait for
 * sign-off: the later of `created_at` and the oldest upstream date of its
 * changes without a ledger entry. An issue signed off and reopened for a new
 * change (a ballot adopted after its draft was signed off) waits since that
 * change, not since the issue was opened. Upstream dates after `today` are
 * not believed (a committer date is whatever the committer's clock or
 * --date said: 2099 would silence the reminders): such a change counts from
 * the issue's opening (`today` NULL: every date is believed). "" when
 * `created_at` is "" or every change is signed off. */
void pw_publish_waiting_since(char out[11], const pw_issue_group *g, const pw_ledger *ledger,
                              const char *created_at, const char *today);

/* One listed issue and its markers. */
typedef struct {
	long number;
	int open;
	pw_strlist labels;
	char *body;
	char *html_url;      /* see pw_publish_result; may be NULL */
	char created_at[11]; /* YYYY-MM-DD, "" when the listing did not say */
	pw_issue_markers m;
} pw_existing_issue;

typedef struct pw_existing_issues {
	pw_existing_issue *items;
	size_t count;
} pw_existing_issues;

/* Lists the pkiwatch issues (state=all, label pkiwatch, every page), skipping
 * pull requests and issues without markers. */
int pw_publish_existing_list(pw_existing_issues *out, pw_github *gh);
/* Adds to `e` the issues with markers that it lacks, from a listing of every
 * issue (state=all, any label): those whose pkiwatch label was removed. */
int pw_publish_existing_list_all(pw_existing_issues *e, pw_github *gh);
void pw_publish_existing_clear(pw_existing_issues *e);
/* The issue of group `g`: by key marker, else by any change marker (lowest
 * number when several match). */
const pw_existing_issue *pw_publish_existing_find(const pw_existing_issues *e,
                                                  const pw_issue_group *g);

/* Writes "# <title>\n\n<body>" to <dir>/<name>.md (the name's '/', ':' and '@'
 * as '_'), making `dir`: the rendered bodies of a dry run's outbox. `dir`
 * NULL: nothing. */
int pw_publish_write_body(const char *dir, const char *name, const char *title, const char *body);

/* Posts `text` as a comment to `path` ("/issues/<n>/comments"), fitted to
 * GitHub's limit (fit.h: `more` ends the note when it is cut). */
int pw_publish_comment_post(pw_github *gh, const char *path, const char *text, const char *more);

/* Comments on issue `number` why group `g` (a stale draft: pw_issue_stale)
 * gets the label stale, unless a comment says so already: its hidden marker
 * names the group's newest change, so a draft that becomes stale again after
 * a new commit gets a new comment. `noise`: the stale rule (its why and
 * days; NULL: said without them). *posted tells. */
int pw_publish_stale_note(int *posted, pw_github *gh, long number, const pw_issue_group *g,
                          const pw_noise *noise);

/* Comments `text` on issue `number` unless a comment already holds `marker`
 * (a hidden "<!-- pkiwatch:... -->" line put first). *posted tells. */
int pw_publish_comment_once(int *posted, pw_github *gh, long number, const char *marker,
                            const char *text);

/* Creates an issue (POST /issues, pw_github_create_issue: `marker` finds an
 * issue a lost answer created): `title`, `body`, `labels`, assigned to the
 * officers of `cfg` who have a GitHub login (cfg NULL: nobody). *out: the
 * created issue as GitHub answered, freed with cJSON_Delete. */
int pw_publish_issue_create(cJSON **out, pw_github *gh, const char *title, const char *body,
                            const pw_strlist *labels, const pw_config *cfg, const char *marker);

/* *out: the labels `have` with the managed ones (needs-signoff, signed-off,
 * proposed, stale) replaced by those of `want`, and the rest of `want` added
 * (ASCII case ignored). Clear *out with pw_strlist_clear. */
int pw_publish_merge_labels(pw_strlist *out, const pw_strlist *have, const pw_strlist *want);

#endif
