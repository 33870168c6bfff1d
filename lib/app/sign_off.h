/* The use case of `pkiwatch signoff`: the officer's decision on one change
 * recorded in the ledger and, with a GitHub token, reflected on the change's
 * issue (publish/signoff.h), on what the workspace loads. The GitHub client
 * is made first (a bad token setting fails before anything is written);
 * without a token the decision is recorded all the same and the next sync
 * shows it on the issue. */
#ifndef PW_SIGN_OFF_H
#define PW_SIGN_OFF_H

#include <signal.h>
#include <stddef.h>

#include "app/workspace.h"
#include "publish/signoff.h"

typedef struct {
	const char *change;      /* the change id ("<source>@<12 hex>") */
	const char *decision;    /* "applicable" or "not-applicable" */
	const char *const *tsps; /* the TSPs an applicable change applies to */
	size_t ntsps;
	const char *note; /* may be NULL */
	/* set (by a signal handler, to the signal's number) to stop: before the
	 * entry is recorded, nothing is (PW_ECANCEL from the commit); after it,
	 * the issue is left to the next sync (PW_ECANCEL, "interrupted
	 * (<signal>): the decision is recorded; ..."). May be NULL. */
	volatile sig_atomic_t *cancel;
	/* Progress (each may be NULL): the defined terms the change relies on,
	 * as text for the officer to read before the decision is recorded
	 * (pw_signoff_terms; called only when there are some); then the
	 * ledger part's outcome, before the GitHub part begins. */
	void (*terms)(const char *text, void *payload);
	void (*recorded)(const pw_signoff_result *r, void *payload);
	void *payload;
} pw_sign_off_opts;

#define PW_SIGN_OFF_OPTS_INIT                                                                      \
	{                                                                                          \
		.change = NULL                                                                     \
	}

typedef struct {
	pw_signoff_result res; /* the ledger entry, its commit, the outcome */
	int github;            /* a token was there: the GitHub part ran (or failed) */
	/* the GitHub part failed after the entry was committed: running the
	 * same sign-off again updates the issue */
	int github_failed;
} pw_sign_off_result;

/* Signs the change off. An id of a change not in the mirrors since the
 * configuration's since date is PW_ENOTFOUND. Clear `out` either way. */
int pw_sign_off_run(pw_sign_off_result *out, pw_workspace *ws, const pw_sign_off_opts *opts);
void pw_sign_off_result_clear(pw_sign_off_result *r);

#endif
