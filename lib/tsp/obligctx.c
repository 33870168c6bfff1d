#include "tsp/obligctx.h"

#include "util/error.h"

#include <string.h>

void pw_obligctx_changeset_opts(pw_changeset_opts *co, const pw_obligrules *rules)
{
	co->keep_sections = rules->requirement_sections;
	co->keep_tags = PW_TAG_AUDIT | PW_TAG_EXTANT_CA;
	co->rules = rules;
}

/* The self-assessments the annual self-assessment rules read: of every TSP
 * that owes one, per document of those rules for a type it issues. */
static int load_assessments(pw_obligctx *ctx, const char *root)
{
	size_t t, i, d;
	int rc = 0;
	for (t = 0; t < ctx->tsps->count && rc == 0; t++) {
		const pw_tsp *tsp = &ctx->tsps->items[t];
		if (!tsp->self_assessment_since[0])
			continue;
		for (i = 0; i < ctx->rules->nrules && rc == 0; i++)
			for (d = 0; d < ctx->rules->rules[i].ndocuments && rc == 0; d++)
				if (ctx->rules->rules[i].documents[d].types &
				    pw_obligrules_types(tsp->types))
					rc = pw_assessments_load(
					    &ctx->assessments, root, tsp->id,
					    ctx->rules->rules[i].documents[d].document);
	}
	return rc;
}

int pw_obligctx_load(pw_obligctx *ctx, const pw_config *cfg, const pw_obligctx_opts *opts)
{
	pw_obligations_opts oo = PW_OBLIGATIONS_OPTS_INIT;
	int rc;

	memset(ctx, 0, sizeof(*ctx));
	ctx->set = opts->set;
	ctx->ledger = opts->ledger;
	ctx->tsps = opts->tsps;
	ctx->responses = opts->responses;
	if (opts->tsp) {
		pw_tsp *t = (pw_tsp *)pw_tsps_find(opts->tsps, opts->tsp);
		if (!t)
			return pw_error_set(PW_ENOTFOUND,
			                    "unknown TSP '%s': there is no %s/tsps/%s.json",
			                    opts->tsp, cfg->root, opts->tsp);
		ctx->only.items = t;
		ctx->only.count = 1;
		ctx->tsps = &ctx->only;
	}
	if ((rc = pw_obligrules_load(&ctx->rules, NULL)) < 0 ||
	    (rc = pw_obligrec_load_all(&ctx->records, cfg->root)) < 0 ||
	    (rc = load_assessments(ctx, cfg->root)) < 0)
		goto fail;
	oo.rules = ctx->rules;
	oo.set = ctx->set;
	oo.ledger = ctx->ledger;
	oo.tsps = ctx->tsps;
	oo.responses = ctx->responses;
	oo.records = &ctx->records;
	oo.assessments = &ctx->assessments;
	oo.today = opts->today;
	if ((rc = pw_obligations_derive(&ctx->obligations, &oo)) < 0)
		goto fail;
	return 0;
fail:
	pw_obligctx_clear(ctx);
	return rc;
}

void pw_obligctx_clear(pw_obligctx *ctx)
{
	if (!ctx)
		return;
	pw_obligations_clear(&ctx->obligations);
	pw_obligation_records_clear(&ctx->records);
	pw_assessments_clear(&ctx->assessments);
	pw_obligrules_free(ctx->rules);
	memset(ctx, 0, sizeof(*ctx));
}
