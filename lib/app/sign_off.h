/* The use case of `pkiwatch signoff`: the officer's decision on the changes a
 * selection names (change ids, ballots or policy versions, issue numbers, or
 * every undecided change of a kind), each recorded in the ledger and, with a
 * GitHub token, reflected on its issue (publish/signoff.h), on what the
 * workspace loads.
 *
 * The GitHub client is made first (a bad token setting fails before anything
 * is written); without a token the decisions are recorded all the same and
 * the next sync shows them on the issues. A change the selection reaches
 * through a ballot, an issue or a kind that is already decided otherwise is
 * skipped, not changed; one named by its id goes to the ledger, which
 * refuses a different decision (PW_EINPUT). */
#ifndef PW_SIGN_OFF_H
#define PW_SIGN_OFF_H

#include <signal.h>
#include <stddef.h>

#include "app/workspace.h"
#include "publish/signoff.h"

/* Which changes: TARGETs, or a kind (and a source) instead. */
typedef struct {
	/* each a change id ("cabforum-smime@3340d6159641"), a ballot or policy
	 * version ("SMC-6", "MRSP-3.0") or an issue number ("#53", read through
	 * GitHub: needs a token) */
	const char *const *targets;
	size_t ntargets;
	/* instead of targets: every change of this kind ("editorial", "tooling",
	 * "revert", "ballot", "policy-version") not yet in the ledger, dated on
	 * or after the configuration's baseline; of `source` only when set */
	const char *kind;
	const char *source;
} pw_sign_off_selection;

typedef struct pw_sign_off_item pw_sign_off_item;

typedef struct {
	pw_sign_off_selection select;
	const char *decision;    /* "applicable" or "not-applicable" */
	const char *const *tsps; /* the TSPs an applicable change applies to */
	size_t ntsps;
	const char *note;     /* may be NULL */
	const char *tsp_note; /* may be NULL: for the TSPs' forms (ledger/ledger.h) */
	/* set (by a signal handler, to the signal's number) to stop: before an
	 * entry is recorded, nothing of it is (PW_ECANCEL from the commit); after
	 * it, the rest and the issues are left to the next sync (PW_ECANCEL,
	 * "interrupted (<signal>): the decision is recorded; ..."). May be NULL. */
	volatile sig_atomic_t *cancel;
	/* Progress (each may be NULL), per selected change in order: the defined
	 * terms it relies on, as text for the officer to read before its
	 * decision is recorded (pw_signoff_terms; called only when there are
	 * some); then the item, skipped or recorded, before the next change and
	 * before the GitHub part begins. */
	void (*terms)(const char *text, void *payload);
	void (*done)(const pw_sign_off_item *item, void *payload);
	void *payload;
} pw_sign_off_opts;

#define PW_SIGN_OFF_OPTS_INIT                                                                      \
	{                                                                                          \
		.decision = NULL                                                                   \
	}

struct pw_sign_off_item {
	const pw_changeset_item *change; /* borrowed from the workspace's change set */
	/* already decided otherwise (reached through a ballot, issue or kind):
	 * left as it is, `res` empty; the decision in the ledger (borrowed) */
	const char *skipped_decision;
	/* the ledger entry, its commit, the TSPs it applies to and, after the
	 * GitHub part, the outcome */
	pw_signoff_result res;
	int reflected; /* its issue was updated for this item (each issue once) */
};

typedef struct {
	pw_sign_off_item *items; /* the selected changes, in change-set order */
	size_t count;
	int github; /* a token was there: the GitHub part ran (or failed) */
	/* the GitHub part failed after the entries were committed: running the
	 * same sign-off again updates the issues */
	int github_failed;
} pw_sign_off_result;

/* Signs off the changes `opts->select` names. A change id not in the mirrors
 * since the configuration's since date is PW_ENOTFOUND ("unknown change id
 * ..."), as is a selection reaching nothing. Clear `out` either way. */
int pw_sign_off_run(pw_sign_off_result *out, pw_workspace *ws, const pw_sign_off_opts *opts);
void pw_sign_off_result_clear(pw_sign_off_result *r);

#endif
