/* Everything the obligations are derived from, loaded once: the rules, the
 * change set (with the requirement lines the rules read), the ledger, the
 * TSP profiles, their responses, the officer's records and the
 * self-assessments of the TSPs that owe the annual one; and the
 * obligations derived from them for `today`. What `pkiwatch obligations`,
 * `pkiwatch obligation`, deadlines, summary and sync work on. */
#ifndef PW_OBLIGCTX_H
#define PW_OBLIGCTX_H

#include "classify/changeset.h"
#include "core/config.h"
#include "core/obligrules.h"
#include "core/sources.h"
#include "core/tsp.h"
#include "ledger/ledger.h"
#include "tsp/assessment.h"
#include "tsp/obligation.h"
#include "tsp/obligrec.h"
#include "tsp/response.h"

typedef struct {
	pw_obligrules *rules;
	pw_changeset set;
	pw_ledger ledger;
	pw_tsps tsps;
	pw_responses responses;
	pw_obligation_records records;
	pw_assessments assessments; /* of the TSPs that owe the annual self-assessment */
	pw_obligations obligations;
} pw_obligctx;

typedef struct {
	const char *cache_dir;   /* the mirrors */
	const char *today;       /* YYYY-MM-DD */
	const char *tsp;         /* only this TSP (an unknown one: PW_ENOTFOUND); NULL: all */
	const pw_changeset *set; /* a change set already collected with the rules'
	                          * keep_sections (borrowed); NULL: collect one */
} pw_obligctx_opts;

#define PW_OBLIGCTX_OPTS_INIT                                                                      \
	{                                                                                          \
		.cache_dir = NULL                                                                  \
	}

/* The change set options that keep what the rules read (for callers that
 * collect the change set themselves and pass it in opts->set). */
void pw_obligctx_changeset_opts(pw_changeset_opts *co, const pw_obligrules *rules);

int pw_obligctx_load(pw_obligctx *ctx, const pw_sources *sources, const pw_config *cfg,
                     const pw_obligctx_opts *opts);
void pw_obligctx_clear(pw_obligctx *ctx);

#endif
