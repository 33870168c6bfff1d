/* The officer's sign-off of one change: validated, written to the ledger and
 * committed (ledger.h), then reflected on the change's issue: a comment with
 * the decision, needs-signoff swapped for signed-off, and the issue closed
 * once every change in it is signed off.
 *
 * Re-running with the same decision and TSPs after the GitHub part failed
 * finishes the GitHub part without a second ledger commit (the comment is
 * found again by its marker <!-- pkiwatch:signoff <id> -->). A different
 * decision for a change already in HEAD's ledger is refused (PW_EINPUT): to
 * amend, revert the ledger commit with git and sign off again. */
#ifndef PW_SIGNOFF_H
#define PW_SIGNOFF_H

#include <stddef.h>

#include "classify/changeset.h"
#include "core/config.h"
#include "github/github.h"
#include "publish/issue.h"
#include "ledger/ledger.h"
#include "core/sources.h"
#include "core/tsp.h"
#include "util/strlist.h"

typedef struct {
	const char *decision; /* "applicable" or "not-applicable" */
	const char *const *tsps;
	size_t ntsps;
	const char *note;     /* may be NULL */
	const char *tsp_note; /* may be NULL: for the TSPs' forms (ledger.h) */
	const char *time;     /* ISO 8601 UTC; NULL = now */
	/* the officer recorded and the commit's author (app/workspace.h's
	 * pw_workspace_author) */
	const char *author_name, *author_email;
	/* may be NULL: set to stop before anything is recorded (pw_commit_opts) */
	volatile sig_atomic_t *cancel;
	/* every TSP profile and the change's source (may be NULL): the set of
	 * TSPs the decision applies to is computed from them (applicability.h)
	 * and recorded as the entry's "applies_to"; profiles NULL: not recorded */
	const pw_tsps *profiles;
	const pw_source *source;
} pw_signoff_request;

typedef struct {
	int recorded;    /* this run committed the ledger entry */
	char commit[41]; /* that commit ("" when it was there already) */
	pw_ledger_entry entry;
	/* the TSPs the decision applies to (as recorded in the entry's
	 * "applies_to"; for an entry recorded before, computed anew) and, in the
	 * same order, why ("issues smime certificates") */
	pw_strlist applies_to, applies_why;
	long issue; /* 0: no issue found */
	int commented, closed, still_open;
} pw_signoff_result;

/* What one signoff command decides on: the changes it names, each once, in
 * change-set order. */
typedef struct {
	const pw_changeset_item **items;
	size_t count;
} pw_signoff_selection;

typedef struct {
	/* each a change id ("cabforum-smime@3340d6159641"), a ballot or policy
	 * version ("SMC-6", "smc-6", "MRSP-3.0": every change of its issue, drafts
	 * included, in every enabled source) or an issue number ("#53": every
	 * change whose marker the issue carries, read with `gh`) */
	const char *const *targets;
	size_t ntargets;
	/* bulk, instead of targets: every change not yet in the ledger of this
	 * kind ("editorial", "tooling", "revert", "ballot", "policy-version"),
	 * of `source` only when set */
	const char *kind;
	const char *source;
	int adopted_only;     /* bulk: leave drafts out */
	const char *baseline; /* bulk: leave out changes dated before it (the status quo) */
	pw_github *gh;        /* for "#N"; NULL: an issue number is PW_EINPUT */
} pw_signoff_select_opts;

#define PW_SIGNOFF_SELECT_OPTS_INIT                                                                \
	{                                                                                          \
		.targets = NULL                                                                    \
	}

/* The changes of `set` that `opts` names; `groups` are the set's issue
 * groups, `ledger` HEAD's entries. A target naming nothing is PW_ENOTFOUND
 * ("no change of ballot SMC-99 in the mirror"); so is a bulk filter that
 * selects nothing undecided. */
int pw_signoff_select(pw_signoff_selection *out, const pw_changeset *set,
                      const pw_issue_groups *groups, const pw_ledger *ledger,
                      const pw_signoff_select_opts *opts);
void pw_signoff_selection_clear(pw_signoff_selection *s);

/* PW_EINPUT unless `d` is applicable or not-applicable. */
int pw_signoff_check_decision(const char *d);

/* Every TSP id must have <root>/tsps/<id>.json, a JSON object with a "name". */
int pw_signoff_check_tsps(const pw_config *cfg, const char *const *tsps, size_t n);

/* The ledger part (validates the TSPs first). */
int pw_signoff_record(const pw_config *cfg, const pw_changeset_item *it,
                      const pw_signoff_request *req, pw_signoff_result *res);

/* The GitHub part of several sign-offs at once (the issues listed once):
 * res[i] is the result of the record whose change is in groups[i] (a group
 * given twice is reflected twice, harmlessly; NULL: skipped). `ledger` is the
 * ledger after the records. */
int pw_signoff_github_each(pw_github *gh, const pw_issue_group *const *groups, size_t n,
                           const pw_ledger *ledger, pw_signoff_result *res);

void pw_signoff_result_clear(pw_signoff_result *res);

/* What the officer reads before deciding on a change tagged extant-ca or
 * audit: the defined terms it relies on, quoted (a definition it alters:
 * before and after), as plain text with control characters filtered; *out
 * is "" for other changes and for changes naming no term. */
int pw_signoff_terms(const pw_changeset_item *it, char **out);

#endif
