/* Everything the obligations are derived from: the rules, the officer's
 * records and the self-assessments of the TSPs that owe the annual one,
 * loaded here, and the change set (with the requirement lines the
 * rules read), the ledger, the TSP profiles and their responses, which the
 * caller loads (app/workspace.h's pw_workspace_obligations gives them from
 * the workspace); and the obligations derived from them for `today`. What
 * `pkiwatch obligations`, `pkiwatch obligation`, deadlines, summary, forms,
 * evidence and publish work on. */
#ifndef PW_OBLIGCTX_H
#define PW_OBLIGCTX_H

#include "classify/changeset.h"
#include "core/config.h"
#include "core/obligrules.h"
#include "core/tsp.h"
#include "ledger/ledger.h"
#include "tsp/assessment.h"
#include "tsp/obligation.h"
#include "tsp/obligrec.h"
#include "tsp/response.h"

typedef struct {
	pw_obligrules *rules;
	pw_obligation_records records;
	pw_assessments assessments; /* of the TSPs that owe the annual self-assessment */
	pw_obligations obligations;
	/* what they were derived from (the caller's, borrowed) */
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_tsps *tsps; /* the caller's, or `only` */
	const pw_responses *responses;
	pw_tsps only; /* opts->tsp's profile, borrowed from opts->tsps */
} pw_obligctx;

typedef struct {
	const char *today;       /* YYYY-MM-DD */
	const pw_changeset *set; /* collected with pw_obligctx_changeset_opts */
	const pw_ledger *ledger;
	const pw_tsps *tsps; /* the TSPs whose obligations are derived */
	const char *tsp;     /* only this one of them (PW_ENOTFOUND when it is not); NULL: all */
	const pw_responses *responses;
} pw_obligctx_opts;

#define PW_OBLIGCTX_OPTS_INIT                                                                      \
	{                                                                                          \
		.today = NULL                                                                      \
	}

/* The change set options that keep what the rules read. */
void pw_obligctx_changeset_opts(pw_changeset_opts *co, const pw_obligrules *rules);

/* Loads the rules, the records and the self-assessments of `cfg`'s repository and derives the
 * obligations from them and what `opts` gives (set, ledger, tsps and
 * responses required, borrowed for the context's life; the context points
 * into itself: it is not copied). */
int pw_obligctx_load(pw_obligctx *ctx, const pw_config *cfg, const pw_obligctx_opts *opts);
void pw_obligctx_clear(pw_obligctx *ctx);

#endif
